package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEchoExample runs the worked example of timeline-v1.md.
func TestEchoExample(t *testing.T) {
	x := newKT(t)
	srv, cli := x.task("server"), x.task("client")
	fd := x.ok(srv, kC("socket", kI(1), kI(1), kI(0)))
	require.EqualValues(t, 3, fd)
	x.ok(srv, kC("bind", kI(fd), kS("/tmp/unix_domain_socket")))
	x.ok(srv, kC("listen", kI(fd), kI(5)))
	x.blocks(srv, kC("accept", kI(fd)))
	snap := x.k.Snapshot()
	require.Equal(t, "TASK_INTERRUPTIBLE", snap.Tasks[0].State)
	require.Equal(t, "__skb_wait_for_more_packets", snap.Tasks[0].Blocked.In)
	c := x.ok(cli, kC("socket", kI(1), kI(1), kI(0)))
	require.EqualValues(t, 3, c)
	x.ok(cli, kC("connect", kI(c), kS("/tmp/unix_domain_socket")))
	done := x.k.Completed()
	require.Len(t, done, 1)
	require.EqualValues(t, 4, done[0].Result.Ret)
	require.Equal(t, "", done[0].Result.Addr)
	require.EqualValues(t, 13, x.ok(cli, kC("write", kI(c), kS("hello, server"))))
	r, _ := x.do(srv, kC("read", kI(4), kI(255)))
	require.EqualValues(t, 13, r.Ret)
	require.Equal(t, "hello, server", string(r.Data))
	require.EqualValues(t, 13, x.ok(srv, kC("write", kI(4), kS("hello, client"))))
	r, _ = x.do(cli, kC("read", kI(c), kI(255)))
	require.Equal(t, "hello, client", string(r.Data))
	x.ok(srv, kC("close", kI(4)))
	require.EqualValues(t, 0, x.ok(cli, kC("read", kI(c), kI(255))))
	x.fail(cli, kC("write", kI(c), kS("anyone?")), EPIPE)
}
