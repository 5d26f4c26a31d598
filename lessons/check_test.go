package lessons

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// fakeRunner maps timeline text to hand-built runs.
func fakeRunner(runs map[string]*fakeRun) Runner {
	return func(src string) Run {
		if r, ok := runs[src]; ok {
			return r
		}
		return &fakeRun{errs: []string{"line 1:1: no such fake"}, snaps: []*engine.Snapshot{{}}}
	}
}

func oneStep(evs ...engine.Event) *fakeRun {
	snaps := []*engine.Snapshot{{}}
	for range evs {
		snaps = append(snaps, &engine.Snapshot{})
	}
	return &fakeRun{events: evs, snaps: snaps}
}

func testLesson(t *testing.T) *Lesson {
	l, err := ParseLesson("t.md", goodLesson)
	require.NoError(t, err)
	return l
}

func TestCheckWithFakeEngine(t *testing.T) {
	l := testLesson(t)
	l.Requires = nil
	sock := engine.Event{Step: 1, Proc: "a", Call: "socket", Kind: "return", Ret: 3}
	listen := engine.Event{Step: 2, Proc: "a", Call: "listen", Kind: "return", Ret: 0}
	solution := oneStep(sock, listen)
	solution.snaps[2] = &engine.Snapshot{Socks: []engine.Sock{{ID: "sock:1"}}}

	t.Run("passes", func(t *testing.T) {
		r := Check(l, fakeRunner(map[string]*fakeRun{l.Starter: oneStep(sock), l.Solution: solution}), nil)
		assert.Empty(t, r.Problems)
		assert.True(t, r.OK())
		assert.Equal(t, []bool{true}, r.Solution)
		assert.Equal(t, []bool{false}, r.Starter)
		assert.Equal(t, []string{"3", "1"}, r.Predict)
	})
	t.Run("solution misses a goal, starter meets all, wrong predictions", func(t *testing.T) {
		bad := oneStep(sock, engine.Event{Step: 2, Proc: "a", Call: "listen", Kind: "return", Ret: -1, Errno: "EINVAL"})
		r := Check(l, fakeRunner(map[string]*fakeRun{l.Starter: oneStep(engine.Event{Step: 1, Proc: "a", Call: "listen", Kind: "return"}), l.Solution: bad}), nil)
		assert.False(t, r.OK())
		joined := strings.Join(r.Problems, "\n")
		assert.Contains(t, joined, "solution does not meet goal 1")
		assert.Contains(t, joined, "starter already meets every goal")
		assert.Contains(t, joined, `prediction 1 (starter step 1, fd): the lesson says "3", the engine says "0"`)
		assert.Contains(t, joined, `prediction 2 (solution step 2, count(socks)): the lesson says "1", the engine says "0"`)
	})
	t.Run("timelines that do not parse or have error events", func(t *testing.T) {
		errEv := oneStep(sock, engine.Event{Step: 2, Proc: "a", Kind: "error", Message: "line 2: unknown call"})
		r := Check(l, fakeRunner(map[string]*fakeRun{l.Solution: errEv}), nil)
		joined := strings.Join(r.Problems, "\n")
		assert.Contains(t, joined, "starter does not run: line 1:1: no such fake")
		assert.Contains(t, joined, "solution: step 2: line 2: unknown call")
	})
	t.Run("engine panic fails the lesson", func(t *testing.T) {
		r := Check(l, func(string) Run { panic("boom") }, nil)
		assert.Contains(t, strings.Join(r.Problems, "\n"), "engine panic: boom")
	})
	t.Run("pending", func(t *testing.T) {
		l2 := testLesson(t)
		r := Check(l2, func(string) Run { panic("must not run") }, Features{"af_inet": true})
		assert.Equal(t, "requires other: the engine lacks feature other", r.Pending)
		assert.False(t, r.OK())
		r = Check(l2, func(string) Run { panic("must not run") }, nil)
		assert.Equal(t, "requires af_inet: the engine does not support AF_INET yet (issue 4)", r.Pending)
		var out bytes.Buffer
		s := Report(&out, []*Result{r})
		assert.Equal(t, Summary{Lessons: 1, Pending: 1}, s)
		assert.Contains(t, out.String(), "PENDING")
		assert.Contains(t, out.String(), "requires af_inet")
		assert.True(t, strings.HasSuffix(out.String(), "1 lessons: 0 passed, 1 pending, 0 failed\n"))
	})
}

func TestPredictValueKinds(t *testing.T) {
	tr := echoTrace()
	for _, tc := range []struct {
		step      int
		ask, want string
	}{
		{1, "fd", "3"},
		{1, "errno", "0"},
		{2, "ret", "-1"},
		{2, "errno", "EADDRINUSE"},
		{3, "ret", "block"}, // blocked until step 5
		{5, "ret", "none"},  // statement 5 produced no event of its own
		{7, "ret", "error"},
	} {
		p := Prediction{Step: tc.step, Ask: tc.ask}
		assert.Equal(t, tc.want, PredictValue(tr, p), "step %d %s", tc.step, tc.ask)
	}
}

// The testdata lesson must fail on the real engine, for the three reasons
// it was written with.
func TestFailingLessonFails(t *testing.T) {
	ls, err := Load(os.DirFS("testdata"), "failing")
	require.NoError(t, err)
	require.Len(t, ls, 1)
	res := CheckAll(ls, EngineRun, Features{})
	var out bytes.Buffer
	s := Report(&out, res)
	assert.Equal(t, Summary{Lessons: 1, Failed: 1}, s, out.String())
	joined := strings.Join(res[0].Problems, "\n")
	assert.Contains(t, joined, "solution does not meet goal 1")
	assert.Contains(t, joined, "starter already meets every goal")
	assert.Contains(t, joined, `prediction 1 (starter step 1, count(events where call == socket)): the lesson says "7", the engine says "1"`)
	assert.Contains(t, out.String(), "FAIL")
}

func TestCheckSourceJSONShape(t *testing.T) {
	l := testLesson(t)
	sock := engine.Event{Step: 1, Proc: "a", Call: "socket", Kind: "return", Ret: 3}
	listen := engine.Event{Step: 2, Proc: "a", Call: "listen", Kind: "return", Ret: 0}
	run := fakeRunner(map[string]*fakeRun{l.Solution: oneStep(sock, listen), "bad": {errs: []string{"line 1:1: boom"}, snaps: []*engine.Snapshot{{}}}})
	res := CheckSource(l, l.Solution, -1, run, Features{})
	assert.Equal(t, 2, res.Len)
	assert.Equal(t, 2, res.Step)
	assert.Equal(t, []bool{true}, res.Goals)
	assert.True(t, res.Done)
	assert.Equal(t, "requires af_inet: the engine does not support AF_INET yet (issue 4)", res.Pending)
	assert.Equal(t, []PredictionLive{{Applies: false, Actual: "3"}, {Applies: true, Actual: "0"}}, res.Predict)
	res = CheckSource(l, l.Solution, 1, run, Features{})
	assert.Equal(t, []bool{false}, res.Goals)
	assert.False(t, res.Done)
	res = CheckSource(l, "bad", 1, run, Features{})
	assert.Equal(t, []string{"line 1:1: boom"}, res.Errors)
	assert.Equal(t, []bool{false}, res.Goals)
	res = CheckSource(l, "x", 1, func(string) Run { panic("engine bug") }, Features{})
	assert.Equal(t, []string{"internal error in the engine"}, res.Errors)
}

func TestSameTimeline(t *testing.T) {
	assert.True(t, sameTimeline("a: x()\n\n# c\n  b: y()  \n", "a: x()\nb: y()"))
	assert.False(t, sameTimeline("a: x()", "a: y()"))
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{"zh": "zh", "zh-CN": "zh", "ZH-hans": "zh", "en-US": "en", "": "en", "fr": "en"} {
		assert.Equal(t, want, NormLang(in), in)
	}
}
