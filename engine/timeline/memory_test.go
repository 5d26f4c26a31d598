package timeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline/hostile"
)

func TestRunMemoryBudgetEvents(t *testing.T) {
	src := hostile.LargeWrites(256 << 10)
	evs, err := Run(engine.NewKernel(), src, Options{MemoryBudget: 16 << 20})
	require.ErrorIs(t, err, ErrMemoryBudget)
	assert.Contains(t, err.Error(), "more than 16 MiB")
	assert.Contains(t, err.Error(), "the results are partial")
	// Stopped on the statement that went over: the partial results are all there and end there.
	var data int
	for _, e := range evs {
		data += len(e.Data)
	}
	assert.Greater(t, data, 15<<20)
	assert.Less(t, data, 17<<20)
}

// Bytes queued in the kernel count too: socketpairs filled and never read.
func TestRunMemoryBudgetQueued(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString("p: socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0, sv)\np: write(sv[0], fill(300000))\n")
	}
	evs, err := Run(engine.NewKernel(), b.String(), Options{MemoryBudget: 8 << 20})
	require.ErrorIs(t, err, ErrMemoryBudget)
	assert.Less(t, len(evs), 200)
	// Exec (what `socklab run` streams through) keeps no events but still counts the kernel.
	err = Exec(engine.NewKernel(), b.String(), Options{MemoryBudget: 8 << 20}, nil)
	require.ErrorIs(t, err, ErrMemoryBudget)
}

func TestSessionMemoryBudget(t *testing.T) {
	s := NewSession(hostile.LargeWrites(256<<10), Options{MemoryBudget: 16 << 20, StepBudget: 5000})
	end := s.RunToEnd()
	require.ErrorIs(t, s.Err(), ErrMemoryBudget)
	assert.Equal(t, s.End(), end)
	assert.Less(t, end, 200)
	assert.Greater(t, end, 100)
	assert.LessOrEqual(t, s.MemoryUsed(), int64(17<<20))
	// The partial run stays usable: back in time and forward again.
	s.Goto(3)
	assert.Equal(t, 3, s.Pos())
	assert.Equal(t, end, s.RunToEnd())
}

func TestRunCancel(t *testing.T) {
	done := make(chan struct{})
	close(done)
	evs, err := Run(engine.NewKernel(), strings.Repeat("p: socket(AF_UNIX, SOCK_STREAM, 0)\np: close(3)\n", 1000), Options{Cancel: done})
	require.True(t, errors.Is(err, ErrCanceled), "%v", err)
	assert.Len(t, evs, 256)
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{100: "100 bytes", 1536: "1.5 KiB", 256 << 20: "256 MiB", 1 << 30: "1 GiB"} {
		assert.Equal(t, want, sizeText(n))
	}
}
