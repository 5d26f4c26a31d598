package lessons

import (
	"fmt"
	"strings"
)

// The goal language (documented in README.md, "Goals"). A goal is a boolean
// expression over a run of a timeline: the events it produced and the kernel
// snapshot after the step being checked.
//
//	goal    := or
//	or      := and { "||" and }
//	and     := unary { "&&" unary }
//	unary   := "!" unary | seq
//	seq     := primary { "then" primary }          (every part an event pattern)
//	primary := "(" or ")"
//	         | "event" "{" [cond] "}"                 some event matches cond
//	         | "ever" "(" or ")"                      true after some step so far
//	         | "at" "(" INT "," or ")"                true right after step INT
//	         | value cmpop value
//	value   := INT | STRING | IDENT                   (an IDENT here is a symbol: TCP_LISTEN)
//	         | "count" "(" COLL [ "where" cond ] ")"
//	         | ("sum"|"min"|"max"|"first"|"last") "(" COLL "." FIELD [ "where" cond ] ")"
//	cond    := cand { "||" cand }
//	cand    := cnot { ("&&" | ",") cnot }
//	cnot    := "!" cnot | "(" cond ")" | test
//	test    := FIELD cmpop lit | "len" "(" FIELD ")" cmpop lit | FIELD "has" lit
//	lit     := INT | STRING | IDENT
//	cmpop   := "==" | "=" | "!=" | "<" | "<=" | ">" | ">="
//
// Field names are checked against the collection when the goal is parsed, so
// a typo is a lesson-load error rather than a goal that silently never holds.

// Goal is a parsed goal expression.
type Goal struct {
	src  string
	root goalNode
}

// String returns the goal's source text.
func (g *Goal) String() string { return g.src }

// ValueExpr is a parsed value expression (a prediction's question).
type ValueExpr struct {
	src  string
	root valueNode
}

// String returns the expression's source text.
func (v *ValueExpr) String() string { return v.src }

// ParseGoal parses a goal expression.
func ParseGoal(src string) (*Goal, error) {
	p, err := newParser(src)
	if err != nil {
		return nil, err
	}
	n, err := p.parseOr(0)
	if err == nil {
		err = p.expectEOF()
	}
	if err != nil {
		return nil, err
	}
	return &Goal{src: src, root: n}, nil
}

// ParseValue parses a value expression, e.g. count(skbs where on_listener == 1).
func ParseValue(src string) (*ValueExpr, error) {
	p, err := newParser(src)
	if err != nil {
		return nil, err
	}
	n, err := p.parseValue()
	if err == nil {
		err = p.expectEOF()
	}
	if err != nil {
		return nil, err
	}
	return &ValueExpr{src: src, root: n}, nil
}

type parser struct {
	toks []token
	i    int
}

// maxDepth bounds nesting so "((((..." cannot exhaust the stack.
const maxDepth = 64

func newParser(src string) (*parser, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	return &parser{toks: toks}, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

// nextIsOp reports whether the token after the current one is operator s.
func (p *parser) nextIsOp(s string) bool {
	t := p.toks[min(p.i+1, len(p.toks)-1)]
	return t.kind == tOp && t.text == s
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) isOp(s string) bool { t := p.peek(); return t.kind == tOp && t.text == s }
func (p *parser) isWord(s string) bool {
	t := p.peek()
	return t.kind == tIdent && t.text == s
}

func (p *parser) errf(t token, format string, args ...any) error {
	return fmt.Errorf("col %d: %s", t.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) expectOp(s string) error {
	if t := p.next(); t.kind != tOp || t.text != s {
		return p.errf(t, "expected '%s', found %s", s, t)
	}
	return nil
}

func (p *parser) expectEOF() error {
	if t := p.peek(); t.kind != tEOF {
		return p.errf(t, "unexpected %s", t)
	}
	return nil
}

func (p *parser) parseOr(depth int) (goalNode, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "goal nested too deeply")
	}
	l, err := p.parseAnd(depth)
	for err == nil && p.isOp("||") {
		p.next()
		var r goalNode
		if r, err = p.parseAnd(depth); err == nil {
			l = orNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseAnd(depth int) (goalNode, error) {
	l, err := p.parseUnary(depth)
	for err == nil && p.isOp("&&") {
		p.next()
		var r goalNode
		if r, err = p.parseUnary(depth); err == nil {
			l = andNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseUnary(depth int) (goalNode, error) {
	if p.isOp("!") {
		if depth > maxDepth {
			return nil, p.errf(p.peek(), "goal nested too deeply")
		}
		p.next()
		n, err := p.parseUnary(depth + 1)
		return notNode{n}, err
	}
	return p.parseSeq(depth)
}

func (p *parser) parseSeq(depth int) (goalNode, error) {
	start := p.peek()
	first, err := p.parsePrimary(depth)
	if err != nil || !p.isWord("then") {
		return first, err
	}
	pats := []*cond{}
	ev, ok := first.(eventNode)
	if !ok {
		return nil, p.errf(start, "'then' joins event{...} patterns only")
	}
	pats = append(pats, ev.pats...)
	for p.isWord("then") {
		p.next()
		t := p.peek()
		n, err := p.parsePrimary(depth)
		if err != nil {
			return nil, err
		}
		ev, ok := n.(eventNode)
		if !ok {
			return nil, p.errf(t, "'then' joins event{...} patterns only")
		}
		pats = append(pats, ev.pats...)
	}
	return eventNode{pats}, nil
}

func (p *parser) parsePrimary(depth int) (goalNode, error) {
	t := p.peek()
	switch {
	case p.isOp("("):
		p.next()
		n, err := p.parseOr(depth + 1)
		if err == nil {
			err = p.expectOp(")")
		}
		return n, err
	case p.isWord("event") && p.nextIsOp("{"):
		p.next()
		p.next()
		c := &cond{}
		if !p.isOp("}") {
			var err error
			if c, err = p.parseCond("events", depth+1); err != nil {
				return nil, err
			}
		}
		return eventNode{[]*cond{c}}, p.expectOp("}")
	case p.isWord("ever") && p.nextIsOp("("):
		p.next()
		p.next()
		n, err := p.parseOr(depth + 1)
		if err == nil {
			err = p.expectOp(")")
		}
		return everNode{n}, err
	case p.isWord("at") && p.nextIsOp("("):
		p.next()
		p.next()
		st := p.next()
		if st.kind != tInt || st.num < 0 {
			return nil, p.errf(st, "at(...) needs a step number, found %s", st)
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
		n, err := p.parseOr(depth + 1)
		if err == nil {
			err = p.expectOp(")")
		}
		return atNode{int(st.num), n}, err
	}
	l, err := p.parseValue()
	if err != nil {
		return nil, err
	}
	op, err := p.parseCmpOp()
	if err != nil {
		return nil, err
	}
	r, err := p.parseValue()
	if err != nil {
		return nil, err
	}
	if _, lit := l.(litNode); lit {
		if _, lit := r.(litNode); lit {
			return nil, p.errf(t, "a comparison needs count(...), sum(...) or another aggregate on one side")
		}
	}
	return cmpNode{l, op, r}, nil
}

var cmpOps = map[string]string{"==": "==", "=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

func (p *parser) parseCmpOp() (string, error) {
	t := p.next()
	if op, ok := cmpOps[t.text]; ok && t.kind == tOp {
		return op, nil
	}
	return "", p.errf(t, "expected a comparison (==, !=, <, <=, >, >=), found %s", t)
}

var aggregates = map[string]bool{"count": true, "sum": true, "min": true, "max": true, "first": true, "last": true}

func (p *parser) parseValue() (valueNode, error) {
	t := p.next()
	switch t.kind {
	case tInt:
		return litNode{numVal(t.num)}, nil
	case tString:
		return litNode{strVal(t.text)}, nil
	case tIdent:
		if !aggregates[t.text] || !p.isOp("(") {
			return litNode{strVal(t.text)}, nil
		}
		p.next()
		return p.parseAggregate(t)
	}
	return nil, p.errf(t, "expected a value, found %s", t)
}

func (p *parser) parseAggregate(fn token) (valueNode, error) {
	ct := p.next()
	if ct.kind != tIdent {
		return nil, p.errf(ct, "expected a collection (%s), found %s", collectionNames(), ct)
	}
	coll, field := ct.text, ""
	if fn.text != "count" {
		var ok bool
		coll, field, ok = strings.Cut(ct.text, ".")
		if !ok {
			return nil, p.errf(ct, "%s(...) needs COLLECTION.FIELD, e.g. %s(socks.rq_len)", fn.text, fn.text)
		}
	}
	fields, ok := collections[coll]
	if !ok {
		return nil, p.errf(ct, "unknown collection %q (have %s)", coll, collectionNames())
	}
	if field != "" && !fields.has(field) {
		return nil, p.errf(ct, "%s has no field %q", coll, field)
	}
	n := aggNode{fn: fn.text, coll: coll, field: field, where: &cond{}}
	if p.isWord("where") {
		p.next()
		c, err := p.parseCond(coll, 1)
		if err != nil {
			return nil, err
		}
		n.where = c
	}
	return n, p.expectOp(")")
}

// parseCond parses a row condition over the fields of collection coll.
func (p *parser) parseCond(coll string, depth int) (*cond, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "condition nested too deeply")
	}
	l, err := p.parseCondAnd(coll, depth)
	for err == nil && p.isOp("||") {
		p.next()
		var r *cond
		if r, err = p.parseCondAnd(coll, depth); err == nil {
			l = &cond{op: "||", kids: []*cond{l, r}}
		}
	}
	return l, err
}

func (p *parser) parseCondAnd(coll string, depth int) (*cond, error) {
	l, err := p.parseCondNot(coll, depth)
	for err == nil && (p.isOp("&&") || p.isOp(",")) {
		p.next()
		var r *cond
		if r, err = p.parseCondNot(coll, depth); err == nil {
			l = &cond{op: "&&", kids: []*cond{l, r}}
		}
	}
	return l, err
}

func (p *parser) parseCondNot(coll string, depth int) (*cond, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "condition nested too deeply")
	}
	switch {
	case p.isOp("!"):
		p.next()
		c, err := p.parseCondNot(coll, depth+1)
		if err != nil {
			return nil, err
		}
		return &cond{op: "!", kids: []*cond{c}}, nil
	case p.isOp("("):
		p.next()
		c, err := p.parseCond(coll, depth+1)
		if err == nil {
			err = p.expectOp(")")
		}
		return c, err
	}
	return p.parseTest(coll)
}

func (p *parser) parseTest(coll string) (*cond, error) {
	t := p.next()
	if t.kind != tIdent {
		return nil, p.errf(t, "expected a field of %s, found %s", coll, t)
	}
	c := &cond{field: t.text}
	if t.text == "len" && p.isOp("(") {
		p.next()
		f := p.next()
		if f.kind != tIdent {
			return nil, p.errf(f, "expected a field name, found %s", f)
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		c.field, c.isLen, t = f.text, true, f
	}
	if !collections[coll].has(c.field) {
		return nil, p.errf(t, "%s has no field %q (fields: %s)", coll, c.field, collections[coll].list())
	}
	if !c.isLen && p.isWord("has") {
		p.next()
		c.op = "has"
	} else {
		op, err := p.parseCmpOp()
		if err != nil {
			return nil, err
		}
		c.op = op
	}
	lt := p.next()
	switch lt.kind {
	case tInt:
		c.lit = numVal(lt.num)
	case tString, tIdent:
		c.lit = strVal(lt.text)
	default:
		return nil, p.errf(lt, "expected a value after %s, found %s", c.op, lt)
	}
	return c, nil
}
