package timeline

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// specExample is the worked example of timeline-v1.md, with its results.
const specExample = `# A classic echo exchange over an AF_UNIX stream socket.
server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/unix_domain_socket")
server: listen(fd, 5)
server: conn = accept(fd)                 # blocks: nobody has connected yet
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/unix_domain_socket")
client: write(c, "hello, server")
server: read(conn, 255)
server: write(conn, "hello, client")
client: read(c, 255)
server: close(conn)
client: read(c, 255)                      # EOF: the peer closed
client: write(c, "anyone?")               # EPIPE
`

const specExampleResults = `{"step":1,"proc":"server","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}
{"step":2,"proc":"server","call":"bind","event":"return","ret":0,"errno":"","data":"","addr":""}
{"step":3,"proc":"server","call":"listen","event":"return","ret":0,"errno":"","data":"","addr":""}
{"step":4,"proc":"server","call":"accept","event":"block"}
{"step":5,"proc":"client","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}
{"step":6,"proc":"client","call":"connect","event":"return","ret":0,"errno":"","data":"","addr":""}
{"step":4,"proc":"server","call":"accept","event":"return","ret":4,"errno":"","data":"","addr":"","after":6}
{"step":7,"proc":"client","call":"write","event":"return","ret":13,"errno":"","data":"","addr":""}
{"step":8,"proc":"server","call":"read","event":"return","ret":13,"errno":"","data":"hello, server","addr":""}
{"step":9,"proc":"server","call":"write","event":"return","ret":13,"errno":"","data":"","addr":""}
{"step":10,"proc":"client","call":"read","event":"return","ret":13,"errno":"","data":"hello, client","addr":""}
{"step":11,"proc":"server","call":"close","event":"return","ret":0,"errno":"","data":"","addr":""}
{"step":12,"proc":"client","call":"read","event":"return","ret":0,"errno":"","data":"","addr":""}
{"step":13,"proc":"client","call":"write","event":"return","ret":-1,"errno":"EPIPE","data":"","addr":""}
`

func jsonLines(t *testing.T, evs []engine.Event) string {
	t.Helper()
	var b strings.Builder
	for _, e := range evs {
		line, err := json.Marshal(e)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRunSpecExampleOnFake(t *testing.T) {
	evs, err := Run(newFake(), specExample, Options{CheckInvariants: true})
	require.NoError(t, err)
	assert.Equal(t, specExampleResults, jsonLines(t, evs))
	// Lines: the accept's completion carries the accept's own line.
	assert.Equal(t, 5, evs[3].Line)
	assert.Equal(t, 5, evs[6].Line)
	assert.Equal(t, 7, evs[5].Line)
}

func TestRunErrorEvents(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // JSON lines
		line []int    // Event.Line / Col per event ("line:col")
	}{
		{
			name: "undefined variable",
			src:  "a: close(fd)\n",
			want: []string{`{"step":1,"proc":"a","call":"close","event":"error","message":"line 1: undefined variable fd"}`},
		},
		{
			name: "variables are per process",
			src:  "a: fd = socket(AF_UNIX, SOCK_STREAM, 0)\nb: close(fd)\n",
			want: []string{
				`{"step":1,"proc":"a","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"b","call":"close","event":"error","message":"line 2: undefined variable fd in b (variables belong to one process; a has fd)"}`,
			},
		},
		{
			name: "unknown call, numbering continues",
			src:  "a: sokcet(AF_UNIX, SOCK_STREAM, 0)\n\n# c\na: socket(AF_UNIX, SOCK_STREAM, 0)\n",
			want: []string{
				`{"step":1,"proc":"a","call":"sokcet","event":"error","message":"line 1: unknown call sokcet (did you mean socket?)"}`,
				`{"step":2,"proc":"a","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}`,
			},
		},
		{
			name: "wrong count",
			src:  "a: accept(3, 4)\n",
			want: []string{`{"step":1,"proc":"a","call":"accept","event":"error","message":"line 1: accept takes 1 argument, got 2"}`},
		},
		{
			name: "fcntl optional argument",
			src:  "a: fcntl(3)\n",
			want: []string{`{"step":1,"proc":"a","call":"fcntl","event":"error","message":"line 1: fcntl takes 2 or 3 arguments, got 1"}`},
		},
		{
			name: "wrong kind",
			src:  "a: bind(3, 5)\n",
			want: []string{`{"step":1,"proc":"a","call":"bind","event":"error","message":"line 1: argument 2 of bind must be an address string or NULL, found an integer"}`},
		},
		{
			name: "string for an int",
			src:  `a: close("3")` + "\n",
			want: []string{`{"step":1,"proc":"a","call":"close","event":"error","message":"line 1: argument 1 of close must be an integer, found a string"}`},
		},
		{
			name: "malformed line",
			src:  "a: close(3\n",
			want: []string{`{"step":1,"proc":"a","call":"close","event":"error","message":"line 1: expected ')', found newline"}`},
		},
		{
			name: "no process",
			src:  "close(3)\n",
			want: []string{`{"step":1,"proc":"","call":"","event":"error","message":"line 1: missing process name: write it before the call, as in \"server: close(...)\""}`},
		},
		{
			name: "blocked process",
			src:  "s: fd = socket(AF_UNIX, SOCK_STREAM, 0)\ns: listen(fd, 1)\ns: c = accept(fd)\ns: close(fd)\n",
			want: []string{
				`{"step":1,"proc":"s","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"s","call":"listen","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":3,"proc":"s","call":"accept","event":"block"}`,
				`{"step":4,"proc":"s","call":"close","event":"error","message":"line 4: s is blocked in accept (line 3)"}`,
			},
		},
		{
			name: "sv misuse",
			src:  "a: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\na: close(sv)\na: close(sv[2])\na: close(sv[1])\n",
			want: []string{
				`{"step":1,"proc":"a","call":"socketpair","event":"return","ret":0,"errno":"","data":"","addr":""}`,
				`{"step":2,"proc":"a","call":"close","event":"error","message":"line 2: sv is an int[2]: use sv[0] or sv[1]"}`,
				`{"step":3,"proc":"a","call":"close","event":"error","message":"line 3: index 2 is out of range for sv (int[2]: 0 or 1)"}`,
				`{"step":4,"proc":"a","call":"close","event":"return","ret":0,"errno":"","data":"","addr":""}`,
			},
		},
		{
			name: "shift overflow and negative fill",
			src:  "a: write(3, fill(1<<63))\na: write(3, fill(-1))\na: write(3, fill(1<<64))\n",
			want: []string{
				`{"step":1,"proc":"a","call":"write","event":"error","message":"line 1: 1 \u003c\u003c 63 overflows int64"}`,
				`{"step":2,"proc":"a","call":"write","event":"error","message":"line 2: fill(-1): the length must not be negative"}`,
				`{"step":3,"proc":"a","call":"write","event":"error","message":"line 3: shift count 64 is out of range (0 to 63)"}`,
			},
		},
		{
			name: "constant typo",
			src:  "a: socket(AF_UNIX, SOCK_STRAEM, 0)\n",
			want: []string{`{"step":1,"proc":"a","call":"socket","event":"error","message":"line 1: undefined variable SOCK_STRAEM (did you mean the constant SOCK_STREAM?)"}`},
		},
		{
			name: "assign to constant",
			src:  "a: NULL = socket(AF_UNIX, SOCK_STREAM, 0)\n",
			want: []string{`{"step":1,"proc":"a","call":"socket","event":"error","message":"line 1: cannot assign to constant NULL"}`},
		},
		{
			name: "nested call",
			src:  "a: close(socket(AF_UNIX, SOCK_STREAM, 0))\n",
			want: []string{`{"step":1,"proc":"a","call":"close","event":"error","message":"line 1: calls cannot be nested: give socket(...) its own statement and use its result variable"}`},
		},
		{
			name: "not a call",
			src:  "a: x = 5\n",
			want: []string{`{"step":1,"proc":"a","call":"","event":"error","message":"line 1: expected a call such as socket(...), found an integer"}`},
		},
		{
			name: "huge literal",
			src:  "a: close(99999999999999999999)\na: close(9223372036854775808)\na: close(-9223372036854775808)\n",
			want: []string{
				`{"step":1,"proc":"a","call":"close","event":"error","message":"line 1: integer constant 99999999999999999999 is too large"}`,
				`{"step":2,"proc":"a","call":"close","event":"error","message":"line 2: integer constant 9223372036854775808 overflows int64"}`,
				`{"step":3,"proc":"a","call":"close","event":"return","ret":-1,"errno":"EBADF","data":"","addr":""}`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := Run(newFake(), tt.src, Options{})
			require.NoError(t, err)
			assert.Equal(t, strings.Join(tt.want, "\n")+"\n", jsonLines(t, evs))
		})
	}
}

func TestRunErrorPositions(t *testing.T) {
	evs, err := Run(newFake(), "a: fd = socket(AF_UNIX, SOCK_STREAM, 0)\n  a: close(fd, zz)\na: close(zz)\n", Options{})
	require.NoError(t, err)
	require.Len(t, evs, 3)
	assert.Equal(t, [2]int{2, 16}, [2]int{evs[1].Line, evs[1].Col})
	assert.Equal(t, [2]int{3, 10}, [2]int{evs[2].Line, evs[2].Col})
}

func TestRunSocketpairAndVariables(t *testing.T) {
	src := `p: r = socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
p: write(sv[0], "x\x41\101\n")
p: n = read(sv[1], 10)
p: read(sv[1], n | 0x10 | 010)
`
	evs, err := Run(newFake(), src, Options{})
	require.NoError(t, err)
	require.Len(t, evs, 4)
	assert.Equal(t, "xAA\n", string(evs[2].Data))
	assert.EqualValues(t, 4, evs[2].Ret)
}

func TestRunBudgetAndPartialResults(t *testing.T) {
	src := strings.Repeat("a: socket(AF_UNIX, SOCK_STREAM, 0)\n", 10)
	evs, err := Run(newFake(), src, Options{StepBudget: 4})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrStepBudget))
	assert.Contains(t, err.Error(), "stopped after 4 statements")
	assert.Len(t, evs, 4)
}

func TestRunPanicBecomesInternalError(t *testing.T) {
	k := newFake()
	k.panicOn = "listen"
	evs, err := Run(k, "s: fd = socket(AF_UNIX, SOCK_STREAM, 0)\ns: listen(fd, 1)\ns: close(fd)\n", Options{})
	var ie *InternalError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Step)
	require.Len(t, evs, 2)
	assert.Equal(t, engine.EvError, evs[1].Kind)
	assert.Equal(t, "line 2: internal error: panic: fake kernel bug in listen", evs[1].Message)
}

// badInvariants breaks its invariant after the second statement.
type badInvariants struct{ *fakeKernel }

func (b badInvariants) CheckInvariants() error {
	if b.step >= 2 {
		return errors.New("f_count of file:1 is 0 but it is in an fd table")
	}
	return nil
}

func TestRunInvariantViolation(t *testing.T) {
	src := "s: socket(AF_UNIX, SOCK_STREAM, 0)\ns: socket(AF_UNIX, SOCK_STREAM, 0)\ns: socket(AF_UNIX, SOCK_STREAM, 0)\n"
	evs, err := Run(badInvariants{newFake()}, src, Options{CheckInvariants: true})
	var ie *InternalError
	require.ErrorAs(t, err, &ie)
	require.Len(t, evs, 3)
	assert.Equal(t, "line 2: internal error: kernel invariant broken: f_count of file:1 is 0 but it is in an fd table", evs[2].Message)
	// Without the option the checker is not called.
	evs, err = Run(badInvariants{newFake()}, src, Options{})
	require.NoError(t, err)
	assert.Len(t, evs, 3)
}

func TestExecCallText(t *testing.T) {
	src := "s: fd = socket(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0)\ns: bind(fd, \"/tmp/x\\n\")\ns: write(fd, fill(100000))\ns: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\ns: close(sv[1])\ns: close(zz)\n"
	var got []string
	err := Exec(newFake(), src, Options{}, func(r *StepResult) bool {
		got = append(got, r.CallText())
		return true
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"socket(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0)",
		`bind(3, "/tmp/x\n")`,
		"write(3, fill(100000))",
		"socketpair(AF_UNIX, SOCK_STREAM, 0, sv)",
		"close(5)",
		"close",
	}, got)
}
