package snapjson

import (
	"strconv"
	"strings"
	"testing"

	"socklab/engine/timeline"
)

// HundredSockets is make perf's timeline: 50 socketpairs, then one write on each.
func HundredSockets() string {
	var b strings.Builder
	b.WriteString("# 100 sockets: 50 socketpairs, then one write on each\n")
	for i := 0; i < 50; i++ {
		b.WriteString("p: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	}
	for i := 0; i < 50; i++ {
		b.WriteString("p: write(" + strconv.Itoa(3+2*i) + ", \"message " + strconv.Itoa(i) + "\")\n")
	}
	return b.String()
}

// BenchmarkStepView is the engine's part of one page step at 100 sockets (natively): the
// statement, then the View with its per-step changes (what wasm/main.go does per step).
func BenchmarkStepView(b *testing.B) {
	s := timeline.NewSession(HundredSockets(), timeline.Options{StepBudget: 5000})
	m := NewMirror()
	buf := make([]byte, 0, 1<<16)
	s.Goto(50)
	View(buf, s, m)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.Pos() == 100 {
			b.StopTimer()
			s.Goto(50)
			View(buf[:0], s, m)
			b.StartTimer()
		}
		s.Step()
		buf = View(buf[:0], s, m)
	}
}
