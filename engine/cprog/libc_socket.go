//go:build !cprog_compiler

package cprog

import (
	"encoding/binary"
	"strconv"
	"strings"

	"socklab/engine"
)

func callWrite(fd int, data []byte) engine.Call {
	return engine.Call{Name: "write", Args: []engine.Arg{aInt(int64(fd)), aBytes(append([]byte(nil), data...))}}
}

func callExit(code int) engine.Call {
	return engine.Call{Name: "exit", Args: []engine.Arg{aInt(int64(code))}}
}

// sockaddrArg turns a struct sockaddr in user memory into the engine's
// address string ("/path", "@abstract", "", "a.b.c.d:port").
func (p *Proc) sockaddrArg(ptr uint64, n int64, fn string) (engine.Arg, int, *fault) {
	if ptr == 0 {
		return aNull(), 0, nil
	}
	if n < 2 || n > 128 {
		return engine.Arg{}, 22, nil // EINVAL
	}
	b, f := p.buf(ptr, n, false, fn)
	if f != nil {
		return engine.Arg{}, 0, f
	}
	switch binary.LittleEndian.Uint16(b) {
	case 1: // AF_UNIX
		path := b[2:]
		if len(path) == 0 {
			return aBytes(nil), 0, nil
		}
		if path[0] == 0 {
			return aBytes(append([]byte("@"), path[1:]...)), 0, nil
		}
		if i := indexByte(path, 0); i >= 0 {
			path = path[:i]
		}
		return aBytes(append([]byte(nil), path...)), 0, nil
	case 2: // AF_INET
		if n < 16 {
			return engine.Arg{}, 22, nil
		}
		port := int(binary.BigEndian.Uint16(b[2:]))
		s := strconv.Itoa(int(b[4])) + "." + strconv.Itoa(int(b[5])) + "." + strconv.Itoa(int(b[6])) + "." + strconv.Itoa(int(b[7])) + ":" + strconv.Itoa(port)
		return aBytes([]byte(s)), 0, nil
	}
	return engine.Arg{}, 97, nil // EAFNOSUPPORT
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// encodeSockaddr is the struct sockaddr for an engine address string.
func encodeSockaddr(addr string) []byte {
	if host, port, ok := strings.Cut(addr, ":"); ok {
		parts := strings.Split(host, ".")
		if len(parts) == 4 {
			b := make([]byte, 16)
			binary.LittleEndian.PutUint16(b, 2)
			pv, _ := strconv.Atoi(port)
			binary.BigEndian.PutUint16(b[2:], uint16(pv))
			for i, s := range parts {
				v, _ := strconv.Atoi(s)
				b[4+i] = byte(v)
			}
			return b
		}
	}
	b := []byte{1, 0}
	switch {
	case addr == "":
		return b
	case addr[0] == '@':
		return append(append(b, 0), addr[1:]...)
	}
	return append(append(b, addr...), 0)
}

// putSockaddr stores addr at ptr (at most *lenp bytes) and sets *lenp.
func (p *Proc) putSockaddr(ptr, lenp uint64, addr string) *fault {
	if ptr == 0 || lenp == 0 {
		return nil
	}
	sa := encodeSockaddr(addr)
	l, f := p.mem.load(lenp, 4)
	if f != nil {
		return f
	}
	n := min(int64(l), int64(len(sa)))
	b, f := p.buf(ptr, n, true, "accept")
	if f != nil {
		return f
	}
	copy(b, sa)
	return p.mem.store(lenp, 4, uint64(len(sa)))
}

func (p *Proc) sigpipe() ctl {
	p.pendingSigpipe = false
	if p.sig[13] == 1 {
		return ctlSyscall
	}
	if p.sig[13] > 1 { // a handler: it runs, and the call fails with EPIPE
		p.pendingSig |= 1 << 13
		return ctlSyscall
	}
	line, col := p.Pos()
	p.FaultMsg = p.prog.File + ":" + itoa(line) + ":" + itoa(col) + ": write to a connection the peer has closed: killed by SIGPIPE (default action; MSG_NOSIGNAL or signal(SIGPIPE, SIG_IGN) returns EPIPE instead)"
	p.Exit = "signal SIGPIPE"
	p.finish()
	return ctlFault
}

func init() {
	register("socket", simple("socket", 3))
	register("listen", simple("listen", 2))
	register("shutdown", simple("shutdown", 2))
	register("close", simple("close", 1))
	register("dup", simple("dup", 1))
	register("dup2", simple("dup2", 2))
	register("getpid", simple("getpid", 0))
	register("getppid", simple("getppid", 0))
	register("fcntl", simple("fcntl", 3))
	register("epoll_create", simple("epoll_create", 1))
	register("epoll_create1", simple("epoll_create1", 1))
	addrCall := func(name string) builtinFn {
		return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			if f := p.checkFD(name, a, 1); f != nil {
				return 0, 0, f
			}
			sa, e, f := p.sockaddrArg(arg(a, 1), int64(uint32(arg(a, 2))), name)
			if f != nil {
				return 0, 0, f
			}
			if e != 0 {
				p.setErrno(e)
				return ^uint64(0), ctlOK, nil
			}
			if sa.Kind == engine.ArgNull {
				p.setErrno(14)
				return ^uint64(0), ctlOK, nil
			}
			r, blocked := p.syscall(name, aInt(iarg(a, 0)), sa)
			if blocked {
				return 0, ctlBlock, nil
			}
			return p.sysRet(r), ctlSyscall, nil
		}
	}
	register("bind", addrCall("bind"))
	register("connect", addrCall("connect"))
	accept := func(name string) builtinFn {
		return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			if f := p.checkFD(name, a, 1); f != nil {
				return 0, 0, f
			}
			args := []engine.Arg{aInt(iarg(a, 0))}
			if name == "accept4" {
				args = append(args, aInt(iarg(a, 3)))
			}
			r, blocked := p.syscall(name, args...)
			if blocked {
				return 0, ctlBlock, nil
			}
			if r.Errno == 0 {
				if f := p.putSockaddr(arg(a, 1), arg(a, 2), r.Addr); f != nil {
					return 0, 0, f
				}
			}
			return p.sysRet(r), ctlSyscall, nil
		}
	}
	register("accept", accept("accept"))
	register("accept4", accept("accept4"))
	name := func(nm string) builtinFn {
		return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			r, _ := p.syscall(nm, aInt(iarg(a, 0)))
			if r.Errno == 0 {
				if f := p.putSockaddr(arg(a, 1), arg(a, 2), r.Addr); f != nil {
					return 0, 0, f
				}
			}
			return p.sysRet(r), ctlSyscall, nil
		}
	}
	register("getsockname", name("getsockname"))
	register("getpeername", name("getpeername"))
	register("unlink", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		r, _ := p.syscall("unlink", aBytes(append([]byte(nil), s...)))
		return p.sysRet(r), ctlSyscall, nil
	})
	// read side
	recv := func(nm string, flagsAt, addrAt int) builtinFn {
		return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			if f := p.checkFD(nm, a, 1); f != nil {
				return 0, 0, f
			}
			n := int64(arg(a, 2))
			dst, f := p.buf(arg(a, 1), n, true, nm)
			if f != nil {
				return 0, 0, f
			}
			args := []engine.Arg{aInt(iarg(a, 0)), aInt(n)}
			if flagsAt >= 0 {
				args = append(args, aInt(iarg(a, flagsAt)))
			}
			r, blocked := p.syscall(nm, args...)
			if blocked {
				return 0, ctlBlock, nil
			}
			if r.TTY && nm == "read" {
				k := min(int64(len(p.stdin)), n)
				copy(dst, p.stdin[:k])
				p.stdin = p.stdin[k:]
				return uint64(k), ctlSyscall, nil
			}
			copy(dst, r.Data)
			if addrAt >= 0 && r.Errno == 0 {
				if f := p.putSockaddr(arg(a, addrAt), arg(a, addrAt+1), r.Addr); f != nil {
					return 0, 0, f
				}
			}
			return p.sysRet(r), ctlSyscall, nil
		}
	}
	register("read", recv("read", -1, -1))
	register("recv", recv("recv", 3, -1))
	register("recvfrom", recv("recvfrom", 3, 4))
	send := func(nm string, flagsAt, addrAt int) builtinFn {
		return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
			if f := p.checkFD(nm, a, 1); f != nil {
				return 0, 0, f
			}
			n := int64(arg(a, 2))
			src, f := p.buf(arg(a, 1), n, false, nm)
			if f != nil {
				return 0, 0, f
			}
			args := []engine.Arg{aInt(iarg(a, 0)), aBytes(append([]byte(nil), src...))}
			var flags int64
			if flagsAt >= 0 {
				flags = iarg(a, flagsAt)
				args = append(args, aInt(flags))
			}
			if addrAt >= 0 {
				sa, e, f := p.sockaddrArg(arg(a, addrAt), int64(uint32(arg(a, addrAt+1))), nm)
				if f != nil {
					return 0, 0, f
				}
				if e != 0 {
					p.setErrno(e)
					return ^uint64(0), ctlOK, nil
				}
				args = append(args, sa)
			}
			r, blocked := p.syscall(nm, args...)
			if blocked {
				return 0, ctlBlock, nil
			}
			if r.TTY && r.Errno == 0 {
				p.sys.output(p, int(iarg(a, 0)), src[:r.Ret])
			}
			if r.Errno == 32 && flags&0x4000 == 0 {
				p.setErrno(32)
				if c := p.sigpipe(); c == ctlFault {
					return 0, ctlFault, nil
				}
			}
			return p.sysRet(r), ctlSyscall, nil
		}
	}
	register("write", send("write", -1, -1))
	register("send", send("send", 3, -1))
	register("sendto", send("sendto", 3, 4))
	register("setsockopt", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		level, opt := iarg(a, 1), iarg(a, 2)
		n := int64(uint32(arg(a, 4)))
		b, f := p.buf(arg(a, 3), n, false, "setsockopt")
		if f != nil {
			return 0, 0, f
		}
		var v engine.Arg
		switch {
		case level == 1 && opt == 13 && n >= 8: // SO_LINGER
			v = engine.Arg{Kind: engine.ArgList, List: []engine.Arg{aInt(int64(int32(binary.LittleEndian.Uint32(b)))), aInt(int64(int32(binary.LittleEndian.Uint32(b[4:]))))}}
		case level == 1 && (opt == 20 || opt == 21) && n >= 16: // SO_RCVTIMEO/SO_SNDTIMEO: struct timeval → ms
			sec := int64(binary.LittleEndian.Uint64(b))
			usec := int64(binary.LittleEndian.Uint64(b[8:]))
			v = aInt(sec*1000 + usec/1000)
		case n >= 4:
			v = aInt(int64(int32(binary.LittleEndian.Uint32(b))))
		default:
			p.setErrno(22)
			return ^uint64(0), ctlOK, nil
		}
		r, _ := p.syscall("setsockopt", aInt(iarg(a, 0)), aInt(level), aInt(opt), v)
		return p.sysRet(r), ctlSyscall, nil
	})
	register("getsockopt", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		r, _ := p.syscall("getsockopt", aInt(iarg(a, 0)), aInt(iarg(a, 1)), aInt(iarg(a, 2)))
		if r.Errno != 0 {
			return p.sysRet(r), ctlSyscall, nil
		}
		val, lenp := arg(a, 3), arg(a, 4)
		out := make([]byte, 4)
		binary.LittleEndian.PutUint32(out, uint32(r.Ret))
		if r.HasLinger {
			out = make([]byte, 8)
			binary.LittleEndian.PutUint32(out, uint32(r.Ret))
			binary.LittleEndian.PutUint32(out[4:], uint32(r.Linger))
		}
		l, f := p.mem.load(lenp, 4)
		if f != nil {
			return 0, 0, f
		}
		n := min(int64(l), int64(len(out)))
		b, f := p.buf(val, n, true, "getsockopt")
		if f != nil {
			return 0, 0, f
		}
		copy(b, out)
		if f := p.mem.store(lenp, 4, uint64(n)); f != nil {
			return 0, 0, f
		}
		return 0, ctlSyscall, nil
	})
	register("socketpair", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		sv, f := p.buf(arg(a, 3), 8, true, "socketpair")
		if f != nil {
			return 0, 0, f
		}
		r, _ := p.syscall("socketpair", aInt(iarg(a, 0)), aInt(iarg(a, 1)), aInt(iarg(a, 2)), engine.Arg{Kind: engine.ArgSV, Name: "sv"})
		if r.Errno == 0 {
			binary.LittleEndian.PutUint32(sv, uint32(r.SV[0]))
			binary.LittleEndian.PutUint32(sv[4:], uint32(r.SV[1]))
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("pipe", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		sv, f := p.buf(arg(a, 0), 8, true, "pipe")
		if f != nil {
			return 0, 0, f
		}
		r, _ := p.syscall("pipe", engine.Arg{Kind: engine.ArgSV, Name: "fds"})
		if r.Errno == 0 {
			binary.LittleEndian.PutUint32(sv, uint32(r.SV[0]))
			binary.LittleEndian.PutUint32(sv[4:], uint32(r.SV[1]))
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("ioctl", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		r, _ := p.syscall("ioctl", aInt(iarg(a, 0)), aInt(int64(arg(a, 1))))
		if r.Errno == 0 && arg(a, 2) != 0 {
			if f := p.mem.store(arg(a, 2), 4, uint64(r.Ret)); f != nil {
				return 0, 0, f
			}
			return 0, ctlSyscall, nil
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	// byte order
	register("htons", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return uint64(swap16(uint16(arg(a, 0)))), ctlOK, nil })
	register("ntohs", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return uint64(swap16(uint16(arg(a, 0)))), ctlOK, nil })
	register("htonl", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return uint64(swap32(uint32(arg(a, 0)))), ctlOK, nil })
	register("ntohl", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return uint64(swap32(uint32(arg(a, 0)))), ctlOK, nil })
	register("inet_pton", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 1))
		if f != nil {
			return 0, 0, f
		}
		if iarg(a, 0) != 2 {
			p.setErrno(97)
			return ^uint64(0), ctlOK, nil
		}
		ip, ok := parseIPv4(string(s), true)
		if !ok {
			return 0, ctlOK, nil
		}
		b, f := p.buf(arg(a, 2), 4, true, "inet_pton")
		if f != nil {
			return 0, 0, f
		}
		copy(b, ip[:])
		return 1, ctlOK, nil
	})
	register("inet_addr", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		ip, ok := parseIPv4(string(s), false)
		if !ok {
			return 0xffffffff, ctlOK, nil
		}
		return uint64(binary.LittleEndian.Uint32(ip[:])), ctlOK, nil
	})
	register("inet_aton", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		ip, ok := parseIPv4(string(s), false)
		if !ok {
			return 0, ctlOK, nil
		}
		b, f := p.buf(arg(a, 1), 4, true, "inet_aton")
		if f != nil {
			return 0, 0, f
		}
		copy(b, ip[:])
		return 1, ctlOK, nil
	})
	register("inet_ntop", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		if iarg(a, 0) != 2 {
			p.setErrno(97)
			return 0, ctlOK, nil
		}
		src, f := p.buf(arg(a, 1), 4, false, "inet_ntop")
		if f != nil {
			return 0, 0, f
		}
		s := ipString(src)
		if int64(uint32(arg(a, 3))) < int64(len(s)+1) {
			p.setErrno(28) // ENOSPC
			return 0, ctlOK, nil
		}
		d, f := p.buf(arg(a, 2), int64(len(s)+1), true, "inet_ntop")
		if f != nil {
			return 0, 0, f
		}
		copy(d, s)
		d[len(s)] = 0
		return arg(a, 2), ctlOK, nil
	})
	register("__socklab_inet_ntoa", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], uint32(arg(a, 0)))
		return p.staticString("inet_ntoa", ipString(b[:])), ctlOK, nil
	})
	register("isatty", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		fd := iarg(a, 0)
		return b2u(fd >= 0 && fd <= 2 && !(fd == 1 && p.streams[1].mode == 0)), ctlOK, nil
	})
}

func swap16(v uint16) uint16 { return v<<8 | v>>8 }
func swap32(v uint32) uint32 {
	return v<<24 | (v<<8)&0xff0000 | (v>>8)&0xff00 | v>>24
}

func ipString(b []byte) string {
	return strconv.Itoa(int(b[0])) + "." + strconv.Itoa(int(b[1])) + "." + strconv.Itoa(int(b[2])) + "." + strconv.Itoa(int(b[3]))
}

func parseIPv4(s string, strict bool) ([4]byte, bool) {
	var ip [4]byte
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return ip, false
	}
	for i, x := range parts {
		if x == "" || len(x) > 3 || (strict && len(x) > 1 && x[0] == '0') {
			return ip, false
		}
		v, err := strconv.Atoi(x)
		if err != nil || v < 0 || v > 255 {
			return ip, false
		}
		ip[i] = byte(v)
	}
	return ip, true
}
