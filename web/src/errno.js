// errno.js — each errno explained in plain words with its kernel cause.
//
// explainErrno(errno, call, args, lang) picks the explanation for errno+call, falling back to errno
// alone. Placeholders: {path} the call's address string (or "the address"), {fd} its first
// argument. The text is plain text: the page inserts it with textContent only.

const byCallEn = {
  "EADDRINUSE bind": "{path} already exists as a socket file (the inode outlives the socket until unlink) — unlink() it or pick another path. unix_bind → unix_bind_bsd found the name taken.",
  "EADDRINUSE connect": "the kernel could not pick a free local address to autobind. unix_autobind ran out of names.",
  "EINVAL bind": "this socket already has an address (unix_sock->addr is set): a socket is bound at most once — or the path is too long (sun_path holds 108 bytes with its NUL).",
  "EINVAL listen": "listen() needs a bound, unconnected socket of a connection type. unix_listen checked sk_state and the address.",
  "EINVAL connect": "the address is empty or malformed: unix_mkname rejected it (\"\" is the family field alone).",
  "EINVAL accept": "accept() needs a listening socket: unix_accept found sk_state != TCP_LISTEN.",
  "ENOENT connect": "nothing exists at {path}: the path lookup (unix_find_bsd → kern_path) found no inode. Bind the server first, or check the spelling.",
  "ENOENT sendto": "nothing exists at {path}: unix_find_other found no inode for the destination.",
  "ENOENT unlink": "{path} does not exist (already unlinked, or never bound).",
  "ECONNREFUSED connect": "{path} exists but nobody is listening on it: the socket bound there is not in TCP_LISTEN (call listen()), or it has been closed.",
  "ECONNREFUSED sendto": "the datagram's destination socket is gone (closed) or refuses: unix_dgram_sendmsg found the peer dead.",
  "ECONNREFUSED send": "the connected peer refused. AF_UNIX datagrams: the peer socket was closed — the first send after that reports ECONNREFUSED, later ones ENOTCONN. UDP: an ICMP port unreachable came back for an earlier datagram (sk_err, reported once; the next send goes out again).",
  "ECONNREFUSED write": "the connected peer refused. AF_UNIX datagrams: the peer socket was closed — the first send after that reports ECONNREFUSED, later ones ENOTCONN. UDP: an ICMP port unreachable came back for an earlier datagram (sk_err, reported once; the next send goes out again).",
  "ECONNREFUSED recv": "UDP: an ICMP port unreachable answered a datagram this connected socket sent; the error (sk_err) is reported once.",
  "ECONNREFUSED read": "the peer refused: for TCP the connection attempt was answered with a RST; for UDP an ICMP port unreachable came back (reported once).",
  "EPROTOTYPE connect": "the socket at {path} has a different type (stream vs datagram vs seqpacket): unix_find_other checks sk_type.",
  "EPROTOTYPE sendto": "the socket at {path} has a different type: datagrams only go to SOCK_DGRAM sockets.",
  "EAGAIN accept": "no connection is waiting in the accept queue and the socket is nonblocking (O_NONBLOCK / SOCK_NONBLOCK): a blocking accept would sleep here.",
  "EAGAIN connect": "the listener's backlog is full (sk_ack_backlog > sk_max_ack_backlog) and the socket is nonblocking: a blocking connect would sleep in unix_wait_for_peer.",
  "EAGAIN read": "the receive queue is empty and the call is nonblocking: a blocking read would sleep on the socket's wait queue.",
  "EAGAIN timeout": "the call slept and its deadline passed (SO_RCVTIMEO / SO_SNDTIMEO: sock_rcvtimeo, sock_sndtimeo): a timed-out blocking call fails with EAGAIN (EWOULDBLOCK), like a nonblocking one.",
  "EAGAIN recv": "the receive queue is empty and the call is nonblocking (O_NONBLOCK or MSG_DONTWAIT).",
  "EAGAIN recvfrom": "the receive queue is empty and the call is nonblocking (O_NONBLOCK or MSG_DONTWAIT).",
  "EAGAIN write": "the send buffer is full (sk_wmem_alloc reached sk_sndbuf, or the peer's queue is full) and the call is nonblocking.",
  "EAGAIN send": "the send buffer is full and the call is nonblocking (O_NONBLOCK or MSG_DONTWAIT).",
  "EAGAIN sendto": "the receiver's queue is full (max_dgram_qlen) or the send buffer is, and the call is nonblocking.",
  "EPIPE write": "the stream can no longer send: the peer closed its end, or this end called shutdown(SHUT_WR). Linux would also raise SIGPIPE (treated as ignored here); use MSG_NOSIGNAL with send().",
  "EPIPE send": "the stream can no longer send: the peer closed its end, or this end called shutdown(SHUT_WR).",
  "ENOTCONN write": "fd {fd} is not connected to a peer: call connect() first (a listening socket never sends).",
  "ENOTCONN send": "fd {fd} is not connected to a peer: call connect() first, or use sendto() with an address.",
  "ENOTCONN read": "fd {fd} is not connected: a stream socket must be connected (or accepted) before it can read.",
  "ENOTCONN recv": "fd {fd} is not connected: a stream socket must be connected (or accepted) before it can receive.",
  "ENOTCONN getpeername": "fd {fd} has no peer.",
  "ENOTCONN shutdown": "fd {fd} is not connected, so there is nothing to shut down.",
  "EISCONN connect": "fd {fd} is already connected: a stream socket connects once.",
  "EOPNOTSUPP listen": "datagram sockets have no connections to accept: unix_dgram_ops.listen is sock_no_listen.",
  "EOPNOTSUPP accept": "datagram sockets have no connections to accept: accept is sock_no_accept for them.",
  "ECONNRESET read": "the peer closed while data it had not read was still queued on its side: Linux reports the reset once (sk_err), then EOF.",
  "ECONNRESET recv": "the peer closed while data it had not read was still queued: the reset is reported once, then EOF.",
  "EMSGSIZE sendto": "the datagram is larger than the send buffer allows (sk_sndbuf - 32 bytes of overhead).",
  "EMSGSIZE send": "the message is larger than the send buffer allows.",
  "EMSGSIZE write": "the message is larger than the send buffer allows.",
};

const byErrnoEn = {
  EBADF: "fd {fd} is not an open file descriptor in this process's fd table (never opened, or already closed).",
  ENOTSOCK: "fd {fd} is open but is not a socket (fds 0-2 are the terminal).",
  EMFILE: "the process's fd table is full (RLIMIT_NOFILE = 1024): close something first.",
  ENFILE: "the system-wide file table is full.",
  EINVAL: "an argument is invalid for this call.",
  EFAULT: "a buffer or address points outside the process's memory.",
  EAFNOSUPPORT: "this address family is not supported for this call.",
  EPROTONOSUPPORT: "this protocol is not supported for this family and type.",
  ESOCKTNOSUPPORT: "this socket type is not supported in this family.",
  EOPNOTSUPP: "this operation is not supported by this kind of socket.",
  ENOPROTOOPT: "this socket option is not known at this level.",
  EDESTADDRREQ: "a datagram socket without a connected peer needs a destination address (sendto).",
  EADDRNOTAVAIL: "the requested address is not available on this machine.",
  EADDRINUSE: "the address is already in use.",
  ENAMETOOLONG: "the path is too long for sun_path (108 bytes including the terminating NUL).",
  ENOENT: "{path} does not exist.",
  EEXIST: "{path} already exists.",
  EACCES: "permission denied on {path}.",
  EPERM: "the operation is not permitted.",
  EAGAIN: "the call would block and the socket or call is nonblocking.",
  EPIPE: "the other end is gone or this end shut down writing.",
  ECONNRESET: "the connection was reset by the peer.",
  ECONNREFUSED: "nobody accepts connections or datagrams at that address.",
  ECONNABORTED: "the connection was aborted before it was accepted.",
  ENOTCONN: "the socket is not connected.",
  EISCONN: "the socket is already connected.",
  EALREADY: "a connection attempt is already in progress.",
  EINPROGRESS: "the nonblocking connection is still in progress.",
  ETIMEDOUT: "the operation timed out.",
  EMSGSIZE: "the message is too long for this socket.",
  ENOBUFS: "the kernel is out of buffer space for this socket.",
  ENOMEM: "the kernel is out of memory.",
  EINTR: "a signal interrupted the call.",
  ESHUTDOWN: "the socket was shut down in that direction.",
  EPROTOTYPE: "the socket at {path} has the wrong type for this call.",
  ENOTDIR: "a component of {path} is not a directory.",
  EISDIR: "{path} is a directory.",
  ENETUNREACH: "the network is unreachable.",
  EHOSTUNREACH: "the host is unreachable.",
};

// AF_INET versions, chosen when the statement's address is "ip:port".
const byCallInetEn = {
  "ECONNREFUSED connect": "nobody listens on {path}: tcp_v4_rcv found no listening socket, answered the SYN with a RST, and tcp_reset set ECONNREFUSED.",
  "ECONNREFUSED sendto": "an earlier datagram to this port was answered by ICMP port unreachable (nobody has it bound).",
  "EADDRINUSE bind": "{path} is taken: another socket holds the port (inet_csk_get_port found a conflict in the bind hash; SO_REUSEADDR on both sockets lets a TIME_WAIT or non-listening holder share it).",
  "EADDRNOTAVAIL bind": "{path} is not an address of this machine: the playground has only lo (127.0.0.0/8) and 0.0.0.0.",
  "EINVAL bind": "this socket is already bound (inet_bind: inet_num is set): a socket is bound at most once.",
};

// Chinese (the same keys; kernel names as Linux spells them).
const byCallZh = {
  "EADDRINUSE bind": "{path} 已经作为套接字文件存在（inode 比套接字活得久，直到 unlink）——先 unlink() 它，或换一个路径。unix_bind → unix_bind_bsd 发现这个名字已被占用。",
  "EADDRINUSE connect": "内核找不到空闲的本地地址来自动绑定：unix_autobind 用完了名字。",
  "EINVAL bind": "这个套接字已经有地址了（unix_sock->addr 已设置）：一个套接字最多绑定一次——或者路径太长（sun_path 连同结尾的 NUL 最多 108 字节）。",
  "EINVAL listen": "listen() 需要一个已绑定、未连接的面向连接的套接字。unix_listen 检查了 sk_state 和地址。",
  "EINVAL connect": "地址为空或格式不对：unix_mkname 拒绝了它（\"\" 只有地址族字段）。",
  "EINVAL accept": "accept() 需要一个正在监听的套接字：unix_accept 发现 sk_state != TCP_LISTEN。",
  "ENOENT connect": "{path} 处什么都没有：路径查找（unix_find_bsd → kern_path）没有找到 inode。先让服务器 bind，或者检查拼写。",
  "ENOENT sendto": "{path} 处什么都没有：unix_find_other 没有找到目的地的 inode。",
  "ENOENT unlink": "{path} 不存在（已经 unlink 过，或者从未绑定）。",
  "ECONNREFUSED connect": "{path} 存在，但没有人在上面监听：绑定在那里的套接字不处于 TCP_LISTEN（调用 listen()），或者它已经关闭。",
  "ECONNREFUSED sendto": "数据报的目的套接字已经不在了（已关闭）或拒绝接收：unix_dgram_sendmsg 发现对端已死。",
  "ECONNREFUSED send": "已连接的对端拒绝了。AF_UNIX 数据报：对端套接字已关闭——之后的第一次发送报告 ECONNREFUSED，再以后是 ENOTCONN。UDP：之前的某个数据报收到了 ICMP 端口不可达（sk_err，只报告一次；下一次发送照常发出）。",
  "ECONNREFUSED write": "已连接的对端拒绝了。AF_UNIX 数据报：对端套接字已关闭——之后的第一次发送报告 ECONNREFUSED，再以后是 ENOTCONN。UDP：之前的某个数据报收到了 ICMP 端口不可达（sk_err，只报告一次；下一次发送照常发出）。",
  "ECONNREFUSED recv": "UDP：这个已连接套接字发出的数据报收到了 ICMP 端口不可达；这个错误（sk_err）只报告一次。",
  "ECONNREFUSED read": "对端拒绝了：TCP 的连接请求收到了 RST；UDP 则收到了 ICMP 端口不可达（只报告一次）。",
  "EPROTOTYPE connect": "{path} 上的套接字类型不同（流、数据报、seqpacket）：unix_find_other 会检查 sk_type。",
  "EPROTOTYPE sendto": "{path} 上的套接字类型不同：数据报只能发给 SOCK_DGRAM 套接字。",
  "EAGAIN accept": "accept 队列里没有等待的连接，而套接字是非阻塞的（O_NONBLOCK / SOCK_NONBLOCK）：阻塞的 accept 会在这里睡眠。",
  "EAGAIN timeout": "调用睡眠后超过了期限（SO_RCVTIMEO / SO_SNDTIMEO：sock_rcvtimeo、sock_sndtimeo）：超时的阻塞调用和非阻塞调用一样以 EAGAIN（EWOULDBLOCK）失败。",
  "EAGAIN connect": "监听者的 backlog 已满（sk_ack_backlog > sk_max_ack_backlog），而套接字是非阻塞的：阻塞的 connect 会在 unix_wait_for_peer 里睡眠。",
  "EAGAIN read": "接收队列是空的，而调用是非阻塞的：阻塞的 read 会在套接字的等待队列上睡眠。",
  "EAGAIN recv": "接收队列是空的，而调用是非阻塞的（O_NONBLOCK 或 MSG_DONTWAIT）。",
  "EAGAIN recvfrom": "接收队列是空的，而调用是非阻塞的（O_NONBLOCK 或 MSG_DONTWAIT）。",
  "EAGAIN write": "发送缓冲区已满（sk_wmem_alloc 达到了 sk_sndbuf，或对端的队列已满），而调用是非阻塞的。",
  "EAGAIN send": "发送缓冲区已满，而调用是非阻塞的（O_NONBLOCK 或 MSG_DONTWAIT）。",
  "EAGAIN sendto": "接收方的队列已满（max_dgram_qlen）或发送缓冲区已满，而调用是非阻塞的。",
  "EPIPE write": "这个流再也不能发送了：对端关闭了它那一端，或者这一端调用了 shutdown(SHUT_WR)。Linux 还会发出 SIGPIPE（这里当作被忽略）；send() 可以用 MSG_NOSIGNAL。",
  "EPIPE send": "这个流再也不能发送了：对端关闭了它那一端，或者这一端调用了 shutdown(SHUT_WR)。",
  "ENOTCONN write": "fd {fd} 没有连接到对端：先调用 connect()（监听套接字从不发送数据）。",
  "ENOTCONN send": "fd {fd} 没有连接到对端：先调用 connect()，或者用带地址的 sendto()。",
  "ENOTCONN read": "fd {fd} 没有连接：流套接字必须先连接（或被 accept）才能读。",
  "ENOTCONN recv": "fd {fd} 没有连接：流套接字必须先连接（或被 accept）才能接收。",
  "ENOTCONN getpeername": "fd {fd} 没有对端。",
  "ENOTCONN shutdown": "fd {fd} 没有连接，所以没有什么可以关闭的。",
  "EISCONN connect": "fd {fd} 已经连接了：流套接字只连接一次。",
  "EOPNOTSUPP listen": "数据报套接字没有可以 accept 的连接：unix_dgram_ops.listen 是 sock_no_listen。",
  "EOPNOTSUPP accept": "数据报套接字没有可以 accept 的连接：它们的 accept 是 sock_no_accept。",
  "ECONNRESET read": "对端关闭时，它那一侧还有没读的数据排着队：Linux 报告一次连接重置（sk_err），之后是 EOF。",
  "ECONNRESET recv": "对端关闭时，它那一侧还有没读的数据：重置只报告一次，之后是 EOF。",
  "EMSGSIZE sendto": "数据报比发送缓冲区允许的还大（sk_sndbuf 减去 32 字节开销）。",
  "EMSGSIZE send": "消息比发送缓冲区允许的还大。",
  "EMSGSIZE write": "消息比发送缓冲区允许的还大。",
};

const byErrnoZh = {
  "EBADF": "fd {fd} 不是这个进程 fd 表里打开的文件描述符（从未打开，或已经关闭）。",
  "ENOTSOCK": "fd {fd} 是打开的，但不是套接字（fd 0-2 是终端）。",
  "EMFILE": "进程的 fd 表满了（RLIMIT_NOFILE = 1024）：先关闭一些。",
  "ENFILE": "系统范围的文件表满了。",
  "EINVAL": "对这个调用来说，某个参数无效。",
  "EFAULT": "某个缓冲区或地址指向了进程内存之外。",
  "EAFNOSUPPORT": "这个调用不支持这个地址族。",
  "EPROTONOSUPPORT": "这个地址族和类型不支持这个协议。",
  "ESOCKTNOSUPPORT": "这个地址族不支持这种套接字类型。",
  "EOPNOTSUPP": "这种套接字不支持这个操作。",
  "ENOPROTOOPT": "在这一层没有这个套接字选项。",
  "EDESTADDRREQ": "没有已连接对端的数据报套接字需要目的地址（sendto）。",
  "EADDRNOTAVAIL": "请求的地址在这台机器上不可用。",
  "EADDRINUSE": "地址已被占用。",
  "ENAMETOOLONG": "路径对 sun_path 来说太长了（连同结尾的 NUL 最多 108 字节）。",
  "ENOENT": "{path} 不存在。",
  "EEXIST": "{path} 已经存在。",
  "EACCES": "{path} 权限不足。",
  "EPERM": "不允许这个操作。",
  "EAGAIN": "这个调用会阻塞，而套接字或调用是非阻塞的。",
  "EPIPE": "另一端已经不在了，或者这一端关闭了写。",
  "ECONNRESET": "连接被对端重置。",
  "ECONNREFUSED": "那个地址上没有人接受连接或数据报。",
  "ECONNABORTED": "连接在被 accept 之前就中止了。",
  "ENOTCONN": "套接字没有连接。",
  "EISCONN": "套接字已经连接了。",
  "EALREADY": "已经有一个连接请求正在进行。",
  "EINPROGRESS": "非阻塞的连接还在进行中。",
  "ETIMEDOUT": "操作超时。",
  "EMSGSIZE": "对这个套接字来说消息太长。",
  "ENOBUFS": "内核没有给这个套接字的缓冲空间了。",
  "ENOMEM": "内核内存不足。",
  "EINTR": "一个信号打断了这个调用。",
  "ESHUTDOWN": "套接字在这个方向上已经关闭。",
  "EPROTOTYPE": "{path} 上的套接字类型不适合这个调用。",
  "ENOTDIR": "{path} 的某一部分不是目录。",
  "EISDIR": "{path} 是一个目录。",
  "ENETUNREACH": "网络不可达。",
  "EHOSTUNREACH": "主机不可达。",
};

const byCallInetZh = {
  "ECONNREFUSED connect": "没有人在 {path} 上监听：tcp_v4_rcv 没有找到监听套接字，用 RST 回应了 SYN，tcp_reset 设置了 ECONNREFUSED。",
  "ECONNREFUSED sendto": "之前发到这个端口的数据报收到了 ICMP 端口不可达（没有人绑定它）。",
  "EADDRINUSE bind": "{path} 已被占用：另一个套接字持有这个端口（inet_csk_get_port 在绑定哈希表里发现了冲突；两个套接字都设置 SO_REUSEADDR 时，TIME_WAIT 或非监听的持有者可以共享）。",
  "EADDRNOTAVAIL bind": "{path} 不是这台机器的地址：演练场只有 lo（127.0.0.0/8）和 0.0.0.0。",
  "EINVAL bind": "这个套接字已经绑定了（inet_bind：inet_num 已设置）：一个套接字最多绑定一次。",
};

/** ERRNO_TABLES holds every explanation per language (web/test checks both have the same keys). */
export const ERRNO_TABLES = {
  byCall: { en: byCallEn, zh: byCallZh },
  byErrno: { en: byErrnoEn, zh: byErrnoZh },
  byCallInet: { en: byCallInetEn, zh: byCallInetZh },
};

// How {path} and {fd} read when the statement has none.
const fallback = {
  en: { path: "the address", fd: "the descriptor" },
  zh: { path: "该地址", fd: "该描述符" },
};

const isInet = (addr) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(addr || "");

/** sourceArgs extracts the statement's address string and first argument from its source line. */
export function sourceArgs(line) {
  const out = { path: "", fd: "" };
  if (!line) return out;
  const str = /"((?:[^"\\]|\\.)*)"/.exec(line);
  if (str) out.path = str[1];
  const call = /\(\s*([^,)\s]+)/.exec(line);
  if (call) out.fd = call[1];
  return out;
}

/** explainErrno returns a plain-text explanation in lang ("en" or "zh"; "" when the errno is unknown). */
export function explainErrno(errno, call, args = {}, lang = "en") {
  if (!errno) return "";
  const l = lang === "zh" ? "zh" : "en";
  const key = `${errno} ${call}`;
  const T = ERRNO_TABLES;
  const t = (isInet(args.path) && T.byCallInet[l][key]) || T.byCall[l][key] || T.byErrno[l][errno] || "";
  return t
    .replaceAll("{path}", args.path ? `"${args.path}"` : fallback[l].path)
    .replaceAll("{fd}", args.fd || fallback[l].fd);
}

/** knownErrnos lists every errno with an explanation (tests use it). */
export const knownErrnos = Object.keys(byErrnoEn);
