package server

import (
	"socklab/engine"
	"socklab/engine/timeline"
)

// RunTimeline runs src on a fresh simulated kernel, stopping after budget statements: the
// RunFunc of `socklab serve` and of the Worker. A run stopped by the budget returns its partial
// events with an error saying so.
func RunTimeline(src string, budget int) ([]engine.Event, error) {
	return timeline.Run(engine.NewKernel(), src, timeline.Options{StepBudget: budget})
}
