package e2e

// The current-statement marks are drawn over the editor (web/src/marks.js), placed from
// CodeMirror's height map rather than by CodeMirror: these tests hold them to the lines they mark.

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// marksTimeline has a short line, a line that wraps, a comment in Chinese and two processes.
const marksTimeline = `server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/m.sock")
server: listen(fd, 5)
server: conn = accept(fd)   # 服务器在这里阻塞，直到客户端连接：a long comment that wraps onto a second row of the editor
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/m.sock")
client: write(c, "hi")
server: read(conn, 10)
`

// marksGeometryJS compares each mark with the line element CodeMirror drew for its line: the row
// covers the line's box (±1 px); a label placed after the text starts right of the text's last
// character and inside the editor. It returns one problem per line, or [] and the number checked.
const marksGeometryJS = `(() => {
	const v = socklabApp.editor.view, out = []; let n = 0;
	for (const row of document.querySelectorAll(".sl-marks > .sl-mark")) {
		const line = v.state.doc.line(+row.dataset.line);
		const dom = v.domAtPos(line.from).node;
		const el = (dom.nodeType === 1 ? dom : dom.parentElement).closest(".cm-line");
		if (!el) continue; // outside CodeMirror's rendered viewport
		n++;
		const a = row.getBoundingClientRect(), b = el.getBoundingClientRect();
		if (Math.abs(a.top - b.top) > 1 || Math.abs(a.height - b.height) > 1 || Math.abs(a.left - b.left) > 1) out.push("row " + line.number + ": " + JSON.stringify([a.top, a.height, a.left]) + " vs line " + JSON.stringify([b.top, b.height, b.left]));
		const label = document.querySelector('.sl-mark-labels > [data-line="' + line.number + '"]');
		if (!label) { out.push("no label for line " + line.number); continue; }
		const l = label.getBoundingClientRect(), box = v.scrollDOM.getBoundingClientRect();
		if (l.right > box.right + 1 || l.top < a.top - 1 || l.bottom > a.bottom + 1) out.push("label " + line.number + " outside its row or the editor");
		if (label.classList.contains("sl-mark-gutter")) {
			const c = v.contentDOM.getBoundingClientRect();
			if (l.right > c.left + 0.5 || l.left < box.left) out.push("arrow " + line.number + " outside the gutter");
		} else if (line.length) {
			const r = document.createRange(); r.setStart(el, 0); r.setEnd(el, el.childNodes.length);
			const rects = [...r.getClientRects()]; const textRight = Math.max(...rects.map((x) => x.right));
			if (l.left < textRight) out.push("label " + line.number + " (" + label.textContent + ") starts at " + l.left + ", over the text ending at " + textRight);
		}
	}
	return {problems: out, checked: n};
})()`

type marksGeometry struct {
	Problems []string `json:"problems"`
	Checked  int      `json:"checked"`
}

func TestMarksFollowLines(t *testing.T) {
	b := newBrowser(t)
	for _, width := range []int64{1400, 1000} {
		require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(width, 900)))
		b.open(t, "/?lang=en")
		b.eval(t, `socklabApp.editor.setText(`+jsString(marksTimeline)+`), true`, nil)
		b.untilTrue(t, `document.getElementById("scrub").max === "8"`, "the timeline loaded")
		for step := 0; step <= 7; step++ {
			b.eval(t, `socklabApp.act.goto(`+strconv.Itoa(step)+`), true`, nil)
			b.untilTrue(t, `document.body.dataset.pos === "`+strconv.Itoa(step)+`"`, "stepped")
			b.settle(t)
			var g marksGeometry
			b.eval(t, marksGeometryJS, &g)
			assert.Empty(t, g.Problems, "width %d, step %d", width, step)
			assert.Positive(t, g.Checked, "width %d, step %d: marks were checked", width, step)
			if step == 4 {
				// The server sleeps in accept() on the long line (it wraps: its arrow moves to the gutter),
				// and the client's socket() runs next (its current statement too).
				var cur, next, end string
				b.eval(t, `[...document.querySelectorAll(".sl-mark.cm-current-stmt")].map((e) => e.dataset.line).join(",")`, &cur)
				b.eval(t, `document.querySelector(".sl-mark.cm-next-stmt").dataset.line`, &next)
				b.eval(t, `[...document.querySelectorAll(".sl-mark-gutter")].map((e) => e.dataset.line).join(",")`, &end)
				assert.Equal(t, "4,5", cur, "width %d", width)
				assert.Equal(t, "5", next, "width %d", width)
				assert.Contains(t, strings.Split(end, ","), "4", "width %d", width)
			}
		}
	}
}

// TestMarksScrollWithEditor: a mark far down a long timeline meets its line after the editor scrolls
// there (CodeMirror measures the lines it had only estimated, and the marks move with them).
func TestMarksScrollWithEditor(t *testing.T) {
	b := newBrowser(t)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(1400, 900)))
	b.open(t, "/?lang=en")
	b.eval(t, `socklabApp.editor.setText(`+jsString(hundredSockets())+`), true`, nil)
	b.untilTrue(t, `document.getElementById("scrub").max === "100"`, "the timeline loaded")
	b.eval(t, `socklabApp.act.goto(90), true`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "90"`, "stepped")
	b.eval(t, `(() => { const v = socklabApp.editor.view; v.scrollDOM.scrollTop = v.lineBlockAt(v.state.doc.line(85).from).top; return true })()`, nil)
	b.settle(t)
	b.settle(t)
	// CodeMirror measures the lines scrolled into view in its next frame; the marks follow then.
	b.await(t, `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, nil)
	var g marksGeometry
	b.eval(t, marksGeometryJS, &g)
	assert.Empty(t, g.Problems)
	assert.Positive(t, g.Checked)
}
