// The log's timeline-v2 result keys, spelled as timeline-v2.md names them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { v2Extras } from "../src/render_v2.js";

test("v2Extras shows only the keys a call has", () => {
  assert.deepEqual(v2Extras({ ret: 3 }), []);
  assert.deepEqual(v2Extras({ ret: 1, ready: [{ fd: 4, events: "POLLIN|POLLHUP" }] }), ["ready [4:POLLIN|POLLHUP]"]);
  assert.deepEqual(v2Extras({ ret: 0, ready: [] }), ["ready []"]);
  assert.deepEqual(v2Extras({ ret: 102, status: 0 }), ["status 0"]);
  assert.deepEqual(v2Extras({ ret: 1, fds: [5, 6], msgflags: "MSG_CTRUNC" }), ["fds [5, 6]", "msgflags MSG_CTRUNC"]);
  assert.deepEqual(v2Extras({ ret: 1, linger: 0 }), ["linger 0"]);
});

test("procGroups puts a file in flight (SCM_RIGHTS) in the lane of the process whose socket queues it", async () => {
  const { procGroups } = await import("../src/render.js");
  const snapshot = {
    tasks: [{ id: "task:100", fdtable: [{ fd: 3, file: "file:2" }] }, { id: "task:101", fdtable: [{ fd: 3, file: "file:4" }] }],
    files: [{ id: "file:2", private_data: "socket:1" }, { id: "file:4", private_data: "socket:2" }, { id: "file:7", private_data: "socket:5" }],
    sockets: [{ id: "socket:1", sk: "sock:1" }, { id: "socket:2", sk: "sock:2" }, { id: "socket:5", sk: "sock:5" }],
    socks: [{ id: "sock:1", sk_receive_queue: [{ id: "skb:1", len: 1, data: "x", scm_rights: ["file:7"] }] }, { id: "sock:2" }, { id: "sock:5" }],
  };
  const g = procGroups({ snapshot });
  assert.equal(g.length, 2, "no orphan group: the in-flight file is reachable");
  assert.deepEqual(g[0].ids, ["task:100", "file:2", "socket:1", "sock:1", "file:7", "socket:5", "sock:5"]);
});
