// Package web holds the playground's front end: public/ (the page, embedded into the binary, with
// public/gen/ built by `make build`: the esbuild bundle, the engine's wasm, Go's wasm_exec.js and
// their precompressed .gz/.br copies) and examples/ (the example timelines of the examples menu).
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:public
var public embed.FS

// Public is the page's files, rooted at public/ ("index.html", "gen/app.js", ...).
func Public() fs.FS {
	sub, err := fs.Sub(public, "public")
	if err != nil {
		panic(err) // cannot happen: "public" is a valid, embedded directory
	}
	return sub
}

// Examples holds the example timelines as examples/*.tl.
//
//go:embed examples/*.tl
var Examples embed.FS
