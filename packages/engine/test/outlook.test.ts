import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { distanceToNextGrade, loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { evaluationOf } from "./helpers.js";

const yangquan = () => {
  const r = loadEvaluation(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"), "yangquan.yaml");
  assert.ok(r.ok);
  return r.evaluation;
};

test("Yangquan (85.73, 良) is 4.27 points short of 优; the most room is 履职效能 (8.76)", () => {
  const d = distanceToNextGrade(scoreEvaluation(yangquan()));
  assert.ok(d);
  assert.equal(d.grade, "优");
  assert.equal(d.needed.toFixed(2), "4.27");
  assert.deepEqual(
    d.room.map((r) => [r.node.name, r.room.toFixed(2)]),
    [
      ["履职效能", "8.76"],
      ["可持续性", "3.00"],
      ["管理效率", "2.12"],
    ],
  );
  assert.equal(
    d.explanation.zh,
    "距“优”还差 4.27 分；可提升空间最大的指标：履职效能（可提升 8.76 分）、可持续性（可提升 3.00 分）、管理效率（可提升 2.12 分）",
  );
});

test("the top grade has no next one; an evaluation with unscored indicators has none either", () => {
  assert.equal(distanceToNextGrade(scoreEvaluation(evaluationOf([{ name: "a", weight: 100, score: 95 }]))), undefined);
  assert.equal(distanceToNextGrade(scoreEvaluation(evaluationOf([{ name: "a", weight: 100, target: "≥10" }]))), undefined);
});

test("weights that do not add up to 100: the distance is measured per 100 and given in the evaluation's own points", () => {
  // 40 of 50 = 80 per 100 (良); 优 at 90 per 100 = 45 of 50: 5 points short.
  const d = distanceToNextGrade(scoreEvaluation(evaluationOf([{ name: "a", weight: 50, score: 40 }])));
  assert.equal(d?.needed.toFixed(2), "5.00");
});
