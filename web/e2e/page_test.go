package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// press sends a real key press to whatever has the focus (not a synthetic event on body).
func (b *browser) press(t testing.TB, key string) {
	t.Helper()
	b.settle(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.KeyEvent(key)))
	b.settle(t)
}

func (b *browser) str(t testing.TB, js string) string {
	t.Helper()
	var s string
	b.eval(t, js, &s)
	return s
}

func (b *browser) num(t testing.TB, js string) float64 {
	t.Helper()
	var n float64
	b.eval(t, js, &n)
	return n
}

// TestPageLanguage: ?lang=, the header switch (remembered), <html lang>, every visible string.
func TestPageLanguage(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=zh")
	assert.Equal(t, "zh-Hans", b.str(t, `document.documentElement.lang`))
	assert.Equal(t, "单步", b.str(t, `document.querySelector("#step [data-i18n]").textContent`))
	assert.Equal(t, "回显服务器（流）", b.str(t, `document.getElementById("examples").selectedOptions[0].textContent`))
	assert.Equal(t, "第 0 / 13 步", b.text(t, "#pos"))
	b.key(t, "ArrowRight", 4)
	assert.Contains(t, b.text(t, "#narration"), "阻塞")
	assert.Contains(t, b.text(t, "#narration"), "accept 队列", "kernel names stay as Linux spells them")
	assert.Contains(t, b.text(t, "#kernel"), "进程 · fd 表")
	assert.Contains(t, b.text(t, "#log"), "阻塞")
	assert.Equal(t, "第 4 步，共 13 步：server 的 accept 阻塞", b.str(t, `document.getElementById("scrub").getAttribute("aria-valuetext")`))

	// The header's switch: everything in English at once, remembered for the next visit.
	b.click(t, `.langs .lang[data-lang="en"]`)
	assert.Equal(t, "en", b.str(t, `document.documentElement.lang`))
	assert.Equal(t, "Step", b.str(t, `document.querySelector("#step [data-i18n]").textContent`))
	assert.Contains(t, b.text(t, "#narration"), "blocks")
	assert.Contains(t, b.text(t, "#kernel"), "Processes · fd tables")
	assert.Equal(t, "4", b.pos(t), "switching keeps the step")
	assert.Equal(t, "en", b.str(t, `localStorage.getItem("socklab.lang")`))
	assert.Contains(t, b.str(t, `location.search`), "lang=en", "a ?lang= in the address follows the switch")
	b.open(t, "/")
	assert.Equal(t, "Step", b.str(t, `document.querySelector("#step [data-i18n]").textContent`))
	b.click(t, `.langs .lang[data-lang="zh"]`)
	b.open(t, "/")
	assert.Equal(t, "zh-Hans", b.str(t, `document.documentElement.lang`), "the saved choice wins over the browser's language")
	// An errno explained in Chinese.
	b.open(t, "/?lang=zh&tl="+b64("p: close(7)\n"))
	b.key(t, "End", 1)
	assert.Contains(t, b.text(t, "#log .why"), "EBADF: fd 7 不是这个进程 fd 表里打开的文件描述符")
}

// TestPageKeys: the step keys work wherever the focus is (a button just clicked, the scrubber,
// the kernel view), not while typing; ? lists them; Space presses a focused button once.
func TestPageKeys(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=en")
	b.eval(t, `document.getElementById("step").focus(), document.getElementById("step").click(), true`, nil)
	assert.Equal(t, "1", b.pos(t))
	b.press(t, kb.ArrowRight)
	assert.Equal(t, "2", b.pos(t), "→ after a click on Step")
	b.press(t, " ")
	assert.Equal(t, "3", b.pos(t), "Space on the focused Step button steps once")
	b.press(t, kb.ArrowLeft)
	assert.Equal(t, "2", b.pos(t))
	b.press(t, kb.End)
	assert.Equal(t, "13", b.pos(t))
	b.press(t, kb.Home)
	assert.Equal(t, "0", b.pos(t))
	b.eval(t, `document.getElementById("kernel").focus(), true`, nil)
	b.press(t, kb.ArrowRight)
	assert.Equal(t, "1", b.pos(t), "→ with the focus on the kernel view")
	// Typing in the editor is typing.
	b.typeInto(t, "#editor .cm-content", "")
	b.press(t, kb.ArrowRight)
	assert.Equal(t, "1", b.pos(t), "→ in the editor moves the cursor")
	b.press(t, kb.Escape)
	b.press(t, kb.ArrowRight)
	assert.Equal(t, "2", b.pos(t), "Esc leaves the editor")
	// ? shows the shortcuts; Esc closes them and gives the focus back.
	b.press(t, "?")
	assert.True(t, b.num(t, `document.getElementById("keys-help").open ? 1 : 0`) == 1, "? opens the list of keys")
	assert.Contains(t, b.text(t, "#keys-help"), "run the next statement")
	b.press(t, kb.Escape)
	assert.True(t, b.num(t, `document.getElementById("keys-help").open ? 1 : 0`) == 0)
	assert.Equal(t, "log", b.str(t, `document.getElementById("log").getAttribute("role")`))
	assert.Equal(t, "step 2 of 13: server bind returns 0", b.str(t, `document.getElementById("scrub").getAttribute("aria-valuetext")`))
}

// TestPageHighlightAndMenu: at step 0 one line says "next to run"; the example menu names what
// is in the editor; the terminal's struct file is not drawn like a freed one.
func TestPageHighlightAndMenu(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=en")
	assert.Equal(t, 0.0, b.num(t, `document.querySelectorAll(".cm-current-stmt").length`), "nothing has run at step 0")
	assert.Equal(t, 1.0, b.num(t, `document.querySelectorAll(".cm-next-stmt").length`))
	assert.Contains(t, b.str(t, `document.querySelector(".cm-next-marker").dataset.text`), "next to run")
	assert.Equal(t, "server: fd = socket(AF_UNIX, SOCK_STREAM, 0)", b.str(t, `socklabApp.editor.view.state.doc.line(+document.querySelector(".cm-next-stmt").dataset.line).text`))
	b.key(t, "ArrowRight", 4)
	assert.Equal(t, 2.0, b.num(t, `document.querySelectorAll(".cm-current-stmt").length`), "the sleeping server and the client")
	assert.Equal(t, 0.0, b.num(t, `Array.from(document.querySelectorAll("#kernel .obj.tty")).filter(e => e.classList.contains("freed") || getComputedStyle(e).opacity < 1).length`), "tty files are live")
	assert.Greater(t, b.num(t, `document.querySelectorAll("#kernel .obj.tty").length`), 0.0)
	// The menu follows the editor.
	assert.Equal(t, "echo", b.str(t, `document.getElementById("examples").value`))
	b.typeInto(t, "#editor .cm-content", "")
	b.press(t, kb.End)
	b.press(t, "x")
	b.untilTrue(t, `document.getElementById("examples").value === ""`, "an edited example is 'your timeline'")
	b.open(t, "/?lang=en&lesson=bind-path")
	b.untilTrue(t, `!!document.querySelector(".lm-lesson")`, "the lesson opens")
	assert.Equal(t, "lesson", b.str(t, `document.getElementById("examples").value`))
	assert.Contains(t, b.str(t, `document.getElementById("examples").selectedOptions[0].textContent`), "Lesson 2")
	assert.True(t, b.num(t, `document.activeElement && document.activeElement.classList.contains("lm-h") ? 1 : 0`) == 1, "opening a lesson moves the focus to its heading")
}

// TestPageSurvivesErrors: a link whose timeline does not parse, a timeline nested too deep and an
// engine that stops (budget, memory) are said in words; the page stays usable.
func TestPageSurvivesErrors(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=en&tl="+b64("p: s = sokcet(AF_UNIX, SOCK_STREAM, 0)\n"))
	assert.Contains(t, b.text(t, "#message"), "does not parse")
	assert.Contains(t, b.str(t, `socklabApp.editor.text()`), "sokcet", "the text is shown")
	assert.Contains(t, b.text(t, "#errors"), "line 1")
	assert.NotContains(t, b.text(t, "#pos"), "step 0 / 0")

	b.open(t, "/?lang=en")
	deep := "p: close(" + repeat("(", 5000) + "1" + repeat(")", 5000) + ")\n"
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, deep), nil)
	b.untilTrue(t, `document.getElementById("errors").textContent.includes("nested too deep")`, "a too-deep timeline is a parse error")
	assert.Contains(t, b.text(t, "#errors"), "line 1:")
	assert.Empty(t, b.text(t, "#message"))

	// The engine stops: said so, the controls go off, and the next timeline works.
	b.eval(t, `socklabApp.editor.setText(socklabApp.editor.text().split("\n").slice(1).join("\n") || "p: close(3)\n"), true`, nil)
	b.open(t, "/?lang=en")
	b.eval(t, `socklabApp.engine.step = () => { throw new Error("engine: out of memory (budget 256 MiB)"); }, true`, nil)
	b.click(t, "#step")
	b.untilTrue(t, `document.getElementById("message").textContent.includes("ran out of memory")`, "an engine out of memory is said")
	assert.True(t, b.num(t, `document.getElementById("step").disabled ? 1 : 0`) == 1, "Step is off while the engine is down")
	b.untilTrue(t, `document.body.dataset.engine === "restarted"`, "a fresh engine is started")
	b.eval(t, `document.getElementById("examples").value = "datagrams", document.getElementById("examples").dispatchEvent(new Event("change")), true`, nil)
	b.key(t, "ArrowRight", 3)
	assert.Equal(t, "3", b.pos(t), "the page works again")
	assert.Empty(t, b.text(t, "#message"))
}

func repeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}

// TestPageLayout: at 1400 px the examples fit (no sideways scrolling in the editor or the
// kernel view, the step buttons on one row); at 390 px every kernel object is on screen
// (one lane per process), nothing sticks out to the right.
func TestPageLayout(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=en")
	var names []string
	b.eval(t, `Array.from(document.querySelectorAll("#examples option")).map(o => o.value).filter(v => v && v !== "lesson")`, &names)
	require.GreaterOrEqual(t, len(names), 9)
	for _, ex := range names {
		b.open(t, "/?lang=en&tl="+b64(example(t, ex)))
		b.key(t, "End", 1)
		assert.Equal(t, "columns", b.str(t, `document.querySelector("#kernel .kernel").dataset.layout`), ex)
		assert.LessOrEqual(t, b.num(t, `(() => { const k = document.getElementById("kernel"); return k.scrollWidth - k.clientWidth; })()`), 0.0, "%s: the kernel view scrolls sideways", ex)
		assert.LessOrEqual(t, b.num(t, `(() => { const s = document.querySelector("#editor .cm-scroller"); return s.scrollWidth - s.clientWidth; })()`), 0.0, "%s: the editor scrolls sideways", ex)
		assert.Equal(t, 1.0, b.num(t, `(() => { const rs = Array.from(document.querySelectorAll("#controls .buttons > *")).map(e => e.getBoundingClientRect()); return Math.max(...rs.map(r => r.top)) < Math.min(...rs.map(r => r.bottom)) ? 1 : 2; })()`), "%s: the controls are on one row", ex)
	}
	b = newBrowser(t) // a fresh browser (and time limit) for the phone
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)))
	for _, ex := range []string{"echo", "tcp_handshake", "socketpair"} {
		b.open(t, "/?lang=en&tl="+b64(example(t, ex)))
		b.key(t, "ArrowRight", 6)
		assert.Equal(t, "procs", b.str(t, `document.querySelector("#kernel .kernel").dataset.layout`), ex)
		assert.LessOrEqual(t, b.num(t, `document.documentElement.scrollWidth`), 390.0, "%s: the page is wider than the phone", ex)
		assert.Equal(t, 0.0, b.num(t, `Array.from(document.querySelectorAll("#kernel .obj")).filter(e => { const r = e.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > 390; }).length`), "%s: a kernel object is off screen", ex)
		assert.Equal(t, b.num(t, `socklabApp.good.view.snapshot.tasks.length`), b.num(t, `document.querySelectorAll("#kernel .lane[data-lane^='task:']").length`), "%s: one lane per process", ex)
		assert.LessOrEqual(t, b.num(t, `(() => { const k = document.getElementById("kernel"); return k.scrollWidth - k.clientWidth; })()`), 0.0, "%s: the kernel view scrolls sideways", ex)
	}
}
