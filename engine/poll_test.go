package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEpollSnapshotAndChain: the [eventpoll] file, its interest and ready
// lists, the ep_poll_callback entry on the socket's wait queue, a task
// asleep in epoll_wait on the eventpoll's wq, and the call chains of the
// wake-up path.
func TestEpollSnapshotAndChain(t *testing.T) {
	k := NewKernel()
	a, b := k.NewTask("a"), k.NewTask("b")
	k.Syscall(a, kC("socket", kI(afU), kI(dgm), kI(0)))
	k.Syscall(a, kC("bind", kI(3), kS("@ep")))
	k.Syscall(a, kC("epoll_create1", kI(0)))
	r, _ := k.Syscall(a, kC("epoll_ctl", kI(4), kI(epollCtlAdd), kI(3), kI(int64(epollIn|epollET))))
	require.Zero(t, r.Errno)
	_, blocked := k.Syscall(a, kC("epoll_wait", kI(4), kI(8), kI(-1)))
	require.True(t, blocked)
	k.Chain()

	s := k.Snapshot()
	require.Len(t, s.Eventpolls, 1)
	ep := s.Eventpolls[0]
	require.Len(t, ep.Rbr, 1)
	require.Equal(t, "EPOLLIN|EPOLLERR|EPOLLHUP|EPOLLET", ep.Rbr[0].Events)
	require.Empty(t, ep.Rdllist)
	f := findFile(s, ep.File)
	require.Equal(t, "anon_inode:[eventpoll]", f.FPath)
	require.Equal(t, "eventpoll_fops", f.FOp)
	var sawCallback, sawSleeper bool
	for _, q := range s.WaitQueues {
		for _, e := range q.Entries {
			sawCallback = sawCallback || e.Func == "ep_poll_callback" && e.Epitem == ep.Rbr[0].ID
			sawSleeper = sawSleeper || q.ID == ep.Wq && e.Func == "ep_autoremove_wake_function" && e.Task == "task:100" && e.Exclusive
		}
	}
	require.True(t, sawCallback, "the socket's wait queue lists the epitem's callback")
	require.True(t, sawSleeper, "the eventpoll's wq lists the task in epoll_wait")
	require.Equal(t, "ep_poll", s.Tasks[0].Blocked.In)

	k.Syscall(b, kC("socket", kI(afU), kI(dgm), kI(0)))
	k.Syscall(b, kC("sendto", kI(3), kS("x"), kI(0), kS("@ep")))
	chain := strings.Join(flatten(k.Chain()), " ")
	for _, fn := range []string{"sock_def_readable", "ep_poll_callback", "try_to_wake_up", "ep_poll", "ep_send_events", "unix_dgram_poll"} {
		require.Contains(t, chain, fn)
	}
	c := k.Completed()
	require.Len(t, c, 1)
	require.Equal(t, []ReadyFD{{FD: 3, Events: "EPOLLIN"}}, c[0].Result.Ready)
	require.NoError(t, k.CheckInvariants())
	_, err := json.Marshal(k.Snapshot())
	require.NoError(t, err)
}

// TestPollSleepsOnEveryQueue: a poll over two pipes hooks a pollwake entry
// on both ends' wait queues (pipe_poll polls rd_wait and wr_wait), each
// entry holding a file reference; a clone taken while it sleeps completes
// on its own.
func TestPollSleepsOnEveryQueue(t *testing.T) {
	k := NewKernel()
	a := k.NewTask("a")
	k.Syscall(a, kC("pipe", kSV("p")))
	k.Syscall(a, kC("pipe", kSV("q")))
	_, blocked := k.Syscall(a, kC("poll", kL(3, int64(epollIn)), kL(5, int64(epollIn)), kI(-1)))
	require.True(t, blocked)
	k.Chain()
	s := k.Snapshot()
	entries := 0
	for _, q := range s.WaitQueues {
		for _, e := range q.Entries {
			if e.Func == "pollwake" {
				entries++
				require.Equal(t, "task:100", e.Task)
				require.Equal(t, "POLLIN|POLLERR|POLLHUP", e.Key)
			}
		}
	}
	require.Equal(t, 4, entries)
	require.Equal(t, 3, findFile(s, "file:"+itoa(k.tasks[a].fdt.lookup(3))).FCount, "fd 3 and two poll entries (rd_wait, wr_wait)")
	require.Len(t, s.Pipes, 2)

	c := k.Clone()
	b := c.NewTask("b")
	// b has no fds of the pipes: write through the kernel's own files.
	w := c.files[c.tasks[a].fdt.lookup(6)]
	c.tasks[b].fdt.install(3, w.n, false)
	w.count++
	c.Syscall(b, kC("write", kI(3), kS("hi")))
	done := c.Completed()
	require.Len(t, done, 1)
	require.Equal(t, []ReadyFD{{FD: 5, Events: "POLLIN"}}, done[0].Result.Ready)
	require.NoError(t, c.CheckInvariants())
	require.NoError(t, k.CheckInvariants())
	require.NotNil(t, k.tasks[a].sleep, "the original kernel still sleeps")
}

func findFile(s *Snapshot, id string) File {
	for _, f := range s.Files {
		if f.ID == id {
			return f
		}
	}
	return File{}
}
