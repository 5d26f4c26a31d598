package timeline

import "socklab/engine/internal/sfmt"

// Token is a lexical token of the timeline language.
type Token uint8

// Tokens. EOL stands for the end of a line (a newline or the end of the file);
// comments are skipped by the scanner.
const (
	ILLEGAL Token = iota
	EOL
	IDENT     // fd
	INT       // 42, 0x2a, 052
	STRING    // "abc"
	LPAREN    // (
	RPAREN    // )
	LBRACK    // [
	RBRACK    // ]
	COMMA     // ,
	COLON     // :
	SEMICOLON // ;
	ASSIGN    // =
	OR        // |
	SHL       // <<
	SUB       // -
	LBRACE    // {
	RBRACE    // }
)

var tokenText = [...]string{
	ILLEGAL: "ILLEGAL", EOL: "newline", IDENT: "IDENT", INT: "INT", STRING: "STRING",
	LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", COMMA: ",", COLON: ":",
	SEMICOLON: ";", ASSIGN: "=", OR: "|", SHL: "<<", SUB: "-",
	LBRACE: "{", RBRACE: "}",
}

func (t Token) String() string {
	if int(t) < len(tokenText) {
		return tokenText[t]
	}
	return sfmt.Sprintf("token(%d)", int(t))
}

// Pos is a position in the source: byte offset, 1-based line, and 1-based
// column counted in characters (Unicode code points), which is what an
// editor shows.
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"col"`
}

// IsValid reports whether the position is set.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return sfmt.Sprintf("%d:%d", p.Line, p.Col) }
