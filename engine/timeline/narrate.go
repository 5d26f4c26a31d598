package timeline

import (
	"socklab/engine/internal/sfmt"
	"strconv"
	"strings"

	"socklab/engine"
)

// StepInfo is a compact, JSON-friendly account of one step for the page's
// log and its ARIA live region.
type StepInfo struct {
	Step      int            `json:"step"`
	Line      int            `json:"line"`
	Proc      string         `json:"proc"`
	Call      string         `json:"call"`
	Source    string         `json:"source"` // the statement as written, without the process prefix
	Events    []engine.Event `json:"events"` // emitted by this step: its own event, then woken calls
	Lines     []int          `json:"lines"`  // source line of each event (a woken call's is its own line)
	Narration string         `json:"narration"`
}

// Info describes the step that led to the current position (Step 0 at the
// start).
func (s *Session) Info() StepInfo { return s.StepInfo(s.pos) }

// StepInfo describes statement step (which must have run; otherwise only
// the position fields are set).
func (s *Session) StepInfo(step int) StepInfo {
	info := StepInfo{Step: step, Line: s.Line(step), Events: []engine.Event{}, Lines: []int{}}
	if step < 1 || step > len(s.stmts) {
		if step == 0 {
			info.Narration = "Start: no statement has run yet."
		}
		return info
	}
	in := s.instrAt(step)
	info.Proc, info.Call = in.proc, in.call
	info.Source = s.source(s.stmtAt(step))
	if step > s.front {
		return info
	}
	info.Events = s.StepEvents(step)
	for _, e := range info.Events {
		info.Lines = append(info.Lines, e.Line)
	}
	var sleepsIn map[int]string // blocked step -> kernel function, when known
	if step == s.pos {
		sleepsIn = map[int]string{}
		for _, t := range s.Snapshot().Tasks {
			if t.Blocked != nil {
				sleepsIn[t.Blocked.Step] = t.Blocked.In
			}
		}
	}
	info.Narration = s.narrate(step, in, info.Events, sleepsIn)
	return info
}

// source is the statement's text without the process prefix and comment.
func (s *Session) source(st *ProcStmt) string {
	from, to := st.Stmt.Pos().Offset, st.EndPos.Offset
	if _, bad := st.Stmt.(*BadStmt); bad {
		from = st.Pos().Offset
		if st.Proc != nil {
			from = after(st.Colon, ":").Offset
		}
	}
	if from < 0 || to > len(s.src) || from > to {
		return ""
	}
	return strings.TrimSpace(s.src[from:to])
}

// narrate tells what a step did in one or two plain sentences, e.g.
// "server: accept(fd) blocks — no connection is waiting in the accept queue."
func (s *Session) narrate(step int, in *instr, events []engine.Event, sleepsIn map[int]string) string {
	var b strings.Builder
	for i, e := range events {
		what := s.callSource(e.Step)
		switch {
		case e.Kind == engine.EvError:
			if e.Proc != "" {
				sfmt.Fprintf(&b, "%s: ", e.Proc)
			}
			sfmt.Fprintf(&b, "%s. Nothing was executed.", e.Message)
		case e.Kind == engine.EvBlock:
			sfmt.Fprintf(&b, "%s: %s blocks — %s", e.Proc, what, blockReason(e.Call))
			if fn := sleepsIn[e.Step]; fn != "" {
				sfmt.Fprintf(&b, " (asleep in %s)", fn)
			}
			b.WriteByte('.')
		case i == 0 && e.After == 0:
			sfmt.Fprintf(&b, "%s: %s %s.", e.Proc, what, outcome(e))
		case e.Call == "fork" && e.Step == step && e.After == 0:
			sfmt.Fprintf(&b, " The child %s starts as a copy of %s (same fds, same struct files, a copy of the variables); in it fork returns 0.", e.Proc, events[0].Proc)
		default:
			if i > 0 {
				b.WriteByte(' ')
			}
			sfmt.Fprintf(&b, "This wakes %s: %s (line %d) %s.", e.Proc, what, e.Line, outcome(e))
		}
	}
	return b.String()
}

// callSource is the source of statement step, for narration.
func (s *Session) callSource(step int) string {
	if step < 1 || step > len(s.stmts) {
		return ""
	}
	return s.source(s.stmtAt(step))
}

func outcome(e engine.Event) string {
	if e.Errno != "" {
		return sfmt.Sprintf("fails with %s (%s)", e.Errno, Strerror(e.Errno))
	}
	out := "returns " + strconv.FormatInt(e.Ret, 10)
	if len(e.Data) > 0 {
		out += ": " + Quote(e.Data, 64)
	}
	if e.Addr != "" {
		out += sfmt.Sprintf(" (address %q)", e.Addr)
	}
	if e.HasStatus && e.Ret > 0 {
		out += sfmt.Sprintf(", the child's exit status is %d", e.Status)
	}
	return out
}

// blockReason says why a call of this kind sleeps.
func blockReason(call string) string {
	switch call {
	case "accept", "accept4":
		return "no connection is waiting in the accept queue"
	case "read", "recv", "recvfrom":
		return "the receive queue is empty, so there is nothing to read yet"
	case "write", "send", "sendto":
		return "there is no room: the send buffer is full until the reader drains its receive queue"
	case "connect":
		return "the listener's accept queue is full (its backlog is reached)"
	case "wait", "waitpid":
		return "no child it waits for has exited yet, so it sleeps on its wait_chldexit queue until one does"
	}
	return "it has to wait for another process"
}
