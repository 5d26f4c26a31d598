package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arrowCheckJS checks every drawn arrow against the page: its end lies on the edge of the element
// it names (data-to), its start on the edge of an element of the card it leaves (data-from), and
// every struct file card on screen has its fd arrow. drawArrows draws only the arrows with an end
// on screen and draws the rest when the kernel pane scrolls (render.js): this is what must hold.
const arrowCheckJS = `(() => {
	const root = document.querySelector("#kernel .kernel"), host = root.parentElement;
	const rb = root.getBoundingClientRect(), hb = host.getBoundingClientRect();
	const bad = [], paths = [...root.querySelectorAll("svg.arrows path.arrow")];
	const near = (x, y, r) => Math.abs(y - (r.top - rb.top)) <= r.height + 1 && (Math.abs(x - (r.left - rb.left)) < 1.5 || Math.abs(x - (r.right - rb.left)) < 1.5);
	for (const p of paths) {
		const n = p.getAttribute("d").match(/-?[0-9.]+/g).map(Number);
		const [sx, sy, tx, ty] = [n[0], n[1], n[n.length - 2], n[n.length - 1]];
		const to = root.querySelector('[data-id="' + p.dataset.to + '"]');
		if (!to || !near(tx, ty, to.getBoundingClientRect())) { bad.push("end of " + p.dataset.from + " -> " + p.dataset.to); continue; }
		const from = root.querySelector('[data-id="' + p.dataset.from + '"]');
		const srcs = from ? [from, ...from.querySelectorAll("[data-ref]")].filter((s) => s.dataset.ref === p.dataset.to) : [];
		if (!srcs.some((s) => near(sx, sy, s.getBoundingClientRect()))) bad.push("start of " + p.dataset.from + " -> " + p.dataset.to);
	}
	const onScreen = (r) => r.bottom > hb.top && r.top < hb.bottom;
	// Arrows with both ends off screen, one above it and one below (e.g. an fd row at the top of a
	// tall fd table to its struct file far down): they cross the screen, so they are drawn too.
	const crossing = [];
	for (const src of root.querySelectorAll("[data-ref]")) {
		const dst = root.querySelector('[data-id="' + src.dataset.ref + '"]'), card = src.closest("[data-id]");
		if (!dst || !card) continue;
		const a = src.getBoundingClientRect(), b = dst.getBoundingClientRect();
		if (!a.width || !b.width || !((a.bottom < hb.top - 250 && b.top > hb.bottom + 250) || (b.bottom < hb.top - 250 && a.top > hb.bottom + 250))) continue;
		if (!paths.some((p) => p.dataset.from === card.dataset.id && p.dataset.to === src.dataset.ref)) crossing.push(card.dataset.id + " -> " + src.dataset.ref);
	}
	const files = [...root.querySelectorAll('.col-files .obj-file:not(.tty)')].filter((c) => onScreen(c.getBoundingClientRect()));
	const missing = files.filter((c) => !paths.some((p) => p.dataset.to === c.dataset.id)).map((c) => c.dataset.id);
	return { paths: paths.length, files: files.length, bad, missing, crossing, scrollTop: host.scrollTop };
})()`

type arrowCheck struct {
	Paths, Files int
	Bad, Missing []string
	Crossing     []string
	ScrollTop    float64
}

// TestArrowsFollowTheScroll: with 100 sockets the kernel pane scrolls over ~20,000 px and only the
// arrows near its visible box are drawn; after a step, and after scrolling the pane, the arrows on
// screen point from the right rows to the right cards.
func TestArrowsFollowTheScroll(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	src := hundredSockets()
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, src), nil)
	total := strings.Count(src, "\n") - strings.Count(src, "#")
	b.untilTrue(t, fmt.Sprintf(`document.getElementById("scrub").max === "%d"`, total), "the timeline loads")
	b.await(t, `socklabApp.act.goto(60).then(() => true)`, nil)
	frames := `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))`
	var all int
	b.eval(t, `document.querySelectorAll("#kernel [data-ref]").length`, &all)

	for _, top := range []int{0, 3000, 9000} {
		b.await(t, fmt.Sprintf(`(async () => { document.getElementById("kernel").scrollTop = %d; await %s; await %s; return true; })()`, top, frames, frames), nil)
		var c arrowCheck
		b.eval(t, arrowCheckJS, &c)
		require.Greater(t, c.ScrollTop, float64(top)-1, "the kernel pane scrolls")
		assert.Greater(t, c.Paths, 10, "arrows on screen at scrollTop %d", top)
		assert.Less(t, c.Paths, all, "arrows far off screen are not drawn (scrollTop %d)", top)
		assert.Greater(t, c.Files, 0)
		assert.Empty(t, c.Bad, "arrows that do not meet their ends (scrollTop %d)", top)
		assert.Empty(t, c.Missing, "struct file cards on screen without their fd arrow (scrollTop %d)", top)
		assert.Empty(t, c.Crossing, "arrows crossing the screen with both ends off it (scrollTop %d)", top)
	}

	// A step while scrolled down redraws what is on screen.
	b.await(t, `socklabApp.act.step().then(() => true)`, nil)
	b.settle(t)
	var c arrowCheck
	b.eval(t, arrowCheckJS, &c)
	assert.Empty(t, c.Bad, "after a step")
	assert.Empty(t, c.Missing, "after a step")
}
