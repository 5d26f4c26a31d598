// Command socklab serves the playground and runs timelines from the shell.
//
//	socklab [serve] [-addr 127.0.0.1:8080]   serve the playground (default)
//	socklab run [--json] [--state] [-chain] FILE|-
//	socklab lessons check
package main

import (
	"fmt"
	"io"
	"os"
)

// commands maps a subcommand to its entry point; each lives in its own file
// (server.go, run.go, lessons.go). Each returns the process exit code.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{}

func main() {
	args := os.Args[1:]
	name := "serve"
	if len(args) > 0 && commands[args[0]] != nil {
		name, args = args[0], args[1:]
	}
	cmd := commands[name]
	if cmd == nil {
		fmt.Fprintf(os.Stderr, "socklab: command %q is not built in\n", name)
		os.Exit(2)
	}
	os.Exit(cmd(args, os.Stdout, os.Stderr))
}
