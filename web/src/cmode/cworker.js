// cworker.js — the C programs' engine in a Web Worker, so a long or endless program never freezes
// the page: the page's Stop terminates this worker.
//
// C mode is two WebAssembly modules (each within issue 12's size budget, which one module was
// not): cc.wasm (wasm/cc: the C front end) compiles, c.wasm (wasm/c: VM, libc, simulated kernel)
// runs. Both Go programs live in this one worker (each has its own memory and globals:
// socklabCC, socklabC), so terminating it stops either, and the compiled programs pass from one to
// the other as bytes without leaving the worker.
//
// c.wasm is fetched at once. cc.wasm (the larger one) is not on the first load's path when the
// page opens an unchanged example: the build compiled the examples (gen/cexamples/<name>.bin,
// web/tools/cexamples), so such a load fetches that file alongside c.wasm and runs it. cc.wasm is
// fetched when something must be compiled, or when the page says "warm" (after it has shown its
// first view: the learner's first edit then does not wait for it, and it never competed with
// c.wasm or the first load).
//
// Protocol (strings in, strings out — a structured clone of a string is a copy, not a walk):
//   page → worker  {id, method, arg}   method: load | step | back | goto | end | events | compile
//                                               | stats
//                  {method: "warm"}    (no answer) fetch and start cc.wasm now, after c.wasm
//   worker → page  {id, out}           out: the JSON string socklabC.<method> returned
//                  {ready: true}       once c.wasm runs;  {fatal: "..."} if it cannot start
// load's arg is {files, example?, ...}. With example (the page's files are that menu entry's),
// the shipped programs are tried first; c.wasm refuses them when they are not exactly these files
// or come from another build (a stale cache), and then they are compiled like any other files.
// Compiling: with errors the answer is {"errors", "warnings"}, else c.wasm's load gets the
// programs. compile (for make perf) only compiles: {errors, warnings, bytes}. stats (for the e2e
// tests) says what the worker fetched and how each load got its programs. Calls are answered in
// the order they came. The URLs come from the worker's own URL (?cc=...&wasm=...), so the page
// decides where the modules are; the examples are in cexamples/ beside them.

/* global Go, socklabC, socklabCC */
const params = new URL(self.location.href).searchParams;
const base = new URL(".", self.location.href);
importScripts(new URL(params.get("exec") || "wasm_exec.js", base).href);

async function start(file, global) {
  const url = new URL(file, base).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject);
  go.run(instance);
  for (let i = 0; i < 100 && self[global] === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  if (self[global] === undefined) throw new Error(`the C module ${file} did not start`);
}

// How each load got its programs, and when cc.wasm was asked for and why (the e2e tests' check
// that an unchanged example never waits for the compiler).
const stats = { shipped: 0, compiled: 0, refused: [], firstAnswer: 0, ccStart: 0, ccWhy: "" };

const runtime = start(params.get("wasm") || "c.wasm", "socklabC");
runtime.then(() => postMessage({ ready: true }), (e) => postMessage({ fatal: String(e && e.message || e) }));

let compiler = null;
/** cc starts cc.wasm once (again after a failed start) and resolves when socklabCC is there. */
function cc(why) {
  if (!compiler) {
    stats.ccStart = performance.now();
    stats.ccWhy = why;
    compiler = start(params.get("cc") || "cc.wasm", "socklabCC").catch((e) => { compiler = null; throw e; });
  }
  return compiler;
}

/** shipped fetches the build's compiled programs of the example name; null if there are none. */
async function shipped(name) {
  if (typeof name !== "string" || !/^[a-z0-9_]+$/.test(name)) return null;
  try {
    const res = await fetch(new URL(`cexamples/${name}.bin`, base));
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

const refused = (out) => out.startsWith('{"fatal":');

const methods = {
  async load(arg) {
    const req = JSON.parse(arg);
    if (req.example) {
      const [bytes] = await Promise.all([shipped(req.example), runtime]);
      if (bytes) {
        const out = socklabC.load(req, bytes);
        if (!refused(out)) { stats.shipped++; return out; }
        stats.refused.push(JSON.parse(out).fatal);
      }
    }
    await Promise.all([cc("compile"), runtime]);
    stats.compiled++;
    const c = socklabCC.compile(req.files);
    if (!c.programs) return JSON.stringify({ errors: c.errors, warnings: c.warnings });
    return socklabC.load(req, c.programs);
  },
  async compile(arg) {
    await cc("compile");
    const c = socklabCC.compile(JSON.parse(arg).files);
    return JSON.stringify({ errors: c.errors, warnings: c.warnings, bytes: c.programs ? c.programs.length : 0 });
  },
  stats() {
    const requests = performance.getEntriesByType("resource").map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd }));
    return JSON.stringify({ ...stats, requests });
  },
};

async function answer({ id, method, arg }) {
  try {
    let out;
    if (Object.prototype.hasOwnProperty.call(methods, method)) out = await methods[method](arg);
    else {
      await runtime;
      const fn = socklabC[method];
      if (typeof fn !== "function") throw new Error("unknown method " + method);
      out = arg === undefined ? fn() : fn(arg);
    }
    if (method === "load" && !stats.firstAnswer) stats.firstAnswer = performance.now();
    postMessage({ id, out });
  } catch (err) {
    postMessage({ id, out: JSON.stringify({ fatal: String(err && err.message || err) }) });
  }
}

// One call at a time, in order: a load may wait for a fetch, and a step sent meanwhile must not
// run before it.
let queue = Promise.resolve();
self.onmessage = (e) => {
  if (e.data && e.data.method === "warm") {
    runtime.then(() => cc("warm")).catch(() => {}); // a failed start is retried by the next compile
    return;
  }
  queue = queue.then(() => answer(e.data));
};
