package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seedStdout(t *testing.T, name string) string {
	b, err := os.ReadFile("../../engine/cprog/testdata/seed/" + name + ".stdout")
	require.NoError(t, err)
	return string(b)
}

// The C mode: the seed article's echo pair runs in a Worker; both terminals show what the
// gcc-built programs print on Linux; stepping back to the server's accept shows the kernel
// state there; and an endless loop is stopped with Stop while the page stays responsive.
func TestCModeSeedPair(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/c")
	b.untilTrue(t, `document.body.dataset.pos !== undefined && document.body.dataset.busy !== "1"`, "the seed pair did not load")
	var tabs []string
	b.eval(t, `Array.from(document.querySelectorAll("#tabs .tab")).map(e => e.dataset.file)`, &tabs)
	assert.Equal(t, []string{"server.c", "client.c"}, tabs)

	b.click(t, "#end")
	b.untilTrue(t, `document.body.dataset.pos !== "0" && document.body.dataset.busy !== "1" && +document.body.dataset.pos === +document.querySelector("#scrub").max`, "run to end")
	assert.Equal(t, seedStdout(t, "server"), b.text(t, `#terms .term[data-program="server"] .term-out`))
	assert.Equal(t, seedStdout(t, "client"), b.text(t, `#terms .term[data-program="client"] .term-out`))
	assert.Contains(t, b.text(t, "#terms"), "exit status 0")

	// Back to the step where the server's accept returned: the listener and the connection.
	var step int
	b.eval(t, `socklabC.events.find(e => e.proc === "server" && e.call === "accept" && e.event === "return").after`, &step)
	require.Greater(t, step, 0)
	b.eval(t, `(document.querySelector("#scrub").value = `+strconv.Itoa(step)+`, document.querySelector("#scrub").dispatchEvent(new Event("input")), true)`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "`+strconv.Itoa(step)+`"`, "scrub to accept")
	k := b.text(t, "#kernel")
	assert.Contains(t, k, "TCP_LISTEN")
	assert.Contains(t, k, "/tmp/unix_domain_socket")
	assert.Contains(t, b.text(t, "#log"), "accept()")
	assert.Contains(t, b.text(t, "#chain"), "accept")
	b.screenshot(t, "cmode-seed")
	axeCheck(t, b, axeSource(t), "the C mode")
	b.click(t, `.langs .lang[data-lang="zh"]`)
	b.untilTrue(t, `document.documentElement.lang.startsWith("zh")`, "switch to Chinese")
	assert.Contains(t, b.text(t, "#terms"), "的终端")
	assert.Contains(t, b.text(t, "#kernel h3"), "进程", "the kernel view's titles follow the language")
	axeCheck(t, b, axeSource(t), "the C mode in Chinese")
	b.screenshot(t, "cmode-seed-zh")

	// An endless loop: Stop interrupts it and the page answers again.
	prog := `int main(void) { for (;;); }` + "\n"
	payload, _ := json.Marshal(map[string]any{"files": []map[string]string{{"name": "spin.c", "src": prog}}})
	b.open(t, "/c?lang=en&c="+base64.RawURLEncoding.EncodeToString(payload))
	b.untilTrue(t, `document.body.dataset.busy === "1"`, "the endless program should be running")
	var clicks int
	b.eval(t, `(() => { let n = 0; for (let i = 0; i < 3; i++) { document.querySelector("#tabs .tab").click(); n++; } return n; })()`, &clicks)
	assert.Equal(t, 3, clicks, "the page handles events while the program runs")
	b.click(t, "#stop")
	b.untilTrue(t, `document.body.dataset.busy !== "1"`, "Stop did not stop")
	assert.Contains(t, b.text(t, "#message"), "Stopped")
	var runEnabled bool
	b.eval(t, `!document.querySelector("#run").disabled`, &runEnabled)
	assert.True(t, runEnabled)
}

// Tabs: showing another tab is not an edit (the position survives, no re-run), each file keeps its
// own undo history, and closing a tab left of the one being edited keeps that one shown.
func TestCModeTabs(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/c?lang=en")
	b.untilTrue(t, `document.body.dataset.pos !== undefined && document.body.dataset.busy !== "1" && !!socklabC.view`, "the seed pair did not load")
	b.eval(t, `(document.querySelector("#scrub").value = 5, document.querySelector("#scrub").dispatchEvent(new Event("input")), true)`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "5"`, "scrub to step 5")
	b.click(t, `#tabs .tab[data-file="client.c"]`)
	var dirty bool
	b.eval(t, `socklabC.dirty`, &dirty)
	assert.False(t, dirty, "showing a tab is not an edit")
	b.click(t, "#step")
	b.untilTrue(t, `document.body.dataset.pos === "6" && document.body.dataset.busy !== "1"`, "the step after a tab switch goes on from step 5")

	// Undo in client.c after a switch does not bring server.c's text into it.
	var client string
	b.eval(t, `socklabC.files[1].src`, &client)
	b.click(t, `#tabs .tab[data-file="server.c"]`)
	b.click(t, `#tabs .tab[data-file="client.c"]`)
	b.eval(t, `(() => { const v = socklabC.editor.view; v.focus(); document.execCommand("undo"); return true })()`, nil)
	var after string
	b.eval(t, `socklabC.editor.text()`, &after)
	assert.Equal(t, client, after)

	// Three tabs, editing the third; closing the first keeps the third shown and active.
	b.click(t, ".tab-add")
	b.untilTrue(t, `socklabC.files.length === 3 && socklabC.active === 2`, "a third tab")
	b.click(t, `#tabs .tab-wrap:first-child .tab-close`)
	var name, text string
	b.eval(t, `socklabC.files[socklabC.active].name`, &name)
	b.eval(t, `socklabC.editor.text() === socklabC.files[socklabC.active].src ? "same" : "different"`, &text)
	assert.Equal(t, "prog3.c", name)
	assert.Equal(t, "same", text)
}

// A program's terminal shows its stderr (perror) too; a deadlock is worded in the page's language;
// the results use the page's list style (no second column of numbers).
func TestCModeStderrAndDeadlock(t *testing.T) {
	b := newBrowser(t)
	prog := "#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n    int p[2];\n    char c;\n    close(42);\n    perror(\"close\");\n    pipe(p);\n    read(p[0], &c, 1);\n    return 0;\n}\n"
	payload, _ := json.Marshal(map[string]any{"files": []map[string]string{{"name": "stuck.c", "src": prog}}})
	b.open(t, "/c?lang=zh&c="+base64.RawURLEncoding.EncodeToString(payload))
	b.untilTrue(t, `document.body.dataset.busy !== "1" && !!socklabC.view`, "loaded")
	b.click(t, "#end")
	b.untilTrue(t, `document.body.dataset.busy !== "1" && +document.body.dataset.pos === +document.querySelector("#scrub").max && !document.getElementById("message").hidden`, "run to end")
	assert.Contains(t, b.text(t, `#terms .term[data-program="stuck"] .term-out`), "close: Bad file descriptor")
	assert.Contains(t, b.text(t, "#message"), "死锁")
	assert.Equal(t, 1, count(t, b, "#log ol.log-list"))
}
