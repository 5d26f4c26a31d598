//go:build linux

package difftest

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// svArg marks the socketpair output argument in call().
type svArg string

// call builds an engine.Call the way the interpreter would: ints, strings
// (buffers and addresses), nil (NULL), fill(n) via engine.Buf, svArg.
func call(name string, args ...any) engine.Call {
	c := engine.Call{Name: name}
	for _, a := range args {
		switch v := a.(type) {
		case int:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgInt, Int: int64(v)})
		case int64:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgInt, Int: v})
		case string:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: []byte(v)}})
		case engine.Buf:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgBytes, Bytes: v})
		case svArg:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgSV, Name: string(v)})
		case nil:
			c.Args = append(c.Args, engine.Arg{Kind: engine.ArgNull})
		default:
			panic(a)
		}
	}
	return c
}

func k(name string) int { return int(engine.Constants[name]) }

func newHost(t *testing.T) *HostBackend {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Log("not root: the host backend runs without namespaces")
	}
	b, err := NewHostBackend()
	require.NoError(t, err)
	t.Cleanup(b.Close)
	return b
}

// step is one statement for the direct HostBackend tests.
type step struct {
	pid     int
	c       engine.Call
	ret     int64
	errno   engine.Errno
	blocked bool
	data    string
	addr    string
	woken   []engine.Completion // completions this step must report
}

func runSteps(t *testing.T, b *HostBackend, steps []step) {
	t.Helper()
	for i, s := range steps {
		b.SetStep(i+1, i+1)
		r, blocked := b.Syscall(s.pid, s.c)
		require.NoError(t, b.Err(), "step %d", i+1)
		assert.Equal(t, s.blocked, blocked, "step %d %s blocked", i+1, s.c.Name)
		if !blocked {
			assert.Equal(t, s.ret, r.Ret, "step %d %s ret", i+1, s.c.Name)
			assert.Equal(t, s.errno, r.Errno, "step %d %s errno", i+1, s.c.Name)
			assert.Equal(t, s.data, string(r.Data), "step %d %s data", i+1, s.c.Name)
			assert.Equal(t, s.addr, r.Addr, "step %d %s addr", i+1, s.c.Name)
		}
		got := b.Completed()
		for j := range got {
			got[j].Result.SV, got[j].Result.HasSV = [2]int64{}, false
		}
		assert.Equal(t, s.woken, got, "step %d %s completions", i+1, s.c.Name)
	}
}

func done(pid, blockStep int, ret int64, errno engine.Errno, data, addr string) engine.Completion {
	c := engine.Completion{PID: pid, BlockStep: blockStep, Result: engine.Result{Ret: ret, Errno: errno, Addr: addr}}
	if data != "" {
		c.Result.Data = []byte(data)
	}
	return c
}

// TestHostWorkedExample is the spec's worked example, call by call.
func TestHostWorkedExample(t *testing.T) {
	b := newHost(t)
	srv, cli := b.NewTask("server"), b.NewTask("client")
	stream := k("SOCK_STREAM")
	runSteps(t, b, []step{
		{pid: srv, c: call("socket", 1, stream, 0), ret: 3},
		{pid: srv, c: call("bind", 3, "/tmp/unix_domain_socket")},
		{pid: srv, c: call("listen", 3, 5)},
		{pid: srv, c: call("accept", 3), blocked: true},
		{pid: cli, c: call("socket", 1, stream, 0), ret: 3},
		{pid: cli, c: call("connect", 3, "/tmp/unix_domain_socket"), woken: []engine.Completion{done(srv, 4, 4, 0, "", "")}},
		{pid: cli, c: call("write", 3, "hello, server"), ret: 13},
		{pid: srv, c: call("read", 4, 255), ret: 13, data: "hello, server"},
		{pid: srv, c: call("write", 4, "hello, client"), ret: 13},
		{pid: cli, c: call("read", 3, 255), ret: 13, data: "hello, client"},
		{pid: srv, c: call("close", 4)},
		{pid: cli, c: call("read", 3, 255)},
		{pid: cli, c: call("write", 3, "anyone?"), ret: -1, errno: engine.EPIPE},
	})
}

// TestHostBlockingChains checks blocking detection where an idle worker's
// own read(2) on its control pipe must not be taken for a timeline read, and
// sleepers woken one by one.
func TestHostBlockingChains(t *testing.T) {
	b := newHost(t)
	a, r1, r2 := b.NewTask("a"), b.NewTask("r1"), b.NewTask("r2")
	dgram := k("SOCK_DGRAM")
	runSteps(t, b, []step{
		{pid: a, c: call("socket", 1, dgram, 0), ret: 3},
		{pid: a, c: call("bind", 3, "@q")},
		{pid: r1, c: call("socket", 1, dgram, 0), ret: 3},
		{pid: r1, c: call("bind", 3, "@r1")},
		{pid: r1, c: call("read", 3, 10), blocked: true},
		{pid: r2, c: call("socket", 1, dgram, 0), ret: 3},
		{pid: r2, c: call("bind", 3, "@r2")},
		{pid: r2, c: call("recvfrom", 3, 10, 0), blocked: true},
		{pid: a, c: call("sendto", 3, "to-r2", 0, "@r2"), ret: 5, woken: []engine.Completion{done(r2, 8, 5, 0, "to-r2", "@q")}},
		{pid: a, c: call("sendto", 3, "to-r1-long", 0, "@r1"), ret: 10, woken: []engine.Completion{done(r1, 5, 10, 0, "to-r1-long", "")}},
		{pid: a, c: call("recv", 3, 10, k("MSG_DONTWAIT")), ret: -1, errno: engine.EAGAIN},
	})
}

// TestHostStreamBackpressure: a writer blocks on a full socket; each read
// frees space, the writer is woken, writes more and sleeps again (the same
// call, still blocked) until a read lets it finish. Every byte arrives in
// order.
func TestHostStreamBackpressure(t *testing.T) {
	b := newHost(t)
	srv, cli := b.NewTask("srv"), b.NewTask("cli")
	const total = 1000000
	runSteps(t, b, []step{
		{pid: srv, c: call("socket", 1, k("SOCK_STREAM"), 0), ret: 3},
		{pid: srv, c: call("bind", 3, "@bp")},
		{pid: srv, c: call("listen", 3, 1)},
		{pid: cli, c: call("socket", 1, k("SOCK_STREAM"), 0), ret: 3},
		{pid: cli, c: call("connect", 3, "@bp")},
		{pid: srv, c: call("accept", 3), ret: 4},
		{pid: cli, c: call("write", 3, engine.Buf{Fill: total}), blocked: true},
	})
	got, stepNo, completions := 0, 8, 0
	for got < total && stepNo < 500 {
		b.SetStep(stepNo, stepNo)
		r, blocked := b.Syscall(srv, call("read", 4, 50000))
		require.NoError(t, b.Err())
		require.False(t, blocked)
		require.Equal(t, int64(50000), r.Ret)
		require.Equal(t, string(engine.Buf{Fill: total}.Slice(int64(got), 50000)), string(r.Data))
		got += 50000
		for _, c := range b.Completed() {
			assert.Equal(t, engine.Completion{PID: cli, BlockStep: 7, Result: engine.Result{Ret: total}}, c)
			completions++
		}
		stepNo++
	}
	assert.Equal(t, total, got)
	assert.Equal(t, 1, completions, "the write completes exactly once")
}

func TestHostFirstFDIsThree(t *testing.T) {
	b := newHost(t)
	p := b.NewTask("p")
	runSteps(t, b, []step{
		{pid: p, c: call("socket", 1, k("SOCK_DGRAM"), 0), ret: 3},
		{pid: p, c: call("dup", 0), ret: 4},
		{pid: p, c: call("close", ctlCmdFD), ret: -1, errno: engine.EBADF},
		{pid: p, c: call("dup2", 3, ctlResFD), ret: -1, errno: engine.EBADF},
		{pid: p, c: call("dup2", 3, 1023), ret: 1023},
		{pid: p, c: call("dup2", 3, 1024), ret: -1, errno: engine.EBADF},
		{pid: p, c: call("close", -1), ret: -1, errno: engine.EBADF},
		{pid: p, c: call("getsockname", 3)},
		{pid: p, c: call("bind", 3, "")},
		{pid: p, c: call("fcntl", 3, k("F_GETFL")), ret: 2},
	})
}

func TestHostTiming(t *testing.T) {
	start := time.Now()
	b := newHost(t)
	p := b.NewTask("p")
	for i := range 200 {
		b.SetStep(i+1, i+1)
		r, blocked := b.Syscall(p, call("getsockopt", 0, 1, 3))
		require.False(t, blocked)
		require.Equal(t, engine.ENOTSOCK, r.Errno)
	}
	t.Logf("startup + 200 calls: %v", time.Since(start))
}

// TestHostFailuresAreLoud: a call for a blocked process and a worker that
// died are harness failures (Err), never quiet results.
func TestHostFailuresAreLoud(t *testing.T) {
	t.Run("blocked process", func(t *testing.T) {
		b := newHost(t)
		p := b.NewTask("p")
		b.SetStep(1, 1)
		_, blocked := b.Syscall(p, call("socketpair", 1, k("SOCK_STREAM"), 0, svArg("sv")))
		require.False(t, blocked)
		b.SetStep(2, 2)
		_, blocked = b.Syscall(p, call("read", 3, 10))
		require.True(t, blocked)
		require.NoError(t, b.Err())
		b.SetStep(3, 3)
		r, _ := b.Syscall(p, call("write", 4, "x"))
		assert.Equal(t, failed, r)
		assert.ErrorContains(t, b.Err(), "blocked")
	})
	t.Run("dead worker", func(t *testing.T) {
		b := newHost(t)
		p := b.NewTask("p")
		require.NoError(t, syscall.Kill(b.task(p).pid, syscall.SIGKILL))
		b.SetStep(1, 1)
		r, blocked := b.Syscall(p, call("socket", 1, k("SOCK_STREAM"), 0))
		assert.False(t, blocked)
		assert.Equal(t, failed, r)
		assert.ErrorContains(t, b.Err(), `"p"`) // "worker exited" or "broken pipe", whichever is seen first
	})
}
