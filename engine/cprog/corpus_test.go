package cprog

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
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
		srcs = append(srcs, readFile(t, f))
	}
	var progs []*Program
	for _, s := range srcs {
		p, err := Compile(s[0], s[1])
		if err != nil {
			t.Fatalf("compile: %v", err)
		}
		progs = append(progs, p)
	}
	r := NewRunner(progs, Options{StdoutFile: true})
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
		abs, _ := filepath.Abs(f)
		if out, err := exec.Command(gcc, "-w", "-O0", "-o", bin, abs).CombinedOutput(); err != nil {
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
		time.Sleep(150 * time.Millisecond) // the server reaches accept first
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
