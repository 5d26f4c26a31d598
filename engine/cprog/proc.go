//go:build !cprog_compiler

package cprog

import (
	"socklab/engine"
)

// Proc is one C process: the VM state (frames, operand stack, scalar
// locals, memory) and the libc state (stdio buffers, signal dispositions,
// the heap). Everything is plain data, so fork is a copy.
type Proc struct {
	prog   *Program
	Name   string // process name in events: the program's, or "name[2]" for a forked child
	Group  string // the program (file) it belongs to: whose stdout it writes
	PID    int
	PPID   int
	frames []frame
	stack  []uint64
	sp     int
	regs   []uint64
	objs   []uint32
	mem    memory

	errnoPtr uint64
	streams  []stream
	sig      [32]uint64 // signal dispositions: 0 SIG_DFL, 1 SIG_IGN, else a handler
	rand     uint64
	strtok   uint64
	stdin    []byte
	epData   map[[2]int64]uint64 // epoll_ctl's user data by (epfd, fd)

	pendingSigpipe bool
	syscalls       int64 // system calls made
	blockStep      int
	endPos         pos // where main returned
	memLimit       int64
	pendingSig     uint32 // signals with a handler, not delivered yet
	resumedDepth   int    // the frame depth of the call resumed holds the result of

	state    procState
	resumed  *engine.Result // the result of the blocked call, when woken
	wakeAt   int64          // sleeping: the clock (ms) to wake at
	Exit     string         // "0".."255" or "signal SIGPIPE"
	FaultMsg string         // the message of the signal that ended it, with position
	Steps    int64          // instructions executed

	sys sysHost // the runner: system calls, output, time
}

type procState uint8

const (
	psRunnable procState = iota
	psBlocked
	psSleeping
	psDone
)

// sysHost is what the libc needs from the runner.
type sysHost interface {
	syscall(p *Proc, c engine.Call) (engine.Result, bool)
	now() int64 // the simulated clock in ms
	output(p *Proc, fd int, data []byte)
	fork(p *Proc) (int, bool)
	waitStatus(pid int, code int64) int // the wait status word of a reaped child
}

// stream is a FILE: glibc's buffering of one fd.
type stream struct {
	fd    int
	mode  int // _IOFBF 0, _IOLBF 1, _IONBF 2
	buf   []byte
	rbuf  []byte // read-ahead (input streams)
	eof   bool
	err   bool
	open  bool
	write bool
}

const bufSize = 4096 // glibc's st_blksize for a file or tty

// newProc starts prog: the image copied into memory, main called with
// argc/argv.
func newProc(prog *Program, name string, pid int, stdoutFile bool) *Proc {
	p := &Proc{prog: prog, Name: name, Group: name, PID: pid, rand: 1, memLimit: maxHeap}
	p.mem.segs = make([]segment, 1, len(prog.image)+64)
	for _, s := range prog.image {
		kind := segGlobal
		if s.ro {
			kind = segRodata
		}
		data := s.data
		if !s.ro {
			data = append([]byte(nil), s.data...)
		}
		p.mem.segs = append(p.mem.segs, segment{data: data, kind: kind})
	}
	p.errnoPtr = mkptr(p.mem.alloc(4, segGlobal), 0)
	outMode := 1
	if stdoutFile {
		outMode = 0
	}
	p.streams = []stream{
		{fd: 0, mode: 1, open: true},
		{fd: 1, mode: outMode, open: true, write: true},
		{fd: 2, mode: 2, open: true, write: true},
	}
	p.stack = make([]uint64, 4096)
	// main(argc, argv): argv = {"./name", NULL}
	arg0 := append([]byte("./"+name), 0)
	a0 := p.mem.alloc(int64(len(arg0)), segGlobal)
	copy(p.mem.segs[a0].data, arg0)
	argv := p.mem.alloc(16, segGlobal)
	storeKind(p.mem.segs[argv].data, 8, mkptr(a0, 0))
	p.stack[0], p.stack[1] = 1, mkptr(argv, 0)
	p.sp = 2
	nargs := prog.mainArgs
	if nargs > 2 {
		nargs = 2
	}
	p.sp = nargs
	if err := p.enter(prog.mainFn, nargs); err != nil {
		p.die(err)
		return p
	}
	if init := prog.byName["__init"]; len(prog.funcs[init].code) > 1 {
		p.enter(init, 0)
	}
	return p
}

// clone copies the process (fork, checkpoints).
func (p *Proc) clone() *Proc {
	q := *p
	q.frames = append([]frame(nil), p.frames...)
	q.stack = append([]uint64(nil), p.stack...)
	q.regs = append([]uint64(nil), p.regs...)
	q.objs = append([]uint32(nil), p.objs...)
	q.mem = p.mem.clone()
	q.streams = make([]stream, len(p.streams))
	for i, s := range p.streams {
		s.buf = append([]byte(nil), s.buf...)
		s.rbuf = append([]byte(nil), s.rbuf...)
		q.streams[i] = s
	}
	if p.resumed != nil {
		r := *p.resumed
		q.resumed = &r
	}
	if p.epData != nil {
		q.epData = make(map[[2]int64]uint64, len(p.epData))
		for k, v := range p.epData {
			q.epData[k] = v
		}
	}
	return &q
}

// die ends the process with the fault's signal; the message names the
// source position of the instruction that faulted.
func (p *Proc) die(f *fault) {
	line, col := p.Pos()
	p.FaultMsg = p.prog.File + ":" + itoa(line) + ":" + itoa(col) + ": " + f.msg
	p.Exit = "signal " + f.sig
	p.finish()
}

// finish marks the process done and releases its kernel resources.
func (p *Proc) finish() {
	p.state = psDone
	p.frames = nil
}

// Pos is the source position the process is at.
func (p *Proc) Pos() (line, col int) {
	if len(p.frames) == 0 {
		return int(p.endPos.line), int(p.endPos.col)
	}
	f := p.frames[len(p.frames)-1]
	fn := p.prog.funcs[f.fn]
	pc := int(f.pc)
	if pc >= len(fn.pos) {
		pc = len(fn.pos) - 1
	}
	if pc < 0 {
		return int(fn.line), 1
	}
	return int(fn.pos[pc].line), int(fn.pos[pc].col)
}

// CallChain is the C call stack, innermost last: function names.
func (p *Proc) CallChain() []string {
	var out []string
	for _, f := range p.frames {
		n := p.prog.funcs[f.fn].name
		if n == "__init" {
			continue
		}
		out = append(out, n)
	}
	return out
}

// mainReturned is main's return: exit(v).
func (p *Proc) mainReturned(v uint64) (ctl, *fault) {
	return p.exit(int(int32(v)), true)
}

// blockCall is the name of the library call the process is blocked in.
func (p *Proc) blockCall() string {
	if len(p.frames) == 0 {
		return ""
	}
	f := p.frames[len(p.frames)-1]
	in := p.prog.funcs[f.fn].code[f.pc]
	if in.op == opBuiltin {
		return builtins[in.a].name
	}
	return ""
}
