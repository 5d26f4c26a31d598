// The per-step snapshot protocol of engine.js: a Mirror fed the deltas the wasm module sends
// rebuilds each snapshot, and the diff of the units a step changed equals the whole-snapshot diff.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Mirror, diffTouched, diffSnapshots } from "../src/engine.js";

/** delta computes what wasm/main.go sends to turn snapshot a (or nothing) into b. */
function delta(a, b) {
  const units = (s) => {
    const m = new Map(), order = {};
    for (const k of Object.keys(s || {})) {
      const v = s[k];
      if (["tasks", "files", "socks", "wait_queues"].includes(k)) { // lists of objects with ids (by type, in Go)
        order[k] = v.map((o) => o.id);
        for (const o of v) m.set(k + "\u0000" + o.id, [k, o.id, o]);
      } else m.set(k + "\u0000", [k, "", v]);
    }
    return { m, order };
  };
  const ua = units(a), ub = units(b);
  const d = { set: [], del: [], order: {}, keys: Object.keys(b) };
  for (const [u, x] of ub.m) if (!ua.m.has(u) || JSON.stringify(ua.m.get(u)[2]) !== JSON.stringify(x[2])) d.set.push(structuredClone(x));
  for (const [u, x] of ua.m) if (!ub.m.has(u)) d.del.push([x[0], x[1]]);
  for (const k in ub.order) if (JSON.stringify(ua.order[k]) !== JSON.stringify(ub.order[k])) d.order[k] = ub.order[k];
  return d;
}

const s1 = {
  step: 1, clock_ms: 0,
  tasks: [{ id: "task:100", comm: "p", fdtable: [{ fd: 3, file: "file:1" }] }],
  files: [{ id: "file:1", f_count: 1 }],
  socks: [{ id: "sock:1", sk_state: "TCP_CLOSE", sk_receive_queue: [] }],
  unix_socket_table: [{ hash: 1, kind: "unbound", socks: ["sock:1"] }],
  wait_queues: [],
};
const s2 = {
  step: 2, clock_ms: 0,
  tasks: [{ id: "task:100", comm: "p", fdtable: [{ fd: 3, file: "file:1" }, { fd: 4, file: "file:2" }] }],
  files: [{ id: "file:1", f_count: 1 }, { id: "file:2", f_count: 1 }],
  socks: [{ id: "sock:1", sk_state: "TCP_CLOSE", sk_receive_queue: [{ id: "skb:1", len: 3, data: "abc" }] }],
  unix_socket_table: [{ hash: 1, kind: "unbound", socks: ["sock:1"] }],
  wait_queues: [{ id: "wq:1", waiters: [] }],
  inet: { bhash: [] },
};
const s3 = {
  step: 3, clock_ms: 5,
  tasks: [{ id: "task:100", comm: "p", fdtable: [{ fd: 4, file: "file:2" }] }],
  files: [{ id: "file:2", f_count: 1 }],
  socks: [{ id: "sock:1", sk_state: "TCP_CLOSE", sk_receive_queue: [] }],
  unix_socket_table: [],
  wait_queues: [],
};

test("a Mirror rebuilds every snapshot from the deltas, and diffs like diffSnapshots", () => {
  const m = new Mirror();
  m.apply(delta(null, s1));
  assert.deepEqual(m.snap, s1);
  const seq = [s1, s2, s3, s1, s3, s2];
  for (let i = 1; i < seq.length; i++) {
    const keepTasks = m.snap.tasks;
    const touched = m.apply(delta(seq[i - 1], seq[i]), true);
    assert.deepEqual(m.snap, seq[i]);
    const want = diffSnapshots(seq[i - 1], seq[i]);
    const got = diffTouched(touched);
    for (const k of ["added", "removed"]) assert.deepEqual([...got[k]].sort(), [...want[k]].sort(), k);
    assert.deepEqual([...got.changed].sort((a, b) => a.id.localeCompare(b.id)), [...want.changed].sort((a, b) => a.id.localeCompare(b.id)));
    if (JSON.stringify(seq[i - 1].tasks) === JSON.stringify(seq[i].tasks)) assert.equal(m.snap.tasks, keepTasks, "an unchanged list keeps its identity");
  }
});
