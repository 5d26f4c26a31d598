package engine

// rlimitNofile is RLIMIT_NOFILE's soft limit (the usual 1024).
const rlimitNofile = 1024

// fdtable is a struct fdtable: fd -> struct file (by file number; 0 = free),
// plus close_on_exec bits. It grows like expand_files(), never past the limit.
type fdtable struct {
	fd      []int32
	cloexec []bool
}

// getUnusedFd models the search in alloc_fd(): the lowest free fd, or EMFILE
// when every fd below RLIMIT_NOFILE is taken.
func (t *fdtable) getUnusedFd() (int, Errno) {
	for fd, f := range t.fd {
		if f == 0 {
			return fd, 0
		}
	}
	if len(t.fd) >= rlimitNofile {
		return -1, EMFILE
	}
	return len(t.fd), 0
}

// install models fd_install(): fd now points at file n.
func (t *fdtable) install(fd, n int, cloexec bool) {
	for len(t.fd) <= fd {
		t.fd = append(t.fd, 0)
		t.cloexec = append(t.cloexec, false)
	}
	t.fd[fd] = int32(n)
	t.cloexec[fd] = cloexec
}

// lookup returns the file number at fd, 0 if fd is not open (files_lookup_fd_raw).
func (t *fdtable) lookup(fd int64) int {
	if fd < 0 || fd >= int64(len(t.fd)) {
		return 0
	}
	return int(t.fd[fd])
}

// remove clears fd and returns the file it pointed at (pick_file).
func (t *fdtable) remove(fd int) int {
	n := t.lookup(int64(fd))
	if n != 0 {
		t.fd[fd] = 0
		t.cloexec[fd] = false
	}
	for len(t.fd) > 0 && t.fd[len(t.fd)-1] == 0 {
		t.fd = t.fd[:len(t.fd)-1]
		t.cloexec = t.cloexec[:len(t.cloexec)-1]
	}
	return n
}

// clone deep-copies the table.
func (t fdtable) clone() fdtable {
	return fdtable{fd: append([]int32(nil), t.fd...), cloexec: append([]bool(nil), t.cloexec...)}
}

// getUnusedFdFlags models get_unused_fd_flags() for task t.
func (k *Kernel) getUnusedFdFlags(t *task) (int, Errno) {
	defer k.tr.enter("get_unused_fd_flags")()
	return t.fdt.getUnusedFd()
}

// fdInstall models fd_install().
func (k *Kernel) fdInstall(t *task, fd, fileN int, cloexec bool) {
	defer k.tr.enter("fd_install")()
	t.fdt.install(fd, fileN, cloexec)
	k.tr.touch(t.id, Changed)
	k.tr.touch(k.files[fileN].id, Changed)
}

// fdget models fdget(): the file behind fd, or EBADF. fd is a C int.
func (k *Kernel) fdget(t *task, fd int64) (*file, Errno) {
	n := t.fdt.lookup(int64(int32(fd)))
	if n == 0 {
		return nil, EBADF
	}
	return k.files[n], 0
}

// closeFd models close_fd() (fs/file.c): pick_file + filp_close → fput.
func (k *Kernel) closeFd(t *task, fd int64) Errno {
	defer k.tr.enter("close_fd")()
	ufd := uint32(fd) // close(unsigned int fd)
	if int64(ufd) >= int64(len(t.fdt.fd)) {
		return EBADF
	}
	n := t.fdt.remove(int(ufd))
	if n == 0 {
		return EBADF
	}
	k.tr.touch(t.id, Changed)
	k.filpClose(n)
	return 0
}

// filpClose models filp_close(): drop the fd's reference on the file.
func (k *Kernel) filpClose(n int) {
	defer k.tr.enter("filp_close")()
	k.fput(n)
}

// sysDup models dup() (fs/file.c): the lowest free fd shares the file.
func (k *Kernel) sysDup(t *task, fd int64) (int64, Errno) {
	defer k.tr.enter("__x64_sys_dup")()
	f, err := k.fdget(t, int64(uint32(fd))) // dup(unsigned int fildes)
	if err != 0 {
		return -1, EBADF
	}
	nfd, err := k.getUnusedFdFlags(t)
	if err != 0 {
		return -1, err
	}
	k.getFile(f)
	k.fdInstall(t, nfd, f.n, false)
	return int64(nfd), 0
}

// sysDup2 models dup2() → do_dup2(): newfd is closed first if open; dup2 of
// an fd onto itself only checks that it is open.
func (k *Kernel) sysDup2(t *task, oldfd, newfd int64) (int64, Errno) {
	defer k.tr.enter("__x64_sys_dup2")()
	o, n := uint32(oldfd), uint32(newfd)
	f, err := k.fdget(t, int64(o))
	if err != 0 || int64(o) >= int64(len(t.fdt.fd)) {
		return -1, EBADF
	}
	if o == n {
		return int64(n), 0
	}
	if n >= rlimitNofile {
		return -1, EBADF
	}
	return k.doDup2(t, f, int(n))
}

// doDup2 models do_dup2(): install f at fd, then close what was there.
func (k *Kernel) doDup2(t *task, f *file, fd int) (int64, Errno) {
	defer k.tr.enter("do_dup2")()
	old := t.fdt.lookup(int64(fd))
	k.getFile(f)
	t.fdt.install(fd, f.n, false)
	k.tr.touch(t.id, Changed)
	if old != 0 {
		k.filpClose(old)
	}
	return int64(fd), 0
}
