package engine

// This file models ioctl(2) on the files of a timeline (fs/ioctl.c
// do_vfs_ioctl → sock_ioctl → sock_do_ioctl → the family's ioctl) for the
// two requests timeline v2 knows: FIONREAD (SIOCINQ, the bytes readable) and
// SIOCATMARK (1 when the next read starts at the urgent mark). The call
// returns the int the kernel stores, as ret. A request a socket's family
// does not handle (-ENOIOCTLCMD) is ENOTTY (sock_do_ioctl).

const (
	fionread   = 0x541B // FIONREAD == SIOCINQ
	siocatmark = 0x8905
)

func init() { extraSyscalls["ioctl"] = sysIoctl }

// sysIoctl models ksys_ioctl.
func sysIoctl(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	defer k.tr.enter("__x64_sys_ioctl")()
	f, err := k.fdget(t, arg(c.Args, 0).Int)
	if err != 0 {
		return errResult(err), nil
	}
	cmd := uint32(arg(c.Args, 1).Int) // unsigned int cmd
	if f.tty {
		defer k.tr.enter("tty_ioctl")()
		if cmd == fionread {
			return Result{}, nil // nobody types: nothing to read
		}
		return errResult(ENOTTY), nil
	}
	switch {
	case f.pipe != 0:
		// pipe_ioctl: FIONREAD is the bytes in the pipe; nothing else.
		defer k.tr.enter("pipe_ioctl")()
		if cmd == fionread {
			return Result{Ret: int64(k.polls().pipes[f.pipe].bytes())}, nil
		}
		return errResult(ENOTTY), nil
	case f.ep != 0:
		// ep_eventpoll_ioctl knows only EPIOCSPARAMS/EPIOCGPARAMS (busy
		// poll): anything else is EINVAL.
		defer k.tr.enter("ep_eventpoll_ioctl")()
		return errResult(EINVAL), nil
	}
	defer k.tr.enter("sock_ioctl")()
	so := k.sockets[f.socket]
	sk := k.socks[so.sk]
	if sk == nil {
		return errResult(ENOTTY), nil
	}
	v, e := k.sockDoIoctl(sk, cmd)
	if e != 0 {
		return errResult(e), nil
	}
	return Result{Ret: v}, nil
}

// sockDoIoctl is the family's ioctl: unix_ioctl, tcp_ioctl or udp_ioctl.
func (k *Kernel) sockDoIoctl(sk *sock, cmd uint32) (int64, Errno) {
	defer k.tr.enter("sock_do_ioctl")()
	switch sk.family {
	case afUnix:
		defer k.tr.enter("unix_ioctl")()
		switch cmd {
		case fionread:
			return k.unixInqLen(sk)
		case siocatmark:
			if sk.typ != sockStream {
				return -1, EOPNOTSUPP
			}
			return k.unixAtMark(sk), 0
		}
	case afInet:
		if sk.protocol == ipprotoTCP {
			defer k.tr.enter("tcp_ioctl")()
			switch cmd {
			case fionread:
				if sk.state == tcpListen {
					return -1, EINVAL
				}
				return k.tcpInq(sk), 0
			case siocatmark:
				return k.tcpAtMark(sk), 0
			}
		} else {
			defer k.tr.enter("udp_ioctl")()
			if cmd == fionread { // first_packet_length
				if len(sk.receiveQueue) > 0 {
					return int64(len(sk.receiveQueue[0].data)), 0
				}
				return 0, 0
			}
		}
	}
	return -1, ENOTTY
}

// unixInqLen models unix_inq_len(): EINVAL on a listener; a stream or
// seqpacket socket's every queued byte, a datagram socket's first datagram.
func (k *Kernel) unixInqLen(sk *sock) (int64, Errno) {
	if sk.state == tcpListen {
		return -1, EINVAL
	}
	if sk.typ == sockDgram {
		if len(sk.receiveQueue) > 0 {
			return int64(len(sk.receiveQueue[0].data)), 0
		}
		return 0, 0
	}
	var n int64
	for _, s := range sk.receiveQueue {
		n += int64(s.unixSkbLen())
	}
	// Linux 6.17+ keeps the count in u->inq_len (SO_INQ), which still
	// holds the bytes of out-of-band skbs manage_oob dropped unread.
	return n + sk.oobSkipped, 0
}

// unixAtMark models SIOCATMARK in unix_ioctl(): the head skb is the
// out-of-band one, or an empty skb (a read mark) followed by it or by nothing
// while no out-of-band byte is pending.
func (k *Kernel) unixAtMark(sk *sock) int64 {
	q := sk.receiveQueue
	if len(q) == 0 {
		return 0
	}
	if q[0].n == sk.oobSkb {
		return 1
	}
	if q[0].unixSkbLen() == 0 && (sk.oobSkb == 0 || len(q) > 1 && q[1].n == sk.oobSkb) {
		return 1
	}
	return 0
}
