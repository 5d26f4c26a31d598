// cexamples.js — the C mode's examples menu: the seed article's echo pair first, then programs of
// socklab's C corpus (engine/cprog/testdata, each checked against gcc-built binaries on Linux).
import seedServer from "../../../engine/cprog/testdata/seed/server.c";
import seedClient from "../../../engine/cprog/testdata/seed/client.c";
import forkServer from "../../../engine/cprog/testdata/corpus/fork_per_conn/server.c";
import forkClient from "../../../engine/cprog/testdata/corpus/fork_per_conn/client.c";
import selectServer from "../../../engine/cprog/testdata/corpus/select_server/server.c";
import selectClient from "../../../engine/cprog/testdata/corpus/select_server/client.c";
import epollServer from "../../../engine/cprog/testdata/corpus/epoll_server/server.c";
import epollClient from "../../../engine/cprog/testdata/corpus/epoll_server/client.c";
import tcpServer from "../../../engine/cprog/testdata/corpus/tcp_echo/server.c";
import tcpClient from "../../../engine/cprog/testdata/corpus/tcp_echo/client.c";
import sigpipeServer from "../../../engine/cprog/testdata/corpus/sigpipe/server.c";
import sigpipeClient from "../../../engine/cprog/testdata/corpus/sigpipe/client.c";
import printfFork from "../../../engine/cprog/testdata/corpus/printf_fork/main.c";
import scmRights from "../../../engine/cprog/testdata/corpus/scm_rights/main.c";

/** cExamples: name (i18n key "cex.<name>"), and the files, one program each. */
export const cExamples = [
  { name: "seed", files: [{ name: "server.c", src: seedServer }, { name: "client.c", src: seedClient }] },
  { name: "tcp_echo", files: [{ name: "server.c", src: tcpServer }, { name: "client.c", src: tcpClient }] },
  { name: "fork_per_conn", files: [{ name: "server.c", src: forkServer }, { name: "client.c", src: forkClient }] },
  { name: "select_server", files: [{ name: "server.c", src: selectServer }, { name: "client.c", src: selectClient }] },
  { name: "epoll_server", files: [{ name: "server.c", src: epollServer }, { name: "client.c", src: epollClient }] },
  { name: "sigpipe", files: [{ name: "server.c", src: sigpipeServer }, { name: "client.c", src: sigpipeClient }] },
  { name: "printf_fork", files: [{ name: "main.c", src: printfFork }] },
  { name: "scm_rights", files: [{ name: "main.c", src: scmRights }] },
];
