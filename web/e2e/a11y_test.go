package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// axeSource is axe-core (web/package.json pins the version; npm ci installs it).
func axeSource(t *testing.T) string {
	_, here, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(here), "..", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is missing (%v): run `make build` (npm ci) first", err)
		}
		t.Skipf("SKIPPED: axe-core is missing (%v): run `make build` (npm ci) first", err)
	}
	return string(b)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeCheck runs axe-core (WCAG 2.1 A/AA and best practices) on the page as it is and fails on
// every serious or critical violation.
func axeCheck(t *testing.T, b *browser, src, what string) {
	t.Helper()
	var injected bool
	b.eval(t, src+";true", &injected)
	var out string
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, &out,
		func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) })), what)
	var vs []axeViolation
	require.NoError(t, json.Unmarshal([]byte(out), &vs))
	var bad, all []string
	for _, v := range vs {
		all = append(all, v.ID+" ("+v.Impact+")")
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var nodes []string
		for i, n := range v.Nodes {
			if i == 30 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-30))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		bad = append(bad, fmt.Sprintf("%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(nodes, "\n    ")))
	}
	t.Logf("axe on %s: %d violations %v, %d serious or critical", what, len(vs), all, len(bad))
	require.Empty(t, bad, "axe-core found serious or critical violations on %s", what)
}

// TestAccessibility runs axe-core on the playground, lesson mode, dark mode, the phone layout and
// Chinese: zero serious or critical violations.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	dark := emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}})
	light := emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}})
	desktop := chromedp.EmulateViewport(1400, 900)
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)
	for _, c := range []struct {
		name  string
		setup []chromedp.Action
		path  string
		steps int
	}{
		{"the playground (desktop, light, step 4)", []chromedp.Action{desktop, light}, "/?lang=en", 4},
		{"the playground at step 0", []chromedp.Action{desktop, light}, "/?lang=en", 0},
		{"the TCP example (wire lane)", []chromedp.Action{desktop, light}, "/?lang=en&tl=" + b64(example(t, "tcp_handshake")), 7},
		{"dark mode", []chromedp.Action{desktop, dark}, "/?lang=en", 6},
		{"Chinese, dark", []chromedp.Action{desktop, dark}, "/?lang=zh", 6},
		{"the phone layout", []chromedp.Action{phone, light}, "/?lang=en", 6},
		{"the phone layout, dark", []chromedp.Action{phone, dark}, "/?lang=zh", 6},
		{"lesson mode", []chromedp.Action{desktop, light}, "/?lang=en&lesson=bind-path", 0},
		{"lesson mode, dark, Chinese", []chromedp.Action{desktop, dark}, "/?lang=zh&lesson=bind-path", 2},
		{"lesson mode on a phone", []chromedp.Action{phone, light}, "/?lang=en&lesson=bind-path", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t) // one browser each: the browser's time limit is per browser
			require.NoError(t, chromedp.Run(b.ctx, c.setup...))
			b.open(t, c.path)
			if strings.Contains(c.path, "lesson=") {
				b.untilTrue(t, `!!document.querySelector(".lm-lesson")`, "the lesson opens")
			}
			b.key(t, "ArrowRight", c.steps)
			axeCheck(t, b, src, c.name)
		})
	}
	// The list of keys, open.
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, desktop, light))
	b.open(t, "/?lang=en")
	b.key(t, "?", 1)
	b.untilTrue(t, `document.getElementById("keys-help").open`, "? opens the list of keys")
	axeCheck(t, b, src, "the list of keys")
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
