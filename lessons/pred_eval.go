package lessons

import (
	"strconv"
	"strings"

	"socklab/engine"
)

// Evaluation of goals over a World: the events emitted so far and the
// snapshot after the step being checked. A World belongs to a Trace (one run
// of a timeline), which supplies earlier worlds for ever(...) and at(N, ...).

// val is a goal-language value: a number, a string, a list, or nothing (an
// aggregate over no rows, e.g. max over an empty set).
type val struct {
	kind byte // 'n' number, 's' string, 'l' list, 0 none
	n    int64
	s    string
	l    []any
}

func numVal(n int64) val  { return val{kind: 'n', n: n} }
func strVal(s string) val { return val{kind: 's', s: s} }

// String renders a value the way a learner would type it.
func (v val) String() string {
	switch v.kind {
	case 'n':
		return strconv.FormatInt(v.n, 10)
	case 's':
		return v.s
	case 'l':
		parts := make([]string, len(v.l))
		for i, e := range v.l {
			parts[i] = fromAny(e).String()
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return "none"
}

// fromAny converts a decoded JSON value.
func fromAny(x any) val {
	switch x := x.(type) {
	case float64:
		return numVal(int64(x))
	case string:
		return strVal(x)
	case bool:
		return strVal(strconv.FormatBool(x))
	case []any:
		return val{kind: 'l', l: x}
	case nil:
		return val{kind: 'z'} // a field left out (omitempty): the zero of whatever it is compared with
	}
	return val{}
}

// lookup walks a dotted path through nested objects.
func (r row) lookup(path string) val {
	var cur any = map[string]any(r)
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return val{kind: 'z'}
		}
		cur = m[part]
	}
	return fromAny(cur)
}

// compare applies op to a and b. A left-out field ('z') is 0 or "" to match
// b; comparing with "none" is false; lists compare by nothing but has/len.
func compare(a val, op string, b val) bool {
	if a.kind == 'z' {
		a = zeroLike(b)
	}
	if b.kind == 'z' {
		b = zeroLike(a)
	}
	if a.kind == 0 || b.kind == 0 || a.kind == 'l' || b.kind == 'l' {
		return false
	}
	if a.kind == 'n' && b.kind == 'n' {
		switch op {
		case "==":
			return a.n == b.n
		case "!=":
			return a.n != b.n
		case "<":
			return a.n < b.n
		case "<=":
			return a.n <= b.n
		case ">":
			return a.n > b.n
		case ">=":
			return a.n >= b.n
		}
		return false
	}
	as, bs := a.String(), b.String()
	switch op {
	case "==":
		return as == bs
	case "!=":
		return as != bs
	}
	if a.kind != b.kind {
		return false // "TCP_LISTEN" < 3 means nothing
	}
	switch op {
	case "<":
		return as < bs
	case "<=":
		return as <= bs
	case ">":
		return as > bs
	case ">=":
		return as >= bs
	}
	return false
}

func zeroLike(v val) val {
	switch v.kind {
	case 'n':
		return numVal(0)
	case 'l':
		return val{kind: 'l'}
	}
	return strVal("")
}

// cond is a row condition: a test (field op lit) or &&, ||, ! of kids. The
// zero cond matches every row.
type cond struct {
	op    string // "&&", "||", "!", a comparison, "has", or "" (always true)
	kids  []*cond
	field string
	isLen bool
	lit   val
}

func (c *cond) match(r row) bool {
	switch c.op {
	case "":
		return true
	case "&&":
		return c.kids[0].match(r) && c.kids[1].match(r)
	case "||":
		return c.kids[0].match(r) || c.kids[1].match(r)
	case "!":
		return !c.kids[0].match(r)
	}
	v := r.lookup(c.field)
	if c.isLen {
		n := 0
		switch v.kind {
		case 'l':
			n = len(v.l)
		case 's':
			n = len(v.s)
		}
		return compare(numVal(int64(n)), c.op, c.lit)
	}
	if c.op == "has" {
		for _, e := range v.l {
			if compare(fromAny(e), "==", c.lit) {
				return true
			}
		}
		return false
	}
	return compare(v, c.op, c.lit)
}

// goalNode and valueNode are the parsed forms.
type goalNode interface {
	eval(w *World) bool
}

type valueNode interface {
	value(w *World) val
}

type orNode struct{ l, r goalNode }
type andNode struct{ l, r goalNode }
type notNode struct{ g goalNode }
type everNode struct{ g goalNode }
type atNode struct {
	step int
	g    goalNode
}
type cmpNode struct {
	l  valueNode
	op string
	r  valueNode
}

// eventNode holds when events matching pats[0], pats[1], ... occur in that
// order (a subsequence of the events so far; earliest-match is optimal).
type eventNode struct{ pats []*cond }

func (n orNode) eval(w *World) bool  { return n.l.eval(w) || n.r.eval(w) }
func (n andNode) eval(w *World) bool { return n.l.eval(w) && n.r.eval(w) }
func (n notNode) eval(w *World) bool { return !n.g.eval(w) }
func (n cmpNode) eval(w *World) bool { return compare(n.l.value(w), n.op, n.r.value(w)) }

func (n everNode) eval(w *World) bool {
	for k := 0; k <= w.Step; k++ {
		if n.g.eval(w.trace.World(k)) {
			return true
		}
	}
	return false
}

func (n atNode) eval(w *World) bool {
	if n.step > w.Step {
		return false // not there yet
	}
	return n.g.eval(w.trace.World(n.step))
}

func (n eventNode) eval(w *World) bool {
	i := 0
	for _, r := range w.rows("events") {
		if i < len(n.pats) && n.pats[i].match(r) {
			i++
		}
	}
	return i == len(n.pats)
}

type litNode struct{ v val }

func (n litNode) value(*World) val { return n.v }

type aggNode struct {
	fn, coll, field string
	where           *cond
}

func (n aggNode) value(w *World) val {
	count, have := int64(0), false
	var acc val
	for _, r := range w.rows(n.coll) {
		if !n.where.match(r) {
			continue
		}
		count++
		if n.fn == "count" {
			continue
		}
		v := r.lookup(n.field)
		if v.kind == 'z' {
			v = numVal(0)
		}
		switch n.fn {
		case "first":
			if !have {
				acc, have = v, true
			}
		case "last":
			acc, have = v, true
		case "sum":
			if v.kind == 'n' {
				acc, have = numVal(acc.n+v.n), true
			}
		case "min", "max":
			if v.kind == 'n' && (!have || (n.fn == "min") == (v.n < acc.n)) {
				acc, have = v, true
			}
		}
	}
	switch {
	case n.fn == "count":
		return numVal(count)
	case n.fn == "sum" && !have:
		return numVal(0)
	case !have:
		return val{} // none
	}
	return acc
}

// World is what a goal sees: the events emitted by the end of step Step and
// the kernel snapshot at that point.
type World struct {
	Step   int
	Events []engine.Event
	Snap   *engine.Snapshot
	trace  *Trace
	cache  map[string][]row
}

func (w *World) rows(coll string) []row {
	if w.cache == nil {
		c, err := snapshotRows(w.Snap)
		if err != nil {
			c = map[string][]row{}
		}
		c["events"] = eventRows(w.Events)
		w.cache = c
	}
	return w.cache[coll]
}

// Holds reports whether goal g holds in w.
func (g *Goal) Holds(w *World) bool { return g.root.eval(w) }

// Value evaluates v in w; the result is printed as a learner would type it
// ("4", "EAGAIN", "none").
func (v *ValueExpr) Value(w *World) string { return v.root.value(w).String() }

// EventsOnly reports whether the goal reads nothing but events, so it can be
// evaluated on a run whose kernel state cannot be observed (the host kernel
// in the differential test).
func (g *Goal) EventsOnly() bool { return goalEventsOnly(g.root) }

// EventsOnly reports whether the value expression reads nothing but events.
func (v *ValueExpr) EventsOnly() bool { return valueEventsOnly(v.root) }

func goalEventsOnly(n goalNode) bool {
	switch n := n.(type) {
	case orNode:
		return goalEventsOnly(n.l) && goalEventsOnly(n.r)
	case andNode:
		return goalEventsOnly(n.l) && goalEventsOnly(n.r)
	case notNode:
		return goalEventsOnly(n.g)
	case everNode:
		return goalEventsOnly(n.g)
	case atNode:
		return goalEventsOnly(n.g)
	case cmpNode:
		return valueEventsOnly(n.l) && valueEventsOnly(n.r)
	case eventNode:
		return true
	}
	return false
}

func valueEventsOnly(n valueNode) bool {
	switch n := n.(type) {
	case litNode:
		return true
	case aggNode:
		return n.coll == "events"
	}
	return false
}
