package lessons

import (
	"socklab/engine"
	"socklab/engine/timeline"
)

// The checker's view of socklab's engine: a timeline.Session on a fresh
// simulated kernel, stepped to the end once, then visited with Goto for the
// snapshots goals ask for (a Session keeps checkpoints, so this is cheap).

func init() { DefaultRunner = EngineRun }

// EngineRun runs src on the simulated kernel.
func EngineRun(src string) Run {
	s := timeline.NewSession(src, timeline.Options{})
	r := &sessionRun{s: s}
	for _, e := range s.Errors() {
		r.errs = append(r.errs, e.Error())
	}
	if len(r.errs) > 0 {
		return r
	}
	s.RunToEnd()
	if err := s.Err(); err != nil {
		// The step budget or an engine bug stopped the run early: a lesson
		// must not be judged on a partial run.
		r.errs = append(r.errs, err.Error())
	}
	r.events = append([]engine.Event(nil), s.Events()...)
	r.end = s.End()
	return r
}

type sessionRun struct {
	s      *timeline.Session
	errs   []string
	events []engine.Event
	end    int
}

func (r *sessionRun) Errors() []string       { return r.errs }
func (r *sessionRun) Len() int               { return r.end }
func (r *sessionRun) Events() []engine.Event { return r.events }

func (r *sessionRun) SnapshotAt(step int) *engine.Snapshot {
	r.s.Goto(step)
	return r.s.Snapshot()
}
