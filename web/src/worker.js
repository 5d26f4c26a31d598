// worker.js — the engine in a Web Worker, so that the page never freezes: the main thread only
// renders, and Stop terminates this worker (engine.js, WorkerBackend) whatever the engine does.
// Bundled by build.mjs into gen/worker.js (a classic worker: Go's wasm_exec.js is a script).
//
// Messages (strings in, strings out: no structured clone of object graphs):
//   main -> worker  {init: {wasm, exec}}               load wasm_exec.js and the engine
//                   {id, method, args}                 call globalThis.socklab[method](...args)
//   worker -> main  {ready: {version, hasLessons}} | {fatal: "message"}
//                   {id, result: string, events: string|null} | {id, error: "message"}
import { serve } from "./engine.js";

const state = { known: 0 };

self.onmessage = async (e) => {
  const m = e.data || {};
  if (m.init) {
    try {
      self.importScripts(m.init.exec);
      const go = new self.Go();
      let inst;
      try {
        inst = await WebAssembly.instantiateStreaming(fetch(m.init.wasm), go.importObject);
      } catch {
        const bytes = await (await fetch(m.init.wasm)).arrayBuffer();
        inst = await WebAssembly.instantiate(bytes, go.importObject);
      }
      go.run(inst.instance); // main installs globalThis.socklab synchronously, then parks
      if (!self.socklab) throw new Error("the engine did not start");
      self.postMessage({ ready: { version: self.socklab.version || "", hasLessons: typeof self.socklab.lessons === "function" } });
    } catch (err) {
      self.postMessage({ fatal: String((err && err.message) || err) });
    }
    return;
  }
  try {
    const r = serve(self.socklab, state, m.method, m.args || []);
    self.postMessage({ id: m.id, result: r.result, events: r.events });
  } catch (err) {
    // A Go panic escapes as a JS exception only when the runtime itself died (out of memory).
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
