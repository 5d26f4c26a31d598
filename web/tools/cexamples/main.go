// Command cexamples compiles the C mode's examples at build time, with the same compiler cc.wasm
// is built from, so that opening /c on an unchanged example needs only the runtime module
// (c.wasm): the compiler module (cc.wasm, 1,064 KiB brotli) is then not on the first load's path.
//
//	go run ./web/tools/cexamples -o web/public/gen/cexamples web/src/cmode/cexamples.js
//
// The examples are the ones the page's menu lists (cexamples.js: its imports of .c files and its
// entries, read by parseExamples). For each it writes DIR/<name>.bin: the programs as
// cprog.EncodePrograms encodes them, which carries a codec version and a fingerprint of the
// library's numbering (c.wasm refuses bytes of another build) and every program's file name and
// source (c.wasm's load refuses programs that are not the editor's files byte for byte). A
// refused file costs a compile, never a wrong program. An example that does not compile fails the
// build.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"socklab/engine/cprog"
)

func main() {
	out := flag.String("o", "", "the directory to write <name>.bin files into (replaced)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: cexamples -o DIR web/src/cmode/cexamples.js")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "cexamples:", err)
		os.Exit(1)
	}
}

func run(list, dir string) error {
	js, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	exs, err := parseExamples(string(js))
	if err != nil {
		return fmt.Errorf("%s: %w", list, err)
	}
	// The directory is replaced, so an example that left the menu leaves no stale file behind.
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	total := 0
	for _, ex := range exs {
		b, err := compileExample(ex, filepath.Dir(list))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, ex.Name+".bin"), b, 0o644); err != nil {
			return err
		}
		total += len(b)
	}
	fmt.Printf("cexamples: %d examples compiled into %s (%d bytes)\n", len(exs), dir, total)
	return nil
}

// compileExample compiles an example's files as cc.wasm would (each file by its name in the
// editor, in the menu's order) and encodes the programs.
func compileExample(ex example, base string) ([]byte, error) {
	var progs []*cprog.Program
	for _, f := range ex.Files {
		src, err := os.ReadFile(filepath.Join(base, f.Path))
		if err != nil {
			return nil, fmt.Errorf("example %s: %w", ex.Name, err)
		}
		p, err := cprog.Compile(f.Name, string(src))
		if err != nil {
			return nil, fmt.Errorf("example %s: %s does not compile: %w", ex.Name, f.Path, err)
		}
		progs = append(progs, p)
	}
	return cprog.EncodePrograms(progs), nil
}
