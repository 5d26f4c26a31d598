package e2e

// TestPerf is the playground's performance-measuring script (`make perf`, or SOCKLAB_PERF=1 go
// test -run TestPerf -v ./web/e2e/). It prints and writes to /tmp/socklab-perf.txt (issue 12's
// targets in brackets):
//
//   - the engine's wasm sizes raw / gzip / brotli (brotli at quality 11, computed here)
//                                                            [engine.wasm <= 800 KB, lessons <= 1200 KB]
//   - navigation to engine-ready in headless Chromium        [<= 1 s]
//   - step + render to the next frame (requestAnimationFrame, then a task: after style, layout
//     and paint) with 100 sockets, median and p95            [<= 10 ms, <= 16 ms]
//     and with 1,000 sockets, median                         [<= 50 ms]
//     The targets are held to "busy": the page's own time from the step's start to the end of the
//     frame that shows it (the engine, the render, the frame's callbacks, style, layout, paint),
//     without the idle wait for the frame clock to tick. That wait is printed too ("with the
//     wait"): headless Chromium begins frames on a 60 Hz clock, so a step started just after a
//     frame, as here, waits for the next tick whatever it costs (the "floor" line measures a step
//     that draws nothing), and no page can bring that under 16.6 ms.
//   - the engine's part of a step in the page at 100 sockets (engine.step(): the worker round
//     trip, the wasm step and View, the page's delta and diff) [<= 0.5 ms]
//   - wasm vs native per step (the same step + View), warmed best of N, both sides
//
// It fails when a figure misses its target by more than the slack a loaded, shared 2-core
// machine needs (SOCKLAB_PERF_STRICT=1 removes the slack).
//
// SOCKLAB_PERF_BASELINE=DIR also times the same steps on another build of the page (DIR holds its
// public/ files, e.g. an older checkout's web/public after make build), alternating rounds in the
// same browser, so a before/after comparison sees the same machine load.

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine/snapjson"
	"socklab/engine/timeline"
	"socklab/web"
	"socklab/web/server"
)

// stepRenderJS steps the loaded timeline from statement FROM, N times, and times each step: the
// engine (engine.step(), awaited: a worker round trip, or synchronous in older builds), app.render,
// and the wait for the next frame after it (requestAnimationFrame, then a task: style, layout and
// paint are done), and the render phases app.js records. RENDER=false skips app.render: what is
// left is the frame clock's floor.
//
// A frame begins only on the frame clock (60 Hz in headless Chromium): "total" includes the idle
// wait from the end of the render to the frame's start on the page's thread, so even a step that
// renders nothing measures about one frame interval. "busy" leaves that wait out: the engine, the
// render and the frame's own work (animation-frame callbacks, style, layout, paint, commit). The
// frame's start is the first animation-frame callback, registered before the render registers its
// own (the rAF timestamp is the vsync time, often before the page's thread gets to the frame).
//
// The first steps after a page load run the render code before the JIT has compiled it: the script
// first steps the WARM statements after FROM the same way, untimed, then goes back to FROM.
const stepRenderJS = `(async () => { const app = socklabApp; await app.act.goto(FROM); const out = [];
	const frame = () => new Promise((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
	await frame();
	for (let w = 0; w < WARM; w++) { const v = await app.engine.step(); if (RENDER) app.render(v); await frame(); }
	await app.act.goto(FROM); await frame();
	for (let i = 0; i < N; i++) {
		const t0 = performance.now(); const v = await app.engine.step(); const t1 = performance.now();
		let tf = 0; requestAnimationFrame(() => { tf = performance.now(); });
		if (RENDER) app.render(v); const t2 = performance.now(); await frame(); const t3 = performance.now();
		const wait = Math.max(0, Math.min(tf - t2, t3 - t2));
		out.push(Object.assign({}, app.timings.phases || {}, {engine: t1 - t0, render: t2 - t1, layout: t3 - t2, total: t3 - t0, wait, busy: t3 - t0 - wait}));
	} return out; })()`

// stepInFrameJS is the same steps started at the beginning of a frame, in an animation-frame
// callback, the way Chromium delivers rAF-aligned input, and timed to the end of the frame that
// shows them (a task posted at the frame's start runs after its paint): no idle wait, nothing
// subtracted. A step whose View was not ready within that frame's task is timed to the end of the
// next frame instead. What the render itself defers to a later frame (the log's scroll) is not
// in it, so make perf prints it beside busy, not in its place. It returns one duration per step.
const stepInFrameJS = `(async () => { const app = socklabApp; await app.act.goto(FROM); const out = [];
	const frame = () => new Promise((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
	const one = () => new Promise((res) => requestAnimationFrame(async () => {
		const t0 = performance.now(); let painted = 0; const c = new MessageChannel();
		const afterFrame = new Promise((r) => { c.port1.onmessage = () => { painted = performance.now(); r(); }; }); c.port2.postMessage(0);
		const v = await app.engine.step(); app.render(v);
		if (!painted) { await afterFrame; res(painted - t0); } else { await frame(); res(performance.now() - t0); }
	}));
	await frame();
	for (let w = 0; w < WARM; w++) { await one(); await frame(); }
	await app.act.goto(FROM); await frame();
	for (let i = 0; i < N; i++) { out.push(await one()); await frame(); }
	return out; })()`

// loadForTiming opens the page at b.url with src in the editor and waits until it has loaded every
// statement (a 1,000-socket timeline takes a while on a loaded machine).
func loadForTiming(t *testing.T, b *browser, src string) {
	b.open(t, "/")
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, src), nil)
	total := strings.Count(src, "\n") - strings.Count(src, "#")
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`document.getElementById("scrub").max === "%d"`, total), nil, chromedp.WithPollingTimeout(30*time.Second))))
}

// stepInFrame loads src at the page's own URL and runs stepInFrameJS from step from, n steps.
func stepInFrame(t *testing.T, b *browser, src string, from, n int) []float64 {
	loadForTiming(t, b, src)
	var out []float64
	b.await(t, strings.NewReplacer("FROM", strconv.Itoa(from), "WARM", "5", "N", strconv.Itoa(n)).Replace(stepInFrameJS), &out)
	return out
}

// stepRender loads src in the page at url and runs stepRenderJS from step from, n steps.
func stepRender(t *testing.T, b *browser, url, src string, from, n int) []map[string]float64 {
	return stepMaybeRender(t, b, url, src, from, n, true)
}

// stepMaybeRender is stepRender, without app.render when render is false.
func stepMaybeRender(t *testing.T, b *browser, url, src string, from, n int, render bool) []map[string]float64 {
	old := b.url
	b.url = url
	defer func() { b.url = old }()
	loadForTiming(t, b, src)
	var runs []map[string]float64
	js := strings.NewReplacer("FROM", strconv.Itoa(from), "WARM", "5", "N", strconv.Itoa(n), "RENDER", strconv.FormatBool(render)).Replace(stepRenderJS)
	b.await(t, js, &runs)
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

// thousandSockets is the same with 500 socketpairs (1,000 sockets) in 5 processes (a process
// has 1,024 fds).
func thousandSockets() string {
	var b strings.Builder
	b.WriteString("# 1000 sockets: 500 socketpairs in 5 processes, then one write on each\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "p%d: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n", i/100)
	}
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "p%d: write(%d, \"message %d\")\n", i/100, 3+2*(i%100), i)
	}
	return b.String()
}

// brotliSize compresses b as precompress does for a release (quality 11, window 24).
func brotliSize(b []byte) int {
	var out bytes.Buffer
	w := brotli.NewWriterOptions(&out, brotli.WriterOptions{Quality: 11, LGWin: 24})
	w.Write(b)
	w.Close()
	return out.Len()
}

func gzipSize(b []byte) int {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return out.Len()
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

	var br, brLessons int
	for _, name := range []string{"gen/engine.wasm", "gen/engine-lessons.wasm"} {
		raw, err := fs.ReadFile(web.Public(), name)
		require.NoError(t, err)
		n := brotliSize(raw)
		if br == 0 {
			br = n
		} else {
			brLessons = n
		}
		say("%s: raw %.1f KiB, gzip %.1f KiB, brotli %.1f KiB", name, float64(len(raw))/1024, float64(gzipSize(raw))/1024, float64(n)/1024)
	}
	say("  targets: engine.wasm brotli <= 800 KB (stretch 700), every lazily loaded wasm <= 1200 KB")
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

	// Step + render with 100 sockets: three rounds of 50 steps (each reloads the page), pooled:
	// one round is at the mercy of whatever else the shared machine is doing in those seconds.
	// Each part has a browser of its own: one browser's context times out after 90 s, which a
	// loaded machine can take.
	b = newBrowser(t)
	src := hundredSockets()
	var runs []map[string]float64
	for round := 0; round < 3; round++ {
		runs = append(runs, stepRender(t, b, b.url, src, 50, 50)...)
	}
	lat, busy := column(runs, "total"), column(runs, "busy")
	var socks int
	b.eval(t, `document.querySelectorAll('#kernel [data-kind="socket"]').length`, &socks)
	say("step + render to the next frame with %d sockets (busy, without the idle wait for the frame clock): median %.1f ms, p95 %.1f ms, max %.1f ms (targets: median <= 10 ms, p95 <= 16 ms)",
		socks, percentile(busy, 0.5), percentile(busy, 0.95), percentile(busy, 1))
	say("  of which engine.step() median %.2f ms (target <= 0.5 ms), render median %.1f ms, frame after (callbacks, style, layout, paint; with the wait) median %.1f ms",
		percentile(column(runs, "engine"), 0.5), percentile(column(runs, "render"), 0.5), percentile(column(runs, "layout"), 0.5))
	say("  render phases, medians (ms): kernel %.1f, arrows %.1f, panels %.1f, editor %.1f",
		percentile(column(runs, "kernel"), 0.5), percentile(column(runs, "arrows"), 0.5), percentile(column(runs, "panels"), 0.5), percentile(column(runs, "editor"), 0.5))
	var inFrame []float64
	for round := 0; round < 2; round++ {
		inFrame = append(inFrame, stepInFrame(t, b, src, 50, 50)...)
	}
	say("  started at a frame's start (rAF-aligned input) and timed to the end of that frame, nothing subtracted: median %.1f ms, p95 %.1f ms",
		percentile(inFrame, 0.5), percentile(inFrame, 0.95))
	floor := stepMaybeRender(t, b, b.url, src, 50, 30, false)
	say("  with the wait for the frame clock: median %.1f ms, p95 %.1f ms; the same steps without rendering measure %.1f ms so (the frame clock's floor)",
		percentile(lat, 0.5), percentile(lat, 0.95), percentile(column(floor, "total"), 0.5))

	// 1,000 sockets: the page stays usable.
	b = newBrowser(t)
	big := stepRender(t, b, b.url, thousandSockets(), 500, 20)
	var bigSocks int
	b.eval(t, `document.querySelectorAll('#kernel [data-kind="socket"]').length`, &bigSocks)
	bigBusy := column(big, "busy")
	say("step + render to the next frame with %d sockets (busy): median %.1f ms, p95 %.1f ms (target: median <= 50 ms); engine.step() median %.2f ms, render %.1f ms, frame after %.1f ms",
		bigSocks, percentile(bigBusy, 0.5), percentile(bigBusy, 0.95), percentile(column(big, "engine"), 0.5), percentile(column(big, "render"), 0.5), percentile(column(big, "layout"), 0.5))
	say("  with the wait for the frame clock: median %.1f ms", percentile(column(big, "total"), 0.5))

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
			b = newBrowser(t)
			old = append(old, stepRender(t, b, base.URL, src, 50, 30)...)
			cur = append(cur, stepRender(t, b, b.url, src, 50, 30)...)
		}
		for _, v := range []struct {
			name string
			runs []map[string]float64
		}{{"baseline", old}, {"this build", cur}} {
			say("A/B %-10s step + render to the next frame median %.1f ms (p95 %.1f): engine %.2f, render %.1f [kernel %.1f, arrows %.1f, panels %.1f, editor %.1f], frame after %.1f",
				v.name, percentile(column(v.runs, "total"), 0.5), percentile(column(v.runs, "total"), 0.95), percentile(column(v.runs, "engine"), 0.5),
				percentile(column(v.runs, "render"), 0.5), percentile(column(v.runs, "kernel"), 0.5), percentile(column(v.runs, "arrows"), 0.5),
				percentile(column(v.runs, "panels"), 0.5), percentile(column(v.runs, "editor"), 0.5), percentile(column(v.runs, "layout"), 0.5))
		}
		say("A/B busy (without the wait for the frame to begin) medians: baseline %.1f ms, this build %.1f ms (ratio %.2f); step + render to the next frame ratio %.2f",
			percentile(column(old, "busy"), 0.5), percentile(column(cur, "busy"), 0.5), percentile(column(cur, "busy"), 0.5)/percentile(column(old, "busy"), 0.5),
			percentile(column(cur, "total"), 0.5)/percentile(column(old, "total"), 0.5))
	}

	// Wasm vs native: the glue's per-step work (the statement, then the View with its per-step
	// changes), no rendering, warmed, best of 7 rounds of 50 steps on each side. The wasm side
	// runs on the page's thread (a second engine, without the worker's messaging).
	var wasmPer float64
	b = newBrowser(t)
	b.open(t, "/")
	b.await(t, fmt.Sprintf(`(async () => { const e = await socklabApp.loadEngine(document.querySelector('meta[name="socklab-wasm"]').content); const api = e.backend.api; let best = 1e9;
		for (let r = 0; r < 8; r++) { api.load(%q, 5000, 0); api.goto(50); const t0 = performance.now(); for (let i = 0; i < 50; i++) api.step(); const per = (performance.now() - t0) / 50; if (r > 0) best = Math.min(best, per); }
		return best; })()`, src), &wasmPer)
	nativeStepCost(src, 50, 100, 1) // warm up
	native := nativeStepCost(src, 50, 100, 7)
	nativeMS := float64(native.Nanoseconds()) / 1e6
	say("per step (statement + View with its changes, 100 sockets), warmed best of 7: wasm %.3f ms, native %.3f ms, ratio %.1fx",
		wasmPer, nativeMS, wasmPer/nativeMS)
	b.open(t, "/") // leave the page in a clean state for the console check

	require.NoError(t, os.WriteFile("/tmp/socklab-perf.txt", []byte(report.String()), 0o644))
	assert.LessOrEqual(t, float64(br), 800*1024*slack, "wasm brotli size")
	assert.LessOrEqual(t, float64(brLessons), 1200*1024*slack, "lessons wasm brotli size")
	assert.LessOrEqual(t, loads[0], 1000*slack, "navigation to engine-ready")
	assert.LessOrEqual(t, percentile(busy, 0.5), 10*slack, "step + render to the next frame, median")
	assert.LessOrEqual(t, percentile(busy, 0.95), 16*slack, "step + render to the next frame, p95")
	assert.LessOrEqual(t, percentile(bigBusy, 0.5), 50*slack, "step + render to the next frame at 1,000 sockets")
	assert.Equal(t, 100, socks)
}
