package engine

import "sort"

// This file models fs/select.c: poll() (do_sys_poll → do_poll → do_pollfd)
// and select() (core_sys_select → do_select). The first pass over the fds
// hooks the caller on every polled wait queue through a poll_table whose
// _qproc is __pollwait (a poll_table_entry holding the file, with pollwake
// as its wake function); the caller then sleeps until a pollwake or the
// time-out (an hrtimer on the simulated clock) wakes it, re-polls without
// registering, and poll_freewait unhooks everything when it returns.

// Poll/select constants (include/uapi/asm-generic/poll.h, fs/select.c).
const (
	pollinSet  = epollRdnorm | epollRdband | epollIn | epollHup | epollErr // POLLIN_SET
	polloutSet = epollWrband | epollWrnorm | epollOut | epollErr           // POLLOUT_SET
	pollexSet  = epollPri                                                  // POLLEX_SET
)

// PollFD is one struct pollfd of a poll call.
type PollFD struct {
	FD     int64
	Events int64 // a short: only the low 16 bits count
}

// pollCall is the state of a poll/select/epoll_wait in progress: Linux's
// struct poll_wqueues (the poll_table_entry list) plus the arguments the
// loop re-reads, kept per task so a sleeping call can be drawn and cloned.
type pollCall struct {
	kind     opKind
	fds      []PollFD    // poll
	nfds     int         // select: n after max_select_fd
	sets     [3][]int64  // select: in, out, ex (sorted fds < n)
	entries  []pollEntry // poll_wqueues: the poll_table_entries
	ep       int         // epoll_wait: the eventpoll
	maxev    int         // epoll_wait: maxevents
	timedOut bool
	timer    bool // an hrtimer is armed for this call
}

// pollEntry is a struct poll_table_entry: the file it holds a reference on,
// the wait queue, and its entry there.
type pollEntry struct {
	file int
	wq   int
	w    waiter
}

func (pc *pollCall) clone() *pollCall {
	c := *pc
	c.fds = append([]PollFD(nil), pc.fds...)
	for i := range pc.sets {
		c.sets[i] = append([]int64(nil), pc.sets[i]...)
	}
	c.entries = append([]pollEntry(nil), pc.entries...)
	return &c
}

// pollwaitQueue models __pollwait → poll_get_entry: the entry takes a
// reference on the file (get_file) and goes on the wait queue with pollwake
// as its wake function and the polled events as its key.
func (k *Kernel) pollwaitQueue(f *file, wq int, pt *pollTable) {
	defer k.tr.enter("__pollwait")()
	st := k.polls()
	pc := st.calls[pt.pid]
	st.ids.entry++
	w := waiter{pid: pt.pid, mask: pt.key, fn: wakePoll, ref: st.ids.entry}
	k.getFile(f)
	pc.entries = append(pc.entries, pollEntry{file: f.n, wq: wq, w: w})
	k.wqs[wq].add(w)
	k.tr.touch(k.wqs[wq].id, Changed)
}

// pollwake models pollwake(): ignore a wake-up whose key has none of the
// polled events, else wake the polling task (default_wake_function).
func (k *Kernel) pollwake(w waiter, key pollMask) bool {
	if kk := keyToPoll(key); kk != 0 && kk&w.mask == 0 {
		return false
	}
	defer k.tr.enter("pollwake")()
	t := k.tasks[w.pid]
	if t == nil || t.sleep == nil || t.sleep.woken {
		return false
	}
	k.tryToWakeUp(w.pid)
	return true
}

// pollFreewait models poll_freewait(): unhook every entry and drop its file
// reference (which may be the last one: then the file is released here).
func (k *Kernel) pollFreewait(pid int) {
	st := k.polls()
	pc := st.calls[pid]
	if pc == nil {
		return
	}
	defer k.tr.enter("poll_freewait")()
	delete(st.calls, pid)
	k.hrtimerCancel(pid, pc)
	for _, e := range pc.entries {
		if q := k.wqs[e.wq]; q != nil {
			q.remove(e.w)
			k.tr.touch(q.id, Changed)
		}
	}
	for _, e := range pc.entries {
		k.fput(e.file)
	}
}

// SysPoll runs poll(fds, nfds, timeout) for task t (do_sys_poll): EINVAL
// past RLIMIT_NOFILE entries; a negative timeout waits forever.
func (k *Kernel) sysPoll(t *task, fds []PollFD, timeoutMS int64, name string) (Result, []ReadyFD, *pendingCall) {
	defer k.tr.enter("__x64_sys_poll")()
	defer k.tr.enter("do_sys_poll")()
	if len(fds) > rlimitNofile {
		return errResult(EINVAL), nil, nil
	}
	pc := &pollCall{kind: opPoll, fds: append([]PollFD(nil), fds...)}
	return k.startPollCall(t, pc, timeoutMS, name)
}

// startPollCall runs the first pass of poll/select/epoll_wait; if nothing is
// ready and the call may wait, the task sleeps (with an hrtimer for a
// positive time-out).
func (k *Kernel) startPollCall(t *task, pc *pollCall, timeoutMS int64, name string) (Result, []ReadyFD, *pendingCall) {
	st := k.polls()
	st.calls[t.pid] = pc
	pc.timedOut = timeoutMS == 0 // optimise the no-wait case: _qproc = NULL
	r, ready, wb := k.pollLoop(t, pc, !pc.timedOut)
	if wb == nil {
		return r, ready, nil
	}
	if timeoutMS > 0 {
		k.hrtimerStart(t.pid, pc, timeoutMS)
	}
	p := k.newPending(pendingCall{name: name, op: pc.kind})
	_, np := k.block(t, p, Result{}, wb)
	return Result{}, nil, np
}

// pollLoop is one pass of do_poll / do_select / ep_poll's loop: a result,
// or the wait to sleep in.
func (k *Kernel) pollLoop(t *task, pc *pollCall, register bool) (Result, []ReadyFD, *wouldBlock) {
	switch pc.kind {
	case opSelect:
		return k.doSelect(t, pc, register)
	case opEpollWait:
		return k.epPoll(t, pc)
	}
	return k.doPoll(t, pc, register)
}

// doPoll models do_poll(): poll every entry; the first event stops further
// registration; events or a time-out end the call.
func (k *Kernel) doPoll(t *task, pc *pollCall, register bool) (Result, []ReadyFD, *wouldBlock) {
	defer k.tr.enter("do_poll")()
	pt := &pollTable{pid: t.pid}
	if register {
		pt.qproc = qprocPollwait
	}
	count := 0
	revents := make([]pollMask, len(pc.fds))
	for i := range pc.fds {
		if m := k.doPollfd(t, pc.fds[i], pt); m != 0 {
			revents[i] = m
			count++
			pt.qproc = qprocNone
		}
	}
	if count == 0 && !pc.timedOut {
		return Result{}, nil, &wouldBlock{in: "poll_schedule_timeout"}
	}
	k.pollFreewait(t.pid)
	ready := []ReadyFD{}
	for i, m := range revents {
		if m != 0 {
			ready = append(ready, ReadyFD{FD: pc.fds[i].FD, Events: PollNames(uint32(m), false)})
		}
	}
	return Result{Ret: int64(count)}, ready, nil
}

// doPollfd models do_pollfd(): a negative fd is skipped, a closed one is
// POLLNVAL; otherwise the file's ->poll masked with the requested events
// plus POLLERR|POLLHUP.
func (k *Kernel) doPollfd(t *task, pfd PollFD, pt *pollTable) pollMask {
	fd := int32(pfd.FD)
	if fd < 0 {
		return 0
	}
	f, err := k.fdget(t, int64(fd))
	if err != 0 {
		return epollNval
	}
	filter := pollMask(uint16(pfd.Events)) | epollErr | epollHup
	pt.key = filter
	return k.vfsPoll(f, pt) & filter
}

// sysSelect runs select(nfds, readfds, writefds, exceptfds, timeout) for
// task t (core_sys_select): EINVAL for a negative nfds, EBADF for a closed
// fd below nfds in any set (max_select_fd); fds >= nfds are not looked at.
func (k *Kernel) sysSelect(t *task, nfds int64, sets [3][]int64, timeoutMS int64, name string) (Result, []ReadyFD, *pendingCall) {
	defer k.tr.enter("__x64_sys_select")()
	defer k.tr.enter("core_sys_select")()
	n := int64(int32(nfds))
	if n < 0 {
		return errResult(EINVAL), nil, nil
	}
	pc := &pollCall{kind: opSelect, nfds: int(n)}
	for i, set := range sets {
		seen := map[int64]bool{}
		for _, fd := range set {
			if fd >= 0 && fd < n && !seen[fd] {
				seen[fd] = true
				pc.sets[i] = append(pc.sets[i], fd)
			}
		}
		sort.Slice(pc.sets[i], func(a, b int) bool { return pc.sets[i][a] < pc.sets[i][b] })
	}
	defer k.tr.enter("do_select")()
	for _, set := range pc.sets { // max_select_fd
		for _, fd := range set {
			if t.fdt.lookup(fd) == 0 {
				return errResult(EBADF), nil, nil
			}
		}
	}
	return k.startPollCall(t, pc, timeoutMS, name)
}

// doSelect models do_select()'s loop body: select_poll_one for every fd in
// any set, in fd order, with the key wait_key_set builds.
func (k *Kernel) doSelect(t *task, pc *pollCall, register bool) (Result, []ReadyFD, *wouldBlock) {
	pt := &pollTable{pid: t.pid}
	if register {
		pt.qproc = qprocPollwait
	}
	in, out, ex := fdSet(pc.sets[0]), fdSet(pc.sets[1]), fdSet(pc.sets[2])
	all := mergeFds(pc.sets)
	retval := 0
	var ready []ReadyFD
	for _, fd := range all {
		pt.key = pollexSet
		if in[fd] {
			pt.key |= pollinSet
		}
		if out[fd] {
			pt.key |= polloutSet
		}
		var mask pollMask
		if f, err := k.fdget(t, fd); err == 0 { // select_poll_one
			mask = k.vfsPoll(f, pt)
		}
		names := ""
		add := func(ok bool, name string) {
			if !ok {
				return
			}
			retval++
			pt.qproc = qprocNone
			if names != "" {
				names += "|"
			}
			names += name
		}
		add(mask&pollinSet != 0 && in[fd], "read")
		add(mask&polloutSet != 0 && out[fd], "write")
		add(mask&pollexSet != 0 && ex[fd], "except")
		if names != "" {
			ready = append(ready, ReadyFD{FD: fd, Events: names})
		}
	}
	if retval == 0 && !pc.timedOut {
		return Result{}, nil, &wouldBlock{in: "poll_schedule_timeout"}
	}
	k.pollFreewait(t.pid)
	if ready == nil {
		ready = []ReadyFD{}
	}
	return Result{Ret: int64(retval)}, ready, nil
}

func fdSet(fds []int64) map[int64]bool {
	m := make(map[int64]bool, len(fds))
	for _, fd := range fds {
		m[fd] = true
	}
	return m
}

// mergeFds is the union of the sets, ascending.
func mergeFds(sets [3][]int64) []int64 {
	m := map[int64]bool{}
	for _, s := range sets {
		for _, fd := range s {
			m[fd] = true
		}
	}
	out := make([]int64, 0, len(m))
	for fd := range m {
		out = append(out, fd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// resumePoll re-runs a woken poll/select/epoll_wait: one more pass without
// registering (the entries stay hooked); a time-out ends it.
func (k *Kernel) resumePoll(t *task, p *pendingCall) (Result, *wouldBlock) {
	pc := k.polls().calls[t.pid]
	r, ready, wb := k.pollLoop(t, pc, false)
	if wb == nil {
		r.Ready, r.HasReady = ready, true
	}
	return r, wb
}

// hrtimerStart arms the call's time-out (schedule_hrtimeout_range) on the
// simulated clock: it fires during a sleep that reaches the deadline.
func (k *Kernel) hrtimerStart(pid int, pc *pollCall, ms int64) {
	st := k.inet()
	at := st.clockMS + ms
	if at < st.clockMS {
		at = 1<<63 - 1
	}
	st.timers = append(st.timers, inetTimer{at: at, kind: timerHrtimer, sk: pid})
	pc.timer = true
}

// hrtimerCancel models hrtimer_cancel() of the call's time-out.
func (k *Kernel) hrtimerCancel(pid int, pc *pollCall) {
	if !pc.timer {
		return
	}
	pc.timer = false
	st := k.inet()
	for i, tm := range st.timers {
		if tm.kind == timerHrtimer && tm.sk == pid {
			st.timers = removeTimer(st.timers, i)
			return
		}
	}
}

// hrtimerWakeup models hrtimer_wakeup(): the time-out of a sleeping
// poll/select/epoll_wait fired.
func (k *Kernel) hrtimerWakeup(pid int) {
	defer k.tr.enter("hrtimer_wakeup")()
	pc := k.polls().calls[pid]
	if pc == nil {
		return
	}
	pc.timer = false
	pc.timedOut = true
	k.tryToWakeUp(pid)
}
