package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzSyscalls decodes random bytes into call sequences by three processes
// over a few fds, paths and sizes, and requires that the kernel never
// panics, its invariants hold after every call, snapshots build, and a
// clone taken mid-way stays consistent.
func FuzzSyscalls(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 2, 3, 0, 0, 3, 3, 1, 1, 0, 0, 0, 1, 4, 3, 0, 0, 5, 3, 0})
	f.Add([]byte{0, 1, 0, 0, 0, 6, 3, 1, 0, 7, 4, 3, 1, 1, 0, 0, 1, 4, 3, 0, 0, 8, 3, 2})
	f.Add([]byte{0, 0, 1, 0, 0, 2, 3, 2, 1, 0, 1, 0, 1, 9, 3, 2, 0, 10, 3, 3, 0, 11, 3, 1})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzKernel(t, data, 400, fuzzCall) })
}

// fuzzKernel drives three tasks with up to maxCalls calls decoded from data
// (4 bytes each: task, then decode's three bytes) and checks after every
// call that the invariants hold, and now and then that a snapshot builds and
// a clone is consistent.
func fuzzKernel(t *testing.T, data []byte, maxCalls int, decode func(a, b, c byte) Call) {
	k := NewKernel()
	pids := []int{k.NewTask("a"), k.NewTask("b"), k.NewTask("c")}
	for i := 0; i+3 < len(data) && i < 4*maxCalls; i += 4 {
		pid := pids[int(data[i])%len(pids)]
		c := decode(data[i+1], data[i+2], data[i+3])
		k.SetStep(i/4+1, i/4+1)
		k.Syscall(pid, c)
		k.Chain()
		require.NoError(t, k.CheckInvariants(), "after %s", c.Name)
		if i%64 == 0 {
			require.NotNil(t, k.Snapshot())
			require.NoError(t, k.Clone().CheckInvariants())
		}
	}
}

var (
	fuzzAddrs = []Arg{kS("/tmp/a"), kS("/tmp/b"), kS("@x"), kS(""), kNull(), kS("/none/q"), kF(108), kS("a"), kS("@"), kS("127.0.0.1:1")}
	fuzzSizes = []int64{0, 1, 5, 100, 4096, 300000, 1 << 40, -1}
	fuzzFlags = []int64{0, msgPeek, msgDontwait, msgWaitall, msgTrunc, msgOOB, msgOOB | msgPeek, msgDontwait | msgPeek, 1 << 30}
	fuzzTypes = []int64{1, 2, 5, 1 | nonb, 2 | nonb, 5 | cloex, 0, 3}
)

func fuzzCall(op, a, b byte) Call {
	fd := kI(int64(a%8) + 1)
	if a >= 250 {
		fd = kI(int64(a) << 33)
	}
	addr := fuzzAddrs[int(b)%len(fuzzAddrs)]
	size := kI(fuzzSizes[int(b)%len(fuzzSizes)])
	flags := kI(fuzzFlags[int(b>>3)%len(fuzzFlags)])
	buf := kF(fuzzSizes[int(b)%len(fuzzSizes)])
	switch op % 24 {
	case 0:
		return kC("socket", kI(afU), kI(fuzzTypes[int(b)%len(fuzzTypes)]), kI(int64(a%3)))
	case 1:
		return kC("socketpair", kI(afU), kI(fuzzTypes[int(b)%len(fuzzTypes)]), kI(0), kSV("sv"))
	case 2:
		return kC("bind", fd, addr)
	case 3:
		return kC("listen", fd, kI(int64(b%4)-1))
	case 4:
		return kC("accept", fd)
	case 5:
		return kC("connect", fd, addr)
	case 6:
		return kC("write", fd, buf)
	case 7:
		return kC("read", fd, size)
	case 8:
		return kC("close", fd)
	case 9:
		return kC("send", fd, buf, flags)
	case 10:
		return kC("recv", fd, size, flags)
	case 11:
		return kC("shutdown", fd, kI(int64(b%4)))
	case 12:
		return kC("sendto", fd, buf, flags, addr)
	case 13:
		return kC("recvfrom", fd, size, flags)
	case 14:
		return kC("unlink", addr)
	case 15:
		return kC("dup", fd)
	case 16:
		return kC("dup2", fd, kI(int64(b%10)))
	case 17:
		return kC("fcntl", fd, kI(4), kI(int64(b&1)*nonb))
	case 18:
		return kC("setsockopt", fd, kI(1), kI(int64(7+b%2)), kI(int64(b)*100))
	case 19:
		return kC("getsockopt", fd, kI(1), kI(int64([]int{2, 3, 4, 7, 8, 30, 39}[b%7])))
	case 20:
		return kC("getsockname", fd)
	case 21:
		return kC("getpeername", fd)
	case 22:
		return kC("accept4", fd, kI(int64(b%3)*nonb))
	}
	return kC("fcntl", fd, kI(3))
}
