package timeline

import (
	"math"
	"socklab/engine/internal/sfmt"
	"strconv"
	"strings"
)

// parser parses one statement line at a time, in the style of go/parser:
// one token of lookahead, errors collected with positions. A syntax error
// abandons the rest of its line (bailout); literal errors (a bad escape, an
// integer that overflows) are reported and parsing goes on, so one line can
// carry several of them.
type parser struct {
	sc    scanner
	sink  *errorSink
	tok   Token
	pos   Pos
	lit   string
	call  string // name of the first call seen on the line (for BadStmt.Call)
	first *Error // first error on the line, kept even when the sink is full
	errf  func(Pos, string)
	depth int // expression nesting at the current token (see nest)
}

// MaxNesting bounds how deeply expressions may nest: parentheses, calls,
// indexing, unary minus and chained binary operators each count one level
// (a chain "a|b|c" is a tree as deep as its operators). Deeper input is a
// parse error, so that parsing, checking and evaluating stay in a small,
// constant stack whatever the input (1 MB of '(' is one error, not a crash).
const MaxNesting = 1000

// nest enters one more level of nesting at pos; the caller undoes it with
// p.depth -= n when it leaves.
func (p *parser) nest(pos Pos, n int) {
	p.depth += n
	if p.depth > MaxNesting {
		p.fail(pos, "expression nested too deeply (more than "+strconv.Itoa(MaxNesting)+" levels)")
	}
}

// bailout abandons the current line after a syntax error.
type bailout struct{}

func (p *parser) next() {
	p.tok, p.pos, p.lit = p.sc.next()
	if p.tok == ILLEGAL {
		panic(bailout{}) // the scanner has reported it
	}
}

func (p *parser) error(pos Pos, msg string) {
	if p.first == nil {
		p.first = &Error{Line: pos.Line, Col: pos.Col, Msg: msg}
	}
	p.sink.add(pos, msg)
}

func (p *parser) fail(pos Pos, msg string) {
	p.error(pos, msg)
	panic(bailout{})
}

// found describes the current token for "expected X, found Y".
func (p *parser) found() string {
	switch p.tok {
	case EOL:
		return "newline"
	case IDENT, INT, STRING:
		if len(p.lit) > 24 {
			return p.lit[:21] + "..."
		}
		return p.lit
	}
	return "'" + p.tok.String() + "'"
}

func (p *parser) errorExpected(what string) { p.fail(p.pos, "expected "+what+", found "+p.found()) }

func (p *parser) expect(tok Token) Pos {
	pos := p.pos
	if p.tok != tok {
		p.errorExpected("'" + tok.String() + "'")
	}
	p.next()
	return pos
}

// parseLine parses the statement on src[start:end] (one line, no '\n').
func (p *parser) parseLine(src string, start, end, line, number int, sink *errorSink) (st *ProcStmt) {
	p.sink, p.call, p.first, p.depth = sink, "", nil, 0
	if p.errf == nil {
		p.errf = p.error
	}
	p.sc.init(src, start, end, line, p.errf)
	st = &ProcStmt{Number: number}
	from := Pos{Offset: start, Line: line, Col: 1}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			st.Stmt = &BadStmt{From: from, To: p.endOfLine(), Call: p.call}
			st.EndPos = st.Stmt.End()
		}
	}()
	p.next()
	if p.tok != IDENT {
		p.errorExpected("process name")
	}
	name := &Ident{NamePos: p.pos, Name: p.lit}
	p.next()
	if p.tok != COLON {
		if p.tok == LPAREN {
			p.fail(name.NamePos, sfmt.Sprintf("missing process name: write it before the call, as in \"server: %s(...)\"", clip(name.Name)))
		}
		p.fail(p.pos, sfmt.Sprintf("expected ':' after process name %s, found %s", clip(name.Name), p.found()))
	}
	st.Proc, st.Colon = name, p.pos
	p.next()
	x := p.parseExpr()
	if p.tok == ASSIGN {
		tokPos := p.pos
		p.next()
		st.Stmt = &AssignStmt{Lhs: x, TokPos: tokPos, Rhs: p.parseExpr()}
	} else {
		st.Stmt = &ExprStmt{X: x}
	}
	st.EndPos = st.Stmt.End()
	if p.tok == SEMICOLON {
		st.Semi = p.pos
		st.EndPos = after(p.pos, ";")
		p.next()
	}
	if p.tok != EOL {
		p.errorExpected("newline after statement")
	}
	if p.first != nil { // a literal error: the statement must not run
		st.Stmt = &BadStmt{From: from, To: st.EndPos, Call: p.call}
	}
	return st
}

// endOfLine is the position where the current line's statement text ends:
// before a trailing comment ('#' outside a string) and trailing blanks.
func (p *parser) endOfLine() Pos {
	src, start, end := p.sc.src, p.sc.lineStart, p.sc.end
	stop, inString := end, false
	for i := start; i < end; i++ {
		c := src[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && c == '#':
			stop = i
			i = end
		}
	}
	for stop > start && strings.IndexByte(" \t\r\v\f", src[stop-1]) >= 0 {
		stop--
	}
	return after(Pos{Offset: start, Line: p.sc.line, Col: 1}, src[start:stop])
}

func (p *parser) parseExpr() Expr { return p.parseOr() }

func (p *parser) parseOr() Expr {
	x := p.parseShift()
	n := 0
	for p.tok == OR {
		pos := p.pos
		p.nest(pos, 1)
		n++
		p.next()
		x = &BinaryExpr{X: x, OpPos: pos, Op: OR, Y: p.parseShift()}
	}
	p.depth -= n
	return x
}

func (p *parser) parseShift() Expr {
	x := p.parseUnary(false)
	n := 0
	for p.tok == SHL {
		pos := p.pos
		p.nest(pos, 1)
		n++
		p.next()
		x = &BinaryExpr{X: x, OpPos: pos, Op: SHL, Y: p.parseUnary(false)}
	}
	p.depth -= n
	return x
}

// parseUnary parses "-x". negated says the operand is directly negated, so
// the literal 9223372036854775808 (1<<63) is allowed: -9223372036854775808
// is the smallest int64.
func (p *parser) parseUnary(negated bool) Expr {
	if p.tok == SUB {
		pos := p.pos
		p.nest(pos, 1)
		defer func() { p.depth-- }()
		p.next()
		return &UnaryExpr{OpPos: pos, Op: SUB, X: p.parseUnary(true)}
	}
	return p.parsePostfix(negated)
}

func (p *parser) parsePostfix(negated bool) Expr {
	x := p.parsePrimary(negated)
	chained := 0
	defer func() { p.depth -= chained }()
	for {
		switch p.tok {
		case LPAREN:
			fn, ok := x.(*Ident)
			if !ok {
				p.fail(p.pos, "only a name can be called")
			}
			if p.call == "" {
				p.call = fn.Name
			}
			x = p.parseCall(fn)
		case LBRACK:
			lbrack := p.pos
			p.nest(lbrack, 1) // a chain a[i][j]... is a tree as deep as it is long
			chained++
			p.next()
			index := p.parseExpr()
			rbrack := p.expect(RBRACK)
			x = &IndexExpr{X: x, Lbrack: lbrack, Index: index, Rbrack: rbrack}
		default:
			return x
		}
	}
}

func (p *parser) parseCall(fn *Ident) *CallExpr {
	c := &CallExpr{Fun: fn, Lparen: p.pos}
	p.nest(p.pos, 1)
	defer func() { p.depth-- }()
	p.next()
	for p.tok != RPAREN {
		c.Args = append(c.Args, p.parseExpr())
		if p.tok == COMMA {
			p.next()
			if p.tok == RPAREN {
				p.errorExpected("argument")
			}
			continue
		}
		if p.tok != RPAREN {
			if p.tok == EOL {
				p.errorExpected("')'")
			}
			p.errorExpected("',' or ')'")
		}
	}
	c.Rparen = p.pos
	p.next()
	return c
}

// parseBraceList parses {a, b, {c, d}} (or {}, or with a trailing comma as C
// allows). Where a brace list is
// allowed is the checker's business (a parameter of kind PList).
func (p *parser) parseBraceList() *CompositeLit {
	x := &CompositeLit{Lbrace: p.pos}
	p.nest(p.pos, 1)
	defer func() { p.depth-- }()
	p.next()
	for p.tok != RBRACE {
		x.Elts = append(x.Elts, p.parseExpr())
		if p.tok == COMMA {
			p.next() // C allows a trailing comma: {1, 2,}
			continue
		}
		if p.tok != RBRACE {
			if p.tok == EOL {
				p.errorExpected("'}'")
			}
			p.errorExpected("',' or '}'")
		}
	}
	x.Rbrace = p.pos
	p.next()
	return x
}

func (p *parser) parsePrimary(negated bool) Expr {
	pos, lit := p.pos, p.lit
	switch p.tok {
	case IDENT:
		p.next()
		return &Ident{NamePos: pos, Name: lit}
	case INT:
		v, msg := parseIntLit(lit)
		if msg != "" {
			p.error(pos, msg)
		} else if v > math.MaxInt64 && !(negated && v == 1<<63) {
			p.error(pos, sfmt.Sprintf("integer constant %s overflows int64", clip(lit)))
		}
		p.next()
		return &BasicLit{ValuePos: pos, Kind: INT, Value: lit, Int: v}
	case STRING:
		b := unquote(lit, pos, p.error)
		p.next()
		return &BasicLit{ValuePos: pos, Kind: STRING, Value: lit, Bytes: b}
	case LPAREN:
		p.nest(pos, 1)
		p.next()
		x := p.parseExpr()
		rparen := p.expect(RPAREN)
		p.depth--
		return &ParenExpr{Lparen: pos, X: x, Rparen: rparen}
	case LBRACE:
		return p.parseBraceList()
	}
	p.errorExpected("expression")
	return nil
}

// lines walks the statements of src: every line that is not blank and does
// not start with '#' (after blanks) is one statement.
type lines struct {
	src  string
	off  int // start of the next line
	line int // number of the next line
	num  int // statements seen
}

// next returns the next statement line's bounds; ok is false at the end.
func (l *lines) next() (start, end, line, number int, ok bool) {
	for l.off < len(l.src) {
		start = l.off
		end = strings.IndexByte(l.src[start:], '\n')
		if end < 0 {
			end = len(l.src)
			l.off = end
		} else {
			end += start
			l.off = end + 1
		}
		l.line++
		i := start
		for i < end && (l.src[i] == ' ' || l.src[i] == '\t' || l.src[i] == '\r' || l.src[i] == '\v' || l.src[i] == '\f') {
			i++
		}
		if i == end || l.src[i] == '#' {
			continue
		}
		l.num++
		return start, end, l.line, l.num, true
	}
	return 0, 0, 0, 0, false
}

// Parse parses a whole timeline. Every statement is in the File, including
// lines that did not parse (as *BadStmt), so numbering matches execution.
// The errors are syntax errors and literal errors with line:column; the
// static checks against the syscall table are in Check.
func Parse(src string) (*File, ErrorList) {
	f := &File{}
	var sink errorSink
	var p parser
	l := lines{src: src}
	for {
		start, end, line, num, ok := l.next()
		if !ok {
			break
		}
		f.Stmts = append(f.Stmts, p.parseLine(src, start, end, line, num, &sink))
	}
	return f, sink.list
}
