// cmode.js — the playground's C mode (/c): whole C programs, one editor tab per program, run on
// the simulated kernel by the C modules (wasm/cc → gen/cc.wasm compiles, wasm/c → gen/c.wasm runs)
// inside a Web Worker (cworker.js), so the page never freezes and Stop always works. The timeline
// page never loads any of this. An unchanged example runs the programs the build compiled
// (gen/cexamples/), so opening /c on one does not wait for the compiler module.
//
// State: the files [{name, src}], the tab being edited, and the last View the module returned
// (wasm/c/main.go documents its shape: len, pos, snapshot, chain, procs, stdout, stepEvents). A
// step is one system call of any process, as `socklab run server.c client.c` counts them.

import { createEditor } from "../editor.js";
import { renderKernel, updateKernel, renderChain, drawArrows, h, CardCache, showBytes, logRow } from "../render.js";
import { diffSnapshots } from "../engine.js";
import { encodeB64url, decodeB64url } from "../share.js";
import { t, tr, detectLang, saveLang, setLang, getLang, translateDocument } from "../i18n.js";
import { CEngine, StoppedError } from "./cengine.js";
import { cExamples } from "./cexamples.js";
import { cLanguage } from "./clang.js";

const $ = (id) => document.getElementById(id);
const MAX_FILES = 8;
const MAX_SHARE = 64 * 1024; // bytes of source a share link may carry
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,31}\.c$/;

const cm = {
  files: [],
  active: 0,
  view: null, // the last View
  prevSnap: null,
  events: [], // every event of the run (the --json lines)
  dirty: false, // edited since the last Run
  editor: null,
  engine: null,
  cards: new CardCache(),
  diags: [],
};
window.socklabC = cm; // for the e2e tests

function meta(name, fallback) {
  const m = document.querySelector(`meta[name="${name}"]`);
  return (m && m.content) || fallback;
}

function setMessage(text, kind = "error") {
  const el = $("message");
  el.textContent = text || "";
  el.className = text ? `message message-${kind}` : "message";
  el.hidden = !text;
}

const progName = (file) => file.replace(/\.c$/, "");

// ---- Tabs ----------------------------------------------------------------------------------

function renderTabs() {
  const bar = $("tabs");
  const tabs = cm.files.map((f, i) => {
    const errs = cm.diags.filter((d) => d.file === f.name && !d.warning).length;
    const tab = h("button", {
      type: "button", class: "tab" + (i === cm.active ? " active" : "") + (errs ? " has-errors" : ""),
      "aria-pressed": String(i === cm.active), "data-file": f.name, title: tr("c.tabTitle"),
    }, f.name, errs ? h("span", { class: "tab-errs" }, ` ${errs}`) : null);
    tab.addEventListener("click", () => selectTab(i));
    tab.addEventListener("dblclick", () => renameTab(i));
    const close = h("button", { type: "button", class: "tab-close", "aria-label": tr("c.closeTab", { name: f.name }), title: tr("c.closeTab", { name: f.name }) }, "×");
    close.addEventListener("click", () => closeTab(i));
    return h("span", { class: "tab-wrap" }, tab, cm.files.length > 1 ? close : null);
  });
  const add = h("button", { type: "button", class: "tab-add", "aria-label": tr("c.addTab"), title: tr("c.addTab") }, "+");
  add.addEventListener("click", addTab);
  add.disabled = cm.files.length >= MAX_FILES;
  const rename = h("button", { type: "button", class: "tab-rename" }, tr("c.rename"));
  rename.addEventListener("click", () => renameTab(cm.active));
  bar.replaceChildren(...tabs, add, rename);
}

// Each file keeps its own editor state (undo history, cursor) while another tab is shown; showing
// a tab is not an edit (it must not make the next step re-run the programs from the start).
const states = new WeakMap();

function showFile(i, keepOld = true) {
  const old = cm.editor.swapDoc(cm.files[i].src, states.get(cm.files[i]));
  if (keepOld && cm.files[cm.active]) states.set(cm.files[cm.active], old);
  cm.active = i;
}

function selectTab(i) {
  if (i === cm.active) return;
  showFile(i);
  renderTabs();
  showDiags();
  showCurrentLines();
}

function addTab() {
  let n = cm.files.length + 1;
  while (cm.files.some((f) => f.name === `prog${n}.c`)) n++;
  cm.files.push({ name: `prog${n}.c`, src: '#include <stdio.h>\n\nint main(void) {\n    printf("hello\\n");\n    return 0;\n}\n' });
  showFile(cm.files.length - 1);
  edited();
  renderTabs();
  showDiags();
  showCurrentLines();
}

function renameTab(i) {
  const old = cm.files[i].name;
  const name = window.prompt(tr("c.renamePrompt"), old);
  if (name === null || name === old) return;
  if (!NAME.test(name) || cm.files.some((f) => f.name === name)) { setMessage(tr("c.badName", { name })); return; }
  cm.files[i].name = name;
  edited();
  renderTabs();
}

function closeTab(i) {
  if (cm.files.length <= 1) return;
  const closingActive = i === cm.active;
  cm.files.splice(i, 1);
  if (i < cm.active) cm.active--; // the tab being edited stays the one shown
  else if (closingActive) {
    cm.active = -1; // its state is dropped with it
    showFile(Math.min(i, cm.files.length - 1), false);
  }
  edited();
  renderTabs();
  showDiags();
  showCurrentLines();
}

function edited() {
  cm.dirty = true;
  $("status").textContent = tr("c.edited");
  syncExampleMenu();
}

// ---- Running -------------------------------------------------------------------------------

function setBusy(busy) {
  document.body.dataset.busy = busy ? "1" : "";
  $("stop").disabled = !busy;
  for (const id of ["run", "reset", "back", "step", "end", "scrub"]) $(id).disabled = busy || (id !== "run" && !cm.view);
  if (busy) $("status").textContent = tr("c.running");
  else if ($("status").textContent === tr("c.running")) $("status").textContent = "";
}

/**
 * text shows a call's bytes: the events carry them one byte per character (as the timeline's
 * JSON does); C programs mostly write UTF-8 text, so show it decoded when it is valid UTF-8.
 */
function showData(data) {
  const bytes = Uint8Array.from(data, (ch) => ch.charCodeAt(0) & 0xff);
  try {
    const s = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return JSON.stringify(s.length > 64 ? s.slice(0, 64) + "…" : s);
  } catch {
    return `"${showBytes(data).text}"`;
  }
}

/** guard runs an engine call, turning Stop and failures into messages. */
async function guard(p) {
  try {
    return await p;
  } catch (e) {
    if (e instanceof StoppedError) {
      cm.view = null;
      setMessage(tr("c.stopped"), "warn");
      $("status").textContent = tr("c.stoppedShort");
    } else {
      setMessage(tr("c.engineFailed", { msg: e.message || e }));
      $("status").textContent = "";
    }
    return null;
  } finally {
    setBusy(cm.engine.busy);
  }
}

async function run(step = null) {
  setMessage("");
  cm.dirty = false;
  // An unchanged example: the worker may run the programs the build compiled, without cc.wasm.
  const ex = exampleOf(cm.files);
  const out = await guard(cm.engine.call("load", JSON.stringify(ex ? { files: cm.files, example: ex.name } : { files: cm.files })));
  if (!out) return false;
  cm.diags = [...(out.errors || []), ...(out.warnings || [])];
  showDiags();
  renderTabs();
  if (out.errors && out.errors.length) {
    cm.view = null;
    setBusy(false);
    $("status").textContent = tr("c.compileFailed", { n: out.errors.length });
    $("narration").textContent = tr("c.compileFailed", { n: out.errors.length });
    return false;
  }
  cm.prevSnap = null;
  let v = out.view;
  if (step !== null && step !== v.pos) v = await guard(cm.engine.call("goto", step));
  if (v) await showWithEvents(v);
  $("status").textContent = "";
  return true;
}

async function move(method, arg) {
  if (!cm.view || cm.engine.busy) return;
  if (cm.dirty && !(await run())) return;
  const v = await guard(cm.engine.call(method, arg));
  if (v) await showWithEvents(v);
}

/** showWithEvents fetches the events up to the view's step (the log's rows), then shows it. */
async function showWithEvents(v) {
  cm.events = (await guard(cm.engine.call("events", 0))) || [];
  show(v);
}

// ---- Showing a View ------------------------------------------------------------------------

function show(v) {
  cm.view = v;
  const snap = v.snapshot || {};
  const view = { snapshot: snap, prev: cm.prevSnap || {}, diff: diffSnapshots(cm.prevSnap || snap, snap), pos: v.pos, len: v.len, events: stepped() };
  const host = $("kernel");
  let kernel = host.firstElementChild;
  if (!kernel) host.replaceChildren(kernel = renderKernel(view, cm.cards, "columns"));
  else updateKernel(kernel, view, cm.cards);
  cm.cards.rotate();
  requestAnimationFrame(() => drawArrows(kernel));
  cm.prevSnap = snap;
  $("chain").replaceChildren(renderChain(v.chain || []));
  renderTerminals(v);
  renderLog(v);
  showCurrentLines();
  const scrub = $("scrub");
  scrub.max = String(v.len);
  scrub.value = String(v.pos);
  scrub.setAttribute("aria-valuetext", tr("c.posText", { pos: v.pos, len: v.len }));
  $("pos").textContent = tr("pos", { pos: v.pos, len: v.len });
  $("narration").textContent = narrate(v);
  if (v.message) setMessage(runMessage(v.message), "warn");
  document.body.dataset.pos = String(v.pos);
  setBusy(false);
}

/** stepped is the events of the steps done so far (the module's events(0): up to the view's step). */
function stepped() {
  return cm.events.filter((e) => e.step);
}

function fileOf(program) {
  return cm.files.find((f) => progName(f.name) === program);
}

function srcLine(proc, line) {
  const p = ((cm.view && cm.view.procs) || []).find((x) => x.name === proc);
  const f = p && fileOf(p.program);
  if (!f || !line) return "";
  return (f.src.split("\n")[line - 1] || "").trim();
}

function narrate(v) {
  if (!v.pos) return tr("c.narrStart", { len: v.len });
  const parts = (v.stepEvents || []).filter((e) => e.event === "return" || e.event === "block").map((e) => {
    const what = `${e.proc}: ${e.call}()`;
    if (e.event === "block") return tr("c.narrBlocks", { what });
    return e.errno ? tr("c.narrFails", { what, errno: e.errno }) : tr("c.narrReturns", { what, ret: e.ret });
  });
  return tr("c.narrStep", { pos: v.pos, len: v.len }) + " " + parts.join(" ");
}

/** runMessage words the run's end in the page's language when it is a known one (a deadlock). */
function runMessage(msg) {
  const m = /deadlock: every process is blocked: (.*)$/.exec(msg);
  return m ? tr("c.deadlock", { procs: m[1].replace(/\(line (\d+)\)/g, (_, n) => `(${tr("c.line", { line: n })})`) }) : msg;
}

function renderTerminals(v) {
  const procs = v.procs || [];
  const byProgram = new Map();
  for (const p of procs) {
    if (!byProgram.has(p.program)) byProgram.set(p.program, []);
    byProgram.get(p.program).push(p);
  }
  const terms = [...byProgram.entries()].map(([program, ps]) => {
    // The terminal shows stderr too (perror), interleaved as written; stdout alone is what the corpus compares.
    const text = (v.term || v.stdout || {})[program] || "";
    const states = ps.map((p) => {
      let s = `${p.name} (pid ${p.pid}) · ${tr("c.state." + p.state)}`;
      if (p.state !== "exited" && p.line) s += ` · ${tr("c.line", { line: p.line })}`;
      if (p.exit) s += ` · ${tr("c.exit", { status: p.exit })}`;
      return h("li", { class: "proc-state state-" + p.state }, s, p.message ? h("div", { class: "fault" }, p.message) : null);
    });
    return h("section", { class: "term", "data-program": program, "aria-label": tr("c.termOf", { program }) },
      h("h3", {}, tr("c.termOf", { program })),
      h("ul", { class: "proc-states" }, states),
      h("pre", { class: "term-out", tabindex: "0" }, text || h("span", { class: "empty" }, tr(ps.every((p) => p.state === "exited") ? "c.noOutputAtAll" : "c.noOutput"))));
  });
  $("terms").replaceChildren(...terms);
}

function renderLog(v) {
  const rows = stepped().filter((e) => e.event === "return" || e.event === "block").slice(-400).map((e) => {
    const line = srcLine(e.proc, e.line);
    return logRow(e, `${e.call}()`, {
      data: showData,
      tail: line ? h("span", { class: "src-line" }, `  ${tr("c.line", { line: e.line })}: ${line}`) : null,
    });
  });
  const log = $("log");
  log.replaceChildren(h("ol", { class: "log-list" }, rows));
  log.scrollTop = log.scrollHeight;
}

function showCurrentLines() {
  const f = cm.files[cm.active];
  const lines = {};
  for (const p of (cm.view && cm.view.procs) || []) {
    if (f && p.program === progName(f.name) && p.state !== "exited" && p.line) lines[p.name] = p.line;
  }
  cm.editor.showCurrent(lines, 0);
}

function showDiags() {
  const f = cm.files[cm.active];
  const mine = cm.diags.filter((d) => f && d.file === f.name);
  cm.editor.showErrors(mine.map((d) => ({ line: d.line, col: d.col, msg: (d.warning ? "warning: " : "") + d.msg })));
  const box = $("errors");
  const errs = cm.diags.filter((d) => !d.warning);
  box.hidden = errs.length === 0;
  box.replaceChildren(...errs.map((d) => h("pre", { class: "diag" }, d.text)));
}

// ---- Examples, share links, language --------------------------------------------------------

function fillExamples() {
  const sel = $("examples");
  sel.replaceChildren(...cExamples.map((e) => h("option", { value: e.name }, tr("cex." + e.name))),
    h("option", { value: "", disabled: "" }, tr("c.yourPrograms")));
  syncExampleMenu();
}

/** exampleOf is the example whose files are exactly files (names and sources, in order), if any. */
function exampleOf(files) {
  const same = (e) => e.files.length === files.length && e.files.every((f, i) => f.name === files[i].name && f.src === files[i].src);
  return cExamples.find(same);
}

function syncExampleMenu() {
  const ex = exampleOf(cm.files);
  $("examples").value = ex ? ex.name : "";
}

function loadFiles(files) {
  cm.files = files.map((f) => ({ name: f.name, src: f.src }));
  cm.active = -1;
  cm.diags = [];
  showFile(0, false);
  cm.dirty = true;
  renderTabs();
}

function shareLink() {
  const payload = JSON.stringify({ files: cm.files });
  if (payload.length > MAX_SHARE) { setMessage(tr("c.tooBigToShare")); return; }
  const u = new URL(location.href);
  u.search = "";
  u.searchParams.set("c", encodeB64url(payload));
  if (cm.view && cm.view.pos) u.searchParams.set("step", String(cm.view.pos));
  if (getLang() !== "en") u.searchParams.set("lang", getLang());
  history.replaceState(null, "", u);
  const input = $("share-url");
  input.value = u.href;
  input.hidden = false;
  input.select();
  if (navigator.clipboard) navigator.clipboard.writeText(u.href).catch(() => {});
  $("status").textContent = tr("hdr.shareCopied");
}

/** fromLink reads ?c= (files) and ?step=; a malformed link is a message, not a blank page. */
function fromLink() {
  const q = new URLSearchParams(location.search);
  const step = Math.max(0, parseInt(q.get("step") || "0", 10) || 0);
  if (!q.has("c")) return { files: null, step };
  try {
    const v = JSON.parse(decodeB64url(q.get("c")));
    const files = (v.files || []).filter((f) => f && typeof f.name === "string" && typeof f.src === "string" && NAME.test(f.name)).slice(0, MAX_FILES);
    if (!files.length) throw new Error(tr("c.noFiles"));
    return { files, step };
  } catch (e) {
    setMessage(tr("c.badLink", { why: e.message || e }));
    return { files: null, step: 0 };
  }
}

function applyStrings(lang) {
  translateDocument(lang);
  document.title = t(lang, "c.title");
}

function switchLang(lang) {
  setLang(lang);
  saveLang(lang);
  applyStrings(lang);
  cm.editor.setLang(lang);
  fillExamples();
  renderTabs();
  // The kernel view's frame and cards hold translated words: draw them anew.
  $("kernel").replaceChildren();
  cm.cards = new CardCache();
  if (cm.view) show(cm.view);
}

// ---- Wiring --------------------------------------------------------------------------------

function bind() {
  $("run").addEventListener("click", () => run());
  $("stop").addEventListener("click", () => cm.engine.stop());
  $("reset").addEventListener("click", () => move("goto", 0));
  $("back").addEventListener("click", () => move("back"));
  $("step").addEventListener("click", () => move("step"));
  $("end").addEventListener("click", () => move("end"));
  $("scrub").addEventListener("input", (e) => move("goto", parseInt(e.target.value, 10)));
  $("share").addEventListener("click", shareLink);
  $("examples").addEventListener("change", (e) => {
    const ex = cExamples.find((x) => x.name === e.target.value);
    if (ex) { loadFiles(ex.files); run(); }
  });
  for (const b of document.querySelectorAll(".langs .lang")) b.addEventListener("click", () => switchLang(b.dataset.lang));
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey && e.key === "Enter") { e.preventDefault(); run(); return; }
    if (e.key === "Escape" && cm.engine.busy) { cm.engine.stop(); return; }
    const tag = (e.target && e.target.tagName) || "";
    if (e.target && (e.target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT")) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const keys = { ArrowRight: () => move("step"), " ": () => move("step"), ArrowLeft: () => move("back"), Home: () => move("goto", 0), End: () => move("end") };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  let resize = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resize);
    resize = requestAnimationFrame(() => { const k = $("kernel").firstElementChild; if (k) drawArrows(k); });
  });
}

async function main() {
  const lang = setLang(detectLang());
  applyStrings(lang);
  const link = fromLink();
  const files = link.files || cExamples[0].files;
  const nonce = meta("csp-nonce", "");
  cm.editor = createEditor($("editor"), {
    doc: files[0].src,
    lang,
    language: cLanguage,
    nonce: nonce.startsWith("{{") ? "" : nonce,
    onChange: (src) => { cm.files[cm.active].src = src; edited(); },
  });
  cm.files = files.map((f) => ({ ...f }));
  // A long program scrolls inside the editor: keep that region reachable from the keyboard.
  cm.editor.view.scrollDOM.tabIndex = 0;
  cm.editor.view.scrollDOM.setAttribute("aria-label", tr("c.programs"));
  const gen = new URL(meta("socklab-gen", "/gen/"), location.href);
  const worker = new URL("cworker.js", gen);
  worker.searchParams.set("cc", meta("socklab-cc-wasm", "cc.wasm"));
  worker.searchParams.set("wasm", meta("socklab-c-wasm", "c.wasm"));
  cm.engine = new CEngine(worker.href);
  cm.engine.onbusy = setBusy;
  bind();
  fillExamples();
  renderTabs();
  $("status").textContent = tr("c.loading");
  document.body.dataset.ready = "1"; // the page works (and Stop can interrupt) while the run loads
  await run(link.step || null);
  // The compiler (cc.wasm) was not needed if this was an unchanged example: fetch it now, after
  // the first view is painted, so it never competes with the first load and the first edit does
  // not wait for it.
  requestAnimationFrame(() => setTimeout(() => cm.engine.warm(), 0));
}

main();
