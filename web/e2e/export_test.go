package e2e

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline"
	"socklab/web"
)

// mermaidJS is the pinned mermaid package (web/package.json) that the render test loads.
const mermaidJS = "../node_modules/mermaid/dist/mermaid.min.js"

// needFile skips (or under CI=true fails) when a file the test needs is missing.
func needFile(t *testing.T, path, why string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (CI=true)", why, err)
		}
		t.Skipf("SKIPPED: %s: %v", why, err)
	}
}

// TestMermaidExportRenders renders `socklab run --mermaid` of every example timeline (and a
// 200-step run, and hostile text) with the mermaid package in Chromium: no diagram may fail.
func TestMermaidExportRenders(t *testing.T) {
	needFile(t, mermaidJS, "mermaid is not installed: run npm ci in web/")
	b := newBrowser(t)
	diagrams := map[string]string{}
	ents, err := fs.ReadDir(web.Examples, "examples")
	require.NoError(t, err)
	for _, e := range ents {
		src, err := fs.ReadFile(web.Examples, "examples/"+e.Name())
		require.NoError(t, err)
		diagrams[e.Name()] = mermaidOf(t, string(src))
	}
	var long strings.Builder
	long.WriteString("a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	for range 100 {
		long.WriteString("a: write(sv[0], \"ping\")\na: read(sv[1], 4)\n")
	}
	diagrams["200 steps"] = mermaidOf(t, long.String())
	hostile := "end: s = socket(AF_UNIX, SOCK_DGRAM, 0)\nend: bind(s, \"/tmp/;#x%%{init: {}}%%<script>&amp;\\\"-->>x\")\nloop: close(99)\n"
	diagrams["hostile"] = mermaidOf(t, hostile)
	diagrams["v2 poll"] = mermaidOf(t, "a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\na: write(sv[0], \"x\")\na: poll({sv[1], POLLIN}, {sv[0], POLLIN|POLLOUT}, 0)\n")

	mux := http.NewServeMux()
	mux.HandleFunc("/mermaid.min.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, mermaidJS) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>mermaid</title><body><script src="/mermaid.min.js"></script></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("body", chromedp.ByQuery)))
	in, _ := json.Marshal(diagrams)
	var out map[string]string
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(`(async () => {
		mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
		const res = {};
		let i = 0;
		for (const [name, text] of Object.entries(`+string(in)+`)) {
			try {
				const { svg } = await mermaid.render("d" + i++, text);
				const div = document.createElement("div");
				div.className = "diagram"; div.dataset.name = name; div.innerHTML = svg;
				document.body.append(div);
				res[name] = "ok " + div.textContent;
			} catch (e) { res[name] = "error " + (e.message || e); }
		}
		return res;
	})()`, &out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })))
	for name := range diagrams {
		got := out[name]
		if !assert.True(t, strings.HasPrefix(got, "ok "), "%s: %s\n%s", name, got, diagrams[name]) {
			continue
		}
		assert.NotContains(t, got, "#59;", name+": entity codes are decoded")
	}
	assert.Contains(t, out["echo.tl"], "asleep in accept")
	assert.Contains(t, out["echo.tl"], `write(c, "anyone?") → -1 EPIPE`)
	assert.Contains(t, out["hostile"], `%%{init: {}}%%<script>`, "hostile text shows as text")
	assert.Contains(t, out["v2 poll"], `poll({sv[1], POLLIN}, {sv[0], POLLIN|POLLOUT}, 0) → 2 ready [4:POLLIN, 3:POLLOUT]`)
	var scripts int
	b.eval(t, `document.querySelectorAll(".diagram script").length`, &scripts)
	assert.Zero(t, scripts)
	// One to look at.
	b.eval(t, `document.querySelectorAll(".diagram").forEach(d => { d.hidden = d.dataset.name !== "echo.tl" }), true`, nil)
	b.screenshot(t, "socklab-mermaid-echo")
	if _, ok := diagrams["fork_server.tl"]; ok {
		b.eval(t, `document.querySelectorAll(".diagram").forEach(d => { d.hidden = d.dataset.name !== "fork_server.tl" }), true`, nil)
		b.screenshot(t, "socklab-mermaid-fork")
	}
}

func mermaidOf(t *testing.T, src string) string {
	events, err := timeline.Run(engine.NewKernel(), src, timeline.Options{})
	require.NoError(t, err)
	return timeline.Mermaid(events, src)
}

// TestPageCopyButtons: the page's "Copy as Markdown" gives the whole run's table and leaves the
// page at its step; where the clipboard is out of reach the text is shown selected.
func TestPageCopyButtons(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	b.key(t, "ArrowRight", 2)
	b.click(t, `button[data-export="markdown"]`)
	b.untilTrue(t, `!!document.querySelector('button[data-export="markdown"]').dataset.text`, "no markdown")
	var s string
	b.eval(t, `document.querySelector('button[data-export="markdown"]').dataset.text`, &s)
	assert.True(t, strings.HasPrefix(s, "| step | process | call | result | errno meaning |\n|---:|---|---|---|---|\n| 1 | server |"), s)
	assert.Contains(t, s, "| Broken pipe |", "the whole run, not just the first two steps")
	assert.Equal(t, "2", b.pos(t))
	b.click(t, `button[data-export="mermaid"]`)
	b.untilTrue(t, `!!document.querySelector('button[data-export="mermaid"]').dataset.text`, "no mermaid")
	b.eval(t, `document.querySelector('button[data-export="mermaid"]').dataset.text`, &s)
	assert.True(t, strings.HasPrefix(s, "sequenceDiagram\n"), s)
	// Copied, or (no clipboard here) shown selected for the reader to copy.
	b.eval(t, `(() => { const x = document.querySelector(".export-text"); const btn = document.querySelector('button[data-export="mermaid"]');
		return btn.textContent + "|" + (x && !x.hidden ? x.value.slice(0, 15) : "") })()`, &s)
	assert.True(t, strings.HasPrefix(s, "Copied|") || strings.HasSuffix(s, "|sequenceDiagram"), s)
}
