/**
 * Hostile files: loadEvaluation answers with an error naming line:column — quickly, without a
 * stack overflow or an exception — for prototype keys, billion laughs, 40,000 keys, deep nesting
 * and oversized text (LOAD_LIMITS).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LOAD_LIMITS, loadEvaluation } from "../src/index.js";

const timed = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

test("a __proto__ / constructor / prototype key anywhere is an error naming its line:column (YAML and JSON)", () => {
  for (const key of ["__proto__", "constructor", "prototype"]) {
    const r = loadEvaluation(`schemaVersion: 1\nmeta:\n  title: x\n  ${key}:\n    polluted: 1\n`, "p.yaml");
    assert.equal(r.ok, false);
    if (r.ok) continue;
    assert.deepEqual(
      [r.errors[0]!.code, r.errors[0]!.line, r.errors[0]!.column, r.errors[0]!.path],
      ["file/forbidden-key", 4, 3, `meta.${key}`],
    );
    assert.match(r.errors[0]!.message.zh, /不允许/);
    const j = loadEvaluation(`{"schemaVersion": 1,\n "indicators": [{"${key}": {"user": 1}}]}`, "p.json");
    assert.equal(j.ok, false);
    if (!j.ok)
      assert.deepEqual([j.errors[0]!.code, j.errors[0]!.line, j.errors[0]!.path], ["file/forbidden-key", 2, `indicators[0].${key}`]);
  }
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("billion laughs: an error at the first alias, not an exception or a hang", () => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    text += `${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]\n`;
  }
  const [r, ms] = timed(() => loadEvaluation(text, "laughs.yaml"));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.errors[0]!.code, "file/aliases");
    assert.equal(r.errors[0]!.line, 2);
  }
  console.log(`# billion laughs refused in ${Math.round(ms)} ms`);
});

test("40,000 keys: an error, not a stall (yaml's quadratic duplicate check is off; the time is printed); duplicates still found", () => {
  let text = "";
  for (let i = 0; i < 40_000; i++) text += `k${i}: ${i}\n`;
  const [r, ms] = timed(() => loadEvaluation(text, "keys.yaml"));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.errors[0]!.code, "file/too-large");
    assert.match(r.errors[0]!.message.en, /at most 5000 keys in one mapping \(this one has 40000\)/);
  }
  console.log(`# 40,000 keys refused in ${Math.round(ms)} ms`);
  const dup = loadEvaluation("schemaVersion: 1\nmeta: {}\nschemaVersion: 2\n", "dup.yaml");
  assert.equal(dup.ok, false);
  if (!dup.ok) assert.deepEqual([dup.errors[0]!.code, dup.errors[0]!.line, dup.errors[0]!.column], ["file/yaml-syntax", 3, 1]);
});

test("nesting, size and lines are bounded before or while parsing", () => {
  const deepFlow = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  for (const [text, file] of [
    [deepFlow, "deep.yaml"],
    [deepFlow, "deep.json"],
    [`a:\n${Array.from({ length: 80 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:`).join("\n")} 1\n`, "indent.yaml"],
    ["x".repeat(LOAD_LIMITS.maxChars + 1), "big.yaml"],
    ["\n".repeat(LOAD_LIMITS.maxLines + 1), "lines.yaml"],
  ] as const) {
    const [r, ms] = timed(() => loadEvaluation(text, file));
    assert.equal(r.ok, false, file);
    if (!r.ok) assert.equal(r.errors[0]!.code, "file/too-large", `${file}: ${JSON.stringify(r.errors[0])}`);
    console.log(`# ${file} refused in ${Math.round(ms)} ms`);
  }
});
