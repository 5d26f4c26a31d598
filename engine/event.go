package engine

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Event is one result line of a timeline run (../shared/spec/timeline-v1.md,
// "Results: JSON lines"). MarshalJSON writes exactly the spec's keys in the
// spec's order; Line and Col are for the page and the runner, not the JSON.
type Event struct {
	Step    int    // statement number (1-based)
	Proc    string // process name
	Call    string // call name ("" if the line did not parse far enough)
	Kind    string // "return", "block" or "error"
	Ret     int64
	Errno   string // symbolic errno or ""
	Data    []byte
	Addr    string
	After   int    // for a completed blocked call: the statement after which it completed; 0 = at once
	Message string // "error" events: "line L: ..."
	Line    int    // source line of the statement
	Col     int    // error column (1-based), 0 if none

	// Timeline v2 keys (../shared/spec/timeline-v2.md), written after
	// "addr" (and before "after") only when their Has flag is set; see
	// Result and ResultKeys.
	Status      int64
	HasStatus   bool
	Ready       []ReadyFD
	HasReady    bool
	FDs         []int64
	HasFDs      bool
	MsgFlags    string
	HasMsgFlags bool
	Linger      int64
	HasLinger   bool
}

// Event kinds.
const (
	EvReturn = "return"
	EvBlock  = "block"
	EvError  = "error"
)

// MarshalJSON writes the spec's JSON line for the event.
func (e Event) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 96)
	b = append(b, `{"step":`...)
	b = strconv.AppendInt(b, int64(e.Step), 10)
	b = appendField(b, "proc", e.Proc)
	b = appendField(b, "call", e.Call)
	b = appendField(b, "event", e.Kind)
	switch e.Kind {
	case EvError:
		b = appendField(b, "message", e.Message)
	case EvReturn:
		b = append(b, `,"ret":`...)
		b = strconv.AppendInt(b, e.Ret, 10)
		b = appendField(b, "errno", e.Errno)
		b = append(b, `,"data":`...)
		b = appendBytes(b, e.Data)
		b = appendField(b, "addr", e.Addr)
		b = e.appendV2(b)
		if e.After > 0 {
			b = append(b, `,"after":`...)
			b = strconv.AppendInt(b, int64(e.After), 10)
		}
	}
	return append(b, '}'), nil
}

// appendV2 writes the v2 result keys the event has, in the spec's order:
// status, ready, fds, msgflags, linger.
func (e *Event) appendV2(b []byte) []byte {
	if e.HasStatus {
		b = append(b, `,"status":`...)
		b = strconv.AppendInt(b, e.Status, 10)
	}
	if e.HasReady {
		b = append(b, `,"ready":[`...)
		for i, r := range e.Ready {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"fd":`...)
			b = strconv.AppendInt(b, r.FD, 10)
			b = appendField(b, "events", r.Events)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if e.HasFDs {
		b = append(b, `,"fds":[`...)
		for i, fd := range e.FDs {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, fd, 10)
		}
		b = append(b, ']')
	}
	if e.HasMsgFlags {
		b = appendField(b, "msgflags", e.MsgFlags)
	}
	if e.HasLinger {
		b = append(b, `,"linger":`...)
		b = strconv.AppendInt(b, e.Linger, 10)
	}
	return b
}

// SetResult copies r's v2 result keys into the event.
func (e *Event) SetResult(r *Result) {
	e.Status, e.HasStatus = r.Status, r.HasStatus
	e.Ready, e.HasReady = r.Ready, r.HasReady
	e.FDs, e.HasFDs = r.FDs, r.HasFDs
	e.MsgFlags, e.HasMsgFlags = r.MsgFlags, r.HasMsgFlags
	e.Linger, e.HasLinger = r.Linger, r.HasLinger
}

func appendField(b []byte, key, val string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendBytes(b, []byte(val))
}

// Bytes is a byte string that marshals to JSON with every byte as one code
// point (bytes >= 0x80 become \u00XX), as the spec's "data" field requires.
type Bytes []byte

// MarshalJSON implements json.Marshaler.
func (d Bytes) MarshalJSON() ([]byte, error) { return appendBytes(nil, d), nil }

// UnmarshalJSON maps each code point < 256 back to one byte. It reads the JSON string itself
// (no encoding/json: the engine's wasm build links none).
func (d *Bytes) UnmarshalJSON(in []byte) error {
	s, ok := unquoteJSON(in)
	if !ok {
		return errors.New("engine.Bytes: not a JSON string: " + string(in[:min(len(in), 40)]))
	}
	*d = latin1(s)
	return nil
}

// unquoteJSON decodes a JSON string literal (with \uXXXX escapes and surrogate pairs).
func unquoteJSON(in []byte) (string, bool) {
	if len(in) < 2 || in[0] != '"' || in[len(in)-1] != '"' {
		return "", false
	}
	in = in[1 : len(in)-1]
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			if c < 0x20 || c == '"' {
				return "", false
			}
			out = append(out, c)
			continue
		}
		if i++; i >= len(in) {
			return "", false
		}
		switch in[i] {
		case '"', '\\', '/':
			out = append(out, in[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(in[i+1:])
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(in[min(i+3, len(in)):]); ok && i+2 < len(in) && in[i+1] == '\\' && in[i+2] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return string(out), true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// latin1 turns a string of code points < 256 into bytes.
func latin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

const hexDigits = "0123456789abcdef"

// appendBytes appends raw bytes as a JSON string, one code point per byte.
func appendBytes(b []byte, s []byte) []byte {
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
