package engine

import (
	"syscall"
	"testing"
)

// The real kernel half of BenchmarkTCPCycle (inet_bench_test.go).

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
