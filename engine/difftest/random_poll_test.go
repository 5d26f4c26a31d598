package difftest

import (
	"flag"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
)

var pollRandomN = flag.Int("pollrandom.n", 0, "random pipe/poll/select/epoll timelines to run in TestPollRandom (0: skip)")

// TestPollRandom runs random one-process timelines of non-blocking pipes,
// AF_UNIX socket pairs and epoll sets, polled by poll/select/epoll_wait with
// zero time-outs, on the host and in the engine (fds are written as numbers:
// both kernels hand out the lowest free one). Off by default:
//
//	go test ./engine/difftest -run TestPollRandom -pollrandom.n=500
func TestPollRandom(t *testing.T) {
	comparePollTimelines(t, "random poll timelines", genPollTimeline)
}

// comparePollTimelines runs seeds 1..-pollrandom.n of gen on the host and in
// the engine; the first timeline of each cause of difference is an error.
func comparePollTimelines(t *testing.T, what string, gen func(seed int64) string) {
	t.Helper()
	if *pollRandomN == 0 || runtime.GOOS != "linux" {
		t.Skip("set -pollrandom.n")
	}
	bad := map[string]int{}
	for seed := int64(1); seed <= int64(*pollRandomN); seed++ {
		src := gen(seed)
		sig, _, _, err := CompareOnce(src)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if sig != "" {
			if bad[sig]++; bad[sig] == 1 {
				t.Errorf("seed %d differs: %s\n%s", seed, sig, src)
			}
		}
	}
	t.Logf("%d %s, %d causes of difference: %v", *pollRandomN, what, len(bad), bad)
}

func genPollTimeline(seed int64) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, "# random pipe/poll/epoll timeline, seed %d\n", seed)
	fd := func() int { return 3 + r.Intn(10) }
	pick := func(s ...string) string { return s[r.Intn(len(s))] }
	evs := []string{"EPOLLIN", "EPOLLOUT", "EPOLLIN|EPOLLOUT", "EPOLLIN|EPOLLET", "EPOLLOUT|EPOLLET",
		"EPOLLIN|EPOLLONESHOT", "EPOLLIN|EPOLLRDHUP", "0", "EPOLLIN|EPOLLEXCLUSIVE", "EPOLLPRI"}
	pevs := []string{"POLLIN", "POLLOUT", "POLLIN|POLLOUT", "POLLRDHUP|POLLIN", "POLLPRI", "0"}
	sets := func() string {
		if r.Intn(4) == 0 {
			return "NULL"
		}
		var fds []string
		for i := r.Intn(3); i >= 0; i-- {
			fds = append(fds, fmt.Sprint(fd()))
		}
		return "{" + strings.Join(fds, ", ") + "}"
	}
	for i, n := 0, 12+r.Intn(20); i < n; i++ {
		var s string
		switch k := r.Intn(16); {
		case k == 0:
			s = fmt.Sprintf("pipe2(p%d, %s)", i, pick("O_NONBLOCK", "O_NONBLOCK|O_DIRECT"))
		case k == 1:
			s = fmt.Sprintf("socketpair(AF_UNIX, %s|SOCK_NONBLOCK, 0, sv%d)", pick("SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET"), i)
		case k == 2:
			s = "epoll_create1(0)"
		case k <= 5:
			s = fmt.Sprintf("epoll_ctl(%d, %s, %d, %s)", fd(), pick("EPOLL_CTL_ADD", "EPOLL_CTL_ADD", "EPOLL_CTL_MOD", "EPOLL_CTL_DEL"), fd(), pick(evs...))
		case k <= 7:
			s = fmt.Sprintf("epoll_wait(%d, %d, 0)", fd(), 1+r.Intn(4))
		case k == 8:
			s = fmt.Sprintf("poll({%d, %s}, {%d, %s}, 0)", fd(), pick(pevs...), fd(), pick(pevs...))
		case k == 9:
			s = fmt.Sprintf("select(%d, %s, %s, %s, 0)", r.Intn(14), sets(), sets(), sets())
		case k == 10:
			s = fmt.Sprintf("write(%d, %s)", fd(), pick(`"x"`, `"hello"`, "fill(5000)", "fill(70000)"))
		case k == 11:
			s = fmt.Sprintf("read(%d, %d)", fd(), []int{1, 3, 100, 70000}[r.Intn(4)])
		case k == 12:
			s = fmt.Sprintf("close(%d)", fd())
		case k == 13:
			s = fmt.Sprintf("dup(%d)", fd())
		case k == 14:
			s = fmt.Sprintf("shutdown(%d, %s)", fd(), pick("SHUT_RD", "SHUT_WR", "SHUT_RDWR"))
		default:
			s = fmt.Sprintf("pipe2(p%d, O_NONBLOCK)", i)
		}
		fmt.Fprintf(&b, "a: %s\n", s)
	}
	return b.String()
}

// TestPollRandomTwo is TestPollRandom with a second process that sends
// datagrams to, and connects to, the first one's sockets while the first
// one blocks in poll, select or epoll_wait (time-out -1): the wake-up paths.
// A statement of a blocked process is an error event on both kernels.
func TestPollRandomTwo(t *testing.T) {
	comparePollTimelines(t, "random two-process poll timelines", genPollTimeline2)
}

func genPollTimeline2(seed int64) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, "# random two-process poll/epoll timeline, seed %d\n", seed)
	b.WriteString(`a: d1 = socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0)
a: bind(d1, "@r1")
a: d2 = socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0)
a: bind(d2, "@r2")
a: l = socket(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0)
a: bind(l, "@l")
a: listen(l, 2)
a: ep = epoll_create1(0)
b: s = socket(AF_UNIX, SOCK_DGRAM, 0)
`)
	pick := func(s ...string) string { return s[r.Intn(len(s))] }
	afd := func() int { return 3 + r.Intn(6) }
	evs := []string{"EPOLLIN", "EPOLLOUT", "EPOLLIN|EPOLLET", "EPOLLIN|EPOLLONESHOT", "EPOLLIN|EPOLLRDHUP", "EPOLLIN|EPOLLEXCLUSIVE"}
	to := func() string { return pick("-1", "-1", "0") }
	for i, n := 0, 15+r.Intn(20); i < n; i++ {
		switch k := r.Intn(14); {
		case k <= 2:
			fmt.Fprintf(&b, "a: epoll_ctl(6, %s, %d, %s)\n", pick("EPOLL_CTL_ADD", "EPOLL_CTL_ADD", "EPOLL_CTL_MOD", "EPOLL_CTL_DEL"), afd(), pick(evs...))
		case k == 3:
			fmt.Fprintf(&b, "a: epoll_wait(6, %d, %s)\n", 1+r.Intn(3), to())
		case k == 4:
			fmt.Fprintf(&b, "a: poll({%d, %s}, {%d, POLLIN}, %s)\n", afd(), pick("POLLIN", "POLLOUT", "POLLIN|POLLRDHUP"), afd(), to())
		case k == 5:
			tv := pick("NULL", "0")
			fmt.Fprintf(&b, "a: select(10, {%d, %d}, NULL, NULL, %s)\n", afd(), afd(), tv)
		case k == 6:
			fmt.Fprintf(&b, "a: accept(5)\n")
		case k == 7:
			fmt.Fprintf(&b, "a: recv(%d, %d, MSG_DONTWAIT)\n", afd(), 1+r.Intn(10))
		case k == 8:
			fmt.Fprintf(&b, "a: close(%d)\n", 7+r.Intn(2))
		case k <= 10:
			fmt.Fprintf(&b, "b: sendto(3, %q, 0, %q)\n", pick("x", "hello"), pick("@r1", "@r2"))
		case k == 11:
			fmt.Fprintf(&b, "b: c%d = socket(AF_UNIX, SOCK_STREAM, 0)\nb: connect(c%d, \"@l\")\n", i, i)
		case k == 12:
			fmt.Fprintf(&b, "b: write(%d, %q)\n", 4+r.Intn(3), pick("y", "zz"))
		default:
			fmt.Fprintf(&b, "b: close(%d)\n", 4+r.Intn(3))
		}
	}
	return b.String()
}
