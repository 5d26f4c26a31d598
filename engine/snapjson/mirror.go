package snapjson

import (
	"socklab/engine"
	"socklab/engine/timeline"
)

// unit names one piece of the snapshot the page holds: a top-level key and, for lists of
// objects, the object's id.
type unit struct{ key, id string }

// Mirror is the snapshot a page holds, as the JSON of its units (see Units), so that what is
// sent for the next snapshot is only what changed (the page's side: web/src/engine.js Mirror).
type Mirror struct {
	pos   int // the position of that snapshot; -1: the page holds none
	units map[unit]string
	order map[string][]string // each list's ids, in order
	seen  map[unit]bool
	next  map[string][]string
	keys  []string
	buf   []byte
}

// NewMirror is a Mirror of a page that holds nothing.
func NewMirror() *Mirror {
	return &Mirror{pos: -1, units: map[unit]string{}, order: map[string][]string{}, seen: map[unit]bool{}, next: map[string][]string{}}
}

// Delta appends the changes that turn the page's snapshot into snap, and records them:
// {"set":[[key,id,value],...],"del":[[key,id],...],"order":{list key:[ids]},"keys":[keys]}.
func (m *Mirror) Delta(b []byte, snap *engine.Snapshot) []byte {
	clear(m.seen)
	for k, v := range m.next {
		m.next[k] = v[:0]
	}
	m.keys = m.keys[:0]
	b = append(b, `{"set":[`...)
	n := 0
	m.buf = Units(m.buf, snap, func(key, id string, list bool, js []byte) {
		if len(m.keys) == 0 || m.keys[len(m.keys)-1] != key {
			m.keys = append(m.keys, key)
		}
		if list {
			o, ok := m.next[key]
			if !ok {
				o = []string{}
			}
			if id == "" {
				m.next[key] = o
				return
			}
			m.next[key] = append(o, id)
		}
		u := unit{key, id}
		m.seen[u] = true
		if old, ok := m.units[u]; ok && old == string(js) {
			return
		}
		m.units[u] = string(js)
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '[')
		b = String(b, key)
		b = append(b, ',')
		b = String(b, id)
		b = append(b, ',')
		b = append(b, js...)
		b = append(b, ']')
	})
	b = append(b, `],"del":[`...)
	n = 0
	for u := range m.units {
		if m.seen[u] {
			continue
		}
		delete(m.units, u)
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '[')
		b = String(b, u.key)
		b = append(b, ',')
		b = String(b, u.id)
		b = append(b, ']')
	}
	b = append(b, `],"order":{`...)
	n = 0
	for _, key := range m.keys {
		ids, ok := m.next[key]
		if !ok {
			continue
		}
		if old, had := m.order[key]; had && equal(old, ids) {
			continue
		}
		m.order[key] = append(m.order[key][:0], ids...)
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = String(b, key)
		b = append(b, ":["...)
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = String(b, id)
		}
		b = append(b, ']')
	}
	for key := range m.order {
		if _, ok := m.next[key]; !ok || !contains(m.keys, key) {
			delete(m.order, key)
		}
	}
	b = append(b, `},"keys":[`...)
	for i, k := range m.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = String(b, k)
	}
	b = append(b, "]}"...)
	m.pos = snap.Step
	return b
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Pos is the position (snapshot step) the page holds; -1 if none.
func (m *Mirror) Pos() int { return m.pos }

// View appends the View of session sess at its position for a page that holds m (see
// web/src/engine.js, "A View"): the changes from the page's snapshot to the one before pos
// ("base", only when the page is not there already) and from that one to pos ("step").
func View(b []byte, sess *timeline.Session, page *Mirror) []byte {
	b = append(b, `{"errors":`...)
	b = Errors(b, sess.Errors())
	b = append(b, `,"len":`...)
	b = Int(b, int64(sess.End()))
	b = append(b, `,"total":`...)
	b = Int(b, int64(sess.Len()))
	pos := sess.Pos()
	b = append(b, `,"pos":`...)
	b = Int(b, int64(pos))
	b = append(b, `,"chain":`...)
	b = Frames(b, sess.Chain(pos))
	b = append(b, `,"nevents":`...)
	b = Int(b, int64(len(sess.Events())))
	b = append(b, `,"procs":`...)
	b = Procs(b, sess.ProcStates())
	b = append(b, `,"narration":`...)
	b = String(b, sess.Info().Narration)
	b = append(b, `,"reset":`...)
	if page.Pos() < 0 {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = append(b, `,"base":`...)
	if pos > 0 && page.Pos() != pos-1 {
		b = page.Delta(b, sess.SnapshotAt(pos-1))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"step":`...)
	b = page.Delta(b, sess.Snapshot())
	msg := ""
	if err := sess.Err(); err != nil {
		msg = err.Error()
	}
	b = append(b, `,"message":`...)
	b = String(b, msg)
	return append(b, '}')
}
