package engine

// File flags (include/uapi/asm-generic/fcntl.h).
const (
	oRDWR     = 0o2
	oAPPEND   = 0o2000
	oNONBLOCK = 0o4000
	oASYNC    = 0o20000
	oDIRECT   = 0o40000
	oNOATIME  = 0o1000000
	oCLOEXEC  = 0o2000000
)

// file is a struct file: an open file description shared by dup'd fds.
type file struct {
	n      int
	id     string
	count  int // f_count: fd slots (and in-flight calls) holding it
	flags  int // f_flags
	tty    bool
	socket int // private_data: the struct socket (0 for the terminal)
	inode  int
	pipe   int // private_data of a pipe end: the pipe_inode_info (pipe.go)
	fmode  int // FMODE_READ / FMODE_WRITE of a pipe end
	ep     int // private_data of an [eventpoll] file (eventpoll.go)
}

// fOp is the file's f_op table name.
func (f *file) fOp() string {
	switch {
	case f.tty:
		return "tty_fops"
	case f.pipe != 0:
		return "pipefifo_fops"
	case f.ep != 0:
		return "eventpoll_fops"
	}
	return "socket_file_ops"
}

func (k *Kernel) newFile(flags, socketN, inodeN int, tty bool) *file {
	k.ids.file++
	n := k.ids.file
	f := &file{n: n, id: objID("file", n), count: 1, flags: flags, tty: tty, socket: socketN, inode: inodeN}
	k.files[n] = f
	k.tr.touch(f.id, Created)
	return f
}

// allocTTYFile opens the terminal (/dev/pts/0) for a new task.
func (k *Kernel) allocTTYFile() *file {
	return k.newFile(oRDWR, 0, k.ttyInode, true)
}

// sockAllocFile models sock_alloc_file() (net/socket.c): a struct file with
// socket_file_ops whose private_data is the socket.
func (k *Kernel) sockAllocFile(so *socket, flags int) *file {
	defer k.tr.enter("sock_alloc_file")()
	f := k.newFile(oRDWR|(flags&oNONBLOCK), so.n, so.inode, false)
	so.file = f.n
	k.tr.touch(so.id, Changed)
	return f
}

// getFile models get_file(): one more reference.
func (k *Kernel) getFile(f *file) {
	f.count++
	k.tr.touch(f.id, Changed)
}

// fput models fput() → __fput(): the last reference releases the file and,
// for a socket, the socket (f_op->release = sock_close).
func (k *Kernel) fput(n int) {
	defer k.tr.enter("fput")()
	f := k.files[n]
	f.count--
	k.tr.touch(f.id, Changed)
	if f.count > 0 {
		return
	}
	k.fputFinal(f)
}

// fputFinal models __fput().
func (k *Kernel) fputFinal(f *file) {
	defer k.tr.enter("__fput")()
	k.eventpollRelease(f)
	switch {
	case f.pipe != 0:
		k.pipeRelease(f)
	case f.ep != 0:
		k.epEventpollRelease(f)
	case !f.tty:
		k.sockClose(k.sockets[f.socket])
	}
	delete(k.files, f.n)
	k.tr.touch(f.id, Freed)
}
