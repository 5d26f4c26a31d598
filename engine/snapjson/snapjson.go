// Package snapjson writes the JSON of the page's engine answers (wasm/main.go) without
// encoding/json, fmt or reflect, which would weigh ≈220 KiB in engine.wasm: the snapshot, call
// chains, process states and errors, byte for byte as encoding/json writes them (the encoders
// are generated from the types by gen.go; TestEncodersMatchEncodingJSON compares them), and
// Units, which cuts a snapshot into the pieces the page replaces when they change.
package snapjson

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"socklab/engine"
	"socklab/engine/timeline"
)

//go:generate go run gen.go

// Snapshot appends s's JSON.
func Snapshot(b []byte, s *engine.Snapshot) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendEngineSnapshot(b, s)
}

// Frames appends a call chain's JSON.
func Frames(b []byte, fs []*engine.Frame) []byte {
	return List(b, fs, func(b []byte, f **engine.Frame) []byte {
		if *f == nil {
			return append(b, "null"...)
		}
		return appendEngineFrame(b, *f)
	})
}

// Procs appends the process states' JSON.
func Procs(b []byte, ps []timeline.ProcState) []byte {
	return List(b, ps, appendTimelineProcState)
}

// Errors appends an error list's JSON.
func Errors(b []byte, l timeline.ErrorList) []byte {
	return List(b, l, func(b []byte, e **timeline.Error) []byte {
		if *e == nil {
			return append(b, "null"...)
		}
		return appendTimelineError(b, *e)
	})
}

// List appends xs as a JSON list, each element written by item; a nil slice is null, as
// encoding/json writes it.
func List[T any](b []byte, xs []T, item func([]byte, *T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, &xs[i])
	}
	return append(b, ']')
}

// Event appends {"line":L,"col":C,"event":<the spec's JSON line>}.
func Event(b []byte, e *engine.Event) []byte {
	b = append(b, `{"line":`...)
	b = appendInt(b, int64(e.Line))
	b = append(b, `,"col":`...)
	b = appendInt(b, int64(e.Col))
	b = append(b, `,"event":`...)
	m, _ := e.MarshalJSON()
	b = append(b, m...)
	return append(b, '}')
}

// String appends s as a JSON string, escaped exactly as encoding/json does (HTML characters,
// U+2028 and U+2029 as \u escapes, invalid UTF-8 as U+FFFD).
func String(b []byte, s string) []byte { return appendString(b, s) }

// Int appends n.
func Int(b []byte, n int64) []byte { return appendInt(b, n) }

func appendInt(b []byte, n int64) []byte {
	if n >= 0 && n < 10 {
		return append(b, byte('0'+n))
	}
	var tmp [20]byte
	i := len(tmp)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	for u > 0 {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		tmp[i] = '-'
	}
	return append(b, tmp[i:]...)
}

// The generated encoders write each field of the common kinds with one call: the key (with
// its quotes and colon), the value and the ',' that closeObject turns into '}'.

func fieldString(b []byte, key, s string) []byte {
	return append(appendString(append(b, key...), s), ',')
}

func fieldInt(b []byte, key string, n int64) []byte {
	return append(appendInt(append(b, key...), n), ',')
}

func fieldUint(b []byte, key string, n uint64) []byte {
	return append(strconv.AppendUint(append(b, key...), n, 10), ',')
}

func fieldBool(b []byte, key string, v bool) []byte {
	return append(strconv.AppendBool(append(b, key...), v), ',')
}

func fieldStrings(b []byte, key string, l []string) []byte {
	return append(List(append(b, key...), l, func(b []byte, s *string) []byte { return appendString(b, *s) }), ',')
}

// Units cuts s into units for per-step changes, in key order: each element (with its id) of a
// top-level list of objects with ids, and each other top-level value whole (id ""). A key
// that encoding/json would omit (omitempty) has no unit; a list of objects has one unit with
// id "" and value [] when empty, so the page knows the key. b is scratch space; the JSON handed
// to fn is only valid during the call.
func Units(b []byte, s *engine.Snapshot, fn func(key, id string, list bool, js []byte)) []byte {
	walkUnits(s, func(key, id string, list bool, v any) {
		if v == nil {
			fn(key, id, list, nil)
			return
		}
		b = appendUnit(b[:0], v)
		fn(key, id, list, b)
	})
	return b
}

func equalStrings(a, b []string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalSlices[T any](a, b []T, eq func(x, y *T) bool) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if !eq(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

// closeObject ends an object whose fields each end in ','.
func closeObject(b []byte) []byte {
	if b[len(b)-1] == ',' {
		b[len(b)-1] = '}'
		return b
	}
	return append(b, '}')
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const hex = "0123456789abcdef"

// appendString is encoding/json's appendString with escapeHTML.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
