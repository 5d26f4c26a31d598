//go:build !linux

package difftest

import (
	"errors"
	"runtime"
	"time"

	"socklab/engine"
)

// HostBackend needs Linux: on other systems NewHostBackend reports so and
// the differential tests skip with that message.
type HostBackend struct {
	Isolated    bool
	SettleDelay time.Duration
}

// ErrNotLinux is returned by NewHostBackend off Linux.
var ErrNotLinux = errors.New("the host backend needs Linux (this is " + runtime.GOOS + ")")

// NewHostBackend reports ErrNotLinux.
func NewHostBackend() (*HostBackend, error) { return nil, ErrNotLinux }

func (b *HostBackend) NewTask(comm string) int { return 0 }
func (b *HostBackend) SetStep(step, line int)  {}
func (b *HostBackend) Syscall(pid int, c engine.Call) (engine.Result, bool) {
	return engine.Result{Ret: -1, Errno: engine.ENOSYS}, false
}
func (b *HostBackend) Completed() []engine.Completion { return nil }
func (b *HostBackend) Err() error                     { return ErrNotLinux }
func (b *HostBackend) Close()                         {}

func zygoteMain() {}
func workerMain() {}
