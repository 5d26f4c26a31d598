package engine

// The calls and constants timeline v2 adds (../shared/spec/timeline-v2.md),
// registered in one place so that their behaviour can be implemented in
// separate files (fork.go, exit.go, select.go, eventpoll.go, scm.go, pipe.go
// ...). A call registered here but not implemented yet reaches the end of
// dispatch and fails with ENOSYS, as an unimplemented syscall does on Linux
// (kernel/sys_ni.c, sys_ni_syscall).
//
// Argument shapes as Call.Args carries them:
//
//	fork("name")                      ArgName
//	getpid() getppid() wait()         none
//	exit(status)                      ArgInt
//	waitpid(pid, options)             ArgInt, ArgInt
//	signal(sig, handler)              ArgInt, ArgInt (SIG_DFL 0, SIG_IGN 1)
//	poll({fd, events}, ..., timeout)  zero or more ArgList{ArgInt, ArgInt} (any length: the kernel checks), then ArgInt
//	select(nfds, r, w, e, timeout)    ArgInt, 3 x (ArgList of fds | ArgNull), ArgInt ms or ArgNull (forever)
//	epoll_create1(flags)              ArgInt
//	epoll_create(size)                ArgInt
//	epoll_ctl(epfd, op, fd, events)   ArgInt x 4
//	epoll_wait(epfd, maxevents, ms)   ArgInt x 3
//	sendmsg(fd, data, flags, {fds}[, "addr"])  ArgInt, ArgBytes, ArgInt, ArgList|ArgNull[, ArgBytes|ArgNull]
//	recvmsg(fd, n, flags[, maxfds])   ArgInt x 3 or 4
//	ioctl(fd, request)                ArgInt, ArgInt
//	pipe(sv)                          ArgSV (fill Result.SV, HasSV)
//	setsockopt(fd, level, opt, v)     v is ArgInt or ArgList ({onoff, secs} for SO_LINGER)
//
// Brace-list elements are only integers or nested lists; the kernel checks
// lengths (a poll entry that is not {fd, events} is the kernel's to reject).
var syscallsV2 = map[string]Signature{
	"fork":          {Params: []ParamKind{PName}},
	"getpid":        {},
	"getppid":       {},
	"exit":          {Params: []ParamKind{PInt}},
	"wait":          {},
	"waitpid":       {Params: []ParamKind{PInt, PInt}},
	"signal":        {Params: []ParamKind{PInt, PInt}},
	"poll":          {Params: []ParamKind{PList, PInt}, Variadic: true, VarAt: 0},
	"select":        {Params: []ParamKind{PInt, PList, PList, PList, PIntOrNull}},
	"epoll_create1": {Params: []ParamKind{PInt}},
	"epoll_create":  {Params: []ParamKind{PInt}},
	"epoll_ctl":     {Params: []ParamKind{PInt, PInt, PInt, PInt}},
	"epoll_wait":    {Params: []ParamKind{PInt, PInt, PInt}},
	"sendmsg":       {Params: []ParamKind{PInt, PBuf, PInt, PList, PAddr}, Optional: 1},
	"recvmsg":       {Params: []ParamKind{PInt, PInt, PInt, PInt}, Optional: 1},
	"ioctl":         {Params: []ParamKind{PInt, PInt}},
	"pipe":          {Params: []ParamKind{PSV}},
}

// constantsV2 are v2's constants with their Linux x86_64 values
// (include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h,
// include/uapi/linux/wait.h, include/uapi/asm-generic/signal.h and
// signal-defs.h, include/uapi/asm-generic/ioctls.h, sockios.h, socket.h,
// include/linux/socket.h).
var constantsV2 = map[string]int64{
	"POLLIN": 0x1, "POLLPRI": 0x2, "POLLOUT": 0x4, "POLLERR": 0x8, "POLLHUP": 0x10, "POLLNVAL": 0x20,
	"POLLRDNORM": 0x40, "POLLRDBAND": 0x80, "POLLWRNORM": 0x100, "POLLWRBAND": 0x200,
	"POLLMSG": 0x400, "POLLRDHUP": 0x2000,
	"EPOLLIN": 0x1, "EPOLLPRI": 0x2, "EPOLLOUT": 0x4, "EPOLLERR": 0x8, "EPOLLHUP": 0x10,
	"EPOLLRDNORM": 0x40, "EPOLLRDBAND": 0x80, "EPOLLWRNORM": 0x100, "EPOLLWRBAND": 0x200,
	"EPOLLMSG": 0x400, "EPOLLRDHUP": 0x2000,
	"EPOLLEXCLUSIVE": 1 << 28, "EPOLLONESHOT": 1 << 30, "EPOLLET": 1 << 31,
	"EPOLL_CTL_ADD": 1, "EPOLL_CTL_DEL": 2, "EPOLL_CTL_MOD": 3, "EPOLL_CLOEXEC": 0o2000000,
	"WNOHANG": 1, "SIGPIPE": 13, "SIGCHLD": 17, "SIG_DFL": 0, "SIG_IGN": 1,
	"F_GETFD": 1, "F_SETFD": 2, "FD_CLOEXEC": 1,
	"FIONREAD": 0x541B, "SIOCATMARK": 0x8905,
	"SO_LINGER": 13, "SO_OOBINLINE": 10, "SO_PASSCRED": 16, "SO_RCVLOWAT": 18,
	"SO_RCVTIMEO": 20, "SO_SNDTIMEO": 21, "SO_KEEPALIVE": 9,
	"MSG_CTRUNC": 0x8, "MSG_CMSG_CLOEXEC": 0x40000000,
}

func init() {
	for name, sig := range syscallsV2 {
		Syscalls[name] = sig
	}
	for name, v := range constantsV2 {
		Constants[name] = v
	}
}
