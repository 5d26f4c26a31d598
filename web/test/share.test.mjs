// Unit tests of the pure front-end modules (node --test web/test/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeB64url, decodeB64url, decodeShare, shareURL } from "../src/share.js";
import { explainErrno, sourceArgs } from "../src/errno.js";

test("base64url round trip, no padding, any UTF-8", () => {
  for (const s of ["", "a", "ab", "abc", "server: fd = socket(AF_UNIX, SOCK_STREAM, 0)\n", "ünïcode ✓ \u0000 <b>", "x".repeat(100000)]) {
    const e = encodeB64url(s);
    assert.match(e, /^[A-Za-z0-9_-]*$/);
    assert.equal(decodeB64url(e), s);
  }
});

test("malformed share links say why", () => {
  for (const [q, want] of [
    ["?tl=***", /not base64url/],
    ["?tl=A", /impossible length/],
    ["?tl=_-8", /UTF-8/],
    ["?tl=YQ&step=x", /whole number/],
    ["?tl=YQ&theme=pink", /unknown theme/],
  ]) {
    assert.match(decodeShare(q).error, want, q);
  }
  const ok = decodeShare("?tl=YQ&step=3&theme=dark&ro=1");
  assert.deepEqual(ok, { text: "a", step: 3, theme: "dark", readOnly: true, error: "" });
});

test("share URL carries the timeline and the step", () => {
  const u = new URL(shareURL("http://h/x?old=1#f", "/embed", "p: close(3)", 7));
  assert.equal(u.pathname, "/embed");
  assert.equal(u.searchParams.get("step"), "7");
  assert.equal(decodeB64url(u.searchParams.get("tl")), "p: close(3)");
  assert.equal(u.hash, "");
});

test("errno explanations name the real path", () => {
  const args = sourceArgs('bind(t, "/tmp/x.sock")');
  assert.deepEqual(args, { path: "/tmp/x.sock", fd: "t" });
  assert.match(explainErrno("EADDRINUSE", "bind", args), /^"\/tmp\/x\.sock" already exists as a socket file .*unlink\(\) it or pick another path/);
  assert.match(explainErrno("EBADF", "read", sourceArgs("read(99, 10)")), /fd 99 is not an open file descriptor/);
  assert.equal(explainErrno("", "read", {}), "");
  // The address tells the family: a refused TCP connect is a RST, a refused AF_UNIX one a path.
  assert.match(explainErrno("ECONNREFUSED", "connect", sourceArgs('connect(c, "127.0.0.1:9")')), /^nobody listens on "127\.0\.0\.1:9".*RST/);
  assert.match(explainErrno("ECONNREFUSED", "connect", sourceArgs('connect(c, "/tmp/x")')), /^"\/tmp\/x" exists but nobody is listening/);
  assert.match(explainErrno("EADDRINUSE", "bind", sourceArgs('bind(s, "127.0.0.1:80")')), /port/);
  assert.match(explainErrno("ECONNREFUSED", "send", sourceArgs("send(u, \"x\", 0)")), /UDP: an ICMP port unreachable/);
  assert.notEqual(explainErrno("EWHATEVER", "read", {}), undefined);
});
