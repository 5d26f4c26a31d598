package engine

import "socklab/engine/internal/sfmt"

// Invariants of fd passing (scm.go, garbage.go).

// scmHolders adds the references files in flight hold: the skbs carrying
// them (queued, or held by a sleeping send) and the scm cookie of a send
// that slept before an skb took its files.
func (k *Kernel) scmHolders(count map[int]int) {
	for _, sk := range k.socks {
		for _, s := range sk.receiveQueue {
			for _, n := range s.fp {
				count[n]++
			}
		}
	}
	for _, t := range k.tasks {
		if p := t.sleep; p != nil {
			for _, n := range p.msg.scm {
				count[n]++
			}
			if p.msg.skb != nil {
				for _, n := range p.msg.skb.fp {
					count[n]++
				}
			}
		}
	}
}

// checkInflight: every AF_UNIX socket file on a receive queue is counted in
// flight exactly once per skb (u->inflight, unix_tot_inflight), and only
// queued skbs are; no send sleeps with files counted in flight.
func (k *Kernel) checkInflight() error {
	want := map[int]int{}
	tot := 0
	for _, sk := range k.socks {
		for _, s := range sk.receiveQueue {
			if len(s.fp) > 0 && !s.inflight {
				return sfmt.Errorf("%s on %s carries files that are not counted in flight", s.id, sk.id)
			}
			if len(s.fp) == 0 && s.inflight {
				return sfmt.Errorf("%s on %s is counted in flight without files", s.id, sk.id)
			}
			for _, n := range s.fp {
				if k.files[n] == nil {
					return sfmt.Errorf("%s carries freed file:%d", s.id, n)
				}
				if u := k.unixGetSocket(n); u != nil {
					want[u.n]++
					tot++
				}
			}
		}
	}
	for _, t := range k.tasks {
		if p := t.sleep; p != nil && p.msg.skb != nil && p.msg.skb.inflight {
			return sfmt.Errorf("%s sleeps holding %s counted in flight", t.id, p.msg.skb.id)
		}
	}
	for _, sk := range k.socks {
		if sk.family == afUnix && sk.inflight != want[sk.n] {
			return sfmt.Errorf("%s inflight %d but %d in-flight references", sk.id, sk.inflight, want[sk.n])
		}
	}
	if k.unix.totInflight != tot {
		return sfmt.Errorf("unix_tot_inflight %d but %d sockets in flight", k.unix.totInflight, tot)
	}
	return nil
}
