package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeJS is the pinned axe-core (web/package.json).
const axeJS = "../node_modules/axe-core/axe.min.js"

// axeSerious runs axe-core on the current page (shadow roots included) and returns its serious
// and critical violations, one line each.
func axeSerious(t *testing.T, b *browser) []string {
	t.Helper()
	src, err := os.ReadFile(axeJS)
	require.NoError(t, err)
	var out string
	require.NoError(t, chromedp.Run(b.ctx,
		chromedp.Evaluate(string(src)+";0", nil),
		chromedp.Evaluate(`axe.run(document, { resultTypes: ["violations"] }).then(r => JSON.stringify(
			r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
			 .map(v => v.impact + " " + v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => JSON.stringify(n.target)).join(" "))))`,
			&out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	))
	var v []string
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	return v
}

// TestAxeEmbeds: the web component (light and dark, English and Chinese, editable, read-only,
// with a parse error) and the iframe embed have no serious or critical axe-core violation.
func TestAxeEmbeds(t *testing.T) {
	needFile(t, axeJS, "axe-core is not installed: run npm ci in web/")
	b := newBrowser(t)
	page := strings.Replace(componentPage, "<style>", "<style>/* the hostile rules are for another test */ .x{", 1)
	page = strings.Replace(page, "</style>", "}</style>", 1)
	page = strings.Replace(page, `<div style="height: 3000px"></div>`, "", 1)
	site := newDocsSite(t, map[string]string{"/post/{$}": page, "/echo.tl": example(t, "echo")})
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(site+"/post/")))
	for _, id := range []string{"one", "two", "far"} {
		b.eval(t, `(document.getElementById("`+id+`").scrollIntoView(), true)`, nil)
		b.untilTrue(t, shadow(id, `el.dataset.state === "ready"`), id+" did not start")
	}
	b.untilTrue(t, shadow("bad", `el.dataset.parse === "error"`), "bad did not show its error")
	assert.Empty(t, axeSerious(t, b), "web component")

	tl := base64.RawURLEncoding.EncodeToString([]byte(example(t, "echo")))
	for _, q := range []string{"&step=4", "&step=6&lang=zh&theme=dark"} {
		b.open(t, "/embed?tl="+tl+q)
		assert.Empty(t, axeSerious(t, b), "iframe embed "+q)
	}
}
