package snapjson

import (
	"socklab/engine"
	"socklab/engine/timeline"
)

// unit names one piece of the snapshot the page holds: a top-level key and, for lists of
// objects, the object's id.
type unit struct{ key, id string }

// Mirror is the snapshot a page holds, as the values of its units (see Units; copies, compared
// with the generated equalUnit), so that what is sent for the next snapshot is only what
// changed, and only that is encoded (the page's side: web/src/engine.js Mirror).
type Mirror struct {
	pos   int // the position of that snapshot; -1: the page holds none
	units map[unit]any
	order map[string][]string // each list's ids, in order
	seen  map[unit]bool
	next  map[string][]string
	keys  []string

	// The changes of the last stage, until Commit records them or Discard forgets them.
	staged    bool
	stagedPos int
	sets      []stagedUnit
	dels      []unit
	reorder   []string // list keys whose order changed
}

type stagedUnit struct {
	u unit
	v any
}

// NewMirror is a Mirror of a page that holds nothing.
func NewMirror() *Mirror {
	return &Mirror{pos: -1, units: map[unit]any{}, order: map[string][]string{}, seen: map[unit]bool{}, next: map[string][]string{}}
}

// Delta appends the changes that turn the page's snapshot into snap, and records them:
// {"set":[[key,id,value],...],"del":[[key,id],...],"order":{list key:[ids]},"keys":[keys]}.
func (m *Mirror) Delta(b []byte, snap *engine.Snapshot) []byte {
	b = m.Stage(b, snap)
	m.Commit()
	return b
}

// Stage appends the changes that turn the page's snapshot into snap, as Delta does, without
// recording them: Commit records them (the page got them), Discard forgets them. Until then the
// Mirror takes no other Stage or Delta.
func (m *Mirror) Stage(b []byte, snap *engine.Snapshot) []byte {
	clear(m.seen)
	for k, v := range m.next {
		m.next[k] = v[:0]
	}
	m.keys = m.keys[:0]
	clear(m.sets)
	m.sets, m.dels, m.reorder = m.sets[:0], m.dels[:0], m.reorder[:0]
	b = append(b, `{"set":[`...)
	n := 0
	walkUnits(snap, func(key, id string, list bool, v any) {
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
		if old, ok := m.units[u]; ok && equalUnit(old, v) {
			return
		}
		m.sets = append(m.sets, stagedUnit{u, v})
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '[')
		b = String(b, key)
		b = append(b, ',')
		b = String(b, id)
		b = append(b, ',')
		b = appendUnit(b, v)
		b = append(b, ']')
	})
	b = append(b, `],"del":[`...)
	n = 0
	for u := range m.units {
		if m.seen[u] {
			continue
		}
		m.dels = append(m.dels, u)
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
		m.reorder = append(m.reorder, key)
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
	b = append(b, `},"keys":[`...)
	for i, k := range m.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = String(b, k)
	}
	b = append(b, "]}"...)
	m.staged, m.stagedPos = true, snap.Step
	return b
}

// Commit records the staged changes: the page holds the staged snapshot.
func (m *Mirror) Commit() {
	if !m.staged {
		return
	}
	m.staged = false
	for _, s := range m.sets {
		m.units[s.u] = copyUnit(s.v)
	}
	for _, u := range m.dels {
		delete(m.units, u)
	}
	for _, key := range m.reorder {
		m.order[key] = append(m.order[key][:0], m.next[key]...)
	}
	for key := range m.order {
		if _, ok := m.next[key]; !ok || !contains(m.keys, key) {
			delete(m.order, key)
		}
	}
	m.pos = m.stagedPos
}

// Discard forgets the staged changes: the page holds what it held before.
func (m *Mirror) Discard() { m.staged = false }

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
	b = view(b, sess, page)
	page.Commit()
	return b
}

// StagedView is View without recording the step's changes in page: page.Commit records them
// (the page got this View), page.Discard forgets them. page must hold the snapshot before the
// session's position (the View of one step forwards), so that there is no base to record.
func StagedView(b []byte, sess *timeline.Session, page *Mirror) []byte {
	if page.Pos() != sess.Pos()-1 {
		panic("snapjson: StagedView of more than one step")
	}
	return view(b, sess, page)
}

func view(b []byte, sess *timeline.Session, page *Mirror) []byte {
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
	b = page.Stage(b, sess.Snapshot())
	msg := ""
	if err := sess.Err(); err != nil {
		msg = err.Error()
	}
	b = append(b, `,"message":`...)
	b = String(b, msg)
	return append(b, '}')
}
