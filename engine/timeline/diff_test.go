package timeline

import "socklab/engine/timeline/snapdiff"

// The Go-side diff, for the tests (package snapdiff).
type Diff = snapdiff.Diff

// Change is snapdiff.Change.
type Change = snapdiff.Change

// DiffSnapshots is snapdiff.DiffSnapshots.
var DiffSnapshots = snapdiff.DiffSnapshots

// Diff compares the state before the current statement with the state
// after it (empty at position 0).
func (s *Session) Diff() *Diff {
	if s.pos == 0 {
		return DiffSnapshots(nil, nil)
	}
	return DiffSnapshots(s.SnapshotAt(s.pos-1), s.Snapshot())
}
