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
		long.WriteString("a: write(sv[0], \"ping\")\nb: read(sv[1], 4)\n")
	}
	diagrams["200 steps"] = mermaidOf(t, long.String())
	hostile := "end: s = socket(AF_UNIX, SOCK_DGRAM, 0)\nend: bind(s, \"/tmp/;#x%%{init: {}}%%<script>&amp;\\\"-->>x\")\nloop: close(99)\n"
	diagrams["hostile"] = mermaidOf(t, hostile)

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
	var scripts int
	b.eval(t, `document.querySelectorAll(".diagram script").length`, &scripts)
	assert.Zero(t, scripts)
	// One to look at.
	b.eval(t, `document.querySelectorAll(".diagram").forEach(d => { if (d.dataset.name !== "echo.tl") d.remove(); }), true`, nil)
	b.screenshot(t, "socklab-mermaid-echo")
}

func mermaidOf(t *testing.T, src string) string {
	events, err := timeline.Run(engine.NewKernel(), src, timeline.Options{})
	require.NoError(t, err)
	return timeline.Mermaid(events, src)
}
