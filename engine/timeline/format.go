package timeline

import (
	"strconv"
	"strings"

	"socklab/engine"
)

// formatCall renders an evaluated call like strace: integer arguments that
// do not involve a variable are shown as written (AF_UNIX, SOCK_STREAM|
// SOCK_NONBLOCK, 0x10), the others by value; strings quoted with C escapes
// and cut at 32 bytes; fill(N) with N evaluated; sv by name.
func formatCall(fn *CallExpr, c *engine.Call) string {
	var b strings.Builder
	b.WriteString(c.Name)
	b.WriteByte('(')
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		var src Expr
		if fn != nil && i < len(fn.Args) {
			src = fn.Args[i]
		}
		b.WriteString(formatArg(src, a))
	}
	b.WriteByte(')')
	return b.String()
}

func formatArg(src Expr, a engine.Arg) string {
	switch a.Kind {
	case engine.ArgInt:
		if src != nil && isConstExpr(src) {
			return exprString(src)
		}
		return strconv.FormatInt(a.Int, 10)
	case engine.ArgBytes:
		if a.Bytes.Fill > 0 {
			return "fill(" + strconv.FormatInt(a.Bytes.Fill, 10) + ")"
		}
		return Quote(a.Bytes.Lit, 32)
	case engine.ArgNull:
		return "NULL"
	case engine.ArgSV:
		return a.Name
	case engine.ArgName:
		return Quote([]byte(a.Name), 0)
	case engine.ArgList:
		var lit *CompositeLit
		if x, ok := src.(*CompositeLit); ok && len(x.Elts) == len(a.List) {
			lit = x
		}
		var b strings.Builder
		b.WriteByte('{')
		for i, e := range a.List {
			if i > 0 {
				b.WriteString(", ")
			}
			var es Expr
			if lit != nil {
				es = lit.Elts[i]
			}
			b.WriteString(formatArg(es, e))
		}
		b.WriteByte('}')
		return b.String()
	}
	return "?"
}

// isConstExpr reports whether e involves no variable.
func isConstExpr(e Expr) bool {
	switch x := e.(type) {
	case *BasicLit:
		return true
	case *Ident:
		_, ok := engine.Constants[x.Name]
		return ok
	case *ParenExpr:
		return isConstExpr(x.X)
	case *UnaryExpr:
		return isConstExpr(x.X)
	case *BinaryExpr:
		return isConstExpr(x.X) && isConstExpr(x.Y)
	}
	return false
}

// exprString prints an expression in C syntax.
func exprString(e Expr) string {
	switch x := e.(type) {
	case *BasicLit:
		return x.Value
	case *Ident:
		return x.Name
	case *ParenExpr:
		return "(" + exprString(x.X) + ")"
	case *UnaryExpr:
		return "-" + exprString(x.X)
	case *BinaryExpr:
		return exprString(x.X) + x.Op.String() + exprString(x.Y)
	case *IndexExpr:
		return exprString(x.X) + "[" + exprString(x.Index) + "]"
	case *CompositeLit:
		elts := make([]string, len(x.Elts))
		for i, e := range x.Elts {
			elts[i] = exprString(e)
		}
		return "{" + strings.Join(elts, ", ") + "}"
	case *CallExpr:
		args := make([]string, len(x.Args))
		for i, a := range x.Args {
			args[i] = exprString(a)
		}
		return x.Fun.Name + "(" + strings.Join(args, ", ") + ")"
	}
	return "?"
}

// Quote renders bytes as a C string literal, cut after max bytes with "..."
// appended (max <= 0: no cut), as strace shows buffers.
func Quote(s []byte, max int) string {
	cut := max > 0 && len(s) > max
	if cut {
		s = s[:max]
	}
	var b strings.Builder
	b.WriteByte('"')
	for i, c := range s {
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c >= 0x7f {
				// \N for small values when no octal digit follows, else \xNN
				// (at most two hex digits, so nothing after it is absorbed)
				if c < 8 && (i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '7') {
					b.WriteString(`\` + strconv.Itoa(int(c)))
				} else {
					b.WriteString(`\x` + strconv.FormatUint(uint64(c)|0x100, 16)[1:])
				}
				continue
			}
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	if cut {
		b.WriteString("...")
	}
	return b.String()
}
