// cengine.js — the page's side of cworker.js: calls into the C module as promises, and Stop.
//
// Every call is answered by the worker with a JSON string (see wasm/c/main.go for the shapes).
// stop() terminates the worker — the only way to interrupt a WebAssembly module that is busy
// running a program — and fails the calls in flight; the next call starts a fresh worker.
// warm() asks the worker to load the compiler (cc.wasm) in the background, without a call: the
// page does it once its first view is shown (an unchanged example runs without the compiler).

export class StoppedError extends Error {
  constructor() { super("stopped"); this.name = "StoppedError"; }
}

export class CEngine {
  /** @param {string} workerURL  the bundled cworker.js (?cc=&wasm=&exec= say where the modules are) */
  constructor(workerURL) {
    this.url = workerURL;
    this.worker = null;
    this.pending = new Map(); // id -> {resolve, reject}
    this.next = 1;
    this.onbusy = () => {};
    this.warmed = false;
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
    // A worker started after Stop: the page is past its first view, so the compiler loads at once.
    if (this.warmed) w.postMessage({ method: "warm" });
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

  /** warm has the worker fetch and start the compiler now (and every worker started later). */
  warm() {
    this.warmed = true;
    if (this.worker) this.worker.postMessage({ method: "warm" });
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
