package cprog

import (
	"strconv"
	"strings"
)

// Diagnostics are shared by both halves of C mode: the compiler makes them,
// and the runtime prints a program's warnings (they travel in its encoding).

// Diag is one compiler diagnostic, printed as gcc does:
// "server.c:12:5: error: ...".
type Diag struct {
	File      string
	Line, Col int
	Warning   bool
	Msg       string
}

func (d Diag) String() string {
	kind := "error"
	if d.Warning {
		kind = "warning"
	}
	if strings.HasPrefix(d.Msg, "fatal error: ") {
		return d.File + ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col) + ": " + d.Msg
	}
	return d.File + ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col) + ": " + kind + ": " + d.Msg
}

// CompileError is a program that did not compile: all its diagnostics.
type CompileError struct {
	Diags []Diag
	Src   string // the file's source, for the caret lines
}

// Error prints the diagnostics as gcc does, each with its source line and
// a caret under the column.
func (e *CompileError) Error() string {
	var b strings.Builder
	lines := strings.Split(e.Src, "\n")
	for i, d := range e.Diags {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
		if d.Line >= 1 && d.Line <= len(lines) && e.Src != "" {
			text := strings.TrimRight(lines[d.Line-1], "\r")
			num := strconv.Itoa(d.Line)
			pad := strings.Repeat(" ", max(5-len(num), 0))
			b.WriteString("\n" + pad + num + " | " + text + "\n" + strings.Repeat(" ", len(pad)+len(num)) + " | ")
			col := min(max(d.Col-1, 0), len(text))
			for _, c := range text[:col] {
				if c == '\t' {
					b.WriteByte('\t')
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteByte('^')
		}
	}
	return b.String()
}
