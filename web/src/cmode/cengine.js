// cengine.js — the page's side of cworker.js: calls into the C module as promises, and Stop.
//
// Every call is answered by the worker with a JSON string (see wasm/c/main.go for the shapes).
// stop() terminates the worker — the only way to interrupt a WebAssembly module that is busy
// running a program — and fails the calls in flight; the next call starts a fresh worker.

export class StoppedError extends Error {
  constructor() { super("stopped"); this.name = "StoppedError"; }
}

export class CEngine {
  /** @param {string} workerURL  the bundled cworker.js (?wasm=&exec= say where the module is) */
  constructor(workerURL) {
    this.url = workerURL;
    this.worker = null;
    this.pending = new Map(); // id -> {resolve, reject}
    this.next = 1;
    this.onbusy = () => {};
  }

  get busy() { return this.pending.size > 0; }

  start() {
    if (this.worker) return this.worker;
    const w = new Worker(this.url);
    w.onmessage = (e) => {
      const m = e.data || {};
      if (m.fatal) { this.fail(new Error(m.fatal)); return; }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.onbusy(this.busy);
      let v;
      try { v = JSON.parse(m.out); } catch (err) { p.reject(err); return; }
      if (v && v.fatal) p.reject(new Error(v.fatal)); else p.resolve(v);
    };
    w.onerror = (e) => { e.preventDefault(); this.fail(new Error(e.message || "the C worker failed")); };
    this.worker = w;
    return w;
  }

  /** call runs socklabC[method](arg) in the worker and resolves with the parsed answer. */
  call(method, arg) {
    const w = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.onbusy(true);
      w.postMessage({ id, method, arg });
    });
  }

  fail(err) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    const ps = [...this.pending.values()];
    this.pending.clear();
    this.onbusy(false);
    for (const p of ps) p.reject(err);
  }

  /** stop terminates the worker (and whatever it was running). */
  stop() { this.fail(new StoppedError()); }
}
