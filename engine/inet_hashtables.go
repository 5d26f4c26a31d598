package engine

import (
	"socklab/engine/internal/sfmt"
	"sort"
)

// This file models net/ipv4/inet_hashtables.c and the port allocator of
// net/ipv4/inet_connection_sock.c: struct inet_hashinfo (bhash, the
// listening hash, ehash) for TCP, and udp_table for UDP, kept as data in the
// AF_INET family state together with the clock, the timers and the wire.

// inetState is the AF_INET part of the network namespace.
type inetState struct {
	clockMS int64
	bhash   map[int][]int     // inet_bind_bucket: port -> owners (socks, TIME_WAIT socks too), bind order
	lhash   []int             // listening socks (listening_hash)
	ehash   []int             // socks with a 4-tuple, SYN_SENT .. TIME_WAIT, in insertion order
	ehashIx map[fourTuple]int // the same socks by 4-tuple (the hash itself)
	reqIx   map[fourTuple]int // request socks by 4-tuple (they live in ehash too)
	udp     map[int][]int     // udp_table: port -> socks
	reqs    map[int]*requestSock
	wire    []wireSeg
	timers  []inetTimer
	rx      []*packet // the loopback device's backlog (softnet_data.input_pkt_queue)
	inRx    bool      // net_rx_action is running
	ids     struct{ seg, req, isn, port int }
}

// fourTuple is an ehash key: (local, remote).
type fourTuple struct{ local, remote inetAddr }

func newInetState() *inetState {
	return &inetState{bhash: map[int][]int{}, udp: map[int][]int{}, reqs: map[int]*requestSock{},
		ehashIx: map[fourTuple]int{}, reqIx: map[fourTuple]int{}}
}

func (k *Kernel) inet() *inetState { return k.famState[afInet].(*inetState) }

func (st *inetState) clone() familyState {
	c := *st
	c.bhash = cloneIntLists(st.bhash)
	c.udp = cloneIntLists(st.udp)
	c.lhash = append([]int(nil), st.lhash...)
	c.ehash = append([]int(nil), st.ehash...)
	c.ehashIx = make(map[fourTuple]int, len(st.ehashIx))
	for t, n := range st.ehashIx {
		c.ehashIx[t] = n
	}
	c.reqIx = make(map[fourTuple]int, len(st.reqIx))
	for t, n := range st.reqIx {
		c.reqIx[t] = n
	}
	c.reqs = make(map[int]*requestSock, len(st.reqs))
	for n, r := range st.reqs {
		cr := *r
		c.reqs[n] = &cr
	}
	c.wire = append([]wireSeg(nil), st.wire...)
	c.timers = append([]inetTimer(nil), st.timers...)
	c.rx = nil // empty between syscalls
	return &c
}

func cloneIntLists(m map[int][]int) map[int][]int {
	c := make(map[int][]int, len(m))
	for k, v := range m {
		c[k] = append([]int(nil), v...)
	}
	return c
}

func removeInt(list []int, n int) []int {
	for i, v := range list {
		if v == n {
			copy(list[i:], list[i+1:]) // in place: every clone has its own lists
			return list[:len(list)-1]
		}
	}
	return list
}

func containsInt(list []int, n int) bool {
	for _, v := range list {
		if v == n {
			return true
		}
	}
	return false
}

// ipOverlap: two bound addresses collide when equal or either is INADDR_ANY
// (inet_rcv_saddr_equal with match_wildcard).
func ipOverlap(a, b [4]byte) bool { return a == b || a == [4]byte{} || b == [4]byte{} }

// inetBindConflict models inet_bind_conflict() with relax = true: two socks
// on one port and overlapping addresses conflict unless both set
// SO_REUSEADDR and the other is not listening, or both set SO_REUSEPORT
// (every task is the same user).
func (k *Kernel) inetBindConflict(sk *sock, owners []int) bool {
	defer k.tr.enter("inet_csk_bind_conflict")()
	in := inetSkOf(sk)
	for _, n := range owners {
		sk2 := k.socks[n]
		if sk2 == nil || sk2 == sk || !ipOverlap(in.rcvSaddr, inetSkOf(sk2).rcvSaddr) {
			continue
		}
		if sk.reuse && sk2.reuse && sk2.state != tcpListen {
			continue
		}
		if sk.reuseport && sk2.reuseport {
			continue
		}
		return true
	}
	return false
}

// inetCskGetPort models inet_csk_get_port(): port 0 picks a free port of
// the ephemeral range (inet_csk_find_open_port); otherwise the bind bucket's
// owners are checked for conflicts. On success the sock joins the bucket
// (inet_bind_hash).
func (k *Kernel) inetCskGetPort(sk *sock, snum int) Errno {
	defer k.tr.enter("inet_csk_get_port")()
	st := k.inet()
	if snum == 0 {
		snum = k.inetFindOpenPort(func(p int) bool { return len(st.bhash[p]) == 0 })
		if snum == 0 {
			return EADDRINUSE
		}
	} else if k.inetBindConflict(sk, st.bhash[snum]) {
		return EADDRINUSE
	}
	k.inetBindHash(sk, snum)
	return 0
}

// inetFindOpenPort walks the ephemeral range from a rotating offset (Linux
// starts at a random one; socklab is deterministic) for a port free says is free.
func (k *Kernel) inetFindOpenPort(free func(int) bool) int {
	defer k.tr.enter("inet_csk_find_open_port")()
	st := k.inet()
	span := ipLocalPortHigh - ipLocalPortLow + 1
	for i := 0; i < span; i++ {
		p := ipLocalPortLow + (st.ids.port+i)%span
		if free(p) {
			st.ids.port = (st.ids.port + i + 1) % span
			return p
		}
	}
	return 0
}

// inetBindHash models inet_bind_hash(): sk joins the bucket of port snum.
func (k *Kernel) inetBindHash(sk *sock, snum int) {
	defer k.tr.enter("inet_bind_hash")()
	st := k.inet()
	in := inetSkOf(sk)
	if !containsInt(st.bhash[snum], sk.n) {
		st.bhash[snum] = append(st.bhash[snum], sk.n)
	}
	in.num = snum
	in.bhashed = true
	k.tr.touch(sk.id, Changed)
}

// inetPutPort models inet_put_port(): leave the bind bucket; an empty
// bucket is freed (inet_bind_bucket_destroy).
func (k *Kernel) inetPutPort(sk *sock) {
	in := inetSkOf(sk)
	if !in.bhashed {
		return
	}
	defer k.tr.enter("inet_put_port")()
	st := k.inet()
	st.bhash[in.num] = removeInt(st.bhash[in.num], sk.n)
	if len(st.bhash[in.num]) == 0 {
		delete(st.bhash, in.num)
	}
	in.bhashed = false
	in.num = 0
	k.tr.touch(sk.id, Changed)
}

// inetEhashInsert models inet_ehash_insert / __inet_hash_nolisten.
func (k *Kernel) inetEhashInsert(sk *sock) {
	st := k.inet()
	in := inetSkOf(sk)
	if !in.ehashed {
		defer k.tr.enter("inet_ehash_insert")()
		st.ehash = append(st.ehash, sk.n)
		st.ehashIx[fourTuple{in.local(), in.remote()}] = sk.n
		in.ehashed = true
		k.tr.touch(sk.id, Changed)
	}
}

// inetUnhash models inet_unhash(): leave the listening hash or ehash.
func (k *Kernel) inetUnhash(sk *sock) {
	st := k.inet()
	in := inetSkOf(sk)
	if in.ehashed || sk.state == tcpListen || containsInt(st.lhash, sk.n) {
		defer k.tr.enter("inet_unhash")()
		if in.ehashed {
			st.ehash = removeInt(st.ehash, sk.n)
			t := fourTuple{in.local(), in.remote()}
			if st.ehashIx[t] == sk.n {
				delete(st.ehashIx, t)
			}
			in.ehashed = false
		}
		st.lhash = removeInt(st.lhash, sk.n)
		k.tr.touch(sk.id, Changed)
	}
}

// inetUnhashAll drops every table reference of a sock being freed.
func (k *Kernel) inetUnhashAll(sk *sock) {
	k.inetUnhash(sk)
	if sk.protocol == ipprotoTCP {
		k.inetPutPort(sk)
	} else {
		k.udpLibUnhash(sk)
	}
}

// inetLookupEstablished models __inet_lookup_established: the sock (or
// request sock) whose 4-tuple is (local, remote).
func (k *Kernel) inetLookupEstablished(local, remote inetAddr) (*sock, *requestSock) {
	st := k.inet()
	t := fourTuple{local, remote}
	if n, ok := st.ehashIx[t]; ok {
		return k.socks[n], nil
	}
	if n, ok := st.reqIx[t]; ok {
		return nil, st.reqs[n]
	}
	return nil, nil
}

// inetLookupListener models __inet_lookup_listener: a listener on the port,
// an exact address scoring above INADDR_ANY.
func (k *Kernel) inetLookupListener(local inetAddr) *sock {
	var best *sock
	for _, n := range k.inet().lhash {
		sk := k.socks[n]
		in := inetSkOf(sk)
		if in.num != local.port || !ipMatch(in.rcvSaddr, local.ip) {
			continue
		}
		if best == nil || (in.rcvSaddr == local.ip && inetSkOf(best).rcvSaddr != local.ip) {
			best = sk
		}
	}
	return best
}

// snapshot draws the tables, the clock and the wire.
func (st *inetState) snapshot(k *Kernel, s *Snapshot) {
	s.ClockMS = st.clockMS
	if len(st.bhash) == 0 && len(st.udp) == 0 && len(st.ehash) == 0 && len(st.lhash) == 0 && len(st.wire) == 0 {
		return
	}
	t := &InetTables{Bhash: []InetBucket{}, Listening: []string{}, Ehash: []string{}}
	for _, p := range sortedKeys(st.bhash) {
		b := InetBucket{Port: p}
		for _, n := range st.bhash[p] {
			b.Owners = append(b.Owners, objID("sock", n))
		}
		t.Bhash = append(t.Bhash, b)
	}
	for _, n := range st.lhash {
		t.Listening = append(t.Listening, objID("sock", n))
	}
	for _, n := range st.ehash {
		t.Ehash = append(t.Ehash, objID("sock", n))
	}
	for _, n := range sortedKeys(st.reqs) {
		t.Ehash = append(t.Ehash, st.reqs[n].id)
	}
	for _, p := range sortedKeys(st.udp) {
		b := InetBucket{Port: p}
		for _, n := range st.udp[p] {
			b.Owners = append(b.Owners, objID("sock", n))
		}
		t.UDP = append(t.UDP, b)
	}
	s.Inet = t
	s.Wire = make([]Segment, len(st.wire))
	for i, w := range st.wire {
		s.Wire[i] = w.segment()
	}
}

// queuedBytes: payload in write queues and in socket backlogs (not yet on a
// receive queue).
func (st *inetState) queuedBytes(k *Kernel) int64 {
	var n int64
	for _, sk := range k.socks {
		if sk.family != afInet {
			continue
		}
		in := inetSkOf(sk)
		for _, s := range in.writeQueue {
			n += int64(len(s.data))
		}
		for _, p := range in.backlog {
			n += int64(len(p.data))
		}
	}
	for _, p := range st.rx {
		n += int64(len(p.data))
	}
	return n
}

// check verifies the AF_INET tables against the socks (engine bugs only).
func (st *inetState) check(k *Kernel) error {
	for port, owners := range st.bhash {
		for _, n := range owners {
			sk := k.socks[n]
			if sk == nil {
				return sfmt.Errorf("bhash port %d owner sock:%d is freed", port, n)
			}
			if in := inetSkOf(sk); !in.bhashed || in.num != port {
				return sfmt.Errorf("%s in bhash port %d but bound to %d", sk.id, port, in.num)
			}
		}
	}
	for port, owners := range st.udp {
		for _, n := range owners {
			if sk := k.socks[n]; sk == nil || inetSkOf(sk).num != port {
				return sfmt.Errorf("udp_table port %d has a stale sock:%d", port, n)
			}
		}
	}
	for _, n := range st.lhash {
		if sk := k.socks[n]; sk == nil || sk.state != tcpListen {
			return sfmt.Errorf("listening hash holds sock:%d that is not listening", n)
		}
	}
	for _, n := range st.ehash {
		sk := k.socks[n]
		if sk == nil || sk.state == tcpClose || sk.state == tcpListen {
			return sfmt.Errorf("ehash holds sock:%d in a state without a 4-tuple", n)
		}
		if in := inetSkOf(sk); !in.ehashed || st.ehashIx[fourTuple{in.local(), in.remote()}] != n {
			return sfmt.Errorf("%s is in ehash under another 4-tuple", sk.id)
		}
	}
	if len(st.ehashIx) != len(st.ehash) || len(st.reqIx) != len(st.reqs) {
		return sfmt.Errorf("ehash index out of step: %d/%d socks, %d/%d requests", len(st.ehashIx), len(st.ehash), len(st.reqIx), len(st.reqs))
	}
	for _, r := range st.reqs {
		if l := k.socks[r.listener]; l == nil || l.state != tcpListen || !containsInt(inetSkOf(l).synQueue, r.n) {
			return sfmt.Errorf("%s is not on a listener's SYN queue", r.id)
		}
	}
	queued := map[int]int{}
	for _, sk := range k.socks {
		if sk.family != afInet {
			continue
		}
		in := inetSkOf(sk)
		for _, c := range in.acceptQueue {
			queued[c]++
			if child := k.socks[c]; child == nil || inetSkOf(child).parent != sk.n {
				return sfmt.Errorf("%s accept queue holds sock:%d that is not its child", sk.id, c)
			}
		}
		if sk.protocol == ipprotoUDP && len(in.rxFrom) != len(sk.receiveQueue) {
			return sfmt.Errorf("%s: %d datagrams but %d sender addresses", sk.id, len(sk.receiveQueue), len(in.rxFrom))
		}
		if in.bhashed && !containsInt(st.bhash[in.num], sk.n) {
			return sfmt.Errorf("%s thinks it is in bhash port %d", sk.id, in.num)
		}
	}
	for _, sk := range k.socks {
		if sk.family != afInet {
			continue
		}
		in := inetSkOf(sk)
		switch {
		case sk.socket != 0:
			if so := k.sockets[sk.socket]; so == nil || so.sk != sk.n {
				return sfmt.Errorf("%s owned by a socket that does not hold it", sk.id)
			}
		case queued[sk.n] == 1:
		case sk.dead && sk.protocol == ipprotoTCP && in.orphanAlive(sk):
		default:
			return sfmt.Errorf("%s (%s) is owned by nobody", sk.id, tcpStateNames[sk.state])
		}
	}
	return nil
}

// sortedInts returns a sorted copy.
func sortedInts(a []int) []int {
	c := append([]int(nil), a...)
	sort.Ints(c)
	return c
}
