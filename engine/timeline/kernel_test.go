package timeline

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// The spec's worked example, on the simulated kernel, exactly.
func TestRunSpecExampleOnKernel(t *testing.T) {
	evs, err := Run(engine.NewKernel(), specExample, Options{CheckInvariants: true})
	require.NoError(t, err)
	assert.Equal(t, specExampleResults, jsonLines(t, evs))
}

// Run returns events only, so it records no call chains that nobody reads.
func TestRunRecordsNoChains(t *testing.T) {
	k := engine.NewKernel()
	_, err := Run(k, specExample, Options{})
	require.NoError(t, err)
	assert.Empty(t, k.Chain(), "frames recorded during Run and never read")
}

// Goto(n) on the simulated kernel lands in the state reached by stepping,
// and the chain and diff of a step do not depend on how it was reached.
func TestSessionOnKernelTimeTravel(t *testing.T) {
	src := specExample + "client: socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)\nclient: write(sv[0], \"x\")\nclient: n = read(sv[1], 10)\n"
	ref := NewSession(src, Options{CheckInvariants: true})
	require.Empty(t, ref.Errors())
	want := []string{snapJSON(t, ref.Snapshot())}
	var chains []string
	var diffs []*Diff
	for ref.Step() {
		want = append(want, snapJSON(t, ref.Snapshot()))
		c, err := json.Marshal(ref.Chain(ref.Pos()))
		require.NoError(t, err)
		chains = append(chains, string(c))
		diffs = append(diffs, ref.Diff())
	}
	require.Equal(t, 16, ref.Pos())
	require.NoError(t, ref.Err())

	s := NewSession(src, Options{CheckInvariants: true, CheckpointEvery: 2, MaxCheckpoints: 3})
	for _, n := range []int{16, 0, 7, 3, 12, 4, 5, 1, 16, 6, 2, 9, 15, 8, 10} {
		require.Equal(t, n, s.Goto(n))
		require.Equal(t, want[n], snapJSON(t, s.Snapshot()), "goto %d", n)
		if n > 0 {
			require.Equal(t, diffs[n-1], s.Diff(), "diff at %d", n)
			c, err := json.Marshal(s.Chain(n))
			require.NoError(t, err)
			require.Equal(t, chains[n-1], string(c), "chain of step %d", n)
		}
	}
	// Chains reached only by replay (cache cleared) are the same too.
	for n := 1; n <= 16; n++ {
		clear(s.chains)
		c, err := json.Marshal(s.Chain(n))
		require.NoError(t, err)
		require.Equal(t, chains[n-1], string(c), "replayed chain of step %d", n)
	}
	s.Goto(4)
	snap := s.Snapshot()
	var blocked *engine.Blocked
	for _, task := range snap.Tasks {
		if task.Blocked != nil {
			blocked = task.Blocked
		}
	}
	require.NotNil(t, blocked)
	assert.Equal(t, engine.Blocked{Call: "accept", Step: 4, Line: 5, In: blocked.In}, *blocked)
	assert.NotEmpty(t, blocked.In)
	assert.Equal(t, 5, s.CurrentLine("server"))
	t.Log(s.Info().Narration)
	s.Goto(6)
	assert.Contains(t, s.Info().Narration, "This wakes server: conn = accept(fd) (line 5) returns 4.")
	assert.Contains(t, s.Chain(6)[0].Fn, "connect")
}
