package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The kernel's own Go constants and the Constants table that timelines'
// symbolic names resolve through are two spellings of one ABI: this pins
// each pair, so a typo in either cannot make a learner's MSG_PEEK mean
// something else to the kernel.
func TestKernelConstantsMatchTimelineNames(t *testing.T) {
	for name, v := range map[string]int64{
		"SOCK_STREAM": sockStream, "SOCK_DGRAM": sockDgram, "SOCK_RAW": sockRaw,
		"SOCK_SEQPACKET": sockSeqpacket, "SOCK_NONBLOCK": sockNonblock, "SOCK_CLOEXEC": sockCloexec,
		"MSG_OOB": msgOOB, "MSG_PEEK": msgPeek, "MSG_TRUNC": msgTrunc, "MSG_DONTWAIT": msgDontwait,
		"MSG_WAITALL": msgWaitall, "MSG_NOSIGNAL": msgNosignal,
		"AF_UNIX": afUnix, "AF_INET": afInet, "O_NONBLOCK": oNONBLOCK,
		"F_GETFD": fGetfd, "F_SETFD": fSetfd, "F_GETFL": fGetfl, "F_SETFL": fSetfl, "FD_CLOEXEC": fdCloexec,
		"SOL_SOCKET": solSocket, "SO_REUSEADDR": soReuseaddr, "SO_TYPE": soType, "SO_ERROR": soError,
		"SO_SNDBUF": soSndbuf, "SO_RCVBUF": soRcvbuf, "SO_KEEPALIVE": soKeepalive,
		"SO_REUSEPORT": soReuseport, "SO_ACCEPTCONN": soAcceptconn, "SO_PROTOCOL": soProtocol,
		"SO_DOMAIN":   soDomain,
		"IPPROTO_TCP": ipprotoTCP, "IPPROTO_UDP": ipprotoUDP, "TCP_NODELAY": tcpNodelay,
	} {
		assert.Equal(t, Constants[name], v, name)
	}
}
