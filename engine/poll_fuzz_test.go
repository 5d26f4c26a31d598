package engine

import "testing"

// FuzzPollSyscalls mixes pipe, poll, select and epoll calls (blocking ones
// included, with time-outs the sleeps reach) into the AF_UNIX and AF_INET
// call sequences of the other fuzzers: no panic, the invariants hold after
// every call (every epitem on its file's f_ep list and in its rbtree, the
// ready list within the interest list, poll entries owned by sleeping
// pollers that hold their files, pipes counting their ends).
func FuzzPollSyscalls(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 3, 1, 0, 3, 3, 4, 1, 4, 3, 0, 0, 5, 1, 2, 2, 6, 3, 0, 0, 7, 0, 9})
	f.Add([]byte{0, 0, 1, 0, 0, 2, 3, 1, 0, 2, 4, 2, 0, 4, 3, 1, 1, 9, 3, 0, 2, 6, 0, 0, 0, 8, 3, 1, 0, 10, 3, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 2, 3, 1, 0, 2, 5, 9, 0, 2, 4, 1, 1, 5, 3, 3, 0, 10, 4, 1, 2, 7, 2, 5})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzKernel(t, data, 300, pollFuzzCall) })
}

var (
	pollFuzzEvents  = []int64{1, 4, 5, 0x2001, 0, 1 | 1<<31, 1 | 1<<30, 4 | 1<<28, 0x10, -1}
	pollFuzzTimeout = []int64{0, -1, 10, 1000}
)

func kL(v ...int64) Arg {
	a := Arg{Kind: ArgList, List: []Arg{}}
	for _, x := range v {
		a.List = append(a.List, kI(x))
	}
	return a
}

func pollFuzzCall(op, a, b byte) Call {
	fd := int64(a%8) + 3
	ev := pollFuzzEvents[int(b)%len(pollFuzzEvents)]
	to := kI(pollFuzzTimeout[int(b>>4)%len(pollFuzzTimeout)])
	switch op % 16 {
	case 0:
		return kC("pipe2", kSV("p"), kI([]int64{0, nonb, oDIRECT, nonb | oDIRECT}[b%4]))
	case 1:
		return kC("epoll_create1", kI(int64(b%2)*cloex))
	case 2:
		return kC("epoll_ctl", kI(fd), kI(int64(b%4)), kI(int64(b>>2)%8+3), kI(ev))
	case 3:
		return kC("epoll_wait", kI(fd), kI(int64(b%3)), to)
	case 4:
		return kC("poll", kL(fd, ev), kL(int64(b%8)+2, 1), to)
	case 5:
		return kC("select", kI(int64(b%12)), kL(fd, 4), kL(fd+1), kNull(), to)
	case 6:
		return kC("sleep", kI([]int64{0, 10, 1000, 5}[b%4]))
	case 7:
		return kC("write", kI(fd), kF(fuzzSizes[int(b)%len(fuzzSizes)]))
	case 8:
		return kC("read", kI(fd), kI(fuzzSizes[int(b)%len(fuzzSizes)]))
	case 9, 10:
		if op%2 == 0 {
			return fuzzCall(b, a, b>>1)
		}
		return inetFuzzCall(b, a, b>>1)
	}
	return fuzzCall(op, a, b)
}
