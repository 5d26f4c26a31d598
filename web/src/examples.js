// examples.js — the examples menu. The timelines live in web/examples/*.tl so that Go tests can run
// every one of them through the engine; esbuild bundles them as text.
import echo from "../examples/echo.tl";
import datagrams from "../examples/datagrams.tl";
import socketpair from "../examples/socketpair.tl";
import backlog from "../examples/backlog.tl";
import eofEpipe from "../examples/eof_epipe.tl";
import nonblock from "../examples/nonblock.tl";
import errors from "../examples/errors.tl";
import tcpHandshake from "../examples/tcp_handshake.tl";
import udpDatagrams from "../examples/udp_datagrams.tl";
import fdPassing from "../examples/fd_passing.tl";
import forkServer from "../examples/fork_server.tl";
import pollServer from "../examples/poll_server.tl";
import epollServer from "../examples/epoll_server.tl";
import passFd from "../examples/pass_fd.tl";
import timeouts from "../examples/timeouts.tl";
import echoPoll from "../examples/echo_poll.tl";
import echoEpoll from "../examples/echo_epoll.tl";

export const examples = [
  { name: "echo", title: "Echo server (stream)", text: echo },
  { name: "datagrams", title: "Datagrams (SOCK_DGRAM)", text: datagrams },
  { name: "socketpair", title: "socketpair() and dup()", text: socketpair },
  { name: "backlog", title: "Full listen backlog", text: backlog },
  { name: "eof_epipe", title: "EOF, EPIPE, ECONNRESET", text: eofEpipe },
  { name: "nonblock", title: "Nonblocking: EAGAIN", text: nonblock },
  { name: "errors", title: "Common errno mistakes", text: errors },
  { name: "tcp_handshake", title: "TCP: handshake, accept queue, TIME_WAIT", text: tcpHandshake },
  { name: "udp_datagrams", title: "UDP datagrams and ICMP unreachable", text: udpDatagrams },
  { name: "fd_passing", title: "An acceptor hands connections to a worker (SCM_RIGHTS)", text: fdPassing },
  { name: "fork_server", title: "Design 2: fork() per connection", text: forkServer },
  { name: "poll_server", title: "Design 3: select() and poll()", text: pollServer },
  { name: "epoll_server", title: "Design 3: epoll, level vs edge", text: epollServer },
  { name: "pass_fd", title: "Passing an fd (SCM_RIGHTS)", text: passFd },
  { name: "timeouts", title: "Time-outs and the clock", text: timeouts },
  { name: "echo_poll", title: "Echo server with poll (two clients)", text: echoPoll },
  { name: "echo_epoll", title: "Echo server with epoll (two clients)", text: echoEpoll },
];
