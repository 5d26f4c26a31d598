//go:build linux

package difftest

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// The zygote is one timeline's namespace holder. Its first message on fd 3
// (a SOCK_SEQPACKET socket to the test) is "ready", or the error that made
// namespace setup fail. Then each message from the test asks for a worker;
// the zygote answers "ok PID" with the test's ends of the worker's control
// pipes (calls in, replies out) as SCM_RIGHTS, or "error: ...". It keeps one
// spare worker already started, so the Go runtime of the next worker starts
// while the timeline runs. On EOF it kills and reaps its workers and exits.
const zygoteCtlFD = 3

// spareWorker is a started worker with the test's ends of its pipes.
type spareWorker struct {
	cmd        *exec.Cmd
	cmdW, resR int
}

func zygoteMain() {
	send := func(s string) { _, _ = syscall.Write(zygoteCtlFD, []byte(s)) }
	closeInherited(zygoteCtlFD)
	if os.Getenv(envIsolated) == "1" {
		if err := setupNamespaces(); err != nil {
			send("error: " + err.Error())
			return
		}
	}
	if err := os.Chdir("/tmp"); err != nil {
		send("error: " + err.Error())
		return
	}
	// Workers forked by workers (timeline fork) whose parent exits come to
	// the zygote (PR_SET_CHILD_SUBREAPER), not to the host's init, and are
	// reaped here at the end.
	const prSetChildSubreaper = 36
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		send("error: PR_SET_CHILD_SUBREAPER: " + e.Error())
		return
	}
	send("ready")
	var workers []*exec.Cmd
	defer func() {
		for _, w := range workers {
			_ = w.Process.Kill()
			_ = w.Wait()
		}
		reapOrphans()
	}()
	spare, spareErr := startWorker()
	buf := make([]byte, 4096)
	for {
		n, err := syscall.Read(zygoteCtlFD, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n == 0 {
			if spare != nil {
				workers = append(workers, spare.cmd)
			}
			return
		}
		if spare == nil {
			if spare, spareErr = startWorker(); spare == nil {
				send("error: " + spareErr.Error())
				continue
			}
		}
		w := spare
		workers = append(workers, w.cmd)
		err = syscall.Sendmsg(zygoteCtlFD, []byte("ok "+strconv.Itoa(w.cmd.Process.Pid)), syscall.UnixRights(w.cmdW, w.resR), nil, 0)
		syscall.Close(w.cmdW)
		syscall.Close(w.resR)
		if err != nil {
			return
		}
		spare, spareErr = startWorker()
	}
}

// reapOrphans reaps the zygote's remaining children (orphaned forked
// workers, which the test has killed), for at most a few seconds.
func reapOrphans() {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
		switch {
		case err == syscall.EINTR:
		case err != nil:
			return // ECHILD: none left
		case pid == 0:
			time.Sleep(time.Millisecond)
		}
	}
}

// startWorker re-executes the test binary as a worker with its control pipes
// as fds 3 (calls) and 4 (replies), cwd /tmp, stdin and stdout /dev/null and
// stderr shared with the test (for panics).
func startWorker() (*spareWorker, error) {
	var cmdp, resp [2]int
	if err := syscall.Pipe2(cmdp[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	if err := syscall.Pipe2(resp[:], syscall.O_CLOEXEC); err != nil {
		syscall.Close(cmdp[0])
		syscall.Close(cmdp[1])
		return nil, err
	}
	cmdR, resW := os.NewFile(uintptr(cmdp[0]), "cmd"), os.NewFile(uintptr(resp[1]), "res")
	defer cmdR.Close()
	defer resW.Close()
	w := exec.Command("/proc/self/exe", "-test.run=^$")
	w.Args[0] = "socklab-worker"
	// The Go runtime keeps the cgroup CPU quota files open to track
	// GOMAXPROCS (a worker must own no fd besides 0-2 and its pipes), and
	// its asynchronous preemption sends SIGURG, which can land while the
	// worker sleeps in a call: a signal ends a MSG_WAITALL read early.
	godebug := "containermaxprocs=0,updatemaxprocs=0,asyncpreemptoff=1"
	if g := os.Getenv("GODEBUG"); g != "" {
		godebug = g + "," + godebug
	}
	w.Env = append(os.Environ(), envRole+"=worker", "GODEBUG="+godebug)
	w.Dir = "/tmp"
	w.Stderr = os.Stderr
	w.ExtraFiles = []*os.File{cmdR, resW}
	w.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := w.Start(); err != nil {
		syscall.Close(cmdp[1])
		syscall.Close(resp[0])
		return nil, err
	}
	return &spareWorker{cmd: w, cmdW: cmdp[1], resR: resp[0]}, nil
}

// setupNamespaces runs in the fresh mount and network namespaces the test
// created: private mounts, a fresh tmpfs on /tmp, lo up.
func setupNamespaces() error {
	if err := syscall.Mount("none", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	if err := syscall.Mount("tmpfs", "/tmp", "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=1777,size=256m"); err != nil {
		return fmt.Errorf("mounting tmpfs on /tmp: %w", err)
	}
	return loopbackUp()
}

// loopbackUp sets IFF_UP on lo with SIOCGIFFLAGS/SIOCSIFFLAGS (AF_INET
// timelines need 127.0.0.1 in the new network namespace).
func loopbackUp() error {
	s, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("lo up: %w", err)
	}
	defer syscall.Close(s)
	var ifr [40]byte // struct ifreq: name[16], then ifr_flags (short)
	copy(ifr[:], "lo")
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(s), syscall.SIOCGIFFLAGS, uintptr(unsafe.Pointer(&ifr))); e != 0 {
		return fmt.Errorf("SIOCGIFFLAGS lo: %w", e)
	}
	flags := uint16(ifr[16]) | uint16(ifr[17])<<8 | syscall.IFF_UP | syscall.IFF_RUNNING
	ifr[16], ifr[17] = byte(flags), byte(flags>>8)
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(s), syscall.SIOCSIFFLAGS, uintptr(unsafe.Pointer(&ifr))); e != 0 {
		return fmt.Errorf("SIOCSIFFLAGS lo: %w", e)
	}
	return nil
}

// parseRights extracts the fds of SCM_RIGHTS messages.
func parseRights(oob []byte) ([]int, error) {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, err
	}
	var fds []int
	for i := range msgs {
		r, err := syscall.ParseUnixRights(&msgs[i])
		if err != nil {
			return nil, err
		}
		fds = append(fds, r...)
	}
	return fds, nil
}
