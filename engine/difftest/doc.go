// Package difftest runs the same timeline against the host Linux kernel and
// against socklab's simulated kernel and compares every event.
//
// The timeline interpreter (package timeline) drives a Backend. The simulated
// kernel (*engine.Kernel) is one Backend; HostBackend (host_linux.go) is the
// other: every timeline process is a real OS process (a "worker") that makes
// the real system call for each statement. Because the same interpreter drives
// both, a difference in the events is a difference in kernel behaviour.
//
// Map of the package:
//
//	doc.go            this overview
//	sockaddr.go       timeline address strings <-> raw struct sockaddr bytes
//	wire.go           the framed JSON protocol between the test and a worker
//	normalize.go      kernel-chosen names (autobind, ephemeral ports) -> placeholders; diffs
//	helper.go         HelperMain: the re-exec entry point for zygotes and workers
//	host_linux.go     HostBackend: spawning, blocking detection, completions
//	procstate_linux.go reading a worker thread's state from /proc
//	netsettle_linux.go waiting for loopback TCP/UDP traffic to settle (AF_INET)
//	zygote_linux.go   the per-timeline namespace holder that forks workers
//	worker_linux.go   the worker process: fd setup, the call loop
//	hostcall_linux.go engine.Call -> the real system call -> engine.Result
//	hostcall_scm_linux.go sendmsg/recvmsg (SCM_RIGHTS), ioctl, struct-valued socket options
//	                  (timeval, linger) and sleep as a real nanosleep
//	fork_linux.go     fork in a worker (fork+exec of a worker with the same open files), exit, wait4, signal
//	host_fork_linux.go the test side of fork and exit
//	hostcall_poll_linux.go pipe/pipe2, poll, select, epoll_*: the real calls, `ready` built from revents
//	host_other.go     non-Linux: NewHostBackend reports that the host cannot run timelines
//	random_gen.go     the random timeline generator (issue 15; see "Random timelines")
//	random_run.go     running and comparing random timelines, the host-result cache
//	random_min.go     the delta-debugging minimizer and writing its cases
//
// Processes. For each timeline the test starts one "zygote": the test binary
// re-executed (SOCKLAB_DIFFTEST_ROLE=zygote) in a new mount and network
// namespace (CLONE_NEWNS|CLONE_NEWNET; the test must run as root). The zygote
// makes its mounts private, mounts a fresh tmpfs on /tmp, brings lo up and
// then hands out workers on request over a SOCK_SEQPACKET socketpair: it
// sends the test its ends of the worker's two control pipes (SCM_RIGHTS) and
// keeps one spare worker started ahead, so a Go runtime starts while the
// timeline runs. Each worker is again the test binary
// (SOCKLAB_DIFFTEST_ROLE=worker, GODEBUG asyncpreemptoff=1 so no SIGURG
// interrupts a sleeping call) with cwd /tmp; it closes inherited fds, moves
// its control pipes to fds ctlCmdFD/ctlResFD (above RLIMIT_NOFILE, which it
// then sets to 1024 like the engine), checks that exactly fds 0, 1, 2 remain
// for the timeline (so the first socket is fd 3), locks its goroutine to one
// OS thread, ignores SIGPIPE and reports that thread's tid. If namespaces are
// not available, the zygote runs in the host namespaces, the test logs it,
// and bound paths are unlinked after the run.
//
// Blocking. After sending a call, the test waits until either the worker's
// result arrives or the worker's thread is asleep (state S in
// /proc/PID/task/TID/status) inside exactly that system call (syscall number
// and first argument in /proc/PID/task/TID/syscall), twice in a row with an
// unchanged context-switch count. Nothing else in the timeline runs at that
// moment, so such a sleep is the call blocking. After every call the test
// settles every blocked worker: its result arrived (a completion), or it is
// still asleep with the same context-switch count (never woken), or it was
// woken and is waited for until it answers or is stably asleep again. A waker
// makes the sleeper runnable before its own system call returns, so nothing
// is missed. Only generous timeouts (which fail loudly) are time-based.
// poll's first argument is a pointer, so a worker asleep in poll is matched
// by system call number alone (anyArg0); select matches on nfds and
// epoll_wait on the epoll fd.
//
// Extending to AF_INET (issue 4): EncodeSockaddr/FormatSockaddr already speak
// "a.b.c.d:port"; each zygote has its own network namespace with lo up, so
// fixed ports and TIME_WAIT never collide between timelines; Normalize maps
// ephemeral ports (32768-60999) not written in the timeline to "<port N>";
// put timelines in testdata/inet/ and add "inet" to minTimelines; set
// HostBackend.SettleDelay (TestDifferential does for "inet"): loopback
// delivery runs in softirq context and may be deferred to ksoftirqd after
// the sending call returned, so after each call the backend waits until the
// namespace's /proc/net/{tcp,udp} queues and states stop changing.
//
// Processes (timeline v2). Backend pids are the workers' real pids, so
// fork's result is a handle too. A worker forks by fork+exec of a new worker
// whose fd table maps every open fd to the same number (the same open files,
// f_count up, as dup_fd does), with close-on-exec flags and the SIGCHLD
// disposition restored (fork_linux.go); its control pipes are made by the
// test and opened by the worker through /proc/TESTPID/fd/N. exit replies,
// then exit_group: the test waits for EOF on its reply pipe (every fd
// closed) and for /proc to show it dead before settling the processes it
// woke. Workers set SIGCHLD to SIG_DFL with rt_sigaction, as a C program
// has it (the Go runtime's handler would make a child's exit interrupt
// select or epoll_wait with EINTR). getppid of a process whose parent is
// not a timeline process reports 1 (init); the zygote is a child subreaper
// and reaps orphans at the end. Normalize maps pids (fork, getpid,
// getppid, wait, waitpid results) to 100, 101, ... by first appearance.
//
// Buffers. read/recv/recvfrom with n > MaxHostBuf pass MaxHostBuf as the
// length (a queue of an AF_UNIX socket never holds that much, so only
// MSG_WAITALL over more than MaxHostBuf bytes could differ); a negative n is
// passed as the huge size_t it is, with a MaxHostBuf buffer behind it (read(2)
// fails with EFAULT; recv caps the length and copies what is queued). A
// write/send of a buffer longer than MaxHostBuf (fill(1<<40)) passes the first
// MaxHostBuf bytes: a blocking stream write of such a buffer completes after
// MaxHostBuf bytes on the host. Integers are passed in 64-bit registers as a C
// caller would after conversion: the kernel sees the low 32 bits of int
// parameters; setsockopt's value is converted to a C int.
//
// Random timelines (issue 15). random_gen.go generates timelines that look
// like programs (a seeded model of each process's sockets, small pools of
// addresses so that binds collide, ~15% deliberately wrong arguments), with
// the engine as the generator's oracle for which process sleeps;
// random_run.go runs each on both kernels, names the first difference
// (Signature) and confirms it with a second host run; random_min.go shrinks
// a difference by delta debugging (whole processes, then chunks, then single
// statements, while the same Signature remains) and writes it as a
// testdata/random case with its golden file. TestRandom runs seeds
// 1..randomDefaultN in `go test` (every one must agree); `make
// difftest-random N=... [SEED=...] [V2=1]` runs more and prints "random: P/N
// timelines agree" with the causes (-random.minimize=K also writes the
// first K distinct causes as cases). With -random.cache=DIR (CACHE=DIR) the
// host's results are kept by timeline text, and TestRandomReplay
// (SOCKLAB_RANDOM_REPLAY=DIR) compares an engine — the current one, or an
// older commit's — with every cached host run without running the host:
// that is how the before/after figures of an engine fix are measured.
// Timeline v2 (-random.v2, V2=1) adds fork/exit/wait, pipe, poll/select/
// epoll (time-outs 0 and -1 only: on the host any other runs on the wall
// clock), sendmsg/recvmsg with SCM_RIGHTS, MSG_OOB, ioctl and the v2 socket
// options (not SO_RCVTIMEO/SO_SNDTIMEO values, for the same reason).
//
// Host conditions that make Linux differ from Linux, and what the generator
// does about them:
//   - SO_RCVBUF/SO_SNDBUF above 212992: net.core.rmem_max/wmem_max are global
//     (not per namespace) and raised on many hosts (4194304 on the machine
//     that wrote this); socklab caps at Linux's default. The generator's
//     buffer sizes stay at or below 212992 (a negative value, -1, is the
//     largest unsigned one: it reads back as twice the host's rmem_max).
//   - Wall-clock TCP timers: a SYN to a listener whose accept queue is full is
//     dropped and retransmitted one second later (TCP_TIMEOUT_INIT); the
//     generator counts connects per listener and never exceeds max(backlog,
//     1) unaccepted ones (Linux queues backlog+1). Delayed ACKs plus Nagle
//     could hold a small write for 40 ms on a real kernel: the generator's
//     TCP writes are small (at most 4096 bytes) and every host call waits for
//     the namespace's queues to settle (netsettle_linux.go); no random run has
//     shown a host that disagrees with itself (each difference is confirmed
//     by a second host run, and a host that disagrees is reported apart).
//   - SO_REUSEPORT groups pick a socket by a hash with a random secret: the
//     generator only reads SO_REUSEPORT. MSG_OOB depends on
//     CONFIG_AF_UNIX_OOB: not generated in v1. fds 0-2 of a host worker are
//     /dev/null opened read-only/write-only where socklab models a terminal:
//     not used. AF_INET6 and setsockopt at IPPROTO_UDP (UDP_CORK) are not
//     modelled by socklab: not generated. SO_BROADCAST is not modelled
//     either (nor broadcast or multicast delivery): the generator never sets
//     it, so a send or connect to 255.255.255.255 is the EACCES or
//     ENETUNREACH of engine/route.go, and multicast destinations are not
//     generated (Linux routes them from a bound source; socklab says
//     ENETUNREACH).
//   - The kernel version: the goldens are Linux 6.18's. Since a 2025 change
//     ("af_unix: Don't set -ECONNRESET for consumed OOB skb", 6.16 or so,
//     also in stable kernels) unix_release_sock does not count an empty
//     head skb (a zero-length SEQPACKET message, a consumed OOB byte) as
//     unread data, so the peer gets EOF/EPIPE, not ECONNRESET
//     (testdata/random/unix_release_empty_head); an older host differs.
//   - The AF_UNIX garbage collector (unix_gc) is asynchronous on Linux: any
//     unix_release_sock anywhere on the machine (not only in the timeline's
//     namespace: another timeline, the harness) queues it on a work queue,
//     and it frees cycles of sockets held only by their own in-flight
//     SCM_RIGHTS references whenever it gets to run. A timeline that closes
//     such a cycle (sendmsg(sv[0], ..., {sv[1]}) then close(sv[1])) and
//     then watches the peer (a read that sees EOF, a write that gets EPIPE,
//     or blocks) depends on the host's other activity: random v2 seeds
//     1442 of an earlier generator, 200203. socklab collects at
//     the end of every AF_UNIX release (garbage.go), as a quiet Linux does
//     soon after. The generator passes no AF_UNIX sockets in SCM_RIGHTS
//     (pipes, AF_INET sockets and epoll fds only); testdata/scm covers
//     passing AF_UNIX sockets with timelines that do not race the collector.
//   - TCP send-buffer autotuning (tcp_sndbuf_expand depends on the congestion
//     control, bbr here) decides where a huge TCP write blocks: big writes
//     (fill(70000) and more) are generated for AF_UNIX streams only.
//
// Time (issue 10c). `sleep(ms)` is a real nanosleep in the sleeping worker (a
// raw syscall: time.Sleep would start the Go runtime's netpoller, whose fds
// would shift the timeline's fd numbers). SO_RCVTIMEO/SO_SNDTIMEO time-outs of
// other workers then expire in real time during it; their completions are
// ordered by when they arrived (Completion.At), as the engine orders them by
// deadline. Timelines that use time-outs keep wide margins (time-outs of
// several hundred ms crossed by sleeps at least 500 ms longer, every process
// created before the blocking call) so a loaded host agrees with the
// simulated clock.
package difftest
