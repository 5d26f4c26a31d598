package timeline

import (
	"socklab/engine/internal/sfmt"
	"strings"

	"socklab/engine"
)

// value is a process variable: an int, or an int[2] (socketpair's sv).
type value struct {
	arr bool
	v   [2]int64
}

// evalArgs evaluates the call's arguments in process p's variables. The
// kinds were checked by compile; what can still fail is dynamic: undefined
// variables, sv misuse, shift overflow, a negative fill length.
func (s *state) evalArgs(in *instr, p *proc) ([]engine.Arg, *Error) {
	n := len(in.fn.Args)
	args := make([]engine.Arg, n)
	for i, a := range in.fn.Args {
		switch kind := in.sig.ParamAt(i, n); kind {
		case engine.PList, engine.PIntOrList, engine.PIntOrNull:
			if x, ok := a.(*CompositeLit); ok {
				l, err := s.evalList(x, p)
				if err != nil {
					return nil, err
				}
				args[i] = l
				continue
			}
			if x, ok := a.(*Ident); ok && x.Name == "NULL" && kind != engine.PIntOrList {
				args[i] = engine.Arg{Kind: engine.ArgNull}
				continue
			}
			v, err := s.evalInt(a, p)
			if err != nil {
				return nil, err
			}
			args[i] = engine.Arg{Kind: engine.ArgInt, Int: v}
		case engine.PName:
			args[i] = engine.Arg{Kind: engine.ArgName, Name: in.name}
		case engine.PInt:
			v, err := s.evalInt(a, p)
			if err != nil {
				return nil, err
			}
			args[i] = engine.Arg{Kind: engine.ArgInt, Int: v}
		case engine.PBuf:
			if lit, ok := a.(*BasicLit); ok {
				args[i] = engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: lit.Bytes}}
				continue
			}
			fill := a.(*CallExpr)
			n, err := s.evalInt(fill.Args[0], p)
			if err != nil {
				return nil, err
			}
			if n < 0 {
				return nil, errAt(fill.Args[0].Pos(), "fill(%d): the length must not be negative", n)
			}
			args[i] = engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Fill: n}}
		case engine.PAddr:
			if lit, ok := a.(*BasicLit); ok {
				args[i] = engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: lit.Bytes}}
			} else {
				args[i] = engine.Arg{Kind: engine.ArgNull}
			}
		case engine.PSV:
			args[i] = engine.Arg{Kind: engine.ArgSV, Name: a.(*Ident).Name}
		}
	}
	return args, nil
}

// evalList evaluates a brace list into an ArgList ({} is an empty, non-nil
// List).
func (s *state) evalList(x *CompositeLit, p *proc) (engine.Arg, *Error) {
	out := engine.Arg{Kind: engine.ArgList, List: make([]engine.Arg, len(x.Elts))}
	for i, e := range x.Elts {
		if y, ok := e.(*CompositeLit); ok {
			l, err := s.evalList(y, p)
			if err != nil {
				return engine.Arg{}, err
			}
			out.List[i] = l
			continue
		}
		v, err := s.evalInt(e, p)
		if err != nil {
			return engine.Arg{}, err
		}
		out.List[i] = engine.Arg{Kind: engine.ArgInt, Int: v}
	}
	return out, nil
}

// evalInt evaluates an integer expression with int64 arithmetic.
func (s *state) evalInt(e Expr, p *proc) (int64, *Error) {
	switch x := e.(type) {
	case *BasicLit:
		return int64(x.Int), nil // 1<<63 only appears negated (parser)
	case *Ident:
		if c, ok := engine.Constants[x.Name]; ok {
			return c, nil
		}
		v, ok := p.vars[x.Name]
		if !ok {
			return 0, s.undefined(x, p)
		}
		if v.arr {
			return 0, errAt(x.NamePos, "%s is an int[2]: use %s[0] or %s[1]", clip(x.Name), clip(x.Name), clip(x.Name))
		}
		return v.v[0], nil
	case *ParenExpr:
		return s.evalInt(x.X, p)
	case *UnaryExpr:
		v, err := s.evalInt(x.X, p)
		return -v, err
	case *BinaryExpr:
		a, err := s.evalInt(x.X, p)
		if err != nil {
			return 0, err
		}
		b, err := s.evalInt(x.Y, p)
		if err != nil {
			return 0, err
		}
		if x.Op == OR {
			return a | b, nil
		}
		if b < 0 || b > 63 {
			return 0, errAt(x.OpPos, "shift count %d is out of range (0 to 63)", b)
		}
		if r := a << b; r>>b == a { // arithmetic shift: undoes a shift that lost no bits
			return r, nil
		}
		return 0, errAt(x.OpPos, "%d << %d overflows int64", a, b)
	case *IndexExpr:
		id := x.X.(*Ident) // compile checked
		i, err := s.evalInt(x.Index, p)
		if err != nil {
			return 0, err
		}
		v, ok := p.vars[id.Name]
		if !ok {
			return 0, s.undefined(id, p)
		}
		if !v.arr {
			return 0, errAt(x.Lbrack, "%s is an int, not an array: it cannot be indexed", clip(id.Name))
		}
		if i < 0 || i > 1 {
			return 0, errAt(x.Index.Pos(), "index %d is out of range for %s (int[2]: 0 or 1)", i, clip(id.Name))
		}
		return v.v[i], nil
	}
	return 0, errAt(e.Pos(), "not an integer expression") // compile rejects these
}

// undefined builds the "undefined variable" error with a hint: a close
// constant name, or the process that does have the variable.
func (s *state) undefined(x *Ident, p *proc) *Error {
	msg := "undefined variable " + clip(x.Name)
	if c := suggestConstant(x.Name); c != "" {
		msg += sfmt.Sprintf(" (did you mean the constant %s?)", c)
	} else {
		for _, q := range s.procs {
			if _, ok := q.vars[x.Name]; ok && q != p {
				msg += sfmt.Sprintf(" in %s (variables belong to one process; %s has %s)", clip(p.name), clip(q.name), clip(x.Name))
				break
			}
		}
	}
	return errAt(x.NamePos, "%s", msg)
}

// suggestConstant suggests a constant for a name that looks like one
// (upper case), so that a typo such as SOCK_STRAEM gets a hint; ordinary
// variable names are not compared (errors must stay cheap).
func suggestConstant(name string) string {
	if strings.ToUpper(name) != name {
		return ""
	}
	return suggest(name, constantNames)
}
