package engine

// inetSnapshotSock draws the AF_INET parts of a sock: the inet_sock
// addresses, tcp_sock sequence numbers and queues, TIME_WAIT details, and
// the sender of each queued datagram.
func (k *Kernel) inetSnapshotSock(sk *sock, out *Sock) {
	in := inetSkOf(sk)
	out.Addr = in.local().String()
	out.Inet = &InetSock{Saddr: in.local().String(), Daddr: in.remote().String()}
	for i := range out.ReceiveQueue {
		out.ReceiveQueue[i].From = ""
		out.ReceiveQueue[i].Addr = ""
		if sk.protocol == ipprotoUDP && i < len(in.rxFrom) {
			out.ReceiveQueue[i].Addr = in.rxFrom[i].String()
		}
	}
	if sk.protocol != ipprotoTCP {
		return
	}
	t := &TCPSock{SndNxt: in.sndNxt, SndUna: in.sndUna, RcvNxt: in.rcvNxt, Nodelay: in.nodelay}
	for _, n := range in.synQueue {
		if r := k.inet().reqs[n]; r != nil {
			t.SynQueue = append(t.SynQueue, r.id)
		}
	}
	out.AckBacklog = len(in.acceptQueue)
	if in.tw {
		t.TimeWaitMS = in.twExpires
		out.Flags = append(out.Flags, "inet_timewait_sock", "tw_substate="+tcpStateNames[in.twSubstate])
	}
	out.TCP = t
	out.WmemAlloc = in.wmemQueued
	for _, s := range in.writeQueue {
		out.WriteQueue = append(out.WriteQueue, Skb{ID: s.id, Len: len(s.data), Data: Bytes(s.data), Truesize: s.truesize})
	}
}
