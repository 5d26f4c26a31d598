package timeline

import "sort"

// Time travel. Going back replays from a checkpoint: a deep copy of the
// kernel and of the interpreter state taken every K steps when the frontier
// first passes them. K starts at Options.CheckpointEvery (256) and doubles
// whenever there are more than Options.MaxCheckpoints (64) checkpoints, by
// dropping every other one; so memory stays at a bounded number of kernel
// copies and a Goto replays at most K statements.

type checkpoint struct {
	pos  int
	m    machine
	st   *state
	cost int64 // what the copy holds for the memory budget: its objects (payload is shared)
}

func (s *Session) maxCheckpoints() int {
	if s.opts.MaxCheckpoints > 0 {
		return s.opts.MaxCheckpoints
	}
	return 64
}

// checkpoint records the live state (at pos) as a checkpoint.
func (s *Session) checkpoint() {
	_, objects := kernelMemory(s.m)
	s.cps = append(s.cps, checkpoint{pos: s.pos, m: s.m.cloneMachine(), st: s.st.clone(), cost: objects})
	if len(s.cps) <= s.maxCheckpoints() {
		return
	}
	s.every *= 2
	kept := s.cps[:0]
	for _, c := range s.cps {
		if c.pos%s.every == 0 {
			kept = append(kept, c)
		}
	}
	clear(s.cps[len(kept):])
	s.cps = kept
}

// checkpointAt is the latest checkpoint at or before position n (recent ones included: see
// Session.Commit).
func (s *Session) checkpointAt(n int) checkpoint {
	i := sort.Search(len(s.cps), func(i int) bool { return s.cps[i].pos > n })
	c := s.cps[i-1]
	for _, r := range s.recent {
		if r.pos <= n && r.pos > c.pos {
			c = r
		}
	}
	return c
}
