package engine

// Processes are created by fork (kernel/fork.c). The child is a copy of the
// caller: its fd table points at the same struct files (dup_fd takes one
// more reference on each, so a connection lives on in the child after the
// parent closes its fd), and it inherits the signal dispositions
// (copy_sighand), so a parent that ignores SIGCHLD has children that ignore
// it too. The timeline interpreter copies the process's variables.

func init() {
	extraSyscalls["fork"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		return k.sysFork(t, arg(c.Args, 0).Name)
	}
	extraSyscalls["getpid"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		defer k.tr.enter("__x64_sys_getpid")()
		return Result{Ret: int64(t.pid)}, nil
	}
	extraSyscalls["getppid"] = func(k *Kernel, t *task, c *Call) (Result, *pendingCall) {
		defer k.tr.enter("__x64_sys_getppid")()
		return Result{Ret: int64(t.ppid)}, nil
	}
}

// sysFork models fork() → kernel_clone() (kernel/fork.c): copy_process
// builds the child, wake_up_new_task makes it runnable, and the parent gets
// the child's pid. comm is the child's name (the timeline's process name).
func (k *Kernel) sysFork(t *task, comm string) (Result, *pendingCall) {
	defer k.tr.enter("__x64_sys_fork")()
	defer k.tr.enter("kernel_clone")()
	c := k.copyProcess(t, comm)
	k.wakeUpNewTask(c)
	return Result{Ret: int64(c.pid)}, nil
}

// copyProcess models copy_process(): a new task_struct with the next pid
// (alloc_pid), the parent's files (copy_files → dup_fd) and signal
// handlers (copy_sighand), linked as the youngest of the parent's children
// (list_add_tail(&p->sibling, &p->real_parent->children): children are
// listed in fork order, which is pid order here).
func (k *Kernel) copyProcess(parent *task, comm string) *task {
	defer k.tr.enter("copy_process")()
	pid := k.allocPid()
	c := &task{pid: pid, id: objID("task", pid), comm: comm, ppid: parent.pid, sigchldIgn: parent.sigchldIgn}
	k.tasks[pid] = c
	k.tr.touch(c.id, Created)
	k.copyFiles(parent, c)
	return c
}

// allocPid models alloc_pid(): pids are handed out in order and never
// reused within a run.
func (k *Kernel) allocPid() int {
	defer k.tr.enter("alloc_pid")()
	pid := k.nextPID
	k.nextPID++
	return pid
}

// copyFiles models copy_files() → dup_fd() (fs/file.c): the child's fd table
// is a copy of the parent's, close-on-exec bits included, and every open
// file gets one more reference (get_file): two fd tables now point at one
// struct file.
func (k *Kernel) copyFiles(parent, c *task) {
	defer k.tr.enter("copy_files")()
	defer k.tr.enter("dup_fd")()
	c.fdt = parent.fdt.clone()
	for _, n := range c.fdt.fd {
		if n != 0 {
			k.getFile(k.files[int(n)])
		}
	}
}

// wakeUpNewTask models wake_up_new_task(): the child is runnable. In a
// timeline it runs when a statement names it.
func (k *Kernel) wakeUpNewTask(c *task) {
	defer k.tr.enter("wake_up_new_task")()
	k.tr.touch(c.id, Changed)
}
