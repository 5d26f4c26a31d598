package engine

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInetWireHandshake checks the segments on lo, like tcpdump would show
// them, with deterministic sequence numbers and the step that sent each.
func TestInetWireHandshake(t *testing.T) {
	x := newKT(t)
	srv, cli := x.task("server"), x.task("client")
	l := x.ok(srv, isock(stm))
	x.ok(srv, kC("bind", kI(l), kS("127.0.0.1:5000")))
	x.ok(srv, kC("listen", kI(l), kI(5)))
	c := x.ok(cli, isock(stm))
	x.ok(cli, kC("connect", kI(c), kS("127.0.0.1:5000"))) // step 5
	s := x.ok(srv, kC("accept", kI(l)))
	x.ok(cli, kC("write", kI(c), kS("hello"))) // step 7
	x.ok(cli, kC("close", kI(c)))              // step 8
	snap := x.k.Snapshot()
	cport := sockOf(t, x.k, srv, s).Inet.Daddr
	type seg struct {
		step     int
		src      string
		flags    string
		seq, ack uint32
		len      int
	}
	var got []seg
	for _, w := range snap.Wire {
		require.Equal(t, "TCP", w.Proto)
		got = append(got, seg{w.Step, w.Src, w.Flags, w.Seq, w.Ack, w.Len})
	}
	const ci, si = 1000000, 2000000 // the client's and the server's ISN
	want := []seg{
		{5, cport, "S", ci, 0, 0},
		{5, "127.0.0.1:5000", "S.", si, ci + 1, 0},
		{5, cport, ".", ci + 1, si + 1, 0},
		{7, cport, "P.", ci + 1, si + 1, 5},
		{7, "127.0.0.1:5000", ".", si + 1, ci + 6, 0},
		{8, cport, "F.", ci + 6, si + 1, 0},
		{8, "127.0.0.1:5000", ".", si + 1, ci + 7, 0},
	}
	require.Equal(t, want, got)
	require.Equal(t, "hello", string(snap.Wire[3].Data))

	// The tables: the listener and its child share the bucket of 5000; the
	// client's TIME_WAIT sock holds its ephemeral port and the 4-tuple.
	require.NotNil(t, snap.Inet)
	require.Len(t, snap.Inet.Listening, 1)
	require.Len(t, snap.Inet.Bhash, 2)
	child := sockOf(t, x.k, srv, s)
	require.Equal(t, "TCP_CLOSE_WAIT", child.State)
	require.Equal(t, uint32(si+1), child.TCP.SndNxt)
	require.Equal(t, uint32(ci+7), child.TCP.RcvNxt)
	require.Equal(t, []string{"RCV_SHUTDOWN"}, child.Shutdown)
	require.Len(t, child.ReceiveQueue, 1)
	require.Equal(t, "hello", string(child.ReceiveQueue[0].Data))
	for _, b := range snap.Inet.Bhash {
		if b.Port == 5000 {
			require.Equal(t, []string{sockOf(t, x.k, srv, l).ID, child.ID}, b.Owners)
		}
	}
	require.Len(t, snap.Inet.Ehash, 2, "the child and the client's TIME_WAIT sock")
	_, err := json.Marshal(snap)
	require.NoError(t, err)
}

// TestInetUDPWire: a datagram to a closed port comes back as ICMP.
func TestInetUDPWire(t *testing.T) {
	x := newKT(t)
	p := x.task("p")
	u := x.ok(p, isock(dgm))
	x.ok(p, kC("connect", kI(u), kS("127.0.0.1:9999")))
	x.ok(p, kC("send", kI(u), kS("ping"), kI(0)))
	w := x.k.Snapshot().Wire
	require.Len(t, w, 2)
	require.Equal(t, "UDP", w[0].Proto)
	require.Equal(t, 4, w[0].Len)
	require.Equal(t, "ICMP", w[1].Proto)
	require.Equal(t, "port unreachable", w[1].Flags)
	require.Equal(t, "ECONNREFUSED", sockOf(t, x.k, p, u).Err)
	require.NotEmpty(t, x.k.Snapshot().Inet.UDP)
}

// TestInetCallChain: connect's chain names the Linux functions of the
// handshake, in order.
func TestInetCallChain(t *testing.T) {
	x := newKT(t)
	srv, cli := x.task("server"), x.task("client")
	l := x.ok(srv, isock(stm))
	x.ok(srv, kC("bind", kI(l), kS("127.0.0.1:5000")))
	x.ok(srv, kC("listen", kI(l), kI(5)))
	c := x.ok(cli, isock(stm))
	x.k.SetStep(9, 9)
	x.k.Syscall(cli, kC("connect", kI(c), kS("127.0.0.1:5000")))
	var names []string
	var walk func(fs []*Frame)
	walk = func(fs []*Frame) {
		for _, f := range fs {
			names = append(names, f.Fn)
			walk(f.Calls)
		}
	}
	walk(x.k.Chain())
	for _, fn := range []string{"inet_stream_connect", "tcp_v4_connect", "inet_hash_connect", "tcp_connect",
		"tcp_v4_rcv", "tcp_conn_request", "tcp_v4_send_synack", "tcp_add_backlog", "__release_sock",
		"tcp_rcv_synsent_state_process", "tcp_check_req", "tcp_v4_syn_recv_sock", "inet_csk_reqsk_queue_add"} {
		require.Contains(t, names, fn)
	}
}

// TestInetClone: a clone taken mid-conversation evolves independently.
func TestInetClone(t *testing.T) {
	x := newKT(t)
	srv, cli, _, c, s := tcpPair(x, "127.0.0.1:5000")
	x.ok(cli, kC("write", kI(c), kS("one")))
	cl := x.k.Clone()
	require.NoError(t, cl.CheckInvariants())
	x.ok(cli, kC("write", kI(c), kS("two")))
	x.ok(cli, kC("close", kI(c)))
	r, _ := x.do(srv, kC("read", kI(s), kI(100)))
	require.Equal(t, "onetwo", string(r.Data))

	cl.SetStep(1, 1)
	r, _ = cl.Syscall(srv, kC("read", kI(s), kI(100)))
	require.Equal(t, "one", string(r.Data))
	require.NoError(t, cl.CheckInvariants())
	require.Len(t, cl.Snapshot().Wire, 5, "the clone's wire stops at the clone")
	_, blocked := cl.Syscall(srv, kC("read", kI(s), kI(100)))
	require.True(t, blocked, "in the clone the client never closed")
}
