package difftest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"socklab/engine"
)

func ev(step int, addr string) engine.Event {
	return engine.Event{Step: step, Proc: "p", Call: "getsockname", Kind: engine.EvReturn, Addr: addr}
}

func addrs(events []engine.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Addr)
	}
	return out
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		in   []string
		want []string
	}{
		{"autobind names by first appearance", ``,
			[]string{"@0a1b2", "@fffff", "@0a1b2", "/tmp/x", ""},
			[]string{"@<autobind 1>", "@<autobind 2>", "@<autobind 1>", "/tmp/x", ""}},
		{"a name the timeline wrote is kept", `p: bind(s, "@00001")`,
			[]string{"@00001", "@00002"},
			[]string{"@00001", "@<autobind 1>"}},
		{"not autobind-shaped", ``,
			[]string{"@0a1b", "@0A1B2", "@0a1b2c"},
			[]string{"@0a1b", "@0A1B2", "@0a1b2c"}},
		{"ephemeral ports", `p: bind(s, "127.0.0.1:40000")`,
			[]string{"127.0.0.1:40000", "127.0.0.1:51000", "127.0.0.1:8080", "0.0.0.0:0", "127.0.0.1:51000"},
			[]string{"127.0.0.1:40000", "127.0.0.1:<port 1>", "127.0.0.1:8080", "0.0.0.0:0", "127.0.0.1:<port 1>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []engine.Event
			for i, a := range tc.in {
				in = append(in, ev(i+1, a))
			}
			out := Normalize(in, tc.src)
			assert.Equal(t, tc.want, addrs(out))
			assert.Equal(t, tc.in, addrs(in), "the input is not modified")
		})
	}
}

func TestDiff(t *testing.T) {
	src := "p: s = socket(AF_UNIX, SOCK_STREAM, 0)\np: close(s)\n"
	a := []engine.Event{
		{Step: 1, Proc: "p", Call: "socket", Kind: engine.EvReturn, Ret: 3, Line: 1},
		{Step: 2, Proc: "p", Call: "close", Kind: engine.EvReturn, Line: 2},
	}
	assert.Empty(t, Diff(src, "host", a, "engine", a))
	b := append([]engine.Event(nil), a...)
	b[1].Ret, b[1].Errno = -1, "EBADF"
	d := Diff(src, "host", a, "engine", b)
	assert.Contains(t, d, "!1  step 2, line 2: p: close(s)")
	assert.Contains(t, d, `"errno":"EBADF"`)
	assert.True(t, strings.HasPrefix(d, "    {\"step\":1"), d)
	d = Diff(src, "host", a, "engine", a[:1])
	assert.Contains(t, d, "engine: (no event)")
	w, g, ok := FirstDiff(a, b)
	assert.True(t, ok)
	assert.Contains(t, w, `"call":"close"`)
	assert.Contains(t, g, "EBADF")
	_, _, ok = FirstDiff(a, a)
	assert.False(t, ok)
}
