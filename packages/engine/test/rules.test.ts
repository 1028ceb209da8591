import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dec, expertSpread, panelResult, plain } from "../src/index.js";
import { s, scoreOne } from "./helpers.js";

describe("proportional (正向 / 反向)", () => {
  test("met exactly at the target gives full points", () => {
    const n = scoreOne({ target: "≥20000", actual: 20000 });
    assert.equal(s(n), "10.00");
    assert.equal(n.met, true);
  });
  test("over-achievement is capped at the points, with the seed's explanation", () => {
    const n = scoreOne({ target: "≥20000", actual: 21090 });
    assert.equal(s(n), "10.00");
    assert.equal(n.explanation.zh, "目标“≥20000”：按正向比例计分；21090 ÷ 20000 = 105.45% ≥ 100% → 满分 10");
    assert.equal(n.explanation.en, 'target "≥20000": scored by the proportional rule; 21090 ÷ 20000 = 105.45% ≥ 100% → full points 10');
  });
  test("one below the target scores actual/target × points, rounded half-up", () => {
    const n = scoreOne({ target: "≥20000", actual: 19999 });
    assert.equal(s(n), "10.00"); // 9.9995 → 10.00 (half-up), still missed
    assert.equal(n.met, false);
    assert.equal(s(scoreOne({ target: "≥3", actual: 2 })), "6.67");
    assert.equal(s(scoreOne({ target: "≥8", actual: 1 })), "1.25");
  });
  test("反向: target/actual × points when above a ceiling", () => {
    const met = scoreOne({ target: "≤4.5%", actual: 3.19, unit: "%" });
    assert.equal(s(met), "10.00");
    assert.equal(met.met, true);
    const missed = scoreOne({ target: "≤4", actual: 5 });
    assert.equal(s(missed), "8.00");
    assert.equal(missed.explanation.zh, "目标“≤4”：按反向比例计分；4 ÷ 5 = 80.00% < 100% → 80.00% × 10 = 8.00");
  });
  test("a bare target follows the direction", () => {
    assert.equal(scoreOne({ target: "5", actual: 6, direction: "反向" }).met, false);
    assert.equal(scoreOne({ target: "5", actual: 6 }).met, true);
  });
  test("= target missed on either side", () => {
    assert.equal(s(scoreOne({ target: "=100%", actual: 80 })), "8.00");
    assert.equal(s(scoreOne({ target: "=100", actual: 125 })), "8.00");
    assert.equal(s(scoreOne({ target: "=100", actual: 100 })), "10.00");
  });
  test("zero actual scores 0, never below", () => {
    assert.equal(s(scoreOne({ target: "≥10", actual: 0 })), "0.00");
  });
  test("missing actual: not scored (never a silent 0), with an error, not a crash", () => {
    const n = scoreOne({ target: "≥10" });
    assert.equal(n.score, undefined);
    assert.equal(n.diagnostics[0]?.code, "score/missing-actual");
    assert.equal(n.diagnostics[0]?.severity, "error");
    assert.match(n.explanation.zh, /未评分/);
  });
});

describe("interval", () => {
  test("inside (bounds inclusive) is full", () => {
    for (const a of [80, 100, 120]) assert.equal(s(scoreOne({ target: "80%-120%", actual: a })), "10.00");
  });
  test("outside with a deduction per point", () => {
    const rule = { type: "interval", deductionPerStep: 0.5 };
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 78, rule })), "9.00");
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 121.5, rule })), "9.25");
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 121.5, rule: { ...rule, partial: "ceil" } })), "9.00");
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 0, rule })), "0.00");
  });
  test("outside with no step: pro rata to the nearest bound", () => {
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 60 })), "7.50");
    assert.equal(s(scoreOne({ target: "80%-120%", actual: 150 })), "8.00");
  });
});

describe("step deduction (每超过1个百分点扣0.1分)", () => {
  const rule = { type: "step", threshold: 5, step: 1, deduct: 0.1 };
  test("at the threshold is full", () => assert.equal(s(scoreOne({ actual: 5, rule })), "10.00"));
  test("each point above deducts", () => assert.equal(s(scoreOne({ actual: 8, rule })), "9.70"));
  test("part of a step: exact by default, ceil and floor on request", () => {
    assert.equal(s(scoreOne({ actual: 5.5, rule })), "9.95");
    assert.equal(s(scoreOne({ actual: 5.5, rule: { ...rule, partial: "ceil" } })), "9.90");
    assert.equal(s(scoreOne({ actual: 5.5, rule: { ...rule, partial: "floor" } })), "10.00");
  });
  test("floors at 0", () => assert.equal(s(scoreOne({ actual: 500, rule })), "0.00"));
  test("below: 预算执行率每低于1个百分点扣0.1分", () => {
    const n = scoreOne({ actual: 95, rule: { type: "step", threshold: 100, deduct: 0.1, when: "below" } });
    assert.equal(s(n), "9.50");
    assert.match(n.explanation.zh, /每低于 1 扣 0\.1 分/);
  });
});

describe("qualitative", () => {
  test("default levels", () => {
    assert.equal(s(scoreOne({ target: "设定科学合理", actual: "完全达成" })), "10.00");
    assert.equal(s(scoreOne({ target: "设定科学合理", actual: "部分达成" })), "6.00");
    assert.equal(s(scoreOne({ target: "设定科学合理", actual: "未达成" })), "0.00");
    assert.equal(s(scoreOne({ target: "设定科学合理", actual: "基本达成" })), "6.00");
  });
  test("an actual repeating the target meets it", () => {
    const n = scoreOne({ target: "健全", actual: "健全" });
    assert.equal(s(n), "10.00");
    assert.equal(n.met, true);
  });
  test("custom levels per rule and per file", () => {
    assert.equal(s(scoreOne({ actual: "较好", rule: { type: "qualitative", levels: { 好: 1, 较好: 0.8, 差: 0.2 } } })), "8.00");
    assert.equal(
      s(scoreOne({ actual: "中", rule: { type: "qualitative" } }, { scheme: { qualitativeLevels: { 高: 1, 中: 0.75 } } })),
      "7.50",
    );
  });
  test("unknown level is an error naming the allowed levels; the leaf is not scored", () => {
    const n = scoreOne({ actual: "还行", rule: { type: "qualitative" } });
    assert.equal(n.score, undefined);
    assert.equal(n.diagnostics[0]?.code, "score/unknown-level");
    assert.equal(n.diagnostics[0]?.severity, "error");
    assert.match(String(n.diagnostics[0]?.params["expected"]), /完全达成、部分达成、未达成/);
  });
});

describe("checklist, deductions, expert, direct, formula", () => {
  test("checklist award and deduct", () => {
    const items = [
      { name: "制度一", points: 4, met: true },
      { name: "制度二", points: 3, met: false },
      { name: "制度三", points: 3, met: true },
    ];
    assert.equal(s(scoreOne({ rule: { type: "checklist", mode: "award", items } })), "7.00");
    assert.equal(s(scoreOne({ rule: { type: "checklist", mode: "deduct", items } })), "7.00");
    const over = [
      { name: "a", points: 8, met: true },
      { name: "b", points: 8, met: true },
    ];
    assert.equal(s(scoreOne({ rule: { type: "checklist", items: over } })), "10.00");
  });
  test("deduction list with reasons", () => {
    const n = scoreOne({
      rule: { type: "deduction" },
      deductions: [
        { reason: "未及时公开", points: 1 },
        { reason: "账实不符", points: 0.5 },
      ],
    });
    assert.equal(s(n), "8.50");
    assert.equal(n.explanation.zh, "10 − 1（未及时公开） − 0.5（账实不符） = 8.50");
    assert.equal(s(scoreOne({ rule: { type: "deduction" }, deductions: [{ reason: "x", points: 30 }] })), "0.00");
  });
  test("deductions after another rule", () => {
    assert.equal(s(scoreOne({ target: "≥10", actual: 10, deductions: [{ reason: "资料不全", points: 2 }] })), "8.00");
  });
  test("expert mean and trimmed mean", () => {
    const scores = [7, 8, 9, 10, 6].map((v, i) => ({ expert: `专家${i + 1}`, score: v }));
    assert.equal(s(scoreOne({ rule: { type: "expert", scores } })), "8.00");
    assert.equal(s(scoreOne({ rule: { type: "expert", method: "trimmedMean", scores } })), "8.00");
    const skew = [1, 8, 8, 9].map((v, i) => ({ expert: `E${i}`, score: v }));
    assert.equal(s(scoreOne({ rule: { type: "expert", scores: skew } })), "6.50");
    assert.equal(s(scoreOne({ rule: { type: "expert", method: "trimmedMean", scores: skew } })), "8.00");
    const two = scoreOne({ rule: { type: "expert", method: "trimmedMean", scores: skew.slice(0, 2) } });
    assert.equal(two.diagnostics[0]?.code, "score/trim-too-few");
    const bad = scoreOne({ rule: { type: "expert", scores: [{ expert: "甲", score: 12 }] } });
    assert.equal(bad.diagnostics[0]?.code, "score/expert-range");
    assert.equal(s(bad), "10.00");
  });
  test("expert median, and the panel's spread against the scheme's margin", () => {
    const scores = [6, 9, 10].map((v, i) => ({ expert: `专家${i + 1}`, score: v }));
    assert.equal(s(scoreOne({ rule: { type: "expert", method: "median", scores } })), "9.00");
    assert.equal(s(scoreOne({ rule: { type: "expert", method: "median", scores: [...scores, { expert: "专家4", score: 4 }] } })), "7.50");
    assert.equal(panelResult([], "median"), undefined);
    const wide = expertSpread([dec(9), dec(4)], dec(10));
    assert.deepEqual([plain(wide.spread), plain(wide.margin), wide.flagged], ["5", "2", true]);
    const narrow = expertSpread([dec(9), dec(8)], dec(10), dec(20));
    assert.equal(narrow.flagged, false);
    assert.equal(expertSpread([dec(9), dec(6)], dec(10), dec(30)).flagged, false, "exactly at the margin is not flagged");
  });
  test("direct scores are clamped with an error", () => {
    assert.equal(s(scoreOne({ score: 7.255 })), "7.26");
    const n = scoreOne({ score: 12 });
    assert.equal(s(n), "10.00");
    assert.equal(n.diagnostics[0]?.code, "score/above-points");
    assert.equal(scoreOne({ score: -1 }).diagnostics[0]?.code, "score/negative");
  });
  test("formula rule over exact decimals", () => {
    const n = scoreOne({ actual: 9, target: "≥10", rule: { type: "formula", expression: "min(actual / target, 1) * points" } });
    assert.equal(s(n), "9.00");
    assert.equal(s(scoreOne({ inputs: { a: 1, b: 3 }, rule: { type: "formula", expression: "a / b * points" } })), "3.33");
    assert.equal(s(scoreOne({ rule: { type: "formula", expression: "if(1 > 2, 5, 20)" } })), "10.00");
    const bad = scoreOne({ rule: { type: "formula", expression: "points / 0" } });
    assert.equal(bad.diagnostics[0]?.code, "score/expression");
  });
  test("a leaf with nothing to go on is an error and is not scored", () => {
    const n = scoreOne({});
    assert.equal(n.diagnostics[0]?.code, "score/no-rule");
  });
});

describe("not applicable (百分制折算)", () => {
  test("siblings are rescaled to the parent's points", async () => {
    const { evaluationOf } = await import("./helpers.js");
    const { scoreEvaluation } = await import("../src/index.js");
    const e = evaluationOf([
      {
        name: "产出",
        weight: 30,
        children: [
          { name: "数量", weight: 10, score: 8 },
          { name: "质量", weight: 10, score: 10 },
          { name: "时效", weight: 10, notApplicable: true, notApplicableReason: "本年无时效要求" },
        ],
      },
      { name: "效益", weight: 70, score: 70 },
    ]);
    const r = scoreEvaluation(e);
    assert.equal(r.roots[0]!.score!.toFixed(2), "27.00");
    assert.equal(r.roots[0]!.source, "rescaled");
    assert.equal(r.total!.toFixed(2), "97.00");
  });
  test("a level-1 node not applicable rescales the total to 100", async () => {
    const { evaluationOf } = await import("./helpers.js");
    const { scoreEvaluation } = await import("../src/index.js");
    const r = scoreEvaluation(
      evaluationOf([
        { name: "甲", weight: 50, score: 40 },
        { name: "乙", weight: 50, notApplicable: true },
      ]),
    );
    assert.equal(r.total!.toFixed(2), "80.00");
    assert.equal(r.grade, "良");
  });
});
