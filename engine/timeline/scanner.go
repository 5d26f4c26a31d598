package timeline

import (
	"socklab/engine/internal/sfmt"
	"unicode/utf8"
)

// scanner turns one source line into tokens, like go/scanner but a line at a
// time: a statement never spans lines, so the parser asks for the tokens of
// one line and EOL ends them. '#' starts a comment that runs to the end of
// the line, except inside a string literal.
type scanner struct {
	src       string
	lineStart int
	off       int // byte offset of the next unread byte
	end       int // end of the line (exclusive; the '\n' is not part of it)
	line      int
	col       int // column of src[off], in characters
	err       func(pos Pos, msg string)
}

func (s *scanner) init(src string, start, end, line int, err func(Pos, string)) {
	*s = scanner{src: src, lineStart: start, off: start, end: end, line: line, col: 1, err: err}
}

func (s *scanner) pos() Pos { return Pos{Offset: s.off, Line: s.line, Col: s.col} }

// advance moves over one byte; continuation bytes of a UTF-8 sequence do not
// start a new column.
func (s *scanner) advance() {
	s.off++
	if s.off >= s.end || s.src[s.off]&0xC0 != 0x80 {
		s.col++
	}
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// next returns the next token, its position and its source text.
func (s *scanner) next() (tok Token, pos Pos, lit string) {
	for s.off < s.end {
		if c := s.src[s.off]; c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' {
			s.advance()
			continue
		}
		break
	}
	pos = s.pos()
	if s.off >= s.end || s.src[s.off] == '#' {
		return EOL, pos, "" // a comment runs to the end of the line
	}
	start := s.off
	c := s.src[s.off]
	switch {
	case isLetter(c):
		for s.off < s.end && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
			s.advance()
		}
		return IDENT, pos, s.src[start:s.off]
	case isDigit(c):
		// A C preprocessing number: digits, letters, '_' and '.' are taken
		// together so "08", "0x", "12abc" and "1.5" are reported as one
		// malformed constant rather than as several tokens.
		for s.off < s.end && (isLetter(s.src[s.off]) || isDigit(s.src[s.off]) || s.src[s.off] == '.') {
			s.advance()
		}
		return INT, pos, s.src[start:s.off]
	case c == '"':
		s.advance()
		for s.off < s.end {
			switch s.src[s.off] {
			case '\\':
				s.advance()
				if s.off < s.end {
					s.advance()
				}
				continue
			case '"':
				s.advance()
				return STRING, pos, s.src[start:s.off]
			}
			s.advance()
		}
		s.err(pos, "string literal not terminated")
		return ILLEGAL, pos, s.src[start:s.off]
	}
	s.advance()
	switch c {
	case '(':
		return LPAREN, pos, "("
	case ')':
		return RPAREN, pos, ")"
	case '[':
		return LBRACK, pos, "["
	case '{':
		return LBRACE, pos, "{"
	case '}':
		return RBRACE, pos, "}"
	case ']':
		return RBRACK, pos, "]"
	case ',':
		return COMMA, pos, ","
	case ':':
		return COLON, pos, ":"
	case ';':
		return SEMICOLON, pos, ";"
	case '=':
		return ASSIGN, pos, "="
	case '|':
		return OR, pos, "|"
	case '-':
		return SUB, pos, "-"
	case '<':
		if s.off < s.end && s.src[s.off] == '<' {
			s.advance()
			return SHL, pos, "<<"
		}
	case '\'':
		s.err(pos, "character literals are not supported; use a string \"...\" or a number")
		s.off = s.end
		return ILLEGAL, pos, s.src[start:s.off]
	}
	if c >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(s.src[start:s.end])
		for s.off < start+size { // finish the rune (advance already took one byte)
			s.advance()
		}
		if r == utf8.RuneError && size <= 1 {
			s.err(pos, sfmt.Sprintf("invalid UTF-8 byte 0x%02x", c))
		} else {
			s.err(pos, sfmt.Sprintf("invalid character %U %q", r, r))
		}
		return ILLEGAL, pos, s.src[start:s.off]
	}
	s.err(pos, sfmt.Sprintf("invalid character %q", rune(c)))
	return ILLEGAL, pos, s.src[start:s.off]
}
