package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTCPTeardownStates walks both teardown orders through the eleven
// states Linux uses on loopback, checking each sock's sk_state.
func TestTCPTeardownStates(t *testing.T) {
	t.Run("active close by the client", func(t *testing.T) {
		x := newKT(t)
		srv, cli, l, c, s := tcpPair(x, "127.0.0.1:5000")
		require.Equal(t, "TCP_LISTEN", sockOf(t, x.k, srv, l).State)
		require.Equal(t, "TCP_ESTABLISHED", sockOf(t, x.k, cli, c).State)
		require.Equal(t, "TCP_ESTABLISHED", sockOf(t, x.k, srv, s).State)
		x.ok(cli, kC("close", kI(c)))
		// FIN sent and acknowledged at once: the orphan became a TIME_WAIT
		// sock in the FIN_WAIT2 substate.
		require.Equal(t, "TCP_CLOSE_WAIT", sockOf(t, x.k, srv, s).State)
		tw := socksInState(x.k, "TCP_TIME_WAIT")
		require.Len(t, tw, 1)
		x.ok(srv, kC("close", kI(s)))
		require.Len(t, socksInState(x.k, "TCP_TIME_WAIT"), 1, "the client side waits 2MSL")
		require.Empty(t, socksInState(x.k, "TCP_LAST_ACK"), "LAST_ACK ends when the client's ACK arrives")
		snap := x.k.Snapshot()
		var twSock Sock
		for _, sk := range snap.Socks {
			if sk.State == "TCP_TIME_WAIT" {
				twSock = sk
			}
		}
		require.Contains(t, twSock.Flags, "tw_substate=TCP_TIME_WAIT")
		require.EqualValues(t, tcpTimewaitLen, twSock.TCP.TimeWaitMS)
		x.ok(cli, kC("sleep", kI(tcpTimewaitLen-1)))
		require.Len(t, socksInState(x.k, "TCP_TIME_WAIT"), 1)
		x.ok(cli, kC("sleep", kI(1)))
		require.Empty(t, socksInState(x.k, "TCP_TIME_WAIT"), "expired after TCP_TIMEWAIT_LEN")
	})
	t.Run("half close keeps the socks", func(t *testing.T) {
		x := newKT(t)
		srv, cli, _, c, s := tcpPair(x, "127.0.0.1:5001")
		x.ok(cli, kC("shutdown", kI(c), kI(1)))
		require.Equal(t, "TCP_FIN_WAIT2", sockOf(t, x.k, cli, c).State)
		require.Equal(t, "TCP_CLOSE_WAIT", sockOf(t, x.k, srv, s).State)
		x.ok(srv, kC("shutdown", kI(s), kI(1)))
		// The client's FIN_WAIT2 sock got the FIN: a TIME_WAIT sock took its
		// place and the client's own sock is closed; the server's LAST_ACK
		// was acknowledged at once.
		require.Equal(t, "TCP_CLOSE", sockOf(t, x.k, cli, c).State)
		require.Equal(t, "TCP_CLOSE", sockOf(t, x.k, srv, s).State)
		require.Len(t, socksInState(x.k, "TCP_TIME_WAIT"), 1)
		x.fail(cli, kC("getpeername", kI(c)), ENOTCONN)
	})
	t.Run("simultaneous shutdown after data", func(t *testing.T) {
		x := newKT(t)
		srv, cli, _, c, s := tcpPair(x, "127.0.0.1:5002")
		x.ok(cli, kC("write", kI(c), kS("abc")))
		x.ok(srv, kC("close", kI(s)))
		// unread data: RST instead of FIN; the client sees ECONNRESET
		require.Equal(t, "TCP_CLOSE", sockOf(t, x.k, cli, c).State)
		require.Equal(t, "ECONNRESET", sockOf(t, x.k, cli, c).Err)
		x.fail(cli, kC("read", kI(c), kI(10)), ECONNRESET)
		require.EqualValues(t, 0, x.ok(cli, kC("read", kI(c), kI(10))))
		require.Empty(t, socksInState(x.k, "TCP_TIME_WAIT"), "a reset leaves no TIME_WAIT")
	})
}

// TestTCPTimeWaitPort: the port of a TIME_WAIT sock is busy until it
// expires on simulated time.
func TestTCPTimeWaitPort(t *testing.T) {
	x := newKT(t)
	srv, cli, l, c, s := tcpPair(x, "127.0.0.1:6000")
	x.ok(srv, kC("close", kI(s)))
	x.ok(cli, kC("close", kI(c)))
	x.ok(srv, kC("close", kI(l)))
	l2 := x.ok(srv, isock(stm))
	x.fail(srv, kC("bind", kI(l2), kS("127.0.0.1:6000")), EADDRINUSE)
	x.ok(srv, kC("sleep", kI(30000)))
	x.fail(srv, kC("bind", kI(l2), kS("127.0.0.1:6000")), EADDRINUSE)
	require.EqualValues(t, 30000, x.k.Snapshot().ClockMS)
	x.ok(srv, kC("sleep", kI(30000)))
	x.ok(srv, kC("bind", kI(l2), kS("127.0.0.1:6000")))
	require.EqualValues(t, 60000, x.k.Snapshot().ClockMS)
}

// TestTCPSynRetransmit: a SYN dropped by a full accept queue is
// retransmitted after 1 s; once accept made room, the blocked connect
// completes. Without room, connect gives up with ETIMEDOUT after 127 s.
func TestTCPSynRetransmit(t *testing.T) {
	x := newKT(t)
	srv, a, b := x.task("server"), x.task("a"), x.task("b")
	l := x.ok(srv, isock(stm))
	x.ok(srv, kC("bind", kI(l), kS("127.0.0.1:7000")))
	x.ok(srv, kC("listen", kI(l), kI(0)))
	ca := x.ok(a, isock(stm))
	x.ok(a, kC("connect", kI(ca), kS("127.0.0.1:7000")))
	cb := x.ok(b, isock(stm))
	x.blocks(b, kC("connect", kI(cb), kS("127.0.0.1:7000")))
	require.Equal(t, "TCP_SYN_SENT", sockOf(t, x.k, b, cb).State)
	require.Equal(t, "inet_wait_for_connect", x.k.Snapshot().Tasks[2].Blocked.In)
	x.ok(srv, kC("accept", kI(l)))
	x.ok(srv, kC("sleep", kI(999)))
	require.Empty(t, x.k.Completed())
	x.ok(srv, kC("sleep", kI(1)))
	done := x.k.Completed()
	require.Len(t, done, 1)
	require.Equal(t, Errno(0), done[0].Result.Errno)
	require.Equal(t, "TCP_ESTABLISHED", sockOf(t, x.k, b, cb).State)
	// Two SYNs from b on the wire: the dropped one and the retransmission.
	syns := 0
	for _, seg := range x.k.Snapshot().Wire {
		if seg.Flags == "S" && seg.Src == sockOf(t, x.k, b, cb).Addr {
			syns++
		}
	}
	require.Equal(t, 2, syns)

	// A third client never gets in: ETIMEDOUT after 1+2+4+8+16+32+64 s.
	c3 := x.task("c")
	cc := x.ok(c3, isock(stm))
	x.blocks(c3, kC("connect", kI(cc), kS("127.0.0.1:7000")))
	x.ok(srv, kC("sleep", kI(126999)))
	require.Empty(t, x.k.Completed())
	x.ok(srv, kC("sleep", kI(1)))
	done = x.k.Completed()
	require.Len(t, done, 1)
	require.Equal(t, ETIMEDOUT, done[0].Result.Errno)
	require.Equal(t, "TCP_CLOSE", sockOf(t, x.k, c3, cc).State)
}

// TestTCPNonblockingConnectBacklogFull: EINPROGRESS, EALREADY while the SYN
// is unanswered, then 0 once a retransmission gets through.
func TestTCPNonblockingConnectBacklogFull(t *testing.T) {
	x := newKT(t)
	srv, a, b := x.task("server"), x.task("a"), x.task("b")
	l := x.ok(srv, isock(stm))
	x.ok(srv, kC("bind", kI(l), kS("127.0.0.1:7100")))
	x.ok(srv, kC("listen", kI(l), kI(0)))
	ca := x.ok(a, isock(stm))
	x.ok(a, kC("connect", kI(ca), kS("127.0.0.1:7100")))
	cb := x.ok(b, isock(stm|nonb))
	x.fail(b, kC("connect", kI(cb), kS("127.0.0.1:7100")), EINPROGRESS)
	x.fail(b, kC("connect", kI(cb), kS("127.0.0.1:7100")), EALREADY)
	x.ok(srv, kC("accept", kI(l)))
	x.ok(srv, kC("sleep", kI(1000)))
	x.ok(b, kC("connect", kI(cb), kS("127.0.0.1:7100")))
	x.fail(b, kC("connect", kI(cb), kS("127.0.0.1:7100")), EISCONN)
}

// TestTCPSleepErrors: sleep takes a non-negative duration.
func TestTCPSleepErrors(t *testing.T) {
	x := newKT(t)
	p := x.task("p")
	x.fail(p, kC("sleep", kI(-1)), EINVAL)
	x.ok(p, kC("sleep", kI(0)))
	x.ok(p, kC("sleep", kI(1<<62)))
	x.ok(p, kC("sleep", kI(1<<62)))
	require.Equal(t, int64(1<<63-1), x.k.Snapshot().ClockMS)
}
