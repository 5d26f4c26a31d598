// Package sfmt is the part of fmt the engine uses (Sprintf, Errorf with %w, Fprintf), without
// reflection: fmt and the reflect it needs weigh ≈100 KiB of brotli'd engine.wasm. Verbs:
// %s %v %d %q %c %x %U %w and %%, with a width and the 0 flag for numbers. Arguments: strings,
// []byte, every integer kind (not named integer types: convert them, as int(x)), bool,
// errors and fmt.Stringers. Anything else prints as %!verb(?), so a test shows it.
package sfmt

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// Sprintf formats like fmt.Sprintf (see the package comment for what it supports).
func Sprintf(format string, args ...any) string { return string(Append(nil, format, args...)) }

// Fprintf writes like fmt.Fprintf.
func Fprintf(w io.Writer, format string, args ...any) (int, error) {
	return w.Write(Append(nil, format, args...))
}

// Errorf is fmt.Errorf: with a %w verb the error wraps that argument (errors.Is/As see it).
func Errorf(format string, args ...any) error {
	e := &wrapError{msg: Sprintf(format, args...)}
	for i, n := 0, 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && (format[j] == '0' || format[j] == '-' || format[j] == '+' || format[j] == ' ' || format[j] == '#' || (format[j] >= '1' && format[j] <= '9')) {
			j++
		}
		if j < len(format) && format[j] == '%' {
			i = j
			continue
		}
		if j < len(format) && format[j] == 'w' && n < len(args) {
			if err, ok := args[n].(error); ok {
				e.wrapped = append(e.wrapped, err)
			}
		}
		n++
		i = j
	}
	return e
}

type wrapError struct {
	msg     string
	wrapped []error
}

func (e *wrapError) Error() string { return e.msg }

func (e *wrapError) Unwrap() []error { return e.wrapped }

// Append appends the formatted text to b.
func Append(b []byte, format string, args ...any) []byte {
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		i++
		zero, width := false, 0
		for i < len(format) && format[i] == '0' {
			zero = true
			i++
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			width = width*10 + int(format[i]-'0')
			i++
		}
		if i >= len(format) {
			return append(b, "%!(NOVERB)"...)
		}
		verb := format[i]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if n >= len(args) {
			b = append(b, '%', '!', verb, '(', 'M', 'I', 'S', 'S', 'I', 'N', 'G', ')')
			continue
		}
		start := len(b)
		b = arg(b, verb, args[n])
		n++
		if pad := width - utf8.RuneCount(b[start:]); pad > 0 {
			fill := byte(' ')
			if zero {
				fill = '0'
			}
			b = append(b, make([]byte, pad)...)
			copy(b[start+pad:], b[start:len(b)-pad])
			for k := start; k < start+pad; k++ {
				b[k] = fill
			}
		}
	}
	if n < len(args) {
		b = append(b, "%!(EXTRA)"...)
	}
	return b
}

func arg(b []byte, verb byte, a any) []byte {
	if i, ok := integer(a); ok {
		switch verb {
		case 'd', 'v':
			return strconv.AppendInt(b, i, 10)
		case 'x':
			return strconv.AppendInt(b, i, 16)
		case 'c':
			return utf8.AppendRune(b, rune(i))
		case 'q':
			return strconv.AppendQuoteRune(b, rune(i))
		case 'U':
			s := strconv.FormatInt(i, 16)
			b = append(b, "U+"...)
			for k := len(s); k < 4; k++ {
				b = append(b, '0')
			}
			for k := 0; k < len(s); k++ {
				c := s[k]
				if c >= 'a' {
					c -= 'a' - 'A'
				}
				b = append(b, c)
			}
			return b
		}
	}
	if u, ok := a.(uint64); ok && (verb == 'd' || verb == 'v') {
		return strconv.AppendUint(b, u, 10)
	}
	var s string
	switch x := a.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case error:
		if x == nil {
			s = "<nil>"
		} else {
			s = x.Error()
		}
	case interface{ String() string }:
		s = x.String()
	case bool:
		s = strconv.FormatBool(x)
	case nil:
		s = "<nil>"
	default:
		return append(b, '%', '!', verb, '(', '?', ')')
	}
	switch verb {
	case 's', 'v', 'w':
		return append(b, s...)
	case 'q':
		return strconv.AppendQuote(b, s)
	case 'x':
		for k := 0; k < len(s); k++ {
			b = append(b, "0123456789abcdef"[s[k]>>4], "0123456789abcdef"[s[k]&15])
		}
		return b
	}
	return append(b, '%', '!', verb, '(', '?', ')')
}

// integer is a's value for every integer kind (not named types).
func integer(a any) (int64, bool) {
	switch x := a.(type) {
	case int:
		return int64(x), true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		if x <= 1<<63-1 {
			return int64(x), true
		}
	case uintptr:
		return int64(x), true
	}
	return 0, false
}
