//go:build !cprog_compiler

package cprog

import (
	"bytes"
	"strconv"
	"strings"
)

func init() {
	memset := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		b, f := p.buf(arg(a, 0), int64(arg(a, 2)), true, "memset")
		if f != nil {
			return 0, 0, f
		}
		for i := range b {
			b[i] = byte(arg(a, 1))
		}
		return arg(a, 0), ctlOK, nil
	}
	register("memset", memset)
	register("__builtin_memset", memset)
	register("bzero", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return memset(p, []uint64{arg(a, 0), 0, arg(a, 1)})
	})
	cpy := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		n := int64(arg(a, 2))
		s, f := p.buf(arg(a, 1), n, false, "memcpy")
		if f != nil {
			return 0, 0, f
		}
		d, f := p.buf(arg(a, 0), n, true, "memcpy")
		if f != nil {
			return 0, 0, f
		}
		copy(d, s)
		return arg(a, 0), ctlOK, nil
	}
	register("memcpy", cpy)
	register("memmove", cpy)
	register("memcmp", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		n := int64(arg(a, 2))
		x, f := p.buf(arg(a, 0), n, false, "memcmp")
		if f != nil {
			return 0, 0, f
		}
		y, f := p.buf(arg(a, 1), n, false, "memcmp")
		if f != nil {
			return 0, 0, f
		}
		return uint64(int64(cmpBytes(x, y))), ctlOK, nil
	})
	register("memchr", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		b, f := p.buf(arg(a, 0), int64(arg(a, 2)), false, "memchr")
		if f != nil {
			return 0, 0, f
		}
		if i := bytes.IndexByte(b, byte(arg(a, 1))); i >= 0 {
			return arg(a, 0) + uint64(i), ctlOK, nil
		}
		return 0, ctlOK, nil
	})
	register("strlen", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		return uint64(len(s)), ctlOK, f
	})
	register("strnlen", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.strnView(arg(a, 0), int(arg(a, 1)))
		return uint64(len(s)), ctlOK, f
	})
	register("strcpy", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 1))
		if f != nil {
			return 0, 0, f
		}
		d, f := p.buf(arg(a, 0), int64(len(s))+1, true, "strcpy")
		if f != nil {
			return 0, 0, f
		}
		copy(d, s)
		d[len(s)] = 0
		return arg(a, 0), ctlOK, nil
	})
	register("strncpy", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		n := int64(arg(a, 2))
		s, f := p.strnView(arg(a, 1), int(n))
		if f != nil {
			return 0, 0, f
		}
		d, f := p.buf(arg(a, 0), n, true, "strncpy")
		if f != nil {
			return 0, 0, f
		}
		copy(d, s)
		clear(d[len(s):])
		return arg(a, 0), ctlOK, nil
	})
	cat := func(p *Proc, a []uint64, limit int64) (uint64, ctl, *fault) {
		d0, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		var s []byte
		if limit >= 0 {
			s, f = p.strnView(arg(a, 1), int(limit))
		} else {
			s, f = p.mem.cstring(arg(a, 1))
		}
		if f != nil {
			return 0, 0, f
		}
		s = append([]byte(nil), s...)
		d, f := p.buf(arg(a, 0)+uint64(len(d0)), int64(len(s))+1, true, "strcat")
		if f != nil {
			return 0, 0, f
		}
		copy(d, s)
		d[len(s)] = 0
		return arg(a, 0), ctlOK, nil
	}
	register("strcat", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cat(p, a, -1) })
	register("strncat", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cat(p, a, int64(arg(a, 2))) })
	cmp := func(p *Proc, a []uint64, n int64, fold bool) (uint64, ctl, *fault) {
		var x, y []byte
		var f *fault
		if n >= 0 {
			x, f = p.strnView(arg(a, 0), int(n))
			if f == nil {
				y, f = p.strnView(arg(a, 1), int(n))
			}
		} else {
			x, f = p.mem.cstring(arg(a, 0))
			if f == nil {
				y, f = p.mem.cstring(arg(a, 1))
			}
		}
		if f != nil {
			return 0, 0, f
		}
		if fold {
			x, y = bytes.ToLower(x), bytes.ToLower(y)
		}
		// compare including the terminating NUL
		return uint64(int64(cmpBytes(append(append([]byte(nil), x...), 0), append(append([]byte(nil), y...), 0)))), ctlOK, nil
	}
	register("strcmp", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cmp(p, a, -1, false) })
	register("strncmp", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cmp(p, a, int64(arg(a, 2)), false) })
	register("strcasecmp", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cmp(p, a, -1, true) })
	register("strncasecmp", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return cmp(p, a, int64(arg(a, 2)), true) })
	register("strchr", strchrBy(bytes.IndexByte))
	register("strrchr", strchrBy(bytes.LastIndexByte))
	register("strstr", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		n, f := p.mem.cstring(arg(a, 1))
		if f != nil {
			return 0, 0, f
		}
		if i := bytes.Index(s, n); i >= 0 {
			return arg(a, 0) + uint64(i), ctlOK, nil
		}
		return 0, ctlOK, nil
	})
	span := func(p *Proc, a []uint64, in bool) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		set, f := p.mem.cstring(arg(a, 1))
		if f != nil {
			return 0, 0, f
		}
		i := 0
		for i < len(s) && (bytes.IndexByte(set, s[i]) >= 0) == in {
			i++
		}
		return uint64(i), ctlOK, nil
	}
	register("strspn", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return span(p, a, true) })
	register("strcspn", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return span(p, a, false) })
	register("strtok", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s := arg(a, 0)
		if s == 0 {
			s = p.strtok
		}
		if s == 0 {
			return 0, ctlOK, nil
		}
		str, f := p.mem.cstring(s)
		if f != nil {
			return 0, 0, f
		}
		delim, f := p.mem.cstring(arg(a, 1))
		if f != nil {
			return 0, 0, f
		}
		i := 0
		for i < len(str) && bytes.IndexByte(delim, str[i]) >= 0 {
			i++
		}
		if i == len(str) {
			p.strtok = 0
			return 0, ctlOK, nil
		}
		j := i
		for j < len(str) && bytes.IndexByte(delim, str[j]) < 0 {
			j++
		}
		if j < len(str) {
			str[j] = 0
			p.strtok = s + uint64(j) + 1
		} else {
			p.strtok = 0
		}
		return s + uint64(i), ctlOK, nil
	})
	register("strdup", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return p.mallocBytes(append(append([]byte(nil), s...), 0)), ctlOK, nil
	})
	register("strndup", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.strnView(arg(a, 0), int(arg(a, 1)))
		if f != nil {
			return 0, 0, f
		}
		return p.mallocBytes(append(append([]byte(nil), s...), 0)), ctlOK, nil
	})
	register("strerror", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.staticString("strerror", strerror(int(iarg(a, 0)))), ctlOK, nil
	})
	// ctype
	ct := func(name string, fn func(c byte) bool) {
		register(name, func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			v := int64(int32(arg(a, 0)))
			if v < 0 || v > 255 {
				return 0, ctlOK, nil
			}
			return b2u(fn(byte(v))), ctlOK, nil
		})
	}
	ct("isalpha", func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' })
	ct("isdigit", func(c byte) bool { return c >= '0' && c <= '9' })
	ct("isalnum", func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' })
	ct("isspace", func(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' })
	ct("isupper", func(c byte) bool { return c >= 'A' && c <= 'Z' })
	ct("islower", func(c byte) bool { return c >= 'a' && c <= 'z' })
	ct("isprint", func(c byte) bool { return c >= 0x20 && c < 0x7f })
	ct("isgraph", func(c byte) bool { return c > 0x20 && c < 0x7f })
	ct("iscntrl", func(c byte) bool { return c < 0x20 || c == 0x7f })
	ct("ispunct", func(c byte) bool {
		return c > 0x20 && c < 0x7f && !strings.ContainsRune("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", rune(c))
	})
	ct("isxdigit", func(c byte) bool { return strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) })
	register("toupper", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		c := iarg(a, 0)
		if c >= 'a' && c <= 'z' {
			c -= 32
		}
		return uint64(c), ctlOK, nil
	})
	register("tolower", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		c := iarg(a, 0)
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		return uint64(c), ctlOK, nil
	})
	// stdlib conversions
	register("atoi", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		v, _ := parseInt(string(s), 10)
		return uint64(int64(int32(v))), ctlOK, f
	})
	atol := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		v, _ := parseInt(string(s), 10)
		return uint64(v), ctlOK, f
	}
	register("atol", atol)
	register("atoll", atol)
	strtol := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		v, n := parseInt(string(s), int(iarg(a, 2)))
		if arg(a, 1) != 0 {
			if f := p.mem.store(arg(a, 1), 8, arg(a, 0)+uint64(n)); f != nil {
				return 0, 0, f
			}
		}
		return uint64(v), ctlOK, nil
	}
	for _, n := range []string{"strtol", "strtoul", "strtoll", "strtoull"} {
		register(n, strtol)
	}
	register("abs", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		v := iarg(a, 0)
		if v < 0 {
			v = -v
		}
		return uint64(int64(int32(v))), ctlOK, nil
	})
	register("labs", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		v := int64(arg(a, 0))
		if v < 0 {
			v = -v
		}
		return uint64(v), ctlOK, nil
	})
}

func cmpBytes(x, y []byte) int {
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return int(x[i]) - int(y[i])
		}
	}
	return len(x) - len(y)
}

// parseInt is strtol: leading space, sign, base prefix; returns the value
// and how many bytes it consumed (0 if none).
func parseInt(s string, base int) (int64, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if (base == 0 || base == 16) && i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') {
		base = 16
		i += 2
	} else if base == 0 && i < len(s) && s[i] == '0' {
		base = 8
	} else if base == 0 {
		base = 10
	}
	start := i
	var v int64
	for i < len(s) {
		d, err := strconv.ParseInt(s[i:i+1], 36, 64)
		if err != nil || int(d) >= base {
			break
		}
		v = v*int64(base) + d
		i++
	}
	if i == start {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, i
}

// strchrBy is strchr (first occurrence) or strrchr (last), by the search it is
// given; both find the terminating NUL when asked for 0.
func strchrBy(index func([]byte, byte) int) func(p *Proc, a []uint64) (uint64, ctl, *fault) {
	return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		c := byte(arg(a, 1))
		if c == 0 {
			return arg(a, 0) + uint64(len(s)), ctlOK, nil
		}
		if i := index(s, c); i >= 0 {
			return arg(a, 0) + uint64(i), ctlOK, nil
		}
		return 0, ctlOK, nil
	}
}
