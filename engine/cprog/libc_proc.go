//go:build !cprog_compiler

package cprog

import (
	"encoding/binary"
	"strings"

	"socklab/engine"
)

// Processes, signals, time and I/O multiplexing.

var pollBits = map[string]uint32{
	"POLLIN": 0x1, "POLLPRI": 0x2, "POLLOUT": 0x4, "POLLERR": 0x8, "POLLHUP": 0x10, "POLLNVAL": 0x20,
	"POLLRDNORM": 0x40, "POLLRDBAND": 0x80, "POLLWRNORM": 0x100, "POLLWRBAND": 0x200, "POLLMSG": 0x400, "POLLRDHUP": 0x2000,
	"EPOLLIN": 0x1, "EPOLLPRI": 0x2, "EPOLLOUT": 0x4, "EPOLLERR": 0x8, "EPOLLHUP": 0x10,
	"EPOLLRDNORM": 0x40, "EPOLLRDBAND": 0x80, "EPOLLWRNORM": 0x100, "EPOLLWRBAND": 0x200, "EPOLLMSG": 0x400, "EPOLLRDHUP": 0x2000,
}

func eventBits(names string) uint32 {
	var v uint32
	for _, n := range strings.Split(names, "|") {
		v |= pollBits[n]
	}
	return v
}

func init() {
	register("fork", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		pid, ok := p.sys.fork(p)
		if !ok {
			return ^uint64(0), ctlSyscall, nil
		}
		return uint64(pid), ctlSyscall, nil
	})
	wait := func(p *Proc, pid int64, statusp uint64, opts int64, name string) (uint64, ctl, *fault) {
		var r engine.Result
		var blocked bool
		if name == "wait" {
			r, blocked = p.syscall("wait")
		} else {
			r, blocked = p.syscall("waitpid", aInt(pid), aInt(opts))
		}
		if blocked {
			return 0, ctlBlock, nil
		}
		if r.Errno == 0 && r.Ret > 0 && statusp != 0 {
			st := p.sys.waitStatus(int(r.Ret), r.Status)
			if f := p.mem.store(statusp, 4, uint64(st)); f != nil {
				return 0, 0, f
			}
		}
		return p.sysRet(r), ctlSyscall, nil
	}
	register("wait", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return wait(p, -1, arg(a, 0), 0, "wait") })
	register("waitpid", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return wait(p, iarg(a, 0), arg(a, 1), iarg(a, 2), "waitpid")
	})
	sleepMS := func(p *Proc, ms int64) (uint64, ctl, *fault) {
		if p.resumed != nil && p.resumedDepth == len(p.frames) {
			p.resumed = nil
			return 0, ctlSyscall, nil
		}
		p.wakeAt = p.sys.now() + ms
		p.state = psSleeping
		return 0, ctlBlock, nil
	}
	register("sleep", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return sleepMS(p, int64(uint32(arg(a, 0)))*1000) })
	register("usleep", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return sleepMS(p, int64(uint32(arg(a, 0)))/1000) })
	register("nanosleep", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		b, f := p.buf(arg(a, 0), 16, false, "nanosleep")
		if f != nil {
			return 0, 0, f
		}
		ms := int64(binary.LittleEndian.Uint64(b))*1000 + int64(binary.LittleEndian.Uint64(b[8:]))/1000000
		return sleepMS(p, ms)
	})
	register("time", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		t := uint64(p.sys.now() / 1000)
		if arg(a, 0) != 0 {
			if f := p.mem.store(arg(a, 0), 8, t); f != nil {
				return 0, 0, f
			}
		}
		return t, ctlOK, nil
	})
	register("clock", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return uint64(p.Steps / 100), ctlOK, nil })
	register("gettimeofday", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		b, f := p.buf(arg(a, 0), 16, true, "gettimeofday")
		if f != nil {
			return 0, 0, f
		}
		ms := p.sys.now()
		binary.LittleEndian.PutUint64(b, uint64(ms/1000))
		binary.LittleEndian.PutUint64(b[8:], uint64(ms%1000*1000))
		return 0, ctlOK, nil
	})
	register("clock_gettime", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		b, f := p.buf(arg(a, 1), 16, true, "clock_gettime")
		if f != nil {
			return 0, 0, f
		}
		ms := p.sys.now()
		binary.LittleEndian.PutUint64(b, uint64(ms/1000))
		binary.LittleEndian.PutUint64(b[8:], uint64(ms%1000*1000000))
		return 0, ctlOK, nil
	})
	setHandler := func(p *Proc, sig int64, h uint64) (uint64, ctl, *fault) {
		if sig <= 0 || sig >= 32 || sig == 9 || sig == 19 {
			p.setErrno(22)
			return ^uint64(0), ctlOK, nil
		}
		old := p.sig[sig]
		p.sig[sig] = h
		if sig == 17 { // SIGCHLD: the kernel decides about autoreaping
			kh := int64(0)
			if h == 1 {
				kh = 1
			}
			r, _ := p.syscall("signal", aInt(17), aInt(kh))
			if r.Errno != 0 {
				return p.sysRet(r), ctlSyscall, nil
			}
			return old, ctlSyscall, nil
		}
		return old, ctlOK, nil
	}
	register("signal", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return setHandler(p, iarg(a, 0), arg(a, 1)) })
	register("sigaction", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		sig := iarg(a, 0)
		if arg(a, 2) != 0 && sig > 0 && sig < 32 {
			if f := p.mem.store(arg(a, 2), 8, p.sig[sig]); f != nil {
				return 0, 0, f
			}
		}
		if arg(a, 1) == 0 {
			return 0, ctlOK, nil
		}
		h, f := p.mem.load(arg(a, 1), 8)
		if f != nil {
			return 0, 0, f
		}
		v, c, f := setHandler(p, sig, h)
		if v != ^uint64(0) {
			v = 0
		}
		return v, c, f
	})
	nop := func(p *Proc, a []uint64) (uint64, ctl, *fault) { return 0, ctlOK, nil }
	register("sigemptyset", nop)
	register("sigfillset", nop)
	register("sigaddset", nop)
	register("kill", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		p.setErrno(38)
		return ^uint64(0), ctlOK, nil
	})
	register("raise", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return 0, 0, &fault{sig: sigName(int(iarg(a, 0))), msg: "raise() called"}
	})
	register("poll", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		n := int64(arg(a, 1))
		if n < 0 || n > 4096 {
			p.setErrno(22)
			return ^uint64(0), ctlOK, nil
		}
		b, f := p.buf(arg(a, 0), n*8, true, "poll")
		if f != nil {
			return 0, 0, f
		}
		var args []engine.Arg
		for i := int64(0); i < n; i++ {
			fd := int64(int32(binary.LittleEndian.Uint32(b[i*8:])))
			ev := int64(int16(binary.LittleEndian.Uint16(b[i*8+4:])))
			args = append(args, engine.Arg{Kind: engine.ArgList, List: []engine.Arg{aInt(fd), aInt(ev)}})
		}
		args = append(args, aInt(iarg(a, 2)))
		r, blocked := p.syscall("poll", args...)
		if blocked {
			return 0, ctlBlock, nil
		}
		if r.Errno == 0 {
			for i := int64(0); i < n; i++ {
				binary.LittleEndian.PutUint16(b[i*8+6:], 0)
			}
			for _, rd := range r.Ready {
				for i := int64(0); i < n; i++ {
					if int64(int32(binary.LittleEndian.Uint32(b[i*8:]))) == rd.FD {
						binary.LittleEndian.PutUint16(b[i*8+6:], uint16(eventBits(rd.Events)))
					}
				}
			}
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("select", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		nfds := iarg(a, 0)
		if nfds < 0 || nfds > 1024 {
			p.setErrno(22)
			return ^uint64(0), ctlOK, nil
		}
		var sets [3][]byte
		args := []engine.Arg{aInt(nfds)}
		for i := 0; i < 3; i++ {
			ptr := arg(a, 1+i)
			if ptr == 0 {
				args = append(args, aNull())
				continue
			}
			b, f := p.buf(ptr, 128, true, "select")
			if f != nil {
				return 0, 0, f
			}
			sets[i] = b
			l := engine.Arg{Kind: engine.ArgList, List: []engine.Arg{}}
			for fd := int64(0); fd < nfds; fd++ {
				if b[fd/8]&(1<<(fd%8)) != 0 {
					l.List = append(l.List, aInt(fd))
				}
			}
			args = append(args, l)
		}
		if tv := arg(a, 4); tv != 0 {
			b, f := p.buf(tv, 16, false, "select")
			if f != nil {
				return 0, 0, f
			}
			args = append(args, aInt(int64(binary.LittleEndian.Uint64(b))*1000+int64(binary.LittleEndian.Uint64(b[8:]))/1000))
		} else {
			args = append(args, aNull())
		}
		r, blocked := p.syscall("select", args...)
		if blocked {
			return 0, ctlBlock, nil
		}
		if r.Errno == 0 {
			for _, s := range sets {
				clear(s)
			}
			for _, rd := range r.Ready {
				for _, ev := range strings.Split(rd.Events, "|") {
					i := map[string]int{"read": 0, "write": 1, "except": 2}[ev]
					if sets[i] != nil && rd.FD >= 0 && rd.FD < 1024 {
						sets[i][rd.FD/8] |= 1 << (rd.FD % 8)
					}
				}
			}
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("epoll_ctl", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		epfd, op, fd := iarg(a, 0), iarg(a, 1), iarg(a, 2)
		var ev uint32
		var data uint64
		if arg(a, 3) != 0 {
			b, f := p.buf(arg(a, 3), 12, false, "epoll_ctl")
			if f != nil {
				return 0, 0, f
			}
			ev = binary.LittleEndian.Uint32(b)
			data = binary.LittleEndian.Uint64(b[4:])
		}
		r, _ := p.syscall("epoll_ctl", aInt(epfd), aInt(op), aInt(fd), aInt(int64(int32(ev))))
		if r.Errno == 0 {
			if p.epData == nil {
				p.epData = map[[2]int64]uint64{}
			}
			if op == 2 {
				delete(p.epData, [2]int64{epfd, fd})
			} else {
				p.epData[[2]int64{epfd, fd}] = data
			}
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("epoll_wait", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		epfd, max := iarg(a, 0), iarg(a, 2)
		if max <= 0 || max > 4096 {
			p.setErrno(22)
			return ^uint64(0), ctlOK, nil
		}
		b, f := p.buf(arg(a, 1), max*12, true, "epoll_wait")
		if f != nil {
			return 0, 0, f
		}
		r, blocked := p.syscall("epoll_wait", aInt(epfd), aInt(max), aInt(iarg(a, 3)))
		if blocked {
			return 0, ctlBlock, nil
		}
		for i, rd := range r.Ready {
			if int64(i) >= max {
				break
			}
			binary.LittleEndian.PutUint32(b[i*12:], eventBits(rd.Events))
			binary.LittleEndian.PutUint64(b[i*12+4:], p.epData[[2]int64{epfd, rd.FD}])
		}
		return p.sysRet(r), ctlSyscall, nil
	})
}

var sigNames = map[int]string{1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
	9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 17: "SIGCHLD"}

func sigName(n int) string {
	if s, ok := sigNames[n]; ok {
		return s
	}
	return "SIG" + itoa(n)
}
