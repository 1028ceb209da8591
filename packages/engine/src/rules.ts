/**
 * Scoring rules for a leaf indicator. Each rule returns the score (clamped to [0, points] and
 * rounded half-up to 2 places) and its explanation with the numbers filled in, in Chinese and
 * English. Missing data is a diagnostic, never an exception.
 */
import { type Decimal, HUNDRED, ONE, ZERO, clamp, dec, fixed, formatScore, plain, round2, sum } from "./exact.js";
import { ExpressionError, evaluateNumber } from "./expression.js";
import { eq, gt, gte, lt, lte } from "./fast.js";
import { FORMULA_BY_ID } from "./formulas.js";
import { type Bilingual, type MessageKey, bi, lazyText } from "./messages.js";
import type { Indicator, Rule } from "./model.js";
import { type Direction, type Target, effectiveOp, impliedDirection, isMet } from "./target.js";

/** 财预〔2020〕10号: fully achieved 100–80%, partly 80–60%, not achieved 60–0% of the points. */
export const DEFAULT_QUALITATIVE_LEVELS: Readonly<Record<string, Decimal>> = {
  完全达成: dec(1),
  部分达成: dec("0.6"),
  未达成: dec(0),
};

/** Synonyms seen in real forms, mapped to the default level names. */
const LEVEL_ALIASES: Record<string, string> = {
  达成: "完全达成",
  已达成: "完全达成",
  全部达成: "完全达成",
  完成: "完全达成",
  已完成: "完全达成",
  基本达成: "部分达成",
  部分完成: "部分达成",
  基本完成: "部分达成",
  未完成: "未达成",
  未实现: "未达成",
};

export interface LeafDiagnostic {
  code: MessageKey;
  severity: "error" | "warning" | "info";
  params: Record<string, string | number>;
}

export interface LeafOutcome {
  /** Rounded, clamped score; undefined only for ordinal (PEFA) leaves. */
  score: Decimal;
  /** The rule that produced it (after defaults). */
  rule: Rule["type"] | "missing";
  explanation: Bilingual;
  /** Whether the target was met, where that can be decided. */
  met?: boolean;
  /** The actual value used (given or computed by a formula). */
  actual?: Decimal | string;
  /** Description of met/missed for checks ("21090 ≥ 20000"), built when asked for. */
  comparison?: () => string;
  /** Whether the score carries its own deduction reasons. */
  hasReason: boolean;
  diagnostics: LeafDiagnostic[];
}

export interface LeafContext {
  /** Qualitative levels for the whole file (scheme.qualitativeLevels). */
  levels?: Readonly<Record<string, Decimal>>;
  /** Model variables for formulas (staff.quota, funds.actual …). */
  variables: Readonly<Record<string, Decimal>>;
  /** Formula results by standard formula id, for `formula: staffControlRate`. */
  standard: (id: string) => Decimal | undefined;
}

const pct = (ratio: Decimal): string => `${fixed(ratio.times(HUNDRED), 2)}%`;
const OPS: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=" };

/** Pick the rule a leaf uses: its own, or the one its target implies. */
export function defaultRule(node: Indicator): Rule | undefined {
  if (node.rule) return node.rule;
  if (node.score !== undefined) return { type: "direct" };
  const t = node.target;
  if (typeof node.actual === "string" || t?.op === "qualitative") return { type: "qualitative" };
  if (t?.op === "between") return { type: "interval" };
  if (t) return { type: "proportional" };
  if (node.deductions && node.deductions.length > 0) return { type: "deduction" };
  return undefined;
}

function partialSteps(x: Decimal, mode: "exact" | "ceil" | "floor" | undefined): Decimal {
  if (mode === "ceil") return x.ceil();
  if (mode === "floor") return x.floor();
  return x;
}

/** Resolve the actual value: given, or computed from the node's formula. */
function actualOf(node: Indicator, ctx: LeafContext, diags: LeafDiagnostic[]): Decimal | string | undefined {
  if (node.actual !== undefined) return node.actual;
  if (!node.formula) return undefined;
  const standard = ctx.standard(node.formula);
  if (standard !== undefined) return standard;
  // A standard formula whose inputs are not in the model yet: the actual is simply missing.
  if (FORMULA_BY_ID.has(node.formula)) return undefined;
  try {
    return evaluateNumber(node.formula, { ...ctx.variables, ...(node.inputs ?? {}) });
  } catch (err) {
    if (err instanceof ExpressionError) {
      diags.push({ code: "score/expression", severity: "error", params: { expr: node.formula, detail: err.message } });
      return undefined;
    }
    throw err;
  }
}

/**
 * Score one leaf against its points.
 * @example scoreLeaf({name:"城镇新增就业", weight: dec(10), target: parseTarget("≥20000"), actual: dec(21090)}, dec(10), ctx)
 *   // → score 10, explanation "21090 ÷ 20000 = 105.45% ≥ 100% → 满分 10"
 */
export function scoreLeaf(node: Indicator, points: Decimal, ctx: LeafContext): LeafOutcome {
  const diags: LeafDiagnostic[] = [];
  const rule = defaultRule(node);
  const deductions = node.deductions ?? [];
  const hasReason = deductions.length > 0 || (node.reason?.trim().length ?? 0) > 0;
  // plain(points), computed when a diagnostic or an explanation needs it.
  let pText: string | undefined;
  const P = (): string => (pText ??= plain(points));
  const done = (raw: Decimal, explain: () => Bilingual, extra: Partial<LeafOutcome> = {}): LeafOutcome => {
    let value = raw;
    let text = explain;
    // Deductions listed on a leaf apply after its rule (the 扣分制 rule already used them).
    if (rule?.type !== "deduction" && rule?.type !== "direct" && deductions.length > 0) {
      const d = sum(deductions.map((x) => x.points));
      value = value.minus(d);
      const before = text;
      text = () => {
        const b = before();
        const list = deductions.map((x) => `${plain(x.points)}（${x.reason}）`).join(" − ");
        const listEn = deductions.map((x) => `${plain(x.points)} (${x.reason})`).join(" − ");
        return bi(`${b.zh}；扣分 ${list}`, `${b.en}; deductions ${listEn}`);
      };
    }
    if (gt(value, points)) {
      if (rule?.type === "direct") diags.push({ code: "score/above-points", severity: "error", params: { found: plain(value), expected: P() } });
      value = points;
    }
    if (value.isNegative()) {
      if (rule?.type === "direct") diags.push({ code: "score/negative", severity: "error", params: { found: plain(value) } });
      value = ZERO;
    }
    const score = round2(clamp(value, ZERO, points));
    // Object.assign copies `extra` as the spread did (same keys, same order), without the spread's cost.
    const out: LeafOutcome = { score, rule: rule?.type ?? "missing", explanation: lazyText(text), hasReason, diagnostics: diags };
    return Object.assign(out, extra);
  };

  if (!rule) {
    diags.push({ code: "score/no-rule", severity: "warning", params: {} });
    return done(ZERO, () => bi("未设定评分规则 → 0", "no scoring rule → 0"), { rule: "missing" });
  }

  switch (rule.type) {
    case "direct": {
      const s = node.score ?? ZERO;
      // Where target and actual are both known, say whether the target was met (for checks).
      const t = node.target;
      const actual = actualOf(node, ctx, diags);
      let extra: Partial<LeafOutcome> = { actual };
      if (t && t.op !== "qualitative" && actual !== undefined && typeof actual !== "string") {
        const dir = node.direction ?? impliedDirection(t);
        extra = { actual, met: isMet(t, actual, dir), comparison: () => `${plain(actual)} vs ${t.text}` };
      }
      return done(s, () => bi(`直接赋分 ${plain(s)}`, `score entered directly: ${plain(s)}`), extra);
    }
    case "deduction": {
      const d = sum(deductions.map((x) => x.points));
      const list = deductions.map((x) => ` − ${plain(x.points)}（${x.reason}）`).join("");
      const listEn = deductions.map((x) => ` − ${plain(x.points)} (${x.reason})`).join("");
      const raw = points.minus(d);
      return done(raw, () => {
        const s = round2(clamp(raw, ZERO, points));
        return bi(`${P()}${list} = ${formatScore(s)}`, `${P()}${listEn} = ${formatScore(s)}`);
      });
    }
    case "checklist": {
      const items = rule.items;
      if (rule.mode === "award") {
        const got = sum(items.filter((i) => i.met).map((i) => i.points));
        const parts = items.map((i) => `${i.name}${i.met ? "✓" : "✗"}`).join("，");
        return done(got, () => bi(`清单得分：${parts} → ${plain(got)}`, `checklist: ${parts} → ${plain(got)}`), {
          met: items.every((i) => i.met),
        });
      }
      const lost = sum(items.filter((i) => !i.met).map((i) => i.points));
      const failed = items.filter((i) => !i.met).map((i) => `${i.name}（−${plain(i.points)}）`);
      return done(points.minus(lost), () => bi(`${P()} − 问题：${failed.join("，") || "无"} = ${plain(points.minus(lost))}`, `${P()} − problems: ${failed.join(", ") || "none"} = ${plain(points.minus(lost))}`), {
        met: failed.length === 0,
        hasReason: hasReason || failed.length > 0,
      });
    }
    case "expert": {
      let scores = rule.scores.map((s) => s.score);
      for (const s of rule.scores) {
        if (s.score.isNegative() || gt(s.score, points)) {
          diags.push({ code: "score/expert-range", severity: "error", params: { expert: s.expert, found: plain(s.score), expected: P() } });
        }
      }
      if (scores.length === 0) {
        diags.push({ code: "score/missing-actual", severity: "warning", params: {} });
        return done(ZERO, () => bi("尚无专家评分 → 0", "no expert scores yet → 0"), { rule: "expert" });
      }
      let how = bi("算术平均", "mean");
      if (rule.method === "trimmedMean") {
        if (scores.length > 2 * rule.trim) {
          scores = [...scores].sort((a, b) => a.comparedTo(b)).slice(rule.trim, scores.length - rule.trim);
          how = bi(`去掉最高、最低各 ${rule.trim} 个后平均`, `mean after dropping the ${rule.trim} highest and lowest`);
        } else {
          diags.push({ code: "score/trim-too-few", severity: "warning", params: { found: scores.length } });
        }
      }
      const mean = sum(scores).dividedBy(scores.length);
      const list = rule.scores.map((s) => `${s.expert} ${plain(s.score)}`).join("，");
      return done(mean, () => bi(`专家评分（${list}）${how.zh} = ${formatScore(round2(mean))}`, `expert scores (${list}), ${how.en} = ${formatScore(round2(mean))}`), {
        hasReason: true,
      });
    }
    case "formula": {
      const actual = actualOf(node, ctx, diags);
      const scope: Record<string, Decimal> = { ...ctx.variables, ...(node.inputs ?? {}), points, weight: points };
      if (actual !== undefined && typeof actual !== "string") scope["actual"] = actual;
      if (node.target?.value) scope["target"] = node.target.value;
      if (node.target?.min) scope["targetMin"] = node.target.min;
      if (node.target?.max) scope["targetMax"] = node.target.max;
      try {
        const v = evaluateNumber(rule.expression, scope);
        return done(v, () => bi(`公式 ${rule.expression} = ${formatScore(round2(clamp(v, ZERO, points)))}`, `formula ${rule.expression} = ${formatScore(round2(clamp(v, ZERO, points)))}`), {
          actual,
          hasReason: true,
        });
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        if (err.code === "unknown-variable" && actual === undefined) {
          diags.push({ code: "score/missing-actual", severity: "warning", params: {} });
        } else {
          diags.push({ code: "score/expression", severity: "error", params: { expr: rule.expression, detail: err.message } });
        }
        return done(ZERO, () => bi(`公式无法计算 → 0`, `formula cannot be evaluated → 0`));
      }
    }
    case "qualitative": {
      const actual = actualOf(node, ctx, diags);
      const levels = rule.levels ?? ctx.levels ?? DEFAULT_QUALITATIVE_LEVELS;
      if (actual === undefined) {
        diags.push({ code: "score/missing-actual", severity: "warning", params: {} });
        return done(ZERO, () => bi("缺少实际完成情况 → 0", "no actual → 0"), { rule: "qualitative" });
      }
      const text = typeof actual === "string" ? actual : plain(actual);
      let level: string | undefined = levels[text] !== undefined ? text : undefined;
      if (level === undefined && levels === DEFAULT_QUALITATIVE_LEVELS) level = LEVEL_ALIASES[text];
      // An actual that repeats a qualitative target ("健全" against "健全") meets it.
      if (level === undefined && node.target?.op === "qualitative" && node.target.text === text) {
        level = Object.keys(levels)[0];
      }
      if (level === undefined) {
        diags.push({ code: "score/unknown-level", severity: "warning", params: { found: text, expected: Object.keys(levels).join("、") } });
        return done(ZERO, () => bi(`“${text}”不是定性档次 → 0`, `"${text}" is not a level → 0`), { actual });
      }
      const fraction = levels[level]!;
      let top = ZERO;
      for (const v of Object.values(levels)) if (gt(v, top)) top = v;
      const raw = points.times(fraction);
      return done(raw, () => {
        const s = round2(raw);
        return bi(`${text}（${level}，${pct(fraction)}）× ${P()} = ${formatScore(s)}`, `${text} (${level}, ${pct(fraction)}) × ${P()} = ${formatScore(s)}`);
      }, {
        actual,
        met: eq(fraction, top),
        comparison: () => `${text}`,
      });
    }
    case "proportional":
    case "interval":
    case "step": {
      const actual = actualOf(node, ctx, diags);
      if (actual === undefined) {
        diags.push({ code: "score/missing-actual", severity: "warning", params: {} });
        return done(ZERO, () => bi("缺少实际完成值 → 0", "no actual value → 0"), { rule: rule.type });
      }
      if (typeof actual === "string") {
        diags.push({ code: "score/unknown-level", severity: "warning", params: { found: actual, expected: "数值 / a number" } });
        return done(ZERO, () => bi(`实际值“${actual}”不是数值 → 0`, `actual "${actual}" is not a number → 0`), { actual });
      }
      if (rule.type === "step") return stepRule(rule, actual, points, done);
      const t = node.target;
      if (!t || t.op === "qualitative") {
        diags.push({ code: "score/no-rule", severity: "warning", params: {} });
        return done(ZERO, () => bi("缺少可比较的数值目标 → 0", "no numeric target to compare with → 0"), { actual });
      }
      if (rule.type === "interval" || t.op === "between") return intervalRule(rule.type === "interval" ? rule : { type: "interval" }, t, actual, points, done);
      return proportional(t, node.direction ?? impliedDirection(t), actual, points, done, diags);
    }
  }
}

type Done = (raw: Decimal, explain: () => Bilingual, extra?: Partial<LeafOutcome>) => LeafOutcome;

function proportional(t: Target, direction: Direction, actual: Decimal, points: Decimal, done: Done, diags: LeafDiagnostic[]): LeafOutcome {
  const target = t.value!;
  const op = effectiveOp(t, direction);
  const met = isMet(t, actual, direction) ?? false;
  const comparison = (): string => `${plain(actual)} ${met ? (OPS[op] ?? "") : "vs"} ${plain(target)}`;
  // 反向 (less is better): target / actual; 正向: actual / target. "=" misses on either side.
  const reverse = op === "lte" || op === "lt" || (op === "eq" && gt(actual, target));
  const num = reverse ? target : actual;
  const den = reverse ? actual : target;
  const P = (): string => plain(points);
  if (den.isZero()) {
    if (met) return done(points, () => bi(`${comparison()} → 满分 ${P()}`, `${comparison()} → full points ${P()}`), { actual, met, comparison });
    diags.push({ code: "rate/zero-denominator", severity: "error", params: { what: "完成率 / completion rate", detail: "" } });
    return done(ZERO, () => bi(`分母为 0 → 0`, `zero denominator → 0`), { actual, met, comparison });
  }
  const head = (): string => `${plain(num)} ÷ ${plain(den)} = ${pct(num.dividedBy(den))}`;
  if (met) {
    return done(points, () => bi(`${head()} ≥ 100% → 满分 ${P()}`, `${head()} ≥ 100% → full points ${P()}`), { actual, met, comparison });
  }
  // Missed: num < den, so num × points / den < points (one division, then rounding).
  const raw = gt(num, den) ? points : num.times(points).dividedBy(den);
  return done(raw, () => bi(`${head()} < 100% → ${pct(num.dividedBy(den))} × ${P()} = ${formatScore(round2(raw))}`, `${head()} < 100% → ${pct(num.dividedBy(den))} × ${P()} = ${formatScore(round2(raw))}`), {
    actual,
    met,
    comparison,
  });
}

function intervalRule(rule: Extract<Rule, { type: "interval" }>, t: Target, actual: Decimal, points: Decimal, done: Done): LeafOutcome {
  const lo = t.min ?? t.value!;
  const hi = t.max ?? t.value!;
  const range = (): string => `[${plain(lo)}, ${plain(hi)}]`;
  if (gte(actual, lo) && lte(actual, hi)) {
    return done(points, () => bi(`${plain(actual)} 在 ${range()} 内 → 满分 ${plain(points)}`, `${plain(actual)} is within ${range()} → full points ${plain(points)}`), {
      actual,
      met: true,
      comparison: () => `${plain(actual)} ∈ ${range()}`,
    });
  }
  const below = lt(actual, lo);
  const distance = below ? lo.minus(actual) : actual.minus(hi);
  const side = (): Bilingual => (below ? bi(`低于下限 ${plain(lo)}`, `below ${plain(lo)}`) : bi(`高于上限 ${plain(hi)}`, `above ${plain(hi)}`));
  const outside = { actual, met: false, comparison: () => `${plain(actual)} ∉ ${range()}` };
  const perStep = rule.deductionPerStep;
  if (perStep !== undefined) {
    const step = rule.step ?? ONE;
    const steps = partialSteps(distance.dividedBy(step), rule.partial);
    const raw = points.minus(steps.times(perStep));
    return done(raw, () => {
      const s = formatScore(round2(clamp(raw, ZERO, points)));
      const [a, P, d, k, n] = [plain(actual), plain(points), plain(distance), plain(perStep), plain(steps)];
      return bi(
        `${a} ${side().zh} ${d}，每 ${plain(step)} 扣 ${k} 分：${P} − ${n} × ${k} = ${s}`,
        `${a} is ${side().en} by ${d}, ${k} off per ${plain(step)}: ${P} − ${n} × ${k} = ${s}`,
      );
    }, outside);
  }
  // No step given: pro rata to the nearest bound.
  const raw = below ? (lo.isZero() ? ZERO : actual.times(points).dividedBy(lo)) : hi.times(points).dividedBy(actual);
  return done(raw, () => {
    const ratio = below ? (lo.isZero() ? ZERO : actual.dividedBy(lo)) : hi.dividedBy(actual);
    const s = formatScore(round2(raw));
    return bi(`${plain(actual)} ${side().zh}，按比例：${pct(ratio)} × ${plain(points)} = ${s}`, `${plain(actual)} is ${side().en}, pro rata: ${pct(ratio)} × ${plain(points)} = ${s}`);
  }, outside);
}

function stepRule(rule: Extract<Rule, { type: "step" }>, actual: Decimal, points: Decimal, done: Done): LeafOutcome {
  const excess = rule.when === "above" ? actual.minus(rule.threshold) : rule.threshold.minus(actual);
  if (!gt(excess, ZERO)) {
    const cmp = rule.when === "above" ? "≤" : "≥";
    const comparison = (): string => `${plain(actual)} ${cmp} ${plain(rule.threshold)}`;
    return done(points, () => bi(`${comparison()} → 满分 ${plain(points)}`, `${comparison()} → full points ${plain(points)}`), { actual, met: true, comparison });
  }
  const steps = partialSteps(excess.dividedBy(rule.step), rule.partial);
  const raw = points.minus(steps.times(rule.deduct));
  return done(raw, () => {
    const s = formatScore(round2(clamp(raw, ZERO, points)));
    const dir = rule.when === "above" ? bi("超过", "above") : bi("低于", "below");
    const [a, P, th, e, n, k, st] = [plain(actual), plain(points), plain(rule.threshold), plain(excess), plain(steps), plain(rule.deduct), plain(rule.step)];
    return bi(
      `${a} ${dir.zh} ${th} ${e}，每${dir.zh} ${st} 扣 ${k} 分：${P} − ${n} × ${k} = ${s}`,
      `${a} is ${e} ${dir.en} ${th}, ${k} off per ${st}: ${P} − ${n} × ${k} = ${s}`,
    );
  }, { actual, met: false, comparison: () => `${plain(actual)} ${rule.when === "above" ? ">" : "<"} ${plain(rule.threshold)}` });
}
