//go:build !cprog_compiler

package cprog

import (
	"strconv"

	"socklab/engine"
)

// The C library: each function is Go code run by one VM instruction
// (opBuiltin). A function that makes a system call that blocks returns
// ctlBlock; the instruction runs again when the process is woken, and the
// call then returns the result the kernel completed (Proc.resumed).

type builtinFn func(p *Proc, a []uint64) (uint64, ctl, *fault)

type builtin struct {
	name string
	fn   builtinFn
}

// builtins is the library by opBuiltin id: libcNames (libc_names.go), each
// with the Go function its libc_*.go file registers.
var builtins = make([]builtin, len(libcNames))

func register(name string, fn builtinFn) {
	id, ok := builtinByName[name]
	if !ok || builtins[id].fn != nil {
		panic("cprog: register(" + strconv.Quote(name) + "): not in libcNames, or registered twice")
	}
	builtins[id] = builtin{name, fn}
}

func itoa(n int) string { return strconv.Itoa(n) }

// callBuiltin runs library function id with the top nargs stack values.
func (p *Proc) callBuiltin(id, nargs int, push bool) (ctl, *fault) {
	args := p.stack[p.sp-nargs : p.sp]
	v, c, f := builtins[id].fn(p, args)
	if f != nil {
		return 0, f
	}
	switch c {
	case ctlBlock, ctlExit, ctlFault:
		return c, nil
	}
	if p.resumedDepth == len(p.frames) {
		p.resumed = nil
	}
	p.sp -= nargs
	if push {
		p.stack[p.sp] = v
		p.sp++
	}
	return c, nil
}

func arg(a []uint64, i int) uint64 {
	if i < len(a) {
		return a[i]
	}
	return 0
}

func iarg(a []uint64, i int) int64 { return int64(int32(arg(a, i))) }

func (p *Proc) setErrno(e int) { p.mem.store(p.errnoPtr, 4|kSigned, uint64(e)) }

// sysRet turns a kernel result into a C return: -1 with errno on failure.
func (p *Proc) sysRet(r engine.Result) uint64 {
	if r.Errno != 0 {
		p.setErrno(int(r.Errno))
		return ^uint64(0)
	}
	return uint64(r.Ret)
}

// syscall makes call c, or returns the completed result of the call the
// process blocked in.
func (p *Proc) syscall(name string, args ...engine.Arg) (engine.Result, bool) {
	if p.resumed != nil && p.resumedDepth == len(p.frames) {
		r := *p.resumed
		p.resumed = nil
		return r, false
	}
	return p.sys.syscall(p, engine.Call{Name: name, Args: args})
}

func aInt(v int64) engine.Arg { return engine.Arg{Kind: engine.ArgInt, Int: v} }
func aBytes(b []byte) engine.Arg {
	return engine.Arg{Kind: engine.ArgBytes, Bytes: engine.Buf{Lit: b}}
}
func aNull() engine.Arg { return engine.Arg{Kind: engine.ArgNull} }

// simple makes a system call whose arguments are all integers.
func simple(name string, n int) builtinFn {
	return func(p *Proc, a []uint64) (uint64, ctl, *fault) {
		args := make([]engine.Arg, n)
		for i := range args {
			args[i] = aInt(iarg(a, i))
		}
		if f := p.checkFD(name, a, n); f != nil {
			return 0, 0, f
		}
		r, blocked := p.syscall(name, args...)
		if blocked {
			return 0, ctlBlock, nil
		}
		return p.sysRet(r), ctlSyscall, nil
	}
}

// checkFD stops a program that passes an uninitialised int as an fd.
func (p *Proc) checkFD(name string, a []uint64, n int) *fault {
	if n > 0 && int32(arg(a, 0)) == uninitInt {
		return segv(name + "() called with an uninitialised variable as its fd")
	}
	return nil
}

// buf returns n bytes of user memory at ptr, or a fault explaining that the
// buffer is shorter than the length passed.
func (p *Proc) buf(ptr uint64, n int64, write bool, fn string) ([]byte, *fault) {
	if n == 0 {
		return nil, nil
	}
	b, f := p.mem.check(ptr, n, write)
	if f != nil && ptr != 0 && p.mem.span(ptr) >= 0 && p.mem.span(ptr) < n && f.msg[:3] == "out" {
		return nil, segv(fn + "(): buffer of " + strconv.FormatInt(p.mem.span(ptr), 10) + " bytes passed with a length of " + strconv.FormatInt(n, 10))
	}
	return b, f
}

func (p *Proc) cstr(ptr uint64) (string, *fault) {
	b, f := p.mem.cstring(ptr)
	return string(b), f
}
