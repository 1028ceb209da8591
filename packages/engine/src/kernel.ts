/**
 * The compiled exact kernel: scoring (and checking) many evaluations that share a template, as
 * fast as plain number loops, with exactly the reference path's results.
 *
 * `scoreEvaluation` / `checkEvaluation` (decimal.js) stay the reference. The kernel compiles the
 * shape of an indicator tree once — weights, rules, targets, directions and units as scaled
 * integers (value × 10^6, see scaled.ts) — and keeps it in a cache keyed by a structural
 * fingerprint, so every evaluation of the same template reuses it. Per evaluation only the
 * actual values and deductions are read.
 *
 * Exact by construction: every leaf score is (a·b − c·d − e·f) ÷ (g·h) of integers, rounded
 * half-up to 2 places once, after clamping to [0, points] — the reference's rule at the
 * reference's points (rules.ts `done`, score.ts `rollUp`: parents add their children's rounded
 * scores, a rescaled parent and the total are rounded once more, grades read the per-100 score).
 * Integer products are doubles while below 2^52, BigInt above.
 *
 * What falls back to the reference, for one leaf (scoreLeaf) or the whole evaluation:
 *  - a leaf the kernel does not prove exact or that the reference would give a diagnostic: a
 *    formula or expression, no rule, a missing or unreadable actual, an actual written as text
 *    other than a level name ("98%", "达成预期指标", a date), a unit conversion or conflict, a
 *    deadline target, a zero or negative denominator, a step or interval whose steps do not
 *    divide within 6 places, a step rule against its target, a direct score outside [0, points],
 *    an expert panel with a diagnostic, an open checklist;
 *  - the whole evaluation: a figure with more than 6 decimals or beyond 10^9, a score given at a
 *    parent, the PEFA ordinal preset;
 *  - the checks of an evaluation with stated figures, organisation, funds, outcomes, external
 *    assessments or direct scores (checkFast runs checkEvaluation on the reference result).
 */
import { type Decimal, ZERO, dec, plain } from "./exact.js";
import { type Band, PART_NOT_DEMONSTRATED, bandsFor } from "./grading.js";
import { type Diagnostic, type Severity, checkEvaluation, indicatorSubject, makeDiagnostic } from "./checks.js";
import type { MessageKey, MessageParams } from "./messages.js";
import type { Evaluation, Indicator, Rule } from "./model.js";
import { canonicalUnit, convertible, normalise } from "./quantity.js";
import { DEFAULT_QUALITATIVE_LEVELS, type LeafContext, type LeafDiagnostic, defaultRule, scoreLeaf } from "./rules.js";
import { SCALE, centsText, divMod, roundDiv, safe, scaledOfDecimal } from "./scaled.js";
import { type ModelPath, type ScoreResult, leafContextOf, scoreEvaluation } from "./score.js";
import { type Direction, type Target, effectiveOp, impliedDirection, isNumericTarget } from "./target.js";

export { centsText } from "./scaled.js";

/** Cents per scaled unit: a scaled value ÷ 10^4 is in cents. */
const TO_CENTS = SCALE / 100;

type Op = "gte" | "gt" | "lte" | "lt" | "eq" | "between";

/** How one leaf is scored. Values are scaled integers (× 10^6). */
type Plan =
  | { kind: "fallback" }
  | { kind: "proportional"; op: Op; target: number; lo: number; hi: number }
  | { kind: "interval"; lo: number; hi: number; perStep?: number; step: number; partial?: "exact" | "ceil" | "floor" }
  | {
      kind: "step";
      threshold: number;
      step: number;
      deduct: number;
      above: boolean;
      partial?: "exact" | "ceil" | "floor";
      /** The target's comparison (after the direction), when it has a numeric one. */
      op?: Op;
      lo: number;
      hi: number;
      target: number;
    }
  /** 定性分档: level name → fraction (scaled); the actual must be one of the names. */
  | { kind: "qualitative"; levels: ReadonlyMap<string, number> }
  /** A raw value fixed by the template (扣分制 points, a checklist, an expert panel): num ÷ den, scaled. */
  | { kind: "constant"; num: number; den: number }
  | { kind: "direct" };

/** One node of a compiled tree (depth first: the order of ScoreResult.all). */
interface KNode {
  parent: number;
  children: number[];
  name: string;
  /** Scaled weight (0 when missing). */
  weight: number;
  hasWeight: boolean;
  notApplicable: boolean;
  evidenceMissing: boolean;
  /** Has a target (for the subtotal check: a measured row is not a subtotal). */
  hasTarget: boolean;
  plan?: Plan;
  path: ModelPath;
  trail: string[];
  /** plain(weight), for diagnostics. */
  weightText: string;
}

/** A step of the compiled check: a diagnostic fixed by the shape, or one that depends on the scores. */
type CheckStep =
  | { kind: "static"; diagnostic: Diagnostic }
  | { kind: "leaf"; node: number }
  | { kind: "subtotal"; siblings: number[]; named: boolean[] }
  | { kind: "partial" };

/**
 * The compiled shape of an indicator tree and its grading: shared by every evaluation of the same
 * template (same structure, weights, rules, targets, units, scheme). Opaque outside the engine.
 */
export interface CompiledTree {
  readonly nodes: readonly KNode[];
  readonly roots: readonly number[];
  /** False: the kernel cannot score this shape; every evaluation takes the reference path. */
  readonly exact: boolean;
  /** The kernel's check program, undefined when checks take the reference path. */
  readonly check?: readonly CheckStep[];
  readonly weightTotal: number;
  readonly bands: ReadonlyArray<{ grade: string; min: number; max: number; maxInclusive: boolean }>;
  readonly part: boolean;
  readonly leafIndices: readonly number[];
}

/**
 * The kernel's result: every node's score and the total and grade, equal to scoreEvaluation's
 * (the property test kernel-property.test.ts holds it to that), without explanations.
 * Scores are integer cents (hundredths of a point): `centsText(total)` prints as formatScore.
 */
export interface FastScore {
  /** "kernel": computed by the compiled kernel; "reference": by scoreEvaluation (see `reference`). */
  path: "kernel" | "reference";
  /** Node names, depth first (ScoreResult.all's order). */
  names: readonly string[];
  /** Indices of the level-1 nodes. */
  roots: readonly number[];
  /** Each node's score in cents; NaN when it has none (not scored, not applicable, ordinal). */
  scores: Float64Array;
  /** What is scored so far under a node with unscored leaves (部分合计), cents; NaN otherwise. */
  partial: Float64Array;
  /** Leaves not scored at or below each node. */
  unscored: Int32Array;
  /** Not applicable (given, or every child is). */
  notApplicable: Uint8Array;
  /** Cents; undefined when a leaf is not scored (then `partialTotal`) or for ordinal schemes. */
  total?: number;
  partialTotal?: number;
  /** Leaves not scored in the whole tree. */
  unscoredLeaves: number;
  /** The per-100 score the grade is read from, cents. */
  gradedOn?: number;
  grade?: string;
  /** Scoring diagnostics by node (leaves the reference scored for the kernel, or every node on the reference path). */
  diagnostics: ReadonlyArray<readonly LeafDiagnostic[] | undefined>;
  /** Counts of those diagnostics. */
  errors: number;
  warnings: number;
  /** Leaves the kernel left to the reference's scoreLeaf (0 on the reference path). */
  leafFallbacks: number;
  /** The reference result, when `path` is "reference". */
  reference?: ScoreResult;
}

interface Run {
  tree: CompiledTree;
  /** Whether each node has an actual (the subtotal check: a measured row is not a subtotal). */
  measured: Uint8Array;
}
const runs = new WeakMap<FastScore, Run>();

// ── per-evaluation values ──────────────────────────────────────────────────────────────────

/** The values of one evaluation the kernel reads, by node index. */
export interface KernelValues {
  /** 0 none, 1 a number (actualNum, scaled), 2 a text (actualText), 3 a number beyond the scale. */
  actualKind: ArrayLike<number>;
  actualNum: ArrayLike<number>;
  actualText: ReadonlyArray<string | undefined>;
  /** Sum of the deductions listed on the node, scaled (0 when none); NaN: not representable. */
  deductions: ArrayLike<number>;
  /** A direct score (scaled) where the node has one; NaN when none or not representable. */
  score: ArrayLike<number>;
}

function emptyValues(n: number): {
  actualKind: Uint8Array;
  actualNum: Float64Array;
  actualText: Array<string | undefined>;
  deductions: Float64Array;
  score: Float64Array;
} {
  return {
    actualKind: new Uint8Array(n),
    actualNum: new Float64Array(n),
    actualText: new Array<string | undefined>(n),
    deductions: new Float64Array(n),
    score: new Float64Array(n).fill(NaN),
  };
}

/** The values of an evaluation's nodes (depth first). */
function valuesOf(e: Evaluation, n: number): KernelValues {
  const v = emptyValues(n);
  let i = 0;
  const walk = (node: Indicator): void => {
    const k = i++;
    const a = node.actual;
    if (a !== undefined) {
      if (typeof a === "string") {
        v.actualKind[k] = 2;
        v.actualText[k] = a;
      } else {
        // A figure beyond the scale (more than 6 places, 10^9 or more): its leaf goes to the reference.
        const s = scaledOfDecimal(a);
        v.actualKind[k] = Number.isNaN(s) ? 3 : 1;
        v.actualNum[k] = s;
      }
    }
    const ds = node.deductions;
    if (ds !== undefined && ds.length > 0) {
      let d = 0;
      for (const x of ds) d += scaledOfDecimal(x.points);
      v.deductions[k] = safe(d) ? d : NaN;
    }
    if (node.score !== undefined) v.score[k] = scaledOfDecimal(node.score);
    const kids = node.children;
    if (kids) for (const c of kids) walk(c);
  };
  for (const r of e.indicators) walk(r);
  return v;
}

// ── compiling a shape ──────────────────────────────────────────────────────────────────────

const dText = (d: Decimal | undefined): string => (d === undefined ? "" : d.toString());

function targetKey(t: Target | undefined): string {
  if (t === undefined) return "";
  const dl = t.deadline ? `${t.deadline.year ?? ""}/${t.deadline.month}/${t.deadline.day ?? ""}` : "";
  return `${t.op}|${t.text.length}:${t.text}|${t.unit}|${t.implicit ? 1 : 0}|${t.percent ? 1 : 0}|${dText(t.value)}|${dText(t.min)}|${dText(t.max)}|${dl}`;
}

function ruleKey(r: Rule | undefined): string {
  if (r === undefined) return "";
  switch (r.type) {
    case "proportional":
    case "deduction":
    case "direct":
      return r.type;
    case "interval":
      return `interval|${dText(r.deductionPerStep)}|${dText(r.step)}|${r.partial ?? ""}`;
    case "step":
      return `step|${dText(r.threshold)}|${dText(r.step)}|${dText(r.deduct)}|${r.when}|${r.partial ?? ""}`;
    default:
      return JSON.stringify(r);
  }
}

const str = (s: string | undefined): string => (s === undefined ? "~" : `${s.length}:${s}`);

/**
 * The structural fingerprint of an evaluation: two evaluations with the same fingerprint score
 * with the same compiled tree (everything but actual values, deductions and texts that do not
 * score). Injective on what it covers: texts are length-prefixed.
 */
export function fingerprintOf(e: Evaluation): string {
  let out = "";
  const walk = (n: Indicator): void => {
    out += `{${str(n.id)}${str(n.name)}${dText(n.weight)}|${targetKey(n.target)}|${str(n.unit)}${n.direction ?? ""}|${ruleKey(n.rule)}|`;
    out += `${n.notApplicable ? 1 : 0}${n.evidenceMissing ? 1 : 0}${n.aggregation ?? ""}${n.grade ?? ""}|${str(n.formula)}${n.inputs ? "i" : ""}${n.stated ? "s" : ""}|${dText(n.score)}|`;
    // A leaf without rule and target takes its rule from its values (defaultRule).
    if (!n.rule && !n.target && n.score === undefined)
      out += `${typeof n.actual === "string" ? "t" : ""}${(n.deductions?.length ?? 0) > 0 ? "d" : ""}`;
    if (n.children) for (const c of n.children) walk(c);
    out += "}";
  };
  for (const r of e.indicators) walk(r);
  const flags = [e.organisation, e.funds, e.outcomes, e.externalAssessments, e.figures, e.stated]
    .map((x) => (x === undefined ? 0 : 1))
    .join("");
  return `${flags}|${e.scheme ? JSON.stringify(e.scheme) : ""}|${out}`;
}

/** Which op a target compares with once the direction is applied; undefined for a non-numeric one. */
function opOf(t: Target, direction: Direction): Op | undefined {
  const op = effectiveOp(t, direction);
  return op === "deadline" || op === "qualitative" ? undefined : op;
}

function leafPlan(node: Indicator, points: number, levelsOfFile: Readonly<Record<string, Decimal>> | undefined): Plan {
  const fallback: Plan = { kind: "fallback" };
  if (node.formula !== undefined) return fallback;
  const rule = defaultRule(node);
  if (!rule) return fallback;
  const t = node.target;
  const direction = t ? (node.direction ?? impliedDirection(t, node.name)) : "正向";
  const S = (d: Decimal | undefined): number => (d === undefined ? NaN : scaledOfDecimal(d));
  switch (rule.type) {
    case "formula":
      return fallback;
    case "direct":
      return { kind: "direct" };
    case "deduction":
      return { kind: "constant", num: points, den: 1 };
    case "checklist": {
      if (rule.items.some((i) => i.met === undefined)) return fallback;
      let got = 0;
      for (const i of rule.items) if (rule.mode === "award" ? i.met : !i.met) got += S(i.points);
      const raw = rule.mode === "award" ? got : points - got;
      return safe(raw) && !Number.isNaN(raw) ? { kind: "constant", num: raw, den: 1 } : fallback;
    }
    case "expert": {
      const scores = rule.scores.map((s) => S(s.score));
      if (scores.length === 0 || scores.some((s) => Number.isNaN(s) || s < 0 || s > points)) return fallback;
      const sorted = [...scores].sort((a, b) => a - b);
      let num: number;
      let den: number;
      if (rule.method === "median") {
        const mid = Math.floor(sorted.length / 2);
        [num, den] = sorted.length % 2 === 1 ? [sorted[mid]!, 1] : [sorted[mid - 1]! + sorted[mid]!, 2];
      } else if (rule.method === "trimmedMean") {
        if (scores.length <= 2 * rule.trim) return fallback; // a warning: too few to trim
        const kept = sorted.slice(rule.trim, sorted.length - rule.trim);
        [num, den] = [kept.reduce((a, b) => a + b, 0), kept.length];
      } else [num, den] = [scores.reduce((a, b) => a + b, 0), scores.length];
      return safe(num) ? { kind: "constant", num, den } : fallback;
    }
    case "qualitative": {
      if (t?.op === "deadline") return fallback;
      const levels = rule.levels ?? levelsOfFile ?? DEFAULT_QUALITATIVE_LEVELS;
      const map = new Map<string, number>();
      for (const [name, f] of Object.entries(levels)) {
        const s = S(f);
        if (Number.isNaN(s)) return fallback;
        if (name === "__proto__") continue; // read through the prototype by the reference: left to it
        map.set(name, s);
      }
      return { kind: "qualitative", levels: map };
    }
    case "proportional":
    case "interval":
    case "step": {
      if (rule.type !== "step" && (!t || !isNumericTarget(t))) return fallback;
      // The target's unit against the unit column: a conflict is a diagnostic. (A numeric actual is
      // never converted: it is read in the target's unit.)
      const column = canonicalUnit(node.unit);
      if (t && t.unit !== "" && column !== "" && !convertible(t.unit, column)) return fallback;
      const op = t && isNumericTarget(t) ? opOf(t, direction) : undefined;
      const target = S(t?.value);
      const lo = S(t?.min ?? t?.value);
      const hi = S(t?.max ?? t?.value);
      if (rule.type === "step") {
        // A step rule that deducts on the side its target allows is a diagnostic, whatever the actual.
        if (op !== undefined && (op === "lte" || op === "lt") && rule.when === "below") return fallback;
        if (op !== undefined && (op === "gte" || op === "gt") && rule.when === "above") return fallback;
        const [threshold, step, deduct] = [S(rule.threshold), S(rule.step), S(rule.deduct)];
        if ([threshold, step, deduct].some(Number.isNaN) || step <= 0) return fallback;
        if (op !== undefined && (op === "between" ? Number.isNaN(lo) || Number.isNaN(hi) : Number.isNaN(target))) return fallback;
        return { kind: "step", threshold, step, deduct, above: rule.when === "above", partial: rule.partial, op, lo, hi, target };
      }
      if (Number.isNaN(lo) || Number.isNaN(hi) || op === undefined) return fallback;
      if (rule.type === "interval" || t!.op === "between") {
        const r = rule.type === "interval" ? rule : undefined;
        const perStep = r?.deductionPerStep === undefined ? undefined : S(r.deductionPerStep);
        const step = r?.step === undefined ? SCALE : S(r.step);
        if (perStep !== undefined && (Number.isNaN(perStep) || Number.isNaN(step) || step <= 0)) return fallback;
        return { kind: "interval", lo, hi, perStep, step, partial: r?.partial };
      }
      if (Number.isNaN(target)) return fallback;
      return { kind: "proportional", op, target, lo, hi };
    }
  }
}

/** plain(Σ children's weights), the way checks.ts adds them (exact decimals). */
function childrenWeightText(n: Indicator): string {
  let s = ZERO;
  for (const c of n.children ?? []) s = s.plus(c.weight ?? ZERO);
  return plain(s);
}

/** Compile the shape of an evaluation's tree (see CompiledTree). */
export function compileTree(e: Evaluation): CompiledTree {
  const nodes: KNode[] = [];
  const roots: number[] = [];
  const preset = e.scheme?.preset ?? "cn-2020";
  let exact = preset !== "pefa";
  let checkable =
    exact &&
    e.organisation === undefined &&
    e.funds === undefined &&
    e.outcomes === undefined &&
    e.externalAssessments === undefined &&
    e.figures === undefined &&
    e.stated === undefined;
  const levelsOfFile = e.scheme?.qualitativeLevels;
  const indicators: Indicator[] = [];
  const visit = (node: Indicator, parent: number, index: number): number => {
    const k = nodes.length;
    const weight = node.weight === undefined ? 0 : scaledOfDecimal(node.weight);
    if (Number.isNaN(weight)) exact = false;
    const pNode = parent >= 0 ? nodes[parent] : undefined;
    const kn: KNode = {
      parent,
      children: [],
      name: node.name,
      weight,
      hasWeight: node.weight !== undefined,
      notApplicable: node.notApplicable === true,
      evidenceMissing: node.evidenceMissing === true,
      hasTarget: node.target !== undefined,
      path: pNode ? [...pNode.path, "children", index] : ["indicators", index],
      trail: pNode ? [...pNode.trail, node.name] : [node.name],
      weightText: node.weight === undefined ? "0" : plain(node.weight),
    };
    nodes.push(kn);
    indicators.push(node);
    const kids = node.children ?? [];
    kids.forEach((c, i) => kn.children.push(visit(c, k, i)));
    if (kids.length === 0) {
      kn.plan = leafPlan(node, weight, levelsOfFile);
      if (kn.plan.kind === "direct") checkable = false;
    } else if (node.score !== undefined) exact = false;
    if (node.stated !== undefined) checkable = false;
    return k;
  };
  e.indicators.forEach((n, i) => roots.push(visit(n, -1, i)));
  let weightTotal = 0;
  for (const r of roots) weightTotal += nodes[r]!.weight;
  const bands: CompiledTree["bands"][number][] = [];
  for (const b of bandsFor(e.scheme) as Band[]) {
    const min = scaledOfDecimal(b.min);
    const max = scaledOfDecimal(b.max);
    if (Number.isNaN(min) || Number.isNaN(max)) exact = false;
    bands.push({ grade: b.grade, min, max, maxInclusive: b.maxInclusive });
  }
  if (!safe(weightTotal)) exact = false;
  const leafIndices = nodes.flatMap((n, i) => (n.children.length === 0 ? [i] : []));
  const tree: CompiledTree = {
    nodes,
    roots,
    exact,
    weightTotal,
    bands,
    part: preset === "part",
    leafIndices,
    check: exact && checkable ? compileCheck(nodes, roots, indicators, weightTotal) : undefined,
  };
  return tree;
}

/** checks.ts's walk over the tree, with what the shape decides computed once (see CheckStep). */
function compileCheck(nodes: KNode[], roots: number[], indicators: Indicator[], weightTotal: number): CheckStep[] {
  const steps: CheckStep[] = [];
  const fixed = (code: MessageKey, severity: Severity, path: ModelPath, trail: string[], params: MessageParams = {}): void => {
    steps.push({ kind: "static", diagnostic: makeDiagnostic(code, severity, path, indicatorSubject(trail), params) });
  };
  const ids = new Set<string>();
  const walk = (siblings: number[]): void => {
    const seen = new Set<string>();
    for (const i of siblings) {
      const n = nodes[i]!;
      const id = indicators[i]!.id;
      if (n.name.trim() === "") fixed("name/missing", "error", [...n.path, "name"], n.trail);
      else if (seen.has(n.name)) fixed("name/duplicate", "error", [...n.path, "name"], n.trail, { name: n.name });
      seen.add(n.name);
      if (id !== undefined) {
        if (ids.has(id)) fixed("id/duplicate", "error", [...n.path, "id"], n.trail, { name: id });
        else ids.add(id);
      }
    }
    if (siblings.length >= 3) {
      steps.push({
        kind: "subtotal",
        siblings,
        named: siblings.map((i) => /^(小\s*计|合\s*计|总\s*计|subtotal|total)$/i.test(nodes[i]!.name.trim())),
      });
    }
    for (const i of siblings) {
      const n = nodes[i]!;
      steps.push({ kind: "leaf", node: i });
      if (!n.hasWeight) fixed("weight/missing", "error", [...n.path, "weight"], n.trail);
      if (n.children.length > 0 && n.hasWeight && n.children.every((c) => nodes[c]!.hasWeight)) {
        let s = 0;
        for (const c of n.children) s += nodes[c]!.weight;
        if (s !== n.weight)
          fixed("weight/children-sum", "error", [...n.path, "children"], n.trail, {
            found: childrenWeightText(indicators[i]!),
            expected: n.weightText,
          });
      }
      walk(n.children);
    }
  };
  walk(roots);
  steps.push({ kind: "partial" });
  if (roots.length > 0 && weightTotal !== 100 * SCALE) {
    let s = ZERO;
    for (const r of roots) s = s.plus(indicators[r]!.weight ?? ZERO);
    steps.push({
      kind: "static",
      diagnostic: makeDiagnostic(
        "weight/total-not-100",
        "warning",
        ["indicators"],
        { zh: "指标体系", en: "indicator system" },
        { found: plain(s) },
      ),
    });
  }
  return steps;
}

/** Compiled shapes by fingerprint (bounded: a portfolio has a handful of templates). */
export class TreeCache {
  readonly #trees = new Map<string, CompiledTree>();
  constructor(readonly limit = 256) {}
  get(key: string, build: () => CompiledTree): CompiledTree {
    let t = this.#trees.get(key);
    if (t === undefined) {
      t = build();
      if (this.#trees.size >= this.limit) this.#trees.clear();
      this.#trees.set(key, t);
    }
    return t;
  }
  get size(): number {
    return this.#trees.size;
  }
}

const evaluationTrees = new TreeCache();

// ── scoring ────────────────────────────────────────────────────────────────────────────────

/** The reference ScoreResult as a FastScore (an evaluation the kernel does not take). */
function fromReference(s: ScoreResult): FastScore {
  const n = s.all.length;
  const index = new Map(s.all.map((x, i) => [x, i]));
  const cents = (d: Decimal | undefined): number => (d === undefined ? NaN : Number(d.times(100).toFixed(0)));
  const out: FastScore = {
    path: "reference",
    names: s.all.map((x) => x.name),
    roots: s.roots.map((r) => index.get(r)!),
    scores: Float64Array.from(s.all, (x) => cents(x.score)),
    partial: Float64Array.from(s.all, (x) => cents(x.partialScore)),
    unscored: Int32Array.from(s.all, (x) => x.unscored),
    notApplicable: Uint8Array.from(s.all, (x) => (x.notApplicable ? 1 : 0)),
    unscoredLeaves: s.unscored,
    diagnostics: s.all.map((x) => (x.diagnostics.length > 0 ? x.diagnostics : undefined)),
    errors: 0,
    warnings: 0,
    leafFallbacks: 0,
    reference: s,
  };
  if (n === 0) out.diagnostics = [];
  if (s.total !== undefined) out.total = cents(s.total);
  if (s.partialTotal !== undefined) out.partialTotal = cents(s.partialTotal);
  if (s.gradedOn !== undefined) out.gradedOn = cents(s.gradedOn);
  if (s.grade !== undefined) out.grade = s.grade;
  countDiagnostics(out);
  return out;
}

function countDiagnostics(out: FastScore): void {
  for (const ds of out.diagnostics) {
    if (!ds) continue;
    for (const d of ds) {
      if (d.severity === "error") out.errors++;
      else if (d.severity === "warning") out.warnings++;
    }
  }
}

/** A leaf the kernel leaves to the reference: its score in cents (NaN: not scored) and diagnostics. */
export type LeafFallback = (leaf: number) => { cents: number; diagnostics: LeafDiagnostic[] } | undefined;

const ZEROISH = new Map<string, boolean>();
/** The reference's "0 against a word" test (rules.ts, qualitative), once per distinct text. */
function zeroish(text: string): boolean {
  let z = ZEROISH.get(text);
  if (z === undefined) {
    z = /^0+(?:\.0+)?$/.test(normalise(text));
    if (ZEROISH.size > 10_000) ZEROISH.clear();
    ZEROISH.set(text, z);
  }
  return z;
}

function met(op: Op, a: number, target: number, lo: number, hi: number): boolean {
  switch (op) {
    case "gte":
      return a >= target;
    case "gt":
      return a > target;
    case "lte":
      return a <= target;
    case "lt":
      return a < target;
    case "eq":
      return a === target;
    case "between":
      return a >= lo && a <= hi;
  }
}

/** Score in cents of `points − n·k − d` style steps: `steps` = distance ÷ step under the partial mode; NaN when not exact. */
function stepped(
  points: number,
  distance: number,
  step: number,
  perStep: number,
  d: number,
  partial: "exact" | "ceil" | "floor" | undefined,
): number {
  if (!safe(distance * SCALE) || !safe(step)) return NaN;
  if (partial === "ceil" || partial === "floor") {
    const [q, r] = divMod(distance, step);
    const n = partial === "ceil" && r > 0 ? q + 1 : q;
    return roundDiv(points, 1, n, perStep, d, 1, TO_CENTS, 1);
  }
  // Exact steps: the reference divides to 60 digits, then multiplies; equal to the exact
  // quotient when it has at most 6 places (else the two could round a tie apart: fall back).
  const [q, r] = divMod(distance * SCALE, step);
  if (r !== 0) return NaN;
  return roundDiv(points, SCALE, q, perStep, d, SCALE, SCALE, TO_CENTS);
}

/**
 * The score of one leaf in cents, or NaN when the reference must score it. `points` and every
 * value scaled; `d` the leaf's deductions.
 */
function leafCents(plan: Plan, points: number, v: KernelValues, k: number): number {
  const d = v.deductions[k]!;
  if (Number.isNaN(d)) return NaN;
  const kind = v.actualKind[k]!;
  const a = v.actualNum[k]!;
  switch (plan.kind) {
    case "fallback":
      return NaN;
    case "direct": {
      const s = v.score[k]!;
      // Outside [0, points] (or no score): the reference's diagnostics.
      if (Number.isNaN(s) || s < 0 || s > points) return NaN;
      return roundDiv(s, 1, 0, 0, 0, 0, TO_CENTS, 1);
    }
    case "constant":
      // (扣分制's num is the points less nothing: its deductions are d, taken once, as the reference does.)
      return roundDiv(plan.num, 1, d, plan.den, 0, 0, plan.den, TO_CENTS);
    case "qualitative": {
      if (kind !== 2) return NaN;
      const text = v.actualText[k]!;
      const f = plan.levels.get(text);
      if (f === undefined || zeroish(text)) return NaN;
      return roundDiv(points, f, d, SCALE, 0, 0, SCALE, TO_CENTS);
    }
    case "proportional": {
      if (kind !== 1) return NaN;
      const { op, target } = plan;
      if (met(op, a, target, plan.lo, plan.hi)) return roundDiv(points, 1, d, 1, 0, 0, TO_CENTS, 1);
      const reverse = op === "lte" || op === "lt" || (op === "eq" && a > target);
      const num = reverse ? target : a;
      const den = reverse ? a : target;
      if (den <= 0 || num < 0) return NaN; // the reference's zero-denominator diagnostic
      if (num > den) return roundDiv(points, 1, d, 1, 0, 0, TO_CENTS, 1);
      return roundDiv(num, points, d, den, 0, 0, den, TO_CENTS);
    }
    case "interval": {
      if (kind !== 1) return NaN;
      const { lo, hi } = plan;
      if (a >= lo && a <= hi) return roundDiv(points, 1, d, 1, 0, 0, TO_CENTS, 1);
      const below = a < lo;
      const distance = below ? lo - a : a - hi;
      if (plan.perStep !== undefined) return stepped(points, distance, plan.step, plan.perStep, d, plan.partial);
      if (below) {
        if (lo === 0 || a < 0) return 0;
        return roundDiv(a, points, d, lo, 0, 0, lo, TO_CENTS);
      }
      if (a === 0) return 0;
      if (a < 0) return NaN;
      return roundDiv(hi, points, d, a, 0, 0, a, TO_CENTS);
    }
    case "step": {
      if (kind !== 1) return NaN;
      const excess = plan.above ? a - plan.threshold : plan.threshold - a;
      // A step rule that gives full points to an actual its target says missed: a diagnostic.
      if (plan.op !== undefined && excess <= 0 && !met(plan.op, a, plan.target, plan.lo, plan.hi)) return NaN;
      if (excess <= 0) return roundDiv(points, 1, d, 1, 0, 0, TO_CENTS, 1);
      return stepped(points, excess, plan.step, plan.deduct, d, plan.partial);
    }
  }
}

/**
 * Run the kernel on one evaluation's values. `fallback` scores a leaf the kernel leaves to the
 * reference; without one (the raw-document path) such a leaf makes the result undefined.
 */
export function runKernel(tree: CompiledTree, v: KernelValues, fallback?: LeafFallback): FastScore | undefined {
  const { nodes } = tree;
  const n = nodes.length;
  const scores = new Float64Array(n).fill(NaN);
  const partial = new Float64Array(n).fill(NaN);
  const unscored = new Int32Array(n);
  const na = new Uint8Array(n);
  const measured = new Uint8Array(n);
  const diagnostics: Array<readonly LeafDiagnostic[] | undefined> = new Array<readonly LeafDiagnostic[] | undefined>(n);
  let fallbacks = 0;
  // Children come after their parent (depth first): one backward pass rolls everything up.
  for (let k = n - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (v.actualKind[k] !== 0) measured[k] = 1;
    if (node.plan !== undefined) {
      // A leaf. Not applicable: not scored at all.
      if (node.notApplicable) {
        na[k] = 1;
        continue;
      }
      let c = leafCents(node.plan, node.weight, v, k);
      if (Number.isNaN(c)) {
        const r = fallback?.(k);
        if (r === undefined) return undefined;
        fallbacks++;
        c = r.cents;
        if (r.diagnostics.length > 0) diagnostics[k] = r.diagnostics;
        if (Number.isNaN(c)) {
          unscored[k] = 1;
          continue;
        }
      } else {
        const pc = roundDiv(node.weight, 1, 0, 0, 0, 0, TO_CENTS, 1);
        if (c > pc) c = pc;
      }
      scores[k] = c;
      continue;
    }
    if (node.notApplicable) {
      na[k] = 1;
      continue;
    }
    // rollUp (score.ts).
    let got = 0;
    let miss = 0;
    let applicable = 0;
    let w = 0;
    for (const c of node.children) {
      if (na[c]) continue;
      applicable++;
      w += nodes[c]!.weight;
      const s = scores[c]!;
      if (!Number.isNaN(s)) got += s;
      else if (unscored[c]! > 0) {
        miss += unscored[c]!;
        const p = partial[c]!;
        if (!Number.isNaN(p)) got += p;
      }
    }
    if (applicable === 0) {
      na[k] = 1;
      continue;
    }
    if (miss > 0) {
      unscored[k] = miss;
      partial[k] = got;
      continue;
    }
    if (applicable < node.children.length) scores[k] = w === 0 ? 0 : roundDiv(got, node.weight, 0, 0, 0, 0, w, 1);
    else scores[k] = got;
  }
  const out: FastScore = {
    path: "kernel",
    names: nodes.map((x) => x.name),
    roots: tree.roots,
    scores,
    partial,
    unscored,
    notApplicable: na,
    unscoredLeaves: 0,
    diagnostics,
    errors: 0,
    warnings: 0,
    leafFallbacks: fallbacks,
  };
  let got = 0;
  let miss = 0;
  let applicableWeight = 0;
  let applicable = 0;
  for (const r of tree.roots) {
    if (na[r]) continue;
    applicable++;
    applicableWeight += nodes[r]!.weight;
    miss += unscored[r]!;
    const s = scores[r]!;
    got += !Number.isNaN(s) ? s : !Number.isNaN(partial[r]!) ? partial[r]! : 0;
  }
  out.unscoredLeaves = miss;
  countDiagnostics(out);
  runs.set(out, { tree, measured });
  if (miss > 0) {
    out.partialTotal = got;
    return out;
  }
  const W = tree.weightTotal;
  const total = applicable < tree.roots.length && applicableWeight > 0 ? roundDiv(got, W, 0, 0, 0, 0, applicableWeight, 1) : got;
  out.total = total;
  if (W !== 0) {
    const on = W === 100 * SCALE ? total : roundDiv(total, 100 * SCALE, 0, 0, 0, 0, W, 1);
    out.gradedOn = on;
    const scaled = on * TO_CENTS;
    const band = tree.bands.find((b) => scaled >= b.min && (b.maxInclusive ? scaled <= b.max : scaled < b.max));
    if (band) out.grade = band.grade;
  }
  if (tree.part && nodes.some((x, i) => x.evidenceMissing && !na[i])) out.grade = PART_NOT_DEMONSTRATED;
  return out;
}

/**
 * Score an evaluation with the compiled kernel: the same figures as scoreEvaluation (every
 * node's score, partial scores, total, partial total, grade), exact, without explanations. The
 * tree's shape is compiled once per template (cached by fingerprint); a leaf the kernel cannot
 * prove exact is scored by the reference's scoreLeaf, an evaluation it cannot take at all by
 * scoreEvaluation (`path: "reference"`).
 * @example centsText(scoreFast(yangquan).total!) === "85.73"
 */
export function scoreFast(e: Evaluation, cache: TreeCache = evaluationTrees): FastScore {
  const tree = cache.get(fingerprintOf(e), () => compileTree(e));
  if (!tree.exact) return fromReference(scoreEvaluation(e));
  const values = valuesOf(e, tree.nodes.length);
  let flat: Indicator[] | undefined;
  let ctx: LeafContext | undefined;
  const fallback: LeafFallback = (k) => {
    if (!flat) {
      flat = [];
      const walk = (x: Indicator): void => {
        flat!.push(x);
        for (const c of x.children ?? []) walk(c);
      };
      e.indicators.forEach(walk);
    }
    ctx ??= leafContextOf(e).ctx;
    const node = flat[k]!;
    const leaf = scoreLeaf(node, node.weight ?? ZERO, ctx);
    const cents = leaf.score === undefined ? NaN : Number(leaf.score.times(100).toFixed(0));
    return { cents, diagnostics: leaf.diagnostics };
  };
  return runKernel(tree, values, fallback) ?? fromReference(scoreEvaluation(e));
}

/** A subject for a tree-level diagnostic. */
const SYSTEM = { zh: "指标体系", en: "indicator system" };

/**
 * The checks of the kernel's result, or undefined when they take the reference path (see the
 * module comment). Equal to checkEvaluation's diagnostics, in the same order.
 */
export function kernelCheck(fast: FastScore): Diagnostic[] | undefined {
  const run = runs.get(fast);
  const steps = run?.tree.check;
  if (!run || !steps) return undefined;
  const { nodes } = run.tree;
  const out: Diagnostic[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case "static":
        out.push({ ...step.diagnostic });
        break;
      case "leaf": {
        const ds = fast.diagnostics[step.node];
        if (ds) {
          const n = nodes[step.node]!;
          for (const d of ds) out.push(makeDiagnostic(d.code, d.severity, n.path, indicatorSubject(n.trail), d.params));
        }
        break;
      }
      case "subtotal": {
        let aboveWeight = 0;
        let aboveScore = 0;
        let above = 0;
        let aboveScored = true;
        step.siblings.forEach((i, j) => {
          const n = nodes[i]!;
          const named = step.named[j]!;
          const score = fast.scores[i]!;
          const scored = !Number.isNaN(score);
          const isNa = fast.notApplicable[i] === 1;
          const sumsAbove =
            !named &&
            !(n.hasTarget || run.measured[i] === 1) &&
            above >= 2 &&
            aboveScored &&
            n.children.length === 0 &&
            !isNa &&
            n.weight > 0 &&
            scored &&
            n.weight === aboveWeight &&
            aboveScore > 0 &&
            score === aboveScore;
          if (named || sumsAbove) {
            out.push(
              makeDiagnostic("tree/subtotal-counted", "error", n.path, indicatorSubject(n.trail), {
                name: n.name,
                found: `${n.weightText} / ${scored ? centsText(score) : "-"}`,
              }),
            );
          }
          if (!isNa) {
            aboveWeight += n.weight;
            if (!scored) aboveScored = false;
            else aboveScore += score;
            above++;
          }
        });
        break;
      }
      case "partial":
        if (fast.unscoredLeaves > 0)
          out.push(
            makeDiagnostic("total/partial", "error", ["indicators"], SYSTEM, {
              count: fast.unscoredLeaves,
              found: centsText(fast.partialTotal ?? 0),
            }),
          );
        break;
    }
  }
  return out;
}

/**
 * checkEvaluation's diagnostics for a kernel result: from the compiled check program when the
 * evaluation's checks are the tree's alone, else checkEvaluation on the reference result.
 */
export function checkFast(e: Evaluation, fast: FastScore): Diagnostic[] {
  return kernelCheck(fast) ?? checkEvaluation(e, fast.reference ?? scoreEvaluation(e));
}

/** dec for tests and callers that hold cents: 8573 → 85.73. */
export function centsDecimal(c: number): Decimal {
  return dec(centsText(c));
}
