// errno.js — each errno explained in plain words with its kernel cause.
//
// explainErrno(errno, call, args) picks the explanation for errno+call, falling back to errno
// alone. Placeholders: {path} the call's address string (or "the address"), {fd} its first
// argument. The text is plain text: the page inserts it with textContent only.

const byCall = {
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

const byErrno = {
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
const byCallInet = {
  "ECONNREFUSED connect": "nobody listens on {path}: tcp_v4_rcv found no listening socket, answered the SYN with a RST, and tcp_reset set ECONNREFUSED.",
  "ECONNREFUSED sendto": "an earlier datagram to this port was answered by ICMP port unreachable (nobody has it bound).",
  "EADDRINUSE bind": "{path} is taken: another socket holds the port (inet_csk_get_port found a conflict in the bind hash; SO_REUSEADDR on both sockets lets a TIME_WAIT or non-listening holder share it).",
  "EADDRNOTAVAIL bind": "{path} is not an address of this machine: the playground has only lo (127.0.0.0/8) and 0.0.0.0.",
  "EINVAL bind": "this socket is already bound (inet_bind: inet_num is set): a socket is bound at most once.",
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

/** explainErrno returns a plain-text explanation ("" when the errno is unknown). */
export function explainErrno(errno, call, args = {}) {
  if (!errno) return "";
  const key = `${errno} ${call}`;
  const t = (isInet(args.path) && byCallInet[key]) || byCall[key] || byErrno[errno] || "";
  return t
    .replaceAll("{path}", args.path ? `"${args.path}"` : "the address")
    .replaceAll("{fd}", args.fd || "the descriptor");
}

/** knownErrnos lists every errno with an explanation (tests use it). */
export const knownErrnos = Object.keys(byErrno);
