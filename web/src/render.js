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
import { tr, trn, getLang } from "./i18n.js";
import { taskLineage, renderPipe, renderEventpoll, inFlight, wqEntries, clockLine, v2Extras } from "./render_v2.js";

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

export function card(kind, o, ghost, ch, title, ...body) {
  const state = ghost ? "freed" : ch.get(o.id) || "";
  const word = state ? tr("k.state." + state) : "";
  return h("div", { class: `obj obj-${kind} ${state}`, "data-id": o.id, "data-kind": kind, title: state ? tr("k.stateTitle", { id: o.id, state: word }) : o.id },
    h("div", { class: "obj-head" }, h("span", { class: "obj-type" }, title), " ", h("span", { class: "obj-id" }, o.id), state ? h("span", { class: `badge badge-${state}` }, word) : null),
    ...body);
}

/**
 * breakable returns value as text nodes with a <wbr> after each "|", "/", ",", ":" and "·", and
 * after the "_" of words longer than 18 characters (not a leading "__"), so that a long value
 * (O_RDWR|O_NONBLOCK, /tmp/unix_domain_socket, __skb_wait_for_more_packets) wraps there rather
 * than mid-word; SOCK_STREAM stays whole.
 */
export function breakable(value) {
  const s = String(value ?? "");
  if (s.length < 12 || !/[|/,·:_]/.test(s)) return s;
  const out = [];
  let from = 0;
  let word = 0; // where the current word (run of non-spaces) starts
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === " ") { word = i + 1; continue; }
    let brk = "|/,·:".includes(c);
    if (c === "_" && i > 1 && s[i - 1] !== "_") {
      let end = i;
      while (end < s.length && s[end] !== " ") end++;
      brk = end - word > 18;
    }
    if (brk && i > 0 && i < s.length - 1) {
      out.push(s.slice(from, i + 1), document.createElement("wbr"));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

export function field(name, value, cf, o, attrs = {}) {
  const hot = cf && cf.get(o.id) && cf.get(o.id).has(name);
  return h("div", Object.assign({ class: "field" + (hot ? " hot" : "") }, attrs), h("span", { class: "k" }, name), " ", h("span", { class: "v" }, breakable(value)));
}

function list(v) { return v && v.length ? v.join("|") : "0"; }

function renderTask(t, ghost, ch, cf, files) {
  const asleep = t.state !== "TASK_RUNNING";
  const fdRows = (t.fdtable || []).map((fd) => {
    const f = files.get(fd.file);
    const tty = f && f.f_op === "tty_fops";
    return h("tr", { class: tty ? "tty" : "", "data-ref": tty ? null : fd.file, "data-rel": "fd" },
      h("td", { class: "fdnum" }, String(fd.fd)), h("td", {}, "→ " + fd.file + (fd.close_on_exec ? " " + tr("k.cloexec") : "")));
  });
  const c = card("task", t, ghost, ch, `${t.comm}`,
    h("div", { class: "task-state" + (asleep ? " asleep" : "") },
      asleep ? h("span", { class: "zz" }, "zZ") : "▶", ` pid ${t.pid} · `, breakable(t.state)),
    taskLineage(t),
    t.blocked ? h("div", { class: "sleep-where", "data-ref": t.wait_queue || null, "data-rel": "wait" },
      breakable(tr("k.sleepsIn", { call: t.blocked.call, fn: t.blocked.in, step: t.blocked.step }))) : null,
    h("table", { class: "fdtable" }, h("caption", {}, "fdtable"), h("tbody", {}, fdRows)));
  if (t.exit_state === "EXIT_ZOMBIE") c.classList.add("zombie");
  else if (asleep) {
    c.classList.add("asleep");
    c.querySelector(".obj-type").dataset.asleep = tr("legend.asleep");
  }
  return c;
}

function renderFile(f, ghost, ch, cf) {
  const tty = f.f_op === "tty_fops";
  const c = card("file", f, ghost, ch, "struct file",
    field("f_count", f.f_count, cf, f),
    field("f_flags", list(f.f_flags), cf, f),
    field("f_op", f.f_op, cf, f),
    field("f_path", f.f_path, cf, f),
    f.private_data ? field("private_data", "→ " + f.private_data, cf, f, { "data-ref": f.private_data, "data-rel": "ptr" }) : null,
    tty ? h("div", { class: "field note" }, tr("k.ttyNote")) : null);
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
      h("span", { class: "obj-id" }, skb.id), " " + tr("k.connReq") + " ", skb.sk || "?");
  }
  return bytesSkb(skb);
}

/** bytesSkb draws one sk_buff with its bytes (cut visibly after MAX_BYTES). */
function bytesSkb(skb) {
  const b = showBytes(skb.data);
  return h("li", { class: "skb", "data-id": skb.id },
    h("span", { class: "obj-id" }, skb.id), " " + tr("k.len", { n: skb.len }), skb.addr ? " " + tr("k.from", { addr: skb.addr }) : "", " ",
    h("code", { class: "bytes" }, `"${b.text}"`),
    b.more ? h("span", { class: "more" }, " " + tr("k.moreBytes", { n: b.more })) : null,
    inFlight(skb));
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
      h("span", { class: "v" }, tr("k.twExpires", { at: tcp.time_wait_expires_ms }) + (left > 0 ? " " + tr("k.twIn", { n: left }) : ""))));
  }
  if (s.sk_shutdown && s.sk_shutdown.length) body.push(field("sk_shutdown", s.sk_shutdown.join("|"), cf, s));
  if (s.sk_err) body.push(field("sk_err", s.sk_err, cf, s));
  body.push(field("sk_refcnt", s.sk_refcnt, cf, s));
  if (tcp && tcp.nodelay) body.push(h("div", { class: "field" }, h("span", { class: "k" }, "TCP_NODELAY"), " ", h("span", { class: "v" }, tr("k.on"))));
  const flags = (s.flags || []).filter((f) => f !== "inet_timewait_sock");
  if (tw) body.push(h("div", { class: "field note" }, tr("k.twNote")));
  if (flags.length) body.push(field("flags", flags.join("|"), cf, s));
  if (!s.sk_socket && !tw && !listening) body.push(h("div", { class: "field note" }, tr((s.flags || []).includes("SOCK_DEAD") ? "k.orphan" : "k.noSocketYet")));
  if (listening) {
    const syn = (tcp && tcp.syn_queue) || [];
    body.push(skbList(syn, "syn-queue", tr("k.synQueue", { n: syn.length }),
      (id) => h("li", { class: "skb reqsk", "data-id": id }, h("span", { class: "obj-id" }, id), " " + tr("k.synRecv"))));
    const kids = accepting || [];
    body.push(skbList(kids, "accept-queue", tr("k.acceptQueueInet", { n: s.sk_ack_backlog, backlog: s.sk_ack_backlog, max: s.sk_max_ack_backlog }),
      (id) => h("li", { class: "skb child", "data-ref": id, "data-rel": "embryo" }, h("span", { class: "obj-id" }, id), " " + tr("k.child"))));
    return card("sock", s, ghost, ch, `struct sock · tcp_sock (${tr("k.listener")})`, ...body);
  }
  const sizes = (n, alloc, buf) => ({ alloc, buf });
  if (stream) body.push(skbList(wq, "send-queue", trn("k.sendQueue", wq.length, sizes(wq.length, s.sk_wmem_alloc, s.sk_sndbuf)), bytesSkb));
  body.push(skbList(q, "recv-queue", trn(stream ? "k.recvQueue" : "k.recvQueueDgram", q.length, sizes(q.length, s.sk_rmem_alloc, s.sk_rcvbuf)), bytesSkb));
  const title = tw ? "inet_timewait_sock" : stream ? "struct sock · tcp_sock" : "struct sock · udp_sock";
  const c = card("sock", s, ghost, ch, title, ...body);
  c.classList.add("inet");
  if (tw) c.classList.add("timewait");
  return c;
}

/** renderInetTables draws struct inet_hashinfo: bind buckets, listening hash, established hash. */
function renderInetTables(t) {
  if (!t) return [h("p", { class: "empty" }, tr("k.noInet"))];
  const row = (k, v) => h("li", { class: "bucket" }, h("span", { class: "k" }, k), " ", v && v.length ? v.join(", ") : "—");
  const sec = (cls, title, items, empty) => h("div", { class: "inet-table " + cls },
    h("div", { class: "queue-label" }, title),
    h("ul", { class: "unix-table" }, items.length ? items : [h("li", { class: "bucket empty" }, empty)]));
  return [
    sec("bhash", tr("k.bhash"), (t.bhash || []).map((b) => row(tr("k.port", { port: b.port }), b.owners)), tr("k.noBoundPort")),
    sec("lhash", tr("k.lhash"), (t.listening_hash || []).map((id) => h("li", { class: "bucket" }, id)), tr("k.nobodyListens")),
    sec("ehash", tr("k.ehash"), (t.ehash || []).map((id) => h("li", { class: "bucket" }, id)), tr("k.empty")),
    t.udp_table ? sec("udptable", tr("k.udptable"), t.udp_table.map((b) => row(tr("k.port", { port: b.port }), b.owners)), tr("k.empty")) : null,
  ].filter(Boolean);
}

function renderSock(s, ghost, ch, cf) {
  const listening = s.sk_state === "TCP_LISTEN";
  const q = s.sk_receive_queue || [];
  const qLabel = listening
    ? tr("k.acceptQueue", { n: q.length, backlog: s.sk_ack_backlog, max: s.sk_max_ack_backlog })
    : trn("k.recvQueue", q.length, { alloc: s.sk_rmem_alloc, buf: s.sk_rcvbuf });
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
    s.sk_socket ? null : h("div", { class: "field note" }, listening ? "" : tr("k.noSocket")),
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
    h("div", { class: "field sleepers" }, h("span", { class: "k" }, "sleepers"), " ", h("span", { class: "v" }, names.length ? breakable(names.join(", ")) : tr("k.none"))),
    wqEntries(w));
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
  constructor() { this.prev = new Map(); this.next = new Map(); this.prevIds = new Map(); this.nextIds = new Map(); this.used = new Set(); this.dirty = false; }
  get(key, make, id) {
    let el = this.prev.get(key);
    if (!el || this.next.has(key)) {
      this.dirty = true; // an element made or morphed: drawArrows' index no longer holds
      el = make();
      const old = id && this.prevIds.get(id);
      if (old && !this.used.has(old) && morph(old, el) === old) {
        el = old;
        el._offs = el._arrows = null; // drawArrows' remembered field offsets and ends no longer hold
      }
    }
    // Only cards the chain highlighted carry these (classList.remove rewrites the class attribute
    // even when none is there: a style invalidation per card per step).
    if (el.classList.contains("touched")) el.classList.remove("touched", "touched-created", "touched-changed", "touched-freed");
    this.next.set(key, el);
    if (id) { this.nextIds.set(id, el); this.used.add(el); }
    return el;
  }
  rotate() { this.prev = this.next; this.next = new Map(); this.prevIds = this.nextIds; this.nextIds = new Map(); this.used = new Set(); }
}

/** The kernel view's parts: [part, column title key (i18n.js), section class], in drawing order. */
const PARTS = [
  ["tasks", "k.col.tasks", "col-tasks"],
  ["files", "k.col.files", "col-files"],
  ["sockets", "k.col.sockets", "col-sockets"],
  ["socks", "k.col.socks", "col-socks"],
  ["wire", "k.col.wire", "col-wire"],
  ["names", "k.col.names", "col-names"],
  ["inet", "k.col.inet", "col-inet"],
  ["inodes", "k.col.inodes", "col-inodes"],
  ["wqs", "k.col.wqs", "col-wq"],
];

/**
 * jsonOf is JSON.stringify(o), remembered per object: engine.js hands unchanged objects over with
 * the same identity from step to step, so a step stringifies only what changed.
 */
const jsonCache = new WeakMap();
function jsonOf(o) {
  let s = jsonCache.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    jsonCache.set(o, s);
  }
  return s;
}

/**
 * keyOf is a cache key for object o: prefix + its JSON, the same string from one step to the next
 * while o and prefix are unchanged. A key built anew each step was hashed anew in full by every
 * Map lookup: 1,000 sockets' cards are megabytes of JSON.
 */
const keyCache = new WeakMap();
function keyOf(o, prefix) {
  let k = keyCache.get(o);
  if (!k || k.prefix !== prefix) {
    k = { prefix, key: prefix + jsonOf(o) };
    keyCache.set(o, k);
  }
  return k.key;
}

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
  const busyWqs = (snap.wait_queues || []).filter((w) => (w.waiters || []).length || (w.entries || []).length || ch.has(w.id));
  const prevWq = (prev.wait_queues || []).filter((w) => removed.has(w.id));

  const memo = (kind, o, ghost, extra, make) => {
    if (!cache) return make();
    const state = ghost ? "freed" : ch.get(o.id) || "";
    const hot = cf.get(o.id);
    const key = keyOf(o, `${kind}|${state}|${hot ? [...hot].join(",") : ""}|${extra}|`);
    return cache.get(key, make, `${o.id}|${ghost ? "ghost" : ""}`);
  };
  const allFiles = new Map([...files, ...(prev.files || []).map((f) => [f.id, f])]);
  const ttys = (t) => (t.fdtable || []).map((fd) => (allFiles.get(fd.file) || {}).f_op === "tty_fops" ? "t" : "f").join("");
  const accepting = acceptQueues(snap.socks);
  const inet = !!(snap.inet || (snap.wire && snap.wire.length));
  // The name tables are kept while unchanged: rebuilt, their hundred rows were laid out anew every step.
  const names = () => {
    const table = (snap.unix_socket_table || []).map((b) =>
      h("li", { class: "bucket" }, h("span", { class: "k" }, `${b.kind} #${b.hash}`), " ", (b.socks || []).join(", ")));
    return table.length ? h("ul", { class: "unix-table" }, table) : h("p", { class: "empty" }, tr("k.empty"));
  };
  const whole = (key, make) => (cache ? cache.get(key, make) : make());
  // An empty column's note keeps its element (a new one each step moved the column's children).
  const orNone = (part, list, text = tr("k.none")) => (list.length ? list : [whole(`empty|${part}|${text}`, () => h("p", { class: "empty" }, text))]);
  return {
    tasks: orNone("tasks", withGhosts(snap.tasks, prev.tasks, removed).map(({ o, ghost }) => memo("task", o, ghost, ttys(o), () => renderTask(o, ghost, ch, cf, allFiles)))),
    files: orNone("files", withGhosts(snap.files, prev.files, removed).map(({ o, ghost }) => memo("file", o, ghost, "", () => renderFile(o, ghost, ch, cf)))),
    // What a struct file's private_data points at: a socket, a pipe, an eventpoll.
    sockets: orNone("sockets", [
      ...withGhosts(snap.sockets, prev.sockets, removed).map(({ o, ghost }) => memo("socket", o, ghost, "", () => renderSocket(o, ghost, ch, cf))),
      ...withGhosts(snap.pipes, prev.pipes, removed).map(({ o, ghost }) => memo("pipe", o, ghost, "", () => renderPipe(o, ghost, ch, cf))),
      ...withGhosts(snap.eventpolls, prev.eventpolls, removed).map(({ o, ghost }) => memo("eventpoll", o, ghost, "", () => renderEventpoll(o, ghost, ch, cf))),
    ]),
    socks: orNone("socks", withGhosts(snap.socks, prev.socks, removed).map(({ o, ghost }) => {
      if (o.sk_family !== "AF_INET") return memo("sock", o, ghost, "", () => renderSock(o, ghost, ch, cf));
      const kids = accepting.get(o.id) || [];
      const tw = (o.flags || []).includes("inet_timewait_sock") ? snap.clock_ms : "";
      return memo("inet", o, ghost, `${kids.join(",")}|${tw}`, () => renderInetSock(o, ghost, ch, cf, kids, snap.clock_ms));
    })),
    wire: inet ? renderWire(snap.wire, view.pos, view.events, cache) : [],
    names: [whole(snap.unix_socket_table ? keyOf(snap.unix_socket_table, "names|") : "names|", names)],
    inet: inet ? [whole(snap.inet ? keyOf(snap.inet, "inet|") : "inet|", () => h("div", { class: "inet-tables" }, renderInetTables(snap.inet)))] : [],
    inodes: orNone("inodes", withGhosts(snap.inodes, prev.inodes, removed).map(({ o, ghost }) => memo("inode", o, ghost, "", () => renderInode(o, ghost, ch, cf)))),
    wqs: [snap.clock_ms ? whole(`clock|${snap.clock_ms}`, () => clockLine(snap)) : null, ...orNone("wqs", withGhosts(busyWqs, prevWq, removed).map(({ o, ghost }) =>
      memo("wq", o, ghost, (o.waiters || []).map((id) => (tasks.get(id) || {}).comm).join(","), () => renderWaitQueue(o, ghost, ch, tasks))), tr("k.nobodySleeps"))].filter(Boolean),
  };
}

/**
 * kernelSkeleton is the view's fixed frame: the four object columns, the wire lane (AF_INET only),
 * the side panels (name tables, inodes, wait queues) and the SVG layer.
 */
function kernelSkeleton() {
  const byPart = new Map(PARTS.map((p) => [p[0], p]));
  const col = (part) => {
    const [, key, cls] = byPart.get(part);
    const title = tr(key);
    return h("section", { class: `col ${cls}`, "aria-label": title, "data-section": part }, h("h3", {}, title), h("div", { class: "col-body", "data-part": part }));
  };
  return h("div", { class: "kernel", "data-layout": "columns" },
    h("div", { class: "kernel-wire" }, col("wire")),
    h("div", { class: "kernel-cols" }, ["tasks", "files", "sockets", "socks"].map(col)),
    h("div", { class: "kernel-procs" }),
    h("div", { class: "kernel-side" }, h("div", { class: "col-stack" }, col("names"), col("inet")), col("inodes"), col("wqs")),
    svgEl("svg", { class: "arrows", "aria-hidden": "true" }));
}

/**
 * patchList makes container's children exactly els, leaving in place those already there. A child
 * that is no longer wanted is removed when met, not stepped around: stepping around it moved every
 * later child in front of it (the log dropping its oldest row moved all 400 rows each step).
 */
function patchList(container, els) {
  const want = new Set(els);
  let changed = false;
  let cur = container.firstChild;
  for (const n of els) {
    while (cur && cur !== n && !want.has(cur)) {
      const next = cur.nextSibling;
      cur.remove();
      cur = next;
      changed = true;
    }
    if (cur === n) {
      cur = cur.nextSibling;
      continue;
    }
    container.insertBefore(n, cur);
    changed = true;
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
    changed = true;
  }
  return changed;
}

/** renderKernel draws the whole kernel view as a new element. */
export function renderKernel(view, cache = null, layout = "columns") {
  const root = kernelSkeleton();
  root.dataset.layout = layout;
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
  const procs = root.dataset.layout === "procs";
  const main = new Set(["tasks", "files", "sockets", "socks"]);
  let moved = !cache || cache.dirty;
  if (cache) cache.dirty = false;
  for (const body of root._bodies) moved = patchList(body, procs && main.has(body.dataset.part) ? [] : parts[body.dataset.part] || []) || moved;
  if (moved) root._index = null; // drawArrows' index of the cards
  const lanes = root.querySelector(".kernel-procs");
  if (procs) {
    const ls = procLanes(view, parts, lanes);
    patchList(lanes, ls.length ? ls : [h("p", { class: "empty" }, tr("k.noProcs"))]);
  }
  else if (lanes.firstChild) lanes.replaceChildren();
  return root;
}

/**
 * procGroups follows each process's arrows — fd table → struct file → struct socket → struct
 * sock, and the connections waiting on a listener — and returns [{task, ids}] in that order (an
 * object shared by several processes goes with the first), plus one group (task null) of the
 * objects no process reaches (orphans, TIME_WAIT socks). Objects freed this step are placed by
 * the previous snapshot.
 */
export function procGroups(view) {
  const snap = view.snapshot || {};
  const prev = view.prev || {};
  const byId = new Map();
  for (const src of [prev, snap]) {
    for (const k of ["tasks", "files", "sockets", "socks", "pipes", "eventpolls"]) for (const o of src[k] || []) byId.set(o.id, o);
  }
  const accepting = acceptQueues(snap.socks);
  const seen = new Set();
  const groups = [];
  const tasks = [...(snap.tasks || [])];
  const removed = new Set((view.diff && view.diff.removed) || []);
  for (const t of prev.tasks || []) if (removed.has(t.id)) tasks.push(t);
  tasks.sort((a, b) => idNum(a.id) - idNum(b.id));
  const follow = (id, ids) => {
    if (!id || seen.has(id) || !byId.has(id)) return;
    seen.add(id);
    ids.push(id);
    const o = byId.get(id);
    if (o.private_data) follow(o.private_data, ids); // file → socket
    if (o.sk) follow(o.sk, ids); // socket → sock
    for (const kid of accepting.get(id) || []) follow(kid, ids); // TCP listener → its children
    for (const skb of o.sk_receive_queue || []) if (skb.sk && !skb.data) follow(skb.sk, ids); // AF_UNIX embryos
    for (const skb of o.sk_receive_queue || []) for (const f of skb.scm_rights || []) follow(f, ids); // files in flight go to their receiver
  };
  for (const t of tasks) {
    if (seen.has(t.id)) continue;
    const ids = [];
    follow(t.id, ids);
    for (const fd of t.fdtable || []) follow(fd.file, ids);
    groups.push({ task: t, ids });
  }
  const rest = [];
  for (const k of ["files", "sockets", "socks", "pipes", "eventpolls"]) {
    for (const src of [snap, prev]) for (const o of src[k] || []) if (!seen.has(o.id) && (src === snap || removed.has(o.id))) { seen.add(o.id); rest.push(o.id); }
  }
  if (rest.length) groups.push({ task: null, ids: rest });
  return groups;
}

/** procLanes lays the cards of parts out as one lane per process (procGroups), for narrow views. */
function procLanes(view, parts, host) {
  const cards = new Map();
  for (const k of ["tasks", "files", "sockets", "socks"]) {
    for (const el of parts[k] || []) if (el.dataset && el.dataset.id) cards.set(el.dataset.id, el);
  }
  // Lane elements are kept by key, so the cards inside them move as little as possible.
  const old = new Map([...host.children].map((el) => [el.dataset.lane, el]));
  return procGroups(view).map((g) => {
    const key = g.task ? g.task.id : "rest";
    const title = g.task ? tr("k.proc", { name: g.task.comm }) : tr("k.unreached");
    let lane = old.get(key);
    if (!lane) lane = h("section", { class: "lane", "data-lane": key }, h("h3", {}, title), h("div", { class: "lane-body" }));
    const head = lane.firstChild;
    if (head.textContent !== title) head.textContent = title;
    lane.setAttribute("aria-label", title);
    patchList(lane.lastChild, g.ids.map((id) => cards.get(id)).filter(Boolean));
    return lane;
  });
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

/** ARROW_MARGIN is how far (px) around the kernel's visible box an arrow's end still counts as seen. */
const ARROW_MARGIN = 200;

/**
 * cardArrows lists a card's arrow sources ([data-ref]) and targets ([data-id], the card first),
 * remembered on the card element: CardCache reuses an element only while its content is unchanged,
 * or morphs it and forgets this (with the field offsets).
 */
function cardArrows(card) {
  let c = card._arrows;
  if (!c) {
    const refs = [...card.querySelectorAll("[data-ref]")];
    if (card.hasAttribute("data-ref")) refs.unshift(card);
    const ids = card.hasAttribute("data-id") ? [card] : [];
    for (const el of card.querySelectorAll("[data-id]")) ids.push(el);
    c = card._arrows = { refs, ids, refNames: refs.map((el) => el.dataset.ref), idNames: ids.map((el) => el.dataset.id) };
  }
  return c;
}

/**
 * visibleCards returns the cards of root that meet vis (a box relative to root), measuring them into
 * boxes, and where each column's run of them starts and ends. A column's cards are stacked top to
 * bottom (or in rows), so a binary search finds the first one that reaches vis: a step reads
 * O(log n + visible) boxes, not every card's.
 */
function visibleCards(root, vis, box, boxes) {
  const seen = new Set();
  const runs = new Map(); // body -> {lo, hi, side}: children lo..hi-1 meet vis vertically; side: -1/0/1 left of, across, right of vis
  for (const body of root._bodies || []) {
    const kids = body.children;
    if (!kids.length) continue;
    const b = boxOf(body, box, boxes);
    body._h = b.height; // watchScroll: this height is drawn
    if (!b.width) continue;
    const side = b.left > vis.right ? 1 : b.left + b.width < vis.left ? -1 : 0;
    let lo = 0, hi = kids.length;
    while (lo < hi) { // the first child whose bottom reaches vis.top
      const mid = (lo + hi) >> 1;
      const m = boxOf(kids[mid], box, boxes);
      if (m.top + m.height < vis.top) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (; i < kids.length; i++) {
      const k = kids[i];
      const m = boxOf(k, box, boxes);
      if (m.top > vis.bottom) break;
      if (side === 0 && k.classList.contains("obj")) seen.add(k);
    }
    runs.set(body, { lo, hi: i, side });
  }
  return { seen, runs };
}

/**
 * crosses says whether an arrow between two cards off screen crosses the visible box: one end above
 * it and the other below (and not both beside it on one side), or one end left of it and the other
 * right. Each end is (h, v): -1, 0 or 1 for before, across or after the visible box.
 */
function crosses(ah, av, bh, bv) {
  if (av && av === -bv) return !(ah && ah === bh);
  return av === 0 && bv === 0 && ah !== 0 && ah === -bh;
}

/**
 * arrowIndex lists what root's cards point at and from: each target id's element and card position
 * (column body, index), each target's sources, and the cards that have sources. It is kept on root
 * and rebuilt only after a render changed the cards (root._index cleared by updateKernel): most steps
 * change a few cards of hundreds.
 */
function arrowIndex(root) {
  if (root._index) return root._index;
  const ids = new Map(); // target id -> its element
  const at = new Map(); // target id -> [body, index of its card]
  const into = new Map(); // target id -> sources pointing at it
  const sources = []; // [card, cardArrows(card), body, index] of the cards with sources
  for (const body of root._bodies) {
    let i = 0;
    for (let card = body.firstElementChild; card; card = card.nextElementSibling, i++) {
      if (!card._arrows && !card.classList.contains("obj")) continue;
      const c = cardArrows(card);
      for (let j = 0; j < c.ids.length; j++) {
        if (!ids.has(c.idNames[j])) {
          ids.set(c.idNames[j], c.ids[j]);
          at.set(c.idNames[j], [body, i]);
        }
      }
      for (let j = 0; j < c.refs.length; j++) {
        const r = c.refNames[j];
        const l = into.get(r);
        if (l) l.push(c.refs[j]);
        else into.set(r, [c.refs[j]]);
      }
      if (c.refs.length) sources.push([card, c, body, i]);
    }
  }
  root._index = { ids, at, into, sources };
  return root._index;
}

/**
 * drawArrows draws one SVG path per [data-ref] element of root to the element whose data-id it
 * names — those with an end on screen (in the kernel's scroll box, within ARROW_MARGIN), and those
 * that cross the screen with both ends off it on opposite sides: with 100 sockets the kernel is
 * ~20,000 px tall and 400 arrows long, and measuring every one each step cost more than the rest of
 * the step. Scrolling draws the arrows that come into view (one frame later).
 * It reads every position first (one layout), then writes; a source keeps its path element from one
 * call to the next and only changed attributes are written. It reads layout, so call it after root
 * is in the document.
 */
export function drawArrows(root) {
  const svg = root.querySelector(":scope > svg.arrows");
  if (!svg) return 0;
  if (root.dataset.layout === "procs") {
    // One lane per process reads top to bottom; the references name their targets.
    if (svg._paths) {
      for (const p of svg._paths.values()) p.remove();
      svg._paths.clear();
    }
    return 0;
  }
  watchScroll(root);
  if (!root._bodies) root._bodies = [...root.querySelectorAll(".col-body")];
  // Reads: one layout for everything.
  const box = root.getBoundingClientRect();
  const host = root.parentElement;
  const hb = host ? host.getBoundingClientRect() : box;
  const vw = window.innerWidth, vh = window.innerHeight;
  const vis = {
    left: Math.max(hb.left, 0) - box.left - ARROW_MARGIN, right: Math.min(hb.right, vw) - box.left + ARROW_MARGIN,
    top: Math.max(hb.top, 0) - box.top - ARROW_MARGIN, bottom: Math.min(hb.bottom, vh) - box.top + ARROW_MARGIN,
  };
  const sl = root.scrollLeft, st = root.scrollTop;
  const boxes = new Map();
  const { seen, runs } = visibleCards(root, vis, box, boxes);
  const { ids, at, into, sources } = arrowIndex(root);
  // The sources to draw: those in a card on screen, those pointing into one, and those whose arrow
  // crosses the screen from one side to the other (an fd row above the view to its struct file far
  // below it). Where a card lies comes from its column's visible run, unmeasured.
  const srcs = new Map(); // source -> the id it names
  for (const card of seen) {
    const c = cardArrows(card);
    for (let i = 0; i < c.refs.length; i++) srcs.set(c.refs[i], c.refNames[i]);
    for (const id of c.idNames) for (const src of into.get(id) || []) srcs.set(src, src.dataset.ref);
  }
  const side = (body) => (runs.get(body) || { side: 0 }).side;
  const vert = (body, i) => {
    const r = runs.get(body);
    return !r ? 0 : i < r.lo ? -1 : i >= r.hi ? 1 : 0;
  };
  for (const [card, c, body, i] of sources) {
    if (seen.has(card) || !runs.has(body)) continue;
    const ah = side(body), av = vert(body, i);
    for (let j = 0; j < c.refs.length; j++) {
      const t = at.get(c.refNames[j]);
      if (t && runs.has(t[0]) && crosses(ah, av, side(t[0]), vert(t[0], t[1]))) srcs.set(c.refs[j], c.refNames[j]);
    }
  }
  const want = [];
  for (const [src, ref] of srcs) {
    const dst = ids.get(ref);
    if (!dst) continue;
    const a = boxOf(src, box, boxes), b = boxOf(dst, box, boxes);
    if (!a.width || !b.width) continue;
    // Both ends off screen on the same side (a long card's far rows): nothing of it shows.
    if ((a.top > vis.bottom && b.top > vis.bottom) || (a.top + a.height < vis.top && b.top + b.height < vis.top)) continue;
    const ar = a.left + a.width, br = b.left + b.width;
    const sy = a.top + a.height / 2 + st;
    const ty = b.top + Math.min(14, b.height / 2) + st;
    let sx, tx, c1, c2;
    if (b.left >= ar - 4) { // target to the right
      sx = ar; tx = b.left;
      const d = Math.max(20, (tx - sx) / 2);
      c1 = sx + d; c2 = tx - d;
    } else if (br <= a.left + 4) { // target to the left
      sx = a.left; tx = br;
      const d = Math.max(20, (sx - tx) / 2);
      c1 = sx - d; c2 = tx + d;
    } else { // same column: loop out on the right
      sx = ar; tx = br;
      c1 = Math.max(sx, tx) + 28; c2 = c1;
    }
    sx += sl; tx += sl; c1 += sl; c2 += sl;
    const card = src.closest("[data-id]");
    const rel = src.dataset.rel || "ptr";
    const ghost = card && card.classList.contains("freed") ? " ghost" : "";
    const r1 = (x) => Math.round(x * 10) / 10;
    want.push({
      src,
      d: `M${r1(sx)},${r1(sy)} C${r1(c1)},${r1(sy)} ${r1(c2)},${r1(ty)} ${r1(tx)},${r1(ty)}`,
      cls: `arrow arrow-${rel}${ghost}`, from: card ? card.dataset.id : "", to: ref,
    });
  }
  // Writes: a source keeps its path from the last call; only what changed is written.
  if (!svg._defs) {
    const defs = svgEl("defs");
    const marker = svgEl("marker", { id: "arrowhead", viewBox: "0 0 8 8", refX: "7", refY: "4", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" }));
    defs.append(marker);
    svg.replaceChildren(defs);
    svg._defs = defs;
    svg._paths = new Map();
  }
  // The SVG is sized by CSS (the kernel's box): sized to scrollWidth it would keep a scrollbar it
  // caused itself (a vertical scrollbar narrows the box, and the old width then overflows).
  const old = svg._paths;
  const paths = new Map();
  const frag = document.createDocumentFragment();
  for (const w of want) {
    let p = old.get(w.src);
    if (p) old.delete(w.src);
    else {
      p = svgEl("path", { "marker-end": "url(#arrowhead)" });
      p._w = {};
      frag.append(p);
    }
    const o = p._w;
    if (o.d !== w.d) p.setAttribute("d", w.d);
    if (o.cls !== w.cls) p.setAttribute("class", w.cls);
    if (o.from !== w.from) p.setAttribute("data-from", w.from);
    if (o.to !== w.to) p.setAttribute("data-to", w.to);
    p._w = w;
    paths.set(w.src, p);
  }
  if (frag.firstChild) svg.append(frag);
  for (const p of old.values()) p.remove();
  svg._paths = paths;
  return want.length;
}

/**
 * watchScroll redraws root's arrows when its scroll box or the page scrolls (once a frame), so that
 * arrows coming into view are drawn; when root changes width (the page's scroll bar coming or going
 * after a step narrows every column); and when a column changes height without a step: cards off
 * screen are laid out only when they come near the view (content-visibility, style.css), and a
 * card's real height then moves the cards below it. A ResizeObserver runs after layout and before
 * paint, so the arrows are right in that same frame. A column's height as drawArrows last measured
 * it (body._h) is not news: a step's own render has drawn the arrows for it already. It lets go once
 * root has left the document.
 */
function watchScroll(root) {
  if (root._watch) return;
  const host = root.parentElement;
  let queued = 0;
  let width = -1;
  const resized = typeof ResizeObserver === "function" ? new ResizeObserver((entries) => {
    let moved = false;
    for (const e of entries) {
      if (e.target === root) {
        const w = e.contentRect.width;
        if (w !== width) moved = moved || width >= 0;
        width = w;
      } else {
        const h = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.target.getBoundingClientRect().height;
        if (e.target._h !== undefined && Math.abs(h - e.target._h) > 0.5) moved = true;
      }
    }
    if (moved && root.isConnected) drawArrows(root);
  }) : null;
  const redraw = () => {
    queued = 0;
    if (!root.isConnected) {
      if (host) host.removeEventListener("scroll", onScroll);
      window.removeEventListener("scroll", onScroll);
      if (resized) resized.disconnect();
      return;
    }
    drawArrows(root);
  };
  const onScroll = () => { if (!queued) queued = requestAnimationFrame(redraw); };
  if (host) host.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("scroll", onScroll, { passive: true });
  if (resized) {
    resized.observe(root);
    for (const body of root._bodies || root.querySelectorAll(".col-body")) resized.observe(body);
  }
  root._watch = onScroll;
}

/** renderChain draws the call chain as nested lists; each function lists what it touched. */
export function renderChain(frames) {
  if (!frames || !frames.length) return h("p", { class: "empty" }, tr("chain.empty"));
  const one = (f) => {
    const touched = (f.touched || []).map((t) => `${t.id}:${t.op}`).join(" ");
    return h("li", {},
      h("span", { class: "fn", tabindex: "0", "data-touched": touched }, f.fn),
      (f.touched || []).map((t) => h("span", { class: `touch touch-${t.op}` }, ` ${["created", "changed", "freed"].includes(t.op) ? tr("chain." + t.op) : t.op} ${t.id}`)),
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
  if (!events.length) return h("p", { class: "empty" }, tr(pos ? "log.none" : "log.empty"));
  return h("ol", { class: "log-list" }, logItems(events, srcLines, cache));
}

/** logItems are the log's rows (the newest MAX_LOG_ROWS, after a line counting the others). */
function logItems(events, srcLines, cache) {
  const hidden = Math.max(0, events.length - MAX_LOG_ROWS);
  const rows = events.slice(hidden).map((w) => {
    const text = stmtText(srcLines, w.line);
    const make = () => logRow(w, text);
    return cache ? cache.get(keyOf(w, text + "\u0000"), make) : make();
  });
  if (hidden) {
    const make = () => h("li", { class: "log-row more" }, tr("log.hidden", { n: hidden }));
    rows.unshift(cache ? cache.get("hidden\u0000" + hidden, make) : make());
  }
  return rows;
}

/**
 * updateLog brings host's log (what renderLog draws) up to date in place: rows already shown stay
 * where they are, so a step lays out only the rows it adds or removes (moving every row into a
 * new list made the browser restyle and lay out the whole log each step).
 */
export function updateLog(host, events, srcLines, pos, cache = null) {
  const ol = host.firstElementChild;
  if (!events.length || !ol || ol.tagName !== "OL" || host.childNodes.length !== 1) {
    const fresh = renderLog(events, srcLines, pos, cache);
    if (!(ol && fresh.tagName === "P" && ol.tagName === "P" && ol.textContent === fresh.textContent)) host.replaceChildren(fresh);
    return;
  }
  patchList(ol, logItems(events, srcLines, cache));
}

/** logRow draws one result: the statement as written, its result, and the errno explained. */
/** quotedBytes is a call's bytes as the log shows them: quoted, escaped, cut visibly. */
function quotedBytes(data) {
  const b = showBytes(data);
  return `"${b.text}"` + (b.more ? "…" : "");
}

/**
 * logRow draws one result line: the step, the process, the call as written (text), what it
 * returned and its errno explained. The C mode (cmode.js) passes its own bytes formatter (data)
 * and a node to show after the result (tail: the source line that made the call).
 */
export function logRow(w, text, { data = quotedBytes, tail = null } = {}) {
  const e = w.event || w;
  const args = sourceArgs(text);
  const cls = ["log-row", `ev-${e.event}`];
  let result;
  if (e.event === "error") {
    result = h("span", { class: "err" }, e.message);
  } else if (e.event === "block") {
    result = h("span", { class: "blocked" }, " = ? ", h("span", { class: "sleeping" }, h("span", { class: "zz" }, "zZ"), " " + tr("log.blocks")));
  } else {
    const ret = String(e.ret);
    const extra = [];
    if (e.data) extra.push(`${tr("log.data")} ${data(e.data)}`);
    if (e.addr) extra.push(`${tr("log.addr")} ${e.addr}`);
    extra.push(...v2Extras(e));
    result = h("span", {}, " = ", h("span", { class: "ret" }, ret), e.errno ? h("span", { class: "errno" }, " " + e.errno) : null,
      extra.length ? h("span", { class: "extra" }, "  " + extra.join(", ")) : null,
      e.after ? h("span", { class: "after" }, "  " + tr("log.woken", { step: e.after })) : null);
    if (e.errno) cls.push("has-errno");
  }
  const resumed = e.event === "return" && e.after;
  // A blocking call that was woken and failed with EAGAIN timed out (SO_RCVTIMEO/SO_SNDTIMEO): it was not nonblocking.
  const why = e.errno ? explainErrno(e.errno, resumed && e.errno === "EAGAIN" ? "timeout" : e.call, args, getLang()) : "";
  return h("li", { class: cls.join(" "), "data-step": e.step },
    h("span", { class: "step" }, String(e.step)), " ", h("span", { class: "proc" }, e.proc), " ",
    h("code", { class: "call" }, resumed ? `<... ${e.call} resumed>` : text || e.call), result, tail,
    why ? h("div", { class: "why" }, `${e.errno}: ${why}`) : null);
}

/** blockWhy says why a call of this kind sleeps (the same reasons as engine/timeline/narrate.go). */
function blockWhy(call) {
  if (call === "accept" || call === "accept4") return tr("why.accept");
  if (call === "read" || call === "recv" || call === "recvfrom" || call === "recvmsg") return tr("why.read");
  if (call === "write" || call === "send" || call === "sendto" || call === "sendmsg") return tr("why.write");
  if (call === "connect") return tr("why.connect");
  return tr("why.wait");
}

/** stepEvents are the events statement pos produced: its own, then the calls it woke. */
function stepEvents(view) {
  return (view.events || []).filter((w) => (w.event || w).step === view.pos || (w.event || w).after === view.pos)
    .sort((a, b) => ((a.event || a).after ? 1 : 0) - ((b.event || b).after ? 1 : 0));
}

/** outcome is "returns 5: \"hello\"", "fails with EAGAIN (…)" in the page's language. */
function outcome(e) {
  if (e.errno) return tr("nar.fails", { errno: e.errno });
  let out = e.data ? tr("nar.returnsData", { ret: e.ret, data: `"${showBytes(e.data, 64).text}"` + (showBytes(e.data, 64).more ? "…" : "") }) : tr("nar.returns", { ret: e.ret });
  if (e.addr) out += " " + tr("nar.address", { addr: e.addr });
  return out;
}

/**
 * narrate returns the plain-text narration for the live region, in the page's language, built
 * from the step's events (the engine's own narration is English only).
 */
export function narrate(view, srcLines) {
  if (!view.pos) return trn("nar.start", view.len, { len: view.len });
  const sleepsIn = new Map();
  for (const t of (view.snapshot && view.snapshot.tasks) || []) if (t.blocked) sleepsIn.set(t.blocked.step, t.blocked.in);
  const parts = stepEvents(view).map((w) => {
    const e = w.event || w;
    const src = stmtText(srcLines, w.line) || `${e.call}()`;
    if (e.event === "error") return tr("nar.error", { proc: e.proc || "", msg: e.message });
    if (e.event === "block") {
      const fn = sleepsIn.get(e.step);
      return tr(fn ? "nar.blockIn" : "nar.block", { proc: e.proc, src, why: blockWhy(e.call), fn });
    }
    if (e.after) return tr("nar.wake", { proc: e.proc, src, line: w.line, outcome: outcome(e) });
    return tr("nar.return", { proc: e.proc, src, outcome: outcome(e) });
  });
  return tr("nar.step", { pos: view.pos, len: view.len, what: parts.join(" ") || view.narration || "" });
}

/** stepSummary is a short account of statement pos for the scrubber ("server accept blocks"). */
export function stepSummary(view) {
  const own = stepEvents(view)[0];
  if (!own) return "";
  const e = own.event || own;
  if (e.event === "error") return tr("sum.error", { proc: e.proc || "", call: e.call || "" });
  if (e.event === "block") return tr("sum.block", { proc: e.proc, call: e.call });
  if (e.errno) return tr("sum.fail", { proc: e.proc, call: e.call, errno: e.errno });
  return tr("sum.return", { proc: e.proc, call: e.call, ret: e.ret });
}
