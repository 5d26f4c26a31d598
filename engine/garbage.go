package engine

// This file models net/unix/garbage.c: counting AF_UNIX sockets in flight
// (an SCM_RIGHTS skb queued on some receive queue holds their file), and the
// garbage collector unix_gc() that frees cycles of sockets held only by
// each other's in-flight references — e.g. a socket whose only reference is
// an skb on its own receive queue. Nothing else can ever free those: no
// process holds an fd that could read the skbs.
//
// The collector is the classic algorithm (Linux up to 6.9: candidates are
// the in-flight sockets whose every file reference is in flight; references
// from candidates' queues are removed; candidates still referenced are
// restored with everything they reach; the rest is garbage). Linux 6.10+
// finds the same dead cycles with Tarjan's SCC over unix_vertex/unix_edge
// and, like socklab, purges the whole receive queues of the dead sockets
// (unix_collect_skb). Linux runs it from a work queue scheduled by
// unix_release_sock when anything is in flight; socklab runs it at once at
// the end of the release.

// unixGetSocket models unix_get_socket(): the AF_UNIX sock behind a file,
// or nil.
func (k *Kernel) unixGetSocket(n int) *sock {
	f := k.files[n]
	if f == nil || f.tty {
		return nil
	}
	so := k.sockets[f.socket]
	if so == nil {
		return nil
	}
	sk := k.socks[so.sk]
	if sk == nil || sk.family != afUnix {
		return nil
	}
	return sk
}

// unixInflight models unix_inflight / unix_add_edges for a queued skb: each
// AF_UNIX socket file it carries is one more in flight.
func (k *Kernel) unixInflight(s *skbuff) {
	if s.inflight {
		return
	}
	defer k.tr.enter("unix_add_edges")()
	s.inflight = true
	for _, n := range s.fp {
		if sk := k.unixGetSocket(n); sk != nil {
			sk.inflight++
			k.unix.totInflight++
			k.tr.touch(sk.id, Changed)
		}
	}
}

// unixNotinflight models unix_notinflight / unix_del_edges.
func (k *Kernel) unixNotinflight(s *skbuff) {
	if !s.inflight {
		return
	}
	defer k.tr.enter("unix_del_edges")()
	s.inflight = false
	for _, n := range s.fp {
		if sk := k.unixGetSocket(n); sk != nil {
			sk.inflight--
			k.unix.totInflight--
			k.tr.touch(sk.id, Changed)
		}
	}
}

// unixFileOf is the file of an AF_UNIX sock (0 for an embryo or orphan).
func (k *Kernel) unixFileOf(sk *sock) *file {
	if sk.socket == 0 {
		return nil
	}
	if so := k.sockets[sk.socket]; so != nil {
		return k.files[so.file]
	}
	return nil
}

// unixChildren lists, for scan_children, the files in flight on sk's receive
// queue — and on the queues of the embryos waiting on a listener.
func (k *Kernel) unixChildren(sk *sock, each func(fileN int)) {
	for _, s := range sk.receiveQueue {
		for _, n := range s.fp {
			each(n)
		}
		if s.embryo && sk.state == tcpListen {
			if e := k.socks[s.sk]; e != nil {
				for _, es := range e.receiveQueue {
					for _, n := range es.fp {
						each(n)
					}
				}
			}
		}
	}
}

// unixGC models unix_gc(): find the in-flight sockets nobody outside the
// cycle can reach and purge their receive queues; freeing those skbs drops
// the last references of the files in them, which releases the sockets.
func (k *Kernel) unixGC() {
	if k.unix.totInflight == 0 || k.unix.gcRunning {
		return
	}
	defer k.tr.enter("unix_gc")()
	k.unix.gcRunning = true
	defer func() { k.unix.gcRunning = false }()

	// Candidates: every reference to the socket's file is in flight.
	refs := map[int]int{} // candidate sock -> references from outside the candidates' queues
	for _, n := range sortedKeys(k.socks) {
		sk := k.socks[n]
		if sk.family != afUnix || sk.inflight == 0 {
			continue
		}
		if f := k.unixFileOf(sk); f != nil && f.count == sk.inflight {
			refs[sk.n] = sk.inflight
		}
	}
	if len(refs) == 0 {
		return
	}
	// Remove the references candidates hold on each other (dec_inflight).
	for n := range refs {
		k.unixChildren(k.socks[n], func(fileN int) {
			if c := k.unixGetSocket(fileN); c != nil {
				if _, ok := refs[c.n]; ok {
					refs[c.n]--
				}
			}
		})
	}
	// Restore whatever a still-referenced candidate reaches (inc_inflight_move_tail).
	live := map[int]bool{}
	var reach func(n int)
	reach = func(n int) {
		if live[n] {
			return
		}
		live[n] = true
		k.unixChildren(k.socks[n], func(fileN int) {
			if c := k.unixGetSocket(fileN); c != nil {
				if _, ok := refs[c.n]; ok {
					reach(c.n)
				}
			}
		})
	}
	for _, n := range sortedKeys(refs) {
		if refs[n] > 0 {
			reach(n)
		}
	}
	// The rest is garbage: collect their queues (unix_collect_skb; a
	// listener's embryos' queues too) and purge them.
	var hitlist []*skbuff
	take := func(sk *sock) {
		var kept []*skbuff
		for _, s := range sk.receiveQueue {
			if s.embryo {
				kept = append(kept, s)
			} else {
				hitlist = append(hitlist, s)
			}
		}
		sk.receiveQueue = kept
		sk.oobSkb = 0
		k.tr.touch(sk.id, Changed)
	}
	for _, n := range sortedKeys(refs) {
		if live[n] {
			continue
		}
		sk := k.socks[n]
		for _, s := range sk.receiveQueue {
			if s.embryo {
				if e := k.socks[s.sk]; e != nil {
					take(e)
				}
			}
		}
		take(sk)
	}
	defer k.tr.enter("__skb_queue_purge")()
	for _, s := range hitlist {
		k.acct.dropped += int64(s.unixSkbLen())
		k.kfreeSkb(s, "kfree_skb")
	}
}
