package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"socklab/engine/cprog"
)

// socklab run server.c client.c: whole C programs, one process each, on
// the simulated kernel (../shared/spec/c-programs-v1.md).

const runCUsage = `usage: socklab run [--json] [--stdout-dir DIR] [--seed N] [--budget N] FILE.c...

Compiles and runs C programs, one process per file, on the simulated kernel.
Exit status: 0 when every program ran to its end, 2 for a compile error,
3 when a budget ran out (or every process was blocked for good).
`

// isCRun reports whether the run names C files.
func isCRun(args []string) bool {
	for _, a := range args {
		if strings.HasSuffix(a, ".c") && !strings.HasPrefix(a, "-") {
			return true
		}
	}
	return false
}

func runC(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runCUsage); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print the events as JSON lines")
	dir := fs.String("stdout-dir", "", "write DIR/<name>.stdout and DIR/<name>.exit; fd 1 is a file (fully buffered)")
	seed := fs.Uint64("seed", 0, "pick another deterministic interleaving")
	budget := fs.Int64("budget", 0, fmt.Sprintf("C statements to run at most (0: %d)", cprog.DefaultBudget))
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	opts := cprog.Options{StdoutFile: *dir != "", Seed: *seed, Budget: *budget, Stdin: map[string][]byte{}}
	var progs []*cprog.Program
	failed := false
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, "socklab run:", err)
			return 2
		}
		p, err := cprog.Compile(filepath.Base(f), string(src))
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = true
			continue
		}
		for _, w := range p.Warnings {
			fmt.Fprintln(stderr, w)
		}
		if in, err := os.ReadFile(strings.TrimSuffix(f, ".c") + ".stdin"); err == nil {
			opts.Stdin[p.Name] = in
		}
		progs = append(progs, p)
	}
	if failed {
		return 2
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	r := cprog.NewRunner(progs, opts)
	for {
		more := r.Step()
		for _, e := range r.TakeEvents() {
			switch {
			case *asJSON:
				b, _ := json.Marshal(e)
				out.Write(b)
				out.WriteByte('\n')
			case e.Kind == cprog.EvStdout:
				out.Write(e.Data)
			case e.Kind == cprog.EvStderr:
				out.Flush()
				stderr.Write(e.Data)
			case e.Kind == cprog.EvExit && e.Message != "":
				out.Flush()
				fmt.Fprintf(stderr, "%s: %s (%s)\n", e.Proc, e.Message, e.Status)
			}
		}
		if !more {
			break
		}
	}
	if *dir != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fmt.Fprintln(stderr, "socklab run:", err)
			return 2
		}
		for _, p := range progs {
			os.WriteFile(filepath.Join(*dir, p.Name+".stdout"), r.Stdout(p.Name), 0o644)
			exit := ""
			for _, q := range r.Procs {
				if q.Name == p.Name {
					exit = q.Exit
				}
			}
			os.WriteFile(filepath.Join(*dir, p.Name+".exit"), []byte(exit+"\n"), 0o644)
		}
	}
	if err := r.Err(); err != nil {
		out.Flush()
		fmt.Fprintln(stderr, "socklab run:", err)
		return 3
	}
	return 0
}
