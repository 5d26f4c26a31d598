package engine

// This file models the simulated clock and the AF_INET timers (kernel/time
// and the TCP timers of net/ipv4/tcp_timer.c, inet_timewait_sock.c). Time
// only passes in a `sleep(ms)` statement (a socklab addition): the clock
// advances and every timer due fires in order — SYN retransmission
// (tcp_retransmit_timer, doubling from TCP_TIMEOUT_INIT, ETIMEDOUT after
// tcp_syn_retries) and TIME_WAIT expiry (TCP_TIMEWAIT_LEN, 60 s).

// Timer kinds.
const (
	timerRetransmit = iota + 1 // icsk_retransmit_timer
	timerTimewait              // tw_timer
	timerHrtimer               // a poll/select/epoll_wait time-out (select.go); sk is the task's pid
	timerSchedule              // schedule_timeout's process_timeout: a sleeping call's time-out (sock_timeo.go)
)

// inetTimer is one armed timer: when it fires, of which kind, on which sock.
type inetTimer struct {
	at   int64
	kind int
	sk   int
	pid  int // timerSchedule: the sleeping task
	step int // timerSchedule: the statement its call blocked at
}

// inetResetTimer models inet_csk_reset_xmit_timer / inet_twsk_schedule:
// (re)arm sk's timer of this kind to fire after ms.
func (k *Kernel) inetResetTimer(sk *sock, kind int, ms int64) {
	k.inetCancelTimer(sk, kind)
	st := k.inet()
	st.timers = append(st.timers, inetTimer{at: st.clockMS + ms, kind: kind, sk: sk.n})
}

// inetCancelTimer models inet_csk_clear_xmit_timer / inet_twsk_deschedule.
func (k *Kernel) inetCancelTimer(sk *sock, kind int) {
	st := k.inet()
	for i, t := range st.timers {
		if t.sk == sk.n && t.kind == kind {
			st.timers = removeTimer(st.timers, i)
			return
		}
	}
}

// sysSleep runs `sleep(ms)`: advance the clock by ms, firing due timers in
// time order (ties in arming order). The sleeping process itself never
// blocks — the statement stands for time passing on the whole machine.
func sysSleep(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	defer k.tr.enter("hrtimer_nanosleep")()
	var ms int64
	if len(c.Args) > 0 && c.Args[0].Kind == ArgInt {
		ms = c.Args[0].Int
	}
	if ms < 0 {
		return errResult(EINVAL), nil
	}
	st := k.inet()
	end := st.clockMS + ms
	if end < st.clockMS {
		end = 1<<63 - 1
	}
	for {
		i := -1
		for j, tm := range st.timers {
			if tm.at <= end && (i < 0 || tm.at < st.timers[i].at) {
				i = j
			}
		}
		if i < 0 {
			break
		}
		tm := st.timers[i]
		st.timers = removeTimer(st.timers, i)
		st.clockMS = max(st.clockMS, tm.at)
		k.fireTimer(tm)
		k.runWoken() // calls completed at this instant (Completion.At)
	}
	st.clockMS = end
	return Result{}, nil
}

// fireTimer runs one expired timer.
func (k *Kernel) fireTimer(tm inetTimer) {
	if tm.kind == timerHrtimer {
		k.hrtimerWakeup(tm.sk)
		return
	}
	if tm.kind == timerSchedule {
		k.processTimeout(tm)
		return
	}
	sk := k.socks[tm.sk]
	if sk == nil || sk.family != afInet {
		return
	}
	in := inetSkOf(sk)
	switch tm.kind {
	case timerTimewait:
		if in.tw {
			defer k.tr.enter("tw_timer_handler")()
			k.inetTwskKill(sk)
		}
	case timerRetransmit:
		if sk.state != tcpSynSent {
			return
		}
		defer k.tr.enter("tcp_retransmit_timer")()
		if in.synRetries >= tcpSynRetries {
			defer k.tr.enter("tcp_write_err")()
			sk.err = ETIMEDOUT
			k.tcpPurgeWriteQueue(sk)
			dead := sk.dead
			k.tcpDone(sk)
			if !dead {
				k.skErrorReport(sk)
			}
			return
		}
		in.synRetries++
		k.inetResetTimer(sk, timerRetransmit, int64(tcpTimeoutInit)<<in.synRetries)
		k.lockSock(sk) // the retransmitted SYN's answer is processed after the timer
		k.tcpTransmitSkb(sk, tcpSYN, in.isn, nil)
		k.releaseSock(sk)
	}
}

// removeTimer deletes timers[i] in place (each clone has its own list).
func removeTimer(timers []inetTimer, i int) []inetTimer {
	copy(timers[i:], timers[i+1:])
	return timers[:len(timers)-1]
}
