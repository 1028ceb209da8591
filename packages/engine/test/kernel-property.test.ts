/**
 * Property test of the compiled kernel (kernel.ts, kernel-read.ts): on a few thousand generated
 * evaluations — every rule of rules.ts, shared templates, exact band boundaries, zero targets,
 * unscored leaves, not-applicable nodes, partial totals, qualitative words, values with too many
 * places — the kernel gives exactly the reference's figures: every node's score, partial score,
 * unscored count and not-applicable flag, the total, partial total, per-100 score and grade, and
 * every diagnostic of the checks, in order. Seeded: the same evaluations on every run
 * (KERNEL_SEED and KERNEL_N to explore others).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Evaluation,
  type EvaluationInput,
  EvaluationSchema,
  type FastScore,
  type IndicatorInput,
  type ScoreResult,
  TreeCache,
  checkEvaluation,
  checkFast,
  scoreEvaluation,
  scoreFast,
  scoreDocument,
  seededRandom,
} from "../src/index.js";

const SEED = Number(process.env["KERNEL_SEED"] ?? 20240614);
const N = Number(process.env["KERNEL_N"] ?? 3000);

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rnd, p: number): boolean => r() < p;

/** A decimal text with up to `places` places in [0, max]. */
function decimal(r: Rnd, max: number, places = 2): string {
  const scale = 10 ** places;
  const n = Math.floor(r() * (max * scale + 1));
  return (n / scale).toFixed(places).replace(/\.?0+$/, "") || "0";
}

const WEIGHTS = ["2", "2.5", "3.333", "1.25", "0", "10", "5", "7.5", "0.125", "4"];
const LEVEL_WORDS = ["完全达成", "部分达成", "未达成", "达成预期指标", "基本完成", "未完成", "良好", "0", "合规", " 完全达成 "];

/** One leaf of a template: what stays fixed across its evaluations, and how its values vary. */
interface LeafTemplate {
  fixed: IndicatorInput;
  /** `clean`: a figure (or level) as a form would have it, so that most evaluations are fully scored. */
  values: (r: Rnd, clean: boolean) => Partial<IndicatorInput>;
}

/** An actual near `target`: equal, around, zero, with many places, as text with a unit … */
function actualNear(r: Rnd, target: number, clean: boolean, unit = ""): unknown {
  const x = clean ? 0.1 + r() * 0.9 : r();
  if (clean && x < 0.4) return x < 0.2 ? target : Math.floor(target * (0.6 + r() * 0.8));
  if (x < 0.08) return undefined; // not yet known: unscored
  if (x < 0.2) return target; // exactly on the target
  if (x < 0.26) return 0;
  if (x < 0.3) return -Math.floor(r() * 10);
  if (x < 0.34) return `${target}${unit || "%"}`; // written with a unit
  if (x < 0.37) return (target * (0.5 + r())).toFixed(8); // too many places for the kernel
  if (x < 0.4) return pick(r, LEVEL_WORDS);
  if (x < 0.7) return Math.round(target * (0.5 + r()) * 100) / 100;
  return Math.floor(target * (0.6 + r() * 0.8));
}

function leafTemplate(r: Rnd, i: number, weight: string): LeafTemplate {
  const name = pick(r, [`指标${i}`, `成本${i}`, `投诉率${i}`, `时间${i}`, `满意度${i}`, "小计", `指标${i}`]);
  const base = { name, weight };
  const kind = Math.floor(r() * 13);
  const target = pick(r, [0, 1, 3, 7, 50, 95, 100, 120, 1000, 20000]);
  switch (kind) {
    case 0:
    case 1: {
      const op = pick(r, ["≥", ">", "≤", "<", "=", "", "不低于", "≥", "≤"]);
      const unit = pick(r, ["", "", "%", "件", "万元"]);
      const fixed: IndicatorInput = { ...base, target: `${op}${target}${unit === "%" ? "%" : ""}` };
      if (unit !== "" && unit !== "%") fixed.unit = unit;
      if (chance(r, 0.3)) fixed.direction = pick(r, ["正向", "反向"]);
      if (chance(r, 0.3)) fixed.rule = { type: "proportional" };
      if (chance(r, 0.05)) fixed.unit = "人"; // a unit column that conflicts with a "%" target
      return { fixed, values: (r, clean) => ({ actual: actualNear(r, target, clean, unit) }) as Partial<IndicatorInput> };
    }
    case 2:
    case 3: {
      const lo = pick(r, [0, 80, 90, 95, 60]);
      const hi = lo + pick(r, [0, 10, 20, 40]);
      const pct = chance(r, 0.5);
      const fixed: IndicatorInput = { ...base, target: `${lo}${pct ? "%" : ""}-${hi}${pct ? "%" : ""}` };
      if (pct && chance(r, 0.5)) fixed.unit = "%";
      const ruleRoll = r();
      if (ruleRoll < 0.6)
        fixed.rule = {
          type: "interval",
          deductionPerStep: pick(r, ["0.1", "0.5", "0.25", "1", "0.0075", "0"]),
          ...(chance(r, 0.6) ? { step: pick(r, ["1", "0.3", "2", "0.5", "3", "0.7"]) } : {}),
          ...(chance(r, 0.6) ? { partial: pick(r, ["exact", "ceil", "floor"]) } : {}),
        };
      else if (ruleRoll < 0.8) fixed.rule = { type: "interval" };
      return {
        fixed,
        values: (r, clean) =>
          ({ actual: actualNear(r, pick(r, [lo, hi, (lo + hi) / 2, lo - 7, hi + 13]), clean) }) as Partial<IndicatorInput>,
      };
    }
    case 4:
    case 5: {
      const threshold = pick(r, [100, 95, 0, 3, 50]);
      const when = pick(r, ["above", "below"] as const);
      const fixed: IndicatorInput = {
        ...base,
        rule: {
          type: "step",
          threshold,
          deduct: pick(r, ["0.1", "0.5", "1", "0.015", "2"]),
          when,
          ...(chance(r, 0.5) ? { step: pick(r, ["1", "0.3", "5", "2"]) } : {}),
          ...(chance(r, 0.5) ? { partial: pick(r, ["exact", "ceil", "floor"]) } : {}),
        },
      };
      if (chance(r, 0.4)) fixed.target = pick(r, [`≥${threshold}`, `≤${threshold}`, `${threshold}`, "按时完成"]);
      return { fixed, values: (r, clean) => ({ actual: actualNear(r, threshold, clean) }) as Partial<IndicatorInput> };
    }
    case 6:
    case 7: {
      const fixed: IndicatorInput = { ...base };
      const t = r();
      if (t < 0.4) fixed.target = pick(r, ["规范", "设定科学合理", "按时", "12月底前"]);
      if (chance(r, 0.3)) fixed.rule = { type: "qualitative" };
      if (chance(r, 0.2)) fixed.rule = { type: "qualitative", levels: { 优: "1", 良: "0.8", 中: "0.6", 差: "0" } };
      return {
        fixed,
        values: (r, clean) => {
          const custom = (fixed.rule as { levels?: unknown } | undefined)?.levels !== undefined;
          if (clean) return { actual: custom ? pick(r, ["优", "良", "中", "差"]) : pick(r, ["完全达成", "部分达成", "未达成"]) };
          const x = r();
          if (x < 0.08) return {};
          if (x < 0.7) return { actual: pick(r, ["完全达成", "部分达成", "未达成", "优", "良", "中"]) };
          if (x < 0.8) return { actual: pick(r, LEVEL_WORDS) };
          if (x < 0.85) return { actual: pick(r, ["2021年11月30日", "12月"]) };
          return { actual: pick(r, [0, 1, 95]) };
        },
      };
    }
    case 8: {
      const mode = pick(r, ["award", "deduct"] as const);
      const items = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, j) => ({
        name: `项${j}`,
        points: pick(r, ["1", "0.5", "2.25", "0.333"]),
        ...(chance(r, 0.9) ? { met: chance(r, 0.6) } : {}),
      }));
      return { fixed: { ...base, rule: { type: "checklist", mode, items } }, values: () => ({}) };
    }
    case 9:
      return {
        fixed: { ...base, rule: { type: "deduction" } },
        values: (r) => (chance(r, 0.7) ? { deductions: [{ reason: "问题", points: decimal(r, 3, 3) }] } : {}),
      };
    case 10: {
      const method = pick(r, ["mean", "trimmedMean", "median"] as const);
      const scores = Array.from({ length: Math.floor(r() * 6) }, (_, j) => ({ expert: `专家${j}`, score: decimal(r, 12, 2) }));
      return { fixed: { ...base, rule: { type: "expert", method, scores, ...(chance(r, 0.3) ? { trim: 2 } : {}) } }, values: () => ({}) };
    }
    case 11: {
      const fixed: IndicatorInput = { ...base, score: decimal(r, 12, 3) };
      if (chance(r, 0.3)) fixed.target = `≥${target}`;
      return { fixed, values: (r, clean) => (chance(r, 0.5) ? { actual: actualNear(r, target, clean) } : {}) as Partial<IndicatorInput> };
    }
    default: {
      if (chance(r, 0.5))
        return {
          fixed: { ...base, target: `≥${target}`, rule: { type: "formula", expression: "min(actual / target, 1) * points" } },
          values: (r, clean) => ({ actual: actualNear(r, target, clean) }) as Partial<IndicatorInput>,
        };
      return { fixed: { ...base, target: `≥${target}`, formula: "staff.quota * 2" }, values: () => ({}) };
    }
  }
}

interface Template {
  build: (r: Rnd) => EvaluationInput;
}

/** A template: a tree of fixed shape; each evaluation fills in its own actuals and deductions. */
function template(r: Rnd, t: number): Template {
  const leaves: LeafTemplate[] = [];
  const roots = 1 + Math.floor(r() * 4);
  const preset = pick(r, ["cn-2020", "cn-2020", "cn-2020", "part"] as const);
  const scheme: Record<string, unknown> = { preset };
  if (chance(r, 0.15)) scheme["qualitativeLevels"] = { 完全达成: "1", 部分达成: "0.7", 基本达成: "0.45", 未达成: "0" };
  if (chance(r, 0.1))
    scheme["bands"] = [
      { grade: "甲", min: "80.005", max: "100", maxInclusive: true },
      { grade: "乙", min: "0", max: "80.005" },
    ];
  if (chance(r, 0.1)) scheme["qualitativeWords"] = { 完全达成: ["合规"] };
  type Shape = { fixed: Omit<IndicatorInput, "children">; children?: Shape[]; leaf?: LeafTemplate };
  let leafNo = 0;
  const node = (depth: number): Shape => {
    const isLeaf = depth >= 3 || (depth >= 2 && chance(r, 0.6)) || (depth === 1 && chance(r, 0.1));
    if (isLeaf) {
      const lt = leafTemplate(r, leafNo++, pick(r, WEIGHTS));
      leaves.push(lt);
      const fixed = { ...lt.fixed };
      if (chance(r, 0.05)) fixed.notApplicable = true;
      if (preset === "part" && chance(r, 0.05)) fixed.evidenceMissing = true;
      if (chance(r, 0.03)) delete fixed.weight;
      return { fixed, leaf: lt };
    }
    const children = Array.from({ length: 1 + Math.floor(r() * 5) }, () => node(depth + 1));
    const sum = children.reduce((s, c) => s + Number(c.fixed.weight ?? 0), 0);
    const fixed: Omit<IndicatorInput, "children"> = {
      name: pick(r, ["决策", "过程", "产出", "效益", "合计", "决策"]),
      weight: chance(r, 0.85) ? String(Math.round(sum * 1000) / 1000) : pick(r, WEIGHTS),
    };
    if (chance(r, 0.3)) fixed.id = pick(r, ["a", "b", "c", `n${t}`]);
    if (chance(r, 0.04)) fixed.notApplicable = true;
    if (chance(r, 0.03)) fixed.score = decimal(r, 30, 2); // entered at a parent: the reference path
    return { fixed, children };
  };
  const tree = Array.from({ length: roots }, () => node(1));
  // Level-1 weights scaled to 100 most of the time (then the grade reads the total as it is).
  const fill = (s: Shape, r: Rnd, clean: boolean): IndicatorInput => {
    const out: IndicatorInput = { ...(s.fixed as IndicatorInput) };
    if (s.leaf) Object.assign(out, s.leaf.values(r, clean));
    if (s.children) out.children = s.children.map((c) => fill(c, r, clean));
    return out;
  };
  return {
    build: (r) => ({
      schemaVersion: 1,
      meta: { title: `模板 ${t}`, kind: "项目支出", fiscalYear: 2024, subject: "测试单位", evaluationType: "第三方" },
      scheme,
      indicators: ((clean) => tree.map((s) => fill(s, r, clean)))(chance(r, 0.6)),
    }),
  };
}

/** Totals exactly on the band boundaries: one level-1 indicator of 100 points, scored by a level. */
function boundary(r: Rnd, preset: "cn-2020" | "part"): EvaluationInput {
  const fraction = pick(r, ["0.9", "0.8", "0.6", "0.85", "0.7", "0.5", "0.8999", "0.59995", "1", "0"]);
  return {
    schemaVersion: 1,
    meta: { title: "边界", kind: "项目支出", fiscalYear: 2024, subject: "测试单位", evaluationType: "第三方" },
    scheme: { preset },
    indicators: [
      {
        name: "总",
        weight: 100,
        children: [{ name: "档", weight: 100, rule: { type: "qualitative", levels: { 档: fraction, 零: "0" } }, actual: "档" }],
      },
    ],
  };
}

function cents(d: { toFixed(n: number): string } | undefined): number {
  return d === undefined ? NaN : Number(d.toFixed(2).replace(".", ""));
}

/** Compare the kernel's result with the reference's, figure by figure; a message naming the first difference. */
function compare(label: string, f: FastScore, s: ScoreResult): void {
  assert.equal(f.names.length, s.all.length, `${label}: node count`);
  s.all.forEach((n, i) => {
    const where = `${label}: node ${i} ${n.trail.join(" › ")}`;
    assert.deepEqual(
      [f.scores[i], f.partial[i], f.unscored[i], f.notApplicable[i]],
      [cents(n.score), cents(n.partialScore), n.unscored, n.notApplicable ? 1 : 0],
      where,
    );
    assert.deepEqual(f.diagnostics[i] ?? [], n.diagnostics, `${where}: diagnostics`);
  });
  assert.equal(f.total, s.total === undefined ? undefined : cents(s.total), `${label}: total`);
  assert.equal(f.partialTotal, s.partialTotal === undefined ? undefined : cents(s.partialTotal), `${label}: partialTotal`);
  assert.equal(f.gradedOn, s.gradedOn === undefined ? undefined : cents(s.gradedOn), `${label}: gradedOn`);
  assert.equal(f.grade, s.grade, `${label}: grade`);
  assert.equal(f.unscoredLeaves, s.unscored, `${label}: unscored`);
}

test("the kernel gives the reference's scores, totals, grades and check diagnostics on generated evaluations", () => {
  const r = seededRandom(SEED);
  const templates = Array.from({ length: 80 }, (_, t) => template(r, t));
  const cache = new TreeCache();
  const stats = { kernel: 0, reference: 0, invalid: 0, graded: 0, partial: 0, leafFallbacks: 0, raw: 0, diagnostics: 0 };
  for (let i = 0; i < N; i++) {
    const input = i % 25 === 0 ? boundary(r, i % 50 === 0 ? "cn-2020" : "part") : pick(r, templates).build(r);
    const parsed = EvaluationSchema.safeParse(input);
    if (!parsed.success) {
      stats.invalid++;
      assert.equal(scoreDocument(input), undefined, `#${i}: an invalid document is left to the schema`);
      continue;
    }
    const e: Evaluation = parsed.data;
    const s = scoreEvaluation(e);
    const f = scoreFast(e, cache);
    compare(`#${i}`, f, s);
    assert.deepEqual(checkFast(e, f), checkEvaluation(e, s), `#${i}: check diagnostics`);
    stats[f.path]++;
    stats.leafFallbacks += f.leafFallbacks;
    if (s.grade) stats.graded++;
    if (s.partialTotal) stats.partial++;
    stats.diagnostics += checkEvaluation(e, s).length;
    // The document read without the schema's decimals, when the kernel takes it whole.
    const doc = scoreDocument(input);
    if (doc) {
      stats.raw++;
      compare(`#${i} (document)`, doc.score, s);
      assert.equal(doc.title, e.meta.title);
      const checked = checkFast(e, doc.score);
      assert.deepEqual(checked, checkEvaluation(e, s), `#${i} (document): check diagnostics`);
    }
  }
  console.log(`kernel property: ${JSON.stringify(stats)}; ${cache.size} compiled shapes`);
  // The generator reaches what it is meant to: most evaluations through the kernel, some fallbacks, partial totals, grades.
  assert.ok(stats.kernel > N * 0.5, "most evaluations are scored by the kernel");
  assert.ok(stats.reference > 0 && stats.leafFallbacks > 0 && stats.partial > 0 && stats.graded > 0 && stats.raw > N * 0.15);
});

test("the kernel is exact where binary floats are not, and on the documented rounding rule", () => {
  const e = (weight: string, target: string, actual: number | string, rule?: Record<string, unknown>): Evaluation =>
    EvaluationSchema.parse({
      schemaVersion: 1,
      meta: { title: "t", kind: "项目支出", fiscalYear: 2024, subject: "s", evaluationType: "第三方" },
      indicators: [{ name: "x", weight, target, actual, ...(rule ? { rule } : {}) }],
    });
  // 1.005 × 10 ÷ 10 = 1.005 → 1.01 half-up (a float gives 1.00).
  const tie = scoreFast(e("1.005", "≥10", 10));
  assert.equal(tie.path, "kernel");
  assert.equal(tie.total, 101);
  // 7 of 9 × 10 points = 7.777… → 7.78.
  assert.equal(scoreFast(e("10", "≥9", 7)).total, 778);
  // A product beyond 2^53: 999,999,999 × 99.999999 points ÷ 1,000,000,000 — BigInt, still exact.
  const big = scoreFast(e("99.999999", "≥1000000000", 999999999));
  assert.equal(big.path, "kernel");
  assert.equal(big.total, cents(scoreEvaluation(e("99.999999", "≥1000000000", 999999999)).total));
});
