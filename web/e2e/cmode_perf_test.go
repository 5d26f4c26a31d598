package e2e

// TestCModePerf times the C mode in headless Chromium (`make perf` runs it with TestPerf):
//
//   - the C module (gen/c.wasm) size raw / gzip / brotli (lazily loaded: only /c fetches it)
//   - the seed article's echo pair: compile both files, run to completion, record every step
//     (the module's load call, in its Worker)                          target: < 200 ms
//   - a 10-million-iteration loop compiled and run the same way           target: < 2 s
//   - going back from the last step to step 1 (checkpoint + replay)
//
// Each figure is the best of a few runs in the same browser, measured from the page (postMessage
// to the Worker and back), so it includes what a learner waits for.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"socklab/web"
)

// timeCalls runs the page's C engine: load(files) n times and reports the best wall time, then
// the best time of goto(1) from the end.
const timeCallsJS = `(async (files, n) => {
  const e = socklabC.engine; let best = 1e9, back = 1e9, len = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now(); const v = await e.call("load", JSON.stringify({files})); const t1 = performance.now();
    if (!v.view) return {error: JSON.stringify(v.errors)};
    best = Math.min(best, t1 - t0); len = v.view.len;
    await e.call("end"); const t2 = performance.now(); await e.call("goto", 1); back = Math.min(back, performance.now() - t2);
  }
  return {best, back, len};
})`

func TestCModePerf(t *testing.T) {
	if os.Getenv("SOCKLAB_PERF") == "" {
		t.Skip("SOCKLAB_PERF=1 (make perf) runs the C mode's timings")
	}
	b := newBrowser(t)
	b.open(t, "/c")
	b.untilTrue(t, `document.body.dataset.pos !== undefined && document.body.dataset.busy !== "1"`, "the seed pair did not load")
	run := func(files []map[string]string, n int) map[string]any {
		arg, _ := json.Marshal(files)
		var out map[string]any
		require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(fmt.Sprintf("%s(%s, %d)", timeCallsJS, arg, n), &out,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })))
		require.Nil(t, out["error"], "compile errors")
		return out
	}
	read := func(p string) string {
		src, err := os.ReadFile("../../engine/cprog/testdata/seed/" + p)
		require.NoError(t, err)
		return string(src)
	}
	seed := run([]map[string]string{{"name": "server.c", "src": read("server.c")}, {"name": "client.c", "src": read("client.c")}}, 5)
	loop := run([]map[string]string{{"name": "loop.c", "src": "int main(void) {\n    volatile long s = 0;\n    for (long i = 0; i < 10000000; i++) s += i;\n    return (int)(s & 1);\n}\n"}}, 2)
	raw, err := fs.ReadFile(web.Public(), "gen/c.wasm")
	require.NoError(t, err)
	report := fmt.Sprintf("C mode (headless Chromium, the module in a Web Worker; best of runs)\n"+
		"  c.wasm: raw %.1f KiB, gzip %.1f KiB, brotli %.1f KiB (only /c loads it; target: brotli <= 1200 KB)\n"+
		"  seed echo pair: compile + run to completion (%v steps): %.1f ms   target < 200 ms\n"+
		"  10,000,000-iteration loop: compile + run: %.0f ms   target < 2000 ms\n"+
		"  back from the last step to step 1: seed %.1f ms\n",
		float64(len(raw))/1024, float64(gzipSize(raw))/1024, float64(brotliSize(raw))/1024, seed["len"], seed["best"].(float64), loop["best"].(float64), seed["back"].(float64))
	t.Log("\n" + report)
	f, err := os.OpenFile("/tmp/socklab-perf.txt", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		f.WriteString(report)
		f.Close()
	}
}
