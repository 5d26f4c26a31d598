package engine

// This file models net/ipv4/tcp_minisocks.c and the request-sock half of
// tcp_input.c: the SYN queue (tcp_conn_request, tcp_check_req,
// tcp_v4_syn_recv_sock) and TIME_WAIT socks (tcp_time_wait,
// tcp_timewait_state_process, inet_twsk_kill).

// requestSock is a struct request_sock (tcp_request_sock): a SYN received
// by a listener, answered with a SYN-ACK, waiting for the final ACK. It sits
// in ehash (state TCP_NEW_SYN_RECV) and on the listener's SYN queue.
type requestSock struct {
	n        int
	id       string
	listener int
	local    inetAddr
	remote   inetAddr
	isn      uint32 // snt_isn
	rcvNxt   uint32 // rcv_isn + 1
}

// tcpConnRequest models tcp_conn_request(): with the accept queue over its
// limit (sk_ack_backlog > sk_max_ack_backlog) the SYN is dropped and the
// client retransmits; otherwise a request sock is queued and a SYN-ACK sent.
func (k *Kernel) tcpConnRequest(sk *sock, p *packet) {
	defer k.tr.enter("tcp_conn_request")()
	in := inetSkOf(sk)
	if len(in.acceptQueue) > sk.maxAckBacklog {
		defer k.tr.enter("sk_acceptq_is_full")()
		return // LINUX_MIB_LISTENOVERFLOWS: drop the SYN
	}
	st := k.inet()
	st.ids.req++
	r := &requestSock{n: st.ids.req, id: objID("request_sock", st.ids.req), listener: sk.n,
		local: p.dst, remote: p.src, isn: k.tcpNewISN(), rcvNxt: p.seq + 1}
	defer k.tr.enter("inet_csk_reqsk_queue_hash_add")()
	st.reqs[r.n] = r
	st.reqIx[fourTuple{r.local, r.remote}] = r.n
	in.synQueue = append(in.synQueue, r.n)
	k.tr.touch(r.id, Created)
	k.tr.touch(sk.id, Changed)
	k.tcpV4SendSynack(r)
}

// reqskDrop models inet_csk_reqsk_queue_drop(): forget a request sock.
func (k *Kernel) reqskDrop(r *requestSock) {
	defer k.tr.enter("inet_csk_reqsk_queue_drop")()
	st := k.inet()
	delete(st.reqs, r.n)
	delete(st.reqIx, fourTuple{r.local, r.remote})
	if l := k.socks[r.listener]; l != nil {
		inetSkOf(l).synQueue = removeInt(inetSkOf(l).synQueue, r.n)
		k.tr.touch(l.id, Changed)
	}
	k.tr.touch(r.id, Freed)
}

// tcpCheckReq models tcp_check_req(): the ACK that completes the handshake
// creates the child (tcp_v4_syn_recv_sock), which replaces the request
// sock in ehash, inherits the listener's port, and joins the accept queue
// (inet_csk_complete_hashdance); tcp_child_process moves it to ESTABLISHED
// and wakes accept().
func (k *Kernel) tcpCheckReq(r *requestSock, p *packet) {
	defer k.tr.enter("tcp_check_req")()
	l := k.socks[r.listener]
	switch {
	case p.flags&tcpRST != 0:
		k.reqskDrop(r)
		return
	case p.flags&tcpSYN != 0:
		k.tcpV4SendSynack(r) // a retransmitted SYN
		return
	case p.flags&tcpACK == 0 || p.ack != r.isn+1:
		k.tcpV4SendReset(p)
		return
	}
	li := inetSkOf(l)
	if len(li.acceptQueue) > l.maxAckBacklog {
		defer k.tr.enter("sk_acceptq_is_full")()
		return // listen overflow: the ACK is dropped, the request stays
	}
	child := k.tcpV4SynRecvSock(l, r, p)
	k.reqskDrop(r)
	defer k.tr.enter("inet_csk_reqsk_queue_add")()
	ci := inetSkOf(child)
	ci.parent = l.n
	li.acceptQueue = append(li.acceptQueue, child.n)
	k.tr.touch(l.id, Changed)
	// tcp_child_process: the ACK moves the child to ESTABLISHED.
	k.tcpRcvStateProcess(child, p)
	k.skDataReady(l)
}

// tcpV4SynRecvSock models tcp_v4_syn_recv_sock(): clone the listener
// (inet_csk_clone_lock: SO_REUSEADDR, TCP_NODELAY and the buffers carry
// over) into a TCP_SYN_RECV child with the request's 4-tuple.
func (k *Kernel) tcpV4SynRecvSock(l *sock, r *requestSock, p *packet) *sock {
	defer k.tr.enter("tcp_v4_syn_recv_sock")()
	li := inetSkOf(l)
	child := k.skAlloc(afInet, sockStream, nil)
	child.protocol = ipprotoTCP
	child.reuse, child.reuseport, child.keepalive = l.reuse, l.reuseport, l.keepalive
	child.sndbuf, child.rcvbuf = l.sndbuf, l.rcvbuf
	child.opts = l.opts // sk_clone_lock copies the whole sock: time-outs, linger, ...
	// ... and sk_shutdown: a listener shut down before listen() (shutdown
	// of a TCP_CLOSE sock sets it and fails ENOTCONN) has children born
	// shut down; tcp_rcv_state_process then sends their FIN.
	child.shutdown = l.shutdown
	ci := &inetSk{rcvSaddr: r.local.ip, saddr: r.local.ip, sport: r.local.port, daddr: r.remote.ip, dport: r.remote.port,
		isn: r.isn, sndUna: r.isn + 1, sndNxt: r.isn + 1, rcvNxt: r.rcvNxt, nodelay: li.nodelay,
		wasEhashed: true} // an accepted child cannot listen (inetSk.wasEhashed)
	child.proto = ci
	child.state = tcpSynRecv
	k.inetInheritPort(l, child)
	k.inetEhashInsert(child)
	return child
}

// inetInheritPort models __inet_inherit_port(): the child joins the
// listener's bind bucket.
func (k *Kernel) inetInheritPort(l, child *sock) {
	defer k.tr.enter("__inet_inherit_port")()
	k.inetBindHash(child, inetSkOf(l).num)
}

// tcpTimeWait models tcp_time_wait(): a TIME_WAIT sock (struct
// inet_timewait_sock) takes the connection's place in ehash and in the bind
// bucket for TCP_TIMEWAIT_LEN (60 s; for an orphan in FIN_WAIT2, the FIN
// timeout), and the full sock is done.
func (k *Kernel) tcpTimeWait(sk *sock, substate int, timeo int64) {
	defer k.tr.enter("tcp_time_wait")()
	in := inetSkOf(sk)
	tw := k.skAlloc(afInet, sockStream, nil)
	tw.protocol = ipprotoTCP
	tw.reuse, tw.reuseport = sk.reuse, sk.reuseport
	tw.dead = true
	tw.state = tcpTimeWait
	ti := &inetSk{rcvSaddr: in.rcvSaddr, saddr: in.saddr, sport: in.sport, daddr: in.daddr, dport: in.dport,
		isn: in.isn, sndNxt: in.sndNxt, sndUna: in.sndUna, rcvNxt: in.rcvNxt, tw: true, twSubstate: substate}
	tw.proto = ti
	if substate == tcpTimeWait || timeo < tcpTimewaitLen {
		timeo = tcpTimewaitLen
	}
	ti.twExpires = k.inet().clockMS + timeo
	defer k.tr.enter("inet_twsk_hashdance")()
	k.inetEhashInsert(tw)
	k.inetBindHash(tw, in.num)
	k.inetResetTimer(tw, timerTimewait, timeo)
	k.tcpDone(sk)
}

// tcpTimewaitStateProcess models tcp_timewait_state_process(): in the
// FIN_WAIT2 substate a FIN moves to real TIME_WAIT, new data is answered
// with a RST and ends it; a RST kills the TIME_WAIT sock (RFC 1337 off); a retransmitted
// FIN is acknowledged again.
func (k *Kernel) tcpTimewaitStateProcess(tw *sock, p *packet) {
	defer k.tr.enter("tcp_timewait_state_process")()
	ti := inetSkOf(tw)
	k.acct.dropped += int64(len(p.data))
	if p.flags&tcpRST != 0 {
		k.inetTwskKill(tw)
		return
	}
	if ti.twSubstate == tcpFinWait2 {
		if p.flags&tcpSYN != 0 || len(p.data) > 0 {
			// TCP_TW_RST: tcp_v4_rcv answers with a RST and
			// inet_twsk_deschedule_put kills the TIME_WAIT sock (the
			// port is free again).
			k.tcpV4SendReset(p)
			k.inetTwskKill(tw)
			return
		}
		if p.flags&tcpFIN == 0 {
			return
		}
		ti.twSubstate = tcpTimeWait
		ti.rcvNxt = p.seq + 1
		ti.twExpires = k.inet().clockMS + tcpTimewaitLen
		k.inetResetTimer(tw, timerTimewait, tcpTimewaitLen)
		k.tr.touch(tw.id, Changed)
		k.twAck(tw)
		return
	}
	if p.flags&tcpSYN != 0 && p.seq-ti.rcvNxt < 1<<31 && p.seq != ti.rcvNxt-1 {
		// TCP_TW_SYN: a new connection may reuse the 4-tuple.
		k.inetTwskKill(tw)
		if l := k.inetLookupListener(p.dst); l != nil {
			k.tcpV4DoRcv(l, p)
		} else {
			k.tcpV4SendReset(p)
		}
		return
	}
	k.twAck(tw)
}

// twAck models tcp_v4_timewait_ack().
func (k *Kernel) twAck(tw *sock) {
	defer k.tr.enter("tcp_v4_timewait_ack")()
	ti := inetSkOf(tw)
	k.ipQueueXmit(&packet{proto: ipprotoTCP, src: ti.local(), dst: ti.remote(), flags: tcpACK, seq: ti.sndNxt, ack: ti.rcvNxt})
}

// inetTwskKill models inet_twsk_kill(): the TIME_WAIT sock leaves ehash and
// its bind bucket, and the port is free again.
func (k *Kernel) inetTwskKill(tw *sock) {
	defer k.tr.enter("inet_twsk_kill")()
	k.inetCancelTimer(tw, timerTimewait)
	k.inetSkFree(tw)
}
