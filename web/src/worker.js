// worker.js — the engine in a Web Worker, so that the page never freezes: the main thread only
// renders, and Stop terminates this worker (engine.js, WorkerBackend) whatever the engine does.
// Bundled by build.mjs into gen/worker.js (a classic worker: Go's wasm_exec.js is a script).
//
// Messages (strings in, strings out: no structured clone of object graphs):
//   main -> worker  {init: {wasm, exec}}               load wasm_exec.js and the engine
//                   {id, method, args}                 call globalThis.socklab[method](...args)
//   worker -> main  {ready: {version, hasLessons}} | {fatal: "message"}
//                   {id, result: string, events: string|null} | {id, error: "message"}
//                   {ahead: {after: id, result: string, events: string|null}}  (see below)
//   main -> worker  {id, method: "commit"}             the page used the View sent ahead
//
// The next step, run ahead. After a "step", "back", "load" or "commit", once idle (a task after
// the answer, so calls already queued — a scrubbed slider, a burst of keys — go first), the
// worker runs the next statement tentatively (socklab.prefetch, wasm/main.go) while the page
// draws, and sends its View unasked: {ahead}, after call `after`. A page that has sent nothing
// since `after` may use it for its next step and then sends "commit" (the statement is kept);
// any other call undoes the statement before it runs, and the page drops the View it got. The
// page then never waits for the engine, nor for the messages' trip, on a plain step.
import { serve } from "./engine.js";

const state = { known: 0 };
const AHEAD_AFTER = new Set(["step", "back", "load", "commit"]);
let timer = 0; // the pending run-ahead
let lastId = 0; // the last call answered
let pushed = null; // {n}: the events the View sent ahead counts

function runAhead() {
  timer = 0;
  try {
    const view = self.socklab.prefetch();
    if (!view) return;
    const m = /"nevents":(\d+)/.exec(view);
    const n = m ? Number(m[1]) : 0;
    const events = n > state.known ? self.socklab.aheadEvents(state.known) : null;
    pushed = { n };
    self.postMessage({ ahead: { after: lastId, result: view, events } });
  } catch {
    // The next call reports whatever broke.
  }
}

self.onmessage = async (e) => {
  const m = e.data || {};
  if (timer) {
    clearTimeout(timer);
    timer = 0;
  }
  const sent = pushed;
  pushed = null;
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
    let r;
    if (m.method === "commit") {
      // The page used the View sent ahead (with its events): keep its statement.
      r = { result: self.socklab.commit(), events: null };
      if (sent) state.known = Math.max(state.known, sent.n);
    } else {
      r = serve(self.socklab, state, m.method, m.args || []);
    }
    lastId = m.id;
    self.postMessage({ id: m.id, result: r.result, events: r.events });
    if (AHEAD_AFTER.has(m.method) && typeof self.socklab.prefetch === "function") timer = setTimeout(runAhead, 0);
  } catch (err) {
    // A Go panic escapes as a JS exception only when the runtime itself died (out of memory).
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
