//go:build js && wasm

// Command cc is the WebAssembly build of socklab's C front end: modernc.org/cc/v4 and
// engine/cprog's compiler, built with -tags cprog_compiler so that it links neither the VM, the
// libc nor the simulated kernel. C mode is two modules because one was over issue 12's budget
// (every lazily loaded wasm <= 1,200 KB brotli): this one compiles, c.wasm (wasm/c) runs. Both
// load in the same Web Worker (web/src/cmode/cworker.js), which hands this module's output to
// c.wasm; it fetches this one only when something must be compiled or after the page's first view
// (the examples are compiled at build time, by web/tools/cexamples). It installs
// globalThis.socklabCC:
//
//	compile([{name, src}, ...]) → {errors: [diag...], warnings: [diag...], programs: Uint8Array|null}
//
// A diag is {file, line, col, warning, msg, text} (text: as gcc prints it), as c.wasm's. programs
// is cprog.EncodePrograms of every file, in order; null when a file has errors. No JSON: the
// worker passes JS values, and encoding/json would only add weight here.
package main

import (
	"syscall/js"

	"socklab/engine/cprog"
)

func diag(d cprog.Diag, text string) any {
	return map[string]any{"file": d.File, "line": d.Line, "col": d.Col, "warning": d.Warning, "msg": d.Msg, "text": text}
}

func compile(files js.Value) map[string]any {
	var progs []*cprog.Program
	errs, warns := []any{}, []any{}
	for i := 0; i < files.Length(); i++ {
		name, src := files.Index(i).Get("name").String(), files.Index(i).Get("src").String()
		p, err := cprog.Compile(name, src)
		if ce, ok := err.(*cprog.CompileError); ok {
			for _, d := range ce.Diags {
				errs = append(errs, diag(d, d.String()))
			}
			continue
		} else if err != nil {
			errs = append(errs, diag(cprog.Diag{File: name, Line: 1, Col: 1, Msg: err.Error()}, err.Error()))
			continue
		}
		for _, d := range p.Warnings {
			warns = append(warns, diag(d, d.String()))
		}
		progs = append(progs, p)
	}
	out := map[string]any{"errors": errs, "warnings": warns, "programs": nil}
	if len(errs) == 0 {
		b := cprog.EncodePrograms(progs)
		u := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(u, b)
		out["programs"] = u
	}
	return out
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("compile", js.FuncOf(func(_ js.Value, a []js.Value) any { return compile(a[0]) }))
	js.Global().Set("socklabCC", api)
	select {}
}
