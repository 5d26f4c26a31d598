package e2e

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeSnippet is the fenced block after "<!-- embed-snippet: name -->" in README.md.
func readmeSnippet(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	re := regexp.MustCompile("(?s)<!-- embed-snippet: " + regexp.QuoteMeta(name) + " -->\n```[a-z]*\n(.*?)```\n")
	m := re.FindStringSubmatch(string(b))
	require.NotNil(t, m, "README.md has no embed-snippet %q", name)
	return m[1]
}

// TestReadmeEmbedSnippets pastes README's iframe and web component snippets into a docs page on
// another origin than the socklab server: both run.
func TestReadmeEmbedSnippets(t *testing.T) {
	b := newBrowser(t)
	iframe := strings.ReplaceAll(readmeSnippet(t, "iframe"), "https://socklab.example", b.url)
	comp := strings.ReplaceAll(readmeSnippet(t, "component"), "https://socklab.example", b.url)
	comp = strings.Replace(comp, "<socklab-playground ", `<socklab-playground id="c" `, 1)
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title><link rel="icon" href="data:,"></head><body><main>` +
		iframe + comp + `</main></body></html>`
	docs := newDocsSite(t, map[string]string{"/docs/{$}": page})
	require.NotEqual(t, docs, b.url)
	// Another site than the socklab server (localhost vs 127.0.0.1): cross-origin, out of process.
	docs = strings.Replace(docs, "127.0.0.1", "localhost", 1)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(docs+"/docs/")))
	b.untilTrue(t, shadow("c", `el.dataset.state === "ready" && el.dataset.pos === "4"`), "the README's web component did not run (cross-origin)")
	fctx := frameContext(t, b, "/embed?")
	var pos string
	for deadline := time.Now().Add(15 * time.Second); pos == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		require.NoError(t, chromedp.Run(fctx, chromedp.Evaluate(`document.body && document.body.dataset.ready === "1" ? document.body.dataset.pos : ""`, &pos)))
	}
	assert.Equal(t, "1", pos, "the README's iframe runs at step 1")
}
