package timeline

// The syntax tree. Expressions and statements are shaped like C's (and named
// like go/ast's) so that the language can grow into whole C programs: a
// timeline statement is a labelled C expression statement whose label names
// the process.

// Node is any syntax tree node.
type Node interface {
	Pos() Pos // first character
	End() Pos // just after the last character
}

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement.
type Stmt interface {
	Node
	stmtNode()
}

type (
	// Ident is an identifier: a variable, a constant, a call name, a process.
	Ident struct {
		NamePos Pos
		Name    string
	}

	// BasicLit is an integer or string literal. Value is the source text;
	// Int (INT) and Bytes (STRING) are its decoded value. An INT holds the
	// magnitude: a negative number is a UnaryExpr with Op SUB.
	BasicLit struct {
		ValuePos Pos
		Kind     Token // INT or STRING
		Value    string
		Int      uint64
		Bytes    []byte
	}

	// CallExpr is fn(args).
	CallExpr struct {
		Fun    *Ident
		Lparen Pos
		Args   []Expr
		Rparen Pos
	}

	// IndexExpr is x[index], e.g. sv[0].
	IndexExpr struct {
		X      Expr
		Lbrack Pos
		Index  Expr
		Rbrack Pos
	}

	// BinaryExpr is x op y (OR, SHL).
	BinaryExpr struct {
		X     Expr
		OpPos Pos
		Op    Token
		Y     Expr
	}

	// UnaryExpr is op x (SUB).
	UnaryExpr struct {
		OpPos Pos
		Op    Token
		X     Expr
	}

	// CompositeLit is a brace list {a, b, {c, d}}: a C array or small
	// struct initializer (poll's {fd, events}, select's fd sets, a struct
	// linger). Elts are integer expressions or nested CompositeLits.
	CompositeLit struct {
		Lbrace Pos
		Elts   []Expr
		Rbrace Pos
	}

	// ParenExpr is (x).
	ParenExpr struct {
		Lparen Pos
		X      Expr
		Rparen Pos
	}
)

func (x *Ident) Pos() Pos        { return x.NamePos }
func (x *BasicLit) Pos() Pos     { return x.ValuePos }
func (x *CallExpr) Pos() Pos     { return x.Fun.Pos() }
func (x *IndexExpr) Pos() Pos    { return x.X.Pos() }
func (x *BinaryExpr) Pos() Pos   { return x.X.Pos() }
func (x *UnaryExpr) Pos() Pos    { return x.OpPos }
func (x *ParenExpr) Pos() Pos    { return x.Lparen }
func (x *CompositeLit) Pos() Pos { return x.Lbrace }

func (x *Ident) End() Pos        { return after(x.NamePos, x.Name) }
func (x *BasicLit) End() Pos     { return after(x.ValuePos, x.Value) }
func (x *CallExpr) End() Pos     { return after(x.Rparen, ")") }
func (x *IndexExpr) End() Pos    { return after(x.Rbrack, "]") }
func (x *BinaryExpr) End() Pos   { return x.Y.End() }
func (x *UnaryExpr) End() Pos    { return x.X.End() }
func (x *ParenExpr) End() Pos    { return after(x.Rparen, ")") }
func (x *CompositeLit) End() Pos { return after(x.Rbrace, "}") }

func (*Ident) exprNode()        {}
func (*BasicLit) exprNode()     {}
func (*CallExpr) exprNode()     {}
func (*IndexExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*UnaryExpr) exprNode()    {}
func (*ParenExpr) exprNode()    {}
func (*CompositeLit) exprNode() {}

// after is the position just after text that starts at p (text is on one line).
func after(p Pos, text string) Pos {
	n := 0
	for i := 0; i < len(text); i++ {
		if text[i]&0xC0 != 0x80 {
			n++
		}
	}
	return Pos{Offset: p.Offset + len(text), Line: p.Line, Col: p.Col + n}
}

type (
	// ExprStmt is a call whose result is not kept: close(fd).
	ExprStmt struct {
		X Expr
	}

	// AssignStmt is lhs = rhs: fd = socket(AF_UNIX, SOCK_STREAM, 0).
	AssignStmt struct {
		Lhs    Expr
		TokPos Pos
		Rhs    Expr
	}

	// BadStmt is a line that did not parse. Call is the call name if the
	// parser got that far (it names the call in the error event).
	BadStmt struct {
		From, To Pos
		Call     string
	}

	// ProcStmt is one timeline statement: proc: stmt. In C terms, a
	// labelled statement whose label names the process that runs it.
	ProcStmt struct {
		Number int    // statement number, 1-based among statements
		Proc   *Ident // nil if the line did not start with "name:"
		Colon  Pos
		Stmt   Stmt // *ExprStmt, *AssignStmt or *BadStmt
		Semi   Pos  // the optional ';' (invalid if absent)
		EndPos Pos  // end of the statement text (before any comment)
	}
)

func (s *ExprStmt) Pos() Pos   { return s.X.Pos() }
func (s *AssignStmt) Pos() Pos { return s.Lhs.Pos() }
func (s *BadStmt) Pos() Pos    { return s.From }
func (s *ProcStmt) Pos() Pos {
	if s.Proc != nil {
		return s.Proc.Pos()
	}
	return s.Stmt.Pos()
}

func (s *ExprStmt) End() Pos   { return s.X.End() }
func (s *AssignStmt) End() Pos { return s.Rhs.End() }
func (s *BadStmt) End() Pos    { return s.To }
func (s *ProcStmt) End() Pos   { return s.EndPos }

func (*ExprStmt) stmtNode()   {}
func (*AssignStmt) stmtNode() {}
func (*BadStmt) stmtNode()    {}
func (*ProcStmt) stmtNode()   {}

// Call returns the statement's call expression, or nil for a BadStmt or a
// statement that is not a call.
func (s *ProcStmt) Call() *CallExpr {
	switch st := s.Stmt.(type) {
	case *ExprStmt:
		c, _ := st.X.(*CallExpr)
		return c
	case *AssignStmt:
		c, _ := st.Rhs.(*CallExpr)
		return c
	}
	return nil
}

// CallName is the name of the statement's call ("" if unknown).
func (s *ProcStmt) CallName() string {
	if c := s.Call(); c != nil {
		return c.Fun.Name
	}
	if b, ok := s.Stmt.(*BadStmt); ok {
		return b.Call
	}
	return ""
}

// ProcName is the process name ("" if the line did not name one).
func (s *ProcStmt) ProcName() string {
	if s.Proc != nil {
		return s.Proc.Name
	}
	return ""
}

// File is a parsed timeline: every statement in order, including the ones
// that did not parse (as BadStmt), so statement numbers match execution.
type File struct {
	Stmts []*ProcStmt
}
