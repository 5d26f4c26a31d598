package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// scriptKernel answers each step from a script, so the runner's output can
// be tested exactly whatever the state of the simulated kernel.
type scriptKernel struct {
	step    int
	tasks   []string
	script  map[int]scriptStep
	done    []engine.Completion
	tracing bool
	frames  []*engine.Frame
	calls   []engine.Call
}

type scriptStep struct {
	res     engine.Result
	blocked bool
	wakes   []engine.Completion
}

func (k *scriptKernel) NewTask(comm string) int { k.tasks = append(k.tasks, comm); return len(k.tasks) }
func (k *scriptKernel) SetStep(step, line int)  { k.step = step }
func (k *scriptKernel) Syscall(pid int, c engine.Call) (engine.Result, bool) {
	k.calls = append(k.calls, c)
	s := k.script[k.step]
	k.done = s.wakes
	if k.tracing {
		k.frames = append(k.frames, &engine.Frame{Fn: "__sys_" + c.Name, Calls: []*engine.Frame{
			{Fn: "inner_" + c.Name, Touched: []engine.Touch{{ID: "sock:1", Op: engine.Changed}, {ID: "file:2", Op: engine.Created}}},
		}})
	}
	return s.res, s.blocked
}
func (k *scriptKernel) Completed() []engine.Completion { d := k.done; k.done = nil; return d }
func (k *scriptKernel) Chain() []*engine.Frame         { f := k.frames; k.frames = nil; return f }
func (k *scriptKernel) SetTracing(on bool)             { k.tracing = on }
func (k *scriptKernel) CheckInvariants() error         { return nil }
func (k *scriptKernel) Snapshot() *engine.Snapshot {
	snap := &engine.Snapshot{Step: k.step}
	for i, c := range k.tasks {
		t := engine.Task{ID: "task:" + c, PID: i + 1, Comm: c, State: "TASK_RUNNING"}
		if c == "server" {
			t.State, t.Blocked = "TASK_INTERRUPTIBLE", &engine.Blocked{Call: "accept", Step: 2, In: "unix_wait_for_peer"}
		}
		snap.Tasks = append(snap.Tasks, t)
	}
	return snap
}

const runSrc = `server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: conn = accept(fd)   # blocks
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/s")
client: write(c, "hi\n")
client: read(c, 255)
client: close(zz)
`

func withScript(t *testing.T) *scriptKernel {
	k := &scriptKernel{script: map[int]scriptStep{
		1: {res: engine.Result{Ret: 3}},
		2: {blocked: true},
		3: {res: engine.Result{Ret: 3}},
		4: {wakes: []engine.Completion{{PID: 1, BlockStep: 2, Result: engine.Result{Ret: 4, Addr: "@00001"}}}},
		5: {res: engine.Result{Ret: -1, Errno: engine.EPIPE}},
		6: {res: engine.Result{Ret: 2, Data: []byte("ok")}},
	}}
	old := newRunKernel
	newRunKernel = func() runKernel { return k }
	t.Cleanup(func() { newRunKernel = old })
	return k
}

func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	if stdin != "" {
		f := filepath.Join(t.TempDir(), "in.tl")
		require.NoError(t, os.WriteFile(f, []byte(stdin), 0o644))
		for i, a := range args {
			if a == "FILE" {
				args[i] = f
			}
		}
	}
	var out, errb bytes.Buffer
	code := runCommand(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestRunLog(t *testing.T) {
	withScript(t)
	out, errs, code := runCmd(t, runSrc, "FILE")
	assert.Equal(t, 1, code, "the error event makes the exit status 1")
	assert.Empty(t, errs)
	assert.Equal(t, `[1] server  socket(AF_UNIX, SOCK_STREAM, 0) = 3
[2] server  accept(3) = ? <blocked>
[3] client  socket(AF_UNIX, SOCK_STREAM, 0) = 3
[4] client  connect(3, "/tmp/s") = 0
[2] server  accept(3) = 4 addr="@00001" <resumed after 4>
[5] client  write(3, "hi\n") = -1 EPIPE (Broken pipe)
[6] client  read(3, 255) = 2 data="ok"
[7] client  error: line 7: undefined variable zz
`, out)
}

func TestRunChain(t *testing.T) {
	withScript(t)
	out, _, _ := runCmd(t, runSrc, "-chain", "FILE")
	assert.Contains(t, out, `[4] client  connect(3, "/tmp/s") = 0
    __sys_connect
      inner_connect  [changed sock:1, created file:2]
[2] server  accept(3) = 4 addr="@00001" <resumed after 4>
`)
}

func TestRunJSONAndState(t *testing.T) {
	withScript(t)
	out, _, code := runCmd(t, runSrc, "FILE", "--json") // flags after FILE too
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 8)
	assert.Equal(t, `{"step":2,"proc":"server","call":"accept","event":"block"}`, lines[1])
	assert.Equal(t, `{"step":2,"proc":"server","call":"accept","event":"return","ret":4,"errno":"","data":"","addr":"@00001","after":4}`, lines[4])
	assert.Equal(t, `{"step":7,"proc":"client","call":"close","event":"error","message":"line 7: undefined variable zz"}`, lines[7])

	withScript(t)
	out, _, _ = runCmd(t, runSrc, "--state", "FILE")
	assert.True(t, strings.HasPrefix(out, "{\n  \"step\": 7,"), out)
	assert.Contains(t, out, `"line": 2,`, "the blocked call's line is filled in")
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"a", "b"}, {"-nope", "x"}, {"-budget", "x", "f"}} {
		_, errs, code := runCmd(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.NotEmpty(t, errs)
	}
	_, errs, code := runCmd(t, "", "/nonexistent/x.tl")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "no such file")
}

func TestRunBudget(t *testing.T) {
	withScript(t)
	out, errs, code := runCmd(t, runSrc, "-budget", "3", "--json", "FILE")
	assert.Equal(t, 1, code)
	assert.Equal(t, 3, strings.Count(out, "\n")) // socket, block, socket
	assert.Contains(t, errs, "step budget exhausted: stopped after 3 statements")
}

func TestRunSuccessExitCode(t *testing.T) {
	withScript(t)
	_, _, code := runCmd(t, "server: fd = socket(AF_UNIX, SOCK_STREAM, 0)\n", "FILE")
	assert.Equal(t, 0, code)
}

func TestProcWidth(t *testing.T) {
	assert.Equal(t, 10, procWidth("# x: y\na: close(3)\n  longername: close(3)\nbad name: x\n"))
}

// TestRunDeepNesting: 1 MB of '(' is a parse error event with its line, not a crashed runner.
func TestRunDeepNesting(t *testing.T) {
	src := "p: socket(AF_UNIX, SOCK_STREAM, 0)\np: write(3, " + strings.Repeat("(", 1<<20) + ")\n"
	out, errs, code := runCmd(t, src, "--json", "FILE")
	assert.Equal(t, 1, code, errs)
	assert.Contains(t, out, `"message":"line 2:`)
	assert.Contains(t, out, "nested too deeply")
}

// The memory budget stops a run that holds too much, with a message naming it.
func TestRunMemoryBudget(t *testing.T) {
	src := strings.Repeat("p: socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0, sv)\np: write(sv[0], fill(300000))\n", 20)
	_, errs, code := runCmd(t, src, "-memory", "1", "FILE")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "memory budget exhausted: the run holds more than 1 MiB")
}

func TestRunMermaidAndMarkdown(t *testing.T) {
	withScript(t)
	out, _, code := runCmd(t, runSrc, "--mermaid", "FILE")
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(out, "sequenceDiagram\n    participant P1 as server\n    participant K as kernel\n    participant P2 as client\n"), out)
	assert.Contains(t, out, "    K-->>P1: [2] conn = accept(fd) → 4 addr \"@00001\" (woken by step 4)\n    deactivate P1\n")
	assert.NotContains(t, out, "[1] server", "no strace log")

	withScript(t)
	out, _, _ = runCmd(t, runSrc, "FILE", "--markdown")
	assert.True(t, strings.HasPrefix(out, "| step | process | call | result | errno meaning |\n"), out)
	assert.Contains(t, out, "| Broken pipe |")
}

// TestReadmeMermaidSnippet runs the commands of README's "mermaid" embed snippet.
func TestReadmeMermaidSnippet(t *testing.T) {
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)<!-- embed-snippet: mermaid -->\n```sh\n(.*?)```\n").FindSubmatch(b)
	require.NotNil(t, m)
	want := map[string]string{"--mermaid": "sequenceDiagram\n    participant P1 as server\n    participant K as kernel\n", "--markdown": "| step | process | call | result | errno meaning |\n"}
	for _, line := range strings.Split(strings.TrimSpace(string(m[1])), "\n") {
		args := strings.Fields(line)
		require.Equal(t, "socklab", args[0], line)
		if i := slices.Index(args, ">"); i > 0 {
			args = args[:i]
		}
		var out, errb bytes.Buffer
		code := runCommand(args[2:], &out, &errb)
		assert.Equal(t, 0, code, "%s: %s", line, errb.String())
		assert.True(t, strings.HasPrefix(out.String(), want[args[2]]), "%s:\n%s", line, out.String())
	}
}

// The log shows timeline v2's result keys on the calls that have them, and nothing extra on
// the others.
func TestResultV2Keys(t *testing.T) {
	for _, c := range []struct {
		e    engine.Event
		want string
	}{
		{engine.Event{Ret: 3}, " = 3"},
		{engine.Event{Ret: 102, HasStatus: true}, " = 102 status=0"},
		{engine.Event{Ret: 1, HasReady: true, Ready: []engine.ReadyFD{{FD: 4, Events: "POLLIN|POLLHUP"}}}, " = 1 ready=[4:POLLIN|POLLHUP]"},
		{engine.Event{Ret: 0, HasReady: true}, " = 0 ready=[]"},
		{engine.Event{Ret: 1, Data: []byte("x"), HasFDs: true, FDs: []int64{5, 6}, HasMsgFlags: true, MsgFlags: "MSG_CTRUNC"}, ` = 1 data="x" fds=[5, 6] msgflags=MSG_CTRUNC`},
		{engine.Event{Ret: 1, HasLinger: true, Linger: 0}, " = 1 linger=0"},
	} {
		assert.Equal(t, c.want, result(c.e))
	}
}
