package timeline_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline"
)

var updateExport = flag.Bool("update-export", false, "rewrite testdata/export from the example timelines")

func runEvents(t *testing.T, src string) []engine.Event {
	t.Helper()
	events, err := timeline.Run(engine.NewKernel(), src, timeline.Options{})
	require.NoError(t, err)
	return events
}

func TestStatementText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`server: fd = socket(AF_UNIX, SOCK_STREAM, 0)`, `fd = socket(AF_UNIX, SOCK_STREAM, 0)`},
		{`  client: write(c, "a # not a comment");   # a comment`, `write(c, "a # not a comment")`},
		{`a: write(c, "quote \" # still a string") # c`, `write(c, "quote \" # still a string")`},
		{`close(3)`, `close(3)`},
		{`# only a comment`, ``},
	} {
		assert.Equal(t, c.want, timeline.StatementText(c.in), c.in)
	}
}

func TestMermaid(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // lines the diagram must contain
		not       []string // substrings it must not contain
	}{
		{"echo blocks and wakes", `server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/s")
server: listen(fd, 5)
server: conn = accept(fd)
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/s")
`, []string{
			"sequenceDiagram",
			"    participant P1 as server",
			"    participant K as kernel",
			"    participant P2 as client",
			"    P1->>K: [1] fd = socket(AF_UNIX, SOCK_STREAM, 0) → 3",
			"    P1-)K: [4] conn = accept(fd)",
			"    activate P1",
			"    Note left of P1: asleep in accept",
			"    K-->>P1: [4] conn = accept(fd) → 4 (woken by step 6)",
			"    deactivate P1",
		}, nil},
		{"failure is a cross", `a: close(9)`, []string{"    participant P1 as a", "    participant K as kernel", "    P1-xK: [1] close(9) → -1 EBADF"}, nil},
		{"escaping", `a: s = socket(AF_UNIX, SOCK_DGRAM, 0)
a: bind(s, "/tmp/x;y#z%%{init}<b>&")
`, []string{`    P1->>K: [2] bind(s, "/tmp/x#59;y#35;z#37;#37;{init}#60;b#62;#38;") → 0`}, []string{"<b>", "%%{"}},
		{"repeats collapse", `a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
a: write(sv[0], "x")
a: write(sv[0], "x")
a: write(sv[0], "x")
a: write(sv[0], "x")
a: read(sv[1], 1)
a: read(sv[1], 1)
`, []string{`    P1->>K: [2–5] write(sv[0], "x") → 1 ×4`, `    P1->>K: [6] read(sv[1], 1) → 1 "x"`, `    P1->>K: [7] read(sv[1], 1) → 1 "x"`}, nil},
		{"parse error is a note", `a: sokcet(AF_UNIX, SOCK_STREAM, 0)`, []string{"Note over P1: error: line 1: unknown call sokcet"}, nil},
		{"poll's ready list", `a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
a: write(sv[0], "x")
a: poll({sv[1], POLLIN}, {sv[0], POLLIN|POLLOUT}, 0)
`, []string{"    P1->>K: [3] poll({sv[1], POLLIN}, {sv[0], POLLIN|POLLOUT}, 0) → 2 ready [4:POLLIN, 3:POLLOUT]"}, nil},
		{"fork starts a process", `parent: pid = fork("child")
child: exit(0)
parent: waitpid(pid, 0)
`, []string{"    P1->>K: [1] pid = fork(\"child\") → 101", "    K-->>P2: [1] pid = fork(\"child\") → 0 (new process)", "    P1->>K: [3] waitpid(pid, 0) → 101 status 0"}, nil},
		{"a process named kernel", `kernel: close(1)`, []string{"    participant P1 as kernel", "    participant K as kernel (socklab)"}, nil},
		{"long text is cut", `a: s = socket(AF_UNIX, SOCK_DGRAM, 0)
a: sendto(s, fill(100), 0, "/tmp/nobody-is-listening-here-at-all-really")
`, []string{"-… → -1 ENOENT"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := timeline.Mermaid(runEvents(t, c.src), c.src)
			lines := strings.Split(got, "\n")
			for _, w := range c.want {
				if strings.HasPrefix(w, "    ") {
					assert.Contains(t, lines, w, got)
				} else {
					assert.Contains(t, got, w)
				}
			}
			for _, n := range c.not {
				assert.NotContains(t, got, n)
			}
		})
	}
}

func TestMermaidStaysSmallAt200Steps(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	for range 100 {
		b.WriteString("a: write(sv[0], \"ping\")\na: read(sv[1], 4)\n")
	}
	src := b.String()
	got := timeline.Mermaid(runEvents(t, src), src)
	assert.NotContains(t, got, "error:")
	n := strings.Count(got, "\n")
	assert.Equal(t, 1+2+201, n, "one line per call plus header and participants")
	for _, l := range strings.Split(got, "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 120, l)
	}
}

func TestMermaidStopsAt400Arrows(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\n")
	for range 300 {
		b.WriteString("a: write(sv[0], \"ping\")\na: read(sv[1], 4)\n")
	}
	src := b.String()
	got := timeline.Mermaid(runEvents(t, src), src)
	assert.NotContains(t, got, "error:")
	assert.Equal(t, 400, strings.Count(got, "->>K: "))
	assert.True(t, strings.HasSuffix(got, "    Note over K: … 201 more events not drawn (socklab run --markdown lists them all)\n"), got[len(got)-200:])
	assert.Less(t, len(got), 50000, "within mermaid's default maxTextSize")
}

func TestMarkdown(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"echo", `server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/s")
server: listen(fd, 5)
server: conn = accept(fd)
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/s")
client: write(c, "hi")
server: read(conn, 9)
client: close(c)
client: write(c, "x")
`, []string{
			"| step | process | call | result | errno meaning |",
			"|---:|---|---|---|---|",
			"| 1 | server | `fd = socket(AF_UNIX, SOCK_STREAM, 0)` | `3` |  |",
			"| 4 | server | `conn = accept(fd)` | blocks |  |",
			"| 4 | server | `conn = accept(fd)` | `4` (woken by step 6) |  |",
			"| 8 | server | `read(conn, 9)` | `2 \"hi\"` |  |",
			"| 10 | client | `write(c, \"x\")` | `-1 EBADF` | Bad file descriptor |",
		}},
		{"pipes and backticks", "a: s = socket(AF_UNIX, SOCK_DGRAM, 0)\na: bind(s, \"/tmp/a|b`c\")\n", []string{
			"| 2 | a | `` bind(s, \"/tmp/a\\|b`c\") `` | `0` |  |",
		}},
		{"error", `a: sokcet(1)`, []string{`| 1 | a | ` + "`sokcet(1)`" + ` | error: line 1: unknown call sokcet (did you mean socket?) |  |`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := timeline.Markdown(runEvents(t, c.src), c.src)
			lines := strings.Split(got, "\n")
			for _, w := range c.want {
				assert.Contains(t, lines, w, got)
			}
			// Every row has the header's five cells (escaped pipes do not count).
			for _, l := range lines[:len(lines)-1] {
				assert.Equal(t, 6, strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"), l)
			}
		})
	}
}

// TestExportGoldens pins the exports of the example timelines, from stored events (so engine
// changes and new examples do not move them); web/test/export.test.mjs checks the page's
// JavaScript port against the same files. go test -run TestExportGoldens -update-export
// copies web/examples/*.tl here, runs them and rewrites the files.
func TestExportGoldens(t *testing.T) {
	dir := filepath.Join("testdata", "export")
	if *updateExport {
		examples, err := filepath.Glob("../../web/examples/*.tl")
		require.NoError(t, err)
		for _, f := range examples {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), src, 0o644))
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.tl")) // the examples and v2_*.tl
		require.NoError(t, err)
		for _, f := range files {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			name := strings.TrimSuffix(filepath.Base(f), ".tl")
			ws := []goldenEvent{}
			for _, e := range runEvents(t, string(src)) {
				ws = append(ws, goldenEvent{e.Line, e})
			}
			js, err := json.MarshalIndent(ws, "", " ")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, name+".events.json"), append(js, '\n'), 0o644))
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.tl"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		base := strings.TrimSuffix(f, ".tl")
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		js, err := os.ReadFile(base + ".events.json")
		require.NoError(t, err)
		var raw []struct {
			Line  int `json:"line"`
			Event struct {
				Step    int    `json:"step"`
				Proc    string `json:"proc"`
				Call    string `json:"call"`
				Kind    string `json:"event"`
				Ret     int64  `json:"ret"`
				Errno   string `json:"errno"`
				Data    string `json:"data"`
				Addr    string `json:"addr"`
				After   int    `json:"after"`
				Message string `json:"message"`
				// timeline v2
				Status *int64 `json:"status"`
				Ready  *[]struct {
					FD     int64  `json:"fd"`
					Events string `json:"events"`
				} `json:"ready"`
				FDs      *[]int64 `json:"fds"`
				MsgFlags *string  `json:"msgflags"`
				Linger   *int64   `json:"linger"`
			} `json:"event"`
		}
		require.NoError(t, json.Unmarshal(js, &raw))
		events := make([]engine.Event, len(raw))
		for i, r := range raw {
			e := r.Event
			data := make([]byte, 0, len(e.Data))
			for _, c := range e.Data { // the spec's data: one code point per byte
				data = append(data, byte(c))
			}
			events[i] = engine.Event{Step: e.Step, Proc: e.Proc, Call: e.Call, Kind: e.Kind, Ret: e.Ret, Errno: e.Errno,
				Data: data, Addr: e.Addr, After: e.After, Message: e.Message, Line: r.Line}
			ev := &events[i]
			if e.Status != nil {
				ev.Status, ev.HasStatus = *e.Status, true
			}
			if e.Ready != nil {
				ev.HasReady, ev.Ready = true, []engine.ReadyFD{}
				for _, rd := range *e.Ready {
					ev.Ready = append(ev.Ready, engine.ReadyFD{FD: rd.FD, Events: rd.Events})
				}
			}
			if e.FDs != nil {
				ev.FDs, ev.HasFDs = *e.FDs, true
			}
			if e.MsgFlags != nil {
				ev.MsgFlags, ev.HasMsgFlags = *e.MsgFlags, true
			}
			if e.Linger != nil {
				ev.Linger, ev.HasLinger = *e.Linger, true
			}
		}
		for ext, got := range map[string]string{".mmd": timeline.Mermaid(events, string(src)), ".md": timeline.Markdown(events, string(src))} {
			if *updateExport {
				require.NoError(t, os.WriteFile(base+ext, []byte(got), 0o644))
				continue
			}
			b, err := os.ReadFile(base + ext)
			require.NoError(t, err, "run go test -run TestExportGoldens -update-export")
			assert.Equal(t, string(b), got, base+ext)
		}
	}
}

type goldenEvent struct {
	Line  int          `json:"line"`
	Event engine.Event `json:"event"`
}
