package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"socklab/engine"
	"socklab/engine/timeline"
)

// socklab run: run a timeline on the simulated kernel and print what each
// call did, strace-style (or the spec's JSON lines, or the final state).

func init() { commands["run"] = runCommand }

const runUsage = `usage: socklab run [--json] [--state] [--mermaid] [--markdown] [-chain] [-budget N] [-memory MiB] [-check] FILE|-

Runs a timeline (see README.md) on the simulated kernel. FILE - reads stdin.
Flags may come before or after FILE.
`

// runKernel is what the runner needs from a kernel: *engine.Kernel.
type runKernel interface {
	timeline.Backend
	Chain() []*engine.Frame
	Snapshot() *engine.Snapshot
	SetTracing(on bool)
	CheckInvariants() error
}

// newRunKernel makes the kernel a run uses (tests substitute a script).
var newRunKernel = func() runKernel { return engine.NewKernel() }

// runOptions are the parsed flags of socklab run.
type runOptions struct {
	json, state, chain, check bool
	mermaid, markdown         bool // print the run as a Mermaid sequenceDiagram / Markdown table
	budget                    int
	memory                    int // MiB
	file                      string
}

func parseRunArgs(args []string, stderr io.Writer) (runOptions, error) {
	var o runOptions
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage); fs.PrintDefaults() }
	fs.BoolVar(&o.json, "json", false, "print the events as the spec's JSON lines")
	fs.BoolVar(&o.state, "state", false, "print the final kernel snapshot as JSON")
	fs.BoolVar(&o.chain, "chain", false, "print the kernel call chain under each call")
	fs.BoolVar(&o.check, "check", false, "check kernel invariants after every statement")
	fs.BoolVar(&o.mermaid, "mermaid", false, "print the run as a Mermaid sequenceDiagram")
	fs.BoolVar(&o.markdown, "markdown", false, "print the run as a Markdown table")
	fs.IntVar(&o.budget, "budget", 0, "stop after this many statements (0: "+strconv.Itoa(timeline.DefaultStepBudget)+")")
	fs.IntVar(&o.memory, "memory", 0, "stop when the run holds more than this many MiB (0: "+strconv.Itoa(timeline.DefaultMemoryBudget>>20)+")")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fs.Usage()
		return o, fmt.Errorf("expected one FILE, got %d", len(files))
	}
	o.file = files[0]
	return o, nil
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	if isCRun(args) {
		return runC(args, stdout, stderr)
	}
	o, err := parseRunArgs(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "socklab run:", err)
		}
		return 2
	}
	var src []byte
	if o.file == "-" {
		src, err = io.ReadAll(os.Stdin)
	} else {
		src, err = os.ReadFile(o.file)
	}
	if err != nil {
		fmt.Fprintln(stderr, "socklab run:", err)
		return 2
	}
	return runTimeline(string(src), o, stdout, stderr)
}

// runTimeline runs src and prints the chosen output. Exit status: 0, or 1
// if the timeline had error events or could not finish.
func runTimeline(src string, o runOptions, stdout, stderr io.Writer) int {
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	k := newRunKernel()
	k.SetTracing(o.chain)
	log := &strace{w: out, width: procWidth(src), chain: o.chain, k: k, blocked: map[int]string{}}
	blockedLines := map[int]int{}
	failed := false
	export := o.mermaid || o.markdown
	var kept []engine.Event // for --mermaid and --markdown
	err := timeline.Exec(k, src, timeline.Options{StepBudget: o.budget, MemoryBudget: int64(o.memory) << 20, CheckInvariants: o.check}, func(r *timeline.StepResult) bool {
		for _, e := range r.Events {
			if e.Kind == engine.EvError {
				failed = true
			}
			if e.Kind == engine.EvBlock {
				blockedLines[e.Step] = e.Line
			}
			if export {
				e.Data = append([]byte(nil), e.Data...)
				kept = append(kept, e)
			}
			if o.json {
				b, _ := json.Marshal(e)
				out.Write(b)
				out.WriteByte('\n')
			}
		}
		if !o.json && !o.state && !export {
			log.step(r)
		} else if o.chain {
			k.Chain()
		}
		return true
	})
	if o.mermaid {
		out.WriteString(timeline.Mermaid(kept, src))
	}
	if o.markdown {
		out.WriteString(timeline.Markdown(kept, src))
	}
	if o.state {
		snap := k.Snapshot()
		timeline.FillBlockedLines(snap, func(step int) int { return blockedLines[step] })
		b, jerr := json.MarshalIndent(snap, "", "  ")
		if jerr != nil {
			fmt.Fprintln(stderr, "socklab run:", jerr)
			return 1
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	if err != nil {
		out.Flush()
		fmt.Fprintln(stderr, "socklab run:", err)
		return 1
	}
	if failed {
		return 1
	}
	return 0
}

// strace prints the readable log: one line per call.
//
//	[4] server  accept(3) = ? <blocked>
//	[4] server  accept(3) = 4 <resumed after 6>
//	[13] client  write(3, "anyone?") = -1 EPIPE (Broken pipe)
type strace struct {
	w       *bufio.Writer
	width   int
	chain   bool
	k       runKernel
	blocked map[int]string // blocked step -> its call text
}

func (s *strace) step(r *timeline.StepResult) {
	text := r.CallText()
	for i, e := range r.Events {
		prefix := fmt.Sprintf("[%d] %-*s  ", e.Step, s.width, e.Proc)
		switch {
		case e.Kind == engine.EvError:
			fmt.Fprintf(s.w, "%serror: %s\n", prefix, e.Message)
		case e.Kind == engine.EvBlock:
			s.blocked[e.Step] = text
			fmt.Fprintf(s.w, "%s%s = ? <blocked>\n", prefix, text)
		case e.After > 0:
			fmt.Fprintf(s.w, "%s%s%s <resumed after %d>\n", prefix, s.blocked[e.Step], result(e), e.After)
			delete(s.blocked, e.Step)
		default:
			fmt.Fprintf(s.w, "%s%s%s\n", prefix, text, result(e))
		}
		if i == 0 && s.chain {
			printFrames(s.w, s.k.Chain(), 2)
		}
	}
}

// result formats " = ret" with errno, data and address.
func result(e engine.Event) string {
	if e.Errno != "" {
		return fmt.Sprintf(" = %d %s (%s)", e.Ret, e.Errno, timeline.Strerror(e.Errno))
	}
	var b strings.Builder
	fmt.Fprintf(&b, " = %d", e.Ret)
	if len(e.Data) > 0 {
		b.WriteString(" data=" + timeline.Quote(e.Data, 64))
	}
	if e.Addr != "" {
		b.WriteString(" addr=" + strconv.Quote(e.Addr))
	}
	writeV2Keys(&b, e)
	return b.String()
}

// writeV2Keys adds timeline v2's result keys (ready, status, fds, msgflags,
// linger) to a result line, only on the calls that have them. They are
// spelled as the page's log and the exports spell them (`ready [4:POLLIN]`,
// `fds [5, 6]`), with the CLI's key=value separator.
func writeV2Keys(b *strings.Builder, e engine.Event) {
	if e.HasReady {
		b.WriteString(" ready=[")
		for i, r := range e.Ready {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%d:%s", r.FD, r.Events)
		}
		b.WriteString("]")
	}
	if e.HasStatus {
		fmt.Fprintf(b, " status=%d", e.Status)
	}
	if e.HasFDs {
		b.WriteString(" fds=[")
		for i, fd := range e.FDs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatInt(fd, 10))
		}
		b.WriteString("]")
	}
	if e.HasMsgFlags && e.MsgFlags != "" {
		b.WriteString(" msgflags=" + e.MsgFlags)
	}
	if e.HasLinger {
		fmt.Fprintf(b, " linger=%d", e.Linger)
	}
}

func printFrames(w *bufio.Writer, frames []*engine.Frame, depth int) {
	for _, f := range frames {
		fmt.Fprintf(w, "%s%s", strings.Repeat("  ", depth), f.Fn)
		if len(f.Touched) > 0 {
			parts := make([]string, len(f.Touched))
			for i, t := range f.Touched {
				parts[i] = t.Op + " " + t.ID
			}
			fmt.Fprintf(w, "  [%s]", strings.Join(parts, ", "))
		}
		w.WriteByte('\n')
		printFrames(w, f.Calls, depth+1)
	}
}

// procWidth is the length of the longest process name, to align the log.
func procWidth(src string) int {
	width := 0
	for line := range strings.Lines(src) {
		line = strings.TrimLeft(line, " \t")
		i := strings.IndexByte(line, ':')
		if i <= 0 || i > 64 || line[0] == '#' {
			continue
		}
		if name := strings.TrimSpace(line[:i]); isName(name) && len(name) > width {
			width = len(name)
		}
	}
	return width
}

func isName(s string) bool {
	for i, c := range s {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}
