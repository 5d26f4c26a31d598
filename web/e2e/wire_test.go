package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sockStates lists the TCP state of every AF_INET sock card, in id order.
func sockStates(t *testing.T, b *browser) []string {
	var s []string
	b.eval(t, `Array.from(document.querySelectorAll('#kernel .obj-sock .tcp-state .v')).map(e => e.textContent)`, &s)
	return s
}

// wireRows lists the wire lane's rows as "flags now?" strings, oldest first.
func wireRows(t *testing.T, b *browser, sel string) []string {
	var s []string
	b.eval(t, fmt.Sprintf(`Array.from(document.querySelectorAll('#kernel .col-wire %s')).map(e => e.dataset.flags + " " + e.dataset.step)`, sel), &s)
	return s
}

// TestWireTCPHandshake steps the TCP example: the handshake on the wire lane, the listener's
// accept queue, the TCP states, the AF_INET hash tables, and TIME_WAIT after the close.
func TestWireTCPHandshake(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	b.eval(t, `document.getElementById("examples").value = "tcp_handshake", document.getElementById("examples").dispatchEvent(new Event("change")), true`, nil)
	var src string
	b.eval(t, `socklabApp.editor.text()`, &src)
	require.Equal(t, example(t, "tcp_handshake"), src)
	var hidden bool
	b.eval(t, `document.querySelector('#kernel .kernel-wire').hidden`, &hidden)
	assert.True(t, hidden, "no AF_INET socket yet: no wire lane")

	// Step 3: listen — a listener with empty queues, in bhash and listening_hash; nothing on lo.
	b.key(t, "ArrowRight", 3)
	require.Equal(t, "3", b.pos(t))
	assert.Equal(t, []string{"TCP_LISTEN"}, sockStates(t, b))
	assert.Contains(t, b.text(t, "#kernel .accept-queue .queue-label"), "accept queue: 0 waiting")
	assert.Contains(t, b.text(t, "#kernel .syn-queue .queue-label"), "SYN queue")
	assert.Contains(t, b.text(t, "#kernel .col-inet .bhash"), "port 8080")
	assert.Contains(t, b.text(t, "#kernel .col-inet .lhash"), "sock:1")
	assert.Contains(t, b.text(t, "#kernel .col-wire"), "No packets on lo")

	// Step 5: connect — SYN, SYN|ACK, ACK on the wire, all sent by step 5 and highlighted;
	// the child waits in the listener's accept queue.
	b.key(t, "ArrowRight", 2)
	require.Equal(t, "5", b.pos(t))
	assert.Equal(t, []string{"SYN 5", "SYN|ACK 5", "ACK 5"}, wireRows(t, b, ".seg"))
	assert.Equal(t, []string{"SYN 5", "SYN|ACK 5", "ACK 5"}, wireRows(t, b, ".seg.now"))
	assert.Contains(t, b.text(t, "#kernel .col-wire .seg-dump"), "Flags [S.]")
	var dirs []string
	b.eval(t, `Array.from(document.querySelectorAll('#kernel .col-wire .seg')).map(e => e.classList.contains("rightward") ? ">" : "<")`, &dirs)
	assert.Equal(t, []string{">", "<", ">"}, dirs, "the client speaks first, the listener answers")
	assert.Contains(t, b.text(t, "#kernel .accept-queue .queue-label"), "accept queue: 1 waiting · sk_ack_backlog 1/2")
	var kids int
	b.eval(t, `document.querySelectorAll('#kernel .accept-queue li.child').length`, &kids)
	assert.Equal(t, 1, kids, "the child sock is listed in the accept queue")
	assert.Equal(t, []string{"TCP_LISTEN", "TCP_ESTABLISHED", "TCP_ESTABLISHED"}, sockStates(t, b))
	assert.Contains(t, b.text(t, "#kernel .col-socks"), "inet_saddr 127.0.0.1:32768inet_daddr 127.0.0.1:8080")
	assert.Contains(t, b.text(t, "#kernel .col-socks .seqs"), "rcv_nxt")
	assert.Contains(t, b.text(t, "#kernel .col-inet .ehash"), "sock:2")
	b.screenshot(t, "socklab-tcp-step5")

	// Step 6: accept — the accept queue is empty again.
	b.key(t, "ArrowRight", 1)
	assert.Contains(t, b.text(t, "#kernel .accept-queue .queue-label"), "accept queue: 0 waiting")
	assert.Empty(t, wireRows(t, b, ".seg.now"), "accept sends nothing")

	// Step 7: write — PSH|ACK with the bytes, the server's sock holds them.
	b.key(t, "ArrowRight", 1)
	assert.Equal(t, []string{"PSH|ACK 7", "ACK 7"}, wireRows(t, b, ".seg.now"))
	assert.Contains(t, b.text(t, "#kernel .col-wire .seg.now .bytes"), `"hello"`)
	assert.Contains(t, b.text(t, "#kernel .recv-queue .bytes"), `"hello"`)

	// Step 9: the client closes — FIN; the server is in CLOSE_WAIT.
	b.key(t, "ArrowRight", 2)
	require.Equal(t, "9", b.pos(t))
	assert.Equal(t, []string{"FIN|ACK 9", "ACK 9"}, wireRows(t, b, ".seg.now"))
	assert.Contains(t, sockStates(t, b), "TCP_CLOSE_WAIT")

	// Step 11: the server closes — the client's side is a TIME_WAIT sock.
	b.key(t, "ArrowRight", 2)
	require.Equal(t, "11", b.pos(t))
	assert.Equal(t, []string{"FIN|ACK 11", "ACK 11"}, wireRows(t, b, ".seg.now"))
	assert.Contains(t, sockStates(t, b), "TCP_TIME_WAIT")
	assert.Contains(t, b.text(t, "#kernel .obj.timewait"), "expires at 60000 ms")
	assert.Len(t, wireRows(t, b, ".seg"), 9)
	b.screenshot(t, "socklab-tcp")

	// Step 12: 2MSL later the TIME_WAIT sock is freed.
	b.key(t, "ArrowRight", 1)
	assert.NotContains(t, b.text(t, "#kernel .obj-sock:not(.freed)"), "TCP_TIME_WAIT")

	// Back in time: the wire shrinks with the timeline.
	b.await(t, `socklabApp.act.goto(5).then(() => true)`, nil)
	assert.Len(t, wireRows(t, b, ".seg"), 3)
	b.screenshot(t, "socklab-tcp-back5")
}

// TestWireUDP: datagrams and the ICMP port unreachable on the wire, the udp_table.
func TestWireUDP(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	b.eval(t, `document.getElementById("examples").value = "udp_datagrams", document.getElementById("examples").dispatchEvent(new Event("change")), true`, nil)
	b.key(t, "ArrowRight", 5)
	require.Equal(t, "5", b.pos(t))
	assert.Equal(t, []string{"UDP 4", "UDP 5"}, wireRows(t, b, ".seg"))
	assert.Contains(t, b.text(t, "#kernel .recv-queue"), "from 127.0.0.1:32768")
	assert.Contains(t, b.text(t, "#kernel .col-inet .udptable"), "port 9000")
	b.key(t, "End", 1)
	assert.Contains(t, b.text(t, "#kernel .col-wire"), "ICMP port unreachable")
	assert.Contains(t, b.text(t, "#log"), "ECONNREFUSED")
	b.screenshot(t, "socklab-udp")
}

// hundredTCPSockets: a listener, 50 clients connected, 49 of them accepted — 100 struct sockets —
// then one write per accepted connection.
func hundredTCPSockets() string {
	var b strings.Builder
	b.WriteString("server: fd = socket(AF_INET, SOCK_STREAM, 0)\nserver: bind(fd, \"127.0.0.1:8080\")\nserver: listen(fd, 64)\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "c%d: c = socket(AF_INET, SOCK_STREAM, 0)\nc%d: connect(c, \"127.0.0.1:8080\")\n", i, i)
	}
	for i := 0; i < 49; i++ {
		fmt.Fprintf(&b, "server: s%d = accept(fd)\n", i)
	}
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "c%d: write(c, \"request %d\")\n", i, i)
	}
	return b.String()
}

// TestWireHundredSockets: 100 TCP sockets, the whole wire (more segments than the lane draws),
// the last accept queue entry, and a screenshot to look at.
func TestWireHundredSockets(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	src := hundredTCPSockets()
	b.eval(t, fmt.Sprintf(`socklabApp.editor.setText(%q), true`, src), nil)
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Poll(`document.getElementById("scrub").max === "162"`, nil, chromedp.WithPollingTimeout(20*time.Second))))
	b.key(t, "End", 1)
	require.Equal(t, "162", b.pos(t))
	var socks int
	b.eval(t, `document.querySelectorAll('#kernel [data-kind="socket"]').length`, &socks)
	assert.Equal(t, 100, socks)
	assert.Contains(t, b.text(t, "#kernel .wire-summary"), "170 packets on lo · 2 sent by step 162")
	assert.Contains(t, b.text(t, "#kernel .seg-more"), "50 earlier segments not shown")
	assert.Equal(t, []string{"PSH|ACK 162", "ACK 162"}, wireRows(t, b, ".seg.now"))
	assert.Contains(t, b.text(t, "#kernel .accept-queue .queue-label"), "accept queue: 1 waiting · sk_ack_backlog 1/64")
	var render float64
	b.eval(t, `socklabApp.timings.lastRender`, &render)
	t.Logf("last render with 100 TCP sockets: %.1f ms", render)
	b.screenshot(t, "socklab-tcp-100")
}
