// render_v2.js — the kernel objects of timeline v2 (../shared/spec/timeline-v2.md) as cards and
// card parts, for render.js:
//
//   process lineage     a task's ppid, and a zombie (exit_state EXIT_ZOMBIE) with its exit code
//   pipe_inode_info     fs/pipe.c: readers/writers, the pipe_buffer ring with its bytes
//   struct eventpoll    fs/eventpoll.c: the interest list (rbr: one epitem per watched (file, fd))
//                       and the ready list (rdllist), each epitem pointing at its struct file
//   files in flight     net/unix/af_unix.c unix_attach_fds: an sk_buff's SCM_RIGHTS files
//   wait queue entries  include/linux/wait.h: who waits without sleeping in the queue's own call —
//                       a poller's poll_table entry (pollwake), epoll's ep_poll_callback
//   the clock           the simulated jiffies clock, once time has passed
//
// Objects pointed at by a struct file's private_data (a pipe, an eventpoll) are drawn in the same
// column as struct socket, so fd table → file → private_data reads left to right for every kind.

import { h, card, field, breakable, showBytes } from "./render.js";
import { tr } from "./i18n.js";

/** taskLineage is the task card's line about its parent and, for a zombie, how it ended. */
export function taskLineage(t) {
  const zombie = t.exit_state === "EXIT_ZOMBIE";
  if (!zombie && !t.ppid) return null;
  return h("div", { class: "task-lineage" + (zombie ? " zombie" : "") },
    t.ppid ? `ppid ${t.ppid}` : "",
    zombie ? h("span", { class: "zombie-note" }, (t.ppid ? " · " : "") + tr("k.zombie", { code: t.exit_code || 0 })) : null);
}

/** renderPipe draws a pipe_inode_info (fs/pipe.c) with its buffers' bytes. */
export function renderPipe(p, ghost, ch, cf) {
  const bufs = p.bufs || [];
  const queued = bufs.reduce((n, b) => n + (b.len || 0), 0);
  return card("pipe", p, ghost, ch, "pipe_inode_info",
    field("readers", p.readers, cf, p),
    field("writers", p.writers, cf, p),
    field("bufs", tr("k.pipeBufs", { n: bufs.length, max: p.max_usage, bytes: queued }), cf, p),
    h("ol", { class: "skbs pipe-bufs" }, bufs.map((b, i) => {
      const s = showBytes(b.data);
      return h("li", { class: "skb" }, h("span", { class: "obj-id" }, `buf[${i}]`), " " + tr("k.len", { n: b.len }) + " ",
        h("code", { class: "bytes" }, `"${s.text}"`), s.more ? h("span", { class: "more" }, " " + tr("k.moreBytes", { n: s.more })) : null);
    })),
    p.rd_wait ? field("rd_wait", p.rd_wait, cf, p) : null,
    p.wr_wait ? field("wr_wait", p.wr_wait, cf, p) : null);
}

/** renderEventpoll draws a struct eventpoll: its interest list and its ready list. */
export function renderEventpoll(ep, ghost, ch, cf) {
  const items = ep.rbr || [];
  const ready = ep.rdllist || items.filter((it) => it.ready).map((it) => it.id);
  const byId = new Map(items.map((it) => [it.id, it]));
  const epitem = (it) => h("li", { class: "epitem" + (it.ready ? " ready" : ""), "data-id": it.id, "data-ref": it.file || null, "data-rel": "ptr" },
    h("span", { class: "obj-id" }, it.id), ` fd ${it.fd} → ${it.file} `, h("span", { class: "v" }, breakable(it.events || "")));
  return card("eventpoll", ep, ghost, ch, "struct eventpoll",
    h("div", { class: "queue" },
      h("div", { class: "queue-label" }, tr("k.epRbr", { n: items.length })),
      items.length ? h("ol", { class: "skbs epitems" }, items.map(epitem)) : null),
    h("div", { class: "queue" },
      h("div", { class: "queue-label" }, tr("k.epReady", { n: ready.length })),
      ready.length ? h("ol", { class: "skbs rdllist" }, ready.map((id) => {
        const it = byId.get(id);
        return h("li", { class: "skb" }, h("span", { class: "obj-id" }, id), it ? ` fd ${it.fd}` : "");
      })) : null),
    ep.wq ? field("wq", ep.wq, cf, ep) : null);
}

/** inFlight is an sk_buff's line about the files it carries (SCM_RIGHTS), each with an arrow. */
export function inFlight(skb) {
  const files = skb.scm_rights || [];
  if (!files.length) return null;
  return h("div", { class: "in-flight" }, tr("k.inFlight") + " ",
    ...files.map((id) => h("span", { class: "flight", "data-ref": id, "data-rel": "flight" }, id + " ")));
}

/** wqEntries lists a wait queue's entries that are not sleeping tasks: pollers and epoll callbacks. */
export function wqEntries(w) {
  const entries = w.entries || [];
  if (!entries.length) return null;
  return h("ul", { class: "wq-entries" }, entries.map((e) =>
    h("li", { class: "wq-entry", "data-ref": e.epitem || e.task || null, "data-rel": "wait" },
      h("code", {}, e.func || "?"), " ", breakable([e.epitem, e.task, e.key].filter(Boolean).join(" · ")))));
}

/** clockLine shows the simulated clock once it has moved (sleep, time-outs). */
export function clockLine(snap) {
  if (!snap.clock_ms) return null;
  return h("p", { class: "clock" }, tr("k.clock", { ms: snap.clock_ms }));
}

/**
 * v2Extras are a result's timeline-v2 keys as the log shows them, spelled as the spec names them:
 * `ready [4:POLLIN|POLLHUP]` (poll/select/epoll_wait), `status 0` (wait), `fds [5]` and
 * `msgflags MSG_CTRUNC` (recvmsg), `linger 5` (getsockopt SO_LINGER).
 */
export function v2Extras(e) {
  const out = [];
  if (Array.isArray(e.ready)) out.push(`ready [${e.ready.map((r) => `${r.fd}:${r.events}`).join(", ")}]`);
  if (e.status !== undefined && e.status !== null) out.push(`status ${e.status}`);
  if (Array.isArray(e.fds)) out.push(`fds [${e.fds.join(", ")}]`);
  if (e.msgflags) out.push(`msgflags ${e.msgflags}`);
  if (e.linger !== undefined && e.linger !== null) out.push(`linger ${e.linger}`);
  return out;
}
