package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline"
)

// errnoComment finds an errno named in a statement's comment ("# EPIPE", "# ... : EAGAIN").
var errnoComment = regexp.MustCompile(`#.*\b(E[A-Z]{3,})\b`)

// TestExamplesRunAsDocumented runs every example of the examples menu on the simulated kernel:
// no statement is an error event, and every errno a comment promises is the errno the
// statement reports (its own event, the first one of its step).
func TestExamplesRunAsDocumented(t *testing.T) {
	names, err := fs.Glob(Examples, "examples/*.tl")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(names), 6)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b, err := fs.ReadFile(Examples, name)
			require.NoError(t, err)
			src := string(b)
			_, errs := timeline.Parse(src)
			require.Empty(t, errs, "the example parses")
			evs, err := timeline.Run(engine.NewKernel(), src, timeline.Options{CheckInvariants: true})
			require.NoError(t, err)
			own := map[int]engine.Event{} // step -> its own (first) event
			for _, e := range evs {
				assert.NotEqual(t, engine.EvError, e.Kind, "%s step %d: %s", name, e.Step, e.Message)
				if _, ok := own[e.Step]; !ok && e.After == 0 {
					own[e.Step] = e
				}
			}
			step := 0
			for _, line := range strings.Split(src, "\n") {
				trim := strings.TrimSpace(line)
				if trim == "" || strings.HasPrefix(trim, "#") {
					continue
				}
				step++
				m := errnoComment.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				if _, known := engine.ErrnoByName(m[1]); !known {
					continue
				}
				assert.Equal(t, m[1], own[step].Errno, "%s step %d (%s)", name, step, trim)
			}
		})
	}
}
