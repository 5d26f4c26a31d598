//go:build !cprog_compiler

package cprog

import (
	"math"
	"strconv"
	"strings"
)

// argSource yields printf's variadic arguments: from the call's stack
// values, or from a va_list in memory.
type argSource struct {
	p    *Proc
	vals []uint64
	va   uint64 // pointer to the next 8-byte slot (va_list), if vals is nil
	isVa bool
}

func (s *argSource) next() (uint64, *fault) {
	if s.isVa {
		v, f := s.p.mem.load(s.va, 8)
		s.va += 8
		return v, f
	}
	if len(s.vals) == 0 {
		return 0, nil // garbage in C; 0 here
	}
	v := s.vals[0]
	s.vals = s.vals[1:]
	return v, nil
}

// format implements printf's conversions as glibc prints them.
func (p *Proc) format(fmtPtr uint64, src *argSource) ([]byte, *fault) {
	fs, f := p.mem.cstring(fmtPtr)
	if f != nil {
		return nil, f
	}
	var out []byte
	for i := 0; i < len(fs); i++ {
		ch := fs[i]
		if ch != '%' {
			out = append(out, ch)
			continue
		}
		i++
		if i >= len(fs) {
			break
		}
		if fs[i] == '%' {
			out = append(out, '%')
			continue
		}
		var minus, plus, space, zero, alt bool
	flags:
		for ; i < len(fs); i++ {
			switch fs[i] {
			case '-':
				minus = true
			case '+':
				plus = true
			case ' ':
				space = true
			case '0':
				zero = true
			case '#':
				alt = true
			default:
				break flags
			}
		}
		width, prec := 0, -1
		if i < len(fs) && fs[i] == '*' {
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			width = int(int32(v))
			if width < 0 {
				minus, width = true, -width
			}
			i++
		}
		for ; i < len(fs) && fs[i] >= '0' && fs[i] <= '9'; i++ {
			width = width*10 + int(fs[i]-'0')
		}
		if i < len(fs) && fs[i] == '.' {
			i++
			prec = 0
			if i < len(fs) && fs[i] == '*' {
				v, f := src.next()
				if f != nil {
					return nil, f
				}
				prec = int(int32(v))
				i++
			}
			for ; i < len(fs) && fs[i] >= '0' && fs[i] <= '9'; i++ {
				prec = prec*10 + int(fs[i]-'0')
			}
		}
		size := 4 // int
		for ; i < len(fs); i++ {
			switch fs[i] {
			case 'h':
				if size == 2 {
					size = 1
				} else {
					size = 2
				}
				continue
			case 'l', 'z', 'j', 't', 'q', 'L':
				size = 8
				continue
			}
			break
		}
		if i >= len(fs) {
			break
		}
		conv := fs[i]
		var body string
		sign := ""
		switch conv {
		case 'd', 'i':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			n := int64(norm(uint8(size)|kSigned, v))
			if n < 0 {
				sign = "-"
				body = strconv.FormatUint(uint64(-n), 10)
			} else {
				body = strconv.FormatInt(n, 10)
				if plus {
					sign = "+"
				} else if space {
					sign = " "
				}
			}
			body = intPrec(body, prec)
		case 'u', 'x', 'X', 'o':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			u := norm(uint8(size), v)
			base := map[byte]int{'u': 10, 'x': 16, 'X': 16, 'o': 8}[conv]
			body = strconv.FormatUint(u, base)
			if conv == 'X' {
				body = strings.ToUpper(body)
			}
			body = intPrec(body, prec)
			if alt && u != 0 {
				switch conv {
				case 'x':
					sign = "0x"
				case 'X':
					sign = "0X"
				case 'o':
					body = "0" + body
				}
			}
		case 'c':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			body = string([]byte{byte(v)})
		case 's':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			if v == 0 {
				body = "(null)"
				if prec >= 0 && prec < 6 {
					body = ""
				}
			} else {
				var b []byte
				if prec >= 0 {
					b, f = p.strnView(v, prec)
				} else {
					b, f = p.mem.cstring(v)
				}
				if f != nil {
					return nil, f
				}
				body = string(b)
			}
			zero = false
		case 'p':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			if v == 0 {
				body = "(nil)"
			} else {
				body = "0x" + strconv.FormatUint(v, 16)
			}
			zero = false
		case 'f', 'F', 'e', 'E', 'g', 'G':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			x := math.Float64frombits(v)
			if prec < 0 {
				prec = 6
			}
			if math.Signbit(x) {
				sign = "-"
				x = -x
			} else if plus {
				sign = "+"
			} else if space {
				sign = " "
			}
			body = formatFloat(x, conv, prec, alt)
			if math.IsInf(x, 0) || math.IsNaN(x) {
				zero = false
			}
		case 'n':
			v, f := src.next()
			if f != nil {
				return nil, f
			}
			if f := p.mem.store(v, 4|kSigned, uint64(len(out))); f != nil {
				return nil, f
			}
			continue
		default:
			out = append(out, '%', conv)
			continue
		}
		pad := width - len(sign) - len(body)
		switch {
		case pad <= 0:
			out = append(out, sign...)
			out = append(out, body...)
		case minus:
			out = append(out, sign...)
			out = append(out, body...)
			out = append(out, strings.Repeat(" ", pad)...)
		case zero && (prec < 0 || conv == 'f' || conv == 'e' || conv == 'g' || conv == 'F' || conv == 'E' || conv == 'G'):
			out = append(out, sign...)
			out = append(out, strings.Repeat("0", pad)...)
			out = append(out, body...)
		default:
			out = append(out, strings.Repeat(" ", pad)...)
			out = append(out, sign...)
			out = append(out, body...)
		}
		if len(out) > 64<<20 {
			return nil, &fault{sig: "SIGXFSZ", msg: "printf output larger than 64 MiB"}
		}
	}
	return out, nil
}

func intPrec(body string, prec int) string {
	if prec == 0 && body == "0" {
		return ""
	}
	if prec > len(body) {
		return strings.Repeat("0", prec-len(body)) + body
	}
	return body
}

func formatFloat(x float64, conv byte, prec int, alt bool) string {
	if math.IsInf(x, 0) {
		if conv >= 'a' {
			return "inf"
		}
		return "INF"
	}
	if math.IsNaN(x) {
		if conv >= 'a' {
			return "nan"
		}
		return "NAN"
	}
	switch conv {
	case 'f', 'F':
		return strconv.FormatFloat(x, 'f', prec, 64)
	case 'e', 'E':
		s := strconv.FormatFloat(x, byte(conv), prec, 64)
		return fixExp(s)
	}
	// %g: C's rules
	if prec == 0 {
		prec = 1
	}
	exp := 0
	if x != 0 {
		e := strconv.FormatFloat(x, 'e', prec-1, 64)
		exp, _ = strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	}
	var s string
	if exp < -4 || exp >= prec {
		s = strconv.FormatFloat(x, 'e', prec-1, 64)
		if !alt {
			m, e, _ := strings.Cut(s, "e")
			if strings.Contains(m, ".") {
				m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
			}
			s = m + "e" + e
		}
		s = fixExp(s)
		if conv == 'G' {
			s = strings.ToUpper(s)
		}
		return s
	}
	s = strconv.FormatFloat(x, 'f', prec-1-exp, 64)
	if !alt && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fixExp makes Go's exponent "e+5" C's "e+05".
func fixExp(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 || i+2 >= len(s) {
		return s
	}
	digits := s[i+2:]
	if len(digits) < 2 {
		digits = "0" + digits
	}
	return s[:i+2] + digits
}

// strnView reads at most n bytes of the string at ptr (stopping at NUL).
func (p *Proc) strnView(ptr uint64, n int) ([]byte, *fault) {
	if _, f := p.mem.check(ptr, 0, false); f != nil {
		return nil, f
	}
	s := p.mem.segs[uint32(ptr>>32)].data
	off := int(uint32(ptr))
	end := off
	for end < len(s) && end-off < n && s[end] != 0 {
		end++
	}
	if end-off < n && end >= len(s) {
		return nil, segv("string not terminated: reading past the end of a " + strconv.Itoa(len(s)) + "-byte object")
	}
	return s[off:end], nil
}
