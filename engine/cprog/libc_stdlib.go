//go:build !cprog_compiler

package cprog

// The heap: every malloc is its own segment, never reused, so a freed
// block stays recognisable and any later use is reported.

const maxHeap = 256 << 20

func (p *Proc) malloc(n int64) uint64 {
	if n < 0 || p.mem.heapBytes+p.mem.stackUsed+n > p.memLimit {
		p.setErrno(12) // ENOMEM
		return 0
	}
	if n == 0 {
		n = 1
	}
	p.mem.heapBytes += n
	return mkptr(p.mem.alloc(n, segHeap), 0)
}

func (p *Proc) mallocBytes(b []byte) uint64 {
	ptr := p.malloc(int64(len(b)))
	if ptr != 0 {
		copy(p.mem.segs[uint32(ptr>>32)].data, b)
	}
	return ptr
}

// staticString returns a new static buffer holding s (strerror, inet_ntoa).
func (p *Proc) staticString(_ string, s string) uint64 {
	id := p.mem.alloc(int64(len(s)+1), segGlobal)
	copy(p.mem.segs[id].data, s)
	return mkptr(id, 0)
}

func (p *Proc) free(ptr uint64) *fault {
	if ptr == 0 {
		return nil
	}
	seg := uint32(ptr >> 32)
	if int(seg) >= len(p.mem.segs) {
		return &fault{sig: "SIGABRT", msg: "free(): invalid pointer"}
	}
	s := &p.mem.segs[seg]
	switch {
	case s.kind == segFreed:
		return &fault{sig: "SIGABRT", msg: "free(): double free detected"}
	case s.kind != segHeap || uint32(ptr) != 0:
		return &fault{sig: "SIGABRT", msg: "free(): invalid pointer (not returned by malloc)"}
	}
	p.mem.heapBytes -= int64(len(s.data))
	s.kind = segFreed
	s.data = s.data[:len(s.data):len(s.data)]
	return nil
}

func init() {
	register("malloc", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.malloc(int64(arg(a, 0))), ctlOK, nil
	})
	register("calloc", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.malloc(int64(arg(a, 0) * arg(a, 1))), ctlOK, nil
	})
	register("realloc", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		old := arg(a, 0)
		n := int64(arg(a, 1))
		if old == 0 {
			return p.malloc(n), ctlOK, nil
		}
		src, f := p.mem.check(old, 0, false)
		if f != nil {
			return 0, 0, f
		}
		_ = src
		data := p.mem.segs[uint32(old>>32)].data
		np := p.malloc(n)
		if np == 0 {
			return 0, ctlOK, nil
		}
		copy(p.mem.segs[uint32(np>>32)].data, data)
		if f := p.free(old); f != nil {
			return 0, 0, f
		}
		return np, ctlOK, nil
	})
	register("free", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return 0, ctlOK, p.free(arg(a, 0))
	})
	register("exit", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		c, f := p.exit(int(iarg(a, 0)), true)
		return 0, c, f
	})
	register("_exit", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		c, f := p.exit(int(iarg(a, 0)), false)
		return 0, c, f
	})
	register("_Exit", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		c, f := p.exit(int(iarg(a, 0)), false)
		return 0, c, f
	})
	register("abort", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return 0, 0, &fault{sig: "SIGABRT", msg: "abort() called"}
	})
	register("__assert_fail", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		e, _ := p.mem.cstring(arg(a, 0))
		fn, _ := p.mem.cstring(arg(a, 3))
		msg := "./" + p.prog.Name + ": " + p.prog.File + ":" + itoa(int(int32(arg(a, 2)))) + ": " + string(fn) + ": Assertion `" + string(e) + "' failed.\n"
		p.flush(&p.streams[2])
		p.fwrite(&p.streams[2], []byte(msg))
		return 0, 0, &fault{sig: "SIGABRT", msg: "assertion failed: " + string(e)}
	})
	register("rand", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		p.rand = p.rand*1103515245 + 12345
		return (p.rand / 65536) % 2147483648, ctlOK, nil
	})
	register("srand", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		p.rand = arg(a, 0)
		return 0, ctlOK, nil
	})
	register("getenv", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return 0, ctlOK, nil })
	register("atexit", func(p *Proc, a []uint64) (uint64, ctl, *fault) { return 0, ctlOK, nil })
	register("__builtin_va_arg_impl", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		ap := arg(a, 0)
		cur, f := p.mem.load(ap, 8)
		if f != nil {
			return 0, 0, f
		}
		if f := p.mem.store(ap, 8, cur+8); f != nil {
			return 0, 0, f
		}
		return cur, ctlOK, nil
	})
}
