//go:build !cprog_compiler

package cprog

import (
	"encoding/binary"
	"math"
	"strconv"
)

// Memory is a process's address space as plain data: one segment per
// object (global, string literal, stack object, heap block), so every access
// is checked against the bounds of the object it points into.
type segKind uint8

const (
	segFree segKind = iota
	segGlobal
	segRodata
	segStack
	segHeap
	segFreed // a heap block after free: kept to report use after free
)

type segment struct {
	data []byte
	kind segKind
}

type memory struct {
	segs      []segment
	freeStack []uint32 // stack segments ready for reuse
	heapBytes int64
	stackUsed int64
}

func (m *memory) clone() memory {
	n := memory{segs: make([]segment, len(m.segs)), freeStack: append([]uint32(nil), m.freeStack...), heapBytes: m.heapBytes, stackUsed: m.stackUsed}
	for i, s := range m.segs {
		n.segs[i] = segment{kind: s.kind}
		if s.kind == segRodata {
			n.segs[i].data = s.data // never written
		} else if s.data != nil {
			n.segs[i].data = append([]byte(nil), s.data...)
		}
	}
	return n
}

// fault is a memory error: the process dies with the signal.
type fault struct {
	sig string
	msg string
}

func (f *fault) Error() string { return f.msg }

func segv(msg string) *fault { return &fault{sig: "SIGSEGV", msg: msg} }

// check returns the bytes [ptr, ptr+n) or a fault naming the cause.
func (m *memory) check(ptr uint64, n int64, write bool) ([]byte, *fault) {
	seg := uint32(ptr >> 32)
	off := int64(uint32(ptr))
	if ptr == 0 || (seg == 0 && off < 4096) {
		return nil, segv("null pointer dereference")
	}
	if int(seg) >= len(m.segs) {
		if seg >= funcSegBase {
			return nil, segv("a function pointer used as data")
		}
		if seg >= fileSegBase {
			return nil, segv("a FILE * used as data")
		}
		return nil, segv("invalid pointer 0x" + strconv.FormatUint(ptr, 16) + " dereferenced")
	}
	s := &m.segs[seg]
	switch s.kind {
	case segFree:
		return nil, segv("dangling pointer: the stack frame it pointed into has returned")
	case segFreed:
		return nil, segv("use after free: the memory was freed")
	case segRodata:
		if write {
			return nil, segv("write to a string literal (read-only memory)")
		}
	}
	if n < 0 || off+n > int64(len(s.data)) {
		return nil, segv("out-of-bounds access: " + strconv.FormatInt(n, 10) + " byte(s) at offset " + strconv.FormatInt(off, 10) + " of a " + strconv.Itoa(len(s.data)) + "-byte " + kindName(s.kind))
	}
	return s.data[off : off+n], nil
}

func kindName(k segKind) string {
	switch k {
	case segGlobal:
		return "global object"
	case segRodata:
		return "string literal"
	case segStack:
		return "local object"
	case segHeap:
		return "heap block"
	}
	return "object"
}

func (m *memory) load(ptr uint64, k uint8) (uint64, *fault) {
	b, f := m.check(ptr, int64(k&kSize), false)
	if f != nil {
		return 0, f
	}
	switch k {
	case 4 | kFloat:
		return math.Float64bits(float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))), nil
	case 1:
		return uint64(b[0]), nil
	case 1 | kSigned:
		return uint64(int64(int8(b[0]))), nil
	case 2:
		return uint64(binary.LittleEndian.Uint16(b)), nil
	case 2 | kSigned:
		return uint64(int64(int16(binary.LittleEndian.Uint16(b)))), nil
	case 4:
		return uint64(binary.LittleEndian.Uint32(b)), nil
	case 4 | kSigned:
		return uint64(int64(int32(binary.LittleEndian.Uint32(b)))), nil
	}
	return binary.LittleEndian.Uint64(b), nil
}

func (m *memory) store(ptr uint64, k uint8, v uint64) *fault {
	b, f := m.check(ptr, int64(k&kSize), true)
	if f != nil {
		return f
	}
	storeKind(b, k, v)
	return nil
}

// alloc returns a new segment of n zero bytes.
func (m *memory) alloc(n int64, kind segKind) uint32 {
	if kind == segStack && len(m.freeStack) > 0 {
		id := m.freeStack[len(m.freeStack)-1]
		m.freeStack = m.freeStack[:len(m.freeStack)-1]
		s := &m.segs[id]
		if int64(cap(s.data)) >= n {
			s.data = s.data[:n]
			clear(s.data)
		} else {
			s.data = make([]byte, n)
		}
		s.kind = segStack
		return id
	}
	m.segs = append(m.segs, segment{data: make([]byte, n), kind: kind})
	return uint32(len(m.segs) - 1)
}

func (m *memory) release(id uint32) {
	m.segs[id].kind = segFree
	m.freeStack = append(m.freeStack, id)
}

// cstring reads the NUL-terminated string at ptr.
func (m *memory) cstring(ptr uint64) ([]byte, *fault) {
	if _, f := m.check(ptr, 0, false); f != nil {
		return nil, f
	}
	s := &m.segs[uint32(ptr>>32)]
	off := int(uint32(ptr))
	for i := off; i < len(s.data); i++ {
		if s.data[i] == 0 {
			return s.data[off:i], nil
		}
	}
	return nil, segv("string not terminated: reading past the end of a " + strconv.Itoa(len(s.data)) + "-byte " + kindName(s.kind) + " looking for its '\\0'")
}

// span returns how many bytes are addressable from ptr to the end of its
// object (for "buffer shorter than the length passed" checks).
func (m *memory) span(ptr uint64) int64 {
	seg := uint32(ptr >> 32)
	if int(seg) >= len(m.segs) {
		return 0
	}
	return int64(len(m.segs[seg].data)) - int64(uint32(ptr))
}
