package timeline

import (
	"socklab/engine/internal/sfmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseIntLit decodes a C integer constant (C11 6.4.4.1): decimal, 0x hex or
// leading-0 octal, with an optional u/l/ll suffix that changes nothing here
// (every timeline integer is an int64). The value is the magnitude: '-' is an
// operator, so "-9223372036854775808" is the negation of 1<<63. msg is "" on
// success, else gcc's wording of the problem.
func parseIntLit(lit string) (v uint64, msg string) {
	if strings.IndexByte(lit, '.') >= 0 {
		return 0, sfmt.Sprintf("floating-point constant %s is not supported (integers only)", clip(lit))
	}
	base, digits := 10, lit
	switch {
	case len(lit) >= 2 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X'):
		base, digits = 16, lit[2:]
	case len(lit) >= 2 && lit[0] == '0':
		base, digits = 8, lit[1:]
	}
	i := 0
	for i < len(digits) && isBaseDigit(digits[i], base) {
		i++
	}
	body, suffix := digits[:i], digits[i:]
	if !validIntSuffix(suffix) {
		if base == 8 && len(suffix) > 0 && (suffix[0] == '8' || suffix[0] == '9') {
			return 0, sfmt.Sprintf("invalid digit \"%c\" in octal constant", suffix[0])
		}
		return 0, sfmt.Sprintf("invalid suffix %q on integer constant", clip(suffix))
	}
	if base == 16 && body == "" {
		return 0, sfmt.Sprintf("invalid hexadecimal constant %s: no digits after 0x", clip(lit))
	}
	if body == "" { // "0" with a suffix, or a lone "0" seen as octal
		return 0, ""
	}
	v, err := strconv.ParseUint(body, base, 64)
	if err != nil {
		return 0, sfmt.Sprintf("integer constant %s is too large", clip(lit))
	}
	return v, ""
}

func isBaseDigit(c byte, base int) bool {
	switch base {
	case 16:
		return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
	case 8:
		return '0' <= c && c <= '7'
	}
	return isDigit(c)
}

// validIntSuffix accepts C's integer suffixes: u, l, ll in either order and
// either case (but not "lL").
func validIntSuffix(s string) bool { return intSuffixes[s] }

var intSuffixes = func() map[string]bool {
	m := map[string]bool{"": true}
	for _, u := range []string{"", "u", "U"} {
		for _, l := range []string{"", "l", "L", "ll", "LL"} {
			m[u+l], m[l+u] = true, true
		}
	}
	return m
}()

// unquote decodes a C string literal (quotes included in lit) at pos. Escape
// errors are reported at the backslash and decoding goes on, so one line can
// report several bad escapes.
func unquote(lit string, pos Pos, errf func(Pos, string)) []byte {
	out := make([]byte, 0, len(lit))
	col := pos.Col + 1
	off := pos.Offset + 1
	body := lit[1 : len(lit)-1]
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			out = append(out, c)
			i++
			if i >= len(body) || body[i]&0xC0 != 0x80 {
				col++
			}
			continue
		}
		at := Pos{Offset: off + i, Line: pos.Line, Col: col}
		if i+1 >= len(body) { // cannot happen: the scanner pairs '\' with a byte
			errf(at, "unterminated escape sequence")
			break
		}
		e := body[i+1]
		n := 2 // bytes consumed
		switch e {
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case 'r':
			out = append(out, '\r')
		case '\\', '"', '\'', '?':
			out = append(out, e)
		case 'a':
			out = append(out, 7)
		case 'b':
			out = append(out, 8)
		case 'f':
			out = append(out, 12)
		case 'v':
			out = append(out, 11)
		case 'x':
			v, k := 0, 0
			for k < 2 && i+2+k < len(body) && isBaseDigit(body[i+2+k], 16) {
				v = v*16 + hexVal(body[i+2+k])
				k++
			}
			if k == 0 {
				errf(at, `\x used with no following hex digits`)
			} else {
				out = append(out, byte(v))
			}
			n += k
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, k := 0, 0
			for k < 3 && i+1+k < len(body) && '0' <= body[i+1+k] && body[i+1+k] <= '7' {
				v = v*8 + int(body[i+1+k]-'0')
				k++
			}
			if v > 0xFF {
				errf(at, sfmt.Sprintf(`octal escape sequence \%s out of range`, body[i+1:i+1+k]))
			} else {
				out = append(out, byte(v))
			}
			n = 1 + k
		default:
			r, size := utf8.DecodeRuneInString(body[i+1:])
			errf(at, sfmt.Sprintf(`unknown escape sequence '\%c'`, r))
			n = 1 + size
		}
		i += n
		if e < utf8.RuneSelf {
			col += n // every known escape is ASCII
		} else {
			col += 2 // the backslash and one character
		}
	}
	return out
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// clip shortens source text quoted in a message, so that an absurd literal
// or name does not make an absurd message.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 37
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}
