package snapjson

import (
	"strconv"
	"strings"
	"testing"

	"socklab/engine"
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

// BenchmarkParts splits a step's work at 100 sockets: the statement alone, the snapshot alone
// (engine.Kernel.Snapshot), and the Mirror's comparison and encoding of one step's changes.
func BenchmarkParts(b *testing.B) {
	b.Run("statement", func(b *testing.B) {
		s := timeline.NewSession(HundredSockets(), timeline.Options{StepBudget: 5000})
		s.Goto(50)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if s.Pos() == 100 {
				b.StopTimer()
				s.Goto(50)
				b.StartTimer()
			}
			s.Step()
		}
	})
	b.Run("snapshot", func(b *testing.B) {
		k := engine.NewKernel()
		_, err := timeline.Run(k, HundredSockets(), timeline.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			k.Snapshot()
		}
	})
	b.Run("delta", func(b *testing.B) {
		s := timeline.NewSession(HundredSockets(), timeline.Options{StepBudget: 5000})
		s.Goto(99)
		prev := s.Snapshot()
		s.Step()
		next := s.Snapshot()
		m := NewMirror()
		buf := m.Delta(nil, prev)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			buf = m.Delta(buf[:0], next)
			buf = m.Delta(buf[:0], prev)
		}
	})
	b.Run("view", func(b *testing.B) { // a step's View, its snapshot made already
		s := timeline.NewSession(HundredSockets(), timeline.Options{StepBudget: 5000})
		s.Goto(99)
		m := NewMirror()
		m.Delta(nil, s.Snapshot())
		s.Step()
		s.Snapshot()
		var buf []byte
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			buf = StagedView(buf[:0], s, m)
			m.Discard()
		}
	})
}
