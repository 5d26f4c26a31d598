package lessons

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// fakeRun is a hand-built run: fixed events and one snapshot per step.
type fakeRun struct {
	errs   []string
	events []engine.Event
	snaps  []*engine.Snapshot // snaps[k] = after step k
}

func (f *fakeRun) Errors() []string       { return f.errs }
func (f *fakeRun) Len() int               { return len(f.snaps) - 1 }
func (f *fakeRun) Events() []engine.Event { return f.events }
func (f *fakeRun) SnapshotAt(k int) *engine.Snapshot {
	return f.snaps[k]
}

// echoSnap is a listener with two connections in its accept queue, a
// client connected to an embryo, and a data skb waiting for the server.
func echoSnap() *engine.Snapshot {
	return &engine.Snapshot{
		Step: 6,
		Tasks: []engine.Task{
			{ID: "task:1", PID: 1, Comm: "server", State: "TASK_RUNNING", FDTable: []engine.FD{{FD: 3, File: "file:1"}, {FD: 4, File: "file:3"}, {FD: 5, File: "file:3"}}},
			{ID: "task:2", PID: 2, Comm: "client", State: "TASK_INTERRUPTIBLE", WaitQueue: "wq:2",
				Blocked: &engine.Blocked{Call: "read", Step: 5, In: "unix_stream_data_wait"}, FDTable: []engine.FD{{FD: 3, File: "file:2"}}},
		},
		Files: []engine.File{
			{ID: "file:1", FCount: 1, FFlags: []string{"O_RDWR", "O_NONBLOCK"}, FOp: "socket_file_ops", PrivateData: "socket:1"},
			{ID: "file:2", FCount: 1, FFlags: []string{"O_RDWR"}, FOp: "socket_file_ops", PrivateData: "socket:2"},
			{ID: "file:3", FCount: 2, FFlags: []string{"O_RDWR"}, FOp: "socket_file_ops", PrivateData: "socket:3"},
		},
		Sockets: []engine.Socket{
			{ID: "socket:1", State: "SS_UNCONNECTED", Type: "SOCK_STREAM", File: "file:1", Sk: "sock:1", Inode: "inode:1"},
			{ID: "socket:2", State: "SS_CONNECTED", Type: "SOCK_STREAM", File: "file:2", Sk: "sock:2", Inode: "inode:2"},
			{ID: "socket:3", State: "SS_CONNECTED", Type: "SOCK_STREAM", File: "file:3", Sk: "sock:4", Inode: "inode:4"},
		},
		Socks: []engine.Sock{
			{ID: "sock:1", Family: "AF_UNIX", Type: "SOCK_STREAM", State: "TCP_LISTEN", Socket: "socket:1", Addr: "/tmp/s",
				MaxAckBacklog: 1, ReceiveQueue: []engine.Skb{{ID: "skb:1", Sk: "sock:3", Len: 0}, {ID: "skb:2", Sk: "sock:5"}}},
			{ID: "sock:2", Family: "AF_UNIX", Type: "SOCK_STREAM", State: "TCP_ESTABLISHED", Socket: "socket:2", Peer: "sock:3",
				Shutdown: []string{"RCV_SHUTDOWN"}, Err: "ECONNRESET", WmemAlloc: 1280},
			{ID: "sock:3", Family: "AF_UNIX", Type: "SOCK_STREAM", State: "TCP_ESTABLISHED", Peer: "sock:2",
				ReceiveQueue: []engine.Skb{{ID: "skb:3", Len: 5, Data: engine.Bytes("hello")}, {ID: "skb:4", Len: 6, Data: engine.Bytes(" world")}}},
			{ID: "sock:4", Family: "AF_UNIX", Type: "SOCK_DGRAM", State: "TCP_ESTABLISHED", Socket: "socket:3",
				TCP: &engine.TCPSock{SynQueue: []string{"req:1"}}},
			{ID: "sock:5", Family: "AF_UNIX", Type: "SOCK_STREAM", State: "TCP_ESTABLISHED"},
		},
		Inodes: []engine.Inode{
			{ID: "inode:1", Ino: 100, Sb: "sockfs", Socket: "socket:1"},
			{ID: "inode:5", Ino: 7, Sb: "tmpfs", Path: "/tmp/s", Nlink: 1, BoundSock: "sock:1"},
		},
	}
}

func echoEvents() []engine.Event {
	return []engine.Event{
		{Step: 1, Proc: "server", Call: "socket", Kind: "return", Ret: 3},
		{Step: 2, Proc: "server", Call: "bind", Kind: "return", Ret: -1, Errno: "EADDRINUSE"},
		{Step: 3, Proc: "server", Call: "accept", Kind: "block"},
		{Step: 4, Proc: "server", Call: "bind", Kind: "return", Ret: 0},
		{Step: 3, Proc: "server", Call: "accept", Kind: "return", Ret: 4, Addr: "@00001", After: 5},
		{Step: 6, Proc: "client", Call: "read", Kind: "return", Ret: 5, Data: []byte("hello")},
		{Step: 7, Proc: "client", Call: "bogus", Kind: "error", Message: "line 7: unknown call"},
	}
}

func echoTrace() *Trace {
	snaps := make([]*engine.Snapshot, 8)
	for i := range snaps {
		snaps[i] = &engine.Snapshot{Step: i}
	}
	snaps[6], snaps[7] = echoSnap(), echoSnap()
	return NewTrace(&fakeRun{events: echoEvents(), snaps: snaps})
}

func TestGoalsHold(t *testing.T) {
	w := echoTrace().Final()
	for _, tc := range []struct {
		goal string
		want bool
	}{
		// events
		{`event{proc=server, call=socket, ret=3}`, true},
		{`event{proc=server, call=socket, ret=4}`, false},
		{`event{call=accept, ret>=3}`, true},
		{`event{call=accept, event=block}`, true},
		{`event{call=accept, after=5, addr="@00001"}`, true},
		{`event{call=accept, after=0, event=return}`, false},
		{`event{}`, true},
		{`event{call=bind, errno=EADDRINUSE} then event{call=bind, ret=0}`, true},
		{`event{call=bind, ret=0} then event{call=bind, errno=EADDRINUSE}`, false},
		{`event{call=bind} then event{call=bind} then event{call=bind}`, false},
		{`event{call=read, data="hello"}`, true},
		{`event{call=read, data="hell"}`, false},
		{`event{event=error, message="line 7: unknown call"}`, true},
		{`event{proc=client, call=read, ret=0}`, false},
		{`count(events where errno != "") == 1`, true},
		{`count(events where event == return && ret < 0) == 1`, true},
		// state
		{`count(socks where sk_state == TCP_LISTEN && rq_len == 2) >= 1`, true},
		{`count(socks where listener == 1 && sk_max_ack_backlog == 1) == 1`, true},
		{`count(skbs where conn == 1 && queue_procs has server) == 2`, true},
		{`sum(skbs.len where conn == 0) == 11`, true},
		{`sum(socks.rq_bytes) == 11`, true},
		{`count(socks where procs has client && sk_err == ECONNRESET) == 1`, true},
		{`count(socks where sk_err != "") == 1`, true},
		{`count(socks where sk_shutdown has RCV_SHUTDOWN) == 1`, true},
		{`count(socks where sk_shutdown has SEND_SHUTDOWN) == 0`, true},
		{`count(socks where peer_state == TCP_ESTABLISHED && procs has client) == 1`, true},
		{`count(socks where len(tcp.syn_queue) == 1) == 1`, true},
		{`count(socks where tcp.syn_queue has "req:1") == 1`, true},
		{`count(socks where addr == "") == 4`, true}, // left-out fields are ""
		{`count(socks where sk_wmem_alloc > 1000) == 1`, true},
		{`count(socks where sk_rmem_alloc == 0) == 5`, true},
		{`count(files where f_count == 2 && nfds == 2) == 1`, true},
		{`count(files where f_flags has O_NONBLOCK && procs has server) == 1`, true},
		{`count(fds where proc == server && sk_state == TCP_LISTEN) == 1`, true},
		{`count(fds where proc == server && fd == 5 && sk_type == SOCK_DGRAM) == 1`, true},
		{`count(tasks where comm == client && state == TASK_INTERRUPTIBLE && blocked_call == read) == 1`, true},
		{`count(tasks where blocked.in == unix_stream_data_wait) == 1`, true},
		{`count(tasks where nfds == 3) == 1`, true},
		{`count(inodes where path == "/tmp/s" && bound_sock != "") == 1`, true},
		{`count(inodes where i_sb == sockfs) == 1`, true},
		{`max(fds.fd where proc == server) == 5`, true},
		{`min(fds.fd) == 3`, true},
		{`first(socks.sk_state where procs has client) == TCP_ESTABLISHED`, true},
		{`last(events.call) == bogus`, true},
		{`max(fds.fd where proc == nobody) == 0`, false}, // none compares false
		{`max(fds.fd where proc == nobody) != 0`, false},
		{`count(wire) == 0`, true},
		// logic
		{`!event{call=listen}`, true},
		{`!(event{call=socket} && event{call=listen})`, true},
		{`event{call=listen} || count(socks) == 5`, true},
		{`event{call=socket} && count(socks) == 4`, false},
		{`3 == count(files)`, true},
		{`count(socks where !(sk_type == SOCK_STREAM) || sk_state == TCP_LISTEN) == 2`, true},
		{`count(socks where sk_type == SOCK_STREAM, sk_state == TCP_LISTEN) == 1`, true},
		{`count(socks where sk_state < TCP_F) == 4`, true}, // strings order lexically
		{`count(socks where sk_state < 3) == 0`, true},     // string vs number: never ordered
	} {
		g, err := ParseGoal(tc.goal)
		require.NoError(t, err, tc.goal)
		assert.Equal(t, tc.want, g.Holds(w), tc.goal)
	}
}

func TestGoalsOverTime(t *testing.T) {
	tr := echoTrace()
	for _, tc := range []struct {
		goal string
		step int
		want bool
	}{
		// The accept's return is emitted after step 5.
		{`event{call=accept, event=return}`, 4, false},
		{`event{call=accept, event=return}`, 5, true},
		{`count(socks) == 5`, 5, false},
		{`count(socks) == 5`, 6, true},
		{`ever(count(socks) == 5)`, 5, false},
		{`ever(count(socks) == 5)`, 7, true},
		{`ever(count(socks) == 0)`, 7, true},
		{`at(6, count(socks) == 5)`, 7, true},
		{`at(6, count(socks) == 5)`, 5, false}, // step 6 has not happened yet
		{`at(2, event{call=bind})`, 7, true},
		{`at(1, event{call=bind})`, 7, false},
	} {
		g, err := ParseGoal(tc.goal)
		require.NoError(t, err, tc.goal)
		assert.Equal(t, tc.want, g.Holds(tr.World(tc.step)), "%s at %d", tc.goal, tc.step)
	}
}

func TestGoalParseErrors(t *testing.T) {
	for _, tc := range []struct{ goal, msg string }{
		{``, "expected a value"},
		{`event{call=accept`, "expected '}'"},
		{`event{cal=accept}`, `events has no field "cal"`},
		{`count(sock where x == 1) == 1`, `unknown collection "sock"`},
		{`count(socks where sk_stat == TCP_LISTEN) == 1`, `socks has no field "sk_stat"`},
		{`count(socks) = = 1`, "expected a value"},
		{`count(socks)`, "expected a comparison"},
		{`sum(socks) > 1`, "needs COLLECTION.FIELD"},
		{`sum(socks.nope) > 1`, `socks has no field "nope"`},
		{`3 == 4`, "aggregate on one side"},
		{`count(socks) == 1 then event{}`, "'then' joins event"},
		{`event{} then count(socks) == 1`, "'then' joins event"},
		{`at(x, event{})`, "needs a step number"},
		{`event{ret >= }`, "expected a value after"},
		{`event{ret ~ 3}`, "unexpected character"},
		{`event{data="abc}`, "unterminated string"},
		{`event{ret=99999999999999999999}`, "bad number"},
		{`event{} event{}`, "unexpected"},
		{strings.Repeat("(", 100) + "event{}" + strings.Repeat(")", 100), "nested too deeply"},
		{strings.Repeat("!", 100) + "event{}", "nested too deeply"},
		{"event{" + strings.Repeat("(", 100) + "ret=1" + strings.Repeat(")", 100) + "}", "nested too deeply"},
		{strings.Repeat("x", maxGoalLen+1), "longer than"},
	} {
		_, err := ParseGoal(tc.goal)
		if assert.Error(t, err, tc.goal) {
			assert.Contains(t, err.Error(), tc.msg, tc.goal)
		}
	}
}

func TestValueExpr(t *testing.T) {
	w := echoTrace().Final()
	for _, tc := range []struct{ expr, want string }{
		{`count(socks)`, "5"},
		{`sum(skbs.len)`, "11"},
		{`max(fds.fd where proc == server)`, "5"},
		{`first(socks.sk_state)`, "TCP_LISTEN"},
		{`first(events.errno where call == bind)`, "EADDRINUSE"},
		{`max(fds.fd where proc == nobody)`, "none"},
		{`first(socks.sk_shutdown where procs has client)`, "[RCV_SHUTDOWN]"},
		{`42`, "42"},
	} {
		v, err := ParseValue(tc.expr)
		require.NoError(t, err, tc.expr)
		assert.Equal(t, tc.want, v.Value(w), tc.expr)
	}
	_, err := ParseValue(`count(socks) == 1`)
	assert.Error(t, err)
}

// FuzzParseGoal: any text either parses or is an error — no panic, no hang —
// and a parsed goal evaluates without panicking.
func FuzzParseGoal(f *testing.F) {
	for _, s := range []string{
		`event{proc=server, call=accept, ret>=3}`,
		`event{call=bind, errno=EADDRINUSE} then event{call=bind, ret=0}`,
		`count(socks where sk_state == TCP_LISTEN && rq_len == 2) >= 1`,
		`ever(sum(skbs.len where queue_procs has server) > 10) || !at(3, event{})`,
		`max(fds.fd where len(f_flags) > 1 && (proc == a || !(fd != 3))) == 4`,
		`count(socks where tcp.syn_queue has "x\n") == 0x10`,
	} {
		f.Add(s)
	}
	w := echoTrace().Final()
	f.Fuzz(func(t *testing.T, src string) {
		g, err := ParseGoal(src)
		if err != nil {
			return
		}
		g.Holds(w)
		if v, err := ParseValue(src); err == nil {
			v.Value(w)
		}
	})
}
