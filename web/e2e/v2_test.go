package e2e

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
)

// openAt opens the playground on an example timeline at a step (a share link).
func openAt(t *testing.T, b *browser, name string, step string) {
	t.Helper()
	b.open(t, "/?tl="+base64.RawURLEncoding.EncodeToString([]byte(example(t, name)))+"&step="+step)
	b.untilTrue(t, `document.body.dataset.pos === "`+step+`"`, "the page did not reach step "+step)
}

func count(t *testing.T, b *browser, sel string) int {
	var n int
	b.eval(t, `document.querySelectorAll(`+"`"+sel+"`"+`).length`, &n)
	return n
}

// The objects of timeline v2 are drawn like the others: forked processes sharing struct files,
// zombies, the [eventpoll] with its interest and ready lists, wait-queue callbacks, pipes' and
// skbs' contents, files in flight, the clock — and the log shows the v2 result keys.
func TestTimelineV2Objects(t *testing.T) {
	b := newBrowser(t)

	// fork: after step 8 the worker shares the listener's and the connection's struct files.
	openAt(t, b, "fork_server", "8")
	assert.Contains(t, taskText(t, b, "worker"), "ppid 100")
	assert.Equal(t, fds(t, b, "server"), fds(t, b, "worker"), "fork copies the fd table")
	var shared int
	b.eval(t, `Array.from(document.querySelectorAll('#kernel .obj-file')).filter(e => /f_count\s*2(?!\d)/.test(e.textContent)).length`, &shared)
	assert.GreaterOrEqual(t, shared, 2, "the listener's and the connection's files have f_count 2")
	b.screenshot(t, "v2-fork")
	// step 14: the worker has exited and is a zombie until waitpid.
	b.await(t, `socklabApp.act.goto(14).then(() => true)`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "14"`, "goto 14")
	assert.Contains(t, b.text(t, "#kernel .obj-task.zombie"), "EXIT_ZOMBIE")
	b.await(t, `socklabApp.act.goto(17).then(() => true)`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "17"`, "goto 17")
	assert.Contains(t, b.text(t, "#log"), "status 0")

	// epoll: the eventpoll card with its epitems, the callback on the socket's wait queue.
	openAt(t, b, "epoll_server", "11")
	assert.Equal(t, 1, count(t, b, "#kernel .obj-eventpoll"))
	assert.Equal(t, 2, count(t, b, "#kernel .obj-eventpoll .epitem"))
	assert.Contains(t, b.text(t, "#kernel .wq-entries"), "ep_poll_callback")
	b.screenshot(t, "v2-epoll")
	b.await(t, `socklabApp.act.goto(12).then(() => true)`, nil)
	b.untilTrue(t, `document.body.dataset.pos === "12"`, "goto 12")
	assert.Contains(t, b.text(t, "#log"), "ready [5:EPOLLIN]")

	// poll: the sleeping poller's entries on both connections' queues; pipes are not involved.
	openAt(t, b, "poll_server", "11")
	assert.Contains(t, b.text(t, "#kernel .wq-entries"), "pollwake")

	// SCM_RIGHTS: the passed file rides the skb (drawn with an arrow to its struct file).
	openAt(t, b, "pass_fd", "9")
	assert.Contains(t, b.text(t, "#kernel .in-flight"), "file:")
	assert.GreaterOrEqual(t, count(t, b, "#kernel svg.arrows path.arrow-flight"), 1)
	b.screenshot(t, "v2-scm")

	// The clock, once time has passed.
	openAt(t, b, "timeouts", "11")
	assert.Contains(t, b.text(t, "#kernel .clock"), "1500")
}
