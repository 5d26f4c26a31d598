// lesson.js — socklab's lesson mode: a self-contained UI module the playground page mounts.
//
// Interface (all the page has to provide; plain ES module, no framework):
//
//   import { mountLessonMode } from "./lesson/lesson.js";
//   const lessons = await mountLessonMode(rootElement, api, options);
//
//   api = {
//     listLessons(lang)          -> Lesson[] | JSON string | Promise of either
//                                   (Go: lessons.ListJSON(lang); lang is "en" or "zh")
//     check(id, text, step)      -> CheckResult | JSON string | Promise of either
//                                   (Go: lessons.CheckJSON(id, text, step); step -1 = the end)
//     getText()                  -> string: the editor's timeline now
//     setText(text)              -> load text into the editor (and the engine); must call the
//                                   onChange callbacks like a user edit would
//     getStep()                  -> number: statements executed in the page's view (0 = none)
//     onChange(callback)         -> function that unsubscribes; call callback() whenever the text
//                                   or the step changes (debouncing is done here)
//     undo?()                    -> optional: the editor's own undo; without it lesson mode keeps
//                                   its own history of the texts it has seen
//   }
//
//   options = {
//     lang:      "zh-CN"          // default: navigator.language ("zh*" -> 中文, else English)
//     storage:   localStorage     // progress store ({getItem, setItem}); null = none
//     lessonID:  "bind-path"      // open this lesson at once (the embed view: /embed?lesson=ID)
//     embed:     false            // compact: no lesson list, no import/export
//     document:  document         // for tests
//     debounceMs: 150
//     confirm:   null             // optional async (message) => boolean for "show solution";
//                                  // default: an inline two-step confirmation
//     onOpen:    null             // optional (id) => void: a lesson was opened (id) or closed ("");
//                                  // the page keeps its URL (/?lesson=ID) in step with it
//     langFixed: false            // true: options.lang wins over the language saved with the
//                                  // progress (the page has its own switch and memory)
//     onLang:    null             // optional (lang) => void: the lesson's language buttons were
//                                  // pressed; the page switches everything (then calls setLang)
//     focus:     true             // opening a lesson moves the focus to its heading
//   }
//
//   The returned controller: open(id), close(), setLang("en"|"zh"), refresh() (re-check now;
//   returns a Promise), exportProgress() (JSON text), importProgress(text), current() (the open
//   lesson's id or ""), destroy().
//
// Lesson (one element of listLessons, lessons/README.md "JSON for the page"):
//   {id, n, title, body (Markdown subset), requires:[], pending:"" | "requires af_inet: ...",
//    starter, solution, goals:[text], hints:[text],
//    predict:[{step, on:"starter"|"solution", ask, question, answer}]}
// CheckResult:
//   {id, pending, errors:[msg], len, step, goals:[bool], done, predict:[{applies, actual}]}
//
// Lesson text is data: it is rendered by markdown.js with createTextNode/textContent only and
// links restricted to http(s). Nothing here assigns innerHTML.
//
// Styles: lesson.css (class names start with "lm-"); the page's bundle must include it.

import { renderMarkdown } from "./markdown.js";
import { Progress } from "./progress.js";
import { t } from "../i18n.js";

// Every string comes from the page's tables (../i18n.js, keys "lesson.*"), in English and Chinese.
const LANG_NAMES = { en: t("en", "lang.name"), zh: t("zh", "lang.name") };

/** normLang maps a language tag to "en" or "zh". */
export function normLang(tag) {
  return String(tag || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** normalizeAnswer makes "  -1 ", "eagain", "Block" comparable with the engine's answers. */
export function normalizeAnswer(s) {
  const t = String(s ?? "").trim();
  if (/^[+-]?\d+$/.test(t)) return String(parseInt(t, 10));
  return t.toUpperCase();
}

/** sameAnswer compares a learner's guess with the engine's answer. */
export function sameAnswer(guess, answer) {
  return normalizeAnswer(guess) !== "" && normalizeAnswer(guess) === normalizeAnswer(answer);
}

const asObject = (x) => (typeof x === "string" ? JSON.parse(x) : x);

/** mountLessonMode builds the lesson mode inside root and returns its controller. */
export async function mountLessonMode(root, api, options = {}) {
  const doc = options.document || root.ownerDocument || globalThis.document;
  const storage = options.storage === undefined ? globalThis.localStorage ?? null : options.storage;
  const debounceMs = options.debounceMs ?? 150;
  const navLang = globalThis.navigator ? globalThis.navigator.language : "en";

  let lessons = [];
  let progress = new Progress(storage, new Set());
  let lang = normLang(options.lang || navLang);
  let cur = null; // the open lesson
  let live = null; // last CheckResult at the current step
  let final = null; // last CheckResult at the end of the timeline
  let checkErr = "";
  let history = [];
  let lastText = null;
  let applyingUndo = false;
  let timer = null;
  let unsubscribe = null;
  let confirming = false;
  let showSolution = false;
  let answered = new Map(); // prediction index -> {guess, right, answer} (this visit)
  let drafts = new Map(); // prediction index -> the guess being typed (renders must not lose it)
  let status = "";
  let checkSeq = 0;

  // h builds an element: props {class, text, title, attrs:{}, on:{}}; kids are nodes or strings.
  function h(tag, props = {}, ...kids) {
    const el = doc.createElement(tag);
    if (props.class) el.className = props.class;
    if (props.text !== undefined) el.textContent = String(props.text);
    if (props.title) el.setAttribute("title", props.title);
    for (const [k, v] of Object.entries(props.attrs || {})) el.setAttribute(k, String(v));
    for (const [k, fn] of Object.entries(props.on || {})) el.addEventListener(k, fn);
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.appendChild(typeof kid === "string" ? doc.createTextNode(kid) : kid);
    }
    return el;
  }
  const button = (text, onclick, extra = {}) =>
    h("button", { text, attrs: { type: "button", ...(extra.attrs || {}) }, class: extra.class, title: extra.title, on: { click: onclick } });

  // L is a lesson string in the current language.
  const L = (key, vars) => t(lang, "lesson." + key, vars);

  async function loadList() {
    lessons = asObject(await api.listLessons(lang)) || [];
    const ids = new Set(lessons.map((l) => l.id));
    const keep = progress.data;
    progress = new Progress(storage, ids);
    if (keep.lang && !progress.data.lang) progress.data.lang = keep.lang;
    // Without a storage (privacy mode, a sandboxed frame) the progress lives in memory only:
    // carry it over instead of starting again on every language switch.
    for (const id of Object.keys(keep.lessons)) {
      if (ids.has(id) && !Object.prototype.hasOwnProperty.call(progress.data.lessons, id)) progress.data.lessons[id] = keep.lessons[id];
    }
    if (cur) cur = lessons.find((l) => l.id === cur.id) || null;
  }

  // The stored language choice wins over the browser's.
  {
    const probe = new Progress(storage, new Set());
    if (probe.data.lang && !options.langFixed) lang = probe.data.lang;
  }
  await loadList();

  // The live region stays in place across renders so screen readers hear every announcement.
  const content = h("div", { class: "lm-content" });
  const liveRegion = h("div", { class: "lm-sr", attrs: { "aria-live": "polite", role: "status" } });
  const shell = h("div", { class: "lm" + (options.embed ? " lm-embed" : ""), attrs: { "data-lesson-mode": "" } }, content, liveRegion);
  root.appendChild(shell);

  function render() {
    const kids = [renderHeader()];
    if (cur) kids.push(renderLesson());
    else if (!options.embed) kids.push(renderList());
    // A re-check re-renders while the learner may be typing a guess: keep the focus there.
    const active = doc.activeElement;
    const focusKey = active && active.getAttribute ? active.getAttribute("data-focus") : null;
    content.replaceChildren(...kids);
    if (focusKey && content.querySelector) {
      const el = content.querySelector(`[data-focus="${focusKey}"]`);
      if (el && el.focus) el.focus();
    }
  }

  function renderHeader() {
    const langs = h("div", { class: "lm-langs", attrs: { role: "group", "aria-label": "Language / 语言" } });
    for (const l of ["en", "zh"]) {
      langs.appendChild(
        button(LANG_NAMES[l], () => (typeof options.onLang === "function" ? options.onLang(l) : controller.setLang(l)), {
          class: "lm-lang" + (l === lang ? " lm-on" : ""),
          attrs: { "aria-pressed": l === lang ? "true" : "false", lang: l === "zh" ? "zh-Hans" : "en", "data-lang": l },
        }),
      );
    }
    const head = h("div", { class: "lm-head" }, h("strong", { class: "lm-brand", text: L("lessons") }), h("span", { class: "lm-count", text: L("done", { n: progress.doneCount(), m: lessons.length }) }), langs);
    if (!options.embed) {
      const file = h("input", { class: "lm-file", attrs: { type: "file", accept: "application/json,.json", hidden: "" } });
      file.addEventListener("change", async () => {
        const f = file.files && file.files[0];
        if (f) controller.importProgress(await f.text());
        file.value = "";
      });
      head.appendChild(button(L("export"), downloadProgress, { class: "lm-export" }));
      head.appendChild(button(L("import"), () => file.click(), { class: "lm-import" }));
      head.appendChild(file);
    }
    if (status) head.appendChild(h("span", { class: "lm-status", text: status }));
    return head;
  }

  function renderList() {
    const ol = h("ol", { class: "lm-list" });
    for (const l of lessons) {
      const p = progress.lesson(l.id);
      const item = button("", () => controller.open(l.id), { class: "lm-item" + (p.done ? " lm-done" : ""), attrs: { "data-lesson": l.id } });
      item.append(h("span", { class: "lm-n", text: String(l.n) }), h("span", { class: "lm-title", text: l.title }));
      if (p.done) item.appendChild(h("span", { class: "lm-tag lm-tag-done", text: "✓ " + L("solved") }));
      if (l.pending) item.appendChild(h("span", { class: "lm-tag lm-tag-pending", text: L("pendingTag"), title: l.pending }));
      ol.appendChild(h("li", {}, item));
    }
    return h("nav", { class: "lm-nav", attrs: { "aria-label": L("lessons") } }, ol);
  }

  function renderLesson() {
    const l = cur;
    const p = progress.lesson(l.id);
    const sec = h("section", { class: "lm-lesson", attrs: { "data-lesson": l.id, lang: lang === "zh" ? "zh-Hans" : "en" } });
    const top = h("div", { class: "lm-top" });
    if (!options.embed) top.appendChild(button("← " + L("back"), () => controller.close(), { class: "lm-back" }));
    top.appendChild(h("h2", { class: "lm-h", text: `${l.n}. ${l.title}`, attrs: { tabindex: "-1", "data-focus": "lesson-heading" } }));
    sec.appendChild(top);
    if (l.pending) sec.appendChild(h("p", { class: "lm-pending", attrs: { role: "note" } }, L("pending") + " ", h("code", { text: l.pending })));
    sec.appendChild(renderMarkdown(doc, l.body, "lm-body"));

    // Reset and Undo head the goal box, so they stay in sight with the goals.
    const controls = h(
      "div",
      { class: "lm-controls" },
      button(L("reset"), () => controller.reset(), { class: "lm-reset", title: L("resetTitle") }),
      button(L("undo"), () => controller.undo(), { class: "lm-undo", title: L("undoTitle"), attrs: canUndo() ? {} : { disabled: "" } }),
    );

    // Goals.
    const goals = h("ul", { class: "lm-goals" });
    const atEnd = live && final && live.step === final.step;
    l.goals.forEach((text, i) => {
      const met = !!(final && final.goals[i]);
      const now = !!(live && live.goals[i]);
      const li = h("li", { class: "lm-goal" + (met ? " lm-met" : ""), attrs: { "data-goal": i, "data-met": met ? "true" : "false" } });
      li.appendChild(h("span", { class: "lm-mark", text: met ? "✓" : "○", attrs: { "aria-hidden": "true" } }));
      li.appendChild(h("span", { class: "lm-goal-text", text }));
      if (!atEnd && now) li.appendChild(h("span", { class: "lm-now", text: "●", title: L("nowHolds"), attrs: { "aria-label": L("nowHolds") } }));
      goals.appendChild(li);
    });
    const gbox = h("div", { class: "lm-goalbox" }, h("div", { class: "lm-goalhead" }, h("h3", { text: L("goals") }), controls), goals, h("p", { class: "lm-note", text: L("goalsNote") }));
    if (checkErr) gbox.appendChild(h("p", { class: "lm-error", text: L("engineError", { msg: checkErr }) }));
    if (final && final.errors && final.errors.length) {
      const ul = h("ul", { class: "lm-errors" });
      for (const e of final.errors.slice(0, 10)) ul.appendChild(h("li", { text: e }));
      gbox.appendChild(h("div", { class: "lm-error" }, h("p", { text: L("errors") }), ul));
    }
    if (final && final.done && !l.pending) {
      const solved = h("div", { class: "lm-solved", attrs: { role: "status" } }, h("strong", { text: L("allMet") }));
      const next = lessons[lessons.findIndex((x) => x.id === l.id) + 1];
      if (next && !options.embed) solved.appendChild(button(L("next"), () => controller.open(next.id), { class: "lm-next" }));
      gbox.appendChild(solved);
    }
    sec.appendChild(gbox);

    // Predict the next step.
    const pbox = renderPredictions();
    if (pbox) sec.appendChild(pbox);

    // Hints, one at a time.
    const shown = Math.min(p.hints, l.hints.length);
    const hints = h("ol", { class: "lm-hints" });
    for (let i = 0; i < shown; i++) hints.appendChild(h("li", {}, renderMarkdown(doc, l.hints[i], "lm-hint")));
    const more = shown < l.hints.length ? button(L("hint", { i: shown + 1, n: l.hints.length }), () => controller.hint(), { class: "lm-hint-btn" }) : h("p", { class: "lm-note", text: L("noMoreHints") });
    sec.appendChild(h("div", { class: "lm-hintbox" }, hints, more));

    // The solution, behind a confirmation.
    const sbox = h("div", { class: "lm-solbox" });
    if (showSolution) {
      sbox.append(h("h3", { text: L("solution") }), h("pre", { class: "lm-solution", text: l.solution }), button(L("loadSolution"), () => controller.loadSolution(), { class: "lm-load-solution" }));
    } else if (confirming) {
      sbox.append(
        h("p", { class: "lm-confirm", text: L("confirmSolution") }),
        button(L("yes"), () => controller.revealSolution(), { class: "lm-confirm-yes" }),
        button(L("no"), () => {
          confirming = false;
          render();
        }, { class: "lm-confirm-no" }),
      );
    } else {
      sbox.appendChild(button(L("showSolution"), () => controller.askSolution(), { class: "lm-show-solution" }));
    }
    sec.appendChild(sbox);
    return sec;
  }

  // The prompt for the next prediction of the timeline in the editor, if it is one a
  // prediction is about (the check says "applies").
  function renderPredictions() {
    const l = cur;
    if (!l.predict.length || !live || !live.predict) return null;
    const pos = api.getStep();
    const box = h("div", { class: "lm-predict" });
    let any = false;
    // In statement order, whatever order the lesson file lists them in.
    const order = l.predict.map((pr, i) => i).sort((a, b) => l.predict[a].step - l.predict[b].step || a - b);
    order.forEach((i) => {
      const pr = l.predict[i];
      const lp = live.predict[i];
      if (!lp || !lp.applies) return;
      const done = answered.get(i);
      if (done) {
        any = true;
        box.appendChild(h("p", { class: "lm-verdict " + (done.right ? "lm-right" : "lm-wrong"), attrs: { "data-predict": i } }, `${pr.step}. ${pr.question} `, h("strong", { text: done.right ? L("right", { answer: done.answer }) : L("wrong", { guess: done.guess, answer: done.answer }) })));
        return;
      }
      if (pos === pr.step - 1) {
        any = true;
        const input = h("input", { class: "lm-guess", attrs: { type: "text", placeholder: L("predictPlaceholder"), "aria-label": pr.question, autocomplete: "off", spellcheck: "false", "data-focus": `guess-${i}` } });
        input.value = drafts.get(i) || "";
        input.addEventListener("input", () => drafts.set(i, input.value));
        const submit = () => controller.answer(i, input.value);
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") submit();
        });
        box.appendChild(h("form", { class: "lm-ask", attrs: { "data-predict": i }, on: { submit: (e) => { e.preventDefault(); submit(); } } }, h("h3", { text: L("predictTitle", { step: pr.step }) }), h("p", { text: pr.question }), input, button(L("check"), submit, { class: "lm-guess-btn" })));
      } else if (pos < pr.step - 1) {
        any = true;
        box.appendChild(h("p", { class: "lm-note", attrs: { "data-predict": i }, text: L("predictLater", { step: pr.step }) }));
      }
    });
    return any ? box : null;
  }

  // Opening a lesson moves the focus to its heading, so a screen reader starts reading there.
  function focusHeading() {
    if (options.focus === false) return;
    const head = content.querySelector && content.querySelector(".lm-h");
    if (head && head.focus) head.focus();
  }

  function canUndo() {
    return typeof api.undo === "function" || history.length > 0;
  }

  function announce(msg) {
    liveRegion.textContent = msg;
  }

  // Debounced re-check on every edit or step.
  function changed() {
    if (!cur) return;
    const text = api.getText();
    if (lastText !== null && text !== lastText && !applyingUndo) {
      history.push(lastText);
      if (history.length > 100) history.shift();
    }
    lastText = text;
    applyingUndo = false;
    clearTimeout(timer);
    if (debounceMs <= 0) return void runCheck();
    timer = setTimeout(runCheck, debounceMs);
  }

  async function runCheck() {
    if (!cur) return;
    const id = cur.id;
    const seq = ++checkSeq;
    const text = api.getText();
    const step = api.getStep();
    try {
      const f = asObject(await api.check(id, text, -1));
      const lv = step >= 0 && step < f.len ? asObject(await api.check(id, text, step)) : f;
      if (seq !== checkSeq || !cur || cur.id !== id) return; // a newer check or lesson won
      const wasDone = final && final.done;
      final = f;
      live = lv;
      checkErr = "";
      progress.update(id, (p) => {
        p.text = text.length <= 64 * 1024 ? text : p.text;
        if (f.done && !cur.pending) p.done = true;
      });
      const met = f.goals.filter(Boolean).length;
      if (f.done && !wasDone) announce(L("allMet"));
      else announce(L("goalsCount", { met, n: f.goals.length }));
    } catch (e) {
      if (seq !== checkSeq) return;
      checkErr = e && e.message ? e.message : String(e);
    }
    render();
  }

  function downloadProgress() {
    const text = progress.exportJSON();
    const B = globalThis.Blob;
    const U = globalThis.URL;
    if (!B || !U || !U.createObjectURL) return;
    const url = U.createObjectURL(new B([text], { type: "application/json" }));
    const a = h("a", { attrs: { href: url, download: "socklab-progress.json" } });
    doc.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => U.revokeObjectURL(url), 1000);
  }

  const controller = {
    current: () => (cur ? cur.id : ""),
    lessons: () => lessons,
    async open(id) {
      const l = lessons.find((x) => x.id === id);
      if (!l) {
        status = L("noLesson", { id });
        render();
        return false;
      }
      cur = l;
      live = final = null;
      checkErr = "";
      history = [];
      answered = new Map();
      drafts = new Map();
      confirming = showSolution = false;
      status = "";
      const saved = progress.lesson(id).text;
      lastText = null;
      if (!unsubscribe) unsubscribe = api.onChange(changed);
      render();
      focusHeading();
      api.setText(saved || l.starter);
      lastText = api.getText();
      if (typeof options.onOpen === "function") options.onOpen(id);
      await runCheck();
      return true;
    },
    close() {
      cur = null;
      live = final = null;
      render();
      if (typeof options.onOpen === "function") options.onOpen("");
    },
    async setLang(l) {
      lang = normLang(l);
      progress.setLang(lang);
      await loadList();
      progress.setLang(lang);
      render();
    },
    async refresh() {
      clearTimeout(timer);
      await runCheck();
    },
    reset() {
      if (!cur) return;
      api.setText(cur.starter);
      changed();
    },
    undo() {
      if (typeof api.undo === "function") return api.undo();
      if (!history.length) return;
      applyingUndo = true;
      const prev = history.pop();
      api.setText(prev);
      lastText = api.getText();
      applyingUndo = false;
      changed();
    },
    hint() {
      if (!cur) return;
      progress.update(cur.id, (p) => {
        p.hints = Math.min(p.hints + 1, cur.hints.length);
      });
      render();
    },
    async askSolution() {
      if (typeof options.confirm === "function") {
        if (await options.confirm(L("confirmSolution"))) controller.revealSolution();
        return;
      }
      confirming = true;
      render();
    },
    revealSolution() {
      if (!cur) return;
      confirming = false;
      showSolution = true;
      progress.update(cur.id, (p) => {
        p.solution = true;
      });
      render();
    },
    loadSolution() {
      if (!cur || !showSolution) return;
      api.setText(cur.solution);
      changed();
    },
    answer(i, guess) {
      if (!cur || !live) return;
      const pr = cur.predict[i];
      const lp = live.predict && live.predict[i];
      if (!pr || !lp || !lp.applies || answered.has(i)) return;
      const answer = lp.actual || pr.answer;
      const right = sameAnswer(guess, answer);
      answered.set(i, { guess: String(guess).trim() || "?", right, answer });
      drafts.delete(i);
      progress.update(cur.id, (p) => {
        if (!(String(i) in p.predictions)) p.predictions[String(i)] = right;
      });
      announce(right ? L("right", { answer: answer }) : L("wrong", { guess: guess, answer: answer }));
      render();
    },
    exportProgress: () => progress.exportJSON(),
    importProgress(text) {
      try {
        progress.importJSON(text);
        status = L("imported");
      } catch (e) {
        status = L("importFailed", { msg: e.message });
      }
      render();
    },
    destroy() {
      clearTimeout(timer);
      if (unsubscribe) unsubscribe();
      unsubscribe = null;
      shell.remove();
    },
  };

  render();
  if (options.lessonID) await controller.open(options.lessonID);
  return controller;
}
