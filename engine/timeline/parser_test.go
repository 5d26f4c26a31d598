package timeline

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstArg parses "p: f(<arg>)" and returns the argument.
func firstArg(t *testing.T, arg string) Expr {
	t.Helper()
	f, errs := Parse("p: f(" + arg + ")\n")
	require.Empty(t, errs, "%s", errs)
	require.Len(t, f.Stmts, 1)
	c := f.Stmts[0].Call()
	require.NotNil(t, c)
	require.Len(t, c.Args, 1)
	return c.Args[0]
}

func TestParseIntLiterals(t *testing.T) {
	tests := []struct {
		lit  string
		want uint64
	}{
		{"0", 0}, {"7", 7}, {"42", 42}, {"0x2a", 42}, {"0X2A", 42}, {"052", 42}, {"00", 0},
		{"0777", 511}, {"9223372036854775807", 1<<63 - 1}, {"0x7fffffffffffffff", 1<<63 - 1},
		{"10u", 10}, {"10UL", 10}, {"10ll", 10}, {"10LLU", 10}, {"0x10l", 16},
	}
	for _, tt := range tests {
		t.Run(tt.lit, func(t *testing.T) {
			lit, ok := firstArg(t, tt.lit).(*BasicLit)
			require.True(t, ok)
			assert.Equal(t, INT, lit.Kind)
			assert.Equal(t, tt.lit, lit.Value)
			assert.Equal(t, tt.want, lit.Int)
		})
	}
}

func TestParseStringLiterals(t *testing.T) {
	tests := []struct {
		lit  string
		want string
	}{
		{`""`, ""},
		{`"hello, server"`, "hello, server"},
		{`"a\nb\tc\rd"`, "a\nb\tc\rd"},
		{`"\\ \""`, `\ "`},
		{`"\0"`, "\x00"},
		{`"a\0b"`, "a\x00b"},
		{`"\x41\x4a\x4B"`, "AJK"},
		{`"\x414"`, "A4"}, // at most two hex digits
		{`"\x7"`, "\x07"},
		{`"\101\60\0601"`, "A001"},
		{`"\377"`, "\xff"},
		{`"\1234"`, "S4"}, // octal takes at most three digits
		{`"# not a comment"`, "# not a comment"},
		{`"é"`, "é"},
		{`"\a\b\f\v\'\?"`, "\a\b\f\v'?"},
		{`"@abstract"`, "@abstract"},
	}
	for _, tt := range tests {
		t.Run(tt.lit, func(t *testing.T) {
			lit, ok := firstArg(t, tt.lit).(*BasicLit)
			require.True(t, ok)
			assert.Equal(t, STRING, lit.Kind)
			assert.Equal(t, tt.want, string(lit.Bytes))
		})
	}
}

func TestParseExpressions(t *testing.T) {
	tests := []struct {
		arg  string
		want string
	}{
		{"AF_UNIX", "AF_UNIX"},
		{"SOCK_STREAM | SOCK_NONBLOCK|SOCK_CLOEXEC", "SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC"},
		{"-1", "-1"},
		{"- -1", "--1"},
		{"-9223372036854775808", "-9223372036854775808"},
		{"sv[0]", "sv[0]"},
		{"sv[ 1 ]", "sv[1]"},
		{"fill(100)", "fill(100)"},
		{"fill(1<<40)", "fill(1<<40)"},
		{"1 << 2 | 1", "1<<2|1"},
		{"(1 | 2)", "(1|2)"},
		{"NULL", "NULL"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			assert.Equal(t, tt.want, exprString(firstArg(t, tt.arg)))
		})
	}
	// precedence: << binds tighter than |
	x := firstArg(t, "1 | 1 << 3").(*BinaryExpr)
	assert.Equal(t, OR, x.Op)
	assert.Equal(t, SHL, x.Y.(*BinaryExpr).Op)
}

func TestParseStatements(t *testing.T) {
	src := "# comment\n\n  # indented comment\nserver: fd = socket(AF_UNIX, SOCK_STREAM, 0);  # trailing\r\n\tclient :close( 3 ) \nx: write(3, \"a#b\") # c \"quoted\"\n"
	f, errs := Parse(src)
	require.Empty(t, errs)
	require.Len(t, f.Stmts, 3)

	s := f.Stmts[0]
	assert.Equal(t, 1, s.Number)
	assert.Equal(t, "server", s.ProcName())
	assert.Equal(t, Pos{Offset: 32, Line: 4, Col: 1}, s.Proc.NamePos)
	as := s.Stmt.(*AssignStmt)
	assert.Equal(t, "fd", as.Lhs.(*Ident).Name)
	assert.Equal(t, 4, s.Semi.Line)
	assert.Equal(t, 45, s.Semi.Col)
	assert.Equal(t, 46, s.EndPos.Col)
	assert.Equal(t, "socket", s.CallName())
	c := s.Call()
	assert.Equal(t, Pos{Offset: 32 + 13, Line: 4, Col: 14}, c.Fun.NamePos)
	assert.Equal(t, 44, c.Rparen.Col)

	s = f.Stmts[1]
	assert.Equal(t, 2, s.Number)
	assert.Equal(t, "client", s.ProcName())
	assert.Equal(t, 5, s.Proc.NamePos.Line)
	assert.Equal(t, 2, s.Proc.NamePos.Col)
	_, isExpr := s.Stmt.(*ExprStmt)
	assert.True(t, isExpr)
	assert.Equal(t, 20, s.EndPos.Col)

	s = f.Stmts[2]
	assert.Equal(t, "a#b", string(s.Call().Args[1].(*BasicLit).Bytes))
}

func TestParseColumnsCountCharacters(t *testing.T) {
	_, errs := Parse("p: write(3, \"héllo\" x)\n")
	require.Len(t, errs, 1)
	assert.Equal(t, "line 1:21: expected ',' or ')', found x", errs[0].Error())
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"a: close(3\n", []string{"line 1:11: expected ')', found newline"}},
		{"a: close(3 # c\n", []string{"line 1:12: expected ')', found newline"}},
		{"a: close(3", []string{"line 1:11: expected ')', found newline"}},
		{"a close(3)\n", []string{"line 1:3: expected ':' after process name a, found close"}},
		{"close(3)\n", []string{`line 1:1: missing process name: write it before the call, as in "server: close(...)"`}},
		{"\n\n  3: close(3)\n", []string{"line 3:3: expected process name, found 3"}},
		{"a: close(3) close(4)\n", []string{"line 1:13: expected newline after statement, found close"}},
		{"a: close(3);;\n", []string{"line 1:13: expected newline after statement, found ';'"}},
		{"a: write(3, \"abc)\n", []string{"line 1:13: string literal not terminated"}},
		{"a: write(3, 'x')\n", []string{"line 1:13: character literals are not supported; use a string \"...\" or a number"}},
		{"a: close(3 $)\n", []string{"line 1:12: invalid character '$'"}},
		{"a: close(3 é)\n", []string{"line 1:12: invalid character U+00E9 'é'"}},
		{"a: close(\xff)\n", []string{"line 1:10: invalid UTF-8 byte 0xff"}},
		{"a: close(,)\n", []string{"line 1:10: expected expression, found ','"}},
		{"a: close(3,)\n", []string{"line 1:12: expected argument, found ')'"}},
		{"a: close(3 4)\n", []string{"line 1:12: expected ',' or ')', found 4"}},
		{"a: close(sv[0)\n", []string{"line 1:14: expected ']', found ')'"}},
		{"a: fd = \n", []string{"line 1:9: expected expression, found newline"}},
		{"a:\n", []string{"line 1:3: expected expression, found newline"}},
		{"a: 3(1)\n", []string{"line 1:5: only a name can be called"}},
		{"a: close(08)\n", []string{`line 1:10: invalid digit "8" in octal constant`}},
		{"a: close(0x)\n", []string{"line 1:10: invalid hexadecimal constant 0x: no digits after 0x"}},
		{"a: close(12abc)\n", []string{`line 1:10: invalid suffix "abc" on integer constant`}},
		{"a: close(1.5)\n", []string{"line 1:10: floating-point constant 1.5 is not supported (integers only)"}},
		{"a: close(18446744073709551616)\n", []string{"line 1:10: integer constant 18446744073709551616 is too large"}},
		{"a: close(0xffffffffffffffff)\n", []string{"line 1:10: integer constant 0xffffffffffffffff overflows int64"}},
		{"a: close(9223372036854775808)\n", []string{"line 1:10: integer constant 9223372036854775808 overflows int64"}},
		{`a: write(3, "\q")` + "\n", []string{`line 1:14: unknown escape sequence '\q'`}},
		{`a: write(3, "\x")` + "\n", []string{`line 1:14: \x used with no following hex digits`}},
		{`a: write(3, "\777")` + "\n", []string{`line 1:14: octal escape sequence \777 out of range`}},
		{`a: write(3, "é\q\z")` + "\n", []string{
			`line 1:15: unknown escape sequence '\q'`,
			`line 1:17: unknown escape sequence '\z'`,
		}},
		{`a: send(08, "\q", 09)` + "\n", []string{
			`line 1:9: invalid digit "8" in octal constant`,
			`line 1:14: unknown escape sequence '\q'`,
			`line 1:19: invalid digit "9" in octal constant`,
		}},
		{"a: close(\n b: close(\n", []string{
			"line 1:10: expected expression, found newline",
			"line 2:11: expected expression, found newline",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, errs := Parse(tt.src)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
			for _, s := range f.Stmts {
				_, bad := s.Stmt.(*BadStmt)
				assert.True(t, bad, "a statement with an error must be a BadStmt")
			}
		})
	}
}

func TestParseErrorCaps(t *testing.T) {
	line := `a: write(3, "` + strings.Repeat(`\q`, 50) + `")` + "\n"
	_, errs := Parse(line)
	assert.Len(t, errs, MaxErrorsPerLine)

	_, errs = Parse(strings.Repeat("a: close(\n", 500))
	require.Len(t, errs, MaxErrors+1)
	assert.Equal(t, "too many errors", errs[MaxErrors].Msg)
	assert.Equal(t, "line 1:10: expected expression, found newline (and 100 more errors)", errs.Error())
}

func TestParseBadStmtKeepsNames(t *testing.T) {
	f, _ := Parse("srv: conn = accept(fd   # c\n")
	require.Len(t, f.Stmts, 1)
	s := f.Stmts[0]
	assert.Equal(t, "srv", s.ProcName())
	assert.Equal(t, "accept", s.CallName())
	b := s.Stmt.(*BadStmt)
	assert.Equal(t, 1, b.From.Col)
	assert.Equal(t, 22, b.To.Col) // end of "accept(fd", before the blanks and comment
}

func TestCheck(t *testing.T) {
	f, errs := Parse("a: x = 5\na: sokcet(1, 2, 3)\na: bind(3, 5)\na: write(3, fill(1, 2))\na: write(3, fill(\"x\"))\na: socketpair(1, 1, 0, AF_UNIX)\na: close(1 | \"x\")\na: close(-\"x\")\na: close(sv[\"x\"])\na: close(3[0])\na: fill(3)\n")
	require.Empty(t, errs)
	var got []string
	for _, e := range Check(f) {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{
		"line 1:8: expected a call such as socket(...), found an integer",
		"line 2:4: unknown call sokcet (did you mean socket?)",
		"line 3:12: argument 2 of bind must be an address string or NULL, found an integer",
		"line 4:17: fill takes 1 argument (the number of bytes), got 2",
		"line 5:18: the length in fill(N) must be an integer, found a string",
		"line 6:24: argument 4 of socketpair must be a variable name, found the constant AF_UNIX",
		"line 7:14: operand of | must be an integer, found a string",
		"line 8:11: operand of - must be an integer, found a string",
		"line 9:13: an index must be an integer, found a string",
		"line 10:10: only an array variable such as sv can be indexed, found an integer",
		"line 11:4: fill(N) is a buffer argument, as in write(fd, fill(N)), not a call",
	}, got)
}

// TestParseNestingBound: nesting past MaxNesting is one parse error with its line, in a small
// stack, however deep the input goes (1 MB of '(' once crashed the runner with a Go stack
// overflow), while MaxNesting levels still parse.
func TestParseNestingBound(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20)) // a small stack suffices at any depth
	ok := "p: fill(" + strings.Repeat("(", MaxNesting-2) + "1" + strings.Repeat(")", MaxNesting-2) + ")\n"
	_, errs := Parse(ok)
	assert.Empty(t, errs)
	for name, deep := range map[string]string{
		"parens": strings.Repeat("(", 1<<20),
		"minus":  strings.Repeat("-", 1<<20) + "1",
		"or":     strings.Repeat("1|", 1<<19) + "1",
		"shift":  strings.Repeat("1<<", 1<<18) + "1",
		"index":  "sv" + strings.Repeat("[0]", 1<<18),
		"calls":  strings.Repeat("f(", 1<<19),
		"braces": strings.Repeat("{", 1<<19),
	} {
		t.Run(name, func(t *testing.T) {
			src := "p: socket(AF_UNIX, SOCK_STREAM, 0)\n\np: write(3, " + deep + ")\n"
			_, errs := Parse(src)
			require.Len(t, errs, 1, "%s", errs)
			assert.Equal(t, 3, errs[0].Line)
			assert.Contains(t, errs[0].Msg, "nested too deeply")
			evs, err := Run(newFake(), src, Options{})
			require.NoError(t, err)
			require.Len(t, evs, 2)
			assert.Equal(t, "error", evs[1].Kind)
			assert.Contains(t, evs[1].Message, "line 3")
		})
	}
}
