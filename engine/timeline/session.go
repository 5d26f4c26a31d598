package timeline

import (
	"socklab/engine/internal/sfmt"
	"sort"

	"socklab/engine"
)

// machine is the kernel a Session drives: a Backend that can also be
// observed and copied. *engine.Kernel is one (through kernelMachine); tests
// use small fakes.
type machine interface {
	Backend
	Snapshot() *engine.Snapshot
	Chain() []*engine.Frame
	CheckInvariants() error
	SetTracing(on bool)
	cloneMachine() machine
}

type kernelMachine struct{ *engine.Kernel }

func (m kernelMachine) cloneMachine() machine { return kernelMachine{m.Kernel.Clone()} }

// stmtRef locates a statement in the source; the statement is parsed again
// when it runs, so a long history keeps no syntax trees.
type stmtRef struct {
	start, end int
	line       int32
	proc       int32 // index in Session.procs, -1 if the line names none
}

// Session is a timeline being stepped through, the façade the playground,
// the lessons and the server use. Position 0 is before the first statement;
// position n is after statement n. Any position up to End can be reached
// forwards or backwards (time travel: kernel clones every K steps plus
// replay), and every event, snapshot, diff and call chain is available at
// the current position.
//
// A Session is not safe for concurrent use. Returned slices and snapshots
// are shared with the session's caches: do not modify them.
type Session struct {
	opts  Options
	src   string
	stmts []stmtRef // the statements that can run (at most the step budget)
	total int       // all statements in the source
	errs  ErrorList
	procs []string         // process names in order of first appearance
	progs map[string][]int // each process's program: its statement indices (0-based)

	m     machine // the live kernel, at pos
	st    *state  // the live interpreter state, at pos
	pos   int
	front int // the furthest step executed so far
	end   int // the last reachable step
	err   error

	log     []engine.Event // every event emitted up to front, in order
	kept    int64          // what log holds, for the memory budget (eventCost)
	emitted []int32        // emitted[s] = len(log) after step s

	cps   []checkpoint
	every int

	p       parser
	c       compiler
	buf     []engine.Event
	chains  map[int][]*engine.Frame
	snaps   map[int]*snapCache // a few recent snapshots (pos, pos-1) by position
	lastRes execResult
	undo    *undoState   // the state before a tentative statement (tentative.go)
	recent  []checkpoint // the states before the last committed ones (Commit)
}

type snapCache struct {
	pos  int
	snap *engine.Snapshot
}

// NewSession parses src and prepares to step through it on a fresh
// simulated kernel (engine.NewKernel). Statements with errors still count
// and become error events when they run; Errors lists them up front.
func NewSession(src string, opts Options) *Session {
	return newSession(src, opts, kernelMachine{engine.NewKernel()})
}

func newSession(src string, opts Options, m machine) *Session {
	s := &Session{opts: opts, src: src, m: m, st: newState(), progs: map[string][]int{},
		emitted: []int32{0}, chains: map[int][]*engine.Frame{}}
	s.every = opts.CheckpointEvery
	if s.every <= 0 {
		s.every = 256
	}
	var sink errorSink
	procIndex := map[string]int32{}
	l := lines{src: src}
	for {
		start, end, line, num, ok := l.next()
		if !ok {
			break
		}
		if num > opts.budget() {
			// Beyond the budget nothing runs: count the statements
			// (cheaply) but do not parse them, so that an enormous
			// timeline does not freeze the page before its first step.
			s.total = num
			for _, _, _, n, more := l.next(); more; _, _, _, n, more = l.next() {
				s.total = n
			}
			break
		}
		st := s.p.parseLine(src, start, end, line, num, &sink)
		if s.p.first == nil {
			if in := compile(st, nil); in.err != nil {
				sink.add(Pos{Line: in.err.Line, Col: in.err.Col}, in.err.Msg)
			}
		}
		ref := stmtRef{start: start, end: end, line: int32(line), proc: -1}
		if name := st.ProcName(); name != "" {
			i, ok := procIndex[name]
			if !ok {
				i = int32(len(s.procs))
				procIndex[name] = i
				s.procs = append(s.procs, name)
			}
			ref.proc = i
			s.progs[name] = append(s.progs[name], num-1)
		}
		s.stmts = append(s.stmts, ref)
	}
	s.errs = sink.list
	s.total = max(s.total, len(s.stmts))
	s.end = len(s.stmts)
	m.SetTracing(false)
	s.cps = []checkpoint{{pos: 0, m: m.cloneMachine(), st: s.st.clone()}}
	return s
}

// Errors are the timeline's parse and static errors (line:col), capped.
// Statements beyond the step budget are not checked.
func (s *Session) Errors() ErrorList { return s.errs }

// Len is the number of statements.
func (s *Session) Len() int { return s.total }

// End is the last position that can be reached: Len, unless the step budget
// or an internal error stops the timeline earlier (see Err).
func (s *Session) End() int { return s.end }

// Pos is the current position: the number of statements executed.
func (s *Session) Pos() int { return s.pos }

// Err says why the timeline stops before its last statement once that point
// has been reached: the step budget (wraps ErrStepBudget) or an engine bug
// (*InternalError). nil otherwise.
func (s *Session) Err() error { return s.err }

// Procs lists the process names in order of first appearance.
func (s *Session) Procs() []string { return s.procs }

// Line is the source line of statement step (1-based); 0 if out of range.
func (s *Session) Line(step int) int {
	if step < 1 || step > len(s.stmts) {
		return 0
	}
	return int(s.stmts[step-1].line)
}

// Step executes the next statement. It reports false at the end.
func (s *Session) Step() (ok bool) {
	defer s.guard()
	if s.pos >= s.end {
		return false
	}
	s.advance(true)
	return true
}

// guard turns a panic in the kernel outside a statement (Snapshot, Clone)
// into an InternalError that stops the session where it is: an engine bug
// becomes a clear message, never a crashed page. Statements recover their
// own panics (state.exec).
func (s *Session) guard() {
	r := recover()
	if r == nil {
		return
	}
	s.err = &InternalError{Step: s.pos, Line: s.Line(s.pos), Msg: sfmt.Sprintf("panic: %v", r)}
	s.end = min(s.end, max(s.pos, 0))
	s.snaps = nil
}

// Back goes back one statement. It reports false at position 0.
func (s *Session) Back() bool {
	if s.pos == 0 {
		return false
	}
	s.Goto(s.pos - 1)
	return true
}

// RunToEnd executes every remaining statement (up to End) and returns the
// final position.
func (s *Session) RunToEnd() int { return s.Goto(s.end) }

// Goto moves to position n (clamped to [0, End]) and returns it.
func (s *Session) Goto(n int) int {
	defer s.guard()
	n = max(0, min(n, s.end))
	if n == s.pos {
		return n
	}
	if c := s.checkpointAt(n); n < s.pos || c.pos > s.pos {
		s.m, s.st, s.pos = c.m.cloneMachine(), c.st.clone(), c.pos
		s.m.SetTracing(false)
	}
	for s.pos < n && s.pos < s.end { // an internal error can move end back
		s.advance(s.pos == n-1)
	}
	return s.pos
}

// instrAt compiles statement step again (or finds it in the cache).
func (s *Session) instrAt(step int) *instr {
	ref := s.stmts[step-1]
	return s.c.compileLine(s.src, ref.start, ref.end, int(ref.line), step)
}

// stmtAt parses statement step afresh (with its own positions).
func (s *Session) stmtAt(step int) *ProcStmt {
	ref := s.stmts[step-1]
	var sink errorSink
	return s.p.parseLine(s.src, ref.start, ref.end, int(ref.line), step, &sink)
}

// advance executes statement pos+1 on the live kernel. At the frontier its
// events are logged and checkpoints taken; behind it, the replay's events
// are the logged ones (the engine is deterministic). trace records the
// statement's call chain.
func (s *Session) advance(trace bool) {
	n := s.pos + 1
	s.buf = s.buf[:0]
	res, chain := s.execOn(s.m, s.st, n, trace, &s.buf)
	s.pos = n
	if trace {
		s.cacheChain(n, chain)
	}
	if n <= s.front {
		return
	}
	s.front = n
	s.log = append(s.log, s.buf...)
	for i := range s.buf {
		s.kept += eventCost(&s.buf[i])
	}
	s.emitted = append(s.emitted, int32(len(s.log)))
	switch {
	case res.halt != nil:
		s.end, s.err = n, res.halt
	case s.MemoryUsed() > s.opts.memBudget():
		s.end, s.err = n, memoryError(n, s.opts.memBudget())
	case n == s.end && s.end < s.total:
		s.err = budgetError(s.end)
	}
	if n%s.every == 0 && n < s.end {
		s.checkpoint()
	}
}

// execOn runs statement n on machine m with state st.
func (s *Session) execOn(m machine, st *state, n int, trace bool, out *[]engine.Event) (execResult, []*engine.Frame) {
	in, line := s.instrAt(n), s.Line(n)
	if !trace {
		return st.exec(m, n, line, in, s.opts.CheckInvariants, out), nil
	}
	m.SetTracing(true)
	m.Chain() // drop anything recorded before
	res := st.exec(m, n, line, in, s.opts.CheckInvariants, out)
	chain := m.Chain()
	m.SetTracing(false)
	return res, chain
}

// MemoryUsed is what the session holds as its memory budget counts it: the live kernel (payload
// queued and objects), the events logged and the checkpoints' objects.
func (s *Session) MemoryUsed() int64 {
	q, o := kernelMemory(s.m)
	used := q + o + s.kept
	for _, c := range s.cps {
		used += c.cost
	}
	return used
}

// Events are the events emitted up to the current position, in order.
func (s *Session) Events() []engine.Event { return s.log[:s.emitted[s.pos]] }

// StepEvents are the events emitted by statement step (its own event first,
// then the returns of the calls it woke); nil if it has not run yet.
func (s *Session) StepEvents(step int) []engine.Event {
	if step < 1 || step > s.front {
		return nil
	}
	return s.log[s.emitted[step-1]:s.emitted[step]]
}

// Snapshot is the kernel state at the current position, with each blocked
// call's source line filled in.
func (s *Session) Snapshot() (snap *engine.Snapshot) {
	defer func() {
		if snap == nil { // the kernel panicked: guard has recorded it
			snap = &engine.Snapshot{Step: s.pos}
		}
	}()
	defer s.guard()
	if c := s.snaps[s.pos]; c != nil {
		return c.snap
	}
	snap = s.m.Snapshot()
	s.fillLines(snap)
	s.cacheSnap(s.pos, snap)
	return snap
}

// SnapshotAt is the kernel state at position n (0 <= n <= the furthest step
// executed), from a small cache or from a replay on a scratch copy: the live
// kernel does not move. nil for a position out of that range.
func (s *Session) SnapshotAt(n int) (snap *engine.Snapshot) {
	if n < 0 || n > s.front {
		return nil
	}
	defer func() {
		if snap == nil { // the kernel panicked: guard has recorded it
			snap = &engine.Snapshot{Step: n}
		}
	}()
	defer s.guard()
	return s.snapshotAt(n)
}

// snapshotAt is the state at position n, from the cache or from a replay on
// a scratch copy (the live kernel does not move).
func (s *Session) snapshotAt(n int) *engine.Snapshot {
	if n == s.pos {
		return s.Snapshot()
	}
	if c := s.snaps[n]; c != nil {
		return c.snap
	}
	m, _ := s.replayTo(n, false)
	snap := m.Snapshot()
	s.fillLines(snap)
	s.cacheSnap(n, snap)
	return snap
}

// cacheSnap keeps snapshot n; the cache holds at most a few, and what it
// drops first is anything but the current position and the one before it
// (the two a page's step shows).
func (s *Session) cacheSnap(n int, snap *engine.Snapshot) {
	if s.snaps == nil {
		s.snaps = map[int]*snapCache{}
	}
	if len(s.snaps) >= 4 {
		for k := range s.snaps {
			if k != s.pos && k != s.pos-1 {
				delete(s.snaps, k)
			}
		}
	}
	s.snaps[n] = &snapCache{pos: n, snap: snap}
}

// fillLines sets Blocked.Line of every sleeping task from its step.
func (s *Session) fillLines(snap *engine.Snapshot) { FillBlockedLines(snap, s.Line) }

// FillBlockedLines sets the source line of each blocked call in snap, given
// the line of each statement number.
func FillBlockedLines(snap *engine.Snapshot, lineOf func(step int) int) {
	if snap == nil {
		return
	}
	for i := range snap.Tasks {
		if b := snap.Tasks[i].Blocked; b != nil {
			b.Line = lineOf(b.Step)
		}
	}
}

// Chain is the call chain of the kernel functions statement step went
// through (nil for a step not yet executed).
func (s *Session) Chain(step int) []*engine.Frame {
	defer s.guard()
	if step < 1 || step > s.front {
		return nil
	}
	if c, ok := s.chains[step]; ok {
		return c
	}
	_, chain := s.replayTo(step, true)
	s.cacheChain(step, chain)
	return chain
}

func (s *Session) cacheChain(step int, chain []*engine.Frame) {
	if len(s.chains) >= 64 {
		clear(s.chains)
	}
	s.chains[step] = chain
}

// replayTo rebuilds the state at position n (n <= front) on a scratch copy
// from the nearest checkpoint, tracing the last statement if asked.
func (s *Session) replayTo(n int, traceLast bool) (machine, []*engine.Frame) {
	c := s.checkpointAt(n)
	if traceLast && c.pos == n {
		c = s.checkpointAt(n - 1)
	}
	m, st := c.m.cloneMachine(), c.st.clone()
	m.SetTracing(false)
	var chain []*engine.Frame
	var scratch []engine.Event
	for i := c.pos + 1; i <= n; i++ {
		scratch = scratch[:0]
		_, chain = s.execOn(m, st, i, traceLast && i == n, &scratch)
	}
	return m, chain
}

// CurrentLine is the source line of process proc's blocked call, or of its
// next statement; 0 if it has none left (or no such process).
func (s *Session) CurrentLine(proc string) int {
	pc := 0
	if p := s.st.byName[proc]; p != nil {
		if p.blk != nil {
			return p.blk.line
		}
		pc = p.pc
	}
	prog := s.progs[proc]
	if pc >= len(prog) {
		return 0
	}
	return int(s.stmts[prog[pc]].line)
}

// ProcState is one process at the current position, for the editor and
// the page.
type ProcState struct {
	Name        string `json:"name"`
	PID         int    `json:"pid"`     // 0 until its first statement runs
	Line        int    `json:"line"`    // CurrentLine
	Blocked     bool   `json:"blocked"` // asleep in a call
	BlockedCall string `json:"blocked_call,omitempty"`
	BlockedStep int    `json:"blocked_step,omitempty"`
	Done        bool   `json:"done"`             // no statements left and not blocked, or exited
	Exited      bool   `json:"exited,omitempty"` // it called exit (timeline v2)
}

// ProcStates describes every process (in order of first appearance).
func (s *Session) ProcStates() []ProcState {
	out := make([]ProcState, 0, len(s.procs))
	for _, name := range s.procs {
		ps := ProcState{Name: name, Line: s.CurrentLine(name)}
		if p := s.st.byName[name]; p != nil {
			ps.PID = p.pid
			if p.blk != nil {
				ps.Blocked, ps.BlockedCall, ps.BlockedStep = true, p.blk.call, p.blk.step
			}
		}
		ps.Done = ps.Line == 0
		if p := s.st.byName[name]; p != nil && p.exit != 0 {
			ps.Exited, ps.Done = true, true
		}
		out = append(out, ps)
	}
	return out
}

// Vars are process proc's variables at the current position (an int[2] as
// name[0] and name[1]), sorted by name.
func (s *Session) Vars(proc string) []Var {
	p := s.st.byName[proc]
	if p == nil {
		return nil
	}
	out := make([]Var, 0, len(p.vars))
	for name, v := range p.vars {
		if v.arr {
			out = append(out, Var{Name: name + "[0]", Value: v.v[0]}, Var{Name: name + "[1]", Value: v.v[1]})
		} else {
			out = append(out, Var{Name: name, Value: v.v[0]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Var is one process variable.
type Var struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}
