package engine

// This file models the loopback device (drivers/net/loopback.c) and the
// receive path up to the transport protocols: ip_queue_xmit hands a packet
// to loopback_xmit, which puts it on the CPU's backlog (netif_rx); the
// NET_RX softirq (net_rx_action) runs when the sending code re-enables
// bottom halves — still inside the sending syscall — and delivers each
// packet through ip_rcv to tcp_v4_rcv, udp_rcv or icmp_rcv, including the
// replies those send. Every packet is recorded on the wire like a tcpdump
// line, with the statement that sent it.

const (
	ipprotoICMP = 1
	// maxWire bounds the recorded wire: between maxWire and 2*maxWire of the
	// newest segments are kept.
	maxWire = 1000
	// maxWireData bounds the payload bytes kept per recorded segment.
	maxWireData = 64
)

// packet is an IPv4 packet on lo with its TCP, UDP or ICMP header.
type packet struct {
	proto  int
	src    inetAddr
	dst    inetAddr
	flags  uint8  // TCP
	seq    uint32 // TCP
	ack    uint32 // TCP
	wnd    int    // TCP: the advertised window
	urgPtr uint32 // TCP: th->urg_ptr when flags has URG (tcp_urg.go)
	data   []byte
	orig   *packet // ICMP port unreachable: the datagram that caused it
	segIdx int
}

// ipQueueXmit models ip_queue_xmit / ip_send_skb → dev_queue_xmit →
// loopback_xmit → netif_rx, then the softirq if it is not already running.
func (k *Kernel) ipQueueXmit(p *packet) {
	defer k.tr.enter("ip_queue_xmit")()
	st := k.inet()
	k.recordWire(p)
	st.rx = append(st.rx, p)
	if st.inRx {
		return
	}
	k.netRxAction()
}

// netRxAction models net_rx_action → process_backlog: deliver queued
// packets in order until the backlog is empty.
func (k *Kernel) netRxAction() {
	st := k.inet()
	st.inRx = true
	defer k.tr.enter("net_rx_action")()
	for len(st.rx) > 0 {
		p := st.rx[0]
		st.rx[0] = nil
		st.rx = st.rx[1:]
		k.ipRcv(p)
	}
	st.rx = nil
	st.inRx = false
}

// ipRcv models ip_rcv → ip_local_deliver: hand the packet to its protocol.
func (k *Kernel) ipRcv(p *packet) {
	defer k.tr.enter("ip_rcv")()
	switch p.proto {
	case ipprotoTCP:
		k.tcpV4Rcv(p)
	case ipprotoUDP:
		k.udpRcv(p)
	case ipprotoICMP:
		k.icmpRcv(p)
	}
}

// wireSeg is one recorded packet, kept compact; the snapshot formats it
// as a Segment.
type wireSeg struct {
	n        int
	step     int
	proto    int
	src, dst inetAddr
	flags    uint8
	seq, ack uint32
	len      int
	data     []byte // at most maxWireData bytes, never written
}

// recordWire appends p to the wire.
func (k *Kernel) recordWire(p *packet) {
	st := k.inet()
	st.ids.seg++
	w := wireSeg{n: st.ids.seg, step: k.step, proto: p.proto, src: p.src, dst: p.dst, flags: p.flags,
		seq: p.seq, ack: p.ack, len: len(p.data)}
	if len(p.data) > 0 {
		w.data = p.data[:min(len(p.data), maxWireData)]
	}
	if len(st.wire) >= 2*maxWire {
		// Forget the oldest half at once (amortised O(1) per segment).
		st.wire = append(st.wire[:0:0], st.wire[len(st.wire)-maxWire:]...)
	}
	st.wire = append(st.wire, w)
	if !k.tr.off {
		k.tr.touch(objID("seg", w.n), Created)
	}
}

// segment formats a recorded packet like a tcpdump line.
func (w wireSeg) segment() Segment {
	s := Segment{ID: objID("seg", w.n), Step: w.step, Src: w.src.String(), Dst: w.dst.String(), Len: w.len}
	switch w.proto {
	case ipprotoTCP:
		s.Proto, s.Flags, s.Seq = "TCP", tcpFlagString(w.flags), w.seq
		if w.flags&tcpACK != 0 {
			s.Ack = w.ack
		}
	case ipprotoUDP:
		s.Proto = "UDP"
	case ipprotoICMP:
		s.Proto, s.Flags, s.Len = "ICMP", "port unreachable", 0
	}
	if len(w.data) > 0 {
		s.Data = Bytes(append([]byte(nil), w.data...))
	}
	return s
}
