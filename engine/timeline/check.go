package timeline

import (
	"socklab/engine/internal/sfmt"
	"sort"

	"socklab/engine"
)

// instr is a compiled statement: what the interpreter executes for one
// step. A statement with an error (syntax or static) compiles to an instr
// with err set, which the interpreter reports as an error event.
type instr struct {
	st     *ProcStmt // as parsed where first seen: positions may be those of another line with the same text
	proc   string
	call   string
	assign string // variable receiving the result, "" if none
	sv     string // socketpair's int[2] argument, "" if none
	name   string // fork's "name" argument, "" if none
	fn     *CallExpr
	sig    engine.Signature
	err    *Error
}

// compiler parses and compiles statement lines. Timelines repeat lines a
// lot (a ping-pong loop is four distinct lines), so compiled instructions
// are cached by their exact text: the same text compiles to the same
// instruction, with the same columns. Only the line number differs, and
// the interpreter takes that from the caller, never from a cached instr.
type compiler struct {
	p     parser
	cache map[string]*instr
}

const (
	maxCachedInstrs = 4096
	maxCachedLine   = 1024
)

// compileLine compiles the statement on src[start:end]. Its errors are not
// collected (the caller reports them as events).
func (c *compiler) compileLine(src string, start, end, line, num int) *instr {
	text := src[start:end]
	if in, ok := c.cache[text]; ok {
		return in
	}
	var sink errorSink
	st := c.p.parseLine(src, start, end, line, num, &sink)
	in := compile(st, c.p.first)
	if len(text) <= maxCachedLine {
		if c.cache == nil || len(c.cache) >= maxCachedInstrs {
			c.cache = make(map[string]*instr)
		}
		c.cache[text] = in
	}
	return in
}

// compile checks a parsed statement against the syscall table. first is the
// first parse error on its line (nil if it parsed).
func compile(st *ProcStmt, first *Error) *instr {
	in := &instr{st: st, proc: st.ProcName(), call: st.CallName()}
	if first != nil {
		in.err = first
		return in
	}
	if e := in.check(); e != nil {
		in.err = e
	}
	return in
}

func errAt(pos Pos, format string, args ...any) *Error {
	return &Error{Line: pos.Line, Col: pos.Col, Msg: sfmt.Sprintf(format, args...)}
}

// check is the static part of the language: the statement's shape, the
// call's name, its argument count and each argument's kind.
func (in *instr) check() *Error {
	var rhs Expr
	switch s := in.st.Stmt.(type) {
	case *BadStmt:
		return errAt(s.From, "malformed statement") // unreachable: parse errors come first
	case *ExprStmt:
		rhs = s.X
	case *AssignStmt:
		id, ok := s.Lhs.(*Ident)
		if !ok {
			return errAt(s.Lhs.Pos(), "only a variable name can receive a call's result, found %s", describe(s.Lhs))
		}
		if _, isConst := engine.Constants[id.Name]; isConst {
			return errAt(id.NamePos, "cannot assign to constant %s", id.Name)
		}
		in.assign, rhs = id.Name, s.Rhs
	}
	fn, ok := rhs.(*CallExpr)
	if !ok {
		return errAt(rhs.Pos(), "expected a call such as socket(...), found %s", describe(rhs))
	}
	in.fn, in.call = fn, fn.Fun.Name
	if fn.Fun.Name == "fill" {
		return errAt(fn.Pos(), "fill(N) is a buffer argument, as in write(fd, fill(N)), not a call")
	}
	sig, ok := engine.Syscalls[fn.Fun.Name]
	if !ok {
		if s := suggest(fn.Fun.Name, callNames); s != "" {
			return errAt(fn.Pos(), "unknown call %s (did you mean %s?)", clip(fn.Fun.Name), s)
		}
		return errAt(fn.Pos(), "unknown call %s", clip(fn.Fun.Name))
	}
	in.sig = sig
	min, max := sig.Arity()
	n := len(fn.Args)
	if n < min || max >= 0 && n > max {
		pos := fn.Rparen
		if max >= 0 && n > max {
			pos = fn.Args[max].Pos()
		}
		return errAt(pos, "%s takes %s, got %d", fn.Fun.Name, plural(min, max), n)
	}
	for i, a := range fn.Args {
		kind := sig.ParamAt(i, n)
		if e := checkArg(fn.Fun.Name, i, a, kind); e != nil {
			return e
		}
		switch kind {
		case engine.PSV:
			in.sv = a.(*Ident).Name
		case engine.PName:
			in.name = string(a.(*BasicLit).Bytes)
		}
	}
	return nil
}

func plural(min, max int) string {
	switch {
	case max < 0 && min == 1:
		return "at least 1 argument"
	case max < 0:
		return sfmt.Sprintf("at least %d arguments", min)
	case min == max && max == 1:
		return "1 argument"
	case min == max:
		return sfmt.Sprintf("%d arguments", max)
	}
	return sfmt.Sprintf("%d or %d arguments", min, max)
}

// checkArg checks argument i of call against its parameter kind.
func checkArg(call string, i int, a Expr, kind engine.ParamKind) *Error {
	bad := func() *Error {
		return errAt(a.Pos(), "argument %d of %s must be %s, found %s", i+1, call, kind, describe(a))
	}
	switch kind {
	case engine.PInt:
		return checkInt(a, func() *Error { return bad() })
	case engine.PBuf:
		switch x := a.(type) {
		case *BasicLit:
			if x.Kind == STRING {
				return nil
			}
		case *CallExpr:
			if x.Fun.Name == "fill" {
				return checkFill(x)
			}
		}
		return bad()
	case engine.PAddr:
		switch x := a.(type) {
		case *BasicLit:
			if x.Kind == STRING {
				return nil
			}
		case *Ident:
			if x.Name == "NULL" {
				return nil
			}
		}
		return bad()
	case engine.PSV:
		if x, ok := a.(*Ident); ok {
			if _, isConst := engine.Constants[x.Name]; !isConst {
				return nil
			}
		}
		return bad()
	case engine.PList:
		if x, ok := a.(*Ident); ok && x.Name == "NULL" {
			return nil
		}
		if x, ok := a.(*CompositeLit); ok {
			return checkList(x)
		}
		return bad()
	case engine.PIntOrList:
		if x, ok := a.(*CompositeLit); ok {
			return checkList(x)
		}
		return checkInt(a, bad)
	case engine.PIntOrNull:
		return checkInt(a, bad) // NULL is an identifier: evalArgs turns it into ArgNull
	case engine.PName:
		if x, ok := a.(*BasicLit); ok && x.Kind == STRING {
			if !isProcName(x.Bytes) {
				return errAt(a.Pos(), "argument %d of %s must name a process, as in %s(\"worker\"): letters, digits and _, not starting with a digit", i+1, call, call)
			}
			return nil
		}
		return bad()
	}
	return bad()
}

// checkList checks a brace list's elements: integers or nested lists.
func checkList(x *CompositeLit) *Error {
	for _, e := range x.Elts {
		if y, ok := e.(*CompositeLit); ok {
			if err := checkList(y); err != nil {
				return err
			}
			continue
		}
		if err := checkInt(e, func() *Error {
			return errAt(e.Pos(), "an element of a brace list must be an integer or a brace list, found %s", describe(e))
		}); err != nil {
			return err
		}
	}
	return nil
}

// isProcName reports whether b is a process name: what the scanner takes as an
// identifier.
func isProcName(b []byte) bool {
	if len(b) == 0 || !isLetter(b[0]) {
		return false
	}
	for _, c := range b {
		if !isLetter(c) && !isDigit(c) {
			return false
		}
	}
	return true
}

func checkFill(x *CallExpr) *Error {
	if len(x.Args) != 1 {
		return errAt(x.Lparen, "fill takes 1 argument (the number of bytes), got %d", len(x.Args))
	}
	return checkInt(x.Args[0], func() *Error {
		return errAt(x.Args[0].Pos(), "the length in fill(N) must be an integer, found %s", describe(x.Args[0]))
	})
}

// checkInt checks that e is an integer expression; bad builds the error for
// e itself, and nested problems are reported where they are.
func checkInt(e Expr, bad func() *Error) *Error {
	switch x := e.(type) {
	case *Ident:
		return nil // a constant or a variable: resolved when it runs
	case *BasicLit:
		if x.Kind == INT {
			return nil
		}
	case *ParenExpr:
		return checkInt(x.X, bad)
	case *UnaryExpr:
		return checkInt(x.X, func() *Error {
			return errAt(x.X.Pos(), "operand of - must be an integer, found %s", describe(x.X))
		})
	case *BinaryExpr:
		operand := func(y Expr) func() *Error {
			return func() *Error {
				return errAt(y.Pos(), "operand of %s must be an integer, found %s", x.Op, describe(y))
			}
		}
		if err := checkInt(x.X, operand(x.X)); err != nil {
			return err
		}
		return checkInt(x.Y, operand(x.Y))
	case *IndexExpr:
		if _, ok := x.X.(*Ident); !ok {
			return errAt(x.X.Pos(), "only an array variable such as sv can be indexed, found %s", describe(x.X))
		}
		return checkInt(x.Index, func() *Error {
			return errAt(x.Index.Pos(), "an index must be an integer, found %s", describe(x.Index))
		})
	case *CallExpr:
		if x.Fun.Name != "fill" {
			return errAt(x.Pos(), "calls cannot be nested: give %s(...) its own statement and use its result variable", x.Fun.Name)
		}
	}
	return bad()
}

// describe names what an expression is, for "found ..." in messages.
func describe(e Expr) string {
	switch x := e.(type) {
	case *Ident:
		if x.Name == "NULL" {
			return "NULL"
		}
		if _, ok := engine.Constants[x.Name]; ok {
			return "the constant " + x.Name
		}
		return clip(x.Name)
	case *BasicLit:
		if x.Kind == STRING {
			return "a string"
		}
		return "an integer"
	case *CallExpr:
		if x.Fun.Name == "fill" {
			return "fill(N)"
		}
		return "a call to " + x.Fun.Name
	case *ParenExpr:
		return describe(x.X)
	case *CompositeLit:
		return "a brace list"
	}
	return "an integer expression"
}

var callNames = func() []string {
	names := make([]string, 0, len(engine.Syscalls))
	for n := range engine.Syscalls {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

var constantNames = func() []string {
	names := make([]string, 0, len(engine.Constants))
	for n := range engine.Constants {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// suggest returns the candidate closest to name within an edit distance of
// 2 (or 1 for short names), "" if none.
func suggest(name string, candidates []string) string {
	if len(name) > 64 {
		return ""
	}
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Check reports the static errors of a parsed file: statements that are not
// calls, unknown calls, wrong argument counts and kinds. Parse errors are
// not repeated (their statements are BadStmts).
func Check(f *File) ErrorList {
	var sink errorSink
	for _, st := range f.Stmts {
		if _, bad := st.Stmt.(*BadStmt); bad {
			continue
		}
		in := compile(st, nil)
		if in.err != nil {
			sink.add(Pos{Line: in.err.Line, Col: in.err.Col}, in.err.Msg)
		}
	}
	return sink.list
}
