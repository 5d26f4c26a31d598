// engine.js — socklab's engine as a JavaScript API, for the playground page and for embedders.
//
// The engine is Go compiled to WebAssembly (wasm/main.go, one file of glue). Loading it runs Go's
// main, which installs one global object, `globalThis.socklab`, whose methods take and return JSON
// strings. This module is the only code that talks to that object; everything above it works on
// plain JavaScript objects.
//
// The engine runs in a Web Worker (worker.js) when the page names one (meta socklab-worker), so
// the page never freezes and Stop (engine.stop()) always works; otherwise (an embed on another
// origin, Node) in this thread. Either way every Engine method returns a Promise, and what
// crosses to the worker are strings.
//
// Protocol between wasm/main.go and this module (every method is synchronous and never blocks: the
// simulated kernel parks simulated tasks, never the JavaScript thread):
//
//   socklab.load(src: string, stepBudget: number, memoryBudget: number)
//                                              -> View JSON  (0: the engine's defaults)
//   socklab.step()                             -> View JSON  (run one more statement)
//   socklab.back()                             -> View JSON  (one statement back in time)
//   socklab.goto(n: number)                    -> View JSON  (to the state after statement n)
//   socklab.runToEnd()                         -> View JSON  (to the last reachable statement)
//   socklab.view()                             -> View JSON  (the current position again, from scratch)
//   socklab.events(from: number)               -> [{"line","col","event"}] JSON: events from index `from`
//   socklab.chain(n: number)                   -> Frame[] JSON (the call chain of statement n)
//   socklab.snapshotAt(n: number)              -> Snapshot JSON (the kernel after statement n, n <= furthest run)
//   socklab.prefetch()                         -> View JSON of the next statement, run ahead, or "" (none:
//                                                 at the end, or the page does not hold the current View).
//                                                 worker.js calls it while the page draws; the next step()
//                                                 answers it at once, any other call first undoes it, so
//                                                 no answer differs from one without it
//   socklab.aheadEvents(from: number)          -> events(from) with that statement (it does not undo it)
//   socklab.commit()                           -> "true": the page used that View, keep the statement;
//                                                 "false": there was none, so it stepped (the same state)
// The lesson calls exist only in the lessons build (make: gen/engine-lessons.wasm, go build -tags
// lessons), which the page loads when lesson mode opens; Engine.hasLessons tells which one runs.
//
//   socklab.lessons(lang: string)              -> Lesson[] JSON (lessons.ListJSON: "en", "zh" or a
//                                                 browser tag such as "zh-CN"; anything else is English)
//   socklab.checkLesson(id, src, step: number) -> CheckResult JSON (lessons.CheckJSON: lesson id's
//                                                 goals on the timeline src after statement step,
//                                                 -1 = the end); an unknown id is {"fatal": ...}
//   socklab.version                            string
//
// The lesson calls run src in a session of their own: they never move the loaded timeline.
// Their JSON shapes are in lessons/README.md ("JSON for the page") and at the top of
// web/src/lesson/lesson.js:
//
//   Lesson:      {"id","n","title","body","requires":[],"pending":"","starter","solution",
//                 "goals":[text],"hints":[text],"predict":[{"step","on","ask","question","answer"}]}
//   CheckResult: {"id","pending","errors":["line L:C: msg"],"len","step","goals":[bool],"done",
//                 "predict":[{"applies","actual"}]}
//
// A View, as the wasm module sends it (engine/timeline.Session underneath), carries the snapshot
// as changes to the one this module holds (the module remembers what it sent), not whole:
//
//   {
//     "errors":    [{"line":1,"col":5,"msg":"expected ')', found newline"}],  // parse errors
//     "len":       13,            // last reachable statement (a budget may cut a timeline)
//     "total":     13,            // statements in the timeline
//     "pos":       4,             // statements executed (0 = before the first)
//     "chain":     Frame[],       // engine/trace.go: the call chain of statement pos
//     "nevents":   5,             // how many result events exist up to pos
//     "procs":     [{"name":"server","pid":100,"line":5,"blocked":true,"blocked_call":"accept",...}],
//     "narration": "server: conn = accept(fd) blocks — ...",  // plain text, for the live region
//     "message":   "",            // why the run stopped early (step or memory budget, internal error)
//     "reset":     false,         // true: forget the snapshot held (a new timeline, view())
//     "base":      Delta|null,    // changes to the snapshot after pos-1 (null: already held)
//     "step":      Delta          // then the changes from pos-1 to pos
//   }
//   Delta: {"set": [[key, id, value]], "del": [[key, id]], "order": {key: [id]}, "keys": [key]}
//
// A snapshot (engine/snapshot.go) is cut into units: each object (with its "id") of a top-level
// list of objects (tasks, files, socks, ...: key and id), and each other top-level value whole
// (key and id ""). "set" replaces units, "del" drops them, "order" gives a list's ids in order
// when they changed, "keys" the snapshot's keys in order. New snapshot fields need nothing here.
//
// The events of a loaded timeline form one append-only log (time travel only moves the end), so
// this module fetches each event once. It turns each View into the page's:
//
//     "snapshot": Snapshot        // the kernel after statement pos; unchanged objects keep their identity
//     "prev":     Snapshot|null   // the kernel after statement pos-1 (freed objects are drawn from it)
//     "events": [{"line":5,"col":0,"event":{spec JSON line}}]  // results up to pos, in order
//     "diff":   {"added":[id], "removed":[id], "changed":[{"id":id,"fields":[name]}]}  // pos-1 -> pos
//     "lines":  {"server": 5}     // each process's current statement (source line), from procs
//     "message"                   // also set when the step budget cuts the timeline
//
// The diff follows the rule of diffSnapshots (objects matched by "id" anywhere, a field changed
// when its JSON differs) over the units the step changed, so it costs what changed.
//
// Ids are stable "<kind>:<n>" strings ("task:100", "file:3", "socket:2", "sock:2", "inode:7",
// "skb:4", "wq:3"), so a View can be compared with the previous one. A failure inside the engine
// comes back as {"fatal": "message"} and is thrown here as an Error.
//
// Usage:
//
//   import { loadEngine } from "./engine.js";
//   const engine = await loadEngine("/gen/engine.wasm", { worker: "/gen/worker.js" });
//   let view = await engine.load(src);      // view.errors lists parse errors with line:col
//   view = await engine.step(); view = await engine.goto(7); view = await engine.back();
//   engine.stop();                          // a worker engine: terminated at once (then load a new one)
/** The largest timeline text the page hands to the engine (bytes of UTF-16 text). */
export const MAX_SOURCE = 1024 * 1024;

/** Statements executed per load before the engine stops a runaway timeline. */
export const STEP_BUDGET = 5000;

/**
 * The most memory a loaded timeline may hold, as the engine counts it (queued bytes, recorded
 * events, snapshots): the page keeps a second copy of the events, and a wasm memory never shrinks.
 */
export const MEMORY_BUDGET = 64 * 1024 * 1024;

function parse(json) {
  const v = JSON.parse(json);
  if (v && typeof v === "object" && !Array.isArray(v) && v.fatal) {
    throw new Error("engine: " + v.fatal);
  }
  return v;
}

/** normalizeView fills in defaults so render functions never meet undefined. */
export function normalizeView(v) {
  const out = Object.assign(
    { errors: [], len: 0, total: 0, pos: 0, nevents: 0, snapshot: null, prev: null, chain: [], events: [], procs: [], lines: {}, narration: "", message: "" },
    v || {},
  );
  out.procs = out.procs || [];
  out.lines = {};
  for (const p of out.procs) if (p.line) out.lines[p.name] = p.line;
  if (!out.message && out.total > out.len) {
    out.message = `This timeline has ${out.total} statements; the step budget stops it after ${out.len}: the results are partial.`;
  }
  const d = out.diff || {};
  out.diff = { added: d.added || [], removed: d.removed || [], changed: d.changed || [] };
  out.errors = out.errors || [];
  out.events = out.events || [];
  out.chain = out.chain || [];
  return out;
}

/** collect maps every object with a string "id" in a snapshot (document order) to itself. */
function collect(v, m) {
  if (Array.isArray(v)) {
    for (const e of v) if (e && typeof e === "object") collect(e, m);
  } else if (v && typeof v === "object") {
    if (typeof v.id === "string" && v.id && !m.has(v.id)) m.set(v.id, v);
    for (const k in v) {
      const x = v[k];
      if (x && typeof x === "object") collect(x, m);
    }
  }
  return m;
}

function same(x, y) {
  if (x === y) return true;
  if (!x || !y || typeof x !== "object" || typeof y !== "object") return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** diffSnapshots lists the objects added, removed and changed (with field names) from a to b. */
export function diffSnapshots(a, b) {
  if (!a || !b) return { added: [], removed: [], changed: [] };
  return diffObjects(collect(a, new Map()), collect(b, new Map()));
}

/** diffObjects lists the ids added, removed and changed (with field names) from map oa to ob. */
function diffObjects(oa, ob) {
  const d = { added: [], removed: [], changed: [] };
  for (const [id, y] of ob) {
    const x = oa.get(id);
    if (!x) { d.added.push(id); continue; }
    const fields = [];
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (!same(x[k], y[k])) fields.push(k);
    if (fields.length) d.changed.push({ id, fields: fields.sort() });
  }
  for (const id of oa.keys()) if (!ob.has(id)) d.removed.push(id);
  return d;
}

/** Mirror is the snapshot the wasm module sent, kept as units (see the header). */
export class Mirror {
  constructor() { this.clear(); }
  clear() {
    this.units = new Map(); // key + "\u0000" + id -> value
    this.order = new Map(); // list key -> [id]
    this.keys = [];
    this.lists = new Map(); // list key -> the array built last time (kept while unchanged)
    this.snap = null;
  }
  /**
   * apply takes a Delta; with track it returns the units it replaced or dropped as
   * [{key, id, old, now}] (old/now undefined when absent), for the diff.
   */
  apply(d, track = false) {
    const touched = track ? [] : null;
    const dirty = new Set();
    for (const [key, id, value] of d.set || []) {
      const u = key + "\u0000" + id;
      if (track) touched.push({ key, id, old: this.units.get(u), now: value });
      this.units.set(u, value);
      dirty.add(key);
    }
    for (const [key, id] of d.del || []) {
      const u = key + "\u0000" + id;
      if (track) touched.push({ key, id, old: this.units.get(u), now: undefined });
      this.units.delete(u);
      dirty.add(key);
    }
    for (const key in d.order || {}) {
      this.order.set(key, d.order[key]);
      dirty.add(key);
    }
    this.keys = d.keys || this.keys;
    for (const key of [...this.order.keys()]) if (!this.keys.includes(key)) this.order.delete(key);
    const snap = {};
    for (const key of this.keys) {
      const ids = this.order.get(key);
      if (!ids) { snap[key] = this.units.get(key + "\u0000"); continue; }
      let list = this.lists.get(key);
      if (!list || dirty.has(key)) {
        list = ids.map((id) => this.units.get(key + "\u0000" + id));
        this.lists.set(key, list);
      }
      snap[key] = list;
    }
    this.snap = snap;
    return touched;
  }
}

/** diffTouched is diffSnapshots over the units a step replaced or dropped (Mirror.apply). */
export function diffTouched(touched) {
  const oa = new Map(), ob = new Map();
  for (const t of touched) {
    if (t.old !== undefined) collect(t.old, oa);
    if (t.now !== undefined) collect(t.now, ob);
  }
  return diffObjects(oa, ob);
}

/** The wasm methods that answer a View. */
const VIEW_METHODS = new Set(["load", "step", "back", "goto", "runToEnd", "view"]);

/**
 * serve calls api[method](...args) where the engine runs (worker.js, or this thread) and returns
 * {result, events}: for a View, the events the caller has not seen yet (state.known counts them),
 * as a JSON string, so that one round trip carries both.
 */
export function serve(api, state, method, args) {
  if (typeof api[method] !== "function") throw new Error(`engine: no method ${method}`);
  const result = api[method](...args);
  let events = null;
  if (VIEW_METHODS.has(method)) {
    if (method === "load") state.known = 0;
    const m = /"nevents":(\d+)/.exec(result);
    const n = m ? Number(m[1]) : 0;
    if (n > state.known) {
      events = api.events(state.known);
      state.known = n;
    }
  }
  return { result, events };
}

/** ThreadBackend runs the engine on this thread (embeds on other origins, Node). */
class ThreadBackend {
  constructor(api) { this.api = api; this.state = { known: 0 }; }
  call(method, args) {
    try {
      return Promise.resolve(serve(this.api, this.state, method, args));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  stop() { return false; }
}

/**
 * WorkerBackend runs the engine in a Web Worker (worker.js); stop() terminates it. It keeps the
 * View of the next step that the worker sends ahead (worker.js, "The next step, run ahead") while
 * nothing was asked since, and answers the next step() with it, telling the worker ("commit").
 */
class WorkerBackend {
  constructor(worker) {
    this.worker = worker;
    this.next = 1;
    this.last = 0; // the id of the last call sent
    this.pending = new Map();
    this.ahead = null; // {result, events, parsed}: the next step's answer, sent ahead
    worker.onmessage = (e) => {
      const m = e.data || {};
      if (m.ahead) {
        if (m.ahead.after === this.last && this.pending.size === 0) {
          const a = m.ahead;
          try {
            this.ahead = { result: a.result, events: a.events, parsed: { result: parse(a.result), events: a.events ? parse(a.events) : null } };
          } catch {
            this.ahead = null; // a broken View: the step asks the worker
          }
        }
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error("engine: " + m.error));
      else p.resolve(m);
    };
    worker.onerror = (e) => this.fail(new Error("engine: " + ((e && e.message) || "the worker failed")));
  }
  call(method, args) {
    if (!this.worker) return Promise.reject(new Error("engine: stopped"));
    const a = this.ahead;
    this.ahead = null;
    if (a && method === "step") {
      // The worker keeps the statement (or, should it have none, steps: the same state).
      this.send("commit", []).then((m) => {
        if (m.result !== "true" && typeof console !== "undefined") console.warn("socklab: the engine stepped again on commit");
      }, () => {});
      return Promise.resolve(a);
    }
    return this.send(method, args);
  }
  send(method, args) {
    const id = this.next++;
    this.last = id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args });
    });
  }
  fail(err) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.ahead = null;
  }
  stop() {
    if (!this.worker) return false;
    this.worker.terminate();
    this.worker = null;
    this.fail(new Error("engine: stopped"));
    return true;
  }
}

/** Engine is the page's engine: the wasm module behind a backend, every method async. */
export class Engine {
  constructor(backend, info = {}) {
    this.backend = backend;
    /** hasLessons: this is the lessons build (lessons() and checkLesson() work). */
    this.hasLessons = !!info.hasLessons;
    this.version = info.version || "";
    /** inWorker: stop() can interrupt any call. */
    this.inWorker = backend instanceof WorkerBackend;
    this.mirror = new Mirror();
    this.log = []; // the events fetched so far (a prefix of the loaded timeline's log)
  }
  /** call runs a wasm method and parses its JSON answer. */
  async call(method, ...args) { return parse((await this.backend.call(method, args)).result); }
  /** viewCall runs a stepping method and completes its View. */
  async viewCall(method, ...args) {
    const r = await this.backend.call(method, args);
    if (method === "load") this.log = [];
    const events = r.parsed ? r.parsed.events : r.events && parse(r.events);
    if (events) for (const e of events) this.log.push(e);
    return this.complete(r.parsed ? r.parsed.result : parse(r.result));
  }
  /**
   * stop interrupts the engine at once (a worker engine: the worker is terminated, every pending
   * call fails with "engine: stopped"); this Engine is dead afterwards: load a new one. It
   * reports false for an engine on this thread, which cannot be interrupted.
   */
  stop() { return this.backend.stop(); }
  /** snapshotAt is the kernel after statement n (n up to the furthest statement run). */
  snapshotAt(n) { return this.call("snapshotAt", n | 0); }
  /** complete turns the wasm module's View into the page's (see the header). */
  complete(raw) {
    if (raw && raw.fatal) throw new Error("engine: " + raw.fatal);
    const m = this.mirror;
    if (raw.reset) m.clear();
    let prev = m.snap;
    if (raw.base) {
      m.apply(raw.base);
      prev = m.snap;
    }
    const touched = raw.step ? m.apply(raw.step, true) : [];
    const v = normalizeView(raw);
    v.snapshot = m.snap;
    if (v.pos > 0 && prev) {
      v.prev = prev;
      v.diff = diffTouched(touched);
    }
    delete v.base;
    delete v.step;
    delete v.reset;
    v.events = this.log.slice(0, v.nevents);
    return v;
  }
  /** load parses src and prepares to step through it; the returned View is at pos 0. */
  async load(src, opts = {}) {
    if (src.length > MAX_SOURCE) {
      return normalizeView({
        errors: [{ line: 1, col: 1, msg: `timeline too large: ${src.length} characters (limit ${MAX_SOURCE})` }],
      });
    }
    return this.viewCall("load", src, opts.stepBudget || STEP_BUDGET, opts.memoryBudget || MEMORY_BUDGET);
  }
  step() { return this.viewCall("step"); }
  back() { return this.viewCall("back"); }
  goto(n) { return this.viewCall("goto", n | 0); }
  runToEnd() { return this.viewCall("runToEnd"); }
  reset() { return this.goto(0); }
  view() { return this.viewCall("view"); }
  async chain(n) { return (await this.call("chain", n | 0)) || []; }
  /**
   * lessons is the course in lang ("en", "zh", or a browser tag like "zh-CN"): an array of
   * Lesson objects in course order (see the header). Lesson text is data, never HTML.
   */
  async lessons(lang = "en") { return (await this.call("lessons", String(lang || "en"))) || []; }
  /**
   * checkLesson checks lesson id's goals on the timeline src after statement step (-1 or past the
   * end: after the last statement) and returns a CheckResult (see the header). It runs src on its
   * own, without touching the loaded timeline. Throws on an unknown lesson id.
   */
  async checkLesson(id, src, step = -1) {
    src = String(src ?? "");
    // A check runs the whole timeline at every edit: refuse what the playground's own step
    // budget would cut (lessons need a few dozen statements).
    let why = "";
    if (src.length > MAX_SOURCE) why = `timeline too large: ${src.length} characters (limit ${MAX_SOURCE})`;
    else {
      const n = src.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#")).length;
      if (n > STEP_BUDGET) why = `timeline too long to check: ${n} statements (lessons check at most ${STEP_BUDGET})`;
    }
    if (why) return { id: String(id), pending: "", errors: [why], len: 0, step: 0, goals: [], done: false, predict: [] };
    return this.call("checkLesson", String(id ?? ""), src, Number.isFinite(step) ? step | 0 : -1);
  }
}

/**
 * loadEngine fetches and starts the wasm engine and resolves to an Engine. With opts.worker (the
 * URL of gen/worker.js, same origin) the engine runs in a Web Worker, which loads Go's
 * wasm_exec.js from opts.exec (default: the page's script of that name); otherwise, or when a
 * worker cannot start, on this thread, where Go's wasm_exec.js (globalThis.Go) must be loaded.
 */
export async function loadEngine(wasmURL, opts = {}) {
  if (opts.worker && typeof Worker === "function") {
    try {
      return await startWorker(wasmURL, opts);
    } catch (e) {
      if (typeof console !== "undefined") console.warn("socklab: the engine runs on the page's thread:", e.message || e);
    }
  }
  if (typeof globalThis.Go !== "function") throw new Error("wasm_exec.js is not loaded");
  const go = new globalThis.Go();
  const resp = fetch(wasmURL);
  let result;
  try {
    result = await WebAssembly.instantiateStreaming(resp, go.importObject);
  } catch (e) {
    // A server that does not send application/wasm: fall back to bytes.
    const bytes = await (await fetch(wasmURL)).arrayBuffer();
    result = await WebAssembly.instantiate(bytes, go.importObject);
  }
  // A page may load a second build (the lessons one) later: clear the first one's object so
  // the check below sees this module's.
  delete globalThis.socklab;
  go.run(result.instance); // main installs globalThis.socklab synchronously, then parks.
  if (!globalThis.socklab) throw new Error("the engine did not start");
  const api = globalThis.socklab;
  return new Engine(new ThreadBackend(api), { version: api.version, hasLessons: typeof api.lessons === "function" });
}

/** startWorker starts worker.js with the engine and resolves once it is ready. */
function startWorker(wasmURL, opts) {
  const abs = (u) => new URL(u, location.href).href;
  const script = typeof document !== "undefined" && document.querySelector('script[src*="wasm_exec"]');
  const exec = abs(opts.exec || (script && script.src) || "/gen/wasm_exec.js");
  const worker = new Worker(abs(opts.worker));
  return new Promise((resolve, reject) => {
    worker.onerror = (e) => { worker.terminate(); reject(new Error((e && e.message) || "the worker did not start")); };
    worker.onmessage = (e) => {
      const m = e.data || {};
      if (m.fatal) { worker.terminate(); reject(new Error(m.fatal)); return; }
      if (m.ready) resolve(new Engine(new WorkerBackend(worker), m.ready));
    };
    worker.postMessage({ init: { wasm: abs(wasmURL), exec } });
  });
}
