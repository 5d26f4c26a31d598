package engine

// This file models fs/eventpoll.c: an [eventpoll] anonymous-inode file whose
// struct eventpoll keeps the interest list (the rbtree rbr of epitems keyed
// by (file, fd)) and the ready list rdllist; each epitem hooks
// ep_poll_callback on the watched file's wait queues (ep_ptable_queue_proc),
// and the callback queues the epitem on rdllist and wakes epoll_wait
// sleepers (ep->wq) and pollers of the epoll file itself (ep->poll_wait).

// epoll constants (include/uapi/linux/eventpoll.h).
const (
	epollCtlAdd     = 1
	epollCtlDel     = 2
	epollCtlMod     = 3
	epollCloexec    = oCLOEXEC
	epollExclusive  = 1 << 28
	epollWakeup     = 1 << 29
	epollOneshot    = 1 << 30
	epollET         = 1 << 31
	epPrivateBits   = epollWakeup | epollOneshot | epollET | epollExclusive // EP_PRIVATE_BITS
	epollinoutBits  = uint32(epollIn | epollOut)
	exclusiveOKBits = epollinoutBits | uint32(epollErr|epollHup) | epollWakeup | epollET | epollExclusive
	epMaxNests      = 4                      // EP_MAX_NESTS
	epMaxEvents     = (1<<31 - 1) / 12       // EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event)
	sbAnon          = "anon_inodefs"         // the anon_inode_inode's superblock
	sbPipefs        = "pipefs"               // pipe inodes
	anonInodeMode   = "S_IRUSR|S_IWUSR|0600" // anon_inode_mkinode
)

// eventpoll is a struct eventpoll.
type eventpoll struct {
	n, file  int
	id       string
	wq       int // ep->wq: tasks in epoll_wait
	pollWait int // ep->poll_wait: pollers of the epoll file (f_op->poll)
	rbr      map[epKey]int
	rdllist  []int // epitems, in ready-list order
}

// epKey is struct epoll_filefd: the watched file and the fd it was added by.
type epKey struct {
	file int
	fd   int64
}

// epitem is a struct epitem.
type epitem struct {
	n, ep   int
	id      string
	ffd     epKey
	events  uint32 // epi->event.events
	data    int64  // epi->event.data: the fd, as the spec says programs set it
	pwqlist []int  // the wait queues its eppoll_entries are on
	linked  bool   // ep_is_linked: on rdllist (or the scan's txlist)
}

func (ep *eventpoll) clone() *eventpoll {
	c := *ep
	c.rbr = make(map[epKey]int, len(ep.rbr))
	for key, n := range ep.rbr {
		c.rbr[key] = n
	}
	c.rdllist = append([]int(nil), ep.rdllist...)
	return &c
}

func (epi *epitem) clone() *epitem {
	c := *epi
	c.pwqlist = append([]int(nil), epi.pwqlist...)
	return &c
}

// sysEpollCreate1 models do_epoll_create(): EINVAL for flags other than
// EPOLL_CLOEXEC; the eventpoll, an fd, and the anon-inode file.
func (k *Kernel) sysEpollCreate1(t *task, flags int64) (int64, Errno) {
	defer k.tr.enter("do_epoll_create")()
	fl := int(int32(flags))
	if fl&^epollCloexec != 0 {
		return -1, EINVAL
	}
	fd, err := k.getUnusedFdFlags(t)
	if err != 0 {
		return -1, err
	}
	ep := k.epAlloc()
	f := k.anonInodeGetfile(ep, oRDWR) // f_flags keep O_ACCMODE only: O_CLOEXEC is the fd's
	k.fdInstall(t, fd, f.n, fl&oCLOEXEC != 0)
	return int64(fd), 0
}

// sysEpollCreate models epoll_create(size): size must be positive.
func (k *Kernel) sysEpollCreate(t *task, size int64) (int64, Errno) {
	if int32(size) <= 0 {
		return -1, EINVAL
	}
	return k.sysEpollCreate1(t, 0)
}

// epAlloc models ep_alloc().
func (k *Kernel) epAlloc() *eventpoll {
	defer k.tr.enter("ep_alloc")()
	st := k.polls()
	st.ids.ep++
	ep := &eventpoll{n: st.ids.ep, id: objID("eventpoll", st.ids.ep), rbr: map[epKey]int{}}
	ep.wq = k.newWaitQueue("wq", ep.id)
	ep.pollWait = k.newWaitQueue("poll_wait", ep.id)
	st.eps[ep.n] = ep
	k.tr.touch(ep.id, Created)
	return ep
}

// anonInodeGetfile models anon_inode_getfile("[eventpoll]", ...): every
// anonymous file shares the one anon_inode_inode.
func (k *Kernel) anonInodeGetfile(ep *eventpoll, flags int) *file {
	defer k.tr.enter("anon_inode_getfile")()
	st := k.polls()
	if st.anonInode == 0 || k.inodes[st.anonInode] == nil {
		in := k.newInode(sbAnon, anonInodeMode)
		in.path = "anon_inode:[eventpoll]"
		st.anonInode = in.n
	}
	f := k.newFile(flags, 0, st.anonInode, false)
	f.ep = ep.n
	ep.file = f.n
	return f
}

// isFileEpoll models is_file_epoll().
func isFileEpoll(f *file) bool { return f.ep != 0 }

// sysEpollCtl models do_epoll_ctl(), with its errors in Linux's order.
func (k *Kernel) sysEpollCtl(t *task, epfd int64, op int64, fd int64, events int64) Errno {
	defer k.tr.enter("do_epoll_ctl")()
	f, err := k.fdget(t, epfd)
	if err != 0 {
		return EBADF
	}
	tf, err := k.fdget(t, fd)
	if err != 0 {
		return EBADF
	}
	if !fileCanPoll(tf) {
		return EPERM
	}
	if f == tf || !isFileEpoll(f) {
		return EINVAL
	}
	o := int32(op)
	ev := uint32(events)
	hasEvent := o != epollCtlDel
	if hasEvent && ev&epollExclusive != 0 {
		if o == epollCtlMod {
			return EINVAL
		}
		if o == epollCtlAdd && (isFileEpoll(tf) || ev&^exclusiveOKBits != 0) {
			return EINVAL
		}
	}
	st := k.polls()
	ep := st.eps[f.ep]
	if o == epollCtlAdd && isFileEpoll(tf) && k.epLoopCheck(ep, st.eps[tf.ep]) {
		return ELOOP
	}
	key := epKey{tf.n, int64(int32(fd))}
	epi := st.epis[ep.rbr[key]]
	switch o {
	case epollCtlAdd:
		if epi != nil {
			return EEXIST
		}
		k.epInsert(ep, ev|uint32(epollErr|epollHup), tf, key.fd)
		return 0
	case epollCtlDel:
		if epi == nil {
			return ENOENT
		}
		k.epRemove(ep, epi)
		return 0
	case epollCtlMod:
		if epi == nil {
			return ENOENT
		}
		if epi.events&epollExclusive != 0 {
			return EINVAL
		}
		k.epModify(ep, epi, ev|uint32(epollErr|epollHup))
		return 0
	}
	return EINVAL
}

// epLoopCheck models ep_loop_check(): adding `to` into ep must not close a
// loop (reach ep again) nor nest epoll files deeper than EP_MAX_NESTS.
func (k *Kernel) epLoopCheck(ep, to *eventpoll) bool {
	depth := k.epLoopCheckProc(ep, to, 0)
	if depth > epMaxNests {
		return true
	}
	return depth+1+k.epUpwardsDepth(ep, 0) > epMaxNests
}

// epLoopCheckProc models ep_loop_check_proc(): how deep epoll files nest
// below ep (EP_MAX_NESTS+1 when `inserting` is reachable).
func (k *Kernel) epLoopCheckProc(inserting, ep *eventpoll, depth int) int {
	st := k.polls()
	result := 0
	for _, n := range ep.rbr {
		f := k.files[st.epis[n].ffd.file]
		if f == nil || !isFileEpoll(f) {
			continue
		}
		visit := st.eps[f.ep]
		if visit == inserting || depth > epMaxNests {
			result = epMaxNests + 1
		} else {
			result = max(result, k.epLoopCheckProc(inserting, visit, depth+1)+1)
		}
		if result > epMaxNests {
			break
		}
	}
	return result
}

// epUpwardsDepth models ep_get_upwards_depth_proc(): how many epoll files
// watch ep, transitively.
func (k *Kernel) epUpwardsDepth(ep *eventpoll, depth int) int {
	st := k.polls()
	result := 0
	if depth > epMaxNests {
		return result
	}
	for _, n := range st.fileEp[ep.file] {
		result = max(result, k.epUpwardsDepth(st.eps[st.epis[n].ep], depth+1)+1)
	}
	return result
}

// epInsert models ep_insert(): the epitem joins the file's f_ep list and
// the rbtree, hooks ep_poll_callback on the file's wait queues through the
// first ->poll, and goes on the ready list if that poll found events.
func (k *Kernel) epInsert(ep *eventpoll, events uint32, tf *file, fd int64) {
	defer k.tr.enter("ep_insert")()
	st := k.polls()
	st.ids.epi++
	epi := &epitem{n: st.ids.epi, id: objID("epitem", st.ids.epi), ep: ep.n, ffd: epKey{tf.n, fd}, events: events, data: fd}
	st.epis[epi.n] = epi
	k.tr.touch(epi.id, Created)
	st.fileEp[tf.n] = append([]int{epi.n}, st.fileEp[tf.n]...) // attach_epitem: hlist_add_head
	ep.rbr[epi.ffd] = epi.n                                    // ep_rbtree_insert
	k.tr.touch(ep.id, Changed)
	revents := k.epItemPoll(epi, &pollTable{qproc: qprocEpqueue, epi: epi.n}, 1)
	if revents != 0 && !epi.linked {
		k.epLink(ep, epi)
		k.epWakeWaiters(ep)
	}
}

// epModify models ep_modify(): new events, then a poll without hooking;
// a hot item not yet on the ready list goes there.
func (k *Kernel) epModify(ep *eventpoll, epi *epitem, events uint32) {
	defer k.tr.enter("ep_modify")()
	epi.events = events
	k.tr.touch(epi.id, Changed)
	if k.epItemPoll(epi, &pollTable{}, 1) != 0 && !epi.linked {
		k.epLink(ep, epi)
		k.epWakeWaiters(ep)
	}
}

// epWakeWaiters is the tail of ep_insert/ep_modify: wake an epoll_wait
// sleeper and pollers of the epoll file.
func (k *Kernel) epWakeWaiters(ep *eventpoll) {
	if k.hasSleeper(ep.wq) {
		k.wakeUp(ep.wq, pollAll, 1)
	}
	if k.hasSleeper(ep.pollWait) {
		k.epPollSafewake(ep)
	}
}

// epPollSafewake models ep_poll_safewake(): wake ep->poll_wait with EPOLLIN.
func (k *Kernel) epPollSafewake(ep *eventpoll) {
	defer k.tr.enter("ep_poll_safewake")()
	k.wakeUp(ep.pollWait, epollIn, 1)
}

// epLink is list_add_tail(&epi->rdllink, &ep->rdllist).
func (k *Kernel) epLink(ep *eventpoll, epi *epitem) {
	epi.linked = true
	ep.rdllist = append(ep.rdllist, epi.n)
	k.tr.touch(ep.id, Changed)
	k.tr.touch(epi.id, Changed)
}

// epUnlink is list_del_init(&epi->rdllink).
func (k *Kernel) epUnlink(ep *eventpoll, epi *epitem) {
	if !epi.linked {
		return
	}
	epi.linked = false
	for i, n := range ep.rdllist {
		if n == epi.n {
			ep.rdllist = append(ep.rdllist[:i], ep.rdllist[i+1:]...)
			break
		}
	}
	k.tr.touch(ep.id, Changed)
}

// epPtableQueueProc models ep_ptable_queue_proc(): an eppoll_entry with
// ep_poll_callback on the wait queue (at the tail, exclusively, for
// EPOLLEXCLUSIVE).
func (k *Kernel) epPtableQueueProc(wq int, pt *pollTable) {
	defer k.tr.enter("ep_ptable_queue_proc")()
	epi := k.polls().epis[pt.epi]
	epi.pwqlist = append(epi.pwqlist, wq)
	k.wqs[wq].add(waiter{fn: wakeEpoll, ref: epi.n, exclusive: epi.events&epollExclusive != 0, mask: pollMask(epi.events)})
	k.tr.touch(k.wqs[wq].id, Changed)
}

// epItemPoll models ep_item_poll(): the file's ->poll (for an epoll file,
// __ep_eventpoll_poll one level deeper) masked with the epitem's events.
func (k *Kernel) epItemPoll(epi *epitem, pt *pollTable, depth int) pollMask {
	f := k.files[epi.ffd.file]
	if f == nil {
		return 0
	}
	pt.key = pollMask(epi.events)
	var res pollMask
	if isFileEpoll(f) {
		res = k.epEventpollPoll(f, pt, depth)
	} else {
		res = k.vfsPoll(f, pt)
	}
	return res & pollMask(epi.events)
}

// epEventpollPoll models __ep_eventpoll_poll(): an epoll file is readable
// when an item of its ready list really has events; items that have none
// are dropped from the list.
func (k *Kernel) epEventpollPoll(f *file, pt *pollTable, depth int) pollMask {
	defer k.tr.enter("ep_eventpoll_poll")()
	st := k.polls()
	ep := st.eps[f.ep]
	k.pollWait(f, ep.pollWait, pt)
	if depth > epMaxNests {
		return 0
	}
	txlist := ep.rdllist
	ep.rdllist = nil
	var res pollMask
	i := 0
	for ; i < len(txlist); i++ {
		epi := st.epis[txlist[i]]
		if k.epItemPoll(epi, &pollTable{}, depth+1) != 0 {
			res = epollIn | epollRdnorm
			break
		}
		epi.linked = false
	}
	k.epDoneScan(ep, txlist[i:])
	return res
}

// epPollCallback models ep_poll_callback(): unless disabled (EPOLLONESHOT
// fired) or the key names none of the item's events, queue the epitem on
// the ready list and wake an epoll_wait sleeper and the epoll file's
// pollers. Its return value counts for exclusive wake-ups.
func (k *Kernel) epPollCallback(n int, key pollMask) bool {
	st := k.polls()
	epi := st.epis[n]
	if epi == nil {
		return false
	}
	ep := st.eps[epi.ep]
	pollflags := keyToPoll(key)
	exclusive := epi.events&epollExclusive != 0
	if epi.events&^epPrivateBits == 0 || (pollflags != 0 && pollflags&pollMask(epi.events) == 0) {
		return !exclusive
	}
	defer k.tr.enter("ep_poll_callback")()
	if !epi.linked {
		k.epLink(ep, epi)
	}
	ewake := false
	if k.hasSleeper(ep.wq) {
		if exclusive {
			switch uint32(pollflags) & epollinoutBits {
			case uint32(epollIn):
				ewake = epi.events&uint32(epollIn) != 0
			case uint32(epollOut):
				ewake = epi.events&uint32(epollOut) != 0
			case 0:
				ewake = true
			}
		}
		k.wakeUp(ep.wq, pollAll, 1)
	}
	if k.hasSleeper(ep.pollWait) {
		k.epPollSafewake(ep)
	}
	return ewake || !exclusive
}

// sysEpollWait models do_epoll_wait(): EINVAL for maxevents out of
// (0, EP_MAX_EVENTS], EBADF, EINVAL for a file that is not an epoll file;
// then ep_poll.
func (k *Kernel) sysEpollWait(t *task, epfd, maxevents, timeoutMS int64, name string) (Result, []ReadyFD, *pendingCall) {
	defer k.tr.enter("do_epoll_wait")()
	maxev := int64(int32(maxevents))
	if maxev <= 0 || maxev > epMaxEvents {
		return errResult(EINVAL), nil, nil
	}
	f, err := k.fdget(t, epfd)
	if err != 0 {
		return errResult(EBADF), nil, nil
	}
	if !isFileEpoll(f) {
		return errResult(EINVAL), nil, nil
	}
	pc := &pollCall{kind: opEpollWait, ep: f.ep, maxev: int(maxev)}
	return k.startPollCall(t, pc, int64(int32(timeoutMS)), name)
}

// epPoll models ep_poll()'s loop: deliver events if any are available, else
// return 0 after a time-out, else sleep exclusively on ep->wq.
func (k *Kernel) epPoll(t *task, pc *pollCall) (Result, []ReadyFD, *wouldBlock) {
	defer k.tr.enter("ep_poll")()
	ep := k.polls().eps[pc.ep]
	if ep == nil { // the epoll file went away while we slept
		k.pollFreewait(t.pid)
		return Result{}, []ReadyFD{}, nil
	}
	me := waiter{pid: t.pid, exclusive: true, fn: wakeEpWait}
	if q := k.wqs[ep.wq]; q != nil && q.remove(me) {
		k.tr.touch(q.id, Changed)
	}
	if len(ep.rdllist) > 0 {
		if res, ready := k.epSendEvents(ep, pc.maxev); res > 0 {
			k.pollFreewait(t.pid)
			return Result{Ret: int64(res)}, ready, nil
		}
	}
	if pc.timedOut {
		k.pollFreewait(t.pid)
		return Result{}, []ReadyFD{}, nil
	}
	return Result{}, nil, &wouldBlock{wq: ep.wq, in: "ep_poll", exclusive: true, fn: wakeEpWait}
}

// epSendEvents models ep_send_events(): take the ready list (ep_start_scan),
// report each item that still has events, up to maxevents; a
// level-triggered item goes back to the tail of the ready list, an
// EPOLLONESHOT one is disabled; items not reached go back to the head
// (ep_done_scan).
func (k *Kernel) epSendEvents(ep *eventpoll, maxevents int) (int, []ReadyFD) {
	defer k.tr.enter("ep_send_events")()
	st := k.polls()
	txlist := ep.rdllist
	ep.rdllist = nil
	ready := []ReadyFD{}
	res, i := 0, 0
	for ; i < len(txlist); i++ {
		if res >= maxevents {
			break
		}
		epi := st.epis[txlist[i]]
		epi.linked = false
		revents := k.epItemPoll(epi, &pollTable{}, 1)
		if revents == 0 {
			continue
		}
		ready = append(ready, ReadyFD{FD: epi.data, Events: PollNames(uint32(revents), true)})
		res++
		if epi.events&epollOneshot != 0 {
			epi.events &= epPrivateBits
			k.tr.touch(epi.id, Changed)
		} else if epi.events&epollET == 0 {
			epi.linked = true
			ep.rdllist = append(ep.rdllist, epi.n)
		}
	}
	k.epDoneScan(ep, txlist[i:])
	return res, ready
}

// epDoneScan models ep_done_scan(): the items not reached go back to the
// head of the ready list, and if it is not empty another epoll_wait
// sleeper is woken (a level-triggered item wakes the waiters one by one).
func (k *Kernel) epDoneScan(ep *eventpoll, rest []int) {
	ep.rdllist = append(append([]int(nil), rest...), ep.rdllist...)
	k.tr.touch(ep.id, Changed)
	if len(ep.rdllist) > 0 && k.hasSleeper(ep.wq) {
		k.wakeUp(ep.wq, pollAll, 1)
	}
}

// epRemove models __ep_remove(): unhook the eppoll_entries
// (ep_unregister_pollwait), leave the file's f_ep list, the rbtree and the
// ready list, and free the epitem.
func (k *Kernel) epRemove(ep *eventpoll, epi *epitem) {
	defer k.tr.enter("__ep_remove")()
	st := k.polls()
	for _, wq := range epi.pwqlist {
		if q := k.wqs[wq]; q != nil {
			for q.removeFn(wakeEpoll, epi.n) {
			}
			k.tr.touch(q.id, Changed)
		}
	}
	epi.pwqlist = nil
	list := st.fileEp[epi.ffd.file]
	for i, n := range list {
		if n == epi.n {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(st.fileEp, epi.ffd.file)
	} else {
		st.fileEp[epi.ffd.file] = list
	}
	delete(ep.rbr, epi.ffd)
	k.epUnlink(ep, epi)
	delete(st.epis, epi.n)
	k.tr.touch(epi.id, Freed)
	k.tr.touch(ep.id, Changed)
}

// removeFn removes one entry with wake function fn and ref.
func (q *waitQueue) removeFn(fn wakeFn, ref int) bool {
	for _, e := range q.waiters {
		if e.fn == fn && e.ref == ref {
			return q.remove(e)
		}
	}
	return false
}

// eventpollRelease models eventpoll_release() from __fput: a file that is
// going away leaves every epoll set that watches it.
func (k *Kernel) eventpollRelease(f *file) {
	st := k.polls()
	list := st.fileEp[f.n]
	if len(list) == 0 {
		return
	}
	defer k.tr.enter("eventpoll_release_file")()
	for _, n := range append([]int(nil), list...) {
		epi := st.epis[n]
		k.epRemove(st.eps[epi.ep], epi)
	}
}

// epEventpollRelease models ep_eventpoll_release() → ep_clear_and_put():
// wake the pollers of the epoll file, remove every epitem, free the
// eventpoll.
func (k *Kernel) epEventpollRelease(f *file) {
	defer k.tr.enter("ep_eventpoll_release")()
	st := k.polls()
	ep := st.eps[f.ep]
	if k.hasSleeper(ep.pollWait) {
		k.epPollSafewake(ep)
	}
	for _, n := range sortedEpis(ep) {
		k.epRemove(ep, st.epis[n])
	}
	if k.hasSleeper(ep.wq) { // a sleeper of another process sharing the file is gone with it
		k.wakeUp(ep.wq, pollAll, 0)
	}
	k.freeWaitQueue(ep.wq)
	k.freeWaitQueue(ep.pollWait)
	delete(st.eps, ep.n)
	k.tr.touch(ep.id, Freed)
	if in := k.inodes[f.inode]; in != nil && !k.anonInodeUsed(f.n) {
		delete(k.inodes, in.n)
		k.tr.touch(in.id, Freed)
		st.anonInode = 0
	}
}

// anonInodeUsed reports whether another file than skip still uses the anon
// inode (the snapshot shows it only while an epoll file exists).
func (k *Kernel) anonInodeUsed(skip int) bool {
	for n, f := range k.files {
		if n != skip && f.ep != 0 {
			return true
		}
	}
	return false
}
