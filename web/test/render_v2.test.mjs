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
