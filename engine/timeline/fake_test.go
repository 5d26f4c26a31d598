package timeline

import (
	"fmt"
	"sort"

	"socklab/engine"
)

// fakeKernel is a tiny stand-in for the simulated kernel, enough to test the
// interpreter and the session without it: AF_UNIX-ish stream sockets with
// listen/accept/connect, byte streams, blocking accept and read, EOF and
// EPIPE. It is NOT a model of Linux; engine tests cover that.
type fakeKernel struct {
	step, line int
	tasks      []*fakeTask
	socks      []*fakeSock
	names      map[string]int // bound path -> sock index
	done       []engine.Completion
	tracing    bool
	chain      []*engine.Frame
	panicOn    string // a call name that panics (tests the recover)
	panicSnap  bool   // Snapshot panics
}

type fakeTask struct {
	pid  int
	comm string
	fds  map[int]int // fd -> sock index
	blk  *fakeBlock
}

type fakeBlock struct {
	step int
	call engine.Call
}

type fakeSock struct {
	listening bool
	peer      int // -1 none
	pending   []int
	buf       []byte
	closed    bool
}

func newFake() *fakeKernel { return &fakeKernel{names: map[string]int{}} }

func (k *fakeKernel) NewTask(comm string) int {
	t := &fakeTask{pid: 100 + len(k.tasks), comm: comm, fds: map[int]int{}}
	k.tasks = append(k.tasks, t)
	return t.pid
}

func (k *fakeKernel) SetStep(step, line int) { k.step, k.line = step, line }

func (k *fakeKernel) task(pid int) *fakeTask { return k.tasks[pid-100] }

func (k *fakeKernel) newFD(t *fakeTask, s int) int64 {
	fd := 3
	for {
		if _, used := t.fds[fd]; !used {
			t.fds[fd] = s
			return int64(fd)
		}
		fd++
	}
}

func (k *fakeKernel) newSock() int {
	k.socks = append(k.socks, &fakeSock{peer: -1})
	return len(k.socks) - 1
}

var errRes = func(e engine.Errno) engine.Result { return engine.Result{Ret: -1, Errno: e} }

func (k *fakeKernel) Syscall(pid int, c engine.Call) (engine.Result, bool) {
	if c.Name == k.panicOn {
		panic("fake kernel bug in " + c.Name)
	}
	if k.tracing {
		k.chain = append(k.chain, &engine.Frame{Fn: "__sys_" + c.Name})
	}
	t := k.task(pid)
	sockOf := func(i int) (*fakeSock, int, bool) {
		s, ok := t.fds[int(c.Args[i].Int)]
		if !ok {
			return nil, 0, false
		}
		return k.socks[s], s, true
	}
	switch c.Name {
	case "socket":
		return engine.Result{Ret: k.newFD(t, k.newSock())}, false
	case "socketpair":
		a, b := k.newSock(), k.newSock()
		k.socks[a].peer, k.socks[b].peer = b, a
		return engine.Result{HasSV: true, SV: [2]int64{k.newFD(t, a), k.newFD(t, b)}}, false
	case "bind":
		_, s, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		path := string(c.Args[1].Bytes.Lit)
		if _, used := k.names[path]; used {
			return errRes(engine.EADDRINUSE), false
		}
		k.names[path] = s
		return engine.Result{}, false
	case "listen":
		so, _, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		so.listening = true
		return engine.Result{}, false
	case "accept":
		so, _, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		if len(so.pending) == 0 {
			t.blk = &fakeBlock{step: k.step, call: c}
			return engine.Result{}, true
		}
		s := so.pending[0]
		so.pending = so.pending[1:]
		return engine.Result{Ret: k.newFD(t, s)}, false
	case "connect":
		so, s, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		l, ok := k.names[string(c.Args[1].Bytes.Lit)]
		if !ok {
			return errRes(engine.ENOENT), false
		}
		if !k.socks[l].listening {
			return errRes(engine.ECONNREFUSED), false
		}
		srv := k.newSock()
		so.peer, k.socks[srv].peer = srv, s
		k.socks[l].pending = append(k.socks[l].pending, srv)
		k.wake(func(w *fakeTask) bool { return w.blk.call.Name == "accept" && w.fds[int(w.blk.call.Args[0].Int)] == l })
		return engine.Result{}, false
	case "write":
		so, _, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		if so.peer < 0 || k.socks[so.peer].closed {
			return errRes(engine.EPIPE), false
		}
		p := k.socks[so.peer]
		data := c.Args[1].Bytes.Slice(0, 1<<16)
		p.buf = append(p.buf, data...)
		k.wake(func(w *fakeTask) bool {
			return w.blk.call.Name == "read" && w.fds[int(w.blk.call.Args[0].Int)] == so.peer
		})
		return engine.Result{Ret: int64(len(data))}, false
	case "read":
		so, _, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		if len(so.buf) == 0 && so.peer >= 0 && !k.socks[so.peer].closed {
			t.blk = &fakeBlock{step: k.step, call: c}
			return engine.Result{}, true
		}
		return k.read(so, c.Args[1].Int), false
	case "close":
		so, _, ok := sockOf(0)
		if !ok {
			return errRes(engine.EBADF), false
		}
		delete(t.fds, int(c.Args[0].Int))
		so.closed = true
		return engine.Result{}, false
	case "getsockname":
		return engine.Result{Addr: "/fake"}, false
	}
	return errRes(engine.ENOSYS), false
}

func (k *fakeKernel) read(so *fakeSock, n int64) engine.Result {
	if n > int64(len(so.buf)) {
		n = int64(len(so.buf))
	}
	data := append([]byte(nil), so.buf[:n]...)
	so.buf = so.buf[n:]
	return engine.Result{Ret: n, Data: data}
}

// wake completes the blocked calls that match, in order of blocking step.
func (k *fakeKernel) wake(match func(*fakeTask) bool) {
	var ws []*fakeTask
	for _, w := range k.tasks {
		if w.blk != nil && match(w) {
			ws = append(ws, w)
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].blk.step < ws[j].blk.step })
	for _, w := range ws {
		b := w.blk
		w.blk = nil
		r, _ := k.Syscall(w.pid, b.call)
		k.done = append(k.done, engine.Completion{PID: w.pid, BlockStep: b.step, Result: r})
	}
}

func (k *fakeKernel) Completed() []engine.Completion {
	d := k.done
	k.done = nil
	return d
}

func (k *fakeKernel) Chain() []*engine.Frame {
	c := k.chain
	k.chain = nil
	return c
}

func (k *fakeKernel) SetTracing(on bool) { k.tracing = on }

func (k *fakeKernel) CheckInvariants() error {
	for i, s := range k.socks {
		if s.peer >= len(k.socks) {
			return fmt.Errorf("sock %d has a bad peer", i)
		}
	}
	return nil
}

// Snapshot shows tasks (with fds and blocking) and socks with their queues.
func (k *fakeKernel) Snapshot() *engine.Snapshot {
	if k.panicSnap {
		panic("fake snapshot bug")
	}
	snap := &engine.Snapshot{Step: k.step, Tasks: []engine.Task{}, Socks: []engine.Sock{}}
	for _, t := range k.tasks {
		task := engine.Task{ID: fmt.Sprintf("task:%d", t.pid), PID: t.pid, Comm: t.comm, State: "TASK_RUNNING"}
		fds := make([]int, 0, len(t.fds))
		for fd := range t.fds {
			fds = append(fds, fd)
		}
		sort.Ints(fds)
		for _, fd := range fds {
			task.FDTable = append(task.FDTable, engine.FD{FD: fd, File: fmt.Sprintf("sock:%d", t.fds[fd])})
		}
		if t.blk != nil {
			task.State = "TASK_INTERRUPTIBLE"
			task.Blocked = &engine.Blocked{Call: t.blk.call.Name, Step: t.blk.step, In: "fake_wait"}
		}
		snap.Tasks = append(snap.Tasks, task)
	}
	for i, s := range k.socks {
		if s.closed {
			continue
		}
		sk := engine.Sock{ID: fmt.Sprintf("sock:%d", i), State: "TCP_CLOSE", ReceiveQueue: []engine.Skb{}}
		if s.listening {
			sk.State = "TCP_LISTEN"
		}
		if len(s.buf) > 0 {
			sk.ReceiveQueue = append(sk.ReceiveQueue, engine.Skb{ID: fmt.Sprintf("skb:%d", i), Len: len(s.buf), Data: s.buf})
		}
		snap.Socks = append(snap.Socks, sk)
	}
	return snap
}

func (k *fakeKernel) cloneMachine() machine {
	c := &fakeKernel{step: k.step, line: k.line, names: map[string]int{}, panicOn: k.panicOn}
	for _, t := range k.tasks {
		nt := &fakeTask{pid: t.pid, comm: t.comm, fds: map[int]int{}}
		for fd, s := range t.fds {
			nt.fds[fd] = s
		}
		if t.blk != nil {
			b := *t.blk
			nt.blk = &b
		}
		c.tasks = append(c.tasks, nt)
	}
	for _, s := range k.socks {
		ns := *s
		ns.pending = append([]int(nil), s.pending...)
		ns.buf = append([]byte(nil), s.buf...)
		c.socks = append(c.socks, &ns)
	}
	for n, s := range k.names {
		c.names[n] = s
	}
	return c
}
