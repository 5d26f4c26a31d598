package cprog

import (
	"testing"
	"time"
)

func TestSessionTimeTravel(t *testing.T) {
	var progs []*Program
	for _, f := range []string{"testdata/seed/server.c", "testdata/seed/client.c"} {
		src := readFile(t, f)
		p, err := Compile(src[0], src[1])
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
	}
	s := NewSession(progs, Options{})
	if s.Len() < 10 {
		t.Fatalf("only %d steps", s.Len())
	}
	// find the accept that blocks and go back to it after the end
	accept := 0
	for i := 1; i <= s.Len(); i++ {
		for _, e := range s.StepEvents(i) {
			if e.Call == "accept" && e.Kind == "block" {
				accept = i
			}
		}
	}
	if accept == 0 {
		t.Fatal("no blocking accept")
	}
	s.Goto(s.Len())
	if got := string(s.Stdout("client")); got == "" {
		t.Fatal("no client output at the end")
	}
	t0 := time.Now()
	s.Goto(accept)
	t.Logf("back from step %d to %d: %v", s.Len(), accept, time.Since(t0))
	var blocked bool
	for _, p := range s.Procs() {
		if p.Name == "server" && p.State == "blocked" && p.Line == 46 {
			blocked = true
		}
	}
	if !blocked {
		t.Fatalf("server not blocked in accept at line 46: %+v", s.Procs())
	}
	if len(s.Chain()) == 0 {
		t.Error("no call chain for the accept step")
	}
	if s.Diff().Empty() {
		t.Error("the accept step changed nothing")
	}
	snap := s.Snapshot()
	if snap == nil || len(snap.Tasks) != 2 {
		t.Errorf("snapshot: %+v", snap)
	}
	if string(s.Stdout("client")) != "" {
		t.Error("client output before the client ran")
	}
}
