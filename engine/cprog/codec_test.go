package cprog

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// codecCases are the programs the codec tests encode: every corpus case and
// the seed pair (each a list of files run together), plus small programs
// with what the corpus lacks: a switch, a trap, a user function named __init,
// a large zero-filled global, warnings, variadic functions, floats.
func codecCases(t testing.TB) map[string][][2]string {
	cases := map[string][][2]string{}
	dirs, _ := filepath.Glob("testdata/corpus/*")
	dirs = append(dirs, "testdata/seed")
	for _, dir := range dirs {
		for _, f := range caseFiles(dir) {
			cases[dir] = append(cases[dir], readFile(t, f))
		}
	}
	if len(dirs) < 2 {
		t.Fatal("no corpus")
	}
	for name, src := range map[string]string{
		"switch.c": `#include <stdio.h>
int main(void) { int n = 0; for (int i = 0; i < 7; i++) switch (i) { case 1: n += 1; break; case 3: n += 30; case 4: n += 400; break; default: n -= 1; } printf("%d\n", n); return 0; }`,
		"trap.c": `int f(int x) { if (x) return 1; } int main(void) { return f(0); }`,
		"init.c": `#include <stdio.h>
void __init(void) { puts("mine"); } int g = 3; int *gp = &g; int main(void) { __init(); return *gp; }`,
		"big.c": `#include <stdio.h>
static char buf[1 << 20]; double d = 2.5; int main(void) { buf[5] = 'x'; printf("%c %.2f %d\n", buf[5], d * 2, (int)sizeof buf); return 0; }`,
		"warn.c": `int main(void) { return atoi("7"); }`,
		"varargs.c": `#include <stdarg.h>
#include <stdio.h>
int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; while (n--) s += va_arg(ap, int); va_end(ap); return s; }
int main(void) { int (*f)(int, ...) = sum; printf("%d %s\n", f(3, 1, 2, 3), "ok"); return 0; }`,
	} {
		cases[name] = [][2]string{{name, src}}
	}
	return cases
}

// runTrace runs programs to the end and returns everything a run shows:
// the events (JSON, as --json prints them), each program's terminal and
// how each process ended. Every program reads the same standard input.
func runTrace(progs []*Program) string {
	stdin := map[string][]byte{}
	for _, p := range progs {
		stdin[p.Name] = []byte("one\ntwo\n")
	}
	r := NewRunner(progs, Options{Stdin: stdin})
	err := r.Run()
	var b strings.Builder
	for _, e := range r.TakeEvents() {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	for _, p := range progs {
		b.WriteString(p.Name + " terminal: " + string(r.Terminal(p.Name)) + "\n")
	}
	for _, p := range r.Procs {
		b.WriteString(p.Name + " exit " + p.Exit + " " + p.FaultMsg + "\n")
	}
	if err != nil {
		b.WriteString("error: " + err.Error())
	}
	return b.String()
}

// TestCodecRoundTrip: a decoded program is the compiled one, field by
// field, and runs the same: same events, output and exits.
func TestCodecRoundTrip(t *testing.T) {
	for name, files := range codecCases(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			progs := compileAll(t, files)
			data := EncodePrograms(progs)
			got, err := DecodePrograms(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, progs) {
				t.Fatal("decoded programs differ from the compiled ones")
			}
			if want, have := runTrace(progs), runTrace(got); have != want {
				t.Fatalf("the decoded programs run differently:\n%s\nwant:\n%s", have, want)
			}
		})
	}
}

// TestCodecCorrupt: truncated or altered bytes are an error (or, for a
// change the format cannot notice, such as a constant, a valid program),
// never a panic; another version or library is refused.
func TestCodecCorrupt(t *testing.T) {
	data := EncodePrograms(compileAll(t, codecCases(t)["testdata/seed"]))
	for n := 0; n < len(data); n++ {
		if _, err := DecodePrograms(data[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	if _, err := DecodePrograms(append(bytes.Clone(data), 0)); err == nil {
		t.Fatal("a trailing byte: no error")
	}
	for i := range data {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(data)
			b[i] ^= x
			if progs, err := DecodePrograms(b); err == nil {
				runTrace(progs) // must not panic
			}
		}
	}
	for _, h := range []struct{ name, header string }{
		{"version", codecMagic + "\x02"},
		{"library", codecMagic + "\x01\x07"},
		{"magic", "SLCQ"},
	} {
		b := append([]byte(h.header), data[len(h.header):]...)
		if _, err := DecodePrograms(b); err == nil {
			t.Errorf("another %s: no error", h.name)
		}
	}
}

// FuzzDecodeProgram: any bytes decode to an error or to programs that run
// (small budgets) without a panic: the decoder checks what the VM trusts.
// The seeds are real encodings (go test -fuzz FuzzDecodeProgram -fuzztime 30s).
func FuzzDecodeProgram(f *testing.F) {
	for _, name := range []string{"testdata/seed", "testdata/corpus/pure_c", "testdata/corpus/select_server", "switch.c", "varargs.c"} {
		f.Add(EncodePrograms(compileAll(f, codecCases(f)[name])))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		progs, err := DecodePrograms(data)
		if err != nil {
			return
		}
		// A size varint turned into 256 MiB is a valid global (the compiler allows one that
		// big): running it would only spend the fuzzer's time allocating.
		size := 0
		for _, p := range progs {
			for _, s := range p.image {
				size += len(s.data)
			}
		}
		if size > 1<<20 {
			return
		}
		r := NewRunner(progs, Options{Budget: 20000, MaxOutput: 1 << 20, MemoryLimit: 8 << 20})
		r.Run()
	})
}
