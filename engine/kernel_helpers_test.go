package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Helpers shared by the kernel tests: build Calls the way the interpreter
// does, and run them with the invariants checked after every call.

func kI(v int64) Arg                   { return Arg{Kind: ArgInt, Int: v} }
func kS(s string) Arg                  { return Arg{Kind: ArgBytes, Bytes: Buf{Lit: []byte(s)}} }
func kF(n int64) Arg                   { return Arg{Kind: ArgBytes, Bytes: Buf{Fill: n}} }
func kNull() Arg                       { return Arg{Kind: ArgNull} }
func kSV(n string) Arg                 { return Arg{Kind: ArgSV, Name: n} }
func kC(name string, args ...Arg) Call { return Call{Name: name, Args: args} }

// kt drives one kernel in a test, checking invariants after every call.
type kt struct {
	t    *testing.T
	k    *Kernel
	step int
}

func newKT(t *testing.T) *kt { return &kt{t: t, k: NewKernel()} }

func (x *kt) task(comm string) int { return x.k.NewTask(comm) }

// do runs c for pid and returns its result and whether it blocked.
func (x *kt) do(pid int, c Call) (Result, bool) {
	x.t.Helper()
	x.step++
	x.k.SetStep(x.step, x.step)
	r, blocked := x.k.Syscall(pid, c)
	require.NoError(x.t, x.k.CheckInvariants(), "after step %d %s", x.step, c.Name)
	x.k.Chain()
	return r, blocked
}

// ok runs c and requires it to complete without error; returns Ret.
func (x *kt) ok(pid int, c Call) int64 {
	x.t.Helper()
	r, blocked := x.do(pid, c)
	require.False(x.t, blocked, "%s blocked", c.Name)
	require.Equal(x.t, Errno(0), r.Errno, "%s: %v", c.Name, r.Errno)
	return r.Ret
}

// fail runs c and requires errno e.
func (x *kt) fail(pid int, c Call, e Errno) {
	x.t.Helper()
	r, blocked := x.do(pid, c)
	require.False(x.t, blocked, "%s blocked", c.Name)
	require.Equal(x.t, e.String(), r.Errno.String(), "%s", c.Name)
	require.Equal(x.t, int64(-1), r.Ret)
}

// blocks runs c and requires it to block.
func (x *kt) blocks(pid int, c Call) {
	x.t.Helper()
	_, blocked := x.do(pid, c)
	require.True(x.t, blocked, "%s did not block", c.Name)
}
