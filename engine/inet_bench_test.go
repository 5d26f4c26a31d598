package engine

import (
	"syscall"
	"testing"
)

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

// BenchmarkTCPCycleHost is BenchmarkTCPCycle's cycle on the host kernel
// (real sockets, syscall package) in one process.
func BenchmarkTCPCycleHost(b *testing.B) {
	l, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		b.Skip("no AF_INET sockets:", err)
	}
	defer syscall.Close(l)
	syscall.SetsockoptInt(l, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	if err := syscall.Bind(l, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		b.Skip("cannot bind 127.0.0.1:", err)
	}
	if err := syscall.Listen(l, 128); err != nil {
		b.Fatal(err)
	}
	sa, _ := syscall.Getsockname(l)
	buf := make([]byte, 255)
	msg := []byte("hello, server")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := syscall.Connect(c, sa); err != nil {
			b.Fatal(err)
		}
		a, _, err := syscall.Accept(l)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := syscall.Write(c, msg); err != nil {
			b.Fatal(err)
		}
		if _, err := syscall.Read(a, buf); err != nil {
			b.Fatal(err)
		}
		syscall.Close(c)
		syscall.Close(a)
	}
}
