//go:build linux

package difftest

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// taskState is what /proc says about one worker thread.
type taskState struct {
	State     byte   // 'R', 'S', 'D', ...; '?' if it changed while being read
	Switches  uint64 // voluntary + nonvoluntary context switches
	InSyscall bool   // blocked in a system call (/proc/.../syscall has a number >= 0)
	Nr        int64  // that system call's number
	Arg0      uint64 // and its first argument
}

// probeTask reads status, syscall, status for one thread; the two status
// reads must agree for the syscall line to be a consistent snapshot.
func probeTask(pid, tid int) (taskState, error) {
	dir := fmt.Sprintf("/proc/%d/task/%d/", pid, tid)
	a, err := readStatus(dir)
	if err != nil {
		return a, err
	}
	sc, err := os.ReadFile(dir + "syscall")
	if err != nil {
		return a, err
	}
	b, err := readStatus(dir)
	if err != nil {
		return b, err
	}
	if a != b {
		b.State = '?'
		return b, nil
	}
	f := bytes.Fields(sc)
	if len(f) >= 2 && string(f[0]) != "running" {
		nr, err1 := strconv.ParseInt(string(f[0]), 10, 64)
		arg0, err2 := strconv.ParseUint(string(bytes.TrimPrefix(f[1], []byte("0x"))), 16, 64)
		if err1 == nil && err2 == nil && nr >= 0 {
			b.InSyscall, b.Nr, b.Arg0 = true, nr, arg0
		}
	}
	return b, nil
}

func readStatus(dir string) (taskState, error) {
	var st taskState
	data, err := os.ReadFile(dir + "status")
	if err != nil {
		return st, err
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch string(k) {
		case "State":
			if len(v) > 0 {
				st.State = v[0]
			}
		case "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches":
			n, _ := strconv.ParseUint(string(v), 10, 64)
			st.Switches += n
		}
	}
	return st, nil
}

// asleepIn reports whether the thread sleeps interruptibly inside system call
// nr on fd (compared as the kernel's unsigned int; anyArg0 matches any first
// argument, e.g. poll's pointer to its pollfd array).
func (s taskState) asleepIn(nr, fd int64) bool {
	return s.State == 'S' && s.InSyscall && s.Nr == nr && (fd == anyArg0 || uint32(s.Arg0) == uint32(fd))
}
