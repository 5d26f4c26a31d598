//go:build linux

package difftest

import (
	"encoding/binary"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"socklab/engine"
)

// The host side of timeline v2's fd passing, socket options with time and
// ioctl (issue 10c): sendmsg/recvmsg with SCM_RIGHTS, setsockopt/getsockopt
// of SO_RCVTIMEO/SO_SNDTIMEO (milliseconds <-> struct timeval), SO_LINGER
// (struct linger) and brace-list values, ioctl FIONREAD/SIOCATMARK, and
// sleep(ms) as a real nanosleep (the time-outs of other workers then expire
// in real time during it; see Completion.At for their order).

func init() {
	hostCalls = append(hostCalls, (*worker).execSCM)
	hostBlocking = append(hostBlocking, scmBlocking)
}

// Socket-level constants of the x86_64 ABI (asm-generic/socket.h, sockios.h).
const (
	soRcvtimeo = 20
	soSndtimeo = 21
	soLinger   = 13
	fionread   = 0x541B
	siocatmark = 0x8905
	// DefaultMaxFDs is recvmsg's control buffer size in fds when maxfds is
	// not given (timeline-v2.md).
	DefaultMaxFDs = 16
)

// MsgFlagNames names the msg_flags bits timeline v2 reports, in its order.
var MsgFlagNames = []struct {
	Bit  int
	Name string
}{{0x20, "MSG_TRUNC"}, {0x8, "MSG_CTRUNC"}, {0x1, "MSG_OOB"}, {0x80, "MSG_EOR"}}

// msgFlagString joins the reported msg_flags names with '|'.
func msgFlagString(fl int) string {
	s := ""
	for _, f := range MsgFlagNames {
		if fl&f.Bit != 0 {
			if s != "" {
				s += "|"
			}
			s += f.Name
		}
	}
	return s
}

// execSCM makes the calls of this file; ok is false for any other call.
func (w *worker) execSCM(c engine.Call) (engine.Result, bool) {
	switch c.Name {
	case "sleep":
		// A raw nanosleep: time.Sleep would start the Go runtime's netpoller,
		// whose epoll and eventfd fds would take the timeline's fd numbers.
		if ms := arg(c, 0).Int; ms > 0 {
			ts := syscall.NsecToTimespec(int64(time.Duration(ms) * time.Millisecond))
			for syscall.Nanosleep(&ts, &ts) == syscall.EINTR {
			}
		} else if ms < 0 {
			return engine.Result{Ret: -1, Errno: engine.EINVAL}, true
		}
		return engine.Result{}, true
	case "setsockopt":
		v := arg(c, 3)
		lvl, opt := int(int32(arg(c, 1).Int)), int(int32(arg(c, 2).Int))
		if v.Kind != engine.ArgList && !(lvl == syscall.SOL_SOCKET && (opt == soRcvtimeo || opt == soSndtimeo)) {
			return engine.Result{}, false // a plain int: the generic path
		}
		b := engine.SockoptBytes(lvl, opt, v)
		r1, _, e := syscall.Syscall6(syscall.SYS_SETSOCKOPT, ai(c, 0), ai(c, 1), ai(c, 2), ptr(b), uintptr(len(b)), 0)
		runtime.KeepAlive(b)
		return result(r1, e), true
	case "getsockopt":
		lvl, opt := int(int32(arg(c, 1).Int)), int(int32(arg(c, 2).Int))
		if lvl != syscall.SOL_SOCKET || (opt != soRcvtimeo && opt != soSndtimeo && opt != soLinger) {
			return engine.Result{}, false
		}
		var b [16]byte
		blen := uint32(16)
		if opt == soLinger {
			blen = 8
		}
		r1, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, ai(c, 0), ai(c, 1), ai(c, 2), uintptr(unsafe.Pointer(&b)), uintptr(unsafe.Pointer(&blen)), 0)
		r := result(r1, e)
		if e == 0 {
			if opt == soLinger {
				r.Ret = int64(int32(binary.LittleEndian.Uint32(b[:])))
				r.Linger, r.HasLinger = int64(int32(binary.LittleEndian.Uint32(b[4:]))), true
			} else {
				sec, usec := int64(binary.LittleEndian.Uint64(b[:])), int64(binary.LittleEndian.Uint64(b[8:]))
				r.Ret = sec*1000 + usec/1000
			}
		}
		return r, true
	case "ioctl":
		var v [64]byte // FIONREAD/SIOCATMARK write an int; room for anything else
		r1, _, e := syscall.Syscall(syscall.SYS_IOCTL, ai(c, 0), ai(c, 1), uintptr(unsafe.Pointer(&v)))
		r := result(r1, e)
		if e == 0 {
			r.Ret = int64(int32(binary.LittleEndian.Uint32(v[:])))
		}
		return r, true
	case "sendmsg":
		return w.sendmsg(c), true
	case "recvmsg":
		return w.recvmsg(c), true
	}
	return engine.Result{}, false
}

// sendmsg builds the struct msghdr a C program would: one iovec with the
// data, an SCM_RIGHTS control message with the listed fds (none for {} or
// NULL), and the optional address.
func (w *worker) sendmsg(c engine.Call) engine.Result {
	var fds []int
	for _, e := range arg(c, 3).List {
		if isCtl(e.Int) {
			return engine.Result{Ret: -1, Errno: engine.EBADF}
		}
		fds = append(fds, int(int32(e.Int)))
	}
	buf := w.userBuf(arg(c, 1))
	iov := syscall.Iovec{Base: &emptyBuf[0]}
	if len(buf) > 0 {
		iov.Base = &buf[0]
	}
	iov.SetLen(len(buf))
	var msg syscall.Msghdr
	msg.Iov, msg.Iovlen = &iov, 1
	var oob []byte
	if len(fds) > 0 {
		oob = syscall.UnixRights(fds...)
		msg.Control = &oob[0]
		msg.SetControllen(len(oob))
	}
	sa := sockaddrArg(arg(c, 4))
	if sa != nil {
		msg.Name, msg.Namelen = (*byte)(unsafe.Pointer(&sa[0])), uint32(len(sa))
	}
	r1, _, e := syscall.Syscall(syscall.SYS_SENDMSG, ai(c, 0), uintptr(unsafe.Pointer(&msg)), ai(c, 2))
	runtime.KeepAlive(buf)
	runtime.KeepAlive(oob)
	runtime.KeepAlive(sa)
	return result(r1, e)
}

// recvmsg passes a buffer of n bytes, a struct sockaddr_storage and a
// control buffer of CMSG_LEN(maxfds * sizeof(int)) bytes (no control buffer
// for a negative maxfds), and reports the data, the sender's address, the
// fds installed and the msg_flags.
func (w *worker) recvmsg(c engine.Call) engine.Result {
	buf, length := w.readBuf(arg(c, 1).Int)
	maxfds := int64(DefaultMaxFDs)
	if len(c.Args) > 3 {
		maxfds = int64(int32(arg(c, 3).Int))
	}
	iov := syscall.Iovec{Base: &buf[0]}
	iov.SetLen(int(length))
	var sa [sockaddrMax]byte
	var msg syscall.Msghdr
	msg.Iov, msg.Iovlen = &iov, 1
	msg.Name, msg.Namelen = &sa[0], sockaddrMax
	var oob []byte
	if maxfds >= 0 && maxfds <= 1<<16 {
		oob = make([]byte, syscall.CmsgLen(int(maxfds)*4))
		msg.Control = &oob[0]
		msg.SetControllen(len(oob))
	}
	r1, _, e := syscall.Syscall(syscall.SYS_RECVMSG, ai(c, 0), uintptr(unsafe.Pointer(&msg)), ai(c, 2))
	r := result(r1, e)
	r.HasFDs, r.HasMsgFlags = true, true
	if e != 0 {
		return r
	}
	n := min(uint64(r1), uint64(length), uint64(len(buf)))
	if arg(c, 2).Int&msgTrunc != 0 && isTCP(ai(c, 0)) {
		n = 0
	}
	r.Data = append([]byte{}, buf[:n]...)
	r.Addr = FormatSockaddr(sa[:min(msg.Namelen, sockaddrMax)])
	r.MsgFlags = msgFlagString(int(msg.Flags))
	r.FDs = []int64{}
	if cl := int(msg.Controllen); cl > 0 && oob != nil {
		msgs, _ := syscall.ParseSocketControlMessage(oob[:min(cl, len(oob))])
		for _, m := range msgs {
			if m.Header.Level != syscall.SOL_SOCKET || m.Header.Type != syscall.SCM_RIGHTS {
				continue
			}
			fds, _ := syscall.ParseUnixRights(&m)
			for _, fd := range fds {
				r.FDs = append(r.FDs, int64(fd))
			}
		}
	}
	return r
}

// scmBlocking is the system call a worker sleeps in for this file's calls.
func scmBlocking(c engine.Call) (nr int64, ok bool) {
	switch c.Name {
	case "sendmsg":
		return syscall.SYS_SENDMSG, true
	case "recvmsg":
		return syscall.SYS_RECVMSG, true
	}
	return 0, false
}
