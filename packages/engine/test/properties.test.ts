/** Property tests (fast-check) for the engine's invariants. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type IndicatorInput, type NodeResult, PRESET_BANDS, ZERO, dec, gradeFor, scoreEvaluation, sum } from "../src/index.js";
import { evaluationOf, scoreOne } from "./helpers.js";

/** A decimal with up to 2 places, as text. */
const decimalText = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => dec(n).dividedBy(100).toFixed());

const leafArb: fc.Arbitrary<IndicatorInput> = fc.oneof(
  fc.record({ name: fc.constant("x"), weight: decimalText(20), target: decimalText(1000).map((v) => `≥${v}`), actual: decimalText(2000) }),
  fc.record({
    name: fc.constant("x"),
    weight: decimalText(20),
    target: decimalText(1000).map((v) => `≤${v}`),
    actual: decimalText(2000),
    direction: fc.constant("反向"),
  }),
  fc.record({
    name: fc.constant("x"),
    weight: decimalText(20),
    target: fc.constant("80%-120%"),
    actual: decimalText(200),
    rule: fc.record({ type: fc.constant("interval"), deductionPerStep: decimalText(2) }),
  }),
  fc.record({
    name: fc.constant("x"),
    weight: decimalText(20),
    actual: decimalText(200),
    rule: fc.record({
      type: fc.constant("step"),
      threshold: decimalText(100),
      deduct: decimalText(1),
      when: fc.constantFrom("above", "below"),
    }),
  }),
  fc.record({ name: fc.constant("x"), weight: decimalText(20), actual: fc.constantFrom("完全达成", "部分达成", "未达成") }),
  fc.record({ name: fc.constant("x"), weight: decimalText(20), score: decimalText(30) }),
  fc.record({
    name: fc.constant("x"),
    weight: decimalText(20),
    rule: fc.constant({ type: "deduction" }),
    deductions: fc.array(fc.record({ reason: fc.constant("r"), points: decimalText(10) }), { maxLength: 3 }),
  }),
  fc.record({
    name: fc.constant("x"),
    weight: decimalText(20),
    rule: fc.record({
      type: fc.constant("expert"),
      method: fc.constantFrom("mean", "trimmedMean"),
      scores: fc.array(fc.record({ expert: fc.constant("e"), score: decimalText(20) }), { minLength: 1, maxLength: 5 }),
    }),
  }),
);

/** A tree whose parents' weights are the sums of their children's. */
const treeArb: fc.Arbitrary<IndicatorInput> = fc.letrec<{ node: IndicatorInput }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.array(tie("node"), { minLength: 1, maxLength: 4 }).map((children) => ({
      name: "p",
      weight: sum(children.map((c) => dec(c.weight as string))).toFixed(),
      children: children.map((c, i) => ({ ...c, name: `${c.name}${i}` })),
    })),
  ),
})).node;

const forestArb = fc.array(treeArb, { minLength: 1, maxLength: 4 }).map((roots) => roots.map((r, i) => ({ ...r, name: `root${i}` })));

function walk(n: NodeResult, f: (n: NodeResult) => void): void {
  f(n);
  n.children.forEach((c) => walk(c, f));
}

test("0 ≤ score ≤ points at every node", () => {
  fc.assert(
    fc.property(forestArb, (roots) => {
      const r = scoreEvaluation(evaluationOf(roots));
      for (const root of r.roots) {
        walk(root, (n) => {
          assert.ok(n.score !== undefined);
          assert.ok(n.score.greaterThanOrEqualTo(ZERO), `${n.score} < 0`);
          assert.ok(n.score.lessThanOrEqualTo(n.weight), `${n.score} > ${n.weight}`);
        });
      }
    }),
    { numRuns: 300 },
  );
});

test("children's scores sum to the parent's; total = sum of level-1 scores", () => {
  fc.assert(
    fc.property(forestArb, (roots) => {
      const r = scoreEvaluation(evaluationOf(roots));
      for (const root of r.roots) {
        walk(root, (n) => {
          if (n.children.length > 0) assert.ok(n.score!.equals(sum(n.children.map((c) => c.score!))));
        });
      }
      assert.ok(r.total!.equals(sum(r.roots.map((x) => x.score!))));
    }),
    { numRuns: 300 },
  );
});

test("a better actual never lowers a score", () => {
  const pair = fc.tuple(decimalText(2000), decimalText(2000)).map(([a, b]) => (dec(a).lessThan(dec(b)) ? [a, b] : [b, a]));
  fc.assert(
    fc.property(decimalText(20), decimalText(1000), pair, (weight, target, [worse, better]) => {
      const up = (actual: string) => scoreOne({ weight, target: `≥${target}`, actual }).score!;
      assert.ok(up(better!).greaterThanOrEqualTo(up(worse!)));
      // 反向: smaller is better
      const down = (actual: string) => scoreOne({ weight, target: `≤${target}`, direction: "反向", actual }).score!;
      assert.ok(down(worse!).greaterThanOrEqualTo(down(better!)));
      // step deduction above a threshold: smaller is better
      const rule = { type: "step", threshold: target, deduct: "0.1" };
      const step = (actual: string) => scoreOne({ weight, actual, rule }).score!;
      assert.ok(step(worse!).greaterThanOrEqualTo(step(better!)));
    }),
    { numRuns: 300 },
  );
  const order = ["未达成", "部分达成", "完全达成"];
  for (let i = 1; i < order.length; i++) {
    assert.ok(scoreOne({ actual: order[i] }).score!.greaterThanOrEqualTo(scoreOne({ actual: order[i - 1] }).score!));
  }
});

test("the grade is monotone in the total", () => {
  const bands = PRESET_BANDS["cn-2020"];
  const rank = (g: string | undefined) => ["差", "中", "良", "优"].indexOf(g ?? "");
  fc.assert(
    fc.property(decimalText(100), decimalText(100), (a, b) => {
      const [lo, hi] = dec(a).lessThan(dec(b)) ? [a, b] : [b, a];
      assert.ok(rank(gradeFor(dec(lo), bands)?.grade) <= rank(gradeFor(dec(hi), bands)?.grade));
      assert.ok(rank(gradeFor(dec(lo), bands)?.grade) >= 0);
    }),
    { numRuns: 1000 },
  );
});

test("weights generated as sums raise no weight diagnostics", async () => {
  const { checkEvaluation } = await import("../src/index.js");
  fc.assert(
    fc.property(forestArb, (roots) => {
      const d = checkEvaluation(evaluationOf(roots));
      assert.equal(d.filter((x) => x.code === "weight/children-sum").length, 0);
    }),
    { numRuns: 100 },
  );
});
