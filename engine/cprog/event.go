//go:build !cprog_compiler

package cprog

import (
	"strconv"
	"unicode/utf8"

	"socklab/engine"
	"socklab/engine/snapjson"
)

// Event is one line of a C run (--json): a system call's block or return
// (the timeline's shape plus "line"), a process's terminal output, or its
// exit.
type Event struct {
	engine.Event
	Status string // EvExit: "0".."255" or "signal SIGPIPE"
}

// Event kinds besides the timeline's.
const (
	EvStdout = "stdout"
	EvStderr = "stderr"
	EvExit   = "exit"
)

// MarshalJSON writes the spec's JSON line.
func (e Event) MarshalJSON() ([]byte, error) {
	switch e.Kind {
	case EvStdout, EvStderr:
		b := []byte(`{"proc":`)
		b = appendJSONString(b, e.Proc)
		b = append(b, `,"event":"`+e.Kind+`","data":`...)
		b = appendJSONString(b, string(e.Data))
		return append(b, '}'), nil
	case EvExit:
		b := []byte(`{"proc":`)
		b = appendJSONString(b, e.Proc)
		b = append(b, `,"event":"exit","status":`...)
		b = appendJSONString(b, e.Status)
		if e.Message != "" {
			b = append(b, `,"message":`...)
			b = appendJSONString(b, e.Message)
		}
		if e.Line > 0 {
			b = append(b, `,"line":`...)
			b = strconv.AppendInt(b, int64(e.Line), 10)
		}
		return append(b, '}'), nil
	}
	b, err := e.Event.MarshalJSON()
	if err != nil || len(b) == 0 {
		return b, err
	}
	b = b[:len(b)-1]
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(e.Line), 10)
	return append(b, '}'), nil
}

// appendJSONString writes text as a JSON string: UTF-8 kept as is (the
// spec's stdout example is Chinese text), escaped as encoding/json does;
// invalid bytes as \u00XX.
func appendJSONString(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		return snapjson.String(b, s)
	}
	q, _ := engine.Bytes(s).MarshalJSON()
	return append(b, q...)
}
