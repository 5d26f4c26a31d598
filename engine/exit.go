package engine

import "socklab/engine/internal/sfmt"

// Process exit and reaping (kernel/exit.c, kernel/signal.c). exit closes
// every fd in ascending order (exit_files → close_files), then the task is a
// zombie (EXIT_ZOMBIE) holding only its pid and exit code until its parent
// reaps it with wait4 — unless the parent ignores SIGCHLD, which reaps it at
// once, or the parent is init (a process named at its first statement, or
// one whose parent exited): init is outside the timeline and reaps at once.

// Exit states (include/linux/sched.h).
const (
	exitZombie = "EXIT_ZOMBIE"
	taskDead   = "TASK_DEAD"
)

// wait4 options (include/uapi/linux/wait.h).
const (
	wNOHANG    = 0x1
	wUNTRACED  = 0x2
	wCONTINUED = 0x8
	wNOTHREAD  = 0x20000000
	wALL       = 0x40000000
	wCLONE     = -0x80000000 // 0x80000000 as a C int
)

// Signals and dispositions (include/uapi/asm-generic/signal.h,
// signal-defs.h).
const (
	sigCHLD = 17
	sigDFL  = 0
	sigIGN  = 1
)

func init() {
	extraSyscalls["exit"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return k.sysExitGroup(t, int32(arg(c.Args, 0).Int))
	}
	extraSyscalls["waitpid"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return k.sysWait4(t, int32(arg(c.Args, 0).Int), int32(arg(c.Args, 1).Int), c.Name)
	}
	extraSyscalls["wait"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return k.sysWait4(t, -1, 0, c.Name)
	}
	extraSyscalls["signal"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		old, err := k.sysSignal(t, arg(c.Args, 0).Int, arg(c.Args, 1).Int)
		if err != 0 {
			return errResult(err), nil
		}
		return Result{Ret: old}, nil
	}
}

// sysExitGroup models exit_group() → do_group_exit() → do_exit(): the
// process has one thread, so the group exit is its exit. The timeline shows
// the call returning 0 (the process's last event).
func (k *Kernel) sysExitGroup(t *task, status int32) (Result, *pendingCall) {
	defer k.tr.enter("__x64_sys_exit_group")()
	defer k.tr.enter("do_group_exit")()
	k.doExit(t, int(status)&0xff)
	return Result{}, nil
}

// doExit models do_exit(): release the files, then tell the parent.
func (k *Kernel) doExit(t *task, code int) {
	defer k.tr.enter("do_exit")()
	t.exitCode = code
	k.exitFiles(t)
	k.exitNotify(t)
}

// exitFiles models exit_files() → put_files_struct() → close_files(): the
// task lets go of its fd table first, then every open fd is closed in
// ascending order as close() would (peers see EOF, unread data may turn
// into a RST).
func (k *Kernel) exitFiles(t *task) {
	defer k.tr.enter("exit_files")()
	fds := t.fdt.fd
	t.fdt = fdtable{}
	k.tr.touch(t.id, Changed)
	defer k.tr.enter("put_files_struct")()
	defer k.tr.enter("close_files")()
	for _, n := range fds {
		if n != 0 {
			k.filpClose(int(n))
		}
	}
}

// exitNotify models exit_notify(): the task's own children go to init
// (forget_original_parent), then the parent is notified. The task becomes a
// zombie, or is released at once when nobody will wait for it.
func (k *Kernel) exitNotify(t *task) {
	defer k.tr.enter("exit_notify")()
	k.forgetOriginalParent(t)
	parent := k.tasks[t.ppid]
	if parent == nil || k.doNotifyParent(t, parent) {
		k.releaseTask(t) // EXIT_DEAD: autoreaped
		return
	}
	t.exitState = exitZombie
	k.tr.touch(t.id, Changed)
}

// forgetOriginalParent models forget_original_parent(): the exiting task's
// children are reparented to init (find_new_reaper: no subreaper in a
// timeline), which reaps the ones that are already zombies.
func (k *Kernel) forgetOriginalParent(t *task) {
	defer k.tr.enter("forget_original_parent")()
	for _, pid := range sortedKeys(k.tasks) {
		c := k.tasks[pid]
		if c.ppid != t.pid {
			continue
		}
		c.ppid = 1
		k.tr.touch(c.id, Changed)
		if c.exitState == exitZombie {
			k.releaseTask(c)
		}
	}
}

// doNotifyParent models do_notify_parent(): when the parent ignores SIGCHLD
// the child is autoreaped (no signal is sent); either way the parent's
// wait4 sleepers are woken (__wake_up_parent). It reports autoreap.
func (k *Kernel) doNotifyParent(t, parent *task) bool {
	defer k.tr.enter("do_notify_parent")()
	autoreap := parent.sigchldIgn
	k.wakeUpParent(t, parent)
	return autoreap
}

// wakeUpParent models __wake_up_parent() → __wake_up_sync_key on the
// parent's signal->wait_chldexit, whose entries' wake function
// child_wait_callback wakes a waiter only if the exiting child is one it
// waits for (eligible_pid).
func (k *Kernel) wakeUpParent(child, parent *task) {
	q := k.wqs[parent.chldWq]
	if q == nil || len(q.waiters) == 0 {
		return
	}
	defer k.tr.enter("__wake_up_parent")()
	k.tr.touch(q.id, Changed)
	kept := q.waiters[:0]
	for _, w := range q.waiters {
		wt := k.tasks[w.pid]
		if wt == nil || wt.sleep == nil || wt.sleep.op != opWait || !eligiblePid(wt.sleep.wpid, child) {
			kept = append(kept, w)
			continue
		}
		leave := k.tr.enter("child_wait_callback")
		k.tryToWakeUp(w.pid)
		leave()
	}
	for i := len(kept); i < len(q.waiters); i++ {
		q.waiters[i] = waiter{}
	}
	q.waiters = kept
}

// releaseTask models release_task(): the task_struct and its pid are freed.
func (k *Kernel) releaseTask(t *task) {
	defer k.tr.enter("release_task")()
	if t.chldWq != 0 {
		k.freeWaitQueue(t.chldWq)
	}
	delete(k.tasks, t.pid)
	k.tr.touch(t.id, Freed)
}

// sysWait4 models wait4() → kernel_wait4() (waitpid(pid, NULL, options) and
// wait() are wait4 calls): check the options, then do_wait.
func (k *Kernel) sysWait4(t *task, pid, options int32, name string) (Result, *pendingCall) {
	defer k.tr.enter("__x64_sys_wait4")()
	defer k.tr.enter("kernel_wait4")()
	if options&^(wNOHANG|wUNTRACED|wCONTINUED|wNOTHREAD|wALL|wCLONE) != 0 {
		return errResult(EINVAL), nil
	}
	if pid == -0x80000000 { // INT_MIN: -pid would overflow
		return errResult(ESRCH), nil
	}
	p := k.newPending(pendingCall{name: name, op: opWait, wpid: pid, wopts: options})
	r, wb := k.doWait(t, p)
	return k.block(t, p, r, wb)
}

// doWait models do_wait() → do_wait_thread(): look at each child in fork
// order (wait_consider_task); reap the first eligible zombie
// (wait_task_zombie). With eligible children but no zombie: 0 under
// WNOHANG, else sleep on the caller's wait_chldexit until a child exits.
// No eligible child at all: ECHILD.
func (k *Kernel) doWait(t *task, p *pendingCall) (Result, *wouldBlock) {
	defer k.tr.enter("do_wait")()
	done := k.tr.enter("do_wait_thread")
	eligible := false
	for _, pid := range sortedKeys(k.tasks) {
		c := k.tasks[pid]
		if c.ppid != t.pid || !eligibleChild(p, c) {
			continue
		}
		eligible = true
		leave := k.tr.enter("wait_consider_task")
		if c.exitState == exitZombie {
			r := k.waitTaskZombie(c)
			leave()
			done()
			return r, nil
		}
		leave()
	}
	done()
	switch {
	case !eligible:
		return errResult(ECHILD), nil
	case p.wopts&wNOHANG != 0:
		return Result{}, nil
	}
	return Result{}, &wouldBlock{wq: k.waitChldexit(t), in: "do_wait"}
}

// eligiblePid models eligible_pid(): pid > 0 is that child, -1 any child, 0
// or < -1 a process group. Every timeline process is in one process group
// that none of them leads, so 0 means any child and < -1 none.
func eligiblePid(wpid int32, c *task) bool {
	switch {
	case wpid > 0:
		return int(wpid) == c.pid
	case wpid == -1, wpid == 0:
		return true
	}
	return false
}

// eligibleChild models eligible_child(): the pid matches, and __WCLONE
// (without __WALL) asks for children that do not signal SIGCHLD at exit,
// which a forked child always does.
func eligibleChild(p *pendingCall, c *task) bool {
	if !eligiblePid(p.wpid, c) {
		return false
	}
	return p.wopts&wCLONE == 0 || p.wopts&wALL != 0
}

// waitTaskZombie models wait_task_zombie(): the caller reaps the child,
// learns its pid and exit status, and the child is released.
func (k *Kernel) waitTaskZombie(c *task) Result {
	defer k.tr.enter("wait_task_zombie")()
	r := Result{Ret: int64(c.pid), Status: int64(c.exitCode), HasStatus: true}
	k.releaseTask(c)
	return r
}

// waitChldexit is the task's signal->wait_chldexit, created the first time
// it is needed (so timelines without wait keep their wait-queue numbering).
func (k *Kernel) waitChldexit(t *task) int {
	if t.chldWq == 0 {
		t.chldWq = k.newWaitQueue("wait_chldexit", t.id)
	}
	return t.chldWq
}

// sysSignal models signal(sig, handler) as glibc makes it: rt_sigaction →
// do_sigaction, returning the previous handler (SIG_DFL 0, SIG_IGN 1).
// Timelines may change only SIGCHLD's disposition, to SIG_DFL or SIG_IGN;
// anything else is EINVAL (SIGPIPE stays ignored, as in v1).
func (k *Kernel) sysSignal(t *task, sig, handler int64) (int64, Errno) {
	defer k.tr.enter("__x64_sys_rt_sigaction")()
	if sig != sigCHLD || handler != sigDFL && handler != sigIGN {
		return -1, EINVAL
	}
	defer k.tr.enter("do_sigaction")()
	old := int64(sigDFL)
	if t.sigchldIgn {
		old = sigIGN
	}
	t.sigchldIgn = handler == sigIGN
	k.tr.touch(t.id, Changed)
	return old, 0
}

// checkProcesses (invariant): a task's parent is init (1) or a live task;
// a zombie has a parent that can reap it, no fds and no sleep; a task
// sleeping in wait4 sleeps on its own wait_chldexit with a child it waits
// for.
func (k *Kernel) checkProcesses() error {
	for _, t := range k.tasks {
		if t.ppid != 1 {
			p := k.tasks[t.ppid]
			if p == nil {
				return sfmt.Errorf("%s has a freed parent task:%d", t.id, t.ppid)
			}
			if p.exitState != "" {
				return sfmt.Errorf("%s has an exited parent %s", t.id, p.id)
			}
		}
		if t.exitState != "" {
			if t.ppid == 1 {
				return sfmt.Errorf("zombie %s has no parent to reap it", t.id)
			}
			if len(t.fdt.fd) > 0 || t.sleep != nil {
				return sfmt.Errorf("zombie %s still has fds or sleeps", t.id)
			}
		}
		if p := t.sleep; p != nil && p.op == opWait {
			if !p.woken && p.wq != t.chldWq {
				return sfmt.Errorf("%s waits for children on %s, not its wait_chldexit", t.id, objID("wq", p.wq))
			}
			eligible := false
			for _, c := range k.tasks {
				eligible = eligible || c.ppid == t.pid && eligibleChild(p, c)
			}
			if !eligible {
				return sfmt.Errorf("%s sleeps in wait4 with no child to wait for", t.id)
			}
		}
	}
	return nil
}
