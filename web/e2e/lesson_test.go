package e2e

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageLesson is the part of a course lesson (engine.lessons(lang) in the page) these tests read.
type pageLesson struct {
	ID, Title, Starter, Solution string
	Goals                        []string
	Predict                      []struct{ Answer string }
}

// courseLesson asks the page's engine for lesson id in lang: the tests compare the DOM with the
// course itself rather than with copies of its text.
func courseLesson(t *testing.T, b *browser, lang, id string) pageLesson {
	t.Helper()
	var l pageLesson
	b.await(t, fmt.Sprintf(`socklabApp.engine.lessons(%q).then(ls => ls.find(l => l.id === %q) || null)`, lang, id), &l)
	require.Equal(t, id, l.ID, "lesson %s is in the course", id)
	return l
}

// poll waits for a JavaScript condition (lesson checks are debounced).
func poll(t *testing.T, b *browser, cond, why string) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(cond, nil, chromedp.WithPollingTimeout(10*time.Second))), why)
}

func goalsMet(t *testing.T, b *browser) []string {
	var s []string
	b.eval(t, `Array.from(document.querySelectorAll("#lessons .lm-goal")).map(g => g.dataset.met)`, &s)
	return s
}

var han = regexp.MustCompile(`\p{Han}`)

// TestLessonSolvedByTyping opens a lesson from a deep link, answers its prediction, solves it by
// typing into the CodeMirror editor, steps to the end and sees every goal turn green; then the
// 中文 switch, the editor's undo, the solved mark in the list, and the lesson in the embed view.
func TestLessonSolvedByTyping(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/?lesson=socket")
	l := courseLesson(t, b, "en", "socket")
	require.Len(t, l.Goals, 4)

	// The lesson is open next to the editor, its starter in the editor, the view at step 0.
	var editorText string
	b.eval(t, `socklabApp.editor.text()`, &editorText)
	assert.Equal(t, l.Starter, editorText, "the starter timeline is loaded into the editor")
	assert.Equal(t, "0", b.pos(t))
	var paneHidden bool
	b.eval(t, `document.getElementById("lessons").hidden`, &paneHidden)
	assert.False(t, paneHidden)
	assert.Equal(t, "1. "+l.Title, b.text(t, "#lessons .lm-h"))
	assert.Equal(t, strings.Join(l.Goals, "\n"), b.text(t, "#lessons .lm-goal-text"))
	poll(t, b, `document.querySelectorAll("#lessons .lm-goal").length === 4 && document.querySelector("#lessons .lm-goal").dataset.met === "true"`, "the starter is checked")
	assert.Equal(t, []string{"true", "false", "false", "false"}, goalsMet(t, b), "the starter meets only the first goal")
	assert.Empty(t, b.text(t, "#lessons .lm-solved"))
	var links int
	b.eval(t, `document.querySelectorAll('#lessons .lm-body a[href^="https://elixir.bootlin.com/"]').length`, &links)
	assert.Greater(t, links, 0, "the explanation links the Linux functions")

	// Predict statement 1 before stepping: type the guess, press Check.
	b.typeInto(t, `#lessons .lm-guess`, l.Predict[0].Answer)
	b.click(t, `#lessons .lm-guess-btn`)
	assert.Contains(t, b.text(t, "#lessons .lm-verdict.lm-right"), "Right! The kernel says "+l.Predict[0].Answer)

	// Solve it by typing: the cursor to the end of the editor, then the missing statement, key by
	// key (the editor closes brackets itself; typing ")" steps over the closing one).
	line := "server: d = socket(AF_UNIX, SOCK_DGRAM, 0)"
	b.typeInto(t, `#editor .cm-content`, "")
	require.NoError(t, chromedp.Run(b.ctx,
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(input.ModifierCtrl)),
		chromedp.KeyEvent(line),
	))
	b.eval(t, `socklabApp.editor.text()`, &editorText)
	require.Equal(t, l.Starter+line, editorText, "typed into the editor")
	// The engine reloads the typed timeline (debounced); then step through it with the keys.
	poll(t, b, `document.getElementById("pos").textContent === "step 0 / 2"`, "the typed timeline is loaded")
	b.key(t, "ArrowRight", 1)
	assert.Equal(t, "1", b.pos(t))
	// After statement 1 the first goal holds at this step (●); the goal panel judges the whole timeline.
	poll(t, b, `document.querySelectorAll("#lessons .lm-goal .lm-now").length === 1`, "the live check at step 1")
	b.key(t, "End", 1)
	assert.Equal(t, "2", b.pos(t))
	poll(t, b, `document.querySelectorAll('#lessons .lm-goal[data-met="true"]').length === 4 && !!document.querySelector("#lessons .lm-solved") && !document.querySelector("#lessons .lm-now")`, "every goal turns green, judged at the end")
	assert.Equal(t, []string{"true", "true", "true", "true"}, goalsMet(t, b))
	assert.Contains(t, b.text(t, "#lessons .lm-solved"), "Solved! Every goal is met.")
	var green int
	b.eval(t, `(() => {
		const probe = document.body.appendChild(document.createElement("span"));
		probe.style.color = "var(--added)"; // the page's "added" green
		const want = getComputedStyle(probe).color;
		probe.remove();
		return Array.from(document.querySelectorAll("#lessons .lm-goal .lm-goal-text")).filter(e => getComputedStyle(e).color === want).length;
	})()`, &green)
	assert.Equal(t, 4, green, "met goals are drawn green")
	var href string
	b.eval(t, `location.search`, &href)
	assert.Equal(t, "?lesson=socket", href, "the address bar links to the open lesson")
	var overflow bool
	b.eval(t, `document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
	assert.False(t, overflow, "the three columns fit the window (the kernel view scrolls inside its box)")
	b.screenshot(t, "socklab-lesson")

	// 中文: the same lesson, in Chinese, still solved.
	zh := courseLesson(t, b, "zh", "socket")
	b.click(t, `#lessons .lm-lang[data-lang="zh"]`)
	poll(t, b, `document.querySelector("#lessons .lm-brand").textContent === "课程"`, "the switch to 中文")
	assert.Equal(t, "1. "+zh.Title, b.text(t, "#lessons .lm-h"))
	assert.Regexp(t, han, zh.Title)
	assert.Equal(t, strings.Join(zh.Goals, "\n"), b.text(t, "#lessons .lm-goal-text"))
	assert.Contains(t, b.text(t, "#lessons .lm-solved"), "完成")
	assert.Equal(t, []string{"true", "true", "true", "true"}, goalsMet(t, b))
	var lang string
	b.eval(t, `document.querySelector("#lessons .lm-lesson").getAttribute("lang")`, &lang)
	assert.Equal(t, "zh-Hans", lang, "Chinese text is marked as such (font choice, screen readers)")
	b.screenshot(t, "socklab-lesson-zh")

	// Undo is the editor's own: the typed line goes, the goals follow.
	b.click(t, `#lessons .lm-undo`)
	b.eval(t, `socklabApp.editor.text()`, &editorText)
	assert.Equal(t, l.Starter, editorText)
	poll(t, b, `document.querySelectorAll('#lessons .lm-goal[data-met="true"]').length === 1`, "undo un-meets the goals")

	// Back to the list: the lesson is marked solved (the progress is kept in the browser).
	b.click(t, `#lessons .lm-back`)
	assert.Contains(t, b.text(t, `#lessons .lm-item[data-lesson="socket"]`), "已完成")
	var items int
	b.eval(t, `document.querySelectorAll("#lessons .lm-item").length`, &items)
	assert.GreaterOrEqual(t, items, 16)
	b.eval(t, `location.search`, &href)
	assert.Equal(t, "", href)

	// The embed view: the lesson alone (no list), editable, in the remembered language.
	b.open(t, "/embed?lesson=socket")
	assert.Equal(t, "1. "+zh.Title, b.text(t, "#lessons .lm-embed .lm-h"))
	var embedState struct {
		List, Back, Export int
		Editable           string
	}
	b.eval(t, `({List: document.querySelectorAll(".lm-list").length, Back: document.querySelectorAll(".lm-back").length,
		Export: document.querySelectorAll(".lm-export").length, Editable: document.querySelector(".cm-content").getAttribute("contenteditable")})`, &embedState)
	assert.Zero(t, embedState.List+embedState.Back+embedState.Export, "the embed shows the lesson only")
	assert.Equal(t, "true", embedState.Editable, "a lesson is solved by editing, even embedded")
	var credit string
	b.eval(t, `document.querySelector(".credit a").getAttribute("href")`, &credit)
	assert.Equal(t, "/?lesson=socket", credit, "Open in socklab opens this lesson")
	assert.Equal(t, 4, len(goalsMet(t, b)))
	b.eval(t, `document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
	assert.False(t, overflow, "the embedded lesson fits the frame's width")
	b.screenshot(t, "socklab-lesson-embed")
}

// TestLessonLinksThatAreWrong: malformed and unknown lesson ids say so, as text.
func TestLessonLinksThatAreWrong(t *testing.T) {
	b := newBrowser(t)
	evil := `<img src=x onerror=alert(1)>`
	for _, tc := range []struct{ path, want string }{
		{"/embed?lesson=" + url.QueryEscape(evil), "malformed"},
		{"/?lesson=" + url.QueryEscape(evil), "malformed"},
		{"/embed?lesson=no-such-lesson", `There is no lesson "no-such-lesson"`},
		{"/?lesson=no-such-lesson", `There is no lesson "no-such-lesson"`},
	} {
		b.open(t, tc.path)
		msg := b.text(t, "#message")
		assert.Contains(t, msg, tc.want, tc.path)
		var imgs int
		b.eval(t, `document.querySelectorAll("img[src], [onerror]").length`, &imgs) // (CodeMirror draws bare img buffers next to widgets)
		assert.Zero(t, imgs, "text from the URL is never HTML: %s", tc.path)
		if strings.HasPrefix(tc.path, "/?") {
			// The playground offers the list instead.
			var items int
			b.eval(t, `document.querySelectorAll("#lessons .lm-item").length`, &items)
			assert.GreaterOrEqual(t, items, 16, tc.path)
		}
		if strings.Contains(tc.path, "<") || strings.Contains(tc.path, "%3C") {
			assert.Contains(t, msg, evil, "the id is shown literally")
		}
	}

	// The engine API refuses what it must not run on the page's thread, and says why.
	var why string
	b.await(t, `socklabApp.engine.checkLesson("socket", "p: close(0)\n".repeat(socklabApp.stepBudget + 1)).then(r => r.errors.join())`, &why)
	assert.Contains(t, why, "too long to check")
	b.await(t, `socklabApp.engine.checkLesson("nope", "", -1).then(() => "", (e) => e.message)`, &why)
	assert.Equal(t, `engine: no lesson "nope"`, why)

	// The Lessons button opens and closes the pane; a lesson opens from the list.
	b.open(t, "/")
	var hidden bool
	b.eval(t, `document.getElementById("lessons").hidden`, &hidden)
	require.True(t, hidden)
	b.click(t, `#lessons-toggle`)
	poll(t, b, `document.querySelectorAll("#lessons .lm-item").length >= 16`, "the list")
	b.click(t, `#lessons .lm-item[data-lesson="socketpair"]`)
	poll(t, b, `!!document.querySelector('#lessons .lm-lesson[data-lesson="socketpair"]')`, "the lesson opens")
	var src string
	b.eval(t, `socklabApp.editor.text()`, &src)
	assert.Equal(t, courseLesson(t, b, "en", "socketpair").Starter, src)
	b.click(t, `#lessons-toggle`)
	b.eval(t, `document.getElementById("lessons").hidden`, &hidden)
	assert.True(t, hidden)
}

// The timeline-v2 lessons (19–27) in the page: the starter meets fewer goals than the course's
// solution; the solution pasted into the editor and run to the end meets every goal live; the
// course's prediction answer is judged right; the Chinese lesson is Chinese.
func TestV2LessonsInThePage(t *testing.T) {
	for _, id := range []string{"fork-server", "reaping", "accept-herd", "select-nfds", "poll", "epoll-et", "pass-fd", "timeouts", "three-designs"} {
		t.Run(id, func(t *testing.T) {
			b := newBrowser(t) // a browser's context lives 90 s: one per lesson
			b.open(t, "/?lang=en&lesson="+id)
			l := courseLesson(t, b, "en", id)
			n := len(l.Goals)
			poll(t, b, fmt.Sprintf(`document.querySelectorAll("#lessons .lm-goal").length === %d`, n), "the goals are drawn")
			var preds []struct {
				Step   int
				On     string
				Answer string
			}
			b.await(t, fmt.Sprintf(`socklabApp.engine.lessons("en").then(ls => ls.find(l => l.id === %q).predict)`, id), &preds)
			for i, pr := range preds { // predicted one statement before it runs, as the lesson asks
				if pr.On != "starter" {
					continue
				}
				b.key(t, "Home", 1)
				b.key(t, "ArrowRight", pr.Step-1)
				b.typeInto(t, fmt.Sprintf(`#lessons form.lm-ask[data-predict="%d"] .lm-guess`, i), pr.Answer)
				b.click(t, fmt.Sprintf(`#lessons form.lm-ask[data-predict="%d"] .lm-guess-btn`, i))
				poll(t, b, fmt.Sprintf(`!!document.querySelector('#lessons .lm-verdict.lm-right[data-predict="%d"]')`, i), "the course's own answer is judged right: "+pr.Answer)
			}
			b.key(t, "End", 1)
			time.Sleep(500 * time.Millisecond)
			var starterMet int
			b.eval(t, `document.querySelectorAll('#lessons .lm-goal[data-met="true"]').length`, &starterMet)
			assert.Less(t, starterMet, n, "the starter does not meet every goal")
			b.eval(t, fmt.Sprintf(`(socklabApp.editor.setText(%q), true)`, l.Solution), nil)
			poll(t, b, `document.body.dataset.busy !== "1"`, "the solution loads")
			time.Sleep(700 * time.Millisecond) // the reload is debounced
			b.key(t, "End", 1)
			poll(t, b, fmt.Sprintf(`document.querySelectorAll('#lessons .lm-goal[data-met="true"]').length === %d && !!document.querySelector("#lessons .lm-solved")`, n), "every goal turns green")
			zh := courseLesson(t, b, "zh", id)
			assert.Regexp(t, han, zh.Title)
			for _, g := range zh.Goals {
				assert.Regexp(t, han, g, "a Chinese goal")
			}
		})
	}
}
