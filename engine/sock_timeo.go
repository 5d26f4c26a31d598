package engine

// This file models how a blocking socket call honours SO_RCVTIMEO and
// SO_SNDTIMEO (include/net/sock.h sock_rcvtimeo/sock_sndtimeo): the call
// sleeps with schedule_timeout(timeo) (kernel/time/timer.c), whose timer
// (process_timeout) wakes the task when the time-out expires; the call then
// finds timeo == 0 and ends as a nonblocking call would — EAGAIN, or the
// bytes it has (tcp_recvmsg, unix_stream_read_generic, sk_stream_wait_memory,
// sock_alloc_send_pskb, unix_wait_for_peer, inet_csk_accept) — except a TCP
// connect, which returns EINPROGRESS and keeps connecting
// (__inet_stream_connect). The timer lives on the kernel's one timer list
// (timer.go), so a `sleep` that crosses the deadline completes the call.

// callTimeo is the time-out (jiffies) of pending call p's socket: receives
// and accepts wait SO_RCVTIMEO, sends and connects SO_SNDTIMEO.
func (k *Kernel) callTimeo(p *pendingCall) int64 {
	so := k.sockets[p.socket]
	if so == nil {
		return maxScheduleTimeout
	}
	sk := k.socks[so.sk]
	if sk == nil {
		return maxScheduleTimeout
	}
	switch p.op {
	case opRecv, opAccept:
		return sk.opts.rcvtimeo
	case opSend, opConnect:
		return sk.opts.sndtimeo
	}
	return maxScheduleTimeout
}

// armTaskTimer is schedule_timeout's timer for a call that just went to
// sleep: a finite time-out arms process_timeout at now + timeo; a zero
// time-out (a negative SO_RCVTIMEO) never sleeps (runTimedOut).
func (k *Kernel) armTaskTimer(t *task, p *pendingCall) {
	timeo := k.callTimeo(p)
	if timeo == maxScheduleTimeout || p.op == 0 {
		return
	}
	defer k.tr.enter("schedule_timeout")()
	st := k.inet()
	at := st.clockMS + timeo*msPerJiffy
	if timeo > (1<<62)/msPerJiffy {
		return // beyond any clock a timeline reaches
	}
	st.timers = append(st.timers, inetTimer{at: at, kind: timerSchedule, pid: t.pid, step: p.step})
}

// cancelTaskTimer is del_timer_sync at the end of schedule_timeout: the call
// completed before its time-out.
func (k *Kernel) cancelTaskTimer(pid int) {
	st := k.inet()
	for i, tm := range st.timers {
		if tm.kind == timerSchedule && tm.pid == pid {
			st.timers = removeTimer(st.timers, i)
			return
		}
	}
}

// taskTimeoutAt is when the time-out of pid's sleeping call expires (0: none).
func (k *Kernel) taskTimeoutAt(pid int) int64 {
	for _, tm := range k.inet().timers {
		if tm.kind == timerSchedule && tm.pid == pid {
			return tm.at
		}
	}
	return 0
}

// processTimeout models process_timeout(): the task's time-out expired.
func (k *Kernel) processTimeout(tm inetTimer) {
	t := k.tasks[tm.pid]
	if t == nil || t.sleep == nil || t.sleep.step != tm.step || t.sleep.woken {
		return
	}
	defer k.tr.enter("process_timeout")()
	k.timeoutCall(t, t.sleep)
}

// timeoutCall takes the sleeping task off its wait queue (finish_wait) and
// wakes it; its call now runs with timeo == 0, as a nonblocking call.
func (k *Kernel) timeoutCall(t *task, p *pendingCall) {
	if q := k.wqs[p.wq]; q != nil {
		kept := q.waiters[:0]
		for _, w := range q.waiters {
			if w.pid != t.pid {
				kept = append(kept, w)
			}
		}
		q.waiters = kept
		k.tr.touch(q.id, Changed)
	}
	markTimedOut(p)
	k.tryToWakeUp(t.pid)
}

// markTimedOut makes p run on with timeo == 0.
func markTimedOut(p *pendingCall) {
	p.timedOut = true
	p.nonblock = true
	p.msg.flags |= msgDontwait
	p.msg.resumed = true
}

// runTimedOut re-runs a call whose time-out is zero instead of parking it,
// as Linux's loop does when schedule_timeout returns at once.
func (k *Kernel) runTimedOut(t *task, p *pendingCall) Result {
	markTimedOut(p)
	r, wb := k.runOp(t, p)
	if wb != nil {
		return timedOutResult(p)
	}
	return r
}

// timedOutResult is what a call returns when it would sleep again after
// its time-out: only a TCP connect gets here (__inet_stream_connect:
// EINPROGRESS, the handshake goes on); anything else is EAGAIN.
func timedOutResult(p *pendingCall) Result {
	if p.op == opConnect {
		return errResult(EINPROGRESS)
	}
	return errResult(EAGAIN)
}

// completionAt is the time a call completes at (Completion.At).
func (k *Kernel) completionAt() int64 { return k.inet().clockMS }
