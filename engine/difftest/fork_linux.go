//go:build linux

package difftest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"socklab/engine"
)

// Processes on the host (timeline v2: fork, exit, wait, signal). A worker
// is a Go program, and a raw fork of a Go process is unsafe (only the
// forking thread survives, holding runtime locks), so a worker forks by
// fork+exec of a new worker: syscall.ForkExec maps every open fd to the
// same number (ProcAttr.Files[i] = i), so the child's fd table points at the
// very same open files as after fork(2) — dup_fd's f_count increments
// included — plus two control pipes of its own. ForkExec clears
// close-on-exec on the fds it maps and the Go runtime of the new worker
// installs its own SIGCHLD handler, so the parent passes the close-on-exec
// flags and the SIGCHLD disposition in envForked and the child restores
// them before it says hello. The new worker is a real child of the old one:
// wait4, exit, getpid and getppid are the real system calls.
//
// The child's control pipes are made by the test, which hands their paths
// (/proc/TESTPID/fd/N) in the fork call; the worker opens them, forks, and
// closes them again.

// envForked, in a worker started by fork: "CMD,RES;FD[c],FD[c],...;IGN;STD"
// — the fds the control pipes arrive on, every timeline fd ("c": close on
// exec), "1" if SIGCHLD is ignored, and where the timeline's fds 0-2 arrive
// ("0=N,1=M,...": see fork).
const envForked = "SOCKLAB_DIFFTEST_FORKED"

// forkArgs are the extra arguments the host backend appends to a fork call:
// the paths of the child's ends of its control pipes.
func forkArgs(c engine.Call, cmdPath, resPath string) engine.Call {
	c.Args = append(append([]engine.Arg(nil), c.Args...),
		engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: []byte(cmdPath)}},
		engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: []byte(resPath)}})
	return c
}

// fork makes a child worker (see above) and returns its pid.
func (w *worker) fork(c engine.Call) engine.Result {
	fds, err := openFDs()
	if err != nil {
		return w.harnessFail("fork: listing fds: %v", err)
	}
	var spec []string
	maxFD := 2
	for _, fd := range fds {
		flags, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
		if e != 0 {
			return w.harnessFail("fork: F_GETFD %d: %v", fd, e)
		}
		s := strconv.Itoa(fd)
		if flags&syscall.FD_CLOEXEC != 0 {
			s += "c"
		}
		spec = append(spec, s)
		maxFD = max(maxFD, fd)
	}
	cmdFD, err := syscall.Open(string(arg(c, 1).Bytes.Lit), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return w.harnessFail("fork: opening the child's command pipe: %v", err)
	}
	defer syscall.Close(cmdFD)
	resFD, err := syscall.Open(string(arg(c, 2).Bytes.Lit), syscall.O_WRONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return w.harnessFail("fork: opening the child's reply pipe: %v", err)
	}
	defer syscall.Close(resFD)
	open := map[int]bool{}
	for _, fd := range fds {
		open[fd] = true
	}
	files := make([]uintptr, maxFD+3)
	for i := 0; i <= maxFD; i++ {
		files[i] = ^uintptr(0) // closed in the child
		if open[i] {
			files[i] = uintptr(i)
		}
	}
	files[maxFD+1], files[maxFD+2] = uintptr(cmdFD), uintptr(resFD)
	// The child's fds 0-2 start as /dev/null and the timeline's fds 0-2
	// are handed over above the others: at start the Go runtime's os
	// package registers a non-blocking fd 0-2 (os.Stdin, ...; a timeline
	// may dup2 a SOCK_NONBLOCK socket to 0) with its netpoller, whose epoll
	// fd would take a timeline fd number (forkedSetup would close it as a
	// stranger and the worker die with "netpoll failed"). forkedSetup moves
	// them back once the runtime is up, so every fd the timeline can name
	// is the timeline's own.
	devNull, err := syscall.Open("/dev/null", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return w.harnessFail("fork: opening /dev/null: %v", err)
	}
	defer syscall.Close(devNull)
	var std []string
	for i := 0; i <= 2; i++ {
		if open[i] {
			std = append(std, fmt.Sprintf("%d=%d", i, len(files)))
			files = append(files, uintptr(i))
		}
		files[i] = uintptr(devNull)
	}
	// The child's fds may go above nofileLimit (a timeline fd 1023 puts the
	// control pipes at 1024, 1025): ForkExec dup2s under our limit, so
	// lift it for the call (the child sets its own, moveCtlFDs).
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return w.harnessFail("fork: getrlimit: %v", err)
	}
	raised := lim
	raised.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err != nil {
		return w.harnessFail("fork: setrlimit: %v", err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	ign := "0"
	if sigchldIgnored() {
		ign = "1"
	}
	env := []string{fmt.Sprintf("%s=%d,%d;%s;%s;%s", envForked, maxFD+1, maxFD+2, strings.Join(spec, ","), ign, strings.Join(std, ","))}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envForked+"=") {
			env = append(env, kv)
		}
	}
	pid, err := syscall.ForkExec("/proc/self/exe", []string{"socklab-worker", "-test.run=^$"}, &syscall.ProcAttr{Env: env, Files: files})
	if err != nil {
		return w.harnessFail("fork: %v", err)
	}
	return engine.Result{Ret: int64(pid)}
}

// harnessFail reports a harness failure as the call's result: the test
// fails the run on a reply with Err (see workerMain).
func (w *worker) harnessFail(format string, args ...any) engine.Result {
	w.failure = fmt.Sprintf(format, args...)
	return engine.Result{Ret: -1, Errno: engine.EIO}
}

// forkedSetup is the setup of a worker started by fork (instead of
// workerSetupFDs): move the control pipes up, close what the Go runtime
// opened (it opens /dev/null on a closed fd 0-2), check that exactly the
// parent's timeline fds are open, and restore their close-on-exec flags and
// the SIGCHLD disposition.
func forkedSetup(spec string) error {
	parts := strings.Split(spec, ";")
	if len(parts) != 4 {
		return fmt.Errorf("bad %s %q", envForked, spec)
	}
	var ctl [2]int
	if _, err := fmt.Sscanf(parts[0], "%d,%d", &ctl[0], &ctl[1]); err != nil {
		return fmt.Errorf("bad %s %q: %v", envForked, spec, err)
	}
	want := map[int]bool{} // fd -> close-on-exec
	if parts[1] != "" {
		for _, s := range strings.Split(parts[1], ",") {
			fd, err := strconv.Atoi(strings.TrimSuffix(s, "c"))
			if err != nil {
				return fmt.Errorf("bad %s %q: %v", envForked, spec, err)
			}
			want[fd] = strings.HasSuffix(s, "c")
		}
	}
	if err := moveCtlFDs(ctl[0], ctl[1]); err != nil {
		return err
	}
	if parts[3] != "" { // the timeline's fds 0-2, handed over above (see fork)
		for _, s := range strings.Split(parts[3], ",") {
			var to, from int
			if _, err := fmt.Sscanf(s, "%d=%d", &to, &from); err != nil {
				return fmt.Errorf("bad %s %q: %v", envForked, spec, err)
			}
			if err := syscall.Dup3(from, to, 0); err != nil {
				return fmt.Errorf("dup3 %d to %d: %v", from, to, err)
			}
			syscall.Close(from)
		}
	}
	fds, err := openFDs()
	if err != nil {
		return err
	}
	seen := 0
	for _, fd := range fds {
		if _, ok := want[fd]; !ok {
			syscall.Close(fd)
			continue
		}
		seen++
	}
	if seen != len(want) {
		return fmt.Errorf("forked worker has fds %v, want %v", fds, want)
	}
	for fd, cloexec := range want {
		if cloexec {
			if _, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFD, syscall.FD_CLOEXEC); e != 0 {
				return fmt.Errorf("F_SETFD %d: %v", fd, e)
			}
		}
	}
	h := uintptr(sigDFL)
	if parts[2] == "1" {
		h = sigIGN
	}
	_, e := rtSigaction(sigCHLD, h)
	if e != 0 {
		return fmt.Errorf("rt_sigaction SIGCHLD: %v", e)
	}
	return nil
}

// Signal dispositions (include/uapi/asm-generic/signal-defs.h).
const (
	sigDFL  = 0
	sigIGN  = 1
	sigCHLD = 17
)

// kSigaction is the kernel's struct sigaction on x86_64 (rt_sigaction).
type kSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

// rtSigaction sets sig's handler to SIG_DFL or SIG_IGN with rt_sigaction,
// behind the Go runtime's back (os/signal cannot set SIG_DFL for SIGCHLD:
// the runtime keeps its own handler, under which a child's exit would
// interrupt a sleeping select or epoll_wait with EINTR, as no C program
// with SIGCHLD at SIG_DFL sees). It returns the previous handler.
func rtSigaction(sig int, handler uintptr) (uintptr, syscall.Errno) {
	act, old := kSigaction{handler: handler}, kSigaction{}
	_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	return old.handler, e
}

// sigchldIgnored reports whether SIGCHLD is set to SIG_IGN.
func sigchldIgnored() bool {
	var old kSigaction
	syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, sigCHLD, 0, uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	return old.handler == sigIGN
}

// procCall makes the process calls of timeline v2 on the host.
func (w *worker) procCall(c engine.Call) (engine.Result, bool) {
	switch c.Name {
	case "fork":
		return w.fork(c), true
	case "getpid":
		return engine.Result{Ret: int64(syscall.Getpid())}, true
	case "getppid":
		return engine.Result{Ret: int64(syscall.Getppid())}, true
	case "waitpid", "wait":
		pid, opts := int64(-1), int64(0)
		if c.Name == "waitpid" {
			pid, opts = arg(c, 0).Int, arg(c, 1).Int
		}
		var ws syscall.WaitStatus
		r1, _, e := syscall.Syscall6(syscall.SYS_WAIT4, uintptr(int32(pid)), uintptr(unsafe.Pointer(&ws)), uintptr(int32(opts)), 0, 0, 0)
		r := result(r1, e)
		r.Ret = int64(int32(r.Ret))
		r.HasStatus = true
		if e == 0 && r.Ret > 0 {
			r.Status = int64(ws.ExitStatus())
		}
		return r, true
	case "signal":
		// Timelines may set only SIGCHLD to SIG_DFL or SIG_IGN (as the
		// engine): anything else is refused without a system call.
		sig, h := arg(c, 0).Int, arg(c, 1).Int
		if sig != sigCHLD || h != sigDFL && h != sigIGN {
			return engine.Result{Ret: -1, Errno: engine.EINVAL}, true
		}
		old, e := rtSigaction(sigCHLD, uintptr(h))
		if e != 0 {
			return engine.Result{Ret: -1, Errno: engine.Errno(e)}, true
		}
		return engine.Result{Ret: int64(old)}, true
	}
	return engine.Result{}, false
}

// exitNow ends the worker as exit(status) does: exit_group closes every fd
// (the control pipes last: they are above every timeline fd).
func exitNow(status int64) {
	syscall.RawSyscall(syscall.SYS_EXIT_GROUP, uintptr(int32(status)), 0, 0)
}
