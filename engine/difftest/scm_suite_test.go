package difftest

import "time"

// The timeline v2 suite of issue 10c: fd passing (sendmsg/recvmsg with
// SCM_RIGHTS), urgent data, ioctl, and the socket options that involve the
// clock (SO_RCVTIMEO, SO_SNDTIMEO, SO_LINGER). Its timelines mix AF_UNIX and
// loopback TCP, so they settle like the inet suite; time-outs are a few
// hundred ms, crossed by sleeps with wide margins, so the host's real clock
// agrees with the engine's simulated one.
func init() {
	minTimelines["scm"] = 40
	settleDelay["scm"] = 2 * time.Millisecond
}
