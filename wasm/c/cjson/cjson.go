// Package cjson writes the JSON answers of C mode's runtime module (wasm/c) without
// encoding/json, fmt or reflect, which would weigh on c.wasm for a handful of shapes; the
// snapshot and call chains are engine/snapjson's, as in engine.wasm. wasm/c/main.go documents
// the shapes; TestMatchesEncodingJSON checks that each decodes to what encoding/json wrote.
package cjson

import (
	"sort"
	"strconv"

	"socklab/engine/cprog"
	"socklab/engine/snapjson"
)

// Load appends load's answer: {"errors":[],"view":View,"warnings":[diag...]}.
func Load(b []byte, s *cprog.Session, programs []string, warnings []cprog.Diag) []byte {
	b = append(b, `{"errors":[],"view":`...)
	b = View(b, s, programs)
	b = append(b, `,"warnings":`...)
	b = Diags(b, warnings)
	return append(b, '}')
}

// Diags appends [{"file","line","col","warning","msg","text"}...] (text: as gcc prints it).
func Diags(b []byte, ds []cprog.Diag) []byte {
	if ds == nil {
		ds = []cprog.Diag{} // [], never null: the page concatenates the lists
	}
	return snapjson.List(b, ds, func(b []byte, d *cprog.Diag) []byte {
		b = append(b, `{"file":`...)
		b = snapjson.String(b, d.File)
		b = append(b, `,"line":`...)
		b = snapjson.Int(b, int64(d.Line))
		b = append(b, `,"col":`...)
		b = snapjson.Int(b, int64(d.Col))
		b = append(b, `,"warning":`...)
		b = strconv.AppendBool(b, d.Warning)
		b = append(b, `,"msg":`...)
		b = snapjson.String(b, d.Msg)
		b = append(b, `,"text":`...)
		b = snapjson.String(b, d.String())
		return append(b, '}')
	})
}

// View appends the session's View at its position (wasm/c/main.go), or {"fatal":...} without one.
func View(b []byte, s *cprog.Session, programs []string) []byte {
	if s == nil {
		return Fatal(b, "no program loaded")
	}
	b = append(b, `{"len":`...)
	b = snapjson.Int(b, int64(s.Len()))
	b = append(b, `,"pos":`...)
	b = snapjson.Int(b, int64(s.Pos()))
	b = append(b, `,"snapshot":`...)
	b = snapjson.Snapshot(b, s.Snapshot())
	b = append(b, `,"chain":`...)
	b = snapjson.Frames(b, s.Chain())
	b = append(b, `,"procs":`...)
	b = procs(b, s.Procs())
	b = append(b, `,"stdout":`...)
	b = outputs(b, programs, s.Stdout)
	b = append(b, `,"term":`...)
	b = outputs(b, programs, s.Terminal)
	b = append(b, `,"stepEvents":`...)
	b = Events(b, s.StepEvents(s.Pos()))
	b = append(b, `,"nevents":`...)
	b = snapjson.Int(b, int64(len(s.Events())))
	b = append(b, `,"message":`...)
	msg := ""
	if err := s.Err(); err != nil {
		msg = err.Error()
	}
	b = snapjson.String(b, msg)
	return append(b, '}')
}

// Events appends the events' --json lines as a list (null for none, as encoding/json).
func Events(b []byte, evs []cprog.Event) []byte {
	return snapjson.List(b, evs, func(b []byte, e *cprog.Event) []byte {
		j, _ := e.MarshalJSON()
		return append(b, j...)
	})
}

// Fatal appends {"fatal":msg}: the page shows msg and starts a fresh worker.
func Fatal(b []byte, msg string) []byte {
	b = append(b, `{"fatal":`...)
	b = snapjson.String(b, msg)
	return append(b, '}')
}

func procs(b []byte, ps []cprog.ProcState) []byte {
	return snapjson.List(b, ps, func(b []byte, p *cprog.ProcState) []byte {
		b = append(b, `{"name":`...)
		b = snapjson.String(b, p.Name)
		b = append(b, `,"program":`...)
		b = snapjson.String(b, p.Program)
		b = append(b, `,"pid":`...)
		b = snapjson.Int(b, int64(p.PID))
		b = append(b, `,"line":`...)
		b = snapjson.Int(b, int64(p.Line))
		b = append(b, `,"col":`...)
		b = snapjson.Int(b, int64(p.Col))
		b = append(b, `,"state":`...)
		b = snapjson.String(b, p.State)
		if p.Exit != "" {
			b = append(b, `,"exit":`...)
			b = snapjson.String(b, p.Exit)
		}
		if p.Message != "" {
			b = append(b, `,"message":`...)
			b = snapjson.String(b, p.Message)
		}
		if len(p.CallStack) > 0 {
			b = append(b, `,"call_stack":`...)
			b = snapjson.List(b, p.CallStack, func(b []byte, f *string) []byte { return snapjson.String(b, *f) })
		}
		return append(b, '}')
	})
}

// outputs appends {program: text} for each program, keys sorted as encoding/json sorts a map's.
func outputs(b []byte, programs []string, text func(string) []byte) []byte {
	keys := append([]string(nil), programs...)
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			continue // a map has each key once
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = snapjson.String(b, k)
		b = append(b, ':')
		b = snapjson.String(b, string(text(k)))
	}
	return append(b, '}')
}
