package engine

import (
	"syscall"
	"testing"
)

// BenchmarkHostSocketpairWriteRead is BenchmarkSocketpairWriteRead on the
// host kernel, in the same run, for the ratio the issue asks for.
func BenchmarkHostSocketpairWriteRead(b *testing.B) {
	sv, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(sv[0])
	defer syscall.Close(sv[1])
	msg, buf := []byte("hello, server"), make([]byte, 255)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := syscall.Write(sv[0], msg); err != nil {
			b.Fatal(err)
		}
		if _, err := syscall.Read(sv[1], buf); err != nil {
			b.Fatal(err)
		}
	}
	reportPerCall(b, 2)
}

// BenchmarkHostConnectAcceptCycle is BenchmarkConnectAcceptCycle on the host.
func BenchmarkHostConnectAcceptCycle(b *testing.B) {
	l, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(l)
	addr := &syscall.SockaddrUnix{Name: "@socklab-bench"}
	if err := syscall.Bind(l, addr); err != nil {
		b.Fatal(err)
	}
	if err := syscall.Listen(l, 128); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := syscall.Connect(c, addr); err != nil {
			b.Fatal(err)
		}
		a, _, err := syscall.Accept(l)
		if err != nil {
			b.Fatal(err)
		}
		syscall.Close(a)
		syscall.Close(c)
	}
	reportPerCall(b, 5)
}

// BenchmarkHostDgramSendRecv is BenchmarkDgramSendRecv on the host.
func BenchmarkHostDgramSendRecv(b *testing.B) {
	r, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_DGRAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(r)
	addr := &syscall.SockaddrUnix{Name: "@socklab-bench-d"}
	if err := syscall.Bind(r, addr); err != nil {
		b.Fatal(err)
	}
	s, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_DGRAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(s)
	buf := make([]byte, 64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := syscall.Sendto(s, []byte("ping"), 0, addr); err != nil {
			b.Fatal(err)
		}
		if _, _, err := syscall.Recvfrom(r, buf, 0); err != nil {
			b.Fatal(err)
		}
	}
	reportPerCall(b, 2)
}
