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
	if *pollRandomN == 0 || runtime.GOOS != "linux" {
		t.Skip("set -pollrandom.n")
	}
	bad := map[string]int{}
	for seed := int64(1); seed <= int64(*pollRandomN); seed++ {
		src := genPollTimeline(seed)
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
	t.Logf("%d random poll timelines, %d causes of difference: %v", *pollRandomN, len(bad), bad)
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
