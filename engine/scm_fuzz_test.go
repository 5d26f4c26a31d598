package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzSCM mixes the calls of fd passing, urgent data, ioctl and the socket
// options with time (sendmsg, recvmsg, ioctl, SO_RCVTIMEO/SO_LINGER/...,
// sleep) with the v1 calls, over AF_UNIX and loopback TCP. Besides the
// kernel invariants after every call (every file's f_count is its fd-table
// references plus the references in flight; every AF_UNIX socket in flight
// is counted), it requires at the end that once every process closed every
// fd and the garbage collector ran, no file is left: nothing in flight leaks.
func FuzzSCM(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 24, 3, 1, 0, 8, 4, 0, 0, 25, 3, 0, 0, 26, 3, 0})
	f.Add([]byte{0, 1, 0, 2, 0, 24, 4, 3, 0, 8, 4, 0, 0, 24, 3, 4, 0, 8, 3, 0, 0, 27, 3, 0})
	f.Add([]byte{0, 30, 0, 0, 1, 31, 0, 0, 0, 32, 0, 0, 1, 33, 0, 1, 0, 34, 3, 0, 1, 35, 3, 1, 0, 26, 4, 1})
	f.Add([]byte{0, 1, 0, 0, 0, 29, 4, 0, 1, 29, 3, 3, 0, 10, 4, 0, 2, 36, 0, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		k := NewKernel()
		pids := []int{k.NewTask("a"), k.NewTask("b"), k.NewTask("c")}
		for i := 0; i+3 < len(data) && i < 4*300; i += 4 {
			pid := pids[int(data[i])%len(pids)]
			c := fuzzSCMCall(data[i+1], data[i+2], data[i+3])
			k.SetStep(i/4+1, i/4+1)
			k.Syscall(pid, c)
			k.Chain()
			require.NoError(t, k.CheckInvariants(), "after %s", c.Name)
			if i%64 == 0 {
				require.NotNil(t, k.Snapshot())
				require.NoError(t, k.Clone().CheckInvariants())
			}
		}
		requireNoLeak(t, k, pids)
	})
}

// requireNoLeak closes every fd of every process (if none sleeps: a sleeping
// call holds references of its own), runs unix_gc, and requires that no
// file is left.
func requireNoLeak(t *testing.T, k *Kernel, pids []int) {
	for _, pid := range pids {
		if k.tasks[pid].sleep != nil {
			return
		}
	}
	for _, pid := range pids {
		for fd := len(k.tasks[pid].fdt.fd) - 1; fd >= 0; fd-- {
			if fdt := k.tasks[pid].fdt.fd; fd < len(fdt) && fdt[fd] != 0 {
				k.Syscall(pid, kC("close", kI(int64(fd))))
				require.NoError(t, k.CheckInvariants(), "closing fd %d", fd)
			}
		}
	}
	k.unixGC()
	require.NoError(t, k.CheckInvariants(), "after unix_gc")
	require.Empty(t, k.files, "files left after every fd was closed and unix_gc ran")
	require.Zero(t, k.unix.totInflight)
}

func fuzzSCMCall(op, a, b byte) Call {
	fd := kI(int64(a%8) + 1)
	list := make([]Arg, int(b%4))
	for i := range list {
		list[i] = kI(int64((int(a)+i*int(b))%9) - 1) // fds -1 .. 7
	}
	if b >= 250 {
		list = make([]Arg, 254) // more than SCM_MAX_FD
		for i := range list {
			list[i] = kI(0)
		}
	}
	lst := Arg{Kind: ArgList, List: list}
	flags := kI([]int64{0, msgPeek, msgDontwait, msgCmsgCloexec, msgOOB, msgOOB | msgPeek, msgWaitall | msgDontwait, msgTrunc}[b%8])
	tcpAddr := kS("127.0.0.1:7000")
	switch op % 40 {
	case 24:
		return kC("sendmsg", fd, kF(int64(b%3)), kI(int64(b>>4)&msgOOB|msgDontwait), lst)
	case 25:
		return kC("recvmsg", fd, kI(int64(b%3)*5), flags)
	case 26:
		return kC("recvmsg", fd, kI(10), flags, kI(int64(b%4)-1))
	case 27:
		return kC("ioctl", fd, kI([]int64{fionread, siocatmark, 0x5421}[b%3]))
	case 28:
		opt := []int64{soRcvtimeo, soSndtimeo, soLinger, soRcvlowat, soOobinline, soPasscred}[b%6]
		if b&0x80 != 0 {
			return kC("setsockopt", fd, kI(solSocket), kI(opt), Arg{Kind: ArgList, List: []Arg{kI(int64(b & 1)), kI(int64(b>>3) - 4)}})
		}
		return kC("setsockopt", fd, kI(solSocket), kI(opt), kI(int64(b)*7-300))
	case 29:
		return kC("sendmsg", fd, kS("x"), kI(msgDontwait), Arg{Kind: ArgList, List: []Arg{kI(int64(b % 8))}})
	case 30:
		return kC("socket", kI(afInet), kI(1), kI(0))
	case 31:
		return kC("bind", fd, tcpAddr)
	case 32:
		return kC("listen", fd, kI(int64(b%3)))
	case 33:
		return kC("connect", fd, tcpAddr)
	case 34:
		return kC("send", fd, kF(int64(b%4)), kI(msgOOB|msgDontwait))
	case 35:
		return kC("getsockopt", fd, kI(solSocket), kI([]int64{soRcvtimeo, soSndtimeo, soLinger, soRcvlowat, soOobinline, soPasscred}[b%6]))
	case 36:
		return kC("sleep", kI(int64(b)*10))
	case 37:
		return kC("recv", fd, kI(int64(b%3)*3), kI(msgOOB))
	case 38:
		return kC("accept", fd)
	case 39:
		return kC("close", fd)
	}
	return fuzzCall(op, a, b)
}
