package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestV2Screenshots writes the v2 examples at chosen steps into $SOCKLAB_V2SHOTS, desktop and
// phone, en and zh, light and dark — for people to look at. Skipped unless SOCKLAB_V2SHOTS is set;
// SOCKLAB_V2SHOTS_ONLY filters by substring of the file name.
func TestV2Screenshots(t *testing.T) {
	dir := shotsDir(t, "SOCKLAB_V2SHOTS")
	only := os.Getenv("SOCKLAB_V2SHOTS_ONLY")
	b := newBrowser(t)
	shots := []struct {
		ex    string
		steps []int
	}{
		{"fork_server", []int{10, 14, 17}}, {"poll_server", []int{11}}, {"epoll_server", []int{11, 12}},
		{"echo_poll", []int{14}}, {"echo_epoll", []int{16}}, {"pass_fd", []int{9}}, {"timeouts", []int{6, 11}},
	}
	for _, sz := range shotSizes {
		for _, lang := range []string{"en", "zh"} {
			for _, theme := range []string{"light", "dark"} {
				for _, s := range shots {
					for _, st := range s.steps {
						name := fmt.Sprintf("%s-%s-%s-%s-%d", s.ex, sz.name, lang, theme, st)
						if only != "" && !strings.Contains(name, only) {
							continue
						}
						b.emulate(t, sz, theme)
						b.open(t, fmt.Sprintf("/?lang=%s&theme=%s&tl=%s&step=%d", lang, theme, base64.RawURLEncoding.EncodeToString([]byte(example(t, s.ex))), st))
						b.untilTrue(t, fmt.Sprintf(`document.body.dataset.pos === "%d"`, st), "step")
						var png []byte
						b.unrollKernel(t)
						require.NoError(t, chromedp.Run(b.ctx, chromedp.Sleep(300*time.Millisecond), chromedp.FullScreenshot(&png, 100)))
						require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
					}
				}
			}
		}
	}
}
