package timeline

import (
	"socklab/engine/internal/sfmt"
	"strings"
)

// Error is a problem in a timeline at a line and column.
type Error struct {
	Line int    `json:"line"`
	Col  int    `json:"col"` // 1-based, in characters; 0 if the whole line
	Msg  string `json:"msg"`
}

// Error formats the error as "line L:C: msg".
func (e *Error) Error() string {
	if e.Col > 0 {
		return sfmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return sfmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// ErrorList is a list of errors in source order.
type ErrorList []*Error

// Error is the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return sfmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns nil for an empty list, else the list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// String lists every error, one per line.
func (l ErrorList) String() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// Error caps: a pathological line or file must not produce an unbounded list.
const (
	MaxErrorsPerLine = 10
	MaxErrors        = 100
)

// errorSink collects errors with the caps applied. When the total cap is
// reached one final "too many errors" entry is added and the rest dropped.
type errorSink struct {
	list    ErrorList
	line    int // line of the last error counted per line
	perLine int
	full    bool
}

func (s *errorSink) add(pos Pos, msg string) {
	if s.full {
		return
	}
	if pos.Line != s.line {
		s.line, s.perLine = pos.Line, 0
	}
	if s.perLine >= MaxErrorsPerLine {
		return
	}
	s.perLine++
	if len(s.list) >= MaxErrors {
		s.list = append(s.list, &Error{Line: pos.Line, Col: pos.Col, Msg: "too many errors"})
		s.full = true
		return
	}
	s.list = append(s.list, &Error{Line: pos.Line, Col: pos.Col, Msg: msg})
}
