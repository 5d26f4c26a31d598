package timeline

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"socklab/engine"
)

// pingPong is a timeline of n statements: two processes exchanging bytes
// over a socketpair, the steady state of most lessons.
func pingPong(n int) string {
	var b strings.Builder
	b.Grow(n * 28)
	b.WriteString("a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	for i := 1; i < n; i++ {
		switch i % 4 {
		case 1:
			b.WriteString("a: write(sv[0], \"ping\")\n")
		case 2:
			b.WriteString("a: read(sv[1], 255)\n")
		case 3:
			b.WriteString("a: write(sv[1], \"pong\")\n")
		default:
			b.WriteString("a: read(sv[0], 255)\n")
		}
	}
	return b.String()
}

// BenchmarkRun1M runs a 1,000,000-statement timeline on the simulated
// kernel (target: under 2 s per run). Run turns chain recording off.
func BenchmarkRun1M(b *testing.B) {
	src := pingPong(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		evs, err := Run(engine.NewKernel(), src, Options{})
		if err != nil || len(evs) != 1_000_000 {
			b.Fatalf("%v, %d events", err, len(evs))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/stmt")
}

// BenchmarkExecFake1M is the interpreter alone (parse, check, evaluate,
// events) on the tiny fake backend.
func BenchmarkExecFake1M(b *testing.B) {
	src := pingPong(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Exec(newFake(), src, Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/stmt")
}

// BenchmarkSessionHistory100k measures the heap a Session holds after
// running 100,000 steps (target: well under 100 MB) and how long a Goto
// back into the history takes.
func BenchmarkSessionHistory100k(b *testing.B) {
	src := pingPong(100_000)
	var heap float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := NewSession(src, Options{})
		s.RunToEnd()
		if s.Pos() != 100_000 {
			b.Fatalf("pos %d", s.Pos())
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		for _, n := range []int{50_000, 1, 99_999, 77_777} {
			s.Goto(n)
			_ = s.Snapshot()
			_ = s.Diff()
			_ = s.Chain(n)
		}
		runtime.KeepAlive(s)
	}
	b.ReportMetric(heap, "MB-heap")
}

// BenchmarkSessionHistory100kBigState is the same with 100 more sockets
// (50 socketpairs) alive throughout, so every checkpoint is a bigger clone.
func BenchmarkSessionHistory100kBigState(b *testing.B) {
	src := strings.Repeat("b: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\nb: write(sv[0], \"queued\")\n", 50) + pingPong(100_000-100)
	var heap float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := NewSession(src, Options{})
		s.RunToEnd()
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(s)
	}
	b.ReportMetric(heap, "MB-heap")
}

// BenchmarkSessionGoto is one Goto to a random-ish earlier step plus the
// snapshot, diff and chain the page asks for after it.
func BenchmarkSessionGoto(b *testing.B) {
	s := NewSession(pingPong(100_000), Options{})
	s.RunToEnd()
	i := 0
	for b.Loop() {
		n := (i*7919 + 13) % 100_000
		i++
		s.Goto(n)
		_ = s.Snapshot()
		_ = s.Diff()
		_ = s.Chain(n)
	}
}

// BenchmarkSessionStep is the page's common path: Step, then the snapshot,
// diff, chain and step info of the new position.
func BenchmarkSessionStep(b *testing.B) {
	src := pingPong(1 << 20)
	s := NewSession(src, Options{})
	for b.Loop() {
		if !s.Step() {
			b.Fatal("end")
		}
		_ = s.Snapshot()
		_ = s.Diff()
		_ = s.Chain(s.Pos())
		_ = s.Info()
	}
}

func TestPingPongShape(t *testing.T) {
	src := pingPong(9)
	if got := strings.Count(src, "\n"); got != 9 {
		t.Fatalf("%d lines", got)
	}
	evs, err := Run(newFake(), src, Options{})
	if err != nil || len(evs) != 9 {
		t.Fatal(err, len(evs))
	}
	if got := fmt.Sprintf("%s %s", evs[2].Data, evs[4].Data); got != "ping pong" {
		t.Fatalf("%q %q", evs[2].Data, evs[4].Data)
	}
}
