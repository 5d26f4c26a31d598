// export.js — a run as text to paste into a post: a Mermaid sequenceDiagram or a Markdown table.
//
// The JavaScript port of engine/timeline/export_mermaid.go and export_markdown.go (the same
// output, byte for byte: web/test/export.test.mjs checks both against the goldens in
// engine/timeline/testdata/export). Pure functions over the events of a View (engine.js:
// [{line, col, event}]) and the timeline's source lines; nothing here touches the DOM except
// copyText, and nothing needs the engine.
//
//   import { toMermaid, toMarkdown } from "./export.js";
//   toMermaid(view.events, src.split("\n"))   -> "sequenceDiagram\n    participant P1 as server\n…"

/** statementText is a source line's statement without "proc:", comment and final ';'. */
export function statementText(line) {
  let s = String(line || "");
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr && c === "\\") i++;
    else if (c === '"') inStr = !inStr;
    else if (!inStr && c === "#") { s = s.slice(0, i); break; }
  }
  s = s.trim();
  const i = s.indexOf(":");
  if (i > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.slice(0, i).trim())) s = s.slice(i + 1).trim();
  if (s.endsWith(";")) s = s.slice(0, -1);
  return s.trim();
}

/** records pairs each event with its statement's text (Records in export.go). */
function records(events, srcLines) {
  return (events || []).map((w) => {
    const e = w.event || w;
    const line = w.line || 0;
    let text = line >= 1 && line <= srcLines.length ? statementText(srcLines[line - 1]) : "";
    if (!text) text = e.call || "";
    return { e, text };
  });
}

function clipRunes(s, max) {
  const r = Array.from(s);
  return r.length <= max ? s : r.slice(0, max - 1).join("") + "…";
}

/** quote is engine/timeline.Quote: C escapes, cut after max bytes with "..." after the quote. */
export function quote(data, max) {
  let s = String(data || "");
  const cut = max > 0 && s.length > max;
  if (cut) s = s.slice(0, max);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) & 0xff;
    if (c === 0x22 || c === 0x5c) out += "\\" + s[i];
    else if (c === 10) out += "\\n";
    else if (c === 9) out += "\\t";
    else if (c === 13) out += "\\r";
    else if (c < 0x20 || c >= 0x7f) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c < 8 && !(next >= 0x30 && next <= 0x37)) out += "\\" + c;
      else out += "\\x" + c.toString(16).padStart(2, "0");
    } else out += s[i];
  }
  return out + '"' + (cut ? "..." : "");
}

function resultText(e, maxData) {
  let s = String(e.ret ?? 0);
  if (e.errno) return s + " " + e.errno;
  if (e.data) s += " " + quote(e.data, maxData);
  if (e.addr) s += " addr " + JSON.stringify(e.addr);
  // Timeline v2 keys, on the calls that have them.
  if (Array.isArray(e.ready)) s += " ready [" + e.ready.map((r) => `${r.fd}:${r.events}`).join(", ") + "]";
  if (e.status !== undefined) s += " status " + e.status;
  if (Array.isArray(e.fds)) s += " fds [" + e.fds.join(", ") + "]";
  if (e.msgflags) s += " msgflags " + e.msgflags;
  if (e.linger !== undefined) s += " linger " + e.linger;
  return s;
}

const MERMAID_MAX_ARROWS = 400;
const MERMAID_TEXT_MAX = 56;
const MERMAID_DATA_MAX = 24;
const MARKDOWN_DATA_MAX = 64;

/** mermaidText escapes with Mermaid's entity codes (see mermaidText in export_mermaid.go). */
export function mermaidText(s) {
  return String(s).replace(/[#;%<>&]/g, (c) => "#" + c.charCodeAt(0) + ";");
}

function sameCall(b, a) {
  const x = b.e, y = a.e;
  return x.event === "return" && !x.after && x.proc === y.proc && b.text === a.text &&
    x.ret === y.ret && (x.errno || "") === (y.errno || "") && (x.data || "") === (y.data || "") && (x.addr || "") === (y.addr || "");
}

/** toMermaid is the run as a Mermaid sequenceDiagram (Mermaid in export_mermaid.go). */
export function toMermaid(events, srcLines) {
  const recs = records(events, srcLines || []);
  const out = ["sequenceDiagram"];
  const procs = [];
  const ids = new Map();
  for (const { e } of recs) {
    if (e.proc && !ids.has(e.proc)) { procs.push(e.proc); ids.set(e.proc, "P" + procs.length); }
  }
  const half = Math.floor((procs.length + 1) / 2);
  const left = new Set();
  const kernel = ids.has("kernel") ? "kernel (socklab)" : "kernel";
  procs.forEach((p, i) => {
    if (i === half) out.push("    participant K as " + mermaidText(kernel));
    if (i < half) left.add(p);
    out.push("    participant " + ids.get(p) + " as " + mermaidText(p));
  });
  if (half === procs.length) out.push("    participant K as " + mermaidText(kernel));
  const line = (...parts) => out.push("    " + parts.join(""));
  let arrows = 0;
  const seen = new Set(); // processes that have had an event
  for (let i = 0; i < recs.length; i++) {
    if (arrows === MERMAID_MAX_ARROWS) {
      line("Note over K: ", mermaidText(`… ${recs.length - i} more events not drawn (socklab run --markdown lists them all)`));
      break;
    }
    arrows++;
    const r = recs[i], e = r.e;
    const first = !seen.has(e.proc);
    seen.add(e.proc);
    const p = ids.get(e.proc) || "";
    const text = clipRunes(r.text, MERMAID_TEXT_MAX);
    if (e.event === "error") {
      line("Note over ", p || "K", ": ", mermaidText("error: " + clipRunes(e.message || "", 2 * MERMAID_TEXT_MAX)));
    } else if (e.event === "block") {
      line(p, "-)K: ", mermaidText(`[${e.step}] ${text}`));
      line("activate ", p);
      line("Note ", left.has(e.proc) ? "left of " : "right of ", p, ": ", mermaidText("asleep in " + e.call));
    } else if (e.call === "fork" && e.event === "return" && e.ret === 0 && !e.errno && first) {
      line("K-->>", p, ": ", mermaidText(`[${e.step}] ${text} → 0 (new process)`));
    } else if (e.after > 0) {
      line("K-->>", p, ": ", mermaidText(`[${e.step}] ${text} → ${resultText(e, MERMAID_DATA_MAX)} (woken by step ${e.after})`));
      line("deactivate ", p);
    } else {
      let n = 1;
      while (i + n < recs.length && sameCall(recs[i + n], r)) n++;
      if (n < 3) n = 1;
      const arrow = e.errno ? "-xK: " : "->>K: ";
      let steps = `[${e.step}] `, times = "";
      if (n > 1) { steps = `[${e.step}–${recs[i + n - 1].e.step}] `; times = " ×" + n; }
      line(p, arrow, mermaidText(steps + text + " → " + resultText(e, MERMAID_DATA_MAX) + times));
      i += n - 1;
    }
  }
  return out.join("\n") + "\n";
}

const STRERROR = {
  EPERM: "Operation not permitted", ENOENT: "No such file or directory", EINTR: "Interrupted system call",
  EIO: "Input/output error", EBADF: "Bad file descriptor", EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory", EACCES: "Permission denied", EFAULT: "Bad address", EEXIST: "File exists",
  ENOTDIR: "Not a directory", EISDIR: "Is a directory", EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system", EMFILE: "Too many open files", ENOSPC: "No space left on device",
  ESPIPE: "Illegal seek", EPIPE: "Broken pipe", ENAMETOOLONG: "File name too long", ENOSYS: "Function not implemented",
  ENOTSOCK: "Socket operation on non-socket", EDESTADDRREQ: "Destination address required",
  EMSGSIZE: "Message too long", EPROTOTYPE: "Protocol wrong type for socket", ENOPROTOOPT: "Protocol not available",
  EPROTONOSUPPORT: "Protocol not supported", ESOCKTNOSUPPORT: "Socket type not supported",
  EOPNOTSUPP: "Operation not supported", EPFNOSUPPORT: "Protocol family not supported",
  EAFNOSUPPORT: "Address family not supported by protocol", EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address", ENETDOWN: "Network is down", ENETUNREACH: "Network is unreachable",
  ECONNABORTED: "Software caused connection abort", ECONNRESET: "Connection reset by peer",
  ENOBUFS: "No buffer space available", EISCONN: "Transport endpoint is already connected",
  ENOTCONN: "Transport endpoint is not connected", ESHUTDOWN: "Cannot send after transport endpoint shutdown",
  ETIMEDOUT: "Connection timed out", ECONNREFUSED: "Connection refused", EHOSTUNREACH: "No route to host",
  EALREADY: "Operation already in progress", EINPROGRESS: "Operation now in progress",
  ECHILD: "No child processes", ESRCH: "No such process",
};

function mdCode(s) {
  if (!s) return "";
  let run = 0, longest = 0;
  for (const c of s) {
    if (c === "`") { run++; longest = Math.max(longest, run); } else run = 0;
  }
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return fence + pad + s.replaceAll("|", "\\|") + pad + fence;
}

function mdText(s) {
  return String(s || "").replace(/[\\|*_`<>[\]&#]/g, (c) => "\\" + c);
}

/** toMarkdown is the run as a Markdown table (Markdown in export_markdown.go). */
export function toMarkdown(events, srcLines) {
  const out = ["| step | process | call | result | errno meaning |", "|---:|---|---|---|---|"];
  for (const { e, text } of records(events, srcLines || [])) {
    let result = "", meaning = "";
    if (e.event === "error") result = "error: " + mdText(e.message);
    else if (e.event === "block") result = "blocks";
    else {
      result = mdCode(resultText(e, MARKDOWN_DATA_MAX));
      if (e.after > 0) result += ` (woken by step ${e.after})`;
      if (e.errno) meaning = mdText(STRERROR[e.errno] || "");
    }
    out.push(`| ${e.step > 0 ? e.step : ""} | ${mdText(e.proc)} | ${mdCode(text)} | ${result} | ${meaning} |`);
  }
  return out.join("\n") + "\n";
}

/**
 * exportRun exports the whole run of the loaded timeline (kind "mermaid" or "markdown"): it runs
 * engine to the end for the events and goes back to step pos. engine is engine.js's Engine (its
 * methods may return promises).
 */
export async function exportRun(engine, src, pos, kind) {
  const end = await engine.runToEnd();
  await engine.goto(pos);
  const lines = String(src).split("\n");
  return kind === "markdown" ? toMarkdown(end.events, lines) : toMermaid(end.events, lines);
}

/**
 * mountCopyButtons adds "Copy as Mermaid" and "Copy as Markdown" buttons after the element
 * `after` (the page's Share button, the embed's controls). get() returns {engine, src, pos} of
 * the loaded timeline, or null while there is none; lang is a function returning "en" or "zh";
 * t is i18n.js's t. Returns the buttons.
 */
export function mountCopyButtons(after, get, t, lang) {
  const make = (kind) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "copy-export";
    b.dataset.export = kind;
    const label = () => t(lang(), `export.${kind}`);
    b.textContent = label();
    b.title = t(lang(), `export.${kind}Title`);
    b.addEventListener("click", async () => {
      const s = get();
      if (!s) return;
      let text = "";
      try {
        text = await exportRun(s.engine, s.src, s.pos, kind);
      } catch (e) {
        b.textContent = t(lang(), "export.failed");
        return;
      }
      b.dataset.text = text; // for tests
      const ok = await copyText(text);
      if (!ok) showForCopy(buttons[buttons.length - 1], text, t(lang(), `export.${kind}`));
      b.textContent = t(lang(), ok ? "export.copied" : "export.failed");
      setTimeout(() => { b.textContent = label(); }, 1500);
    });
    return b;
  };
  const buttons = [make("mermaid"), make("markdown")];
  after.after(...buttons);
  return buttons;
}

/**
 * showForCopy shows text selected in a read-only box after the element `after`, for a reader
 * whose clipboard is out of reach (an insecure page, a sandboxed frame): Ctrl+C copies it.
 */
export function showForCopy(after, text, label) {
  let box = after.nextElementSibling;
  if (!box || !box.classList.contains("export-text")) {
    box = document.createElement("textarea");
    box.className = "export-text";
    box.readOnly = true;
    box.rows = 6;
    box.spellcheck = false;
    after.after(box);
  }
  box.setAttribute("aria-label", label);
  box.value = text;
  box.hidden = false;
  box.focus();
  box.select();
  return box;
}

/** copyText puts text on the clipboard (a hidden textarea where the Clipboard API is missing). */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through */
  }
  const ta = document.createElement("textarea");
  ta.value = text;
  ta.setAttribute("readonly", "");
  ta.style.position = "fixed";
  ta.style.opacity = "0";
  document.body.append(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch { ok = false; }
  ta.remove();
  return ok;
}
