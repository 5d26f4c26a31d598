package engine

import (
	"fmt"
	"syscall"
	"testing"
)

// cpuNS is the process's user+system CPU time: on a shared machine the
// wall-clock ns/op mostly measures waiting for a CPU, so the benchmarks
// also report cpu-ns/op.
func cpuNS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)
}

// runCPU runs body b.N times and reports cpu-ns/op next to ns/op.
func runCPU(b *testing.B, body func()) {
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNS()
	for i := 0; i < b.N; i++ {
		body()
	}
	b.ReportMetric(float64(cpuNS()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkEpollWait: epoll_wait on an eventpoll watching N AF_UNIX sockets
// of which 10 are readable (level-triggered, so the same 10 are ready on
// every call). ep_send_events walks only the ready list: the cost must not
// grow with N. RLIMIT_NOFILE caps a task at 1024 fds, so the sockets belong
// to several tasks and are added with ep_insert directly.
func BenchmarkEpollWait(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("registered=%d", n), func(b *testing.B) {
			k := NewKernel()
			k.SetTracing(false)
			p := k.NewTask("server")
			epfd := k.mustRet(b, p, kC("epoll_create1", kI(0)))
			ep := k.polls().eps[k.files[k.tasks[p].fdt.lookup(epfd)].ep]
			var writers []Call
			var owners []int
			for i := 0; i < n; i++ {
				if i%500 == 0 {
					owners = append(owners, k.NewTask(fmt.Sprintf("t%d", i/500)))
				}
				t := owners[len(owners)-1]
				r, _ := k.Syscall(t, kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")))
				f := k.files[k.tasks[t].fdt.lookup(r.SV[0])]
				k.epInsert(ep, uint32(epollIn|epollErr|epollHup), f, r.SV[0])
				if i%(n/10) == 0 {
					writers = append(writers, kC("write", kI(r.SV[1]), kS("x")))
					k.Syscall(t, writers[len(writers)-1])
				}
			}
			wait := kC("epoll_wait", kI(epfd), kI(64), kI(0))
			if r, _ := k.Syscall(p, wait); r.Ret != 10 {
				b.Fatalf("epoll_wait = %d, want 10 ready", r.Ret)
			}
			runCPU(b, func() { k.Syscall(p, wait) })
		})
	}
}

// BenchmarkPoll: poll over N pipe read ends, one readable: do_poll calls
// every file's ->poll, so the cost grows with N (O(n)).
func BenchmarkPoll(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("fds=%d", n), func(b *testing.B) {
			k := NewKernel()
			k.SetTracing(false)
			p := k.NewTask("server")
			var args []Arg
			for len(args) < n {
				r, _ := k.Syscall(p, kC("pipe", kSV("p")))
				if r.Errno != 0 {
					break
				}
				args = append(args, kL(r.SV[0], int64(epollIn)))
				if len(args) == 1 {
					k.Syscall(p, kC("write", kI(r.SV[1]), kS("x")))
				}
			}
			for len(args) < n { // past RLIMIT_NOFILE/2 pipes: poll the same fds again
				args = append(args, args[len(args)%500])
			}
			call := kC("poll", append(args, kI(0))...)
			runCPU(b, func() { k.Syscall(p, call) })
		})
	}
}

func (k *Kernel) mustRet(b *testing.B, pid int, c Call) int64 {
	r, blocked := k.Syscall(pid, c)
	if blocked || r.Errno != 0 {
		b.Fatalf("%s: %v blocked=%v", c.Name, r.Errno, blocked)
	}
	return r.Ret
}
