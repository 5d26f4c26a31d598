//go:build js && wasm

// Command c is the WebAssembly build of the runtime half of socklab's C
// support (engine/cprog built with -tags cprog_runtime: the VM, the libc, the
// session and the simulated kernel, not the C front end): a separate module
// the page loads lazily for its C mode, so engine.wasm does not grow. The
// compiler is cc.wasm (wasm/cc); the C mode's Web Worker compiles with it and
// hands the encoded programs to this module. It installs globalThis.socklabC,
// whose methods take and return JSON strings over one cprog.Session:
//
//	load({"seed":0, "budget":0, "stdoutFile":false, ...}, programs)
//	    programs: the Uint8Array cc.wasm's compile returned (cprog.EncodePrograms)
//	    → {"errors":[], "warnings":[diag...], "view":View}
//	step() back() goto(n) end() → View
//	events(from) → [event...] the JSON events (--json lines) from index from on
//
// A diag is {"file","line","col","warning","msg","text"} (text: as gcc prints it).
// A View is {"len","pos","snapshot","chain","procs","stdout":{program:text},"term":{program:text}
// (the terminal: stdout and stderr as written),
// "stepEvents":[event...],"nevents","message"}.
// Runs are bounded by the statement budget; nothing blocks (a blocked C
// process is data, not a parked goroutine).
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"socklab/engine"
	"socklab/engine/cprog"
)

type diag struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Warning bool   `json:"warning"`
	Msg     string `json:"msg"`
	Text    string `json:"text"`
}

type view struct {
	Len        int               `json:"len"`
	Pos        int               `json:"pos"`
	Snapshot   *engine.Snapshot  `json:"snapshot"`
	Chain      []*engine.Frame   `json:"chain"`
	Procs      []cprog.ProcState `json:"procs"`
	Stdout     map[string]string `json:"stdout"`
	Term       map[string]string `json:"term"`
	StepEvents []cprog.Event     `json:"stepEvents"`
	NEvents    int               `json:"nevents"`
	Message    string            `json:"message"`
}

var (
	sess     *cprog.Session
	programs []string
)

func toDiags(ds []cprog.Diag) []diag {
	out := []diag{}
	for _, d := range ds {
		out = append(out, diag{d.File, d.Line, d.Col, d.Warning, d.Msg, d.String()})
	}
	return out
}

func current() any {
	if sess == nil {
		return map[string]string{"fatal": "no program loaded"}
	}
	v := view{Len: sess.Len(), Pos: sess.Pos(), Snapshot: sess.Snapshot(), Chain: sess.Chain(), Procs: sess.Procs(),
		Stdout: map[string]string{}, Term: map[string]string{}, StepEvents: sess.StepEvents(sess.Pos()), NEvents: len(sess.Events())}
	for _, p := range programs {
		v.Stdout[p] = string(sess.Stdout(p))
		v.Term[p] = string(sess.Terminal(p))
	}
	if err := sess.Err(); err != nil {
		v.Message = err.Error()
	}
	return v
}

func load(in string, encoded js.Value) any {
	var req struct {
		Seed       uint64 `json:"seed"`
		Budget     int64  `json:"budget"`
		StdoutFile bool   `json:"stdoutFile"`
	}
	if err := json.Unmarshal([]byte(in), &req); err != nil {
		return map[string]string{"fatal": err.Error()}
	}
	b := make([]byte, encoded.Length())
	js.CopyBytesToGo(b, encoded)
	progs, err := cprog.DecodePrograms(b)
	if err != nil {
		sess = nil
		return map[string]string{"fatal": err.Error()}
	}
	warns := []diag{}
	programs = nil
	for _, p := range progs {
		warns = append(warns, toDiags(p.Warnings)...)
		programs = append(programs, p.Name)
	}
	sess = cprog.NewSession(progs, cprog.Options{Seed: req.Seed, Budget: req.Budget, StdoutFile: req.StdoutFile})
	return map[string]any{"errors": []diag{}, "warnings": warns, "view": current()}
}

func answer(f func() any) (out any) {
	defer func() {
		if r := recover(); r != nil {
			b, _ := json.Marshal(map[string]string{"fatal": fmt.Sprint(r)})
			out = string(b)
		}
	}()
	b, err := json.Marshal(f())
	if err != nil {
		b, _ = json.Marshal(map[string]string{"fatal": err.Error()})
	}
	return string(b)
}

func method(f func(args []js.Value) any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any { return answer(func() any { return f(args) }) })
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("load", method(func(a []js.Value) any { return load(a[0].String(), a[1]) }))
	api.Set("step", method(func([]js.Value) any {
		if sess != nil {
			sess.Step()
		}
		return current()
	}))
	api.Set("back", method(func([]js.Value) any {
		if sess != nil {
			sess.Back()
		}
		return current()
	}))
	api.Set("goto", method(func(a []js.Value) any {
		if sess != nil {
			sess.Goto(a[0].Int())
		}
		return current()
	}))
	api.Set("end", method(func([]js.Value) any {
		if sess != nil {
			sess.Goto(sess.Len())
		}
		return current()
	}))
	api.Set("events", method(func(a []js.Value) any {
		if sess == nil {
			return []cprog.Event{}
		}
		ev := sess.Events()
		from := a[0].Int()
		if from < 0 || from > len(ev) {
			from = len(ev)
		}
		return ev[from:]
	}))
	js.Global().Set("socklabC", api)
	select {}
}
