//go:build js && wasm

// Command c is the WebAssembly build of the runtime half of socklab's C
// support (engine/cprog built with -tags cprog_runtime: the VM, the libc, the
// session and the simulated kernel, not the C front end): a separate module
// the page loads lazily for its C mode, so engine.wasm does not grow. The
// compiler is cc.wasm (wasm/cc); the C mode's Web Worker compiles with it and
// hands the encoded programs to this module. It installs globalThis.socklabC,
// whose methods return JSON strings over one cprog.Session:
//
//	load({seed: 0, budget: 0, stdoutFile: false, files: [{name, src}...]}, programs)
//	    (a JS object: none is required)
//	    programs: the Uint8Array cc.wasm's compile returned, or an example the build compiled
//	    (gen/cexamples/<name>.bin, web/tools/cexamples): cprog.EncodePrograms' bytes
//	    → {"errors":[], "warnings":[diag...], "view":View}, or {"fatal":...} if they do not
//	    decode (another build's bytes, corrupt ones) or, when files is given, are not the
//	    programs of exactly these files (names and sources, in order)
//	step() back() goto(n) end() → View
//	events(from) → [event...] the JSON events (--json lines) from index from on
//
// A diag is {"file","line","col","warning","msg","text"} (text: as gcc prints it).
// A View is {"len","pos","snapshot","chain","procs","stdout":{program:text},"term":{program:text}
// (the terminal: stdout and stderr as written),
// "stepEvents":[event...],"nevents","message"}.
// Runs are bounded by the statement budget; nothing blocks (a blocked C
// process is data, not a parked goroutine). The JSON is written by wasm/c/cjson:
// encoding/json would add ~110 KiB of brotli to the module.
package main

import (
	"syscall/js"

	"socklab/engine/cprog"
	"socklab/wasm/c/cjson"
)

var (
	sess     *cprog.Session
	programs []string
)

func load(opts, encoded js.Value) []byte {
	b := make([]byte, encoded.Length())
	js.CopyBytesToGo(b, encoded)
	progs, err := cprog.DecodePrograms(b)
	if err != nil {
		sess = nil
		return cjson.Fatal(nil, err.Error())
	}
	if files := opts.Get("files"); files.Type() == js.TypeObject {
		if msg := compiledFrom(progs, files); msg != "" {
			sess = nil
			return cjson.Fatal(nil, msg)
		}
	}
	var warns []cprog.Diag
	programs = nil
	for _, p := range progs {
		warns = append(warns, p.Warnings...)
		programs = append(programs, p.Name)
	}
	o := cprog.Options{StdoutFile: opts.Get("stdoutFile").Truthy()}
	if v := opts.Get("seed"); v.Type() == js.TypeNumber {
		o.Seed = uint64(v.Float())
	}
	if v := opts.Get("budget"); v.Type() == js.TypeNumber {
		o.Budget = int64(v.Float())
	}
	sess = cprog.NewSession(progs, o)
	return cjson.Load(nil, sess, programs, warns)
}

// compiledFrom says why progs are not the programs of files ({name, src}, in order), or "" when
// they are: the worker hands this module programs compiled at build time when the editor's files
// look like an example, and this is the check that they are that example, byte for byte.
func compiledFrom(progs []*cprog.Program, files js.Value) string {
	if files.Length() != len(progs) {
		return "the programs are not these files' programs (another number of files)"
	}
	for i, p := range progs {
		f := files.Index(i)
		if f.Get("name").String() != p.File || f.Get("src").String() != p.Src {
			return "the programs are not these files' programs (" + p.File + " differs)"
		}
	}
	return ""
}

// answer runs f; a panic is a fatal answer, which makes the page start a fresh worker.
func answer(f func() []byte) (out any) {
	defer func() {
		if r := recover(); r != nil {
			msg := "unexpected panic"
			switch v := r.(type) {
			case error:
				msg = v.Error()
			case string:
				msg = v
			}
			out = string(cjson.Fatal(nil, msg))
		}
	}()
	return string(f())
}

func method(f func(args []js.Value) []byte) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any { return answer(func() []byte { return f(args) }) })
}

// move runs a session method (nothing without a session) and answers the View.
func move(f func(s *cprog.Session)) js.Func {
	return method(func([]js.Value) []byte {
		if sess != nil {
			f(sess)
		}
		return cjson.View(nil, sess, programs)
	})
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("load", method(func(a []js.Value) []byte { return load(a[0], a[1]) }))
	api.Set("step", move(func(s *cprog.Session) { s.Step() }))
	api.Set("back", move(func(s *cprog.Session) { s.Back() }))
	api.Set("end", move(func(s *cprog.Session) { s.Goto(s.Len()) }))
	api.Set("goto", method(func(a []js.Value) []byte {
		if sess != nil {
			sess.Goto(a[0].Int())
		}
		return cjson.View(nil, sess, programs)
	}))
	api.Set("events", method(func(a []js.Value) []byte {
		if sess == nil {
			return []byte("[]")
		}
		ev := sess.Events()
		from := a[0].Int()
		if from < 0 || from > len(ev) {
			from = len(ev)
		}
		return cjson.Events(nil, ev[from:])
	}))
	js.Global().Set("socklabC", api)
	select {}
}
