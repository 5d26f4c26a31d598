package engine

import "sort"

// Task states, as in include/linux/sched.h.
const (
	taskRunning       = "TASK_RUNNING"
	taskInterruptible = "TASK_INTERRUPTIBLE"
)

// task is a struct task_struct: a process of the timeline with its fd table.
type task struct {
	pid   int
	id    string
	comm  string
	fdt   fdtable
	sleep *pendingCall // non-nil while the task sleeps in a call (TASK_INTERRUPTIBLE)

	// Processes (fork.go, exit.go).
	ppid       int    // real_parent's pid; 1 (init, outside the timeline) for a process named at its first statement, or orphaned
	exitState  string // "" while alive; exitZombie once it exited and until its parent reaps it
	exitCode   int    // exit(status) & 0xff
	sigchldIgn bool   // sighand->action[SIGCHLD-1] is SIG_IGN
	chldWq     int    // signal->wait_chldexit (created when it first sleeps in wait)
}

// opKind says which blocking part of a syscall a pendingCall re-runs.
type opKind uint8

const (
	opAccept opKind = iota + 1
	opConnect
	opSend
	opRecv
	opWait      // wait4: do_wait (exit.go)
	opPoll      // poll (select.go)
	opSelect    // select (select.go)
	opEpollWait // epoll_wait (eventpoll.go)
	opPipeRead  // read of a pipe (pipe.go)
	opPipeWrite // write to a pipe (pipe.go)
)

// pendingCall is a call in progress: the arguments the blocking part of a
// syscall needs, the progress it made before sleeping (bytes already sent by
// a stream write, bytes already read by MSG_WAITALL, the embryo of a
// connect), and where the task sleeps. Linux keeps this on the kernel stack of
// the sleeping task; socklab keeps it as data so it can be drawn and cloned.
type pendingCall struct {
	name string // the call, e.g. "accept"
	step int    // statement at which it blocked
	line int
	in   string // the kernel function it sleeps in
	wq   int    // the wait queue it sleeps on (0 while running)

	op       opKind
	socket   int    // the struct socket the call works on
	msg      msghdr // send/recv arguments and progress
	flags    int    // accept4 flags
	nonblock bool   // the file was O_NONBLOCK when the call started
	addr     *sockaddr
	newsk    int // connect: the embryo allocated before sleeping
	newsock  int // accept: the new socket allocated before sleeping
	newfile  int
	newfd    int
	woken    bool
	timedOut bool // its SO_RCVTIMEO/SO_SNDTIMEO expired: it runs on as nonblocking (sock_timeo.go)

	wpid  int32 // wait4: the pid argument
	wopts int32 // wait4: the options
}

// wouldBlock is what protocol code returns instead of sleeping: the wait
// queue the caller must sleep on, the function it sleeps in, and how it
// waits (prepare_to_wait vs prepare_to_wait_exclusive, and the wake filter).
type wouldBlock struct {
	wq        int
	in        string
	exclusive bool
	mask      pollMask // 0: woken by any wake-up (autoremove_wake_function)
	fn        wakeFn   // the entry's wake function (wakeAutoremove unless set)
	// wq 0: the task sleeps on no queue of its own (poll/select: its
	// poll_table_entries are already hooked, see select.go).
}

// NewTask creates a process named comm with fds 0-2 open on the terminal
// (one struct file shared by the three fds, as a login shell leaves them)
// and returns its pid.
func (k *Kernel) NewTask(comm string) int {
	pid := k.nextPID
	k.nextPID++
	t := &task{pid: pid, id: objID("task", pid), comm: comm, ppid: 1}
	k.tasks[pid] = t
	f := k.allocTTYFile()
	for fd := 0; fd < 3; fd++ {
		t.fdt.install(fd, f.n, false)
	}
	f.count = 3
	return pid
}

// Syscall runs call c for process pid. blocked reports that the task went to
// sleep; its result is reported later by Completed. A call for an unknown or
// sleeping task, or one that exited, is refused with EINVAL (the
// interpreter never makes one).
func (k *Kernel) Syscall(pid int, c Call) (r Result, blocked bool) {
	k.completed = nil
	t := k.tasks[pid]
	if t == nil || t.sleep != nil || t.exitState != "" {
		return Result{Ret: -1, Errno: EINVAL}, false
	}
	r, p := k.dispatch(t, &c)
	if p != nil {
		blocked = true
	}
	k.runWoken()
	if blocked {
		// The caller slept, and the tasks its call woke ran and woke it
		// again until it finished — all before this statement is over (a
		// big AF_UNIX write drained by a MSG_WAITALL reader that was already
		// waiting). On Linux the two run side by side and the call simply
		// returns: report it so, not as blocked and completed "after" its
		// own statement.
		for i, cp := range k.completed {
			if cp.PID == pid && cp.BlockStep == k.step {
				k.completed = append(k.completed[:i:i], k.completed[i+1:]...)
				return cp.Result, false
			}
		}
	}
	return r, blocked
}

// sleepOn parks task t in pending call p on the wait queue wb names:
// prepare_to_wait(_exclusive) + schedule().
func (k *Kernel) sleepOn(t *task, p *pendingCall, wb *wouldBlock) {
	defer k.tr.enter("schedule")()
	p.in, p.wq, p.woken = wb.in, wb.wq, false
	p.msg.resumed = true
	t.sleep = p
	k.tr.touch(t.id, Changed)
	if wb.wq == 0 {
		return
	}
	k.wqs[wb.wq].add(waiter{pid: t.pid, exclusive: wb.exclusive, mask: wb.mask, fn: wb.fn})
	k.tr.touch(k.wqs[wb.wq].id, Changed)
}

// tryToWakeUp models try_to_wake_up(): the task becomes TASK_RUNNING and will
// re-run the blocking part of its call once the current call returns.
func (k *Kernel) tryToWakeUp(pid int) {
	t := k.tasks[pid]
	if t == nil || t.sleep == nil || t.sleep.woken {
		return
	}
	defer k.tr.enter("try_to_wake_up")()
	t.sleep.woken = true
	t.sleep.wq = 0
	k.tr.touch(t.id, Changed)
	k.runq = append(k.runq, pid)
}

// maxWakeRuns bounds the re-runs one statement may cause (a writer and a
// MSG_WAITALL reader can ping-pong for a terabyte, 200 KB a round); past it the remaining
// woken tasks go back to sleep on their queue, so bad input cannot hang.
const maxWakeRuns = 1024

// runWoken re-runs the calls of woken tasks, as the scheduler would after
// the current call returns, until nothing is runnable. Calls that complete
// are reported by Completed, ordered by the step at which they blocked.
func (k *Kernel) runWoken() {
	for runs := 0; len(k.runq) > 0; runs++ {
		// Run the earliest-blocked woken task first (Linux wakes FIFO).
		sort.SliceStable(k.runq, func(i, j int) bool {
			return k.tasks[k.runq[i]].sleep.step < k.tasks[k.runq[j]].sleep.step
		})
		pid := k.runq[0]
		k.runq = k.runq[1:]
		t := k.tasks[pid]
		p := t.sleep
		if runs >= maxWakeRuns {
			p.woken = false
			p.wq = k.resleepQueue(t, p)
			continue
		}
		t.sleep = nil
		r, again := k.resume(t, p)
		if again != nil {
			continue
		}
		k.cancelTaskTimer(pid)
		k.completed = append(k.completed, Completion{PID: pid, BlockStep: p.step, Result: r, At: k.completionAt()})
	}
	sort.SliceStable(k.completed, func(i, j int) bool {
		a, b := k.completed[i], k.completed[j]
		return a.At < b.At || a.At == b.At && a.BlockStep < b.BlockStep
	})
}

// resleepQueue puts a woken task that may not run back on the queue of its
// socket, so its state stays consistent (sleeping on a queue).
func (k *Kernel) resleepQueue(t *task, p *pendingCall) int {
	if p.op >= opPoll {
		return k.resleepPollQueue(t, p)
	}
	if p.op == opWait {
		k.wqs[t.chldWq].add(waiter{pid: t.pid})
		return t.chldWq
	}
	so := k.sockets[p.socket]
	wq := so.wq
	k.wqs[wq].add(waiter{pid: t.pid})
	return wq
}

// resume re-runs the blocking part of a woken call; if it must sleep again
// the task is parked again and the pending call is returned. A call whose
// time-out expired does not sleep again (sock_timeo.go).
func (k *Kernel) resume(t *task, p *pendingCall) (Result, *pendingCall) {
	defer k.tr.enter(p.in)()
	r, wb := k.runOp(t, p)
	if wb != nil {
		if p.timedOut {
			return timedOutResult(p), nil
		}
		k.sleepOn(t, p, wb)
		return r, p
	}
	return r, nil
}

// runOp runs the blocking part of pending call p.
func (k *Kernel) runOp(t *task, p *pendingCall) (Result, *wouldBlock) {
	switch p.op {
	case opAccept:
		return k.doAccept(t, p)
	case opConnect:
		return k.doConnect(t, p)
	case opSend:
		return k.doSend(t, p)
	case opRecv:
		return k.doRecv(t, p)
	case opWait:
		return k.doWait(t, p)
	case opPoll, opSelect, opEpollWait:
		return k.resumePoll(t, p)
	case opPipeRead, opPipeWrite:
		return k.resumePipe(t, p)
	}
	return Result{}, nil
}

// block finishes the first run of a blocking call: it completed, or t is
// parked with a heap copy of the pending call (the first run works on
// k.scratch so calls that do not sleep allocate none).
func (k *Kernel) block(t *task, p *pendingCall, r Result, wb *wouldBlock) (Result, *pendingCall) {
	if wb == nil {
		return r, nil
	}
	if k.callTimeo(p) == 0 {
		return k.runTimedOut(t, p), nil // a zero time-out never sleeps
	}
	np := new(pendingCall)
	*np = *p
	np.step, np.line = k.step, k.line
	k.sleepOn(t, np, wb)
	k.armTaskTimer(t, np)
	return Result{}, np
}

// newPending returns the scratch pending call, reset to c.
func (k *Kernel) newPending(c pendingCall) *pendingCall {
	k.scratch = c
	return &k.scratch
}
