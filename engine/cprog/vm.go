//go:build !cprog_compiler

package cprog

import (
	"math"
	"math/bits"
	"strconv"

	"socklab/engine/internal/sfmt"
)

// frame is one active function call.
type frame struct {
	fn      int32
	pc      int32
	regBase int32
	objBase int32
	sp      int32  // operand stack height below the call's arguments
	va      uint64 // address of the variadic arguments (variadic functions)
	sig     bool   // a signal handler's frame: returns to interrupted code
}

// stop says why Proc.run returned.
type stop uint8

const (
	stopBudget  stop = iota // the instruction budget ran out
	stopSyscall             // a system call completed (a step)
	stopBlock               // the process blocked or sleeps
	stopExit                // the process exited
	stopFault               // the process died of a signal
)

type ctl uint8

const (
	ctlOK ctl = iota
	ctlSyscall
	ctlBlock
	ctlExit
	ctlFault
)

const (
	maxFrames     = 100000
	maxStackBytes = 8 << 20
)

// run executes instructions until a stop; at most budget instructions.
func (p *Proc) run(budget int64) (st stop, used int64) {
	start := budget
	defer func() {
		if r := recover(); r != nil {
			p.die(segv(sfmt.Sprintf("socklab internal error: %v", r)))
			st, used = stopFault, start-budget
		}
	}()
outer:
	for budget > 0 {
		if len(p.frames) == 0 {
			return stopExit, start - budget
		}
		f := &p.frames[len(p.frames)-1]
		fn := p.prog.funcs[f.fn]
		code := fn.code
		pc := int(f.pc)
		regs := p.regs[f.regBase:]
		stack := p.stack
		sp := p.sp
		var flt *fault
	inner:
		for {
			if budget <= 0 {
				break inner
			}
			budget--
			in := &code[pc]
			pc++
			switch in.op {
			case opNop:
			case opConst:
				stack[sp] = uint64(in.a)
				sp++
			case opLocal:
				stack[sp] = regs[in.a]
				sp++
			case opSetLocal:
				regs[in.a] = stack[sp-1]
			case opObjAddr:
				stack[sp] = uint64(p.objs[f.objBase+int32(in.a)]) << 32
				sp++
			case opLoad:
				v, e := p.mem.load(stack[sp-1], in.k)
				if e != nil {
					flt = e
					break inner
				}
				stack[sp-1] = v
			case opStore:
				if e := p.mem.store(stack[sp-2], in.k, stack[sp-1]); e != nil {
					flt = e
					break inner
				}
				stack[sp-2] = stack[sp-1]
				sp--
			case opBin:
				a, b := stack[sp-2], stack[sp-1]
				sp--
				v, e := binop(int(in.b), in.k, a, b)
				if e != nil {
					flt = e
					break inner
				}
				stack[sp-1] = v
			case opNeg:
				stack[sp-1] = norm(in.k, -stack[sp-1])
			case opCpl:
				stack[sp-1] = norm(in.k, ^stack[sp-1])
			case opNot:
				if stack[sp-1] == 0 {
					stack[sp-1] = 1
				} else {
					stack[sp-1] = 0
				}
			case opBool:
				if stack[sp-1] != 0 {
					stack[sp-1] = 1
				}
			case opExt:
				stack[sp-1] = norm(in.k, stack[sp-1])
			case opI2F:
				stack[sp-1] = math.Float64bits(float64(int64(stack[sp-1])))
			case opU2F:
				stack[sp-1] = math.Float64bits(float64(stack[sp-1]))
			case opF2I:
				stack[sp-1] = norm(in.k, uint64(int64(math.Float64frombits(stack[sp-1]))))
			case opF2U:
				f := math.Float64frombits(stack[sp-1])
				var u uint64
				if f >= 9223372036854775808.0 {
					u = uint64(int64(f-9223372036854775808.0)) + 1<<63
				} else {
					u = uint64(int64(f))
				}
				stack[sp-1] = norm(in.k, u)
			case opF32:
				stack[sp-1] = math.Float64bits(float64(float32(math.Float64frombits(stack[sp-1]))))
			case opFNeg:
				stack[sp-1] ^= 1 << 63
			case opJmp:
				pc = int(in.a)
			case opJz:
				sp--
				if stack[sp] == 0 {
					pc = int(in.a)
				}
			case opJnz:
				sp--
				if stack[sp] != 0 {
					pc = int(in.a)
				}
			case opJzKeep:
				if stack[sp-1] == 0 {
					pc = int(in.a)
				} else {
					sp--
				}
			case opJnzKeep:
				if stack[sp-1] != 0 {
					pc = int(in.a)
				} else {
					sp--
				}
			case opDup:
				stack[sp] = stack[sp-1]
				sp++
			case opPop:
				sp--
			case opIncLocal:
				old := regs[in.a]
				nv := norm(in.k&^(kPost|kNoPush), old+uint64(int64(in.b)))
				regs[in.a] = nv
				if in.k&kNoPush == 0 {
					if in.k&kPost != 0 {
						stack[sp] = old
					} else {
						stack[sp] = nv
					}
					sp++
				}
			case opIncMem:
				k := in.k &^ kPost
				old, e := p.mem.load(stack[sp-1], k)
				if e != nil {
					flt = e
					break inner
				}
				nv := norm(k, old+uint64(int64(in.b)))
				if e := p.mem.store(stack[sp-1], k, nv); e != nil {
					flt = e
					break inner
				}
				if in.k&kPost != 0 {
					stack[sp-1] = old
				} else {
					stack[sp-1] = nv
				}
			case opMemcpy:
				dst, src := stack[sp-2], stack[sp-1]
				sp--
				if e := p.memcpy(dst, src, in.a); e != nil {
					flt = e
					break inner
				}
			case opMemzero:
				b, e := p.mem.check(stack[sp-1], in.a, true)
				if e != nil {
					flt = e
					break inner
				}
				clear(b)
			case opSwitch:
				sp--
				v := int64(stack[sp])
				t := &p.prog.switches[in.a]
				pc = t.def
				for i, cv := range t.vals {
					if cv == v {
						pc = t.targets[i]
						break
					}
				}
			case opVaStart:
				if in.k == 1 { // va_list kept in a slot: push its value
					stack[sp] = f.va
					sp++
					break
				}
				sp--
				if e := p.mem.store(stack[sp], 8, f.va); e != nil {
					flt = e
					break inner
				}
			case opCall, opCallPtr, opRet, opBuiltin:
				f.pc = int32(pc)
				p.sp = sp
				c, e := p.control(in)
				if e != nil {
					f.pc = int32(pc - 1)
					flt = e
					break inner
				}
				switch c {
				case ctlOK:
					continue outer
				case ctlSyscall:
					return stopSyscall, start - budget
				case ctlBlock:
					f.pc = int32(pc - 1)
					return stopBlock, start - budget
				case ctlExit:
					return stopExit, start - budget
				case ctlFault:
					return stopFault, start - budget
				}
			case opBinLC:
				v, e := binop(int(in.o), in.k, regs[in.a], uint64(in.c))
				if e != nil {
					flt = e
					break inner
				}
				stack[sp] = v
				sp++
			case opBinLL:
				v, e := binop(int(in.o), in.k, regs[in.a], regs[in.c])
				if e != nil {
					flt = e
					break inner
				}
				stack[sp] = v
				sp++
			case opSetLocalPop:
				sp--
				regs[in.a] = stack[sp]
			case opJcmp:
				sp -= 2
				if v, _ := binop(int(in.o), in.k, stack[sp], stack[sp+1]); v == 0 {
					pc = int(in.a)
				}
			case opJcmpLC:
				if v, _ := binop(int(in.o), in.k, regs[in.b], uint64(in.c)); v == 0 {
					pc = int(in.a)
				}
			case opTrap:
				flt = segv(p.prog.traps[in.a])
				break inner
			default:
				flt = segv("socklab internal error: bad instruction")
				break inner
			}
		}
		f.pc = int32(pc)
		p.sp = sp
		if flt != nil {
			f.pc = int32(pc - 1)
			p.die(flt)
			return stopFault, start - budget
		}
	}
	return stopBudget, start - budget
}

// control runs the instructions that change frames or leave the VM.
// It returns ctlOK after a call or return (the caller reloads the frame).
func (p *Proc) control(in *instr) (ctl, *fault) {
	switch in.op {
	case opCall:
		return ctlOK, p.enter(int(in.a), int(in.b))
	case opCallPtr:
		p.sp--
		fp := p.stack[p.sp]
		seg := uint32(fp >> 32)
		switch {
		case fp == 0:
			return 0, segv("call through a null function pointer")
		case seg >= funcSegBase+0x8000 && int(seg-funcSegBase-0x8000) < len(builtins):
			return p.callBuiltin(int(seg-funcSegBase-0x8000), int(in.b), in.k == 1)
		case seg >= funcSegBase && int(seg-funcSegBase) < len(p.prog.funcs):
			return ctlOK, p.enter(int(seg-funcSegBase), int(in.b))
		}
		return 0, segv("call through an invalid function pointer")
	case opRet:
		f := p.frames[len(p.frames)-1]
		var v uint64
		if in.k == 1 {
			v = p.stack[p.sp-1]
		}
		fn := p.prog.funcs[f.fn]
		for i := range fn.objs {
			id := p.objs[int(f.objBase)+i]
			p.mem.stackUsed -= int64(len(p.mem.segs[id].data))
			p.mem.release(id)
		}
		p.objs = p.objs[:f.objBase]
		if f.va != 0 {
			p.mem.release(uint32(f.va >> 32))
		}
		p.regs = p.regs[:f.regBase]
		p.sp = int(f.sp)
		if len(p.frames) == 1 {
			p.endPos = fn.pos[f.pc-1]
		}
		p.frames = p.frames[:len(p.frames)-1]
		if len(p.frames) == 0 {
			return p.mainReturned(v)
		}
		cf := p.frames[len(p.frames)-1]
		if cf.pc == 0 || f.sig { // __init returning into main's first instruction; a handler
			return ctlOK, nil
		}
		call := p.prog.funcs[cf.fn].code[cf.pc-1]
		if call.op == opCall && !fn.retVoid || call.op == opCallPtr && call.k == 1 {
			p.stack[p.sp] = v
			p.sp++
		}
		return ctlOK, nil
	case opBuiltin:
		return p.callBuiltin(int(in.a), int(in.b), in.k == 1)
	}
	return ctlOK, nil
}

// enter calls function fi with nargs arguments on the operand stack.
func (p *Proc) enter(fi, nargs int) *fault {
	fn := p.prog.funcs[fi]
	if len(p.frames) >= maxFrames || p.mem.stackUsed > min(maxStackBytes, p.memLimit) {
		return segv("stack overflow: " + strconv.Itoa(len(p.frames)) + " nested calls (unbounded recursion?)")
	}
	base := p.sp - nargs
	f := frame{fn: int32(fi), regBase: int32(len(p.regs)), objBase: int32(len(p.objs)), sp: int32(base)}
	n := fn.nslots
	if n < fn.nparams {
		n = fn.nparams
	}
	for i := 0; i < n; i++ {
		var v uint64
		if i < nargs && i < fn.nparams {
			v = p.stack[base+i]
		}
		p.regs = append(p.regs, v)
	}
	if fn.variadic && nargs > fn.nparams {
		extra := nargs - fn.nparams
		id := p.mem.alloc(int64(extra*8), segStack)
		for i := 0; i < extra; i++ {
			storeKind(p.mem.segs[id].data[i*8:], 8, p.stack[base+fn.nparams+i])
		}
		f.va = mkptr(id, 0)
	}
	for _, size := range fn.objs {
		id := p.mem.alloc(size, segStack)
		p.mem.stackUsed += size
		p.objs = append(p.objs, id)
	}
	p.sp = base
	p.growStack()
	p.frames = append(p.frames, f)
	return nil
}

func (p *Proc) growStack() {
	if len(p.stack)-p.sp < 1024 {
		p.stack = append(p.stack, make([]uint64, 4096)...)
	}
}

func (p *Proc) memcpy(dst, src uint64, n int64) *fault {
	if n == 0 {
		return nil
	}
	s, e := p.mem.check(src, n, false)
	if e != nil {
		return e
	}
	d, e := p.mem.check(dst, n, true)
	if e != nil {
		return e
	}
	copy(d, s)
	return nil
}

func binop(op int, k uint8, a, b uint64) (uint64, *fault) {
	var v uint64
	switch op {
	case bAdd:
		v = a + b
	case bSub:
		v = a - b
	case bMul:
		v = a * b
	case bDivS, bModS:
		if b == 0 {
			return 0, &fault{sig: "SIGFPE", msg: "integer division by zero"}
		}
		x, y := int64(a), int64(b)
		if y == -1 {
			if op == bDivS {
				v = uint64(-x)
			} else {
				v = 0
			}
		} else if op == bDivS {
			v = uint64(x / y)
		} else {
			v = uint64(x % y)
		}
	case bDivU, bModU:
		if b == 0 {
			return 0, &fault{sig: "SIGFPE", msg: "integer division by zero"}
		}
		if op == bDivU {
			v = a / b
		} else {
			v = a % b
		}
	case bAnd:
		v = a & b
	case bOr:
		v = a | b
	case bXor:
		v = a ^ b
	case bShl:
		v = a << (b & shiftMask(k))
	case bShrS:
		v = uint64(int64(a) >> (b & shiftMask(k)))
	case bShrU:
		v = a >> (b & shiftMask(k))
	case bEq:
		return b2u(a == b), nil
	case bNe:
		return b2u(a != b), nil
	case bLtS:
		return b2u(int64(a) < int64(b)), nil
	case bLtU:
		return b2u(a < b), nil
	case bLeS:
		return b2u(int64(a) <= int64(b)), nil
	case bLeU:
		return b2u(a <= b), nil
	case bGtS:
		return b2u(int64(a) > int64(b)), nil
	case bGtU:
		return b2u(a > b), nil
	case bGeS:
		return b2u(int64(a) >= int64(b)), nil
	case bGeU:
		return b2u(a >= b), nil
	default:
		x, y := math.Float64frombits(a), math.Float64frombits(b)
		switch op {
		case bFAdd:
			return math.Float64bits(x + y), nil
		case bFSub:
			return math.Float64bits(x - y), nil
		case bFMul:
			return math.Float64bits(x * y), nil
		case bFDiv:
			return math.Float64bits(x / y), nil
		case bFEq:
			return b2u(x == y), nil
		case bFNe:
			return b2u(x != y), nil
		case bFLt:
			return b2u(x < y), nil
		case bFLe:
			return b2u(x <= y), nil
		case bFGt:
			return b2u(x > y), nil
		case bFGe:
			return b2u(x >= y), nil
		}
	}
	return norm(k, v), nil
}

func shiftMask(k uint8) uint64 {
	if k&kSize == 8 {
		return 63
	}
	return 31
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

var _ = bits.Len
