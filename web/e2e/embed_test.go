package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/web"
	"socklab/web/server"
)

// componentPage is a docs page with three playgrounds (README's snippet is the first), a hostile
// stylesheet, and a fourth playground far below the fold.
const componentPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A post about sockets</title><link rel="icon" href="data:,">
<style>
  * { color: red !important; font-family: serif !important; }
  button { display: none !important; }
  .obj, .controls, .sl { border: 5px solid lime !important; }
</style>
<script type="module" src="/embed.js"></script>
</head>
<body>
<main>
<h1>A post about sockets</h1>
<socklab-playground step="4" theme="light" height="420" id="one">
server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/echo.sock")
server: listen(fd, 5)
server: conn = accept(fd)
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/echo.sock")
</socklab-playground>
<p>The same in Chinese, read-only, kernel and log only:</p>
<socklab-playground id="two" lang="zh" readonly panes="kernel log" theme="dark">
  a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
  a: write(sv[0], "ping")
  a: read(sv[1], 100)
  a: recv(sv[1], 100, MSG_DONTWAIT)
</socklab-playground>
<socklab-playground id="bad" readonly>
a: s = socket(AF_UNIX, SOCK_STREAM, 0)
a: bind(s, "/tmp/x"
</socklab-playground>
<socklab-playground id="raw" readonly panes="source log"><script type="text/plain">
a: s = socket(AF_UNIX, SOCK_DGRAM, 0)
a: bind(s, "/tmp/<b>x</b>")
</script></socklab-playground>
<div style="height: 3000px"></div>
<section lang="zh-CN"><socklab-playground id="far" src="/echo.tl" readonly panes="source kernel"></socklab-playground></section>
</main>
</body>
</html>`

// newDocsSite serves pages at /post/ (a docs site) next to socklab's own files.
func newDocsSite(t *testing.T, pages map[string]string) string {
	h, err := server.New(server.Config{Static: web.Public(), Run: server.RunTimeline})
	require.NoError(t, err)
	mux := http.NewServeMux()
	for path, body := range pages {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(path, ".tl") {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			} else {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
			}
			w.Write([]byte(body))
		})
	}
	mux.Handle("/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// viewShot saves what the viewport shows (not the whole page) to /tmp/<name>.png.
func viewShot(t *testing.T, b *browser, name string) {
	t.Helper()
	var png []byte
	require.NoError(t, chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&png)))
	require.NoError(t, os.WriteFile("/tmp/"+name+".png", png, 0o644))
	t.Logf("screenshot: /tmp/%s.png", name)
}

// shadow evaluates an expression on a playground's shadow root (bound to r) and its host (el).
func shadow(id, expr string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q); const r = el && el.shadowRoot; return %s; })()`, id, expr)
}

func TestWebComponent(t *testing.T) {
	b := newBrowser(t)
	site := newDocsSite(t, map[string]string{"/post/{$}": componentPage, "/echo.tl": example(t, "echo")})
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(site+"/post/")))
	b.untilTrue(t, shadow("one", `el.dataset.state === "ready" && el.dataset.pos === "4"`), "playground one did not start at step 4")
	b.untilTrue(t, shadow("two", `el.dataset.state === "ready"`), "playground two did not start")
	b.untilTrue(t, shadow("bad", `el.dataset.parse === "error"`), "the bad timeline did not show its error")

	// The far one waits below the fold: the engine does not start it until it is scrolled to.
	var st string
	b.eval(t, shadow("far", `el.dataset.state`), &st)
	assert.Equal(t, "waiting", st, "a playground out of view does not start")

	// First paint does not wait for the engine: the frames and timelines paint first.
	var m map[string]float64
	b.eval(t, `(() => { const p = performance.getEntriesByName("first-contentful-paint")[0];
		const one = document.getElementById("one").timings;
		return { fcp: p ? p.startTime : -1, ready: one.ready, start: one.start } })()`, &m)
	t.Logf("page with 4 playgrounds: first contentful paint %.0f ms, engine started %.0f ms, first playground ready %.0f ms", m["fcp"], m["start"], m["ready"])
	assert.Greater(t, m["fcp"], 0.0)
	assert.Less(t, m["fcp"], m["ready"], "first paint comes before the engine is ready")
	// One engine for the page (the wasm fetched on the page's thread, or one worker that fetches it).
	var wasm int
	b.eval(t, `performance.getEntriesByType("resource").filter(e => /\/gen\/(engine\.wasm|worker\.js)$/.test(e.name)).length`, &wasm)
	assert.Equal(t, 1, wasm, "the engine is fetched once")

	// The kernel view, the sleeping server, the line of the error.
	var s string
	b.eval(t, shadow("one", `r.querySelector(".sl-kernel").textContent`), &s)
	assert.Contains(t, s, "server")
	assert.Contains(t, s, "accept")
	b.eval(t, shadow("bad", `r.querySelector(".sl-errors").textContent`), &s)
	assert.Contains(t, s, "line 2:")

	// Chinese labels in two.
	b.eval(t, shadow("two", `r.querySelector(".sl-pos").textContent + "|" + r.querySelector("summary").textContent + "|" + r.querySelector(".sl-kernel").textContent`), &s)
	assert.Contains(t, s, "结果", "Chinese labels: %s", s)
	// panes="kernel log": no source, no chain.
	var n int
	b.eval(t, shadow("two", `r.querySelectorAll(".sl-source, .sl-chain").length`), &n)
	assert.Zero(t, n)

	// Independent: stepping two three times does not move one, and one still steps from 4.
	for range 3 {
		b.eval(t, shadow("two", `(r.querySelector(".sl-step").click(), true)`), nil)
	}
	b.eval(t, shadow("two", `el.dataset.pos + " " + el.dataset.state + " " + r.querySelector(".sl-step").disabled + r.querySelector(".sl-errors").textContent`), &s)
	b.untilTrue(t, shadow("two", `el.dataset.pos === "3"`), "two did not step to 3")
	b.eval(t, shadow("one", `(r.querySelector(".sl-step").click(), true)`), nil)
	b.untilTrue(t, shadow("one", `el.dataset.pos === "5"`), "one did not step to 5")
	b.eval(t, shadow("one", `(r.querySelector(".sl-step").click(), true)`), nil)
	b.untilTrue(t, shadow("one", `el.dataset.pos === "6"`), "one did not step to 6")
	b.eval(t, shadow("one", `r.querySelector(".sl-log").textContent`), &s)
	assert.Contains(t, s, "woken by step 6", "one's accept woke up")
	b.eval(t, shadow("two", `el.dataset.pos + " " + r.querySelector(".sl-log").textContent`), &s)
	assert.True(t, strings.HasPrefix(s, "3 "), s)
	b.eval(t, shadow("two", `(r.querySelector(".sl-step").click(), true)`), nil)
	b.untilTrue(t, shadow("two", `el.dataset.pos === "4"`), "two did not step to 4")
	b.eval(t, shadow("two", `r.querySelector(".sl-log").textContent`), &s)
	assert.Contains(t, s, "EAGAIN")

	// Host CSS does not get in: buttons are shown, not red.
	b.eval(t, shadow("one", `getComputedStyle(r.querySelector(".sl-step")).display + " " + getComputedStyle(r.querySelector(".sl-step")).color`), &s)
	assert.NotContains(t, s, "none")
	assert.NotContains(t, s, "rgb(255, 0, 0)")
	// Ours does not get out: the page's own h1 keeps the page's style (no .sl rules outside).
	b.eval(t, `getComputedStyle(document.querySelector("h1")).fontSize`, &s)
	assert.Equal(t, "32px", s)

	// Copy as Mermaid: the whole run, back at the same step.
	b.eval(t, shadow("one", `(r.querySelector(".sl-mermaid").click(), true)`), nil)
	b.untilTrue(t, shadow("one", `!!r.querySelector(".sl-mermaid").dataset.text`), "no mermaid text")
	b.eval(t, shadow("one", `r.querySelector(".sl-mermaid").dataset.text`), &s)
	assert.True(t, strings.HasPrefix(s, "sequenceDiagram\n    participant P1 as server\n"), s)
	assert.Contains(t, s, "K-->>P1: [4] conn = accept(fd) → 4 (woken by step 6)")
	b.eval(t, shadow("one", `el.dataset.pos`), &s)
	assert.Equal(t, "6", s)

	// Keys work inside a playground.
	b.eval(t, shadow("one", `(r.querySelector(".sl-kernel").focus(), r.querySelector(".sl-kernel").dispatchEvent(new KeyboardEvent("keydown", {key: "Home", bubbles: true, composed: true})), true)`), nil)
	b.untilTrue(t, shadow("one", `el.dataset.pos === "0"`), "Home did not reset")
	b.eval(t, `(window.scrollTo(0, 0), true)`, nil)
	viewShot(t, b, "socklab-component")

	// Editing (no readonly): a broken line shows its error with the line number, a fixed one runs.
	edit := func(text string) {
		b.eval(t, shadow("one", fmt.Sprintf(`(() => { const x = r.querySelector("textarea.sl-edit"); x.value = %q; x.dispatchEvent(new Event("input")); return true })()`, text)), nil)
	}
	edit("server: fd = socket(AF_UNIX, SOCK_STREAM, 0)\nserver: listen(fd, 5\n")
	var box bool
	b.eval(t, shadow("one", `!!r.querySelector("textarea.export-text")`), &box)
	t.Logf("copy as Mermaid without a clipboard shows the text to copy by hand: %v", box)
	b.untilTrue(t, shadow("one", `el.dataset.parse === "error"`), "an edit that does not parse shows its error")
	b.eval(t, shadow("one", `r.querySelector(".sl-errors").textContent`), &s)
	assert.Contains(t, s, "line 2:")
	edit("server: fd = socket(AF_UNIX, SOCK_STREAM, 0)\nserver: listen(fd, 5)\n")
	b.untilTrue(t, shadow("one", `el.dataset.parse === "ok" && r.querySelector(".sl-errors").hidden`), "a fixed edit runs again")

	// A timeline with "<" in a <script type="text/plain"> child.
	b.eval(t, `(document.getElementById("raw").scrollIntoView(), true)`, nil)
	b.untilTrue(t, shadow("raw", `el.dataset.state === "ready"`), "the raw playground did not start")
	b.eval(t, shadow("raw", `r.querySelector(".sl-source").textContent`), &s)
	assert.Contains(t, s, `bind(s, "/tmp/<b>x</b>")`)

	// Scrolled into view, the far one starts (from src=).
	b.eval(t, `(document.getElementById("far").scrollIntoView(), true)`, nil)
	b.untilTrue(t, shadow("far", `el.dataset.state === "ready"`), "the far playground did not start when scrolled to")
	b.eval(t, shadow("far", `r.querySelector(".sl-source").textContent`), &s)
	assert.Contains(t, s, "hello, server")
	b.eval(t, shadow("far", `r.querySelector(".sl-pos").textContent`), &s)
	assert.Contains(t, s, "步", "no lang attribute: the nearest lang= (zh-CN) decides")
	b.eval(t, `performance.getEntriesByType("resource").filter(e => /\/gen\/(engine\.wasm|worker\.js)$/.test(e.name)).length`, &wasm)
	assert.Equal(t, 1, wasm, "still one engine")
}
