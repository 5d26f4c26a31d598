package timeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

func fakeSession(src string, opts Options) *Session { return newSession(src, opts, newFake()) }

func snapJSON(t *testing.T, s *engine.Snapshot) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

func TestSessionStepsLikeRun(t *testing.T) {
	s := fakeSession(specExample, Options{CheckInvariants: true})
	require.Empty(t, s.Errors())
	assert.Equal(t, 13, s.Len())
	assert.Equal(t, 0, s.Pos())
	assert.Empty(t, s.Events())
	for s.Step() {
	}
	assert.Equal(t, 13, s.Pos())
	assert.Equal(t, specExampleResults, jsonLines(t, s.Events()))
	assert.NoError(t, s.Err())
	assert.False(t, s.Step())
}

// Goto(n) must land in exactly the state reached by stepping from 0 to n,
// whatever the path (forwards, backwards, across checkpoints).
func TestSessionGotoEqualsStepping(t *testing.T) {
	var want []string
	ref := fakeSession(specExample, Options{})
	want = append(want, snapJSON(t, ref.Snapshot()))
	var wantEvents []int
	wantEvents = append(wantEvents, 0)
	for ref.Step() {
		want = append(want, snapJSON(t, ref.Snapshot()))
		wantEvents = append(wantEvents, len(ref.Events()))
	}
	for _, opts := range []Options{{}, {CheckpointEvery: 1, MaxCheckpoints: 2}, {CheckpointEvery: 3}} {
		s := fakeSession(specExample, opts)
		for _, n := range []int{13, 0, 7, 3, 12, 4, 4, 5, 1, 13, 6, 2, 9, 100, -5, 8} {
			got := s.Goto(n)
			n = max(0, min(n, 13))
			require.Equal(t, n, got)
			require.Equal(t, want[n], snapJSON(t, s.Snapshot()), "opts %+v goto %d", opts, n)
			require.Len(t, s.Events(), wantEvents[n])
		}
		for s.Back() {
			require.Equal(t, want[s.Pos()], snapJSON(t, s.Snapshot()))
		}
		assert.Equal(t, 0, s.Pos())
		assert.Equal(t, 13, s.RunToEnd())
	}
}

func TestSessionCheckpointsThin(t *testing.T) {
	src := strings.Repeat("a: socket(AF_UNIX, SOCK_STREAM, 0)\na: close(3)\n", 500)
	s := fakeSession(src, Options{CheckpointEvery: 4, MaxCheckpoints: 8})
	s.RunToEnd()
	assert.LessOrEqual(t, len(s.cps), 8)
	assert.Equal(t, 0, s.cps[0].pos)
	assert.Equal(t, 128, s.every)
	for i := 1; i < len(s.cps); i++ {
		assert.Equal(t, 0, s.cps[i].pos%s.every)
	}
	s.Goto(333)
	assert.Equal(t, 333, s.Pos())
	assert.Equal(t, s.Line(334), s.CurrentLine("a"))
}

func TestSessionBlockedLineAndCurrentLine(t *testing.T) {
	s := fakeSession(specExample, Options{})
	assert.Equal(t, 2, s.CurrentLine("server"))
	assert.Equal(t, 6, s.CurrentLine("client"))
	assert.Equal(t, 0, s.CurrentLine("nobody"))
	s.Goto(4)
	assert.Equal(t, 5, s.CurrentLine("server"), "blocked in accept at line 5")
	snap := s.Snapshot()
	require.NotNil(t, snap.Tasks[0].Blocked)
	assert.Equal(t, 5, snap.Tasks[0].Blocked.Line)
	assert.Equal(t, 4, snap.Tasks[0].Blocked.Step)
	s.Goto(6)
	assert.Equal(t, 9, s.CurrentLine("server"))
	s.RunToEnd()
	assert.Equal(t, 0, s.CurrentLine("server"))
	assert.Equal(t, []ProcState{
		{Name: "server", PID: 100, Line: 0, Done: true},
		{Name: "client", PID: 101, Line: 0, Done: true},
	}, s.ProcStates())
	s.Goto(5)
	ps := s.ProcStates()
	assert.Equal(t, ProcState{Name: "server", PID: 100, Line: 5, Blocked: true, BlockedCall: "accept", BlockedStep: 4}, ps[0])
	assert.Equal(t, []Var{{Name: "fd", Value: 3}}, s.Vars("server"))
	assert.Equal(t, []Var{{Name: "c", Value: 3}}, s.Vars("client"))
	s.Goto(6)
	assert.Equal(t, []Var{{Name: "conn", Value: 4}, {Name: "fd", Value: 3}}, s.Vars("server"))
}

func TestSessionDiff(t *testing.T) {
	s := fakeSession(specExample, Options{})
	assert.True(t, s.Diff().Empty())
	s.Step() // socket: task + sock appear
	d := s.Diff()
	assert.Equal(t, []string{"task:100", "sock:0"}, d.Added)
	assert.Empty(t, d.Changed)
	s.Goto(4) // accept blocks: the task changes state
	d = s.Diff()
	assert.Empty(t, d.Added)
	assert.Equal(t, []Change{{ID: "task:100", Fields: []string{"blocked", "state"}}}, d.Changed)
	assert.Equal(t, "changed", d.Status("task:100"))
	s.Goto(7) // write: the server's sock gets an skb
	d = s.Diff()
	assert.Equal(t, []string{"skb:2"}, d.Added)
	assert.Equal(t, []Change{{ID: "sock:2", Fields: []string{"sk_receive_queue"}}}, d.Changed)
	s.Goto(8) // read drains it
	d = s.Diff()
	assert.Equal(t, []string{"skb:2"}, d.Removed)
	assert.Equal(t, "removed", d.Status("skb:2"))
	// Diff after a jump equals the diff after stepping.
	s.Goto(2)
	s.Goto(8)
	assert.Equal(t, d, s.Diff())
	s.Goto(11) // close(conn) frees the sock
	assert.Contains(t, s.Diff().Removed, "sock:2")
}

func TestDiffTables(t *testing.T) {
	a := &engine.Snapshot{Step: 1, UnixTable: []engine.UnixBucket{}}
	b := &engine.Snapshot{Step: 2, ClockMS: 5, UnixTable: []engine.UnixBucket{{Hash: 3, Kind: "bsd", Socks: []string{"sock:1"}}}}
	d := DiffSnapshots(a, b)
	assert.Equal(t, 1, d.From)
	assert.Equal(t, 2, d.To)
	assert.Equal(t, []string{"clock_ms", "unix_socket_table"}, d.Tables)
	assert.False(t, d.Empty())
	assert.True(t, DiffSnapshots(b, b).Empty())
}

func TestSessionChain(t *testing.T) {
	s := fakeSession(specExample, Options{CheckpointEvery: 2})
	assert.Nil(t, s.Chain(1))
	s.Step()
	c := s.Chain(1)
	require.Len(t, c, 1)
	assert.Equal(t, "__sys_socket", c[0].Fn)
	s.RunToEnd()
	for step := 1; step <= 13; step++ {
		s.chains = map[int][]*engine.Frame{} // force the replay path
		c := s.Chain(step)
		if step == 4 { // the blocked accept records its first attempt
			require.Len(t, c, 1)
		}
		require.NotEmpty(t, c, "step %d", step)
		assert.Equal(t, "__sys_"+s.StepInfo(step).Call, c[0].Fn)
	}
	// step 6 wakes the accept: the fake re-runs it inside the connect.
	s.chains = map[int][]*engine.Frame{}
	assert.Len(t, s.Chain(6), 2)
	assert.Equal(t, 13, s.Pos(), "Chain does not move the session")
}

func TestSessionStepInfo(t *testing.T) {
	s := fakeSession(specExample, Options{})
	assert.Equal(t, "Start: no statement has run yet.", s.Info().Narration)
	s.Goto(4)
	info := s.Info()
	assert.Equal(t, 4, info.Step)
	assert.Equal(t, 5, info.Line)
	assert.Equal(t, "server", info.Proc)
	assert.Equal(t, "accept", info.Call)
	assert.Equal(t, "conn = accept(fd)", info.Source)
	assert.Equal(t, "server: conn = accept(fd) blocks — no connection is waiting in the accept queue (asleep in fake_wait).", info.Narration)
	s.Goto(6)
	info = s.Info()
	assert.Equal(t, []int{7, 5}, info.Lines)
	assert.Equal(t, `client: connect(c, "/tmp/unix_domain_socket") returns 0. This wakes server: conn = accept(fd) (line 5) returns 4.`, info.Narration)
	s.Goto(8)
	assert.Equal(t, `server: read(conn, 255) returns 13: "hello, server".`, s.Info().Narration)
	s.Goto(13)
	assert.Equal(t, `client: write(c, "anyone?") fails with EPIPE (Broken pipe).`, s.Info().Narration)
	// JSON-friendly
	b, err := json.Marshal(s.Info())
	require.NoError(t, err)
	assert.Contains(t, string(b), `"events":[{"step":13,"proc":"client","call":"write","event":"return","ret":-1,"errno":"EPIPE"`)

	e := fakeSession("a: close(zz)\nb: x(\n", Options{})
	e.RunToEnd()
	assert.Equal(t, "a: line 1: undefined variable zz. Nothing was executed.", e.StepInfo(1).Narration)
	assert.Equal(t, "b: line 2: expected expression, found newline. Nothing was executed.", e.StepInfo(2).Narration)
	assert.Equal(t, "x(", e.StepInfo(2).Source)
}

func TestSessionErrorsBudgetHalt(t *testing.T) {
	s := fakeSession("a: close(3\nb: sokcet()\nc: close(3)\n", Options{})
	var got []string
	for _, e := range s.Errors() {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{"line 1:11: expected ')', found newline", "line 2:4: unknown call sokcet (did you mean socket?)"}, got)
	assert.Equal(t, 3, s.RunToEnd())
	assert.Len(t, s.Events(), 3)
	assert.Equal(t, []string{"a", "b", "c"}, s.Procs())

	s = fakeSession(strings.Repeat("a: socket(AF_UNIX, SOCK_STREAM, 0)\n", 10), Options{StepBudget: 6})
	assert.Equal(t, 10, s.Len())
	assert.Equal(t, 6, s.End())
	assert.NoError(t, s.Err())
	assert.Equal(t, 6, s.RunToEnd())
	assert.True(t, errors.Is(s.Err(), ErrStepBudget))

	k := newFake()
	k.panicOn = "listen"
	s = newSession("s: fd = socket(AF_UNIX, SOCK_STREAM, 0)\ns: listen(fd, 1)\ns: close(fd)\n", Options{}, k)
	assert.Equal(t, 2, s.RunToEnd())
	var ie *InternalError
	require.ErrorAs(t, s.Err(), &ie)
	assert.Equal(t, 2, s.End())
	assert.False(t, s.Step())
	s.Goto(0)
	assert.Equal(t, 2, s.Goto(5))
}

func TestSessionHugeAndHostileInput(t *testing.T) {
	for _, src := range []string{
		"",
		"\n\n\n",
		"# only comments\n",
		strings.Repeat("x", 1<<20),
		"a: write(3, \"" + strings.Repeat("\\q", 1000) + "\")",
		strings.Repeat("a: close(\n", 1000),
		"a: close(" + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + ")",
	} {
		s := fakeSession(src, Options{})
		s.RunToEnd()
		s.Goto(0)
		assert.LessOrEqual(t, len(s.Errors()), MaxErrors+1)
		_ = s.Diff()
		_ = fmt.Sprint(s.Info())
	}
}

func TestSessionDoesNotParseBeyondBudget(t *testing.T) {
	src := strings.Repeat("a: socket(AF_UNIX, SOCK_STREAM, 0)\n# c\n\nb: (((\n", 1000)
	s := fakeSession(src, Options{StepBudget: 10})
	assert.Equal(t, 2000, s.Len())
	assert.Equal(t, 10, s.End())
	assert.Len(t, s.stmts, 10)
	assert.Len(t, s.Errors(), 5, "only the statements that can run are checked")
	assert.Equal(t, 10, s.RunToEnd())
	assert.ErrorIs(t, s.Err(), ErrStepBudget)
	assert.Equal(t, 0, s.Line(11))
}
