package engine

// Extension points for protocol families other than AF_UNIX (AF_INET lives
// in af_inet.go, tcp*.go, udp.go): a family registers itself from an init()
// by appending to registerFamilies, and may keep per-kernel tables (port
// hash tables, the wire, timers) as a familyState, and add timeline calls
// (e.g. a clock statement) to extraSyscalls — all without editing the
// AF_UNIX files.

// familyState is a family's per-network-namespace state (struct netns_ipv4
// and friends). The kernel clones it with the rest, asks it to draw itself
// into the snapshot, to count payload bytes it holds, and to check its own
// invariants.
type familyState interface {
	clone() familyState
	snapshot(k *Kernel, s *Snapshot)
	// queuedBytes is payload written but neither read nor dropped that the
	// family holds outside sk_receive_queue (write queues, segments in flight).
	queuedBytes(k *Kernel) int64
	check(k *Kernel) error
}

// setFamilyState installs (or replaces) the state of family f.
func (k *Kernel) setFamilyState(f int, s familyState) {
	if k.famState == nil {
		k.famState = map[int]familyState{}
	}
	k.famState[f] = s
}

// extraSyscalls are timeline calls added by other families' files; dispatch
// consults it for names it does not know.
var extraSyscalls = map[string]func(k *Kernel, t *task, c *Call) (Result, *pendingCall){}
