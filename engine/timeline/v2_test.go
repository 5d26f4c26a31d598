package timeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// v2Fake records the calls it gets and answers the timeline-v2 calls with
// canned results, so the language seam (brace lists, variadic calls, "name"
// strings, the new result keys, fork and exit in the interpreter) is tested
// without the kernel.
type v2Fake struct {
	*fakeKernel
	calls []engine.Call
}

func (k *v2Fake) Syscall(pid int, c engine.Call) (engine.Result, bool) {
	k.calls = append(k.calls, c)
	switch c.Name {
	case "fork":
		return engine.Result{Ret: int64(k.NewTask(c.Args[0].Name))}, false
	case "exit", "getpid":
		return engine.Result{Ret: int64(pid) * int64(len(c.Args))}, false
	case "waitpid":
		return engine.Result{Ret: c.Args[0].Int, Status: 3, HasStatus: true}, false
	case "wait":
		return errRes(engine.ECHILD), false
	case "poll":
		return engine.Result{Ret: 1, Ready: []engine.ReadyFD{{FD: 3, Events: "POLLIN|POLLOUT"}}}, false
	case "select", "epoll_wait":
		return engine.Result{}, false
	case "recvmsg":
		return engine.Result{Ret: 2, Data: []byte("hi"), FDs: []int64{5, 6}, MsgFlags: "MSG_CTRUNC"}, false
	case "getsockopt":
		return engine.Result{Ret: 1, Linger: 7, HasLinger: true}, false
	case "sendmsg", "setsockopt":
		return engine.Result{Ret: 2}, false
	}
	return k.fakeKernel.Syscall(pid, c)
}

func runV2(t *testing.T, src string) (*v2Fake, string) {
	t.Helper()
	k := &v2Fake{fakeKernel: newFake()}
	evs, err := Run(k, src, Options{})
	require.NoError(t, err)
	return k, jsonLines(t, evs)
}

func TestV2ArgumentShapes(t *testing.T) {
	list := func(xs ...engine.Arg) engine.Arg {
		return engine.Arg{Kind: engine.ArgList, List: append([]engine.Arg{}, xs...)}
	}
	num := func(v int64) engine.Arg { return engine.Arg{Kind: engine.ArgInt, Int: v} }
	null := engine.Arg{Kind: engine.ArgNull}
	tests := []struct {
		src  string
		want []engine.Arg
	}{
		{"a: poll(0)", []engine.Arg{num(0)}},
		{"a: poll({3, POLLIN}, -1)", []engine.Arg{list(num(3), num(1)), num(-1)}},
		{"a: socket(AF_UNIX, SOCK_STREAM, 0)\na: x = socket(AF_UNIX, SOCK_STREAM, 0)\na: poll({3, POLLIN|POLLOUT}, {x, POLLPRI}, 10)", []engine.Arg{list(num(3), num(5)), list(num(4), num(2)), num(10)}},
		{"a: select(5, {3, 4}, {}, NULL, NULL)", []engine.Arg{num(5), list(num(3), num(4)), list(), null, null}},
		{"a: select(5, NULL, NULL, NULL, 0)", []engine.Arg{num(5), null, null, null, num(0)}},
		{"a: sendmsg(3, \"x\", 0, {4, 5,})", []engine.Arg{num(3), {Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: []byte("x")}}, num(0), list(num(4), num(5))}},
		{"a: setsockopt(3, SOL_SOCKET, SO_LINGER, {1, 0})", []engine.Arg{num(3), num(1), num(13), list(num(1), num(0))}},
		{"a: setsockopt(3, SOL_SOCKET, SO_RCVTIMEO, 100)", []engine.Arg{num(3), num(1), num(20), num(100)}},
		{"a: setsockopt(3, 1, 2, {{1}, {}})", []engine.Arg{num(3), num(1), num(2), list(list(num(1)), list())}},
		{`a: fork("worker")`, []engine.Arg{{Kind: engine.ArgName, Name: "worker"}}},
		{"a: epoll_ctl(3, EPOLL_CTL_ADD, 4, EPOLLIN|EPOLLET)", []engine.Arg{num(3), num(1), num(4), num(1 | 1<<31)}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			k, out := runV2(t, tt.src+"\n")
			require.NotContains(t, out, `"event":"error"`)
			last := k.calls[len(k.calls)-1]
			assert.Equal(t, tt.want, last.Args)
		})
	}
}

func TestV2CallText(t *testing.T) {
	var got []string
	err := Exec(&v2Fake{fakeKernel: newFake()}, "a: socket(AF_UNIX, SOCK_STREAM, 0)\na: x = socket(AF_UNIX, SOCK_STREAM, 0)\na: poll({x, POLLIN}, {}, 5)\na: fork(\"w\")\na: select(5, {3}, NULL, NULL, NULL)\n", Options{}, func(r *StepResult) bool {
		got = append(got, r.CallText())
		return true
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"socket(AF_UNIX, SOCK_STREAM, 0)", "poll({4, POLLIN}, {}, 5)", `fork("w")`, "select(5, {3}, NULL, NULL, NULL)"}, got[1:])
}

func TestV2StaticErrors(t *testing.T) {
	tests := []struct {
		src, msg string
		col      int
	}{
		{"a: poll({3, POLLIN}", "expected ')', found newline", 20},
		{"a: poll({3, POLLIN, 1)", "expected ',' or '}', found ')'", 22},
		{"a: poll({3 POLLIN}, 1)", "expected ',' or '}', found POLLIN", 12},
		{"a: poll({3, {}, 1)", "expected ',' or '}', found ')'", 18},
		{"a: poll({,}, 1)", "expected expression, found ','", 10},
		{"a: poll()", "poll takes at least 1 argument, got 0", 9},
		{"a: poll(3, 1)", "argument 1 of poll must be a brace list {...}, {} or NULL, found an integer", 9},
		{"a: poll({\"x\", 1}, 1)", "an element of a brace list must be an integer or a brace list, found a string", 10},
		{"a: close({3})", "argument 1 of close must be an integer, found a brace list", 10},
		{"a: x = {3}", "expected a call such as socket(...), found a brace list", 8},
		{"a: select(5, {}, {}, {})", "select takes 5 arguments, got 4", 24},
		{"a: select(5, {}, {}, {}, {})", "argument 5 of select must be an integer or NULL, found a brace list", 26},
		{"a: fork(worker)", "argument 1 of fork must be a \"name\" string, found worker", 9},
		{`a: fork("9lives")`, `argument 1 of fork must name a process, as in fork("worker"): letters, digits and _, not starting with a digit`, 9},
		{"a: waitpid(-1)", "waitpid takes 2 arguments, got 1", 14},
		{"a: sendmsg(3, \"x\", 0)", "sendmsg takes 4 or 5 arguments, got 3", 21},
		{"a: poll({1|{2}}, 0)", "operand of | must be an integer, found a brace list", 12},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			evs, err := Run(&v2Fake{fakeKernel: newFake()}, tt.src+"\n", Options{})
			require.NoError(t, err)
			require.Len(t, evs, 1)
			assert.Equal(t, engine.EvError, evs[0].Kind)
			assert.Equal(t, "line 1: "+tt.msg, evs[0].Message)
			assert.Equal(t, tt.col, evs[0].Col)
		})
	}
}

func TestV2ResultKeys(t *testing.T) {
	_, out := runV2(t, strings.Join([]string{
		"a: waitpid(7, WNOHANG)",
		"a: wait()",
		"a: poll({3, POLLIN}, 0)",
		"a: select(4, {3}, {}, {}, 0)",
		"a: epoll_wait(3, 8, 0)",
		"a: recvmsg(3, 10, 0)",
		"a: getsockopt(3, SOL_SOCKET, SO_LINGER)",
		"a: sendmsg(3, \"hi\", 0, {})",
	}, "\n")+"\n")
	assert.Equal(t, strings.Join([]string{
		`{"step":1,"proc":"a","call":"waitpid","event":"return","ret":7,"errno":"","data":"","addr":"","status":3}`,
		`{"step":2,"proc":"a","call":"wait","event":"return","ret":-1,"errno":"ECHILD","data":"","addr":"","status":0}`,
		`{"step":3,"proc":"a","call":"poll","event":"return","ret":1,"errno":"","data":"","addr":"","ready":[{"fd":3,"events":"POLLIN|POLLOUT"}]}`,
		`{"step":4,"proc":"a","call":"select","event":"return","ret":0,"errno":"","data":"","addr":"","ready":[]}`,
		`{"step":5,"proc":"a","call":"epoll_wait","event":"return","ret":0,"errno":"","data":"","addr":"","ready":[]}`,
		`{"step":6,"proc":"a","call":"recvmsg","event":"return","ret":2,"errno":"","data":"hi","addr":"","fds":[5,6],"msgflags":"MSG_CTRUNC"}`,
		`{"step":7,"proc":"a","call":"getsockopt","event":"return","ret":1,"errno":"","data":"","addr":"","linger":7}`,
		`{"step":8,"proc":"a","call":"sendmsg","event":"return","ret":2,"errno":"","data":"","addr":""}`,
	}, "\n")+"\n", out)
}

func TestV2ForkAndExitInTheInterpreter(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "child copies variables and gets 0",
			src:  "s: fd = socket(AF_UNIX, SOCK_STREAM, 0)\ns: pid = fork(\"w\")\nw: close(fd)\nw: getpid()\ns: waitpid(pid, 0)\n",
			want: []string{
				`{"step":1,"proc":"s","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"s","call":"fork","event":"return","ret":101,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"w","call":"fork","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":3,"proc":"w","call":"close","event":"return","ret":-1,"errno":"EBADF","data":"","addr":""}`, // the fake does not copy fds
				`{"step":4,"proc":"w","call":"getpid","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":5,"proc":"s","call":"waitpid","event":"return","ret":101,"errno":"","data":"","addr":"","status":3}`,
			},
		},
		{
			name: "child's pid variable is 0",
			src:  "s: pid = fork(\"w\")\nw: waitpid(pid, 0)\n",
			want: []string{
				`{"step":1,"proc":"s","call":"fork","event":"return","ret":101,"errno":"","data":"","addr":""}`,
				`{"step":1,"proc":"w","call":"fork","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"w","call":"waitpid","event":"return","ret":0,"errno":"","data":"","addr":"","status":3}`,
			},
		},
		{
			name: "name in use",
			src:  "w: getpid()\ns: fork(\"w\")\ns: fork(\"s\")\n",
			want: []string{
				`{"step":1,"proc":"w","call":"getpid","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"s","call":"fork","event":"error","message":"line 2: process w already exists: fork needs a new name"}`,
				`{"step":3,"proc":"s","call":"fork","event":"error","message":"line 3: process s already exists: fork needs a new name"}`,
			},
		},
		{
			name: "statement after exit",
			src:  "s: exit(0)\ns: getpid()\n",
			want: []string{
				`{"step":1,"proc":"s","call":"exit","event":"return","ret":100,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"s","call":"getpid","event":"error","message":"line 2: s has ended: it called exit (line 1)"}`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out := runV2(t, tt.src)
			assert.Equal(t, strings.Join(tt.want, "\n")+"\n", out)
		})
	}
}

func TestV2SignaturesAreRegistered(t *testing.T) {
	for _, name := range []string{"fork", "getpid", "getppid", "exit", "wait", "waitpid", "signal", "poll", "select",
		"epoll_create1", "epoll_create", "epoll_ctl", "epoll_wait", "sendmsg", "recvmsg", "ioctl", "pipe"} {
		_, ok := engine.Syscalls[name]
		assert.True(t, ok, name)
	}
	// A call the kernel does not implement fails like sys_ni_syscall.
	k := engine.NewKernel()
	r, blocked := k.Syscall(k.NewTask("a"), engine.Call{Name: "no_such_call"})
	assert.False(t, blocked)
	assert.Equal(t, engine.ENOSYS, r.Errno)
}
