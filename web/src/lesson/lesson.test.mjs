// lesson.test.mjs — tests of the lesson mode module with a fake DOM: `node --test web/src/lesson/`.
import { test } from "node:test";
import assert from "node:assert/strict";

import { FakeDocument, MemoryStorage } from "./fakedom_test_helper.mjs";
import { parseInline, parseBlocks, renderMarkdown, safeURL } from "./markdown.js";
import { mountLessonMode, normalizeAnswer, sameAnswer, normLang } from "./lesson.js";
import { Progress, STORAGE_KEY, sanitize } from "./progress.js";

test("safeURL keeps only absolute http(s) URLs", () => {
  assert.equal(safeURL("https://elixir.bootlin.com/linux/v6.6/A/ident/unix_bind"), "https://elixir.bootlin.com/linux/v6.6/A/ident/unix_bind");
  assert.equal(safeURL("http://example.com/"), "http://example.com/");
  for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "/relative", "//evil.com/x", "", "file:///etc/passwd", " javascript:alert(1)"]) {
    assert.equal(safeURL(bad), null, bad);
  }
});

test("parseInline: code, bold, links", () => {
  assert.deepEqual(parseInline("a `b` **c `d`** [e `f`](https://x.org/) g"), [
    { t: "text", s: "a " },
    { t: "code", s: "b" },
    { t: "text", s: " " },
    { t: "bold", kids: [{ t: "text", s: "c " }, { t: "code", s: "d" }] },
    { t: "text", s: " " },
    { t: "link", href: "https://x.org/", kids: [{ t: "text", s: "e " }, { t: "code", s: "f" }] },
    { t: "text", s: " g" },
  ]);
  // An unsafe link stays literal text.
  const toks = parseInline("[x](javascript:alert(1))");
  assert.ok(toks.every((t) => t.t === "text"));
  assert.equal(toks.map((t) => t.s).join(""), "[x](javascript:alert(1))");
  // Unclosed markers are text.
  assert.deepEqual(parseInline("a ` b ** c [d"), [{ t: "text", s: "a ` b ** c [d" }]);
});

test("parseInline: *emphasis*, but not a lone star", () => {
  assert.deepEqual(parseInline("the *listening* socket"), [
    { t: "text", s: "the " }, { t: "em", kids: [{ t: "text", s: "listening" }] }, { t: "text", s: " socket" },
  ]);
  assert.deepEqual(parseInline("*不是* 这个"), [{ t: "em", kids: [{ t: "text", s: "不是" }] }, { t: "text", s: " 这个" }]);
  assert.deepEqual(parseInline("2 * 3 * 4"), [{ t: "text", s: "2 * 3 * 4" }]);
  assert.deepEqual(parseInline("**b** and *e*")[2], { t: "em", kids: [{ t: "text", s: "e" }] });
});

test("parseBlocks: paragraphs and lists", () => {
  assert.deepEqual(parseBlocks("one\ntwo\n\n- a\n- b\n  more\n\nthree"), [
    { t: "p", text: "one two" },
    { t: "ul", items: ["a", "b more"] },
    { t: "p", text: "three" },
  ]);
});

test("renderMarkdown never turns lesson text into HTML", () => {
  const doc = new FakeDocument();
  const md = 'Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) [ok](https://ok.example/"onmouseover="x) **<b>bold</b>** `<i>`';
  const root = renderMarkdown(doc, md);
  assert.equal(root.byTag("script").length, 0);
  assert.equal(root.byTag("img").length, 0);
  assert.equal(root.byTag("b").length, 0);
  assert.equal(root.byTag("i").length, 0);
  const links = root.byTag("a");
  for (const a of links) assert.match(a.getAttribute("href"), /^https?:\/\//);
  assert.ok(root.textContent.includes("<script>alert(1)</script>"), "shown as text");
  assert.ok(root.textContent.includes("<img src=x onerror=alert(1)>"));
  assert.equal(root.byTag("strong")[0].textContent, "<b>bold</b>");
  assert.equal(root.byTag("code")[0].textContent, "<i>");
  for (const a of links) {
    assert.equal(a.getAttribute("rel"), "noopener noreferrer");
    assert.equal([...a.attrs.keys()].sort().join(","), "href,rel,target");
  }
});

test("answers compare loosely but exactly", () => {
  assert.equal(normalizeAnswer(" +4 "), "4");
  assert.equal(normalizeAnswer("eagain"), "EAGAIN");
  assert.ok(sameAnswer("block", "block"));
  assert.ok(sameAnswer("-1", "-1"));
  assert.ok(sameAnswer("econnreset", "ECONNRESET"));
  assert.ok(!sameAnswer("", ""));
  assert.ok(!sameAnswer("3", "4"));
  assert.equal(normLang("zh-CN"), "zh");
  assert.equal(normLang("en-GB"), "en");
  assert.equal(normLang(undefined), "en");
});

test("progress import is validated", () => {
  const known = new Set(["a", "b"]);
  const p = sanitize(
    JSON.parse('{"format":"socklab-lessons-progress","version":1,"lang":"zh","lessons":{"a":{"done":true,"hints":2,"solution":"yes","predictions":{"0":true,"x":true,"1":"no"},"text":"t","evil":1},"zz":{"done":true},"__proto__":{"done":true}}}'),
    known,
  );
  assert.deepEqual(p, { format: "socklab-lessons-progress", version: 1, lang: "zh", lessons: { a: { done: true, hints: 2, solution: false, predictions: { 0: true }, text: "t" } } });
  assert.equal({}.done, undefined, "no prototype pollution");
  assert.throws(() => sanitize([], known), /not a progress file/);
  assert.throws(() => sanitize({ format: "x" }, known), /not a socklab/);
  assert.throws(() => sanitize({ format: "socklab-lessons-progress", version: 2 }, known), /version/);
  const st = new MemoryStorage();
  st.setItem(STORAGE_KEY, "{corrupt");
  assert.equal(new Progress(st, known).doneCount(), 0);
});

// The fake page: an "editor" holding text and a step, and a check() that treats a goal as met
// when the text contains the goal's keyword (goal i of lesson "l1" needs KEYS[i]).
const LESSONS = {
  en: [
    {
      id: "l1", n: 1, title: "First <b>lesson</b>", body: "Use **listen** — see [unix_listen](https://elixir.bootlin.com/linux/v6.6/A/ident/unix_listen).",
      requires: [], pending: "", starter: "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\n", solution: "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\na: bind(s, \"@x\")\na: listen(s, 1)\n",
      goals: ["bound", "listening"], hints: ["Call `bind`.", "Then `listen`."],
      predict: [{ step: 1, on: "starter", ask: "fd", question: "Which fd?", answer: "3" }],
    },
    { id: "l2", n: 2, title: "TCP", body: "TCP.", requires: ["af_inet"], pending: "requires af_inet: not yet", starter: "x: s = socket(AF_INET, SOCK_STREAM, 0)\n", solution: "x: s = socket(AF_INET, SOCK_STREAM, 0)\n", goals: ["g"], hints: ["h"], predict: [] },
  ],
};
LESSONS.zh = LESSONS.en.map((l) => ({ ...l, title: "中文 " + l.title, goals: l.goals.map((g) => "目标 " + g) }));
const KEYS = ["bind", "listen"];

function fakePage() {
  const page = {
    text: "",
    step: 0,
    listeners: [],
    checks: [],
    listLessons: (lang) => JSON.stringify(LESSONS[lang]),
    check(id, text, step) {
      page.checks.push({ id, text, step });
      const l = LESSONS.en.find((x) => x.id === id);
      const len = text.split("\n").filter((s) => s.trim()).length;
      const at = step < 0 || step > len ? len : step;
      const goals = l.goals.map((_, i) => text.includes(KEYS[i]) && at === len);
      const applies = text.trim() === l.starter.trim();
      return { id, pending: l.pending, errors: text.includes("!!") ? ["line 1:1: bad"] : [], len, step: at, goals, done: goals.every(Boolean), predict: l.predict.map(() => ({ applies, actual: "3" })) };
    },
    getText: () => page.text,
    setText(t) {
      page.text = t;
      page.fire();
    },
    getStep: () => page.step,
    onChange(cb) {
      page.listeners.push(cb);
      return () => (page.listeners = page.listeners.filter((x) => x !== cb));
    },
    fire() {
      for (const cb of page.listeners) cb();
    },
  };
  return page;
}

async function mount(opts = {}) {
  const doc = new FakeDocument();
  const root = doc.createElement("div");
  const page = fakePage();
  const storage = opts.storage || new MemoryStorage();
  const c = await mountLessonMode(root, page, { document: doc, storage, debounceMs: 0, lang: "en-US", ...opts });
  return { doc, root, page, storage, c };
}

const btn = (root, cls) => root.byClass(cls)[0];
const settle = () => new Promise((r) => setTimeout(r, 0));

test("lesson list, open, solve by typing, goals turn green", async () => {
  const { root, page, storage, c } = await mount();
  const items = root.byClass("lm-item");
  assert.equal(items.length, 2);
  assert.ok(items[0].textContent.includes("First <b>lesson</b>"), "titles are text");
  assert.ok(items[1].textContent.includes("pending"));
  items[0].click();
  await settle();
  assert.equal(c.current(), "l1");
  assert.equal(page.text, LESSONS.en[0].starter, "starter loaded into the editor");
  let goals = root.byClass("lm-goal");
  assert.deepEqual(goals.map((g) => g.getAttribute("data-met")), ["false", "false"]);
  assert.equal(root.byTag("a")[0].getAttribute("href"), "https://elixir.bootlin.com/linux/v6.6/A/ident/unix_listen");

  // Type the bind: one goal green.
  page.text += 'a: bind(s, "@x")\n';
  page.fire();
  await c.refresh();
  goals = root.byClass("lm-goal");
  assert.deepEqual(goals.map((g) => g.getAttribute("data-met")), ["true", "false"]);
  assert.equal(root.byClass("lm-solved").length, 0);

  // Type the listen: solved, progress saved.
  page.text += "a: listen(s, 1)\n";
  page.fire();
  await c.refresh();
  goals = root.byClass("lm-goal");
  assert.deepEqual(goals.map((g) => g.getAttribute("data-met")), ["true", "true"]);
  assert.equal(root.byClass("lm-solved").length, 1);
  assert.equal(btn(root, "lm-sr").textContent, "Solved! Every goal is met.", "announced");
  const saved = JSON.parse(storage.getItem(STORAGE_KEY));
  assert.equal(saved.lessons.l1.done, true);
  assert.equal(saved.lessons.l1.text, page.text);

  // Undo goes back one version; Reset loads the starter; Undo after Reset restores.
  btn(root, "lm-undo").click();
  await c.refresh();
  assert.ok(!page.text.includes("listen"));
  btn(root, "lm-reset").click();
  await c.refresh();
  assert.equal(page.text, LESSONS.en[0].starter);
  btn(root, "lm-undo").click();
  assert.ok(page.text.includes("bind"));

  // Next lesson button, back to the list.
  page.text = LESSONS.en[0].solution;
  page.fire();
  await c.refresh();
  btn(root, "lm-next").click();
  await settle();
  assert.equal(c.current(), "l2");
  assert.ok(btn(root, "lm-pending").textContent.includes("requires af_inet"));
  btn(root, "lm-back").click();
  assert.equal(c.current(), "");
  assert.ok(root.byClass("lm-item")[0].textContent.includes("solved"));
  assert.ok(btn(root, "lm-count").textContent.includes("1 of 2"));
});

test("hints one at a time, solution behind a confirmation", async () => {
  const { root, page, c } = await mount({ lessonID: "l1" });
  assert.equal(root.byClass("lm-hint").length, 0);
  btn(root, "lm-hint-btn").click();
  assert.equal(root.byClass("lm-hint").length, 1);
  assert.equal(root.byClass("lm-hint")[0].byTag("code")[0].textContent, "bind");
  btn(root, "lm-hint-btn").click();
  assert.equal(root.byClass("lm-hint").length, 2);
  assert.equal(root.byClass("lm-hint-btn").length, 0, "no more hints");

  assert.equal(root.byClass("lm-solution").length, 0);
  btn(root, "lm-show-solution").click();
  assert.equal(root.byClass("lm-solution").length, 0, "not shown before confirming");
  btn(root, "lm-confirm-no").click();
  assert.equal(root.byClass("lm-confirm").length, 0);
  btn(root, "lm-show-solution").click();
  btn(root, "lm-confirm-yes").click();
  assert.equal(btn(root, "lm-solution").textContent, LESSONS.en[0].solution);
  btn(root, "lm-load-solution").click();
  assert.equal(page.text, LESSONS.en[0].solution);
  assert.equal(c.current(), "l1");
});

test("predict the next step", async () => {
  const { root, page, storage, c } = await mount({ lessonID: "l1" });
  // At step 0 of the starter, the prediction about statement 1 is asked.
  let ask = root.byClass("lm-ask");
  assert.equal(ask.length, 1);
  const input = root.byClass("lm-guess")[0];
  input.value = " 4 ";
  btn(root, "lm-guess-btn").click();
  let v = root.byClass("lm-verdict")[0];
  assert.ok(v.classList.contains("lm-wrong"));
  assert.ok(v.textContent.includes("the kernel says 3"));
  assert.equal(JSON.parse(storage.getItem(STORAGE_KEY)).lessons.l1.predictions["0"], false);
  // Reopening asks again; a right answer is recorded as the verdict, the first answer stays.
  await c.open("l1");
  root.byClass("lm-guess")[0].value = "3";
  btn(root, "lm-guess-btn").click();
  v = root.byClass("lm-verdict")[0];
  assert.ok(v.classList.contains("lm-right"));
  assert.equal(JSON.parse(storage.getItem(STORAGE_KEY)).lessons.l1.predictions["0"], false);
  // An edited timeline is not the one the prediction is about: no prompt.
  await c.open("l1");
  page.text += "a: close(s)\n";
  page.fire();
  await c.refresh();
  assert.equal(root.byClass("lm-ask").length, 0);
  // Past the step: no prompt either.
  page.setText(LESSONS.en[0].starter);
  page.step = 1;
  page.fire();
  await c.refresh();
  assert.equal(root.byClass("lm-ask").length, 0);
});

test("language follows the browser, can be switched and is remembered", async () => {
  const storage = new MemoryStorage();
  let m = await mount({ lang: "zh-CN", storage });
  assert.ok(m.root.byClass("lm-item")[0].textContent.includes("中文"));
  assert.ok(m.root.byClass("lm-brand")[0].textContent.includes("课程"));
  m.root.findAll((e) => e.getAttribute("data-lang") === "en")[0].click();
  await settle();
  assert.ok(!m.root.byClass("lm-item")[0].textContent.includes("中文"));
  m = await mount({ lang: "zh-CN", storage });
  assert.ok(!m.root.byClass("lm-item")[0].textContent.includes("中文"), "the stored choice wins");
});

test("export and import progress", async () => {
  const { root, c } = await mount({ lessonID: "l1" });
  btn(root, "lm-hint-btn").click();
  const exported = c.exportProgress();
  const other = await mount();
  other.c.importProgress(exported);
  assert.ok(btn(other.root, "lm-status").textContent.includes("imported"));
  await other.c.open("l1");
  assert.equal(other.root.byClass("lm-hint").length, 1);
  other.c.importProgress("not json");
  assert.ok(btn(other.root, "lm-status").textContent.includes("Import failed"));
});

test("parse errors and engine failures are shown, not thrown", async () => {
  const { root, page, c } = await mount({ lessonID: "l1" });
  page.text = "!!";
  page.fire();
  await c.refresh();
  assert.ok(btn(root, "lm-errors").textContent.includes("line 1:1: bad"));
  page.check = () => {
    throw new Error("engine not loaded");
  };
  await c.refresh();
  assert.ok(root.byClass("lm-error")[0].textContent.includes("engine not loaded"));
  c.destroy();
  assert.equal(page.listeners.length, 0);
});

test("onOpen follows opens and closes; without storage, progress survives a language switch", async () => {
  const doc = new FakeDocument();
  const root = doc.createElement("div");
  const page = fakePage();
  const opened = [];
  const c = await mountLessonMode(root, page, { document: doc, storage: null, debounceMs: 0, lang: "en", onOpen: (id) => opened.push(id) });
  await c.open("l1");
  assert.equal(await c.open("nope"), false);
  page.text = LESSONS.en[0].solution;
  page.fire();
  await c.refresh();
  btn(root, "lm-hint-btn").click();
  await c.setLang("zh");
  assert.equal(c.current(), "l1");
  assert.ok(btn(root, "lm-h").textContent.includes("中文"), "the open lesson is shown in the new language");
  assert.equal(root.byClass("lm-hint").length, 1, "the revealed hint is still revealed");
  c.close();
  assert.deepEqual(opened, ["l1", ""], "an unknown id does not count as an open");
  assert.ok(root.byClass("lm-item")[0].textContent.includes("✓"), "solved, in memory");
  assert.ok(btn(root, "lm-count").textContent.includes("1 / 2"));
});

test("a guess being typed survives a re-check", async () => {
  const { root, page, c } = await mount({ lessonID: "l1" });
  const input = root.byClass("lm-guess")[0];
  input.value = "3";
  input.dispatch("input");
  page.fire(); // a step or an edit elsewhere: re-check, re-render
  await c.refresh();
  const again = root.byClass("lm-guess")[0];
  assert.notEqual(again, input, "re-rendered");
  assert.equal(again.value, "3");
  btn(root, "lm-guess-btn").click();
  assert.ok(root.byClass("lm-verdict")[0].classList.contains("lm-right"));
});

test("predictions are listed in statement order, whatever order the lesson lists them in", async () => {
  const l3 = {
    ...LESSONS.en[0], id: "l3", n: 3, starter: "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\na: close(s)\n",
    predict: [{ step: 2, on: "starter", ask: "ret", question: "close?", answer: "0" }, { step: 1, on: "starter", ask: "fd", question: "Which fd?", answer: "3" }],
  };
  LESSONS.en.push(l3);
  try {
    const { root } = await mount({ lessonID: "l3" });
    const order = root.findAll((e) => e.getAttribute && e.getAttribute("data-predict") !== null && e.getAttribute("data-predict") !== undefined).map((e) => e.getAttribute("data-predict"));
    assert.deepEqual(order, ["1", "0"], "statement 1's prompt comes before statement 2's note");
  } finally {
    LESSONS.en.pop();
  }
});
