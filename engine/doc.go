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
//
// Kernel side (net/socket.c, net/unix/af_unix.c, ...) and language side
// (scanner, parser, interpreter, session) live in their own files.
package engine
