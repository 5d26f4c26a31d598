package engine

// pollMask is an __poll_t: the events a file's ->poll reports and the key a
// wake-up passes to the waiters' wake functions
// (include/uapi/linux/eventpoll.h; poll.h's POLL* have the same values on
// x86, so mangle_poll/demangle_poll are the identity).
type pollMask uint32

const (
	epollIn     pollMask = 0x001
	epollPri    pollMask = 0x002
	epollOut    pollMask = 0x004
	epollErr    pollMask = 0x008
	epollHup    pollMask = 0x010
	epollNval   pollMask = 0x020
	epollRdnorm pollMask = 0x040
	epollRdband pollMask = 0x080
	epollWrnorm pollMask = 0x100
	epollWrband pollMask = 0x200
	epollMsg    pollMask = 0x400
	epollRdhup  pollMask = 0x2000
	// pollAll is a wake-up without a key (wake_up_interruptible_all,
	// sk_state_change): every wake function accepts it.
	pollAll pollMask = 0xffff

	// The keys of the usual wake-ups: sock_def_readable, the write-space
	// callbacks (unix_write_space, sk_stream_write_space,
	// sock_def_write_space) and pipe_read/pipe_write.
	pollInKey  = epollIn | epollPri | epollRdnorm | epollRdband
	pollOutKey = epollOut | epollWrnorm | epollWrband
)

// keyToPoll models key_to_poll(): a wake-up without a key is 0.
func keyToPoll(key pollMask) pollMask {
	if key == pollAll {
		return 0
	}
	return key
}

// waitQueue is a wait_queue_head_t (include/linux/wait.h): who sleeps on it,
// in list order.
type waitQueue struct {
	n       int
	id      string
	name    string // "sk_wq", "peer_wait", "peer_wq"
	owner   string // the socket or sock it belongs to
	waiters []waiter
}

// waiter is a wait_queue_entry: its wake function (fn), whether it waits
// exclusively (WQ_FLAG_EXCLUSIVE), and its key. For a sleeping task
// (autoremove_wake_function) mask is the poll events its wake function
// accepts (receiver_wake_function takes only EPOLLIN|EPOLLERR; 0 = any); for
// a poll/select entry (pollwake) it is the events polled for; an epoll
// entry (ep_poll_callback) names its epitem in ref; a peer-wake relay
// (unix_dgram_peer_wake_relay) names the wait queue it relays to in ref.
type waiter struct {
	pid       int
	exclusive bool
	mask      pollMask
	fn        wakeFn
	ref       int
}

// wakeFn says which wake function a wait_queue_entry has.
type wakeFn uint8

const (
	wakeAutoremove wakeFn = iota // autoremove_wake_function: a task in a blocking call
	wakePoll                     // pollwake (fs/select.c): a task in poll/select
	wakeEpoll                    // ep_poll_callback (fs/eventpoll.c): an epitem
	wakeEpWait                   // ep_autoremove_wake_function: a task in epoll_wait
	wakeRelay                    // unix_dgram_peer_wake_relay (net/unix/af_unix.c)
)

// newWaitQueue models init_waitqueue_head.
func (k *Kernel) newWaitQueue(name, owner string) int {
	k.ids.wq++
	n := k.ids.wq
	k.wqs[n] = &waitQueue{n: n, id: objID("wq", n), name: name, owner: owner}
	k.tr.touch(k.wqs[n].id, Created)
	return n
}

// freeWaitQueue drops a wait queue whose owner is freed. Linux wakes every
// sleeper before freeing, so nobody may still sleep on it.
func (k *Kernel) freeWaitQueue(n int) {
	if q := k.wqs[n]; q != nil {
		k.tr.touch(q.id, Freed)
	}
	delete(k.wqs, n)
}

// add models prepare_to_wait / prepare_to_wait_exclusive: a non-exclusive
// entry goes to the head of the list (__add_wait_queue), an exclusive one to
// the tail (__add_wait_queue_entry_tail), except epoll_wait's (see below).
func (q *waitQueue) add(w waiter) {
	// ep_poll's __add_wait_queue_exclusive puts its exclusive entry at the
	// head: epoll_wait sleepers are woken last-in, first-out.
	if w.exclusive && w.fn != wakeEpWait {
		q.waiters = append(q.waiters, w)
		return
	}
	q.waiters = append(q.waiters, waiter{})
	copy(q.waiters[1:], q.waiters)
	q.waiters[0] = w
}

// wakeUp models __wake_up_common: walk the list, call every entry's wake
// function with key, and stop after nrExclusive exclusive entries whose
// wake function returned non-zero (0 = wake them all). A task's entry is
// removed once it woke the task (autoremove_wake_function); poll and epoll
// entries stay until their owner removes them.
func (k *Kernel) wakeUp(wq int, key pollMask, nrExclusive int) {
	q := k.wqs[wq]
	if q == nil || len(q.waiters) == 0 {
		return
	}
	defer k.tr.enter("__wake_up_common")()
	k.tr.touch(q.id, Changed)
	// Wake functions may add or remove entries of this very queue (a woken
	// epoll_wait re-arms nothing here, but a relay removes itself): walk a
	// copy, and drop from the live list the entries that asked for it.
	walk := append([]waiter(nil), q.waiters...)
	var drop []waiter
	for _, w := range walk {
		ret, remove := k.wakeEntry(w, key)
		if remove {
			drop = append(drop, w)
		}
		if ret && w.exclusive && nrExclusive > 0 {
			nrExclusive--
			if nrExclusive == 0 {
				break
			}
		}
	}
	if q = k.wqs[wq]; q != nil {
		for _, w := range drop {
			q.remove(w)
		}
	}
}

// wakeEntry calls one entry's wake function: whether it counts as a woken
// exclusive waiter, and whether the entry leaves the queue.
func (k *Kernel) wakeEntry(w waiter, key pollMask) (ret, remove bool) {
	switch w.fn {
	case wakePoll:
		return k.pollwake(w, key), false
	case wakeEpoll:
		return k.epPollCallback(w.ref, key), false
	case wakeEpWait:
		if k.tasks[w.pid] == nil || k.tasks[w.pid].sleep == nil || k.tasks[w.pid].sleep.woken {
			return false, false
		}
		k.tryToWakeUp(w.pid)
		return true, true
	case wakeRelay:
		return k.unixDgramPeerWakeRelay(w, key), true
	}
	if w.mask != 0 && key != pollAll && w.mask&key == 0 {
		return false, false
	}
	k.tryToWakeUp(w.pid)
	return true, true
}

// remove models __remove_wait_queue / list_del_init for entry w (the first
// equal entry).
func (q *waitQueue) remove(w waiter) bool {
	for i, e := range q.waiters {
		if e == w {
			copy(q.waiters[i:], q.waiters[i+1:])
			q.waiters[len(q.waiters)-1] = waiter{}
			q.waiters = q.waiters[:len(q.waiters)-1]
			return true
		}
	}
	return false
}

// wakeUpInterruptible models wake_up_interruptible(): one exclusive waiter.
func (k *Kernel) wakeUpInterruptible(wq int) { k.wakeUp(wq, pollAll, 1) }

// wakeUpInterruptibleAll models wake_up_interruptible_all().
func (k *Kernel) wakeUpInterruptibleAll(wq int) { k.wakeUp(wq, pollAll, 0) }

// wakeUpInterruptiblePoll models wake_up_interruptible_sync_poll(wq, key).
func (k *Kernel) wakeUpInterruptiblePoll(wq int, key pollMask) { k.wakeUp(wq, key, 1) }

// hasSleeper models wq_has_sleeper().
func (k *Kernel) hasSleeper(wq int) bool {
	q := k.wqs[wq]
	return q != nil && len(q.waiters) > 0
}
