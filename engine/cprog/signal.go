//go:build !cprog_compiler

package cprog

// Signal handlers (SIGCHLD): a handler installed with signal or sigaction
// runs when the process next runs after the signal — before the call it was
// blocked in returns, as with SA_RESTART, which glibc's signal() sets. A
// handler cannot run while the process sleeps in the kernel (the engine has
// no EINTR yet), so a process blocked for good never runs it.

func (p *Proc) deliverSignals() {
	for sig := 1; sig < 32; sig++ {
		if p.pendingSig&(1<<sig) == 0 {
			continue
		}
		p.pendingSig &^= 1 << sig
		h := p.sig[sig]
		seg := uint32(h >> 32)
		if h <= 1 || seg < funcSegBase || int(seg-funcSegBase) >= len(p.prog.funcs) {
			continue
		}
		p.growStack()
		p.stack[p.sp] = uint64(sig)
		p.sp++
		if f := p.enter(int(seg-funcSegBase), 1); f != nil {
			p.die(f)
			return
		}
		p.frames[len(p.frames)-1].sig = true
	}
}
