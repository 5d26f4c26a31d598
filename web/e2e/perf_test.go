package e2e

// TestPerf is the playground's performance-measuring script (`make perf`, or SOCKLAB_PERF=1 go
// test -run TestPerf -v ./web/e2e/). It prints and writes to /tmp/socklab-perf.txt:
//
//   - the engine's wasm size raw / gzip / brotli            target: brotli <= 800 KB
//   - navigation to engine-ready in headless Chromium        target: <= 1 s
//   - step + render latency on a timeline with 100 sockets   target: <= 16 ms
//   - wasm vs native cost per step (same Session calls)      target: <= 2x
//
// It fails when a figure misses its target by more than the slack a loaded, shared 2-core
// machine needs (SOCKLAB_PERF_STRICT=1 removes the slack).
//
// SOCKLAB_PERF_BASELINE=DIR also times the same steps on another build of the page (DIR holds its
// public/ files, e.g. an older render.js bundled with build.mjs into DIR/gen), alternating rounds
// in the same browser, so a before/after comparison sees the same machine load.

import (
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine/snapjson"
	"socklab/engine/timeline"
	"socklab/web"
	"socklab/web/server"
)

// stepRenderJS steps the loaded timeline from statement 50 to 100 and times each step: the
// engine (wasm step + JSON + diff), app.render, the layout still pending after it, and the render
// phases app.js records.
const stepRenderJS = `(() => { const app = socklabApp; app.act.goto(50); const out = []; for (let i = 0; i < 50; i++) {
	const t0 = performance.now(); const v = app.engine.step(); const t1 = performance.now();
	app.render(v); const t2 = performance.now(); document.body.getBoundingClientRect(); const t3 = performance.now();
	out.push(Object.assign({}, app.timings.phases || {}, {engine: t1 - t0, render: t2 - t1, layout: t3 - t2, total: t3 - t0})); } return out; })()`

// stepRender loads src in the page at url and runs stepRenderJS.
func stepRender(t *testing.T, b *browser, url, src string) []map[string]float64 {
	old := b.url
	b.url = url
	defer func() { b.url = old }()
	b.open(t, "/")
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, src), nil)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(`document.getElementById("scrub").max === "100"`, nil, chromedp.WithPollingTimeout(20*time.Second))))
	var runs []map[string]float64
	b.eval(t, stepRenderJS, &runs)
	return runs
}

func column(runs []map[string]float64, k string) []float64 {
	var xs []float64
	for _, r := range runs {
		xs = append(xs, r[k])
	}
	return xs
}

// hundredSockets creates 50 socketpairs (100 sockets), then writes on each pair.
func hundredSockets() string {
	var b strings.Builder
	b.WriteString("# 100 sockets: 50 socketpairs, then one write on each\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "p: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	}
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "p: write(%d, \"message %d\")\n", 3+2*i, i)
	}
	return b.String()
}

func fileSize(name string) int {
	b, err := fs.ReadFile(web.Public(), name)
	if err != nil {
		return -1
	}
	return len(b)
}

func percentile(xs []float64, p float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(float64(len(s)-1)*p)]
}

// nativeStepCost is what the wasm glue does per step (wasm/main.go: the statement, then
// snapjson.View with the per-step changes), natively: the best of rounds runs of from..to.
func nativeStepCost(src string, from, to, rounds int) time.Duration {
	best := time.Duration(1 << 62)
	for r := 0; r < rounds; r++ {
		s := timeline.NewSession(src, timeline.Options{StepBudget: 5000})
		m := snapjson.NewMirror()
		s.Goto(from)
		buf := snapjson.View(nil, s, m)
		start := time.Now()
		for s.Pos() < to {
			s.Step()
			buf = snapjson.View(buf[:0], s, m)
		}
		best = min(best, time.Since(start)/time.Duration(to-from))
	}
	return best
}

func TestPerf(t *testing.T) {
	if os.Getenv("SOCKLAB_PERF") == "" {
		t.Skip("SKIPPED: the performance script runs with `make perf` (SOCKLAB_PERF=1)")
	}
	slack := 2.0
	if os.Getenv("SOCKLAB_PERF_STRICT") != "" {
		slack = 1
	}
	var report strings.Builder
	say := func(format string, args ...any) {
		fmt.Fprintf(&report, format+"\n", args...)
		t.Logf(format, args...)
	}

	raw, gz, br := fileSize("gen/engine.wasm"), fileSize("gen/engine.wasm.gz"), fileSize("gen/engine.wasm.br")
	say("wasm size: raw %d KB, gzip %d KB, brotli %d KB (target brotli <= 800 KB)", raw/1024, gz/1024, br/1024)
	js, jsbr := fileSize("gen/app.js"), fileSize("gen/app.js.br")
	say("front-end bundle: raw %d KB, brotli %d KB", js/1024, jsbr/1024)

	// Navigation to engine-ready: a fresh browser (cold cache) then reloads (warm cache).
	b := newBrowser(t)
	var loads []float64
	for i := 0; i < 4; i++ {
		b.open(t, "/")
		var ready float64
		b.eval(t, `socklabApp.timings.ready`, &ready)
		loads = append(loads, ready)
	}
	say("navigation to engine-ready: cold %.0f ms, warm median %.0f ms (target <= 1000 ms)", loads[0], percentile(loads[1:], 0.5))

	// Step + render with 100 sockets.
	src := hundredSockets()
	// Three rounds of 50 steps (each reloads the page), pooled: one round is at the mercy of
	// whatever else the shared machine is doing in those two seconds.
	var runs []map[string]float64
	for round := 0; round < 3; round++ {
		runs = append(runs, stepRender(t, b, b.url, src)...)
	}
	lat := column(runs, "total")
	say("  of which engine (wasm step + JSON + diff) median %.1f ms, render median %.1f ms, layout after median %.1f ms",
		percentile(column(runs, "engine"), 0.5), percentile(column(runs, "render"), 0.5), percentile(column(runs, "layout"), 0.5))
	say("  render phases, medians (ms): kernel %.1f, arrows %.1f, panels %.1f, editor %.1f",
		percentile(column(runs, "kernel"), 0.5), percentile(column(runs, "arrows"), 0.5), percentile(column(runs, "panels"), 0.5), percentile(column(runs, "editor"), 0.5))
	var socks int
	b.eval(t, `document.querySelectorAll('#kernel [data-kind="socket"]').length`, &socks)
	say("step + render with %d sockets: median %.1f ms, p95 %.1f ms, max %.1f ms (target <= 16 ms)", socks, percentile(lat, 0.5), percentile(lat, 0.95), percentile(lat, 1))

	// A/B against another build of the page (SOCKLAB_PERF_BASELINE=dir holding its public/ files,
	// e.g. the previous render.js built with build.mjs), alternating rounds in the same browser so
	// that both see the same machine load.
	if dir := os.Getenv("SOCKLAB_PERF_BASELINE"); dir != "" {
		h, err := server.New(server.Config{Static: os.DirFS(dir), Run: server.RunTimeline})
		require.NoError(t, err)
		base := httptest.NewServer(h)
		defer base.Close()
		var cur, old []map[string]float64
		for round := 0; round < 3; round++ {
			old = append(old, stepRender(t, b, base.URL, src)...)
			cur = append(cur, stepRender(t, b, b.url, src)...)
		}
		for _, v := range []struct {
			name string
			runs []map[string]float64
		}{{"baseline", old}, {"this build", cur}} {
			say("A/B %-10s step + render median %.1f ms (p95 %.1f): engine %.1f, render %.1f [kernel %.1f, arrows %.1f, panels %.1f, editor %.1f], layout after %.1f",
				v.name, percentile(column(v.runs, "total"), 0.5), percentile(column(v.runs, "total"), 0.95), percentile(column(v.runs, "engine"), 0.5),
				percentile(column(v.runs, "render"), 0.5), percentile(column(v.runs, "kernel"), 0.5), percentile(column(v.runs, "arrows"), 0.5),
				percentile(column(v.runs, "panels"), 0.5), percentile(column(v.runs, "editor"), 0.5), percentile(column(v.runs, "layout"), 0.5))
		}
	}

	// Wasm vs native: the glue's per-step work (step + view JSON), no rendering.
	var wasmPer float64
	b.eval(t, fmt.Sprintf(`(() => { const api = socklabApp.engine.api; api.load(%q, 5000, 0); api.goto(50); const t0 = performance.now(); for (let i = 0; i < 50; i++) api.step(); return (performance.now() - t0) / 50; })()`, src), &wasmPer)
	native := nativeStepCost(src, 50, 100, 10)
	nativeMS := float64(native.Microseconds()) / 1000
	ratio := wasmPer / nativeMS
	say("per step (step + view JSON, 100 sockets): wasm %.2f ms, native %.2f ms, ratio %.1fx (target <= 2x)", wasmPer, nativeMS, ratio)
	b.open(t, "/") // leave the page in a clean state for the console check

	require.NoError(t, os.WriteFile("/tmp/socklab-perf.txt", []byte(report.String()), 0o644))
	assert.LessOrEqual(t, float64(br), 800*1024*slack, "wasm brotli size")
	assert.LessOrEqual(t, loads[0], 1000*slack, "navigation to engine-ready")
	assert.LessOrEqual(t, percentile(lat, 0.5), 16*slack, "step + render latency")
	assert.Equal(t, 100, socks)
}
