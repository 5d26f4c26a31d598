package engine

// This file models TCP urgent data (RFC 793 URG, as Linux implements it):
// send(MSG_OOB) marks the last byte of the send urgent — tcp_push's
// tcp_mark_urg sets snd_up, and tcp_transmit_skb puts the urgent pointer on
// segments before it; the receiver's tcp_urg/tcp_check_urg record where the
// urgent byte is (urg_seq) and, once it arrived, the byte itself (urg_data =
// TCP_URG_VALID | byte); recv(MSG_OOB) reads it (tcp_recv_urg); ordinary
// reads stop at the mark and then skip the byte unless SO_OOBINLINE keeps it
// in the stream (tcp_recvmsg_locked); a newer urgent pointer replaces an
// unread byte, which is then ordinary data. tcp_poll reports EPOLLPRI while
// urg_data has TCP_URG_VALID (the poll helper reads inetSk.urgData).

// urg_data states (include/net/tcp.h).
const (
	tcpUrgValid  = 0x0100
	tcpUrgNotyet = 0x0200
	tcpUrgRead   = 0x0400
	tcpURG       = 0x20 // TCPHDR_URG
)

// seqBefore models before(): a comes before b in sequence space.
func seqBefore(a, b uint32) bool { return int32(a-b) < 0 }

// tcpCopiedSeq is tp->copied_seq: the sequence number of the next byte a
// read takes (rcv_nxt less the unread bytes, and the FIN's number once it came).
func (k *Kernel) tcpCopiedSeq(sk *sock) uint32 {
	in := inetSkOf(sk)
	q := 0
	for _, s := range sk.receiveQueue {
		q += s.unixSkbLen()
	}
	seq := in.rcvNxt - uint32(q)
	if in.done {
		seq--
	}
	return seq
}

// tcpWriteSeq is tp->write_seq: after the last byte queued to send.
func tcpWriteSeq(in *inetSk) uint32 {
	seq := in.sndNxt
	for _, s := range in.writeQueue {
		seq += uint32(len(s.data))
	}
	return seq
}

// tcpMarkUrg models tcp_mark_urg(): the urgent pointer is the end of what
// this send queued.
func (k *Kernel) tcpMarkUrg(sk *sock) {
	defer k.tr.enter("tcp_mark_urg")()
	in := inetSkOf(sk)
	in.sndUp = tcpWriteSeq(in)
	in.urgMode = true
	k.tr.touch(sk.id, Changed)
}

// tcpUrgPointer is the part of tcp_transmit_skb that sets th->urg and
// th->urg_ptr for a segment starting at seq while in urgent mode.
func tcpUrgPointer(in *inetSk, seq uint32) (bool, uint32) {
	if !in.urgMode {
		return false, 0
	}
	if in.sndUna == in.sndUp || !seqBefore(in.sndUna, in.sndUp) {
		in.urgMode = false // tcp_urg_mode: snd_up == snd_una
		return false, 0
	}
	if !seqBefore(seq, in.sndUp) {
		return false, 0
	}
	if d := in.sndUp - seq; d < 0x10000 {
		return true, d
	}
	return true, 0xffff
}

// tcpUrg models tcp_urg(), run on a segment before its data is queued:
// take a new urgent pointer (tcp_check_urg), and if the urgent byte is in
// this segment, keep it in urg_data.
func (k *Kernel) tcpUrg(sk *sock, p *packet) {
	in := inetSkOf(sk)
	if p.flags&tcpURG != 0 {
		k.tcpCheckUrg(sk, p)
	}
	if in.urgData != tcpUrgNotyet {
		return
	}
	defer k.tr.enter("tcp_urg")()
	if ptr := in.urgSeq - p.seq; ptr < uint32(len(p.data)) {
		in.urgData = tcpUrgValid | int(p.data[ptr])
		k.tr.touch(sk.id, Changed)
		if !sk.dead {
			k.skDataReady(sk)
		}
	}
}

// tcpCheckUrg models tcp_check_urg(): the urgent byte is the one before the
// pointer (tcp_stdurg 0); an old or repeated pointer is ignored; a reader
// standing right at an unread urgent byte skips it before the new one
// takes its place.
func (k *Kernel) tcpCheckUrg(sk *sock, p *packet) {
	defer k.tr.enter("tcp_check_urg")()
	in := inetSkOf(sk)
	ptr := p.urgPtr
	if ptr != 0 {
		ptr--
	}
	ptr += p.seq
	copied := k.tcpCopiedSeq(sk)
	if seqBefore(ptr, copied) || seqBefore(ptr, in.rcvNxt) {
		return
	}
	if in.urgData != 0 && !seqBefore(in.urgSeq, ptr) {
		return
	}
	if in.urgSeq == copied && in.urgData != 0 && !sk.opts.urginline && copied != in.rcvNxt {
		k.tcpSkipUrgByte(sk)
	}
	in.urgData = tcpUrgNotyet
	in.urgSeq = ptr
	k.tr.touch(sk.id, Changed)
}

// tcpSkipUrgByte steps over the urgent byte at the head of the receive
// queue (copied_seq++): it was read with MSG_OOB, or is lost.
func (k *Kernel) tcpSkipUrgByte(sk *sock) {
	in := inetSkOf(sk)
	if len(sk.receiveQueue) == 0 {
		return
	}
	s := sk.receiveQueue[0]
	s.consumed++
	if in.urgData&tcpUrgRead != 0 {
		k.acct.read++
	} else {
		k.acct.dropped++
	}
	k.tr.touch(s.id, Changed)
	if s.unixSkbLen() == 0 {
		k.skbDequeue(sk)
		k.tr.touch(s.id, Freed)
	}
}

// tcpRecvUrg models tcp_recv_urg(): recv(MSG_OOB) reads the urgent byte
// once (MSG_PEEK leaves it), EINVAL if there is none or SO_OOBINLINE is on,
// 0 at EOF, else EAGAIN — it never blocks.
func (k *Kernel) tcpRecvUrg(sk *sock, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("tcp_recv_urg")()
	in := inetSkOf(sk)
	if sk.opts.urginline || in.urgData == 0 || in.urgData == tcpUrgRead {
		return -1, EINVAL, nil
	}
	if sk.state == tcpClose && !in.done {
		return -1, ENOTCONN, nil
	}
	if in.urgData&tcpUrgValid != 0 {
		c := byte(in.urgData)
		if m.flags&msgPeek == 0 {
			in.urgData = tcpUrgRead
			k.tr.touch(sk.id, Changed)
		}
		m.outFlags |= msgOOB
		if m.size > 0 {
			if m.flags&msgTrunc == 0 {
				m.data = append(m.data[:0], c)
			}
			return 1, 0, nil
		}
		m.outFlags |= msgTrunc
		return 0, 0, nil
	}
	if sk.state == tcpClose || sk.shutdown&rcvShutdown != 0 {
		return 0, 0, nil
	}
	return -1, EAGAIN, nil
}

// tcpInq models tcp_inq() (FIONREAD): the bytes readable, only up to the
// urgent mark while an urgent byte lies ahead (and not inline).
func (k *Kernel) tcpInq(sk *sock) int64 {
	in := inetSkOf(sk)
	if sk.state == tcpSynSent || sk.state == tcpSynRecv {
		return 0
	}
	copied := k.tcpCopiedSeq(sk)
	if sk.opts.urginline || in.urgData == 0 || seqBefore(in.urgSeq, copied) || !seqBefore(in.urgSeq, in.rcvNxt) {
		answ := int64(in.rcvNxt - copied)
		if answ > 0 && in.done {
			answ--
		}
		return answ
	}
	return int64(in.urgSeq - copied)
}

// tcpAtMark models SIOCATMARK in tcp_ioctl(): an urgent byte is pending
// and the next read starts at it.
func (k *Kernel) tcpAtMark(sk *sock) int64 {
	in := inetSkOf(sk)
	if in.urgData != 0 && in.urgSeq == k.tcpCopiedSeq(sk) {
		return 1
	}
	return 0
}
