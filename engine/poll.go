package engine

// This file models each file type's ->poll (include/linux/poll.h's
// vfs_poll and poll_wait): sock_poll → unix_poll / unix_dgram_poll
// (net/unix/af_unix.c), tcp_poll (net/ipv4/tcp.c), udp_poll → datagram_poll
// (net/ipv4/udp.c, net/core/datagram.c); pipe_poll is in pipe.go and
// ep_eventpoll_poll in eventpoll.go. A ->poll returns the events that are
// true now and, given a poll_table with a queueing function, hooks its
// caller on the file's wait queues.

// qproc is a poll_table's _qproc: what poll_wait does with a wait queue.
type qproc uint8

const (
	qprocNone     qproc = iota // init_poll_funcptr(&pt, NULL): just look
	qprocPollwait              // __pollwait (fs/select.c): a poll_table_entry with pollwake
	qprocEpqueue               // ep_ptable_queue_proc (fs/eventpoll.c): an eppoll_entry
)

// pollTable is a poll_table: its queueing function and _key (the events
// the caller asked for; poll_requested_events), plus whom to hook.
type pollTable struct {
	qproc qproc
	key   pollMask
	pid   int // __pollwait: the polling task
	epi   int // ep_ptable_queue_proc: the epitem
}

// requested models poll_requested_events(): all events without a table.
func (pt *pollTable) requested() pollMask {
	if pt == nil {
		return ^pollMask(0)
	}
	return pt.key
}

// pollWait models poll_wait(): hand the wait queue to the table's queueing
// function, if any.
func (k *Kernel) pollWait(f *file, wq int, pt *pollTable) {
	if pt == nil || pt.qproc == qprocNone || k.wqs[wq] == nil {
		return
	}
	switch pt.qproc {
	case qprocPollwait:
		k.pollwaitQueue(f, wq, pt)
	case qprocEpqueue:
		k.epPtableQueueProc(wq, pt)
	}
}

// defaultPollmask is DEFAULT_POLLMASK: files without ->poll.
const defaultPollmask = epollIn | epollOut | epollRdnorm | epollWrnorm

// vfsPoll models vfs_poll(): the file's ->poll.
func (k *Kernel) vfsPoll(f *file, pt *pollTable) pollMask {
	switch {
	case f.tty:
		// tty_poll: a terminal nobody types on is writable, never readable.
		return epollOut | epollWrnorm
	case f.pipe != 0:
		return k.pipePoll(f, pt)
	case f.ep != 0:
		return k.epEventpollPoll(f, pt, 0)
	}
	return k.sockPoll(f, pt)
}

// fileCanPoll models file_can_poll(): every file socklab has can be polled.
func fileCanPoll(f *file) bool { return true }

// sockPoll models sock_poll(): the socket's proto_ops->poll.
func (k *Kernel) sockPoll(f *file, pt *pollTable) pollMask {
	defer k.tr.enter("sock_poll")()
	so := k.sockets[f.socket]
	sk := k.socks[so.sk]
	if sk == nil {
		return 0
	}
	switch {
	case sk.family == afUnix && sk.typ == sockStream:
		return k.unixPoll(f, so, sk, pt)
	case sk.family == afUnix:
		return k.unixDgramPoll(f, so, sk, pt) // unix_dgram_ops and unix_seqpacket_ops
	case sk.family == afInet && sk.protocol == ipprotoTCP:
		return k.tcpPoll(f, so, sk, pt)
	case sk.family == afInet:
		return k.udpPoll(f, so, sk, pt)
	}
	return 0
}

// unixWritable models unix_writable(): not listening, and at most a quarter
// of the send buffer in use (sk_wmem_alloc carries Linux's +1 bias).
func unixWritable(sk *sock) bool {
	return sk.state != tcpListen && (sk.wmemAlloc+1)<<2 <= sk.sndbuf
}

// unixPoll models unix_poll() (SOCK_STREAM).
func (k *Kernel) unixPoll(f *file, so *socket, sk *sock, pt *pollTable) pollMask {
	defer k.tr.enter("unix_poll")()
	k.pollWait(f, so.wq, pt) // sock_poll_wait
	var mask pollMask
	if sk.err != 0 {
		mask |= epollErr
	}
	if sk.shutdown == shutdownMask {
		mask |= epollHup
	}
	if sk.shutdown&rcvShutdown != 0 {
		mask |= epollRdhup | epollIn | epollRdnorm
	}
	if len(sk.receiveQueue) > 0 {
		mask |= epollIn | epollRdnorm
	}
	if sk.oobSkb != 0 {
		mask |= epollPri
	}
	if sk.state == tcpClose {
		mask |= epollHup // connection-based: not (or no longer) connected
	}
	if unixWritable(sk) {
		mask |= pollOutKey
	}
	return mask
}

// unixDgramPoll models unix_dgram_poll() (SOCK_DGRAM and SOCK_SEQPACKET).
func (k *Kernel) unixDgramPoll(f *file, so *socket, sk *sock, pt *pollTable) pollMask {
	defer k.tr.enter("unix_dgram_poll")()
	k.pollWait(f, so.wq, pt)
	var mask pollMask
	if sk.err != 0 {
		mask |= epollErr
	}
	if sk.shutdown&rcvShutdown != 0 {
		mask |= epollRdhup | epollIn | epollRdnorm
	}
	if sk.shutdown == shutdownMask {
		mask |= epollHup
	}
	if len(sk.receiveQueue) > 0 {
		mask |= epollIn | epollRdnorm
	}
	if sk.typ == sockSeqpacket && sk.state == tcpClose {
		mask |= epollHup
	}
	// No write status requested, avoid expensive OUT tests.
	if pt.requested()&pollOutKey == 0 {
		return mask
	}
	writable := unixWritable(sk)
	if other := k.socks[sk.peer]; writable && other != nil && other.peer != sk.n &&
		unixRecvqFull(other) && k.unixDgramPeerWakeMe(sk, other) {
		writable = false
	}
	if writable {
		mask |= pollOutKey
	}
	return mask
}

// unixDgramPeerWakeMe models unix_dgram_peer_wake_me(): hook sk's relay on
// other's peer_wait so that room in other's queue wakes sk's pollers.
func (k *Kernel) unixDgramPeerWakeMe(sk, other *sock) bool {
	connected := k.unixDgramPeerWakeConnect(sk, other)
	if unixRecvqFull(other) && !other.dead {
		return true
	}
	if connected {
		k.unixDgramPeerWakeDisconnect(sk, other)
	}
	return false
}

// unixDgramPeerWakeConnect models unix_dgram_peer_wake_connect(): u->peer_wake
// goes on other's peer_wait once.
func (k *Kernel) unixDgramPeerWakeConnect(sk, other *sock) bool {
	pt := k.polls()
	if o, ok := pt.peerWake[sk.n]; ok {
		if q := k.wqs[k.socks[o].peerWaitOrZero()]; q != nil && q.has(waiter{fn: wakeRelay, ref: sk.n}) {
			return false
		}
	}
	pt.peerWake[sk.n] = other.n
	k.wqs[other.peerWait].add(waiter{fn: wakeRelay, ref: sk.n})
	k.tr.touch(k.wqs[other.peerWait].id, Changed)
	return true
}

// unixDgramPeerWakeDisconnect models unix_dgram_peer_wake_disconnect().
func (k *Kernel) unixDgramPeerWakeDisconnect(sk, other *sock) {
	pt := k.polls()
	if pt.peerWake[sk.n] != other.n {
		return
	}
	delete(pt.peerWake, sk.n)
	if q := k.wqs[other.peerWait]; q != nil {
		q.remove(waiter{fn: wakeRelay, ref: sk.n})
	}
}

// unixDgramPeerWakeRelay models unix_dgram_peer_wake_relay(): unhook, and
// wake sk's own wait queue with the key.
func (k *Kernel) unixDgramPeerWakeRelay(w waiter, key pollMask) bool {
	defer k.tr.enter("unix_dgram_peer_wake_relay")()
	delete(k.polls().peerWake, w.ref)
	if sk := k.socks[w.ref]; sk != nil && sk.wq != 0 {
		k.wakeUp(sk.wq, key, 1) // wake_up_interruptible_poll
	}
	return false
}

func (sk *sock) peerWaitOrZero() int {
	if sk == nil {
		return 0
	}
	return sk.peerWait
}

// has reports whether an entry with w's function and ref is on q.
func (q *waitQueue) has(w waiter) bool {
	for _, e := range q.waiters {
		if e.fn == w.fn && e.ref == w.ref {
			return true
		}
	}
	return false
}

// tcpPoll models tcp_poll() (inet_csk_listen_poll for a listener).
func (k *Kernel) tcpPoll(f *file, so *socket, sk *sock, pt *pollTable) pollMask {
	defer k.tr.enter("tcp_poll")()
	k.pollWait(f, so.wq, pt)
	in := inetSkOf(sk)
	state := sk.state
	if state == tcpListen {
		if len(in.acceptQueue) > 0 {
			return epollIn | epollRdnorm
		}
		return 0
	}
	var mask pollMask
	if sk.shutdown == shutdownMask || state == tcpClose {
		mask |= epollHup
	}
	if sk.shutdown&rcvShutdown != 0 {
		mask |= epollIn | epollRdnorm | epollRdhup
	}
	if state != tcpSynSent && state != tcpSynRecv {
		// tcp_stream_is_readable: sock_rcvlowat bytes, one more while the
		// next byte to read is the urgent one and SO_OOBINLINE is off.
		target := sk.opts.rcvlowat
		if in.urgData != 0 && in.urgSeq == k.tcpCopiedSeq(sk) && !sk.opts.urginline {
			target++
		}
		if avail := skbQueueBytes(sk.receiveQueue); avail > 0 && avail >= target {
			mask |= epollIn | epollRdnorm
		}
		if sk.shutdown&sendShutdown == 0 {
			// __sk_stream_is_writeable(sk, 1): sk_stream_wspace >= sk_stream_min_wspace
			// and sk_wmem_queued < sk_sndbuf (notsent_lowat is UINT_MAX).
			if sk.sndbuf-in.wmemQueued >= in.wmemQueued>>1 && in.wmemQueued < sk.sndbuf {
				mask |= epollOut | epollWrnorm
			} else {
				in.nospace = true // set_bit(SOCK_NOSPACE): ACKs that free room wake the poller (tcp_check_space)
			}
		} else {
			mask |= epollOut | epollWrnorm
		}
		if in.urgData&tcpUrgValid != 0 {
			mask |= epollPri
		}
	}
	if sk.err != 0 {
		mask |= epollErr
	}
	return mask
}

// skbQueueBytes is the unread payload of a receive queue.
func skbQueueBytes(q []*skbuff) int {
	n := 0
	for _, s := range q {
		n += s.unixSkbLen()
	}
	return n
}

// udpPoll models udp_poll() → datagram_poll(): UDP is not connection-based,
// and is writable while sk_wmem_alloc < sk_sndbuf/2 (sock_writeable).
func (k *Kernel) udpPoll(f *file, so *socket, sk *sock, pt *pollTable) pollMask {
	defer k.tr.enter("udp_poll")()
	defer k.tr.enter("datagram_poll")()
	k.pollWait(f, so.wq, pt)
	var mask pollMask
	if sk.err != 0 {
		mask |= epollErr
	}
	if sk.shutdown&rcvShutdown != 0 {
		mask |= epollRdhup | epollIn | epollRdnorm
	}
	if sk.shutdown == shutdownMask {
		mask |= epollHup
	}
	if len(sk.receiveQueue) > 0 {
		mask |= epollIn | epollRdnorm
	}
	if sk.wmemAlloc+1 < sk.sndbuf>>1 {
		mask |= pollOutKey
	}
	return mask
}

// Names of the poll bits in the order the spec prints them.
var pollNames = []struct {
	bit        pollMask
	poll, epol string
}{
	{epollIn, "POLLIN", "EPOLLIN"}, {epollPri, "POLLPRI", "EPOLLPRI"}, {epollOut, "POLLOUT", "EPOLLOUT"},
	{epollErr, "POLLERR", "EPOLLERR"}, {epollHup, "POLLHUP", "EPOLLHUP"}, {epollNval, "POLLNVAL", ""},
	{epollRdnorm, "POLLRDNORM", "EPOLLRDNORM"}, {epollRdband, "POLLRDBAND", "EPOLLRDBAND"},
	{epollWrnorm, "POLLWRNORM", "EPOLLWRNORM"}, {epollWrband, "POLLWRBAND", "EPOLLWRBAND"},
	{epollMsg, "POLLMSG", "EPOLLMSG"}, {epollRdhup, "POLLRDHUP", "EPOLLRDHUP"},
}

// PollNames formats revents as the spec's `|`-joined POLL* names
// (epoll: EPOLL* names).
func PollNames(m uint32, epoll bool) string {
	out := ""
	for _, n := range pollNames {
		name := n.poll
		if epoll {
			name = n.epol
		}
		if pollMask(m)&n.bit != 0 && name != "" {
			if out != "" {
				out += "|"
			}
			out += name
		}
	}
	return out
}
