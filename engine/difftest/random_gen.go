package difftest

// A seeded generator of random timelines that look like programs (issue 15).
//
// Each process keeps a model of the sockets it holds (family, type, state:
// new, bound, listening, connected; the address it is bound to) and picks
// the natural next call for one of them with a high weight — a server
// socket goes socket → bind → listen → accept, a client socket → connect →
// write/read/shutdown/close, a datagram socket sends and receives, a
// socketpair talks to itself — and, in about GenOptions.Wrong of the
// statements, a deliberately wrong one (a call on a socket in the wrong
// state, a bad fd, a bad flag, level, option or address). Addresses come
// from small pools, so binds collide and connects find (or miss) listeners.
//
// The simulated kernel is the generator's oracle: after each statement the
// timeline so far is run in the engine, whose results say which processes
// are asleep (no statement is generated for a blocked process) and what
// each call returned (a failed socket() leaves a variable that holds -1, a
// failed bind leaves the socket unbound). A divergence of the engine from
// Linux only makes the timeline less typical; the comparison with the host
// is what decides.
//
// Host conditions the generator stays away from (see doc.go, "Random
// timelines"): SO_RCVBUF/SO_SNDBUF values above 212992 (the host's
// net.core.rmem_max/wmem_max are global and may be raised), SO_REUSEPORT
// groups (the kernel hashes with a random secret), MSG_OOB in v1 (AF_UNIX
// OOB depends on CONFIG_AF_UNIX_OOB), TCP connects to a listener whose
// accept queue may be full (the SYN is dropped and retransmitted after one
// second of wall-clock time), TCP writes large enough for the
// receive-window autotuning to decide where a writer blocks, fds 0-2 (the
// host workers' stdin/stdout are /dev/null, opened read-only and
// write-only, where socklab models a terminal), AF_INET6 (not modelled) and
// setsockopt at the IPPROTO_UDP level (UDP_CORK corking is not modelled).

import (
	"fmt"
	"math/rand"
	"strings"

	"socklab/engine"
	"socklab/engine/timeline"
)

// GenOptions tune the generator. DefaultGenOptions is what the issue asks:
// 2-4 processes, 8-40 statements, ~15% wrong arguments.
type GenOptions struct {
	MinProcs, MaxProcs int
	MinStmts, MaxStmts int
	Wrong              float64 // share of deliberately wrong statements
	V2                 bool    // also timeline v2 calls (as they land)
}

// DefaultGenOptions returns the shape of timeline.
func DefaultGenOptions() GenOptions {
	return GenOptions{MinProcs: 2, MaxProcs: 4, MinStmts: 8, MaxStmts: 40, Wrong: 0.15}
}

// Socket states of the generator's model.
const (
	gNew = iota
	gBound
	gListen
	gConnected
	gDead // closed, or socket() failed
)

type gfd struct {
	expr     string // how the timeline names it: "s1", "sv2[0]"
	fam, typ int64  // AF_UNIX/AF_INET, SOCK_STREAM/DGRAM/SEQPACKET
	st       int
	addr     string // the address it is bound to ("" if unknown/none)
	peer     string // the address it connected to (datagram or client)
	nonblock bool
	backlog  int
	pending  int // listeners: connections not yet accepted (an upper bound)
	shutWr   bool
	accepted bool // from accept: connected at birth
	listener *gfd // for a TCP client: the listener it queued on
}

type gproc struct {
	name     string
	fds      []*gfd
	nvar     int
	nsv      int
	alive    bool
	forked   bool     // made by fork (v2): may exit
	exited   bool     // exit() was generated: no more statements
	children []string // variables holding its children's pids (v2)
}

type gen struct {
	r       *rand.Rand
	o       GenOptions
	lines   []string
	procs   []*gproc
	maxProc int
	effects map[int]func(engine.Event) // statement -> what its return changes in the model
	done    map[int]bool
	blocked map[string]bool
	stmts   int
}

// Process names: a server, clients, a peer.
var procNames = []string{"server", "client", "peer", "other", "child1", "child2", "child3", "child4"}

// Address pools: small, so collisions happen.
var (
	unixPaths   = []string{"/tmp/a.sock", "/tmp/b.sock", "c.sock", "@abs", "@abs2"}
	inetAddrs   = []string{"127.0.0.1:7000", "127.0.0.1:7001", "0.0.0.0:7000", "127.0.0.2:7001", "127.0.0.1:7002"}
	wrongAddrs  = []string{"10.0.0.1:7000", "/tmp/a.sock", "127.0.0.1:7000", "", "@abs", "0.0.0.0:0", "127.0.0.1:0", "/nonexistent/dir/x", "255.255.255.255:7000"}
	dataPool    = []string{`"hello"`, `"x"`, `"ping\n"`, `"hello, server"`, `""`, `"ab\0cd"`, `fill(100)`, `fill(1000)`, `fill(4096)`}
	bigUnixData = []string{`fill(70000)`, `fill(200000)`, `fill(300000)`}
	readSizes   = []string{"0", "1", "3", "5", "16", "100", "255", "4096", "65536"}
	recvFlags   = []string{"0", "0", "0", "MSG_PEEK", "MSG_DONTWAIT", "MSG_WAITALL", "MSG_TRUNC", "MSG_PEEK | MSG_DONTWAIT", "MSG_WAITALL | MSG_DONTWAIT", "MSG_TRUNC | MSG_DONTWAIT", "MSG_PEEK | MSG_TRUNC"}
	sendFlags   = []string{"0", "0", "0", "MSG_DONTWAIT", "MSG_NOSIGNAL", "MSG_DONTWAIT | MSG_NOSIGNAL", "MSG_EOR"}
	backlogs    = []string{"0", "1", "2", "5", "128", "-1"}
	bufSizes    = []string{"0", "1", "1024", "2048", "4096", "65536", "212992"}
)

// GenerateTimeline returns the random timeline of seed.
func GenerateTimeline(seed int64, o GenOptions) string {
	g := &gen{
		r:       rand.New(rand.NewSource(seed)),
		o:       o,
		effects: map[int]func(engine.Event){},
		done:    map[int]bool{},
		blocked: map[string]bool{},
	}
	g.maxProc = o.MinProcs + g.r.Intn(o.MaxProcs-o.MinProcs+1)
	want := o.MinStmts + g.r.Intn(o.MaxStmts-o.MinStmts+1)
	header := fmt.Sprintf("# random timeline, seed %d", seed)
	if o.V2 {
		header += " (v2)"
	}
	g.lines = append(g.lines, header)
	for tries := 0; g.stmts < want && tries < want*10; tries++ {
		p := g.pickProc()
		if p == nil {
			break // everybody sleeps
		}
		text, eff := g.statement(p)
		if text == "" {
			continue
		}
		g.stmts++
		g.lines = append(g.lines, p.name+": "+text)
		if eff != nil {
			g.effects[g.stmts] = eff
		}
		g.observe()
	}
	return strings.Join(g.lines, "\n") + "\n"
}

// observe runs the timeline so far in the engine and applies the results.
func (g *gen) observe() {
	src := strings.Join(g.lines, "\n") + "\n"
	events, _ := timeline.Run(engine.NewKernel(), src, timeline.Options{StepBudget: 1000})
	blockedStep := map[int]string{}
	for _, e := range events {
		switch e.Kind {
		case engine.EvBlock:
			blockedStep[e.Step] = e.Proc
		case engine.EvReturn:
			delete(blockedStep, e.Step)
			if !g.done[e.Step] {
				g.done[e.Step] = true
				if f := g.effects[e.Step]; f != nil {
					f(e)
				}
			}
		}
	}
	g.blocked = map[string]bool{}
	for _, p := range blockedStep {
		g.blocked[p] = true
	}
}

func (g *gen) pickProc() *gproc {
	var awake []*gproc
	for _, p := range g.procs {
		if !g.blocked[p.name] && !p.exited {
			awake = append(awake, p)
		}
	}
	if len(g.procs) < g.maxProc && (len(awake) == 0 || len(g.procs) == 0 || g.r.Intn(8) == 0) {
		p := &gproc{name: procNames[len(g.procs)], alive: true}
		g.procs = append(g.procs, p)
		return p
	}
	if len(awake) == 0 {
		return nil
	}
	return awake[g.r.Intn(len(awake))]
}

func (g *gen) pick(s []string) string { return s[g.r.Intn(len(s))] }
func (g *gen) chance(p float64) bool  { return g.r.Float64() < p }

// live lists p's sockets that are not closed.
func (p *gproc) live() []*gfd {
	var out []*gfd
	for _, f := range p.fds {
		if f.st != gDead {
			out = append(out, f)
		}
	}
	return out
}

func (g *gen) newVar(p *gproc, prefix string) string {
	p.nvar++
	return fmt.Sprintf("%s%d", prefix, p.nvar)
}

// action is one candidate statement with its weight.
type action struct {
	w    float64
	make func() (string, func(engine.Event))
}

// statement picks and renders p's next statement.
func (g *gen) statement(p *gproc) (string, func(engine.Event)) {
	if g.chance(g.o.Wrong) {
		return g.wrong(p)
	}
	var acts []action
	add := func(w float64, f func() (string, func(engine.Event))) {
		if w > 0 {
			acts = append(acts, action{w, f})
		}
	}
	live := p.live()
	add(3/float64(1+2*len(live)), func() (string, func(engine.Event)) { return g.socket(p) })
	add(0.6/float64(1+len(live)), func() (string, func(engine.Event)) { return g.socketpair(p) })
	for _, f := range live {
		f := f
		for _, a := range g.natural(p, f) {
			acts = append(acts, a)
		}
	}
	if g.o.V2 {
		acts = append(acts, g.v2Actions(p)...)
	}
	total := 0.0
	for _, a := range acts {
		total += a.w
	}
	x := g.r.Float64() * total
	for _, a := range acts {
		if x < a.w {
			return a.make()
		}
		x -= a.w
	}
	return g.socket(p)
}

func typeName(t int64) string {
	switch t {
	case 1:
		return "SOCK_STREAM"
	case 2:
		return "SOCK_DGRAM"
	case 5:
		return "SOCK_SEQPACKET"
	}
	return fmt.Sprint(t)
}

// socket creates a socket of a random family and type.
func (g *gen) socket(p *gproc) (string, func(engine.Event)) {
	f := &gfd{fam: 1, typ: 1}
	if g.chance(0.5) {
		f.fam = 2
		f.typ = []int64{1, 1, 2}[g.r.Intn(3)]
	} else {
		f.typ = []int64{1, 1, 2, 5}[g.r.Intn(4)]
	}
	ty := typeName(f.typ)
	if g.chance(0.2) {
		ty += " | SOCK_NONBLOCK"
		f.nonblock = true
	}
	if g.chance(0.1) {
		ty += " | SOCK_CLOEXEC"
	}
	fam := map[int64]string{1: "AF_UNIX", 2: "AF_INET"}[f.fam]
	if f.fam == 1 && g.chance(0.1) {
		fam = "AF_LOCAL"
	}
	proto := "0"
	if f.fam == 2 && g.chance(0.15) {
		proto = map[int64]string{1: "IPPROTO_TCP", 2: "IPPROTO_UDP"}[f.typ]
	}
	f.expr = g.newVar(p, "s")
	p.fds = append(p.fds, f)
	return fmt.Sprintf("%s = socket(%s, %s, %s)", f.expr, fam, ty, proto), func(e engine.Event) {
		if e.Ret < 0 {
			f.st = gDead
		}
	}
}

func (g *gen) socketpair(p *gproc) (string, func(engine.Event)) {
	p.nsv++
	name := "sv"
	if p.nsv > 1 {
		name = fmt.Sprintf("sv%d", p.nsv)
	}
	typ := []int64{1, 1, 2, 5}[g.r.Intn(4)]
	ty := typeName(typ)
	nb := false
	if g.chance(0.2) {
		ty += " | SOCK_NONBLOCK"
		nb = true
	}
	a := &gfd{expr: name + "[0]", fam: 1, typ: typ, st: gConnected, nonblock: nb}
	b := &gfd{expr: name + "[1]", fam: 1, typ: typ, st: gConnected, nonblock: nb}
	a.st, b.st = gDead, gDead // until it returns
	p.fds = append(p.fds, a, b)
	return fmt.Sprintf("socketpair(AF_UNIX, %s, 0, %s)", ty, name), func(e engine.Event) {
		if e.Ret == 0 {
			a.st, b.st = gConnected, gConnected
		}
	}
}

// addrFor is an address from the pool for f's family.
func (g *gen) addrFor(f *gfd) string {
	if f.fam == 2 {
		return g.pick(inetAddrs)
	}
	return g.pick(unixPaths)
}

// peerAddr is an address worth connecting or sending to: mostly one some
// socket is bound to (a listener for a stream), else from the pool.
func (g *gen) peerAddr(f *gfd) (string, *gfd) {
	var cands []*gfd
	for _, p := range g.procs {
		for _, o := range p.fds {
			if o.st == gDead || o.addr == "" || o.fam != f.fam || o.typ != f.typ {
				continue
			}
			if f.typ != 2 && o.st != gListen {
				continue
			}
			cands = append(cands, o)
		}
	}
	if len(cands) > 0 && g.chance(0.85) {
		o := cands[g.r.Intn(len(cands))]
		a := o.addr
		if strings.HasPrefix(a, "0.0.0.0:") {
			a = "127.0.0.1:" + strings.TrimPrefix(a, "0.0.0.0:")
		}
		return a, o
	}
	a := g.addrFor(f)
	if strings.HasPrefix(a, "0.0.0.0:") {
		a = "127.0.0.1:" + strings.TrimPrefix(a, "0.0.0.0:")
	}
	return a, g.listenerAt(f, a)
}

// listenerAt finds the listening TCP socket an address reaches.
func (g *gen) listenerAt(f *gfd, a string) *gfd {
	port := a[strings.LastIndex(a, ":")+1:]
	for _, p := range g.procs {
		for _, o := range p.fds {
			if o.st != gListen || o.fam != f.fam || o.typ != f.typ {
				continue
			}
			if o.addr == a || (f.fam == 2 && strings.HasSuffix(o.addr, ":"+port) && strings.HasPrefix(o.addr, "0.0.0.0:")) {
				return o
			}
		}
	}
	return nil
}

// queueFull reports whether a TCP connect to l might meet a full accept
// queue (Linux drops the SYN and retransmits it a wall-clock second later).
func queueFull(l *gfd) bool {
	return l != nil && l.fam == 2 && l.pending >= max(l.backlog, 1)
}

func (g *gen) data(f *gfd) string {
	if f.fam == 1 && f.typ == 1 && g.chance(0.05) {
		return g.pick(bigUnixData)
	}
	if f.fam == 2 && f.typ == 1 && g.chance(0.03) {
		return "fill(20000)" // within the first window on lo
	}
	return g.pick(dataPool)
}

// natural lists the calls that fit f's state, weighted.
func (g *gen) natural(p *gproc, f *gfd) []action {
	var acts []action
	add := func(w float64, fn func() (string, func(engine.Event))) { acts = append(acts, action{w, fn}) }
	x := f.expr
	stream := f.typ != 2
	if f.fam < 0 { // a pipe end or an epoll fd (v2): its own calls are in v2Actions
		add(0.25, func() (string, func(engine.Event)) { return g.close(f) })
		add(0.1, func() (string, func(engine.Event)) { return g.dup(p, f) })
		return acts
	}
	switch {
	case f.st == gNew && stream:
		add(3, func() (string, func(engine.Event)) { return g.bind(f) })
		add(3, func() (string, func(engine.Event)) { return g.connect(f) })
		add(0.3, func() (string, func(engine.Event)) { return g.listen(f) })
	case f.st == gBound && stream:
		add(5, func() (string, func(engine.Event)) { return g.listen(f) })
		add(0.5, func() (string, func(engine.Event)) { return g.connect(f) })
	case f.st == gListen:
		w := 2.0
		if f.pending > 0 {
			w = 5
		}
		add(w, func() (string, func(engine.Event)) { return g.accept(p, f) })
		add(0.3, func() (string, func(engine.Event)) { return g.listen(f) })
		add(0.3, func() (string, func(engine.Event)) { return "getsockname(" + x + ")", nil })
		add(0.15, func() (string, func(engine.Event)) {
			return fmt.Sprintf("shutdown(%s, %s)", x, g.pick([]string{"SHUT_RD", "SHUT_WR", "SHUT_RDWR"})), nil
		})
	case f.st == gConnected && stream:
		add(3, func() (string, func(engine.Event)) { return g.write(f) })
		add(3, func() (string, func(engine.Event)) { return g.read(f) })
		add(0.4, func() (string, func(engine.Event)) {
			how := g.pick([]string{"SHUT_RD", "SHUT_WR", "SHUT_WR", "SHUT_RDWR"})
			if how != "SHUT_RD" {
				f.shutWr = true
			}
			return fmt.Sprintf("shutdown(%s, %s)", x, how), nil
		})
		add(0.3, func() (string, func(engine.Event)) {
			return g.pick([]string{"getpeername(", "getsockname("}) + x + ")", nil
		})
	case !stream:
		if f.st == gNew && g.chance(0.5) {
			add(2, func() (string, func(engine.Event)) { return g.bind(f) })
		}
		add(0.7, func() (string, func(engine.Event)) { return g.connect(f) })
		add(3, func() (string, func(engine.Event)) {
			a, _ := g.peerAddr(f)
			return fmt.Sprintf("sendto(%s, %s, %s, %q)", x, g.data(f), g.pick(sendFlags), a), nil
		})
		if f.peer != "" || f.st == gConnected {
			add(2, func() (string, func(engine.Event)) { return g.write(f) })
		}
		add(3, func() (string, func(engine.Event)) { return g.read(f) })
	}
	add(0.25, func() (string, func(engine.Event)) { return g.close(f) })
	add(0.3, func() (string, func(engine.Event)) { return g.setsockopt(f) })
	add(0.3, func() (string, func(engine.Event)) { return g.getsockopt(f) })
	add(0.2, func() (string, func(engine.Event)) {
		if g.chance(0.5) {
			f.nonblock = !f.nonblock
			fl := "0"
			if f.nonblock {
				fl = "O_NONBLOCK"
			}
			return fmt.Sprintf("fcntl(%s, F_SETFL, %s)", x, fl), nil
		}
		return fmt.Sprintf("fcntl(%s, F_GETFL)", x), nil
	})
	add(0.1, func() (string, func(engine.Event)) { return g.dup(p, f) })
	return acts
}

func (g *gen) bind(f *gfd) (string, func(engine.Event)) {
	a := g.addrFor(f)
	if f.fam == 1 && g.chance(0.1) {
		a = "" // autobind
	}
	return fmt.Sprintf("bind(%s, %q)", f.expr, a), func(e engine.Event) {
		if e.Ret == 0 && f.st == gNew {
			f.st, f.addr = gBound, a
			if a == "" || strings.HasSuffix(a, ":0") {
				f.addr = "" // kernel-chosen: unknown to the model
			}
		}
	}
}

func (g *gen) listen(f *gfd) (string, func(engine.Event)) {
	b := g.pick(backlogs)
	return fmt.Sprintf("listen(%s, %s)", f.expr, b), func(e engine.Event) {
		if e.Ret == 0 {
			f.st = gListen
			fmt.Sscan(b, &f.backlog)
			if f.backlog < 0 {
				f.backlog = 4096 // somaxconn
			}
		}
	}
}

func (g *gen) connect(f *gfd) (string, func(engine.Event)) {
	a, l := g.peerAddr(f)
	if f.typ != 2 && queueFull(l) {
		return "", nil
	}
	if l != nil && f.typ != 2 {
		l.pending++ // counted at once: a connect that fails only lowers the real queue
	}
	return fmt.Sprintf("connect(%s, %q)", f.expr, a), func(e engine.Event) {
		if e.Ret == 0 || e.Errno == "EINPROGRESS" {
			if f.st != gListen {
				f.st, f.peer = gConnected, a
			}
		}
	}
}

func (g *gen) accept(p *gproc, l *gfd) (string, func(engine.Event)) {
	c := &gfd{fam: l.fam, typ: l.typ, st: gDead, accepted: true}
	c.expr = g.newVar(p, "c")
	p.fds = append(p.fds, c)
	call := fmt.Sprintf("%s = accept(%s)", c.expr, l.expr)
	if g.chance(0.3) {
		fl := g.pick([]string{"0", "SOCK_NONBLOCK", "SOCK_CLOEXEC", "SOCK_NONBLOCK | SOCK_CLOEXEC"})
		c.nonblock = strings.Contains(fl, "NONBLOCK")
		call = fmt.Sprintf("%s = accept4(%s, %s)", c.expr, l.expr, fl)
	}
	return call, func(e engine.Event) {
		if e.Ret >= 0 {
			c.st = gConnected
			if l.pending > 0 {
				l.pending--
			}
		}
	}
}

func (g *gen) write(f *gfd) (string, func(engine.Event)) {
	d := g.data(f)
	switch g.r.Intn(3) {
	case 0:
		return fmt.Sprintf("write(%s, %s)", f.expr, d), nil
	case 1:
		return fmt.Sprintf("send(%s, %s, %s)", f.expr, d, g.pick(sendFlags)), nil
	}
	to := "NULL"
	if f.typ == 2 && g.chance(0.3) {
		a, _ := g.peerAddr(f)
		to = fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf("sendto(%s, %s, %s, %s)", f.expr, d, g.pick(sendFlags), to), nil
}

func (g *gen) read(f *gfd) (string, func(engine.Event)) {
	n := g.pick(readSizes)
	switch g.r.Intn(3) {
	case 0:
		return fmt.Sprintf("read(%s, %s)", f.expr, n), nil
	case 1:
		return fmt.Sprintf("recv(%s, %s, %s)", f.expr, n, g.pick(recvFlags)), nil
	}
	return fmt.Sprintf("recvfrom(%s, %s, %s)", f.expr, n, g.pick(recvFlags)), nil
}

func (g *gen) close(f *gfd) (string, func(engine.Event)) {
	return fmt.Sprintf("close(%s)", f.expr), func(e engine.Event) {
		if e.Ret == 0 {
			f.st = gDead
		}
	}
}

func (g *gen) dup(p *gproc, f *gfd) (string, func(engine.Event)) {
	d := *f
	d.expr = g.newVar(p, "d")
	d.st = gDead
	if f.st == gListen {
		d.listener = f
	}
	nd := &d
	p.fds = append(p.fds, nd)
	call := fmt.Sprintf("%s = dup(%s)", nd.expr, f.expr)
	if g.chance(0.4) {
		call = fmt.Sprintf("%s = dup2(%s, %d)", nd.expr, f.expr, 3+g.r.Intn(8))
	}
	return call, func(e engine.Event) {
		if e.Ret >= 0 {
			nd.st = f.st
			// Both name one socket: the model keeps them apart (a close of
			// one leaves the other open; state changes drift, which only
			// makes the next choices less typical).
		}
	}
}

var sockOpts = []string{
	"SOL_SOCKET, SO_REUSEADDR, 1", "SOL_SOCKET, SO_REUSEADDR, 0",
	"SOL_SOCKET, SO_RCVBUF, %b", "SOL_SOCKET, SO_SNDBUF, %b",
	"SOL_SOCKET, SO_KEEPALIVE, 1", "IPPROTO_TCP, TCP_NODELAY, 1", "IPPROTO_TCP, TCP_NODELAY, 0",
}

func (g *gen) setsockopt(f *gfd) (string, func(engine.Event)) {
	o := strings.Replace(g.pick(sockOpts), "%b", g.pick(bufSizes), 1)
	return fmt.Sprintf("setsockopt(%s, %s)", f.expr, o), nil
}

var getOpts = []string{
	"SOL_SOCKET, SO_TYPE", "SOL_SOCKET, SO_ERROR", "SOL_SOCKET, SO_ACCEPTCONN", "SOL_SOCKET, SO_DOMAIN",
	"SOL_SOCKET, SO_PROTOCOL", "SOL_SOCKET, SO_RCVBUF", "SOL_SOCKET, SO_REUSEADDR",
	"SOL_SOCKET, SO_KEEPALIVE", "IPPROTO_TCP, TCP_NODELAY", "IPPROTO_UDP, 1", "SOL_SOCKET, SO_REUSEPORT",
}

func (g *gen) getsockopt(f *gfd) (string, func(engine.Event)) {
	return fmt.Sprintf("getsockopt(%s, %s)", f.expr, g.pick(getOpts)), nil
}

// anyFD is an fd expression of any of p's sockets (closed ones included) or
// a literal that names nothing or the terminal.
func (g *gen) anyFD(p *gproc) string {
	if len(p.fds) > 0 && g.chance(0.8) {
		return p.fds[g.r.Intn(len(p.fds))].expr
	}
	return g.pick([]string{"42", "-1", "1023", "1024"})
}

// wrong renders a deliberately wrong statement: a call on a socket in the
// wrong state, a bad fd, flag, level, option, length or address.
func (g *gen) wrong(p *gproc) (string, func(engine.Event)) {
	fd := g.anyFD(p)
	switch g.r.Intn(22) {
	case 0:
		return fmt.Sprintf("listen(%s, %s)", fd, g.pick(backlogs)), nil
	case 1:
		return fmt.Sprintf("accept(%s)", fd), nil
	case 2:
		return fmt.Sprintf("bind(%s, %q)", fd, g.pick(append(wrongAddrs, g.pick(unixPaths), g.pick(inetAddrs)))), nil
	case 3:
		a := g.pick(append(wrongAddrs, g.pick(unixPaths), g.pick(inetAddrs)))
		if _, l := g.findListener(a); queueFull(l) {
			return "", nil
		} else if l != nil {
			l.pending++
		}
		return fmt.Sprintf("connect(%s, %q)", fd, a), nil
	case 4:
		return fmt.Sprintf("shutdown(%s, %s)", fd, g.pick([]string{"SHUT_RD", "SHUT_WR", "SHUT_RDWR", "3", "-1"})), nil
	case 5:
		return fmt.Sprintf("read(%s, %s)", fd, g.pick([]string{"5", "0", "-1", "100"})), nil
	case 6:
		return fmt.Sprintf("recv(%s, %s, %s)", fd, g.pick([]string{"0", "5", "-1"}), g.pick([]string{"MSG_WAITALL", "MSG_PEEK", "MSG_TRUNC", "MSG_DONTWAIT", "MSG_WAITALL | MSG_DONTWAIT", "0"})), nil
	case 7:
		return fmt.Sprintf("write(%s, %s)", fd, g.pick([]string{`"x"`, `""`, "fill(10)"})), nil
	case 8:
		return fmt.Sprintf("send(%s, \"x\", %s)", fd, g.pick([]string{"MSG_EOR", "MSG_DONTWAIT", "0", "MSG_NOSIGNAL"})), nil
	case 9:
		a := g.pick(append(wrongAddrs, g.pick(unixPaths), g.pick(inetAddrs)))
		return fmt.Sprintf("sendto(%s, \"x\", 0, %q)", fd, a), nil
	case 10:
		return fmt.Sprintf("close(%s)", fd), nil
	case 11:
		return fmt.Sprintf("getsockopt(%s, %s)", fd, g.pick(append(getOpts, "SOL_SOCKET, 999", "99, 1", "IPPROTO_TCP, 99", "IPPROTO_UDP, 1", "IPPROTO_IP, 1"))), nil
	case 12:
		return fmt.Sprintf("setsockopt(%s, %s)", fd, g.pick([]string{"SOL_SOCKET, 999, 1", "IPPROTO_TCP, TCP_NODELAY, 1", "SOL_SOCKET, SO_TYPE, 1", "99, 1, 1", "SOL_SOCKET, SO_REUSEADDR, 1"})), nil
	case 13:
		return fmt.Sprintf("getpeername(%s)", fd), nil
	case 14:
		return fmt.Sprintf("getsockname(%s)", fd), nil
	case 15:
		f := g.pick([]string{"AF_INET, SOCK_SEQPACKET, 0", "AF_INET, SOCK_STREAM, IPPROTO_UDP", "AF_UNIX, SOCK_STREAM, 1", "99, SOCK_STREAM, 0", "AF_UNIX, 99, 0", "AF_INET, SOCK_DGRAM, IPPROTO_TCP", "AF_UNIX, SOCK_RAW, 0"})
		v := g.newVar(p, "s")
		p.fds = append(p.fds, &gfd{expr: v, st: gDead})
		return fmt.Sprintf("%s = socket(%s)", v, f), nil
	case 16:
		p.nsv++
		name := fmt.Sprintf("sv%d", p.nsv)
		p.fds = append(p.fds, &gfd{expr: name + "[0]", st: gDead})
		return fmt.Sprintf("socketpair(%s, %s)", g.pick([]string{"AF_INET, SOCK_STREAM, 0", "AF_UNIX, SOCK_RAW, 0", "AF_UNIX, SOCK_STREAM, 1"}), name), nil
	case 17:
		return fmt.Sprintf("unlink(%q)", g.pick(append(unixPaths[:3:3], "/tmp", "/nonexistent"))), nil
	case 18:
		return fmt.Sprintf("fcntl(%s, %s)", fd, g.pick([]string{"F_GETFL", "F_SETFL, O_NONBLOCK", "99", "F_GETFD", "F_SETFD, FD_CLOEXEC"})), nil
	case 19:
		return fmt.Sprintf("dup2(%s, %s)", fd, g.pick([]string{"-1", "1024", "3", "4", "0"})), nil
	case 20:
		return fmt.Sprintf("accept4(%s, %s)", fd, g.pick([]string{"99", "MSG_DONTWAIT", "SOCK_NONBLOCK"})), nil
	}
	return fmt.Sprintf("recvfrom(%s, %s, %s)", fd, g.pick(readSizes), g.pick(recvFlags)), nil
}

// findListener finds the TCP listener an address string reaches, if any.
func (g *gen) findListener(a string) (string, *gfd) {
	if !strings.Contains(a, ":") {
		return a, nil
	}
	return a, g.listenerAt(&gfd{fam: 2, typ: 1}, strings.Replace(a, "0.0.0.0:", "127.0.0.1:", 1))
}

// v2Actions are the timeline v2 calls (../shared/spec/timeline-v2.md):
// fork/exit/wait, pipe, poll/select/epoll, sendmsg/recvmsg with SCM_RIGHTS,
// MSG_OOB, ioctl and the v2 socket options. Time-outs other than 0 and -1
// (and SO_RCVTIMEO/SO_SNDTIMEO values) are not generated: on the host a
// time-out runs on the wall clock unless a sleep statement covers it.
func (g *gen) v2Actions(p *gproc) []action {
	var acts []action
	add := func(w float64, fn func() (string, func(engine.Event))) { acts = append(acts, action{w, fn}) }
	live := p.live()
	if len(g.procs) < len(procNames) && len(g.procs) < g.maxProc+2 {
		add(0.3, func() (string, func(engine.Event)) { return g.fork(p) })
	}
	if len(p.children) > 0 {
		add(0.5, func() (string, func(engine.Event)) {
			c := p.children[g.r.Intn(len(p.children))]
			switch g.r.Intn(4) {
			case 0:
				return "wait()", nil
			case 1:
				return "waitpid(-1, WNOHANG)", nil
			case 2:
				return fmt.Sprintf("waitpid(%s, WNOHANG)", c), nil
			}
			return fmt.Sprintf("waitpid(%s, 0)", c), nil
		})
	}
	if p.forked {
		add(0.15, func() (string, func(engine.Event)) {
			p.exited = true
			return fmt.Sprintf("exit(%d)", g.r.Intn(3)), nil
		})
	}
	add(0.05, func() (string, func(engine.Event)) {
		return g.pick([]string{"getpid()", "getppid()", "signal(SIGCHLD, SIG_IGN)", "signal(SIGCHLD, SIG_DFL)"}), nil
	})
	add(0.15/float64(1+len(live)), func() (string, func(engine.Event)) {
		p.nsv++
		name := fmt.Sprintf("pv%d", p.nsv)
		r := &gfd{expr: name + "[0]", fam: -1, typ: -1, st: gDead}
		w := &gfd{expr: name + "[1]", fam: -1, typ: -2, st: gDead}
		p.fds = append(p.fds, r, w)
		return fmt.Sprintf("pipe(%s)", name), func(e engine.Event) {
			if e.Ret == 0 {
				r.st, w.st = gConnected, gConnected
			}
		}
	})
	if len(live) == 0 {
		return acts
	}
	pickFD := func() *gfd { return live[g.r.Intn(len(live))] }
	pollEv := []string{"POLLIN", "POLLOUT", "POLLIN | POLLOUT", "POLLIN | POLLPRI", "POLLIN | POLLRDHUP", "0"}
	add(0.8, func() (string, func(engine.Event)) {
		n := 1 + g.r.Intn(3)
		var parts []string
		for range n {
			parts = append(parts, fmt.Sprintf("{%s, %s}", pickFD().expr, g.pick(pollEv)))
		}
		return fmt.Sprintf("poll(%s, %s)", strings.Join(parts, ", "), g.pick([]string{"0", "0", "-1"})), nil
	})
	add(0.3, func() (string, func(engine.Event)) {
		set := func() string {
			if g.chance(0.3) {
				return "{}"
			}
			return "{" + pickFD().expr + "}"
		}
		return fmt.Sprintf("select(%s, %s, %s, %s, %s)", g.pick([]string{"16", "16", "4", "1024"}), set(), set(), g.pick([]string{"{}", "NULL"}), g.pick([]string{"0", "0", "NULL"})), nil
	})
	var eps []*gfd
	for _, f := range live {
		if f.typ == -3 {
			eps = append(eps, f)
		}
	}
	add(0.3/float64(1+len(eps)), func() (string, func(engine.Event)) {
		ep := &gfd{fam: -1, typ: -3, st: gDead}
		ep.expr = g.newVar(p, "ep")
		p.fds = append(p.fds, ep)
		return fmt.Sprintf("%s = %s", ep.expr, g.pick([]string{"epoll_create1(0)", "epoll_create1(EPOLL_CLOEXEC)", "epoll_create(5)"})), func(e engine.Event) {
			if e.Ret >= 0 {
				ep.st = gConnected
			}
		}
	})
	if len(eps) > 0 {
		epEv := []string{"EPOLLIN", "EPOLLOUT", "EPOLLIN | EPOLLOUT", "EPOLLIN | EPOLLET", "EPOLLIN | EPOLLONESHOT", "EPOLLIN | EPOLLRDHUP", "EPOLLIN | EPOLLPRI"}
		add(1, func() (string, func(engine.Event)) {
			op := g.pick([]string{"EPOLL_CTL_ADD", "EPOLL_CTL_ADD", "EPOLL_CTL_MOD", "EPOLL_CTL_DEL"})
			return fmt.Sprintf("epoll_ctl(%s, %s, %s, %s)", eps[g.r.Intn(len(eps))].expr, op, pickFD().expr, g.pick(epEv)), nil
		})
		add(0.8, func() (string, func(engine.Event)) {
			return fmt.Sprintf("epoll_wait(%s, %s, %s)", eps[g.r.Intn(len(eps))].expr, g.pick([]string{"1", "2", "8"}), g.pick([]string{"0", "0", "-1"})), nil
		})
	}
	for _, f := range live {
		f := f
		switch {
		case f.fam == 1 && f.st == gConnected:
			if f.typ == 1 { // AF_UNIX stream urgent data (Linux 5.15+)
				add(0.2, func() (string, func(engine.Event)) { return fmt.Sprintf("send(%s, \"!\", MSG_OOB)", f.expr), nil })
				add(0.2, func() (string, func(engine.Event)) {
					return fmt.Sprintf("recv(%s, 1, %s)", f.expr, g.pick([]string{"MSG_OOB", "MSG_OOB | MSG_PEEK"})), nil
				})
			}
			add(0.6, func() (string, func(engine.Event)) {
				var fds []string
				for range g.r.Intn(3) {
					// Not an AF_UNIX socket: in flight it can close a
					// garbage cycle, whose collection on the host is
					// asynchronous and started by any AF_UNIX release on
					// the machine (doc.go, "unix_gc").
					if fd := pickFD(); fd.fam != 1 {
						fds = append(fds, fd.expr)
					}
				}
				return fmt.Sprintf("sendmsg(%s, %s, %s, {%s})", f.expr, g.pick([]string{`"x"`, `"fd"`, `"hello"`}), g.pick([]string{"0", "0", "MSG_DONTWAIT"}), strings.Join(fds, ", ")), nil
			})
			add(0.6, func() (string, func(engine.Event)) {
				if g.chance(0.3) {
					return fmt.Sprintf("recvmsg(%s, %s, %s, %d)", f.expr, g.pick(readSizes), g.pick([]string{"0", "MSG_DONTWAIT", "MSG_CMSG_CLOEXEC", "MSG_PEEK"}), g.r.Intn(3)), nil
				}
				return fmt.Sprintf("recvmsg(%s, %s, %s)", f.expr, g.pick(readSizes), g.pick([]string{"0", "MSG_DONTWAIT", "MSG_CMSG_CLOEXEC", "MSG_PEEK"})), nil
			})
		case f.fam == 2 && f.typ == 1 && f.st == gConnected:
			add(0.4, func() (string, func(engine.Event)) {
				return fmt.Sprintf("send(%s, %s, MSG_OOB)", f.expr, g.pick([]string{`"!"`, `"urgent"`})), nil
			})
			add(0.4, func() (string, func(engine.Event)) {
				return fmt.Sprintf("recv(%s, %s, %s)", f.expr, g.pick([]string{"1", "5"}), g.pick([]string{"MSG_OOB", "MSG_OOB | MSG_PEEK", "MSG_OOB | MSG_DONTWAIT"})), nil
			})
			add(0.2, func() (string, func(engine.Event)) {
				return fmt.Sprintf("setsockopt(%s, SOL_SOCKET, SO_LINGER, {%s})", f.expr, g.pick([]string{"1, 0", "0, 0"})), nil
			})
		}
		if f.typ == -1 || f.typ == -2 { // a pipe end
			if f.typ == -2 {
				add(1, func() (string, func(engine.Event)) {
					return fmt.Sprintf("write(%s, %s)", f.expr, g.pick(dataPool)), nil
				})
			} else {
				add(1, func() (string, func(engine.Event)) {
					return fmt.Sprintf("read(%s, %s)", f.expr, g.pick(readSizes)), nil
				})
			}
			continue
		}
		add(0.2, func() (string, func(engine.Event)) {
			return fmt.Sprintf("ioctl(%s, %s)", f.expr, g.pick([]string{"FIONREAD", "SIOCATMARK"})), nil
		})
		add(0.2, func() (string, func(engine.Event)) {
			return fmt.Sprintf("setsockopt(%s, SOL_SOCKET, %s)", f.expr, g.pick([]string{"SO_RCVLOWAT, 3", "SO_RCVLOWAT, 1", "SO_OOBINLINE, 1", "SO_PASSCRED, 1", "SO_KEEPALIVE, 1"})), nil
		})
		add(0.2, func() (string, func(engine.Event)) {
			return fmt.Sprintf("getsockopt(%s, SOL_SOCKET, %s)", f.expr, g.pick([]string{"SO_LINGER", "SO_RCVLOWAT", "SO_OOBINLINE", "SO_PASSCRED", "SO_RCVTIMEO", "SO_SNDTIMEO"})), nil
		})
	}
	return acts
}

// fork makes p's child: a copy of its sockets and variables.
func (g *gen) fork(p *gproc) (string, func(engine.Event)) {
	c := &gproc{name: procNames[len(g.procs)], alive: true, forked: true, nvar: p.nvar, nsv: p.nsv}
	for _, f := range p.fds {
		cf := *f
		c.fds = append(c.fds, &cf)
	}
	g.procs = append(g.procs, c)
	v := g.newVar(p, "pid")
	p.children = append(p.children, v)
	return fmt.Sprintf("%s = fork(%q)", v, c.name), nil
}
