// Package e2e drives the real playground in headless Chromium (Debian's chromium package, via
// chromedp): the page served by the same handler as `socklab serve`, the engine compiled to
// WebAssembly, the editor, the controls, share links and the embed view.
//
// Chromium missing: `make test` installs it (as root). Under CI=true a missing Chromium or an
// unbuilt front end fails these tests; elsewhere they skip, saying why.
package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/web"
	"socklab/web/server"
)

// chromiumPath finds Debian's chromium.
func chromiumPath() string {
	for _, p := range []string{os.Getenv("SOCKLAB_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	p, _ := exec.LookPath("chromium")
	return p
}

// need skips (or under CI=true fails) when the browser or the built front end is missing.
func need(t testing.TB) string {
	t.Helper()
	miss := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: the e2e tests must run)", why)
		}
		t.Skipf("SKIPPED: %s", why)
	}
	chrome := chromiumPath()
	if chrome == "" {
		miss("chromium is not installed: run `make test` as root, or apt-get install chromium")
	}
	if _, err := fs.Stat(web.Public(), "gen/engine.wasm"); err != nil {
		miss("the front end is not built into this binary: run `make build` first")
	}
	if _, err := fs.Stat(web.Public(), "gen/app.js"); err != nil {
		miss("the front-end bundle is not built: run `make build` first")
	}
	return chrome
}

// browser is one headless Chromium with a fresh profile, a served playground and a console
// error collector.
type browser struct {
	ctx    context.Context
	url    string
	mu     sync.Mutex
	errors []string
}

func newBrowser(t testing.TB) *browser { return newBrowserWith(t, nil) }

// newBrowserWith is newBrowser with the playground's handler wrapped by wrap (nil: none), for
// tests that hold back or alter some responses.
func newBrowserWith(t testing.TB, wrap func(http.Handler) http.Handler) *browser {
	chrome := need(t)
	h, err := server.New(server.Config{Static: web.Public(), Run: server.RunTimeline})
	require.NoError(t, err)
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	// A fresh profile; removed after Chromium has exited (t.TempDir would race its last writes).
	profile, err := os.MkdirTemp("", "socklab-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(profile) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1440, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx, url: srv.URL}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.addError("console." + string(ev.Type) + ": " + strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			b.addError("exception: " + ev.ExceptionDetails.Text + " " + describe(ev.ExceptionDetails.Exception))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				b.addError("log: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	})
	require.NoError(t, chromedp.Run(ctx, log.Enable(), runtime.Enable()))
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		assert.Empty(t, b.errors, "the page logged errors")
	})
	return b
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func (b *browser) addError(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = append(b.errors, s)
}

// open navigates to path and waits until the engine is ready.
func (b *browser) open(t testing.TB, path string) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.ctx,
		chromedp.Navigate(b.url+path),
		chromedp.WaitReady(`body[data-ready="1"]`, chromedp.ByQuery),
	), "page %s did not become ready", path)
}

func (b *browser) eval(t testing.TB, js string, out any) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(js, out)), js)
}

func (b *browser) text(t testing.TB, sel string) string {
	var s string
	b.eval(t, fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).map(e => e.textContent).join("\n")`, sel), &s)
	return s
}

func (b *browser) pos(t testing.TB) string {
	b.settle(t)
	var s string
	b.eval(t, `document.body.dataset.pos || ""`, &s)
	return s
}

// click waits for the element sel and clicks it in one step inside the page. chromedp.Click
// resolves a node first and then clicks it by id, which fails ("Could not find node with given
// id") when a re-render replaces the node in between, as the lesson panel's live checks do.
func (b *browser) click(t testing.TB, sel string) {
	t.Helper()
	b.untilTrue(t, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.click(); return true; })()`, sel), "no element "+sel+" to click")
	b.settle(t)
}

// settle waits until the page's engine calls are answered and rendered (the engine runs in a
// Web Worker: a step is asynchronous).
func (b *browser) settle(t testing.TB) {
	t.Helper()
	b.untilTrue(t, `!(window.socklabApp && socklabApp.pending > 0)`, "the engine did not answer")
}

// await evaluates js, awaiting the Promise it returns (engine calls are asynchronous).
func (b *browser) await(t testing.TB, js string, out any) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Evaluate(js, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })), js)
}

// typeInto focuses the element sel (waiting for it) and types text with real key events, which
// go to the focused element whatever re-renders around it.
func (b *browser) typeInto(t testing.TB, sel, text string) {
	t.Helper()
	b.untilTrue(t, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.focus(); return document.activeElement === e; })()`, sel), "no element "+sel+" to type into")
	if text != "" {
		require.NoError(t, chromedp.Run(b.ctx, chromedp.KeyEvent(text)))
	}
}

// untilTrue evaluates js every 50 ms until it returns true, failing with why after 10 s.
func (b *browser) untilTrue(t testing.TB, js, why string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var ok bool
		b.eval(t, js, &ok)
		if ok {
			return
		}
		require.True(t, time.Now().Before(deadline), why)
	}
}

// key presses a key on the page body (the controls' shortcuts).
func (b *browser) key(t testing.TB, k string, times int) {
	t.Helper()
	for range times {
		b.settle(t) // a load still running would drop the key
		b.eval(t, fmt.Sprintf(`document.body.dispatchEvent(new KeyboardEvent("keydown", {key: %q, bubbles: true})), true`, k), nil)
		b.settle(t)
	}
}

func (b *browser) screenshot(t testing.TB, name string) string {
	t.Helper()
	var png []byte
	require.NoError(t, chromedp.Run(b.ctx, chromedp.FullScreenshot(&png, 100)))
	p := "/tmp/" + name + ".png"
	require.NoError(t, os.WriteFile(p, png, 0o644))
	t.Logf("screenshot: %s", p)
	return p
}

func example(t testing.TB, name string) string {
	b, err := fs.ReadFile(web.Examples, "examples/"+name+".tl")
	require.NoError(t, err)
	return string(b)
}
