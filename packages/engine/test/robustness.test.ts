/** Grade robustness and regrading: the Yangquan seed, constructed boundary cases, and regrade against the reference roll-up. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import {
  type Evaluation,
  type IndicatorInput,
  type NodeResult,
  dec,
  gradeRobustness,
  loadEvaluation,
  regrade,
  scoreEvaluation,
} from "../src/index.js";
import { evaluationOf } from "./helpers.js";

const yangquan = (): Evaluation => {
  const r = loadEvaluation(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"), "yangquan.yaml");
  assert.ok(r.ok);
  return r.evaluation;
};

test("Yangquan 85.73 良 is robust to ±10% weights (84.70–86.76); 管理效率 falling to 32.14 is the most sensitive value", () => {
  const e = yangquan();
  const r = gradeRobustness(e, scoreEvaluation(e));
  assert.ok(r);
  assert.equal(r.grade, "良");
  assert.equal(r.robust, true);
  assert.equal(r.weights.up, undefined);
  assert.equal(r.weights.down, undefined);
  // By hand: 4 points move from the lowest rates (可持续性 70%, 履职效能 70.8%) to the highest
  // (社会效应 98.05%, 管理效率 94.7%): 1×0.2805 + 1×0.2725 + 2×0.239 = 1.031 → 85.73 ± 1.03.
  assert.equal(r.weights.best.toFixed(2), "86.76");
  assert.equal(r.weights.worst.toFixed(2), "84.70");
  assert.deepEqual(
    r.values.map((v) => [v.node.name, v.kind, v.direction, v.grade, v.to.toFixed(2)]),
    [
      ["管理效率", "score", "down", "中", "32.14"],
      ["履职效能", "score", "up", "优", "25.51"],
      ["履职效能", "score", "down", "中", "15.50"],
    ],
  );
  assert.equal(
    r.explanation.zh,
    "良 稳健：任一指标权重在±10%内变动（总分值不变）均不改变等级（得分在 84.70–86.76 之间）；最敏感的指标：" +
      "管理效率得分降至 32.14 即降为“中”（−15.2%）；履职效能得分升至 25.51 即升为“优”（+20.1%）；履职效能得分降至 15.50 即降为“中”（−27.0%）",
  );
  assert.match(r.explanation.en, /^良 is robust: no move of the weights within ±10%/);
  // The values found are the exact edges: one cent less change keeps 良.
  const s = scoreEvaluation(e);
  assert.equal(regrade(s, new Map([[s.roots[1]!, { score: dec("32.14") }]])).grade, "中");
  assert.equal(regrade(s, new Map([[s.roots[1]!, { score: dec("32.15") }]])).grade, "良");
});

test("a wider range: ±30% of the weights can move Yangquan to 优 or 中, and says which moves", () => {
  const e = yangquan();
  const r = gradeRobustness(e, scoreEvaluation(e), { range: "0.3" });
  assert.ok(r);
  assert.equal(r.robust, true, "±30%: 12 points can move, 3.09 per 100 at most");
  const wide = gradeRobustness(e, scoreEvaluation(e), { range: "1" });
  assert.ok(wide?.weights.up);
  assert.equal(wide.robust, false);
  assert.equal(wide.weights.up.grade, "优");
  // Every shift stays within ±100% and the total of the points is kept.
  const moved = wide.weights.up.shifts.reduce((t, x) => t.plus(x.to.minus(x.from)), dec(0));
  assert.equal(moved.toFixed(2), "0.00");
  assert.ok(dec(wide.weights.up.gradedOn).gte(90));
  assert.match(wide.explanation.zh, /^良 不稳健：权重在±100%内调整即可改变等级/);
});

test("优 at exactly 90 is not robust: moving 0.03 points from the full leaf to the 80% one makes it 良 (rounding included)", () => {
  const e = evaluationOf([
    { name: "甲", weight: 50, score: 50 },
    { name: "乙", weight: 50, score: 40 },
  ]);
  const s = scoreEvaluation(e);
  assert.equal(s.grade, "优");
  const r = gradeRobustness(e, s);
  assert.ok(r?.weights.down);
  assert.equal(r.robust, false);
  assert.equal(r.weights.down.grade, "良");
  // Linear: 0.01 ÷ (100% − 80%) = 0.05 points. Exact: 49.97 + round2(50.03 × 0.8 = 40.024) = 89.99 already.
  assert.equal(r.weights.down.moved.toFixed(2), "0.03");
  assert.deepEqual(
    r.weights.down.shifts.map((x) => [x.node.name, x.from.toFixed(2), x.to.toFixed(2)]),
    [
      ["乙", "50.00", "50.03"],
      ["甲", "50.00", "49.97"],
    ],
  );
  assert.equal(r.weights.down.gradedOn.toFixed(2), "89.99");
  const by = (m: string) =>
    regrade(
      s,
      new Map<NodeResult, { weight: ReturnType<typeof dec> }>([
        [s.roots[0]!, { weight: dec(50).minus(m) }],
        [s.roots[1]!, { weight: dec(50).plus(m) }],
      ]),
    ).grade;
  assert.equal(by("0.03"), "良");
  assert.equal(by("0.02"), "优", "49.98 + round2(40.016) = 90.00");
});

test("one actual: a proportional leaf at 100 件 of ≥100 falls to 97 before 80.50 良 becomes 中; rescoring agrees", () => {
  const leaves = (actual: number): IndicatorInput[] => [
    {
      name: "产出",
      weight: 100,
      children: [
        { name: "数量", weight: 20, target: "≥100", unit: "件", actual },
        { name: "质量", weight: 80, target: "≥100", unit: "%", actual: "75.625" },
      ],
    },
  ];
  const e = evaluationOf(leaves(100));
  const s = scoreEvaluation(e);
  assert.equal(s.total?.toFixed(2), "80.50");
  assert.equal(s.grade, "良");
  const r = gradeRobustness(e, s, { limit: 10 });
  assert.ok(r);
  const count = r.values.find((v) => v.node.name === "数量" && v.direction === "down");
  assert.ok(count);
  assert.equal(count.kind, "actual");
  assert.equal(count.to.toFixed(), "97");
  assert.equal(count.explanation.zh, "数量实际值降至 97件 即降为“中”（−3.0%）");
  assert.equal(scoreEvaluation(evaluationOf(leaves(97))).grade, "中");
  assert.equal(scoreEvaluation(evaluationOf(leaves(98))).grade, "良");
  const quality = r.values.find((v) => v.node.name === "质量" && v.direction === "down");
  // Written with 3 places: searched on 0.001. 80 × 74.993% = 59.9944 → 59.99 (79.99, 中); 74.994% → 60.00 (80.00).
  assert.equal(quality?.to.toFixed(), "74.993");
  // Up to 优 needs 9.5 more points: 数量 cannot give them (at most 20), 质量 can: 80 × 87.494% = 69.9952 → 70.00.
  const up = r.values.find((v) => v.node.name === "质量" && v.direction === "up");
  assert.equal(up?.to.toFixed(), "87.494");
  assert.equal(
    r.values.find((v) => v.node.name === "数量" && v.direction === "up"),
    undefined,
  );
  // The most sensitive first.
  assert.equal(r.values[0]!.node.name, "质量");
});

test("a reverse indicator (≤) worsens upward: the actual it would have to rise to", () => {
  const e = evaluationOf([
    { name: "成本", weight: 20, target: "≤100", direction: "反向", unit: "万元", actual: 100 },
    { name: "其他", weight: 80, score: "60.5" },
  ]);
  const r = gradeRobustness(e, scoreEvaluation(e), { limit: 10 });
  const cost = r?.values.find((v) => v.node.name === "成本" && v.direction === "down");
  assert.ok(cost);
  assert.ok(cost.to.gt(100));
  const rescored = scoreEvaluation(
    evaluationOf([
      { name: "成本", weight: 20, target: "≤100", direction: "反向", unit: "万元", actual: cost.to.toFixed() },
      { name: "其他", weight: 80, score: "60.5" },
    ]),
  );
  assert.equal(rescored.grade, "中");
  assert.match(cost.explanation.zh, /^成本实际值升至 \d+万元 即降为“中”/);
});

test("keep siblings: weight moves only between children of the same parent", () => {
  const e = evaluationOf([
    {
      name: "A",
      weight: 50,
      children: [
        { name: "a1", weight: 25, score: 25 },
        { name: "a2", weight: 25, score: 20 },
      ],
    },
    { name: "B", weight: 50, score: "44.96" },
  ]);
  const s = scoreEvaluation(e);
  assert.equal(s.total?.toFixed(2), "89.96");
  const total = gradeRobustness(e, s, { keep: "total" });
  const siblings = gradeRobustness(e, s, { keep: "siblings" });
  assert.ok(total?.weights.up && siblings?.weights.up);
  for (const x of siblings.weights.up.shifts) assert.ok(x.node.name.startsWith("a"), `${x.node.name} moved`);
  assert.ok(siblings.weights.up.moved.gte(total.weights.up.moved));
});

test("no grade, no robustness: unscored indicators and ordinal schemes", () => {
  const e = evaluationOf([{ name: "a", weight: 100, target: "≥10" }]);
  assert.equal(gradeRobustness(e, scoreEvaluation(e)), undefined);
  assert.throws(() => gradeRobustness(yangquan(), scoreEvaluation(yangquan()), { range: "1.5" }), RangeError);
});

// ── regrade against the reference roll-up ─────────────────────────────────────────────────

const points = fc.integer({ min: 1, max: 2000 }).map((n) => dec(n).dividedBy(100));
const leafArb = fc.record({
  weight: points,
  rate: fc.integer({ min: 0, max: 100 }),
  na: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});
const treeArb = fc.array(fc.array(leafArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 });

function modelOf(tree: Array<Array<{ weight: ReturnType<typeof dec>; rate: number; na: boolean }>>, naRoot: number): IndicatorInput[] {
  return tree.map((kids, i) => {
    const children = kids.map((k, j) => ({
      name: `r${i}c${j}`,
      weight: k.weight.toFixed(),
      score: k.weight.times(k.rate).dividedBy(100).toDecimalPlaces(2).toFixed(),
      ...(k.na ? { notApplicable: true } : {}),
    }));
    return {
      name: `r${i}`,
      weight: kids.reduce((t, k) => t.plus(k.weight), dec(0)).toFixed(),
      children,
      ...(i === naRoot ? { notApplicable: true } : {}),
    };
  });
}

test("regrade with no change is the reference result; a changed leaf score regrades as rescoring the changed model does", () => {
  fc.assert(
    fc.property(treeArb, fc.integer({ min: -1, max: 3 }), fc.nat(), fc.integer({ min: 0, max: 100 }), (tree, naRoot, pick, rate) => {
      const input = modelOf(tree, naRoot);
      const s = scoreEvaluation(evaluationOf(input));
      const same = regrade(s, new Map());
      assert.equal(same.total?.toFixed(2), s.total?.toFixed(2));
      assert.equal(same.grade, s.grade);
      // Change one leaf's score and compare with the model that has it.
      const leaves = s.all.filter((n) => n.children.length === 0);
      const leaf = leaves[pick % leaves.length]!;
      const score = leaf.weight.times(rate).dividedBy(100).toDecimalPlaces(2);
      const changed = regrade(s, new Map([[leaf, { score }]]));
      const [ri, ci] = [leaf.path[1] as number, leaf.path[3] as number];
      const input2 = structuredClone(input);
      (input2[ri]!.children![ci] as unknown as { score: string }).score = score.toFixed();
      const s2 = scoreEvaluation(evaluationOf(input2));
      assert.equal(changed.total?.toFixed(2), s2.total?.toFixed(2));
      assert.equal(changed.gradedOn?.toFixed(2), s2.gradedOn?.toFixed(2));
      assert.equal(changed.grade, s2.grade);
      // A changed level-1 weight with its score scaled (rate kept) equals the model with both changed.
      const root = s.roots[pick % s.roots.length]!;
      if (!root.notApplicable && root.score !== undefined) {
        const w = root.weight.plus(1);
        const byRegrade = regrade(s, new Map([[root, { weight: w }]]));
        const scaled = root.score.times(w).dividedBy(root.weight).toDecimalPlaces(2);
        const input3 = structuredClone(input);
        const idx = root.path[1] as number;
        input3[idx] = { name: input3[idx]!.name, weight: w.toFixed(), score: scaled.toFixed() };
        const s3 = scoreEvaluation(evaluationOf(input3));
        assert.equal(byRegrade.total?.toFixed(2), s3.total?.toFixed(2));
        assert.equal(byRegrade.grade, s3.grade);
      }
    }),
    { numRuns: 300 },
  );
});
