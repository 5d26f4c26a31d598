package engine

// This file models the SOL_SOCKET options of net/core/sock.c that timeline
// v2 adds: SO_RCVTIMEO / SO_SNDTIMEO (sock_set_timeout / sock_get_timeout,
// kept in jiffies), SO_LINGER, SO_RCVLOWAT (sock_rcvlowat, tcp_set_rcvlowat),
// SO_OOBINLINE (SOCK_URGINLINE) and SO_PASSCRED. The time-outs themselves
// run on the timer list of timer.go (sock_timeo.go).

// Option numbers (include/uapi/asm-generic/socket.h, x86_64).
const (
	soOobinline = 10
	soLinger    = 13
	soPasscred  = 16
	soRcvlowat  = 18
	soRcvtimeo  = 20 // SO_RCVTIMEO_OLD: struct __kernel_old_timeval
	soSndtimeo  = 21 // SO_SNDTIMEO_OLD
)

const (
	// hz is CONFIG_HZ of the kernel the differential tests run on (a
	// Fedora-style x86_64 config: 250). A time-out is kept in jiffies of
	// 4 ms, so 10 ms reads back as 12 ms; multiples of 20 ms read back
	// unchanged (the spec's "multiples of 10 ms" holds for HZ=100/1000).
	hz                 = 250
	msPerJiffy         = 1000 / hz
	usecPerSec         = 1000000
	maxScheduleTimeout = 1<<63 - 1 // MAX_SCHEDULE_TIMEOUT (LONG_MAX): wait forever
	sysctlTCPRmem2     = 33554432  // net.ipv4.tcp_rmem[2] (32 MB since Linux 6.16)
)

// sockOpts are the struct sock fields behind those options. A TCP child
// inherits them from its listener (sk_clone_lock copies the sock); an
// AF_UNIX embryo starts with the defaults (unix_create1).
type sockOpts struct {
	rcvtimeo   int64 // sk_rcvtimeo, jiffies
	sndtimeo   int64 // sk_sndtimeo, jiffies
	linger     bool  // SOCK_LINGER
	lingertime int64 // sk_lingertime, jiffies
	rcvlowat   int   // sk_rcvlowat
	urginline  bool  // SOCK_URGINLINE
	passcred   bool  // SOCK_PASSCRED
}

// defaultSockOpts models sock_init_data's defaults.
func defaultSockOpts() sockOpts {
	return sockOpts{rcvtimeo: maxScheduleTimeout, sndtimeo: maxScheduleTimeout, rcvlowat: 1}
}

// SockoptBytes is the optval a C program passes for setsockopt(fd, level,
// opt, v) written in a timeline (the host side of the differential tests
// passes exactly these bytes): an integer is an int — except the time-outs,
// whose integer is milliseconds folded into a struct timeval {ms / 1000,
// ms % 1000 * 1000} as C computes it; a brace list is an array of ints
// ({onoff, seconds} is a struct linger). Nested lists count as 0.
func SockoptBytes(level, opt int, a Arg) []byte {
	if a.Kind == ArgList {
		b := make([]byte, 4*len(a.List))
		for i, e := range a.List {
			if e.Kind == ArgInt {
				le.PutUint32(b[4*i:], uint32(int32(e.Int)))
			}
		}
		return b
	}
	v := int32(a.Int)
	if level == solSocket && (opt == soRcvtimeo || opt == soSndtimeo) {
		b := make([]byte, 16)
		le.PutUint64(b, uint64(int64(v/1000)))
		le.PutUint64(b[8:], uint64(int64(v%1000*1000)))
		return b
	}
	return le.AppendUint32(nil, uint32(v))
}

// sockSetsockoptBytes models the start of sk_setsockopt(): an optval
// shorter than an int is EINVAL; the options of this file are handled here,
// the others by sockSetsockopt with the int.
func (k *Kernel) sockSetsockoptBytes(sk *sock, opt int, b []byte) Errno {
	if len(b) < 4 {
		defer k.tr.enter("sock_setsockopt")()
		return EINVAL
	}
	val := int32(le.Uint32(b))
	switch opt {
	case soRcvtimeo, soSndtimeo, soLinger, soRcvlowat, soOobinline, soPasscred:
	default:
		return k.sockSetsockopt(sk, opt, val)
	}
	defer k.tr.enter("sock_setsockopt")()
	if opt == soPasscred && sk.family != afUnix {
		return EOPNOTSUPP // sk_may_scm_recv: AF_UNIX (and netlink, bluetooth) only
	}
	k.tr.touch(sk.id, Changed)
	o := &sk.opts
	switch opt {
	case soRcvtimeo:
		return sockSetTimeout(&o.rcvtimeo, b)
	case soSndtimeo:
		return sockSetTimeout(&o.sndtimeo, b)
	case soLinger:
		if len(b) < 8 {
			return EINVAL // 1003.1g
		}
		onoff := int32(le.Uint32(b))
		if onoff == 0 {
			o.linger = false
			return 0
		}
		tsec := uint64(int64(int32(le.Uint32(b[4:])))) // unsigned long t_sec = ling.l_linger
		if tsec >= maxScheduleTimeout/hz {
			o.lingertime = maxScheduleTimeout
		} else {
			o.lingertime = int64(tsec) * hz
		}
		o.linger = true
	case soRcvlowat:
		if val < 0 {
			val = intMax
		}
		if sk.family == afInet && sk.protocol == ipprotoTCP {
			val = k.tcpSetRcvlowat(sk, val)
		}
		o.rcvlowat = max(int(val), 1)
	case soOobinline:
		o.urginline = val != 0
	case soPasscred:
		o.passcred = val != 0
	}
	return 0
}

// tcpSetRcvlowat models tcp_set_rcvlowat(): the value is capped at half
// the receive buffer (socklab takes a non-default SO_RCVBUF as locked) or
// half of tcp_rmem[2]. (Linux then may grow sk_rcvbuf to fit; not modelled.)
func (k *Kernel) tcpSetRcvlowat(sk *sock, val int32) int32 {
	defer k.tr.enter("tcp_set_rcvlowat")()
	c := sysctlTCPRmem2 >> 1
	if sk.rcvbuf != sysctlTCPRmem1 {
		c = sk.rcvbuf >> 1
	}
	return min(val, int32(c))
}

// sockSetTimeout models sock_set_timeout() for an old struct timeval:
// EINVAL if shorter, EDOM for a bad tv_usec, a negative tv_sec means 0
// (never wait), {0, 0} means forever, else rounded up to whole jiffies.
func sockSetTimeout(timeo *int64, b []byte) Errno {
	if len(b) < 16 {
		return EINVAL
	}
	sec := int64(le.Uint64(b))
	usec := int64(le.Uint64(b[8:]))
	if usec < 0 || usec >= usecPerSec {
		return EDOM
	}
	if sec < 0 {
		*timeo = 0
		return 0
	}
	val := int64(maxScheduleTimeout)
	if (sec != 0 || usec != 0) && sec < maxScheduleTimeout/hz-1 {
		val = sec*hz + (usec+usecPerSec/hz-1)/(usecPerSec/hz)
	}
	*timeo = val
	return 0
}

// sockGetTimeoutMS models sock_get_timeout(), folded to the timeline's
// milliseconds: forever reads as {0, 0}.
func sockGetTimeoutMS(timeo int64) int64 {
	if timeo == maxScheduleTimeout {
		return 0
	}
	sec, usec := timeo/hz, (timeo%hz)*usecPerSec/hz
	return sec*1000 + usec/1000
}

// sockGetsockoptResult models sk_getsockopt() for every SOL_SOCKET option:
// those of this file here, the rest through sockGetsockopt. SO_LINGER
// returns l_onoff and, as the "linger" key, l_linger.
func (k *Kernel) sockGetsockoptResult(sk *sock, opt int) Result {
	b := func(v bool) int64 {
		if v {
			return 1
		}
		return 0
	}
	o := &sk.opts
	switch opt {
	case soRcvtimeo, soSndtimeo, soLinger, soRcvlowat, soOobinline, soPasscred:
	default:
		v, err := k.sockGetsockopt(sk, opt)
		if err != 0 {
			return errResult(err)
		}
		return Result{Ret: v}
	}
	defer k.tr.enter("sk_getsockopt")()
	if opt == soPasscred && sk.family != afUnix {
		return errResult(EOPNOTSUPP) // sk_may_scm_recv
	}
	switch opt {
	case soRcvtimeo:
		return Result{Ret: sockGetTimeoutMS(o.rcvtimeo)}
	case soSndtimeo:
		return Result{Ret: sockGetTimeoutMS(o.sndtimeo)}
	case soLinger:
		return Result{Ret: b(o.linger), Linger: int64(int32(o.lingertime / hz)), HasLinger: true}
	case soRcvlowat:
		return Result{Ret: int64(o.rcvlowat)}
	case soOobinline:
		return Result{Ret: b(o.urginline)}
	}
	return Result{Ret: b(o.passcred)}
}

// tcpDataReady models tcp_data_ready(): a reader is woken only once
// SO_RCVLOWAT bytes are unread (tcp_epollin_ready counts the bytes not yet
// copied, so a reader that already took some waits for more than its
// target still needs) or the peer finished.
func (k *Kernel) tcpDataReady(sk *sock) {
	in := inetSkOf(sk)
	if avail := int(in.rcvNxt - k.tcpCopiedSeq(sk)); avail >= sk.opts.rcvlowat || in.done {
		k.skDataReady(sk)
	}
}

// sockRcvlowat models sock_rcvlowat(): how many bytes a stream read waits
// for — all of them with MSG_WAITALL, else SO_RCVLOWAT, at most the buffer,
// at least 1.
func sockRcvlowat(sk *sock, waitall bool, size int64) int64 {
	v := size
	if !waitall {
		v = min(int64(sk.opts.rcvlowat), size)
	}
	return max(v, 1)
}
