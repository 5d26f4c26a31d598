//go:build linux

package difftest

import (
	"bytes"
	"fmt"
	"os"
	"time"
)

// netState is a fingerprint of every TCP and UDP socket in the timeline's
// network namespace: addresses, state and the send/receive queue sizes from
// /proc/PID/net/{tcp,udp,tcp6,udp6} (timer columns, which tick, are left
// out). Loopback delivery happens in softirq context, possibly in ksoftirqd
// after the sending call returned; while a segment is in flight some queue
// or state changes, so two equal fingerprints a little apart mean the
// network has settled.
func netState(pid int) []byte {
	var out []byte
	for _, f := range []string{"tcp", "udp", "tcp6", "udp6"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, f))
		if err != nil {
			continue
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			fields := bytes.Fields(line)
			if i == 0 || len(fields) < 5 {
				continue
			}
			out = append(out, bytes.Join(fields[1:5], []byte(" "))...) // local rem st tx:rx
			out = append(out, '\n')
		}
	}
	return out
}

// netSettleMax bounds the wait for a quiet network: a socket may stay busy
// legitimately (a SYN retransmitted to a full listener), so this is not a
// failure, just the end of waiting.
const netSettleMax = 2 * time.Second

// waitNetQuiet waits until the namespace's socket fingerprint is the same
// twice, SettleDelay apart.
func (b *HostBackend) waitNetQuiet() {
	if b.zygote == nil {
		return
	}
	pid := b.zygote.Process.Pid
	deadline := time.Now().Add(netSettleMax)
	prev := netState(pid)
	for time.Now().Before(deadline) {
		time.Sleep(b.SettleDelay)
		cur := netState(pid)
		if bytes.Equal(cur, prev) {
			return
		}
		prev = cur
	}
}
