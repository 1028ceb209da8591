/** Portfolio what-if: bands, weights and qualitative levels applied to a set of evaluations, against the reference scoring. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  type Evaluation,
  type IndicatorInput,
  NO_GRADE,
  type WhatIfItem,
  bandsFrom,
  dec,
  loadEvaluation,
  parseBands,
  scoreEvaluation,
  whatIf,
} from "../src/index.js";
import { evaluationOf } from "./helpers.js";

const yangquan = (): Evaluation => {
  const r = loadEvaluation(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"), "yangquan.yaml");
  assert.ok(r.ok);
  return r.evaluation;
};

/** Small deterministic portfolio: leaves read by level (完全达成 / 部分达成) and by figures. */
function portfolio(n: number): Evaluation[] {
  return Array.from({ length: n }, (_, i) => {
    const partial = i % 4;
    const leaves: IndicatorInput[] = [0, 1, 2, 3].map((k) => ({
      name: `定性${k + 1}`,
      weight: 10,
      target: "规范",
      actual: k < partial ? "部分达成" : "完全达成",
    }));
    return evaluationOf([
      { name: "决策", weight: 40, children: leaves },
      { name: "产出", weight: 60, children: [{ name: "数量", weight: 60, target: "≥100", unit: "件", actual: 60 + ((i * 7) % 41) }] },
    ]);
  });
}

const items = (es: Evaluation[]): WhatIfItem[] =>
  es.map((e, i) => ({ id: `e${i}`, title: `评价 ${i}`, score: scoreEvaluation(e), evaluation: e }));

test("parseBands reads 优:90,良:80,中:60,差:0 and refuses what is not bands", () => {
  const r = parseBands("优:90，良：80, 中=60,差:0");
  assert.ok(r.ok);
  assert.deepEqual(
    r.bands.map((b) => [b.grade, b.min.toFixed(), b.max.toFixed(), b.maxInclusive]),
    [
      ["优", "90", "100", true],
      ["良", "80", "90", false],
      ["中", "60", "80", false],
      ["差", "0", "60", false],
    ],
  );
  for (const [text, zh] of [
    ["优90", "“优90”应写作 等级:下限，如 优:90"],
    ["优:abc", "等级“优”的下限“abc”不是数值"],
    ["优:101", "等级“优”的下限须在 0–100 之间，至多两位小数"],
    ["优:90,良:90", "等级“优”与“良”下限相同"],
    ["优:90,优:80", "等级“优”重复"],
    ["__proto__:90", "等级名称“__proto__”不可用"],
    [Array.from({ length: 13 }, (_, i) => `g${i}:${i}`).join(","), "等级最多 12 个"],
  ] as const) {
    const bad = parseBands(text);
    assert.equal(bad.ok, false, text);
    if (!bad.ok) assert.equal(bad.message.zh, zh);
  }
  assert.equal(bandsFrom([]).ok, false);
});

test("Yangquan under 优 from 85: 良 → 优; under its own bands nothing moves", () => {
  const y = items([yangquan()]);
  const r = parseBands("优:85,良:75,中:60,差:0");
  assert.ok(r.ok);
  const moved = whatIf(y, { bands: r.bands });
  assert.deepEqual(moved.grades, ["优", "良", "中", "差", NO_GRADE]);
  assert.equal(moved.matrix[1]![0], 1);
  assert.equal(moved.up, 1);
  assert.equal(moved.movers[0]!.from, "良");
  assert.equal(moved.movers[0]!.to, "优");
  assert.equal(moved.explanation.zh, "1 项评价中 1 项等级变化（升 1、降 0）；平均得分 85.73 → 85.73");
  const same = whatIf(y, {});
  assert.equal(same.movers.length, 0);
  assert.equal(same.before["良"], 1);
});

test("a weight change keeps the indicator's rate: Yangquan's 履职效能 at 20 points → 78.65 of 90 = 87.39 per 100, as the changed model scores", () => {
  const y = items([yangquan()]);
  const r = whatIf(y, {
    weights: [
      { path: "履职效能", weight: dec(20) },
      { path: "不存在", weight: dec(5) },
    ],
  });
  const row = { total: r.totals.after.toFixed(2), mean: r.totals.meanAfter?.toFixed(2) };
  assert.deepEqual(row, { total: "78.65", mean: "87.39" });
  assert.deepEqual(r.unmatched, [{ path: "不存在", evaluations: 1 }]);
  // The reference: the model with 履职效能 = 20 points and its score 21.24 × 20/30 = 14.16 entered.
  const e = yangquan();
  const changed = {
    ...e,
    indicators: e.indicators.map((n) => (n.name === "履职效能" ? { ...n, weight: dec(20), score: dec("14.16") } : n)),
  };
  const ref = scoreEvaluation(changed);
  assert.equal(ref.total?.toFixed(2), "78.65");
  assert.equal(ref.gradedOn?.toFixed(2), "87.39");
  assert.equal(ref.grade, r.movers[0]?.to ?? "良");
});

test("changed qualitative levels give exactly what rescoring every evaluation with those levels gives", () => {
  const es = portfolio(200);
  const levels = { 部分达成: dec("0.3") };
  const r = whatIf(items(es), { qualitativeLevels: levels });
  const reference = es.map((e) =>
    scoreEvaluation({
      ...e,
      scheme: {
        ...e.scheme,
        preset: e.scheme?.preset ?? "cn-2020",
        qualitativeLevels: { 完全达成: dec(1), 部分达成: dec("0.3"), 未达成: dec(0) },
      },
    }),
  );
  let sum = dec(0);
  const after: Record<string, number> = {};
  for (const s of reference) {
    sum = sum.plus(s.total!);
    after[s.grade ?? NO_GRADE] = (after[s.grade ?? NO_GRADE] ?? 0) + 1;
  }
  assert.equal(r.totals.after.toFixed(2), sum.toFixed(2));
  for (const g of r.grades) assert.equal(r.after[g], after[g] ?? 0, g);
  assert.ok(r.down > 0, "lower levels move some down");
  assert.equal(r.up, 0);
  // Who moves: exactly the evaluations whose reference grade differs.
  const moved = reference.flatMap((s, i) => (s.grade !== scoreEvaluation(es[i]!).grade ? [`e${i}`] : []));
  assert.deepEqual(
    r.movers.map((m) => m.id),
    moved,
  );
  // Counts add up: every row and column of the matrix.
  assert.equal(
    r.matrix.flat().reduce((a, b) => a + b, 0),
    200,
  );
});

test("weights, levels and bands together; unscored evaluations stay 未定级", () => {
  const es = [...portfolio(20), evaluationOf([{ name: "a", weight: 100, target: "≥10" }])];
  const bands = parseBands("A:85,B:70,C:0");
  assert.ok(bands.ok);
  const r = whatIf(items(es), {
    bands: bands.bands,
    weights: [{ path: "决策", weight: dec(30) }],
    qualitativeLevels: { 部分达成: dec("0.8") },
  });
  assert.equal(r.count, 21);
  assert.equal(r.before[NO_GRADE], 1);
  assert.equal(r.after[NO_GRADE], 1);
  assert.deepEqual(r.grades.slice(0, 3), ["A", "B", "C"]);
  // The 决策 sum is rescored with 0.8 first, then scaled to 30 points (rate kept).
  const e0 = es[1]!; // one 部分达成
  const s0 = scoreEvaluation(e0);
  const row = whatIf([{ id: "x", title: "x", score: s0, evaluation: e0 }], {
    weights: [{ path: "决策", weight: dec(30) }],
    qualitativeLevels: { 部分达成: dec("0.8") },
  });
  // 决策: 10 × 0.8 + 30 = 38 of 40 → 28.50 of 30; 产出 unchanged.
  const product = s0.roots[1]!.score!;
  assert.equal(row.totals.after.toFixed(2), dec("28.50").plus(product).toFixed(2));
});
