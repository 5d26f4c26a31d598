package cprog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runFiles compiles and runs C files; returns each program's stdout and exit.
func runSources(t testing.TB, opts Options, files ...[2]string) (*Runner, map[string]string, map[string]string) {
	t.Helper()
	progs := compileAll(t, files)
	r := NewRunner(progs, opts)
	if err := r.Run(); err != nil {
		t.Logf("run: %v", err)
	}
	out, exit := map[string]string{}, map[string]string{}
	for _, p := range progs {
		out[p.Name] = string(r.Stdout(p.Name))
	}
	for _, p := range r.Procs {
		if p.Group == p.Name {
			exit[p.Name] = p.Exit
		}
		if p.FaultMsg != "" {
			t.Logf("%s: %s", p.Name, p.FaultMsg)
		}
	}
	return r, out, exit
}

// compileAll compiles C files (name, source), failing the test on any error.
func compileAll(t testing.TB, files [][2]string) []*Program {
	t.Helper()
	var progs []*Program
	for _, f := range files {
		p, err := Compile(f[0], f[1])
		if err != nil {
			t.Fatalf("compile %s: %v", f[0], err)
		}
		progs = append(progs, p)
	}
	return progs
}

func readFile(t testing.TB, path string) [2]string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return [2]string{filepath.Base(path), string(b)}
}

func TestHello(t *testing.T) {
	_, out, exit := runSources(t, Options{}, [2]string{"hello.c", `#include <stdio.h>
int sq(int x) { return x * x; }
int main(void) {
	int i, s = 0;
	char buf[32];
	for (i = 0; i < 10; i++) s += sq(i);
	snprintf(buf, sizeof buf, "%s-%05.1f", "x", 3.14159);
	printf("hello %d %s %x %-4d| %c\n", s, buf, 255, 7, 'A');
	return 3;
}`})
	if want := "hello 285 x-003.1 ff 7   | A\n"; out["hello"] != want || exit["hello"] != "3" {
		t.Fatalf("got %q exit %q", out["hello"], exit["hello"])
	}
}

func TestSeedPair(t *testing.T) {
	_, out, exit := runSources(t, Options{}, readFile(t, "testdata/seed/server.c"), readFile(t, "testdata/seed/client.c"))
	for _, n := range []string{"server", "client"} {
		want, _ := os.ReadFile("testdata/seed/" + n + ".stdout")
		if out[n] != string(want) || exit[n] != "0" {
			t.Errorf("%s: got %q exit %q, want %q", n, out[n], exit[n], want)
		}
	}
	_ = strings.TrimSpace
}
