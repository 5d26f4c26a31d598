package timeline

import (
	"errors"
	"socklab/engine/internal/sfmt"
	"strconv"
	"strings"

	"socklab/engine"
)

// Options tune a run or a session. The zero value is a good default.
type Options struct {
	// StepBudget is the most statements a run executes (0: DefaultStepBudget).
	// A longer timeline stops there with its partial results and
	// ErrStepBudget.
	StepBudget int
	// CheckInvariants runs the backend's CheckInvariants after every
	// statement (tests); a violation stops the run with an internal error.
	CheckInvariants bool
	// CheckpointEvery is a Session's first checkpoint interval in steps
	// (0: 256). It doubles whenever MaxCheckpoints is exceeded.
	CheckpointEvery int
	// MaxCheckpoints bounds how many kernel clones a Session keeps (0: 64).
	MaxCheckpoints int
	// MemoryBudget is the most memory in bytes a run may hold, as the
	// engine counts it: payload queued in the kernel and its live objects,
	// the events a run keeps (Run, Session) and a Session's checkpoints
	// (0: DefaultMemoryBudget). A run that goes over stops after the
	// statement that did, with its partial results and ErrMemoryBudget.
	MemoryBudget int64
	// Cancel, when not nil, stops a run once it is closed (a server's
	// request timeout): Exec and Run check it every few statements and
	// return ErrCanceled with the partial results.
	Cancel <-chan struct{}
}

// DefaultStepBudget is the step budget when Options.StepBudget is 0.
const DefaultStepBudget = 2_000_000

func (o Options) budget() int {
	if o.StepBudget > 0 {
		return o.StepBudget
	}
	return DefaultStepBudget
}

// DefaultMemoryBudget is the memory budget when Options.MemoryBudget is 0.
const DefaultMemoryBudget = 256 << 20

func (o Options) memBudget() int64 {
	if o.MemoryBudget > 0 {
		return o.MemoryBudget
	}
	return DefaultMemoryBudget
}

// ErrStepBudget is wrapped by the error of a run stopped by its step budget.
var ErrStepBudget = errors.New("step budget exhausted")

// ErrMemoryBudget is wrapped by the error of a run stopped by its memory budget.
var ErrMemoryBudget = errors.New("memory budget exhausted")

// ErrCanceled is wrapped by the error of a run stopped through Options.Cancel.
var ErrCanceled = errors.New("run canceled")

func budgetError(n int) error {
	return sfmt.Errorf("%w: stopped after %d statements; the results are partial", ErrStepBudget, n)
}

func memoryError(n int, budget int64) error {
	return sfmt.Errorf("%w: the run holds more than %s (queued bytes, kernel objects, recorded events, snapshots); stopped after %d statements; the results are partial",
		ErrMemoryBudget, sizeText(budget), n)
}

// sizeText writes a byte count for people: "256 MiB", "1.5 KiB", "100 bytes".
func sizeText(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift {
			whole, frac := n>>u.shift, (n&(1<<u.shift-1))*10>>u.shift
			if frac == 0 {
				return strconv.FormatInt(whole, 10) + " " + u.name
			}
			return strconv.FormatInt(whole, 10) + "." + strconv.FormatInt(frac, 10) + " " + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// kernelMemory is what backend b holds (engine.Kernel.Memory), 0 for a backend that does not say.
func kernelMemory(b any) (queued, objects int64) {
	if m, ok := b.(interface{ Memory() (int64, int64) }); ok {
		return m.Memory()
	}
	return 0, 0
}

// eventCost is what keeping e costs: the struct and its payload.
func eventCost(e *engine.Event) int64 { return 168 + int64(len(e.Data)+len(e.Message)) }

// canceled reports whether c is closed (a nil c never is).
func canceled(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// StepResult is what one statement did, as Exec reports it.
type StepResult struct {
	Step   int    // statement number
	Line   int    // source line
	Proc   string // process ("" if the line did not name one)
	Events []engine.Event
	// Call is the evaluated call handed to the backend; nil if the
	// statement was an error event.
	Call *engine.Call
	in   *instr
}

// CallText renders the evaluated call the way strace would: constants as
// written, variables by value, strings quoted (e.g. `accept(3)`). For an
// error statement it is the statement's call name, if any.
func (r *StepResult) CallText() string {
	if r.Call == nil {
		return r.in.call
	}
	return formatCall(r.in.fn, r.Call)
}

// Exec runs the timeline src on b one statement at a time, calling fn after
// each (fn returning false stops the run; the StepResult and its Events are
// reused for the next statement, so copy what you keep). Statements are parsed as they
// run, so memory does not grow with the length of the timeline. The error
// is nil when every statement ran (error events included), wraps
// ErrStepBudget, ErrMemoryBudget or ErrCanceled when a budget or
// Options.Cancel stopped the run, or is an *InternalError.
func Exec(b Backend, src string, opts Options, fn func(*StepResult) bool) error {
	return execKept(b, src, opts, fn, nil)
}

// execKept is Exec where *kept (if not nil) is what the caller keeps of the run so far, in
// bytes, counted against the memory budget with the kernel's own memory.
func execKept(b Backend, src string, opts Options, fn func(*StepResult) bool, kept *int64) error {
	var (
		c      compiler
		events []engine.Event
		r      StepResult
		st     = newState()
		l      = lines{src: src}
		budget = opts.budget()
		mem    = opts.memBudget()
	)
	for {
		start, end, line, num, ok := l.next()
		if !ok {
			return nil
		}
		if num > budget {
			return budgetError(budget)
		}
		in := c.compileLine(src, start, end, line, num)
		events = events[:0]
		res := st.exec(b, num, line, in, opts.CheckInvariants, &events)
		if fn != nil {
			r = StepResult{Step: num, Line: line, Proc: in.proc, Events: events, Call: res.call, in: in}
			if !fn(&r) {
				return nil
			}
		}
		if res.halt != nil {
			return res.halt
		}
		q, o := kernelMemory(b)
		if used := q + o; kept != nil && used+*kept > mem || used > mem {
			return memoryError(num, mem)
		}
		if num&255 == 0 && canceled(opts.Cancel) {
			return sfmt.Errorf("%w after %d statements; the results are partial", ErrCanceled, num)
		}
	}
}

// Run runs the whole timeline src on b and returns its events (the spec's
// JSON lines, via engine.Event.MarshalJSON). Errors in statements are error
// events; the error is for a run that could not finish (see Exec).
//
// Run returns no call chains, so it turns chain recording off on a backend
// that has it (the simulated kernel): recorded frames would only pile up,
// unread, for the whole run.
func Run(b Backend, src string, opts Options) ([]engine.Event, error) {
	if t, ok := b.(interface{ SetTracing(on bool) }); ok {
		t.SetTracing(false)
	}
	// Most statements emit one event: size the result once (growing a
	// slice of a million 160-byte events by doubling costs more than the
	// kernel work), within a bound so that blank lines cost nothing.
	all := make([]engine.Event, 0, min(strings.Count(src, "\n")+1, opts.budget(), 1<<21))
	var kept int64
	err := execKept(b, src, opts, func(r *StepResult) bool {
		all = append(all, r.Events...)
		for i := range r.Events {
			kept += eventCost(&r.Events[i])
		}
		return true
	}, &kept)
	return all, err
}
