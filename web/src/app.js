// app.js — wires the playground page (and the /embed view) together: the editor, the engine
// (engine.js), the pure render functions (render.js), the controls, the share links and the
// lesson mode (lesson/lesson.js, mounted next to the editor: the "Lessons" button, /?lesson=ID,
// /embed?lesson=ID). The only state kept here is which timeline is loaded and the last good View.

import { loadEngine, STEP_BUDGET } from "./engine.js";
import { createEditor } from "./editor.js";
import { renderKernel, updateKernel, renderChain, updateLog, narrate, drawArrows, h, morph, CardCache, stepSummary } from "./render.js";
import { decodeShare, shareURL } from "./share.js";
import { examples } from "./examples.js";
import { mountLessonMode } from "./lesson/lesson.js";
import { undo as editorUndo } from "@codemirror/commands";
import { t, tn, tr, detectLang, saveLang, setLang, getLang, normLang, translateDocument } from "./i18n.js";
import { mountCopyButtons } from "./export.js";

const $ = (id) => document.getElementById(id);
const mode = document.body.dataset.mode || "play"; // "play" or "embed"

function meta(name, fallback) {
  const m = document.querySelector(`meta[name="${name}"]`);
  return (m && m.content) || fallback;
}

function setMessage(text, kind = "error") {
  const el = $("message");
  if (!el) return;
  el.textContent = text || "";
  el.className = text ? `message message-${kind}` : "message";
  el.hidden = !text;
}

const app = {
  engine: null,
  editor: null,
  good: null, // {src, view}: the last timeline that parsed, and where we are in it
  srcLines: [],
  timings: { ready: 0, lastRender: 0 },
  stepBudget: STEP_BUDGET,
  cards: new CardCache(),
  rows: new CardCache(),
  lessons: null, // the lesson mode's controller, once mounted
  lessonListeners: new Set(), // lesson mode's onChange callbacks: text or step changed
  broken: false, // the engine failed (budget, memory, crash): controls stay off until a load works
};
window.socklabApp = app; // for the e2e and performance tests
app.loadEngine = loadEngine; // make perf times the wasm engine on the page's thread too

function render(view) {
  const t0 = performance.now();
  app.good.view = view;
  // The editor first: CodeMirror reads the DOM selection on each dispatch, and Chrome lays the page
  // out to answer. Before the kernel and the panels change, that layout is already clean (after the
  // kernel's changes it cost a full relayout of the page, 7 ms a step at 100 sockets).
  app.editor.showCurrent(view.pos ? view.lines : {}, nextLine(app.srcLines, view.pos, view.len));
  const t1 = performance.now();
  const kernelHost = $("kernel");
  let kernel = kernelHost.firstElementChild;
  if (!kernel) {
    kernel = renderKernel(view, app.cards, app.layout);
    kernelHost.replaceChildren(kernel);
  } else {
    if (kernel.dataset.layout !== app.layout) kernel.dataset.layout = app.layout;
    updateKernel(kernel, view, app.cards);
  }
  app.cards.rotate();
  const t2 = performance.now();
  drawArrows(kernel);
  const t3 = performance.now();
  // The panels are patched, not rebuilt: the chain only when it changed (morphed: consecutive steps
  // often run the same functions and differ in a few ids), the log row by row.
  const chain = JSON.stringify(view.chain || null);
  if (chain !== app.shownChain) {
    const host = $("chain"), fresh = renderChain(view.chain), old = host.firstElementChild;
    if (!old || morph(old, fresh) !== old) host.replaceChildren(fresh);
    app.shownChain = chain;
  }
  updateLog($("log"), view.events, app.srcLines, view.pos, app.rows);
  app.rows.rotate();
  // Keep the newest result in sight, in the next frame's layout rather than forcing one now.
  if (mode === "play") requestAnimationFrame(() => { $("log").scrollTop = 1e9; });
  $("narration").textContent = narrate(view, app.srcLines);
  const scrub = $("scrub");
  scrub.max = String(view.len);
  scrub.value = String(view.pos);
  scrub.setAttribute("aria-valuetext", view.pos
    ? tr("pos.valuetext", { pos: view.pos, len: view.len, what: stepSummary(view, app.srcLines) })
    : tr("pos.valuetext0", { len: view.len }));
  $("pos").textContent = tr("pos", { pos: view.pos, len: view.len });
  $("back").disabled = view.pos === 0;
  $("reset").disabled = view.pos === 0;
  $("step").disabled = view.pos >= view.len;
  $("run").disabled = view.pos >= view.len;
  const msg = viewMessage(view);
  if (msg) setMessage(msg, "warn");
  else if (!app.urlError && !app.broken) setMessage("");
  document.body.dataset.pos = String(view.pos);
  const t4 = performance.now();
  app.timings.lastRender = t4 - t0;
  app.timings.phases = { kernel: t2 - t1, arrows: t3 - t2, panels: t4 - t3, editor: t1 - t0 };
  notifyLessons();
}

/**
 * nextLine is the source line of statement pos+1 (one statement per line: a line that starts
 * with "proc:"), or 0 when every statement has run. The editor marks it "next to run".
 */
function nextLine(lines, pos, len) {
  if (pos >= len) return 0;
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*[A-Za-z_][A-Za-z0-9_]*\s*:/.test(lines[i]) && ++n === pos + 1) return i + 1;
  }
  return 0;
}

/** viewMessage is the page's words for why a run stopped early ("" when it did not). */
function viewMessage(view) {
  if (/memory budget/.test(view.message || "")) return tr("err.memoryBudget", { len: view.len, total: view.total });
  if (view.total > view.len) return tr("err.budget", { total: view.total, len: view.len });
  if (view.message) return tr("err.engineBudget", { msg: view.message });
  return "";
}

/** notifyLessons tells the lesson mode that the text or the step changed (it debounces). */
function notifyLessons() {
  for (const cb of app.lessonListeners) cb();
}

/** load hands src to the engine; on parse errors the view stays on the last good timeline. */
async function load(src, step = 0) {
  syncExampleMenu(src);
  let view;
  const deep = nestingError(src);
  if (deep) {
    view = { errors: [deep] }; // never handed to the engine: its parser would recurse that deep
  } else {
    try {
      view = await engineCall(() => app.engine.load(src));
    } catch (e) {
      engineFailed(e);
      return false;
    }
  }
  app.broken = false;
  const errs = $("errors");
  if (view.errors.length) {
    app.editor.showErrors(view.errors);
    errs.hidden = false;
    app.lastErrors = view.errors;
    showErrorList();
    document.body.dataset.parse = "error";
    if (app.good) {
      try {
        await engineCall(() => app.engine.load(app.good.src));
        await engineCall(() => app.engine.goto(app.good.view.pos));
      } catch (e) {
        engineFailed(e);
      }
    }
    return false;
  }
  app.lastErrors = null;
  app.editor.showErrors([]);
  errs.hidden = true;
  errs.replaceChildren();
  document.body.dataset.parse = "ok";
  app.srcLines = src.split("\n");
  app.good = { src, view };
  if (step) {
    try {
      view = await engineCall(() => app.engine.goto(Math.min(step, view.len)));
    } catch (e) {
      engineFailed(e);
      return false;
    }
  }
  render(view);
  return true;
}

/**
 * nestingError returns a parse error {line, col, msg} at the first "(" or "{" nested deeper than
 * MAX_NESTING (strings and # comments skipped), or null. The engine bounds its parser too; this
 * check keeps a hostile link from reaching it at all and names the line either way.
 */
function nestingError(src) {
  const MAX_NESTING = 200;
  let depth = 0, line = 1, col = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    col++;
    if (c === "\n") { line++; col = 0; continue; }
    if (c === "#") { while (i + 1 < src.length && src[i + 1] !== "\n") i++; continue; }
    if (c === '"') {
      for (i++; i < src.length && src[i] !== '"' && src[i] !== "\n"; i++) { col++; if (src[i] === "\\") { i++; col++; } }
      if (src[i] === "\n") i--; // an unterminated string: let the parser say so
      else col++;
      continue;
    }
    if (c === "(" || c === "{") {
      if (++depth > MAX_NESTING) return { line, col, msg: tr("err.tooDeep", { max: MAX_NESTING }) };
    } else if (c === ")" || c === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}

/** showErrorList writes the parse errors under the editor, in the page's language. */
function showErrorList() {
  const errors = app.lastErrors;
  if (!errors) return;
  $("errors").replaceChildren(h("strong", {}, tn(getLang(), app.good ? "err.count" : "err.countNoGood", errors.length)),
    h("ul", {}, errors.slice(0, 10).map((e) => h("li", {}, tr("err.line", { line: e.line, col: e.col, msg: e.msg })))));
}

/**
 * engineFailed says that the engine stopped (a budget, its memory, a crash) and keeps the page
 * usable: the controls go off until the next timeline loads, and a fresh engine is started so
 * that an edit or another example works again.
 */
function engineFailed(e) {
  const msg = String((e && e.message) || e).replace(/^engine: /, "");
  const key = msg === "stopped" ? "err.engineStopped" : /memory|out of bounds|unreachable|exit/i.test(msg) ? "err.engineMemory"
    : /budget|too many|limit/i.test(msg) ? "err.engineBudget"
    : /time|busy|answer/i.test(msg) ? "err.engineBusy" : "err.engine";
  app.broken = true;
  app.urlError = false;
  setMessage(tr(key, { msg: msg.slice(0, 300) }));
  document.body.dataset.engine = "failed";
  for (const id of ["step", "run", "back", "reset"]) $(id).disabled = true;
  restartEngine(msg === "stopped");
}

/** restartEngine loads a fresh engine after a failure (the old one may be dead). */
async function restartEngine(reload = false) {
  if (app.restarting) return;
  app.restarting = true;
  try {
    if (app.engine) app.engine.stop(); // a worker that failed may still run
    app.engine = await startEngine(app.engine && app.engine.hasLessons ? lessonsWasm() : meta("socklab-wasm", "/gen/engine.wasm"));
    app.good = null;
    document.body.dataset.engine = "restarted";
    if (reload) { // Stop: the same timeline again, from its start
      app.stopped = false;
      const msg = $("message").textContent;
      if (await load(app.editor.text())) setMessage(msg, "warn");
    }
  } catch (e2) {
    setMessage(tr("err.engineLoad", { msg: String((e2 && e2.message) || e2) }));
  } finally {
    app.restarting = false;
  }
}

/** guard runs an engine call and renders its view; a failure is reported by engineFailed. */
function guard(fn) {
  return async (...args) => {
    if (!app.engine || !app.good || app.broken) return;
    let view;
    try {
      view = await engineCall(() => fn(...args));
    } catch (e) {
      engineFailed(e);
      return;
    }
    render(view);
  };
}

/**
 * engineCall awaits an engine call (engine.js: the engine runs in a Web Worker). One that takes
 * longer than a moment shows a Stop button, which terminates the worker at once; the page keeps
 * working meanwhile, and engineFailed starts a fresh engine.
 */
async function engineCall(fn) {
  const eng = app.engine;
  app.pending = (app.pending || 0) + 1;
  const timer = setTimeout(() => {
    if (!eng.inWorker || $("stop")) return;
    const stop = h("button", { id: "stop", type: "button", class: "stop" }, tr("ctl.stop"));
    stop.addEventListener("click", () => { app.stopped = true; eng.stop(); });
    $("run").after(stop);
    document.body.dataset.busy = "1";
  }, 400);
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
    if (--app.pending === 0) {
      const stop = $("stop");
      if (stop) stop.remove();
      delete document.body.dataset.busy;
    }
  }
}

const act = {
  step: guard(() => app.engine.step()),
  back: guard(() => app.engine.back()),
  run: guard(() => app.engine.runToEnd()),
  reset: guard(() => app.engine.reset()),
  goto: guard((n) => app.engine.goto(n)),
};
app.act = act;
app.render = render;

function bindControls() {
  $("step").addEventListener("click", act.step);
  $("back").addEventListener("click", act.back);
  $("run").addEventListener("click", act.run);
  $("reset").addEventListener("click", act.reset);
  $("scrub").addEventListener("input", (e) => act.goto(parseInt(e.target.value, 10) || 0));
  document.addEventListener("keydown", onKey);
  // Pointing at a function in the call chain highlights the objects it touched.
  const chain = $("chain");
  const mark = (on) => (e) => {
    const fn = e.target.closest && e.target.closest(".fn");
    if (!fn) return;
    for (const el of document.querySelectorAll(".touched")) el.classList.remove("touched", "touched-created", "touched-changed", "touched-freed");
    if (!on) return;
    for (const t of (fn.dataset.touched || "").split(" ").filter(Boolean)) {
      const i = t.lastIndexOf(":");
      const id = t.slice(0, i), op = t.slice(i + 1);
      for (const el of document.querySelectorAll(`#kernel [data-id="${CSS.escape(id)}"]`)) el.classList.add("touched", `touched-${op}`);
    }
  };
  chain.addEventListener("mouseover", mark(true));
  chain.addEventListener("mouseout", mark(false));
  chain.addEventListener("focusin", mark(true));
  chain.addEventListener("focusout", mark(false));
  window.addEventListener("resize", () => { const k = $("kernel").firstElementChild; if (k) drawArrows(k); });
  const share = $("share");
  if (share) {
    share.addEventListener("click", () => {
      const path = mode === "embed" ? "/embed" : "/";
      const url = shareURL(location.href, path, app.good ? app.good.src : app.editor.text(), app.good ? app.good.view.pos : 0);
      const out = $("share-url");
      out.value = url;
      out.hidden = false;
      out.select();
      if (navigator.clipboard) navigator.clipboard.writeText(url).then(() => { $("status").textContent = tr("hdr.shareCopied"); }, () => {});
    });
  }
  // "Copy as Mermaid" / "Copy as Markdown" (export.js): after Share, or at the end of the controls.
  const copies = mountCopyButtons(share || $("pos"), () => app.engine && app.good && { engine: app.engine, src: app.good.src, pos: app.good.view.pos }, t, getLang);
  for (const b of copies || []) { b.dataset.i18n = `export.${b.dataset.export}`; b.dataset.i18nTitle = `export.${b.dataset.export}Title`; } // relabelled on a language switch
  const ex = $("examples");
  if (ex) {
    fillExampleMenu();
    ex.addEventListener("change", () => {
      const e = examples.find((x) => x.name === ex.value);
      if (e) { app.editor.setText(e.text); clearTimeout(app.timer); load(e.text); }
    });
  }
  for (const b of document.querySelectorAll(".langs .lang")) b.addEventListener("click", () => switchLang(b.dataset.lang));
  const keys = $("keys-toggle");
  if (keys) keys.addEventListener("click", toggleKeys);
  const dlg = $("keys-help");
  if (dlg) dlg.addEventListener("close", () => { if (app.keysOpener) app.keysOpener.focus(); app.keysOpener = null; });
}

// ---- Keys -------------------------------------------------------------------------------

/**
 * onKey: → / Space step, ← back, Home reset, End run to end, ? the list of keys — wherever the
 * focus is (a button, the scrubber, the kernel view) except while typing in the editor or a field.
 * Space and Enter on a focused button keep their usual meaning (press it).
 */
function onKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
  const el = e.target;
  const typing = el && el.closest && el.closest(".cm-editor, input:not([type=range]), select, textarea, [contenteditable=true], dialog");
  if (typing) return;
  if (e.key === "?") { e.preventDefault(); toggleKeys(); return; }
  const onButton = el && el.closest && el.closest("button, summary, a[href]");
  if (e.key === " " && onButton) return; // Space presses the focused button
  const k = { ArrowRight: act.step, " ": act.step, ArrowLeft: act.back, Home: act.reset, End: act.run }[e.key];
  if (k) { e.preventDefault(); k(); }
}

/** toggleKeys shows or hides the list of keyboard shortcuts. */
function toggleKeys() {
  const dlg = $("keys-help");
  if (!dlg) return;
  if (dlg.open) { dlg.close(); return; }
  app.keysOpener = document.activeElement;
  if (dlg.showModal) dlg.showModal(); else dlg.setAttribute("open", "");
  const close = $("keys-close");
  if (close) close.focus();
}

// ---- Language -----------------------------------------------------------------------------

/** applyStrings writes the page's fixed strings ([data-i18n], [data-i18n-title], …) in lang. */
function applyStrings(lang) {
  translateDocument(lang);
  if (mode === "play") document.title = t(lang, "app.title");
}

/** fillExampleMenu (re)writes the example menu's options in the page's language. */
function fillExampleMenu() {
  const ex = $("examples");
  if (!ex) return;
  const keep = ex.value;
  ex.replaceChildren(h("option", { value: "" }, tr("hdr.yourTimeline")), h("option", { value: "lesson", hidden: true, disabled: true }, ""));
  for (const e of examples) ex.append(h("option", { value: e.name }, tr("ex." + e.name)));
  ex.value = keep;
  if (app.editor) syncExampleMenu(app.editor.text());
}

/** syncExampleMenu makes the example menu name what is in the editor. */
function syncExampleMenu(src) {
  const ex = $("examples");
  if (!ex) return;
  const e = examples.find((x) => x.text === src);
  const lesson = app.lessons && app.lessons.current() && !$("lessons").hidden ? app.lessons.lessons().find((l) => l.id === app.lessons.current()) : null;
  const opt = ex.querySelector('option[value="lesson"]');
  if (e) ex.value = e.name;
  else if (lesson && opt) {
    opt.textContent = tr("lesson.menu", { n: lesson.n, title: lesson.title });
    opt.hidden = false;
    ex.value = "lesson";
  } else ex.value = "";
  if (opt && ex.value !== "lesson") opt.hidden = true;
}

/** switchLang changes the page's language: every string, the kernel view and the lesson mode. */
function switchLang(lang) {
  lang = normLang(lang);
  saveLang(lang);
  if (lang === getLang()) return;
  setLang(lang);
  applyStrings(lang);
  fillExampleMenu();
  const u = new URL(location.href);
  if (u.searchParams.has("lang")) {
    u.searchParams.set("lang", lang);
    history.replaceState(null, "", u.pathname + u.search + u.hash);
  }
  app.editor.setLang(lang);
  // Every cached card and row carries text in the old language: draw the view again.
  app.cards = new CardCache();
  app.rows = new CardCache();
  $("kernel").replaceChildren();
  app.shownChain = null;
  showErrorList();
  if (app.good) render(app.good.view);
  if (app.lessons) app.lessons.setLang(lang);
}

// ---- Layout of the kernel view ------------------------------------------------------------

/** Below this width the four columns do not fit: the view shows one lane per process. */
const COLUMNS_MIN_WIDTH = 760;

/** watchLayout picks the kernel view's layout from its width, now and whenever it changes. */
function watchLayout() {
  const forced = new URLSearchParams(location.search).get("layout");
  const pick = (w) => (forced === "procs" || forced === "columns" ? forced : w && w < COLUMNS_MIN_WIDTH ? "procs" : "columns");
  const host = $("kernel");
  app.layout = pick(host.clientWidth);
  document.body.dataset.layout = app.layout;
  if (typeof ResizeObserver !== "function") return;
  new ResizeObserver((entries) => {
    const w = entries[entries.length - 1].contentRect.width;
    const next = pick(w);
    if (next === app.layout) return;
    app.layout = next;
    document.body.dataset.layout = next;
    if (app.good) render(app.good.view);
  }).observe(host);
}

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
}

async function main() {
  const lang = setLang(detectLang());
  applyStrings(lang);
  const share = decodeShare(location.search);
  applyTheme(share.theme);
  let text = share.text;
  if (share.error) {
    app.urlError = true;
    setMessage(tr("err.malformedLink", { why: share.error, what: tr(text !== null ? "err.malformedLink.timeline" : "err.malformedLink.echo") }));
    document.body.dataset.urlError = "1";
  }
  if (text === null) text = examples[0].text;
  // Embeds are read-only unless ro=0 — except a lesson, which is solved by editing.
  const roParam = new URLSearchParams(location.search).get("ro");
  const readOnly = share.readOnly || (mode === "embed" && roParam !== "0" && (lessonParam === null || roParam === "1"));
  if (readOnly) document.body.classList.add("read-only");
  app.editor = createEditor($("editor"), {
    doc: text,
    readOnly,
    lang,
    nonce: meta("csp-nonce", "").startsWith("{{") ? "" : meta("csp-nonce", ""), // static hosting leaves the placeholder
    onChange: (src) => {
      clearTimeout(app.timer);
      app.timer = setTimeout(() => load(src, app.good ? app.good.view.pos : 0), 300);
      syncExampleMenu(src);
      notifyLessons();
    },
  });
  bindControls();
  watchLayout();
  syncExampleMenu(text);
  $("status").textContent = tr("app.loading");
  try {
    // A lesson link starts on the lessons build at once; the playground on the smaller one.
    app.engine = await startEngine(lessonParam !== null ? lessonsWasm() : meta("socklab-wasm", "/gen/engine.wasm"));
  } catch (e) {
    $("status").textContent = "";
    setMessage(tr("err.engineLoad", { msg: e.message || e }));
    return;
  }
  $("status").textContent = "";
  bindLessons();
  if (!(await load(text, share.step))) {
    // A shared timeline that does not parse: say so, and show its text and errors (no blank view).
    if (!app.urlError && !app.broken) setMessage(tr(share.text !== null ? "err.sharedDoesNotParse" : "err.doesNotParse"));
    app.urlError = true;
    $("narration").textContent = tr("err.doesNotParse");
    $("pos").textContent = "";
    for (const id of ["step", "run", "back", "reset"]) $(id).disabled = true;
  } else if (share.step > app.good.view.len) {
    setMessage(tr("err.stepTooFar", { step: share.step, len: app.good.view.len }), "warn");
    app.urlError = true;
  }
  if (lessonParam !== null) await openLessons(lessonParam);
  app.timings.ready = performance.now();
  document.body.dataset.ready = "1";
}

// ---- Lesson mode ----------------------------------------------------------------------------

const lessonParam = new URLSearchParams(location.search).get("lesson"); // null: no lesson link

/** lessonsWasm is the engine build that carries the course (see engine.js, "lessons build"). */
const lessonsWasm = () => meta("socklab-lessons-wasm", "/gen/engine-lessons.wasm");

/**
 * useLessonsEngine swaps the playground's engine for the lessons build the first time lesson
 * mode opens, and reloads the current timeline at the current step into it.
 */
async function useLessonsEngine() {
  if (app.engine.hasLessons) return;
  $("status").textContent = tr("app.loadingLessons");
  try {
    const old = app.engine;
    app.engine = await startEngine(lessonsWasm());
    old.stop();
  } finally {
    $("status").textContent = "";
  }
  await load(app.editor.text(), app.good ? app.good.view.pos : 0);
}

/** startEngine loads an engine build, in the page's Web Worker (meta socklab-worker) when it has one. */
function startEngine(wasmURL) {
  return loadEngine(wasmURL, { worker: meta("socklab-worker", "") });
}

/** What a lesson id may look like (course ids are lowercase words joined by "-"). */
const LESSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** lessonAPI is what lesson.js needs from the page: the playground's editor is its text source. */
const lessonAPI = {
  listLessons: (lang) => app.engine.lessons(lang),
  check: (id, text, step) => app.engine.checkLesson(id, text, step),
  getText: () => app.editor.text(),
  // A lesson's text replaces the timeline at once (no debounce), from step 0; the editor's
  // change listener then tells the lesson mode, as a user edit would.
  setText: (text) => {
    app.editor.setText(text);
    clearTimeout(app.timer);
    load(text);
  },
  getStep: () => (app.good ? app.good.view.pos : 0),
  onChange: (cb) => {
    app.lessonListeners.add(cb);
    return () => app.lessonListeners.delete(cb);
  },
  undo: () => editorUndo(app.editor.view),
};

/** storageOrNull is localStorage, or null where reading it throws (sandboxed frames, privacy modes). */
function storageOrNull() {
  try {
    const s = window.localStorage;
    s.getItem("socklab.probe");
    return s;
  } catch {
    return null;
  }
}

/** lessonsURL keeps /?lesson=ID in the address bar in step with the open lesson (play mode). */
function lessonsURL(id) {
  if (mode !== "play") return;
  const u = new URL(location.href);
  for (const k of ["tl", "step", "lesson"]) u.searchParams.delete(k);
  if (id) u.searchParams.set("lesson", id);
  history.replaceState(null, "", u.pathname + u.search + u.hash);
}

function showLessonPane(on) {
  const pane = $("lessons");
  if (!pane) return;
  pane.hidden = !on;
  document.body.classList.toggle("lessons-on", on);
  const toggle = $("lessons-toggle");
  if (toggle) toggle.setAttribute("aria-expanded", on ? "true" : "false");
  // The kernel column changed width: redraw its arrows.
  const k = $("kernel").firstElementChild;
  if (k) requestAnimationFrame(() => drawArrows(k));
}

let mounting = null;

/** openLessons shows the lesson pane (mounting lesson mode once) and opens lesson id if given. */
async function openLessons(id) {
  if (!app.engine || !$("lessons")) return;
  if (id !== null && id !== undefined && !LESSON_ID.test(id)) {
    // textContent only: the id comes from the URL.
    setMessage(tr("err.badLessonId", { id: id.slice(0, 80) }));
    app.urlError = true;
    document.body.dataset.urlError = "1";
    id = null;
    if (mode === "embed") return;
  }
  if (!mounting) {
    mounting = useLessonsEngine().then(() => mountLessonMode($("lessons"), lessonAPI, {
      storage: storageOrNull(),
      embed: mode === "embed",
      lang: getLang(),
      langFixed: true,
      onLang: switchLang,
      onOpen: (open) => {
        document.body.dataset.lesson = open;
        lessonsURL(open);
        syncExampleMenu(app.editor.text());
      },
    }));
  }
  try {
    app.lessons = await mounting;
  } catch (e) {
    setMessage(tr("err.lessonsLoad", { msg: e.message || e }));
    return;
  }
  if (id && !app.lessons.lessons().some((l) => l.id === id)) {
    setMessage(tr("err.noLesson", { id: id.slice(0, 80) }) + " " + tr(mode === "embed" ? "err.noLessonEmbed" : "err.noLessonPlay"));
    app.urlError = true;
    document.body.dataset.urlError = "1";
    if (mode === "embed") return;
    id = null;
  }
  showLessonPane(true);
  if (id && mode === "embed") {
    const credit = document.querySelector(".credit a");
    if (credit) credit.href = "/?lesson=" + encodeURIComponent(id); // "Open in socklab": this lesson
  }
  if (id) await app.lessons.open(id);
  else if (app.lessons.current()) lessonsURL(app.lessons.current());
  focusLesson();
}

/** focusLesson moves the focus to the open lesson's heading (or the lesson list). */
function focusLesson() {
  const head = document.querySelector("#lessons .lm-h") || document.querySelector("#lessons .lm-brand");
  if (!head) return;
  head.setAttribute("tabindex", "-1");
  head.focus();
}

function closeLessons() {
  showLessonPane(false);
  if (app.lessons && app.lessons.current()) lessonsURL("");
}

function bindLessons() {
  const toggle = $("lessons-toggle");
  if (!toggle) return;
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    if ($("lessons").hidden) openLessons(null);
    else closeLessons();
  });
}

main();
