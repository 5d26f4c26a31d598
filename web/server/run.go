package server

import (
	"context"

	"socklab/engine"
	"socklab/engine/timeline"
)

// RunTimeline runs src on a fresh simulated kernel within lim, until ctx ends: the RunFunc of
// `socklab serve` and of the Worker. A run stopped by a budget or by ctx returns its partial
// events with an error saying so.
func RunTimeline(ctx context.Context, src string, lim Limits) ([]engine.Event, error) {
	return timeline.Run(engine.NewKernel(), src, timeline.Options{StepBudget: lim.StepBudget, MemoryBudget: lim.MemoryBudget, Cancel: ctx.Done()})
}
