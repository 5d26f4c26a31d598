package engine

// The call-chain recorder: go/parser's `defer un(trace(p, "..."))` pattern.
// Every modelled kernel function costs one line:
//
//	defer k.tr.enter("unix_stream_connect")()
//
// and records what it touched with k.tr.touch(id, Created|Changed|Freed).
// The recorder belongs to a kernel instance; there are no globals.

// Touch ops.
const (
	Created = "created"
	Changed = "changed"
	Freed   = "freed"
)

// Frame is one call of a modelled kernel function and what it touched.
type Frame struct {
	Fn      string   `json:"fn"`
	Touched []Touch  `json:"touched,omitempty"`
	Calls   []*Frame `json:"calls,omitempty"`
}

// Touch says a function created, changed or freed an object (by stable id).
type Touch struct {
	ID string `json:"id"`
	Op string `json:"op"`
}

// tracer records frames for the statement being executed.
type tracer struct {
	off   bool     // recording disabled (benchmarks of the bare model)
	roots []*Frame // top-level frames of this statement
	stack []*Frame
}

// enter opens a frame for fn and returns the function that closes it.
func (t *tracer) enter(fn string) func() {
	if t.off {
		return nop
	}
	f := &Frame{Fn: fn}
	if n := len(t.stack); n > 0 {
		p := t.stack[n-1]
		p.Calls = append(p.Calls, f)
	} else {
		t.roots = append(t.roots, f)
	}
	t.stack = append(t.stack, f)
	return t.leave
}

func (t *tracer) leave() { t.stack = t.stack[:len(t.stack)-1] }

func nop() {}

// touch records that the innermost open frame did op to object id. Repeated
// touches of the same object by the same frame are merged (created/freed win
// over changed).
func (t *tracer) touch(id, op string) {
	if t.off || len(t.stack) == 0 {
		return
	}
	f := t.stack[len(t.stack)-1]
	for i := range f.Touched {
		if f.Touched[i].ID == id {
			if op != Changed {
				f.Touched[i].Op = op
			}
			return
		}
	}
	f.Touched = append(f.Touched, Touch{ID: id, Op: op})
}

// take returns the frames recorded since the last take and resets.
func (t *tracer) take() []*Frame {
	r := t.roots
	t.roots, t.stack = nil, t.stack[:0]
	return r
}
