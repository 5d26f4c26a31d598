package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// step is one call of a table-driven scenario: which process makes it, and
// what it must return (ret and errno), or that it blocks. wake lists the
// completions (process index -> ret) the call must cause.
type step struct {
	p      int
	c      Call
	ret    int64
	err    Errno
	block  bool
	data   string
	addr   string
	anyRet bool
	wake   map[int]int64
}

func runSteps(t *testing.T, nproc int, steps []step) *Kernel {
	t.Helper()
	x := newKT(t)
	pids := make([]int, nproc)
	for i := range pids {
		pids[i] = x.task(string(rune('a' + i)))
	}
	for i, s := range steps {
		r, blocked := x.do(pids[s.p], s.c)
		require.Equal(t, s.block, blocked, "step %d %s blocked", i+1, s.c.Name)
		if !s.block {
			require.Equal(t, s.err.String(), r.Errno.String(), "step %d %s errno", i+1, s.c.Name)
			if !s.anyRet {
				want := s.ret
				if s.err != 0 {
					want = -1
				}
				require.Equal(t, want, r.Ret, "step %d %s ret", i+1, s.c.Name)
			}
			if s.data != "" {
				require.Equal(t, s.data, string(r.Data), "step %d %s data", i+1, s.c.Name)
			}
			if s.addr != "" {
				require.Equal(t, s.addr, r.Addr, "step %d %s addr", i+1, s.c.Name)
			}
		}
		got := map[int]int64{}
		for _, c := range x.k.Completed() {
			for j, pid := range pids {
				if pid == c.PID {
					got[j] = c.Result.Ret
				}
			}
		}
		if s.wake == nil {
			s.wake = map[int]int64{}
		}
		require.Equal(t, s.wake, got, "step %d %s completions", i+1, s.c.Name)
	}
	return x.k
}

const (
	afU   = 1
	stm   = 1
	dgm   = 2
	seq   = 5
	nonb  = 0o4000
	cloex = 0o2000000
)

func usock(typ int64) Call { return kC("socket", kI(afU), kI(typ), kI(0)) }

func TestSocketCalls(t *testing.T) {
	cases := map[string][]step{
		"first socket is fd 3, lowest free fd reused": {
			{c: usock(stm), ret: 3}, {c: usock(dgm), ret: 4}, {c: kC("close", kI(3))}, {c: usock(seq), ret: 3},
		},
		"socket errors": {
			{c: kC("socket", kI(99), kI(1), kI(0)), err: EAFNOSUPPORT},
			{c: kC("socket", kI(-1), kI(1), kI(0)), err: EAFNOSUPPORT},
			{c: kC("socket", kI(0), kI(1), kI(0)), err: EAFNOSUPPORT},
			{c: kC("socket", kI(afU), kI(0), kI(0)), err: ESOCKTNOSUPPORT},
			{c: kC("socket", kI(afU), kI(4), kI(0)), err: ESOCKTNOSUPPORT},
			{c: kC("socket", kI(afU), kI(12), kI(0)), err: EINVAL},
			{c: kC("socket", kI(afU), kI(1|0x100), kI(0)), err: EINVAL},
			{c: kC("socket", kI(afU), kI(1), kI(7)), err: EPROTONOSUPPORT},
			{c: kC("socket", kI(afU), kI(1), kI(1)), ret: 3},
			{c: kC("socket", kI(afU), kI(3), kI(0)), ret: 4}, // SOCK_RAW is SOCK_DGRAM
			{c: kC("getsockopt", kI(4), kI(1), kI(3)), ret: 2},
		},
		"type flags": {
			{c: kC("socket", kI(afU), kI(stm|nonb|cloex), kI(0)), ret: 3},
			{c: kC("fcntl", kI(3), kI(3)), ret: 2 | nonb},
			{c: kC("fcntl", kI(3), kI(1)), ret: 1},
			{c: kC("read", kI(3), kI(1)), err: EINVAL},
		},
		"bad fds": {
			{c: kC("bind", kI(-1), kS("/x")), err: EBADF},
			{c: kC("listen", kI(1<<40+77), kI(1)), err: EBADF},
			{c: kC("close", kI(77)), err: EBADF},
			{c: kC("close", kI(-1)), err: EBADF},
			{c: kC("read", kI(9), kI(1)), err: EBADF},
			{c: kC("dup", kI(9)), err: EBADF},
			{c: kC("dup2", kI(9), kI(3)), err: EBADF},
			{c: kC("fcntl", kI(9), kI(3)), err: EBADF},
			{c: kC("getsockopt", kI(9), kI(1), kI(3)), err: EBADF},
		},
		"terminal fds are not sockets": {
			{c: kC("listen", kI(0), kI(1)), err: ENOTSOCK},
			{c: kC("send", kI(1), kS("x"), kI(0)), err: ENOTSOCK},
			{c: kC("getsockname", kI(2)), err: ENOTSOCK},
			{c: kC("write", kI(1), kS("hello")), ret: 5},
			{c: kC("read", kI(0), kI(10)), ret: 0},
			{c: kC("fcntl", kI(0), kI(3)), ret: 2},
		},
		"fd 1<<32+3 is fd 3 (int truncation)": {
			{c: usock(stm), ret: 3}, {c: kC("getsockopt", kI(1<<32+3), kI(1), kI(3)), ret: 1},
		},
		"bind path errors": {
			{c: usock(stm), ret: 3},
			{c: kC("bind", kI(3), kS("/nonexistent/x")), err: ENOENT},
			{c: kC("bind", kI(3), kS("/tmp")), err: EADDRINUSE},
			{c: kC("bind", kI(3), kS("/")), err: EADDRINUSE},
			{c: kC("bind", kI(3), kNull()), err: EINVAL},
			{c: kC("bind", kI(3), kS("127.0.0.1:80")), err: EINVAL},
			{c: kC("bind", kI(3), kF(108)), err: EINVAL},
			{c: kC("bind", kI(3), kS("/tmp/a")), ret: 0},
			{c: kC("bind", kI(3), kS("/tmp/b")), err: EINVAL},
			{c: kC("bind", kI(3), kS("/tmp/a")), err: EADDRINUSE},
			{c: kC("bind", kI(3), kS("/tmp/a/x")), err: ENOTDIR},
			{c: kC("bind", kI(3), kS("")), ret: 0}, // autobind on a bound socket: no-op
			{c: kC("getsockname", kI(3)), addr: "/tmp/a"},
		},
		"bound path outlives the socket until unlink": {
			{c: usock(stm), ret: 3}, {c: kC("bind", kI(3), kS("/tmp/s"))}, {c: kC("close", kI(3))},
			{c: usock(stm), ret: 3}, {c: kC("bind", kI(3), kS("/tmp/s")), err: EADDRINUSE},
			{c: kC("connect", kI(3), kS("/tmp/s")), err: ECONNREFUSED},
			{c: kC("unlink", kS("/tmp/s"))}, {c: kC("unlink", kS("/tmp/s")), err: ENOENT},
			{c: kC("unlink", kS("/tmp")), err: EISDIR}, {c: kC("unlink", kNull()), err: EFAULT},
			{c: kC("bind", kI(3), kS("s"))}, {c: kC("getsockname", kI(3)), addr: "s"},
			{c: kC("connect", kI(3), kS("/tmp/./s")), err: ECONNREFUSED},
		},
		"abstract names and autobind": {
			{c: usock(stm), ret: 3}, {c: kC("bind", kI(3), kS("@srv"))},
			{c: usock(stm), ret: 4}, {c: kC("bind", kI(4), kS("@srv")), err: EADDRINUSE},
			{c: usock(dgm), ret: 5}, {c: kC("bind", kI(5), kS("@srv"))}, // per-type namespace
			{c: kC("bind", kI(4), kS(""))}, {c: kC("getsockname", kI(4)), addr: "@00001"},
			{c: kC("getsockname", kI(3)), addr: "@srv"},
			{c: usock(stm), ret: 6}, {c: kC("getsockname", kI(6)), ret: 0},
			{c: kC("connect", kI(6), kS("@nobody")), err: ECONNREFUSED},
		},
		"listen": {
			{c: usock(dgm), ret: 3}, {c: kC("bind", kI(3), kS("@d"))}, {c: kC("listen", kI(3), kI(5)), err: EOPNOTSUPP},
			{c: usock(stm), ret: 4}, {c: kC("listen", kI(4), kI(5)), err: EINVAL},
			{c: kC("bind", kI(4), kS("@l"))}, {c: kC("listen", kI(4), kI(-1))},
			{c: kC("getsockopt", kI(4), kI(1), kI(30)), ret: 1},
			{c: kC("listen", kI(4), kI(3))},
		},
		"connect errors": {
			{c: usock(stm), ret: 3},
			{c: kC("connect", kI(3), kS("/tmp/none")), err: ENOENT},
			{c: kC("connect", kI(3), kS("")), err: EINVAL},
			{c: kC("connect", kI(3), kNull()), err: EINVAL},
			{c: kC("connect", kI(3), kS("/tmp")), err: ECONNREFUSED},
			{c: usock(dgm), ret: 4}, {c: kC("bind", kI(4), kS("/tmp/d"))},
			{c: kC("connect", kI(3), kS("/tmp/d")), err: EPROTOTYPE},
			{c: usock(stm), ret: 5}, {c: kC("bind", kI(5), kS("/tmp/l"))},
			{c: kC("connect", kI(3), kS("/tmp/l")), err: ECONNREFUSED}, // not listening
			{c: kC("listen", kI(5), kI(1))},
			{c: kC("connect", kI(3), kS("/tmp/l"))},
			{c: kC("connect", kI(3), kS("/tmp/l")), err: EISCONN},
			{c: kC("connect", kI(5), kS("/tmp/l")), err: EINVAL},
		},
		"getpeername unconnected": {
			{c: usock(stm), ret: 3}, {c: kC("getpeername", kI(3)), err: ENOTCONN},
		},
		"sockopts": {
			{c: usock(stm), ret: 3},
			{c: kC("getsockopt", kI(3), kI(1), kI(7)), ret: 212992},
			{c: kC("setsockopt", kI(3), kI(1), kI(7), kI(0))},
			{c: kC("getsockopt", kI(3), kI(1), kI(7)), ret: 4608},
			{c: kC("setsockopt", kI(3), kI(1), kI(8), kI(1000))},
			{c: kC("getsockopt", kI(3), kI(1), kI(8)), ret: 2304},
			{c: kC("setsockopt", kI(3), kI(1), kI(8), kI(5000))},
			{c: kC("getsockopt", kI(3), kI(1), kI(8)), ret: 10000},
			{c: kC("setsockopt", kI(3), kI(1), kI(7), kI(-1))},
			{c: kC("getsockopt", kI(3), kI(1), kI(7)), ret: 425984},
			{c: kC("getsockopt", kI(3), kI(1), kI(39)), ret: 1},
			{c: kC("getsockopt", kI(3), kI(1), kI(4)), ret: 0},
			{c: kC("getsockopt", kI(3), kI(1), kI(30)), ret: 0},
			{c: kC("setsockopt", kI(3), kI(1), kI(2), kI(1))},
			{c: kC("getsockopt", kI(3), kI(1), kI(2)), ret: 1},
			{c: kC("setsockopt", kI(3), kI(1), kI(3), kI(1)), err: ENOPROTOOPT},
			{c: kC("getsockopt", kI(3), kI(1), kI(999)), err: ENOPROTOOPT},
			{c: kC("setsockopt", kI(3), kI(6), kI(1), kI(1)), err: EOPNOTSUPP},
			{c: kC("getsockopt", kI(3), kI(6), kI(1)), err: EOPNOTSUPP},
		},
		"fcntl": {
			{c: usock(stm), ret: 3},
			{c: kC("fcntl", kI(3), kI(3)), ret: 2},
			{c: kC("fcntl", kI(3), kI(4), kI(nonb))},
			{c: kC("fcntl", kI(3), kI(3)), ret: 2 | nonb},
			{c: kC("fcntl", kI(3), kI(4), kI(0))},
			{c: kC("fcntl", kI(3), kI(3)), ret: 2},
			{c: kC("fcntl", kI(3), kI(999)), err: EINVAL},
			{c: kC("fcntl", kI(3), kI(0), kI(10)), ret: 10},
			{c: kC("fcntl", kI(3), kI(2), kI(1))},
			{c: kC("fcntl", kI(3), kI(1)), ret: 1},
		},
		"dup and dup2 share one file": {
			{c: usock(stm), ret: 3}, {c: kC("dup", kI(3)), ret: 4}, {c: kC("dup2", kI(3), kI(9)), ret: 9},
			{c: kC("dup2", kI(3), kI(3)), ret: 3}, {c: kC("dup2", kI(3), kI(-1)), err: EBADF},
			{c: kC("dup2", kI(3), kI(1024)), err: EBADF},
			{c: kC("fcntl", kI(4), kI(4), kI(nonb))}, {c: kC("fcntl", kI(9), kI(3)), ret: 2 | nonb},
			{c: kC("close", kI(3))}, {c: kC("close", kI(4))}, {c: kC("getsockopt", kI(9), kI(1), kI(3)), ret: 1},
			{c: usock(dgm), ret: 3}, {c: kC("dup2", kI(3), kI(9)), ret: 9}, {c: kC("getsockopt", kI(9), kI(1), kI(3)), ret: 2},
		},
		"shutdown": {
			{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))},
			{c: kC("shutdown", kI(3), kI(3)), err: EINVAL},
			{c: kC("shutdown", kI(3), kI(1))},
			{c: kC("write", kI(3), kS("x")), err: EPIPE},
			{c: kC("read", kI(4), kI(5)), ret: 0},
			{c: kC("write", kI(4), kS("back")), ret: 4},
			{c: kC("read", kI(3), kI(5)), ret: 4, data: "back"},
			{c: kC("shutdown", kI(4), kI(0))},
			{c: kC("read", kI(4), kI(5)), ret: 0},
			{c: kC("write", kI(3), kS("x")), err: EPIPE},
		},
	}
	for name, steps := range cases {
		t.Run(name, func(t *testing.T) { runSteps(t, 1, steps) })
	}
}
