// i18n.js — every string the page, the lesson mode and the embeds show, in English and Chinese.
//
//   import { STRINGS, t, detectLang, saveLang } from "./i18n.js";
//   t("zh", "ctl.step")                       -> "单步"
//   t("en", "pos", { pos: 4, len: 13 })       -> "step 4 / 13"
//   detectLang()                              -> "en" | "zh": ?lang=, then the saved choice
//                                                (localStorage "socklab.lang"), then
//                                                navigator.language, then <html lang>
//
// Rules (web/test/i18n.test.mjs checks them): every key exists in both languages, and both
// spellings of a key use the same {placeholders}. Values are plain text (the page inserts them
// with textContent only). Kernel names — sk_receive_queue, unix_stream_connect, EAGAIN, struct
// sock — stay as Linux spells them in both languages. Keys ending in ".one"/".other" are the
// singular/plural forms tn() picks (Chinese has both too, usually the same text).
//
// Embeds (web/src/embed/) import this module: add embed-only keys here under "embed.".

export const LANGS = ["en", "zh"];

export const STRINGS = {
  en: {
    "lang.name": "English",
    "mode.nav": "Mode",
    "mode.timeline": "Timelines",
    "mode.c": "C programs",
    "c.title": "socklab — C programs on a simulated kernel",
    "c.sub": "C programs on a simulated Linux kernel",
    "c.programs": "Programs",
    "c.tabTitle": "Edit this program (double-click to rename)",
    "c.closeTab": "Close {name}",
    "c.addTab": "Add a program",
    "c.rename": "Rename",
    "c.renamePrompt": "New file name (ending in .c):",
    "c.badName": "“{name}” is not a usable file name: letters, digits, _ or -, ending in .c, not already used.",
    "c.edited": "edited — Compile & run (Ctrl+Enter) to see it run",
    "c.running": "running…",
    "c.loading": "loading the C compiler…",
    "c.stopped": "Stopped: the program was interrupted and its worker terminated. Compile & run starts again.",
    "c.deadlock": "Deadlock: every process still running is blocked and none can wake another: {procs}. The run ends here.",
    "c.stoppedShort": "stopped",
    "c.engineFailed": "The C engine failed: {msg}",
    "c.compileFailed": "{n} compile error(s): see the marked lines",
    "c.posText": "step {pos} of {len}",
    "c.narrStart": "Before the first system call. {len} steps in all.",
    "c.narrStep": "Step {pos} of {len}:",
    "c.narrBlocks": "{what} blocks.",
    "c.narrFails": "{what} fails with {errno}.",
    "c.narrReturns": "{what} returns {ret}.",
    "c.state.running": "running",
    "c.state.blocked": "blocked",
    "c.state.sleeping": "sleeping",
    "c.state.exited": "exited",
    "c.line": "line {line}",
    "c.exit": "exit status {status}",
    "c.termOf": "Terminal of {program}",
    "c.noOutput": "(no output yet)",
    "c.noOutputAtAll": "(it printed nothing)",
    "c.tooBigToShare": "These programs are too large for a share link (64 KiB at most).",
    "c.noFiles": "the link carries no program",
    "c.badLink": "This link's programs cannot be read ({why}); showing the example instead.",
    "c.shareTitle": "Put every program and the step in a link (copied to the clipboard)",
    "c.runTitle": "Compile and run every program (Ctrl+Enter)",
    "c.run": "Compile & run",
    "c.stopTitle": "Stop the running program (Esc)",
    "c.stop": "Stop",
    "c.backTitle": "Back one system call (←)",
    "c.stepTitle": "Run to the next system call (→ or Space)",
    "c.keys": "one step = one system call of any process · Ctrl+Enter run · Esc stop",
    "c.terminals": "Terminals",
    "c.resultsSub": "(every system call, with the source line that made it)",
    "cex.seed": "The article's AF_UNIX echo pair",
    "cex.tcp_echo": "TCP echo server and client",
    "cex.fork_per_conn": "fork() per connection",
    "cex.select_server": "select() server",
    "cex.epoll_server": "epoll server",
    "cex.sigpipe": "SIGPIPE: the silent server death",
    "cex.printf_fork": "printf before fork: doubled output",
    "cex.scm_rights": "Passing an fd (SCM_RIGHTS)",
    "lang.switch": "Language",
    "app.title": "socklab — watch the kernel run your sockets",
    "app.sub": "a simulated Linux kernel for learning sockets",
    "app.loading": "loading the kernel…",
    "app.loadingLessons": "loading the lessons…",

    "hdr.lessons": "Lessons",
    "hdr.lessonsTitle": "Lessons — a course through the socket layer",
    "hdr.example": "Example",
    "hdr.examples": "Examples",
    "hdr.yourTimeline": "your timeline",
    "c.yourPrograms": "your programs",
    "hdr.share": "Share link",
    "hdr.shareTitle": "Put the timeline and the step in a link (copied to the clipboard)",
    "hdr.shareCopied": "Link copied to the clipboard.",
    "hdr.keys": "Keys",
    "hdr.keysTitle": "Keyboard shortcuts (?)",

    "ctl.reset": "Reset",
    "ctl.resetTitle": "Reset: back to before the first statement (Home)",
    "ctl.back": "Back",
    "ctl.backTitle": "Back one statement (←)",
    "ctl.step": "Step",
    "ctl.stepTitle": "Run the next statement (→ or Space)",
    "ctl.run": "Run to end",
    "ctl.stop": "Stop",
    "ctl.runTitle": "Run every remaining statement (End)",
    "ctl.scrub": "Step scrubber",
    "ctl.controls": "Step controls",
    "pos": "step {pos} / {len}",
    "pos.valuetext": "step {pos} of {len}: {what}",
    "pos.valuetext0": "step 0 of {len}: before the first statement",

    "keys.title": "Keyboard shortcuts",
    "keys.step": "run the next statement",
    "keys.back": "back one statement",
    "keys.reset": "back to the start",
    "keys.run": "run to the end",
    "keys.help": "show or hide this list",
    "keys.note": "They work wherever the focus is, except while typing in the editor or a field (press Esc to leave the editor).",
    "keys.close": "Close",

    "pane.timeline": "Timeline",
    "pane.editor": "Timeline editor",
    "pane.results": "Results",
    "pane.resultsSub": "(strace-like; each errno explained)",
    "pane.kernel": "Kernel state",
    "pane.right": "The kernel and the call chain",
    "pane.chain": "Call chain of this step",
    "pane.chainSub": "(point at a function to see what it touched)",
    "pane.narration": "What happened",
    "legend.added": "added",
    "legend.changed": "changed",
    "legend.freed": "freed",
    "legend.asleep": "asleep",
    "legend.next": "next to run",
    "legend.title": "Legend",

    "view.label": "Kernel view layout",
    "view.columns": "Columns",
    "view.stacked": "By process",

    "err.count.one": "{n} error — the view shows the last good timeline.",
    "err.count.other": "{n} errors — the view shows the last good timeline.",
    "err.countNoGood.one": "{n} error — nothing can run until it is fixed.",
    "err.countNoGood.other": "{n} errors — nothing can run until they are fixed.",
    "err.line": "line {line}:{col}: {msg}",
    "err.doesNotParse": "This timeline does not parse; fix the marked errors.",
    "err.sharedDoesNotParse": "The timeline in this link does not parse: it is shown in the editor with its errors marked.",
    "err.malformedLink": "This link is malformed: {why}. Showing the {what} instead.",
    "err.malformedLink.timeline": "timeline",
    "err.malformedLink.echo": "echo example",
    "err.stepTooFar": "This link asks for step {step} but the timeline has {len} statements; showing the last one.",
    "err.engineLoad": "The engine failed to load: {msg}",
    "err.engine": "The engine stopped: {msg}. The page still works: edit the timeline or pick an example.",
    "err.engineBudget": "The engine stopped this timeline: {msg}. The results before that point are shown; the page still works.",
    "err.engineStopped": "Stopped: the engine was interrupted. The timeline is loaded again from its first statement.",
    "err.engineMemory": "The engine ran out of memory on this timeline ({msg}). It was restarted: edit the timeline or pick an example.",
    "err.engineBusy": "The engine did not answer in time ({msg}). It was restarted: edit the timeline or pick an example.",
    "err.memoryBudget": "This timeline holds more than the page's memory budget of 64 MiB (bytes queued in the kernel, recorded results): it stops after statement {len} of {total}, and the results up to there are shown.",
    "err.budget": "This timeline has {total} statements; the step budget stops it after {len}: the results are partial.",
    "err.lessonsLoad": "The lessons failed to load: {msg}",
    "err.badLessonId": "This lesson link is malformed: \"{id}\" is not a lesson id (letters, digits and \"-\").",
    "err.noLesson": "There is no lesson \"{id}\".",
    "err.noLessonEmbed": "Showing the playground instead.",
    "err.noLessonPlay": "Pick one from the list.",
    "err.tooDeep": "nested too deep: more than {max} levels of parentheses and braces",
    "err.badLang": "unknown language \"{lang}\" (use en or zh)",

    "log.empty": "Press Step to run the first statement.",
    "log.none": "No results.",
    "log.hidden": "… {n} earlier results not shown",
    "log.blocks": "blocks",
    "log.data": "data",
    "log.addr": "addr",
    "log.woken": "(woken by step {step})",
    "log.resumed": "resumed",

    "chain.empty": "No kernel functions ran in this step.",
    "chain.created": "created",
    "chain.changed": "changed",
    "chain.freed": "freed",

    "nar.start.one": "Before the first statement. The timeline has {len} statement: press Step to run it.",
    "nar.start.other": "Before the first statement. The timeline has {len} statements: press Step to run the first.",
    "nar.step": "Step {pos} of {len}: {what}",
    "nar.error": "{proc}: {msg}. Nothing was executed.",
    "nar.block": "{proc}: {src} blocks — {why}.",
    "nar.blockIn": "{proc}: {src} blocks — {why} (asleep in {fn}).",
    "nar.return": "{proc}: {src} {outcome}.",
    "nar.wake": "This wakes {proc}: {src} (line {line}) {outcome}.",
    "nar.returns": "returns {ret}",
    "nar.returnsData": "returns {ret}: {data}",
    "nar.address": "(address \"{addr}\")",
    "nar.fails": "fails with {errno}",
    "sum.block": "{proc} {call} blocks",
    "sum.return": "{proc} {call} returns {ret}",
    "sum.fail": "{proc} {call} fails with {errno}",
    "sum.error": "{proc} error in {call}",
    "why.accept": "no connection is waiting in the accept queue",
    "why.read": "the receive queue is empty, so there is nothing to read yet",
    "why.write": "there is no room: the send buffer is full until the reader drains its receive queue",
    "why.connect": "the listener's accept queue is full (its backlog is reached)",
    "why.wait": "it has to wait for another process",

    "k.col.tasks": "Processes · fd tables",
    "k.col.files": "struct file",
    "k.col.sockets": "struct socket · pipe · eventpoll",
    "k.col.socks": "struct sock · queues",
    "k.col.wire": "The wire: packets on lo (tcpdump -i lo)",
    "k.col.names": "AF_UNIX name table",
    "k.col.inet": "AF_INET hash tables (inet_hashinfo)",
    "k.col.inodes": "Inodes (sockfs · filesystem)",
    "k.col.wqs": "Wait queues with sleepers",
    "k.none": "none",
    "k.empty": "empty",
    "k.nobodySleeps": "nobody sleeps",
    "k.state.added": "added",
    "k.state.changed": "changed",
    "k.state.freed": "freed",
    "k.stateTitle": "{id} {state} this step",
    "k.sleepsIn": "sleeps in {call}() → {fn} (since step {step})",
    "k.ttyNote": "the terminal (fds 0–2): outside the model",
    "k.proc": "process {name}",
    "k.procObjects": "{name}'s files and sockets",
    "k.shared": "shared kernel objects",
    "k.unreached": "objects no process holds",
    "k.noProcs": "No process yet: press Step.",
    "k.connReq": "connection request → embryo",
    "k.len": "len {n}",
    "k.from": "from {addr}",
    "k.zombie": "zombie (EXIT_ZOMBIE), exit code {code}: waiting for its parent's wait()",
    "k.pipeBufs": "{n} of {max} pipe_buffers, {bytes} bytes",
    "k.epRbr": "interest list (rbr): {n} epitems",
    "k.epReady": "ready list (rdllist): {n}",
    "k.inFlight": "in flight (SCM_RIGHTS):",
    "k.clock": "clock: {ms} ms",
    "k.moreBytes": "… +{n} bytes",
    "k.noInet": "no AF_INET socket",
    "k.noBoundPort": "no bound TCP port",
    "k.nobodyListens": "nobody listens",
    "k.port": "port {port}",
    "k.synQueue": "SYN queue (request socks, TCP_NEW_SYN_RECV): {n}",
    "k.synRecv": "SYN received, SYN|ACK sent",
    "k.acceptQueueInet": "accept queue: {n} waiting · sk_ack_backlog {backlog}/{max}",
    "k.acceptQueue": "accept queue (sk_receive_queue): {n} waiting · sk_ack_backlog {backlog}/{max}",
    "k.child": "established child, waits for accept()",
    "k.sendQueue.one": "sk_write_queue (send): {n} skb · {alloc}/{buf} bytes",
    "k.sendQueue.other": "sk_write_queue (send): {n} skbs · {alloc}/{buf} bytes",
    "k.recvQueue.one": "sk_receive_queue: {n} skb · {alloc}/{buf} bytes",
    "k.recvQueue.other": "sk_receive_queue: {n} skbs · {alloc}/{buf} bytes",
    "k.recvQueueDgram.one": "sk_receive_queue: {n} datagram · {alloc}/{buf} bytes",
    "k.recvQueueDgram.other": "sk_receive_queue: {n} datagrams · {alloc}/{buf} bytes",
    "k.twExpires": "expires at {at} ms",
    "k.twIn": "(in {n} ms)",
    "k.twNote": "inet_timewait_sock: the connection is gone, its 4-tuple stays in ehash",
    "k.orphan": "orphan: no struct socket (closed)",
    "k.noSocketYet": "no struct socket yet: waits for accept()",
    "k.noSocket": "no struct socket (embryo or orphan)",
    "k.on": "on",
    "k.bhash": "bhash (inet_bind_bucket: port → owners)",
    "k.lhash": "listening_hash",
    "k.ehash": "ehash (established, SYN_RECV, TIME_WAIT)",
    "k.udptable": "udp_table (port → socks)",
    "k.listener": "listener",
    "k.cloexec": "(cloexec)",

    "wire.none": "No packets on lo yet.",
    "wire.count.one": "{n} packet on lo",
    "wire.count.other": "{n} packets on lo",
    "wire.sentNow": " · {n} sent by step {step}",
    "wire.sentNone": " · none sent by step {step}",
    "wire.hidden.one": "… {n} earlier segment not shown",
    "wire.hidden.other": "… {n} earlier segments not shown",
    "wire.sentBy": "{id} sent by step {step}",
    "wire.answers": "answers udp port {port}",

    "ed.next": "next to run",
    "ed.nextTitle": "{procs}: the statement that runs next",
    "ed.blocked": "asleep",

    "lesson.lessons": "Lessons",
    "lesson.done": "{n} of {m} done",
    "lesson.back": "All lessons",
    "lesson.reset": "Reset",
    "lesson.resetTitle": "Load the lesson's starter timeline again",
    "lesson.undo": "Undo",
    "lesson.undoTitle": "Go back to the previous version of the timeline",
    "lesson.goals": "Goals",
    "lesson.goalsNote": "Checked against the whole timeline. ● holds at the current step.",
    "lesson.nowHolds": "holds at this step",
    "lesson.allMet": "Solved! Every goal is met.",
    "lesson.next": "Next lesson →",
    "lesson.hint": "Show a hint ({i}/{n})",
    "lesson.noMoreHints": "No more hints",
    "lesson.showSolution": "Show solution",
    "lesson.confirmSolution": "Show the reference solution? Try the hints first — it is more fun to find it yourself.",
    "lesson.yes": "Show it",
    "lesson.no": "Cancel",
    "lesson.loadSolution": "Load into the editor",
    "lesson.solution": "Reference solution",
    "lesson.pending": "This lesson cannot be checked yet:",
    "lesson.errors": "The timeline has errors:",
    "lesson.predictTitle": "Predict statement {step} before you step",
    "lesson.predictLater": "A prediction is waiting before statement {step}.",
    "lesson.predictPlaceholder": "a number, an errno name, or block",
    "lesson.check": "Check",
    "lesson.right": "Right! The kernel says {answer}.",
    "lesson.wrong": "Not quite: you said {guess}, the kernel says {answer}.",
    "lesson.export": "Export progress",
    "lesson.import": "Import progress",
    "lesson.imported": "Progress imported.",
    "lesson.importFailed": "Import failed: {msg}",
    "lesson.solved": "solved",
    "lesson.pendingTag": "pending",
    "lesson.engineError": "Could not check the timeline: {msg}",
    "lesson.noLesson": "no lesson \"{id}\"",
    "lesson.goalsCount": "Goals: {met}/{n}",
    "lesson.list": "Lesson list",
    "lesson.menu": "Lesson {n}: {title}",

    "ex.echo": "Echo server (stream)",
    "ex.datagrams": "Datagrams (SOCK_DGRAM)",
    "ex.socketpair": "socketpair() and dup()",
    "ex.backlog": "Full listen backlog",
    "ex.eof_epipe": "EOF, EPIPE, ECONNRESET",
    "ex.nonblock": "Nonblocking: EAGAIN",
    "ex.errors": "Common errno mistakes",
    "ex.tcp_handshake": "TCP: handshake, accept queue, TIME_WAIT",
    "ex.udp_datagrams": "UDP datagrams and ICMP unreachable",
    "ex.fd_passing": "An acceptor hands connections to a worker (SCM_RIGHTS)",
    "ex.fork_server": "Design 2: fork() per connection",
    "ex.poll_server": "Design 3: select() and poll()",
    "ex.epoll_server": "Design 3: epoll, level vs edge",
    "ex.pass_fd": "Passing an fd (SCM_RIGHTS)",
    "ex.timeouts": "Time-outs and the clock",
    "ex.echo_poll": "Echo server with poll (two clients)",
    "ex.echo_epoll": "Echo server with epoll (two clients)",

    "embed.results": "Results",
    "embed.chain": "Call chain",
    "embed.open": "Open in socklab",
    "embed.lesson": "Lesson",
    "export.mermaid": "Copy as Mermaid",
    "export.mermaidTitle": "Copy the whole run as a Mermaid sequence diagram",
    "export.markdown": "Copy as Markdown",
    "export.markdownTitle": "Copy the whole run as a Markdown table",
    "export.copied": "Copied",
    "export.failed": "Copy failed",
  },
  zh: {
    "lang.name": "中文",
    "mode.nav": "模式",
    "mode.timeline": "时间线",
    "mode.c": "C 程序",
    "c.title": "socklab——在模拟内核上运行 C 程序",
    "c.sub": "在模拟的 Linux 内核上运行 C 程序",
    "c.programs": "程序",
    "c.tabTitle": "编辑这个程序（双击重命名）",
    "c.closeTab": "关闭 {name}",
    "c.addTab": "添加一个程序",
    "c.rename": "重命名",
    "c.renamePrompt": "新文件名（以 .c 结尾）：",
    "c.badName": "“{name}”不能用作文件名：只能用字母、数字、_ 或 -，以 .c 结尾，且不能重名。",
    "c.edited": "已修改——按“编译并运行”（Ctrl+Enter）查看运行结果",
    "c.running": "运行中…",
    "c.loading": "正在加载 C 编译器…",
    "c.stopped": "已停止：程序被中断，它的 worker 已终止。按“编译并运行”重新开始。",
    "c.deadlock": "死锁：仍在运行的进程都阻塞了，谁也唤醒不了谁：{procs}。运行到此结束。",
    "c.stoppedShort": "已停止",
    "c.engineFailed": "C 引擎出错：{msg}",
    "c.compileFailed": "{n} 个编译错误：见标出的行",
    "c.posText": "第 {pos} 步，共 {len} 步",
    "c.narrStart": "第一个系统调用之前。共 {len} 步。",
    "c.narrStep": "第 {pos} 步（共 {len} 步）：",
    "c.narrBlocks": "{what} 阻塞。",
    "c.narrFails": "{what} 失败，错误为 {errno}。",
    "c.narrReturns": "{what} 返回 {ret}。",
    "c.state.running": "运行中",
    "c.state.blocked": "阻塞",
    "c.state.sleeping": "睡眠",
    "c.state.exited": "已退出",
    "c.line": "第 {line} 行",
    "c.exit": "退出状态 {status}",
    "c.termOf": "{program} 的终端",
    "c.noOutput": "（还没有输出）",
    "c.noOutputAtAll": "（它没有输出任何内容）",
    "c.tooBigToShare": "这些程序太大，无法放进分享链接（最多 64 KiB）。",
    "c.noFiles": "链接里没有程序",
    "c.badLink": "无法读取这个链接里的程序（{why}）；改为显示示例。",
    "c.shareTitle": "把所有程序和当前步骤放进链接（复制到剪贴板）",
    "c.runTitle": "编译并运行所有程序（Ctrl+Enter）",
    "c.run": "编译并运行",
    "c.stopTitle": "停止正在运行的程序（Esc）",
    "c.stop": "停止",
    "c.backTitle": "后退一个系统调用（←）",
    "c.stepTitle": "运行到下一个系统调用（→ 或空格）",
    "c.keys": "一步 = 任一进程的一个系统调用 · Ctrl+Enter 运行 · Esc 停止",
    "c.terminals": "终端",
    "c.resultsSub": "（每个系统调用，以及发起它的源代码行）",
    "cex.seed": "文章里的 AF_UNIX 回显程序对",
    "cex.tcp_echo": "TCP 回显服务器与客户端",
    "cex.fork_per_conn": "每连接 fork() 一个进程",
    "cex.select_server": "select() 服务器",
    "cex.epoll_server": "epoll 服务器",
    "cex.sigpipe": "SIGPIPE：服务器悄无声息地死掉",
    "cex.printf_fork": "fork 之前的 printf：输出翻倍",
    "cex.scm_rights": "传递文件描述符（SCM_RIGHTS）",
    "lang.switch": "语言",
    "app.title": "socklab — 看内核如何运行你的套接字",
    "app.sub": "一个用来学习套接字的模拟 Linux 内核",
    "app.loading": "正在加载内核…",
    "app.loadingLessons": "正在加载课程…",

    "hdr.lessons": "课程",
    "hdr.lessonsTitle": "课程：一步步走过套接字层",
    "hdr.example": "示例",
    "hdr.examples": "示例",
    "hdr.yourTimeline": "你的时间线",
    "c.yourPrograms": "你的程序",
    "hdr.share": "分享链接",
    "hdr.shareTitle": "把时间线和当前步骤放进一个链接（已复制到剪贴板）",
    "hdr.shareCopied": "链接已复制到剪贴板。",
    "hdr.keys": "快捷键",
    "hdr.keysTitle": "键盘快捷键（?）",

    "ctl.reset": "重置",
    "ctl.resetTitle": "重置：回到第一条语句之前（Home）",
    "ctl.back": "后退",
    "ctl.backTitle": "后退一条语句（←）",
    "ctl.step": "单步",
    "ctl.stepTitle": "执行下一条语句（→ 或空格）",
    "ctl.run": "运行到底",
    "ctl.stop": "停止",
    "ctl.runTitle": "执行剩下的所有语句（End）",
    "ctl.scrub": "步骤滑块",
    "ctl.controls": "单步控制",
    "pos": "第 {pos} / {len} 步",
    "pos.valuetext": "第 {pos} 步，共 {len} 步：{what}",
    "pos.valuetext0": "第 0 步，共 {len} 步：还没有执行任何语句",

    "keys.title": "键盘快捷键",
    "keys.step": "执行下一条语句",
    "keys.back": "后退一条语句",
    "keys.reset": "回到开头",
    "keys.run": "运行到底",
    "keys.help": "显示或隐藏此列表",
    "keys.note": "焦点在任何地方都可用，只有在编辑器或输入框里打字时除外（按 Esc 离开编辑器）。",
    "keys.close": "关闭",

    "pane.timeline": "时间线",
    "pane.editor": "时间线编辑器",
    "pane.results": "结果",
    "pane.resultsSub": "（类似 strace；每个 errno 都有解释）",
    "pane.kernel": "内核状态",
    "pane.right": "内核与调用链",
    "pane.chain": "本步的调用链",
    "pane.chainSub": "（指向一个函数，看它动了哪些对象）",
    "pane.narration": "发生了什么",
    "legend.added": "新建",
    "legend.changed": "改变",
    "legend.freed": "释放",
    "legend.asleep": "睡眠",
    "legend.next": "下一条",
    "legend.title": "图例",

    "view.label": "内核视图布局",
    "view.columns": "分栏",
    "view.stacked": "按进程",

    "err.count.one": "{n} 个错误 — 视图显示的是上一个正确的时间线。",
    "err.count.other": "{n} 个错误 — 视图显示的是上一个正确的时间线。",
    "err.countNoGood.one": "{n} 个错误 — 改正之前什么都不能运行。",
    "err.countNoGood.other": "{n} 个错误 — 改正之前什么都不能运行。",
    "err.line": "第 {line} 行第 {col} 列：{msg}",
    "err.doesNotParse": "这个时间线无法解析；请改正标出的错误。",
    "err.sharedDoesNotParse": "这个链接里的时间线无法解析：它显示在编辑器里，错误已标出。",
    "err.malformedLink": "这个链接格式不对：{why}。改为显示{what}。",
    "err.malformedLink.timeline": "时间线",
    "err.malformedLink.echo": "回显示例",
    "err.stepTooFar": "这个链接要求第 {step} 步，但时间线只有 {len} 条语句；显示最后一步。",
    "err.engineLoad": "引擎加载失败：{msg}",
    "err.engine": "引擎停止了：{msg}。页面仍然可用：编辑时间线或选择一个示例。",
    "err.engineBudget": "引擎中止了这个时间线：{msg}。之前的结果仍然显示；页面仍然可用。",
    "err.engineStopped": "已停止：引擎被中断。时间线已从第一条语句重新加载。",
    "err.engineMemory": "引擎运行这个时间线时内存耗尽（{msg}）。引擎已重新启动：编辑时间线或选择一个示例。",
    "err.engineBusy": "引擎没有及时响应（{msg}）。引擎已重新启动：编辑时间线或选择一个示例。",
    "err.memoryBudget": "这个时间线占用的内存超过了页面的内存预算 64 MiB（内核中排队的字节、记录的结果）：它在第 {len} 条语句（共 {total} 条）之后停下，显示到此为止的结果。",
    "err.budget": "这个时间线有 {total} 条语句；步数预算在第 {len} 条之后将它停下：结果不完整。",
    "err.lessonsLoad": "课程加载失败：{msg}",
    "err.badLessonId": "这个课程链接格式不对：\"{id}\" 不是课程编号（字母、数字和 \"-\"）。",
    "err.noLesson": "没有课程 \"{id}\"。",
    "err.noLessonEmbed": "改为显示演练场。",
    "err.noLessonPlay": "请从列表中选择一课。",
    "err.tooDeep": "嵌套太深：圆括号和花括号超过 {max} 层",
    "err.badLang": "未知语言 \"{lang}\"（请用 en 或 zh）",

    "log.empty": "按“单步”执行第一条语句。",
    "log.none": "没有结果。",
    "log.hidden": "… 前面 {n} 条结果未显示",
    "log.blocks": "阻塞",
    "log.data": "数据",
    "log.addr": "地址",
    "log.woken": "（被第 {step} 步唤醒）",
    "log.resumed": "恢复",

    "chain.empty": "这一步没有运行内核函数。",
    "chain.created": "创建",
    "chain.changed": "改变",
    "chain.freed": "释放",

    "nar.start.one": "第一条语句之前。时间线共有 {len} 条语句：按“单步”执行它。",
    "nar.start.other": "第一条语句之前。时间线共有 {len} 条语句：按“单步”执行第一条。",
    "nar.step": "第 {pos} 步，共 {len} 步：{what}",
    "nar.error": "{proc}：{msg}。没有执行任何语句。",
    "nar.block": "{proc}：{src} 阻塞 — {why}。",
    "nar.blockIn": "{proc}：{src} 阻塞 — {why}（睡在 {fn} 中）。",
    "nar.return": "{proc}：{src} {outcome}。",
    "nar.wake": "这唤醒了 {proc}：{src}（第 {line} 行）{outcome}。",
    "nar.returns": "返回 {ret}",
    "nar.returnsData": "返回 {ret}：{data}",
    "nar.address": "（地址 \"{addr}\"）",
    "nar.fails": "失败，错误为 {errno}",
    "sum.block": "{proc} 的 {call} 阻塞",
    "sum.return": "{proc} 的 {call} 返回 {ret}",
    "sum.fail": "{proc} 的 {call} 失败：{errno}",
    "sum.error": "{proc} 的 {call} 出错",
    "why.accept": "accept 队列里没有等待的连接",
    "why.read": "接收队列是空的，还没有可读的数据",
    "why.write": "没有空间了：发送缓冲区已满，要等读者把它的接收队列读走",
    "why.connect": "监听者的 accept 队列已满（达到了 backlog）",
    "why.wait": "它要等另一个进程",

    "k.col.tasks": "进程 · fd 表",
    "k.col.files": "struct file",
    "k.col.sockets": "struct socket · pipe · eventpoll",
    "k.col.socks": "struct sock · 队列",
    "k.col.wire": "线路：lo 上的数据包（tcpdump -i lo）",
    "k.col.names": "AF_UNIX 名字表",
    "k.col.inet": "AF_INET 哈希表（inet_hashinfo）",
    "k.col.inodes": "inode（sockfs · 文件系统）",
    "k.col.wqs": "有睡眠者的等待队列",
    "k.none": "无",
    "k.empty": "空",
    "k.nobodySleeps": "没有进程在睡眠",
    "k.state.added": "新建",
    "k.state.changed": "改变",
    "k.state.freed": "释放",
    "k.stateTitle": "{id} 在这一步{state}",
    "k.sleepsIn": "睡在 {call}() → {fn}（自第 {step} 步起）",
    "k.ttyNote": "终端（fd 0–2）：不在模型之内",
    "k.proc": "进程 {name}",
    "k.procObjects": "{name} 的文件和套接字",
    "k.shared": "共享的内核对象",
    "k.unreached": "没有进程持有的对象",
    "k.noProcs": "还没有进程：按“单步”。",
    "k.connReq": "连接请求 → 胚胎",
    "k.len": "长度 {n}",
    "k.from": "来自 {addr}",
    "k.zombie": "僵尸（EXIT_ZOMBIE），退出码 {code}：等待父进程 wait()",
    "k.pipeBufs": "{max} 个 pipe_buffer 中用了 {n} 个，{bytes} 字节",
    "k.epRbr": "兴趣列表（rbr）：{n} 个 epitem",
    "k.epReady": "就绪列表（rdllist）：{n}",
    "k.inFlight": "在途文件（SCM_RIGHTS）：",
    "k.clock": "时钟：{ms} 毫秒",
    "k.moreBytes": "… 还有 {n} 字节",
    "k.noInet": "没有 AF_INET 套接字",
    "k.noBoundPort": "没有绑定的 TCP 端口",
    "k.nobodyListens": "没有人监听",
    "k.port": "端口 {port}",
    "k.synQueue": "SYN 队列（请求 sock，TCP_NEW_SYN_RECV）：{n}",
    "k.synRecv": "收到 SYN，已发 SYN|ACK",
    "k.acceptQueueInet": "accept 队列：{n} 个在等 · sk_ack_backlog {backlog}/{max}",
    "k.acceptQueue": "accept 队列（sk_receive_queue）：{n} 个在等 · sk_ack_backlog {backlog}/{max}",
    "k.child": "已建立的子连接，等待 accept()",
    "k.sendQueue.one": "sk_write_queue（发送）：{n} 个 skb · {alloc}/{buf} 字节",
    "k.sendQueue.other": "sk_write_queue（发送）：{n} 个 skb · {alloc}/{buf} 字节",
    "k.recvQueue.one": "sk_receive_queue：{n} 个 skb · {alloc}/{buf} 字节",
    "k.recvQueue.other": "sk_receive_queue：{n} 个 skb · {alloc}/{buf} 字节",
    "k.recvQueueDgram.one": "sk_receive_queue：{n} 个数据报 · {alloc}/{buf} 字节",
    "k.recvQueueDgram.other": "sk_receive_queue：{n} 个数据报 · {alloc}/{buf} 字节",
    "k.twExpires": "在 {at} ms 到期",
    "k.twIn": "（还有 {n} ms）",
    "k.twNote": "inet_timewait_sock：连接已经没了，它的四元组还留在 ehash 里",
    "k.orphan": "孤儿：没有 struct socket（已关闭）",
    "k.noSocketYet": "还没有 struct socket：等待 accept()",
    "k.noSocket": "没有 struct socket（胚胎或孤儿）",
    "k.on": "开",
    "k.bhash": "bhash（inet_bind_bucket：端口 → 持有者）",
    "k.lhash": "listening_hash",
    "k.ehash": "ehash（已建立、SYN_RECV、TIME_WAIT）",
    "k.udptable": "udp_table（端口 → sock）",
    "k.listener": "监听者",
    "k.cloexec": "（cloexec）",

    "wire.none": "lo 上还没有数据包。",
    "wire.count.one": "lo 上有 {n} 个数据包",
    "wire.count.other": "lo 上有 {n} 个数据包",
    "wire.sentNow": " · 第 {step} 步发出 {n} 个",
    "wire.sentNone": " · 第 {step} 步没有发出",
    "wire.hidden.one": "… 前面 {n} 个报文段未显示",
    "wire.hidden.other": "… 前面 {n} 个报文段未显示",
    "wire.sentBy": "{id} 由第 {step} 步发出",
    "wire.answers": "回应 udp 端口 {port}",

    "ed.next": "下一条",
    "ed.nextTitle": "{procs}：接下来执行的语句",
    "ed.blocked": "睡眠中",

    "lesson.lessons": "课程",
    "lesson.done": "已完成 {n} / {m}",
    "lesson.back": "全部课程",
    "lesson.reset": "重置",
    "lesson.resetTitle": "重新载入本课的起始时间线",
    "lesson.undo": "撤销",
    "lesson.undoTitle": "回到时间线的上一个版本",
    "lesson.goals": "目标",
    "lesson.goalsNote": "按整条时间线检查。● 表示在当前步骤成立。",
    "lesson.nowHolds": "在当前步骤成立",
    "lesson.allMet": "完成！所有目标都已达成。",
    "lesson.next": "下一课 →",
    "lesson.hint": "看一条提示（{i}/{n}）",
    "lesson.noMoreHints": "没有更多提示了",
    "lesson.showSolution": "查看答案",
    "lesson.confirmSolution": "要查看参考答案吗？先试试提示吧——自己找到答案更有意思。",
    "lesson.yes": "查看",
    "lesson.no": "取消",
    "lesson.loadSolution": "载入编辑器",
    "lesson.solution": "参考答案",
    "lesson.pending": "这节课暂时还无法检查：",
    "lesson.errors": "时间线有错误：",
    "lesson.predictTitle": "单步执行前，先预测第 {step} 条语句",
    "lesson.predictLater": "第 {step} 条语句之前有一个预测题。",
    "lesson.predictPlaceholder": "数字、errno 名称，或 block",
    "lesson.check": "检查",
    "lesson.right": "答对了！内核给出的是 {answer}。",
    "lesson.wrong": "不对：你的答案是 {guess}，内核给出的是 {answer}。",
    "lesson.export": "导出进度",
    "lesson.import": "导入进度",
    "lesson.imported": "进度已导入。",
    "lesson.importFailed": "导入失败：{msg}",
    "lesson.solved": "已完成",
    "lesson.pendingTag": "待支持",
    "lesson.engineError": "无法检查时间线：{msg}",
    "lesson.noLesson": "没有课程 \"{id}\"",
    "lesson.goalsCount": "目标：{met}/{n}",
    "lesson.list": "课程列表",
    "lesson.menu": "第 {n} 课：{title}",

    "ex.echo": "回显服务器（流）",
    "ex.datagrams": "数据报（SOCK_DGRAM）",
    "ex.socketpair": "socketpair() 与 dup()",
    "ex.backlog": "监听 backlog 已满",
    "ex.eof_epipe": "EOF、EPIPE、ECONNRESET",
    "ex.nonblock": "非阻塞：EAGAIN",
    "ex.errors": "常见的 errno 错误",
    "ex.tcp_handshake": "TCP：握手、accept 队列、TIME_WAIT",
    "ex.udp_datagrams": "UDP 数据报与 ICMP 不可达",
    "ex.fd_passing": "acceptor 把连接交给 worker 进程（SCM_RIGHTS）",
    "ex.fork_server": "设计二：每连接 fork() 一个进程",
    "ex.poll_server": "设计三：select() 与 poll()",
    "ex.epoll_server": "设计三：epoll，水平与边沿触发",
    "ex.pass_fd": "传递文件描述符（SCM_RIGHTS）",
    "ex.timeouts": "超时与时钟",
    "ex.echo_poll": "用 poll 的回显服务器（两个客户端）",
    "ex.echo_epoll": "用 epoll 的回显服务器（两个客户端）",

    "embed.results": "结果",
    "embed.chain": "调用链",
    "embed.open": "在 socklab 中打开",
    "embed.lesson": "课程",
    "export.mermaid": "复制为 Mermaid",
    "export.mermaidTitle": "把整个运行过程复制为 Mermaid 时序图",
    "export.markdown": "复制为 Markdown",
    "export.markdownTitle": "把整个运行过程复制为 Markdown 表格",
    "export.copied": "已复制",
    "export.failed": "复制失败",
  },
};

/** normLang maps a language tag ("zh-CN", "zh-Hans", "en-GB", …) to "en" or "zh". */
export function normLang(tag) {
  return String(tag || "").trim().toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** htmlLang is the value for <html lang> (and lang= attributes) of a language. */
export function htmlLang(lang) {
  return normLang(lang) === "zh" ? "zh-Hans" : "en";
}

/**
 * t returns key's text in lang with {name} placeholders filled from vars. A key missing from lang
 * falls back to English, then to the key itself (the completeness test keeps that from happening).
 */
export function t(lang, key, vars) {
  const table = STRINGS[normLang(lang)];
  let s = table[key];
  if (s === undefined) s = STRINGS.en[key];
  if (s === undefined) return key;
  if (!vars) return s;
  return s.replace(/\{([A-Za-z0-9_]+)\}/g, (m, name) => (Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m));
}

/** tn picks key.one or key.other by n (vars.n defaults to n). */
export function tn(lang, key, n, vars = {}) {
  return t(lang, `${key}.${n === 1 ? "one" : "other"}`, Object.assign({ n }, vars));
}

/** STORAGE_KEY is where the page remembers the language chosen in its header. */
export const STORAGE_KEY = "socklab.lang";

function storage() {
  try {
    const s = globalThis.localStorage;
    if (!s) return null;
    s.getItem(STORAGE_KEY);
    return s;
  } catch {
    return null;
  }
}

/**
 * detectLang says which language to show: ?lang= in the URL, then the choice saved by saveLang,
 * then navigator.language, then <html lang>. Anything not Chinese is English.
 * The arguments are for tests and embeds: {search, stored, navLang, htmlLang}.
 */
export function detectLang(env = {}) {
  const search = env.search !== undefined ? env.search : (globalThis.location ? globalThis.location.search : "");
  const q = new URLSearchParams(search || "").get("lang");
  if (q) return normLang(q);
  const stored = env.stored !== undefined ? env.stored : (storage() ? storage().getItem(STORAGE_KEY) : null);
  if (stored) return normLang(stored);
  const nav = env.navLang !== undefined ? env.navLang : (globalThis.navigator ? globalThis.navigator.language : "");
  if (nav) return normLang(nav);
  const html = env.htmlLang !== undefined ? env.htmlLang : (globalThis.document && globalThis.document.documentElement ? globalThis.document.documentElement.lang : "");
  return normLang(html);
}

/** saveLang remembers the language chosen in the header (no-op where storage is unavailable). */
export function saveLang(lang) {
  const s = storage();
  if (s) {
    try {
      s.setItem(STORAGE_KEY, normLang(lang));
    } catch {
      /* quota or privacy mode: the choice lasts this page only */
    }
  }
}

// The page's current language, for render functions that are not handed one (render.js, wire.js).
let current = "en";

/** getLang is the page's current language. */
export function getLang() {
  return current;
}

/** setLang sets the page's current language (the header switch calls it, then re-renders). */
export function setLang(lang) {
  current = normLang(lang);
  return current;
}

/** tr is t in the page's current language. */
export function tr(key, vars) {
  return t(current, key, vars);
}

/** trn is tn in the page's current language. */
export function trn(key, n, vars) {
  return tn(current, key, n, vars);
}

/**
 * translateDocument writes lang's strings into the page's marked elements (data-i18n: the text,
 * data-i18n-title, data-i18n-aria-label), sets <html lang> and the language switch's state. Each
 * page (the playground, the C mode) sets its own title.
 */
export function translateDocument(lang) {
  document.documentElement.lang = htmlLang(lang);
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(lang, el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-title]")) el.title = t(lang, el.dataset.i18nTitle);
  for (const el of document.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(lang, el.dataset.i18nAriaLabel));
  for (const b of document.querySelectorAll(".langs .lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
}
