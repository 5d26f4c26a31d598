package engine

// This file models net/ipv4/tcp_output.c: building segments and handing
// them to ip_queue_xmit (loopback.go): tcp_connect (SYN), tcp_write_xmit
// (data as the peer's window allows, then a queued FIN), tcp_send_ack,
// tcp_send_fin, tcp_send_active_reset, tcp_v4_send_reset (the answer to a
// segment nobody wants) and the SYN-ACK of a request sock.

// TCP header flags (include/net/tcp.h TCPHDR_*).
const (
	tcpFIN = 0x01
	tcpSYN = 0x02
	tcpRST = 0x04
	tcpPSH = 0x08
	tcpACK = 0x10
)

// tcpFlagString formats flags as tcpdump does: "S", "S.", ".", "P.", "F.", "R.".
func tcpFlagString(f uint8) string {
	s := ""
	for _, b := range []struct {
		bit uint8
		c   string
	}{{tcpSYN, "S"}, {tcpFIN, "F"}, {tcpPSH, "P"}, {tcpRST, "R"}} {
		if f&b.bit != 0 {
			s += b.c
		}
	}
	if f&tcpACK != 0 {
		s += "."
	}
	if f&tcpURG != 0 {
		s += "U"
	}
	return s
}

// tcpRcvWindow is the receive window sk advertises (__tcp_select_window):
// half of sk_rcvbuf (tcp_adv_win_scale 1) minus the bytes queued.
func tcpRcvWindow(sk *sock) int {
	q := 0
	for _, s := range sk.receiveQueue {
		q += s.unixSkbLen()
	}
	return max(0, sk.rcvbuf/tcpRcvWindowDiv-q)
}

// tcpTransmitSkb models tcp_transmit_skb → ip_queue_xmit for one segment of sk.
func (k *Kernel) tcpTransmitSkb(sk *sock, flags uint8, seq uint32, data []byte) {
	defer k.tr.enter("tcp_transmit_skb")()
	in := inetSkOf(sk)
	p := &packet{proto: ipprotoTCP, src: in.local(), dst: in.remote(), flags: flags, seq: seq, data: data}
	if flags&tcpACK != 0 {
		p.ack = in.rcvNxt
	}
	if urg, ptr := tcpUrgPointer(in, seq); urg {
		p.flags |= tcpURG
		p.urgPtr = ptr
	}
	p.wnd = tcpRcvWindow(sk)
	in.rcvWndAdv = p.wnd
	k.ipQueueXmit(p)
}

// tcpConnect models tcp_connect(): send the SYN and arm the retransmission
// timer (TCP_TIMEOUT_INIT).
func (k *Kernel) tcpConnect(sk *sock) {
	defer k.tr.enter("tcp_connect")()
	in := inetSkOf(sk)
	sk.err = 0 // tcp_connect_init: a new attempt forgets the last error
	in.sndNxt = in.isn + 1
	k.inetResetTimer(sk, timerRetransmit, tcpTimeoutInit)
	k.tcpTransmitSkb(sk, tcpSYN, in.isn, nil)
}

// tcpPush models tcp_push → __tcp_push_pending_frames.
func (k *Kernel) tcpPush(sk *sock) {
	defer k.tr.enter("tcp_push")()
	k.tcpWriteXmit(sk)
}

// tcpWriteXmit models tcp_write_xmit(): send queued data while the peer's
// window has room (up to one MSS per segment), then the FIN if one is
// queued behind the data. Nagle never delays on loopback, where every
// segment is acknowledged before the next is sent, so TCP_NODELAY changes
// nothing visible.
func (k *Kernel) tcpWriteXmit(sk *sock) {
	in := inetSkOf(sk)
	for len(in.writeQueue) > 0 && k.socks[sk.n] == sk {
		room := int(int64(in.sndUna) + int64(in.sndWnd) - int64(in.sndNxt))
		if room <= 0 {
			return
		}
		s := in.writeQueue[0]
		n := min(len(s.data), room, tcpMSS)
		data := s.data[:n]
		if n == len(s.data) {
			in.writeQueue = in.writeQueue[1:]
			k.tr.touch(s.id, Freed) // now on the retransmit queue until acknowledged
		} else {
			rest := *s
			rest.data = s.data[n:]
			in.writeQueue[0] = &rest
		}
		seq := in.sndNxt
		in.sndNxt += uint32(n)
		k.tcpTransmitSkb(sk, tcpPSH|tcpACK, seq, data)
	}
	if k.socks[sk.n] == sk && len(in.writeQueue) == 0 && in.finPending {
		in.finPending, in.finSent = false, true
		seq := in.sndNxt
		in.sndNxt++
		k.tcpTransmitSkb(sk, tcpFIN|tcpACK, seq, nil)
	}
}

// tcpSendFin models tcp_send_fin(): the FIN follows the queued data.
func (k *Kernel) tcpSendFin(sk *sock) {
	defer k.tr.enter("tcp_send_fin")()
	inetSkOf(sk).finPending = true
	k.tcpWriteXmit(sk)
}

// tcpSendAck models tcp_send_ack().
func (k *Kernel) tcpSendAck(sk *sock) {
	defer k.tr.enter("tcp_send_ack")()
	in := inetSkOf(sk)
	k.tcpTransmitSkb(sk, tcpACK, in.sndNxt, nil)
}

// tcpSendActiveReset models tcp_send_active_reset(): RST|ACK at snd_nxt.
func (k *Kernel) tcpSendActiveReset(sk *sock) {
	defer k.tr.enter("tcp_send_active_reset")()
	in := inetSkOf(sk)
	if in.dport == 0 {
		return
	}
	k.tcpTransmitSkb(sk, tcpRST|tcpACK, in.sndNxt, nil)
}

// tcpV4SendReset models tcp_v4_send_reset(): answer segment p with a RST
// (seq = its ack if it had one, else ack = its end sequence).
func (k *Kernel) tcpV4SendReset(p *packet) {
	if p.flags&tcpRST != 0 {
		return
	}
	defer k.tr.enter("tcp_v4_send_reset")()
	r := &packet{proto: ipprotoTCP, src: p.dst, dst: p.src, flags: tcpRST}
	if p.flags&tcpACK != 0 {
		r.seq = p.ack
	} else {
		r.flags |= tcpACK
		r.ack = p.seq + uint32(len(p.data))
		if p.flags&tcpSYN != 0 {
			r.ack++
		}
		if p.flags&tcpFIN != 0 {
			r.ack++
		}
	}
	k.ipQueueXmit(r)
}

// tcpV4SendSynack models tcp_v4_send_synack() for request sock r.
func (k *Kernel) tcpV4SendSynack(r *requestSock) {
	defer k.tr.enter("tcp_v4_send_synack")()
	// tcp_openreq_init_rwin → tcp_select_initial_window: the listener's
	// tcp_full_space (half its receive buffer), rounded down to whole MSS
	// segments when bigger than one.
	wnd := tcpMSS
	if l := k.socks[r.listener]; l != nil {
		if wnd = l.rcvbuf / tcpRcvWindowDiv; wnd > tcpMSS {
			wnd -= wnd % tcpMSS
		}
	}
	k.ipQueueXmit(&packet{proto: ipprotoTCP, src: r.local, dst: r.remote, flags: tcpSYN | tcpACK,
		seq: r.isn, ack: r.rcvNxt, wnd: wnd})
}

// tcpCleanupRbuf models tcp_cleanup_rbuf(): after a read, announce the
// reopened window if the one we advertised had shrunk below half.
func (k *Kernel) tcpCleanupRbuf(sk *sock) {
	in := inetSkOf(sk)
	if in.dport == 0 || sk.state == tcpClose || sk.state == tcpSynSent {
		return
	}
	full := sk.rcvbuf / tcpRcvWindowDiv
	if in.rcvWndAdv < full/2 && tcpRcvWindow(sk) >= full/2 {
		defer k.tr.enter("tcp_cleanup_rbuf")()
		k.tcpSendAck(sk)
	}
}
