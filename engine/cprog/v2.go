//go:build !cprog_compiler

package cprog

import "socklab/engine"

// copyV2 copies timeline v2's result keys into an event.
func copyV2(e *engine.Event, r engine.Result) {
	e.Status, e.HasStatus = r.Status, r.HasStatus
	e.Ready, e.HasReady = r.Ready, r.HasReady
	e.FDs, e.HasFDs = r.FDs, r.HasFDs
	e.MsgFlags, e.HasMsgFlags = r.MsgFlags, r.HasMsgFlags
	e.Linger, e.HasLinger = r.Linger, r.HasLinger
}
