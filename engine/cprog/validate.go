package cprog

import (
	"errors"
	"strconv"
)

// Limits the compiler enforces (a diagnostic) and the decoder checks, so a
// decoded program never asks the VM for more than a compiled one could.
const (
	maxGlobal      = 256 << 20 // bytes of one global object
	maxLocalObject = 64 << 20  // bytes of one addressable local (a frame object)
	maxSlots       = 1 << 20   // scalar locals of one function
)

// validate checks what the VM takes on trust from the compiler: every index
// an instruction holds (locals, frame objects, functions, library functions,
// switch tables, trap messages, jump targets) is in range, every memory
// access has a kind the VM knows, every function has a position per
// instruction, and main and __init exist. A program that passes runs
// without the VM indexing outside its own tables; what the C code does with
// pointers is checked at run time, as for any compiled program.
func (p *Program) validate() error {
	if len(p.funcs) == 0 || p.mainFn >= len(p.funcs) {
		return errors.New("no main function")
	}
	if _, ok := p.byName["__init"]; !ok {
		return errors.New("no __init function")
	}
	for _, fn := range p.funcs {
		if err := p.validateFunction(fn); err != nil {
			return errors.New("function " + strconv.Quote(fn.name) + ": " + err.Error())
		}
	}
	for _, t := range p.switches {
		if len(t.vals) != len(t.targets) {
			return errors.New("switch table with unequal lists")
		}
	}
	return nil
}

func (p *Program) validateFunction(fn *function) error {
	if fn.nparams > fn.nslots || fn.nslots > maxSlots {
		return errors.New("bad local count")
	}
	for _, size := range fn.objs {
		if size < 1 || size > maxLocalObject {
			return errors.New("bad object size")
		}
	}
	if len(fn.code) == 0 || len(fn.pos) != len(fn.code) {
		return errors.New("no code, or not one position per instruction")
	}
	// every check returns false when the operand is out of range
	reg := func(i int64) bool { return i >= 0 && i < int64(fn.nslots) }
	target := func(i int64) bool { return i >= 0 && i < int64(len(fn.code)) }
	binop := func(o int64) bool { return o >= 0 && o <= bFGe }
	for i, in := range fn.code {
		ok := true
		switch in.op {
		case opLocal, opSetLocal, opIncLocal, opSetLocalPop:
			ok = reg(in.a)
		case opObjAddr:
			ok = in.a >= 0 && in.a < int64(len(fn.objs))
		case opLoad, opStore:
			ok = memKind(in.k)
		case opIncMem:
			ok = memKind(in.k &^ kPost)
		case opBin:
			ok = binop(int64(in.b))
		case opJmp, opJz, opJnz, opJzKeep, opJnzKeep:
			ok = target(in.a)
		case opCall:
			ok = in.a >= 0 && in.a < int64(len(p.funcs)) && in.b >= 0
		case opCallPtr:
			ok = in.b >= 0
		case opBuiltin:
			ok = in.a >= 0 && in.a < int64(len(libcNames)) && in.b >= 0
		case opSwitch:
			ok = in.a >= 0 && in.a < int64(len(p.switches))
			if ok {
				t := p.switches[in.a]
				ok = target(int64(t.def))
				for _, x := range t.targets {
					ok = ok && target(int64(x))
				}
			}
		case opTrap:
			ok = in.a >= 0 && in.a < int64(len(p.traps))
		case opBinLC:
			ok = binop(int64(in.o)) && reg(in.a)
		case opBinLL:
			ok = binop(int64(in.o)) && reg(in.a) && reg(in.c)
		case opJcmp:
			ok = binop(int64(in.o)) && target(in.a)
		case opJcmpLC:
			ok = binop(int64(in.o)) && reg(int64(in.b)) && target(in.a)
		case opNop, opConst, opNeg, opCpl, opNot, opBool, opExt, opI2F, opU2F, opF2I, opF2U, opF32, opFNeg,
			opDup, opPop, opRet, opMemcpy, opMemzero, opVaStart, opUnreachable:
			// no operand indexes anything (sizes are checked at run time)
		default:
			ok = false
		}
		if !ok {
			return errors.New("bad instruction " + strconv.Itoa(i))
		}
	}
	return nil
}

// memKind reports whether k is a kind loads and stores know (ir.go).
func memKind(k uint8) bool {
	switch k {
	case 1, 2, 4, 8, 1 | kSigned, 2 | kSigned, 4 | kSigned, 8 | kSigned, 4 | kFloat, 8 | kFloat:
		return true
	}
	return false
}
