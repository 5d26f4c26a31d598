package timeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

func TestSessionSnapshotPanicIsInternalError(t *testing.T) {
	k := newFake()
	s := newSession(specExample, Options{}, k)
	s.Goto(3)
	k.panicSnap = true
	s.snaps = nil
	snap := s.Snapshot()
	require.NotNil(t, snap)
	assert.Equal(t, 3, snap.Step)
	var ie *InternalError
	require.ErrorAs(t, s.Err(), &ie)
	assert.Equal(t, "internal error at step 3 (line 4): panic: fake snapshot bug", ie.Error())
	assert.Equal(t, 3, s.End())
	assert.False(t, s.Step())
	assert.NotNil(t, s.Diff())
}

// Every errno the engine can return has glibc's text.
func TestStrerrorCoversEngineErrnos(t *testing.T) {
	for e := engine.Errno(1); e < 200; e++ {
		name := e.String()
		if name == "E?" {
			continue
		}
		assert.NotEmpty(t, Strerror(name), name)
	}
	assert.Equal(t, "Broken pipe", Strerror("EPIPE"))
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"a\"b\\c\n\t\r\0\1\x7f\xff"`, Quote([]byte("a\"b\\c\n\t\r\x00\x01\x7f\xff"), 0))
	assert.Equal(t, `"\x001"`, Quote([]byte("\x001"), 0))
	assert.Equal(t, `"abc"...`, Quote([]byte("abcdef"), 3))
}

// Huge inputs: no panic, bounded work per line, errors capped.
func TestHugeSource(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates ~100 MB")
	}
	// 16 MB on one line, a string that never closes.
	one := "a: write(3, \"" + strings.Repeat("x", 16<<20)
	evs, err := Run(engine.NewKernel(), one, Options{})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "line 1: string literal not terminated", evs[0].Message)

	// 32 MB of statements (about 1.4 million), budget-limited.
	many := strings.Repeat("a: close(99)\nb: x(\n", 1<<20)
	evs, err = Run(engine.NewKernel(), many, Options{StepBudget: 100_000})
	require.ErrorIs(t, err, ErrStepBudget)
	assert.Len(t, evs, 100_000)
	_, errs := Parse(many[:1<<20])
	assert.Len(t, errs, MaxErrors+1)

	// A literal with a million digits.
	evs, err = Run(engine.NewKernel(), "a: close("+strings.Repeat("9", 1<<20)+")", Options{})
	require.NoError(t, err)
	assert.Contains(t, evs[0].Message, "is too large")
	assert.Less(t, len(evs[0].Message), 100, "messages quote at most a bounded part of the source")
}
