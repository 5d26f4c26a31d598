package lessons

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded course parses, has every text in both languages (validate),
// covers the topics of issue 5, and its ids are unique.
func TestCourseLoads(t *testing.T) {
	ls, err := Course()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(ls), 16)
	ids := map[string]bool{}
	for _, l := range ls {
		assert.False(t, ids[l.ID], "duplicate id %s", l.ID)
		ids[l.ID] = true
		for _, p := range l.Predict {
			src := l.Starter
			if p.On == "solution" {
				src = l.Solution
			}
			assert.LessOrEqual(t, p.Step, len(statements(src)), "%s: prediction step %d past the %s", l.ID, p.Step, p.On)
		}
	}
	for _, id := range []string{"socket", "bind-path", "listen-backlog", "connect-accept", "read-write",
		"shutdown-close", "econnreset", "datagrams", "seqpacket", "socketpair", "abstract-autobind",
		"backpressure", "nonblocking", "dup", "checkpoint", "tcp-handshake", "time-wait", "udp"} {
		assert.True(t, ids[id], "lesson %s missing", id)
	}
}

// Every course lesson passes on the engine, or is pending with a reason
// (AF_INET lessons until the engine has AF_INET). This is what
// `socklab lessons check` runs.
func TestCourseChecks(t *testing.T) {
	ls, err := Course()
	require.NoError(t, err)
	f := Probe(EngineRun)
	for _, r := range CheckAll(ls, EngineRun, f) {
		if r.Pending != "" {
			t.Logf("%s: PENDING: %s", r.Lesson.ID, r.Pending)
			assert.NotEmpty(t, r.Lesson.Requires, "%s is pending without requiring anything", r.Lesson.ID)
			continue
		}
		assert.Empty(t, r.Problems, "lesson %s", r.Lesson.ID)
		assert.True(t, allTrue(r.Solution), "lesson %s: solution", r.Lesson.ID)
		assert.False(t, allTrue(r.Starter), "lesson %s: starter", r.Lesson.ID)
	}
}

func BenchmarkCheckSource(b *testing.B) {
	l, err := Find("checkpoint")
	require.NoError(b, err)
	for i := 0; i < b.N; i++ {
		CheckSource(l, l.Solution, -1, EngineRun, Features{})
	}
}
