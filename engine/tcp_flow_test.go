package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTCPFlowControl: a writer far ahead of its reader fills the peer's
// window and its own send buffer and sleeps in sk_stream_wait_memory; reads
// reopen the window (window-update ACKs), which wakes the writer, until
// every byte arrived in order.
func TestTCPFlowControl(t *testing.T) {
	x := newKT(t)
	srv, cli, _, c, s := tcpPair(x, "127.0.0.1:5000")
	const total = 6_000_000
	x.blocks(cli, kC("write", kI(c), kF(total)))
	require.Equal(t, "sk_stream_wait_memory", x.k.Snapshot().Tasks[1].Blocked.In)
	cs := sockOf(t, x.k, cli, c)
	require.GreaterOrEqual(t, cs.WmemAlloc, tcpExpandedSnd, "the send buffer is full")
	require.NotEmpty(t, cs.WriteQueue)
	var got int64
	var written int64
	for i := 0; i < 10000 && got < total; i++ {
		r, blocked := x.do(srv, kC("read", kI(s), kI(1<<20)))
		require.False(t, blocked)
		require.Equal(t, string(Buf{Fill: got + r.Ret}.Slice(got, r.Ret)), string(r.Data), "bytes in order")
		got += r.Ret
		for _, d := range x.k.Completed() {
			written = d.Result.Ret
		}
	}
	require.EqualValues(t, total, got)
	require.EqualValues(t, total, written, "the writer completed with every byte")
	// Nonblocking: a partial write reports what fit, then EAGAIN.
	x.ok(cli, kC("fcntl", kI(c), kI(fSetfl), kI(nonb)))
	n := x.ok(cli, kC("write", kI(c), kF(total)))
	require.Greater(t, n, int64(0))
	require.Less(t, n, int64(total))
	x.fail(cli, kC("write", kI(c), kS("x")), EAGAIN)
}

// TestTCPErrnoTable covers bad input: addresses that do not parse (they are
// AF_UNIX paths to the kernel, as for a C program), wrong families and
// lengths, non-loopback addresses, and calls in the wrong state.
func TestTCPErrnoTable(t *testing.T) {
	tests := []struct {
		name string
		typ  int64
		c    func(fd int64) Call
		want Errno
	}{
		{"bind port out of range", stm, func(fd int64) Call { return kC("bind", kI(fd), kS("127.0.0.1:65536")) }, EAFNOSUPPORT},
		{"bind short garbage", stm, func(fd int64) Call { return kC("bind", kI(fd), kS("1.2.3:4")) }, EINVAL},
		{"bind long garbage", stm, func(fd int64) Call { return kC("bind", kI(fd), kF(100)) }, EAFNOSUPPORT},
		{"bind huge fill", stm, func(fd int64) Call { return kC("bind", kI(fd), kF(1<<40)) }, EINVAL},
		{"bind NULL", stm, func(fd int64) Call { return kC("bind", kI(fd), kNull()) }, EINVAL},
		{"bind remote address", stm, func(fd int64) Call { return kC("bind", kI(fd), kS("192.168.0.1:80")) }, EADDRNOTAVAIL},
		{"connect remote", stm, func(fd int64) Call { return kC("connect", kI(fd), kS("1.1.1.1:443")) }, ENETUNREACH},
		{"connect NULL", stm, func(fd int64) Call { return kC("connect", kI(fd), kNull()) }, EINVAL},
		{"udp sendto remote", dgm, func(fd int64) Call { return kC("sendto", kI(fd), kS("x"), kI(0), kS("1.1.1.1:53")) }, ENETUNREACH},
		{"udp connect remote", dgm, func(fd int64) Call { return kC("connect", kI(fd), kS("1.1.1.1:53")) }, ENETUNREACH},
		{"udp send unconnected", dgm, func(fd int64) Call { return kC("send", kI(fd), kS("x"), kI(0)) }, EDESTADDRREQ},
		{"udp oversize", dgm, func(fd int64) Call { return kC("sendto", kI(fd), kF(1<<40), kI(0), kS("127.0.0.1:1")) }, EMSGSIZE},
		{"tcp write unconnected", stm, func(fd int64) Call { return kC("write", kI(fd), kS("x")) }, EPIPE},
		{"tcp read unconnected", stm, func(fd int64) Call { return kC("read", kI(fd), kI(1)) }, ENOTCONN},
		{"tcp accept unbound", stm, func(fd int64) Call { return kC("accept", kI(fd)) }, EINVAL},
		{"udp listen", dgm, func(fd int64) Call { return kC("listen", kI(fd), kI(1)) }, EOPNOTSUPP},
		{"socketpair", stm, func(fd int64) Call { return kC("socketpair", kI(afI), kI(stm), kI(0), kSV("sv")) }, EOPNOTSUPP},
		{"tcp recv OOB", stm, func(fd int64) Call { return kC("recv", kI(fd), kI(1), kI(msgOOB)) }, EINVAL},
		{"getsockopt level", stm, func(fd int64) Call { return kC("getsockopt", kI(fd), kI(99), kI(1)) }, EOPNOTSUPP},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := newKT(t)
			p := x.task("p")
			fd := x.ok(p, isock(tc.typ))
			x.fail(p, tc.c(fd), tc.want)
		})
	}
}

// TestTCPOrphanDrains: close() with data still in the send queue (the
// peer's window is full) orphans the sock in FIN_WAIT1; as the peer reads,
// the orphan keeps sending, then its FIN, and ends as a TIME_WAIT sock.
func TestTCPOrphanDrains(t *testing.T) {
	x := newKT(t)
	srv, cli, _, c, s := tcpPair(x, "127.0.0.1:5000")
	x.ok(cli, kC("fcntl", kI(c), kI(fSetfl), kI(nonb)))
	n := x.ok(cli, kC("write", kI(c), kF(1<<40)))
	x.ok(cli, kC("close", kI(c)))
	require.Equal(t, []string{"127.0.0.1:" + sockOf(t, x.k, srv, s).Inet.Daddr[len("127.0.0.1:"):]}, socksInState(x.k, "TCP_FIN_WAIT1"))
	var got int64
	for i := 0; i < 10000; i++ {
		r, _ := x.do(srv, kC("read", kI(s), kI(1<<20)))
		if r.Ret == 0 {
			break
		}
		got += r.Ret
	}
	require.Equal(t, n, got, "every byte written before close arrives, then EOF")
	require.Empty(t, socksInState(x.k, "TCP_FIN_WAIT1"))
	require.Len(t, socksInState(x.k, "TCP_TIME_WAIT"), 1, "the orphan's FIN was acknowledged: FIN_WAIT2 substate")
	require.Equal(t, "TCP_CLOSE_WAIT", sockOf(t, x.k, srv, s).State)
}

// TestInetInvariantsCatchCorruption: the AF_INET checks are not vacuous.
func TestInetInvariantsCatchCorruption(t *testing.T) {
	x := newKT(t)
	_, _, _, _, _ = tcpPair(x, "127.0.0.1:5000")
	st := x.k.inet()
	st.bhash[4242] = []int{999}
	require.Error(t, x.k.CheckInvariants())
	delete(st.bhash, 4242)
	require.NoError(t, x.k.CheckInvariants())
	st.ehash = append(st.ehash, st.ehash[0])
	require.Error(t, x.k.CheckInvariants())
}
