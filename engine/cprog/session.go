//go:build !cprog_compiler

package cprog

import (
	"math/rand/v2"

	"socklab/engine"
	"socklab/engine/timeline/snapdiff"
)

// Session steps through a C run one step at a time (a step ends at a
// system call, a block or an exit), with the kernel snapshot, its diff, the
// kernel call chain of the step and time travel, as timeline.Session does
// for timelines. The whole run is recorded when the session is made; going
// back restores the nearest checkpoint (a copy of the runner: the kernel
// and every process) and replays forward.
type Session struct {
	progs []*Program
	opts  Options
	cur   *Runner
	pos   int
	end   int
	steps [][]Event // events of each step (steps[i] is step i+1)
	cps   []sessionCP
	every int
	err   error
	chain []*engine.Frame
}

type sessionCP struct {
	step int
	r    *Runner
}

// maxSessionCheckpoints bounds the runner copies a session keeps; the
// interval doubles when it is reached.
const maxSessionCheckpoints = 64

// checkpointWork is how many instructions may run between checkpoints.
const checkpointWork = 4 << 20

// NewSession records the run of progs.
func NewSession(progs []*Program, opts Options) *Session {
	s := &Session{progs: progs, opts: opts, every: 16}
	r := NewRunner(progs, opts)
	s.cps = append(s.cps, sessionCP{0, r.clone()})
	pre := r.TakeEvents() // exits of programs that could not start
	lastWork := r.budget
	for r.Step() {
		ev := r.TakeEvents()
		if len(s.steps) == 0 {
			ev = append(pre, ev...)
		}
		s.steps = append(s.steps, ev)
		// a checkpoint every few steps, and after long computations, so
		// going back replays little
		if n := len(s.steps); n%s.every == 0 || lastWork-r.budget > checkpointWork {
			lastWork = r.budget
			s.cps = append(s.cps, sessionCP{n, r.clone()})
			if len(s.cps) > maxSessionCheckpoints {
				s.thin()
			}
		}
	}
	if ev := r.TakeEvents(); len(ev) > 0 {
		s.steps = append(s.steps, ev)
	}
	s.err = r.Err()
	s.end = len(s.steps)
	s.cur = s.cps[0].r.clone()
	return s
}

// thin keeps every other checkpoint and doubles the interval.
func (s *Session) thin() {
	s.every *= 2
	kept := s.cps[:0]
	for i, c := range s.cps {
		if c.step%s.every == 0 || i%2 == 0 {
			kept = append(kept, c)
		}
	}
	s.cps = kept
}

// Len is the number of steps of the run; Pos the steps taken so far.
func (s *Session) Len() int { return s.end }
func (s *Session) Pos() int { return s.pos }

// Err is why the run stopped early, if it did (a budget, a deadlock).
func (s *Session) Err() error { return s.err }

// StepEvents are the events of step n (1-based).
func (s *Session) StepEvents(n int) []Event {
	if n < 1 || n > s.end {
		return nil
	}
	return s.steps[n-1]
}

// Events are all events up to the current position.
func (s *Session) Events() []Event {
	var out []Event
	for i := 0; i < s.pos; i++ {
		out = append(out, s.steps[i]...)
	}
	return out
}

// Step advances one step; false at the end.
func (s *Session) Step() bool {
	if s.pos >= s.end {
		return false
	}
	s.Goto(s.pos + 1)
	return true
}

// Back goes one step back; false at the start.
func (s *Session) Back() bool {
	if s.pos == 0 {
		return false
	}
	s.Goto(s.pos - 1)
	return true
}

// Goto moves to step n (0 = before the first), replaying from the nearest
// checkpoint when going back; the call chain of step n is recorded.
func (s *Session) Goto(n int) int {
	n = max(0, min(n, s.end))
	if n < s.pos || s.cur == nil {
		cp := s.cps[0]
		for _, c := range s.cps {
			if c.step <= n {
				cp = c
			}
		}
		s.cur, s.pos = cp.r.clone(), cp.step
	}
	s.chain = nil
	for s.pos < n {
		last := s.pos+1 == n
		s.cur.k.SetTracing(last)
		if last {
			s.cur.k.Chain()
		}
		s.cur.Step()
		s.cur.TakeEvents()
		if last {
			s.chain = s.cur.k.Chain()
		}
		s.pos++
	}
	s.cur.k.SetTracing(false)
	return s.pos
}

// Chain is the kernel call chain of the current step.
func (s *Session) Chain() []*engine.Frame { return s.chain }

// Snapshot is the kernel state at the current position.
func (s *Session) Snapshot() *engine.Snapshot { return s.cur.k.Snapshot() }

// Diff is what the current step changed in the kernel.
func (s *Session) Diff() *snapdiff.Diff {
	if s.pos == 0 {
		return snapdiff.DiffSnapshots(s.Snapshot(), s.Snapshot())
	}
	after := s.Snapshot()
	pos := s.pos
	s.Goto(pos - 1)
	before := s.Snapshot()
	s.Goto(pos)
	return snapdiff.DiffSnapshots(before, after)
}

// ProcState is one process at the current position, for the page.
type ProcState struct {
	Name      string   `json:"name"`
	Program   string   `json:"program"`
	PID       int      `json:"pid"`
	Line      int      `json:"line"`
	Col       int      `json:"col"`
	State     string   `json:"state"` // running, blocked, sleeping, exited
	Exit      string   `json:"exit,omitempty"`
	Message   string   `json:"message,omitempty"`
	CallStack []string `json:"call_stack,omitempty"`
}

// Procs are the processes at the current position, in start order.
func (s *Session) Procs() []ProcState {
	var out []ProcState
	for _, p := range s.cur.Procs {
		line, col := p.Pos()
		st := [...]string{"running", "blocked", "sleeping", "exited"}[p.state]
		out = append(out, ProcState{Name: p.Name, Program: p.Group, PID: p.PID, Line: line, Col: col, State: st, Exit: p.Exit, Message: p.FaultMsg, CallStack: p.CallChain()})
	}
	return out
}

// Stdout is a program's terminal output up to the current position.
func (s *Session) Stdout(program string) []byte { return s.cur.Stdout(program) }

// Terminal is program's terminal at the current position: stdout and stderr, in the order written.
func (s *Session) Terminal(program string) []byte { return s.cur.Terminal(program) }

// clone copies the runner: the kernel and every process.
func (r *Runner) clone() *Runner {
	c := *r
	c.k = r.k.Clone()
	c.Procs = make([]*Proc, len(r.Procs))
	c.byPID = make(map[int]*Proc, len(r.byPID))
	for i, p := range r.Procs {
		q := p.clone()
		q.sys = &c
		c.Procs[i] = q
		c.byPID[q.PID] = q
		if r.cur == p {
			c.cur = q
		}
	}
	c.exits = make(map[int]string, len(r.exits))
	for k, v := range r.exits {
		c.exits[k] = v
	}
	c.forks = make(map[string]int, len(r.forks))
	for k, v := range r.forks {
		c.forks[k] = v
	}
	c.out = make(map[string][]byte, len(r.out))
	for k, v := range r.out {
		c.out[k] = append([]byte(nil), v...)
	}
	c.term = make(map[string][]byte, len(r.term))
	for k, v := range r.term {
		c.term[k] = append([]byte(nil), v...)
	}
	c.events = nil
	if r.pcg != nil {
		pcg := *r.pcg
		c.pcg = &pcg
		c.rng = rand.New(c.pcg)
	}
	return &c
}
