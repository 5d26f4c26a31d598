package timeline

import (
	"errors"
	"fmt"
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
}

// DefaultStepBudget is the step budget when Options.StepBudget is 0.
const DefaultStepBudget = 2_000_000

func (o Options) budget() int {
	if o.StepBudget > 0 {
		return o.StepBudget
	}
	return DefaultStepBudget
}

// ErrStepBudget is wrapped by the error of a run stopped by its step budget.
var ErrStepBudget = errors.New("step budget exhausted")

func budgetError(n int) error {
	return fmt.Errorf("%w: stopped after %d statements; the results are partial", ErrStepBudget, n)
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
// ErrStepBudget when the budget stopped the run, or is an *InternalError.
func Exec(b Backend, src string, opts Options, fn func(*StepResult) bool) error {
	var (
		c      compiler
		events []engine.Event
		r      StepResult
		st     = newState()
		l      = lines{src: src}
		budget = opts.budget()
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
	err := Exec(b, src, opts, func(r *StepResult) bool {
		all = append(all, r.Events...)
		return true
	})
	return all, err
}
