package engine

// unixOps is one of AF_UNIX's struct proto_ops tables: unix_stream_ops,
// unix_dgram_ops or unix_seqpacket_ops. The three share most handlers, as in
// af_unix.c; typ selects the ones that differ.
type unixOps struct{ typ int }

var (
	unixStreamOps    = unixOps{sockStream}
	unixDgramOps     = unixOps{sockDgram}
	unixSeqpacketOps = unixOps{sockSeqpacket}
)

func (o unixOps) name() string {
	switch o.typ {
	case sockStream:
		return "unix_stream_ops"
	case sockDgram:
		return "unix_dgram_ops"
	}
	return "unix_seqpacket_ops"
}

func (o unixOps) release(k *Kernel, so *socket)                  { k.unixRelease(so) }
func (o unixOps) bind(k *Kernel, so *socket, sa *sockaddr) Errno { return k.unixBind(so, sa) }
func (o unixOps) socketpair(k *Kernel, a, b *socket) Errno       { return k.unixSocketpair(a, b) }
func (o unixOps) listen(k *Kernel, so *socket, backlog int) Errno {
	return k.unixListen(so, backlog)
}
func (o unixOps) shutdown(k *Kernel, so *socket, how int) Errno { return k.unixShutdown(so, how) }
func (o unixOps) getname(k *Kernel, so *socket, peer bool) (string, Errno) {
	return k.unixGetname(so, peer)
}

// connect: unix_stream_connect for stream and seqpacket, unix_dgram_connect.
func (o unixOps) connect(k *Kernel, so *socket, p *pendingCall) (Errno, *wouldBlock) {
	if o.typ == sockDgram {
		return k.unixDgramConnect(so, p.addr), nil
	}
	return k.unixStreamConnect(so, p)
}

// accept: unix_accept, or sock_no_accept for datagrams.
func (o unixOps) accept(k *Kernel, so, newso *socket, nonblock bool) (Errno, *wouldBlock) {
	if o.typ == sockDgram {
		defer k.tr.enter("sock_no_accept")()
		return EOPNOTSUPP, nil
	}
	return k.unixAccept(so, newso, nonblock)
}

// AF_UNIX has no options beyond SOL_SOCKET: its proto_ops leave setsockopt
// and getsockopt NULL, which the socket layer reports as EOPNOTSUPP.
func (o unixOps) setsockopt(k *Kernel, so *socket, level, opt int, val int32) Errno {
	return EOPNOTSUPP
}
func (o unixOps) getsockopt(k *Kernel, so *socket, level, opt int) (int64, Errno) {
	return -1, EOPNOTSUPP
}

func (o unixOps) sendmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	switch o.typ {
	case sockStream:
		return k.unixStreamSendmsg(so, m)
	case sockSeqpacket:
		return k.unixSeqpacketSendmsg(so, m)
	}
	return k.unixDgramSendmsg(so, m)
}

func (o unixOps) recvmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock) {
	switch o.typ {
	case sockStream:
		return k.unixStreamRecvmsg(so, m)
	case sockSeqpacket:
		return k.unixSeqpacketRecvmsg(so, m)
	}
	return k.unixDgramRecvmsg(so, m)
}
