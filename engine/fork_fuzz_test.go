package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzProcesses mixes fork, exit, wait4 and signal(SIGCHLD) with the socket
// calls of FuzzSyscalls, over a set of tasks that grows with every fork:
// no panic, the invariants hold after every call (no zombie without a
// parent, f_count equals the fd slots holding each file, waiters sleep on
// their queues), and snapshots and clones stay consistent.
func FuzzProcesses(f *testing.F) {
	f.Add([]byte{0, 30, 0, 0, 0, 0, 1, 0, 1, 31, 3, 0, 0, 32, 0, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 30, 0, 0, 1, 5, 3, 1, 0, 33, 1, 0, 1, 31, 0, 0, 0, 34, 0, 0})
	f.Add([]byte{0, 35, 1, 0, 0, 30, 0, 0, 0, 32, 0, 0, 1, 31, 0, 0, 0, 30, 0, 0, 2, 31, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		k := NewKernel()
		pids := []int{k.NewTask("a"), k.NewTask("b")}
		for i := 0; i+3 < len(data) && i < 4*400; i += 4 {
			pid := pids[int(data[i])%len(pids)]
			c := fuzzProcCall(data[i+1], data[i+2], data[i+3])
			k.SetStep(i/4+1, i/4+1)
			r, _ := k.Syscall(pid, c)
			if c.Name == "fork" && r.Errno == 0 {
				pids = append(pids, int(r.Ret))
			}
			k.Chain()
			require.NoError(t, k.CheckInvariants(), "after %s by %d", c.Name, pid)
			if i%32 == 0 {
				require.NotNil(t, k.Snapshot())
				require.NoError(t, k.Clone().CheckInvariants())
			}
		}
	})
}

func fuzzProcCall(op, a, b byte) Call {
	switch op % 40 {
	case 30:
		return kC("fork", Arg{Kind: ArgName, Name: "f"})
	case 31:
		return kC("exit", kI(int64(a)))
	case 32:
		return kC("wait")
	case 33:
		return kC("waitpid", kI([]int64{-1, 0, 100, 101, 102, 103, -5}[int(a)%7]), kI([]int64{0, wNOHANG, 4}[int(b)%3]))
	case 34:
		return kC("signal", kI(sigCHLD), kI(int64(a%2)))
	case 35:
		return kC("getppid")
	case 36:
		return kC("socketpair", kI(afU), kI(1), kI(0), kSV("sv"))
	}
	return fuzzCall(op, a, b)
}
