package engine

// This file models the listening side of net/ipv4/inet_connection_sock.c
// and af_inet.c: inet_listen, inet_csk_listen_start, inet_csk_listen_stop
// and inet_accept → inet_csk_accept, with the two queues of a listener —
// the SYN queue of request socks and the accept queue of established
// children (sk_ack_backlog, bounded by sk_max_ack_backlog = backlog).

// inetListen models inet_listen().
func (k *Kernel) inetListen(so *socket, backlog int) Errno {
	defer k.tr.enter("inet_listen")()
	sk := k.socks[so.sk]
	if so.state != ssUnconnected || so.typ != sockStream {
		return EINVAL
	}
	if sk.state != tcpClose && sk.state != tcpListen {
		return EINVAL
	}
	sk.maxAckBacklog = backlog
	k.tr.touch(sk.id, Changed)
	if sk.state == tcpListen {
		return 0
	}
	return k.inetCskListenStart(sk)
}

// inetCskListenStart models inet_csk_listen_start(): TCP_LISTEN, then
// get_port again — it autobinds an unbound sock and re-checks the port now
// that we listen (SO_REUSEADDR does not let two socks listen on one port) —
// and enter the listening hash.
func (k *Kernel) inetCskListenStart(sk *sock) Errno {
	defer k.tr.enter("inet_csk_listen_start")()
	in := inetSkOf(sk)
	sk.state = tcpListen
	if err := k.inetCskGetPort(sk, in.num); err != 0 {
		sk.state = tcpClose
		return err
	}
	in.sport = in.num
	defer k.tr.enter("inet_hash")()
	if in.wasEhashed {
		// A sock that was in ehash (see inetSk.wasEhashed) is refused by
		// the listening hash on Linux 6.18 (measured: EINVAL after
		// get_port, which keeps the port it bound and inet_sport;
		// testdata/random/listen_after_failed_connect).
		sk.state = tcpClose
		return EINVAL
	}
	in.wasListening = true
	k.tcpSetState(sk, tcpListen)
	k.inet().lhash = append(k.inet().lhash, sk.n)
	return 0
}

// inetCskListenStop models inet_csk_listen_stop(): pending request socks
// are dropped, and every child still on the accept queue is disconnected
// (its peer gets a RST) and destroyed.
func (k *Kernel) inetCskListenStop(sk *sock) {
	defer k.tr.enter("inet_csk_listen_stop")()
	in := inetSkOf(sk)
	st := k.inet()
	for _, n := range in.synQueue {
		if r := st.reqs[n]; r != nil {
			k.reqskDrop(r)
		}
	}
	in.synQueue = nil
	for len(in.acceptQueue) > 0 {
		child := k.socks[in.acceptQueue[0]]
		in.acceptQueue = in.acceptQueue[1:]
		defer k.tr.enter("inet_child_forget")()
		inetSkOf(child).parent = 0
		k.tcpDisconnect(child)
		k.sockOrphan(child)
		k.inetCskDestroySock(child)
	}
	k.inetUnhash(sk)
	k.tr.touch(sk.id, Changed)
}

// inetAccept models inet_accept → inet_csk_accept: take the first child off
// the accept queue (EAGAIN, or an exclusive sleep in
// inet_csk_wait_for_connect, if it is empty) and graft it onto the new
// socket, which is SS_CONNECTED whatever happened to the connection since.
func (k *Kernel) inetAccept(so, newso *socket, nonblock bool) (Errno, *wouldBlock) {
	defer k.tr.enter("inet_accept")()
	defer k.tr.enter("inet_csk_accept")()
	sk := k.socks[so.sk]
	if sk.state != tcpListen {
		return EINVAL, nil
	}
	in := inetSkOf(sk)
	if len(in.acceptQueue) == 0 {
		if nonblock {
			return EAGAIN, nil
		}
		defer k.tr.enter("inet_csk_wait_for_connect")()
		return 0, &wouldBlock{wq: sk.wq, in: "inet_csk_wait_for_connect", exclusive: true}
	}
	child := k.socks[in.acceptQueue[0]]
	in.acceptQueue = in.acceptQueue[1:]
	inetSkOf(child).parent = 0
	k.tr.touch(sk.id, Changed)
	k.sockGraft(child, newso)
	newso.state = ssConnected
	return 0, nil
}
