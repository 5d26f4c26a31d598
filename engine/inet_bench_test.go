package engine

import "testing"

// BenchmarkTCPCycle measures one TCP connection's life on the simulated
// kernel — socket, connect, accept, write, read, close, close — against a
// long-lived listener on 127.0.0.1, with call-chain recording on (as the
// playground runs). BenchmarkTCPCycleHost runs the same cycle on the real
// kernel over 127.0.0.1; compare their ns/op for the ratio. Each cycle
// leaves a TIME_WAIT sock (on the host: one real TIME_WAIT socket per
// iteration, so keep -benchtime modest); the simulated clock advances 60 s
// every 1000 cycles so they expire.
func BenchmarkTCPCycle(b *testing.B) { benchTCPCycle(b, true) }

// BenchmarkTCPCycleNoTrace is the same with chain recording off.
func BenchmarkTCPCycleNoTrace(b *testing.B) { benchTCPCycle(b, false) }

func benchTCPCycle(b *testing.B, tracing bool) {
	k := NewKernel()
	k.SetTracing(tracing)
	s, c := k.NewTask("server"), k.NewTask("client")
	k.Syscall(s, kC("socket", kI(afI), kI(stm), kI(0)))
	k.Syscall(s, kC("bind", kI(3), kS("127.0.0.1:5000")))
	k.Syscall(s, kC("listen", kI(3), kI(128)))
	calls := []struct {
		pid int
		c   Call
	}{
		{c, kC("socket", kI(afI), kI(stm), kI(0))},
		{c, kC("connect", kI(3), kS("127.0.0.1:5000"))},
		{s, kC("accept", kI(3))},
		{c, kC("write", kI(3), kS("hello, server"))},
		{s, kC("read", kI(4), kI(255))},
		{c, kC("close", kI(3))},
		{s, kC("close", kI(4))},
	}
	sleep := kC("sleep", kI(tcpTimewaitLen))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range calls {
			if r, _ := k.Syscall(x.pid, x.c); r.Errno != 0 {
				b.Fatalf("%s: %v", x.c.Name, r.Errno)
			}
			k.Chain()
		}
		if i%1000 == 999 {
			k.Syscall(s, sleep)
		}
	}
}
