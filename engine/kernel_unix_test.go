package engine

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// listener is the prologue of many scenarios: process 0 listens on /tmp/l
// (fd 3) with the given backlog.
func listener(typ, backlog int64) []step {
	return []step{
		{c: usock(typ), ret: 3},
		{c: kC("bind", kI(3), kS("/tmp/l"))},
		{c: kC("listen", kI(3), kI(backlog))},
	}
}

func cat(parts ...[]step) []step {
	var out []step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestStreamScenarios(t *testing.T) {
	cases := map[string]struct {
		nproc int
		steps []step
	}{
		"backlog admits backlog+1, then connect blocks until accept": {3, cat(listener(stm, 1), []step{
			{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
			{p: 1, c: usock(stm), ret: 4}, {p: 1, c: kC("connect", kI(4), kS("/tmp/l"))},
			{p: 2, c: usock(stm), ret: 3}, {p: 2, c: kC("connect", kI(3), kS("/tmp/l")), block: true},
			{c: kC("accept", kI(3)), ret: 4, wake: map[int]int64{2: 0}},
			{c: kC("accept", kI(3)), ret: 5}, {c: kC("accept", kI(3)), ret: 6},
			{c: kC("fcntl", kI(3), kI(4), kI(nonb))},
			{c: kC("accept", kI(3)), err: EAGAIN},
		})},
		"nonblocking connect on a full backlog is EAGAIN": {2, cat(listener(stm, 0), []step{
			{p: 1, c: kC("socket", kI(afU), kI(stm|nonb), kI(0)), ret: 3},
			{p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
			{p: 1, c: kC("socket", kI(afU), kI(stm|nonb), kI(0)), ret: 4},
			{p: 1, c: kC("connect", kI(4), kS("/tmp/l")), err: EAGAIN},
		})},
		"data sent before accept waits on the embryo": {2, cat(listener(stm, 5), []step{
			{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
			{p: 1, c: kC("write", kI(3), kS("early")), ret: 5},
			{c: kC("accept", kI(3)), ret: 4, addr: ""},
			{c: kC("getsockname", kI(4)), addr: "/tmp/l"},
			{c: kC("recv", kI(4), kI(100), kI(0)), ret: 5, data: "early"},
			{p: 1, c: kC("getpeername", kI(3)), addr: "/tmp/l"},
		})},
		"blocked reader woken by write": {2, []step{
			{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))},
			{c: kC("read", kI(3), kI(10)), block: true},
			{c: kC("write", kI(4), kS("x")), err: EINVAL},
		}},
		"close with unread data resets the peer once": {1, []step{
			{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))},
			{c: kC("write", kI(3), kS("unread")), ret: 6},
			{c: kC("close", kI(4))},
			{c: kC("read", kI(3), kI(10)), err: ECONNRESET},
			{c: kC("read", kI(3), kI(10)), ret: 0},
			{c: kC("write", kI(3), kS("x")), err: EPIPE},
		}},
		"listener closed with pending connections resets them": {2, cat(listener(stm, 5), []step{
			{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
			{p: 1, c: kC("read", kI(3), kI(10)), block: true},
			{c: kC("close", kI(3)), wake: map[int]int64{1: -1}},
			{p: 1, c: kC("read", kI(3), kI(10)), ret: 0},
			{p: 1, c: usock(stm), ret: 4}, {p: 1, c: kC("connect", kI(4), kS("/tmp/l")), err: ECONNREFUSED},
		})},
		"msg_peek and msg_waitall": {1, []step{
			{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))},
			{c: kC("write", kI(3), kS("abc")), ret: 3}, {c: kC("write", kI(3), kS("def")), ret: 3},
			{c: kC("recv", kI(4), kI(10), kI(msgPeek)), ret: 6, data: "abcdef"},
			{c: kC("recv", kI(4), kI(2), kI(0)), ret: 2, data: "ab"},
			{c: kC("recv", kI(4), kI(10), kI(msgDontwait)), ret: 4, data: "cdef"},
			{c: kC("recv", kI(4), kI(10), kI(msgDontwait)), err: EAGAIN},
			{c: kC("write", kI(3), kS("12")), ret: 2},
			{c: kC("read", kI(4), kI(0)), ret: 0},
			{c: kC("recv", kI(4), kI(-1), kI(0)), ret: 2, data: "12"},
			{c: kC("read", kI(4), kI(-1)), err: EFAULT},
		}},
		"waitall blocks and keeps partial progress": {2, cat(pair(stm), []step{
			{p: 1, c: kC("write", kI(3), kS("abc")), ret: 3},
			{c: kC("recv", kI(4), kI(6), kI(msgWaitall)), block: true},
			{p: 1, c: kC("write", kI(3), kS("de")), ret: 2},
			{p: 1, c: kC("write", kI(3), kS("fgh")), ret: 3, wake: map[int]int64{0: 6}},
			{c: kC("read", kI(4), kI(10)), ret: 2, data: "gh"},
		})},
		"waitall ends at EOF with what it has": {2, cat(pair(stm), []step{
			{p: 1, c: kC("write", kI(3), kS("abc")), ret: 3},
			{c: kC("recv", kI(4), kI(6), kI(msgWaitall)), block: true},
			{p: 1, c: kC("shutdown", kI(3), kI(1)), wake: map[int]int64{0: 3}},
		})},
		"nonblocking write of a megabyte is partial": {1, []step{
			{c: kC("socketpair", kI(afU), kI(stm|nonb), kI(0), kSV("sv"))},
			{c: kC("write", kI(3), kF(1000000)), ret: 219264},
			{c: kC("write", kI(3), kF(1000000)), err: EAGAIN},
			{c: kC("write", kI(3), kF(1<<40)), err: EAGAIN},
		}},
		"blocked writer resumes when the reader drains to a quarter": {2, cat(pair(stm), []step{
			{p: 1, c: kC("write", kI(3), kF(300000)), block: true},
			{c: kC("read", kI(4), kI(36544)), ret: 36544},
			{c: kC("read", kI(4), kI(36544)), ret: 36544},
			{c: kC("read", kI(4), kI(36544)), ret: 36544},
			{c: kC("read", kI(4), kI(36544)), ret: 36544},
			{c: kC("read", kI(4), kI(36544)), ret: 36544, wake: map[int]int64{1: 300000}},
			{c: kC("recv", kI(4), kI(1<<20), kI(0)), ret: 300000 - 5*36544},
		})},
		"blocked writer gets its partial count when the peer closes": {2, cat(pair(stm), []step{
			{p: 1, c: kC("write", kI(3), kF(300000)), block: true},
			{c: kC("close", kI(4)), wake: map[int]int64{1: 219264}},
			// The writer's sock_alloc_send_pskb consumed sk_err (ECONNRESET).
			{p: 1, c: kC("read", kI(3), kI(10)), ret: 0},
		})},
		"stream send with an address": {1, []step{
			{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))},
			{c: kC("sendto", kI(3), kS("x"), kI(0), kS("/tmp/x")), err: EISCONN},
			{c: usock(stm), ret: 5},
			{c: kC("sendto", kI(5), kS("x"), kI(0), kS("/tmp/x")), err: EOPNOTSUPP},
			{c: kC("send", kI(5), kS("x"), kI(0)), err: ENOTCONN},
			{c: kC("read", kI(5), kI(1)), err: EINVAL},
			{c: kC("accept", kI(5)), err: EINVAL},
			{c: kC("accept4", kI(5), kI(1)), err: EINVAL},
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { runSteps(t, tc.nproc, tc.steps) })
	}
}

func TestDgramScenarios(t *testing.T) {
	cases := map[string]struct {
		nproc int
		steps []step
	}{
		"boundaries, truncation, MSG_TRUNC, sender address": {2, []step{
			{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("/tmp/d"))},
			{p: 1, c: usock(dgm), ret: 3}, {p: 1, c: kC("bind", kI(3), kS("@cli"))},
			{p: 1, c: kC("sendto", kI(3), kS("hello"), kI(0), kS("/tmp/d")), ret: 5},
			{p: 1, c: kC("sendto", kI(3), kS("world!"), kI(0), kS("/tmp/d")), ret: 6},
			{p: 1, c: kC("sendto", kI(3), kS(""), kI(0), kS("/tmp/d")), ret: 0},
			{c: kC("recvfrom", kI(3), kI(3), kI(0)), ret: 3, data: "hel", addr: "@cli"},
			{c: kC("recv", kI(3), kI(2), kI(msgTrunc)), ret: 6, data: "wo"},
			{c: kC("recv", kI(3), kI(2), kI(0)), ret: 0},
			{c: kC("recv", kI(3), kI(2), kI(msgDontwait)), err: EAGAIN},
			{c: kC("recv", kI(3), kI(2), kI(0)), block: true},
			{p: 1, c: kC("sendto", kI(3), kS("x"), kI(0), kS("/tmp/d")), ret: 1, wake: map[int]int64{0: 1}},
		}},
		"queue of 10 admits 11, then the sender blocks": {2, cat([]step{
			{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("/tmp/d"))},
			{p: 1, c: usock(dgm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/d"))},
		}, repeat(11, step{p: 1, c: kC("write", kI(3), kS("m")), ret: 1}), []step{
			{p: 1, c: kC("send", kI(3), kS("m"), kI(msgDontwait)), err: EAGAIN},
			{p: 1, c: kC("write", kI(3), kS("m")), block: true},
			{c: kC("read", kI(3), kI(5)), ret: 1, wake: map[int]int64{1: 1}},
		})},
		"errors": {1, []step{
			{c: usock(dgm), ret: 3},
			{c: kC("send", kI(3), kS("x"), kI(0)), err: ENOTCONN},
			{c: kC("sendto", kI(3), kS("x"), kI(0), kS("")), err: EINVAL},
			{c: kC("sendto", kI(3), kS("x"), kI(0), kS("/tmp/none")), err: ENOENT},
			{c: kC("sendto", kI(3), kF(212961), kI(0), kS("/tmp/none")), err: EMSGSIZE},
			{c: kC("sendto", kI(3), kF(1<<40), kI(0), kS("/tmp/none")), err: EMSGSIZE},
			{c: kC("accept", kI(3)), err: EOPNOTSUPP},
			{c: kC("getpeername", kI(3)), err: ENOTCONN},
		}},
		"peer closed: ECONNREFUSED once, then ENOTCONN": {1, []step{
			{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("/tmp/d"))},
			{c: usock(dgm), ret: 4}, {c: kC("connect", kI(4), kS("/tmp/d"))},
			{c: kC("close", kI(3))},
			{c: kC("send", kI(4), kS("x"), kI(0)), err: ECONNREFUSED},
			{c: kC("send", kI(4), kS("x"), kI(0)), err: ENOTCONN},
		}},
		"connected to someone else: EPERM": {1, []step{
			{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("@a"))},
			{c: usock(dgm), ret: 4}, {c: kC("bind", kI(4), kS("@b"))},
			{c: usock(dgm), ret: 5},
			{c: kC("connect", kI(3), kS("@b"))},
			{c: kC("sendto", kI(5), kS("x"), kI(0), kS("@a")), err: EPERM},
			{c: kC("connect", kI(5), kS("@a")), err: EPERM},
		}},
		"seqpacket": {2, cat(listener(seq, 5), []step{
			{p: 1, c: usock(seq), ret: 3},
			{p: 1, c: kC("send", kI(3), kS("x"), kI(0)), err: ENOTCONN},
			{p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
			{p: 1, c: kC("write", kI(3), kS("one")), ret: 3},
			{p: 1, c: kC("write", kI(3), kS("two")), ret: 3},
			{c: kC("accept", kI(3)), ret: 4},
			{c: kC("read", kI(4), kI(10)), ret: 3, data: "one"},
			{c: kC("read", kI(4), kI(1)), ret: 1, data: "t"},
			{c: kC("read", kI(4), kI(10)), block: true},
			{p: 1, c: kC("close", kI(3)), wake: map[int]int64{0: 0}},
			{c: kC("write", kI(4), kS("x")), err: EPIPE},
		})},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { runSteps(t, tc.nproc, tc.steps) })
	}
}

// pair connects process 1's fd 3 to process 0's accepted fd 4.
func pair(typ int64) []step {
	return cat(listener(typ, 5), []step{
		{p: 1, c: usock(typ), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
		{c: kC("accept", kI(3)), ret: 4},
	})
}

func repeat(n int, s step) []step {
	out := make([]step, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestSnapshotBlocked checks what the snapshot shows of a sleeping task and
// of the objects around a pending connection.
func TestSnapshotBlocked(t *testing.T) {
	k := runSteps(t, 2, cat(listener(stm, 0), []step{
		{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
		{p: 1, c: usock(stm), ret: 4}, {p: 1, c: kC("connect", kI(4), kS("/tmp/l")), block: true},
	}))
	s := k.Snapshot()
	cli := s.Tasks[1]
	require.Equal(t, "TASK_INTERRUPTIBLE", cli.State)
	require.Equal(t, "unix_wait_for_peer", cli.Blocked.In)
	require.Equal(t, "connect", cli.Blocked.Call)
	var lst *Sock
	for i := range s.Socks {
		if s.Socks[i].State == "TCP_LISTEN" {
			lst = &s.Socks[i]
		}
	}
	require.NotNil(t, lst)
	require.Len(t, lst.ReceiveQueue, 1)
	require.NotEmpty(t, lst.ReceiveQueue[0].Sk)
	require.Equal(t, 1, lst.AckBacklog)
	var pw *WaitQueue
	for i := range s.WaitQueues {
		if s.WaitQueues[i].ID == lst.PeerWait {
			pw = &s.WaitQueues[i]
		}
	}
	require.NotNil(t, pw)
	require.Equal(t, []string{cli.ID}, pw.Waiters)
	require.Equal(t, pw.ID, cli.WaitQueue)
	var bsd bool
	for _, b := range s.UnixTable {
		bsd = bsd || b.Kind == "bsd"
	}
	require.True(t, bsd)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	for _, key := range []string{`"sk_receive_queue"`, `"unix_socket_table"`, `"wait_queues"`, `"f_count"`, `"i_ino"`, `"in":"unix_wait_for_peer"`} {
		require.Contains(t, string(b), key)
	}
}

// TestCloneDiverges checks that a clone is independent of its original.
func TestCloneDiverges(t *testing.T) {
	x := newKT(t)
	p := x.task("p")
	x.ok(p, kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")))
	x.ok(p, kC("write", kI(3), kS("abc")))
	x.blocks(p, kC("recv", kI(3), kI(5), kI(0)))
	c := x.k.Clone()
	q := x.task("q")
	x.ok(q, usock(dgm))
	r, _ := x.k.Syscall(p, kC("read", kI(4), kI(1)))
	require.Equal(t, EINVAL, r.Errno) // p is asleep in the original
	// Wake p in the clone only: its sv[1] writes.
	_, _ = c.Syscall(p, kC("close", kI(3)))
	require.NoError(t, c.CheckInvariants())
	require.NoError(t, x.k.CheckInvariants())
	require.Len(t, c.Snapshot().Tasks, 1)
	require.Len(t, x.k.Snapshot().Tasks, 2)
	require.Equal(t, "TASK_INTERRUPTIBLE", x.k.Snapshot().Tasks[0].State)
	// Reading in the clone consumes only the clone's bytes.
	c2 := x.k.Clone()
	require.Len(t, c2.Snapshot().Socks[1].ReceiveQueue, 1)
	_, _ = c2.Syscall(q, kC("close", kI(3)))
	require.Len(t, x.k.Snapshot().Sockets, 3)
}
