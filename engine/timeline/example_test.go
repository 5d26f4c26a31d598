package timeline_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"socklab/engine"
	"socklab/engine/timeline"
)

const echo = `server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/echo.sock")
server: listen(fd, 5)
server: conn = accept(fd)          # blocks
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/echo.sock")
`

// Run a whole timeline and print the spec's JSON lines.
func ExampleRun() {
	events, err := timeline.Run(engine.NewKernel(), echo, timeline.Options{})
	if err != nil {
		panic(err)
	}
	for _, e := range events {
		line, _ := json.Marshal(e)
		fmt.Println(string(line))
	}
	// Output:
	// {"step":1,"proc":"server","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}
	// {"step":2,"proc":"server","call":"bind","event":"return","ret":0,"errno":"","data":"","addr":""}
	// {"step":3,"proc":"server","call":"listen","event":"return","ret":0,"errno":"","data":"","addr":""}
	// {"step":4,"proc":"server","call":"accept","event":"block"}
	// {"step":5,"proc":"client","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}
	// {"step":6,"proc":"client","call":"connect","event":"return","ret":0,"errno":"","data":"","addr":""}
	// {"step":4,"proc":"server","call":"accept","event":"return","ret":4,"errno":"","data":"","addr":"","after":6}
}

// Step through a timeline, travel back, and look at the state.
func ExampleSession() {
	s := timeline.NewSession(echo, timeline.Options{})
	fmt.Println(s.Len(), "statements,", len(s.Errors()), "errors")
	s.Goto(4)
	what, why, _ := strings.Cut(s.Info().Narration, " — ")
	fmt.Println(what)
	fmt.Println(why[:44])
	fmt.Println("server is at line", s.CurrentLine("server"))
	s.RunToEnd()
	fmt.Println(s.Info().Narration)
	s.Back()
	fmt.Println("back at", s.Pos(), "with", len(s.Events()), "events")
	// Output:
	// 6 statements, 0 errors
	// server: conn = accept(fd) blocks
	// no connection is waiting in the accept queue
	// server is at line 4
	// client: connect(c, "/tmp/echo.sock") returns 0. This wakes server: conn = accept(fd) (line 4) returns 4.
	// back at 5 with 5 events
}

// Parse reports errors with line:column, like go/parser.
func ExampleParse() {
	_, errs := timeline.Parse("server: fd = socket(AF_UNIX, SOCK_STREAM, 0\n")
	fmt.Println(errs)
	// Output:
	// line 1:44: expected ')', found newline
}
