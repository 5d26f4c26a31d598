//go:build linux

package difftest

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"

	"socklab/engine"
)

// The worker's control pipes live above RLIMIT_NOFILE (which the worker sets
// to nofileLimit, like the engine), so no fd the timeline can create or dup2
// to ever collides with them. A timeline naming them explicitly gets EBADF,
// as it would if they did not exist.
const (
	ctlCmdFD    = 1030
	ctlResFD    = 1031
	nofileLimit = 1024
)

// rawFD is an io.Reader/io.Writer on a file descriptor using plain read(2) and
// write(2): the worker must not create an os.File (its poller would open an
// epoll fd the timeline could see).
type rawFD int

func (f rawFD) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(f), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f rawFD) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n, err := syscall.Write(int(f), p[done:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

// workerMain is one timeline process. Its control pipes arrive as fds 3 and 4.
func workerMain() {
	runtime.LockOSThread() // every call is made by the one thread the test watches
	signal.Ignore(syscall.SIGPIPE)
	if spec := os.Getenv(envForked); spec != "" { // started by fork (fork_linux.go)
		var ctl [2]int
		fmt.Sscanf(spec, "%d,%d", &ctl[0], &ctl[1])
		if err := forkedSetup(spec); err != nil {
			_ = writeFrame(rawFD(ctl[1]), reply{Err: "forked worker setup: " + err.Error()})
			_ = writeFrame(rawFD(ctlResFD), reply{Err: "forked worker setup: " + err.Error()})
			os.Exit(3)
		}
	} else {
		res := rawFD(4)
		closeInherited(4)
		if err := workerSetupFDs(); err != nil {
			_ = writeFrame(res, reply{Err: "worker setup: " + err.Error()})
			os.Exit(3)
		}
		// SIGCHLD at SIG_DFL, as in a C program (see rtSigaction).
		if _, e := rtSigaction(sigCHLD, sigDFL); e != 0 {
			_ = writeFrame(rawFD(ctlResFD), reply{Err: "worker setup: rt_sigaction: " + e.Error()})
			os.Exit(3)
		}
	}
	cmd, out := rawFD(ctlCmdFD), rawFD(ctlResFD)
	fds, err := openFDs()
	if err != nil {
		_ = writeFrame(out, reply{Err: "worker: listing fds: " + err.Error()})
		os.Exit(3)
	}
	h := &hello{PID: os.Getpid(), TID: syscall.Gettid(), FDs: fds}
	for _, fd := range fds {
		target, _ := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
		h.Targets = append(h.Targets, target)
	}
	if err := writeFrame(out, reply{Hello: h}); err != nil {
		os.Exit(3)
	}
	w := &worker{}
	for {
		var c engine.Call
		if err := readFrame(cmd, &c); err != nil {
			os.Exit(0) // the test closed the pipe: the timeline is over
		}
		r := w.exec(c)
		rep := reply{Result: &r, Addr: []byte(r.Addr)}
		if w.failure != "" {
			rep = reply{Err: w.failure}
		}
		if err := writeFrame(out, rep); err != nil {
			os.Exit(3)
		}
		if c.Name == "exit" {
			exitNow(arg(c, 0).Int)
		}
	}
}

// workerSetupFDs moves the control pipes from 3 and 4 to ctlCmdFD and
// ctlResFD and sets RLIMIT_NOFILE to nofileLimit, leaving fds 0-2 for the
// timeline. The Go runtime raised the soft limit to the hard one at start.
func workerSetupFDs() error { return moveCtlFDs(3, 4) }

// moveCtlFDs moves the control pipes from cmd and res to ctlCmdFD and
// ctlResFD (close-on-exec) and sets RLIMIT_NOFILE to nofileLimit.
func moveCtlFDs(cmd, res int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Max <= ctlResFD {
		return fmt.Errorf("hard RLIMIT_NOFILE %d: need more than %d", lim.Max, ctlResFD)
	}
	if lim.Cur <= ctlResFD {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return err
		}
	}
	if err := syscall.Dup3(cmd, ctlCmdFD, syscall.O_CLOEXEC); err != nil {
		return err
	}
	if err := syscall.Dup3(res, ctlResFD, syscall.O_CLOEXEC); err != nil {
		return err
	}
	_ = syscall.Close(cmd)
	_ = syscall.Close(res)
	lim.Cur = nofileLimit
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
}

// closeInherited closes the fds above keep that this process inherited
// without close-on-exec from the test's own environment (a shell's or the go
// tool's descriptors): Go opens every fd with O_CLOEXEC, so an fd without
// it survived an exec and belongs to nobody here.
func closeInherited(keep int) {
	dir, err := syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	var inherited []int
	buf := make([]byte, 8192)
	for {
		n, err := syscall.ReadDirent(dir, buf)
		if err != nil || n == 0 {
			break
		}
		_, _, names := syscall.ParseDirent(buf[:n], -1, nil)
		for _, name := range names {
			fd, err := strconv.Atoi(name)
			if err != nil || fd <= keep || fd == dir {
				continue
			}
			flags, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
			if e == 0 && flags&syscall.FD_CLOEXEC == 0 {
				inherited = append(inherited, fd)
			}
		}
	}
	syscall.Close(dir)
	for _, fd := range inherited {
		syscall.Close(fd)
	}
}

// openFDs lists the open fds other than the control pipes.
func openFDs() ([]int, error) {
	dir, err := syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(dir)
	var fds []int
	buf := make([]byte, 8192)
	for {
		n, err := syscall.ReadDirent(dir, buf)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		_, _, names := syscall.ParseDirent(buf[:n], -1, nil)
		for _, name := range names {
			fd, err := strconv.Atoi(name)
			if err == nil && fd != dir && fd != ctlCmdFD && fd != ctlResFD {
				fds = append(fds, fd)
			}
		}
	}
	return fds, nil
}
