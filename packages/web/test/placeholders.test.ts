/**
 * The workspace's placeholder preview fills each placeholder with the report's own `fill`:
 * for every text of Yangquan the joined parts are exactly what the report prints; an escaped
 * `\{{` stays literal; a placeholder that points at nothing is an error part while the others
 * still fill; table numbers match the report's.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadEvaluation, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import * as reports from "@jixiao/reports/pure";
import { fillParts, reportNumbering } from "../src/workspace/placeholders.js";
import { type Json, flatten } from "../src/workspace/document.js";

const loaded = loadEvaluation(
  readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"),
  "yangquan-hrss-2021.yaml",
);
if (!loaded.ok) throw new Error("the Yangquan example does not load");
const doc = loaded.document as Json;
const v = validateEvaluation(doc);
if (!v.ok) throw new Error("Yangquan is invalid");
const numbering = reportNumbering(reports, doc);
const scope = new reports.PlaceholderScope(v.evaluation, scoreEvaluation(v.evaluation), numbering);
const joined = (parts: ReturnType<typeof fillParts>) =>
  parts.map((p) => (p.kind === "text" ? p.text : p.kind === "value" ? p.text : `!${p.placeholder}`)).join("");

test("table numbers are the report's", () => {
  assert.equal(numbering.get("table:staffing"), "表3");
  assert.equal(numbering.get("table:level1"), "表2");
});

test("every Yangquan text with placeholders reads exactly as the report fills it", () => {
  let n = 0;
  for (const { path, value } of flatten(doc).values()) {
    if (typeof value !== "string" || !value.includes("{{")) continue;
    const where = path.join(".");
    assert.equal(joined(fillParts(reports, value, scope, where)), reports.fill(value, scope, where), where);
    n++;
  }
  assert.ok(n >= 10, `${n} texts with placeholders`);
});

test("an escaped brace stays literal; an unknown placeholder is an error part, the others fill", () => {
  const parts = fillParts(reports, "\\{{total}} 是 {{total}}；{{outcomes.new-jobs.actual}}人", scope, "findings[0].text");
  assert.deepEqual(parts[0], { kind: "text", text: "{{total}} 是 " });
  assert.deepEqual(parts[1], { kind: "value", placeholder: "{{total}}", text: "85.73" });
  const error = parts.find((p) => p.kind === "error");
  assert.ok(error && error.kind === "error");
  assert.equal(error.reason.zh, "outcomes 中没有 id 为“new-jobs”的成效");
  assert.deepEqual(parts[parts.length - 1], { kind: "text", text: "人" });
});
