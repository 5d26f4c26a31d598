package engine

// This file models the family-wide parts of net/unix/af_unix.c: unix_create,
// the name table, bind/autobind, name lookup, listen, shutdown, socketpair,
// getname and release. The stream and datagram paths are in unix_stream.go
// and unix_dgram.go.

const (
	unixHashSize = 256 // UNIX_HASH_SIZE
	unixHashMod  = unixHashSize - 1
	pfUnix       = 1
)

// unixTable is the AF_UNIX name table (net->unx.table): abstract names by
// (type, name) — the type is mixed into their hash, so each socket type has
// its own namespace — and bound paths through their inodes.
type unixTable struct {
	abstract map[abstractKey]int
	// totInflight is unix_tot_inflight: AF_UNIX socket files in flight
	// (garbage.go); gcRunning guards unix_gc against itself.
	totInflight int
	gcRunning   bool
}

type abstractKey struct {
	typ  int
	name string
}

func newUnixTable() unixTable { return unixTable{abstract: map[abstractKey]int{}} }

func (u unixTable) clone() unixTable {
	c := newUnixTable()
	c.totInflight = u.totInflight
	for key, n := range u.abstract {
		c.abstract[key] = n
	}
	return c
}

// unixFamilyOps is AF_UNIX's struct net_proto_family (unix_family_ops).
type unixFamilyOps struct{}

func (unixFamilyOps) family() int { return afUnix }

// create models unix_create().
func (unixFamilyOps) create(k *Kernel, so *socket, protocol int) Errno {
	defer k.tr.enter("unix_create")()
	if protocol != 0 && protocol != pfUnix {
		return EPROTONOSUPPORT
	}
	so.state = ssUnconnected
	switch so.typ {
	case sockStream:
		so.ops = unixStreamOps
	case sockRaw:
		so.typ = sockDgram
		so.ops = unixDgramOps
	case sockDgram:
		so.ops = unixDgramOps
	case sockSeqpacket:
		so.ops = unixSeqpacketOps
	default:
		return ESOCKTNOSUPPORT
	}
	k.unixCreate1(so, so.typ)
	return 0
}

// writeSpace models unix_write_space(): wake writers once the sock is
// writable again (unix_writable: sk_wmem_alloc << 2 <= sk_sndbuf).
func (unixFamilyOps) writeSpace(k *Kernel, sk *sock) {
	defer k.tr.enter("unix_write_space")()
	if sk.state != tcpListen && (sk.wmemAlloc+1)<<2 <= sk.sndbuf {
		k.wakeUpInterruptiblePoll(sk.wq, pollOutKey)
	}
}

func (unixFamilyOps) snapshotSock(k *Kernel, sk *sock, out *Sock) {}

// unixCreate1 models unix_create1(): the sock, its peer_wait queue, and its
// place in the unbound part of the name table.
func (k *Kernel) unixCreate1(so *socket, typ int) *sock {
	defer k.tr.enter("unix_create1")()
	sk := k.skAlloc(afUnix, typ, so)
	sk.maxAckBacklog = sysctlMaxDgramQln
	sk.peerWait = k.newWaitQueue("peer_wait", sk.id)
	k.unixInsertUnboundSocket(sk)
	return sk
}

// unixInsertUnboundSocket models unix_insert_unbound_socket(); the hash is a
// deterministic stand-in for hash_ptr(sk).
func (k *Kernel) unixInsertUnboundSocket(sk *sock) {
	defer k.tr.enter("unix_insert_unbound_socket")()
	sk.hashed = true
	sk.hash = sk.n & unixHashMod
	k.sockHold(sk) // sk_add_node holds a reference
}

// unixRemoveSocket models unix_remove_socket() + unix_remove_bsd_socket().
func (k *Kernel) unixRemoveSocket(sk *sock) {
	defer k.tr.enter("unix_remove_socket")()
	if !sk.hashed {
		return
	}
	sk.hashed = false
	if sk.addr != nil && sk.addr.abstract {
		key := abstractKey{sk.typ, string(sk.addr.path)}
		if k.unix.abstract[key] == sk.n {
			delete(k.unix.abstract, key)
		}
	}
	if in := k.inodes[sk.pathInode]; in != nil && in.bound == sk.n {
		in.bound = 0
		k.tr.touch(in.id, Changed)
	}
	sk.refcnt-- // __sock_put: sk_del_node_init drops the table's reference
	k.tr.touch(sk.id, Changed)
}

// unixAbstractHash models unix_abstract_hash(): csum_fold(csum_partial(name))
// folded, xor the type, in the upper half of the table.
func unixAbstractHash(path []byte, typ int) int {
	var sum uint32 = afUnix // the sun_family bytes, little-endian
	for i := 0; i < len(path); i += 2 {
		w := uint32(path[i])
		if i+1 < len(path) {
			w |= uint32(path[i+1]) << 8
		}
		sum += w
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	h := ^sum & 0xffff
	h ^= h >> 8
	h ^= uint32(typ)
	return unixHashMod + 1 + int(h&unixHashMod)
}

// unixValidateAddr models unix_validate_addr().
func unixValidateAddr(sa *sockaddr) Errno {
	if sa.len <= sunPathOffset || sa.len > sizeofSockaddrUn || sa.family != afUnix {
		return EINVAL
	}
	return 0
}

// unixBind models unix_bind(): the bare family is autobind, a leading NUL
// an abstract name, anything else a filesystem path.
func (k *Kernel) unixBind(so *socket, sa *sockaddr) Errno {
	defer k.tr.enter("unix_bind")()
	sk := k.socks[so.sk]
	if sa.len == sunPathOffset && sa.family == afUnix {
		return k.unixAutobind(sk)
	}
	if err := unixValidateAddr(sa); err != 0 {
		return err
	}
	if len(sa.path) > 0 && sa.path[0] != 0 {
		return k.unixBindBSD(sk, sa)
	}
	return k.unixBindAbstract(sk, sa)
}

// unixPasscredAutobind: a socket that wants credentials (SO_PASSCRED:
// unix_may_passcred) is autobound before it connects or sends
// (unix_stream_connect, unix_dgram_connect, unix_dgram_sendmsg), so the
// receiver can name it.
func (k *Kernel) unixPasscredAutobind(sk *sock) Errno {
	if !sk.opts.passcred || sk.addr != nil {
		return 0
	}
	return k.unixAutobind(sk)
}

// unixAutobind models unix_autobind(): a kernel-chosen abstract name of five
// hex digits; a bound socket keeps its name (and the call succeeds).
func (k *Kernel) unixAutobind(sk *sock) Errno {
	defer k.tr.enter("unix_autobind")()
	if sk.addr != nil {
		return 0
	}
	for tries := 0; tries <= 0xfffff; tries++ {
		k.autobindNum = (k.autobindNum + 1) & 0xfffff
		name := []byte{0, 0, 0, 0, 0, 0}
		const hx = "0123456789abcdef"
		for i, v := 5, k.autobindNum; i >= 1; i, v = i-1, v>>4 {
			name[i] = hx[v&15]
		}
		key := abstractKey{sk.typ, string(name)}
		if _, taken := k.unix.abstract[key]; taken {
			continue
		}
		k.unixSetAbstract(sk, name)
		return 0
	}
	return ENOSPC
}

// unixSetAbstract models __unix_set_addr_hash for an abstract name.
func (k *Kernel) unixSetAbstract(sk *sock, name []byte) {
	sk.addr = &unixAddress{path: name, abstract: true}
	sk.hash = unixAbstractHash(name, sk.typ)
	k.unix.abstract[abstractKey{sk.typ, string(name)}] = sk.n
	k.tr.touch(sk.id, Changed)
}

// unixBindAbstract models unix_bind_abstract().
func (k *Kernel) unixBindAbstract(sk *sock, sa *sockaddr) Errno {
	defer k.tr.enter("unix_bind_abstract")()
	if sk.addr != nil {
		return EINVAL
	}
	if _, taken := k.unix.abstract[abstractKey{sk.typ, string(sa.path)}]; taken {
		return EADDRINUSE
	}
	k.unixSetAbstract(sk, append([]byte(nil), sa.path...))
	return 0
}

// unixBindBSD models unix_bind_bsd(): create the socket file first (an
// existing name is EADDRINUSE), then refuse a socket that is already bound
// (EINVAL, removing the file just made).
func (k *Kernel) unixBindBSD(sk *sock, sa *sockaddr) Errno {
	defer k.tr.enter("unix_bind_bsd")()
	in, err := k.mknodSocket(string(sa.path))
	if err == EEXIST {
		return EADDRINUSE
	}
	if err != 0 {
		return err
	}
	if sk.addr != nil {
		k.vfsUnlink(in.path, in.n)
		return EINVAL
	}
	sk.addr = &unixAddress{path: append([]byte(nil), sa.path...)}
	sk.pathInode = in.n
	k.pathGet(in.n)
	in.bound = sk.n
	sk.hash = in.ino & unixHashMod // unix_bsd_hash(inode)
	k.tr.touch(sk.id, Changed)
	return 0
}

// unixFindOther models unix_find_other(): a path resolves through its inode
// (ENOENT, ECONNREFUSED if it is no socket or nobody is bound to it,
// EPROTOTYPE on a type mismatch); an abstract name through the table.
func (k *Kernel) unixFindOther(sa *sockaddr, typ int) (*sock, Errno) {
	defer k.tr.enter("unix_find_other")()
	if len(sa.path) > 0 && sa.path[0] != 0 {
		return k.unixFindBSD(sa, typ)
	}
	defer k.tr.enter("unix_find_abstract")()
	n, ok := k.unix.abstract[abstractKey{typ, string(sa.path)}]
	if !ok {
		return nil, ECONNREFUSED
	}
	return k.socks[n], 0
}

func (k *Kernel) unixFindBSD(sa *sockaddr, typ int) (*sock, Errno) {
	defer k.tr.enter("unix_find_bsd")()
	l, err := k.pathLookup(string(sa.path))
	if err != 0 {
		return nil, err
	}
	if l.inode == 0 {
		if l.isDir {
			return nil, ECONNREFUSED
		}
		return nil, ENOENT
	}
	if l.trailing {
		return nil, ENOTDIR
	}
	in := k.inodes[l.inode]
	if in.bound == 0 {
		return nil, ECONNREFUSED
	}
	sk := k.socks[in.bound]
	if sk.typ != typ {
		return nil, EPROTOTYPE
	}
	return sk, 0
}

// unixRecvqFull models unix_recvq_full(): more queued than the backlog, so a
// backlog of n admits n+1.
func unixRecvqFull(sk *sock) bool { return len(sk.receiveQueue) > sk.maxAckBacklog }

// unixListen models unix_listen().
func (k *Kernel) unixListen(so *socket, backlog int) Errno {
	defer k.tr.enter("unix_listen")()
	sk := k.socks[so.sk]
	if so.typ != sockStream && so.typ != sockSeqpacket {
		return EOPNOTSUPP
	}
	if sk.addr == nil {
		return EINVAL
	}
	if sk.state != tcpClose && sk.state != tcpListen {
		return EINVAL
	}
	if backlog > sk.maxAckBacklog {
		k.wakeUpInterruptibleAll(sk.peerWait)
	}
	sk.maxAckBacklog = backlog
	sk.state = tcpListen
	k.tr.touch(sk.id, Changed)
	return 0
}

// unixShutdown models unix_shutdown(): SHUT_RD/SHUT_WR/SHUT_RDWR become
// RCV_SHUTDOWN/SEND_SHUTDOWN bits; a stream or seqpacket peer gets the
// mirror image.
func (k *Kernel) unixShutdown(so *socket, how int) Errno {
	defer k.tr.enter("unix_shutdown")()
	if how < 0 || how > 2 {
		return EINVAL
	}
	mode := (how + 1) & shutdownMask
	sk := k.socks[so.sk]
	sk.shutdown |= mode
	k.tr.touch(sk.id, Changed)
	k.skStateChange(sk)
	other := k.socks[sk.peer]
	if other != nil && (sk.typ == sockStream || sk.typ == sockSeqpacket) {
		peerMode := 0
		if mode&rcvShutdown != 0 {
			peerMode |= sendShutdown
		}
		if mode&sendShutdown != 0 {
			peerMode |= rcvShutdown
		}
		other.shutdown |= peerMode
		k.tr.touch(other.id, Changed)
		k.skStateChange(other)
	}
	return 0
}

// skStateChange models sock_def_wakeup(): wake everybody on sk_wq.
func (k *Kernel) skStateChange(sk *sock) {
	defer k.tr.enter("sock_def_wakeup")()
	k.wakeUpInterruptibleAll(sk.wq)
}

// skDataReady models sock_def_readable(): wake a reader (EPOLLIN).
func (k *Kernel) skDataReady(sk *sock) {
	defer k.tr.enter("sock_def_readable")()
	k.wakeUpInterruptiblePoll(sk.wq, pollInKey)
}

// unixSocketpair models unix_socketpair(): join two socks back to back.
func (k *Kernel) unixSocketpair(a, b *socket) Errno {
	defer k.tr.enter("unix_socketpair")()
	ska, skb := k.socks[a.sk], k.socks[b.sk]
	k.sockHold(ska)
	k.sockHold(skb)
	ska.peer, skb.peer = skb.n, ska.n
	ska.state, skb.state = tcpEstablished, tcpEstablished
	a.state, b.state = ssConnected, ssConnected
	k.tr.touch(a.id, Changed)
	k.tr.touch(b.id, Changed)
	return 0
}

// unixGetname models unix_getname(): our name or the peer's; unnamed is "".
func (k *Kernel) unixGetname(so *socket, peer bool) (string, Errno) {
	defer k.tr.enter("unix_getname")()
	sk := k.socks[so.sk]
	if peer {
		if sk.peer == 0 {
			return "", ENOTCONN
		}
		sk = k.socks[sk.peer]
	}
	return sk.addr.String(), 0
}

// unixRelease models unix_release().
func (k *Kernel) unixRelease(so *socket) {
	defer k.tr.enter("unix_release")()
	sk := k.socks[so.sk]
	if sk == nil {
		return
	}
	k.unixReleaseSock(sk, false)
	so.sk = 0
	k.unixGC() // unix_release_sock: unix_schedule_gc() when anything is in flight
}

// unixReleaseSock models unix_release_sock(): unhash, orphan, shut the peer
// down (ECONNRESET if we die with unread data or as an embryo), release the
// embryos of a listener's queue, drop the queue and the path.
func (k *Kernel) unixReleaseSock(sk *sock, embrion bool) {
	defer k.tr.enter("unix_release_sock")()
	k.unixRemoveSocket(sk)
	k.sockOrphan(sk)
	sk.shutdown = shutdownMask
	pathInode := sk.pathInode
	sk.pathInode = 0
	state := sk.state
	sk.state = tcpClose
	skpair := k.socks[sk.peer]
	sk.peer = 0
	sk.oobSkb = 0
	k.tr.touch(sk.id, Changed)

	k.wakeUpInterruptibleAll(sk.peerWait)

	if skpair != nil {
		if sk.typ == sockStream || sk.typ == sockSeqpacket {
			skpair.shutdown = shutdownMask
			// Linux since 2025 ("af_unix: Don't set -ECONNRESET for
			// consumed OOB skb"; measured on 6.18): a head skb with nothing left to read (a
			// zero-length SEQPACKET message, a consumed OOB byte) does
			// not count as unread data; the one after it does:
			//   skb = skb_peek(&sk->sk_receive_queue);
			//   if (skb && !unix_skb_len(skb))
			//           skb = skb_peek_next(skb, &sk->sk_receive_queue);
			//   if (skb || embrion) skpair->sk_err = ECONNRESET;
			unread := len(sk.receiveQueue) > 0
			if unread && sk.receiveQueue[0].unixSkbLen() == 0 {
				unread = len(sk.receiveQueue) > 1
			}
			if unread || embrion {
				skpair.err = ECONNRESET
			}
			k.tr.touch(skpair.id, Changed)
			k.skStateChange(skpair)
		}
		k.unixDgramPeerWakeDisconnect(sk, skpair)
		k.sockPut(skpair)
	}
	for len(sk.receiveQueue) > 0 {
		s := k.skbDequeue(sk)
		if state == tcpListen && s.embryo {
			k.unixReleaseSock(k.socks[s.sk], true)
		} else {
			k.acct.dropped += int64(s.unixSkbLen())
		}
		k.kfreeSkb(s, "kfree_skb")
	}
	if pathInode != 0 {
		k.pathPut(pathInode)
	}
	k.sockPut(sk)
}

// sockOrphan models sock_orphan(): SOCK_DEAD, no socket, no wait queue.
func (k *Kernel) sockOrphan(sk *sock) {
	defer k.tr.enter("sock_orphan")()
	sk.dead = true
	sk.socket = 0
	sk.wq = 0
	k.tr.touch(sk.id, Changed)
}
