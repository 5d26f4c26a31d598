package cprog

import (
	"strings"
	"testing"
)

// Undefined behaviour a learner hits stops the process with a signal and a
// message at file:line:col naming the cause.
func TestFaults(t *testing.T) {
	cases := []struct{ name, src, exit, msg string }{
		{"out of bounds", "int main(void){ int a[4]; int i; for (i = 0; i <= 4; i++) a[i] = i; return 0; }", "signal SIGSEGV", "t.c:1:"},
		{"null", "int main(void){ int *p = 0; return *p; }", "signal SIGSEGV", "null pointer dereference"},
		{"use after free", "#include <stdlib.h>\nint main(void){ int *p = malloc(8); free(p); return p[1]; }", "signal SIGSEGV", "t.c:2:"},
		{"out of bounds message", "int main(void){ int a[4]; a[4] = 1; return 0; }", "signal SIGSEGV", "out-of-bounds access: 4 byte(s) at offset 16 of a 16-byte local object"},
		{"use after free message", "#include <stdlib.h>\nint main(void){ int *p = malloc(8); free(p); return p[1]; }", "signal SIGSEGV", "use after free"},
		{"double free", "#include <stdlib.h>\nint main(void){ int *p = malloc(8); free(p); free(p); return 0; }", "signal SIGABRT", "double free"},
		{"stack overflow", "int f(int n){ return f(n + 1) + 1; }\nint main(void){ return f(0); }", "signal SIGSEGV", "stack overflow"},
		{"division by zero", "int main(void){ int z = 0; return 5 / z; }", "signal SIGFPE", "integer division by zero"},
		{"uninitialised fd", "#include <unistd.h>\nint main(void){ int fd; char b[4]; return read(fd, b, 4); }", "signal SIGSEGV", "uninitialised variable as its fd"},
		{"short buffer", "#include <unistd.h>\n#include <sys/socket.h>\nint main(void){ int sv[2]; char b[4]; socketpair(1, 1, 0, sv); write(sv[0], \"hello\", 5); return read(sv[1], b, 100); }", "signal SIGSEGV", "read(): buffer of 4 bytes passed with a length of 100"},
		{"string literal write", "int main(void){ char *s = \"abc\"; s[0] = 'x'; return 0; }", "signal SIGSEGV", "write to a string literal"},
		{"dangling stack pointer", "int *f(void){ int x = 1; return &x; }\nint main(void){ int *p = f(); return *p; }", "signal SIGSEGV", "dangling pointer"},
		{"sigpipe handler", "#include <stdio.h>\n#include <signal.h>\n#include <unistd.h>\n#include <sys/socket.h>\nstatic int got;\nstatic void h(int s) { got = s; }\nint main(void){ int sv[2]; signal(SIGPIPE, h); socketpair(1, 1, 0, sv); close(sv[1]); int n = write(sv[0], \"x\", 1); return got * 10 + (n < 0); }", "131", ""},
		{"exit status", "#include <stdlib.h>\nint main(void){ exit(300); }", "44", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile("t.c", c.src)
			if err != nil {
				t.Fatal(err)
			}
			r := NewRunner([]*Program{p}, Options{})
			r.Run()
			q := r.Procs[0]
			if q.Exit != c.exit || !strings.Contains(q.FaultMsg, c.msg) {
				t.Errorf("exit %q message %q; want %q containing %q", q.Exit, q.FaultMsg, c.exit, c.msg)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	_, err := Compile("bad.c", "#include <stdio.h>\nint main(void) {\n    int x = ;\n    return 0;\n}\n")
	ce, ok := err.(*CompileError)
	if !ok || len(ce.Diags) == 0 || ce.Diags[0].Line != 3 || !strings.HasPrefix(ce.Error(), "bad.c:3:") {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(ce.Error(), "    3 |     int x = ;\n      |             ^") {
		t.Errorf("no caret line:\n%s", ce.Error())
	}
	_, err = Compile("h.c", "#include <nothere.h>\nint main(void){return 0;}")
	if err == nil || !strings.Contains(err.Error(), "h.c:1:10: fatal error: nothere.h: No such file or directory") {
		t.Errorf("missing header: %v", err)
	}
	p, err := Compile("w.c", "int main(void){ char b[8]; memset(b, 0, sizeof b); return 0; }")
	if err != nil || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].String(), "w.c:1:28: warning: implicit declaration of function 'memset'") {
		t.Errorf("implicit declaration: %v %v", err, p.Warnings)
	}
	_, err = Compile("u.c", "int main(void){ return nosuch(1); }")
	if err == nil || !strings.Contains(err.Error(), "undefined reference to `nosuch'") {
		t.Errorf("undefined function: %v", err)
	}
}
