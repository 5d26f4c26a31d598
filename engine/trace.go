package engine

// The call-chain recorder: go/parser's `defer un(trace(p, "..."))` pattern.
// Every modelled kernel function costs one line:
//
//	defer k.tr.enter("unix_stream_connect")()
//
// and records what it touched with k.tr.touch(id, Created|Changed|Freed).
// The recorder belongs to a kernel instance; there are no globals.
//
// Recording is flat (frames in call order, touches in order) into buffers
// that are reused from statement to statement, so a syscall's chain costs no
// allocation until Chain() builds the tree — in a fixed handful of
// allocations however deep the chain is.

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

// frameRec is a recorded frame: its function and its parent's index (-1 for
// a top-level frame). Frames are recorded in call (pre)order.
type frameRec struct {
	fn     string
	parent int32
}

// touchRec is a recorded touch by frame index.
type touchRec struct {
	frame int32
	Touch
}

// tracer records frames for the statement being executed.
type tracer struct {
	off     bool // recording disabled (benchmarks of the bare model)
	frames  []frameRec
	touches []touchRec
	stack   []int32
}

// enter opens a frame for fn and returns the function that closes it.
func (t *tracer) enter(fn string) func() {
	if t.off {
		return nop
	}
	parent := int32(-1)
	if n := len(t.stack); n > 0 {
		parent = t.stack[n-1]
	}
	t.stack = append(t.stack, int32(len(t.frames)))
	t.frames = append(t.frames, frameRec{fn: fn, parent: parent})
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
	// Touches by f and its descendants (all recorded since f opened) are a
	// suffix of t.touches: scan only that.
	for i := len(t.touches) - 1; i >= 0 && t.touches[i].frame >= f; i-- {
		if tt := &t.touches[i]; tt.frame == f && tt.ID == id {
			if op != Changed {
				tt.Op = op
			}
			return
		}
	}
	t.touches = append(t.touches, touchRec{frame: f, Touch: Touch{ID: id, Op: op}})
}

// take returns the frames recorded since the last take as trees, and resets
// the recorder (keeping its buffers).
func (t *tracer) take() []*Frame {
	n := len(t.frames)
	if n == 0 {
		t.stack = t.stack[:0]
		return nil
	}
	frames := make([]Frame, n)
	nkids := make([]int32, n)
	roots := 0
	for i, r := range t.frames {
		frames[i].Fn = r.fn
		if r.parent < 0 {
			roots++
		} else {
			nkids[r.parent]++
		}
	}
	ptrs := make([]*Frame, n) // backing store of every Calls slice and the roots
	off := int32(roots)
	for i := range frames {
		if k := nkids[i]; k > 0 {
			frames[i].Calls = ptrs[off : off : off+k]
			off += k
		}
	}
	top := ptrs[:0:roots]
	for i, r := range t.frames {
		if r.parent < 0 {
			top = append(top, &frames[i])
		} else {
			p := &frames[r.parent]
			p.Calls = append(p.Calls, &frames[i])
		}
	}
	if len(t.touches) > 0 {
		touched := make([]Touch, len(t.touches))
		cnt := make([]int32, n)
		for _, tt := range t.touches {
			cnt[tt.frame]++
		}
		off := int32(0)
		for i := range frames {
			if c := cnt[i]; c > 0 {
				frames[i].Touched = touched[off : off : off+c]
				off += c
			}
		}
		for _, tt := range t.touches {
			f := &frames[tt.frame]
			f.Touched = append(f.Touched, tt.Touch)
		}
	}
	t.frames, t.touches, t.stack = t.frames[:0], t.touches[:0], t.stack[:0]
	return top
}
