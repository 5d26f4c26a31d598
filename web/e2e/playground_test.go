package e2e

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// taskText is the text of the process card named comm.
func taskText(t *testing.T, b *browser, comm string) string {
	var s string
	b.eval(t, fmt.Sprintf(`(() => { const c = Array.from(document.querySelectorAll('#kernel [data-kind="task"]')).find(e => e.querySelector(".obj-type").textContent === %q); return c ? c.textContent : ""; })()`, comm), &s)
	return s
}

// fds lists the fd numbers in the fd table of the process card named comm.
func fds(t *testing.T, b *browser, comm string) []string {
	var s []string
	b.eval(t, fmt.Sprintf(`(() => { const c = Array.from(document.querySelectorAll('#kernel [data-kind="task"]')).find(e => e.querySelector(".obj-type").textContent === %q); return c ? Array.from(c.querySelectorAll(".fdnum")).map(e => e.textContent) : []; })()`, comm), &s)
	return s
}

func TestPlaygroundEchoExample(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	assert.Equal(t, "0", b.pos(t))
	var editorText string
	b.eval(t, `socklabApp.editor.text()`, &editorText)
	assert.Equal(t, example(t, "echo"), editorText, "the echo example is the default timeline")
	assert.Contains(t, b.text(t, "#controls"), "Space", "the keys are shown on screen")

	// Step 3: listen — the listener shows its (empty) accept queue.
	b.key(t, "ArrowRight", 3)
	assert.Equal(t, "3", b.pos(t))
	assert.Contains(t, b.text(t, "#kernel .accept-queue"), "accept queue")
	assert.Contains(t, b.text(t, "#kernel"), "TCP_LISTEN")
	assert.Contains(t, b.text(t, "#kernel .unix-table"), "bsd")

	// Step 4: accept blocks — the server is visibly asleep on a wait queue.
	b.key(t, " ", 1)
	assert.Equal(t, "4", b.pos(t))
	srv := taskText(t, b, "server")
	assert.Contains(t, srv, "TASK_INTERRUPTIBLE")
	assert.Contains(t, srv, "accept")
	var asleep int
	b.eval(t, `document.querySelectorAll('#kernel .obj-task.asleep').length`, &asleep)
	assert.Equal(t, 1, asleep)
	assert.Contains(t, b.text(t, "#kernel .obj-wq.has-sleepers"), "server")
	assert.Contains(t, b.text(t, "#log"), "blocks")
	var currentLines int
	b.eval(t, `document.querySelectorAll('.cm-current-stmt').length`, &currentLines)
	assert.GreaterOrEqual(t, currentLines, 1, "each process's current statement is highlighted")

	// Step 6: connect wakes accept — fd tables, call chain, and the completed accept in the log.
	b.key(t, "ArrowRight", 2)
	assert.Equal(t, "6", b.pos(t))
	assert.Equal(t, []string{"0", "1", "2", "3", "4"}, fds(t, b, "server"))
	assert.Equal(t, []string{"0", "1", "2", "3"}, fds(t, b, "client"))
	assert.NotContains(t, taskText(t, b, "server"), "TASK_INTERRUPTIBLE")
	chain := b.text(t, "#chain .fn")
	assert.Contains(t, chain, "unix_stream_connect")
	assert.Contains(t, b.text(t, "#log"), "accept resumed")
	var arrows int
	b.eval(t, `document.querySelectorAll('#kernel svg.arrows path.arrow').length`, &arrows)
	assert.Greater(t, arrows, 6, "arrows between fd tables, files, sockets and socks")
	var peers int
	b.eval(t, `document.querySelectorAll('#kernel svg.arrows path.arrow-peer').length`, &peers)
	assert.GreaterOrEqual(t, peers, 2, "connected socks point at each other")

	// Pointing at a function in the chain highlights what it touched.
	var touched int
	b.eval(t, `(() => { const f = Array.from(document.querySelectorAll('#chain .fn')).find(e => e.dataset.touched); if (!f) return -1; f.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); return document.querySelectorAll('#kernel .touched').length; })()`, &touched)
	assert.Greater(t, touched, 0)

	// Step 7: the bytes sit in the server-side sock's receive queue.
	b.key(t, "ArrowRight", 1)
	assert.Equal(t, "7", b.pos(t))
	assert.Contains(t, b.text(t, "#kernel .recv-queue .bytes"), `"hello, server"`)
	assert.Contains(t, b.text(t, "#chain .fn"), "unix_stream_sendmsg")
	b.screenshot(t, "socklab-echo-step7")

	// Back to 6: the bytes are not sent yet.
	b.key(t, "ArrowLeft", 1)
	assert.Equal(t, "6", b.pos(t))
	assert.NotContains(t, b.text(t, "#kernel"), "hello, server")

	// End: EOF and EPIPE, with the errno explained; freed objects ghosted at close (step 11).
	b.key(t, "End", 1)
	assert.Equal(t, "13", b.pos(t))
	log := b.text(t, "#log")
	assert.Contains(t, log, "EPIPE")
	assert.Contains(t, b.text(t, "#log .why"), "EPIPE: the stream can no longer send")
	var narration string
	b.eval(t, `document.getElementById("narration").textContent`, &narration)
	assert.NotEmpty(t, narration)
	b.await(t, `socklabApp.act.goto(11).then(() => document.querySelectorAll('#kernel .obj.freed').length)`, &asleep)
	assert.Greater(t, asleep, 0, "close frees the server's connection objects, drawn ghosted")
	b.screenshot(t, "socklab-echo-step11")

	// Home: back to the start.
	b.key(t, "Home", 1)
	assert.Equal(t, "0", b.pos(t))
}

func TestShareLinkRoundTrip(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	src := example(t, "datagrams")
	b.eval(t, fmt.Sprintf(`document.getElementById("examples").value = "datagrams", document.getElementById("examples").dispatchEvent(new Event("change")), true`), nil)
	b.key(t, "ArrowRight", 5)
	require.Equal(t, "5", b.pos(t))
	var link string
	b.eval(t, `document.getElementById("share").click(), document.getElementById("share-url").value`, &link)
	require.Contains(t, link, "?tl=")
	assert.Contains(t, link, "&step=5")
	tl := strings.TrimPrefix(strings.Split(strings.Split(link, "tl=")[1], "&")[0], "")
	dec, err := base64.RawURLEncoding.DecodeString(tl)
	require.NoError(t, err, "base64url without padding")
	assert.Equal(t, src, string(dec))

	b.open(t, strings.TrimPrefix(link, b.url))
	assert.Equal(t, "5", b.pos(t))
	var got string
	b.eval(t, `socklabApp.editor.text()`, &got)
	assert.Equal(t, src, got)
}

func TestEmbed(t *testing.T) {
	b := newBrowser(t)
	src := example(t, "echo")
	b.open(t, "/embed?tl="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&step=4&theme=dark")
	assert.Equal(t, "4", b.pos(t))
	var mode, theme, editable string
	b.eval(t, `document.body.dataset.mode`, &mode)
	b.eval(t, `document.documentElement.dataset.theme || ""`, &theme)
	b.eval(t, `document.querySelector(".cm-content").getAttribute("contenteditable")`, &editable)
	assert.Equal(t, "embed", mode)
	assert.Equal(t, "dark", theme)
	assert.Equal(t, "false", editable, "embeds are read-only by default")
	assert.Contains(t, taskText(t, b, "server"), "TASK_INTERRUPTIBLE")
	b.screenshot(t, "socklab-embed-dark")

	// Malformed links say so and fall back to something that works.
	for _, bad := range []string{"/embed?tl=***&step=1", "/embed?tl=QQ&step=x", "/?tl=A&step=2", "/embed?tl=_-8&step=1"} {
		b.open(t, bad)
		assert.Contains(t, b.text(t, "#message"), "malformed", bad)
	}
	// Text from a URL is never HTML.
	evil := "p: s = socket(AF_UNIX, SOCK_STREAM, 0) # <img src=x onerror=alert(1)>\n"
	b.open(t, "/?tl="+base64.RawURLEncoding.EncodeToString([]byte(evil))+"&step=1")
	var imgs int
	b.eval(t, `document.querySelectorAll("img").length`, &imgs)
	assert.Equal(t, 0, imgs)
}

func TestParseErrorKeepsLastGoodState(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	b.key(t, "ArrowRight", 4)
	require.Equal(t, "4", b.pos(t))
	kernelBefore := b.text(t, "#kernel")
	b.eval(t, `socklabApp.editor.setText("server: fd = socket(AF_UNIX, SOCK_STREAM\nclient: connect(\n"), true`, nil)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(`!document.getElementById("errors").hidden`, nil, chromedp.WithPollingTimeout(10*time.Second))))
	errs := b.text(t, "#errors")
	assert.Contains(t, errs, "line 1:")
	assert.Contains(t, errs, "last good timeline")
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(`document.querySelectorAll(".cm-lintRange-error, .cm-lintPoint-error").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second))))
	assert.Equal(t, "4", b.pos(t))
	assert.Equal(t, kernelBefore, b.text(t, "#kernel"), "the view stays on the last good state")
	// The controls still work on the last good timeline.
	b.key(t, "ArrowRight", 1)
	assert.Equal(t, "5", b.pos(t))
	b.screenshot(t, "socklab-parse-error")
}

func TestRunawayTimelineIsCutWithAMessage(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	var budget int
	b.eval(t, `socklabApp.stepBudget`, &budget)
	require.Greater(t, budget, 0)
	start := time.Now()
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText("p: socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)\n" + "p: write(sv[0], \"x\")\np: read(sv[1], 1)\n".repeat(%d)), true`, budget/2+10), nil)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(`document.getElementById("message").textContent.includes("budget")`, nil, chromedp.WithPollingTimeout(30*time.Second))))
	t.Logf("a %d-statement timeline was cut in %v", budget+20, time.Since(start))
	var length int
	b.eval(t, `Number(document.getElementById("scrub").max)`, &length)
	assert.Equal(t, budget, length, "the partial result is shown")
	b.key(t, "End", 1)
	assert.Equal(t, fmt.Sprint(budget), b.pos(t))
}

func TestPhoneAndDarkMode(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}),
	))
	b.open(t, "/?ro=1&tl="+base64.RawURLEncoding.EncodeToString([]byte(example(t, "socketpair")))+"&step=2")
	var bg string
	b.eval(t, `getComputedStyle(document.body).backgroundColor`, &bg)
	assert.Equal(t, "rgb(21, 23, 28)", bg, "dark mode follows the system")
	var overflow bool
	b.eval(t, `document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
	assert.False(t, overflow, "the page fits a phone's width (the kernel view scrolls inside its box)")
	var editable string
	b.eval(t, `document.querySelector(".cm-content").getAttribute("contenteditable")`, &editable)
	assert.Equal(t, "false", editable, "ro=1 is a read-only viewer")
	b.screenshot(t, "socklab-phone-dark")
}
