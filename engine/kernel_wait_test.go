package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExclusiveWakeFIFO: connectors sleep exclusively on the listener's
// peer_wait; each accept lets exactly one in, oldest first.
func TestExclusiveWakeFIFO(t *testing.T) {
	runSteps(t, 4, cat(listener(stm, 0), []step{
		{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
		{p: 2, c: usock(stm), ret: 3}, {p: 2, c: kC("connect", kI(3), kS("/tmp/l")), block: true},
		{p: 3, c: usock(stm), ret: 3}, {p: 3, c: kC("connect", kI(3), kS("/tmp/l")), block: true},
		{c: kC("accept", kI(3)), ret: 4, wake: map[int]int64{2: 0}},
		{c: kC("accept", kI(3)), ret: 5, wake: map[int]int64{3: 0}},
		{c: kC("accept", kI(3)), ret: 6},
	}))
}

// TestListenerCloseWakesAll: closing the listener wakes every connector,
// whose connect then fails with ECONNREFUSED; completions come in block order.
func TestListenerCloseWakesAll(t *testing.T) {
	k := runSteps(t, 4, cat(listener(stm, 0), []step{
		{p: 1, c: usock(stm), ret: 3}, {p: 1, c: kC("connect", kI(3), kS("/tmp/l"))},
		{p: 2, c: usock(stm), ret: 3}, {p: 2, c: kC("connect", kI(3), kS("/tmp/l")), block: true},
		{p: 3, c: usock(stm), ret: 3}, {p: 3, c: kC("connect", kI(3), kS("/tmp/l")), block: true},
		{c: kC("close", kI(3)), wake: map[int]int64{2: -1, 3: -1}},
		{p: 1, c: kC("read", kI(3), kI(1)), err: ECONNRESET},
	}))
	require.Empty(t, k.Completed())
}

// TestCompletedOrder: completions of one statement are ordered by the step
// at which the calls blocked, and carry the ECONNREFUSED of each connect.
func TestCompletedOrder(t *testing.T) {
	x := newKT(t)
	srv, c1, c2 := x.task("s"), x.task("c1"), x.task("c2")
	x.ok(srv, usock(stm))
	x.ok(srv, kC("bind", kI(3), kS("@l")))
	x.ok(srv, kC("listen", kI(3), kI(0)))
	x.ok(c1, usock(stm))
	x.ok(c1, kC("connect", kI(3), kS("@l")))
	x.ok(c2, usock(stm))
	x.ok(c1, usock(stm))
	x.blocks(c1, kC("connect", kI(4), kS("@l")))
	x.blocks(c2, kC("connect", kI(3), kS("@l")))
	x.ok(srv, kC("close", kI(3)))
	done := x.k.Completed()
	require.Len(t, done, 2)
	require.Equal(t, c1, done[0].PID)
	require.Equal(t, c2, done[1].PID)
	require.Less(t, done[0].BlockStep, done[1].BlockStep)
	require.Equal(t, ECONNREFUSED, done[0].Result.Errno)
	require.Equal(t, ECONNREFUSED, done[1].Result.Errno)
}

// TestDgramSendersFIFO: datagram senders sleeping on a full receiver are let
// in one per datagram read.
func TestDgramSendersFIFO(t *testing.T) {
	steps := []step{
		{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("@d"))},
		{p: 1, c: usock(dgm), ret: 3},
		{p: 2, c: usock(dgm), ret: 3},
	}
	steps = append(steps, repeat(11, step{p: 1, c: kC("sendto", kI(3), kS("m"), kI(0), kS("@d")), ret: 1})...)
	steps = append(steps,
		step{p: 1, c: kC("sendto", kI(3), kS("one"), kI(0), kS("@d")), block: true},
		step{p: 2, c: kC("sendto", kI(3), kS("two"), kI(0), kS("@d")), block: true},
		step{c: kC("recv", kI(3), kI(9), kI(0)), ret: 1, wake: map[int]int64{1: 3}},
		step{c: kC("recv", kI(3), kI(9), kI(0)), ret: 1, wake: map[int]int64{2: 3}},
	)
	k := runSteps(t, 3, steps)
	s := k.Snapshot()
	q := s.Socks[0].ReceiveQueue
	require.Equal(t, "one", string(q[len(q)-2].Data))
	require.Equal(t, "two", string(q[len(q)-1].Data))
}
