package timeline

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// ev builds the JSON line of a return event without data/addr.
func ev(step int, proc, call string, ret int64, errno string, extra string) string {
	return `{"step":` + strconv.Itoa(step) + `,"proc":"` + proc + `","call":"` + call + `","event":"return","ret":` +
		strconv.FormatInt(ret, 10) + `,"errno":"` + errno + `","data":"","addr":""` + extra + `}`
}

// Processes on the simulated kernel: fork, exit, wait, signal(SIGCHLD).
func TestProcessesOnKernel(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "getpid getppid fork",
			src:  "p: getpid()\np: getppid()\np: c = fork(\"c\")\nc: getpid()\nc: getppid()\n",
			want: []string{
				ev(1, "p", "getpid", 100, "", ""), ev(2, "p", "getppid", 1, "", ""),
				ev(3, "p", "fork", 101, "", ""), ev(3, "c", "fork", 0, "", ""),
				ev(4, "c", "getpid", 101, "", ""), ev(5, "c", "getppid", 100, "", ""),
			},
		},
		{
			name: "zombie then waitpid",
			src:  "p: c = fork(\"c\")\nc: exit(300)\np: waitpid(c, WNOHANG)\np: waitpid(c, 0)\np: wait()\n",
			want: []string{
				ev(1, "p", "fork", 101, "", ""), ev(1, "c", "fork", 0, "", ""),
				ev(2, "c", "exit", 0, "", ""),
				ev(3, "p", "waitpid", 101, "", `,"status":44`),
				ev(4, "p", "waitpid", -1, "ECHILD", `,"status":0`),
				ev(5, "p", "wait", -1, "ECHILD", `,"status":0`),
			},
		},
		{
			name: "WNOHANG with a running child, then blocking wait woken by exit",
			src:  "p: c = fork(\"c\")\np: waitpid(-1, WNOHANG)\np: wait()\nc: exit(7)\n",
			want: []string{
				ev(1, "p", "fork", 101, "", ""), ev(1, "c", "fork", 0, "", ""),
				ev(2, "p", "waitpid", 0, "", `,"status":0`),
				`{"step":3,"proc":"p","call":"wait","event":"block"}`,
				ev(4, "c", "exit", 0, "", ""),
				`{"step":3,"proc":"p","call":"wait","event":"return","ret":101,"errno":"","data":"","addr":"","status":7,"after":4}`,
			},
		},
		{
			name: "waitpid for another child keeps sleeping",
			src:  "p: a = fork(\"a\")\np: b = fork(\"b\")\np: waitpid(b, 0)\na: exit(1)\nb: exit(2)\np: wait()\n",
			want: []string{
				ev(1, "p", "fork", 101, "", ""), ev(1, "a", "fork", 0, "", ""),
				ev(2, "p", "fork", 102, "", ""), ev(2, "b", "fork", 0, "", ""),
				`{"step":3,"proc":"p","call":"waitpid","event":"block"}`,
				ev(4, "a", "exit", 0, "", ""),
				ev(5, "b", "exit", 0, "", ""),
				`{"step":3,"proc":"p","call":"waitpid","event":"return","ret":102,"errno":"","data":"","addr":"","status":2,"after":5}`,
				ev(6, "p", "wait", 101, "", `,"status":1`),
			},
		},
		{
			name: "SIG_IGN reaps at exit, and a blocked wait gets ECHILD",
			src:  "p: signal(SIGCHLD, SIG_IGN)\np: signal(SIGCHLD, SIG_IGN)\np: c = fork(\"c\")\nc: signal(SIGCHLD, SIG_DFL)\np: wait()\nc: exit(0)\np: signal(SIGCHLD, SIG_DFL)\np: signal(SIGPIPE, SIG_DFL)\n",
			want: []string{
				ev(1, "p", "signal", 0, "", ""), ev(2, "p", "signal", 1, "", ""),
				ev(3, "p", "fork", 101, "", ""), ev(3, "c", "fork", 0, "", ""),
				ev(4, "c", "signal", 1, "", ""),
				`{"step":5,"proc":"p","call":"wait","event":"block"}`,
				ev(6, "c", "exit", 0, "", ""),
				`{"step":5,"proc":"p","call":"wait","event":"return","ret":-1,"errno":"ECHILD","data":"","addr":"","status":0,"after":6}`,
				ev(7, "p", "signal", 1, "", ""),
				ev(8, "p", "signal", -1, "EINVAL", ""),
			},
		},
		{
			name: "fork shares the connection; exit closes it",
			src: "s: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\ns: fork(\"w\")\ns: close(sv[1])\nw: close(sv[0])\n" +
				"s: read(sv[0], 10)\nw: write(sv[1], \"hi\")\nw: exit(0)\ns: read(sv[0], 10)\n",
			want: []string{
				ev(1, "s", "socketpair", 0, "", ""),
				ev(2, "s", "fork", 101, "", ""), ev(2, "w", "fork", 0, "", ""),
				ev(3, "s", "close", 0, "", ""), ev(4, "w", "close", 0, "", ""),
				`{"step":5,"proc":"s","call":"read","event":"block"}`,
				ev(6, "w", "write", 2, "", ""),
				`{"step":5,"proc":"s","call":"read","event":"return","ret":2,"errno":"","data":"hi","addr":"","after":6}`,
				ev(7, "w", "exit", 0, "", ""),
				ev(8, "s", "read", 0, "", ""),
			},
		},
		{
			name: "orphans go to init",
			src:  "p: fork(\"c\")\nc: fork(\"g\")\nc: exit(0)\ng: getppid()\np: wait()\np: wait()\n",
			want: []string{
				ev(1, "p", "fork", 101, "", ""), ev(1, "c", "fork", 0, "", ""),
				ev(2, "c", "fork", 102, "", ""), ev(2, "g", "fork", 0, "", ""),
				ev(3, "c", "exit", 0, "", ""),
				ev(4, "g", "getppid", 1, "", ""),
				ev(5, "p", "wait", 101, "", `,"status":0`),
				ev(6, "p", "wait", -1, "ECHILD", `,"status":0`),
			},
		},
		{
			name: "bad options and pids",
			src:  "p: fork(\"c\")\np: waitpid(-1, 4)\np: waitpid(-2147483648, 0)\np: waitpid(-5, WNOHANG)\np: waitpid(0, WNOHANG)\np: waitpid(-1, 0x80000000|WNOHANG)\n",
			want: []string{
				ev(1, "p", "fork", 101, "", ""), ev(1, "c", "fork", 0, "", ""),
				ev(2, "p", "waitpid", -1, "EINVAL", `,"status":0`),
				ev(3, "p", "waitpid", -1, "ESRCH", `,"status":0`),
				ev(4, "p", "waitpid", -1, "ECHILD", `,"status":0`),
				ev(5, "p", "waitpid", 0, "", `,"status":0`),
				ev(6, "p", "waitpid", -1, "ECHILD", `,"status":0`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := Run(engine.NewKernel(), tt.src, Options{CheckInvariants: true})
			require.NoError(t, err)
			assert.Equal(t, strings.Join(tt.want, "\n")+"\n", jsonLines(t, evs))
		})
	}
}

// The snapshot shows the shared struct file (f_count 2), the parent link,
// and a zombie; time travel across fork and reaping keeps working.
func TestProcessesSnapshotAndTimeTravel(t *testing.T) {
	src := "s: socketpair(AF_UNIX, SOCK_STREAM, 0, sv)\ns: c = fork(\"w\")\nw: exit(3)\ns: waitpid(c, 0)\n"
	sess := NewSession(src, Options{CheckInvariants: true})
	require.Empty(t, sess.Errors())
	require.True(t, sess.Step())
	require.True(t, sess.Step())
	snap := sess.Snapshot()
	require.Len(t, snap.Tasks, 2)
	assert.Equal(t, 1, snap.Tasks[0].PPID)
	assert.Equal(t, 100, snap.Tasks[1].PPID)
	assert.Equal(t, snap.Tasks[0].FDTable, snap.Tasks[1].FDTable)
	counts := map[string]int{}
	for _, f := range snap.Files {
		counts[f.ID] = f.FCount
	}
	assert.Equal(t, 2, counts[snap.Tasks[0].FDTable[3].File], "the socket's file is shared by two fd tables")
	assert.Equal(t, 6, counts[snap.Tasks[0].FDTable[0].File], "the terminal: fds 0-2 in both tasks")

	require.True(t, sess.Step())
	snap = sess.Snapshot()
	require.Len(t, snap.Tasks, 2)
	assert.Equal(t, "TASK_DEAD", snap.Tasks[1].State)
	assert.Equal(t, "EXIT_ZOMBIE", snap.Tasks[1].ExitState)
	assert.Equal(t, 3, snap.Tasks[1].ExitCode)
	assert.Empty(t, snap.Tasks[1].FDTable)
	zombie := snapJSON(t, snap)

	require.True(t, sess.Step())
	assert.Len(t, sess.Snapshot().Tasks, 1)
	require.True(t, sess.Back())
	assert.Equal(t, zombie, snapJSON(t, sess.Snapshot()))
	sess.Goto(0)
	sess.Goto(4)
	assert.Len(t, sess.Snapshot().Tasks, 1)
	assert.Contains(t, strings.Join(chainFns(sess.Chain(4)), " "), "wait_task_zombie")
	assert.Contains(t, strings.Join(chainFns(sess.Chain(2)), " "), "dup_fd")
	assert.Contains(t, strings.Join(chainFns(sess.Chain(3)), " "), "close_files")
}

func chainFns(fs []*engine.Frame) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fn)
		out = append(out, chainFns(f.Calls)...)
	}
	return out
}

func TestProcessesNarration(t *testing.T) {
	sess := NewSession("p: c = fork(\"c\")\np: wait()\nc: exit(3)\n", Options{})
	sess.Goto(1)
	assert.Equal(t, `p: c = fork("c") returns 101. The child c starts as a copy of p (same fds, same struct files, a copy of the variables); in it fork returns 0.`, sess.Info().Narration)
	sess.Goto(2)
	assert.Contains(t, sess.Info().Narration, "wait_chldexit")
	sess.Goto(3)
	assert.Equal(t, "c: exit(3) returns 0. This wakes p: wait() (line 2) returns 101, the child's exit status is 3.", sess.Info().Narration)
}
