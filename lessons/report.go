package lessons

import (
	"fmt"
	"io"
)

// CheckAll checks every lesson with run and the features it has.
func CheckAll(ls []*Lesson, run Runner, f Features) []*Result {
	out := make([]*Result, len(ls))
	for i, l := range ls {
		out[i] = Check(l, run, f)
	}
	return out
}

// Summary counts results.
type Summary struct{ Lessons, Passed, Pending, Failed int }

// Report prints each lesson's verdict, which goals its solution and its
// starter meet, the engine's answers to its predictions and its problems,
// then "N lessons: P passed, Q pending, F failed".
func Report(w io.Writer, results []*Result) Summary {
	var s Summary
	yes := map[bool]string{true: "met", false: "not met"}
	for i, r := range results {
		l := r.Lesson
		s.Lessons++
		verdict := "PASS"
		switch {
		case r.Pending != "":
			verdict = "PENDING"
			s.Pending++
		case !r.OK():
			verdict = "FAIL"
			s.Failed++
		default:
			s.Passed++
		}
		fmt.Fprintf(w, "%-7s %2d %-18s %s\n", verdict, i+1, l.ID, l.Title.In("en"))
		if r.Pending != "" {
			fmt.Fprintf(w, "           %s\n", r.Pending)
			continue
		}
		for gi, g := range l.Goals {
			sol, st := "?", "?"
			if gi < len(r.Solution) {
				sol = yes[r.Solution[gi]]
			}
			if gi < len(r.Starter) {
				st = yes[r.Starter[gi]]
			}
			fmt.Fprintf(w, "           goal %d: solution %s, starter %s — %s\n", gi+1, sol, st, g.Text.In("en"))
		}
		for pi, p := range l.Predict {
			got := ""
			if pi < len(r.Predict) {
				got = r.Predict[pi]
			}
			mark := "ok"
			if got != p.Answer {
				mark = "WRONG"
			}
			fmt.Fprintf(w, "           predict %d: %s step %d, %s = %s (engine: %s) %s\n", pi+1, p.On, p.Step, p.Ask, p.Answer, got, mark)
		}
		for _, p := range r.Problems {
			fmt.Fprintf(w, "           FAIL: %s\n", p)
		}
	}
	fmt.Fprintf(w, "%d lessons: %d passed, %d pending, %d failed\n", s.Lessons, s.Passed, s.Pending, s.Failed)
	return s
}
