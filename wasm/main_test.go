//go:build js && wasm

package main

// These tests drive the binding through JavaScript values exactly as web/src/engine.js does
// (run under Node: GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() { install() }

type testView struct {
	Errors []struct {
		Line, Col int
		Msg       string
	}
	Len, Total, Pos int
	Reset           bool
	Base, Step      *delta
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

// delta is the per-step change of the page's snapshot (see web/src/engine.js).
type delta struct {
	Set   [][3]json.RawMessage
	Del   [][2]string
	Order map[string][]string
	Keys  []string
}

// pageCopy is the page's copy of the snapshot, rebuilt from the deltas as engine.js does.
type pageCopy struct {
	units map[[2]string]json.RawMessage
	order map[string][]string
	keys  []string
}

var pageTest = &pageCopy{units: map[[2]string]json.RawMessage{}, order: map[string][]string{}}

func (m *pageCopy) apply(t *testing.T, d *delta) {
	for _, s := range d.Set {
		var key, id string
		require.NoError(t, json.Unmarshal(s[0], &key))
		require.NoError(t, json.Unmarshal(s[1], &id))
		m.units[[2]string{key, id}] = s[2]
	}
	for _, u := range d.Del {
		_, ok := m.units[u]
		require.True(t, ok, "deleting %v, which the page does not hold", u)
		delete(m.units, u)
	}
	for k, ids := range d.Order {
		m.order[k] = ids
	}
	m.keys = d.Keys
}

// snapshot is the pageCopy's snapshot as JSON.
func (m *pageCopy) snapshot(t *testing.T) string {
	out := map[string]any{}
	for _, k := range m.keys {
		if ids, ok := m.order[k]; ok {
			list := []any{}
			for _, id := range ids {
				js, ok := m.units[[2]string{k, id}]
				require.True(t, ok, "%s %s in the order but not held", k, id)
				list = append(list, json.RawMessage(js))
			}
			out[k] = list
		} else {
			out[k] = json.RawMessage(m.units[[2]string{k, ""}])
		}
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return string(b)
}

// canonical is snapshot JSON as the pageCopy builds it (sorted keys, null lists as []).
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
	var v testView
	require.NoError(t, json.Unmarshal([]byte(out.String()), &v), out.String())
	if v.Fatal != "" {
		return v
	}
	// The deltas rebuild the snapshots of pos-1 and pos exactly.
	if v.Reset {
		pageTest = &pageCopy{units: map[[2]string]json.RawMessage{}, order: map[string][]string{}}
	}
	sa := func(n int) string { return canonical(t, js.Global().Get("socklab").Call("snapshotAt", n).String()) }
	if v.Base != nil {
		pageTest.apply(t, v.Base)
		require.Equal(t, sa(v.Pos-1), canonical(t, pageTest.snapshot(t)), "base of %s", method)
	}
	require.NotNil(t, v.Step)
	pageTest.apply(t, v.Step)
	require.Equal(t, sa(v.Pos), canonical(t, pageTest.snapshot(t)), "step of %s", method)
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
