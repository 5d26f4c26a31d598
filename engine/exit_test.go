package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A parent asleep in wait4 is on its own wait_chldexit, in do_wait; the
// child's exit wakes it through child_wait_callback.
func TestWaitSleepsOnWaitChldexit(t *testing.T) {
	x := newKT(t)
	p := x.task("p")
	c := int(x.ok(p, kC("fork", Arg{Kind: ArgName, Name: "c"})))
	x.blocks(p, kC("wait"))
	s := x.k.Snapshot()
	require.Len(t, s.Tasks, 2)
	assert.Equal(t, "do_wait", s.Tasks[0].Blocked.In)
	var q *WaitQueue
	for i := range s.WaitQueues {
		if s.WaitQueues[i].Name == "wait_chldexit" {
			q = &s.WaitQueues[i]
		}
	}
	require.NotNil(t, q)
	assert.Equal(t, "task:100", q.Owner)
	assert.Equal(t, []string{"task:100"}, q.Waiters)
	assert.Equal(t, q.ID, s.Tasks[0].WaitQueue)

	x.k.SetTracing(true)
	x.ok(c, kC("exit", kI(5)))
	done := x.k.Completed()
	require.Len(t, done, 1)
	assert.Equal(t, int64(c), done[0].Result.Ret)
	assert.Equal(t, int64(5), done[0].Result.Status)
	assert.Len(t, x.k.Snapshot().Tasks, 1, "reaped")
}

// The process invariants catch a zombie nobody can reap, a task whose
// parent is gone, and a zombie that still holds fds.
func TestProcessInvariants(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(k *Kernel, p, c int)
		want    string
	}{
		{"zombie without parent", func(k *Kernel, p, c int) { k.tasks[c].exitState, k.tasks[c].ppid = exitZombie, 1 }, "no parent"},
		{"freed parent", func(k *Kernel, p, c int) { delete(k.tasks, p) }, "freed parent"},
		{"zombie with fds", func(k *Kernel, p, c int) { k.tasks[c].exitState = exitZombie }, "still has fds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := NewKernel()
			p := k.NewTask("p")
			r, _ := k.Syscall(p, kC("fork", Arg{Kind: ArgName, Name: "c"}))
			require.NoError(t, k.CheckInvariants())
			tt.corrupt(k, p, int(r.Ret))
			err := k.checkProcesses()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
