package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Helpers for the AF_INET tests.

// afI is AF_INET (stm, dgm and nonb come from kernel_table_test.go).
const afI = 2

func isock(typ int64) Call { return kC("socket", kI(afI), kI(typ), kI(0)) }

// tcpPair sets up server listener l on addr, a client connection c and the
// accepted s; returns (server pid, client pid, l, c, s).
func tcpPair(x *kt, addr string) (srv, cli int, l, c, s int64) {
	x.t.Helper()
	srv, cli = x.task("server"), x.task("client")
	l = x.ok(srv, isock(stm))
	x.ok(srv, kC("bind", kI(l), kS(addr)))
	x.ok(srv, kC("listen", kI(l), kI(5)))
	c = x.ok(cli, isock(stm))
	x.ok(cli, kC("connect", kI(c), kS(addr)))
	s = x.ok(srv, kC("accept", kI(l)))
	return
}

// sockOf returns the snapshot sock behind fd of pid.
func sockOf(t *testing.T, k *Kernel, pid int, fd int64) Sock {
	t.Helper()
	snap := k.Snapshot()
	var file string
	for _, tk := range snap.Tasks {
		if tk.PID == pid {
			for _, f := range tk.FDTable {
				if f.FD == int(fd) {
					file = f.File
				}
			}
		}
	}
	require.NotEmpty(t, file, "fd %d of %d", fd, pid)
	var sockID string
	for _, f := range snap.Files {
		if f.ID == file {
			for _, so := range snap.Sockets {
				if so.ID == f.PrivateData {
					sockID = so.Sk
				}
			}
		}
	}
	return sockByID(t, snap, sockID)
}

func sockByID(t *testing.T, snap *Snapshot, id string) Sock {
	t.Helper()
	for _, sk := range snap.Socks {
		if sk.ID == id {
			return sk
		}
	}
	require.Failf(t, "no such sock", "%s", id)
	return Sock{}
}

// socksInState lists the AF_INET socks in a state (orphans and TIME_WAIT
// socks included), by local address.
func socksInState(k *Kernel, state string) []string {
	var out []string
	for _, sk := range k.Snapshot().Socks {
		if sk.Family == "AF_INET" && sk.State == state {
			out = append(out, sk.Addr)
		}
	}
	return out
}
