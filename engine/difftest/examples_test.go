package difftest

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// longSleep finds a sleep of 5 s or more, which the host would really wait out.
var longSleep = regexp.MustCompile(`sleep\(([0-9]{5,}|[5-9][0-9]{3})\)`)

// TestExamplesOnHost runs every example of the playground's menu (web/examples/*.tl) on the
// host kernel and on the engine and requires the same events: what the page shows a learner
// first must be Linux's answer, not only the engine's.
func TestExamplesOnHost(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("needs a Linux host (this is %s)", runtime.GOOS)
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "web", "examples", "*.tl"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(f)
			require.NoError(t, err)
			src := string(raw)
			if m := longSleep.FindStringSubmatch(src); m != nil {
				t.Skipf("sleeps %s ms: the host's clock is real (the engine's TIME_WAIT and timers are difftested in testdata/inet)", m[1])
			}
			var settle time.Duration
			if strings.Contains(src, "AF_INET") {
				settle = settleDelay["inet"]
			}
			host := runHost(t, src, settle)
			eng, note := runEngine(src)
			require.Empty(t, note)
			if d := Diff(src, "host", host, "engine", eng); d != "" {
				t.Errorf("the example differs from the host kernel (!1 marks the first difference):\n%s", d)
			}
		})
	}
}
