// app.js — wires the playground page (and the /embed view) together: the editor, the engine
// (engine.js), the pure render functions (render.js), the controls and the share links.
// The only state kept here is which timeline is loaded and the last good View.

import { loadEngine, STEP_BUDGET } from "./engine.js";
import { createEditor } from "./editor.js";
import { renderKernel, updateKernel, renderChain, renderLog, narrate, drawArrows, h, CardCache } from "./render.js";
import { decodeShare, shareURL } from "./share.js";
import { examples } from "./examples.js";

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
  const readOnly = share.readOnly || (mode === "embed" && new URLSearchParams(location.search).get("ro") !== "0");
  if (readOnly) document.body.classList.add("read-only");
  app.editor = createEditor($("editor"), {
    doc: text,
    readOnly,
    nonce: meta("csp-nonce", "").startsWith("{{") ? "" : meta("csp-nonce", ""), // static hosting leaves the placeholder
    onChange: (src) => { clearTimeout(app.timer); app.timer = setTimeout(() => load(src, app.good ? app.good.view.pos : 0), 300); },
  });
  bindControls();
  const ex = $("examples");
  if (ex) ex.value = (examples.find((e) => e.text === text) || { name: "" }).name;
  $("status").textContent = "loading the kernel…";
  try {
    app.engine = await loadEngine(meta("socklab-wasm", "/gen/engine.wasm"));
  } catch (e) {
    $("status").textContent = "";
    setMessage(`The engine failed to load: ${e.message || e}`);
    return;
  }
  $("status").textContent = "";
  if (!load(text, share.step)) {
    // A shared timeline that does not parse: say so (the editor marks the errors).
    if (!app.urlError) setMessage("This timeline does not parse; fix the marked errors.");
  } else if (share.step > app.good.view.len) {
    setMessage(`This link asks for step ${share.step} but the timeline has ${app.good.view.len} statements; showing the last one.`, "warn");
    app.urlError = true;
  }
  app.timings.ready = performance.now();
  document.body.dataset.ready = "1";
}

main();
