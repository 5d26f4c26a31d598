// columns estimates a line's width in monospaced columns: the mark labels (src/marks.js) are placed
// after the text by it, so it must never come out narrower than what the editor draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { columns } from "../src/marks.js";

test("columns", () => {
  for (const [text, want] of [
    ["", 0],
    ["server: fd = socket(AF_UNIX, SOCK_STREAM, 0)", 44],
    ["\tx", 5], // a tab goes to the next stop (4)
    ["ab\tc", 5],
    ["# 服务器阻塞", 2 + 5 * 2], // CJK is two columns wide
    ["ｆｕｌｌ", 8], // fullwidth forms too
    ["client: write(c, \"héllo\")", 25], // accented Latin is one column
    ["😀", 2], // an emoji is wide (one code point, not two UTF-16 units)
  ]) assert.equal(columns(text), want, JSON.stringify(text));
});
