//go:build js && wasm && !cprog_runtime

package main

// Without -tags cprog_runtime, engine/cprog links the C front end (modernc.org/cc/v4) too, and
// c.wasm grows past its size budget: build it as the Makefile does. This stops any other build.
var _ = build_c_wasm_with_tags_cprog_runtime
