package cjson

import (
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"testing"

	"socklab/engine"
	"socklab/engine/cprog"
)

// What wasm/c/main.go answered with encoding/json before this package: the reference.
type diag struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Warning bool   `json:"warning"`
	Msg     string `json:"msg"`
	Text    string `json:"text"`
}

type view struct {
	Len        int               `json:"len"`
	Pos        int               `json:"pos"`
	Snapshot   *engine.Snapshot  `json:"snapshot"`
	Chain      []*engine.Frame   `json:"chain"`
	Procs      []cprog.ProcState `json:"procs"`
	Stdout     map[string]string `json:"stdout"`
	Term       map[string]string `json:"term"`
	StepEvents []cprog.Event     `json:"stepEvents"`
	NEvents    int               `json:"nevents"`
	Message    string            `json:"message"`
}

func reference(s *cprog.Session, programs []string, warns []cprog.Diag) any {
	v := view{Len: s.Len(), Pos: s.Pos(), Snapshot: s.Snapshot(), Chain: s.Chain(), Procs: s.Procs(),
		Stdout: map[string]string{}, Term: map[string]string{}, StepEvents: s.StepEvents(s.Pos()), NEvents: len(s.Events())}
	for _, p := range programs {
		v.Stdout[p] = string(s.Stdout(p))
		v.Term[p] = string(s.Terminal(p))
	}
	if err := s.Err(); err != nil {
		v.Message = err.Error()
	}
	ds := []diag{}
	for _, d := range warns {
		ds = append(ds, diag{d.File, d.Line, d.Col, d.Warning, d.Msg, d.String()})
	}
	return map[string]any{"errors": []diag{}, "warnings": ds, "view": v}
}

// decoded is what the page's JSON.parse sees: the comparison ignores how strings are escaped.
func decoded(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	return v
}

func same(t *testing.T, what string, got []byte, want any) {
	t.Helper()
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := decoded(t, got), decoded(t, w); !reflect.DeepEqual(g, w) {
		t.Fatalf("%s differs from encoding/json's:\n got %s\nwant %s", what, got, w)
	}
}

// TestMatchesEncodingJSON: at every step of the seed pair, and of programs with warnings, a
// fault, odd output bytes, a fork and a deadlock, load's and the View's JSON decode to what
// encoding/json wrote; so do an events list and a fatal answer.
func TestMatchesEncodingJSON(t *testing.T) {
	read := func(name string) [2]string {
		src, err := os.ReadFile("../../../engine/cprog/testdata/seed/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return [2]string{name, string(src)}
	}
	for _, files := range [][][2]string{
		{read("server.c"), read("client.c")},
		{{"odd.c", `#include <stdio.h>
#include <unistd.h>
int main(void) { printf("<&>\xff\t\"\\ \u2028 %d\n", atoi("3")); fflush(stdout); if (fork() == 0) { int *p = 0; return *p; } sleep(1); char c; read(0, &c, 1); return 7; }`}},
		{{"dead.c", `#include <unistd.h>
#include <sys/socket.h>
int main(void) { int sv[2]; socketpair(AF_UNIX, SOCK_STREAM, 0, sv); char c; read(sv[0], &c, 1); return 0; }`}, {"b.c", "int main(void) { return 1; }"}},
	} {
		var progs []*cprog.Program
		var programs []string
		var warns []cprog.Diag
		for _, f := range files {
			p, err := cprog.Compile(f[0], f[1])
			if err != nil {
				t.Fatal(err)
			}
			progs = append(progs, p)
			programs = append(programs, p.Name)
			warns = append(warns, p.Warnings...)
		}
		s := cprog.NewSession(progs, cprog.Options{})
		s.Goto(s.Len())
		for n := 0; n <= s.Len(); n++ {
			s.Goto(n)
			same(t, files[0][0]+" step "+strconv.Itoa(n), Load(nil, s, programs, warns), reference(s, programs, warns))
		}
		if files[0][0] == "odd.c" && (len(warns) == 0 || s.Procs()[1].Message == "") || files[0][0] == "dead.c" && s.Err() == nil {
			t.Fatalf("%s: the case lacks the warning, fault or deadlock it is here for", files[0][0])
		}
		same(t, "events", Events(nil, s.Events()), s.Events())
		same(t, "no events", Events(nil, nil), []cprog.Event(nil))
	}
	same(t, "no session", View(nil, nil, nil), map[string]string{"fatal": "no program loaded"})
	same(t, "fatal", Fatal(nil, "<bad>\xff"), map[string]string{"fatal": "<bad>\xff"})
}
