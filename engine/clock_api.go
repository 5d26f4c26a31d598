package engine

// The clock for clients that have no running task to make a sleep(ms)
// call: the C runner lets time pass when every process is blocked or
// asleep (engine/cprog). Same effect as the timeline's sleep statement.

// AdvanceClock lets ms of simulated time pass on the whole machine, firing
// due timers in order; calls completed meanwhile are reported by Completed.
func (k *Kernel) AdvanceClock(ms int64) {
	k.completed = nil
	sysSleep(k, nil, &Call{Name: "sleep", Args: []Arg{{Kind: ArgInt, Int: ms}}})
}

// NextTimer is how many ms from now the earliest armed timer fires (a
// retransmission, TIME_WAIT's end, a call's time-out), if one is armed.
func (k *Kernel) NextTimer() (int64, bool) {
	st := k.inet()
	var next int64
	ok := false
	for _, tm := range st.timers {
		if d := tm.at - st.clockMS; !ok || d < next {
			next, ok = d, true
		}
	}
	return max(next, 0), ok
}
