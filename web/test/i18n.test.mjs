// The string tables (src/i18n.js): every key in both languages, with the same placeholders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { STRINGS, LANGS, t, tn, detectLang, normLang } from "../src/i18n.js";

const holes = (s) => [...String(s).matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort().join(",");

/** sameKeys fails naming every key that exists in one language only, or differs in placeholders. */
export function checkTables(tables, what) {
  const langs = Object.keys(tables);
  const all = new Set(langs.flatMap((l) => Object.keys(tables[l])));
  const problems = [];
  for (const k of all) {
    for (const l of langs) {
      const v = tables[l][k];
      if (v === undefined) problems.push(`${what}: "${k}" is missing in ${l}`);
      else if (typeof v !== "string" || !v.trim()) problems.push(`${what}: "${k}" is empty in ${l}`);
    }
    const hs = langs.filter((l) => typeof tables[l][k] === "string").map((l) => holes(tables[l][k]));
    if (new Set(hs).size > 1) problems.push(`${what}: "${k}" has different placeholders: ${langs.map((l, i) => `${l} {${hs[i]}}`).join(" vs ")}`);
  }
  return problems;
}

test("every page string exists in English and Chinese, with the same placeholders", () => {
  assert.deepEqual(LANGS, ["en", "zh"]);
  assert.deepEqual(checkTables(STRINGS, "i18n.js"), []);
});

test("the completeness check catches a key in one language only", () => {
  const p = checkTables({ en: { a: "x", b: "{n} y" }, zh: { a: "x", b: "{m} y", c: "z" } }, "t");
  assert.equal(p.length, 2, p.join("\n"));
});

test("plural keys come in pairs", () => {
  for (const k of Object.keys(STRINGS.en)) {
    if (k.endsWith(".one")) assert.ok(STRINGS.en[k.replace(/one$/, "other")], k);
    if (k.endsWith(".other")) assert.ok(STRINGS.en[k.replace(/other$/, "one")], k);
  }
});

test("t fills placeholders, tn picks the plural form", () => {
  assert.equal(t("en", "pos", { pos: 4, len: 13 }), "step 4 / 13");
  assert.equal(t("zh-CN", "pos", { pos: 4, len: 13 }), "第 4 / 13 步");
  assert.equal(tn("en", "err.count", 1), "1 error — the view shows the last good timeline.");
  assert.equal(tn("en", "err.count", 2), "2 errors — the view shows the last good timeline.");
  assert.equal(t("en", "no.such.key"), "no.such.key");
  assert.equal(t("en", "pos", { pos: "{len}", len: 1 }), "step {len} / 1"); // no re-expansion
});

test("detectLang: ?lang=, then the saved choice, then the browser, then <html lang>", () => {
  assert.equal(detectLang({ search: "?lang=zh", stored: "en", navLang: "en-US" }), "zh");
  assert.equal(detectLang({ search: "?lang=en", stored: "zh", navLang: "zh-CN" }), "en");
  assert.equal(detectLang({ search: "", stored: "zh", navLang: "en-US" }), "zh");
  assert.equal(detectLang({ search: "", stored: null, navLang: "zh-TW" }), "zh");
  assert.equal(detectLang({ search: "", stored: null, navLang: "fr-FR" }), "en");
  assert.equal(detectLang({ search: "", stored: null, navLang: "", htmlLang: "zh-Hans" }), "zh");
  assert.equal(normLang("ZH"), "zh");
  assert.equal(normLang(undefined), "en");
});

test("every errno explanation exists in English and Chinese", async () => {
  const { ERRNO_TABLES, explainErrno } = await import("../src/errno.js");
  for (const [name, tables] of Object.entries(ERRNO_TABLES)) assert.deepEqual(checkTables(tables, "errno.js " + name), []);
  assert.match(explainErrno("ENOENT", "connect", { path: "/tmp/x" }, "zh"), /"\/tmp\/x" 处什么都没有/);
  assert.match(explainErrno("EBADF", "close", {}, "zh"), /该描述符/);
  // A blocking call that timed out (SO_RCVTIMEO) fails with EAGAIN without being nonblocking.
  assert.match(explainErrno("EAGAIN", "timeout", {}, "en"), /SO_RCVTIMEO/);
  assert.doesNotMatch(explainErrno("EAGAIN", "timeout", {}, "en"), /is nonblocking/);
});

test("every example in the menu has a title in both languages", async () => {
  const { readFileSync } = await import("node:fs");
  const src = readFileSync(new URL("../src/examples.js", import.meta.url), "utf8");
  const names = [...src.matchAll(/\{\s*name:\s*"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(names.length >= 9);
  for (const n of names) for (const l of LANGS) assert.ok(STRINGS[l]["ex." + n], `ex.${n} is missing in ${l}`);
});
