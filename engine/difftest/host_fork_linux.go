//go:build linux

package difftest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	"socklab/engine"
)

// The test side of fork and exit (the worker side is in fork_linux.go).

// fork asks worker t to fork. The test makes the child's control pipes and
// passes their /proc paths; the child says hello on them once it has
// restored the parent's fd flags. The child's handle is its real pid, which
// is also fork's result in the parent.
func (b *HostBackend) fork(t *hostTask, c engine.Call) engine.Result {
	var cmdp, resp [2]int
	if err := syscall.Pipe2(cmdp[:], syscall.O_CLOEXEC); err != nil {
		b.fail("fork: %v", err)
		return failed
	}
	if err := syscall.Pipe2(resp[:], syscall.O_CLOEXEC); err != nil {
		syscall.Close(cmdp[0])
		syscall.Close(cmdp[1])
		b.fail("fork: %v", err)
		return failed
	}
	self := os.Getpid()
	path := func(fd int) string { return "/proc/" + strconv.Itoa(self) + "/fd/" + strconv.Itoa(fd) }
	call := forkArgs(c, path(cmdp[0]), path(resp[1]))
	r := b.call(t, call)
	syscall.Close(cmdp[0]) // the worker opened its own copies before it replied
	syscall.Close(resp[1])
	if b.err != nil || r.Errno != 0 || r.Ret <= 0 {
		syscall.Close(cmdp[1])
		syscall.Close(resp[0])
		return r
	}
	child := &hostTask{id: int(r.Ret), pid: int(r.Ret), comm: arg(c, 0).Name, replies: make(chan reply, 1), done: make(chan struct{}),
		cmd: os.NewFile(uintptr(cmdp[1]), "cmd"), res: os.NewFile(uintptr(resp[0]), "res")}
	b.tasks = append(b.tasks, child)
	if err := b.attach(child, false); err != nil {
		b.fail("forked process %q: %v", child.comm, err)
		return failed
	}
	return r
}

// call sends c to t and waits for its reply (c cannot block).
func (b *HostBackend) call(t *hostTask, c engine.Call) engine.Result {
	if err := writeFrame(t.cmd, c); err != nil {
		b.fail("sending %s to %q: %v", c.Name, t.comm, err)
		return failed
	}
	t.call = c
	t.nr, t.fd = -2, 0
	r, _ := b.await(t)
	return r
}

// exit makes worker t exit. It replies first; then its reply pipe reaches
// EOF once exit_group closed every fd (the control pipes are the highest),
// and it is dead once /proc shows a zombie whose other threads are gone, or
// no process at all (reaped). Only then are the processes it woke (peers
// reading EOF, a parent in wait4) settled.
func (b *HostBackend) exit(t *hostTask, c engine.Call) engine.Result {
	r := b.call(t, c)
	if b.err != nil {
		return r
	}
	select {
	case rep := <-t.replies:
		if rep.Err == "" {
			b.fail("process %q replied after exit", t.comm)
			return failed
		}
	case <-time.After(callTimeout):
		b.fail("process %q did not exit in %v", t.comm, callTimeout)
		return failed
	}
	t.exited = true
	if err := waitDead(t.pid); err != nil {
		b.fail("process %q: %v", t.comm, err)
		return failed
	}
	b.settle()
	if b.SettleDelay > 0 {
		b.waitNetQuiet()
		b.settle()
	}
	return r
}

// waitDead waits until pid is a zombie with one thread left or gone. The
// last thread's release_task notifies the parent just after the thread
// count drops, so a short grace follows.
func waitDead(pid int) error {
	deadline := time.Now().Add(callTimeout)
	for {
		st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if errors.Is(err, os.ErrNotExist) || err == nil && bytes.Contains(st, []byte("\nState:\tZ")) && bytes.Contains(st, []byte("\nThreads:\t1\n")) {
			time.Sleep(2 * time.Millisecond)
			return nil
		}
		if err != nil && !errors.Is(err, syscall.ESRCH) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still alive %v after exit", callTimeout)
		}
		time.Sleep(200 * time.Microsecond)
	}
}
