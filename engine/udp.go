package engine

// This file models net/ipv4/udp.c and the datagram half of
// net/ipv4/datagram.c and icmp.c: udp_v4_get_port, ip4_datagram_connect,
// udp_sendmsg, udp_rcv, udp_recvmsg, and ICMP port unreachable, which a
// connected socket reports as ECONNREFUSED (once; unconnected sockets
// ignore it, as inet->recverr is off).

// udpV4GetPort models udp_v4_get_port → udp_lib_get_port: port 0 picks a
// free ephemeral port; a bound port conflicts with an overlapping address
// unless both socks set SO_REUSEADDR (or both SO_REUSEPORT).
func (k *Kernel) udpV4GetPort(sk *sock, snum int) Errno {
	defer k.tr.enter("udp_v4_get_port")()
	st := k.inet()
	in := inetSkOf(sk)
	if snum == 0 {
		snum = k.inetFindOpenPort(func(p int) bool { return len(st.udp[p]) == 0 })
		if snum == 0 {
			return EADDRINUSE
		}
	} else {
		for _, n := range st.udp[snum] {
			sk2 := k.socks[n]
			if sk2 == sk || !ipOverlap(in.rcvSaddr, inetSkOf(sk2).rcvSaddr) {
				continue
			}
			if (sk.reuse && sk2.reuse) || (sk.reuseport && sk2.reuseport) {
				continue
			}
			return EADDRINUSE
		}
	}
	st.udp[snum] = append(st.udp[snum], sk.n)
	in.num = snum
	k.tr.touch(sk.id, Changed)
	return 0
}

// udpLibUnhash models udp_lib_unhash().
func (k *Kernel) udpLibUnhash(sk *sock) {
	in := inetSkOf(sk)
	if in.num == 0 {
		return
	}
	defer k.tr.enter("udp_lib_unhash")()
	st := k.inet()
	st.udp[in.num] = removeInt(st.udp[in.num], sk.n)
	if len(st.udp[in.num]) == 0 {
		delete(st.udp, in.num)
	}
	in.num = 0
}

// udpLibClose models udp_lib_close → sk_common_release.
func (k *Kernel) udpLibClose(sk *sock) {
	defer k.tr.enter("udp_lib_close")()
	k.sockOrphan(sk)
	k.inetSkFree(sk)
}

// inetDgramConnect models inet_dgram_connect → ip4_datagram_connect: the
// sock is autobound first, then gets its peer and the source address of
// the route; sk_state becomes TCP_ESTABLISHED (the socket stays
// SS_UNCONNECTED).
func (k *Kernel) inetDgramConnect(so *socket, sa *sockaddr) Errno {
	defer k.tr.enter("inet_dgram_connect")()
	sk := k.socks[so.sk]
	if sa.len < 2 {
		return EINVAL
	}
	if err := k.inetAutobind(sk); err != 0 {
		return err
	}
	defer k.tr.enter("ip4_datagram_connect")()
	if err := inetCheckAddr(sa); err != 0 {
		return err
	}
	daddr := sa.ip
	if daddr == [4]byte{} {
		daddr = loopbackIP()
	}
	in := inetSkOf(sk)
	// __ip4_datagram_connect: sk_dst_reset, then ip_route_connect fills
	// inet->cork.fl.u.ip4 with this destination even when it fails (see
	// udpSendmsg: the next connected sends go there).
	in.dstCached = false
	in.corkDst = inetAddr{daddr, sa.port}
	// ip_route_connect from inet_saddr (route.go), then "if
	// ((rt->rt_flags & RTCF_BROADCAST) && !sock_flag(sk, SOCK_BROADCAST))"
	// is EACCES (socklab has no SO_BROADCAST). The old peer, if any, stays.
	if bcast, err := ipRouteOutput(in.saddr, daddr); err != 0 {
		return err
	} else if bcast {
		return EACCES
	}
	if in.saddr == [4]byte{} {
		in.saddr = loopbackIP()
	}
	if in.rcvSaddr == [4]byte{} {
		in.rcvSaddr = in.saddr
	}
	in.daddr, in.dport = daddr, sa.port
	in.dstCached = true // sk_dst_set
	sk.state = tcpEstablished
	k.tr.touch(sk.id, Changed)
	return 0
}

// udpSendmsg models inet_sendmsg (inet_send_prepare autobinds) →
// udp_sendmsg: size and address checks, then one datagram through
// ip_make_skb (sock_alloc_send_skb reports a pending error or SHUT_WR as
// EPIPE) and udp_send_skb onto lo. Loopback frees the skb at once, so a UDP
// send never waits for buffer space.
func (k *Kernel) udpSendmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	sk := k.socks[so.sk]
	in := inetSkOf(sk)
	if err := k.inetAutobind(sk); err != 0 {
		return -1, err, nil
	}
	defer k.tr.enter("udp_sendmsg")()
	if m.size > 0xffff {
		return -1, EMSGSIZE, nil
	}
	if m.flags&msgOOB != 0 {
		return -1, EOPNOTSUPP, nil
	}
	var dst inetAddr
	connected := false
	if m.name != nil {
		if m.name.len < sizeofSockaddrIn {
			return -1, EINVAL, nil
		}
		if m.name.family != afInet {
			return -1, EAFNOSUPPORT, nil
		}
		if m.name.port == 0 {
			return -1, EINVAL, nil
		}
		dst = inetAddr{m.name.ip, m.name.port}
	} else {
		if sk.state != tcpEstablished {
			return -1, EDESTADDRREQ, nil
		}
		dst = in.remote()
		connected = true
	}
	if dst.ip == [4]byte{} {
		dst.ip = loopbackIP()
	}
	if connected && in.dstCached {
		// sk_dst_check: the cached route (lo's) is used with the flow in
		// inet->cork.fl.u.ip4, which a failed connect() since left
		// pointing at its own destination: the datagram goes there and is
		// delivered on lo by port (measured on 6.18; no error comes back,
		// as the ICMP names a destination the connected socket does not
		// match; testdata/random/udp_failed_connect_cork).
		dst = in.corkDst
	} else if bcast, err := ipRouteOutput(in.saddr, dst.ip); err != 0 || bcast {
		// udp_sendmsg: ip_route_output_flow from inet_saddr (route.go),
		// then "if ((rt->rt_flags & RTCF_BROADCAST) && !sock_flag(sk,
		// SOCK_BROADCAST))" is EACCES (socklab has no SO_BROADCAST).
		defer k.tr.enter("ip_route_output_flow")()
		if err == 0 {
			err = EACCES
		}
		return -1, err, nil
	} else if connected {
		in.dstCached = true // sk_dst_set; the cork flow is not touched
	}
	if m.size > udpMaxPayload {
		return -1, EMSGSIZE, nil
	}
	defer k.tr.enter("ip_make_skb")()
	if err := k.sockError(sk); err != 0 {
		return -1, err, nil
	}
	if sk.shutdown&sendShutdown != 0 {
		return -1, EPIPE, nil
	}
	// The source is inet_saddr, else the route's (fl4->saddr: lo's
	// 127.0.0.1) — also for a socket bound to a broadcast or multicast
	// address, whose inet_saddr inet_bind left 0 ("use device").
	src := inetAddr{in.saddr, in.sport}
	if src.ip == [4]byte{} {
		src.ip = loopbackIP()
	}
	k.ipQueueXmit(&packet{proto: ipprotoUDP, src: src, dst: dst, data: m.buf.Slice(0, m.size)})
	return m.size, 0, nil
}

// udpLookup models __udp4_lib_lookup: the best-scoring sock for a datagram
// to local from remote — an exact local address and a matching connected
// peer score higher; a connected sock only takes datagrams from its peer.
func (k *Kernel) udpLookup(local, remote inetAddr) *sock {
	var best *sock
	bestScore := -1
	for _, n := range k.inet().udp[local.port] {
		sk := k.socks[n]
		in := inetSkOf(sk)
		score := 0
		if in.rcvSaddr != [4]byte{} {
			if in.rcvSaddr != local.ip {
				continue
			}
			score += 4
		}
		// compute_score checks the connected address and port apart: a
		// socket connected to port 0 still only hears from its address.
		if in.daddr != [4]byte{} {
			if in.daddr != remote.ip {
				continue
			}
			score += 4
		}
		if in.dport != 0 {
			if in.dport != remote.port {
				continue
			}
			score += 4
		}
		if score > bestScore {
			best, bestScore = sk, score
		}
	}
	return best
}

// udpRcv models udp_rcv → __udp4_lib_rcv: queue the datagram on the
// socket's receive queue (dropped if sk_rmem_alloc is over sk_rcvbuf), or
// answer with ICMP port unreachable when nobody is bound.
func (k *Kernel) udpRcv(p *packet) {
	defer k.tr.enter("udp_rcv")()
	sk := k.udpLookup(p.dst, p.src)
	if sk == nil {
		defer k.tr.enter("icmp_send")()
		k.ipQueueXmit(&packet{proto: ipprotoICMP, src: inetAddr{ip: p.dst.ip}, dst: inetAddr{ip: p.src.ip}, orig: p})
		return
	}
	defer k.tr.enter("__udp_enqueue_schedule_skb")()
	rmem := 0
	for _, s := range sk.receiveQueue {
		rmem += s.truesize
	}
	size := udpSkbTruesize(len(p.data))
	if rmem > 0 && rmem+size > sk.rcvbuf {
		return // UDP_MIB_RCVBUFERRORS: the datagram is dropped
	}
	s := k.allocSkb(p.data, size)
	s.sk = sk.n
	sk.receiveQueue = append(sk.receiveQueue, s)
	in := inetSkOf(sk)
	in.rxFrom = append(in.rxFrom, p.src)
	k.acct.written += int64(len(p.data))
	k.tr.touch(sk.id, Changed)
	k.skDataReady(sk)
}

// icmpRcv models icmp_rcv → icmp_unreach → __udp4_lib_err: find the sock
// that sent the datagram; only a connected one takes the error
// (ECONNREFUSED in sk_err, reported once by the next call).
func (k *Kernel) icmpRcv(p *packet) {
	defer k.tr.enter("icmp_rcv")()
	o := p.orig
	if o == nil || o.proto != ipprotoUDP {
		return
	}
	defer k.tr.enter("__udp4_lib_err")()
	sk := k.udpLookup(o.src, o.dst)
	if sk == nil || sk.state != tcpEstablished {
		return
	}
	sk.err = ECONNREFUSED
	k.tr.touch(sk.id, Changed)
	k.skErrorReport(sk)
}

// udpRecvmsg models udp_recvmsg → __skb_recv_udp: a pending error first,
// then the head datagram — truncated to the buffer (MSG_TRUNC returns its
// real length), left queued by MSG_PEEK, with the sender as the address.
// An empty queue sleeps in __skb_wait_for_more_packets (exclusively, woken by
// EPOLLIN/EPOLLERR), returns EAGAIN without waiting, or 0 after SHUT_RD.
func (k *Kernel) udpRecvmsg(so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("udp_recvmsg")()
	sk := k.socks[so.sk]
	in := inetSkOf(sk)
	// udp_recvmsg never looks at MSG_OOB: it receives as without it.
	defer k.tr.enter("__skb_recv_udp")()
	if err := k.sockError(sk); err != 0 {
		return -1, err, nil
	}
	if len(sk.receiveQueue) == 0 {
		if m.flags&msgDontwait != 0 {
			return -1, EAGAIN, nil
		}
		if sk.shutdown&rcvShutdown != 0 {
			return 0, 0, nil
		}
		defer k.tr.enter("__skb_wait_for_more_packets")()
		return 0, 0, &wouldBlock{wq: sk.wq, in: "__skb_wait_for_more_packets", exclusive: true, mask: epollIn | epollErr}
	}
	s := sk.receiveQueue[0]
	from := in.rxFrom[0]
	n := int64(len(s.data))
	copied := min(n, m.size)
	m.data = append(m.data[:0], s.data[:copied]...)
	m.addr = from.String()
	if copied < n {
		m.outFlags |= msgTrunc
	}
	if m.flags&msgPeek == 0 {
		k.skbDequeue(sk)
		in.rxFrom = in.rxFrom[1:]
		k.acct.read += copied
		k.acct.dropped += n - copied
		k.tr.touch(s.id, Freed)
	}
	if m.flags&msgTrunc != 0 {
		return n, 0, nil
	}
	return copied, 0, nil
}

// udpSkbTruesize is the truesize of a datagram's skb on lo, as measured on
// the host (how many datagrams fill the default 212992-byte sk_rcvbuf: 256
// of 1 or 100 bytes, 92 of 1000, 25 of 5000, 3 of 60000): a head holding the
// payload plus 44 bytes of link, IP and UDP headers — from the small-head
// cache (576 bytes) when it fits, else kmalloc'd — plus struct sk_buff.
func udpSkbTruesize(n int) int {
	head := align(n+44, smpCacheBytes) + sizeofSkbShinfo
	if head <= 576 {
		return 576 + sizeofSkBuff
	}
	return kmallocSize(head) + sizeofSkBuff
}
