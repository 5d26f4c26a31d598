package lessons

import (
	"fmt"
	"strconv"
	"strings"
)

// The goal language's scanner. Tokens: identifiers (letters, digits, '_' and
// '.', so nested snapshot fields read tcp.syn_queue), integers (decimal or
// 0x hex, with an optional leading '-'), double-quoted strings with Go
// escapes, and the operators below. Positions are byte offsets, reported
// 1-based in errors ("col 7: expected ')'").

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tInt
	tString
	tOp // one of: == = != < <= > >= && || ! , ( ) { }
)

type token struct {
	kind tokKind
	text string // identifier, operator, or the decoded string
	num  int64
	pos  int // byte offset
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of goal"
	case tString:
		return strconv.Quote(t.text)
	}
	return "'" + t.text + "'"
}

// maxGoalLen bounds a goal's text so a pathological input cannot cost much.
const maxGoalLen = 4096

// lex splits src into tokens (the last one is tEOF).
func lex(src string) ([]token, error) {
	if len(src) > maxGoalLen {
		return nil, fmt.Errorf("goal is longer than %d bytes", maxGoalLen)
	}
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := i
			for j < len(src) && (isIdentStart(src[j]) || isDigit(src[j]) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tIdent, text: src[i:j], pos: i})
			i = j
		case isDigit(c) || (c == '-' && i+1 < len(src) && isDigit(src[i+1])):
			j := i + 1
			for j < len(src) && (isDigit(src[j]) || isIdentStart(src[j])) {
				j++
			}
			n, err := strconv.ParseInt(src[i:j], 0, 64)
			if err != nil {
				return nil, fmt.Errorf("col %d: bad number %q", i+1, src[i:j])
			}
			toks = append(toks, token{kind: tInt, text: src[i:j], num: n, pos: i})
			i = j
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("col %d: unterminated string", i+1)
			}
			s, err := strconv.Unquote(src[i : j+1])
			if err != nil {
				return nil, fmt.Errorf("col %d: bad string %s", i+1, src[i:j+1])
			}
			toks = append(toks, token{kind: tString, text: s, pos: i})
			i = j + 1
		default:
			op := ""
			for _, o := range []string{"==", "!=", "<=", ">=", "&&", "||", "=", "<", ">", "!", ",", "(", ")", "{", "}"} {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("col %d: unexpected character %q", i+1, c)
			}
			toks = append(toks, token{kind: tOp, text: op, pos: i})
			i += len(op)
		}
	}
	return append(toks, token{kind: tEOF, pos: len(src)}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
