package cprog

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func seedRun(t *testing.T, seed uint64) string {
	var progs []*Program
	for _, f := range []string{"testdata/corpus/select_server/server.c", "testdata/corpus/select_server/client.c"} {
		src := readFile(t, f)
		p, err := Compile(src[0], src[1])
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
	}
	r := NewRunner(progs, Options{Seed: seed})
	var b strings.Builder
	for r.Step() {
		for _, e := range r.TakeEvents() {
			j, _ := json.Marshal(e)
			b.Write(j)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// The same seed gives the same run; seeds give other interleavings (a
// client that connects before the server listens is one of the races).
func TestSeeds(t *testing.T) {
	runs := map[string]bool{}
	for seed := uint64(0); seed <= 6; seed++ {
		a, b := seedRun(t, seed), seedRun(t, seed)
		if a != b {
			t.Fatalf("seed %d is not deterministic", seed)
		}
		runs[a] = true
	}
	if len(runs) < 3 {
		t.Errorf("7 seeds gave only %d interleavings", len(runs))
	}
}

func TestBudget(t *testing.T) {
	p, err := Compile("spin.c", "#include <stdio.h>\nint main(void){ printf(\"before\\n\"); for(;;); }")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner([]*Program{p}, Options{Budget: 100000})
	err = r.Run()
	if !errors.Is(err, ErrBudget) || string(r.Stdout("spin")) != "before\n" {
		t.Fatalf("err %v, stdout %q", err, r.Stdout("spin"))
	}
}

func TestDeadlock(t *testing.T) {
	_, _, _ = runSources(t, Options{}, [2]string{"a.c", "#include <unistd.h>\n#include <sys/socket.h>\nint main(void){ int sv[2]; char c; socketpair(1,1,0,sv); return read(sv[0], &c, 1); }"})
	p, _ := Compile("a.c", "#include <unistd.h>\n#include <sys/socket.h>\nint main(void){ int sv[2]; char c; socketpair(1,1,0,sv); return read(sv[0], &c, 1); }")
	r := NewRunner([]*Program{p}, Options{})
	if err := r.Run(); err == nil || !strings.Contains(err.Error(), "deadlock") || !strings.Contains(err.Error(), "a (line 3)") {
		t.Fatalf("got %v", err)
	}
}

// Events carry their source line; JSON has the spec's keys.
func TestEventsJSON(t *testing.T) {
	r, _, _ := runSources(t, Options{}, readFile(t, "testdata/seed/server.c"), readFile(t, "testdata/seed/client.c"))
	_ = r
	p1, _ := Compile("server.c", readFile(t, "testdata/seed/server.c")[1])
	p2, _ := Compile("client.c", readFile(t, "testdata/seed/client.c")[1])
	run := NewRunner([]*Program{p1, p2}, Options{})
	var lines []string
	for run.Step() {
		for _, e := range run.TakeEvents() {
			b, _ := json.Marshal(e)
			lines = append(lines, string(b))
		}
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		`{"step":6,"proc":"server","call":"accept","event":"block","line":46}`,
		`{"proc":"server","event":"stdout","data":"客户端已连接\n"}`,
		`"call":"accept","event":"return","ret":4,"errno":"","data":"","addr":"","after":8,"line":46}`,
		`{"proc":"client","event":"exit","status":"0","line":55}`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %s in\n%s", want, all)
		}
	}
}
