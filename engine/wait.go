package engine

// pollMask is the key a wake-up passes to the waiters' wake functions
// (include/uapi/linux/eventpoll.h).
type pollMask uint16

const (
	epollIn  pollMask = 0x001
	epollErr pollMask = 0x008
	epollOut pollMask = 0x004
	epollHup pollMask = 0x010
	// pollAll is a wake-up without a key (wake_up_interruptible_all,
	// sk_state_change): every wake function accepts it.
	pollAll pollMask = 0xffff
)

// waitQueue is a wait_queue_head_t (include/linux/wait.h): who sleeps on it,
// in list order.
type waitQueue struct {
	n       int
	id      string
	name    string // "sk_wq", "peer_wait", "peer_wq"
	owner   string // the socket or sock it belongs to
	waiters []waiter
}

// waiter is a wait_queue_entry: a sleeping task, whether it waits
// exclusively (WQ_FLAG_EXCLUSIVE), and the poll events its wake function
// accepts (receiver_wake_function takes only EPOLLIN|EPOLLERR; 0 = any).
type waiter struct {
	pid       int
	exclusive bool
	mask      pollMask
}

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
// the tail (__add_wait_queue_entry_tail).
func (q *waitQueue) add(w waiter) {
	if w.exclusive {
		q.waiters = append(q.waiters, w)
		return
	}
	q.waiters = append(q.waiters, waiter{})
	copy(q.waiters[1:], q.waiters)
	q.waiters[0] = w
}

// wakeUp models __wake_up_common: walk the list, wake every entry whose wake
// function accepts key, remove it (autoremove_wake_function), and stop after
// nrExclusive exclusive entries were woken (0 = wake them all).
func (k *Kernel) wakeUp(wq int, key pollMask, nrExclusive int) {
	q := k.wqs[wq]
	if q == nil || len(q.waiters) == 0 {
		return
	}
	defer k.tr.enter("__wake_up_common")()
	k.tr.touch(q.id, Changed)
	kept := q.waiters[:0]
	done := false
	for _, w := range q.waiters {
		if done || (w.mask != 0 && key != pollAll && w.mask&key == 0) {
			kept = append(kept, w)
			continue
		}
		k.tryToWakeUp(w.pid)
		if w.exclusive && nrExclusive > 0 {
			nrExclusive--
			if nrExclusive == 0 {
				done = true
			}
		}
	}
	for i := len(kept); i < len(q.waiters); i++ {
		q.waiters[i] = waiter{}
	}
	q.waiters = kept
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
