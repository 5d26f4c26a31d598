// render.js — pure render functions: a View (engine.js) in, DOM out.
//
// Nothing here talks to the engine or keeps state between calls. Every piece of text from a
// timeline, a URL or the engine is inserted with textContent (never innerHTML), so nothing a
// learner types is ever interpreted as HTML.
//
// Objects carry data-id="<kind>:<n>" (their stable engine id); an element that points at another
// object carries data-ref="<id>" and data-rel="<kind of arrow>"; drawArrows turns those into SVG.

import { explainErrno, sourceArgs } from "./errno.js";
import { renderWire } from "./wire.js";

const SVGNS = "http://www.w3.org/2000/svg";

/** h builds an element; string/number children become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** MAX_BYTES is how many bytes of an sk_buff are shown before the rest is elided visibly. */
export const MAX_BYTES = 48;

/** showBytes renders bytes (a JSON string of code points < 256) printable, truncated visibly. */
export function showBytes(data, max = MAX_BYTES) {
  const s = data || "";
  let out = "";
  const n = Math.min(s.length, max);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 92) out += "\\\\";
    else if (c < 32 || c >= 127) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += s[i];
  }
  return { text: out, more: Math.max(0, s.length - max) };
}

function idNum(id) {
  const i = id.lastIndexOf(":");
  return i < 0 ? 0 : parseInt(id.slice(i + 1), 10) || 0;
}

/** diffState returns the change class of an id: "added", "changed", "freed" or "". */
export function diffIndex(diff) {
  const m = new Map();
  for (const id of diff.added || []) m.set(id, "added");
  for (const c of diff.changed || []) m.set(typeof c === "string" ? c : c.id, "changed");
  for (const id of diff.removed || []) m.set(id, "freed");
  return m;
}

function changedFields(diff) {
  const m = new Map();
  for (const c of diff.changed || []) if (typeof c === "object" && c) m.set(c.id, new Set(c.fields || []));
  return m;
}

/** withGhosts merges the live objects with the ones freed this step (from the previous snapshot). */
function withGhosts(live, prevList, removed) {
  const out = (live || []).map((o) => ({ o, ghost: false }));
  for (const o of prevList || []) if (removed.has(o.id)) out.push({ o, ghost: true });
  out.sort((a, b) => idNum(a.o.id) - idNum(b.o.id));
  return out;
}

function card(kind, o, ghost, ch, title, ...body) {
  const state = ghost ? "freed" : ch.get(o.id) || "";
  return h("div", { class: `obj obj-${kind} ${state}`, "data-id": o.id, "data-kind": kind, title: state ? `${o.id} ${state} this step` : o.id },
    h("div", { class: "obj-head" }, h("span", { class: "obj-type" }, title), " ", h("span", { class: "obj-id" }, o.id), state ? h("span", { class: `badge badge-${state}` }, state) : null),
    ...body);
}

function field(name, value, cf, o, attrs = {}) {
  const hot = cf && cf.get(o.id) && cf.get(o.id).has(name);
  return h("div", Object.assign({ class: "field" + (hot ? " hot" : "") }, attrs), h("span", { class: "k" }, name), " ", h("span", { class: "v" }, value));
}

function list(v) { return v && v.length ? v.join("|") : "0"; }

function renderTask(t, ghost, ch, cf, files) {
  const asleep = t.state !== "TASK_RUNNING";
  const fdRows = (t.fdtable || []).map((fd) => {
    const f = files.get(fd.file);
    const tty = f && f.f_op === "tty_fops";
    return h("tr", { class: tty ? "tty" : "", "data-ref": tty ? null : fd.file, "data-rel": "fd" },
      h("td", { class: "fdnum" }, String(fd.fd)), h("td", {}, "→ " + fd.file + (fd.close_on_exec ? " (cloexec)" : "")));
  });
  const c = card("task", t, ghost, ch, `${t.comm}`,
    h("div", { class: "task-state" + (asleep ? " asleep" : "") },
      asleep ? h("span", { class: "zz" }, "zZ") : "▶", ` pid ${t.pid} · ${t.state}`),
    t.blocked ? h("div", { class: "sleep-where", "data-ref": t.wait_queue || null, "data-rel": "wait" },
      `sleeps in ${t.blocked.call}() → ${t.blocked.in} (since step ${t.blocked.step})`) : null,
    h("table", { class: "fdtable" }, h("caption", {}, "fdtable"), h("tbody", {}, fdRows)));
  if (asleep) c.classList.add("asleep");
  return c;
}

function renderFile(f, ghost, ch, cf) {
  const tty = f.f_op === "tty_fops";
  const c = card("file", f, ghost, ch, "struct file",
    field("f_count", f.f_count, cf, f),
    field("f_flags", list(f.f_flags), cf, f),
    field("f_op", f.f_op, cf, f),
    field("f_path", f.f_path, cf, f),
    f.private_data ? field("private_data", "→ " + f.private_data, cf, f, { "data-ref": f.private_data, "data-rel": "ptr" }) : null);
  if (tty) c.classList.add("tty");
  return c;
}

function renderSocket(s, ghost, ch, cf) {
  return card("socket", s, ghost, ch, "struct socket",
    field("state", s.state, cf, s),
    field("type", s.type, cf, s),
    field("ops", s.ops, cf, s),
    s.flags && s.flags.length ? field("flags", s.flags.join("|"), cf, s) : null,
    field("wq", s.wq, cf, s),
    s.sk ? field("sk", "→ " + s.sk, cf, s, { "data-ref": s.sk, "data-rel": "ptr" }) : null);
}

function renderSkb(skb, listening) {
  if (listening || (skb.sk && !skb.data)) {
    return h("li", { class: "skb", "data-id": skb.id, "data-ref": skb.sk || null, "data-rel": "embryo" },
      h("span", { class: "obj-id" }, skb.id), " connection request → embryo ", skb.sk || "?");
  }
  const b = showBytes(skb.data);
  return h("li", { class: "skb", "data-id": skb.id },
    h("span", { class: "obj-id" }, skb.id), ` len ${skb.len}`, skb.addr ? ` from ${skb.addr}` : "", " ",
    h("code", { class: "bytes" }, `"${b.text}"`),
    b.more ? h("span", { class: "more" }, ` … +${b.more} bytes`) : null);
}

function portOf(addr) {
  const i = (addr || "").lastIndexOf(":");
  return i < 0 ? "" : addr.slice(i + 1);
}

/**
 * acceptQueues maps each TCP listener to the children waiting on its accept queue. The snapshot
 * gives only the count (sk_ack_backlog); a child is an AF_INET stream sock with no struct socket
 * yet (not an orphan: SOCK_DEAD), sharing the listener's local port — exactly what
 * inet_csk_complete_hashdance leaves on icsk_accept_queue. tcp.accept_queue wins when present.
 */
export function acceptQueues(socks) {
  const out = new Map();
  const listeners = (socks || []).filter((s) => s.sk_family === "AF_INET" && s.sk_state === "TCP_LISTEN");
  for (const l of listeners) {
    if (l.tcp && Array.isArray(l.tcp.accept_queue)) { out.set(l.id, l.tcp.accept_queue); continue; }
    const lp = portOf(l.inet ? l.inet.inet_saddr : l.addr);
    const lip = (l.inet ? l.inet.inet_saddr : l.addr || "").replace(/:\d+$/, "");
    const kids = socks.filter((s) => s !== l && s.sk_family === "AF_INET" && s.sk_type === "SOCK_STREAM" && !s.sk_socket &&
      s.sk_state !== "TCP_LISTEN" && !(s.flags || []).includes("SOCK_DEAD") && s.inet &&
      portOf(s.inet.inet_saddr) === lp && (lip === "0.0.0.0" || s.inet.inet_saddr.startsWith(lip + ":")));
    out.set(l.id, kids.slice(0, Math.max(0, l.sk_ack_backlog | 0)).map((s) => s.id));
  }
  return out;
}

function skbList(q, cls, label, renderOne) {
  return h("div", { class: "queue " + cls },
    h("div", { class: "queue-label" }, label),
    q.length ? h("ol", { class: "skbs" }, q.map(renderOne)) : null);
}

/** renderInetSock draws an AF_INET sock: TCP state, addresses, sequence numbers, its queues. */
function renderInetSock(s, ghost, ch, cf, accepting, clock) {
  const tcp = s.tcp || null;
  const stream = s.sk_type === "SOCK_STREAM";
  const listening = s.sk_state === "TCP_LISTEN";
  const tw = (s.flags || []).includes("inet_timewait_sock");
  const inet = s.inet || {};
  const q = s.sk_receive_queue || [];
  const wq = s.sk_write_queue || [];
  const state = h("div", { class: `tcp-state st-${(s.sk_state || "").replace(/^TCP_/, "").toLowerCase()}` + (cf.get(s.id) && cf.get(s.id).has("sk_state") ? " hot" : "") },
    h("span", { class: "k" }, "sk_state"), " ", h("span", { class: "v" }, s.sk_state));
  const body = [
    state,
    field("sk_type", `AF_INET ${s.sk_type}`, cf, s),
    h("div", { class: "field inet-addr" + (cf.get(s.id) && cf.get(s.id).has("inet") ? " hot" : "") },
      h("span", { class: "k" }, "inet_saddr"), " ", h("span", { class: "v" }, inet.inet_saddr || s.addr || "0.0.0.0:0")),
    h("div", { class: "field inet-addr" + (cf.get(s.id) && cf.get(s.id).has("inet") ? " hot" : "") },
      h("span", { class: "k" }, "inet_daddr"), " ", h("span", { class: "v" }, inet.inet_daddr || "0.0.0.0:0")),
  ];
  if (tcp && !listening) {
    const hot = cf.get(s.id) && cf.get(s.id).has("tcp") ? " hot" : "";
    body.push(h("div", { class: "field seqs" + hot }, h("span", { class: "k" }, "snd_una snd_nxt"), " ", h("span", { class: "v" }, `${tcp.snd_una} ${tcp.snd_nxt}`)),
      h("div", { class: "field seqs" + hot }, h("span", { class: "k" }, "rcv_nxt"), " ", h("span", { class: "v" }, String(tcp.rcv_nxt))));
  }
  if (tw && tcp) {
    const left = (tcp.time_wait_expires_ms || 0) - (clock || 0);
    body.push(h("div", { class: "field tw" }, h("span", { class: "k" }, "TIME_WAIT (2MSL)"), " ",
      h("span", { class: "v" }, `expires at ${tcp.time_wait_expires_ms} ms` + (left > 0 ? ` (in ${left} ms)` : ""))));
  }
  if (s.sk_shutdown && s.sk_shutdown.length) body.push(field("sk_shutdown", s.sk_shutdown.join("|"), cf, s));
  if (s.sk_err) body.push(field("sk_err", s.sk_err, cf, s));
  body.push(field("sk_refcnt", s.sk_refcnt, cf, s));
  if (tcp && tcp.nodelay) body.push(h("div", { class: "field" }, h("span", { class: "k" }, "TCP_NODELAY"), " ", h("span", { class: "v" }, "on")));
  const flags = (s.flags || []).filter((f) => f !== "inet_timewait_sock");
  if (tw) body.push(h("div", { class: "field note" }, "inet_timewait_sock: the connection is gone, its 4-tuple stays in ehash"));
  if (flags.length) body.push(field("flags", flags.join("|"), cf, s));
  if (!s.sk_socket && !tw && !listening) body.push(h("div", { class: "field note" }, (s.flags || []).includes("SOCK_DEAD") ? "orphan: no struct socket (closed)" : "no struct socket yet: waits for accept()"));
  if (listening) {
    const syn = (tcp && tcp.syn_queue) || [];
    body.push(skbList(syn, "syn-queue", `SYN queue (request socks, TCP_NEW_SYN_RECV): ${syn.length}`,
      (id) => h("li", { class: "skb reqsk", "data-id": id }, h("span", { class: "obj-id" }, id), " SYN received, SYN|ACK sent")));
    const kids = accepting || [];
    body.push(skbList(kids, "accept-queue", `accept queue: ${s.sk_ack_backlog} waiting · sk_ack_backlog ${s.sk_ack_backlog}/${s.sk_max_ack_backlog}`,
      (id) => h("li", { class: "skb child", "data-ref": id, "data-rel": "embryo" }, h("span", { class: "obj-id" }, id), " established child, waits for accept()")));
    return card("sock", s, ghost, ch, "struct sock · tcp_sock (listener)", ...body);
  }
  const bytesSkb = (skb) => {
    const b = showBytes(skb.data);
    return h("li", { class: "skb", "data-id": skb.id },
      h("span", { class: "obj-id" }, skb.id), ` len ${skb.len}`, skb.addr ? ` from ${skb.addr}` : "", " ",
      h("code", { class: "bytes" }, `"${b.text}"`),
      b.more ? h("span", { class: "more" }, ` … +${b.more} bytes`) : null);
  };
  if (stream) body.push(skbList(wq, "send-queue", `sk_write_queue (send): ${wq.length} skb${wq.length === 1 ? "" : "s"} · ${s.sk_wmem_alloc}/${s.sk_sndbuf} bytes`, bytesSkb));
  body.push(skbList(q, "recv-queue", `sk_receive_queue: ${q.length} ${stream ? "skb" : "datagram"}${q.length === 1 ? "" : "s"} · ${s.sk_rmem_alloc}/${s.sk_rcvbuf} bytes`, bytesSkb));
  const title = tw ? "inet_timewait_sock" : stream ? "struct sock · tcp_sock" : "struct sock · udp_sock";
  const c = card("sock", s, ghost, ch, title, ...body);
  c.classList.add("inet");
  if (tw) c.classList.add("timewait");
  return c;
}

/** renderInetTables draws struct inet_hashinfo: bind buckets, listening hash, established hash. */
function renderInetTables(t) {
  if (!t) return [h("p", { class: "empty" }, "no AF_INET socket")];
  const row = (k, v) => h("li", { class: "bucket" }, h("span", { class: "k" }, k), " ", v && v.length ? v.join(", ") : "—");
  const sec = (cls, title, items, empty) => h("div", { class: "inet-table " + cls },
    h("div", { class: "queue-label" }, title),
    h("ul", { class: "unix-table" }, items.length ? items : [h("li", { class: "bucket empty" }, empty)]));
  return [
    sec("bhash", "bhash (inet_bind_bucket: port → owners)", (t.bhash || []).map((b) => row(`port ${b.port}`, b.owners)), "no bound TCP port"),
    sec("lhash", "listening_hash", (t.listening_hash || []).map((id) => h("li", { class: "bucket" }, id)), "nobody listens"),
    sec("ehash", "ehash (established, SYN_RECV, TIME_WAIT)", (t.ehash || []).map((id) => h("li", { class: "bucket" }, id)), "empty"),
    t.udp_table ? sec("udptable", "udp_table (port → socks)", t.udp_table.map((b) => row(`port ${b.port}`, b.owners)), "empty") : null,
  ].filter(Boolean);
}

function renderSock(s, ghost, ch, cf) {
  const listening = s.sk_state === "TCP_LISTEN";
  const q = s.sk_receive_queue || [];
  const qLabel = listening
    ? `accept queue (sk_receive_queue): ${q.length} waiting · sk_ack_backlog ${s.sk_ack_backlog}/${s.sk_max_ack_backlog}`
    : `sk_receive_queue: ${q.length} skb${q.length === 1 ? "" : "s"} · ${s.sk_rmem_alloc}/${s.sk_rcvbuf} bytes`;
  return card("sock", s, ghost, ch, "struct sock",
    field("sk_state", s.sk_state, cf, s),
    field("sk_type", `${s.sk_family} ${s.sk_type}`, cf, s),
    s.addr ? field("addr", s.addr, cf, s) : null,
    s.peer ? field("peer", "→ " + s.peer, cf, s, { "data-ref": s.peer, "data-rel": "peer" }) : null,
    s.sk_shutdown && s.sk_shutdown.length ? field("sk_shutdown", s.sk_shutdown.join("|"), cf, s) : null,
    s.sk_err ? field("sk_err", s.sk_err, cf, s) : null,
    field("sk_refcnt", s.sk_refcnt, cf, s),
    field("sk_wmem_alloc", `${s.sk_wmem_alloc}/${s.sk_sndbuf}`, cf, s),
    s.flags && s.flags.length ? field("flags", s.flags.join("|"), cf, s) : null,
    s.sk_socket ? null : h("div", { class: "field note" }, listening ? "" : "no struct socket (embryo or orphan)"),
    h("div", { class: "queue" + (listening ? " accept-queue" : " recv-queue") },
      h("div", { class: "queue-label" }, qLabel),
      h("ol", { class: "skbs" }, q.map((skb) => renderSkb(skb, listening)))));
}

function renderInode(i, ghost, ch, cf) {
  if (i.i_sb === "sockfs") {
    // A sockfs inode says little beyond its number: one line keeps 100 sockets readable.
    const c = card("inode", i, ghost, ch, "sockfs inode",
      h("div", { class: "field" }, h("span", { class: "k" }, `i_ino ${i.i_ino} ${i.i_mode}`), " ", h("span", { class: "v" }, i.socket ? "→ " + i.socket : "")));
    c.classList.add("compact");
    return c;
  }
  return card("inode", i, ghost, ch, "inode",
    field("i_ino", i.i_ino, cf, i),
    field("i_mode", i.i_mode, cf, i),
    i.path ? field("path", i.path, cf, i) : null,
    field("i_nlink", i.i_nlink, cf, i),
    i.socket ? field("socket", "→ " + i.socket, cf, i) : null,
    i.bound_sock ? field("bound_sock", "→ " + i.bound_sock, cf, i, { "data-ref": i.bound_sock, "data-rel": "bound" }) : null);
}

function renderWaitQueue(w, ghost, ch, tasks) {
  const names = (w.waiters || []).map((id) => (tasks.get(id) ? `${tasks.get(id).comm} (${id})` : id));
  const c = card("wq", w, ghost, ch, w.name,
    h("div", { class: "field" }, h("span", { class: "k" }, "owner"), " ", h("span", { class: "v" }, w.owner)),
    h("div", { class: "field sleepers" }, h("span", { class: "k" }, "sleepers"), " ", h("span", { class: "v" }, names.length ? names.join(", ") : "none")));
  if (names.length) c.classList.add("has-sleepers");
  return c;
}


/**
 * morph makes the existing node a look like the freshly built node b and returns the node to
 * keep: a itself when they have the same shape (only differing text and attributes are written,
 * so the browser re-lays out only those), otherwise b.
 */
export function morph(a, b) {
  if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return b;
  if (a.nodeType !== 1) {
    if (a.nodeValue !== b.nodeValue) a.nodeValue = b.nodeValue;
    return a;
  }
  for (const { name, value } of b.attributes) if (a.getAttribute(name) !== value) a.setAttribute(name, value);
  for (let i = a.attributes.length - 1; i >= 0; i--) {
    const n = a.attributes[i].name;
    if (!b.hasAttribute(n)) a.removeAttribute(n);
  }
  let ac = a.firstChild, bc = b.firstChild;
  while (bc) {
    const next = bc.nextSibling;
    if (ac) {
      const keep = morph(ac, bc);
      if (keep !== ac) a.replaceChild(keep, ac);
      ac = keep.nextSibling;
    } else {
      a.appendChild(bc);
    }
    bc = next;
  }
  while (ac) {
    const next = ac.nextSibling;
    ac.remove();
    ac = next;
  }
  return a;
}

/**
 * CardCache lets renderKernel reuse the DOM of objects since the previous render: get(key, make)
 * returns the element rendered for key last time, or make()'s. With an object id, an object
 * whose content changed keeps its element too: the old element is morphed into make()'s, so
 * only the changed text is laid out again. Call rotate() after each render so the cache holds
 * only the last render's elements.
 */
export class CardCache {
  constructor() { this.prev = new Map(); this.next = new Map(); this.prevIds = new Map(); this.nextIds = new Map(); this.used = new Set(); }
  get(key, make, id) {
    let el = this.prev.get(key);
    if (!el || this.next.has(key)) {
      el = make();
      const old = id && this.prevIds.get(id);
      if (old && !this.used.has(old) && morph(old, el) === old) {
        el = old;
        el._offs = null; // drawArrows' remembered field offsets no longer hold
      }
    }
    el.classList.remove("touched", "touched-created", "touched-changed", "touched-freed");
    this.next.set(key, el);
    if (id) { this.nextIds.set(id, el); this.used.add(el); }
    return el;
  }
  rotate() { this.prev = this.next; this.next = new Map(); this.prevIds = this.nextIds; this.nextIds = new Map(); this.used = new Set(); }
}

/** The kernel view's parts: [part, column title, section class], in drawing order. */
const PARTS = [
  ["tasks", "Processes · fd tables", "col-tasks"],
  ["files", "struct file", "col-files"],
  ["sockets", "struct socket", "col-sockets"],
  ["socks", "struct sock · queues", "col-socks"],
  ["wire", "The wire: packets on lo (tcpdump -i lo)", "col-wire"],
  ["names", "AF_UNIX name table", "col-names"],
  ["inet", "AF_INET hash tables (inet_hashinfo)", "col-inet"],
  ["inodes", "Inodes (sockfs · filesystem)", "col-inodes"],
  ["wqs", "Wait queues with sleepers", "col-wq"],
];

/**
 * kernelParts draws the snapshot's objects (with ghosts of what was freed this step), one list of
 * elements per part of the view. With a CardCache, objects that did not change keep their element.
 */
export function kernelParts(view, cache = null) {
  const snap = view.snapshot || {};
  const prev = view.prev || {};
  const diff = view.diff || {};
  const ch = diffIndex(diff);
  const cf = changedFields(diff);
  const removed = new Set(diff.removed || []);
  const files = new Map((snap.files || []).map((f) => [f.id, f]));
  const tasks = new Map((snap.tasks || []).map((t) => [t.id, t]));
  const busyWqs = (snap.wait_queues || []).filter((w) => (w.waiters || []).length || ch.has(w.id));
  const prevWq = (prev.wait_queues || []).filter((w) => removed.has(w.id));

  const memo = (kind, o, ghost, extra, make) => {
    const state = ghost ? "freed" : ch.get(o.id) || "";
    const hot = cf.get(o.id);
    const key = `${kind}|${state}|${hot ? [...hot].join(",") : ""}|${extra}|${JSON.stringify(o)}`;
    return cache ? cache.get(key, make, `${o.id}|${ghost ? "ghost" : ""}`) : make();
  };
  const allFiles = new Map([...files, ...(prev.files || []).map((f) => [f.id, f])]);
  const ttys = (t) => (t.fdtable || []).map((fd) => (allFiles.get(fd.file) || {}).f_op === "tty_fops" ? "t" : "f").join("");
  const accepting = acceptQueues(snap.socks);
  const inet = !!(snap.inet || (snap.wire && snap.wire.length));
  const orNone = (list, text = "none") => (list.length ? list : [h("p", { class: "empty" }, text)]);
  const table = (snap.unix_socket_table || []).map((b) =>
    h("li", { class: "bucket" }, h("span", { class: "k" }, `${b.kind} #${b.hash}`), " ", (b.socks || []).join(", ")));
  return {
    tasks: orNone(withGhosts(snap.tasks, prev.tasks, removed).map(({ o, ghost }) => memo("task", o, ghost, ttys(o), () => renderTask(o, ghost, ch, cf, allFiles)))),
    files: orNone(withGhosts(snap.files, prev.files, removed).map(({ o, ghost }) => memo("file", o, ghost, "", () => renderFile(o, ghost, ch, cf)))),
    sockets: orNone(withGhosts(snap.sockets, prev.sockets, removed).map(({ o, ghost }) => memo("socket", o, ghost, "", () => renderSocket(o, ghost, ch, cf)))),
    socks: orNone(withGhosts(snap.socks, prev.socks, removed).map(({ o, ghost }) => {
      if (o.sk_family !== "AF_INET") return memo("sock", o, ghost, "", () => renderSock(o, ghost, ch, cf));
      const kids = accepting.get(o.id) || [];
      const tw = (o.flags || []).includes("inet_timewait_sock") ? snap.clock_ms : "";
      return memo("inet", o, ghost, `${kids.join(",")}|${tw}`, () => renderInetSock(o, ghost, ch, cf, kids, snap.clock_ms));
    })),
    wire: inet ? renderWire(snap.wire, view.pos, view.events, cache) : [],
    names: [table.length ? h("ul", { class: "unix-table" }, table) : h("p", { class: "empty" }, "empty")],
    inet: inet ? renderInetTables(snap.inet) : [],
    inodes: orNone(withGhosts(snap.inodes, prev.inodes, removed).map(({ o, ghost }) => memo("inode", o, ghost, "", () => renderInode(o, ghost, ch, cf)))),
    wqs: orNone(withGhosts(busyWqs, prevWq, removed).map(({ o, ghost }) =>
      memo("wq", o, ghost, (o.waiters || []).map((id) => (tasks.get(id) || {}).comm).join(","), () => renderWaitQueue(o, ghost, ch, tasks))), "nobody sleeps"),
  };
}

/**
 * kernelSkeleton is the view's fixed frame: the four object columns, the wire lane (AF_INET only),
 * the side panels (name tables, inodes, wait queues) and the SVG layer.
 */
function kernelSkeleton() {
  const byPart = new Map(PARTS.map((p) => [p[0], p]));
  const col = (part) => {
    const [, title, cls] = byPart.get(part);
    return h("section", { class: `col ${cls}`, "aria-label": title, "data-section": part }, h("h3", {}, title), h("div", { class: "col-body", "data-part": part }));
  };
  return h("div", { class: "kernel" },
    h("div", { class: "kernel-wire" }, col("wire")),
    h("div", { class: "kernel-cols" }, ["tasks", "files", "sockets", "socks"].map(col)),
    h("div", { class: "kernel-side" }, h("div", { class: "col-stack" }, col("names"), col("inet")), col("inodes"), col("wqs")),
    svgEl("svg", { class: "arrows", "aria-hidden": "true" }));
}

/** patchList makes container's children exactly els, leaving in place those already there. */
function patchList(container, els) {
  let cur = container.firstChild;
  for (const n of els) {
    if (cur === n) {
      cur = cur.nextSibling;
      continue;
    }
    container.insertBefore(n, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}

/** renderKernel draws the whole kernel view as a new element. */
export function renderKernel(view, cache = null) {
  const root = kernelSkeleton();
  updateKernel(root, view, cache);
  return root;
}

/**
 * updateKernel brings an element made by renderKernel up to date with view, touching only what
 * changed (so the browser lays out only that). Call drawArrows(root) afterwards.
 */
export function updateKernel(root, view, cache = null) {
  const parts = kernelParts(view, cache);
  const snap = view.snapshot || {};
  const inet = !!(snap.inet || (snap.wire && snap.wire.length));
  if (root.dataset.inet !== String(inet)) {
    // The wire lane and the AF_INET tables only exist for timelines that use AF_INET.
    root.dataset.inet = String(inet);
    root.querySelector(".kernel-wire").hidden = !inet;
    root.querySelector(".col-inet").hidden = !inet;
  }
  if (!root._bodies) root._bodies = [...root.querySelectorAll(".col-body")];
  for (const body of root._bodies) patchList(body, parts[body.dataset.part] || []);
  return root;
}

function svgEl(tag, attrs) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

/**
 * boxOf returns el's box relative to the kernel root's border box. Cards are measured each time
 * (one read each once layout is clean); a field inside a card is measured once per card element
 * and remembered as an offset from its card, because a card's element is only reused
 * (CardCache) while its content is unchanged. A width change (resize) forgets the offsets.
 */
function boxOf(el, box, cache) {
  let r = cache.get(el);
  if (r) return r;
  const card = el.closest(".obj");
  if (!card || card === el) {
    const b = el.getBoundingClientRect();
    r = { left: b.left - box.left, top: b.top - box.top, width: b.width, height: b.height };
  } else {
    const c = boxOf(card, box, cache);
    let offs = card._offs;
    if (!offs || card._offsWidth !== c.width) {
      offs = card._offs = new Map();
      card._offsWidth = c.width;
    }
    let o = offs.get(el);
    if (!o) {
      const b = el.getBoundingClientRect();
      o = { dx: b.left - box.left - c.left, dy: b.top - box.top - c.top, width: b.width, height: b.height };
      offs.set(el, o);
    }
    r = { left: c.left + o.dx, top: c.top + o.dy, width: o.width, height: o.height };
  }
  cache.set(el, r);
  return r;
}

/**
 * drawArrows draws one SVG path per [data-ref] element of root to the element whose data-id it
 * names. It reads every position first (one layout), then writes; paths are kept from one call
 * to the next and only those whose geometry changed are touched. It reads layout, so call it
 * after root is in the document.
 */
export function drawArrows(root) {
  const svg = root.querySelector("svg.arrows");
  if (!svg) return 0;
  // Reads: one layout for everything.
  const box = root.getBoundingClientRect();
  const width = root.scrollWidth, height = root.scrollHeight;
  const sl = root.scrollLeft, st = root.scrollTop;
  const ids = new Map();
  for (const el of root.querySelectorAll("[data-id]")) if (!ids.has(el.dataset.id)) ids.set(el.dataset.id, el);
  const boxes = new Map();
  const want = [];
  for (const src of root.querySelectorAll("[data-ref]")) {
    const dst = ids.get(src.dataset.ref);
    if (!dst) continue;
    const a = boxOf(src, box, boxes), b = boxOf(dst, box, boxes);
    if (!a.width || !b.width) continue;
    a.right = a.left + a.width; b.right = b.left + b.width;
    const sy = a.top + a.height / 2 + st;
    const ty = b.top + Math.min(14, b.height / 2) + st;
    let sx, tx, c1, c2;
    if (b.left >= a.right - 4) { // target to the right
      sx = a.right; tx = b.left;
      const d = Math.max(20, (tx - sx) / 2);
      c1 = sx + d; c2 = tx - d;
    } else if (b.right <= a.left + 4) { // target to the left
      sx = a.left; tx = b.right;
      const d = Math.max(20, (sx - tx) / 2);
      c1 = sx - d; c2 = tx + d;
    } else { // same column: loop out on the right
      sx = a.right; tx = b.right;
      c1 = Math.max(sx, tx) + 28; c2 = c1;
    }
    sx += sl; tx += sl; c1 += sl; c2 += sl;
    const card = src.closest("[data-id]");
    const rel = src.dataset.rel || "ptr";
    const ghost = card && card.classList.contains("freed") ? " ghost" : "";
    const r1 = (x) => Math.round(x * 10) / 10;
    want.push({
      d: `M${r1(sx)},${r1(sy)} C${r1(c1)},${r1(sy)} ${r1(c2)},${r1(ty)} ${r1(tx)},${r1(ty)}`,
      cls: `arrow arrow-${rel}${ghost}`, from: card ? card.dataset.id : "", to: dst.dataset.id,
    });
  }
  // Writes: reuse the path elements of the last call, in order.
  if (!svg._defs) {
    const defs = svgEl("defs");
    const marker = svgEl("marker", { id: "arrowhead", viewBox: "0 0 8 8", refX: "7", refY: "4", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" }));
    defs.append(marker);
    svg.replaceChildren(defs);
    svg._defs = defs;
    svg._paths = [];
  }
  if (svg.getAttribute("width") !== String(width)) svg.setAttribute("width", String(width));
  if (svg.getAttribute("height") !== String(height)) svg.setAttribute("height", String(height));
  const paths = svg._paths;
  const frag = document.createDocumentFragment();
  want.forEach((w, i) => {
    let p = paths[i];
    if (!p) {
      p = svgEl("path", { "marker-end": "url(#arrowhead)" });
      p._w = {};
      paths.push(p);
      frag.append(p);
    }
    const o = p._w;
    if (o.d !== w.d) p.setAttribute("d", w.d);
    if (o.cls !== w.cls) p.setAttribute("class", w.cls);
    if (o.from !== w.from) p.setAttribute("data-from", w.from);
    if (o.to !== w.to) p.setAttribute("data-to", w.to);
    p._w = w;
  });
  if (frag.firstChild) svg.append(frag);
  for (const p of paths.splice(want.length)) p.remove();
  return want.length;
}

/** renderChain draws the call chain as nested lists; each function lists what it touched. */
export function renderChain(frames) {
  if (!frames || !frames.length) return h("p", { class: "empty" }, "No kernel functions ran in this step.");
  const one = (f) => {
    const touched = (f.touched || []).map((t) => `${t.id}:${t.op}`).join(" ");
    return h("li", {},
      h("span", { class: "fn", tabindex: "0", "data-touched": touched }, f.fn),
      (f.touched || []).map((t) => h("span", { class: `touch touch-${t.op}` }, ` ${t.op} ${t.id}`)),
      f.calls && f.calls.length ? h("ul", {}, f.calls.map(one)) : null);
  };
  return h("ul", { class: "chain-tree" }, frames.map(one));
}

/** stmtText returns a statement's call text from its source line (without the process prefix). */
export function stmtText(lines, line) {
  const l = (lines[line - 1] || "").replace(/#.*$/, "").trim();
  return l.replace(/^[A-Za-z_][A-Za-z0-9_]*\s*:\s*/, "").replace(/;$/, "");
}

/** renderLog draws the strace-like results log with errno explanations. */
export const MAX_LOG_ROWS = 400;

export function renderLog(events, srcLines, pos, cache = null) {
  if (!events.length) return h("p", { class: "empty" }, pos ? "No results." : "Press Step to run the first statement.");
  const hidden = Math.max(0, events.length - MAX_LOG_ROWS);
  const rows = events.slice(hidden).map((w) => {
    const text = stmtText(srcLines, w.line);
    const make = () => logRow(w, text);
    return cache ? cache.get(JSON.stringify(w) + "\u0000" + text, make) : make();
  });
  return h("ol", { class: "log-list" }, hidden ? h("li", { class: "log-row more" }, `… ${hidden} earlier results not shown`) : null, rows);
}

/** logRow draws one result: the statement as written, its result, and the errno explained. */
function logRow(w, text) {
  const e = w.event || w;
  const args = sourceArgs(text);
  const cls = ["log-row", `ev-${e.event}`];
  let result;
  if (e.event === "error") {
    result = h("span", { class: "err" }, e.message);
  } else if (e.event === "block") {
    result = h("span", { class: "blocked" }, " = ? ", h("span", { class: "sleeping" }, h("span", { class: "zz" }, "zZ"), " blocks"));
  } else {
    const ret = String(e.ret);
    const extra = [];
    if (e.data) extra.push(`data "${showBytes(e.data).text}"` + (showBytes(e.data).more ? "…" : ""));
    if (e.addr) extra.push(`addr ${e.addr}`);
    result = h("span", {}, " = ", h("span", { class: "ret" }, ret), e.errno ? h("span", { class: "errno" }, " " + e.errno) : null,
      extra.length ? h("span", { class: "extra" }, "  " + extra.join(", ")) : null,
      e.after ? h("span", { class: "after" }, `  (woken by step ${e.after})`) : null);
    if (e.errno) cls.push("has-errno");
  }
  const resumed = e.event === "return" && e.after;
  const why = e.errno ? explainErrno(e.errno, e.call, args) : "";
  return h("li", { class: cls.join(" "), "data-step": e.step },
    h("span", { class: "step" }, String(e.step)), " ", h("span", { class: "proc" }, e.proc), " ",
    h("code", { class: "call" }, resumed ? `<... ${e.call} resumed>` : text || e.call), result,
    why ? h("div", { class: "why" }, `${e.errno}: ${why}`) : null);
}

/** narrate returns the plain-text narration for the live region. */
export function narrate(view, srcLines) {
  if (!view.pos) return `Before the first statement. ${view.len} statements.`;
  if (view.narration) return `Step ${view.pos} of ${view.len}: ${view.narration}`;
  const evs = view.events.filter((w) => (w.event || w).step === view.pos || (w.event || w).after === view.pos);
  const parts = evs.map((w) => {
    const e = w.event || w;
    if (e.event === "block") return `${e.proc} calls ${e.call} and sleeps.`;
    if (e.event === "error") return `${e.proc}: ${e.message}.`;
    if (e.after) return `${e.proc}'s ${e.call} wakes up and returns ${e.ret}.`;
    return `${e.proc} calls ${e.call}: returns ${e.ret}${e.errno ? " " + e.errno : ""}.`;
  });
  return `Step ${view.pos} of ${view.len}. ${parts.join(" ")}`;
}
