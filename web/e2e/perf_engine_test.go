package e2e

// TestPerfEngine (make perf) times the engine's part of the page's moves at 100 sockets, each
// followed by the page's render and the next frame as a learner sees them: a step (which the
// worker runs ahead while the page draws: worker.js), and a step back (which nothing runs
// ahead: the worker's round trip, the wasm statement replayed from a checkpoint and its View,
// JSON.parse and the page's delta). With SOCKLAB_PERF_BASELINE=DIR it alternates rounds with
// another build of the page (DIR holds its public/ files).

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"socklab/web/server"
)

const movesJS = `(async () => { const app = socklabApp; const e = app.engine; const out = {step: [], back: []};
	const frame = () => new Promise((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
	await app.act.goto(50); await frame();
	for (const move of ["step", "back"]) for (let i = 0; i < 20; i++) {
		const t0 = performance.now(); const v = await e[move](); out[move].push(performance.now() - t0);
		app.render(v); await frame();
	}
	const w = await app.loadEngine(document.querySelector('meta[name="socklab-wasm"]').content); const api = w.backend.api;
	out.wasm = [1e9]; out.wasm_back = [1e9];
	for (let r = 0; r < 4; r++) { api.load(SRC, 5000, 0); api.goto(50); let t0 = performance.now(); for (let i = 0; i < 50; i++) api.step();
		const per = (performance.now() - t0) / 50; t0 = performance.now(); for (let i = 0; i < 20; i++) api.back(); const back = (performance.now() - t0) / 20;
		if (r > 0) { out.wasm[0] = Math.min(out.wasm[0], per); out.wasm_back[0] = Math.min(out.wasm_back[0], back); } }
	return out; })()`

func TestPerfEngine(t *testing.T) {
	if os.Getenv("SOCKLAB_PERF") == "" {
		t.Skip("SKIPPED: the performance script runs with `make perf` (SOCKLAB_PERF=1)")
	}
	builds := []struct{ name, url string }{}
	b := newBrowser(t)
	if dir := os.Getenv("SOCKLAB_PERF_BASELINE"); dir != "" {
		h, err := server.New(server.Config{Static: os.DirFS(dir), Run: server.RunTimeline})
		require.NoError(t, err)
		base := httptest.NewServer(h)
		defer base.Close()
		builds = append(builds, struct{ name, url string }{"baseline", base.URL})
	}
	builds = append(builds, struct{ name, url string }{"this build", b.url})
	runs := map[string]map[string][]float64{}
	src := hundredSockets()
	total := strings.Count(src, "\n") - strings.Count(src, "#")
	for round := 0; round < 3; round++ {
		for _, build := range builds {
			b.url = build.url
			b.open(t, "/")
			b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, src), nil)
			require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`document.getElementById("scrub").max === "%d"`, total), nil, chromedp.WithPollingTimeout(30*time.Second))))
			var out map[string][]float64
			b.await(t, strings.Replace(movesJS, "SRC", fmt.Sprintf("%q", src), 1), &out)
			if runs[build.name] == nil {
				runs[build.name] = map[string][]float64{}
			}
			for k, v := range out {
				runs[build.name][k] = append(runs[build.name][k], v...)
			}
		}
	}
	var report strings.Builder
	for _, build := range builds {
		r := runs[build.name]
		line := fmt.Sprintf("engine part of a move in the page, 100 sockets, %-10s: step median %.2f ms (p95 %.2f), back median %.2f ms (p95 %.2f); wasm on the page's thread, best of 3x50: step + View %.3f ms, back + View %.3f ms",
			build.name, percentile(r["step"], 0.5), percentile(r["step"], 0.95), percentile(r["back"], 0.5), percentile(r["back"], 0.95), percentile(r["wasm"], 0), percentile(r["wasm_back"], 0))
		t.Log(line)
		report.WriteString(line + "\n")
	}
	f, err := os.OpenFile("/tmp/socklab-perf.txt", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	defer f.Close()
	f.WriteString(report.String())
}
