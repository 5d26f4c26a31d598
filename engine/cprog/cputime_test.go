package cprog

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time: on a machine shared by
// many jobs, wall time says little about the interpreter.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per op to a benchmark's output.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
