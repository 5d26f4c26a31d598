package engine

// This file models net/socket.c: the BSD socket layer between the syscalls
// and the protocol families — struct socket, sockfs, and the __sys_* entry
// points. Protocol code never sleeps: it returns a *wouldBlock and the
// syscall layer parks the task (sched.go).

// struct socket states (include/uapi/linux/net.h).
const (
	ssFree = iota
	ssUnconnected
	ssConnecting
	ssConnected
	ssDisconnecting
)

var ssNames = [...]string{"SS_FREE", "SS_UNCONNECTED", "SS_CONNECTING", "SS_CONNECTED", "SS_DISCONNECTING"}

// Socket types (include/linux/net.h).
const (
	sockStream    = 1
	sockDgram     = 2
	sockRaw       = 3
	sockSeqpacket = 5
	sockMax       = 11
	sockTypeMask  = 0xf
	sockNonblock  = oNONBLOCK
	sockCloexec   = oCLOEXEC
)

var sockTypeNames = map[int]string{1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET", 6: "SOCK_DCCP", 10: "SOCK_PACKET"}

// msg flags (include/linux/socket.h).
const (
	msgOOB      = 0x1
	msgPeek     = 0x2
	msgTrunc    = 0x20
	msgDontwait = 0x40
	msgWaitall  = 0x100
	msgNosignal = 0x4000
)

// socket is a struct socket.
type socket struct {
	n     int
	id    string
	state int // SS_*
	typ   int
	ops   protoOps
	file  int // the struct file, 0 before sock_alloc_file
	sk    int
	inode int // the sockfs inode
	wq    int // socket_wq
}

// protoOps is struct proto_ops: what a family does for each socket call.
// Methods never sleep; a call that must wait returns a *wouldBlock.
type protoOps interface {
	name() string
	release(k *Kernel, so *socket)
	bind(k *Kernel, so *socket, sa *sockaddr) Errno
	connect(k *Kernel, so *socket, p *pendingCall) (Errno, *wouldBlock)
	socketpair(k *Kernel, a, b *socket) Errno
	accept(k *Kernel, so, newso *socket, nonblock bool) (Errno, *wouldBlock)
	getname(k *Kernel, so *socket, peer bool) (string, Errno)
	listen(k *Kernel, so *socket, backlog int) Errno
	shutdown(k *Kernel, so *socket, how int) Errno
	setsockopt(k *Kernel, so *socket, level, opt int, val int32) Errno
	getsockopt(k *Kernel, so *socket, level, opt int) (int64, Errno)
	sendmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock)
	recvmsg(k *Kernel, so *socket, m *msghdr) (int64, Errno, *wouldBlock)
}

// netProtoFamily is struct net_proto_family plus the per-family hooks the
// generic code calls (sk_write_space, the snapshot of family fields). A new
// family registers itself with sockRegister from an init() hook
// (registerFamilies), without editing this file.
type netProtoFamily interface {
	family() int
	create(k *Kernel, so *socket, protocol int) Errno
	writeSpace(k *Kernel, sk *sock)
	snapshotSock(k *Kernel, sk *sock, out *Sock)
}

// sockRegister models sock_register(): net_families[family] = ops.
func sockRegister(k *Kernel, f netProtoFamily) { k.families[f.family()] = f }

// msghdr is a struct msghdr plus the progress of a call that slept.
type msghdr struct {
	buf   Buf       // send: the user buffer
	size  int64     // send: bytes to send; recv: the buffer size
	flags int       // MSG_*
	name  *sockaddr // sendto's address; nil if none
	sent  int64     // stream send: bytes already queued
	data  []byte    // recv: bytes already copied
	addr  string    // recv: msg_name (the sender's address)
	skb   *skbuff   // dgram send / connect: the skb allocated before sleeping
	// scm: send: the files of the SCM_RIGHTS message until an skb takes them
	// (scm_fp_copy); recv: the files taken off the skbs read (scm.go).
	scm      []int
	control  int // recv: msg_controllen in bytes; -1: no control buffer (read, recv, recvfrom)
	outFlags int // recv: msg_flags (MSG_TRUNC, MSG_CTRUNC, MSG_OOB, ...)
	// resumed: the call slept and re-enters where Linux's wait loop
	// continues, skipping the checks made once at entry.
	resumed bool
}

// sockAlloc models sock_alloc(): a sockfs inode with its struct socket.
func (k *Kernel) sockAlloc() *socket {
	defer k.tr.enter("sock_alloc")()
	k.ids.socket++
	n := k.ids.socket
	so := &socket{n: n, id: objID("socket", n), state: ssUnconnected}
	in := k.newInode(sbSockfs, "S_IFSOCK|0777")
	in.socket = n
	so.inode = in.n
	so.wq = k.newWaitQueue("sk_wq", so.id)
	k.sockets[n] = so
	k.tr.touch(so.id, Created)
	return so
}

// sockRelease models __sock_release(): the family releases its sock, then
// the socket and its sockfs inode are freed (iput → evict → sock_free_inode).
func (k *Kernel) sockRelease(so *socket) {
	defer k.tr.enter("__sock_release")()
	if so.ops != nil && so.sk != 0 {
		so.ops.release(k, so)
	}
	so.sk = 0
	k.freeWaitQueue(so.wq)
	in := k.inodes[so.inode]
	in.nlink = 0
	k.iputMaybe(in)
	delete(k.sockets, so.n)
	k.tr.touch(so.id, Freed)
}

// sockClose models sock_close(), the f_op->release of socket files.
func (k *Kernel) sockClose(so *socket) {
	defer k.tr.enter("sock_close")()
	k.sockRelease(so)
}

// sockCreate models sock_create → __sock_create: check family and type,
// allocate the socket, and let the family's create hook build the sock.
func (k *Kernel) sockCreate(family, typ, protocol int) (*socket, Errno) {
	defer k.tr.enter("sock_create")()
	defer k.tr.enter("__sock_create")()
	if family < 0 || family >= afMax {
		return nil, EAFNOSUPPORT
	}
	if typ < 0 || typ >= sockMax {
		return nil, EINVAL
	}
	so := k.sockAlloc()
	so.typ = typ
	pf := k.families[family]
	if pf == nil {
		k.sockRelease(so)
		return nil, EAFNOSUPPORT
	}
	if err := pf.create(k, so, protocol); err != 0 {
		k.sockRelease(so)
		return nil, err
	}
	return so, 0
}

// sockfdLookup models sockfd_lookup_light(): EBADF, or ENOTSOCK for a file
// that is not a socket.
func (k *Kernel) sockfdLookup(t *task, fd int64) (*socket, *file, Errno) {
	f, err := k.fdget(t, fd)
	if err != 0 {
		return nil, nil, err
	}
	if f.socket == 0 { // the terminal, a pipe, an [eventpoll] file
		return nil, f, ENOTSOCK
	}
	return k.sockets[f.socket], f, 0
}

// sysSocket models __sys_socket: socket(domain, type, protocol).
func (k *Kernel) sysSocket(t *task, family, typ, protocol int32) (int64, Errno) {
	defer k.tr.enter("__sys_socket")()
	flags := int(typ) &^ sockTypeMask
	if flags&^(sockCloexec|sockNonblock) != 0 {
		return -1, EINVAL
	}
	so, err := k.sockCreate(int(family), int(typ)&sockTypeMask, int(protocol))
	if err != 0 {
		return -1, err
	}
	return k.sockMapFd(t, so, flags)
}

// sockMapFd models sock_map_fd(): reserve an fd, wrap the socket in a file,
// install it. Without a free fd the new socket is released again.
func (k *Kernel) sockMapFd(t *task, so *socket, flags int) (int64, Errno) {
	defer k.tr.enter("sock_map_fd")()
	fd, err := k.getUnusedFdFlags(t)
	if err != 0 {
		k.sockRelease(so)
		return -1, err
	}
	f := k.sockAllocFile(so, flags)
	k.fdInstall(t, fd, f.n, flags&sockCloexec != 0)
	return int64(fd), 0
}

// sysSocketpair models __sys_socketpair.
func (k *Kernel) sysSocketpair(t *task, family, typ, protocol int32) (Result, Errno) {
	defer k.tr.enter("__sys_socketpair")()
	flags := int(typ) &^ sockTypeMask
	if flags&^(sockCloexec|sockNonblock) != 0 {
		return Result{}, EINVAL
	}
	fd1, err := k.getUnusedFdFlags(t)
	if err != 0 {
		return Result{}, err
	}
	t.fdt.install(fd1, -1, false) // reserved (__set_open_fd) until fd_install
	fd2, err := k.getUnusedFdFlags(t)
	t.fdt.remove(fd1)
	if err != 0 {
		return Result{}, err
	}
	so1, err := k.sockCreate(int(family), int(typ)&sockTypeMask, int(protocol))
	if err != 0 {
		return Result{}, err
	}
	so2, err := k.sockCreate(int(family), int(typ)&sockTypeMask, int(protocol))
	if err != 0 {
		k.sockRelease(so1)
		return Result{}, err
	}
	if err := so1.ops.socketpair(k, so1, so2); err != 0 {
		k.sockRelease(so2)
		k.sockRelease(so1)
		return Result{}, err
	}
	f1 := k.sockAllocFile(so1, flags)
	f2 := k.sockAllocFile(so2, flags)
	k.fdInstall(t, fd1, f1.n, flags&sockCloexec != 0)
	k.fdInstall(t, fd2, f2.n, flags&sockCloexec != 0)
	return Result{SV: [2]int64{int64(fd1), int64(fd2)}, HasSV: true}, 0
}

// sysBind models __sys_bind.
func (k *Kernel) sysBind(t *task, fd int64, a Arg) Errno {
	defer k.tr.enter("__sys_bind")()
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return err
	}
	sa, _ := decodeSockaddr(a)
	if err := k.moveAddrToKernel(sa); err != 0 {
		return err
	}
	if sa == nil {
		sa = &sockaddr{}
	}
	return so.ops.bind(k, so, sa)
}

// sysListen models __sys_listen: the backlog is clamped to somaxconn
// ((unsigned)backlog > somaxconn, so a negative backlog becomes somaxconn).
func (k *Kernel) sysListen(t *task, fd int64, backlog int32) Errno {
	defer k.tr.enter("__sys_listen")()
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return err
	}
	b := int(backlog)
	if uint32(backlog) > sysctlSomaxconn {
		b = sysctlSomaxconn
	}
	return so.ops.listen(k, so, b)
}

// sysAccept4 models __sys_accept4 → do_accept: the new socket, fd and file
// exist before the family's accept runs (and sleeps).
func (k *Kernel) sysAccept4(t *task, fd int64, flags int32, name string) (Result, *pendingCall) {
	defer k.tr.enter("__sys_accept4")()
	// __sys_accept4 resolves the fd first (EBADF), then
	// __sys_accept4_file checks the flags (EINVAL), then do_accept finds
	// the socket (ENOTSOCK).
	if _, err := k.fdget(t, fd); err != 0 {
		return errResult(err), nil
	}
	if int(flags)&^(sockCloexec|sockNonblock) != 0 {
		return errResult(EINVAL), nil
	}
	so, f, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	defer k.tr.enter("do_accept")()
	newso := k.sockAlloc()
	newso.typ, newso.ops = so.typ, so.ops
	newfd, err := k.getUnusedFdFlags(t)
	if err != 0 {
		k.sockRelease(newso)
		return errResult(err), nil
	}
	newf := k.sockAllocFile(newso, int(flags))
	p := k.newPending(pendingCall{name: name, op: opAccept, socket: so.n, flags: int(flags), nonblock: f.flags&oNONBLOCK != 0,
		newsock: newso.n, newfile: newf.n, newfd: newfd})
	r, wb := k.doAccept(t, p)
	return k.block(t, p, r, wb)
}

// doAccept runs the family's accept and, on success, installs the new fd.
// The listener file's O_NONBLOCK decides whether it may sleep.
func (k *Kernel) doAccept(t *task, p *pendingCall) (Result, *wouldBlock) {
	so, newso := k.sockets[p.socket], k.sockets[p.newsock]
	err, wb := so.ops.accept(k, so, newso, p.nonblock)
	if wb != nil {
		return Result{}, wb
	}
	if err != 0 {
		k.fput(p.newfile)
		return errResult(err), nil
	}
	addr, _ := newso.ops.getname(k, newso, true)
	if newso.ops == inetStreamOps {
		// do_accept asks ->getname with peer == 2: inet_getname then skips
		// the TCP_CLOSE check, so a child reset before accept still names
		// its peer.
		addr = k.inetAcceptName(newso)
	}
	k.fdInstall(t, p.newfd, p.newfile, p.flags&sockCloexec != 0)
	return Result{Ret: int64(p.newfd), Addr: addr}, nil
}

// sysConnect models __sys_connect.
func (k *Kernel) sysConnect(t *task, fd int64, a Arg, name string) (Result, *pendingCall) {
	defer k.tr.enter("__sys_connect")()
	so, f, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return errResult(err), nil
	}
	sa, _ := decodeSockaddr(a)
	if err := k.moveAddrToKernel(sa); err != 0 {
		return errResult(err), nil
	}
	if sa == nil {
		sa = &sockaddr{}
	}
	p := k.newPending(pendingCall{name: name, op: opConnect, socket: so.n, addr: sa, nonblock: f.flags&oNONBLOCK != 0})
	r, wb := k.doConnect(t, p)
	return k.block(t, p, r, wb)
}

func (k *Kernel) doConnect(t *task, p *pendingCall) (Result, *wouldBlock) {
	so := k.sockets[p.socket]
	err, wb := so.ops.connect(k, so, p)
	if wb != nil {
		return Result{}, wb
	}
	if err != 0 {
		return errResult(err), nil
	}
	return Result{}, nil
}

// sysSendmsg models write()/send()/sendto() on a socket: sock_write_iter or
// __sys_sendto, then __sock_sendmsg. The length is clamped to MAX_RW_COUNT
// as import_ubuf/rw_verify_area do; the file's O_NONBLOCK becomes MSG_DONTWAIT.
func (k *Kernel) sysSendmsg(t *task, so *socket, f *file, buf Buf, flags int32, to *sockaddr, name string) (Result, *pendingCall) {
	m := msghdr{buf: buf, size: min(buf.Len(), maxRWCount), flags: int(flags), name: to}
	if f.flags&oNONBLOCK != 0 {
		m.flags |= msgDontwait
	}
	p := k.newPending(pendingCall{name: name, op: opSend, socket: so.n, msg: m})
	r, wb := k.doSend(t, p)
	return k.block(t, p, r, wb)
}

func (k *Kernel) doSend(t *task, p *pendingCall) (Result, *wouldBlock) {
	defer k.tr.enter("__sock_sendmsg")()
	so := k.sockets[p.socket]
	n, err, wb := so.ops.sendmsg(k, so, &p.msg)
	if wb != nil {
		return Result{}, wb
	}
	k.scmDestroy(&p.msg) // files no skb took (an error, or nothing sent)
	if err != 0 {
		return errResult(err), nil
	}
	return Result{Ret: n}, nil
}

// sysRecvmsg models read()/recv()/recvfrom() on a socket: sock_read_iter or
// __sys_recvfrom, then sock_recvmsg.
func (k *Kernel) sysRecvmsg(t *task, so *socket, f *file, size int64, flags int32, name string) (Result, *pendingCall) {
	m := msghdr{size: min(size, maxRWCount), flags: int(flags), control: -1}
	if f.flags&oNONBLOCK != 0 {
		m.flags |= msgDontwait
	}
	p := k.newPending(pendingCall{name: name, op: opRecv, socket: so.n, msg: m})
	r, wb := k.doRecv(t, p)
	return k.block(t, p, r, wb)
}

func (k *Kernel) doRecv(t *task, p *pendingCall) (Result, *wouldBlock) {
	defer k.tr.enter("sock_recvmsg")()
	so := k.sockets[p.socket]
	n, err, wb := so.ops.recvmsg(k, so, &p.msg)
	if wb != nil {
		return Result{}, wb
	}
	if err != 0 {
		return errResult(err), nil
	}
	r := Result{Ret: n, Data: p.msg.data, Addr: p.msg.addr}
	if p.name != "recvfrom" && p.name != "recvmsg" {
		r.Addr = ""
	}
	k.recvmsgResult(t, p, &r) // SCM_RIGHTS: install or close the files read (scm.go)
	return r, nil
}

// sysShutdown models __sys_shutdown.
func (k *Kernel) sysShutdown(t *task, fd int64, how int32) Errno {
	defer k.tr.enter("__sys_shutdown")()
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return err
	}
	return so.ops.shutdown(k, so, int(how))
}

// sysGetname models __sys_getsockname / __sys_getpeername.
func (k *Kernel) sysGetname(t *task, fd int64, peer bool) (Result, Errno) {
	if peer {
		defer k.tr.enter("__sys_getpeername")()
	} else {
		defer k.tr.enter("__sys_getsockname")()
	}
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return Result{}, err
	}
	addr, err := so.ops.getname(k, so, peer)
	if err != 0 {
		return Result{}, err
	}
	return Result{Addr: addr}, 0
}

// sysSetsockopt models __sys_setsockopt → do_sock_setsockopt: SOL_SOCKET goes
// to sock_setsockopt with the optval bytes a C program passes (SockoptBytes),
// other levels to the family with the int.
func (k *Kernel) sysSetsockopt(t *task, fd int64, level, opt int32, v Arg) Errno {
	defer k.tr.enter("__sys_setsockopt")()
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return err
	}
	b := SockoptBytes(int(level), int(opt), v)
	if level == solSocket {
		return k.sockSetsockoptBytes(k.socks[so.sk], int(opt), b)
	}
	var val int32
	if len(b) >= 4 {
		val = int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
	}
	return so.ops.setsockopt(k, so, int(level), int(opt), val)
}

// sysGetsockopt models __sys_getsockopt → do_sock_getsockopt.
func (k *Kernel) sysGetsockopt(t *task, fd int64, level, opt int32) Result {
	defer k.tr.enter("__sys_getsockopt")()
	so, _, err := k.sockfdLookup(t, fd)
	if err != 0 {
		return errResult(err)
	}
	if level == solSocket {
		return k.sockGetsockoptResult(k.socks[so.sk], int(opt))
	}
	v, err := so.ops.getsockopt(k, so, int(level), int(opt))
	if err != 0 {
		return errResult(err)
	}
	return Result{Ret: v}
}

func errResult(e Errno) Result { return Result{Ret: -1, Errno: e} }
