package cprog

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The corpus: C programs run both as real binaries (gcc, the host kernel)
// and in socklab; stdout (fd 1 a file: fully buffered) and exit status
// must be identical. A case is a directory of programs started in order:
// server.c first, then the others by name.

func corpusCases(t *testing.T) []string {
	dirs, err := filepath.Glob("testdata/corpus/*")
	if err != nil || len(dirs) == 0 {
		t.Fatal("no corpus")
	}
	sort.Strings(dirs)
	return dirs
}

func caseFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.c"))
	sort.Slice(files, func(i, j int) bool {
		si := strings.HasSuffix(files[i], "/server.c")
		sj := strings.HasSuffix(files[j], "/server.c")
		if si != sj {
			return si
		}
		return files[i] < files[j]
	})
	return files
}

type outcome struct {
	stdout, exit map[string]string
}

func runSocklab(t *testing.T, files []string) outcome {
	var srcs [][2]string
	for _, f := range files {
		src := readFile(t, f)
		src[1] = withPorts(src[1])
		srcs = append(srcs, src)
	}
	var progs []*Program
	for _, s := range srcs {
		p, err := Compile(s[0], s[1])
		if err != nil {
			t.Fatalf("compile: %v", err)
		}
		progs = append(progs, p)
	}
	stdin := map[string][]byte{}
	for i, f := range files {
		if in, err := os.ReadFile(strings.TrimSuffix(f, ".c") + ".stdin"); err == nil {
			stdin[progs[i].Name] = in
		}
	}
	r := NewRunner(progs, Options{StdoutFile: true, Stdin: stdin})
	if err := r.Run(); err != nil {
		t.Logf("socklab: %v", err) // the comparison below reports what it changed
	}
	o := outcome{stdout: map[string]string{}, exit: map[string]string{}}
	for _, p := range progs {
		o.stdout[p.Name] = string(r.Stdout(p.Name))
	}
	for _, p := range r.Procs {
		if p.Group == p.Name {
			o.exit[p.Name] = p.Exit
		}
		if p.FaultMsg != "" {
			t.Logf("socklab %s: %s", p.Name, p.FaultMsg)
		}
	}
	return o
}

func runHost(t *testing.T, files []string) outcome {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gcc is missing (CI must have it)")
		}
		t.Skip("gcc not found: skipping the host half of the corpus")
	}
	work := t.TempDir()
	type proc struct {
		name string
		cmd  *exec.Cmd
		out  *bytes.Buffer
	}
	var procs []proc
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".c")
		bin := filepath.Join(work, name+".bin")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		csrc := filepath.Join(work, name+".c")
		os.WriteFile(csrc, []byte(withPorts(string(src))), 0o644)
		if out, err := exec.Command(gcc, "-w", "-O0", "-o", bin, csrc).CombinedOutput(); err != nil {
			t.Fatalf("gcc %s: %v\n%s", f, err, out)
		}
		procs = append(procs, proc{name: name})
	}
	for i := range procs {
		// stdout is a file, as with --stdout-dir
		fpath := filepath.Join(work, procs[i].name+".stdout")
		fo, _ := os.Create(fpath)
		cmd := exec.CommandContext(ctx, "./"+procs[i].name+".bin")
		cmd.Dir = work
		cmd.Stdout = fo
		cmd.Stderr = os.Stderr
		if in, err := os.ReadFile(strings.TrimSuffix(files[i], ".c") + ".stdin"); err == nil {
			cmd.Stdin = bytes.NewReader(in)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		fo.Close()
		procs[i].cmd = cmd
		waitAsleep(cmd.Process.Pid) // the server reaches accept first
	}
	o := outcome{stdout: map[string]string{}, exit: map[string]string{}}
	for _, p := range procs {
		err := p.cmd.Wait()
		o.exit[p.name] = "0"
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			ws := ee.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				o.exit[p.name] = "signal " + sigName(int(ws.Signal()))
			} else {
				o.exit[p.name] = strconv.Itoa(ws.ExitStatus())
			}
		} else if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		b, _ := os.ReadFile(filepath.Join(work, p.name+".stdout"))
		o.stdout[p.name] = string(b)
	}
	return o
}

// waitAsleep waits until process pid sleeps (blocked in accept, read,
// poll...) steadily, or has exited: socklab's "run until it blocks", on a
// machine too loaded for a fixed delay.
func waitAsleep(pid int) {
	time.Sleep(20 * time.Millisecond)
	stable := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) == 0 || f[0] == "Z" || f[0] == "X" {
			return
		}
		if f[0] == "S" {
			if stable++; stable >= 4 {
				return
			}
		} else {
			stable = 0
		}
	}
}

// corpusPorts moves the corpus's TCP/UDP ports (157NN) to a range of this
// run's own, so concurrent test runs on one machine do not collide.
var corpusPorts = regexp.MustCompile(`\b157(\d\d)\b`)

func portBase() int { return 20000 + os.Getpid()%400*100 }

func withPorts(src string) string {
	return corpusPorts.ReplaceAllStringFunc(src, func(m string) string {
		n, _ := strconv.Atoi(m[3:])
		return strconv.Itoa(portBase() + n)
	})
}

func TestCorpus(t *testing.T) {
	for _, dir := range corpusCases(t) {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files := caseFiles(dir)
			got := runSocklab(t, files)
			if testing.Short() {
				return
			}
			want := runHost(t, files)
			report := t.Errorf
			if reason, err := os.ReadFile(filepath.Join(dir, "pending")); err == nil {
				// a case waiting for engine work: log, do not fail
				t.Logf("pending: %s", strings.TrimSpace(string(reason)))
				report = t.Logf
			}
			for name, w := range want.stdout {
				if got.stdout[name] != w {
					report("%s stdout:\nsocklab: %q\nlinux:   %q", name, got.stdout[name], w)
				}
				if got.exit[name] != want.exit[name] {
					report("%s exit: socklab %q, linux %q", name, got.exit[name], want.exit[name])
				}
			}
		})
	}
}
