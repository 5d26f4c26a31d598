package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestScreenshots writes the page at desktop (1400×900) and phone (390×844) sizes, in English and
// Chinese, light and dark, into $SOCKLAB_SHOTS (a directory) — for people to look at, not to
// compare. Skipped unless SOCKLAB_SHOTS is set: `SOCKLAB_SHOTS=/tmp/shots go test -run
// TestScreenshots ./web/e2e/`.
func TestScreenshots(t *testing.T) {
	dir := shotsDir(t, "SOCKLAB_SHOTS")
	b := newBrowser(t)
	only := os.Getenv("SOCKLAB_SHOTS_ONLY") // e.g. "desktop-en-light"
	for _, sz := range shotSizes {
		for _, lang := range []string{"en", "zh"} {
			for _, theme := range []string{"light", "dark"} {
				for _, page := range []struct{ name, path, keys string }{
					{"echo", "/?lang=" + lang + "&theme=" + theme, "4"},
					{"tcp", "/?lang=" + lang + "&theme=" + theme, "tcp"},
					{"lesson", "/?lang=" + lang + "&theme=" + theme + "&lesson=bind-path", ""},
				} {
					name := fmt.Sprintf("%s-%s-%s-%s", sz.name, lang, theme, page.name)
					if only != "" && only != name && only != fmt.Sprintf("%s-%s-%s", sz.name, lang, theme) {
						continue
					}
					b.emulate(t, sz, theme)
					b.open(t, page.path)
					switch page.keys {
					case "4":
						b.key(t, "ArrowRight", 4)
					case "tcp":
						b.eval(t, `(() => { const s = document.getElementById("examples"); s.value = "tcp_handshake"; s.dispatchEvent(new Event("change")); return true; })()`, nil)
						b.key(t, "ArrowRight", 7)
					}
					if page.name == "lesson" {
						b.untilTrue(t, `!!document.querySelector(".lm-lesson")`, "the lesson opens")
					}
					// The phone's whole page, one screen at a time: every kernel object must be reachable.
					var height int64
					b.eval(t, `document.documentElement.scrollHeight`, &height)
					screens := int64(1)
					if sz.mobile {
						screens = min((height+sz.h-1)/sz.h, 8)
					}
					var p string
					for i := int64(0); i < screens; i++ {
						var png []byte
						b.eval(t, fmt.Sprintf(`window.scrollTo(0, %d), true`, i*sz.h), nil)
						require.NoError(t, chromedp.Run(b.ctx, chromedp.Sleep(300*time.Millisecond), chromedp.CaptureScreenshot(&png)))
						p = filepath.Join(dir, name+".png")
						if sz.mobile {
							p = filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, i))
						}
						require.NoError(t, os.WriteFile(p, png, 0o644))
					}
					t.Logf("screenshot: %s", p)
				}
			}
		}
	}
}

// TestEvalDebug opens $SOCKLAB_EVAL_PATH (default "/") at 1400×900 (or $SOCKLAB_EVAL_W×H), presses
// → $SOCKLAB_EVAL_STEPS times and prints what $SOCKLAB_EVAL returns: a debugging aid, skipped
// unless SOCKLAB_EVAL is set.
func TestEvalDebug(t *testing.T) {
	js := os.Getenv("SOCKLAB_EVAL")
	if js == "" {
		t.Skip("SOCKLAB_EVAL is not set")
	}
	b := newBrowser(t)
	w, h := int64(1400), int64(900)
	fmt.Sscanf(os.Getenv("SOCKLAB_EVAL_W"), "%d", &w)
	fmt.Sscanf(os.Getenv("SOCKLAB_EVAL_H"), "%d", &h)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(w, h)))
	path := os.Getenv("SOCKLAB_EVAL_PATH")
	if path == "" {
		path = "/"
	}
	b.open(t, path)
	var n int
	fmt.Sscanf(os.Getenv("SOCKLAB_EVAL_STEPS"), "%d", &n)
	b.key(t, "ArrowRight", n)
	if js[0] == '@' {
		src, err := os.ReadFile(js[1:])
		require.NoError(t, err)
		js = string(src)
	}
	var out any
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(js, &out, func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) })))
	fmt.Printf("EVAL: %v\n", out)
}
