// Package engine is socklab's simulated Linux kernel and the timeline language
// that drives it. It is pure Go: no I/O, no syscall/js, no goroutines parked
// waiting. A blocked call parks the simulated *task* (task state + a wait-queue
// entry), never a goroutine.
//
// Map of the package (each file models the Linux file it is named after):
//
//	api.go        the contract between the interpreter and the kernel (Call, Arg, Result)
//	syscalls.go   the syscall table: names and parameter kinds of every call
//	errno.go      errno values with Linux numbers and names
//	snapshot.go   the JSON shape of the whole kernel state (Linux field names)
//	trace.go      the call-chain recorder (Frame, Touch)
//	event.go      the timeline result events (the spec's JSON lines)
//	poll.go       each file type's ->poll (sock_poll, unix_poll, tcp_poll, ...) and poll_table
//	select.go     poll() and select() (fs/select.c): poll_table entries, time-outs
//	eventpoll.go  epoll (fs/eventpoll.c): [eventpoll] files, epitems, rdllist, ep_poll_callback
//	pipe.go       pipe()/pipe2() (fs/pipe.c): pipe_inode_info and its page ring
//	wait.go       wait queues whose entries carry wake functions (autoremove, pollwake, ep_poll_callback)
//	scm.go        sendmsg/recvmsg and SCM_RIGHTS (net/core/scm.c, unix_attach_fds/unix_detach_fds)
//	garbage.go    AF_UNIX sockets in flight and unix_gc (net/unix/garbage.c)
//	tcp_urg.go    TCP urgent data: MSG_OOB, tcp_urg/tcp_check_urg, tcp_recv_urg, SIOCATMARK
//	ioctl.go      ioctl FIONREAD/SIOCATMARK (sock_ioctl → unix_ioctl, tcp_ioctl, udp_ioctl)
//	sock_opts.go  SO_RCVTIMEO/SO_SNDTIMEO (jiffies), SO_LINGER, SO_RCVLOWAT, SO_OOBINLINE, SO_PASSCRED
//	sock_timeo.go a blocked call's time-out: schedule_timeout's timer on the timer list (timer.go)
//
// Kernel side (net/socket.c, net/unix/af_unix.c, ...) and language side
// (scanner, parser, interpreter, session) live in their own files.
package engine
