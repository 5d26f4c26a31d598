//go:build js && wasm && !cprog_compiler

package main

// Without -tags cprog_compiler, engine/cprog links its VM, libc and the simulated kernel too,
// and cc.wasm grows past its size budget: build it as the Makefile does. This stops any other build.
var _ = build_cc_wasm_with_tags_cprog_compiler
