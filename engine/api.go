package engine

// This file is the contract between the timeline interpreter and the
// simulated kernel. The interpreter evaluates a statement's arguments into a
// Call and hands it to Kernel.Syscall; the kernel returns a Result or reports
// that the task went to sleep. Calls woken later are reported by
// Kernel.Completed as Completions.

// ArgKind says what an evaluated argument holds.
type ArgKind uint8

const (
	ArgInt   ArgKind = iota // an integer (literal, constant, variable, sv[i])
	ArgBytes                // a string literal or fill(N): a user buffer
	ArgNull                 // NULL: no address
	ArgSV                   // the name of an int[2] that socketpair fills
	ArgList                 // a brace list {a, b, ...}: Arg.List (ints or nested lists)
	ArgName                 // a "name" string naming something new (fork's process): Arg.Name
)

// Buf is a user-space buffer. Literal bytes, or Fill bytes of the repeating
// pattern "abcdefghijklmnopqrstuvwxyz". A fill is kept lazy so fill(1<<40)
// costs no memory until the kernel copies (a bounded part of) it.
type Buf struct {
	Lit  []byte
	Fill int64 // > 0: the buffer is Fill bytes of the fill pattern (Lit unused)
}

const fillPattern = "abcdefghijklmnopqrstuvwxyz"

// Len is the buffer's length in bytes.
func (b Buf) Len() int64 {
	if b.Fill > 0 {
		return b.Fill
	}
	return int64(len(b.Lit))
}

// Slice copies bytes [off, off+n) of the buffer; n is clamped to the end.
func (b Buf) Slice(off, n int64) []byte {
	if off < 0 {
		off = 0
	}
	if rest := b.Len() - off; n > rest {
		n = rest
	}
	if n <= 0 {
		return nil
	}
	if b.Fill == 0 {
		return append([]byte(nil), b.Lit[off:off+n]...)
	}
	out := make([]byte, n)
	for i := range out {
		out[i] = fillPattern[(off+int64(i))%int64(len(fillPattern))]
	}
	return out
}

// Arg is one evaluated argument.
type Arg struct {
	Kind  ArgKind
	Int   int64
	Bytes Buf    // ArgBytes
	Name  string // ArgSV: the variable name (for the trace); the kernel fills Result.SV; ArgName: the name
	List  []Arg  // ArgList: the elements, each ArgInt or ArgList ({} is an empty, non-nil list)
}

// Call is one evaluated syscall request. Args are already checked against the
// syscall table's kinds (syscalls.go), so the kernel may index them directly.
type Call struct {
	Name string
	Args []Arg
}

// Result is what a call returned to user space.
type Result struct {
	Ret   int64
	Errno Errno  // 0 on success
	Data  []byte // bytes copied to the user buffer (read/recv/recvfrom)
	Addr  string // accept/recvfrom/getsockname/getpeername: the address, spec-formatted
	SV    [2]int64
	HasSV bool // socketpair, pipe: SV holds the two new fds

	// Timeline v2 result keys (../shared/spec/timeline-v2.md). Each is
	// written in the event only when its Has flag is set; the interpreter
	// sets the flag for every return of the calls that always carry the key
	// (see engine.ResultKeys), so the kernel need not on error paths.
	Status      int64 // wait, waitpid: the child's exit status
	HasStatus   bool
	Ready       []ReadyFD // poll, select, epoll_wait: the ready fds
	HasReady    bool
	FDs         []int64 // recvmsg: the fds installed from SCM_RIGHTS
	HasFDs      bool
	MsgFlags    string // recvmsg: MSG_TRUNC|MSG_CTRUNC|MSG_OOB|MSG_EOR names
	HasMsgFlags bool
	Linger      int64 // getsockopt SO_LINGER: l_linger (seconds); Ret is l_onoff
	HasLinger   bool
	// TTY: read or write reached the terminal (outside the model): the C
	// runner serves the bytes (a program's stdin, its terminal output).
	TTY bool
}

// ReadyFD is one entry of the "ready" result key: an fd and its event names
// joined by '|' (poll: POLLIN|POLLOUT..., select: read|write|except,
// epoll_wait: EPOLLIN...).
type ReadyFD struct {
	FD     int64
	Events string
}

// ResultKeys sets the Has flags of the v2 result keys that call always
// carries (status on wait/waitpid, ready on poll/select/epoll_wait, fds and
// msgflags on recvmsg), so an error return shows them too, empty. Linger is
// not forced: only getsockopt(SO_LINGER) has it, and the kernel sets it.
func ResultKeys(call string, r *Result) {
	switch call {
	case "wait", "waitpid":
		r.HasStatus = true
	case "poll", "select", "epoll_wait":
		r.HasReady = true
	case "recvmsg":
		r.HasFDs, r.HasMsgFlags = true, true
	}
}

// Completion is the return of a call that had blocked and was completed by a
// later statement.
type Completion struct {
	PID       int
	BlockStep int // the statement number at which the call blocked
	Result    Result
	// At orders the completions of one statement: when the call completed
	// (the engine: the simulated clock in ms, which only a `sleep` advances;
	// the host: the time a sleep's completions arrived). Completions are
	// reported by (At, BlockStep): a sleep returns its time-outs in deadline
	// order, ties in the order the calls blocked.
	At int64
}
