//go:build linux

package difftest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"socklab/engine"
)

// envNoIsolation, when set, makes NewHostBackend skip the namespaces (to
// test the fallback).
const envNoIsolation = "SOCKLAB_DIFFTEST_NO_NAMESPACES"

// Timeouts. Only harness failures hit them, and they fail loudly.
const (
	callTimeout  = 20 * time.Second // one call: result or stably asleep
	spawnTimeout = 20 * time.Second // a zygote or worker starting
	stableGap    = time.Millisecond // between the two /proc samples that confirm a sleep
)

// HostBackend is a timeline.Backend whose kernel is the host's: each timeline
// process is a worker process making real system calls (see the package
// comment). Use one HostBackend per timeline and Close it afterwards.
type HostBackend struct {
	Isolated bool // the workers run in private mount and network namespaces

	// SettleDelay, if set, makes every call wait until the namespace's
	// TCP/UDP sockets look the same twice SettleDelay apart
	// (netsettle_linux.go) before blocked workers are settled a second
	// time. AF_UNIX wakes sleepers inside the waker's system call and needs
	// none; loopback TCP/UDP deliver in softirq context, which the kernel
	// may defer to ksoftirqd, so AF_INET suites should set a millisecond or
	// two.
	SettleDelay time.Duration

	zygote  *exec.Cmd
	ctl     int // our end of the zygote's control socket
	tasks   []*hostTask
	step    int
	pending []engine.Completion
	err     error
	// sleeping: the current call is a sleep, whose completions (time-outs
	// expiring in real time) are ordered by when they arrived.
	sleeping bool
	bound    []string // fallback cleanup: paths bound without namespaces
}

// hostTask is one worker.
type hostTask struct {
	id, pid, tid int
	comm         string
	cmd          *os.File // calls to the worker
	res          *os.File
	replies      chan reply
	done         chan struct{} // closed by Close: stops the reader goroutine
	blocked      bool
	blockStep    int
	nr, fd       int64  // the system call it sleeps in
	switches     uint64 // its context-switch count when last seen asleep
	call         engine.Call
	exited       bool      // it called exit (host_fork_linux.go)
	lastAt       time.Time // when its last reply arrived
}

// NewHostBackend starts the zygote for one timeline. It needs Linux and, for
// isolation, root (CLONE_NEWNS|CLONE_NEWNET); without them it falls back to
// the host namespaces (Isolated false) and removes the paths the timeline
// bound on Close.
func NewHostBackend() (*HostBackend, error) {
	b := &HostBackend{ctl: -1}
	err := errors.New(envNoIsolation + " is set")
	if os.Getenv(envNoIsolation) == "" {
		err = b.startZygote(true)
	}
	if err != nil {
		if err2 := b.startZygote(false); err2 != nil {
			return nil, fmt.Errorf("starting the host zygote: isolated: %v; plain: %w", err, err2)
		}
	}
	return b, nil
}

func (b *HostBackend) startZygote(isolated bool) error {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	zf := os.NewFile(uintptr(fds[1]), "zygote-ctl")
	defer zf.Close()
	tv := syscall.NsecToTimeval(int64(spawnTimeout))
	if err := syscall.SetsockoptTimeval(fds[0], syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
		syscall.Close(fds[0])
		return err
	}
	z := exec.Command("/proc/self/exe", "-test.run=^$")
	z.Args[0] = "socklab-zygote"
	z.Env = append(os.Environ(), envRole+"=zygote", envIsolated+"="+map[bool]string{true: "1", false: "0"}[isolated])
	z.Stderr = os.Stderr
	z.ExtraFiles = []*os.File{zf}
	z.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if isolated {
		z.SysProcAttr.Cloneflags = syscall.CLONE_NEWNS | syscall.CLONE_NEWNET
	}
	if err := z.Start(); err != nil {
		syscall.Close(fds[0])
		return err
	}
	b.zygote, b.ctl, b.Isolated = z, fds[0], isolated
	msg, err := b.zygoteRead()
	if err == nil && msg != "ready" {
		err = errors.New(msg)
	}
	if err != nil {
		b.stopZygote()
		return err
	}
	return nil
}

func (b *HostBackend) zygoteRead() (string, error) {
	buf := make([]byte, 4096)
	for {
		n, err := syscall.Read(b.ctl, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("zygote: %w", err)
		}
		if n == 0 {
			return "", errors.New("zygote exited")
		}
		return string(buf[:n]), nil
	}
}

func (b *HostBackend) stopZygote() {
	if b.ctl >= 0 {
		syscall.Close(b.ctl) // EOF: the zygote kills and reaps its workers
		b.ctl = -1
	}
	if b.zygote == nil {
		return
	}
	done := make(chan struct{})
	go func() { _ = b.zygote.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(spawnTimeout):
		_ = b.zygote.Process.Kill()
		<-done
	}
	b.zygote = nil
}

// Err is the first harness failure (a worker that died, a call that neither
// returned nor slept within callTimeout, ...). A run with Err() != nil is
// not a valid host result.
func (b *HostBackend) Err() error { return b.err }

func (b *HostBackend) fail(format string, args ...any) {
	if b.err == nil {
		b.err = fmt.Errorf("host backend (step %d): %s", b.step, fmt.Sprintf(format, args...))
	}
}

// failed is the result reported for a call the harness could not make.
var failed = engine.Result{Ret: -1, Errno: engine.EIO}

// NewTask starts a worker and returns its handle: its real pid, so that
// fork's result and a child's pid in a timeline variable are handles too
// (-1, -2, ... if the worker could not start).
func (b *HostBackend) NewTask(comm string) int {
	t := &hostTask{id: -(len(b.tasks) + 1), comm: comm, replies: make(chan reply, 1), done: make(chan struct{})}
	b.tasks = append(b.tasks, t)
	if b.err != nil {
		return t.id
	}
	if err := b.spawn(t); err != nil {
		b.fail("starting process %q: %v", comm, err)
	} else {
		t.id = t.pid
	}
	return t.id
}

// task is the worker with handle id (nil if none).
func (b *HostBackend) task(id int) *hostTask {
	for _, t := range b.tasks {
		if t.id == id {
			return t
		}
	}
	return nil
}

func (b *HostBackend) spawn(t *hostTask) error {
	if _, err := syscall.Write(b.ctl, []byte("spawn "+t.comm)); err != nil {
		return err
	}
	buf := make([]byte, 4096)
	oob := make([]byte, syscall.CmsgSpace(2*4))
	var n, oobn int
	var err error
	for {
		n, oobn, _, _, err = syscall.Recvmsg(b.ctl, buf, oob, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("zygote: %w", err)
	}
	fds, err := parseRights(oob[:oobn])
	if err != nil || len(fds) != 2 {
		for _, fd := range fds {
			syscall.Close(fd)
		}
		if n == 0 {
			return errors.New("zygote exited")
		}
		return fmt.Errorf("zygote: %s", buf[:n])
	}
	t.cmd, t.res = os.NewFile(uintptr(fds[0]), "cmd"), os.NewFile(uintptr(fds[1]), "res")
	pid, ok := strings.CutPrefix(string(buf[:n]), "ok ")
	if !ok {
		return errors.New(string(buf[:n]))
	}
	if t.pid, err = strconv.Atoi(pid); err != nil {
		return err
	}
	return b.attach(t, true)
}

// attach starts the reader of t's replies and waits for its hello; a worker
// from the zygote must start with exactly fds 0-2 (a forked one checks its
// fds itself).
func (b *HostBackend) attach(t *hostTask, fresh bool) error {
	go func() { // the only reader of t.res
		for {
			var r reply
			err := readFrame(t.res, &r)
			r.at = time.Now()
			if err != nil {
				r = reply{Err: fmt.Sprintf("worker %q exited: %v", t.comm, err)}
			}
			select {
			case t.replies <- r:
			case <-t.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case r := <-t.replies:
		if r.Hello == nil {
			return fmt.Errorf("no hello: %s", r.Err)
		}
		t.tid = r.Hello.TID
		if fresh && fmt.Sprint(r.Hello.FDs) != "[0 1 2]" {
			return fmt.Errorf("worker starts with fds %v (%q), want [0 1 2]", r.Hello.FDs, r.Hello.Targets)
		}
	case <-time.After(spawnTimeout):
		return errors.New("no hello from the worker")
	}
	return nil
}

// SetStep records the statement being executed.
func (b *HostBackend) SetStep(step, line int) { b.step = step }

// Syscall makes the call in the worker of pid and reports its result or that
// it blocked; the completions of other calls it woke (directly or through a
// chain of woken processes) are then available from Completed.
func (b *HostBackend) Syscall(pid int, c engine.Call) (engine.Result, bool) {
	t := b.task(pid)
	if t == nil {
		b.fail("unknown pid %d", pid)
		return failed, false
	}
	if b.err != nil || t.pid == 0 {
		return failed, false
	}
	if t.blocked || t.exited {
		b.fail("call %s for process %q, which is blocked or has exited", c.Name, t.comm)
		return failed, false
	}
	switch c.Name { // host_fork_linux.go
	case "fork":
		return b.fork(t, c), false
	case "exit":
		return b.exit(t, c), false
	}
	if err := writeFrame(t.cmd, c); err != nil {
		b.fail("sending %s to %q: %v", c.Name, t.comm, err)
		return failed, false
	}
	t.call = c
	b.sleeping = c.Name == "sleep"
	t.nr, t.fd = blockingSyscall(c)
	r, blocked := b.await(t)
	if blocked {
		t.blocked, t.blockStep = true, b.step
	}
	b.settle()
	if b.SettleDelay > 0 {
		b.waitNetQuiet()
		b.settle()
	}
	if !blocked && c.Name == "getppid" && b.task(int(r.Ret)) == nil {
		r.Ret = 1 // the parent is outside the timeline (the zygote, or init after the parent exited)
	}
	if !blocked && c.Name == "bind" && r.Errno == 0 && !b.Isolated {
		if a := arg(c, 1); a.Kind == engine.ArgBytes && len(a.Bytes.Lit) > 0 && a.Bytes.Lit[0] != '@' {
			b.bound = append(b.bound, string(a.Bytes.Lit))
		}
	}
	return r, blocked
}

// await waits until t's result arrives (blocked false) or t sleeps inside
// the call's system call, seen twice stableGap apart with no context switch
// in between (blocked true; t.switches records the count).
func (b *HostBackend) await(t *hostTask) (engine.Result, bool) {
	deadline := time.Now().Add(callTimeout)
	delay := 20 * time.Microsecond
	var last taskState
	for {
		select {
		case r := <-t.replies:
			return b.take(t, r), false
		default:
		}
		st, err := probeTask(t.pid, t.tid)
		if err != nil {
			// The worker may have died: its reply (an error) says why.
			select {
			case r := <-t.replies:
				return b.take(t, r), false
			case <-time.After(spawnTimeout):
				b.fail("process %q: %v", t.comm, err)
				return failed, false
			}
		}
		if st.asleepIn(t.nr, t.fd) && last.asleepIn(t.nr, t.fd) && st.Switches == last.Switches {
			select {
			case r := <-t.replies:
				return b.take(t, r), false
			default:
			}
			t.switches = st.Switches
			return engine.Result{}, true
		}
		wait := delay
		if st.asleepIn(t.nr, t.fd) {
			wait = stableGap
		} else if delay < 2*time.Millisecond {
			delay *= 2
		}
		last = st
		if time.Now().After(deadline) {
			b.fail("%s by %q neither returned nor slept in %v (state %c, syscall %d)", t.call.Name, t.comm, callTimeout, st.State, st.Nr)
			return failed, false
		}
		select {
		case r := <-t.replies:
			return b.take(t, r), false
		case <-time.After(wait):
		}
	}
}

// take turns a worker reply into the call's result.
func (b *HostBackend) take(t *hostTask, r reply) engine.Result {
	if r.Result == nil {
		b.fail("process %q: %s", t.comm, r.Err)
		t.pid = 0
		return failed
	}
	res := *r.Result
	res.Addr = string(r.Addr)
	t.lastAt = r.at
	return res
}

// settle brings every blocked worker to rest after a call: it completed, it
// is still asleep and was never woken (same context-switch count), or it was
// woken and is waited for until it answers or sleeps again. A worker that
// ran may have woken others, so this repeats until a round changes nothing.
func (b *HostBackend) settle() {
	for changed := true; changed && b.err == nil; {
		changed = false
		for _, t := range b.tasks {
			if !t.blocked || t.pid == 0 {
				continue
			}
			select {
			case r := <-t.replies:
				b.complete(t, b.take(t, r))
				changed = true
				continue
			default:
			}
			st, err := probeTask(t.pid, t.tid)
			if err == nil && st.asleepIn(t.nr, t.fd) && st.Switches == t.switches {
				continue
			}
			r, blocked := b.await(t)
			if !blocked {
				b.complete(t, r)
			}
			changed = true
		}
	}
}

func (b *HostBackend) complete(t *hostTask, r engine.Result) {
	t.blocked = false
	c := engine.Completion{PID: t.id, BlockStep: t.blockStep, Result: r}
	if b.sleeping {
		c.At = t.lastAt.UnixNano()
	}
	b.pending = append(b.pending, c)
}

// Completed returns the calls that completed since the last Completed call,
// ordered by the step at which they blocked.
func (b *HostBackend) Completed() []engine.Completion {
	out := b.pending
	b.pending = nil
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].At < out[j].At || out[i].At == out[j].At && out[i].BlockStep < out[j].BlockStep
	})
	return out
}

// Close kills the workers and the zygote (which takes the namespaces and the
// tmpfs with it). Without namespaces it also unlinks the paths bound.
func (b *HostBackend) Close() {
	for _, t := range b.tasks {
		close(t.done)
		if t.pid > 0 && !t.exited {
			_ = syscall.Kill(t.pid, syscall.SIGKILL)
		}
		if t.cmd != nil {
			t.cmd.Close()
		}
	}
	b.stopZygote()
	for _, t := range b.tasks {
		if t.res != nil {
			t.res.Close()
		}
	}
	for _, p := range b.bound {
		if !filepath.IsAbs(p) {
			p = filepath.Join("/tmp", p)
		}
		_ = os.Remove(p)
	}
}
