package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEMFILE fills the fd table up to RLIMIT_NOFILE (1024).
func TestEMFILE(t *testing.T) {
	x := newKT(t)
	srv, cli := x.task("server"), x.task("client")
	x.ok(srv, usock(stm))
	x.ok(srv, kC("bind", kI(3), kS("@l")))
	x.ok(srv, kC("listen", kI(3), kI(5)))
	x.ok(cli, usock(stm))
	x.ok(cli, kC("connect", kI(3), kS("@l")))
	for fd := 4; fd < 1023; fd++ {
		x.k.SetStep(fd, fd)
		r, _ := x.k.Syscall(srv, usock(dgm))
		require.EqualValues(t, fd, r.Ret)
	}
	x.fail(srv, kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")), EMFILE)
	require.EqualValues(t, 1023, x.ok(srv, usock(dgm)))
	x.fail(srv, usock(dgm), EMFILE)
	x.fail(srv, kC("dup", kI(3)), EMFILE)
	x.fail(srv, kC("accept", kI(3)), EMFILE)
	x.fail(srv, kC("fcntl", kI(3), kI(0), kI(0)), EMFILE)
	x.ok(srv, kC("close", kI(500)))
	require.EqualValues(t, 500, x.ok(srv, kC("accept", kI(3))))
	require.EqualValues(t, 1023, x.ok(srv, kC("dup2", kI(3), kI(1023))))
}
