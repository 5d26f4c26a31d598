package e2e

import (
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The screenshot tests (TestScreenshots, TestV2Screenshots, TestCModeScreenshots) write pictures
// for people to look at, at the same two sizes.

// shotSize is a screenshot viewport.
type shotSize struct {
	name   string
	w, h   int64
	mobile bool
}

// shotSizes are a desktop (1400×900) and a phone (390×844 CSS pixels at 2×, mobile).
var shotSizes = []shotSize{{"desktop", 1400, 900, false}, {"phone", 390, 844, true}}

// shotsDir is the directory named by the environment variable env, created; the test is skipped
// when env is not set.
func shotsDir(t *testing.T, env string) string {
	dir := os.Getenv(env)
	if dir == "" {
		t.Skip(env + " is not set")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// emulate sets the viewport to sz and, unless theme is "", prefers-color-scheme to theme.
func (b *browser) emulate(t *testing.T, sz shotSize, theme string) {
	vp := chromedp.EmulateViewport(sz.w, sz.h)
	if sz.mobile {
		vp = chromedp.EmulateViewport(sz.w, sz.h, chromedp.EmulateScale(2), chromedp.EmulateMobile)
	}
	acts := []chromedp.Action{vp}
	if theme != "" {
		acts = append(acts, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}}))
	}
	require.NoError(t, chromedp.Run(b.ctx, acts...))
}

// unrollKernel lets the kernel view grow past its own scroll box, so that a full-page
// screenshot shows every object.
func (b *browser) unrollKernel(t *testing.T) {
	b.eval(t, `(() => { const k = document.getElementById("kernel"); if (k) { k.style.maxHeight = "none"; k.style.height = "auto"; k.style.overflow = "visible"; } return true })()`, nil)
}
