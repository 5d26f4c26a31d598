package engine

// fcntl commands (include/uapi/asm-generic/fcntl.h).
const (
	fDupfd        = 0
	fGetfd        = 1
	fSetfd        = 2
	fGetfl        = 3
	fSetfl        = 4
	fDupfdCloexec = 1030
	fdCloexec     = 1
)

// setflMask is SETFL_MASK: the f_flags F_SETFL may change.
const setflMask = oAPPEND | oNONBLOCK | oASYNC | oDIRECT | oNOATIME

// sysFcntl models do_fcntl (fs/fcntl.c) for the commands socklab knows.
func (k *Kernel) sysFcntl(t *task, fd int64, cmd int32, arg int64) (int64, Errno) {
	defer k.tr.enter("do_fcntl")()
	f, err := k.fdget(t, int64(uint32(fd)))
	if err != 0 || int64(uint32(fd)) >= int64(len(t.fdt.fd)) {
		return -1, EBADF
	}
	ufd := int(uint32(fd))
	switch cmd {
	case fDupfd, fDupfdCloexec:
		return k.fDupfd(t, f, arg, cmd == fDupfdCloexec)
	case fGetfd:
		if t.fdt.cloexec[ufd] {
			return fdCloexec, 0
		}
		return 0, 0
	case fSetfd:
		t.fdt.cloexec[ufd] = arg&fdCloexec != 0
		k.tr.touch(t.id, Changed)
		return 0, 0
	case fGetfl:
		return int64(f.flags), 0
	case fSetfl:
		return 0, k.setfl(f, int(uint32(arg)))
	}
	return -1, EINVAL
}

// setfl models setfl(): O_DIRECT is refused on sockets (no direct_IO), the
// other SETFL_MASK bits are replaced.
func (k *Kernel) setfl(f *file, arg int) Errno {
	defer k.tr.enter("setfl")()
	if arg&oDIRECT != 0 && !f.tty && f.pipe == 0 { // pipes have FMODE_CAN_ODIRECT
		return EINVAL
	}
	f.flags = arg&setflMask | f.flags&^setflMask
	k.tr.touch(f.id, Changed)
	return 0
}

// fDupfd models F_DUPFD: the lowest free fd >= arg.
func (k *Kernel) fDupfd(t *task, f *file, from int64, cloexec bool) (int64, Errno) {
	defer k.tr.enter("f_dupfd")()
	if from < 0 || from >= rlimitNofile {
		return -1, EINVAL
	}
	fd := int(from)
	for fd < len(t.fdt.fd) && t.fdt.fd[fd] != 0 {
		fd++
	}
	if fd >= rlimitNofile {
		return -1, EMFILE
	}
	k.getFile(f)
	k.fdInstall(t, fd, f.n, cloexec)
	return int64(fd), 0
}
