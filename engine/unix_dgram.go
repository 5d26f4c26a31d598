package engine

// This file models the datagram paths of net/unix/af_unix.c:
// unix_dgram_connect, unix_dgram_sendmsg, unix_dgram_recvmsg, and the
// SOCK_SEQPACKET wrappers around them.

// unixMaySend models unix_may_send(): other must be unconnected or connected to us.
func unixMaySend(sk, other *sock) bool { return other.peer == 0 || other.peer == sk.n }

// unixDgramConnect models unix_dgram_connect(): set (or replace) the default
// destination; both ends become TCP_ESTABLISHED. The previous peer is
// disconnected (our queue of its datagrams is dropped).
func (k *Kernel) unixDgramConnect(so *socket, sa *sockaddr) Errno {
	defer k.tr.enter("unix_dgram_connect")()
	sk := k.socks[so.sk]
	if sa.len < sunPathOffset {
		return EINVAL
	}
	var other *sock
	if sa.family != afUnspec {
		if err := unixValidateAddr(sa); err != 0 {
			return err
		}
		if err := k.unixPasscredAutobind(sk); err != 0 {
			return err
		}
		o, err := k.unixFindOther(sa, so.typ)
		if err != 0 {
			return err
		}
		if !unixMaySend(sk, o) {
			return EPERM
		}
		other = o
		sk.state = tcpEstablished
		other.state = tcpEstablished
		k.tr.touch(other.id, Changed)
	}
	old := k.socks[sk.peer]
	if other != nil {
		k.sockHold(other)
		sk.peer = other.n
	} else {
		sk.peer = 0
		sk.state = tcpClose
	}
	k.tr.touch(sk.id, Changed)
	if old != nil {
		if old != other {
			k.unixDgramDisconnected(sk, old)
			if old.peer == 0 {
				old.state = tcpClose
			}
		}
		k.sockPut(old)
	}
	return 0
}

// unixDgramDisconnected models unix_dgram_disconnected(): drop what we had
// queued from the old peer; if it is alive and connected to us, it learns
// of the loss through ECONNRESET.
func (k *Kernel) unixDgramDisconnected(sk, other *sock) {
	defer k.tr.enter("unix_dgram_disconnected")()
	if len(sk.receiveQueue) == 0 {
		return
	}
	for len(sk.receiveQueue) > 0 {
		s := k.skbDequeue(sk)
		k.acct.dropped += int64(s.unixSkbLen())
		k.kfreeSkb(s, "kfree_skb")
	}
	k.wakeUpInterruptibleAll(sk.peerWait)
	if !other.dead && other.peer == sk.n {
		other.err = ECONNRESET
		k.tr.touch(other.id, Changed)
		k.skErrorReport(other)
	}
}

// skErrorReport models sock_def_error_report(): wake sleepers with EPOLLERR.
func (k *Kernel) skErrorReport(sk *sock) {
	defer k.tr.enter("sock_def_error_report")()
	k.wakeUp(sk.wq, epollErr, 0)
}

// unixDgramSendmsg models unix_dgram_sendmsg(): one skb per datagram
// (EMSGSIZE above sk_sndbuf-32), charged to our send buffer, queued on the
// destination — unless its queue is over max_dgram_qlen and it is not
// connected back to us, in which case the sender sleeps on its peer_wait
// (or gets EAGAIN).
func (k *Kernel) unixDgramSendmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_dgram_sendmsg")()
	sk := k.socks[so.sk]
	nonblock := m.flags&msgDontwait != 0
	if m.skb == nil {
		if !m.resumed {
			if m.flags&msgOOB != 0 {
				return -1, EOPNOTSUPP, nil
			}
			if m.name != nil {
				if err := unixValidateAddr(m.name); err != 0 {
					return -1, err, nil
				}
			}
			if err := k.unixPasscredAutobind(sk); err != 0 {
				return -1, err, nil
			}
			if m.size > int64(sk.sndbuf-32) {
				return -1, EMSGSIZE, nil
			}
		}
		s, err, wb := k.sockAllocSendPskb(sk, unixDgramTruesize(int(m.size)), nonblock)
		if wb != nil {
			return 0, 0, wb
		}
		if err != 0 {
			return -1, err, nil
		}
		s.data = m.buf.Slice(0, m.size)
		k.unixAttachFds(m, s) // unix_scm_to_skb
		m.skb = s
	}
	for lookups := 0; ; lookups++ {
		var other *sock
		if m.name != nil {
			o, err := k.unixFindOther(m.name, sk.typ)
			if err != 0 {
				return k.unixDgramSendFail(m, err)
			}
			other = o
		} else if other = k.socks[sk.peer]; other == nil {
			return k.unixDgramSendFail(m, ENOTCONN)
		}
		if !unixMaySend(sk, other) {
			return k.unixDgramSendFail(m, EPERM)
		}
		if other.dead {
			if sk.typ == sockSeqpacket {
				return k.unixDgramSendFail(m, EPIPE)
			}
			if sk.peer == other.n {
				sk.peer = 0
				sk.state = tcpClose
				k.tr.touch(sk.id, Changed)
				k.unixDgramDisconnected(sk, other)
				k.sockPut(other)
				return k.unixDgramSendFail(m, ECONNREFUSED)
			}
			if m.name == nil || lookups > 0 {
				return k.unixDgramSendFail(m, ECONNRESET)
			}
			continue
		}
		if other.shutdown&rcvShutdown != 0 {
			return k.unixDgramSendFail(m, EPIPE)
		}
		if other != sk && other.peer != sk.n && unixRecvqFull(other) {
			if !nonblock {
				defer k.tr.enter("unix_wait_for_peer")()
				return 0, 0, &wouldBlock{wq: other.peerWait, in: "unix_wait_for_peer", exclusive: true}
			}
			return k.unixDgramSendFail(m, EAGAIN)
		}
		s := m.skb
		m.skb = nil
		k.skbQueueTail(other, s)
		k.acct.written += int64(len(s.data))
		k.skDataReady(other)
		return m.size, 0, nil
	}
}

// unixDgramSendFail is unix_dgram_sendmsg's out_free: the skb is freed.
func (k *Kernel) unixDgramSendFail(m *msghdr, err Errno) (int64, Errno, *wouldBlock) {
	if m.skb != nil {
		k.kfreeSkb(m.skb, "kfree_skb")
		m.skb = nil
	}
	return -1, err, nil
}

// unixDgramRecvmsg models unix_dgram_recvmsg(): one datagram per call; a
// short buffer truncates it (MSG_TRUNC returns its real length); recvfrom
// reports the sender's address. Taking a datagram lets one sender sleeping
// on our peer_wait in.
func (k *Kernel) unixDgramRecvmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_dgram_recvmsg")()
	sk := k.socks[so.sk]
	if m.flags&msgOOB != 0 {
		return -1, EOPNOTSUPP, nil
	}
	peek := m.flags&msgPeek != 0
	s, err, wb := k.skbRecvDatagram(sk, m.flags&msgDontwait != 0, peek)
	if wb != nil {
		return 0, 0, wb
	}
	if s == nil {
		if sk.typ == sockSeqpacket && err == EAGAIN && sk.shutdown&rcvShutdown != 0 {
			err = 0
		}
		if err != 0 {
			return -1, err, nil
		}
		return 0, 0, nil
	}
	if k.hasSleeper(sk.peerWait) {
		k.wakeUpInterruptiblePoll(sk.peerWait, pollOutKey)
	}
	if from := k.socks[s.sk]; from != nil {
		m.addr = from.addr.String()
	}
	n := int64(len(s.data))
	size := min(m.size, n)
	m.data = append(m.data[:0], s.data[:size]...)
	if size < n {
		m.outFlags |= msgTrunc
	}
	if !peek {
		k.acct.read += size
		k.acct.dropped += n - size
		k.unixDetachFds(m, s)
		k.kfreeSkb(s, "consume_skb")
	} else {
		k.unixPeekFds(m, s)
	}
	if m.flags&msgTrunc != 0 {
		return n, 0, nil
	}
	return size, 0, nil
}

// unixSeqpacketSendmsg models unix_seqpacket_sendmsg(): a pending error,
// then ENOTCONN unless connected, then the datagram path without an address.
func (k *Kernel) unixSeqpacketSendmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_seqpacket_sendmsg")()
	sk := k.socks[so.sk]
	if !m.resumed {
		if err := k.sockError(sk); err != 0 {
			return -1, err, nil
		}
		if sk.state != tcpEstablished {
			return -1, ENOTCONN, nil
		}
	}
	m.name = nil
	return k.unixDgramSendmsg(so, m)
}

// unixSeqpacketRecvmsg models unix_seqpacket_recvmsg().
func (k *Kernel) unixSeqpacketRecvmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("unix_seqpacket_recvmsg")()
	if !m.resumed && k.socks[so.sk].state != tcpEstablished {
		return -1, ENOTCONN, nil
	}
	return k.unixDgramRecvmsg(so, m)
}
