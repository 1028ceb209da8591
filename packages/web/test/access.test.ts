/**
 * The browser's edit rights come from the server's `access` and the contract's `expertMayEdit`
 * (the function the server's policy applies). Here every path of the Yangquan document (and the
 * paths an expert might add) is asked for every possible one-indicator assignment by node id:
 * the web's answer (node id → path, then the rule) must be the server's everywhere.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadEvaluation, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import { expertMayEdit as serverRule } from "@jixiao/server";
import { editRights } from "../src/workspace/access.js";
import { type Path, flatten } from "../src/workspace/document.js";

const text = readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8");
const loaded = loadEvaluation(text, "yangquan-hrss-2021.yaml");
if (!loaded.ok) throw new Error("the Yangquan example does not load");
const doc = loaded.document;

test("web and server agree on what an expert may edit, on every path of Yangquan, by node id", () => {
  const v = validateEvaluation(doc);
  assert.ok(v.ok);
  const nodes = scoreEvaluation(v.evaluation).all;
  const paths: Path[] = [...flatten(doc).values()].map((x) => x.path);
  // Fields an expert adds that are not in the file yet, on every node.
  for (const n of nodes)
    for (const f of ["score", "actual", "deductions", "reason", "evidence", "weight", "name", "children"]) paths.push([...n.path, f]);
  for (const n of nodes)
    paths.push([...n.path, "rule", "scores", 0, "score"], [...n.path, "rule", "type"], [...n.path, "deductions", 0, "points"]);
  let allowed = 0;
  const base = { update: false, actions: [], scoreAssigned: true };
  for (const n of nodes) {
    const rights = editRights({ ...base, assignedNodes: [n.id] }, doc);
    for (const p of paths) {
      const w = rights.mayEdit(p);
      assert.equal(w, serverRule(p, [n.path]), `${JSON.stringify(p)} with ${n.id}`);
      if (w) allowed++;
    }
  }
  assert.ok(allowed > nodes.length, "some paths are editable");
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
  assert.equal(expert.some, true);
  assert.equal(expert.mayEdit(["indicators", 0, "score"]), true);
  assert.equal(expert.mayEdit(["indicators", 0, "weight"]), false);
  assert.equal(expert.mayEdit(["indicators", 1, "score"]), false);
  // Assigned, but the evaluation is published: scoreAssigned is false.
  assert.equal(editRights({ ...base, assignedNodes: ["A"] }, doc).some, false);
});
