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
  { name: "echo_poll", title: "Echo server with poll", text: echoPoll },
  { name: "echo_epoll", title: "Echo server with epoll", text: echoEpoll },
];
