// wire.js — the wire lane: every packet the simulated kernel put on `lo`, oldest first, drawn like
// a tcpdump line and a sequence-diagram arrow between its two endpoints.
//
// Pure like render.js: a snapshot in, DOM out; all text goes in with textContent. Each row carries
// data-id="seg:<n>" (the segment's stable id) and data-step (the statement that sent it); the rows
// sent by the statement just executed get the class "now".

import { tr, trn } from "./i18n.js";

/** MAX_WIRE_ROWS is how many segments the lane draws; older ones are summarised in one line. */
export const MAX_WIRE_ROWS = 120;

// tcpdump's one-letter flags (net/ipv4/tcp.h names) in the order Linux sets them in a header.
const FLAG_NAMES = [["S", "SYN"], ["F", "FIN"], ["R", "RST"], ["P", "PSH"], ["U", "URG"], ["E", "ECE"], ["W", "CWR"], [".", "ACK"]];

/**
 * flagNames turns tcpdump's flag letters ("S.", "P.", "F.", "R", ".") into Linux's names joined by
 * "|" ("SYN|ACK", "PSH|ACK", "FIN|ACK", "RST", "ACK"). Flags already spelled out pass through.
 */
export function flagNames(flags) {
  const f = (flags || "").trim();
  if (!f) return "";
  if (/[a-z]{2}|[A-Z]{2}/.test(f)) return f; // already words ("SYN|ACK", "port unreachable")
  const out = [];
  for (const [letter, name] of FLAG_NAMES) if (f.includes(letter)) out.push(name);
  return out.join("|") || f;
}

/** tcpdumpLine renders a segment as tcpdump -n prints it on lo. */
export function tcpdumpLine(seg) {
  const dot = (a) => (a || "").replace(/:(\d+)$/, ".$1");
  if (seg.proto === "TCP") {
    const parts = [`Flags [${seg.flags || "none"}]`];
    const syn = (seg.flags || "").includes("S");
    if (seg.len > 0) parts.push(`seq ${seg.seq}:${(seg.seq + seg.len) >>> 0}`);
    else if (seg.seq || syn) parts.push(`seq ${seg.seq}`);
    if ((seg.flags || "").includes(".")) parts.push(`ack ${seg.ack}`);
    parts.push(`length ${seg.len}`);
    return `IP ${dot(seg.src)} > ${dot(seg.dst)}: ${parts.join(", ")}`;
  }
  if (seg.proto === "UDP") return `IP ${dot(seg.src)} > ${dot(seg.dst)}: UDP, length ${seg.len}`;
  const host = (a) => (a || "").replace(/:\d+$/, "");
  return `IP ${host(seg.src)} > ${host(seg.dst)}: ${seg.proto} ${seg.flags || ""}`.trim();
}

/** segLabel is the arrow's label: Linux's flag names for TCP, the protocol otherwise. */
function segLabel(seg) {
  if (seg.proto === "TCP") return flagNames(seg.flags) || "TCP";
  if (seg.proto === "UDP") return "UDP";
  return `${seg.proto} ${seg.flags || ""}`.trim();
}

/** conversation orders a segment's endpoints so both directions of a flow share one lane. */
function conversations() {
  const left = new Map(); // "a|b" (sorted) -> the endpoint that spoke first (drawn on the left)
  return (seg) => {
    const key = [seg.src, seg.dst].sort().join("|");
    if (!left.has(key)) left.set(key, seg.src);
    const l = left.get(key);
    return { left: l, right: l === seg.src ? seg.dst : seg.src, rightward: l === seg.src };
  };
}

/** senders maps each step to "proc: call()" from the view's events, to say who sent a segment. */
function senders(events) {
  const m = new Map();
  for (const w of events || []) {
    const e = w.event || w;
    if (e && e.step && !m.has(e.step) && !e.after) m.set(e.step, `${e.proc}: ${e.call}()`);
  }
  return m;
}

function el(tag, cls, ...kids) {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  for (const k of kids) if (k !== null && k !== undefined) n.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return n;
}

/** segRow draws one segment: step, left endpoint, arrow with the flags, right endpoint, numbers. */
function segRow(seg, side, now, who) {
  const label = segLabel(seg);
  const flagCls = label.toLowerCase().replace(/[^a-z|]/g, "").split("|").filter(Boolean).map((f) => `f-${f}`).join(" ");
  const li = el("li", `seg seg-${(seg.proto || "").toLowerCase()} ${side.rightward ? "rightward" : "leftward"} ${flagCls}${now ? " now" : ""}`);
  li.dataset.id = seg.id;
  li.dataset.step = String(seg.step);
  li.dataset.flags = label;
  li.title = `${tr("wire.sentBy", { id: seg.id, step: seg.step })}${who ? " (" + who + ")" : ""}\n${tcpdumpLine(seg)}`;
  const icmp = seg.proto !== "TCP" && seg.proto !== "UDP";
  const nums = [];
  if (seg.proto === "TCP") {
    nums.push(`seq ${seg.seq}`);
    if ((seg.flags || "").includes(".") || seg.ack) nums.push(`ack ${seg.ack}`);
  }
  nums.push(`len ${seg.len}`);
  let bytes = null;
  if (icmp && side.answers) nums.push(tr("wire.answers", { port: side.answers.dst.replace(/^.*:/, "") }));
  if (seg.data) {
    const s = seg.data.length > 24 ? seg.data.slice(0, 24) + "…" : seg.data;
    bytes = el("code", "bytes", JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, "\\x$1"));
  }
  li.append(
    el("span", "seg-step", `#${seg.step}`),
    el("span", "ep ep-left", icmp && !side.answers ? (seg.src || "").replace(/:0$/, "") : side.left),
    el("span", "seg-arrow", el("span", "seg-flags", label)),
    el("span", "ep ep-right", icmp && !side.answers ? (seg.dst || "").replace(/:0$/, "") : side.right),
    el("span", "seg-nums", nums.join(" "), bytes ? " " : null, bytes),
    el("code", "seg-dump", tcpdumpLine(seg)));
  return li;
}

/**
 * renderWire draws the lane's rows for snapshot.wire. step is the statement just executed (its
 * segments are highlighted); events (the View's) name the call that sent each segment. With a
 * CardCache (render.js) rows that did not change keep their element.
 */
export function renderWire(wire, step, events, cache = null) {
  const segs = wire || [];
  if (!segs.length) return [el("p", "empty", tr("wire.none"))];
  const side = conversations();
  const who = senders(events);
  // Every row, so each conversation keeps who is on the left. An ICMP error carries no ports
  // here: it answers the datagram just before it in the same step, so it is drawn as going back
  // along that datagram's lane.
  const sides = segs.map((seg, i) => {
    const prev = segs[i - 1];
    if (seg.proto === "ICMP" && prev && prev.step === seg.step && prev.proto === "UDP") {
      const s = side(prev);
      return { left: s.left, right: s.right, rightward: !s.rightward, answers: prev };
    }
    return side(seg);
  });
  const hidden = Math.max(0, segs.length - MAX_WIRE_ROWS);
  const rows = [];
  if (hidden) rows.push(el("li", "seg-more", trn("wire.hidden", hidden)));
  for (let i = hidden; i < segs.length; i++) {
    const seg = segs[i];
    const now = seg.step === step;
    const w = who.get(seg.step) || "";
    const make = () => segRow(seg, sides[i], now, w);
    rows.push(cache ? cache.get(`seg|${now}|${w}|${sides[i].left}|${JSON.stringify(seg)}`, make, seg.id) : make());
  }
  const sentNow = segs.filter((s) => s.step === step).length;
  const head = el("div", "wire-summary",
    trn("wire.count", segs.length),
    sentNow ? el("span", "wire-now", tr("wire.sentNow", { n: sentNow, step })) : tr("wire.sentNone", { step }));
  return [head, el("div", "wire-scroll", el("ol", "wire-list", ...rows))];
}
