package engine

// Clone returns a deep copy of the kernel, for time-travel checkpoints. The
// tables are copied object by object; skb payloads and bound addresses are
// never written after creation, so copies share them. The call-chain
// recorder starts empty.
func (k *Kernel) Clone() *Kernel {
	c := *k
	c.tr = tracer{off: k.tr.off}
	c.tasks = make(map[int]*task, len(k.tasks))
	for n, t := range k.tasks {
		ct := *t
		ct.fdt = t.fdt.clone()
		if t.sleep != nil {
			p := *t.sleep
			p.msg.data = append([]byte(nil), t.sleep.msg.data...)
			if t.sleep.msg.skb != nil {
				s := *t.sleep.msg.skb
				p.msg.skb = &s
			}
			if t.sleep.addr != nil {
				a := *t.sleep.addr
				p.addr = &a
			}
			ct.sleep = &p
		}
		c.tasks[n] = &ct
	}
	c.files = cloneTable(k.files)
	c.sockets = cloneTable(k.sockets)
	c.socks = make(map[int]*sock, len(k.socks))
	for n, sk := range k.socks {
		cs := *sk
		cs.receiveQueue = cloneSkbs(sk.receiveQueue)
		if sk.proto != nil {
			cs.proto = sk.proto.clone()
		}
		c.socks[n] = &cs
	}
	c.inodes = cloneTable(k.inodes)
	c.wqs = make(map[int]*waitQueue, len(k.wqs))
	for n, q := range k.wqs {
		cq := *q
		cq.waiters = append([]waiter(nil), q.waiters...)
		c.wqs[n] = &cq
	}
	c.fs = k.fs.clone()
	c.unix = k.unix.clone()
	c.families = make(map[int]netProtoFamily, len(k.families))
	for f, ops := range k.families {
		c.families[f] = ops
	}
	if k.famState != nil {
		c.famState = make(map[int]familyState, len(k.famState))
		for f, st := range k.famState {
			c.famState[f] = st.clone()
		}
	}
	c.runq = nil
	c.completed = append([]Completion(nil), k.completed...)
	return &c
}

// cloneTable copies a table of objects that hold no pointers or slices of
// their own (struct file, struct socket, inodes): a shallow copy of each is a
// deep copy.
func cloneTable[T any](m map[int]*T) map[int]*T {
	out := make(map[int]*T, len(m))
	for n, v := range m {
		c := *v
		out[n] = &c
	}
	return out
}
