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

func fn(f func(args []js.Value) []byte) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any { return answer(func() []byte { return f(args) }) })
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
	api.Set("step", fn(func([]js.Value) []byte { sess.Step(); return current() }))
	api.Set("back", fn(func([]js.Value) []byte { sess.Back(); return current() }))
	api.Set("goto", fn(func(a []js.Value) []byte { sess.Goto(intArg(a, 0)); return current() }))
	api.Set("runToEnd", fn(func([]js.Value) []byte { sess.RunToEnd(); return current() }))
	api.Set("view", fn(func([]js.Value) []byte { page = snapjson.NewMirror(); return current() }))
	api.Set("events", fn(func(a []js.Value) []byte {
		evs := sess.Events()
		evs = evs[min(max(intArg(a, 0), 0), len(evs)):]
		b := make([]byte, 0, 128*len(evs)+2)
		b = append(b, '[')
		for i := range evs {
			if i > 0 {
				b = append(b, ',')
			}
			b = snapjson.Event(b, &evs[i])
		}
		return append(b, ']')
	}))
	api.Set("chain", fn(func(a []js.Value) []byte { return snapjson.Frames(nil, sess.Chain(intArg(a, 0))) }))
	api.Set("snapshotAt", fn(func(a []js.Value) []byte { return snapjson.Snapshot(nil, sess.SnapshotAt(intArg(a, 0))) }))
	for _, ext := range extensions {
		ext(api)
	}
	js.Global().Set("socklab", api)
}
