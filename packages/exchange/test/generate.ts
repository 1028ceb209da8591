/**
 * Property-generated evaluations (fast-check) for the export's recalculation test and the
 * benchmark: trees up to 4 levels, every rule the export writes as a formula (proportional
 * under each operator and direction, interval with and without steps, step deductions,
 * qualitative levels, deduction, direct, checklist and expert panels), deductions on leaves, not-applicable
 * nodes (rescaled parents and totals), scores given at parents, custom grade bands and weights
 * that do not add up to 100. Values have up to 2 decimals, as real forms print them.
 */
import fc from "fast-check";
import { type Evaluation, type EvaluationInput, EvaluationSchema, type IndicatorInput, dec, sum } from "@jixiao/engine";

const META = { title: "生成的评价", kind: "项目支出", fiscalYear: 2024, subject: "测试单位", evaluationType: "第三方" } as const;

/** A decimal in [0, max] with up to `places` places, as text. */
const decimalText = (max: number, places = 2) =>
  fc.integer({ min: 0, max: max * 10 ** places }).map((n) =>
    dec(n)
      .dividedBy(10 ** places)
      .toFixed(),
  );
const weightText = fc.integer({ min: 1, max: 200 }).map((n) => dec(n).dividedBy(10).toFixed());

const deductions = fc.option(
  fc.array(fc.record({ reason: fc.constant("扣分"), points: decimalText(3, 1) }), { minLength: 1, maxLength: 2 }),
  { nil: undefined, freq: 4 },
);
const partial = fc.option(fc.constantFrom("exact" as const, "ceil" as const, "floor" as const), { nil: undefined });

const leafBody: fc.Arbitrary<Omit<IndicatorInput, "name" | "weight">> = fc.oneof(
  fc.record({
    target: fc.tuple(fc.constantFrom("≥", "≤", "=", ">", "<", ""), decimalText(500)).map(([op, v]) => `${op}${v}`),
    actual: decimalText(800),
    direction: fc.option(fc.constantFrom("正向", "反向"), { nil: undefined }),
    deductions,
  }),
  fc.record({
    target: fc.tuple(fc.constantFrom("≥", "≤"), decimalText(100)).map(([op, v]) => `${op}${v}%`),
    actual: decimalText(150),
    deductions,
  }),
  fc.record({
    target: fc.tuple(decimalText(90, 0), decimalText(60, 0)).map(([lo, d]) => `${lo}%-${dec(lo).plus(d).toFixed()}%`),
    actual: decimalText(200),
    rule: fc.oneof(
      fc.constant({ type: "interval" as const }),
      fc.record({
        type: fc.constant("interval" as const),
        deductionPerStep: decimalText(2, 2),
        step: fc.constantFrom("1", "0.5", "0.1", "2"),
        partial,
      }),
    ),
    deductions,
  }),
  fc.record({
    actual: decimalText(200),
    rule: fc.record({
      type: fc.constant("step" as const),
      threshold: decimalText(100),
      step: fc.constantFrom("1", "0.1", "0.5", "3"),
      deduct: decimalText(2, 2),
      when: fc.constantFrom("above" as const, "below" as const),
      partial,
    }),
    deductions,
  }),
  fc.record({
    actual: fc.constantFrom("完全达成", "部分达成", "未达成", "基本达成", "已完成", "无此档"),
    target: fc.constant("设定科学合理"),
    deductions,
  }),
  fc.record({ actual: fc.constant("设定科学合理"), target: fc.constant("设定科学合理") }),
  fc.record({
    actual: fc.constantFrom("优", "良", "差"),
    rule: fc.record({ type: fc.constant("qualitative" as const), levels: fc.constant({ 优: "1", 良: "0.85", 差: "0.35" }) }),
  }),
  fc.record({ score: decimalText(25) }),
  fc.record({
    rule: fc.constant({ type: "deduction" as const }),
    deductions: fc.array(fc.record({ reason: fc.constant("问题"), points: decimalText(5, 2) }), { maxLength: 3 }),
  }),
  fc.record({
    rule: fc.record({
      type: fc.constant("checklist" as const),
      mode: fc.constantFrom("award" as const, "deduct" as const),
      items: fc.array(fc.record({ name: fc.constant("制度"), points: decimalText(4, 1), met: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  }),
  fc.record({
    rule: fc.record({
      type: fc.constant("expert" as const),
      method: fc.constantFrom("mean" as const, "trimmedMean" as const),
      scores: fc.array(fc.record({ expert: fc.constant("专家"), score: decimalText(20) }), { minLength: 1, maxLength: 5 }),
    }),
  }),
  fc.record({ target: fc.constant("≥90%") }),
);

const leafArb: fc.Arbitrary<IndicatorInput> = fc
  .record({ weight: weightText, body: leafBody, na: fc.integer({ min: 0, max: 11 }).map((n) => n === 0) })
  .map(({ weight, body, na }) => ({ name: "指标", weight, ...body, ...(na ? { notApplicable: true } : {}) }));

const treeArb = (depth: number): fc.Arbitrary<IndicatorInput> =>
  depth <= 1
    ? leafArb
    : fc.oneof(
        { weight: 1, arbitrary: leafArb },
        {
          weight: 3,
          arbitrary: fc
            .record({
              children: fc.array(treeArb(depth - 1), { minLength: 1, maxLength: 4 }),
              direct: fc.option(decimalText(30), { nil: undefined, freq: 6 }),
            })
            .map(({ children, direct }) => ({
              name: "分组",
              weight: sum(children.map((c) => dec(c.weight as string))).toFixed(),
              children: children.map((c, i) => ({ ...c, name: `${c.name}${i + 1}` })),
              ...(direct !== undefined ? { score: direct } : {}),
            })),
        },
      );

const CUSTOM_BANDS: Array<{ grade: string; min: number; max: number; maxInclusive?: boolean }> = [
  { grade: "A", min: 85, max: 100, maxInclusive: true },
  { grade: "B", min: 70, max: 85 },
  { grade: "C", min: 0, max: 70 },
];
const bandsArb = fc.option(fc.constant(CUSTOM_BANDS), { nil: undefined, freq: 3 });

export const evaluationInputArb: fc.Arbitrary<EvaluationInput> = fc
  .record({ roots: fc.array(treeArb(4), { minLength: 1, maxLength: 5 }), bands: bandsArb })
  .map(({ roots, bands }) => ({
    schemaVersion: 1 as const,
    meta: META,
    ...(bands ? { scheme: { preset: "cn-2020" as const, bands } } : {}),
    indicators: roots.map((r, i) => ({ ...r, id: String.fromCharCode(65 + i), name: `一级${i + 1}` })),
  }));

/** `n` evaluations from a fixed seed (the same list on every run). */
export function generatedEvaluations(n: number, seed = 20261201): Evaluation[] {
  return fc.sample(evaluationInputArb, { numRuns: n, seed }).map((x) => EvaluationSchema.parse(x));
}
