package engine

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// flatten lists the chain's function names depth-first (call order).
func flatten(fs []*Frame) []string {
	var out []string
	var walk func(f *Frame)
	walk = func(f *Frame) {
		out = append(out, f.Fn)
		for _, c := range f.Calls {
			walk(c)
		}
	}
	for _, f := range fs {
		walk(f)
	}
	return out
}

// touched returns id -> op for every object the chain touched.
func touched(fs []*Frame) map[string]string {
	out := map[string]string{}
	var walk func(f *Frame)
	walk = func(f *Frame) {
		for _, t := range f.Touched {
			if out[t.ID] == "" || t.Op != Changed {
				out[t.ID] = t.Op
			}
		}
		for _, c := range f.Calls {
			walk(c)
		}
	}
	for _, f := range fs {
		walk(f)
	}
	return out
}

// subsequence reports whether want appears in got in order.
func subsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestChains(t *testing.T) {
	k := NewKernel()
	s, c := k.NewTask("server"), k.NewTask("client")
	run := func(pid int, call Call) []*Frame {
		k.Syscall(pid, call)
		return k.Chain()
	}
	cases := []struct {
		pid  int
		call Call
		want string
	}{
		{s, usock(stm), "__sys_socket sock_create __sock_create sock_alloc unix_create unix_create1 sk_alloc unix_insert_unbound_socket sock_map_fd get_unused_fd_flags sock_alloc_file fd_install"},
		{s, kC("bind", kI(3), kS("/tmp/srv")), "__sys_bind move_addr_to_kernel unix_bind unix_bind_bsd vfs_mknod"},
		{s, kC("listen", kI(3), kI(1)), "__sys_listen unix_listen"},
		{s, kC("accept", kI(3)), "__sys_accept4 do_accept sock_alloc get_unused_fd_flags sock_alloc_file unix_accept __skb_recv_datagram __skb_wait_for_more_packets schedule"},
		{c, usock(stm), "__sys_socket"},
		{c, kC("connect", kI(3), kS("/tmp/srv")), "__sys_connect unix_stream_connect unix_create1 sk_alloc sock_wmalloc unix_find_other unix_find_bsd skb_queue_tail sock_def_readable __wake_up_common try_to_wake_up __skb_wait_for_more_packets unix_accept __skb_recv_datagram skb_free_datagram sock_wfree unix_getname fd_install"},
		{c, kC("write", kI(3), kS("hi")), "ksys_write vfs_write sock_write_iter __sock_sendmsg unix_stream_sendmsg sock_alloc_send_pskb skb_queue_tail sock_def_readable"},
		{s, kC("read", kI(4), kI(10)), "ksys_read vfs_read sock_read_iter sock_recvmsg unix_stream_recvmsg unix_stream_read_generic consume_skb sock_wfree unix_write_space"},
		{s, kC("close", kI(4)), "__x64_sys_close close_fd filp_close fput __fput sock_close __sock_release unix_release unix_release_sock unix_remove_socket sock_orphan sock_def_wakeup sock_put path_put sock_put"},
	}
	for _, tc := range cases {
		fs := run(tc.pid, tc.call)
		got := flatten(fs)
		require.True(t, subsequence(got, strings.Fields(tc.want)), "%s chain:\n got  %v\n want %s", tc.call.Name, got, tc.want)
	}
	// What socket() touched: the new inode, socket, sock, file, wait queues and the task.
	fs := run(s, usock(dgm))
	tch := touched(fs)
	for _, id := range []string{"socket:4", "sock:4", "task:100"} {
		require.Contains(t, tch, id)
	}
	require.Equal(t, Created, tch["socket:4"])
	require.Equal(t, Created, tch["sock:4"])
	// close frees the socket and its file.
	tch = touched(run(s, kC("close", kI(4))))
	require.Equal(t, Freed, tch["socket:4"])
	require.Equal(t, Freed, tch["sock:4"])
}

// TestTracingOff: with tracing off nothing is recorded, results are equal.
func TestTracingOff(t *testing.T) {
	k := NewKernel()
	k.SetTracing(false)
	p := k.NewTask("p")
	r, _ := k.Syscall(p, usock(stm))
	require.EqualValues(t, 3, r.Ret)
	require.Empty(t, k.Chain())
}

func TestFilesystemCorners(t *testing.T) {
	runSteps(t, 1, []step{
		{c: usock(stm), ret: 3}, {c: usock(stm), ret: 4},
		{c: kC("bind", kI(3), kS("/tmp/x/")), err: ENOENT},
		{c: kC("bind", kI(3), kS("/tmp/x"))},
		{c: kC("unlink", kS("/tmp/x/")), err: ENOTDIR},
		{c: kC("connect", kI(4), kS("/tmp/x/")), err: ENOTDIR},
		{c: kC("connect", kI(4), kS("/tmp/x/y")), err: ENOTDIR},
		{c: kC("bind", kI(4), kS("/var/run/../run/s"))},
		{c: kC("getsockname", kI(4)), addr: "/var/run/../run/s"},
		{c: kC("unlink", kS("/var/run/s"))},
		{c: kC("unlink", kS("/")), err: EISDIR},
		{c: kC("unlink", kS("/var/run/s")), err: ENOENT},
	})
}

func TestProbedCorners(t *testing.T) {
	runSteps(t, 1, []step{
		{c: usock(stm), ret: 3},
		{c: kC("shutdown", kI(3), kI(2))},
		{c: kC("setsockopt", kI(3), kI(1), kI(15), kI(1)), err: EOPNOTSUPP},
		{c: kC("setsockopt", kI(3), kI(1), kI(15), kI(0))},
		{c: kC("fcntl", kI(3), kI(4), kI(oDIRECT)), err: EINVAL},
		{c: kC("fcntl", kI(3), kI(4), kI(oAPPEND|nonb))},
		{c: kC("fcntl", kI(3), kI(3)), ret: 3074},
		{c: kC("fcntl", kI(3), kI(4), kI(0))},
		{c: kC("bind", kI(3), kS("@l"))}, {c: kC("listen", kI(3), kI(1))},
		{c: kC("shutdown", kI(3), kI(0))},
		{c: kC("accept", kI(3)), err: EINVAL},
		{c: usock(stm), ret: 4},
		{c: kC("connect", kI(4), kS("@l")), err: ECONNREFUSED},
		{c: usock(dgm), ret: 5}, {c: kC("bind", kI(5), kS("@d"))},
		{c: kC("connect", kI(5), kS("@d"))},
		{c: kC("send", kI(5), kS("x"), kI(0)), ret: 1},
		{c: kC("recv", kI(5), kI(9), kI(0)), ret: 1, data: "x"},
		{c: kC("shutdown", kI(5), kI(0))},
		{c: kC("recv", kI(5), kI(9), kI(0)), ret: 0},
		{c: kC("send", kI(5), kS("x"), kI(0)), err: EPIPE},
		{c: kC("send", kI(5), kS("x"), kI(msgOOB)), err: EOPNOTSUPP},
		{c: usock(seq), ret: 6},
		{c: kC("sendto", kI(6), kS("x"), kI(0), kS("@d")), err: ENOTCONN},
		{c: kC("recv", kI(6), kI(9), kI(msgDontwait)), err: ENOTCONN},
		{c: kC("socketpair", kI(afU), kI(seq), kI(0), kSV("sv")), ret: 0},
		{c: kC("sendto", kI(7), kS("xyz"), kI(0), kS("@nothere")), ret: 3},
		{c: kC("send", kI(7), kS(""), kI(0)), ret: 0},
		{c: kC("recv", kI(8), kI(1), kI(0)), ret: 1, data: "x"},
		{c: kC("recv", kI(8), kI(9), kI(0)), ret: 0},
		{c: kC("close", kI(7))},
		{c: kC("recv", kI(8), kI(9), kI(msgDontwait)), ret: 0},
		{c: kC("send", kI(8), kS("x"), kI(msgNosignal)), err: EPIPE},
		{c: kC("socket", kI(afU), kI(10), kI(0)), err: ESOCKTNOSUPPORT},
		{c: kC("socket", kI(afU), kI(15), kI(0)), err: EINVAL},
		{c: kC("socket", kI(afU), kI(0), kI(2)), err: EPROTONOSUPPORT},
		{c: kC("socket", kI(46), kI(1), kI(0)), err: EAFNOSUPPORT},
	})
}
