package engine

// This file models the receive side of TCP (net/ipv4/tcp_ipv4.c tcp_v4_rcv,
// net/ipv4/tcp_input.c tcp_rcv_state_process and friends) for segments
// arriving on lo. Loopback never loses or reorders, so sequence checks only
// guard against segments that belong to an older incarnation.

// tcpV4Rcv models tcp_v4_rcv(): find the sock (ehash, then the listening
// hash), hand TIME_WAIT and request socks to their handlers, queue on the
// backlog of a sock a syscall owns, or process at once. A segment nobody
// wants is answered with a RST.
func (k *Kernel) tcpV4Rcv(p *packet) {
	defer k.tr.enter("tcp_v4_rcv")()
	sk, req := k.inetLookupEstablished(p.dst, p.src)
	if req != nil {
		k.tcpCheckReq(req, p)
		return
	}
	if sk == nil {
		sk = k.inetLookupListener(p.dst)
	}
	if sk == nil {
		k.acct.dropped += int64(len(p.data))
		k.tcpV4SendReset(p)
		return
	}
	in := inetSkOf(sk)
	if in.tw {
		k.tcpTimewaitStateProcess(sk, p)
		return
	}
	if in.owned {
		defer k.tr.enter("tcp_add_backlog")()
		in.backlog = append(in.backlog, p)
		k.tr.touch(sk.id, Changed)
		return
	}
	k.tcpV4DoRcv(sk, p)
}

// tcpV4DoRcv models tcp_v4_do_rcv(): tcp_rcv_established for an established
// sock, tcp_rcv_state_process otherwise; a segment it rejects gets a RST.
func (k *Kernel) tcpV4DoRcv(sk *sock, p *packet) {
	defer k.tr.enter("tcp_v4_do_rcv")()
	if k.tcpRcvStateProcess(sk, p) {
		k.acct.dropped += int64(len(p.data))
		k.tcpV4SendReset(p)
	}
}

// tcpRcvStateProcess models tcp_rcv_state_process(); it reports whether the
// caller must answer with a RST. Data it does not queue is dropped.
func (k *Kernel) tcpRcvStateProcess(sk *sock, p *packet) (reset bool) {
	if sk.state == tcpEstablished {
		defer k.tr.enter("tcp_rcv_established")()
	} else {
		defer k.tr.enter("tcp_rcv_state_process")()
	}
	in := inetSkOf(sk)
	queued := false
	defer func() {
		if !queued && !reset {
			k.acct.dropped += int64(len(p.data))
		}
	}()
	switch sk.state {
	case tcpClose:
		return p.flags&tcpRST == 0
	case tcpListen:
		switch {
		case p.flags&tcpACK != 0:
			return true
		case p.flags&tcpRST != 0:
			return false
		case p.flags&tcpSYN != 0:
			k.tcpConnRequest(sk, p)
		}
		return false
	case tcpSynSent:
		return k.tcpRcvSynsentStateProcess(sk, p)
	}
	if p.flags&tcpRST != 0 {
		k.tcpReset(sk)
		return false
	}
	if p.flags&tcpSYN != 0 {
		// tcp_validate_incoming lets through the SYN-ACK of a simultaneous
		// open in SYN_RECV (seq+1 == rcv_nxt, ack == snd_nxt); any other
		// SYN gets a challenge ACK.
		if !(sk.state == tcpSynRecv && p.flags&tcpACK != 0 && p.seq+1 == in.rcvNxt && p.ack == in.sndNxt) {
			k.tcpSendAck(sk) // tcp_send_challenge_ack
			return false
		}
	}
	if p.flags&tcpACK == 0 {
		return false
	}
	k.tcpAck(sk, p)
	if k.socks[sk.n] != sk {
		return false
	}
	// A FIN of ours that is now acknowledged moves the state on.
	finAcked := in.finSent && in.sndUna == in.sndNxt
	switch sk.state {
	case tcpSynRecv:
		k.inetCancelTimer(sk, timerRetransmit)
		k.tcpSetState(sk, tcpEstablished)
		in.sndWnd = p.wnd
		k.tcpInitBufferSpace(sk)
		k.skStateChange(sk)
		if sk.shutdown&sendShutdown != 0 {
			// "tcp: defer shutdown(SEND_SHUTDOWN) for TCP_SYN_RECV sockets":
			// a sock shut down for writing before it was established sends
			// its FIN now (a child of a shut-down listener, a connect to
			// oneself after shutdown).
			k.tcpShutdown(sk, sendShutdown)
		}
	case tcpFinWait1:
		if finAcked {
			k.tcpSetState(sk, tcpFinWait2)
			sk.shutdown |= sendShutdown
			if !sk.dead {
				k.skStateChange(sk)
			} else if p.flags&tcpFIN == 0 && !in.owned {
				k.tcpTimeWait(sk, tcpFinWait2, tcpFinTimeout)
				return false
			}
		}
	case tcpClosing:
		if finAcked {
			k.tcpTimeWait(sk, tcpTimeWait, 0)
			return false
		}
	case tcpLastAck:
		if finAcked {
			k.tcpDone(sk)
			return false
		}
	}
	// Data and FIN (tcp_data_queue / tcp_fin).
	if len(p.data) > 0 || p.flags&tcpFIN != 0 {
		switch sk.state {
		case tcpCloseWait, tcpClosing, tcpLastAck:
			return false // after the peer's FIN: nothing new may arrive
		case tcpFinWait1, tcpFinWait2:
			if sk.shutdown&rcvShutdown != 0 && len(p.data) > 0 {
				k.tcpReset(sk) // data after close: abort (TCPABORTONDATA)
				return true
			}
		}
		if p.seq != in.rcvNxt {
			k.tcpSendAck(sk) // out of order on lo only after a reset: dupack
			return false
		}
		if len(p.data) > 0 {
			k.tcpUrg(sk, p) // tcp_rcv_established's slow path: urgent data first
			queued = k.tcpDataQueue(sk, p)
			if !queued {
				k.tcpSendAck(sk)
				return false
			}
		}
		if p.flags&tcpFIN != 0 {
			k.tcpFin(sk)
			return false
		}
		k.tcpSendAck(sk)
	}
	return false
}

// tcpRcvSynsentStateProcess models tcp_rcv_synsent_state_process(): a RST
// that acknowledges our SYN means "connection refused"; a SYN-ACK
// establishes the connection (tcp_finish_connect) and is acknowledged.
func (k *Kernel) tcpRcvSynsentStateProcess(sk *sock, p *packet) bool {
	defer k.tr.enter("tcp_rcv_synsent_state_process")()
	in := inetSkOf(sk)
	if p.flags&tcpACK != 0 && p.ack != in.sndNxt {
		return p.flags&tcpRST == 0
	}
	if p.flags&tcpRST != 0 {
		if p.flags&tcpACK != 0 {
			k.tcpReset(sk)
		}
		return false
	}
	if p.flags&tcpSYN != 0 && p.flags&tcpACK == 0 {
		// "We see SYN without ACK. It is attempt of simultaneous connect
		// with crossed SYNs. Particularly, it can be connect to self."
		// SYN_RECV, and tcp_send_synack resends our SYN with an ACK. On lo
		// only a connect to one's own address gets here: the SYN-ACK comes
		// back to this sock and establishes it (tcp_rcv_state_process).
		k.tcpSetState(sk, tcpSynRecv)
		in.rcvNxt = p.seq + 1
		in.sndWnd = p.wnd
		defer k.tr.enter("tcp_send_synack")()
		k.tcpTransmitSkb(sk, tcpSYN|tcpACK, in.sndUna, nil)
		return false
	}
	if p.flags&tcpSYN == 0 || p.flags&tcpACK == 0 {
		return false
	}
	in.rcvNxt = p.seq + 1
	in.sndUna = p.ack
	in.sndWnd = p.wnd
	k.inetCancelTimer(sk, timerRetransmit)
	defer k.tr.enter("tcp_finish_connect")()
	k.tcpSetState(sk, tcpEstablished)
	k.tcpInitBufferSpace(sk)
	k.tcpSendAck(sk)
	if !sk.dead {
		k.skStateChange(sk)
	}
	return false
}

// tcpAck models tcp_ack(): advance snd_una, take the new window, free the
// acknowledged bytes (sk_wmem_queued), send what the window now allows, and
// wake writers (tcp_check_space).
func (k *Kernel) tcpAck(sk *sock, p *packet) {
	defer k.tr.enter("tcp_ack")()
	in := inetSkOf(sk)
	acked := int(int64(p.ack) - int64(in.sndUna))
	if acked < 0 || p.ack-in.sndUna > in.sndNxt-in.sndUna {
		return
	}
	in.sndUna = p.ack
	in.sndWnd = p.wnd
	data := acked
	if in.finSent && in.sndUna == in.sndNxt && acked > 0 {
		data-- // the FIN takes one sequence number, no memory
	}
	in.wmemQueued = max(0, in.wmemQueued-data)
	k.tr.touch(sk.id, Changed)
	k.tcpWriteXmit(sk)
	if k.socks[sk.n] == sk && in.nospace {
		k.skStreamWriteSpace(sk) // tcp_check_space: only when a writer ran out of room
	}
}

// tcpDataQueue models tcp_data_queue() → tcp_queue_rcv: in-order data goes
// onto sk_receive_queue and wakes a reader. The sender never exceeds the
// window this sock advertised, so there is always room.
func (k *Kernel) tcpDataQueue(sk *sock, p *packet) bool {
	defer k.tr.enter("tcp_data_queue")()
	in := inetSkOf(sk)
	s := k.allocSkb(p.data, headTruesize(len(p.data)))
	s.sk = sk.n // skb_set_owner_r: charged to the receiver
	sk.receiveQueue = append(sk.receiveQueue, s)
	in.rcvNxt += uint32(len(p.data))
	k.tr.touch(sk.id, Changed)
	k.tcpDataReady(sk)
	return true
}

// tcpFin models tcp_fin(): the peer will send no more — RCV_SHUTDOWN and
// SOCK_DONE, and the state moves on (ESTABLISHED → CLOSE_WAIT, FIN_WAIT1 →
// CLOSING, FIN_WAIT2 → TIME_WAIT).
func (k *Kernel) tcpFin(sk *sock) {
	defer k.tr.enter("tcp_fin")()
	in := inetSkOf(sk)
	in.rcvNxt++
	sk.shutdown |= rcvShutdown
	in.done = true
	k.tr.touch(sk.id, Changed)
	switch sk.state {
	case tcpSynRecv, tcpEstablished:
		k.tcpSetState(sk, tcpCloseWait)
	case tcpFinWait1:
		k.tcpSendAck(sk)
		k.tcpSetState(sk, tcpClosing)
		if !sk.dead {
			k.skStateChange(sk)
		}
		return
	case tcpFinWait2:
		k.tcpSendAck(sk)
		k.tcpTimeWait(sk, tcpTimeWait, 0)
		return
	}
	k.tcpSendAck(sk)
	if !sk.dead {
		k.skStateChange(sk)
		k.skDataReady(sk)
	}
}

// tcpReset models tcp_reset() → tcp_done_with_error(): the error a RST
// means in this state (ECONNREFUSED while connecting, EPIPE in CLOSE_WAIT,
// ECONNRESET otherwise), unsent data dropped, the connection done.
func (k *Kernel) tcpReset(sk *sock) {
	defer k.tr.enter("tcp_reset")()
	switch sk.state {
	case tcpSynSent:
		sk.err = ECONNREFUSED
	case tcpCloseWait:
		sk.err = EPIPE
	case tcpClose:
		return
	default:
		sk.err = ECONNRESET
	}
	k.inetCancelTimer(sk, timerRetransmit)
	k.tcpPurgeWriteQueue(sk)
	dead := sk.dead
	k.tcpDone(sk)
	if !dead {
		k.skErrorReport(sk)
	}
}

// tcpInitBufferSpace models tcp_init_buffer_space → tcp_sndbuf_expand: an
// established connection's send buffer grows to room for the initial
// congestion window, unless the user set SO_SNDBUF (SOCK_SNDBUF_LOCK;
// socklab takes any value other than the default as set by the user).
func (k *Kernel) tcpInitBufferSpace(sk *sock) {
	if sk.sndbuf == sysctlTCPWmem1 {
		sk.sndbuf = tcpExpandedSnd
	}
}
