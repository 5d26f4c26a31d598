//go:build linux

package difftest

import (
	"syscall"
	"unsafe"

	"socklab/engine"
)

// The host side of pipe/pipe2, poll, select, epoll_create(1), epoll_ctl,
// epoll_wait: the real system calls a C
// program would make, with their results turned into the spec's `ready`
// lists (engine.PollNames for the names).

// anyArg0 makes asleepIn accept any first argument (poll's is a pointer).
const anyArg0 = -3

func init() {
	fdArgs["epoll_ctl"] = []int{0, 2}
	fdArgs["pipe"], fdArgs["pipe2"], fdArgs["poll"], fdArgs["select"] = nil, nil, nil, nil
	hostCalls = append(hostCalls, execPoll)
	hostBlocking = append(hostBlocking, func(c engine.Call) (int64, bool) {
		switch c.Name {
		case "poll":
			return syscall.SYS_POLL, true
		case "select":
			return syscall.SYS_SELECT, true
		case "epoll_wait":
			return syscall.SYS_EPOLL_WAIT, true
		}
		return 0, false
	})
}

// execPoll makes the calls of this file; ok is false for any other call.
func execPoll(w *worker, c engine.Call) (engine.Result, bool) {
	switch c.Name {
	case "pipe":
		return hostPipe2(0), true
	case "pipe2":
		return hostPipe2(ai(c, 1)), true
	case "poll":
		return hostPoll(w, c), true
	case "select":
		return hostSelect(w, c), true
	case "epoll_create1":
		return result(sys3(syscall.SYS_EPOLL_CREATE1, ai(c, 0), 0, 0)), true
	case "epoll_create":
		return result(sys3(syscall.SYS_EPOLL_CREATE, ai(c, 0), 0, 0)), true
	case "epoll_ctl":
		return hostEpollCtl(w, c), true
	case "epoll_wait":
		return hostEpollWait(w, c), true
	}
	return engine.Result{}, false
}

func hostPipe2(flags uintptr) engine.Result {
	var fds [2]int32
	r1, _, e := syscall.RawSyscall(syscall.SYS_PIPE2, uintptr(unsafe.Pointer(&fds)), flags, 0)
	r := result(r1, e)
	if e == 0 {
		r.SV, r.HasSV = [2]int64{int64(fds[0]), int64(fds[1])}, true
	}
	return r
}

// pollFD is struct pollfd.
type pollFD struct {
	fd      int32
	events  int16
	revents int16
}

// hostPoll makes poll(2) with the pollfd array the brace lists initialise
// ({fd}, {fd, events} or {fd, events, revents}, missing members 0).
func hostPoll(w *worker, c engine.Call) engine.Result {
	n := len(c.Args) - 1
	if n < 0 {
		return engine.Result{Ret: -1, Errno: engine.EINVAL}
	}
	fds := make([]pollFD, n+1) // +1: never a nil pointer
	for i, a := range c.Args[:n] {
		if a.Kind != engine.ArgList || len(a.List) == 0 || len(a.List) > 3 {
			return engine.Result{Ret: -1, Errno: engine.EINVAL}
		}
		fds[i].fd = int32(a.List[0].Int)
		if len(a.List) > 1 {
			fds[i].events = int16(a.List[1].Int)
		}
		if isCtl(int64(fds[i].fd)) {
			fds[i].fd = -1
		}
	}
	r1, _, e := syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(&fds[0])), uintptr(n), uintptr(int64(int32(arg(c, n).Int))))
	r := result(r1, e)
	if e == 0 {
		r.Ready, r.HasReady = []engine.ReadyFD{}, true
		for _, p := range fds[:n] {
			if p.revents != 0 {
				r.Ready = append(r.Ready, engine.ReadyFD{FD: int64(p.fd), Events: engine.PollNames(uint32(uint16(p.revents)), false)})
			}
		}
	}
	return r
}

// hostSelect makes select(2) with fd_set bitmaps (as large as nfds needs),
// NULL for an absent set or a NULL/negative timeout.
func hostSelect(w *worker, c engine.Call) engine.Result {
	nfds := int32(arg(c, 0).Int)
	words := 16 // FD_SETSIZE bits
	if int(nfds) > 64*words {
		words = (int(nfds) + 63) / 64
	}
	var sets [3][]uint64
	var ptrs [3]uintptr
	for i := range sets {
		a := arg(c, 1+i)
		if a.Kind != engine.ArgList {
			continue
		}
		sets[i] = make([]uint64, words)
		for _, e := range a.List {
			fd := e.Int
			if fd >= 0 && int(fd) < 64*words && !isCtl(fd) {
				sets[i][fd/64] |= 1 << (fd % 64)
			}
		}
		ptrs[i] = uintptr(unsafe.Pointer(&sets[i][0]))
	}
	var tv *syscall.Timeval
	if a := arg(c, 4); a.Kind == engine.ArgInt && a.Int >= 0 {
		t := syscall.NsecToTimeval(a.Int * 1e6)
		tv = &t
	}
	r1, _, e := syscall.Syscall6(syscall.SYS_SELECT, uintptr(int64(nfds)), ptrs[0], ptrs[1], ptrs[2], uintptr(unsafe.Pointer(tv)), 0)
	r := result(r1, e)
	if e != 0 {
		return r
	}
	r.Ready, r.HasReady = []engine.ReadyFD{}, true
	for fd := 0; fd < int(nfds) && fd < 64*words; fd++ {
		names := ""
		for i, name := range []string{"read", "write", "except"} {
			if sets[i] != nil && sets[i][fd/64]&(1<<(fd%64)) != 0 {
				if names != "" {
					names += "|"
				}
				names += name
			}
		}
		if names != "" {
			r.Ready = append(r.Ready, engine.ReadyFD{FD: int64(fd), Events: names})
		}
	}
	return r
}

// epollEvent is struct epoll_event (packed on x86_64: 12 bytes).
type epollEvent struct {
	events uint32
	data   [8]byte
}

// hostEpollCtl makes epoll_ctl(2) with event.data = the fd, as the spec says.
func hostEpollCtl(w *worker, c engine.Call) engine.Result {
	ev := epollEvent{events: uint32(arg(c, 3).Int)}
	*(*int32)(unsafe.Pointer(&ev.data[0])) = int32(arg(c, 2).Int)
	r1, _, e := syscall.Syscall6(syscall.SYS_EPOLL_CTL, ai(c, 0), ai(c, 1), ai(c, 2), uintptr(unsafe.Pointer(&ev)), 0, 0)
	return result(r1, e)
}

// hostEpollWait makes epoll_wait(2) with room for maxevents events (at most
// 4096 here: timelines never register more).
func hostEpollWait(w *worker, c engine.Call) engine.Result {
	maxev := int32(arg(c, 1).Int)
	n := int(maxev)
	if n <= 0 || n > 4096 {
		n = 1
		if maxev > 4096 {
			n = 4096
		}
	}
	evs := make([]epollEvent, n)
	r1, _, e := syscall.Syscall6(syscall.SYS_EPOLL_WAIT, ai(c, 0), uintptr(unsafe.Pointer(&evs[0])), uintptr(int64(maxev)), uintptr(int64(int32(arg(c, 2).Int))), 0, 0)
	r := result(r1, e)
	if e == 0 {
		r.Ready, r.HasReady = []engine.ReadyFD{}, true
		for _, ev := range evs[:min(int(r1), n)] {
			fd := *(*int32)(unsafe.Pointer(&ev.data[0]))
			r.Ready = append(r.Ready, engine.ReadyFD{FD: int64(fd), Events: engine.PollNames(ev.events, true)})
		}
	}
	return r
}
