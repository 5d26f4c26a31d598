package engine

import (
	"strconv"
	"sync"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Kernel is socklab's simulated Linux kernel. Every table the page draws —
// tasks and their fd tables, the open-file table, sockets, socks, inodes, the
// filesystem of bound paths, the AF_UNIX name table, wait queues — lives here
// as data keyed by object number, so a snapshot is a walk over the tables and
// Clone is a copy of them. Objects refer to each other by number, never by
// Go pointer, which keeps Clone a plain table copy.
type Kernel struct {
	tr   tracer
	step int
	line int

	ids idCounters // per-kind counters behind the stable ids "<kind>:<n>"

	tasks   map[int]*task
	files   map[int]*file
	sockets map[int]*socket
	socks   map[int]*sock
	inodes  map[int]*inode
	wqs     map[int]*waitQueue

	fs       fileSystem // directories and bound socket paths (inode.go)
	unix     unixTable  // the AF_UNIX name table (af_unix.go)
	families map[int]netProtoFamily
	famState map[int]familyState // per-family tables of other families (family.go)

	nextPID     int
	nextIno     int
	autobindNum int // unix_autobind's ordernum
	ttyInode    int // the terminal's devpts inode, shared by every task's fds 0-2

	scratch   pendingCall  // the call being made, until it sleeps (sched.go)
	runq      []int        // woken tasks whose blocked call must be re-run
	completed []Completion // calls completed by the current Syscall

	acct byteAccounting // bytes written/read/dropped (invariants.go)
}

// idCounters hand out object numbers; a number is never reused in a run.
type idCounters struct {
	file, socket, sock, inode, skb, wq int
}

// NewKernel returns an empty kernel: no tasks, and the root filesystem with
// the directories "/", "/tmp", "/run", "/var" and "/var/run".
func NewKernel() *Kernel {
	k := &Kernel{
		tasks:   map[int]*task{},
		files:   map[int]*file{},
		sockets: map[int]*socket{},
		socks:   map[int]*sock{},
		inodes:  map[int]*inode{},
		wqs:     map[int]*waitQueue{},
		nextPID: 100,
		nextIno: 12000,
	}
	k.fs = newFileSystem()
	k.unix = newUnixTable()
	k.families = map[int]netProtoFamily{}
	sockRegister(k, unixFamilyOps{})
	registerExtraFamilies(k)
	k.ttyInode = k.newTTYInode()
	return k
}

// registerFamilies lists hooks that other protocol files (af_inet.go, ...)
// append to in their init(), the way net_families[] is filled by
// sock_register() calls at boot.
var registerFamilies []func(k *Kernel)

func registerExtraFamilies(k *Kernel) {
	for _, f := range registerFamilies {
		f(k)
	}
}

// SetStep tells the kernel which statement (and source line) runs next.
func (k *Kernel) SetStep(step, line int) { k.step, k.line = step, line }

// Completed returns the calls woken and completed by the last Syscall,
// ordered by the step at which they blocked.
func (k *Kernel) Completed() []Completion { return k.completed }

// Chain returns the frames recorded since the last call of Chain.
func (k *Kernel) Chain() []*Frame { return k.tr.take() }

// SetTracing turns call-chain recording on or off.
func (k *Kernel) SetTracing(on bool) { k.tr.off = !on }

func objID(kind string, n int) string {
	if n < 0 || n >= idCacheMax {
		return kind + ":" + strconv.Itoa(n)
	}
	ids.RLock()
	l := ids.m[kind]
	ids.RUnlock()
	if n < len(l) {
		return l[n]
	}
	return growIDs(kind, n)
}

// ids caches the ids "<kind>:<n>" of the first idCacheMax objects of each kind, shared by every
// kernel: a snapshot names every object and every reference by id, and building those strings
// was most of a snapshot's allocations (the page builds one per step).
var ids struct {
	sync.RWMutex
	m map[string][]string
}

const idCacheMax = 1 << 12

// growIDs extends kind's cache past n. A cache is replaced, never written: readers keep theirs.
func growIDs(kind string, n int) string {
	ids.Lock()
	defer ids.Unlock()
	if ids.m == nil {
		ids.m = map[string][]string{}
	}
	l := ids.m[kind]
	if n >= len(l) {
		grown := make([]string, min(max(2*len(l), n+1, 64), idCacheMax))
		copy(grown, l)
		for i := len(l); i < len(grown); i++ {
			grown[i] = kind + ":" + strconv.Itoa(i)
		}
		ids.m[kind] = grown
		l = grown
	}
	return l[n]
}
