// cworker.js — the C programs' engine (wasm/c, engine/cprog) in a Web Worker, so a long or
// endless program never freezes the page: the page's Stop terminates this worker.
//
// Protocol (strings in, strings out — a structured clone of a string is a copy, not a walk):
//   page → worker  {id, method, arg}   method: load | step | back | goto | end | events
//   worker → page  {id, out}           out: the JSON string socklabC.<method> returned
//                  {ready: true}       once the module runs;  {fatal: "..."} if it cannot start
// The module's URL comes from the worker's own URL (?wasm=...), so the page decides where it is.

/* global Go, socklabC */
const params = new URL(self.location.href).searchParams;
const base = new URL(".", self.location.href);
importScripts(new URL(params.get("exec") || "wasm_exec.js", base).href);

const ready = (async () => {
  const go = new Go();
  const url = new URL(params.get("wasm") || "c.wasm", base).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const { instance } = await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject);
  go.run(instance);
  for (let i = 0; i < 100 && typeof socklabC === "undefined"; i++) await new Promise((r) => setTimeout(r, 10));
  if (typeof socklabC === "undefined") throw new Error("the C module did not start");
})();

ready.then(() => postMessage({ ready: true }), (e) => postMessage({ fatal: String(e && e.message || e) }));

self.onmessage = async (e) => {
  const { id, method, arg } = e.data;
  try {
    await ready;
    const fn = socklabC[method];
    if (typeof fn !== "function") throw new Error("unknown method " + method);
    postMessage({ id, out: arg === undefined ? fn() : fn(arg) });
  } catch (err) {
    postMessage({ id, out: JSON.stringify({ fatal: String(err && err.message || err) }) });
  }
};
