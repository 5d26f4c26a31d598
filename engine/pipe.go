package engine

// This file models fs/pipe.c: pipe()/pipe2() (do_pipe2 →
// __do_pipe_flags → create_pipe_files), the pipe_inode_info ring of
// page-sized pipe_buffers (PIPE_DEF_BUFFERS = 16: 64 KiB when every page is
// full), pipe_read, pipe_write (small writes merge into the last page;
// a write of at most PIPE_BUF bytes never splits, because it needs at most
// one free slot), pipe_poll and pipe_release.

const (
	pipeDefBuffers = 16   // PIPE_DEF_BUFFERS
	pipeBuf        = 4096 // PIPE_BUF
	fmodeRead      = 1    // FMODE_READ
	fmodeWrite     = 2    // FMODE_WRITE
	oWRONLY        = 1
)

// pipeInode is a struct pipe_inode_info.
type pipeInode struct {
	n, inode         int
	id               string
	bufs             []pipeBuffer // tail .. head-1
	readers, writers int
	rdWait, wrWait   int
	pollUsage        bool // set by pipe_poll: epoll's "nasty semantics"
}

// pipeBuffer is a struct pipe_buffer: one page, data[off:] unread.
type pipeBuffer struct {
	data   []byte
	off    int
	packet bool // PIPE_BUF_FLAG_PACKET (O_DIRECT); else PIPE_BUF_FLAG_CAN_MERGE
}

func (b *pipeBuffer) len() int { return len(b.data) - b.off }

func (p *pipeInode) empty() bool { return len(p.bufs) == 0 }
func (p *pipeInode) full() bool  { return len(p.bufs) >= pipeDefBuffers }

func (p *pipeInode) bytes() int {
	n := 0
	for i := range p.bufs {
		n += p.bufs[i].len()
	}
	return n
}

func (p *pipeInode) clone() *pipeInode {
	c := *p
	c.bufs = make([]pipeBuffer, len(p.bufs))
	for i, b := range p.bufs {
		c.bufs[i] = pipeBuffer{data: append([]byte(nil), b.data...), off: b.off, packet: b.packet}
	}
	return &c
}

// sysPipe2 models do_pipe2(): the two files first, then two fds (fd[0] the
// read end, fd[1] the write end); flags other than O_CLOEXEC, O_NONBLOCK and
// O_DIRECT are EINVAL.
func (k *Kernel) sysPipe2(t *task, flags int64) (Result, Errno) {
	defer k.tr.enter("do_pipe2")()
	defer k.tr.enter("__do_pipe_flags")()
	fl := int(int32(flags))
	if fl&^(oCLOEXEC|oNONBLOCK|oDIRECT) != 0 {
		return Result{}, EINVAL
	}
	rf, wf := k.createPipeFiles(fl)
	fdr, err := k.getUnusedFdFlags(t)
	if err == 0 {
		t.fdt.install(fdr, -1, false) // reserved until fd_install
		var fdw int
		fdw, err = k.getUnusedFdFlags(t)
		t.fdt.remove(fdr)
		if err == 0 {
			k.fdInstall(t, fdr, rf.n, fl&oCLOEXEC != 0)
			k.fdInstall(t, fdw, wf.n, fl&oCLOEXEC != 0)
			return Result{SV: [2]int64{int64(fdr), int64(fdw)}, HasSV: true}, 0
		}
	}
	k.fput(rf.n)
	k.fput(wf.n)
	return Result{}, err
}

// createPipeFiles models create_pipe_files(): a pipefs inode with its
// pipe_inode_info (get_pipe_inode: one reader, one writer), the write file
// (O_WRONLY, keeping O_NONBLOCK and O_DIRECT) and its clone for reading.
func (k *Kernel) createPipeFiles(flags int) (rf, wf *file) {
	defer k.tr.enter("create_pipe_files")()
	st := k.polls()
	st.ids.pipe++
	in := k.newInode(sbPipefs, "S_IFIFO|0600")
	p := &pipeInode{n: st.ids.pipe, id: objID("pipe", st.ids.pipe), inode: in.n, readers: 1, writers: 1}
	p.rdWait = k.newWaitQueue("rd_wait", p.id)
	p.wrWait = k.newWaitQueue("wr_wait", p.id)
	in.socket = 0
	st.pipes[p.n] = p
	k.tr.touch(p.id, Created)
	wf = k.newFile(oWRONLY|flags&(oNONBLOCK|oDIRECT), 0, in.n, false)
	wf.pipe, wf.fmode = p.n, fmodeWrite
	rf = k.newFile(flags&oNONBLOCK, 0, in.n, false)
	rf.pipe, rf.fmode = p.n, fmodeRead
	return rf, wf
}

// pipeRelease models pipe_release(): one reader or writer fewer; when the
// last of one side goes while the other side lives, wake everybody; the
// last file frees the pipe (put_pipe_info → free_pipe_info).
func (k *Kernel) pipeRelease(f *file) {
	defer k.tr.enter("pipe_release")()
	st := k.polls()
	p := st.pipes[f.pipe]
	if f.fmode&fmodeRead != 0 {
		p.readers--
	}
	if f.fmode&fmodeWrite != 0 {
		p.writers--
	}
	k.tr.touch(p.id, Changed)
	if (p.readers == 0) != (p.writers == 0) {
		k.wakeUpInterruptibleAll(p.rdWait)
		k.wakeUpInterruptibleAll(p.wrWait)
	}
	if p.readers == 0 && p.writers == 0 {
		defer k.tr.enter("free_pipe_info")()
		for i := range p.bufs {
			k.acct.dropped += int64(p.bufs[i].len())
		}
		k.freeWaitQueue(p.rdWait)
		k.freeWaitQueue(p.wrWait)
		delete(st.pipes, p.n)
		k.tr.touch(p.id, Freed)
		in := k.inodes[f.inode]
		delete(k.inodes, in.n)
		k.tr.touch(in.id, Freed)
	}
}

// pipePoll models pipe_poll(): both wait queues are polled; the read end is
// readable when a buffer is queued and hung up without writers, the write
// end writable while a slot is free and in error without readers.
func (k *Kernel) pipePoll(f *file, pt *pollTable) pollMask {
	defer k.tr.enter("pipe_poll")()
	p := k.polls().pipes[f.pipe]
	p.pollUsage = true
	k.pollWait(f, p.rdWait, pt)
	k.pollWait(f, p.wrWait, pt)
	var mask pollMask
	if f.fmode&fmodeRead != 0 {
		if !p.empty() {
			mask |= epollIn | epollRdnorm
		}
		if p.writers == 0 {
			mask |= epollHup
		}
	}
	if f.fmode&fmodeWrite != 0 {
		if !p.full() {
			mask |= epollOut | epollWrnorm
		}
		if p.readers == 0 {
			mask |= epollErr
		}
	}
	return mask
}

// vfsReadOther is vfs_read for files that are neither sockets nor the
// terminal: EBADF without FMODE_READ, EINVAL without a ->read (eventpoll),
// EFAULT for a count user space cannot hold.
func (k *Kernel) vfsReadOther(t *task, f *file, n int64, name string) (Result, *pendingCall) {
	if f.pipe == 0 {
		return errResult(EINVAL), nil
	}
	if f.fmode&fmodeRead == 0 {
		return errResult(EBADF), nil
	}
	if n < 0 {
		return errResult(EFAULT), nil
	}
	p := k.newPending(pendingCall{name: name, op: opPipeRead, newfile: f.n, msg: msghdr{size: min(n, maxRWCount)}})
	r, wb := k.pipeRead(p)
	return k.block(t, p, r, wb)
}

// vfsWriteOther is vfs_write for pipes and eventpoll files.
func (k *Kernel) vfsWriteOther(t *task, f *file, buf Buf, name string) (Result, *pendingCall) {
	if f.pipe == 0 {
		return errResult(EINVAL), nil
	}
	if f.fmode&fmodeWrite == 0 {
		return errResult(EBADF), nil
	}
	p := k.newPending(pendingCall{name: name, op: opPipeWrite, newfile: f.n, msg: msghdr{buf: buf, size: min(buf.Len(), maxRWCount)}})
	r, wb := k.pipeWrite(p)
	return k.block(t, p, r, wb)
}

// resumePipe re-runs a woken pipe read or write: wait_event's condition
// (pipe_readable / pipe_writable) must hold, else it sleeps again.
func (k *Kernel) resumePipe(t *task, pc *pendingCall) (Result, *wouldBlock) {
	f := k.files[pc.newfile]
	p := k.polls().pipes[f.pipe]
	if pc.op == opPipeRead {
		if p.empty() && p.writers > 0 {
			return Result{}, &wouldBlock{wq: p.rdWait, in: "pipe_read", exclusive: true}
		}
		return k.pipeRead(pc)
	}
	if p.full() && p.readers > 0 {
		return Result{}, &wouldBlock{wq: p.wrWait, in: "pipe_write", exclusive: true}
	}
	return k.pipeWrite(pc)
}

// pipeRead models pipe_read().
func (k *Kernel) pipeRead(pc *pendingCall) (Result, *wouldBlock) {
	defer k.tr.enter("pipe_read")()
	f := k.files[pc.newfile]
	p := k.polls().pipes[f.pipe]
	m := &pc.msg
	total := m.size
	if total == 0 {
		return Result{}, nil
	}
	nonblock := f.flags&oNONBLOCK != 0
	wasFull := p.full()
	wakeNextReader := m.resumed
	var ret int64
	var data []byte
	for {
		if !p.empty() {
			b := &p.bufs[0]
			chars := int64(b.len())
			if chars > total-ret {
				chars = total - ret
			}
			data = append(data, b.data[b.off:b.off+int(chars)]...)
			ret += chars
			k.acct.read += chars
			b.off += int(chars)
			if b.packet { // a packet buffer: the rest of it is dropped
				k.acct.dropped += int64(b.len())
				b.off = len(b.data)
				total = ret
			}
			if b.len() == 0 {
				p.bufs[0] = pipeBuffer{}
				p.bufs = p.bufs[1:]
			}
			k.tr.touch(p.id, Changed)
			if ret == total {
				break
			}
			if !p.empty() {
				continue
			}
		}
		if p.writers == 0 || ret > 0 {
			break
		}
		if nonblock {
			return errResult(EAGAIN), nil
		}
		if wasFull {
			k.wakeUpInterruptiblePoll(p.wrWait, epollOut|epollWrnorm)
		}
		return Result{}, &wouldBlock{wq: p.rdWait, in: "pipe_read", exclusive: true}
	}
	if p.empty() {
		wakeNextReader = false
	}
	if wasFull {
		k.wakeUpInterruptiblePoll(p.wrWait, epollOut|epollWrnorm)
	}
	if wakeNextReader {
		k.wakeUpInterruptiblePoll(p.rdWait, epollIn|epollRdnorm)
	}
	return Result{Ret: ret, Data: data}, nil
}

// pipeWrite models pipe_write(): EPIPE without readers (SIGPIPE is ignored
// in timelines), the tail of the write merged into the last page when it
// fits, then whole pages while slots are free; a full pipe makes a blocking
// writer sleep (waking readers first if it added data) and a non-blocking
// one return what it wrote, or EAGAIN.
func (k *Kernel) pipeWrite(pc *pendingCall) (Result, *wouldBlock) {
	defer k.tr.enter("pipe_write")()
	f := k.files[pc.newfile]
	p := k.polls().pipes[f.pipe]
	m := &pc.msg
	total := m.size
	nonblock := f.flags&oNONBLOCK != 0
	packet := f.flags&oDIRECT != 0
	wasEmpty := p.empty()
	wakeNextWriter := m.resumed
	put := func(b []byte) {
		m.sent += int64(len(b))
		k.acct.written += int64(len(b))
		k.tr.touch(p.id, Changed)
	}
	if !m.resumed {
		if total == 0 {
			return Result{}, nil
		}
		if p.readers == 0 {
			return errResult(EPIPE), nil
		}
		chars := total & (pageSize - 1)
		if chars != 0 && !wasEmpty {
			last := &p.bufs[len(p.bufs)-1]
			if !last.packet && len(last.data)+int(chars) <= pageSize {
				b := m.buf.Slice(0, chars)
				last.data = append(last.data[:len(last.data):len(last.data)], b...)
				put(b)
			}
		}
	}
	for m.sent < total {
		if p.readers == 0 {
			if m.sent == 0 {
				return errResult(EPIPE), nil
			}
			break
		}
		if !p.full() {
			b := m.buf.Slice(m.sent, min(pageSize, total-m.sent))
			p.bufs = append(p.bufs, pipeBuffer{data: b, packet: packet})
			put(b)
			continue
		}
		if nonblock {
			if m.sent == 0 {
				return errResult(EAGAIN), nil
			}
			break
		}
		if wasEmpty {
			k.wakeUpInterruptiblePoll(p.rdWait, epollIn|epollRdnorm)
		}
		return Result{}, &wouldBlock{wq: p.wrWait, in: "pipe_write", exclusive: true}
	}
	if p.full() {
		wakeNextWriter = false
	}
	// "Epoll nonsensically wants a wakeup whether the pipe was already
	// empty or not."
	if wasEmpty || p.pollUsage {
		k.wakeUpInterruptiblePoll(p.rdWait, epollIn|epollRdnorm)
	}
	if wakeNextWriter {
		k.wakeUpInterruptiblePoll(p.wrWait, epollOut|epollWrnorm)
	}
	return Result{Ret: m.sent}, nil
}
