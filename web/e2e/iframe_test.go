package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIframeFromFile: a draft opened as a local file (file://) frames the embed of a socklab
// server, in Chinese (?lang=zh), and the embed runs.
func TestIframeFromFile(t *testing.T) {
	b := newBrowser(t)
	tl := base64.RawURLEncoding.EncodeToString([]byte(example(t, "echo")))
	draft := `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>草稿</title></head><body>
<iframe id="f" src="` + b.url + `/embed?tl=` + tl + `&step=4&lang=zh" width="100%" height="520" style="border:0" title="socklab" loading="lazy"></iframe>
</body></html>`
	dir := t.TempDir()
	p := filepath.Join(dir, "draft.html")
	require.NoError(t, os.WriteFile(p, []byte(draft), 0o644))
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate("file://"+p)))
	// The frame is cross-origin (another process): look into it through its own target.
	fctx := frameContext(t, b, "/embed?")
	var pos, lang, label string
	for deadline := time.Now().Add(15 * time.Second); pos == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		require.NoError(t, chromedp.Run(fctx, chromedp.Evaluate(`document.body && document.body.dataset.ready === "1" ? document.body.dataset.pos : ""`, &pos)))
	}
	assert.Equal(t, "4", pos, "the framed embed is at step 4")
	require.NoError(t, chromedp.Run(fctx, chromedp.Evaluate(`document.documentElement.lang`, &lang)))
	require.NoError(t, chromedp.Run(fctx, chromedp.Evaluate(`document.getElementById("pos").textContent`, &label)))
	assert.Equal(t, "zh-Hans", lang, "?lang=zh")
	assert.Contains(t, label, "步", "Chinese labels")
	viewShot(t, b, "socklab-iframe-file")
}

// frameContext attaches to the out-of-process iframe whose URL contains part.
func frameContext(t *testing.T, b *browser, part string) context.Context {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		infos, err := chromedp.Targets(b.ctx)
		require.NoError(t, err)
		for _, ti := range infos {
			if ti.Type == "iframe" && strings.Contains(ti.URL, part) {
				ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(ti.TargetID))
				t.Cleanup(cancel)
				return ctx
			}
		}
	}
	t.Fatalf("no iframe target with %q", part)
	return nil
}
