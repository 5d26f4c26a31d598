package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// scmRun makes calls for one task and returns the kernel.
func scmRun(t *testing.T, calls ...Call) (*Kernel, int) {
	t.Helper()
	k := NewKernel()
	k.SetTracing(true)
	pid := k.NewTask("a")
	for i, c := range calls {
		k.SetStep(i+1, i+1)
		k.Syscall(pid, c)
		k.Chain()
		require.NoError(t, k.CheckInvariants(), "after %s", c.Name)
	}
	return k, pid
}

func kList(v ...int64) Arg {
	l := Arg{Kind: ArgList, List: []Arg{}}
	for _, x := range v {
		l.List = append(l.List, kI(x))
	}
	return l
}

// TestSCMSnapshotShowsFilesInFlight: after sendmsg the file is inside the
// skb (scm_rights), its f_count counts the skb, and the sock in flight has
// inflight 1; the chain names the Linux functions.
func TestSCMSnapshotShowsFilesInFlight(t *testing.T) {
	k, pid := scmRun(t, kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")))
	k.Syscall(pid, kC("sendmsg", kI(3), kS("x"), kI(0), kList(4)))
	chain := flatten(k.Chain())
	for _, fn := range []string{"__sys_sendmsg", "__scm_send", "scm_fp_copy", "unix_stream_sendmsg", "unix_attach_fds", "unix_add_edges"} {
		require.Contains(t, chain, fn)
	}
	s := k.Snapshot()
	var skb *Skb
	for i := range s.Socks {
		if len(s.Socks[i].ReceiveQueue) > 0 {
			skb = &s.Socks[i].ReceiveQueue[0]
		}
	}
	require.NotNil(t, skb)
	require.Len(t, skb.ScmRights, 1)
	for _, f := range s.Files {
		if f.ID == skb.ScmRights[0] {
			require.Equal(t, 2, f.FCount, "fd 4 and the skb")
		}
	}
	inflight := 0
	for _, sk := range s.Socks {
		inflight += sk.Inflight
	}
	require.Equal(t, 1, inflight)

	r, _ := k.Syscall(pid, kC("recvmsg", kI(4), kI(10), kI(msgCmsgCloexec), kI(1)))
	require.Equal(t, []int64{5}, r.FDs)
	require.Equal(t, "", r.MsgFlags)
	chain = flatten(k.Chain())
	for _, fn := range []string{"__sys_recvmsg", "unix_detach_fds", "unix_del_edges", "scm_detach_fds", "fd_install"} {
		require.Contains(t, chain, fn)
	}
	v, _ := k.Syscall(pid, kC("fcntl", kI(5), kI(fGetfd)))
	require.Equal(t, int64(fdCloexec), v.Ret)
	require.NoError(t, k.CheckInvariants())
}

// TestSCMGarbageCycle: a socket whose only reference is in flight on its own
// queue survives close, and unix_gc frees it when another AF_UNIX socket is
// released; its peer then reads EOF.
func TestSCMGarbageCycle(t *testing.T) {
	k, pid := scmRun(t,
		kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")),
		kC("sendmsg", kI(3), kS("x"), kI(0), kList(4)),
		kC("close", kI(4)))
	require.Equal(t, 1, k.unix.totInflight, "in flight after close: only the skb holds it")
	r, _ := k.Syscall(pid, kC("recv", kI(3), kI(10), kI(msgDontwait)))
	require.Equal(t, EAGAIN, r.Errno, "the peer is alive")
	k.Syscall(pid, usock(dgm))
	k.Syscall(pid, kC("close", kI(4)))
	require.Contains(t, flatten(k.Chain()), "unix_gc")
	require.Zero(t, k.unix.totInflight)
	r, _ = k.Syscall(pid, kC("recv", kI(3), kI(10), kI(msgDontwait)))
	require.Equal(t, int64(0), r.Ret, "EOF: the garbage was freed")
	require.NoError(t, k.CheckInvariants())
}

// TestTimeoutOrder: two time-outs that expire in one sleep complete in
// deadline order, and a sleeper shows its deadline in the snapshot.
func TestTimeoutOrder(t *testing.T) {
	k := NewKernel()
	a, b, c := k.NewTask("a"), k.NewTask("b"), k.NewTask("c")
	k.SetStep(1, 1)
	k.Syscall(a, usock(dgm))
	k.Syscall(a, kC("setsockopt", kI(3), kI(solSocket), kI(soRcvtimeo), kI(900)))
	k.Syscall(b, usock(dgm))
	k.Syscall(b, kC("setsockopt", kI(3), kI(solSocket), kI(soRcvtimeo), kI(400)))
	k.SetStep(2, 2)
	_, blocked := k.Syscall(a, kC("recv", kI(3), kI(10), kI(0)))
	require.True(t, blocked)
	k.SetStep(3, 3)
	_, blocked = k.Syscall(b, kC("recv", kI(3), kI(10), kI(0)))
	require.True(t, blocked)
	for _, task := range k.Snapshot().Tasks {
		if task.Comm == "b" {
			require.Equal(t, int64(400), task.Blocked.TimeoutAtMS)
		}
	}
	k.SetStep(4, 4)
	k.Syscall(c, kC("sleep", kI(399)))
	require.Empty(t, k.Completed(), "a deadline is taken only when the sleep reaches it")
	k.SetStep(5, 5)
	k.Syscall(c, kC("sleep", kI(1000)))
	done := k.Completed()
	require.Len(t, done, 2)
	require.Equal(t, b, done[0].PID, "deadline 400 first")
	require.Equal(t, a, done[1].PID)
	require.Equal(t, EAGAIN, done[0].Result.Errno)
	require.NoError(t, k.CheckInvariants())
}
