package engine

import "testing"

// The benchmarks report ns per simulated syscall with call-chain recording
// on, the way the playground runs the kernel.

func reportPerCall(b *testing.B, calls int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*calls), "ns/syscall")
}

// BenchmarkSocketpairWriteRead: write(sv[0], 13 bytes) + read(sv[1], 255).
func BenchmarkSocketpairWriteRead(b *testing.B) { benchSocketpair(b, true) }

// BenchmarkSocketpairWriteReadNoTrace is the same with chain recording off:
// the cost of the model alone.
func BenchmarkSocketpairWriteReadNoTrace(b *testing.B) { benchSocketpair(b, false) }

func benchSocketpair(b *testing.B, tracing bool) {
	k := NewKernel()
	k.SetTracing(tracing)
	p := k.NewTask("p")
	k.Syscall(p, kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv")))
	w, r := kC("write", kI(3), kS("hello, server")), kC("read", kI(4), kI(255))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k.Syscall(p, w)
		k.Chain()
		k.Syscall(p, r)
		k.Chain()
	}
	reportPerCall(b, 2)
}

// BenchmarkConnectAcceptCycle: socket, connect, accept, close, close
// against a long-lived listener.
func BenchmarkConnectAcceptCycle(b *testing.B) {
	k := NewKernel()
	s, c := k.NewTask("server"), k.NewTask("client")
	k.Syscall(s, kC("socket", kI(afU), kI(stm), kI(0)))
	k.Syscall(s, kC("bind", kI(3), kS("/tmp/bench")))
	k.Syscall(s, kC("listen", kI(3), kI(128)))
	calls := []struct {
		pid int
		c   Call
	}{
		{c, kC("socket", kI(afU), kI(stm), kI(0))},
		{c, kC("connect", kI(3), kS("/tmp/bench"))},
		{s, kC("accept", kI(3))},
		{s, kC("close", kI(4))},
		{c, kC("close", kI(3))},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range calls {
			k.Syscall(x.pid, x.c)
			k.Chain()
		}
	}
	reportPerCall(b, len(calls))
}

// BenchmarkDgramSendRecv: sendto a bound datagram socket + recvfrom.
func BenchmarkDgramSendRecv(b *testing.B) {
	k := NewKernel()
	p := k.NewTask("p")
	k.Syscall(p, kC("socket", kI(afU), kI(dgm), kI(0)))
	k.Syscall(p, kC("bind", kI(3), kS("@d")))
	k.Syscall(p, kC("socket", kI(afU), kI(dgm), kI(0)))
	s, r := kC("sendto", kI(4), kS("ping"), kI(0), kS("@d")), kC("recvfrom", kI(3), kI(64), kI(0))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k.Syscall(p, s)
		k.Chain()
		k.Syscall(p, r)
		k.Chain()
	}
	reportPerCall(b, 2)
}
