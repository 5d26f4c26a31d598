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
	Snapshot        struct {
		Step  int
		Tasks []struct {
			Comm    string
			State   string
			FDTable []struct{ FD int } `json:"fdtable"`
		}
	}
	NEvents int
	Chain   []struct{ Fn string }
	Events  []struct {
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

func call(t *testing.T, method string, args ...any) testView {
	t.Helper()
	out := js.Global().Get("socklab").Call(method, args...)
	require.Equal(t, js.TypeString, out.Type(), "every method answers a JSON string")
	var v testView
	require.NoError(t, json.Unmarshal([]byte(out.String()), &v), out.String())
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
	v := call(t, "load", example(t, "echo"), `{"step_budget":1000}`)
	require.Empty(t, v.Errors)
	assert.Equal(t, 13, v.Len)
	assert.Equal(t, 13, v.Total)
	assert.Equal(t, 0, v.Pos)
	assert.Empty(t, v.Events)

	v = call(t, "step")
	assert.Equal(t, 1, v.Pos)
	assert.Equal(t, 1, v.Snapshot.Step)
	require.Len(t, v.Events, 1)
	assert.Equal(t, "socket", v.Events[0].Event["call"])
	assert.Equal(t, 2, v.Events[0].Line, "events carry their source line")
	assert.NotEmpty(t, v.Chain, "the call chain of statement 1")
	var diff struct{ Added []string }
	require.NoError(t, json.Unmarshal([]byte(js.Global().Get("socklab").Call("diff").String()), &diff))
	assert.NotEmpty(t, diff.Added, "the engine's diff of statement 1")
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
	v := call(t, "load", src, `{"step_budget":50}`)
	assert.Equal(t, 50, v.Len)
	assert.Equal(t, 201, v.Total)
	v = call(t, "runToEnd")
	assert.Equal(t, 50, v.Pos)
	assert.Contains(t, v.Message, "budget")
}

func TestBadArguments(t *testing.T) {
	v := call(t, "load", js.Null(), "not json")
	assert.Empty(t, v.Fatal)
	assert.Equal(t, 0, v.Total)
	assert.Equal(t, 0, call(t, "step").Pos)
	var evs []any
	require.NoError(t, json.Unmarshal([]byte(js.Global().Get("socklab").Call("events", -3).String()), &evs))
	assert.Empty(t, evs)
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
