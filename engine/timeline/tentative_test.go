package timeline

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline/hostile"
)

// A tentative statement that is undone leaves no trace: a twin session that makes the same
// moves with Step (for a committed statement) and nothing (for an undone one) is in the same
// state after every move: position, frontier, events, budget message, snapshot, call chain.
func TestStepTentativeUndoIsExact(t *testing.T) {
	srcs := map[string]string{
		"spec":   specExample,
		"budget": strings.Repeat("a: socket(AF_UNIX, SOCK_STREAM, 0)\n", 12),
		"memory": hostile.LargeWrites(64 << 10),
	}
	files, _ := filepath.Glob("../difftest/testdata/*/*.tl")
	for i, f := range files {
		if i%40 == 0 { // a sample: every suite's files are alike
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			srcs[filepath.Base(f)] = string(b)
		}
	}
	type at struct {
		pos, front, end, events int
		err, snap, chain        string
	}
	record := func(s *Session) at {
		e := ""
		if s.Err() != nil {
			e = s.Err().Error()
		}
		return at{s.Pos(), s.front, s.End(), len(s.Events()), e, snapJSON(t, s.Snapshot()), framesJSON(t, s.Chain(s.Pos()))}
	}
	for name, src := range srcs {
		opts := Options{StepBudget: 8, CheckpointEvery: 2, MaxCheckpoints: 2, MemoryBudget: 4 << 20}
		if name == "spec" || strings.HasSuffix(name, ".tl") {
			opts = Options{CheckpointEvery: 3, MaxCheckpoints: 4}
		}
		twin, s := NewSession(src, opts), NewSession(src, opts)
		rng := rand.New(rand.NewSource(int64(len(src))))
		same := func(what string) {
			t.Helper()
			a, b := record(twin), record(s)
			if a != b {
				t.Fatalf("%s: %s: twin %+v\ntentative %+v", name, what, a, b)
			}
		}
		for range 3 * (twin.End() + 1) {
			if s.Pos() == s.End() || rng.Intn(8) == 0 {
				n := rng.Intn(s.End() + 1)
				twin.Goto(n)
				s.Goto(n)
				same("goto")
			}
			if !s.StepTentative() {
				require.False(t, s.Tentative())
				continue
			}
			require.True(t, s.Tentative())
			if rng.Intn(2) == 0 {
				s.Commit()
				twin.Step()
				same("commit")
				if rng.Intn(3) == 0 { // back to a recent checkpoint
					s.Back()
					twin.Back()
					same("back")
				}
			} else {
				s.Undo()
				require.False(t, s.Tentative())
				same("undo")
			}
		}
		s.RunToEnd()
		twin.RunToEnd()
		same("the end")
		require.Equal(t, jsonLines(t, twin.Events()), jsonLines(t, s.Events()), name)
	}
}

func framesJSON(t *testing.T, fs []*engine.Frame) string {
	t.Helper()
	b, err := json.Marshal(fs)
	require.NoError(t, err)
	return string(b)
}
