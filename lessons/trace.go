package lessons

import "socklab/engine"

// Run is one timeline run as the checker needs it. The real one wraps a
// timeline.Session (run_engine.go); tests build runs by hand (fakeRun).
type Run interface {
	Errors() []string                     // parse errors, "line L:C: msg"; none for a good timeline
	Len() int                             // number of statements
	Events() []engine.Event               // every event of the whole run, in emission order
	SnapshotAt(step int) *engine.Snapshot // the kernel after `step` statements (0 = before the first)
}

// Runner starts a run of a timeline.
type Runner func(src string) Run

// Trace is a Run with the Worlds goals are evaluated in, built lazily and
// cached (ever(...) looks at every step).
type Trace struct {
	run    Run
	worlds map[int]*World
}

// NewTrace wraps a run.
func NewTrace(r Run) *Trace { return &Trace{run: r, worlds: map[int]*World{}} }

// Len is the number of statements.
func (t *Trace) Len() int { return t.run.Len() }

// Final is the world after the last statement.
func (t *Trace) Final() *World { return t.World(t.run.Len()) }

// World returns the world after step k (clamped to 0..Len): the events
// emitted by then — a blocked call's "return" is emitted at its `after` step —
// and the snapshot.
func (t *Trace) World(k int) *World {
	k = max(0, min(k, t.run.Len()))
	if w := t.worlds[k]; w != nil {
		return w
	}
	var evs []engine.Event
	for _, e := range t.run.Events() {
		if emittedAt(e) <= k {
			evs = append(evs, e)
		}
	}
	w := &World{Step: k, Events: evs, Snap: t.run.SnapshotAt(k), trace: t}
	t.worlds[k] = w
	return w
}

// emittedAt is the step after which event e was reported.
func emittedAt(e engine.Event) int {
	if e.After > 0 {
		return e.After
	}
	return e.Step
}
