// app.js — wires the playground page (and the /embed view) together: the editor, the engine
// (engine.js), the pure render functions (render.js), the controls, the share links and the
// lesson mode (lesson/lesson.js, mounted next to the editor: the "Lessons" button, /?lesson=ID,
// /embed?lesson=ID). The only state kept here is which timeline is loaded and the last good View.

import { loadEngine, STEP_BUDGET } from "./engine.js";
import { createEditor } from "./editor.js";
import { renderKernel, updateKernel, renderChain, renderLog, narrate, drawArrows, h, CardCache } from "./render.js";
import { decodeShare, shareURL } from "./share.js";
import { examples } from "./examples.js";
import { mountLessonMode } from "./lesson/lesson.js";
import { undo as editorUndo } from "@codemirror/commands";
import { mountCopyButtons } from "./export.js";
import { t as i18nT, getLang } from "./i18n.js";

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
};
window.socklabApp = app; // for the e2e and performance tests

function render(view) {
  const t0 = performance.now();
  app.good.view = view;
  const kernelHost = $("kernel");
  let kernel = kernelHost.firstElementChild;
  if (!kernel) {
    kernel = renderKernel(view, app.cards);
    kernelHost.replaceChildren(kernel);
  } else {
    updateKernel(kernel, view, app.cards);
  }
  app.cards.rotate();
  const t1 = performance.now();
  drawArrows(kernel);
  const t2 = performance.now();
  $("chain").replaceChildren(renderChain(view.chain));
  const log = renderLog(view.events, app.srcLines, view.pos, app.rows);
  app.rows.rotate();
  $("log").replaceChildren(log);
  // Keep the newest result in sight, in the next frame's layout rather than forcing one now.
  if (mode === "play") requestAnimationFrame(() => { $("log").scrollTop = 1e9; });
  $("narration").textContent = narrate(view, app.srcLines);
  const scrub = $("scrub");
  scrub.max = String(view.len);
  scrub.value = String(view.pos);
  $("pos").textContent = `step ${view.pos} / ${view.len}`;
  $("back").disabled = view.pos === 0;
  $("reset").disabled = view.pos === 0;
  $("step").disabled = view.pos >= view.len;
  $("run").disabled = view.pos >= view.len;
  const t3 = performance.now();
  app.editor.showCurrent(view.lines);
  if (view.message) setMessage(view.message, "warn");
  else if (!app.urlError) setMessage("");
  document.body.dataset.pos = String(view.pos);
  const t4 = performance.now();
  app.timings.lastRender = t4 - t0;
  app.timings.phases = { kernel: t1 - t0, arrows: t2 - t1, panels: t3 - t2, editor: t4 - t3 };
  notifyLessons();
}

/** notifyLessons tells the lesson mode that the text or the step changed (it debounces). */
function notifyLessons() {
  for (const cb of app.lessonListeners) cb();
}

/** load hands src to the engine; on parse errors the view stays on the last good timeline. */
function load(src, step = 0) {
  let view;
  try {
    view = app.engine.load(src);
  } catch (e) {
    setMessage(String(e.message || e));
    return false;
  }
  const errs = $("errors");
  if (view.errors.length) {
    app.editor.showErrors(view.errors);
    errs.hidden = false;
    errs.replaceChildren(h("strong", {}, `${view.errors.length} error${view.errors.length > 1 ? "s" : ""} — the view shows the last good timeline.`),
      h("ul", {}, view.errors.slice(0, 10).map((e) => h("li", {}, `line ${e.line}:${e.col}: ${e.msg}`))));
    document.body.dataset.parse = "error";
    if (app.good) {
      app.engine.load(app.good.src);
      app.engine.goto(app.good.view.pos);
    }
    return false;
  }
  app.editor.showErrors([]);
  errs.hidden = true;
  errs.replaceChildren();
  document.body.dataset.parse = "ok";
  app.srcLines = src.split("\n");
  app.good = { src, view };
  render(step ? app.engine.goto(Math.min(step, view.len)) : view);
  return true;
}

const act = {
  step: () => render(app.engine.step()),
  back: () => render(app.engine.back()),
  run: () => render(app.engine.runToEnd()),
  reset: () => render(app.engine.reset()),
  goto: (n) => render(app.engine.goto(n)),
};
app.act = act;
app.render = render;

function bindControls() {
  $("step").addEventListener("click", act.step);
  $("back").addEventListener("click", act.back);
  $("run").addEventListener("click", act.run);
  $("reset").addEventListener("click", act.reset);
  $("scrub").addEventListener("input", (e) => act.goto(parseInt(e.target.value, 10) || 0));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && t.closest && t.closest(".cm-editor, input, select, textarea, button")) return;
    const k = { ArrowRight: act.step, " ": act.step, ArrowLeft: act.back, Home: act.reset, End: act.run }[e.key];
    if (k) { e.preventDefault(); k(); }
  });
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
      if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
    });
  }
  // "Copy as Mermaid" / "Copy as Markdown" (export.js): after Share, or at the end of the controls.
  mountCopyButtons(share || $("pos"), () => app.engine && app.good && { engine: app.engine, src: app.good.src, pos: app.good.view.pos }, i18nT, getLang);
  const ex = $("examples");
  if (ex) {
    ex.append(h("option", { value: "" }, "your timeline"));
    for (const e of examples) ex.append(h("option", { value: e.name }, e.title));
    ex.addEventListener("change", () => {
      const e = examples.find((x) => x.name === ex.value);
      if (e) { app.editor.setText(e.text); clearTimeout(app.timer); load(e.text); }
    });
  }
}

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
}

async function main() {
  const share = decodeShare(location.search);
  applyTheme(share.theme);
  let text = share.text;
  if (share.error) {
    app.urlError = true;
    setMessage(`This link is malformed: ${share.error}. Showing the ${text !== null ? "timeline" : "echo example"} instead.`);
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
    nonce: meta("csp-nonce", "").startsWith("{{") ? "" : meta("csp-nonce", ""), // static hosting leaves the placeholder
    onChange: (src) => {
      clearTimeout(app.timer);
      app.timer = setTimeout(() => load(src, app.good ? app.good.view.pos : 0), 300);
      notifyLessons();
    },
  });
  bindControls();
  const ex = $("examples");
  if (ex) ex.value = (examples.find((e) => e.text === text) || { name: "" }).name;
  $("status").textContent = "loading the kernel…";
  try {
    // A lesson link starts on the lessons build at once; the playground on the smaller one.
    app.engine = await loadEngine(lessonParam !== null ? lessonsWasm() : meta("socklab-wasm", "/gen/engine.wasm"));
  } catch (e) {
    $("status").textContent = "";
    setMessage(`The engine failed to load: ${e.message || e}`);
    return;
  }
  $("status").textContent = "";
  bindLessons();
  if (!load(text, share.step)) {
    // A shared timeline that does not parse: say so (the editor marks the errors).
    if (!app.urlError) setMessage("This timeline does not parse; fix the marked errors.");
  } else if (share.step > app.good.view.len) {
    setMessage(`This link asks for step ${share.step} but the timeline has ${app.good.view.len} statements; showing the last one.`, "warn");
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
  $("status").textContent = "loading the lessons…";
  try {
    app.engine = await loadEngine(lessonsWasm());
  } finally {
    $("status").textContent = "";
  }
  load(app.editor.text(), app.good ? app.good.view.pos : 0);
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
    setMessage(`This lesson link is malformed: "${id.slice(0, 80)}" is not a lesson id (letters, digits and "-").`);
    app.urlError = true;
    document.body.dataset.urlError = "1";
    id = null;
    if (mode === "embed") return;
  }
  if (!mounting) {
    mounting = useLessonsEngine().then(() => mountLessonMode($("lessons"), lessonAPI, {
      storage: storageOrNull(),
      embed: mode === "embed",
      onOpen: (open) => {
        document.body.dataset.lesson = open;
        lessonsURL(open);
      },
    }));
  }
  try {
    app.lessons = await mounting;
  } catch (e) {
    setMessage(`The lessons failed to load: ${e.message || e}`);
    return;
  }
  if (id && !app.lessons.lessons().some((l) => l.id === id)) {
    setMessage(`There is no lesson "${id}". ${mode === "embed" ? "Showing the playground instead." : "Pick one from the list."}`);
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
