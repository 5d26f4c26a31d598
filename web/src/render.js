// render.js — pure render functions: a View (engine.js) in, DOM out.
//
// Nothing here talks to the engine or keeps state between calls. Every piece of text from a
// timeline, a URL or the engine is inserted with textContent (never innerHTML), so nothing a
// learner types is ever interpreted as HTML.
//
// Objects carry data-id="<kind>:<n>" (their stable engine id); an element that points at another
// object carries data-ref="<id>" and data-rel="<kind of arrow>"; drawArrows turns those into SVG.

import { explainErrno, sourceArgs } from "./errno.js";

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
 * CardCache lets renderKernel reuse the DOM of objects that did not change since the previous
 * render: get(key, make) returns the element rendered for key last time, or make()'s. Call
 * rotate() after each render so the cache holds only the last render's cards.
 */
export class CardCache {
  constructor() { this.prev = new Map(); this.next = new Map(); }
  get(key, make) {
    let el = this.prev.get(key);
    if (!el || this.next.has(key)) el = make();
    el.classList.remove("touched", "touched-created", "touched-changed", "touched-freed");
    this.next.set(key, el);
    return el;
  }
  rotate() { this.prev = this.next; this.next = new Map(); }
}

/** The kernel view's parts: [part, column title, section class], in drawing order. */
const PARTS = [
  ["tasks", "Processes · fd tables", "col-tasks"],
  ["files", "struct file", "col-files"],
  ["sockets", "struct socket", "col-sockets"],
  ["socks", "struct sock · queues", "col-socks"],
  ["names", "AF_UNIX name table", "col-names"],
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
    return cache ? cache.get(key, make) : make();
  };
  const allFiles = new Map([...files, ...(prev.files || []).map((f) => [f.id, f])]);
  const ttys = (t) => (t.fdtable || []).map((fd) => (allFiles.get(fd.file) || {}).f_op === "tty_fops" ? "t" : "f").join("");
  const orNone = (list, text = "none") => (list.length ? list : [h("p", { class: "empty" }, text)]);
  const table = (snap.unix_socket_table || []).map((b) =>
    h("li", { class: "bucket" }, h("span", { class: "k" }, `${b.kind} #${b.hash}`), " ", (b.socks || []).join(", ")));
  return {
    tasks: orNone(withGhosts(snap.tasks, prev.tasks, removed).map(({ o, ghost }) => memo("task", o, ghost, ttys(o), () => renderTask(o, ghost, ch, cf, allFiles)))),
    files: orNone(withGhosts(snap.files, prev.files, removed).map(({ o, ghost }) => memo("file", o, ghost, "", () => renderFile(o, ghost, ch, cf)))),
    sockets: orNone(withGhosts(snap.sockets, prev.sockets, removed).map(({ o, ghost }) => memo("socket", o, ghost, "", () => renderSocket(o, ghost, ch, cf)))),
    socks: orNone(withGhosts(snap.socks, prev.socks, removed).map(({ o, ghost }) => memo("sock", o, ghost, "", () => renderSock(o, ghost, ch, cf)))),
    names: [table.length ? h("ul", { class: "unix-table" }, table) : h("p", { class: "empty" }, "empty")],
    inodes: orNone(withGhosts(snap.inodes, prev.inodes, removed).map(({ o, ghost }) => memo("inode", o, ghost, "", () => renderInode(o, ghost, ch, cf)))),
    wqs: orNone(withGhosts(busyWqs, prevWq, removed).map(({ o, ghost }) => renderWaitQueue(o, ghost, ch, tasks)), "nobody sleeps"),
  };
}

/** kernelSkeleton is the view's fixed frame: columns with an empty body per part, and the SVG layer. */
function kernelSkeleton() {
  const col = ([part, title, cls]) =>
    h("section", { class: `col ${cls}`, "aria-label": title }, h("h3", {}, title), h("div", { class: "col-body", "data-part": part }));
  return h("div", { class: "kernel" },
    h("div", { class: "kernel-cols" }, PARTS.slice(0, 4).map(col)),
    h("div", { class: "kernel-side" }, PARTS.slice(4).map(col)),
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
  for (const body of root.querySelectorAll(".col-body")) patchList(body, parts[body.dataset.part] || []);
  return root;
}

function svgEl(tag, attrs) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

/**
 * drawArrows draws one SVG path per [data-ref] element of root to the element whose data-id it
 * names. It reads layout, so call it after root is in the document.
 */
export function drawArrows(root) {
  const svg = root.querySelector("svg.arrows");
  if (!svg) return 0;
  // Read every position first (one layout), then write.
  const box = root.getBoundingClientRect();
  const width = root.scrollWidth, height = root.scrollHeight;
  const ids = new Map();
  for (const el of root.querySelectorAll("[data-id]")) if (!ids.has(el.dataset.id)) ids.set(el.dataset.id, el);
  const jobs = [];
  for (const src of root.querySelectorAll("[data-ref]")) {
    const dst = ids.get(src.dataset.ref);
    if (!dst) continue;
    jobs.push({ src, dst, a: src.getBoundingClientRect(), b: dst.getBoundingClientRect() });
  }
  svg.replaceChildren();
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  const defs = svgEl("defs");
  const marker = svgEl("marker", { id: "arrowhead", viewBox: "0 0 8 8", refX: "7", refY: "4", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
  marker.append(svgEl("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" }));
  defs.append(marker);
  svg.append(defs);
  const sl = root.scrollLeft, st = root.scrollTop;
  const paths = [];
  for (const { src, dst, a, b } of jobs) {
    if (!a.width || !b.width) continue;
    const sy = a.top + a.height / 2 - box.top + st;
    const ty = b.top + Math.min(14, b.height / 2) - box.top + st;
    let sx, tx, c1, c2;
    if (b.left >= a.right - 4) { // target to the right
      sx = a.right - box.left; tx = b.left - box.left;
      const d = Math.max(20, (tx - sx) / 2);
      c1 = sx + d; c2 = tx - d;
    } else if (b.right <= a.left + 4) { // target to the left
      sx = a.left - box.left; tx = b.right - box.left;
      const d = Math.max(20, (sx - tx) / 2);
      c1 = sx - d; c2 = tx + d;
    } else { // same column: loop out on the right
      sx = a.right - box.left; tx = b.right - box.left;
      c1 = Math.max(sx, tx) + 28; c2 = c1;
    }
    sx += sl; tx += sl; c1 += sl; c2 += sl;
    const rel = src.dataset.rel || "ptr";
    const ghost = src.closest(".freed") ? " ghost" : "";
    paths.push(svgEl("path", { d: `M${sx},${sy} C${c1},${sy} ${c2},${ty} ${tx},${ty}`, class: `arrow arrow-${rel}${ghost}`, "marker-end": "url(#arrowhead)", "data-from": src.closest("[data-id]")?.dataset.id || "", "data-to": dst.dataset.id }));
  }
  svg.append(...paths);
  const n = paths.length;
  return n;
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
