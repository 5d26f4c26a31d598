package engine

// The timeline entry points of pipe.go, select.go and eventpoll.go
// (signatures in syscalls_v2.go; pipe2 is a socklab addition registered
// here). Arguments arrive as syscalls_v2.go documents.

func init() {
	Syscalls["pipe2"] = Signature{Params: []ParamKind{PSV, PInt}}
	Constants["O_DIRECT"] = oDIRECT
	Constants["O_CLOEXEC"] = oCLOEXEC
	extraSyscalls["pipe"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return pipeResult(k.sysPipe2(t, 0))
	}
	extraSyscalls["pipe2"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return pipeResult(k.sysPipe2(t, intArg(c, 1)))
	}
	extraSyscalls["poll"] = sysPollCall
	extraSyscalls["select"] = sysSelectCall
	extraSyscalls["epoll_create1"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return retResult(k.sysEpollCreate1(t, intArg(c, 0)))
	}
	extraSyscalls["epoll_create"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return retResult(k.sysEpollCreate(t, intArg(c, 0)))
	}
	extraSyscalls["epoll_ctl"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return retResult(0, k.sysEpollCtl(t, intArg(c, 0), intArg(c, 1), intArg(c, 2), intArg(c, 3)))
	}
	extraSyscalls["epoll_wait"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		r, ready, p := k.sysEpollWait(t, intArg(c, 0), intArg(c, 1), intArg(c, 2), c.Name)
		return withReady(r, ready), p
	}
}

func intArg(c *Call, i int) int64 {
	if i < len(c.Args) && c.Args[i].Kind == ArgInt {
		return c.Args[i].Int
	}
	return 0
}

func retResult(v int64, e Errno) (Result, *pendingCall) {
	if e != 0 {
		return errResult(e), nil
	}
	return Result{Ret: v}, nil
}

func pipeResult(r Result, e Errno) (Result, *pendingCall) {
	if e != 0 {
		return errResult(e), nil
	}
	return r, nil
}

func withReady(r Result, ready []ReadyFD) Result {
	if ready != nil {
		r.Ready, r.HasReady = ready, true
	}
	return r
}

// sysPollCall decodes poll({fd, events}, ..., timeout): each brace list is a
// struct pollfd initializer ({fd}, {fd, events} or {fd, events, revents};
// missing members are 0 as in C); anything else is EINVAL.
func sysPollCall(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	n := len(c.Args) - 1
	if n < 0 {
		return errResult(EINVAL), nil
	}
	fds := make([]PollFD, 0, n)
	for _, a := range c.Args[:n] {
		if a.Kind != ArgList || len(a.List) == 0 || len(a.List) > 3 {
			return errResult(EINVAL), nil
		}
		var v [2]int64
		for i := 0; i < len(a.List) && i < 2; i++ {
			if a.List[i].Kind != ArgInt {
				return errResult(EINVAL), nil
			}
			v[i] = a.List[i].Int
		}
		fds = append(fds, PollFD{FD: int64(int32(v[0])), Events: int64(int16(v[1]))})
	}
	timeout := int64(int32(c.Args[n].Int))
	r, ready, p := k.sysPoll(t, fds, timeout, c.Name)
	return withReady(r, ready), p
}

// sysSelectCall decodes select(nfds, {r}, {w}, {e}, timeout): NULL or {}
// is an empty set; a NULL or negative timeout waits forever.
func sysSelectCall(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	var sets [3][]int64
	for i := range sets {
		a := arg(c.Args, 1+i)
		if a.Kind != ArgList {
			continue
		}
		for _, e := range a.List {
			if e.Kind != ArgInt {
				return errResult(EINVAL), nil
			}
			sets[i] = append(sets[i], e.Int)
		}
	}
	timeout := int64(-1)
	if a := arg(c.Args, 4); a.Kind == ArgInt && a.Int >= 0 {
		timeout = a.Int
	}
	r, ready, p := k.sysSelect(t, intArg(c, 0), sets, timeout, c.Name)
	return withReady(r, ready), p
}
