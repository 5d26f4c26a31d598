//go:build js && wasm

// Command wasm is the engine's WebAssembly glue: it installs globalThis.socklab, whose methods
// take numbers and strings and return JSON strings, over one timeline.Session. Built with -tags
// lessons it also carries the lesson course (lessons.go), as a second module that only lesson
// mode loads, so the playground's download stays small. It holds no logic: everything worth
// testing lives in engine/, engine/timeline, engine/snapjson and lessons/. The protocol is
// documented at the top of web/src/engine.js, its only consumer. No callback blocks: the
// simulated kernel parks simulated tasks, never a goroutine.
//
// The playground build links neither encoding/json nor fmt nor reflect (≈220 KiB of wasm):
// the JSON is written by engine/snapjson, and TestWasmDeps (engine/snapjson) keeps it so.
package main

import (
	"syscall/js"

	"socklab/engine/snapjson"
	"socklab/engine/timeline"
)

var sess *timeline.Session

// extensions add methods to globalThis.socklab in optional builds (lessons.go).
var extensions []func(api js.Value)

var page = snapjson.NewMirror()

// The next step, run ahead: while the page draws a View, the worker (web/src/worker.js) runs the
// next statement tentatively (prefetch: timeline.Session.StepTentative) and stages its View
// (snapjson.StagedView), because what a learner does next is most often "step" again. The
// worker sends that View to the page unasked; a page that then steps uses it and says so
// (commit), and a "step" call answers it at once. Any other call first undoes the statement
// (Session.Undo, Mirror.Discard), so time travel, goto, back and load see exactly the session
// they would have seen without it.
var (
	ahead     bool   // a statement runs ahead
	aheadView []byte // its View (nil if computing it failed)
)

// settle ends the run-ahead statement: with step, it keeps it and returns its View if there is
// one; otherwise (or when there is none) it undoes the statement and returns nil.
func settle(step bool) []byte {
	if !ahead {
		return nil
	}
	ahead = false
	v := aheadView
	aheadView = nil
	if step && v != nil && sess.Tentative() {
		sess.Commit()
		page.Commit()
		return v
	}
	sess.Undo()
	page.Discard()
	return nil
}

// prefetch runs the next statement ahead and returns its View, when the page holds the View of
// the current position; otherwise "".
func prefetch() []byte {
	if ahead || sess == nil || page.Pos() != sess.Pos() || sess.Pos() >= sess.End() {
		return nil
	}
	ahead = true // from here on, a failure is undone by the next call's settle
	if !sess.StepTentative() {
		return nil
	}
	aheadView = snapjson.StagedView(make([]byte, 0, 4096), sess, page)
	return aheadView
}

// commit keeps the statement run ahead, whose View the page has used: "true". Should there be
// none (the page and the worker disagree), it steps for real, which leads to the same state
// (the engine is deterministic): "false".
func commit() []byte {
	if settle(true) != nil {
		return []byte("true")
	}
	sess.Step()
	page.Delta(nil, sess.Snapshot())
	return []byte("false")
}

// eventsJSON is the JSON of the session's events from index from.
func eventsJSON(from int) []byte {
	evs := sess.Events()
	evs = evs[min(max(from, 0), len(evs)):]
	b := make([]byte, 0, 128*len(evs)+2)
	b = append(b, '[')
	for i := range evs {
		if i > 0 {
			b = append(b, ',')
		}
		b = snapjson.Event(b, &evs[i])
	}
	return append(b, ']')
}

// current is the View at the session's position (see snapjson.View).
func current() []byte {
	if sess == nil {
		return fatal("no timeline loaded")
	}
	return snapjson.View(make([]byte, 0, 4096), sess, page)
}

func fatal(msg string) []byte {
	return append(snapjson.String([]byte(`{"fatal":`), msg), '}')
}

// answer returns f's JSON as a string; a panic in the engine becomes {"fatal": ...} instead of
// a dead page.
func answer(f func() []byte) (res any) {
	defer func() {
		if p := recover(); p != nil {
			res = string(fatal(panicText(p)))
		}
	}()
	return string(f())
}

func panicText(p any) string {
	switch x := p.(type) {
	case error:
		return x.Error()
	case string:
		return x
	case interface{ String() string }:
		return x.String()
	}
	return "the engine panicked"
}

// fn wraps a method of globalThis.socklab: it first undoes a statement run ahead (settle).
func fn(f func(args []js.Value) []byte) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		return answer(func() []byte { settle(false); return f(args) })
	})
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
	api.Set("version", "socklab-engine/2")
	api.Set("load", fn(func(args []js.Value) []byte {
		opts := timeline.Options{StepBudget: intArg(args, 1)}
		if len(args) > 2 && args[2].Type() == js.TypeNumber {
			opts.MemoryBudget = int64(args[2].Float())
		}
		sess = timeline.NewSession(strArg(args, 0), opts)
		page = snapjson.NewMirror()
		return current()
	}))
	api.Set("step", js.FuncOf(func(js.Value, []js.Value) any {
		return answer(func() []byte {
			if v := settle(true); v != nil {
				return v
			}
			sess.Step()
			return current()
		})
	}))
	api.Set("prefetch", js.FuncOf(func(js.Value, []js.Value) any { return answer(prefetch) }))
	// aheadEvents(from) is events(from) with the statement run ahead (it does not undo it).
	api.Set("aheadEvents", js.FuncOf(func(_ js.Value, a []js.Value) any {
		return answer(func() []byte { return eventsJSON(intArg(a, 0)) })
	}))
	api.Set("commit", js.FuncOf(func(js.Value, []js.Value) any { return answer(commit) }))
	api.Set("back", fn(func([]js.Value) []byte { sess.Back(); return current() }))
	api.Set("goto", fn(func(a []js.Value) []byte { sess.Goto(intArg(a, 0)); return current() }))
	api.Set("runToEnd", fn(func([]js.Value) []byte { sess.RunToEnd(); return current() }))
	api.Set("view", fn(func([]js.Value) []byte { page = snapjson.NewMirror(); return current() }))
	api.Set("events", fn(func(a []js.Value) []byte { return eventsJSON(intArg(a, 0)) }))
	api.Set("chain", fn(func(a []js.Value) []byte { return snapjson.Frames(nil, sess.Chain(intArg(a, 0))) }))
	api.Set("snapshotAt", fn(func(a []js.Value) []byte { return snapjson.Snapshot(nil, sess.SnapshotAt(intArg(a, 0))) }))
	for _, ext := range extensions {
		ext(api)
	}
	js.Global().Set("socklab", api)
}
