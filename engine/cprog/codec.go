package cprog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"strconv"
)

// The binary encoding of compiled programs: how the C front end (cc.wasm,
// built with -tags cprog_compiler) hands its output to the runtime (c.wasm,
// -tags cprog_runtime), two separate WebAssembly modules, so that each stays
// within issue 12's size budget; and how the examples compiled at build time
// (web/tools/cexamples) reach the runtime, so that opening the C mode on an
// example does not wait for the compiler. Only the modules and files of one build
// talk through it, so it is simple rather than stable: any change to the IR
// (ir.go) or to this layout bumps codecVersion, and the header also carries a
// fingerprint of libcNames, so bytes from another build are an error, never a
// program running with other meanings.
//
// Layout (uvarint: unsigned LEB128; varint: zig-zag; str: uvarint length
// then bytes; bool: one byte 0 or 1):
//
//	"SLCP" uvarint(codecVersion) uvarint(fingerprint) uvarint(#programs) program...
//	program:  str Name, str File, str Src, uvarint #warnings, diag...,
//	          uvarint #funcs, func..., uvarint #image, seg...,
//	          uvarint #switches, switch..., uvarint #traps, str..., uvarint mainFn
//	diag:     str File, varint Line, varint Col, bool Warning, str Msg
//	func:     str name, uvarint nparams, bool variadic, uvarint nslots,
//	          uvarint #objs, varint size..., bool retVoid, varint line,
//	          uvarint #code, instr..., then #code × (varint line, varint col)
//	instr:    byte op, byte k, byte o, varint b, varint a, varint c
//	seg:      str name, bool ro, uvarint size, str data (trailing zero bytes cut)
//	switch:   uvarint #cases, varint val..., uvarint target..., uvarint def
//
// byName and mainArgs are not stored: they follow from the functions (a
// later function of the same name wins, as in the compiler, where __init is
// numbered last) and main's parameter count.

const (
	codecMagic   = "SLCP"
	codecVersion = 1
)

// libcFingerprint identifies libcNames, the numbering of opBuiltin.
var libcFingerprint = func() uint64 {
	h := fnv.New32a()
	for _, n := range libcNames {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return uint64(h.Sum32())
}()

// EncodePrograms encodes compiled programs for DecodePrograms.
func EncodePrograms(progs []*Program) []byte {
	var w encoder
	w.b = append(w.b, codecMagic...)
	w.uint(codecVersion)
	w.uint(libcFingerprint)
	w.uint(uint64(len(progs)))
	for _, p := range progs {
		w.program(p)
	}
	return w.b
}

type encoder struct{ b []byte }

func (w *encoder) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *encoder) int(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *encoder) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *encoder) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *encoder) program(p *Program) {
	w.str(p.Name)
	w.str(p.File)
	w.str(p.Src)
	w.uint(uint64(len(p.Warnings)))
	for _, d := range p.Warnings {
		w.str(d.File)
		w.int(int64(d.Line))
		w.int(int64(d.Col))
		w.bool(d.Warning)
		w.str(d.Msg)
	}
	w.uint(uint64(len(p.funcs)))
	for _, fn := range p.funcs {
		w.function(fn)
	}
	w.uint(uint64(len(p.image)))
	for _, s := range p.image {
		w.str(s.name)
		w.bool(s.ro)
		w.uint(uint64(len(s.data)))
		w.str(string(bytes.TrimRight(s.data, "\x00"))) // a zero-filled buffer costs nothing
	}
	w.uint(uint64(len(p.switches)))
	for _, t := range p.switches {
		w.uint(uint64(len(t.vals)))
		for _, v := range t.vals {
			w.int(v)
		}
		for _, x := range t.targets {
			w.uint(uint64(x))
		}
		w.uint(uint64(t.def))
	}
	w.uint(uint64(len(p.traps)))
	for _, s := range p.traps {
		w.str(s)
	}
	w.uint(uint64(p.mainFn))
}

func (w *encoder) function(fn *function) {
	w.str(fn.name)
	w.uint(uint64(fn.nparams))
	w.bool(fn.variadic)
	w.uint(uint64(fn.nslots))
	w.uint(uint64(len(fn.objs)))
	for _, s := range fn.objs {
		w.int(s)
	}
	w.bool(fn.retVoid)
	w.int(int64(fn.line))
	w.uint(uint64(len(fn.code)))
	for _, in := range fn.code {
		w.b = append(w.b, byte(in.op), in.k, in.o)
		w.int(int64(in.b))
		w.int(in.a)
		w.int(in.c)
	}
	for _, ps := range fn.pos {
		w.int(int64(ps.line))
		w.int(int64(ps.col))
	}
}

// DecodePrograms decodes EncodePrograms' bytes. Any input that is not a
// valid encoding of programs the VM can run safely is an error (see
// validate.go), never a panic.
func DecodePrograms(data []byte) ([]*Program, error) {
	r := decoder{b: data}
	if len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
		return nil, errors.New("not a compiled C program (bad magic)")
	}
	r.b = r.b[len(codecMagic):]
	if v := r.uint(); r.err == nil && v != codecVersion {
		return nil, errors.New("compiled by another version of socklab (encoding version " + strconv.FormatUint(v, 10) + ")")
	}
	if f := r.uint(); r.err == nil && f != libcFingerprint {
		return nil, errors.New("compiled by another version of socklab (another C library)")
	}
	progs := make([]*Program, r.count())
	for i := range progs {
		progs[i] = r.program()
		if r.err != nil {
			return nil, r.err
		}
		if err := progs[i].validate(); err != nil {
			return nil, errors.New(progs[i].File + ": invalid compiled program: " + err.Error())
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	return progs, nil
}

// decoder reads from b; the first error sticks and every later read
// returns zero values, so the decoding functions need no error checks.
type decoder struct {
	b   []byte
	err error
}

func (r *decoder) fail(msg string) {
	if r.err == nil {
		r.err = errors.New("corrupt compiled program: " + msg)
	}
	r.b = nil
}

func (r *decoder) uint() uint64 { v, n := binary.Uvarint(r.b); return number(r, v, n) }
func (r *decoder) int() int64   { v, n := binary.Varint(r.b); return number(r, v, n) }

// number consumes the n bytes binary.Uvarint or Varint read (n <= 0: none, corrupt).
func number[T uint64 | int64](r *decoder, v T, n int) T {
	if n <= 0 {
		r.fail("bad number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int32 reads a varint that must fit an int32 (instruction operands, positions).
func (r *decoder) int32() int32 {
	v := r.int()
	if int64(int32(v)) != v {
		r.fail("number out of range")
		return 0
	}
	return int32(v)
}

// small reads a count or index that must fit an int32, as the VM's frames
// and instructions hold them.
func (r *decoder) small() int {
	v := r.uint()
	if v > 1<<31-1 {
		r.fail("number out of range")
		return 0
	}
	return int(v)
}

// count reads the length of a list; every element takes at least one byte,
// so a count beyond the bytes left is corrupt (and no huge allocation is
// made for it).
func (r *decoder) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail("list longer than the data")
		return 0
	}
	return int(n)
}

func (r *decoder) bytes() []byte {
	n := r.count()
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

func (r *decoder) str() string { return string(r.bytes()) }

// list makes a slice of n elements; none is nil, as the compiler leaves an
// empty list, so a decoded program is identical to the compiled one.
func list[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, n)
}

func (r *decoder) byte() byte {
	if len(r.b) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *decoder) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail("bad boolean")
	return false
}

func (r *decoder) program() *Program {
	p := &Program{Name: r.str(), File: r.str(), Src: r.str(), byName: map[string]int{}}
	p.Warnings = list[Diag](r.count())
	for i := range p.Warnings {
		p.Warnings[i] = Diag{File: r.str(), Line: int(r.int32()), Col: int(r.int32()), Warning: r.bool(), Msg: r.str()}
	}
	p.funcs = list[*function](r.count())
	for i := range p.funcs {
		p.funcs[i] = r.function()
		p.byName[p.funcs[i].name] = i
	}
	p.image = list[imgSeg](r.count())
	for i := range p.image {
		p.image[i] = imgSeg{name: r.str(), ro: r.bool()}
		size := r.uint()
		data := r.bytes()
		if size > maxGlobal || uint64(len(data)) > size {
			r.fail("bad object size")
			break
		}
		p.image[i].data = make([]byte, size) // zero-filled, never aliasing the input
		copy(p.image[i].data, data)
	}
	p.switches = list[switchTable](r.count())
	for i := range p.switches {
		t := &p.switches[i]
		n := r.count()
		t.vals = list[int64](n)
		for j := range t.vals {
			t.vals[j] = r.int()
		}
		t.targets = list[int](n)
		for j := range t.targets {
			t.targets[j] = r.small()
		}
		t.def = r.small()
	}
	p.traps = list[string](r.count())
	for i := range p.traps {
		p.traps[i] = r.str()
	}
	p.mainFn = r.small()
	if r.err == nil && p.mainFn < len(p.funcs) {
		p.mainArgs = p.funcs[p.mainFn].nparams
	}
	return p
}

func (r *decoder) function() *function {
	fn := &function{name: r.str(), nparams: r.small(), variadic: r.bool(), nslots: r.small()}
	fn.objs = list[int64](r.count())
	for i := range fn.objs {
		fn.objs[i] = r.int()
	}
	fn.retVoid = r.bool()
	fn.line = r.int32()
	n := r.count()
	fn.code = list[instr](n)
	for i := range fn.code {
		fn.code[i] = instr{op: opcode(r.byte()), k: r.byte(), o: r.byte(), b: r.int32(), a: r.int(), c: r.int()}
	}
	if n > len(r.b) {
		r.fail("positions missing")
		return fn
	}
	fn.pos = list[pos](n)
	for i := range fn.pos {
		fn.pos[i] = pos{line: r.int32(), col: r.int32()}
	}
	return fn
}
