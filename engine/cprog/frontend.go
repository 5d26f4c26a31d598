//go:build !cprog_runtime

package cprog

import (
	"embed"
	"errors"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"modernc.org/cc/v4"
)

// The C front end is modernc.org/cc/v4 (preprocessor, parser, type checker,
// pure Go). Its NewConfig asks the host C compiler for predefined macros and
// include paths; socklab instead builds the Config by hand with its own
// headers (include/, embedded), so compiling works the same in wasm and on
// every host, with x86_64 Linux (LP64) sizes and layouts.

//go:embed all:include
var includeFS embed.FS

var headers, _ = fs.Sub(includeFS, "include")

// predefined is what gcc -dM -E would say, reduced to what the headers and
// textbook programs look at, plus the builtins the headers use.
const predefined = `#define __x86_64__ 1
#define __x86_64 1
#define __linux__ 1
#define __linux 1
#define __unix__ 1
#define __STDC__ 1
#define __STDC_HOSTED__ 1
#define __STDC_VERSION__ 199901L
#define __SIZE_TYPE__ unsigned long
#define __PTRDIFF_TYPE__ long
#define __WCHAR_TYPE__ int
#define __CHAR_BIT__ 8
#define __LP64__ 1
#define _LP64 1
#define __extension__
#define __restrict restrict
#define __inline inline
#define __socklab__ 1
int __predefined_declarator;
typedef char *__builtin_va_list;
void __builtin_va_start(__builtin_va_list, ...);
void __builtin_va_end(__builtin_va_list);
void *__builtin_va_arg_impl(__builtin_va_list *);
#define __builtin_va_arg(va, type) (*(type *)__builtin_va_arg_impl(&(va)))
#define __builtin_va_copy(d, s) ((d) = (s))
void *__builtin_memset(void *, int, unsigned long);
#define __builtin_offsetof(type, member) ((unsigned long)&(((type *)0)->member))
`

func newConfig() (*cc.Config, error) {
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return nil, err
	}
	return &cc.Config{
		ABI:             abi,
		FS:              headers,
		FSOnly:          true,
		SysIncludePaths: []string{"."},
		IncludePaths:    []string{"", "."},
		ABILayout:       true,
		ExpansionLimit:  1 << 22,
		DefaultSizeT:    cc.ULong,
	}, nil
}

// parseC runs the front end on one file.
func parseC(name, src string) (*cc.AST, error) {
	if d, ok := missingHeader(name, src); !ok {
		return nil, &CompileError{Diags: []Diag{d}, Src: src}
	}
	cfg, err := newConfig()
	if err != nil {
		return nil, err
	}
	ast, err := cc.Translate(cfg, []cc.Source{
		{Name: "<predefined>", Value: predefined},
		{Name: name, Value: src + eofGuard},
	})
	if err != nil {
		ds := parseDiags(name, err)
		lines := strings.Split(src, "\n")
		last := len(lines)
		kept := ds[:0]
		for _, d := range ds {
			if d.File == name && d.Line > last {
				d.Line, d.Col, d.Msg = last, len(lines[last-1])+1, "unexpected end of file"
			}
			kept = append(kept, d)
		}
		return nil, &CompileError{Diags: kept, Src: src}
	}
	return ast, nil
}

// eofGuard ends every file: cc v4.35.0's parser loops forever when a file
// ends inside a pointer declarator's qualifier list (`char *` at the end of
// a half-typed program, found by FuzzRun); an identifier after it ends the
// loop. It is a harmless declaration in a valid program (the compiler skips
// it) and its diagnostics are moved to the file's last line.
const eofGuard = "\n;int __socklab_eof;\n"

// parseDiags turns cc's error list ("file:line:col: msg" lines) into
// diagnostics, in source order.
func parseDiags(name string, err error) []Diag {
	var ds []Diag
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "(") {
			continue
		}
		d := Diag{File: name, Line: 1, Col: 1, Msg: line}
		parts := strings.SplitN(line, ":", 4)
		if len(parts) == 4 {
			l, e1 := strconv.Atoi(parts[1])
			c, e2 := strconv.Atoi(parts[2])
			if e1 == nil && e2 == nil {
				d.File, d.Line, d.Col, d.Msg = parts[0], l, c, strings.TrimSpace(parts[3])
			}
		}
		d.Msg = strings.TrimPrefix(d.Msg, "error: ")
		if strings.Contains(d.Msg, "include file not found") || strings.Contains(d.Msg, "cannot find include") {
			d.Msg = gccMissingHeader(d.Msg)
		}
		ds = append(ds, d)
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
	return ds
}

func gccMissingHeader(msg string) string {
	if i := strings.IndexAny(msg, "<\""); i >= 0 {
		h := msg[i:]
		if j := strings.IndexAny(h[1:], ">\""); j >= 0 {
			return h[1:j+1] + ": No such file or directory"
		}
	}
	return msg
}

// missingHeader finds the first #include of a header socklab does not
// have: gcc stops there ("fatal error: ...: No such file or directory"), and
// cc would stop reading the file there too, before the end-of-file guard.
func missingHeader(name, src string) (Diag, bool) {
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimLeft(t[1:], " \t")
		if !strings.HasPrefix(t, "include") {
			continue
		}
		rest := strings.TrimLeft(t[len("include"):], " \t")
		if len(rest) < 2 || (rest[0] != '<' && rest[0] != '"') {
			continue
		}
		end := strings.IndexByte(rest[1:], map[byte]byte{'<': '>', '"': '"'}[rest[0]])
		if end < 0 {
			continue
		}
		h := rest[1 : end+1]
		if _, err := fs.Stat(headers, h); err != nil || strings.Contains(h, "..") {
			col := strings.Index(line, rest) + 1
			return Diag{File: name, Line: i + 1, Col: col, Msg: "fatal error: " + h + ": No such file or directory"}, false
		}
	}
	return Diag{}, true
}

var errNoMain = errors.New("undefined reference to `main'")
