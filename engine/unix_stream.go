package engine

// This file models the connection-oriented paths of net/unix/af_unix.c:
// unix_stream_connect, unix_accept, unix_stream_sendmsg and
// unix_stream_read_generic. SOCK_SEQPACKET shares connect and accept.

// unixStreamConnect models unix_stream_connect(). The embryo sock (newsk)
// and the skb that will carry it to the listener are allocated first, as in
// Linux, and survive a sleep in unix_wait_for_peer in the pending call.
func (k *Kernel) unixStreamConnect(so *socket, p *pendingCall) (Errno, *wouldBlock) {
	defer k.tr.enter("unix_stream_connect")()
	sk := k.socks[so.sk]
	if p.newsk == 0 {
		if err := unixValidateAddr(p.addr); err != 0 {
			return err, nil
		}
		if err := k.unixPasscredAutobind(sk); err != 0 {
			return err, nil
		}
		newsk := k.unixCreate1(nil, sk.typ)
		p.newsk = newsk.n
		p.msg.skb = k.sockWmalloc(newsk)
	}
	other, err := k.unixFindOther(p.addr, sk.typ)
	if err != 0 {
		return k.unixStreamConnectFail(p, err), nil
	}
	if other.state != tcpListen || other.shutdown&rcvShutdown != 0 {
		return k.unixStreamConnectFail(p, ECONNREFUSED), nil
	}
	if unixRecvqFull(other) {
		if p.nonblock {
			return k.unixStreamConnectFail(p, EAGAIN), nil
		}
		defer k.tr.enter("unix_wait_for_peer")()
		return 0, &wouldBlock{wq: other.peerWait, in: "unix_wait_for_peer", exclusive: true}
	}
	switch sk.state {
	case tcpClose:
	case tcpEstablished:
		return k.unixStreamConnectFail(p, EISCONN), nil
	default:
		return k.unixStreamConnectFail(p, EINVAL), nil
	}
	k.unixStreamConnectEstablish(so, sk, other, p)
	return 0, nil
}

// unixStreamConnectEstablish is the tail of unix_stream_connect ("the way is
// open"): peer the embryo with us, give it the listener's address, and queue
// the skb that carries it on the listener's sk_receive_queue (its accept queue).
func (k *Kernel) unixStreamConnectEstablish(so *socket, sk, other *sock, p *pendingCall) {
	newsk := k.socks[p.newsk]
	k.sockHold(sk)
	newsk.peer = sk.n
	newsk.state = tcpEstablished
	newsk.typ = sk.typ
	newsk.listener = other.n
	newsk.peerWq = k.newWaitQueue("peer_wq", newsk.id)
	newsk.wq = newsk.peerWq
	newsk.addr = other.addr
	if other.pathInode != 0 {
		newsk.pathInode = other.pathInode
		k.pathGet(other.pathInode)
	}
	so.state = ssConnected
	sk.state = tcpEstablished
	k.sockHold(newsk)
	sk.peer = newsk.n
	k.tr.touch(so.id, Changed)
	k.tr.touch(sk.id, Changed)
	k.tr.touch(newsk.id, Changed)
	s := p.msg.skb
	s.embryo = true
	p.msg.skb, p.newsk = nil, 0
	k.skbQueueTail(other, s)
	k.skDataReady(other)
}

// unixStreamConnectFail is unix_stream_connect's out: path: free the skb and
// release the embryo.
func (k *Kernel) unixStreamConnectFail(p *pendingCall, err Errno) Errno {
	if p.msg.skb != nil {
		k.kfreeSkb(p.msg.skb, "kfree_skb")
		p.msg.skb = nil
	}
	if newsk := k.socks[p.newsk]; newsk != nil {
		k.unixReleaseSock(newsk, false)
	}
	p.newsk = 0
	return err
}

// sockWmalloc models sock_wmalloc(newsk, 1): the 1-byte skb that carries an
// embryo, charged to the embryo.
func (k *Kernel) sockWmalloc(sk *sock) *skbuff {
	defer k.tr.enter("sock_wmalloc")()
	s := k.allocSkb(nil, headTruesize(1))
	k.skbSetOwnerW(s, sk)
	return s
}

// unixAccept models unix_accept(): take an embryo off the listener's queue
// and graft it onto the new socket.
func (k *Kernel) unixAccept(so, newso *socket, nonblock bool) (Errno, *wouldBlock) {
	defer k.tr.enter("unix_accept")()
	sk := k.socks[so.sk]
	if sk.state != tcpListen {
		return EINVAL, nil
	}
	s, err, wb := k.skbRecvDatagram(sk, nonblock, false)
	if wb != nil {
		return 0, wb
	}
	if s == nil {
		if err == 0 {
			err = EINVAL // receive shutdown
		}
		return err, nil
	}
	tsk := k.socks[s.sk]
	k.kfreeSkb(s, "skb_free_datagram")
	k.wakeUpInterruptible(sk.peerWait)
	newso.state = ssConnected
	if tsk.peerWq != 0 {
		k.freeWaitQueue(tsk.peerWq)
		tsk.peerWq = 0
	}
	k.sockGraft(tsk, newso)
	return 0, nil
}

// unixStreamSendmsg models unix_stream_sendmsg(): split the buffer into skbs
// of at most sk_sndbuf/2-64 bytes (and SKB_MAX_HEAD(0)+UNIX_SKB_FRAGS_SZ),
// each charged to our send buffer, queued on the peer. A full send buffer
// blocks or, nonblocking, returns what was sent so far (EAGAIN if nothing).
// With MSG_OOB the last byte travels alone as the out-of-band byte.
func (k *Kernel) unixStreamSendmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_stream_sendmsg")()
	sk := k.socks[so.sk]
	oob := m.flags&msgOOB != 0
	if !m.resumed {
		if oob && m.size == 0 {
			return -1, EOPNOTSUPP, nil
		}
		if m.name != nil {
			if sk.state == tcpEstablished {
				return -1, EISCONN, nil
			}
			return -1, EOPNOTSUPP, nil
		}
		if sk.peer == 0 {
			return -1, ENOTCONN, nil
		}
		if sk.shutdown&sendShutdown != 0 {
			return k.unixStreamPipe(m)
		}
	}
	other := k.socks[sk.peer]
	nonblock := m.flags&msgDontwait != 0
	inband := m.size
	if oob {
		inband-- // the last byte goes out of band
	}
	for m.sent < inband {
		size, truesize := unixStreamSkbSize(inband-m.sent, sk.sndbuf)
		s, err, wb := k.sockAllocSendPskb(sk, truesize, nonblock)
		if wb != nil {
			return 0, 0, wb
		}
		if err != 0 {
			return sentOr(m.sent, err)
		}
		s.data = m.buf.Slice(m.sent, int64(size))
		k.unixAttachFds(m, s) // only the first skb carries the fds
		if other == nil || other.dead || other.shutdown&rcvShutdown != 0 {
			k.kfreeSkb(s, "kfree_skb")
			return k.unixStreamPipe(m)
		}
		k.skbQueueTail(other, s)
		k.acct.written += int64(size)
		k.skDataReady(other)
		m.sent += int64(size)
	}
	if oob {
		err, wb := k.queueOOB(sk, other, m, nonblock)
		if wb != nil {
			return 0, 0, wb
		}
		if err != 0 {
			return sentOr(m.sent, err)
		}
		m.sent++
	}
	return m.sent, 0, nil
}

// queueOOB models queue_oob(): the out-of-band byte in its own skb, which
// becomes the receiver's u->oob_skb (replacing an unread one, whose byte
// then reads as ordinary data).
func (k *Kernel) queueOOB(sk, other *sock, m *msghdr, nonblock bool) (Errno, *wouldBlock) {
	defer k.tr.enter("queue_oob")()
	s, err, wb := k.sockAllocSendPskb(sk, headTruesize(1), nonblock)
	if wb != nil || err != 0 {
		return err, wb
	}
	s.data = m.buf.Slice(m.size-1, 1)
	k.unixAttachFds(m, s)
	if other == nil || other.dead || other.shutdown&rcvShutdown != 0 {
		k.kfreeSkb(s, "kfree_skb")
		return EPIPE, nil
	}
	other.oobSkb = s.n
	k.skbQueueTail(other, s)
	k.acct.written++
	k.skDataReady(other)
	return 0, nil
}

// unixStreamPipe is unix_stream_sendmsg's pipe_err: EPIPE (SIGPIPE is
// treated as ignored) unless some bytes were already sent.
func (k *Kernel) unixStreamPipe(m *msghdr) (int64, Errno, *wouldBlock) {
	return sentOr(m.sent, EPIPE)
}

func sentOr(sent int64, err Errno) (int64, Errno, *wouldBlock) {
	if sent > 0 {
		return sent, 0, nil
	}
	return -1, err, nil
}

// maxWaitallBytes bounds what one MSG_WAITALL read may accumulate while it
// sleeps (a terabyte read would otherwise grow without bound): past it the
// read completes with what it has.
const maxWaitallBytes = 64 << 20

// unixStreamRecvmsg models unix_stream_recvmsg → unix_stream_read_generic():
// copy from consecutive skbs; an empty queue ends the read once the target
// (1 byte, or all with MSG_WAITALL) is met, else reports a pending error
// (ECONNRESET once), EOF after a receive shutdown, EAGAIN, or sleeps in
// unix_stream_data_wait.
func (k *Kernel) unixStreamRecvmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_stream_recvmsg")()
	defer k.tr.enter("unix_stream_read_generic")()
	sk := k.socks[so.sk]
	if !m.resumed {
		if sk.state != tcpEstablished {
			return -1, EINVAL, nil
		}
		if m.flags&msgOOB != 0 {
			return k.unixStreamRecvUrg(sk, m)
		}
	}
	target := sockRcvlowat(sk, false, m.size) // SO_RCVLOWAT (sock_opts.go)
	if m.flags&msgWaitall != 0 && m.size > 0 {
		target = min(m.size, maxWaitallBytes)
	}
	peek := m.flags&msgPeek != 0
	copied := int64(len(m.data))
	size := m.size - copied
	var err Errno
	idx := 0 // MSG_PEEK walks the queue without unlinking
	for {
		if sk.dead {
			err = ECONNRESET
			break
		}
		var s *skbuff
		if idx < len(sk.receiveQueue) {
			s = sk.receiveQueue[idx]
		}
		if s != nil {
			if s, idx = k.manageOOB(sk, s, idx, peek, copied); s == nil && copied > 0 {
				break
			}
		}
		if s == nil {
			if copied >= target {
				break
			}
			if err = k.sockError(sk); err != 0 {
				break
			}
			if sk.shutdown&rcvShutdown != 0 {
				break
			}
			if m.flags&msgDontwait != 0 {
				err = EAGAIN
				break
			}
			defer k.tr.enter("unix_stream_data_wait")()
			return 0, 0, &wouldBlock{wq: sk.wq, in: "unix_stream_data_wait"}
		}
		if copied == 0 {
			if from := k.socks[s.sk]; from != nil {
				m.addr = from.addr.String()
			}
		}
		chunk := min(int64(s.unixSkbLen()), size)
		m.data = appendDoubling(m.data, s.data[s.consumed:s.consumed+int(chunk)])
		copied += chunk
		size -= chunk
		if !peek {
			s.consumed += int(chunk)
			k.acct.read += chunk
			k.tr.touch(s.id, Changed)
			k.unixDetachFds(m, s)
			if s.unixSkbLen() > 0 {
				break
			}
			k.skbUnlinkAt(sk, idx)
			k.kfreeSkb(s, "consume_skb")
			if len(m.scm) > 0 {
				break // the fds end the read (unix_stream_read_generic)
			}
		} else {
			if len(s.fp) > 0 {
				k.unixPeekFds(m, s)
				break
			}
			idx++
			if idx >= len(sk.receiveQueue) {
				break
			}
			// unix_stream_read_generic's peek goes on to the next skb
			// ("goto again") even when size is 0: it copies a chunk of 0
			// bytes from each and stops at the first skb that carries fds,
			// whose fds come with the bytes peeked before them (measured on
			// 6.18; testdata/random/unix_peek_next_fds).
			continue
		}
		if size <= 0 {
			break
		}
	}
	if copied > 0 {
		return copied, 0, nil
	}
	if err != 0 {
		return -1, err, nil
	}
	return 0, 0, nil
}

// unixStreamRecvUrg models unix_stream_recv_urg(): recv(MSG_OOB) reads the
// out-of-band byte (EINVAL if there is none); its empty skb stays queued.
func (k *Kernel) unixStreamRecvUrg(sk *sock, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_stream_recv_urg")()
	s, _ := k.findSkb(sk, sk.oobSkb)
	if s == nil || sk.opts.urginline {
		return -1, EINVAL, nil // "if (sock_flag(sk, SOCK_URGINLINE) || !u->oob_skb)"
	}
	peek := m.flags&msgPeek != 0
	m.outFlags |= msgOOB
	if !peek {
		sk.oobSkb = 0
	}
	if m.size > 0 {
		m.data = append(m.data[:0], s.data[s.consumed])
	}
	if !peek {
		s.consumed++
		k.tr.touch(s.id, Changed)
		k.tr.touch(sk.id, Changed)
		if m.size > 0 {
			k.acct.read++
		} else {
			k.acct.dropped++
		}
	}
	if m.size == 0 {
		return -1, EFAULT, nil // the 1-byte copy does not fit
	}
	return 1, 0, nil
}

// manageOOB models manage_oob(): before an ordinary read takes skb s (at
// index idx), skip the empty skbs that out-of-band bytes leave behind, stop
// in front of the pending out-of-band byte if something was copied, or else
// drop it (it is not inline). Returns the skb to read next, or nil.
func (k *Kernel) manageOOB(sk *sock, s *skbuff, idx int, peek bool, copied int64) (*skbuff, int) {
	if s.unixSkbLen() > 0 && s.n != sk.oobSkb {
		return s, idx
	}
	defer k.tr.enter("manage_oob")()
	at := func(i int) *skbuff {
		if i < len(sk.receiveQueue) {
			return sk.receiveQueue[i]
		}
		return nil
	}
	var read, unread *skbuff
	defer func() {
		if read != nil {
			k.kfreeSkb(read, "consume_skb")
		}
		if unread != nil {
			k.acct.dropped += int64(unread.unixSkbLen())
			k.kfreeSkb(unread, "kfree_skb")
		}
	}()
	if s.unixSkbLen() == 0 {
		switch {
		case copied > 0 && (sk.oobSkb == 0 || s.n == sk.oobSkb):
			return nil, idx
		case peek:
			idx++
		default:
			read = k.skbUnlinkAt(sk, idx)
		}
		if s = at(idx); s == nil {
			return nil, idx
		}
	}
	if s.n != sk.oobSkb {
		return s, idx
	}
	// Linux 6.18: the read stops at the out-of-band skb even with
	// SO_OOBINLINE; a read that starts there takes its byte inline
	// (measured: testdata/random/unix_oob_inline_later).
	switch {
	case copied > 0:
		return nil, idx
	case !peek:
		sk.oobSkb = 0
		if sk.opts.urginline {
			return s, idx
		}
		unread = k.skbUnlinkAt(sk, idx)
		// The skipped byte stays in u->inq_len, which FIONREAD reports
		// (measured on 6.18: it counts one byte too many from now on).
		sk.oobSkipped += int64(unread.unixSkbLen())
		idx = 0
	case sk.opts.urginline:
		return s, idx
	default:
		idx++
	}
	return at(idx), idx
}

// findSkb returns the skb numbered n on sk's receive queue and its index.
func (k *Kernel) findSkb(sk *sock, n int) (*skbuff, int) {
	if n == 0 {
		return nil, -1
	}
	for i, s := range sk.receiveQueue {
		if s.n == n {
			return s, i
		}
	}
	return nil, -1
}

// appendDoubling appends like append but doubles the capacity when it must
// grow, so a MSG_WAITALL read of megabytes copies its bytes O(1) times.
func appendDoubling(dst, src []byte) []byte {
	if n := len(dst) + len(src); n > cap(dst) {
		grown := make([]byte, len(dst), max(n, 2*cap(dst)))
		copy(grown, dst)
		dst = grown
	}
	return append(dst, src...)
}
