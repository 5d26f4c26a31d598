package lessons

import (
	"fmt"
	"strconv"
	"strings"

	"socklab/engine"
)

// The course checker: every lesson's reference solution meets all of its
// goals, its starter does not, and every prediction's answer is what the
// engine produces. Lessons that need an engine feature the engine lacks are
// pending (reported with the reason), never silently skipped.

// Features says which optional engine features are available ("af_inet").
type Features map[string]bool

// featureProbes are timelines that must run without any errno or error
// event for a feature to count as present. af_inet: a TCP connection over
// loopback and a UDP socket.
var featureProbes = map[string]string{
	"af_inet": `s: l = socket(AF_INET, SOCK_STREAM, 0)
s: bind(l, "127.0.0.1:7000")
s: listen(l, 1)
c: fd = socket(AF_INET, SOCK_STREAM, 0)
c: connect(fd, "127.0.0.1:7000")
s: a = accept(l)
u: d = socket(AF_INET, SOCK_DGRAM, 0)
u: bind(d, "127.0.0.1:7001")
`,
	// The timeline-v2 features (../shared/spec/timeline-v2.md), each probed
	// by the calls its lessons make.
	"fork": `p: s = socket(AF_UNIX, SOCK_STREAM, 0)
p: pid = fork("kid")
kid: exit(3)
p: waitpid(pid, 0)
`,
	"poll": `p: pipe(sv)
p: write(sv[1], "x")
p: poll({sv[0], POLLIN}, 0)
p: select(5, {sv[0]}, NULL, NULL, 0)
`,
	"epoll": `p: pipe(sv)
p: ep = epoll_create1(0)
p: epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], EPOLLIN|EPOLLET)
p: write(sv[1], "x")
p: epoll_wait(ep, 8, 0)
`,
	"scm_rights": `p: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
p: sendmsg(sv[0], "x", 0, {sv[0]})
p: recvmsg(sv[1], 10, 0)
`,
	"timeouts": `p: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
p: setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, 100)
p: setsockopt(sv[0], SOL_SOCKET, SO_LINGER, {1, 0})
`,
}

// featureReasons explain a missing feature to the reader of the report.
var featureReasons = map[string]string{
	"af_inet":    "the engine does not support AF_INET yet (issue 4)",
	"fork":       "the engine does not support fork/exit/waitpid yet (issue 10)",
	"poll":       "the engine does not support pipe/poll/select yet (issue 10)",
	"epoll":      "the engine does not support epoll yet (issue 10)",
	"scm_rights": "the engine does not support sendmsg/recvmsg with SCM_RIGHTS yet (issue 10)",
	"timeouts":   "the engine does not support SO_RCVTIMEO/SO_LINGER yet (issue 10)",
}

// Probe finds out which features the engine behind run has.
func Probe(run Runner) Features {
	f := Features{}
	for name, src := range featureProbes {
		f[name] = probeOK(run, src)
	}
	return f
}

func probeOK(run Runner, src string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // an engine that panics on the probe lacks the feature
		}
	}()
	r := run(src)
	if len(r.Errors()) > 0 {
		return false
	}
	evs := r.Events()
	if len(evs) == 0 {
		return false
	}
	for _, e := range evs {
		if e.Kind != engine.EvReturn || e.Errno != "" || e.Ret < 0 {
			return false
		}
	}
	return true
}

// Pending returns why lesson l cannot be checked with features f ("" if it can).
func (l *Lesson) Pending(f Features) string {
	for _, req := range l.Requires {
		if !f[req] {
			why := featureReasons[req]
			if why == "" {
				why = "the engine lacks feature " + req
			}
			return "requires " + req + ": " + why
		}
	}
	return ""
}

// Result is the check of one lesson.
type Result struct {
	Lesson   *Lesson
	Pending  string   // non-empty: not checked, and why
	Solution []bool   // goal i holds for the reference solution
	Starter  []bool   // goal i holds for the starter
	Predict  []string // the engine's answer to prediction i
	Problems []string // why the lesson fails; empty = it passes
}

// OK reports a checked lesson with no problems.
func (r *Result) OK() bool { return r.Pending == "" && len(r.Problems) == 0 }

// Check runs lesson l's solution and starter. An engine panic is reported as
// a problem of the lesson: an engine bug must fail the lesson, not the checker.
func Check(l *Lesson, run Runner, f Features) (res *Result) {
	res = &Result{Lesson: l, Pending: l.Pending(f)}
	if res.Pending != "" {
		return res
	}
	defer func() {
		if r := recover(); r != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("engine panic: %v", r))
		}
	}()
	problem := func(format string, args ...any) { res.Problems = append(res.Problems, fmt.Sprintf(format, args...)) }
	traces := map[string]*Trace{}
	for _, which := range []string{"solution", "starter"} {
		src := l.Solution
		if which == "starter" {
			src = l.Starter
		}
		t, errs := runSafely(run, src)
		if len(errs) > 0 {
			problem("%s does not run: %s", which, strings.Join(errs, "; "))
			continue
		}
		traces[which] = t
		for _, e := range t.Final().Events {
			if e.Kind == engine.EvError {
				problem("%s: step %d: %s", which, e.Step, e.Message)
			}
		}
		holds := EvalGoals(l, t.Final())
		if which == "solution" {
			res.Solution = holds
			for i, ok := range holds {
				if !ok {
					problem("solution does not meet goal %d: %s", i+1, l.Goals[i].Check)
				}
			}
		} else {
			res.Starter = holds
			if allTrue(holds) {
				problem("starter already meets every goal: nothing to do")
			}
		}
	}
	for i, p := range l.Predict {
		t := traces[p.On]
		if t == nil {
			res.Predict = append(res.Predict, "")
			continue
		}
		got := PredictValue(t, p)
		res.Predict = append(res.Predict, got)
		if p.Step > t.Len() {
			problem("prediction %d: step %d is past the %s's %d statements", i+1, p.Step, p.On, t.Len())
		} else if got != p.Answer {
			problem("prediction %d (%s step %d, %s): the lesson says %q, the engine says %q", i+1, p.On, p.Step, p.Ask, p.Answer, got)
		}
	}
	return res
}

// runSafely runs src; a timeline that does not parse gives its errors.
func runSafely(run Runner, src string) (*Trace, []string) {
	r := run(src)
	if errs := r.Errors(); len(errs) > 0 {
		return nil, errs
	}
	return NewTrace(r), nil
}

// EvalGoals evaluates each of l's goals in w.
func EvalGoals(l *Lesson, w *World) []bool {
	out := make([]bool, len(l.Goals))
	for i, g := range l.Goals {
		out[i] = g.Check.Holds(w)
	}
	return out
}

// PredictValue is the engine's answer to prediction p on trace t.
func PredictValue(t *Trace, p Prediction) string {
	w := t.World(p.Step)
	if p.value != nil {
		return p.value.Value(w)
	}
	var own *engine.Event
	for i, e := range w.Events {
		if e.Step == p.Step {
			own = &w.Events[i]
		}
	}
	switch {
	case own == nil:
		return "none"
	case own.Kind == engine.EvBlock:
		return "block"
	case own.Kind == engine.EvError:
		return "error"
	case p.Ask == "errno":
		if own.Errno == "" {
			return "0"
		}
		return own.Errno
	}
	return strconv.FormatInt(own.Ret, 10)
}

func allTrue(b []bool) bool {
	for _, x := range b {
		if !x {
			return false
		}
	}
	return true
}
