package timeline

// Tentative steps: the page's engine (wasm/main.go) runs the next statement while the page is
// busy drawing the last one, because the next thing a learner does is most often "step" again.
// If the page then asks for anything else, the session goes back exactly to where it was, as if
// the statement had never run: the position, the frontier, the event log, the checkpoints and
// the step-budget or memory-budget message are restored (the statement ran on copies of the
// kernel and of the interpreter state, and the originals are put back). Caches of call chains
// and snapshots may keep entries for the statement: they are what a replay computes again (the
// engine is deterministic).

// undoState is what StepTentative changes, as it was before.
type undoState struct {
	pos, front, end int
	every           int
	err             error
	m               machine
	st              *state
	logLen          int
	emittedLen      int
	kept            int64
	cps             []checkpoint
}

// StepTentative executes the next statement like Step, keeping what Undo needs to return to the
// state before it. Commit (or another StepTentative) forgets that. It reports false at the end
// (and then keeps nothing).
func (s *Session) StepTentative() bool {
	s.undo = nil
	if s.pos >= s.end {
		return false
	}
	// The statement runs on copies; Undo puts the originals back untouched.
	u := &undoState{pos: s.pos, front: s.front, end: s.end, every: s.every, err: s.err,
		m: s.m, st: s.st, logLen: len(s.log), emittedLen: len(s.emitted), kept: s.kept,
		cps: append([]checkpoint(nil), s.cps...)}
	s.m, s.st = s.m.cloneMachine(), s.st.clone()
	s.m.SetTracing(false)
	ok := s.Step()
	s.undo = u
	return ok
}

// Tentative reports whether a tentative statement can be undone.
func (s *Session) Tentative() bool { return s.undo != nil }

// Commit keeps the tentative statement: the session is as if Step had been called. The state
// before it becomes a recent checkpoint, so that a step back there is a copy, not a replay.
func (s *Session) Commit() {
	u := s.undo
	if u == nil {
		return
	}
	s.undo = nil
	if len(s.recent) >= maxRecent {
		s.recent = append(s.recent[:0], s.recent[1:]...)
	}
	s.recent = append(s.recent, checkpoint{pos: u.pos, m: u.m, st: u.st})
}

// maxRecent is how many recent checkpoints a session keeps (kernel copies outside the memory
// budget's count, like the one a tentative statement holds).
const maxRecent = 2

// Undo returns to the state before the tentative statement (nothing if there is none).
func (s *Session) Undo() {
	u := s.undo
	if u == nil {
		return
	}
	s.undo = nil
	s.pos, s.front, s.end, s.every, s.err = u.pos, u.front, u.end, u.every, u.err
	s.m, s.st = u.m, u.st
	clear(s.log[u.logLen:])
	s.log = s.log[:u.logLen]
	s.emitted = s.emitted[:u.emittedLen]
	s.kept = u.kept
	s.cps = u.cps
}
