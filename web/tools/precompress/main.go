// Command precompress writes .gz and .br copies of the front end's built files (the bundle, the
// stylesheet, the wasm modules, the C examples' compiled programs) so the server sends them
// compressed without compressing per request. The server pairs "x.br" with "x"
// (web/server/static.go). Pure Go: brotli comes from github.com/andybalholm/brotli, no cgo.
//
//	go run ./web/tools/precompress [-level fast|best] DIR
//
// -level fast (what `make run` uses) compresses at brotli 5 / gzip 6: a fresh clone's first page
// comes seconds sooner, and the files are still well compressed. -level best (the release and
// Workers builds: `make worker`, `make release-web`) is brotli 11 with a 16 MiB window and gzip 9.
// Files are compressed in parallel (one goroutine per file, at most GOMAXPROCS at once), and each
// file is reported as it is done.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

var exts = map[string]bool{".js": true, ".css": true, ".wasm": true, ".svg": true, ".json": true, ".bin": true}

type level struct {
	gzip   int
	brotli brotli.WriterOptions
}

var levels = map[string]level{
	"fast": {gzip: 6, brotli: brotli.WriterOptions{Quality: 5, LGWin: 22}},
	"best": {gzip: gzip.BestCompression, brotli: brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24}},
}

func main() {
	name := flag.String("level", "best", "compression level: fast (local builds) or best (release)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: precompress [-level fast|best] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	lv, ok := levels[*name]
	if flag.NArg() != 1 || !ok {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && exts[filepath.Ext(p)] {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
	// Largest first, so the wasm files start at once and the small files fill the gaps.
	sizes := map[string]int64{}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			sizes[f] = st.Size()
		}
	}
	sort.Slice(files, func(i, j int) bool { return sizes[files[i]] > sizes[files[j]] })
	fmt.Printf("precompress: %d files in %s (level %s, %d at a time)\n", len(files), dir, *name, runtime.GOMAXPROCS(0))
	start := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var failed error
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func(p string) {
			defer func() { <-sem; wg.Done() }()
			t0 := time.Now()
			raw, gz, br, err := compress(p, lv)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if failed == nil {
					failed = err
				}
				return
			}
			fmt.Printf("  %-28s raw %8d  gzip %8d  brotli %8d  %5.1fs\n", strings.TrimPrefix(p, dir+"/"), raw, gz, br, time.Since(t0).Seconds())
		}(p)
	}
	wg.Wait()
	if failed != nil {
		fmt.Fprintln(os.Stderr, "precompress:", failed)
		os.Exit(1)
	}
	fmt.Printf("precompress: done in %.1fs\n", time.Since(start).Seconds())
}

// compress writes p.gz and p.br and returns the three sizes.
func compress(p string, lv level) (raw, gzN, brN int, err error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return 0, 0, 0, err
	}
	var gz, br bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, lv.gzip)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return 0, 0, 0, err
	}
	bw := brotli.NewWriterOptions(&br, lv.brotli)
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return 0, 0, 0, err
	}
	if err := os.WriteFile(p+".gz", gz.Bytes(), 0o644); err != nil {
		return 0, 0, 0, err
	}
	if err := os.WriteFile(p+".br", br.Bytes(), 0o644); err != nil {
		return 0, 0, 0, err
	}
	return len(data), gz.Len(), br.Len(), nil
}
