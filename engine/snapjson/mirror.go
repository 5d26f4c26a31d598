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
// changed, and only that is encoded (the page's side: web/src/engine.js Mirror). Each key's
// units are kept in snapshot order, so that a new snapshot is matched against them in one walk
// (objects come in id order and few come or go in a step), with a map only when the walk loses
// its place.
type Mirror struct {
	pos  int // the position of that snapshot; -1: the page holds none
	held map[string]*keyUnits
	keys []string // the snapshot's keys, in order

	// The changes of the last stage, until Commit records them or Discard forgets them.
	staged    bool
	stagedPos int
	next      map[string]*keyUnits // each key's units in the staged snapshot
	nextKeys  []string
	dels      []unit
	reorder   []string // list keys whose order changed
	spare     []*keyUnits

	// The walk's place (Stage).
	key       string
	old, cur  *keyUnits
	at        int
	matched   []bool
	b         []byte
	sets      int
	listOrder bool
}

// keyUnits are one key's units in order: a list's objects (ids), or one unit with id "".
type keyUnits struct {
	list    bool
	ids     []string
	vals    []any
	changed []int          // staged: the units to copy at Commit (their values are the snapshot's)
	index   map[string]int // id -> place, built when a walk loses its place
}

// NewMirror is a Mirror of a page that holds nothing.
func NewMirror() *Mirror {
	return &Mirror{pos: -1, held: map[string]*keyUnits{}, next: map[string]*keyUnits{}}
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
	m.Discard()
	m.nextKeys, m.dels, m.reorder = m.nextKeys[:0], m.dels[:0], m.reorder[:0]
	m.key, m.cur = "", nil
	m.sets = 0
	m.b = append(b, `{"set":[`...)
	walkUnits(snap, m.unit)
	m.endKey()
	for _, key := range m.keys { // keys the new snapshot does not have (omitempty)
		if _, ok := m.next[key]; !ok {
			for _, id := range m.held[key].ids {
				m.dels = append(m.dels, unit{key, id})
			}
		}
	}
	b = append(m.b, `],"del":[`...)
	m.b = nil
	for i, u := range m.dels {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = String(b, u.key)
		b = append(b, ',')
		b = String(b, u.id)
		b = append(b, ']')
	}
	b = append(b, `],"order":{`...)
	for i, key := range m.reorder {
		if i > 0 {
			b = append(b, ',')
		}
		b = String(b, key)
		b = append(b, ":["...)
		for j, id := range m.next[key].ids {
			if j > 0 {
				b = append(b, ',')
			}
			b = String(b, id)
		}
		b = append(b, ']')
	}
	b = append(b, `},"keys":[`...)
	for i, k := range m.nextKeys {
		if i > 0 {
			b = append(b, ',')
		}
		b = String(b, k)
	}
	b = append(b, "]}"...)
	m.staged, m.stagedPos = true, snap.Step
	return b
}

// unit is walkUnits' callback: it matches one unit of the new snapshot with the held one.
func (m *Mirror) unit(key, id string, list bool, v any) {
	if m.cur == nil || key != m.key {
		m.endKey()
		m.key, m.old, m.at = key, m.held[key], 0
		m.cur = m.newKeyUnits(list)
		m.next[key] = m.cur
		m.nextKeys = append(m.nextKeys, key)
		m.matched = m.matched[:0]
		if m.old != nil {
			for range m.old.ids {
				m.matched = append(m.matched, false)
			}
		}
	}
	if v == nil { // an empty list
		return
	}
	j := -1
	if o := m.old; o != nil {
		if m.at < len(o.ids) && o.ids[m.at] == id {
			j = m.at
		} else {
			if o.index == nil {
				o.index = make(map[string]int, len(o.ids))
				for i, x := range o.ids {
					o.index[x] = i
				}
			}
			if i, ok := o.index[id]; ok {
				j = i
			}
		}
	}
	c := m.cur
	if j >= 0 {
		m.at = j + 1
		m.matched[j] = true
		if old := m.old.vals[j]; equalUnit(old, v) {
			c.ids, c.vals = append(c.ids, id), append(c.vals, old)
			return
		}
	}
	c.changed = append(c.changed, len(c.vals))
	c.ids, c.vals = append(c.ids, id), append(c.vals, v)
	if m.sets > 0 {
		m.b = append(m.b, ',')
	}
	m.sets++
	m.b = append(m.b, '[')
	m.b = String(m.b, key)
	m.b = append(m.b, ',')
	m.b = String(m.b, id)
	m.b = append(m.b, ',')
	m.b = appendUnit(m.b, v)
	m.b = append(m.b, ']')
}

// endKey ends the walk of a key: the held units it did not meet are gone, and a list's order is
// sent when it changed.
func (m *Mirror) endKey() {
	c, o := m.cur, m.old
	if c == nil {
		return
	}
	if o != nil {
		for j, ok := range m.matched {
			if !ok {
				m.dels = append(m.dels, unit{m.key, o.ids[j]})
			}
		}
	}
	if c.list && (o == nil || !equal(o.ids, c.ids)) {
		m.reorder = append(m.reorder, m.key)
	}
	m.cur, m.old = nil, nil
}

func (m *Mirror) newKeyUnits(list bool) *keyUnits {
	var k *keyUnits
	if n := len(m.spare); n > 0 {
		k, m.spare = m.spare[n-1], m.spare[:n-1]
		clear(k.vals)
		k.ids, k.vals, k.changed, k.index = k.ids[:0], k.vals[:0], k.changed[:0], nil
	} else {
		k = &keyUnits{}
	}
	k.list = list
	return k
}

// Commit records the staged changes: the page holds the staged snapshot.
func (m *Mirror) Commit() {
	if !m.staged {
		return
	}
	m.staged = false
	for _, key := range m.keys {
		m.spare = append(m.spare, m.held[key])
	}
	clear(m.held)
	for _, key := range m.nextKeys {
		k := m.next[key]
		for _, i := range k.changed {
			k.vals[i] = copyUnit(k.vals[i])
		}
		k.changed = k.changed[:0]
		m.held[key] = k
	}
	clear(m.next)
	m.keys = append(m.keys[:0], m.nextKeys...)
	m.pos = m.stagedPos
}

// Discard forgets the staged changes: the page holds what it held before.
func (m *Mirror) Discard() {
	for _, k := range m.next {
		m.spare = append(m.spare, k)
	}
	clear(m.next)
	m.staged = false
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
