// cworker.js — the C programs' engine in a Web Worker, so a long or endless program never freezes
// the page: the page's Stop terminates this worker.
//
// C mode is two WebAssembly modules (each within issue 12's size budget, which one module was
// not): cc.wasm (wasm/cc: the C front end) compiles, c.wasm (wasm/c: VM, libc, simulated kernel)
// runs. Both Go programs live in this one worker (each has its own memory and globals:
// socklabCC, socklabC), so terminating it stops either, and the compiled programs pass from one to
// the other as bytes without leaving the worker. Both downloads start at once.
//
// Protocol (strings in, strings out — a structured clone of a string is a copy, not a walk):
//   page → worker  {id, method, arg}   method: load | step | back | goto | end | events | compile
//   worker → page  {id, out}           out: the JSON string socklabC.<method> returned
//                  {ready: true}       once both modules run;  {fatal: "..."} if one cannot start
// load compiles arg's files with cc.wasm: with errors it answers {"errors", "warnings"} itself,
// else c.wasm's load gets the programs. compile (for make perf) only compiles: {errors, warnings,
// bytes}. The modules' URLs come from the worker's own URL (?cc=...&wasm=...), so the page
// decides where they are.

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

const ready = Promise.all([start(params.get("cc") || "cc.wasm", "socklabCC"), start(params.get("wasm") || "c.wasm", "socklabC")]);

ready.then(() => postMessage({ ready: true }), (e) => postMessage({ fatal: String(e && e.message || e) }));

const methods = {
  load(arg) {
    const req = JSON.parse(arg);
    const c = socklabCC.compile(req.files);
    if (!c.programs) return JSON.stringify({ errors: c.errors, warnings: c.warnings });
    return socklabC.load(req, c.programs);
  },
  compile(arg) {
    const c = socklabCC.compile(JSON.parse(arg).files);
    return JSON.stringify({ errors: c.errors, warnings: c.warnings, bytes: c.programs ? c.programs.length : 0 });
  },
};

self.onmessage = async (e) => {
  const { id, method, arg } = e.data;
  try {
    await ready;
    const fn = methods[method] || socklabC[method];
    if (typeof fn !== "function") throw new Error("unknown method " + method);
    postMessage({ id, out: arg === undefined ? fn() : fn(arg) });
  } catch (err) {
    postMessage({ id, out: JSON.stringify({ fatal: String(err && err.message || err) }) });
  }
};
