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
	Name  string // ArgSV: the variable name (for the trace); the kernel fills Result.SV
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
	HasSV bool // socketpair: SV holds the two new fds

	Ready    []ReadyFD // poll/select/epoll_wait: the ready fds, spec-formatted
	HasReady bool
}

// ReadyFD is one entry of a `ready` result: an fd and its events, named as
// the spec says.
type ReadyFD struct {
	FD     int64
	Events string
}

// Completion is the return of a call that had blocked and was completed by a
// later statement.
type Completion struct {
	PID       int
	BlockStep int // the statement number at which the call blocked
	Result    Result
}
