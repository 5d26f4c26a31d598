package engine

// The snapshot of pipes, eventpolls and wait-queue entries (the JSON shape
// is in snapshot.go).

// Pipe is a struct pipe_inode_info with its ring of pipe_buffers.
type Pipe struct {
	ID       string       `json:"id"`
	Inode    string       `json:"inode"`
	Readers  int          `json:"readers"`
	Writers  int          `json:"writers"`
	MaxUsage int          `json:"max_usage"` // slots: PIPE_DEF_BUFFERS
	Bufs     []PipeBuffer `json:"bufs"`      // tail first
	RdWait   string       `json:"rd_wait"`
	WrWait   string       `json:"wr_wait"`
}

// PipeBuffer is one struct pipe_buffer (a page).
type PipeBuffer struct {
	Offset int    `json:"offset"`
	Len    int    `json:"len"`
	Data   Bytes  `json:"data"`
	Flags  string `json:"flags"` // PIPE_BUF_FLAG_CAN_MERGE or PIPE_BUF_FLAG_PACKET
}

// Eventpoll is a struct eventpoll: its interest list (rbr, in tree order:
// by file, then fd) and its ready list (rdllist, in list order).
type Eventpoll struct {
	ID       string   `json:"id"`
	File     string   `json:"file"`
	Rbr      []Epitem `json:"rbr"`
	Rdllist  []string `json:"rdllist"` // epitem ids
	Wq       string   `json:"wq"`
	PollWait string   `json:"poll_wait"`
}

// Epitem is a struct epitem.
type Epitem struct {
	ID     string   `json:"id"`
	File   string   `json:"file"` // ffd.file
	FD     int64    `json:"fd"`   // ffd.fd (and event.data)
	Events string   `json:"events"`
	Ready  bool     `json:"ready"` // on rdllist
	Wqs    []string `json:"pwqlist"`
}

// WaitEntry is one wait_queue_entry.
type WaitEntry struct {
	Func      string `json:"func"`             // autoremove_wake_function, pollwake, ep_poll_callback, ...
	Task      string `json:"task,omitempty"`   // a sleeping or polling task
	Epitem    string `json:"epitem,omitempty"` // ep_poll_callback's epitem
	Key       string `json:"key,omitempty"`    // the events a poll entry waits for
	Exclusive bool   `json:"exclusive,omitempty"`
}

var wakeFnNames = [...]string{"autoremove_wake_function", "pollwake", "ep_poll_callback", "ep_autoremove_wake_function", "unix_dgram_peer_wake_relay"}

func (k *Kernel) snapWaitEntries(q *waitQueue) []WaitEntry {
	var out []WaitEntry
	for _, w := range q.waiters {
		e := WaitEntry{Func: wakeFnNames[w.fn], Exclusive: w.exclusive}
		switch w.fn {
		case wakeEpoll:
			e.Epitem = objID("epitem", w.ref)
			e.Key = epollEventNames(uint32(w.mask))
		case wakeRelay:
			e.Epitem = ""
			e.Task = ""
			e.Key = objID("sock", w.ref)
		case wakePoll:
			e.Task = objID("task", w.pid)
			e.Key = PollNames(uint32(w.mask), false)
		default:
			e.Task = objID("task", w.pid)
		}
		out = append(out, e)
	}
	return out
}

// epollEventNames names an epoll_event's events, flags included.
func epollEventNames(ev uint32) string {
	s := PollNames(ev, true)
	for _, f := range []struct {
		bit  uint32
		name string
	}{{epollExclusive, "EPOLLEXCLUSIVE"}, {epollWakeup, "EPOLLWAKEUP"}, {epollOneshot, "EPOLLONESHOT"}, {epollET, "EPOLLET"}} {
		if ev&f.bit != 0 {
			if s != "" {
				s += "|"
			}
			s += f.name
		}
	}
	return s
}

// snapFileOther draws a pipe end or an [eventpoll] file.
func (k *Kernel) snapFileOther(f *file, out *File) {
	flags := fileFlagNames(f.flags)
	if f.pipe != 0 {
		out.FPath = "pipe:[" + itoa(k.inodes[f.inode].ino) + "]"
		out.PrivateData = objID("pipe", f.pipe)
		flags[0] = map[int]string{fmodeRead: "O_RDONLY", fmodeWrite: "O_WRONLY"}[f.fmode]
		if f.flags&oDIRECT != 0 {
			flags = append(flags, "O_DIRECT")
		}
	} else {
		out.FPath = "anon_inode:[eventpoll]"
		out.PrivateData = objID("eventpoll", f.ep)
	}
	out.FFlags = flags
}

// snapshot draws pipes and eventpolls.
func (st *pollTables) snapshot(k *Kernel, s *Snapshot) {
	for _, n := range sortedKeys(st.pipes) {
		p := st.pipes[n]
		out := Pipe{ID: p.id, Inode: objID("inode", p.inode), Readers: p.readers, Writers: p.writers,
			MaxUsage: pipeDefBuffers, Bufs: []PipeBuffer{}, RdWait: objID("wq", p.rdWait), WrWait: objID("wq", p.wrWait)}
		for _, b := range p.bufs {
			fl := "PIPE_BUF_FLAG_CAN_MERGE"
			if b.packet {
				fl = "PIPE_BUF_FLAG_PACKET"
			}
			out.Bufs = append(out.Bufs, PipeBuffer{Offset: b.off, Len: b.len(), Data: Bytes(b.data[b.off:]), Flags: fl})
		}
		s.Pipes = append(s.Pipes, out)
	}
	for _, n := range sortedKeys(st.eps) {
		ep := st.eps[n]
		out := Eventpoll{ID: ep.id, File: objID("file", ep.file), Rbr: []Epitem{}, Rdllist: []string{},
			Wq: objID("wq", ep.wq), PollWait: objID("wq", ep.pollWait)}
		for _, m := range sortedEpis(ep) {
			epi := st.epis[m]
			e := Epitem{ID: epi.id, File: objID("file", epi.ffd.file), FD: epi.ffd.fd, Events: epollEventNames(epi.events), Ready: epi.linked}
			for _, wq := range epi.pwqlist {
				e.Wqs = append(e.Wqs, objID("wq", wq))
			}
			out.Rbr = append(out.Rbr, e)
		}
		for _, m := range ep.rdllist {
			out.Rdllist = append(out.Rdllist, objID("epitem", m))
		}
		s.Eventpolls = append(s.Eventpolls, out)
	}
}
