// export.js against the goldens of engine/timeline's exporters: the page's "copy as Mermaid" and
// "copy as Markdown" must give what `socklab run --mermaid/--markdown` prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { toMermaid, toMarkdown, statementText, mermaidText } from "../src/export.js";

const dir = new URL("../../engine/timeline/testdata/export/", import.meta.url);

test("export.js matches the Go exporters on every golden", () => {
  const names = readdirSync(dir).filter((f) => f.endsWith(".tl")).map((f) => f.slice(0, -3));
  assert.ok(names.length >= 5, "goldens exist");
  for (const name of names) {
    const src = readFileSync(new URL(name + ".tl", dir), "utf8");
    const events = JSON.parse(readFileSync(new URL(name + ".events.json", dir), "utf8"));
    const lines = src.split("\n");
    assert.equal(toMermaid(events, lines), readFileSync(new URL(name + ".mmd", dir), "utf8"), name + ".mmd");
    assert.equal(toMarkdown(events, lines), readFileSync(new URL(name + ".md", dir), "utf8"), name + ".md");
  }
});

test("statement text and escaping", () => {
  assert.equal(statementText(`  client: write(c, "a # b");  # c`), `write(c, "a # b")`);
  assert.equal(statementText(`a: write(c, "q \\" # s") # c`), `write(c, "q \\" # s")`);
  assert.equal(mermaidText("x;y#z%%{init}<b>&"), "x#59;y#35;z#37;#37;{init}#60;b#62;#38;");
});

test("collapsing repeats and binary data", () => {
  const ev = (step, data) => ({ line: step, event: { step, proc: "a", call: "read", event: "return", ret: data.length, errno: "", data, addr: "" } });
  const lines = ["a: read(s, 1)", "a: read(s, 1)", "a: read(s, 1)", "a: read(s, 1)"];
  const m = toMermaid([ev(1, "\u0000"), ev(2, "\u00ff1"), ev(3, "\u00ff1"), ev(4, "\u00ff1")], lines);
  assert.match(m, /P1->>K: \[1\] read\(s, 1\) → 1 "\\0"\n/);
  assert.match(m, /P1->>K: \[2–4\] read\(s, 1\) → 2 "\\xff1" ×3\n/);
});

test("the diagram stops at 400 arrows with a note", () => {
  const events = [], lines = [];
  for (let i = 1; i <= 450; i++) {
    lines.push("a: close(9)");
    events.push({ line: i, event: { step: i, proc: i % 2 ? "a" : "b", call: "close", event: "return", ret: -1, errno: "EBADF", data: "", addr: "" } });
  }
  const m = toMermaid(events, lines);
  assert.equal((m.match(/-xK: /g) || []).length, 400);
  assert.ok(m.endsWith("    Note over K: … 50 more events not drawn (socklab run --markdown lists them all)\n"));
});
