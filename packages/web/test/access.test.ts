/**
 * The browser's edit rights come from the server's `access`. Experts never write the document
 * (they score in their own panel records): for every possible one-indicator assignment by node id,
 * no path of the Yangquan document (nor any an expert might add) is editable, and the web still
 * finds the assigned indicator's path the way the server does (through the engine's node ids).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadEvaluation, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import { editRights } from "../src/workspace/access.js";
import { type Path, flatten } from "../src/workspace/document.js";

const text = readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8");
const loaded = loadEvaluation(text, "yangquan-hrss-2021.yaml");
if (!loaded.ok) throw new Error("the Yangquan example does not load");
const doc = loaded.document;

test("an expert edits no path of Yangquan, whatever is assigned; the assigned indicator's path is found by node id", () => {
  const v = validateEvaluation(doc);
  assert.ok(v.ok);
  const nodes = scoreEvaluation(v.evaluation).all;
  const paths: Path[] = [...flatten(doc).values()].map((x) => x.path);
  for (const n of nodes)
    for (const f of ["score", "actual", "deductions", "reason", "evidence", "weight", "name", "children"]) paths.push([...n.path, f]);
  for (const n of nodes) paths.push([...n.path, "rule", "scores", 0, "score"], [...n.path, "rule", "type"]);
  const base = { update: false, actions: [], scoreAssigned: true };
  for (const n of nodes) {
    const rights = editRights({ ...base, assignedNodes: [n.id] }, doc);
    assert.deepEqual(rights.assignedPaths, [n.path], n.id);
    assert.equal(rights.some, false);
    for (const p of paths) assert.equal(rights.mayEdit(p), false, `${JSON.stringify(p)} with ${n.id}`);
  }
});

test("editRights: update means everything; an expert's node ids become their paths; nothing else is editable", () => {
  const base = { update: false, actions: [], scoreAssigned: false, assignedNodes: [] };
  const all = editRights({ ...base, update: true }, doc);
  assert.equal(all.all, true);
  assert.equal(all.mayEdit(["meta", "title"]), true);
  const none = editRights(base, doc);
  assert.equal(none.some, false);
  assert.equal(none.mayEdit(["indicators", 0, "score"]), false);
  const expert = editRights({ ...base, scoreAssigned: true, assignedNodes: ["A"] }, doc);
  assert.deepEqual(expert.assignedPaths, [["indicators", 0]]);
  assert.equal(expert.all, false);
  assert.equal(expert.some, false, "experts score in the panel, never in the document");
  assert.equal(expert.mayEdit(["indicators", 0, "score"]), false);
  assert.equal(expert.mayEdit(["indicators", 0, "weight"]), false);
});
