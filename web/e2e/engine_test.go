package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine/timeline/hostile"
)

// The engine runs in a Web Worker; the large-write timeline stops at the memory budget with a
// message saying so, and the page stays usable.
func TestLargeWritesHitTheMemoryBudget(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/?lang=en")
	var inWorker bool
	b.eval(t, `socklabApp.engine.inWorker`, &inWorker)
	assert.True(t, inWorker, "the engine runs in a Web Worker")
	b.eval(t, "socklabApp.editor.setText("+jsString(hostile.LargeWrites(256<<10))+"), true", nil)
	b.untilTrue(t, `document.getElementById("scrub").max === "5000"`, "the timeline loads (cut at the page's step budget)")
	b.key(t, "End", 1)
	msg := b.text(t, "#message")
	assert.Contains(t, msg, "memory budget of 64 MiB")
	end := b.pos(t)
	assert.NotEqual(t, "5000", end)
	assert.NotEqual(t, "0", end)
	b.key(t, "ArrowLeft", 1)
	assert.NotEqual(t, end, b.pos(t), "the page stays usable: back one step")
	b.screenshot(t, "socklab-memory-budget")
}

// Stop terminates the worker at once: the page says so, loads the timeline again and works.
func TestStopTerminatesTheWorker(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/?lang=en")
	var msg string
	b.await(t, `(async () => { const run = socklabApp.act.run(); socklabApp.stopped = true; socklabApp.engine.stop(); await run; return "ok"; })()`, &msg)
	b.untilTrue(t, `document.body.dataset.engine === "restarted" && !!socklabApp.good && !socklabApp.pending && document.body.dataset.pos === "0"`, "a fresh engine, the timeline from its start")
	assert.Contains(t, b.text(t, "#message"), "Stopped: the engine was interrupted")
	b.key(t, "ArrowRight", 2)
	require.Equal(t, "2", b.pos(t), "the page works again")
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
