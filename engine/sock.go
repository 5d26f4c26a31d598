package engine

// sk_state values (include/net/tcp_states.h); AF_UNIX uses them too.
const (
	tcpEstablished = 1
	tcpClose       = 7
	tcpListen      = 10
)

var tcpStateNames = map[int]string{
	1: "TCP_ESTABLISHED", 2: "TCP_SYN_SENT", 3: "TCP_SYN_RECV", 4: "TCP_FIN_WAIT1",
	5: "TCP_FIN_WAIT2", 6: "TCP_TIME_WAIT", 7: "TCP_CLOSE", 8: "TCP_CLOSE_WAIT",
	9: "TCP_LAST_ACK", 10: "TCP_LISTEN", 11: "TCP_CLOSING", 12: "TCP_NEW_SYN_RECV",
}

// sk_shutdown bits.
const (
	rcvShutdown  = 1
	sendShutdown = 2
	shutdownMask = 3
)

// Socket buffer sysctls and limits (net/core/sock.c, include/net/sock.h).
// sysctl_wmem_max/rmem_max are Linux's defaults; hosts often raise them.
const (
	sysctlWmemDefault = 212992
	sysctlRmemDefault = 212992
	sysctlWmemMax     = 212992
	sysctlRmemMax     = 212992
	sockMinSndbuf     = 4608 // SOCK_MIN_SNDBUF: 2 * (2048 + SKB_TRUESIZE(1)) as measured
	sockMinRcvbuf     = 2304 // SOCK_MIN_RCVBUF
	sysctlSomaxconn   = 4096
	sysctlMaxDgramQln = 10 // net.unix.max_dgram_qlen
	intMax            = 1<<31 - 1
)

// sockPrivate is a protocol's private part of a sock (inet_sock, tcp_sock):
// families other than AF_UNIX keep their state behind it.
type sockPrivate interface {
	clone() sockPrivate
}

// sock is a struct sock with the unix_sock fields AF_UNIX needs.
type sock struct {
	n                int
	id               string
	family, typ      int
	protocol         int
	state            int // sk_state
	shutdown         int // sk_shutdown
	err              Errno
	refcnt           int
	sndbuf, rcvbuf   int
	wmemAlloc        int // sk_wmem_alloc (without Linux's +1 bias)
	maxAckBacklog    int
	socket           int // sk_socket, 0 for an embryo or an orphan
	dead             bool
	wq               int // sk_wq: the socket's wait queue, or peer_wq for an embryo
	reuse, reuseport bool
	keepalive        bool
	freeing          bool // refcount hit zero; __sk_free waits for sk_wmem_alloc
	receiveQueue     []*skbuff
	opts             sockOpts // SO_RCVTIMEO, SO_LINGER, ... (sock_opts.go)

	// unix_sock
	peer      int
	addr      *unixAddress
	pathInode int // u->path: the filesystem inode of a bound path
	peerWait  int
	peerWq    int
	listener  int
	hashed    bool // linked in unix_socket_table
	hash      int
	oobSkb    int // u->oob_skb: the skb (by number) holding the out-of-band byte
	// oobSkipped: bytes u->inq_len still counts for out-of-band skbs that
	// manage_oob dropped unread (unixInqLen).
	oobSkipped int64
	inflight   int // u->inflight: how many of this sock's files are in flight (garbage.go)

	proto sockPrivate
}

// skAlloc models sk_alloc() + sock_init_data(): a sock with one reference,
// the default buffers, TCP_CLOSE, attached to so if given.
func (k *Kernel) skAlloc(family, typ int, so *socket) *sock {
	defer k.tr.enter("sk_alloc")()
	k.ids.sock++
	n := k.ids.sock
	sk := &sock{
		n: n, id: objID("sock", n), family: family, typ: typ, state: tcpClose,
		refcnt: 1, sndbuf: sysctlWmemDefault, rcvbuf: sysctlRmemDefault, opts: defaultSockOpts(),
	}
	k.socks[n] = sk
	k.tr.touch(sk.id, Created)
	if so != nil {
		k.sockGraft(sk, so)
	}
	return sk
}

// sockGraft models sock_graft(): attach sk to so and to its wait queue.
func (k *Kernel) sockGraft(sk *sock, so *socket) {
	sk.socket = so.n
	sk.wq = so.wq
	so.sk = sk.n
	k.tr.touch(sk.id, Changed)
	k.tr.touch(so.id, Changed)
}

// sockHold models sock_hold().
func (k *Kernel) sockHold(sk *sock) {
	sk.refcnt++
	k.tr.touch(sk.id, Changed)
}

// sockPut models sock_put(): the last reference frees the sock, or leaves it
// to the last skb charged to it (__sk_free waits for sk_wmem_alloc).
func (k *Kernel) sockPut(sk *sock) {
	defer k.tr.enter("sock_put")()
	sk.refcnt--
	k.tr.touch(sk.id, Changed)
	if sk.refcnt > 0 {
		return
	}
	sk.freeing = true
	if sk.wmemAlloc == 0 {
		k.skFree(sk)
	}
}

// skFree models __sk_free → sk_destruct (unix_sock_destructor for AF_UNIX).
func (k *Kernel) skFree(sk *sock) {
	defer k.tr.enter("__sk_free")()
	for _, s := range sk.receiveQueue {
		k.acct.dropped += int64(s.unixSkbLen())
		k.kfreeSkb(s, "kfree_skb")
	}
	sk.receiveQueue = nil
	if sk.peerWait != 0 {
		k.freeWaitQueue(sk.peerWait)
	}
	if sk.peerWq != 0 {
		k.freeWaitQueue(sk.peerWq)
	}
	delete(k.socks, sk.n)
	k.tr.touch(sk.id, Freed)
}

// sockWfree models sock_wfree(), the destructor of a sent skb: return its
// truesize to the owner and call sk_write_space, which may wake writers.
func (k *Kernel) sockWfree(s *skbuff) {
	defer k.tr.enter("sock_wfree")()
	sk := k.socks[s.sk]
	if sk == nil {
		return
	}
	sk.wmemAlloc -= s.truesize
	k.tr.touch(sk.id, Changed)
	if fam := k.families[sk.family]; fam != nil {
		fam.writeSpace(k, sk)
	}
	if sk.freeing && sk.wmemAlloc == 0 {
		k.skFree(sk)
	}
}

// sockError models sock_error(): read and clear sk_err.
func (k *Kernel) sockError(sk *sock) Errno {
	e := sk.err
	if e != 0 {
		sk.err = 0
		k.tr.touch(sk.id, Changed)
	}
	return e
}

// Socket options (include/uapi/asm-generic/socket.h).
const (
	solSocket    = 1
	soReuseaddr  = 2
	soType       = 3
	soError      = 4
	soSndbuf     = 7
	soRcvbuf     = 8
	soKeepalive  = 9
	soReuseport  = 15
	soAcceptconn = 30
	soProtocol   = 38
	soDomain     = 39
)

// sockSetsockopt models sk_setsockopt() for the SOL_SOCKET options socklab
// knows. val is the int user space passed.
func (k *Kernel) sockSetsockopt(sk *sock, opt int, val int32) Errno {
	defer k.tr.enter("sock_setsockopt")()
	k.tr.touch(sk.id, Changed)
	valbool := val != 0
	switch opt {
	case soReuseaddr:
		sk.reuse = valbool
	case soKeepalive:
		sk.keepalive = valbool
	case soReuseport:
		if valbool && sk.family != afInet {
			return EOPNOTSUPP
		}
		sk.reuseport = valbool
	case soSndbuf:
		v := min(uint32(val), sysctlWmemMax)
		sk.sndbuf = max(int(min(v, intMax/2))*2, sockMinSndbuf)
		if fam := k.families[sk.family]; fam != nil {
			fam.writeSpace(k, sk)
		}
	case soRcvbuf:
		v := min(uint32(val), sysctlRmemMax)
		sk.rcvbuf = max(int(min(v, intMax/2))*2, sockMinRcvbuf)
	default:
		return ENOPROTOOPT
	}
	return 0
}

// sockGetsockopt models sk_getsockopt() for the SOL_SOCKET options socklab knows.
func (k *Kernel) sockGetsockopt(sk *sock, opt int) (int64, Errno) {
	defer k.tr.enter("sk_getsockopt")()
	b := func(v bool) int64 {
		if v {
			return 1
		}
		return 0
	}
	switch opt {
	case soReuseaddr:
		return b(sk.reuse), 0
	case soKeepalive:
		return b(sk.keepalive), 0
	case soReuseport:
		return b(sk.reuseport), 0
	case soType:
		return int64(sk.typ), 0
	case soError:
		return int64(k.sockError(sk)), 0
	case soSndbuf:
		return int64(sk.sndbuf), 0
	case soRcvbuf:
		return int64(sk.rcvbuf), 0
	case soAcceptconn:
		return b(sk.state == tcpListen), 0
	case soProtocol:
		return int64(sk.protocol), 0
	case soDomain:
		return int64(sk.family), 0
	}
	return -1, ENOPROTOOPT
}

// sockAllocSendPskb models sock_alloc_send_pskb(): a pending error, a
// send-side shutdown (EPIPE), then room in the send buffer — an skb may be
// allocated while sk_wmem_alloc < sk_sndbuf, however large it is; otherwise
// EAGAIN, or sleep in sock_wait_for_wmem.
func (k *Kernel) sockAllocSendPskb(sk *sock, truesize int, nonblock bool) (*skbuff, Errno, *wouldBlock) {
	defer k.tr.enter("sock_alloc_send_pskb")()
	if err := k.sockError(sk); err != 0 {
		return nil, err, nil
	}
	if sk.shutdown&sendShutdown != 0 {
		return nil, EPIPE, nil
	}
	if sk.wmemAlloc < sk.sndbuf {
		s := k.allocSkb(nil, truesize)
		k.skbSetOwnerW(s, sk)
		return s, 0, nil
	}
	if nonblock {
		return nil, EAGAIN, nil
	}
	return nil, 0, &wouldBlock{wq: sk.wq, in: "sock_wait_for_wmem"}
}
