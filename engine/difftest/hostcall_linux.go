//go:build linux

package difftest

import (
	"runtime"
	"syscall"
	"unsafe"

	"socklab/engine"
)

// This file maps an engine.Call to the real system call a C program would
// make, with the buffers and sockaddrs it would pass, and the raw result
// back to an engine.Result.

// MaxHostBuf caps the user buffers a worker passes to the kernel (see the
// package comment, "Buffers").
const MaxHostBuf = 16 << 20

// worker holds the reusable user buffers of one timeline process.
type worker struct {
	rbuf    []byte // read buffer
	fill    []byte // the fill pattern from offset 0
	failure string // a harness failure in the last call (reported instead of its result)
}

var emptyBuf [1]byte // the pointer passed for zero-length buffers

// isCtl reports whether an fd argument (an unsigned int in the kernel) names
// a control pipe.
func isCtl(fd int64) bool {
	v := uint32(fd)
	return v == ctlCmdFD || v == ctlResFD
}

func arg(c engine.Call, i int) engine.Arg {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return engine.Arg{Kind: engine.ArgInt}
}

func ai(c engine.Call, i int) uintptr { return uintptr(arg(c, i).Int) }

// result converts a raw syscall return into an engine.Result.
func result(r1 uintptr, e syscall.Errno) engine.Result {
	if e != 0 {
		return engine.Result{Ret: -1, Errno: engine.Errno(e)}
	}
	return engine.Result{Ret: int64(r1)}
}

// userBuf is the bytes of a PBuf argument as the worker passes them: at most
// MaxHostBuf bytes (see "Buffers").
func (w *worker) userBuf(a engine.Arg) []byte {
	n := a.Bytes.Len()
	if n > MaxHostBuf {
		n = MaxHostBuf
	}
	if a.Bytes.Fill <= 0 {
		return a.Bytes.Lit[:n]
	}
	if int64(len(w.fill)) < n {
		w.fill = make([]byte, n)
		for i := range w.fill {
			w.fill[i] = byte('a' + i%26)
		}
	}
	return w.fill[:n]
}

// readBuf returns the buffer and the length passed for a read of n bytes.
func (w *worker) readBuf(n int64) ([]byte, uintptr) {
	size, length := n, uintptr(n)
	if n < 0 || n > MaxHostBuf {
		size = MaxHostBuf
		if n > MaxHostBuf {
			length = MaxHostBuf
		}
	}
	if size == 0 {
		size = 1
	}
	if int64(len(w.rbuf)) < size {
		w.rbuf = make([]byte, size)
	}
	return w.rbuf[:size], length
}

func ptr(b []byte) uintptr {
	if len(b) == 0 {
		return uintptr(unsafe.Pointer(&emptyBuf[0]))
	}
	return uintptr(unsafe.Pointer(&b[0]))
}

// sockaddrArg returns the struct sockaddr bytes for a PAddr argument; nil
// for NULL.
func sockaddrArg(a engine.Arg) []byte {
	if a.Kind != engine.ArgBytes {
		return nil
	}
	return EncodeSockaddr(a.Bytes.Slice(0, 1<<16))
}

// addrPtr is the pointer and length of an optional sockaddr.
func addrPtr(sa []byte) (uintptr, uintptr) {
	if sa == nil {
		return 0, 0
	}
	return ptr(sa), uintptr(len(sa))
}

// fdArgs lists, per call, which arguments are file descriptors.
var fdArgs = map[string][]int{
	"socket": nil, "socketpair": nil, "unlink": nil,
	"dup2": {0, 1},
}

// hostCalls are the calls other files make on the host (hostcall_*_linux.go
// register them from init): each returns ok false for a call that is not its
// own, and runs before the table below, so it may also take over a v1 call
// for some arguments (setsockopt with a struct). hostBlocking likewise names
// the system call such a call sleeps in.
var (
	hostCalls    []func(w *worker, c engine.Call) (engine.Result, bool)
	hostBlocking []func(c engine.Call) (nr int64, ok bool)
)

// exec makes the real system call for c.
func (w *worker) exec(c engine.Call) engine.Result {
	w.failure = ""
	if r, ok := w.procCall(c); ok { // fork_linux.go
		return r
	}
	if c.Name == "exit" {
		return engine.Result{} // the worker exits after its reply (workerMain)
	}
	idx, ok := fdArgs[c.Name]
	if !ok {
		idx = []int{0}
	}
	for _, i := range idx {
		if isCtl(arg(c, i).Int) {
			return engine.Result{Ret: -1, Errno: engine.EBADF}
		}
	}
	for _, h := range hostCalls {
		if r, ok := h(w, c); ok {
			return r
		}
	}
	switch c.Name {
	case "socket":
		return result(sys3(syscall.SYS_SOCKET, ai(c, 0), ai(c, 1), ai(c, 2)))
	case "socketpair":
		var sv [2]int32
		r1, _, e := syscall.RawSyscall6(syscall.SYS_SOCKETPAIR, ai(c, 0), ai(c, 1), ai(c, 2), uintptr(unsafe.Pointer(&sv)), 0, 0)
		r := result(r1, e)
		if e == 0 {
			r.SV, r.HasSV = [2]int64{int64(sv[0]), int64(sv[1])}, true
		}
		return r
	case "bind", "connect":
		nr := uintptr(syscall.SYS_BIND)
		if c.Name == "connect" {
			nr = syscall.SYS_CONNECT
		}
		sa := sockaddrArg(arg(c, 1))
		p, l := addrPtr(sa)
		r1, _, e := syscall.Syscall(nr, ai(c, 0), p, l)
		runtime.KeepAlive(sa)
		return result(r1, e)
	case "listen":
		return result(sys3(syscall.SYS_LISTEN, ai(c, 0), ai(c, 1), 0))
	case "accept", "accept4":
		var sa [sockaddrMax]byte
		salen := uint32(sockaddrMax)
		var r1 uintptr
		var e syscall.Errno
		if c.Name == "accept" {
			r1, _, e = syscall.Syscall(syscall.SYS_ACCEPT, ai(c, 0), uintptr(unsafe.Pointer(&sa)), uintptr(unsafe.Pointer(&salen)))
		} else {
			r1, _, e = syscall.Syscall6(syscall.SYS_ACCEPT4, ai(c, 0), uintptr(unsafe.Pointer(&sa)), uintptr(unsafe.Pointer(&salen)), ai(c, 1), 0, 0)
		}
		r := result(r1, e)
		if e == 0 {
			r.Addr = FormatSockaddr(sa[:min(salen, sockaddrMax)])
		}
		return r
	case "write", "send", "sendto":
		buf := w.userBuf(arg(c, 1))
		var r1 uintptr
		var e syscall.Errno
		switch c.Name {
		case "write":
			r1, _, e = syscall.Syscall(syscall.SYS_WRITE, ai(c, 0), ptr(buf), uintptr(len(buf)))
		case "send":
			r1, _, e = syscall.Syscall6(syscall.SYS_SENDTO, ai(c, 0), ptr(buf), uintptr(len(buf)), ai(c, 2), 0, 0)
		default:
			sa := sockaddrArg(arg(c, 3))
			p, l := addrPtr(sa)
			r1, _, e = syscall.Syscall6(syscall.SYS_SENDTO, ai(c, 0), ptr(buf), uintptr(len(buf)), ai(c, 2), p, l)
			runtime.KeepAlive(sa)
		}
		runtime.KeepAlive(buf)
		return result(r1, e)
	case "read", "recv", "recvfrom":
		buf, length := w.readBuf(arg(c, 1).Int)
		var sa [sockaddrMax]byte
		salen := uint32(sockaddrMax)
		var r1 uintptr
		var e syscall.Errno
		switch c.Name {
		case "read":
			r1, _, e = syscall.Syscall(syscall.SYS_READ, ai(c, 0), ptr(buf), length)
		case "recv":
			r1, _, e = syscall.Syscall6(syscall.SYS_RECVFROM, ai(c, 0), ptr(buf), length, ai(c, 2), 0, 0)
		default:
			r1, _, e = syscall.Syscall6(syscall.SYS_RECVFROM, ai(c, 0), ptr(buf), length, ai(c, 2), uintptr(unsafe.Pointer(&sa)), uintptr(unsafe.Pointer(&salen)))
		}
		r := result(r1, e)
		if e == 0 {
			n := min(uint64(r1), uint64(length), uint64(len(buf)))
			if c.Name != "read" && arg(c, 2).Int&msgTrunc != 0 && isTCP(ai(c, 0)) {
				n = 0 // TCP discards the bytes instead of copying them (tcp_recvmsg)
			}
			r.Data = append([]byte{}, buf[:n]...)
			if c.Name == "recvfrom" {
				r.Addr = FormatSockaddr(sa[:min(salen, sockaddrMax)])
			}
		}
		return r
	case "shutdown":
		return result(sys3(syscall.SYS_SHUTDOWN, ai(c, 0), ai(c, 1), 0))
	case "close":
		return result(sys3(syscall.SYS_CLOSE, ai(c, 0), 0, 0))
	case "unlink":
		var p uintptr
		var path []byte
		if a := arg(c, 0); a.Kind == engine.ArgBytes {
			path = append(a.Bytes.Slice(0, 1<<16), 0)
			p = ptr(path)
		}
		r1, _, e := syscall.Syscall(syscall.SYS_UNLINK, p, 0, 0)
		runtime.KeepAlive(path)
		return result(r1, e)
	case "getsockname", "getpeername":
		nr := uintptr(syscall.SYS_GETSOCKNAME)
		if c.Name == "getpeername" {
			nr = syscall.SYS_GETPEERNAME
		}
		var sa [sockaddrMax]byte
		salen := uint32(sockaddrMax)
		r1, _, e := syscall.RawSyscall(nr, ai(c, 0), uintptr(unsafe.Pointer(&sa)), uintptr(unsafe.Pointer(&salen)))
		r := result(r1, e)
		if e == 0 {
			r.Addr = FormatSockaddr(sa[:min(salen, sockaddrMax)])
		}
		return r
	case "setsockopt":
		val := int32(arg(c, 3).Int) // C converts the value to int
		r1, _, e := syscall.Syscall6(syscall.SYS_SETSOCKOPT, ai(c, 0), ai(c, 1), ai(c, 2), uintptr(unsafe.Pointer(&val)), 4, 0)
		return result(r1, e)
	case "getsockopt":
		var val int32
		vlen := uint32(4)
		r1, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, ai(c, 0), ai(c, 1), ai(c, 2), uintptr(unsafe.Pointer(&val)), uintptr(unsafe.Pointer(&vlen)), 0)
		r := result(r1, e)
		if e == 0 {
			r.Ret = int64(val)
		}
		return r
	case "fcntl":
		return result(sys3(syscall.SYS_FCNTL, ai(c, 0), ai(c, 1), ai(c, 2)))
	case "dup":
		return result(sys3(syscall.SYS_DUP, ai(c, 0), 0, 0))
	case "dup2":
		return result(sys3(syscall.SYS_DUP2, ai(c, 0), ai(c, 1), 0))
	}
	return engine.Result{Ret: -1, Errno: engine.ENOSYS}
}

const msgTrunc = 0x20 // MSG_TRUNC

// isTCP reports whether fd is an AF_INET stream socket: the spec reports no
// data for a TCP recv with MSG_TRUNC.
func isTCP(fd uintptr) bool {
	get := func(opt uintptr) int32 {
		var v int32
		l := uint32(4)
		_, _, e := syscall.RawSyscall6(syscall.SYS_GETSOCKOPT, fd, syscall.SOL_SOCKET, opt, uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
		if e != 0 {
			return -1
		}
		return v
	}
	dom := get(syscall.SO_DOMAIN)
	return (dom == syscall.AF_INET || dom == syscall.AF_INET6) && get(syscall.SO_TYPE) == syscall.SOCK_STREAM
}

func sys3(nr, a, b, c uintptr) (uintptr, syscall.Errno) {
	r1, _, e := syscall.Syscall(nr, a, b, c)
	return r1, e
}

// blockingSyscall is the system call (number and first argument) a worker
// sleeps in when c blocks: what the test looks for in /proc.
func blockingSyscall(c engine.Call) (nr int64, fd int64) {
	fd = arg(c, 0).Int
	for _, h := range hostBlocking {
		if nr, ok := h(c); ok {
			if nr == syscall.SYS_POLL {
				return nr, anyArg0 // its first argument is a pointer
			}
			return nr, fd
		}
	}
	switch c.Name {
	case "accept":
		return syscall.SYS_ACCEPT, fd
	case "accept4":
		return syscall.SYS_ACCEPT4, fd
	case "connect":
		return syscall.SYS_CONNECT, fd
	case "write":
		return syscall.SYS_WRITE, fd
	case "send", "sendto":
		return syscall.SYS_SENDTO, fd
	case "read":
		return syscall.SYS_READ, fd
	case "recv", "recvfrom":
		return syscall.SYS_RECVFROM, fd
	case "close":
		return syscall.SYS_CLOSE, fd
	case "shutdown":
		return syscall.SYS_SHUTDOWN, fd
	case "waitpid":
		return syscall.SYS_WAIT4, fd
	case "wait":
		return syscall.SYS_WAIT4, -1
	}
	return -2, fd // cannot block: only a result ends the wait
}
