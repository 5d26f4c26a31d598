// playground.js — the <socklab-playground> web component (built into public/embed.js, one ES
// module; see README.md "Embed socklab in your docs").
//
//   <script type="module" src="https://socklab.example/embed.js"></script>
//   <socklab-playground lang="zh" step="4" theme="auto" height="420" panes="source kernel log">
//   server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
//   …
//   </socklab-playground>
//
// The timeline is the element's text content (or that of a <script type="text/plain"> child, for a
// timeline with "<" in it in hand-written HTML), or src="URL" of a .tl file. Attributes: lang
// (en|zh; default the nearest lang= up the tree, i.e. <html lang>), step (open at statement N),
// theme (light|dark|auto), height (px or any CSS length: the panes scroll inside it), panes
// (which views to show, any of: source kernel chain log; default all), readonly (no editing).
//
// Everything lives in a shadow root with the page's stylesheet (rewritten for :host by
// build.mjs), so the host page's CSS does not reach in and ours does not leak out. The element
// paints its frame and the timeline at once; the engine (gen/engine.wasm next to this module, with
// gen/wasm_exec.js, and gen/worker.js to run it in a Web Worker when this module is served from the
// page's own origin) is fetched once per page, when the first playground scrolls into view
// (IntersectionObserver). The wasm module holds one loaded timeline, so playgrounds share it in
// turns: each keeps its own timeline and step, and the one that acts reloads its timeline and
// goes back to its step when another one used the engine last (a replay of at most its step).
//
// State for tests and styling: the host's data-state ("waiting" | "loading" | "ready" |
// "error") and data-pos (the current step).

import { loadEngine } from "../engine.js";
import { renderKernel, updateKernel, renderChain, renderLog, narrate, drawArrows, h, CardCache } from "../render.js";
import { t, normLang, setLang, getLang, htmlLang } from "../i18n.js";
import { toMermaid, toMarkdown, copyText, showForCopy } from "../export.js";
import SHADOW_CSS from "socklab:shadow-css";

const BASE = new URL(".", import.meta.url);
const PANES = ["source", "kernel", "chain", "log"];
const COLUMNS_MIN_WIDTH = 760; // app.js: below it the kernel view shows one lane per process

// ---- One engine per page, shared in turns ---------------------------------------------------

let enginePromise = null;
let owner = null; // the playground whose timeline the engine holds
let queue = Promise.resolve();

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = resolve;
    s.onerror = () => reject(new Error("could not load " + url));
    document.head.append(s);
  });
}

/** sharedEngine loads the engine once for the page. */
export function sharedEngine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      const wasm = new URL("gen/engine.wasm", BASE).href;
      const exec = new URL("gen/wasm_exec.js", BASE).href;
      // Served from the page's own origin (a Hugo site, socklab's server): the engine runs in a
      // Web Worker (gen/worker.js), so a long timeline never freezes the post. A module from
      // another origin cannot start a worker: the engine runs on the page's thread.
      if (BASE.origin === location.origin && typeof Worker === "function") {
        try {
          return await loadEngine(wasm, { worker: new URL("gen/worker.js", BASE).href, exec });
        } catch {
          /* no worker: the thread, below */
        }
      }
      if (typeof globalThis.Go !== "function") await loadScript(exec);
      return loadEngine(wasm);
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

/** withEngine runs fn(engine) with pg's timeline loaded at pg's step, one playground at a time. */
function withEngine(pg, fn) {
  const run = queue.then(async () => {
    const eng = await sharedEngine();
    if (owner !== pg) {
      owner = null;
      const v = await eng.load(pg.src);
      if (pg.pos && !v.errors.length) await eng.goto(pg.pos);
      owner = pg;
    }
    return fn(eng);
  });
  queue = run.catch(() => {});
  return run;
}

// ---- Visibility: start when scrolled into view ------------------------------------------------

const observer = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) {
        observer.unobserve(e.target);
        e.target.start();
      }
    }
  }, { rootMargin: "200px" })
  : null;

// ---- Styles -------------------------------------------------------------------------------------

let sheet = null;
function adoptStyles(root) {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(SHADOW_CSS);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h("style", {}, SHADOW_CSS)); // browsers without constructable stylesheets
  }
}

/** dedent removes the common indentation and the blank lines around a timeline in HTML. */
export function dedent(text) {
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  let indent = Infinity;
  for (const l of lines) if (l.trim()) indent = Math.min(indent, l.length - l.trimStart().length);
  if (!Number.isFinite(indent)) indent = 0;
  return lines.map((l) => l.slice(indent)).join("\n") + (lines.length ? "\n" : "");
}

let counter = 0;

export class SocklabPlayground extends HTMLElement {
  static get observedAttributes() { return ["theme", "height", "lang"]; }

  constructor() {
    super();
    this.src = "";
    this.srcLines = [];
    this.pos = 0;
    this.view = null;
    this.started = false;
    this.cards = new CardCache();
    this.rows = new CardCache();
    this.uid = ++counter;
  }

  get language() {
    const own = this.getAttribute("lang");
    if (own) return normLang(own);
    const up = this.parentElement && this.parentElement.closest("[lang]");
    return normLang((up && up.getAttribute("lang")) || document.documentElement.lang || "en");
  }

  tr(key, vars) { return t(this.language, key, vars); }

  connectedCallback() {
    if (this.shadowRoot) return;
    this.attachShadow({ mode: "open" });
    adoptStyles(this.shadowRoot);
    this.dataset.state = "waiting";
    this.build();
    this.applyAttrs();
    // First paint: the frame and the timeline's text, without the engine.
    // The text, or a <script type="text/plain"> child's (where the timeline holds a "<").
    const raw = this.querySelector(':scope > script[type="text/plain"]');
    const inline = this.hasAttribute("src") ? "" : dedent(raw ? raw.textContent : this.textContent);
    this.setSource(inline);
    if (observer) observer.observe(this);
    else this.start();
  }

  disconnectedCallback() { if (observer) observer.unobserve(this); }

  attributeChangedCallback() { if (this.shadowRoot) this.applyAttrs(); }

  applyAttrs() {
    const theme = this.getAttribute("theme");
    if (theme === "light" || theme === "dark") this.dataset.theme = theme;
    else delete this.dataset.theme;
    let height = (this.getAttribute("height") || "").trim();
    if (/^\d+(\.\d+)?$/.test(height)) height += "px";
    this.style.setProperty("--sl-height", height && CSS.supports("height", height) ? height : "");
    this.shadowRoot.firstElementChild.setAttribute("lang", htmlLang(this.language));
  }

  panes() {
    const want = (this.getAttribute("panes") || "").toLowerCase().split(/[\s,]+/).filter((p) => PANES.includes(p));
    return new Set(want.length ? want : PANES);
  }

  /** build makes the shadow DOM: controls, narration, errors, and the chosen panes. */
  build() {
    const tr = (k, v) => this.tr(k, v);
    const id = (s) => `sl${this.uid}-${s}`;
    const panes = this.panes();
    this.readonly = this.hasAttribute("readonly");
    // Symbol buttons are named by their title; text buttons by their text (axe: label-content-name-mismatch).
    const btn = (name, label, title, named = true) => h("button", { type: "button", class: `sl-${name}`, title, "aria-label": named ? title : null, disabled: true }, label);
    this.el = {
      reset: btn("reset", "|◀", tr("ctl.resetTitle")),
      back: btn("back", "◀", tr("ctl.backTitle")),
      step: btn("step", "▶", tr("ctl.stepTitle")),
      run: btn("run", "▶|", tr("ctl.runTitle")),
      scrub: h("input", { type: "range", min: "0", max: "0", value: "0", class: "sl-scrub", "aria-label": tr("ctl.scrub"), disabled: true }),
      pos: h("span", { class: "sl-pos pos" }, ""),
      status: h("span", { class: "sl-status", role: "status" }, tr("app.loading")),
      mermaid: btn("mermaid", tr("export.mermaid"), tr("export.mermaidTitle"), false),
      markdown: btn("markdown", tr("export.markdown"), tr("export.markdownTitle"), false),
      narration: h("p", { class: "sl-narration narration", "aria-live": "polite" }),
      errors: h("div", { class: "sl-errors errors", role: "alert", hidden: true }),
      source: null, kernel: null, chain: null, log: null,
    };
    this.el.mermaid.dataset.export = "mermaid";
    this.el.markdown.dataset.export = "markdown";
    const E = this.el;
    const bar = h("div", { class: "sl-bar controls", role: "toolbar", "aria-label": tr("ctl.controls") },
      E.reset, E.back, E.step, E.run, E.scrub, E.pos, E.status,
      h("span", { class: "sl-spacer" }), E.mermaid, E.markdown);
    const body = h("div", { class: "sl-body" });
    if (panes.has("source")) {
      E.source = this.readonly
        ? h("ol", { class: "sl-source", tabindex: "0", "aria-label": tr("pane.timeline") })
        : h("textarea", { class: "sl-source sl-edit", spellcheck: "false", "aria-label": tr("pane.editor") });
      body.append(h("section", { class: "sl-pane sl-pane-source", "aria-labelledby": id("h-src") }, h("h2", { id: id("h-src"), class: "sl-h" }, tr("pane.timeline")), E.source));
    }
    if (panes.has("kernel")) {
      E.kernel = h("div", { class: "sl-kernel kernel-host", tabindex: "0", "aria-labelledby": id("h-k") }, h("p", { class: "sl-placeholder" }, tr("app.loading")));
      body.append(h("section", { class: "sl-pane sl-pane-kernel" }, h("h2", { id: id("h-k"), class: "sl-h" }, tr("pane.kernel")), E.kernel));
    }
    const extras = h("div", { class: "sl-extras" });
    if (panes.has("log")) {
      E.log = h("div", { class: "sl-log log", tabindex: "0", "aria-labelledby": id("h-log") });
      extras.append(h("details", { class: "sl-details", open: true }, h("summary", { id: id("h-log") }, tr("embed.results")), E.log));
    }
    if (panes.has("chain")) {
      E.chain = h("div", { class: "sl-chain chain", tabindex: "0", "aria-labelledby": id("h-chain") });
      extras.append(h("details", { class: "sl-details" }, h("summary", { id: id("h-chain") }, tr("embed.chain")), E.chain));
    }
    if (extras.firstChild) body.append(extras);
    if (E.source && E.kernel) body.classList.add("sl-two");
    const root = h("div", { class: "sl", role: "region", "aria-label": "socklab" }, bar, E.narration, E.errors, body);
    this.shadowRoot.append(root);

    E.step.addEventListener("click", () => this.act((e) => e.step()));
    E.back.addEventListener("click", () => this.act((e) => e.back()));
    E.run.addEventListener("click", () => this.act((e) => e.runToEnd()));
    E.reset.addEventListener("click", () => this.act((e) => e.goto(0)));
    E.scrub.addEventListener("input", () => { const n = parseInt(E.scrub.value, 10) || 0; this.act((e) => e.goto(n)); });
    E.mermaid.addEventListener("click", () => this.copy("mermaid"));
    E.markdown.addEventListener("click", () => this.copy("markdown"));
    root.addEventListener("keydown", (ev) => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const tgt = ev.composedPath()[0];
      if (tgt && tgt.closest && tgt.closest("textarea, input, button")) return;
      const k = { ArrowRight: (e) => e.step(), " ": (e) => e.step(), ArrowLeft: (e) => e.back(), Home: (e) => e.goto(0), End: (e) => e.runToEnd() }[ev.key];
      if (k && this.view) { ev.preventDefault(); this.act(k); }
    });
    if (E.source && !this.readonly) {
      E.source.addEventListener("input", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(E.source.value, this.pos), 350);
      });
    }
  }

  /** setSource shows text in the source pane (before and after the engine). */
  setSource(text) {
    this.src = text;
    this.srcLines = text.split("\n");
    const S = this.el.source;
    if (!S) return;
    if (!this.readonly) {
      if (S.value !== text) S.value = text;
      S.rows = Math.min(Math.max(this.srcLines.length, 4), 24);
      return;
    }
    S.replaceChildren(...this.srcLines.slice(0, text.endsWith("\n") ? -1 : undefined).map((l, i) => h("li", { "data-line": i + 1 }, l || " ")));
  }

  /** start fetches the timeline (src=) and the engine, then shows step `step`. */
  async start() {
    if (this.started) return;
    this.started = true;
    this.timings = { start: performance.now(), ready: 0 }; // for the tests' measurements
    this.dataset.state = "loading";
    try {
      if (this.hasAttribute("src")) {
        const r = await fetch(new URL(this.getAttribute("src"), document.baseURI));
        if (!r.ok) throw new Error(`${this.getAttribute("src")}: HTTP ${r.status}`);
        this.setSource(await r.text());
      }
      const step = Math.max(0, parseInt(this.getAttribute("step") || "0", 10) || 0);
      await this.reload(this.src, step);
      this.el.status.textContent = "";
      this.timings.ready = performance.now();
      this.dataset.state = "ready";
    } catch (e) {
      this.dataset.state = "error";
      this.el.status.textContent = "";
      this.showErrors([this.tr("err.engineLoad", { msg: e.message || String(e) })]);
    }
  }

  /** reload loads src (the playground's own timeline) at step; parse errors are shown inside. */
  async reload(src, step) {
    this.setSource(src);
    const view = await withEngine(this, async (eng) => {
      owner = null; // force this load
      let v = await eng.load(src);
      owner = this;
      if (!v.errors.length && step) v = await eng.goto(Math.min(step, v.len));
      return v;
    });
    if (view.errors.length) {
      this.pos = 0;
      this.showErrors(view.errors.slice(0, 10).map((e) => this.tr("err.line", { line: e.line, col: e.col, msg: e.msg })),
        this.tr(view.errors.length === 1 ? "err.countNoGood.one" : "err.countNoGood.other", { n: view.errors.length }));
      this.view = null;
      this.setDisabled(true);
      this.dataset.parse = "error";
      return;
    }
    this.dataset.parse = "ok";
    this.showErrors([]);
    this.render(view);
  }

  showErrors(lines, head = "") {
    const E = this.el.errors;
    E.hidden = !lines.length;
    E.replaceChildren(...(lines.length ? [head ? h("strong", {}, head) : null, h("ul", {}, lines.map((l) => h("li", {}, l)))] : []));
  }

  setDisabled(on) {
    for (const k of ["reset", "back", "step", "run", "scrub", "mermaid", "markdown"]) this.el[k].disabled = on;
  }

  act(fn) {
    if (!this.view) return Promise.resolve();
    return withEngine(this, fn).then((v) => this.render(v), (e) => this.showErrors([this.tr("err.engine", { msg: e.message || String(e) })]));
  }

  async copy(kind) {
    if (!this.view) return;
    const b = this.el[kind];
    const text = await withEngine(this, async (eng) => {
      const end = await eng.runToEnd();
      await eng.goto(this.pos);
      return kind === "markdown" ? toMarkdown(end.events, this.srcLines) : toMermaid(end.events, this.srcLines);
    });
    b.dataset.text = text;
    const ok = await copyText(text);
    if (!ok) showForCopy(this.el.errors, text, this.tr(`export.${kind}`));
    b.textContent = this.tr(ok ? "export.copied" : "export.failed");
    setTimeout(() => { b.textContent = this.tr(`export.${kind}`); }, 1500);
  }

  /**
   * layout is the kernel view's layout for its width, as on the page (app.js watchLayout): four
   * columns, or one lane per process when they do not fit (phones, a post's narrow column).
   */
  layout() {
    const w = this.el.kernel ? this.el.kernel.clientWidth : 0;
    if (!this.resizer && typeof ResizeObserver === "function" && this.el.kernel) {
      this.resizer = new ResizeObserver(() => {
        if (this.view && this.kernelRoot && this.kernelRoot.dataset.layout !== this.layout()) this.render(this.view);
      });
      this.resizer.observe(this.el.kernel);
    }
    return w && w < COLUMNS_MIN_WIDTH ? "procs" : "columns";
  }

  /** render draws a View with the page's render functions, in this playground's language. */
  render(view) {
    const E = this.el;
    this.view = view;
    this.pos = view.pos;
    const pageLang = getLang();
    setLang(this.language); // render.js reads the current language; put the page's back after
    try {
      if (E.kernel) {
        let k = this.kernelRoot;
        const layout = this.layout();
        if (!k) {
          k = this.kernelRoot = renderKernel(view, this.cards, layout);
          E.kernel.replaceChildren(k);
        } else {
          k.dataset.layout = layout;
          updateKernel(k, view, this.cards);
        }
        this.cards.rotate();
        drawArrows(k);
      }
      if (E.chain) E.chain.replaceChildren(renderChain(view.chain));
      if (E.log) {
        E.log.replaceChildren(renderLog(view.events, this.srcLines, view.pos, this.rows));
        this.rows.rotate();
        E.log.scrollTop = 1e9;
      }
      E.narration.textContent = narrate(view, this.srcLines);
    } finally {
      setLang(pageLang);
    }
    E.scrub.max = String(view.len);
    E.scrub.value = String(view.pos);
    E.pos.textContent = this.tr("pos", { pos: view.pos, len: view.len });
    this.setDisabled(false);
    E.back.disabled = E.reset.disabled = view.pos === 0;
    E.step.disabled = E.run.disabled = view.pos >= view.len;
    if (E.source && this.readonly) {
      const cur = new Set(Object.values(view.lines || {}));
      for (const li of E.source.children) li.classList.toggle("sl-current", cur.has(Number(li.dataset.line)));
    }
    if (view.message) this.showErrors([view.message]);
    this.dataset.pos = String(view.pos);
  }
}

if (!customElements.get("socklab-playground")) customElements.define("socklab-playground", SocklabPlayground);
