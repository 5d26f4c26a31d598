// Command precompress writes .gz and .br copies of the front end's built files (the bundle, the
// stylesheet, the engine's wasm) so the server sends them compressed without compressing per
// request. The server pairs "x.br" with "x" (web/server/static.go). Pure Go: brotli comes from
// github.com/andybalholm/brotli, no cgo.
//
//	go run ./web/tools/precompress web/public
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

var exts = map[string]bool{".js": true, ".css": true, ".wasm": true, ".svg": true, ".json": true}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress DIR")
		os.Exit(2)
	}
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !exts[filepath.Ext(p)] {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var gz, br bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(raw)
		if err := zw.Close(); err != nil {
			return err
		}
		bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
		bw.Write(raw)
		if err := bw.Close(); err != nil {
			return err
		}
		if err := os.WriteFile(p+".gz", gz.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(p+".br", br.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-28s raw %8d  gzip %8d  brotli %8d\n", strings.TrimPrefix(p, os.Args[1]+"/"), len(raw), gz.Len(), br.Len())
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}
