package timeline

import (
	"socklab/engine/internal/sfmt"
	"sort"
	"strconv"

	"socklab/engine"
)

// Backend is what the interpreter drives: the simulated kernel
// (*engine.Kernel) or the host kernel (engine/difftest).
type Backend interface {
	NewTask(comm string) int
	SetStep(step, line int)
	Syscall(pid int, c engine.Call) (engine.Result, bool)
	Completed() []engine.Completion
}

// invariantChecker is implemented by backends that can check themselves
// (*engine.Kernel).
type invariantChecker interface{ CheckInvariants() error }

// proc is a timeline process: its kernel task, its variables, its program
// counter and the call it is blocked in.
type proc struct {
	name string
	pid  int
	vars map[string]value
	pc   int // statements of this process executed so far
	blk  *blockedCall
	exit int // the line of the exit() that ended the process; 0 while it lives
}

// blockedCall is a call that went to sleep in the kernel; its result is
// assigned when a later statement completes it.
type blockedCall struct {
	step, line int
	call       string
	assign     string
	sv         string
}

// state is the interpreter's state between statements: everything besides
// the kernel that time travel must copy.
type state struct {
	procs  []*proc // in creation order
	byName map[string]*proc
	byPID  map[int]*proc
}

func newState() *state {
	return &state{byName: map[string]*proc{}, byPID: map[int]*proc{}}
}

// clone deep-copies the state (a time-travel checkpoint).
func (s *state) clone() *state {
	c := &state{procs: make([]*proc, len(s.procs)), byName: make(map[string]*proc, len(s.procs)), byPID: make(map[int]*proc, len(s.procs))}
	for i, p := range s.procs {
		q := *p
		q.vars = make(map[string]value, len(p.vars))
		for k, v := range p.vars {
			q.vars[k] = v
		}
		if p.blk != nil {
			b := *p.blk
			q.blk = &b
		}
		c.procs[i], c.byName[q.name], c.byPID[q.pid] = &q, &q, &q
	}
	return c
}

// InternalError is an engine bug found while running a timeline: a panic in
// the backend, a broken kernel invariant or an impossible completion. The
// run stops at the statement that found it.
type InternalError struct {
	Step int
	Line int
	Msg  string
}

func (e *InternalError) Error() string {
	return sfmt.Sprintf("internal error at step %d (line %d): %s", e.Step, e.Line, e.Msg)
}

// execResult is what one statement did.
type execResult struct {
	call *engine.Call // the evaluated call handed to the backend (nil on error)
	halt *InternalError
}

// exec runs statement number step and appends its events to *out: the
// statement's own event first, then the returns of the calls it woke,
// ordered by the step at which they blocked.
func (s *state) exec(b Backend, step, line int, in *instr, checkInv bool, out *[]engine.Event) (res execResult) {
	defer func() {
		if r := recover(); r != nil {
			res.halt = &InternalError{Step: step, Line: line, Msg: sfmt.Sprintf("panic: %v", r)}
			*out = append(*out, errorEvent(step, line, in, &Error{Line: line}, "internal error: "+res.halt.Msg))
		}
	}()
	b.SetStep(step, line)
	var p *proc
	if in.proc != "" {
		p = s.byName[in.proc]
		if p == nil {
			p = &proc{name: in.proc, pid: b.NewTask(in.proc), vars: map[string]value{}}
			s.procs = append(s.procs, p)
			s.byName[p.name] = p
			s.byPID[p.pid] = p
		}
		p.pc++
	}
	if in.err != nil {
		*out = append(*out, errorEvent(step, line, in, in.err, in.err.Msg))
		return res
	}
	if p.blk != nil {
		e := &Error{Line: line, Col: in.st.Pos().Col} // same text, same column
		*out = append(*out, errorEvent(step, line, in, e, sfmt.Sprintf("%s is blocked in %s (line %d)", clip(p.name), p.blk.call, p.blk.line)))
		return res
	}
	if p.exit != 0 {
		e := &Error{Line: line, Col: in.st.Pos().Col}
		*out = append(*out, errorEvent(step, line, in, e, sfmt.Sprintf("%s has ended: it called exit (line %d)", clip(p.name), p.exit)))
		return res
	}
	if in.name != "" && s.byName[in.name] != nil {
		e := &Error{Line: line, Col: in.fn.Args[0].Pos().Col}
		*out = append(*out, errorEvent(step, line, in, e, sfmt.Sprintf("process %s already exists: fork needs a new name", clip(in.name))))
		return res
	}
	args, err := s.evalArgs(in, p)
	if err != nil {
		*out = append(*out, errorEvent(step, line, in, err, err.Msg))
		return res
	}
	call := &engine.Call{Name: in.call, Args: args}
	res.call = call
	r, blocked := b.Syscall(p.pid, *call)
	if blocked {
		p.blk = &blockedCall{step: step, line: line, call: in.call, assign: in.assign, sv: in.sv}
		*out = append(*out, engine.Event{Step: step, Proc: p.name, Call: in.call, Kind: engine.EvBlock, Line: line})
	} else {
		*out = append(*out, returnEvent(step, p.name, in.call, line, 0, r))
		if in.name != "" && r.Errno == 0 && r.Ret > 0 {
			s.forked(p, in, step, line, int(r.Ret), out)
		}
		p.assign(in.assign, in.sv, r)
		if in.call == "exit" && r.Errno == 0 {
			p.exit = line
		}
	}
	done := b.Completed()
	sort.SliceStable(done, func(i, j int) bool { // time-outs of a sleep in deadline order (Completion.At)
		return done[i].At < done[j].At || done[i].At == done[j].At && done[i].BlockStep < done[j].BlockStep
	})
	for _, c := range done {
		q := s.byPID[c.PID]
		if q == nil || q.blk == nil || q.blk.step != c.BlockStep {
			res.halt = &InternalError{Step: step, Line: line, Msg: sfmt.Sprintf("the kernel completed a call of pid %d blocked at step %d, which is not blocked there", c.PID, c.BlockStep)}
			*out = append(*out, errorEvent(step, line, in, &Error{Line: line}, "internal error: "+res.halt.Msg))
			return res
		}
		*out = append(*out, returnEvent(q.blk.step, q.name, q.blk.call, q.blk.line, step, c.Result))
		q.assign(q.blk.assign, q.blk.sv, c.Result)
		q.blk = nil
	}
	if checkInv {
		if ic, ok := b.(invariantChecker); ok {
			if err := ic.CheckInvariants(); err != nil {
				res.halt = &InternalError{Step: step, Line: line, Msg: "kernel invariant broken: " + err.Error()}
				*out = append(*out, errorEvent(step, line, in, &Error{Line: line}, "internal error: "+res.halt.Msg))
			}
		}
	}
	return res
}

// forked adds the child that fork created in the kernel: process in.name
// with pid, a copy of parent's variables (before the parent's own result is
// assigned), whose first event is its own fork returning 0, right after the
// parent's (timeline-v2.md, "Order of events for fork").
func (s *state) forked(parent *proc, in *instr, step, line, pid int, out *[]engine.Event) {
	c := &proc{name: in.name, pid: pid, vars: make(map[string]value, len(parent.vars))}
	for k, v := range parent.vars {
		c.vars[k] = v
	}
	s.procs = append(s.procs, c)
	s.byName[c.name] = c
	s.byPID[c.pid] = c
	*out = append(*out, returnEvent(step, c.name, in.call, line, 0, engine.Result{}))
	c.assign(in.assign, "", engine.Result{})
}

// assign stores a call's result in its variable (if any); socketpair's sv
// becomes an int[2] holding the two new fds. Variables take the type of
// what was last assigned to them.
func (p *proc) assign(name, sv string, r engine.Result) {
	if name != "" {
		p.vars[name] = value{v: [2]int64{r.Ret}}
	}
	if sv != "" && r.HasSV {
		p.vars[sv] = value{arr: true, v: r.SV}
	}
}

func returnEvent(step int, proc, call string, line, after int, r engine.Result) engine.Event {
	e := engine.Event{Step: step, Proc: proc, Call: call, Kind: engine.EvReturn, Ret: r.Ret,
		Errno: r.Errno.String(), Data: r.Data, Addr: r.Addr, After: after, Line: line}
	engine.ResultKeys(call, &r)
	e.SetResult(&r)
	return e
}

func errorEvent(step, line int, in *instr, pos *Error, msg string) engine.Event {
	return engine.Event{Step: step, Proc: in.proc, Call: in.call, Kind: engine.EvError,
		Message: "line " + strconv.Itoa(line) + ": " + msg, Line: line, Col: pos.Col}
}
