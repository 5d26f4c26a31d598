//go:build linux

package lessons

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/difftest"
	"socklab/engine/timeline"
)

// The lessons' claims against the real kernel. The course is checked on the
// engine (TestCourseChecks); the engine is checked against Linux by
// engine/difftest. This test closes the loop for the course itself: every
// lesson's starter and solution runs on the host Linux kernel (real processes,
// real syscalls, via difftest.HostBackend), and
//   - its events must equal the engine's (for lessons the engine can run), and
//   - every goal and prediction that reads only events must come out on Linux
//     exactly as the lesson says — including the AF_INET lessons that are
//     still pending on the engine.
// Goals on kernel state (socks, skbs, ...) cannot be observed on the host.

func TestMain(m *testing.M) {
	difftest.HelperMain() // the host backend's zygote and worker processes stop here
	os.Exit(m.Run())
}

// hostRun is a run with events and no observable kernel state.
type hostRun struct {
	events []engine.Event
	n      int
}

func (h *hostRun) Errors() []string                { return nil }
func (h *hostRun) Len() int                        { return h.n }
func (h *hostRun) Events() []engine.Event          { return h.events }
func (h *hostRun) SnapshotAt(int) *engine.Snapshot { return nil }

func TestLessonTimelinesOnLinux(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the host-kernel run of the lessons is skipped")
	}
	hb, err := difftest.NewHostBackend()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the host backend cannot start: %v", err)
		}
		t.Skipf("the host backend cannot start: %v", err)
	}
	hb.Close()
	ls, err := Course()
	require.NoError(t, err)
	f := EngineFeatures()
	for _, l := range ls {
		for _, which := range []string{"starter", "solution"} {
			src := l.Starter
			if which == "solution" {
				src = l.Solution
			}
			t.Run(l.ID+"/"+which, func(t *testing.T) {
				host := runOnHost(t, src, len(l.Requires) > 0)
				tr := NewTrace(&hostRun{events: host, n: len(statements(src))})
				for i, g := range l.Goals {
					if !g.Check.EventsOnly() {
						continue
					}
					holds := g.Check.Holds(tr.Final())
					if which == "solution" {
						assert.True(t, holds, "on Linux the solution misses goal %d: %s", i+1, g.Check)
					}
				}
				for i, p := range l.Predict {
					if p.On != which || (p.value != nil && !p.value.EventsOnly()) {
						continue
					}
					assert.Equal(t, p.Answer, PredictValue(tr, p), "on Linux, prediction %d (%s step %d, %s)", i+1, p.On, p.Step, p.Ask)
				}
				if l.Pending(f) != "" {
					t.Logf("%s is pending on the engine; checked on Linux only", l.ID)
					return
				}
				eng, err := timeline.Run(engine.NewKernel(), src, timeline.Options{CheckInvariants: true})
				require.NoError(t, err)
				if d := difftest.Diff(src, "linux", difftest.Normalize(host, src), "engine", difftest.Normalize(eng, src)); d != "" {
					t.Errorf("the engine and Linux disagree on this lesson timeline:\n%s", d)
				}
			})
		}
	}
}

// runOnHost runs src on a fresh host backend and returns its raw events.
func runOnHost(t *testing.T, src string, inet bool) []engine.Event {
	t.Helper()
	hb, err := difftest.NewHostBackend()
	require.NoError(t, err)
	defer hb.Close()
	if inet {
		hb.SettleDelay = 5 * time.Millisecond // loopback delivery may be deferred to ksoftirqd
	}
	events, err := timeline.Run(hb, src, timeline.Options{})
	require.NoError(t, hb.Err(), "host harness failure")
	require.NoError(t, err)
	return events
}
