package cprog

import (
	"testing"
)

const loopSrc = `int main(void) {
	long sum = 0;
	for (int i = 0; i < 10000000; i++)
		sum += i;
	return sum == 49999995000000L ? 0 : 1;
}`

// BenchmarkLoop10M: a 10-million-iteration loop (target < 2 s in the
// browser). Each iteration is two statements (the add, the increment).
func BenchmarkLoop10M(b *testing.B) {
	p, err := Compile("loop.c", loopSrc)
	if err != nil {
		b.Fatal(err)
	}
	c0 := cpuTime()
	defer reportCPU(b, c0)
	for i := 0; i < b.N; i++ {
		r := NewRunner([]*Program{p}, Options{})
		if err := r.Run(); err != nil || r.Procs[0].Exit != "0" {
			b.Fatalf("%v exit %s", err, r.Procs[0].Exit)
		}
	}
}

func BenchmarkCompileSeedServer(b *testing.B) {
	src := readFile(b, "testdata/seed/server.c")
	c0 := cpuTime()
	defer reportCPU(b, c0)
	for i := 0; i < b.N; i++ {
		if _, err := Compile(src[0], src[1]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedPair compiles and runs the seed's echo pair to the end
// (target < 200 ms in the browser).
func BenchmarkSeedPair(b *testing.B) {
	srv, cli := readFile(b, "testdata/seed/server.c"), readFile(b, "testdata/seed/client.c")
	c0 := cpuTime()
	defer reportCPU(b, c0)
	for i := 0; i < b.N; i++ {
		p1, _ := Compile(srv[0], srv[1])
		p2, _ := Compile(cli[0], cli[1])
		if err := NewRunner([]*Program{p1, p2}, Options{}).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEcho1MiB sends 1 MiB through AF_UNIX with a checksum on both
// sides (testdata/corpus/big_transfer).
func BenchmarkEcho1MiB(b *testing.B) {
	srv, cli := readFile(b, "testdata/corpus/big_transfer/server.c"), readFile(b, "testdata/corpus/big_transfer/client.c")
	p1, _ := Compile(srv[0], srv[1])
	p2, _ := Compile(cli[0], cli[1])
	c0 := cpuTime()
	defer reportCPU(b, c0)
	for i := 0; i < b.N; i++ {
		r := NewRunner([]*Program{p1, p2}, Options{})
		if err := r.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(1 << 20)
}

// BenchmarkSessionBack measures going back from the end of the 1 MiB
// transfer to its first step.
func BenchmarkSessionBack(b *testing.B) {
	srv, cli := readFile(b, "testdata/corpus/big_transfer/server.c"), readFile(b, "testdata/corpus/big_transfer/client.c")
	p1, _ := Compile(srv[0], srv[1])
	p2, _ := Compile(cli[0], cli[1])
	s := NewSession([]*Program{p1, p2}, Options{})
	b.ReportMetric(float64(s.Len()), "steps")
	b.ResetTimer()
	c0 := cpuTime()
	defer reportCPU(b, c0)
	for i := 0; i < b.N; i++ {
		s.Goto(s.Len())
		s.Goto(s.Len() / 2)
	}
}
