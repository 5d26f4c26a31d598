// Package cprog runs whole C programs on the simulated kernel: a compiler (modernc.org/cc/v4 as
// the front end, compile*.go) to a flat IR (ir.go), and a VM with a libc (vm.go, libc_*.go) that
// the runner and the session (runner.go, session.go) schedule as processes of socklab/engine.
//
// The page's C mode loads the two halves as two WebAssembly modules, each within issue 12's
// size budget, so the files are split by build tag:
//
//   - -tags cprog_compiler (cc.wasm, wasm/cc): the compiler files only; no VM, libc or kernel.
//   - -tags cprog_runtime (c.wasm, wasm/c): the runtime files only; no cc/v4.
//   - no tag (the CLI, go test): everything.
//
// Compiler files say //go:build !cprog_runtime, runtime files //go:build !cprog_compiler; the
// untagged ones are shared: the IR, the program encoding that carries programs from one module
// to the other (codec.go, validate.go), diagnostics (diag.go) and the library's names, which
// number opBuiltin in both (libc_names.go).
package cprog
