package engine

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Snapshot returns the whole kernel as data: a walk over the tables, each
// list in id order.
func (k *Kernel) Snapshot() *Snapshot {
	s := &Snapshot{Step: k.step, Tasks: make([]Task, 0, len(k.tasks)), Files: make([]File, 0, len(k.files)),
		Sockets: make([]Socket, 0, len(k.sockets)), Socks: make([]Sock, 0, len(k.socks)), Inodes: make([]Inode, 0, len(k.inodes)),
		WaitQueues: make([]WaitQueue, 0, len(k.wqs))}
	for _, pid := range sortedKeys(k.tasks) {
		s.Tasks = append(s.Tasks, k.snapTask(k.tasks[pid]))
	}
	for _, n := range sortedKeys(k.files) {
		s.Files = append(s.Files, k.snapFile(k.files[n]))
	}
	for _, n := range sortedKeys(k.sockets) {
		s.Sockets = append(s.Sockets, k.snapSocket(k.sockets[n]))
	}
	for _, n := range sortedKeys(k.socks) {
		s.Socks = append(s.Socks, Sock{})
		k.snapSock(k.socks[n], &s.Socks[len(s.Socks)-1])
	}
	for _, n := range sortedKeys(k.inodes) {
		s.Inodes = append(s.Inodes, k.snapInode(k.inodes[n]))
	}
	s.UnixTable = k.snapUnixTable()
	for _, n := range sortedKeys(k.wqs) {
		q := k.wqs[n]
		w := WaitQueue{ID: q.id, Name: q.name, Owner: q.owner, Waiters: []string{}}
		for _, e := range q.waiters {
			if e.isTaskEntry() {
				w.Waiters = append(w.Waiters, objID("task", e.pid))
			}
		}
		w.Entries = k.snapWaitEntries(q)
		s.WaitQueues = append(s.WaitQueues, w)
	}
	for _, f := range sortedKeys(k.famState) {
		k.famState[f].snapshot(k, s)
	}
	if s.Tasks == nil {
		s.Tasks = []Task{}
	}
	if s.Files == nil {
		s.Files = []File{}
	}
	if s.Sockets == nil {
		s.Sockets = []Socket{}
	}
	if s.Socks == nil {
		s.Socks = []Sock{}
	}
	if s.UnixTable == nil {
		s.UnixTable = []UnixBucket{}
	}
	if s.WaitQueues == nil {
		s.WaitQueues = []WaitQueue{}
	}
	return s
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for n := range m {
		keys = append(keys, n)
	}
	sort.Ints(keys)
	return keys
}

func (k *Kernel) snapTask(t *task) Task {
	out := Task{ID: t.id, PID: t.pid, Comm: t.comm, State: taskRunning, FDTable: make([]FD, 0, len(t.fdt.fd)), RlimitNofile: rlimitNofile,
		PPID: t.ppid, ExitState: t.exitState, ExitCode: t.exitCode, SigchldIgn: t.sigchldIgn}
	if t.exitState != "" {
		out.State = taskDead
	}
	for fd, n := range t.fdt.fd {
		if n > 0 {
			out.FDTable = append(out.FDTable, FD{FD: fd, File: objID("file", int(n)), CloseOnExec: t.fdt.cloexec[fd]})
		}
	}
	if p := t.sleep; p != nil {
		out.State = taskInterruptible
		if q := k.wqs[p.wq]; q != nil {
			out.WaitQueue = q.id
		}
		out.Blocked = &Blocked{Call: p.name, Step: p.step, Line: p.line, In: p.in, TimeoutAtMS: k.taskTimeoutAt(t.pid)}
	}
	return out
}

func (k *Kernel) snapFile(f *file) File {
	out := File{ID: f.id, FCount: f.count, FFlags: fileFlags(f.flags), FOp: f.fOp(), FInode: objID("inode", f.inode)}
	if f.tty {
		out.FPath = k.inodes[f.inode].path
	} else if f.pipe != 0 || f.ep != 0 {
		k.snapFileOther(f, &out)
	} else {
		out.FPath = socketPath(k.inodes[f.inode].ino)
		out.PrivateData = objID("socket", f.socket)
	}
	return out
}

// socketPath is a socket file's d_path, "socket:[<ino>]", from a cache shared by every kernel
// (like objID's).
func socketPath(ino int) string {
	socketPaths.RLock()
	p, ok := socketPaths.m[ino]
	socketPaths.RUnlock()
	if ok {
		return p
	}
	p = "socket:[" + itoa(ino) + "]"
	socketPaths.Lock()
	if socketPaths.m == nil || len(socketPaths.m) >= idCacheMax {
		socketPaths.m = map[int]string{}
	}
	socketPaths.m[ino] = p
	socketPaths.Unlock()
	return p
}

var socketPaths struct {
	sync.RWMutex
	m map[int]string
}

// rdwrOnly is the flags of most files; snapshots share it (nobody writes a snapshot).
var rdwrOnly = []string{"O_RDWR"}

// fileFlags is fileFlagNames, shared when it is rdwrOnly.
func fileFlags(fl int) []string {
	if fl&(oAPPEND|oNONBLOCK|oASYNC|oNOATIME) == 0 {
		return rdwrOnly[:1:1]
	}
	return fileFlagNames(fl)
}

// fileFlagNames is a new list of f_flags' names, which the caller may change.
func fileFlagNames(fl int) []string {
	out := []string{"O_RDWR"}
	for _, b := range []struct {
		bit  int
		name string
	}{{oAPPEND, "O_APPEND"}, {oNONBLOCK, "O_NONBLOCK"}, {oASYNC, "FASYNC"}, {oNOATIME, "O_NOATIME"}} {
		if fl&b.bit != 0 {
			out = append(out, b.name)
		}
	}
	return out
}

func (k *Kernel) snapSocket(so *socket) Socket {
	out := Socket{ID: so.id, State: ssNames[so.state], Type: sockTypeNames[so.typ], Inode: objID("inode", so.inode), Wq: objID("wq", so.wq)}
	if so.ops != nil {
		out.Ops = so.ops.name()
	}
	if so.file != 0 {
		out.File = objID("file", so.file)
	}
	if so.sk != 0 {
		out.Sk = objID("sock", so.sk)
	}
	return out
}

// Empty lists that snapshots share (an append to one makes a new array).
var (
	noStrings = []string{}
	noSkbs    = []Skb{}
)

// snapSock draws a sock into out (in place: the family's hook takes a pointer, and a local
// would escape). AF_UNIX does not maintain sk_ack_backlog; like ss,
// the snapshot shows a listener's accept-queue length there. AF_UNIX charges
// queued skbs to the sender (sk_wmem_alloc), so sk_rmem_alloc stays 0.
func (k *Kernel) snapSock(sk *sock, out *Sock) {
	*out = Sock{
		ID: sk.id, Family: familyName(sk.family), Type: sockTypeNames[sk.typ], Protocol: sk.protocol,
		State: tcpStateNames[sk.state], Shutdown: noStrings, Err: sk.err.String(), Refcnt: sk.refcnt,
		Sndbuf: sk.sndbuf, Rcvbuf: sk.rcvbuf, WmemAlloc: sk.wmemAlloc, MaxAckBacklog: sk.maxAckBacklog,
		Addr: sk.addr.String(), ReceiveQueue: noSkbs,
	}
	if len(sk.receiveQueue) > 0 {
		out.ReceiveQueue = make([]Skb, 0, len(sk.receiveQueue))
	}
	if sk.shutdown&rcvShutdown != 0 {
		out.Shutdown = append(out.Shutdown, "RCV_SHUTDOWN")
	}
	if sk.shutdown&sendShutdown != 0 {
		out.Shutdown = append(out.Shutdown, "SEND_SHUTDOWN")
	}
	if sk.socket != 0 {
		out.Socket = objID("socket", sk.socket)
	}
	if sk.peer != 0 {
		out.Peer = objID("sock", sk.peer)
	}
	if sk.pathInode != 0 {
		out.PathInode = objID("inode", sk.pathInode)
	}
	if sk.wq != 0 {
		out.Wq = objID("wq", sk.wq)
	}
	if sk.peerWait != 0 {
		out.PeerWait = objID("wq", sk.peerWait)
	}
	if sk.state == tcpListen {
		out.AckBacklog = len(sk.receiveQueue)
	}
	if sk.typ == sockDgram && sk.family == afUnix {
		out.MaxDgramQlen = sk.maxAckBacklog
	}
	out.Inflight = sk.inflight
	for _, f := range []struct {
		on   bool
		name string
	}{{sk.dead, "SOCK_DEAD"}, {sk.reuse, "SOCK_REUSEADDR"}, {sk.keepalive, "SOCK_KEEPOPEN"}, {sk.reuseport, "SOCK_REUSEPORT"}} {
		if f.on {
			out.Flags = append(out.Flags, f.name)
		}
	}
	for _, s := range sk.receiveQueue {
		out.ReceiveQueue = append(out.ReceiveQueue, k.snapSkb(s))
	}
	if fam := k.families[sk.family]; fam != nil {
		fam.snapshotSock(k, sk, out)
	}
}

func (k *Kernel) snapSkb(s *skbuff) Skb {
	out := Skb{ID: s.id, Len: s.unixSkbLen(), Data: Bytes(s.data[s.consumed:]), Truesize: s.truesize}
	for _, n := range s.fp {
		out.ScmRights = append(out.ScmRights, objID("file", n))
	}
	if s.embryo {
		out.Sk = objID("sock", s.sk)
		return out
	}
	if from := k.socks[s.sk]; from != nil {
		out.From = from.id
		if from.typ != sockStream {
			out.Addr = from.addr.String()
		}
	}
	return out
}

func (k *Kernel) snapInode(in *inode) Inode {
	out := Inode{ID: in.id, Ino: in.ino, Mode: in.mode, Sb: in.sb, Path: in.path, Nlink: in.nlink}
	if in.sb == sbSockfs {
		out.Socket = objID("socket", in.socket)
	}
	if in.bound != 0 {
		out.BoundSock = objID("sock", in.bound)
	}
	return out
}

// snapUnixTable lists the non-empty buckets of the AF_UNIX name table:
// unbound socks (and embryos) by a hash of the sock, path-bound ones by
// their inode, abstract names by unix_abstract_hash.
func (k *Kernel) snapUnixTable() []UnixBucket {
	type entry struct {
		hash     int
		kind, id string
	}
	entries := make([]entry, 0, len(k.socks))
	for _, n := range sortedKeys(k.socks) {
		sk := k.socks[n]
		if !sk.hashed || sk.family != afUnix {
			continue
		}
		kind := "unbound"
		switch {
		case sk.addr != nil && sk.addr.abstract && sk.hash > unixHashMod:
			kind = "abstract"
		case sk.addr != nil && !sk.addr.abstract && sk.pathInode != 0 && k.inodes[sk.pathInode].bound == sk.n:
			kind = "bsd"
		}
		entries = append(entries, entry{sk.hash, kind, sk.id})
	}
	// By bucket; within one, in sock order (the walk's). One array holds every bucket's socks.
	slices.SortStableFunc(entries, func(a, b entry) int {
		if a.hash != b.hash {
			return cmp.Compare(a.hash, b.hash)
		}
		return strings.Compare(a.kind, b.kind)
	})
	ids := make([]string, len(entries))
	out := make([]UnixBucket, 0, len(entries))
	for i := 0; i < len(entries); {
		j := i
		for ; j < len(entries) && entries[j].hash == entries[i].hash && entries[j].kind == entries[i].kind; j++ {
			ids[j] = entries[j].id
		}
		out = append(out, UnixBucket{Hash: entries[i].hash, Kind: entries[i].kind, Socks: ids[i:j:j]})
		i = j
	}
	return out
}

func familyName(f int) string {
	switch f {
	case afUnix:
		return "AF_UNIX"
	case afInet:
		return "AF_INET"
	}
	return "AF_" + itoa(f)
}
