package engine

import (
	"testing"
)

// FuzzInetSyscalls decodes random bytes into AF_INET call sequences by
// three processes over a few fds, loopback and bad addresses, sizes and
// clock advances, and requires that the kernel never panics, its
// invariants hold after every call, snapshots build, and a clone taken
// mid-way stays consistent.
func FuzzInetSyscalls(f *testing.F) {
	// server: socket, bind, listen; client: socket, connect; server accept...
	f.Add([]byte{0, 0, 0, 0, 0, 2, 3, 0, 0, 3, 3, 1, 1, 0, 0, 0, 1, 5, 3, 0, 0, 4, 3, 0, 1, 6, 3, 2, 0, 7, 4, 3, 1, 8, 3, 0, 0, 23, 0, 5})
	f.Add([]byte{0, 0, 0, 1, 0, 2, 3, 0, 1, 0, 0, 1, 1, 12, 3, 0, 0, 13, 3, 1, 1, 5, 3, 1, 1, 9, 3, 2, 1, 10, 3, 3})
	f.Add([]byte{0, 0, 0, 2, 0, 2, 3, 0, 0, 3, 3, 0, 1, 0, 0, 2, 1, 5, 3, 0, 2, 0, 0, 2, 2, 5, 3, 0, 0, 23, 0, 3, 0, 4, 3, 0})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzKernel(t, data, 300, inetFuzzCall) })
}

var (
	inetFuzzAddrs = []Arg{kS("127.0.0.1:5000"), kS("127.0.0.1:5001"), kS("0.0.0.0:5000"), kS("127.0.0.2:5000"),
		kS("127.0.0.1:0"), kS("10.0.0.1:80"), kS(""), kNull(), kS("/tmp/x"), kS("127.0.0.1:99999"), kF(200), kS("1.2.3:4")}
	inetFuzzSizes = []int64{0, 1, 5, 100, 70000, 65507, 300000, 1 << 40, -1}
	inetFuzzSleep = []int64{0, 1, 999, 1000, 60000, 127000, 1 << 40, -5}
)

func inetFuzzCall(op, a, b byte) Call {
	fd := kI(int64(a%6) + 3)
	addr := inetFuzzAddrs[int(b)%len(inetFuzzAddrs)]
	size := kI(inetFuzzSizes[int(b)%len(inetFuzzSizes)])
	buf := kF(inetFuzzSizes[int(b)%len(inetFuzzSizes)])
	switch op % 26 {
	case 0:
		typ := []int64{stm, dgm, stm | nonb, dgm | nonb, 5, 3}[int(b)%6]
		return kC("socket", kI(afI), kI(typ), kI([]int64{0, 6, 17, 1}[int(a)%4]))
	case 23:
		return kC("sleep", kI(inetFuzzSleep[int(b)%len(inetFuzzSleep)]))
	case 24:
		return kC("setsockopt", fd, kI(6), kI(1), kI(int64(b&1)))
	case 25:
		return kC("setsockopt", fd, kI(1), kI(2), kI(int64(b&1)))
	case 3:
		return kC("listen", fd, kI(int64(b%4)-1))
	case 5:
		return kC("connect", fd, addr)
	case 6:
		return kC("write", fd, buf)
	case 7:
		return kC("read", fd, size)
	case 2:
		return kC("bind", fd, addr)
	}
	return fuzzCall(op, a, b)
}
