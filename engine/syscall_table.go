package engine

// dispatch is the syscall entry (arch/x86/entry/syscall_64.c's table): decode
// the timeline call's arguments as the C prototypes would (ints are 32-bit,
// fds of close/dup2 unsigned) and run it. A non-nil pendingCall means the
// task went to sleep.
func (k *Kernel) dispatch(t *task, c *Call) (Result, *pendingCall) {
	a := c.Args
	i := func(n int) int64 {
		if n < len(a) && a[n].Kind == ArgInt {
			return a[n].Int
		}
		return 0
	}
	i32 := func(n int) int32 { return int32(i(n)) }
	ret := func(v int64, e Errno) (Result, *pendingCall) {
		if e != 0 {
			return errResult(e), nil
		}
		return Result{Ret: v}, nil
	}
	ret0 := func(e Errno) (Result, *pendingCall) { return ret(0, e) }
	switch c.Name {
	case "socket":
		return ret(k.sysSocket(t, i32(0), i32(1), i32(2)))
	case "socketpair":
		r, e := k.sysSocketpair(t, i32(0), i32(1), i32(2))
		if e != 0 {
			return errResult(e), nil
		}
		return r, nil
	case "bind":
		return ret0(k.sysBind(t, i(0), arg(a, 1)))
	case "listen":
		return ret0(k.sysListen(t, i(0), i32(1)))
	case "accept":
		return k.sysAccept4(t, i(0), 0, c.Name)
	case "accept4":
		return k.sysAccept4(t, i(0), i32(1), c.Name)
	case "connect":
		return k.sysConnect(t, i(0), arg(a, 1), c.Name)
	case "write":
		return k.sysWrite(t, i(0), arg(a, 1).Bytes, c.Name)
	case "send":
		return k.sysSendto(t, i(0), arg(a, 1).Bytes, i32(2), Arg{Kind: ArgNull}, c.Name)
	case "sendto":
		return k.sysSendto(t, i(0), arg(a, 1).Bytes, i32(2), arg(a, 3), c.Name)
	case "read":
		return k.sysRead(t, i(0), i(1), c.Name)
	case "recv", "recvfrom":
		return k.sysRecvfrom(t, i(0), i(1), i32(2), c.Name)
	case "shutdown":
		return ret0(k.sysShutdown(t, i(0), i32(1)))
	case "close":
		return ret0(k.sysClose(t, i(0)))
	case "unlink":
		return ret(k.sysUnlink(arg(a, 0)))
	case "getsockname", "getpeername":
		r, e := k.sysGetname(t, i(0), c.Name == "getpeername")
		if e != 0 {
			return errResult(e), nil
		}
		return r, nil
	case "setsockopt":
		return ret0(k.sysSetsockopt(t, i(0), i32(1), i32(2), arg(a, 3)))
	case "getsockopt":
		return k.sysGetsockopt(t, i(0), i32(1), i32(2)), nil
	case "fcntl":
		return ret(k.sysFcntl(t, i(0), i32(1), i(2)))
	case "dup":
		return ret(k.sysDup(t, i(0)))
	case "dup2":
		return ret(k.sysDup2(t, i(0), i(1)))
	}
	if fn := extraSyscalls[c.Name]; fn != nil {
		return fn(k, t, c)
	}
	return errResult(ENOSYS), nil
}

func arg(a []Arg, n int) Arg {
	if n < len(a) {
		return a[n]
	}
	return Arg{Kind: ArgNull}
}

func (k *Kernel) sysClose(t *task, fd int64) Errno {
	defer k.tr.enter("__x64_sys_close")()
	return k.closeFd(t, fd)
}

// sysWrite models ksys_write → vfs_write → sock_write_iter. Writing to the
// terminal (fds 0-2 unless replaced) is outside the model: socklab accepts
// the bytes and discards them, as a terminal nobody watches would, and
// returns the count — the least surprising result for a learner.
func (k *Kernel) sysWrite(t *task, fd int64, buf Buf, name string) (Result, *pendingCall) {
	defer k.tr.enter("ksys_write")()
	f, err := k.fdget(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	defer k.tr.enter("vfs_write")()
	if f.pipe != 0 || f.ep != 0 {
		return k.vfsWriteOther(t, f, buf, name)
	}
	if f.tty {
		return Result{Ret: min(buf.Len(), maxRWCount), TTY: true}, nil
	}
	defer k.tr.enter("sock_write_iter")()
	return k.sysSendmsg(t, k.sockets[f.socket], f, buf, 0, nil, name)
}

// sysSendto models __sys_sendto.
func (k *Kernel) sysSendto(t *task, fd int64, buf Buf, flags int32, to Arg, name string) (Result, *pendingCall) {
	defer k.tr.enter("__sys_sendto")()
	so, f, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	sa, _ := decodeSockaddr(to)
	if err := k.moveAddrToKernel(sa); err != 0 {
		return errResult(err), nil
	}
	if sa != nil && sa.len == 0 {
		sa = nil
	}
	return k.sysSendmsg(t, so, f, buf, flags, sa, name)
}

// sysRead models ksys_read → vfs_read → sock_read_iter: a count that does not
// fit user space (negative as ssize_t) fails access_ok with EFAULT; a zero
// count returns 0 at once. Reading the terminal is outside the model: it
// returns 0 (end of file: a timeline types nothing).
func (k *Kernel) sysRead(t *task, fd int64, n int64, name string) (Result, *pendingCall) {
	defer k.tr.enter("ksys_read")()
	f, err := k.fdget(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	defer k.tr.enter("vfs_read")()
	if f.pipe != 0 || f.ep != 0 {
		return k.vfsReadOther(t, f, n, name)
	}
	if n < 0 {
		return errResult(EFAULT), nil
	}
	if f.tty {
		return Result{TTY: true}, nil
	}
	defer k.tr.enter("sock_read_iter")()
	if n == 0 {
		return Result{}, nil
	}
	return k.sysRecvmsg(t, k.sockets[f.socket], f, n, 0, name)
}

// sysRecvfrom models __sys_recvfrom (recv and recvfrom): import_ubuf clamps
// the size to MAX_RW_COUNT, so even a "negative" size_t is accepted.
func (k *Kernel) sysRecvfrom(t *task, fd int64, n int64, flags int32, name string) (Result, *pendingCall) {
	defer k.tr.enter("__sys_recvfrom")()
	so, f, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	size := n
	if size < 0 || size > maxRWCount {
		size = maxRWCount
	}
	return k.sysRecvmsg(t, so, f, size, flags, name)
}
