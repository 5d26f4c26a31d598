//go:build !cprog_runtime

package cprog

import (
	"fmt"
	"strings"
)

var opNames = [...]string{"nop", "const", "local", "setlocal", "objaddr", "load", "store", "bin", "neg", "cpl", "not", "bool", "ext", "i2f", "u2f", "f2i", "f2u", "f32", "fneg", "jmp", "jz", "jnz", "jzkeep", "jnzkeep", "dup", "pop", "call", "callptr", "builtin", "ret", "memcpy", "memzero", "inclocal", "incmem", "vastart", "switch", "unreachable", "trap", "binlc", "binll", "setlocalpop", "jcmp", "jcmplc"}

// Disasm lists a compiled program's instructions (for tests and debugging). It is on the
// compiler side: the runtime module (c.wasm) links no fmt.
func (p *Program) Disasm() string {
	var b strings.Builder
	for _, fn := range p.funcs {
		fmt.Fprintf(&b, "%s: params=%d slots=%d objs=%v\n", fn.name, fn.nparams, fn.nslots, fn.objs)
		for i, in := range fn.code {
			extra := ""
			if in.op == opBuiltin {
				extra = " " + libcNames[in.a]
			}
			fmt.Fprintf(&b, "  %3d %-9s k=%#x o=%d b=%d a=%d c=%d%s  @%d:%d\n", i, opNames[in.op], in.k, in.o, in.b, in.a, in.c, extra, fn.pos[i].line, fn.pos[i].col)
		}
	}
	return b.String()
}
