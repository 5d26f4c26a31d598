package engine

import "socklab/engine/internal/sfmt"

// byteAccounting counts payload bytes through the kernel, so the invariant
// checker can prove none were lost: written = read + queued + dropped.
type byteAccounting struct {
	written int64 // queued on a receive queue by a send
	read    int64 // copied to user space and consumed
	dropped int64 // freed unread (close, disconnect, truncation)
}

// CheckInvariants reports the first broken kernel invariant (an engine bug,
// never a learner mistake).
func (k *Kernel) CheckInvariants() error {
	for _, check := range []func() error{
		k.checkFiles, k.checkSockets, k.checkSockRefs, k.checkBytes, k.checkWaitQueues, k.checkInodes,
		k.checkProcesses,
	} {
		if err := check(); err != nil {
			return sfmt.Errorf("invariant: %w", err)
		}
	}
	for _, f := range sortedKeys(k.famState) {
		if err := k.famState[f].check(k); err != nil {
			return sfmt.Errorf("invariant: %w", err)
		}
	}
	return nil
}

// checkFiles: every fd points at a live file, and f_count is the number of
// fd slots (plus in-flight accepts) that hold it.
func (k *Kernel) checkFiles() error {
	count := map[int]int{}
	for _, t := range k.tasks {
		for fd, n := range t.fdt.fd {
			if n == 0 {
				continue
			}
			if k.files[int(n)] == nil {
				return sfmt.Errorf("%s fd %d points at freed file:%d", t.id, fd, n)
			}
			count[int(n)]++
		}
		if p := t.sleep; p != nil && p.op == opAccept {
			count[p.newfile]++
		}
	}
	for _, pc := range k.polls().calls { // poll_table_entries hold their files
		for _, e := range pc.entries {
			count[e.file]++
		}
	}
	k.scmHolders(count) // files in flight (invariants_scm.go)
	for n, f := range k.files {
		if f.count != count[n] {
			return sfmt.Errorf("%s f_count %d but %d holders", f.id, f.count, count[n])
		}
		if !f.tty && f.pipe == 0 && f.ep == 0 {
			so := k.sockets[f.socket]
			if so == nil {
				return sfmt.Errorf("%s private_data is a freed socket:%d", f.id, f.socket)
			}
			if so.file != n {
				return sfmt.Errorf("%s and %s disagree", f.id, so.id)
			}
		}
	}
	return nil
}

// checkSockets: a socket's sock points back at it; every sock is owned by a
// socket, queued on a listener as an embryo, held by a pending connect, or
// dead but still referenced (by a peer, or by skbs charged to it).
func (k *Kernel) checkSockets() error {
	queued := map[int]bool{}
	for _, sk := range k.socks {
		for _, s := range sk.receiveQueue {
			if s.embryo {
				queued[s.sk] = true
			}
			if k.socks[s.sk] == nil {
				return sfmt.Errorf("%s on %s charged to freed sock:%d", s.id, sk.id, s.sk)
			}
		}
	}
	pending := map[int]bool{}
	for _, t := range k.tasks {
		if t.sleep != nil && t.sleep.newsk != 0 {
			pending[t.sleep.newsk] = true
		}
	}
	for _, so := range k.sockets {
		if so.sk != 0 {
			sk := k.socks[so.sk]
			if sk == nil || sk.socket != so.n {
				return sfmt.Errorf("%s and its sock disagree", so.id)
			}
		}
	}
	for _, sk := range k.socks {
		if sk.family != afUnix {
			continue // other families check their own ownership rules
		}
		switch {
		case sk.socket != 0:
			if k.sockets[sk.socket] == nil {
				return sfmt.Errorf("%s owned by freed socket:%d", sk.id, sk.socket)
			}
		case queued[sk.n], pending[sk.n]:
		case sk.dead && (sk.refcnt > 0 || sk.wmemAlloc > 0):
		default:
			return sfmt.Errorf("%s is owned by nobody", sk.id)
		}
		if s, _ := k.findSkb(sk, sk.oobSkb); sk.oobSkb != 0 && s == nil {
			return sfmt.Errorf("%s oob_skb skb:%d is not on its queue", sk.id, sk.oobSkb)
		}
		if sk.peer != 0 && k.socks[sk.peer] == nil {
			return sfmt.Errorf("%s peer is freed sock:%d", sk.id, sk.peer)
		}
	}
	return nil
}

// checkSockRefs (AF_UNIX socks): sk_refcnt = the sk_alloc reference until release + the name
// table's reference while hashed + one per sock whose unix_peer is it; and
// sk_wmem_alloc = the truesize of the skbs charged to it.
func (k *Kernel) checkSockRefs() error {
	want := map[int]int{}
	wmem := map[int]int{}
	for _, sk := range k.socks {
		if !sk.dead {
			want[sk.n]++
		}
		if sk.hashed {
			want[sk.n]++
		}
		if sk.peer != 0 {
			want[sk.peer]++
		}
		for _, s := range sk.receiveQueue {
			wmem[s.sk] += s.truesize
		}
	}
	for _, t := range k.tasks {
		if t.sleep != nil && t.sleep.msg.skb != nil {
			wmem[t.sleep.msg.skb.sk] += t.sleep.msg.skb.truesize
		}
	}
	for _, sk := range k.socks {
		if sk.family != afUnix {
			continue
		}
		if sk.refcnt != want[sk.n] {
			return sfmt.Errorf("%s sk_refcnt %d but %d holders", sk.id, sk.refcnt, want[sk.n])
		}
		if sk.wmemAlloc != wmem[sk.n] {
			return sfmt.Errorf("%s sk_wmem_alloc %d but its skbs total %d", sk.id, sk.wmemAlloc, wmem[sk.n])
		}
	}
	return nil
}

// checkBytes: every byte written is read, still queued, or accounted as dropped.
func (k *Kernel) checkBytes() error {
	var queued int64
	for _, sk := range k.socks {
		for _, s := range sk.receiveQueue {
			queued += int64(s.unixSkbLen())
		}
	}
	for _, st := range k.famState {
		queued += st.queuedBytes(k)
	}
	a := k.acct
	if a.written != a.read+queued+a.dropped {
		return sfmt.Errorf("bytes written %d != read %d + queued %d + dropped %d", a.written, a.read, queued, a.dropped)
	}
	return nil
}

// checkWaitQueues: waiters are sleeping tasks, each on the queue it names,
// and every sleeping task that was not woken is on its queue.
func (k *Kernel) checkWaitQueues() error {
	on := map[int]int{}
	for _, q := range k.wqs {
		for _, w := range q.waiters {
			if !w.isTaskEntry() {
				continue // poll/epoll hooks: checked by pollTables.check
			}
			t := k.tasks[w.pid]
			if t == nil || t.sleep == nil || t.sleep.wq != q.n {
				return sfmt.Errorf("%s has waiter task:%d that does not sleep on it", q.id, w.pid)
			}
			on[w.pid]++
		}
	}
	for _, t := range k.tasks {
		if t.sleep != nil && !t.sleep.woken && on[t.pid] != 1 && t.sleep.op != opPoll && t.sleep.op != opSelect {
			return sfmt.Errorf("%s sleeps but is on %d wait queues", t.id, on[t.pid])
		}
	}
	return nil
}

// checkInodes: a bound path's inode names a live sock bound to it, and
// every sockfs inode belongs to a live socket.
func (k *Kernel) checkInodes() error {
	for _, in := range k.inodes {
		switch in.sb {
		case sbSockfs:
			if so := k.sockets[in.socket]; so == nil || so.inode != in.n {
				return sfmt.Errorf("%s belongs to no socket", in.id)
			}
		case sbTmpfs:
			if in.bound != 0 {
				if sk := k.socks[in.bound]; sk == nil || sk.pathInode != in.n {
					return sfmt.Errorf("%s bound to a sock that does not hold it", in.id)
				}
			}
			if in.nlink > 0 && k.fs.sockets[in.path] != in.n {
				return sfmt.Errorf("%s linked but not in the filesystem", in.id)
			}
		}
	}
	for p, n := range k.fs.sockets {
		if k.inodes[n] == nil {
			return sfmt.Errorf("path %s names freed inode:%d", p, n)
		}
	}
	return nil
}
