//go:build js && wasm

package main

// These tests drive the binding through JavaScript values exactly as web/src/engine.js does
// (run under Node: GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine/snapjson/pagecopy"
)

func init() { install() }

type testView struct {
	Errors []struct {
		Line, Col int
		Msg       string
	}
	Len, Total, Pos int
	Reset           bool
	Base, Step      *pagecopy.Delta
	NEvents         int
	Chain           []struct{ Fn string }
	Events          []struct {
		Line  int
		Event map[string]any
	}
	Procs []struct {
		Name string
		Line int
	}
	Narration string
	Message   string
	Fatal     string
}

// pageTest is the page's copy of the snapshot, rebuilt from the Views' deltas.
var pageTest = pagecopy.New()

// canonical is snapshot JSON as pagecopy builds it (sorted keys, null lists as []).
func canonical(t *testing.T, js string) string {
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &m))
	for k, v := range m {
		if v == nil {
			m[k] = []any{}
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func call(t *testing.T, method string, args ...any) testView {
	t.Helper()
	out := js.Global().Get("socklab").Call(method, args...)
	require.Equal(t, js.TypeString, out.Type(), "every method answers a JSON string")
	return check(t, method, out)
}

// check parses a View as the page does and checks it (see call).
func check(t *testing.T, method string, out js.Value) testView {
	t.Helper()
	var v testView
	require.NoError(t, json.Unmarshal([]byte(out.String()), &v), out.String())
	if v.Fatal != "" {
		return v
	}
	// The deltas rebuild the snapshots of pos-1 and pos exactly.
	if v.Reset {
		pageTest = pagecopy.New()
	}
	sa := func(n int) string { return canonical(t, js.Global().Get("socklab").Call("snapshotAt", n).String()) }
	if v.Base != nil {
		pageTest.Apply(t, v.Base)
		require.Equal(t, sa(v.Pos-1), canonical(t, string(pageTest.JSON(t))), "base of %s", method)
	}
	require.NotNil(t, v.Step)
	pageTest.Apply(t, v.Step)
	require.Equal(t, sa(v.Pos), canonical(t, string(pageTest.JSON(t))), "step of %s", method)
	// The view counts the events; events(from) returns them.
	evs := js.Global().Get("socklab").Call("events", 0).String()
	require.NoError(t, json.Unmarshal([]byte(evs), &v.Events), evs)
	assert.Len(t, v.Events, v.NEvents)
	return v
}

func example(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "web", "examples", name+".tl"))
	require.NoError(t, err)
	return string(b)
}

func TestLoadStepBackGoto(t *testing.T) {
	v := call(t, "load", example(t, "echo"), 1000)
	require.Empty(t, v.Errors)
	assert.Equal(t, 13, v.Len)
	assert.Equal(t, 13, v.Total)
	assert.Equal(t, 0, v.Pos)
	assert.Empty(t, v.Events)

	v = call(t, "step")
	assert.Equal(t, 1, v.Pos)
	require.Len(t, v.Events, 1)
	assert.Equal(t, "socket", v.Events[0].Event["call"])
	assert.Equal(t, 2, v.Events[0].Line, "events carry their source line")
	assert.NotEmpty(t, v.Chain, "the call chain of statement 1")
	assert.NotEmpty(t, v.Step.Set, "statement 1 created objects")
	assert.NotEmpty(t, v.Narration)

	v = call(t, "goto", 4)
	assert.Equal(t, 4, v.Pos)
	assert.Equal(t, "block", v.Events[len(v.Events)-1].Event["event"])
	lines := map[string]int{}
	for _, p := range v.Procs {
		lines[p.Name] = p.Line
	}
	assert.Equal(t, 5, lines["server"], "the server is still in accept (line 5)")

	v = call(t, "goto", 6)
	assert.Equal(t, 6, v.Pos)
	ev := v.Events[len(v.Events)-1].Event
	assert.Equal(t, "accept", ev["call"])
	assert.EqualValues(t, 6, ev["after"])

	v = call(t, "back")
	assert.Equal(t, 5, v.Pos)
	v = call(t, "runToEnd")
	assert.Equal(t, 13, v.Pos)
	assert.Equal(t, "EPIPE", v.Events[len(v.Events)-1].Event["errno"])

	// The chain of an earlier step, and a snapshot of an earlier step, without moving.
	var chain []struct{ Fn string }
	require.NoError(t, json.Unmarshal([]byte(js.Global().Get("socklab").Call("chain", 6).String()), &chain))
	assert.NotEmpty(t, chain)
	var snap struct{ Step int }
	require.NoError(t, json.Unmarshal([]byte(js.Global().Get("socklab").Call("snapshotAt", 3).String()), &snap))
	assert.Equal(t, 3, snap.Step)
	assert.Equal(t, 13, call(t, "view").Pos, "snapshotAt does not move the session")

	// Out-of-range and wrong-typed positions are clamped, never a crash.
	assert.Equal(t, 0, call(t, "goto", -5).Pos)
	assert.Equal(t, 13, call(t, "goto", 1e9).Pos)
	assert.Equal(t, 0, call(t, "goto", "seven").Pos)
	assert.Equal(t, 0, call(t, "back").Pos)
}

func TestParseErrorsHaveLineAndColumn(t *testing.T) {
	v := call(t, "load", "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\nb: connect(s, \n", "{}")
	require.NotEmpty(t, v.Errors)
	assert.Equal(t, 2, v.Errors[0].Line)
	assert.Greater(t, v.Errors[0].Col, 0)
	assert.NotEmpty(t, v.Errors[0].Msg)
}

func TestStepBudgetCutsARunaway(t *testing.T) {
	src := "p: socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)\n" + strings.Repeat("p: write(sv[0], \"x\")\np: read(sv[1], 1)\n", 100)
	v := call(t, "load", src, 50)
	assert.Equal(t, 50, v.Len)
	assert.Equal(t, 201, v.Total)
	v = call(t, "runToEnd")
	assert.Equal(t, 50, v.Pos)
	assert.Contains(t, v.Message, "budget")
}

func TestBadArguments(t *testing.T) {
	v := call(t, "load", js.Null(), "not a number")
	assert.Empty(t, v.Fatal)
	assert.Equal(t, 0, v.Total)
	assert.Equal(t, 0, call(t, "step").Pos)
	var evs []any
	require.NoError(t, json.Unmarshal([]byte(js.Global().Get("socklab").Call("events", -3).String()), &evs))
	assert.Empty(t, evs)
}

func TestMemoryBudget(t *testing.T) {
	src := "p: socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0, sv)\n" + strings.Repeat("p: write(sv[0], fill(300000))\np: read(sv[1], 300000)\n", 200)
	v := call(t, "load", src, 5000, 4<<20)
	v = call(t, "runToEnd")
	assert.Less(t, v.Len, v.Total)
	assert.Equal(t, v.Len, v.Pos)
	assert.Contains(t, v.Message, "memory budget exhausted: the run holds more than 4 MiB")
}

func TestEveryExampleRuns(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "web", "examples", "*.tl"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			v := call(t, "load", string(b), "{}")
			require.Empty(t, v.Errors)
			v = call(t, "runToEnd")
			assert.Empty(t, v.Fatal)
			assert.Empty(t, v.Message)
			assert.Equal(t, v.Total, v.Pos)
			for _, e := range v.Events {
				assert.NotEqual(t, "error", e.Event["event"], "%v", e.Event)
			}
		})
	}
}

// A statement run ahead (prefetch, as the worker does while the page draws) is invisible: the
// same moves with and without it give the same Views, events and deltas, and the page's copy
// rebuilt from the deltas is the engine's snapshot at every position (call checks that).
func TestPrefetchIsInvisible(t *testing.T) {
	src := example(t, "echo")
	budget := "p: socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)\n" + strings.Repeat("p: write(sv[0], \"x\")\np: read(sv[1], 1)\n", 10)
	moves := []string{"step", "step", "step", "back", "goto", "view", "runToEnd", "chain", "snapshotAt", "load"}
	for _, tl := range []struct {
		src    string
		budget int
	}{{src, 1000}, {budget, 9}} {
		run := func(ahead bool) []string {
			var out []string
			seed := uint32(7)
			rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
			api := js.Global().Get("socklab")
			v := call(t, "load", tl.src, tl.budget)
			for i := range 60 {
				pushed := ""
				if ahead {
					pushed = api.Call("prefetch").String()
				}
				switch m := moves[rnd(len(moves))]; m {
				case "step":
					if pushed != "" && i%2 == 0 { // the page uses the View the worker sent
						evs := api.Call("aheadEvents", 0).String()
						require.Equal(t, "true", api.Call("commit").String())
						require.Equal(t, evs, api.Call("events", 0).String(), "aheadEvents")
						v = check(t, m, js.ValueOf(pushed))
					} else {
						v = call(t, m)
					}
				case "goto":
					v = call(t, m, rnd(v.Len+2))
				case "chain", "snapshotAt":
					out = append(out, m+" "+api.Call(m, rnd(v.Len+1)).String())
					continue
				case "load":
					v = call(t, m, tl.src, tl.budget)
				default:
					v = call(t, m)
				}
				for _, d := range []*pagecopy.Delta{v.Base, v.Step} {
					if d != nil {
						sort.Slice(d.Del, func(i, j int) bool { return d.Del[i][0]+d.Del[i][1] < d.Del[j][0]+d.Del[j][1] })
					}
				}
				b, err := json.Marshal(v)
				require.NoError(t, err)
				out = append(out, string(b))
			}
			return out
		}
		want, got := run(false), run(true)
		require.Equal(t, len(want), len(got))
		for i := range want {
			require.Equal(t, want[i], got[i], "move %d", i)
		}
	}
}

// A commit with nothing run ahead (a page and a worker that disagree) steps for real: the
// page's copy and the engine are then at the same position with the same snapshot.
func TestCommitWithoutPrefetchSteps(t *testing.T) {
	call(t, "load", example(t, "echo"), 1000)
	call(t, "step")
	api := js.Global().Get("socklab")
	want := call(t, "step")
	call(t, "back")
	require.Equal(t, "false", api.Call("commit").String())
	v := call(t, "view")
	assert.Equal(t, 2, v.Pos)
	assert.Equal(t, want.NEvents, v.NEvents)
}
