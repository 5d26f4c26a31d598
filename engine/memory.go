package engine

// objectCost is what one live kernel object (task, file, socket, sock, inode, wait queue) costs
// in Go memory, roughly, with its maps' share: the memory budget's unit for objects.
const objectCost = 512

// Memory estimates what the simulated kernel holds, for a run's memory budget
// (engine/timeline Options.MemoryBudget): queued is the payload written but neither read nor
// dropped (receive and write queues, segments in flight: the byte accounting's balance), objects
// the fixed cost of the live objects. A clone (checkpoint) shares the payload, which is never
// written once queued, so a clone costs only its objects. O(1): safe to call every statement.
func (k *Kernel) Memory() (queued, objects int64) {
	n := len(k.tasks) + len(k.files) + len(k.sockets) + len(k.socks) + len(k.inodes) + len(k.wqs)
	return k.acct.written - k.acct.read - k.acct.dropped, int64(n) * objectCost
}
