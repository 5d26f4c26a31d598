package engine

// This file models net/ipv4/af_inet.c: the AF_INET family (inet_create,
// inet_bind, inet_getname, inet_shutdown, inet_release) and its two
// struct proto_ops tables, inet_stream_ops (TCP) and inet_dgram_ops (UDP).
// The protocol halves live in tcp*.go and udp.go; the hash tables in
// inet_hashtables.go; the loopback wire in loopback.go; the clock in timer.go.
//
// socklab models one network namespace with only `lo` up: 127.0.0.0/8 is
// local, every other address is unreachable (ENETUNREACH on connect/send,
// EADDRNOTAVAIL on bind) — exactly what Linux does in a fresh `unshare -n`
// namespace with lo up, which is where the differential tests run.
//
// What the model simplifies, and why it does not show in results:
//   - Delivery is synchronous inside the sending syscall (loopback softirq
//     processing); segments for a sock a syscall holds (lock_sock) wait in
//     its backlog until release_sock, which is what makes a nonblocking
//     connect return EINPROGRESS although the handshake is already done.
//   - Every data segment is acknowledged at once (quickack), windows are
//     half of sk_rcvbuf minus what is queued, segments are at most one MSS
//     (65483 on lo); Nagle never delays (TCP_NODELAY is accepted and
//     inherited but changes nothing visible). Exact byte counts at which a
//     huge write blocks differ from Linux, whose autotuning depends on timing.
//   - SYN cookies, urgent data (MSG_OOB is sent inline), SO_LINGER,
//     keepalive probes, raw sockets and IP-level options are not modelled.
//   - Ephemeral ports are handed out in order from a rotating cursor, not at
//     random; the differential tests normalise them.
//   - Time passes only in `sleep(ms)` (timer.go): SYN retransmission with
//     exponential backoff and TIME_WAIT expiry (60 s) are shown that way.

func init() {
	registerFamilies = append(registerFamilies, func(k *Kernel) {
		sockRegister(k, inetFamilyOps{})
		k.setFamilyState(afInet, newInetState())
	})
	extraSyscalls["sleep"] = sysSleep
}

// IP protocol numbers (include/uapi/linux/in.h).
const (
	ipprotoIP  = 0
	ipprotoTCP = 6
	ipprotoUDP = 17
	solIP      = 0
	solTCP     = 6
	tcpNodelay = 1
)

// Loopback-specific constants measured on the host (Linux 6.x, lo MTU 65536).
const (
	tcpMSS          = 65483 // advmss on lo as ss reports it: the largest segment socklab sends
	udpMaxPayload   = 65507 // 65535 - 20 (IP header) - 8 (UDP header)
	sysctlTCPWmem1  = 16384 // net.ipv4.tcp_wmem[1]: a new TCP sock's sk_sndbuf
	sysctlTCPRmem1  = 131072
	tcpExpandedSnd  = 3939840 // sk_sndbuf after tcp_sndbuf_expand on lo (bbr: 3 * 10 * 131328), measured
	ipLocalPortLow  = 32768   // net.ipv4.ip_local_port_range
	ipLocalPortHigh = 60999
	tcpTimewaitLen  = 60000 // TCP_TIMEWAIT_LEN, ms
	tcpFinTimeout   = 60000 // net.ipv4.tcp_fin_timeout, ms
	tcpTimeoutInit  = 1000  // TCP_TIMEOUT_INIT: the first SYN retransmission, ms
	tcpSynRetries   = 6     // net.ipv4.tcp_syn_retries
)

// inetAddr is an IPv4 address and port (host byte order port).
type inetAddr struct {
	ip   [4]byte
	port int
}

func (a inetAddr) String() string {
	return itoa(int(a.ip[0])) + "." + itoa(int(a.ip[1])) + "." + itoa(int(a.ip[2])) + "." + itoa(int(a.ip[3])) + ":" + itoa(a.port)
}

func (a inetAddr) any() bool         { return a.ip == [4]byte{} }
func isLoopback(ip [4]byte) bool     { return ip[0] == 127 }
func loopbackIP() [4]byte            { return [4]byte{127, 0, 0, 1} }
func ipMatch(bound, ip [4]byte) bool { return bound == [4]byte{} || bound == ip }

// inetFamilyOps is AF_INET's struct net_proto_family (inet_family_ops).
type inetFamilyOps struct{}

func (inetFamilyOps) family() int { return afInet }

// create models inet_create(): look the (type, protocol) pair up in inetsw
// and build the sock with tcp_v4_init_sock / udp_init_sock defaults.
func (inetFamilyOps) create(k *Kernel, so *socket, protocol int) Errno {
	defer k.tr.enter("inet_create")()
	var ops inetOps
	switch so.typ {
	case sockStream:
		if protocol != 0 && protocol != ipprotoTCP {
			return EPROTONOSUPPORT
		}
		protocol, ops = ipprotoTCP, inetStreamOps
	case sockDgram:
		if protocol != 0 && protocol != ipprotoUDP {
			return EPROTONOSUPPORT
		}
		protocol, ops = ipprotoUDP, inetDgramOps
	case sockRaw:
		// inetsw[SOCK_RAW] only has the IPPROTO_IP wildcard entry, which
		// refuses protocol 0; raw sockets with a protocol are not modelled.
		return EPROTONOSUPPORT
	default:
		return ESOCKTNOSUPPORT
	}
	so.state = ssUnconnected
	so.ops = ops
	sk := k.skAlloc(afInet, so.typ, so)
	sk.protocol = protocol
	sk.proto = &inetSk{}
	if protocol == ipprotoTCP {
		defer k.tr.enter("tcp_v4_init_sock")()
		sk.sndbuf, sk.rcvbuf = sysctlTCPWmem1, sysctlTCPRmem1
	} else {
		defer k.tr.enter("udp_init_sock")()
	}
	return 0
}

// writeSpace models sk_stream_write_space / sock_def_write_space: wake
// writers when the send buffer has room again.
func (inetFamilyOps) writeSpace(k *Kernel, sk *sock) {
	if sk.protocol == ipprotoTCP {
		k.skStreamWriteSpace(sk)
	}
}

// snapshotSock draws inet_sock and tcp_sock fields.
func (inetFamilyOps) snapshotSock(k *Kernel, sk *sock, out *Sock) { k.inetSnapshotSock(sk, out) }

// inetSkOf returns sk's inet part.
func inetSkOf(sk *sock) *inetSk { return sk.proto.(*inetSk) }

// inetOps is inet_stream_ops or inet_dgram_ops.
type inetOps struct{ typ int }

var (
	inetStreamOps = inetOps{sockStream}
	inetDgramOps  = inetOps{sockDgram}
)

func (o inetOps) name() string {
	if o.typ == sockStream {
		return "inet_stream_ops"
	}
	return "inet_dgram_ops"
}

func (o inetOps) release(k *Kernel, so *socket) { k.inetRelease(so) }
func (o inetOps) bind(k *Kernel, so *socket, sa *sockaddr) Errno {
	return k.inetBind(so, sa)
}

func (o inetOps) connect(k *Kernel, so *socket, p *pendingCall) (Errno, *wouldBlock) {
	if o.typ == sockStream {
		return k.inetStreamConnect(so, p)
	}
	return k.inetDgramConnect(so, p.addr), nil
}

func (o inetOps) socketpair(k *Kernel, a, b *socket) Errno {
	defer k.tr.enter("sock_no_socketpair")()
	return EOPNOTSUPP
}

func (o inetOps) accept(k *Kernel, so, newso *socket, nonblock bool) (Errno, *wouldBlock) {
	if o.typ != sockStream {
		defer k.tr.enter("sock_no_accept")()
		return EOPNOTSUPP, nil
	}
	return k.inetAccept(so, newso, nonblock)
}

func (o inetOps) getname(k *Kernel, so *socket, peer bool) (string, Errno) {
	return k.inetGetname(so, peer)
}

func (o inetOps) listen(k *Kernel, so *socket, backlog int) Errno {
	if o.typ != sockStream {
		defer k.tr.enter("sock_no_listen")()
		return EOPNOTSUPP
	}
	return k.inetListen(so, backlog)
}

func (o inetOps) shutdown(k *Kernel, so *socket, how int) Errno { return k.inetShutdown(so, how) }

func (o inetOps) setsockopt(k *Kernel, so *socket, level, opt int, val int32) Errno {
	sk := k.socks[so.sk]
	if sk.protocol == ipprotoTCP {
		defer k.tr.enter("tcp_setsockopt")()
		if level == solTCP {
			if opt == tcpNodelay {
				inetSkOf(sk).nodelay = val != 0
				k.tr.touch(sk.id, Changed)
				return 0
			}
			return ENOPROTOOPT
		}
	} else {
		defer k.tr.enter("udp_setsockopt")()
	}
	defer k.tr.enter("ip_setsockopt")()
	return ENOPROTOOPT // other levels, and IP options socklab does not model
}

func (o inetOps) getsockopt(k *Kernel, so *socket, level, opt int) (int64, Errno) {
	sk := k.socks[so.sk]
	if sk.protocol == ipprotoTCP {
		defer k.tr.enter("tcp_getsockopt")()
		if level == solTCP {
			if opt == tcpNodelay {
				if inetSkOf(sk).nodelay {
					return 1, 0
				}
				return 0, 0
			}
			return -1, ENOPROTOOPT
		}
	} else {
		defer k.tr.enter("udp_getsockopt")()
		if level == ipprotoUDP {
			// udp_lib_getsockopt: UDP_CORK (1), UDP_ENCAP (100),
			// UDP_NO_CHECK6_TX/RX (101, 102), UDP_SEGMENT (103) and
			// UDP_GRO (104) read flags socklab never sets (setsockopt at
			// this level is not modelled): 0. Anything else ENOPROTOOPT.
			if opt == 1 || (opt >= 100 && opt <= 104) {
				return 0, 0
			}
			return -1, ENOPROTOOPT
		}
	}
	defer k.tr.enter("ip_getsockopt")()
	if level != solIP {
		return -1, EOPNOTSUPP // do_ip_getsockopt refuses other levels
	}
	switch opt {
	case 1, 3: // IP_TOS (inet->tos), IP_HDRINCL: 0 unless set
		return 0, 0
	case 2: // IP_TTL: uc_ttl -1 reads as net.ipv4.ip_default_ttl
		return 64, 0
	}
	return -1, ENOPROTOOPT
}

func (o inetOps) sendmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("inet_sendmsg")()
	if o.typ == sockStream {
		return k.tcpSendmsg(so, m)
	}
	return k.udpSendmsg(so, m)
}

func (o inetOps) recvmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	defer k.tr.enter("inet_recvmsg")()
	if o.typ == sockStream {
		return k.tcpRecvmsg(so, m)
	}
	return k.udpRecvmsg(so, m)
}

// inetCheckAddr is the family/length check at the top of __inet_bind,
// tcp_v4_connect and ip4_datagram_connect.
func inetCheckAddr(sa *sockaddr) Errno {
	if sa.len < sizeofSockaddrIn {
		return EINVAL
	}
	if sa.family != afInet {
		return EAFNOSUPPORT
	}
	return 0
}

// inetBind models inet_bind → __inet_bind: the address must be local
// (127.0.0.0/8 on lo) or INADDR_ANY; a sock binds once; the protocol's
// get_port (inet_csk_get_port or udp_v4_get_port) claims the port.
// Tasks run as root, so ports below 1024 are allowed (CAP_NET_BIND_SERVICE).
func (k *Kernel) inetBind(so *socket, sa *sockaddr) Errno {
	defer k.tr.enter("inet_bind")()
	defer k.tr.enter("__inet_bind")()
	sk := k.socks[so.sk]
	if sa.len < sizeofSockaddrIn {
		return EINVAL
	}
	if sa.family != afInet {
		// AF_UNSPEC with INADDR_ANY is accepted for compatibility; socklab's
		// address strings cannot express it.
		return EAFNOSUPPORT
	}
	// inet_addr_valid_or_nonlocal: a local address (INADDR_ANY, 127/8 on
	// lo), the limited broadcast and multicast addresses may be bound;
	// for the last two the source address is left to the route ("use
	// device": inet_saddr 0). lo's 127.255.255.255 is RTN_BROADCAST too.
	bcast := ipRouteBroadcast(sa.ip) || ipIsMulticast(sa.ip)
	if sa.ip != [4]byte{} && !isLoopback(sa.ip) && !bcast {
		return EADDRNOTAVAIL
	}
	in := inetSkOf(sk)
	if sk.state != tcpClose || in.num != 0 {
		return EINVAL
	}
	in.rcvSaddr, in.saddr = sa.ip, sa.ip
	if bcast {
		in.saddr = [4]byte{}
	}
	var err Errno
	if sk.protocol == ipprotoTCP {
		err = k.inetCskGetPort(sk, sa.port)
	} else {
		err = k.udpV4GetPort(sk, sa.port)
	}
	if err != 0 {
		in.rcvSaddr, in.saddr = [4]byte{}, [4]byte{}
		return err
	}
	in.bindAddrLock = sa.ip != [4]byte{}
	in.bindPortLock = sa.port != 0
	in.sport = in.num
	in.daddr, in.dport = [4]byte{}, 0
	k.tr.touch(sk.id, Changed)
	return 0
}

// inetAutobind models inet_autobind(): give an unbound sock an ephemeral port.
func (k *Kernel) inetAutobind(sk *sock) Errno {
	in := inetSkOf(sk)
	if in.num != 0 {
		return 0
	}
	defer k.tr.enter("inet_autobind")()
	var err Errno
	if sk.protocol == ipprotoTCP {
		err = k.inetCskGetPort(sk, 0)
	} else {
		err = k.udpV4GetPort(sk, 0)
	}
	if err != 0 {
		return EAGAIN
	}
	in.sport = in.num
	return 0
}

// inetGetname models inet_getname(): the local address (inet_rcv_saddr, or
// inet_saddr once connected) and inet_sport, or the peer; ENOTCONN for a
// peer that is not there (no inet_dport, or CLOSE/SYN_SENT).
func (k *Kernel) inetGetname(so *socket, peer bool) (string, Errno) {
	defer k.tr.enter("inet_getname")()
	sk := k.socks[so.sk]
	in := inetSkOf(sk)
	if peer {
		if in.dport == 0 || sk.state == tcpClose || sk.state == tcpSynSent {
			return "", ENOTCONN
		}
		return inetAddr{in.daddr, in.dport}.String(), 0
	}
	ip := in.rcvSaddr
	if ip == [4]byte{} {
		ip = in.saddr
	}
	return inetAddr{ip, in.sport}.String(), 0
}

// inetAcceptName is inet_getname(sock, addr, 2), do_accept's call: the
// peer's address unless the sock has none (no TCP_CLOSE check).
func (k *Kernel) inetAcceptName(so *socket) string {
	in := inetSkOf(k.socks[so.sk])
	if in.dport == 0 {
		return ""
	}
	return inetAddr{in.daddr, in.dport}.String()
}

// inetShutdown models inet_shutdown().
func (k *Kernel) inetShutdown(so *socket, how int) Errno {
	defer k.tr.enter("inet_shutdown")()
	if how < 0 || how > 2 {
		return EINVAL
	}
	mode := how + 1
	sk := k.socks[so.sk]
	k.lockSock(sk)
	defer k.releaseSock(sk)
	if so.state == ssConnecting {
		if sk.state == tcpSynSent || sk.state == tcpSynRecv || sk.state == tcpClose {
			so.state = ssDisconnecting
		} else {
			so.state = ssConnected
		}
	}
	var err Errno
	switch sk.state {
	case tcpListen:
		if mode&rcvShutdown == 0 {
			break
		}
		k.tcpDisconnect(sk)
		so.state = ssUnconnected
	case tcpSynSent:
		k.tcpDisconnect(sk)
		so.state = ssUnconnected
	case tcpClose:
		err = ENOTCONN
		fallthrough
	default:
		sk.shutdown |= mode
		k.tr.touch(sk.id, Changed)
		if sk.protocol == ipprotoTCP {
			k.tcpShutdown(sk, mode)
		}
	}
	k.skStateChange(sk)
	return err
}

// inetRelease models inet_release(): the protocol's close (tcp_close or
// udp_lib_close) orphans or frees the sock.
func (k *Kernel) inetRelease(so *socket) {
	defer k.tr.enter("inet_release")()
	sk := k.socks[so.sk]
	if sk == nil {
		return
	}
	if sk.protocol == ipprotoTCP {
		k.tcpClose(sk)
	} else {
		k.udpLibClose(sk)
	}
	so.sk = 0
}

// inetSkFree models sk_free for an AF_INET sock (inet_sock_destruct): purge
// the queues, leave the tables, free.
func (k *Kernel) inetSkFree(sk *sock) {
	defer k.tr.enter("inet_sock_destruct")()
	in := inetSkOf(sk)
	for _, s := range sk.receiveQueue {
		k.acct.dropped += int64(s.unixSkbLen())
		k.tr.touch(s.id, Freed)
	}
	sk.receiveQueue = nil
	in.rxFrom = nil
	k.tcpPurgeWriteQueue(sk)
	for _, p := range in.backlog {
		k.acct.dropped += int64(len(p.data))
	}
	in.backlog = nil
	k.inetUnhashAll(sk)
	delete(k.socks, sk.n)
	k.tr.touch(sk.id, Freed)
}
