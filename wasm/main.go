//go:build js && wasm

// Command wasm is the engine's WebAssembly glue: it installs globalThis.socklab, whose methods
// take and return JSON strings, over one timeline.Session. Built with -tags lessons it also
// carries the lesson course (lessons.go), as a second module that only lesson mode loads, so the
// playground's download stays small. It holds no logic: everything worth testing lives in engine/,
// engine/timeline and lessons/. The protocol is documented at the top of
// web/src/engine.js, its only consumer. No callback blocks: the simulated kernel parks simulated
// tasks, never a goroutine.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"socklab/engine"
	"socklab/engine/timeline"
)

// view is the JSON answer of every stepping call (see web/src/engine.js, "A View is").
type view struct {
	Errors    timeline.ErrorList   `json:"errors"`
	Len       int                  `json:"len"`   // last reachable step (the step budget may cut)
	Total     int                  `json:"total"` // statements in the timeline
	Pos       int                  `json:"pos"`
	Snapshot  *engine.Snapshot     `json:"snapshot"`
	Chain     []*engine.Frame      `json:"chain"`
	NEvents   int                  `json:"nevents"` // events so far: fetch the ones not yet seen with events(from)
	Procs     []timeline.ProcState `json:"procs"`
	Narration string               `json:"narration"`
	Message   string               `json:"message"`
}

// event is an engine.Event (the spec's JSON line) with its source position.
type event struct {
	Line  int          `json:"line"`
	Col   int          `json:"col"`
	Event engine.Event `json:"event"`
}

var sess *timeline.Session

// extensions add methods to globalThis.socklab in optional builds (lessons.go).
var extensions []func(api js.Value)

func current() any {
	if sess == nil {
		return map[string]string{"fatal": "no timeline loaded"}
	}
	msg := ""
	if err := sess.Err(); err != nil {
		msg = err.Error()
	}
	return view{
		Errors: sess.Errors(), Len: sess.End(), Total: sess.Len(), Pos: sess.Pos(),
		Snapshot: sess.Snapshot(), Chain: sess.Chain(sess.Pos()), NEvents: len(sess.Events()),
		Procs: sess.ProcStates(), Narration: sess.Info().Narration, Message: msg,
	}
}

// answer marshals v; a panic in the engine becomes {"fatal": ...} instead of a dead page.
func answer(f func() any) (res any) {
	defer func() {
		if p := recover(); p != nil {
			b, _ := json.Marshal(map[string]string{"fatal": fmt.Sprint(p)})
			res = string(b)
		}
	}()
	b, err := json.Marshal(f())
	if err != nil {
		b, _ = json.Marshal(map[string]string{"fatal": err.Error()})
	}
	return string(b)
}

func fn(f func(args []js.Value) any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any { return answer(func() any { return f(args) }) })
}

func intArg(args []js.Value, i int) int {
	if i < len(args) && args[i].Type() == js.TypeNumber {
		return args[i].Int()
	}
	return 0
}

func strArg(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

func main() {
	install()
	select {} // park: the callbacks serve the page
}

// install sets globalThis.socklab.
func install() {
	api := js.Global().Get("Object").New()
	api.Set("version", "socklab-engine/1")
	api.Set("load", fn(func(args []js.Value) any {
		var opts struct {
			StepBudget int `json:"step_budget"`
		}
		if len(args) > 1 {
			json.Unmarshal([]byte(args[1].String()), &opts)
		}
		src := ""
		if len(args) > 0 && args[0].Type() == js.TypeString {
			src = args[0].String()
		}
		sess = timeline.NewSession(src, timeline.Options{StepBudget: opts.StepBudget})
		return current()
	}))
	api.Set("step", fn(func([]js.Value) any { sess.Step(); return current() }))
	api.Set("back", fn(func([]js.Value) any { sess.Back(); return current() }))
	api.Set("goto", fn(func(a []js.Value) any { sess.Goto(intArg(a, 0)); return current() }))
	api.Set("runToEnd", fn(func([]js.Value) any { sess.RunToEnd(); return current() }))
	api.Set("view", fn(func([]js.Value) any { return current() }))
	api.Set("events", fn(func(a []js.Value) any {
		evs := sess.Events()
		evs = evs[min(max(intArg(a, 0), 0), len(evs)):]
		out := make([]event, len(evs))
		for i, e := range evs {
			out[i] = event{e.Line, e.Col, e}
		}
		return out
	}))
	api.Set("diff", fn(func([]js.Value) any { return sess.Diff() }))
	api.Set("chain", fn(func(a []js.Value) any { return sess.Chain(intArg(a, 0)) }))
	api.Set("snapshotAt", fn(func(a []js.Value) any {
		p := sess.Pos()
		sess.Goto(intArg(a, 0))
		defer sess.Goto(p)
		return sess.Snapshot()
	}))
	for _, ext := range extensions {
		ext(api)
	}
	js.Global().Set("socklab", api)
}
