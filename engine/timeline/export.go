package timeline

import (
	"strconv"
	"strings"

	"socklab/engine"
)

// Exporters: a run's events as text a blogger pastes into a post — a Mermaid
// sequence diagram (export_mermaid.go) or a Markdown table
// (export_markdown.go). Both are pure functions of the events and the
// timeline's source (for each statement as written). web/src/export.js is
// their JavaScript port for the page; both are checked against the same
// golden files in testdata/export.

// Record is one event of a run with its statement as written.
type Record struct {
	engine.Event
	Text string // the statement without process prefix, comment or ';' ("conn = accept(fd)")
}

// Records pairs each event with its statement's text from src.
func Records(events []engine.Event, src string) []Record {
	lines := strings.Split(src, "\n")
	out := make([]Record, len(events))
	for i, e := range events {
		text := ""
		if e.Line >= 1 && e.Line <= len(lines) {
			text = StatementText(lines[e.Line-1])
		}
		if text == "" {
			text = e.Call
		}
		out[i] = Record{Event: e, Text: text}
	}
	return out
}

// StatementText is a source line's statement: without the "proc:" prefix,
// the trailing comment (a '#' outside a string literal) and a final ';'.
func StatementText(line string) string {
	inStr := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && c == '#':
			line = line[:i]
		}
	}
	line = strings.TrimSpace(line)
	if i := strings.IndexByte(line, ':'); i > 0 && isExportName(strings.TrimSpace(line[:i])) {
		line = strings.TrimSpace(line[i+1:])
	}
	return strings.TrimSpace(strings.TrimSuffix(line, ";"))
}

func isExportName(s string) bool {
	for i, c := range s {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// clipRunes shortens s to at most max runes, marking the cut with "…".
func clipRunes(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// resultText is a return event's result in short form: `4`, `-1 EPIPE`,
// `13 "hello, server"`, `0 addr "127.0.0.1:40000"`, `2 ready [4:POLLIN, 3:POLLOUT]` (the page's log spells
// them the same way).
func resultText(e engine.Event, maxData int) string {
	s := strconv.FormatInt(e.Ret, 10)
	if e.Errno != "" {
		return s + " " + e.Errno
	}
	if len(e.Data) > 0 {
		s += " " + Quote(e.Data, maxData)
	}
	if e.Addr != "" {
		s += " addr " + strconv.Quote(e.Addr)
	}
	// Timeline v2 keys, on the calls that have them.
	if e.HasReady {
		parts := make([]string, len(e.Ready))
		for i, r := range e.Ready {
			parts[i] = strconv.FormatInt(r.FD, 10) + ":" + r.Events
		}
		s += " ready [" + strings.Join(parts, ", ") + "]"
	}
	if e.HasStatus {
		s += " status " + strconv.FormatInt(e.Status, 10)
	}
	if e.HasFDs {
		parts := make([]string, len(e.FDs))
		for i, fd := range e.FDs {
			parts[i] = strconv.FormatInt(fd, 10)
		}
		s += " fds [" + strings.Join(parts, ", ") + "]"
	}
	if e.HasMsgFlags && e.MsgFlags != "" {
		s += " msgflags " + e.MsgFlags
	}
	if e.HasLinger {
		s += " linger " + strconv.FormatInt(e.Linger, 10)
	}
	return s
}
