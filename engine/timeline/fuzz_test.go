package timeline

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"socklab/engine"
)

// FuzzParse: any input parses without panicking, every error has a position
// inside the source, and statements are numbered 1..n in order.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		specExample, "", "a: close(3\n", `a: write(3, "\x41\101\q\777")`, "a: b = c(d[0] | -1 << 2, fill(1<<40), NULL)",
		"a: close(08)\n\n# x\nb: x = y(\"#\") # z\r\n", "\xff\x00:", "a: f((((1))))", `a: f("\`,
		"a: poll({3, POLLIN}, {x, POLLIN|POLLOUT}, -1)\n", "a: select(4, {3}, {}, NULL, NULL)", "a: f({{1, {}}, 2,})",
		"a: poll({3, POLLIN", "a: f({,})", "a: f({1 2})", "a: f(})", `a: pid = fork("w")` + "\nw: exit(0)\na: waitpid(pid, WNOHANG)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, errs := Parse(src)
		lines := strings.Split(src, "\n")
		for _, e := range errs {
			if e.Line < 1 || e.Line > len(lines) {
				t.Fatalf("error %v: line out of range (%d lines)", e, len(lines))
			}
			if n := utf8.RuneCountInString(lines[e.Line-1]); e.Col < 1 || e.Col > n+1 {
				t.Fatalf("error %v: column out of range (line has %d characters)", e, n)
			}
		}
		if len(errs) > MaxErrors+1 {
			t.Fatalf("%d errors: the cap is %d", len(errs), MaxErrors)
		}
		for i, st := range file.Stmts {
			if st.Number != i+1 {
				t.Fatalf("statement %d numbered %d", i+1, st.Number)
			}
			if st.Pos().Offset > len(src) || st.End().Offset > len(src) {
				t.Fatalf("statement %d: position beyond the source", i+1)
			}
		}
		for _, e := range Check(file) {
			if e.Line < 1 || e.Line > len(lines) {
				t.Fatalf("check error %v: line out of range", e)
			}
		}
	})
}

// genTimeline turns fuzz bytes into a timeline of plausible socket calls
// (with some wrong ones), so FuzzRun spends its time in the kernel rather
// than in the parser's error paths.
func genTimeline(data []byte) string {
	pick := func(i *int, xs ...string) string {
		if *i >= len(data) {
			return xs[0]
		}
		v := xs[int(data[*i])%len(xs)]
		*i++
		return v
	}
	var b strings.Builder
	for i := 0; i < len(data); {
		proc := pick(&i, "a", "b", "c", "f1", "f2")
		fd := pick(&i, "fd", "c", "x", "sv[0]", "sv[1]", "3", "4", "5", "-1", "1023", "99999999")
		addr := pick(&i, `"/tmp/a"`, `"/tmp/b"`, `"@x"`, `""`, "NULL", `"127.0.0.1:5000"`, `"/nonexistent/dir/s"`)
		buf := pick(&i, `"hello"`, "fill(0)", "fill(4096)", "fill(212992)", "fill(1<<40)", `"\0\xff"`)
		n := pick(&i, "255", "0", "1", "1<<40", "-1", "65536")
		typ := pick(&i, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET", "SOCK_STREAM|SOCK_NONBLOCK", "SOCK_DGRAM|SOCK_NONBLOCK", "99")
		dom := pick(&i, "AF_UNIX", "AF_UNIX", "AF_INET", "7")
		flags := pick(&i, "0", "MSG_DONTWAIT", "MSG_PEEK", "MSG_NOSIGNAL", "MSG_WAITALL", "MSG_TRUNC|MSG_DONTWAIT")
		v := pick(&i, "fd", "c", "x")
		stmt := pick(&i,
			v+" = socket("+dom+", "+typ+", 0)",
			"socketpair(AF_UNIX, "+typ+", 0, sv)",
			"bind("+fd+", "+addr+")",
			"listen("+fd+", "+pick(&i, "0", "1", "5", "-1", "4096")+")",
			v+" = accept("+fd+")",
			v+" = accept4("+fd+", SOCK_NONBLOCK)",
			"connect("+fd+", "+addr+")",
			"write("+fd+", "+buf+")",
			"send("+fd+", "+buf+", "+flags+")",
			"sendto("+fd+", "+buf+", "+flags+", "+addr+")",
			"read("+fd+", "+n+")",
			"recv("+fd+", "+n+", "+flags+")",
			"recvfrom("+fd+", "+n+", "+flags+")",
			"shutdown("+fd+", "+pick(&i, "SHUT_RD", "SHUT_WR", "SHUT_RDWR", "7")+")",
			"close("+fd+")",
			"unlink("+addr+")",
			"getsockname("+fd+")",
			"getpeername("+fd+")",
			"setsockopt("+fd+", SOL_SOCKET, "+pick(&i, "SO_RCVBUF", "SO_SNDBUF", "SO_REUSEADDR")+", "+n+")",
			"getsockopt("+fd+", SOL_SOCKET, "+pick(&i, "SO_ERROR", "SO_TYPE", "SO_ACCEPTCONN", "SO_DOMAIN", "SO_RCVBUF")+")",
			"fcntl("+fd+", F_GETFL)",
			"fcntl("+fd+", F_SETFL, "+pick(&i, "O_NONBLOCK", "0")+")",
			v+" = dup("+fd+")",
			"dup2("+fd+", "+pick(&i, "3", "10", "1024")+")",
			// timeline v2 processes
			"pid = fork("+pick(&i, `"f1"`, `"f2"`, `"a"`)+")",
			"exit("+pick(&i, "0", "1", "256", "-1")+")",
			"wait()",
			"waitpid("+pick(&i, "pid", "-1", "0", "99999")+", "+pick(&i, "0", "WNOHANG", "4")+")",
			"signal(SIGCHLD, "+pick(&i, "SIG_IGN", "SIG_DFL")+")",
			"getppid()",
		)
		fmt.Fprintf(&b, "%s: %s\n", proc, stmt)
	}
	return b.String()
}

// FuzzRun: random timelines on the simulated kernel, with invariants
// checked after every statement and a small step budget. No panic, no
// hang, no broken invariant.
func FuzzRun(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte("the quick brown fox jumps over the lazy dog, twice: the quick brown fox"))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		for _, src := range []string{genTimeline(data), string(data)} {
			evs, err := Run(engine.NewKernel(), src, Options{StepBudget: 200, CheckInvariants: true})
			var ie *InternalError
			if errors.As(err, &ie) {
				t.Fatalf("%v\ntimeline:\n%s", err, src)
			}
			// The session replays the same timeline with time travel and
			// must produce the same events.
			s := NewSession(src, Options{StepBudget: 200, CheckInvariants: true, CheckpointEvery: 4, MaxCheckpoints: 4})
			s.RunToEnd()
			if len(s.Events()) != len(evs) {
				t.Fatalf("session: %d events, run: %d\ntimeline:\n%s", len(s.Events()), len(evs), src)
			}
			mid := s.Goto(s.End() / 2)
			_ = s.Diff()
			_ = s.Info()
			_ = s.Chain(mid)
			s.Goto(0)
			if s.RunToEnd() != s.End() {
				t.Fatal("RunToEnd did not reach End")
			}
		}
	})
}
