//go:build !cprog_compiler

package cprog

import (
	"errors"
	"math/rand/v2"
	"strings"

	"socklab/engine"
	"socklab/engine/internal/sfmt"
)

// Options tune a run.
type Options struct {
	StdoutFile bool              // fd 1 is a regular file (--stdout-dir): stdout fully buffered
	Seed       uint64            // 0: the default schedule; else another deterministic interleaving
	Budget     int64             // C statements (0: DefaultBudget)
	Stdin      map[string][]byte // a program's standard input, by process name
	MaxOutput  int64             // bytes of terminal output (0: 64 MiB)
	// MemoryLimit is the heap and stack of one process (0: 256 MiB).
	MemoryLimit int64
}

// DefaultBudget is the statement budget of a run.
const DefaultBudget = 50_000_000

// instrPerStatement converts the statement budget to VM instructions
// (a C statement compiles to a few instructions).
const instrPerStatement = 8

// ErrBudget is wrapped by the error of a run stopped by a budget.
var ErrBudget = errors.New("budget exhausted")

// Runner runs C programs as processes on one simulated kernel.
type Runner struct {
	k      *engine.Kernel
	opts   Options
	Procs  []*Proc // in start order (forked children after their parent's group)
	byPID  map[int]*Proc
	exits  map[int]string
	cur    *Proc
	step   int
	budget int64
	rng    *rand.Rand
	pcg    *rand.PCG
	events []Event
	forks  map[string]int
	out    map[string][]byte
	term   map[string][]byte // each program's terminal: stdout and stderr, in the order written
	outLen int64
	err    error
	done   bool
	clock  int64
	idle   int64 // ms passed while no process could run
}

// NewRunner starts one process per program, in order.
func NewRunner(progs []*Program, opts Options) *Runner {
	r := &Runner{k: engine.NewKernel(), opts: opts, byPID: map[int]*Proc{}, exits: map[int]string{}, forks: map[string]int{}, out: map[string][]byte{}, term: map[string][]byte{}}
	b := opts.Budget
	if b <= 0 {
		b = DefaultBudget
	}
	r.budget = b * instrPerStatement
	if opts.Seed != 0 {
		r.pcg = rand.NewPCG(opts.Seed, 0x50c41ab)
		r.rng = rand.New(r.pcg)
	}
	if r.opts.MaxOutput <= 0 {
		r.opts.MaxOutput = 64 << 20
	}
	r.k.SetTracing(false)
	for _, prog := range progs {
		pid := r.k.NewTask(prog.Name)
		p := newProc(prog, prog.Name, pid, opts.StdoutFile)
		p.stdin = append([]byte(nil), opts.Stdin[prog.Name]...)
		if opts.MemoryLimit > 0 {
			p.memLimit = opts.MemoryLimit
		}
		p.sys = r
		r.Procs = append(r.Procs, p)
		r.byPID[pid] = p
		if p.state == psDone {
			r.reap(p)
		}
	}
	return r
}

// Kernel is the simulated kernel the programs run on.
func (r *Runner) Kernel() *engine.Kernel { return r.k }

// Err is why the run stopped early (a budget, a deadlock), or nil.
func (r *Runner) Err() error { return r.err }

// Done reports whether the run is over.
func (r *Runner) Done() bool { return r.done }

// StepCount is the number of system calls made so far.
func (r *Runner) StepCount() int { return r.step }

// TakeEvents returns the events since the last call.
func (r *Runner) TakeEvents() []Event {
	e := r.events
	r.events = nil
	return e
}

// Stdout is what a program's processes wrote to their terminal (fd 1).
func (r *Runner) Stdout(name string) []byte { return r.out[name] }

// Terminal is what program name's terminal shows: its stdout and stderr as written (perror too).
func (r *Runner) Terminal(name string) []byte { return r.term[name] }

// Run runs to the end.
func (r *Runner) Run() error {
	for r.Step() {
	}
	return r.err
}

// Step runs until something observable happens (a system call, an exit)
// and reports whether the run goes on.
func (r *Runner) Step() bool {
	if r.done {
		return false
	}
	for {
		p := r.pick()
		if p == nil {
			if r.advanceClock() {
				continue
			}
			r.finishRun()
			return false
		}
		r.cur = p
		r.idle = 0
		if p.pendingSig != 0 {
			p.deliverSignals()
		}
		slice := min(r.budget, 1<<20)
		st, used := p.run(slice)
		p.Steps += used
		r.budget -= used
		switch st {
		case stopSyscall:
			r.maybeSwitch()
			return true
		case stopBlock:
			if p.state == psRunnable {
				p.state = psBlocked
			}
			r.cur = nil
			return true
		case stopExit, stopFault:
			r.reap(p)
			r.cur = nil
			return true
		case stopBudget:
			if r.budget <= 0 {
				r.err = sfmt.Errorf("%w: the statement budget ran out (--budget N raises it); the results are partial", ErrBudget)
				r.finishRun()
				return false
			}
		}
		if r.outLen > r.opts.MaxOutput {
			r.err = sfmt.Errorf("%w: more than %d bytes of output; the results are partial", ErrBudget, r.opts.MaxOutput)
			r.finishRun()
			return false
		}
	}
}

// pick chooses the process to run: the current one while it can, then the
// first runnable in start order (or a random one with a seed).
func (r *Runner) pick() *Proc {
	if r.cur != nil && r.cur.state == psRunnable {
		return r.cur
	}
	var run []*Proc
	for _, p := range r.Procs {
		if p.state == psRunnable {
			if r.rng == nil {
				return p
			}
			run = append(run, p)
		}
	}
	if len(run) == 0 {
		return nil
	}
	return run[r.rng.IntN(len(run))]
}

func (r *Runner) maybeSwitch() {
	if r.rng != nil && r.rng.IntN(3) == 0 {
		r.cur = nil
	}
}

// advanceClock lets simulated time pass when nothing can run: to the
// earliest sleeper's wake-up or the kernel's next timer (a call's time-out,
// a retransmission). It reports whether the run can go on; when every
// process is blocked and no timer will wake one, the run is deadlocked.
func (r *Runner) advanceClock() bool {
	var wake int64 = -1
	blocked := false
	for _, p := range r.Procs {
		switch p.state {
		case psSleeping:
			if wake < 0 || p.wakeAt < wake {
				wake = p.wakeAt
			}
		case psBlocked:
			blocked = true
		}
	}
	if wake < 0 && !blocked {
		return false
	}
	now := r.now()
	target := wake
	if d, ok := r.k.NextTimer(); ok && blocked && (target < 0 || now+d < target) && r.idle < maxIdleMS {
		target = now + d
	}
	if target < 0 {
		var names []string
		for _, p := range r.Procs {
			if p.state == psBlocked {
				line, _ := p.Pos()
				names = append(names, sfmt.Sprintf("%s (line %d)", p.Name, line))
			}
		}
		r.err = sfmt.Errorf("%w: deadlock: every process is blocked: %s", ErrBudget, strings.Join(names, ", "))
		return false
	}
	r.idle += target - now
	r.sleepKernel(target - now)
	for _, p := range r.Procs {
		if p.state == psSleeping && p.wakeAt <= r.now() {
			p.state = psRunnable
			p.resumed = &engine.Result{}
			p.resumedDepth = len(p.frames)
		}
	}
	return true
}

// maxIdleMS bounds the simulated time that passes while every process is
// blocked and only kernel timers run (keepalives could go on forever).
const maxIdleMS = 3600 * 1000

func (r *Runner) anyRunnable() bool {
	for _, p := range r.Procs {
		if p.state == psRunnable {
			return true
		}
	}
	return false
}

// sleepKernel advances the kernel's clock by ms (its timers fire).
func (r *Runner) sleepKernel(ms int64) {
	if ms <= 0 {
		return
	}
	r.k.SetStep(r.step, 0)
	r.k.AdvanceClock(ms)
	r.completions()
	r.clock += ms
}

func (r *Runner) finishRun() {
	r.done = true
}

// reap records the end of a process; a process killed by a signal still
// has its kernel task: it exits now (its fds close).
func (r *Runner) reap(p *Proc) {
	if p.Exit == "" {
		p.Exit = "0"
	}
	if strings.HasPrefix(p.Exit, "signal ") {
		r.k.SetStep(r.step, 0)
		r.k.Syscall(p.PID, callExit(0))
		r.completions()
	}
	r.exits[p.PID] = p.Exit
	if parent := r.byPID[p.PPID]; parent != nil && parent.state != psDone && parent.sig[17] > 1 {
		parent.pendingSig |= 1 << 17 // SIGCHLD to a handler
	}
	line, _ := p.Pos()
	r.events = append(r.events, Event{Event: engine.Event{Proc: p.Name, Kind: EvExit, Message: p.FaultMsg, Line: line}, Status: p.Exit})
}

// --- sysHost ---

func (r *Runner) now() int64 { return r.clock }

func (r *Runner) syscall(p *Proc, c engine.Call) (engine.Result, bool) {
	r.step++
	p.syscalls++
	line, _ := p.Pos()
	r.k.SetStep(r.step, line)
	res, blocked := r.k.Syscall(p.PID, c)
	engine.ResultKeys(c.Name, &res)
	if blocked {
		p.state = psBlocked
		p.blockStep = r.step
		r.events = append(r.events, Event{Event: engine.Event{Step: r.step, Proc: p.Name, Call: c.Name, Kind: engine.EvBlock, Line: line}})
	} else {
		r.events = append(r.events, Event{Event: returnEvent(r.step, p.Name, c, line, 0, res)})
	}
	r.completions()
	return res, blocked
}

// completions delivers the results of calls the last system call woke.
func (r *Runner) completions() {
	for _, comp := range r.k.Completed() {
		q := r.byPID[comp.PID]
		if q == nil || q.state != psBlocked {
			continue
		}
		res := comp.Result
		q.resumed = &res
		q.resumedDepth = len(q.frames)
		q.state = psRunnable
		line, _ := q.Pos()
		r.events = append(r.events, Event{Event: returnEvent(comp.BlockStep, q.Name, engine.Call{Name: q.blockCall()}, line, r.step, res)})
	}
}

func returnEvent(step int, proc string, c engine.Call, line, after int, res engine.Result) engine.Event {
	e := engine.Event{Step: step, Proc: proc, Call: c.Name, Kind: engine.EvReturn, Ret: res.Ret,
		Errno: res.Errno.String(), Data: res.Data, Addr: res.Addr, After: after, Line: line}
	if (c.Name == "write" || c.Name == "send" || c.Name == "sendto") && len(c.Args) > 1 && res.Ret > 0 {
		e.Data = c.Args[1].Bytes.Slice(0, res.Ret)
	}
	copyV2(&e, res)
	return e
}

func (r *Runner) output(p *Proc, fd int, data []byte) {
	kind := EvStdout
	if fd == 2 {
		kind = EvStderr
	} else {
		r.out[p.Group] = append(r.out[p.Group], data...)
	}
	r.term[p.Group] = append(r.term[p.Group], data...)
	r.outLen += int64(len(data))
	r.events = append(r.events, Event{Event: engine.Event{Proc: p.Name, Kind: kind, Data: append([]byte(nil), data...)}})
}

// maxProcs bounds the processes of a run (a fork bomb ends with EAGAIN).
const maxProcs = 256

func (r *Runner) fork(p *Proc) (int, bool) {
	live := 0
	for _, q := range r.Procs {
		if q.state != psDone {
			live++
		}
	}
	if live >= maxProcs {
		p.setErrno(11) // EAGAIN, as RLIMIT_NPROC gives
		return -1, false
	}
	r.forks[p.Group]++
	name := sfmt.Sprintf("%s-%d", p.Group, r.forks[p.Group])
	res, _ := r.syscall(p, engine.Call{Name: "fork", Args: []engine.Arg{{Kind: engine.ArgName, Name: name}}})
	if res.Errno != 0 {
		p.setErrno(int(res.Errno))
		return -1, false
	}
	c := p.clone()
	c.Name, c.PID, c.PPID = name, int(res.Ret), p.PID
	c.state = psRunnable
	c.resumed = nil
	// The child returns 0 from the fork instruction.
	f := c.frames[len(c.frames)-1]
	if in := c.prog.funcs[f.fn].code[f.pc-1]; in.k == 1 {
		c.stack[c.sp] = 0
		c.sp++
	}
	at := len(r.Procs)
	for i, q := range r.Procs {
		if q.Group == p.Group {
			at = i + 1
		}
	}
	r.Procs = append(r.Procs[:at], append([]*Proc{c}, r.Procs[at:]...)...)
	r.byPID[c.PID] = c
	return c.PID, true
}

func (r *Runner) waitStatus(pid int, code int64) int {
	if e := r.exits[pid]; strings.HasPrefix(e, "signal ") {
		for n, s := range sigNames {
			if "signal "+s == e {
				return n
			}
		}
	}
	return int(code&0xff) << 8
}
