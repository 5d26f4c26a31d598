//go:build !cprog_compiler

package cprog

import (
	"bytes"
)

// stdio as glibc does it: stdout line buffered on a terminal and fully
// buffered on a file, stderr unbuffered; buffers are process data, so fork
// copies what is not flushed yet.

func (p *Proc) streamOf(fp uint64) (*stream, *fault) {
	seg := uint32(fp >> 32)
	i := int(seg) - fileSegBase
	if fp == 0 {
		return nil, segv("NULL FILE * passed to a stdio function")
	}
	if seg < fileSegBase || i >= len(p.streams) || !p.streams[i].open {
		return nil, segv("invalid or closed FILE *")
	}
	return &p.streams[i], nil
}

// rawWrite is write(2) of data to fd: a system call (a step); terminal
// output goes to the runner.
func (p *Proc) rawWrite(fd int, data []byte) (engine_ret int64, errno int) {
	r, blocked := p.sys.syscall(p, callWrite(fd, data))
	if blocked {
		return int64(len(data)), 0
	}
	if r.Errno != 0 {
		return -1, int(r.Errno)
	}
	if r.TTY {
		p.sys.output(p, fd, data[:r.Ret])
	}
	return r.Ret, 0
}

// flush writes a stream's buffer.
func (p *Proc) flush(s *stream) bool {
	for len(s.buf) > 0 {
		n, e := p.rawWrite(s.fd, s.buf)
		if e != 0 || n <= 0 {
			if e == 32 {
				p.pendingSigpipe = true
			}
			s.buf = s.buf[:0]
			s.err = true
			return false
		}
		s.buf = s.buf[n:]
	}
	s.buf = nil
	return true
}

// fwrite buffers data on s as its mode says.
func (p *Proc) fwrite(s *stream, data []byte) bool {
	switch s.mode {
	case 2:
		s.buf = append(s.buf, data...)
		return p.flush(s)
	case 1:
		s.buf = append(s.buf, data...)
		if bytes.IndexByte(data, '\n') >= 0 || len(s.buf) >= bufSize {
			return p.flush(s)
		}
	default:
		s.buf = append(s.buf, data...)
		for len(s.buf) >= bufSize {
			chunk := append([]byte(nil), s.buf[:len(s.buf)/bufSize*bufSize]...)
			rest := append([]byte(nil), s.buf[len(chunk):]...)
			s.buf = chunk
			ok := p.flush(s)
			s.buf = rest
			if !ok {
				return false
			}
		}
	}
	return true
}

func (p *Proc) flushAll() {
	for i := range p.streams {
		if p.streams[i].open && len(p.streams[i].buf) > 0 {
			p.flush(&p.streams[i])
		}
	}
}

// exit flushes stdio (unless _exit) and ends the process.
func (p *Proc) exit(code int, flush bool) (ctl, *fault) {
	if flush {
		p.flushAll()
	}
	p.sys.syscall(p, callExit(code))
	p.Exit = itoa(code & 0xff)
	p.finish()
	return ctlExit, nil
}

func init() {
	register("__errno_location", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.errnoPtr, ctlOK, nil
	})
	register("__socklab_stdio", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return mkptr(fileSegBase+uint32(arg(a, 0)), 0), ctlOK, nil
	})
	register("printf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.printTo(mkptr(fileSegBase+1, 0), arg(a, 0), &argSource{p: p, vals: a[1:]})
	})
	register("fprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.printTo(arg(a, 0), arg(a, 1), &argSource{p: p, vals: a[2:]})
	})
	register("vprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.printTo(mkptr(fileSegBase+1, 0), arg(a, 0), &argSource{p: p, va: arg(a, 1), isVa: true})
	})
	register("vfprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.printTo(arg(a, 0), arg(a, 1), &argSource{p: p, va: arg(a, 2), isVa: true})
	})
	register("dprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		out, f := p.format(arg(a, 1), &argSource{p: p, vals: a[2:]})
		if f != nil {
			return 0, 0, f
		}
		n, e := p.rawWrite(int(iarg(a, 0)), out)
		if e != 0 {
			p.setErrno(e)
			return ^uint64(0), ctlSyscall, nil
		}
		return uint64(n), ctlSyscall, nil
	})
	sprintf := func(p *Proc, dst uint64, limit int64, fmtp uint64, src *argSource) (uint64, ctl, *fault) {
		out, f := p.format(fmtp, src)
		if f != nil {
			return 0, 0, f
		}
		n := int64(len(out))
		if limit >= 0 {
			if limit == 0 {
				return uint64(n), ctlOK, nil
			}
			if n > limit-1 {
				out = out[:limit-1]
			}
		}
		b, f := p.buf(dst, int64(len(out))+1, true, "sprintf")
		if f != nil {
			return 0, 0, f
		}
		copy(b, out)
		b[len(out)] = 0
		return uint64(n), ctlOK, nil
	}
	register("sprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return sprintf(p, arg(a, 0), -1, arg(a, 1), &argSource{p: p, vals: a[2:]})
	})
	register("snprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return sprintf(p, arg(a, 0), int64(arg(a, 1)), arg(a, 2), &argSource{p: p, vals: a[3:]})
	})
	register("vsprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return sprintf(p, arg(a, 0), -1, arg(a, 1), &argSource{p: p, va: arg(a, 2), isVa: true})
	})
	register("vsnprintf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return sprintf(p, arg(a, 0), int64(arg(a, 1)), arg(a, 2), &argSource{p: p, va: arg(a, 3), isVa: true})
	})
	register("puts", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return p.putBytes(mkptr(fileSegBase+1, 0), append(append([]byte(nil), s...), '\n'))
	})
	register("fputs", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.mem.cstring(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return p.putBytes(arg(a, 1), append([]byte(nil), s...))
	})
	putc := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		v, c, f := p.putBytes(arg(a, 1), []byte{byte(arg(a, 0))})
		if f == nil && v != ^uint64(0) {
			v = uint64(byte(arg(a, 0)))
		}
		return v, c, f
	}
	register("fputc", putc)
	register("putc", putc)
	register("putchar", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return putc(p, []uint64{arg(a, 0), mkptr(fileSegBase+1, 0)})
	})
	register("fwrite", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		n := int64(arg(a, 1) * arg(a, 2))
		b, f := p.buf(arg(a, 0), n, false, "fwrite")
		if f != nil {
			return 0, 0, f
		}
		v, c, f := p.putBytes(arg(a, 3), append([]byte(nil), b...))
		if v != ^uint64(0) {
			v = arg(a, 2)
		} else {
			v = 0
		}
		return v, c, f
	})
	register("fflush", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		if arg(a, 0) == 0 {
			p.flushAll()
			return 0, ctlSyscall, nil
		}
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		if len(s.buf) == 0 {
			return 0, ctlOK, nil
		}
		if !p.flush(s) {
			return ^uint64(0), ctlSyscall, nil
		}
		return 0, ctlSyscall, nil
	})
	register("setvbuf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		s.mode = int(iarg(a, 2))
		return 0, ctlOK, nil
	})
	register("setbuf", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		if arg(a, 1) == 0 {
			s.mode = 2
		}
		return 0, ctlOK, nil
	})
	register("fileno", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return uint64(s.fd), ctlOK, nil
	})
	register("perror", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		e, _ := p.mem.load(p.errnoPtr, 4|kSigned)
		msg := strerror(int(int32(e)))
		var out []byte
		if arg(a, 0) != 0 {
			s, f := p.mem.cstring(arg(a, 0))
			if f != nil {
				return 0, 0, f
			}
			if len(s) > 0 {
				out = append(append(out, s...), ": "...)
			}
		}
		out = append(append(out, msg...), '\n')
		p.fwrite(&p.streams[2], out)
		return 0, ctlSyscall, nil
	})
	register("fgets", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return p.fgets(arg(a, 0), int64(int32(arg(a, 1))), arg(a, 2))
	})
	getc := func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		if len(s.rbuf) == 0 && !p.fill(s) {
			return ^uint64(0), ctlSyscall, nil
		}
		c := s.rbuf[0]
		s.rbuf = s.rbuf[1:]
		return uint64(c), ctlSyscall, nil
	}
	register("fgetc", getc)
	register("getc", getc)
	register("getchar", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		return getc(p, []uint64{mkptr(fileSegBase, 0)})
	})
	register("feof", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return b2u(s.eof), ctlOK, nil
	})
	register("ferror", func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		s, f := p.streamOf(arg(a, 0))
		if f != nil {
			return 0, 0, f
		}
		return b2u(s.err), ctlOK, nil
	})
}

func (p *Proc) printTo(fp, fmtp uint64, src *argSource) (uint64, ctl, *fault) {
	out, f := p.format(fmtp, src)
	if f != nil {
		return 0, 0, f
	}
	v, c, f := p.putBytes(fp, out)
	if v != ^uint64(0) {
		v = uint64(len(out))
	}
	return v, c, f
}

func (p *Proc) putBytes(fp uint64, data []byte) (uint64, ctl, *fault) {
	s, f := p.streamOf(fp)
	if f != nil {
		return 0, 0, f
	}
	before := p.syscalls
	ok := p.fwrite(s, data)
	c := ctlOK
	if p.syscalls != before {
		c = ctlSyscall
	}
	if p.pendingSigpipe {
		return 0, p.sigpipe(), nil
	}
	if !ok {
		return ^uint64(0), c, nil
	}
	return 0, c, nil
}

// fill reads more input for s (stdin: the program's .stdin file).
func (p *Proc) fill(s *stream) bool {
	if s.eof {
		return false
	}
	if s.fd == 0 && len(p.stdin) > 0 {
		n := len(p.stdin)
		if n > bufSize {
			n = bufSize
		}
		s.rbuf = append(s.rbuf, p.stdin[:n]...)
		p.stdin = p.stdin[n:]
		return true
	}
	s.eof = true
	return false
}

func (p *Proc) fgets(dst uint64, n int64, fp uint64) (uint64, ctl, *fault) {
	s, f := p.streamOf(fp)
	if f != nil {
		return 0, 0, f
	}
	if n <= 0 {
		return 0, ctlOK, nil
	}
	b, f := p.buf(dst, n, true, "fgets")
	if f != nil {
		return 0, 0, f
	}
	i := int64(0)
	for i < n-1 {
		if len(s.rbuf) == 0 && !p.fill(s) {
			break
		}
		c := s.rbuf[0]
		s.rbuf = s.rbuf[1:]
		b[i] = c
		i++
		if c == '\n' {
			break
		}
	}
	if i == 0 {
		return 0, ctlOK, nil
	}
	b[i] = 0
	return dst, ctlOK, nil
}

// strerror is glibc's message for errno e.
func strerror(e int) string {
	if m, ok := errnoMessages[e]; ok {
		return m
	}
	if e == 0 {
		return "Success"
	}
	return "Unknown error " + itoa(e)
}
