//go:build !cprog_compiler

package cprog

import (
	"encoding/binary"
	"strings"

	"socklab/engine"
)

// sendmsg/recvmsg: struct msghdr with its iovecs gathered into one buffer,
// SCM_RIGHTS control messages as the engine's fd lists.

var msgFlagBits = map[string]uint32{"MSG_OOB": 0x1, "MSG_CTRUNC": 0x8, "MSG_TRUNC": 0x20, "MSG_EOR": 0x80}

type msghdr struct {
	name, iov, control   uint64
	namelen              uint32
	iovlen, controllen   uint64
	flagsPtr, namelenPtr uint64
}

func (p *Proc) readMsghdr(ptr uint64, fn string) (msghdr, *fault) {
	b, f := p.buf(ptr, 56, false, fn)
	if f != nil {
		return msghdr{}, f
	}
	le := binary.LittleEndian
	return msghdr{name: le.Uint64(b), namelen: le.Uint32(b[8:]), iov: le.Uint64(b[16:]), iovlen: le.Uint64(b[24:]),
		control: le.Uint64(b[32:]), controllen: le.Uint64(b[40:]), flagsPtr: ptr + 48, namelenPtr: ptr + 8}, nil
}

// iovecs returns the (base, len) pairs of a msghdr.
func (p *Proc) iovecs(m msghdr, fn string) ([][2]uint64, *fault) {
	if m.iovlen > 1024 {
		return nil, nil
	}
	b, f := p.buf(m.iov, int64(m.iovlen)*16, false, fn)
	if f != nil {
		return nil, f
	}
	var out [][2]uint64
	for i := uint64(0); i < m.iovlen; i++ {
		out = append(out, [2]uint64{binary.LittleEndian.Uint64(b[i*16:]), binary.LittleEndian.Uint64(b[i*16+8:])})
	}
	return out, nil
}

func init() {
	register("sendmsg", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		m, f := p.readMsghdr(arg(a, 1), "sendmsg")
		if f != nil {
			return 0, 0, f
		}
		iov, f := p.iovecs(m, "sendmsg")
		if f != nil {
			return 0, 0, f
		}
		var data []byte
		for _, v := range iov {
			b, f := p.buf(v[0], int64(v[1]), false, "sendmsg")
			if f != nil {
				return 0, 0, f
			}
			data = append(data, b...)
		}
		fds := engine.Arg{Kind: engine.ArgNull}
		if m.control != 0 && m.controllen >= 16 {
			cb, f := p.buf(m.control, int64(m.controllen), false, "sendmsg")
			if f != nil {
				return 0, 0, f
			}
			fds = engine.Arg{Kind: engine.ArgList, List: []engine.Arg{}}
			for off := uint64(0); off+16 <= uint64(len(cb)); {
				clen := binary.LittleEndian.Uint64(cb[off:])
				level := binary.LittleEndian.Uint32(cb[off+8:])
				typ := binary.LittleEndian.Uint32(cb[off+12:])
				if clen < 16 || off+clen > uint64(len(cb)) {
					break
				}
				if level == 1 && typ == 1 {
					for i := off + 16; i+4 <= off+clen; i += 4 {
						fds.List = append(fds.List, aInt(int64(int32(binary.LittleEndian.Uint32(cb[i:])))))
					}
				}
				off += (clen + 7) &^ 7
			}
		}
		flags := iarg(a, 2)
		args := []engine.Arg{aInt(iarg(a, 0)), aBytes(data), aInt(flags), fds}
		if m.name != 0 {
			sa, e, f := p.sockaddrArg(m.name, int64(m.namelen), "sendmsg")
			if f != nil {
				return 0, 0, f
			}
			if e != 0 {
				p.setErrno(e)
				return ^uint64(0), ctlOK, nil
			}
			args = append(args, sa)
		}
		r, blocked := p.syscall("sendmsg", args...)
		if blocked {
			return 0, ctlBlock, nil
		}
		if r.Errno == 32 && flags&0x4000 == 0 {
			p.setErrno(32)
			if c := p.sigpipe(); c == ctlFault {
				return 0, ctlFault, nil
			}
		}
		return p.sysRet(r), ctlSyscall, nil
	})
	register("recvmsg", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		m, f := p.readMsghdr(arg(a, 1), "recvmsg")
		if f != nil {
			return 0, 0, f
		}
		iov, f := p.iovecs(m, "recvmsg")
		if f != nil {
			return 0, 0, f
		}
		var n int64
		for _, v := range iov {
			if _, f := p.buf(v[0], int64(v[1]), true, "recvmsg"); f != nil {
				return 0, 0, f
			}
			n += int64(v[1])
		}
		maxfds := int64(0)
		if m.control != 0 && m.controllen >= 16 {
			maxfds = (int64(m.controllen) - 16) / 4
		}
		r, blocked := p.syscall("recvmsg", aInt(iarg(a, 0)), aInt(n), aInt(iarg(a, 2)), aInt(maxfds))
		if blocked {
			return 0, ctlBlock, nil
		}
		if r.Errno != 0 {
			return p.sysRet(r), ctlSyscall, nil
		}
		data := r.Data
		for _, v := range iov {
			b, _ := p.buf(v[0], int64(v[1]), true, "recvmsg")
			k := copy(b, data)
			data = data[k:]
		}
		var flags uint32
		for _, nm := range strings.Split(r.MsgFlags, "|") {
			flags |= msgFlagBits[nm]
		}
		controllen := uint64(0)
		if len(r.FDs) > 0 && m.control != 0 {
			clen := uint64(16 + 4*len(r.FDs))
			cb, f := p.buf(m.control, int64(m.controllen), true, "recvmsg")
			if f != nil {
				return 0, 0, f
			}
			if clen <= uint64(len(cb)) {
				binary.LittleEndian.PutUint64(cb, clen)
				binary.LittleEndian.PutUint32(cb[8:], 1)
				binary.LittleEndian.PutUint32(cb[12:], 1)
				for i, fd := range r.FDs {
					binary.LittleEndian.PutUint32(cb[16+4*i:], uint32(fd))
				}
				controllen = (clen + 7) &^ 7
			}
		}
		if f := p.mem.store(arg(a, 1)+40, 8, controllen); f != nil {
			return 0, 0, f
		}
		if f := p.mem.store(m.flagsPtr, 4, uint64(flags)); f != nil {
			return 0, 0, f
		}
		if m.name != 0 {
			sa := encodeSockaddr(r.Addr)
			k := min(int(m.namelen), len(sa))
			if b, f := p.buf(m.name, int64(k), true, "recvmsg"); f == nil {
				copy(b, sa)
			}
			p.mem.store(m.namelenPtr, 4, uint64(len(sa)))
		}
		return p.sysRet(r), ctlSyscall, nil
	})
}
