/**
 * An exported workbook imports back to the evaluation it came from: every node's score, the
 * total and the grade are the same (recomputed from the data cells, not copied from the
 * formulas' results) — for Yangquan and 60 property-generated evaluations, four levels deep.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type Evaluation, EvaluationSchema, loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { exportXlsx, importTables } from "@jixiao/exchange";
import { generatedEvaluations } from "./generate.js";

function scores(e: Evaluation): string[] {
  const s = scoreEvaluation(e);
  return [
    ...s.all.map((n) => `${n.trail.join("›")}=${n.notApplicable ? "NA" : n.score?.toFixed(2)}`),
    `total=${s.total?.toFixed(2)}`,
    `grade=${s.grade}`,
  ];
}

async function roundTrip(e: Evaluation): Promise<Evaluation> {
  const x = await exportXlsx(e);
  const r = await importTables("导出.xlsx", x.data);
  assert.ok(r.ok, JSON.stringify(r.problems.slice(0, 3)));
  assert.deepEqual(r.rejected, []);
  return EvaluationSchema.parse(r.evaluation);
}

test("Yangquan: export → import gives the same scores, total 85.73 良, metadata, staffing and funds", async () => {
  const r = loadEvaluation(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"), "y.yaml");
  assert.ok(r.ok);
  const back = await roundTrip(r.evaluation);
  assert.deepEqual(scores(back), scores(r.evaluation));
  assert.equal(back.meta.title, r.evaluation.meta.title);
  assert.equal(back.meta.fiscalYear, 2021);
  assert.equal(back.organisation?.units.length, 8);
  assert.equal(back.funds?.lines.length, 2);
});

test("60 generated evaluations survive export → import with every score unchanged", async () => {
  for (const e of generatedEvaluations(60, 7)) {
    const back = await roundTrip(e);
    assert.deepEqual(scores(back), scores(e));
  }
});
