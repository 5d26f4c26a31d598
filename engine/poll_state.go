package engine

import (
	"socklab/engine/internal/sfmt"
	"sort"
)

// pollTables holds the objects of pipe.go, select.go and eventpoll.go:
// pipes, eventpolls, epitems, each file's f_ep list, and the poll_wqueues of
// the calls in progress. It rides on the familyState hook (family.go) so the
// kernel clones, draws and checks it with the rest.
type pollTables struct {
	pipes    map[int]*pipeInode
	eps      map[int]*eventpoll
	epis     map[int]*epitem
	fileEp   map[int][]int     // file -> its epitems (file->f_ep), newest first
	calls    map[int]*pollCall // pid -> the poll/select/epoll_wait in progress
	peerWake map[int]int       // sock -> the sock whose peer_wait holds its peer_wake relay
	ids      struct{ pipe, ep, epi, entry int }
	// anonInode is the anon_inode_inode shared by every [eventpoll] file.
	anonInode int
}

// famPoll is pollTables' key in Kernel.famState (not an address family).
const famPoll = -1

func init() {
	registerFamilies = append(registerFamilies, func(k *Kernel) { k.setFamilyState(famPoll, newPollTables()) })
}

func newPollTables() *pollTables {
	return &pollTables{pipes: map[int]*pipeInode{}, eps: map[int]*eventpoll{}, epis: map[int]*epitem{},
		fileEp: map[int][]int{}, calls: map[int]*pollCall{}, peerWake: map[int]int{}}
}

func (k *Kernel) polls() *pollTables { return k.famState[famPoll].(*pollTables) }

func (st *pollTables) clone() familyState {
	c := *st
	c.pipes = make(map[int]*pipeInode, len(st.pipes))
	for n, p := range st.pipes {
		c.pipes[n] = p.clone()
	}
	c.eps = make(map[int]*eventpoll, len(st.eps))
	for n, ep := range st.eps {
		c.eps[n] = ep.clone()
	}
	c.epis = make(map[int]*epitem, len(st.epis))
	for n, epi := range st.epis {
		c.epis[n] = epi.clone()
	}
	c.fileEp = make(map[int][]int, len(st.fileEp))
	for n, l := range st.fileEp {
		c.fileEp[n] = append([]int(nil), l...)
	}
	c.calls = make(map[int]*pollCall, len(st.calls))
	for pid, pc := range st.calls {
		c.calls[pid] = pc.clone()
	}
	c.peerWake = make(map[int]int, len(st.peerWake))
	for a, b := range st.peerWake {
		c.peerWake[a] = b
	}
	return &c
}

// queuedBytes is the payload waiting in pipes.
func (st *pollTables) queuedBytes(k *Kernel) int64 {
	var n int64
	for _, p := range st.pipes {
		n += int64(p.bytes())
	}
	return n
}

// resleepPollQueue is resleepQueue for the calls of this file: a poller
// stays hooked through its entries; epoll_wait and pipe calls go back on
// their queue.
func (k *Kernel) resleepPollQueue(t *task, p *pendingCall) int {
	switch p.op {
	case opEpollWait:
		if ep := k.polls().eps[k.polls().calls[t.pid].ep]; ep != nil {
			k.wqs[ep.wq].add(waiter{pid: t.pid, exclusive: true, fn: wakeEpWait})
			return ep.wq
		}
	case opPipeRead, opPipeWrite:
		pipe := k.polls().pipes[k.files[p.newfile].pipe]
		wq := pipe.wrWait
		if p.op == opPipeRead {
			wq = pipe.rdWait
		}
		k.wqs[wq].add(waiter{pid: t.pid, exclusive: true})
		return wq
	}
	return 0
}

// sortedEpis lists ep's epitems in rbtree order (ep_cmp_ffd: by file, then
// fd; file numbers stand in for the pointers Linux compares).
func sortedEpis(ep *eventpoll) []int {
	keys := make([]epKey, 0, len(ep.rbr))
	for key := range ep.rbr {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].file != keys[j].file {
			return keys[i].file < keys[j].file
		}
		return keys[i].fd < keys[j].fd
	})
	out := make([]int, len(keys))
	for i, key := range keys {
		out[i] = ep.rbr[key]
	}
	return out
}

// check: every epitem is in its eventpoll's rbtree and on its file's f_ep
// list, hooked on the wait queues it names; the ready list holds distinct
// linked epitems of the interest list; every poll entry belongs to a
// sleeping poller holding a file reference; pipes count their files.
func (st *pollTables) check(k *Kernel) error {
	for n, epi := range st.epis {
		ep := st.eps[epi.ep]
		if ep == nil || ep.rbr[epi.ffd] != n {
			return sfmt.Errorf("%s is not in the interest list of eventpoll:%d", epi.id, epi.ep)
		}
		if k.files[epi.ffd.file] == nil {
			return sfmt.Errorf("%s watches freed file:%d", epi.id, epi.ffd.file)
		}
		found := false
		for _, m := range st.fileEp[epi.ffd.file] {
			found = found || m == n
		}
		if !found {
			return sfmt.Errorf("%s is not on file:%d's f_ep list", epi.id, epi.ffd.file)
		}
		for _, wq := range epi.pwqlist {
			if q := k.wqs[wq]; q == nil || !q.has(waiter{fn: wakeEpoll, ref: n}) {
				return sfmt.Errorf("%s is not hooked on wq:%d", epi.id, wq)
			}
		}
	}
	for n, list := range st.fileEp {
		for _, m := range list {
			if epi := st.epis[m]; epi == nil || epi.ffd.file != n {
				return sfmt.Errorf("file:%d's f_ep names epitem:%d that does not watch it", n, m)
			}
		}
	}
	for _, ep := range st.eps {
		if f := k.files[ep.file]; f == nil || f.ep != ep.n {
			return sfmt.Errorf("%s has no [eventpoll] file", ep.id)
		}
		seen := map[int]bool{}
		for _, n := range ep.rdllist {
			epi := st.epis[n]
			if epi == nil || epi.ep != ep.n || ep.rbr[epi.ffd] != n {
				return sfmt.Errorf("%s ready list holds epitem:%d not in its interest list", ep.id, n)
			}
			if seen[n] || !epi.linked {
				return sfmt.Errorf("%s ready list holds epitem:%d twice or unlinked", ep.id, n)
			}
			seen[n] = true
		}
		for n, epi := range st.epis {
			if epi.ep == ep.n && epi.linked && !seen[n] {
				return sfmt.Errorf("%s is linked but not on %s's ready list", epi.id, ep.id)
			}
		}
	}
	for pid, pc := range st.calls {
		t := k.tasks[pid]
		if t == nil || t.sleep == nil || t.sleep.op != pc.kind {
			return sfmt.Errorf("task:%d has a poll call in progress but does not sleep in it", pid)
		}
		for _, e := range pc.entries {
			if q := k.wqs[e.wq]; q == nil || !q.has(e.w) || k.files[e.file] == nil {
				return sfmt.Errorf("task:%d poll entry on wq:%d is not hooked", pid, e.wq)
			}
		}
	}
	for _, q := range k.wqs {
		for _, w := range q.waiters {
			switch w.fn {
			case wakePoll:
				if pc := st.calls[w.pid]; pc == nil {
					return sfmt.Errorf("%s has a poll entry of task:%d, which is not polling", q.id, w.pid)
				}
			case wakeEpoll:
				if st.epis[w.ref] == nil {
					return sfmt.Errorf("%s has the callback of freed epitem:%d", q.id, w.ref)
				}
			case wakeRelay:
				if k.socks[w.ref] == nil {
					return sfmt.Errorf("%s has the peer_wake relay of freed sock:%d", q.id, w.ref)
				}
			}
		}
	}
	readers, writers := map[int]int{}, map[int]int{}
	for _, f := range k.files {
		if f.pipe != 0 {
			if f.fmode&fmodeRead != 0 {
				readers[f.pipe]++
			}
			if f.fmode&fmodeWrite != 0 {
				writers[f.pipe]++
			}
		}
	}
	for n, p := range st.pipes {
		if p.readers != readers[n] || p.writers != writers[n] {
			return sfmt.Errorf("%s counts %d readers %d writers, files say %d %d", p.id, p.readers, p.writers, readers[n], writers[n])
		}
		if len(p.bufs) > pipeDefBuffers {
			return sfmt.Errorf("%s holds %d buffers", p.id, len(p.bufs))
		}
	}
	return nil
}

// isTaskEntry says whether a wait-queue entry is a task sleeping on that
// queue itself (not a poll or epoll hook).
func (w waiter) isTaskEntry() bool { return w.fn == wakeAutoremove || w.fn == wakeEpWait }
