package cprog

import (
	"encoding/binary"
	"math"
)

// The compiled form: one flat instruction list per function, run by a stack
// machine (vm.go). A process is its program counter, operand stack, scalar
// locals and memory segments — plain data, so fork and checkpoints are
// copies and a blocking call needs no parked goroutine.

type opcode uint8

const (
	opNop         opcode = iota
	opConst              // push a
	opLocal              // push regs[fp+a]
	opSetLocal           // regs[fp+a] = top (value stays)
	opObjAddr            // push the address of frame object a
	opLoad               // pop ptr; push the value of kind k there
	opStore              // pop val, pop ptr; store kind k; push val
	opBin                // pop b, pop a; push a <b> b normalised to k (b = binop)
	opNeg                // integer negate, normalised to k
	opCpl                // bitwise not, normalised to k
	opNot                // logical not
	opBool               // x != 0
	opExt                // normalise to kind k (sign- or zero-extend)
	opI2F                // signed int to double
	opU2F                // unsigned int to double
	opF2I                // double to signed int, then normalise to k
	opF2U                // double to unsigned int, then normalise to k
	opF32                // round double to float precision
	opFNeg               // negate a double
	opJmp                // pc = a
	opJz                 // pop; if zero pc = a
	opJnz                // pop; if not zero pc = a
	opJzKeep             // if top is zero pc = a (value stays) else pop
	opJnzKeep            // if top is non-zero pc = a (value stays) else pop
	opDup                // duplicate top
	opPop                // drop top
	opCall               // call function a with b args
	opCallPtr            // pop a function pointer; call it with b args
	opBuiltin            // call library function a with b args
	opRet                // return (k=1: with the value on top)
	opMemcpy             // pop src, pop dst; copy a bytes; push dst
	opMemzero            // pop ptr; zero a bytes; push ptr
	opIncLocal           // regs[fp+a] += b (normalised to k); push old (k&kPost) or new value
	opIncMem             // pop ptr; *ptr += b of kind k; push old (k&kPost) or new value
	opVaStart            // pop ptr to a va_list; store the address of the variadic arguments
	opSwitch             // pop v; jump through table a
	opUnreachable        // falling off the end of a non-void function that is used
	opTrap               // runtime error: message a
	// superinstructions made by the peephole pass (peephole.go)
	opBinLC       // push regs[a] <o> c
	opBinLL       // push regs[a] <o> regs[c]
	opSetLocalPop // regs[a] = pop
	opJcmp        // pop b, pop a; if !(a <o> b) pc = a
	opJcmpLC      // if !(regs[b] <o> c) pc = a
)

// Binary operators (instr.b of opBin).
const (
	bAdd = iota
	bSub
	bMul
	bDivS
	bDivU
	bModS
	bModU
	bAnd
	bOr
	bXor
	bShl
	bShrS
	bShrU
	bEq
	bNe
	bLtS
	bLtU
	bLeS
	bLeU
	bGtS
	bGtU
	bGeS
	bGeU
	bFAdd
	bFSub
	bFMul
	bFDiv
	bFEq
	bFNe
	bFLt
	bFLe
	bFGt
	bFGe
)

// A value kind (instr.k of loads, stores and normalisation): the size in
// bytes in the low bits, kSigned for signed integers, kFloat for floating
// point. Kind 8 is a 64-bit unsigned integer or a pointer.
const (
	kSize   = 0x0f
	kSigned = 0x10
	kFloat  = 0x20
	kPost   = 0x40 // opIncLocal/opIncMem: push the old value
	kNoPush = 0x80 // opIncLocal: push nothing
)

// norm makes v the canonical 64-bit form of kind k: sign- or zero-extended.
func norm(k uint8, v uint64) uint64 {
	if k&kFloat != 0 {
		return v
	}
	switch k & kSize {
	case 1:
		if k&kSigned != 0 {
			return uint64(int64(int8(v)))
		}
		return uint64(uint8(v))
	case 2:
		if k&kSigned != 0 {
			return uint64(int64(int16(v)))
		}
		return uint64(uint16(v))
	case 4:
		if k&kSigned != 0 {
			return uint64(int64(int32(v)))
		}
		return uint64(uint32(v))
	}
	return v
}

// storeKind writes v of kind k little-endian.
func storeKind(b []byte, k uint8, v uint64) {
	switch {
	case k == 4|kFloat:
		binary.LittleEndian.PutUint32(b, math.Float32bits(float32(math.Float64frombits(v))))
	case k&kSize == 1:
		b[0] = byte(v)
	case k&kSize == 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case k&kSize == 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	default:
		binary.LittleEndian.PutUint64(b, v)
	}
}

// uninitInt is the value of an int local read before it is written: a
// recognisable garbage value the libc reports when it is used as an fd.
const uninitInt = -559038737 // 0xdeadbeef as an int

type instr struct {
	op opcode
	k  uint8
	o  uint8 // superinstructions: the binary operator
	b  int32
	a  int64
	c  int64
}

// pos is a source position (line, column) of an instruction.
type pos struct{ line, col int32 }

// function is one compiled C function.
type function struct {
	name     string
	code     []instr
	pos      []pos // pos[i] is the source position of code[i]
	nparams  int
	variadic bool
	nslots   int     // scalar locals (params first)
	objs     []int64 // sizes of the frame's addressable objects
	retVoid  bool
	line     int32
}

// switchTable is a compiled switch: case values to targets.
type switchTable struct {
	vals    []int64
	targets []int
	def     int
}

// Program is a compiled C program.
type Program struct {
	Name     string // process name (file base name without .c)
	File     string
	Src      string
	Warnings []Diag
	funcs    []*function
	byName   map[string]int
	image    []imgSeg // globals and string literals: segments 1..len(image)
	switches []switchTable
	traps    []string
	mainFn   int
	mainArgs int
}

// imgSeg is the initial content of a global object or string literal.
type imgSeg struct {
	data []byte
	name string
	ro   bool
}

// Pointers are segment<<32 | offset. Segment 0 is NULL's; the image follows;
// then stack objects and heap blocks. Function pointers and FILE handles use
// reserved segment ranges.
const (
	funcSegBase = 0x7fff0000
	fileSegBase = 0x7ffe0000
)

func mkptr(seg uint32, off uint32) uint64 { return uint64(seg)<<32 | uint64(off) }
