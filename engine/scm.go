package engine

// This file models passing open files over AF_UNIX sockets: the sendmsg and
// recvmsg system calls (net/socket.c ____sys_sendmsg / ____sys_recvmsg), the
// SCM_RIGHTS control message (net/core/scm.c __scm_send, scm_fp_copy,
// scm_detach_fds, scm_recv), and the AF_UNIX side (net/unix/af_unix.c
// unix_attach_fds, unix_detach_fds, unix_peek_fds, unix_destruct_scm). A
// file in flight is held by the skb that carries it (f_count counts it);
// files of AF_UNIX sockets in flight are counted for the garbage collector
// (garbage.go).
//
// Timeline shapes (timeline-v2.md): sendmsg(fd, data, flags, {fds}[, "addr"])
// sends {fds} as one SCM_RIGHTS message ({} or NULL: none);
// recvmsg(fd, n, flags[, maxfds]) has a control buffer of
// CMSG_LEN(maxfds * sizeof(int)) bytes (16 fds by default) and reports the
// fds installed and msg_flags.

const (
	scmMaxFD       = 253 // SCM_MAX_FD
	msgCtrunc      = 0x8
	msgEOR         = 0x80
	msgCmsgCloexec = 0x40000000
	defaultMaxFDs  = 16
)

func init() {
	extraSyscalls["sendmsg"] = sysSendmsgCall
	extraSyscalls["recvmsg"] = sysRecvmsgCall
}

// sysSendmsgCall models __sys_sendmsg → ____sys_sendmsg: the socket, the
// address, the control message, then sock_sendmsg. Only AF_UNIX reads the
// control message (unix_*_sendmsg call scm_send first of all); TCP and UDP
// never look at it, so their fds are silently ignored — bad ones too.
func sysSendmsgCall(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	defer k.tr.enter("__sys_sendmsg")()
	a := c.Args
	so, f, err := k.sockfdLookup(t, arg(a, 0).Int)
	if err != 0 {
		return errResult(err), nil
	}
	sa, _ := decodeSockaddr(arg(a, 4))
	if err := k.moveAddrToKernel(sa); err != 0 {
		return errResult(err), nil
	}
	if sa != nil && sa.len == 0 {
		sa = nil
	}
	var fp []int
	if sk := k.socks[so.sk]; sk != nil && sk.family == afUnix {
		if sk.typ == sockSeqpacket { // unix_seqpacket_sendmsg checks before unix_dgram_sendmsg's scm_send
			if err := k.sockError(sk); err != 0 {
				return errResult(err), nil
			}
			if sk.state != tcpEstablished {
				return errResult(ENOTCONN), nil
			}
		}
		var err Errno
		if fp, err = k.scmSend(t, arg(a, 3)); err != 0 {
			return errResult(err), nil
		}
	}
	buf := arg(a, 1).Bytes
	m := msghdr{buf: buf, size: min(buf.Len(), maxRWCount), flags: int(int32(arg(a, 2).Int)), name: sa, scm: fp}
	if f.flags&oNONBLOCK != 0 {
		m.flags |= msgDontwait
	}
	p := k.newPending(pendingCall{name: c.Name, op: opSend, socket: so.n, msg: m})
	r, wb := k.doSend(t, p)
	return k.block(t, p, r, wb)
}

// scmSend models __scm_send → scm_fp_copy for the one SCM_RIGHTS message:
// more than SCM_MAX_FD fds is EINVAL, an fd that is not open EBADF; each
// file gains a reference (fget_raw) held by the scm cookie.
func (k *Kernel) scmSend(t *task, list Arg) ([]int, Errno) {
	if list.Kind != ArgList || len(list.List) == 0 {
		return nil, 0
	}
	defer k.tr.enter("__scm_send")()
	defer k.tr.enter("scm_fp_copy")()
	if len(list.List) > scmMaxFD {
		return nil, EINVAL
	}
	fp := make([]int, 0, len(list.List))
	for _, e := range list.List {
		f, err := k.fdget(t, int64(int32(e.Int))) // a nested list reads as 0, as the host passes it
		if err != 0 {
			for _, n := range fp {
				k.fput(n) // scm_destroy
			}
			return nil, EBADF
		}
		k.getFile(f)
		fp = append(fp, f.n)
	}
	return fp, 0
}

// scmDestroy models scm_destroy(): drop the references of files that were
// never attached to an skb.
func (k *Kernel) scmDestroy(m *msghdr) {
	if len(m.scm) == 0 {
		return
	}
	defer k.tr.enter("scm_destroy")()
	fp := m.scm
	m.scm = nil
	for _, n := range fp {
		k.fput(n)
	}
}

// unixAttachFds models unix_scm_to_skb → unix_attach_fds(): the skb takes
// the scm cookie's files (only the first skb of a stream send gets them).
func (k *Kernel) unixAttachFds(m *msghdr, s *skbuff) {
	if len(m.scm) == 0 {
		return
	}
	defer k.tr.enter("unix_attach_fds")()
	s.fp = m.scm
	m.scm = nil
	k.tr.touch(s.id, Changed)
}

// unixDetachFds models unix_detach_fds(): a reader takes the files off the
// skb into its scm cookie (they stop being in flight).
func (k *Kernel) unixDetachFds(m *msghdr, s *skbuff) {
	if len(s.fp) == 0 {
		return
	}
	defer k.tr.enter("unix_detach_fds")()
	k.unixNotinflight(s)
	m.scm = append(m.scm, s.fp...)
	s.fp = nil
	k.tr.touch(s.id, Changed)
}

// unixPeekFds models unix_peek_fds(): MSG_PEEK installs new references to
// the same files (scm_fp_dup) and leaves them in flight.
func (k *Kernel) unixPeekFds(m *msghdr, s *skbuff) {
	if len(s.fp) == 0 {
		return
	}
	defer k.tr.enter("unix_peek_fds")()
	for _, n := range s.fp {
		k.getFile(k.files[n])
		m.scm = append(m.scm, n)
	}
}

// unixDestructScm models unix_destruct_scm(), the destructor of an skb that
// still carries files: they are no longer in flight and lose the skb's
// references (closing those that nothing else holds).
func (k *Kernel) unixDestructScm(s *skbuff) {
	defer k.tr.enter("unix_destruct_scm")()
	k.unixNotinflight(s)
	fp := s.fp
	s.fp = nil
	for _, n := range fp {
		k.fput(n)
	}
}

// Control-message geometry (include/linux/socket.h, x86_64).
const (
	sizeofCmsghdr  = 16                 // sizeof(struct cmsghdr)
	cmsgLenUcred   = sizeofCmsghdr + 12 // CMSG_LEN(sizeof(struct ucred))
	cmsgSpaceUcred = sizeofCmsghdr + 16 // CMSG_SPACE(sizeof(struct ucred))
)

// scmRecv models scm_recv_unix() at the end of a receive: without a control
// buffer (read, recv, recvfrom) fds that arrived are closed and MSG_CTRUNC
// is set (also for a SO_PASSCRED socket); with one, a SO_PASSCRED socket's
// SCM_CREDENTIALS message comes first (put_cmsg) and takes its room, then
// scm_detach_fds installs the files at the lowest free fds (receive_fd;
// close-on-exec with MSG_CMSG_CLOEXEC) as far as the rest of the buffer
// has room (scm_max_fds) and fds are free; the rest are closed, MSG_CTRUNC.
func (k *Kernel) scmRecv(t *task, m *msghdr, passcred bool) []int64 {
	fp := m.scm
	m.scm = nil
	rem := m.control
	if rem < 0 {
		if passcred || len(fp) > 0 {
			m.outFlags |= msgCtrunc
		}
		rem = 0
	} else if passcred {
		defer k.tr.enter("put_cmsg")()
		if rem < cmsgLenUcred {
			m.outFlags |= msgCtrunc
		}
		if rem >= sizeofCmsghdr {
			rem -= min(cmsgSpaceUcred, rem)
		}
	}
	if len(fp) == 0 {
		return nil
	}
	defer k.tr.enter("scm_detach_fds")()
	room := 0
	if rem > sizeofCmsghdr {
		room = (rem - sizeofCmsghdr) / 4
	}
	var fds []int64
	for i, n := range fp {
		if i >= room {
			m.outFlags |= msgCtrunc
			k.fput(n)
			continue
		}
		fd, err := k.getUnusedFdFlags(t)
		if err != 0 {
			m.outFlags |= msgCtrunc
			room = i // receive_fd failed: the rest are dropped
			k.fput(n)
			continue
		}
		k.fdInstall(t, fd, n, m.flags&msgCmsgCloexec != 0)
		fds = append(fds, int64(fd))
	}
	return fds
}

// sysRecvmsgCall models __sys_recvmsg → ____sys_recvmsg → sock_recvmsg.
func sysRecvmsgCall(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
	defer k.tr.enter("__sys_recvmsg")()
	a := c.Args
	so, f, err := k.sockfdLookup(t, arg(a, 0).Int)
	if err != 0 {
		return errResult(err), nil
	}
	size := arg(a, 1).Int
	if size < 0 || size > maxRWCount {
		size = maxRWCount
	}
	control := int64(defaultMaxFDs)
	if len(a) > 3 {
		control = int64(int32(arg(a, 3).Int))
	}
	m := msghdr{size: size, flags: int(int32(arg(a, 2).Int)), control: -1}
	if control >= 0 && control <= 1<<16 { // the host passes no buffer otherwise
		m.control = sizeofCmsghdr + 4*int(control) // CMSG_LEN(maxfds * sizeof(int))
	}
	if f.flags&oNONBLOCK != 0 {
		m.flags |= msgDontwait
	}
	p := k.newPending(pendingCall{name: c.Name, op: opRecv, socket: so.n, msg: m})
	r, wb := k.doRecv(t, p)
	return k.block(t, p, r, wb)
}

// recvmsgResult finishes a receive: install or drop the files it took, and
// for recvmsg report them with msg_flags (timeline-v2.md names MSG_TRUNC,
// MSG_CTRUNC, MSG_OOB and MSG_EOR only).
func (k *Kernel) recvmsgResult(t *task, p *pendingCall, r *Result) {
	passcred := false
	if so := k.sockets[p.socket]; so != nil {
		if sk := k.socks[so.sk]; sk != nil && sk.family == afUnix {
			passcred = sk.opts.passcred
		}
	}
	fds := k.scmRecv(t, &p.msg, passcred)
	if p.name != "recvmsg" {
		return
	}
	r.FDs, r.HasFDs = fds, true
	if r.FDs == nil {
		r.FDs = []int64{}
	}
	r.MsgFlags, r.HasMsgFlags = msgFlagNames(p.msg.outFlags), true
}

// msgFlagNames joins the reported msg_flags names with '|'.
func msgFlagNames(fl int) string {
	s := ""
	for _, b := range []struct {
		bit  int
		name string
	}{{msgTrunc, "MSG_TRUNC"}, {msgCtrunc, "MSG_CTRUNC"}, {msgOOB, "MSG_OOB"}, {msgEOR, "MSG_EOR"}} {
		if fl&b.bit != 0 {
			if s != "" {
				s += "|"
			}
			s += b.name
		}
	}
	return s
}
