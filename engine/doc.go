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
//
// Kernel side (net/socket.c, net/unix/af_unix.c, ...) and language side
// (scanner, parser, interpreter, session) live in their own files.
package engine
