/**
 * Scoring rules for a leaf indicator. Each rule returns the score (clamped to [0, points] and
 * rounded half-up to 2 places) and its explanation with the numbers filled in, in Chinese and
 * English. Missing or unreadable data is never a silent 0: the leaf is left unscored (score
 * undefined) with an error diagnostic that says why, and the roll-up shows a partial total.
 *
 * Inputs are read as people write them (target.ts, quantity.ts, lexicon.ts): "≥5000人" against
 * 5230, "≥95%" against "100%", "≤500万元" against "520万元", "合规" against "达成预期指标".
 * Every inference — the rule taken from the target's form, the direction of a bare figure, a unit
 * adopted or converted, a word read as a level — is said in the explanation.
 */
import { type Decimal, HUNDRED, ONE, ZERO, clamp, dec, fixed, formatScore, plain, round2, sum } from "./exact.js";
import { ExpressionError, evaluateNumber } from "./expression.js";
import { eq, gt, gte, lt, lte } from "./fast.js";
import { FORMULA_BY_ID } from "./formulas.js";
import { type Achievement, LEVEL_NAMES, type Lexicon, DEFAULT_LEXICON_MAP, readAchievement, wordKey } from "./lexicon.js";
import { type Bilingual, type MessageKey, bi, lazyText } from "./messages.js";
import type { Indicator, Rule } from "./model.js";
import { cachedTarget } from "./cache.js";
import { canonicalUnit, convert, convertible, normalise } from "./quantity.js";
import {
  type Deadline,
  type Direction,
  type Target,
  effectiveOp,
  impliedDirection,
  isMet,
  isNumericTarget,
  onOrBefore,
  readDeadline,
} from "./target.js";

/** 财预〔2020〕10号: fully achieved 100–80%, partly 80–60%, not achieved 60–0% of the points. */
export const DEFAULT_QUALITATIVE_LEVELS: Readonly<Record<string, Decimal>> = {
  完全达成: dec(1),
  部分达成: dec("0.6"),
  未达成: dec(0),
};

export interface LeafDiagnostic {
  code: MessageKey;
  severity: "error" | "warning" | "info";
  params: Record<string, string | number>;
}

export interface LeafOutcome {
  /** Rounded, clamped score; undefined when the leaf cannot be scored (未评分: see diagnostics). */
  score?: Decimal;
  /** The rule that produced it (after defaults). */
  rule: Rule["type"] | "missing";
  /** The rule was not given: it was taken from the target's form. */
  ruleInferred?: boolean;
  explanation: Bilingual;
  /** Whether the target was met, where that can be decided. */
  met?: boolean;
  /** The actual value used (given or computed by a formula), as given. */
  actual?: Decimal | string;
  /** The actual as a number in the target's unit, when it is one. */
  actualValue?: Decimal;
  /** The unit the actual is compared in ("%", "人", "万元"; "" when none). */
  unit?: string;
  /** Description of met/missed for checks ("21090 ≥ 20000"), built when asked for. */
  comparison?: () => string;
  /** Whether the score carries its own deduction reasons. */
  hasReason: boolean;
  diagnostics: LeafDiagnostic[];
}

export interface LeafContext {
  /** Qualitative levels for the whole file (scheme.qualitativeLevels). */
  levels?: Readonly<Record<string, Decimal>>;
  /** Qualitative words for the whole file (default lexicon plus scheme.qualitativeWords). */
  lexicon?: Lexicon;
  /** The scheme's own words → its level names (scheme.qualitativeWords), checked first. */
  words?: ReadonlyMap<string, string>;
  /** Model variables for formulas (staff.quota, funds.actual …). */
  variables: Readonly<Record<string, Decimal>>;
  /** Formula results by standard formula id, for `formula: staffControlRate`. */
  standard: (id: string) => Decimal | undefined;
}

const pct = (ratio: Decimal): string => `${fixed(ratio.times(HUNDRED), 2)}%`;
const OPS: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=" };
const RULE_NAMES: Record<string, Bilingual> = {
  proportional: bi("比例法", "the proportional rule"),
  interval: bi("区间法", "the interval rule"),
  step: bi("阶梯扣分", "the step rule"),
  qualitative: bi("定性分档", "qualitative levels"),
  formula: bi("自定义公式", "the formula"),
};

/** Pick the rule a leaf uses: its own, or the one its target implies. */
export function defaultRule(node: Indicator): Rule | undefined {
  if (node.rule) return node.rule;
  if (node.score !== undefined) return { type: "direct" };
  const t = node.target;
  if (t) {
    if (!isNumericTarget(t)) return { type: "qualitative" };
    if (t.op === "between") return { type: "interval" };
    return { type: "proportional" };
  }
  if (typeof node.actual === "string") return { type: "qualitative" };
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

/** How an actual reads. */
type Reading =
  | { kind: "number"; value: Decimal; unit: string; note?: Bilingual }
  | { kind: "level"; text: string; achievement?: Achievement; level?: string; how: "level" | "lexicon" | "pattern" | "same-as-target" }
  | { kind: "date"; date: Deadline; text: string }
  | { kind: "error"; code: MessageKey; params: Record<string, string | number> };

const NUMBER_FORMS = "数值，如 98、98%、5230人、285.5万元 / a number such as 98, 98%, 5230人, 285.5万元";

/**
 * Read an actual value against the unit it is compared in (`unit`, "" for none). A number
 * without a unit takes `unit`; a number with a unit is converted to it exactly; a word is read
 * as a qualitative level; a date as a date.
 */
export function readActual(actual: Decimal | string, unit: string): Reading {
  if (typeof actual !== "string") return { kind: "number", value: actual, unit };
  const text = actual.trim();
  // The same grammar as targets (an actual written "≥95%" or "285.5万元"), parsed once per distinct text.
  const parsed = cachedTarget(text);
  if (isNumericTarget(parsed) && parsed.op !== "between" && parsed.value !== undefined) {
    const from = parsed.unit;
    let note: Bilingual | undefined;
    if (!parsed.implicit)
      note = bi(
        `实际值写作“${text}”，按 ${plain(parsed.value)}${from} 计`,
        `the actual is written "${text}"; ${plain(parsed.value)}${from} is used`,
      );
    if (from !== "" && unit !== "" && from !== unit) {
      const v = convert(parsed.value, from, unit);
      if (v === undefined)
        return { kind: "error", code: "unit/mismatch", params: { what: "指标值 / the target", expected: unit, found: from } };
      const conv = bi(`${plain(parsed.value)}${from} = ${plain(v)}${unit}`, `${plain(parsed.value)}${from} = ${plain(v)}${unit}`);
      note = note ? bi(`${note.zh}；${conv.zh}`, `${note.en}; ${conv.en}`) : conv;
      return { kind: "number", value: v, unit, note };
    }
    return { kind: "number", value: parsed.value, unit: unit || from, note };
  }
  if (parsed.op === "deadline" && parsed.deadline) return { kind: "date", date: parsed.deadline, text };
  const date = readDeadline(normalise(text));
  if (date) return { kind: "date", date, text };
  return { kind: "level", text, how: "level" };
}

/** Turn a word into a level of `levels`: the level itself, or its achievement read from the lexicon. */
function levelOf(
  text: string,
  levels: Readonly<Record<string, Decimal>>,
  lexicon: Lexicon,
  target: Target | undefined,
  words?: ReadonlyMap<string, string>,
): { level: string; achievement?: Achievement; how: "level" | "lexicon" | "pattern" | "same-as-target" } | undefined {
  if (levels[text] !== undefined) return { level: text, how: "level" };
  const n = normalise(text);
  if (levels[n] !== undefined) return { level: n, how: "level" };
  const own = words?.get(wordKey(text));
  if (own !== undefined && levels[own] !== undefined) return { level: own, how: "lexicon" };
  const read = readAchievement(text, lexicon, target && target.op === "qualitative" ? target.text : undefined);
  if (!read) return undefined;
  const level = levelFor(read.achievement, levels);
  return level === undefined ? undefined : { level, achievement: read.achievement, how: read.how };
}

/** The highest fraction among the levels: the one that means the target was fully met. */
function topFraction(levels: Readonly<Record<string, Decimal>>): Decimal {
  let top = ZERO;
  for (const v of Object.values(levels)) if (gt(v, top)) top = v;
  return top;
}

/** The level of `levels` an achievement stands for: top, the 部分达成 one, the zero one. */
export function levelFor(a: Achievement, levels: Readonly<Record<string, Decimal>>): string | undefined {
  if (levels[LEVEL_NAMES[a]] !== undefined) return LEVEL_NAMES[a];
  const entries = Object.entries(levels);
  if (a === "full") {
    let top: [string, Decimal] | undefined;
    for (const e of entries) if (!top || gt(e[1], top[1])) top = e;
    return top?.[0];
  }
  if (a === "none") return entries.find(([, v]) => v.isZero())?.[0];
  return undefined;
}

/** The unit the target's figure is in: printed with it, or the indicator's unit column. */
function targetUnit(node: Indicator): { unit: string; conflict?: string } {
  const t = node.target;
  const column = canonicalUnit(node.unit);
  const printed = t?.unit ?? "";
  if (printed !== "" && column !== "" && !convertible(printed, column)) return { unit: printed, conflict: column };
  return { unit: printed || column };
}

/** An expert panel's spread is flagged above this share of the indicator's points, unless the scheme says (scheme.expertSpread, percent). */
export const DEFAULT_EXPERT_SPREAD_PERCENT = 20;

/**
 * 专家评议: the panel's result under the rule's method — the mean, the mean without the `trim`
 * highest and lowest (the plain mean when there are too few to trim: `tooFewToTrim`), or the
 * median (the mean of the middle two when the count is even). Unrounded; undefined for no scores.
 * @example panelResult([dec(6), dec(9), dec(10)], "median", 1)!.value // → 9
 */
export function panelResult(
  scores: readonly Decimal[],
  method: "mean" | "trimmedMean" | "median",
  trim = 1,
): { value: Decimal; how: Bilingual; tooFewToTrim: boolean } | undefined {
  if (scores.length === 0) return undefined;
  const sorted = [...scores].sort((a, b) => a.comparedTo(b));
  if (method === "median") {
    const mid = Math.floor(sorted.length / 2);
    const value = sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).dividedBy(2);
    return { value, how: bi("取中位数", "median"), tooFewToTrim: false };
  }
  if (method === "trimmedMean" && scores.length > 2 * trim) {
    const kept = sorted.slice(trim, sorted.length - trim);
    return {
      value: sum(kept).dividedBy(kept.length),
      how: bi(`去掉最高、最低各 ${trim} 个后平均`, `mean after dropping the ${trim} highest and lowest`),
      tooFewToTrim: false,
    };
  }
  return { value: sum(scores).dividedBy(scores.length), how: bi("算术平均", "mean"), tooFewToTrim: method === "trimmedMean" };
}

/**
 * How far a panel's experts disagree: the highest less the lowest score, flagged when it is above
 * `percent` (default DEFAULT_EXPERT_SPREAD_PERCENT) of the indicator's points.
 * @example expertSpread([dec(9), dec(4)], dec(10)) // → { spread: 5, margin: 2, flagged: true }
 */
export function expertSpread(
  scores: readonly Decimal[],
  points: Decimal,
  percent: Decimal = dec(DEFAULT_EXPERT_SPREAD_PERCENT),
): { spread: Decimal; margin: Decimal; flagged: boolean } {
  const margin = points.times(percent).dividedBy(HUNDRED);
  if (scores.length === 0) return { spread: ZERO, margin, flagged: false };
  const sorted = [...scores].sort((a, b) => a.comparedTo(b));
  const spread = sorted.at(-1)!.minus(sorted[0]!);
  return { spread, margin, flagged: gt(spread, margin) };
}

/**
 * Score one leaf against its points.
 * @example scoreLeaf({name:"城镇新增就业", weight: dec(10), target: parseTarget("≥20000"), actual: dec(21090)}, dec(10), ctx)
 *   // → score 10, explanation "目标“≥20000”：按正向比例计分；21090 ÷ 20000 = 105.45% ≥ 100% → 满分 10"
 */
/**
 * The state of scoring one leaf, with the helpers every rule uses (a class, so scoring a leaf
 * makes no closures of its own: a portfolio scores millions of leaves).
 */
class Leaf {
  readonly diags: LeafDiagnostic[] = [];
  readonly ruleInferred: boolean;
  readonly deductions: Array<{ reason: string; points: Decimal }>;
  readonly hasReason: boolean;
  readonly t: Target | undefined;
  #pText: string | undefined;
  levels: Readonly<Record<string, Decimal>> = DEFAULT_QUALITATIVE_LEVELS;
  lexicon: Lexicon = DEFAULT_LEXICON_MAP;

  constructor(
    readonly node: Indicator,
    readonly points: Decimal,
    readonly ctx: LeafContext,
    readonly rule: Rule | undefined,
  ) {
    this.ruleInferred = rule !== undefined && node.rule === undefined && rule.type !== "direct";
    this.deductions = node.deductions ?? [];
    this.hasReason = this.deductions.length > 0 || (node.reason?.trim().length ?? 0) > 0;
    this.t = node.target;
  }

  /** plain(points), computed when a diagnostic or an explanation needs it. */
  P(): string {
    return (this.#pText ??= plain(this.points));
  }

  prefix(): Bilingual | undefined {
    const { rule, t, node } = this;
    if (!this.ruleInferred || !rule || !t) return undefined;
    const dir = node.direction ?? impliedDirection(t, node.name);
    const kind =
      rule.type === "proportional"
        ? dir === "反向"
          ? bi("按反向比例计分", "scored by the inverse proportional rule")
          : bi("按正向比例计分", "scored by the proportional rule")
        : rule.type === "interval"
          ? bi("按区间计分", "scored by the interval rule")
          : bi("按定性分档计分", "scored by qualitative levels");
    let how = bi(`目标“${t.text}”：${kind.zh}`, `target "${t.text}": ${kind.en}`);
    if (t.implicit && isNumericTarget(t)) {
      how =
        dir === "反向"
          ? bi(
              `${how.zh}（未写比较符，“${node.name}”为成本、时间或投诉类指标，按“≤”理解）`,
              `${how.en} (no operator; "${node.name}" is a cost, time or complaint kind, read as "≤")`,
            )
          : bi(`${how.zh}（未写比较符，按“≥”理解）`, `${how.en} (no operator, read as "≥")`);
    }
    return how;
  }

  /** The explanation with how the rule was chosen and any note on reading the actual before it. */
  explain(explain: () => Bilingual, note?: Bilingual): Bilingual {
    const b = explain();
    const parts = [this.prefix(), note, b].filter((x): x is Bilingual => x !== undefined && x.zh !== "");
    return bi(parts.map((x) => x.zh).join("；"), parts.map((x) => x.en).join("; "));
  }

  done(raw: Decimal, explain: () => Bilingual, extra: Partial<LeafOutcome> = {}, note?: Bilingual): LeafOutcome {
    const { rule, deductions, points, diags } = this;
    let value = raw;
    let text = (): Bilingual => this.explain(explain, note);
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
      if (rule?.type === "direct")
        diags.push({ code: "score/above-points", severity: "error", params: { found: plain(value), expected: this.P() } });
      value = points;
    }
    if (value.isNegative()) {
      if (rule?.type === "direct") diags.push({ code: "score/negative", severity: "error", params: { found: plain(value) } });
      value = ZERO;
    }
    const score = round2(clamp(value, ZERO, points));
    // Object.assign copies `extra` as the spread did (same keys, same order), without the spread's cost.
    const out: LeafOutcome = {
      score,
      rule: rule?.type ?? "missing",
      explanation: lazyText(text),
      hasReason: this.hasReason,
      diagnostics: diags,
    };
    if (this.ruleInferred) out.ruleInferred = true;
    return Object.assign(out, extra);
  }

  /** Not scored: an error that says why, never a 0. */
  unscored(code: MessageKey, params: Record<string, string | number>, why: Bilingual, extra: Partial<LeafOutcome> = {}): LeafOutcome {
    this.diags.push({ code, severity: "error", params });
    const out: LeafOutcome = {
      rule: this.rule?.type ?? "missing",
      explanation: lazyText(() => this.explain(() => bi(`${why.zh} → 未评分`, `${why.en} → not scored`))),
      hasReason: this.hasReason,
      diagnostics: this.diags,
    };
    if (this.ruleInferred) out.ruleInferred = true;
    return Object.assign(out, extra);
  }

  levelList(): string {
    return Object.keys(this.levels).join("、");
  }

  /** An actual read as a level: its score, or unscored. */
  scoreLevel(text: string, actual: Decimal | string): LeafOutcome {
    const { levels, points } = this;
    const found = levelOf(text, levels, this.lexicon, this.t, this.ctx.words);
    if (!found) {
      return this.unscored(
        "score/unknown-level",
        { found: text, expected: this.levelList() },
        bi(`“${text}”不是定性档次（${this.levelList()}）`, `"${text}" is not a level (${this.levelList()})`),
        { actual },
      );
    }
    const { level } = found;
    const fraction = levels[level]!;
    const top = topFraction(levels);
    const raw = points.times(fraction);
    const read =
      found.how === "level"
        ? bi(text, text)
        : found.how === "same-as-target"
          ? bi(`“${text}”与目标相符，即${level}`, `"${text}" matches the target: ${level}`)
          : bi(`“${text}”视为${level}`, `"${text}" read as ${level}`);
    return this.done(
      raw,
      () => {
        const s = round2(raw);
        return bi(
          `${read.zh}（${level}，${pct(fraction)}）× ${this.P()} = ${formatScore(s)}`,
          `${read.en} (${level}, ${pct(fraction)}) × ${this.P()} = ${formatScore(s)}`,
        );
      },
      { actual, met: eq(fraction, top), comparison: () => `${text}` },
    );
  }
}

export function scoreLeaf(node: Indicator, points: Decimal, ctx: LeafContext): LeafOutcome {
  const rule = defaultRule(node);
  const k = new Leaf(node, points, ctx, rule);
  const { diags, t, deductions } = k;
  if (!rule)
    return k.unscored(
      "score/no-rule",
      {},
      bi("未设定评分规则，也没有可据以推断的指标值", "no scoring rule and no target to infer one from"),
    );
  const levels = (rule.type === "qualitative" ? rule.levels : undefined) ?? ctx.levels ?? DEFAULT_QUALITATIVE_LEVELS;
  k.levels = levels;
  const lexicon = (k.lexicon = ctx.lexicon ?? DEFAULT_LEXICON_MAP);

  switch (rule.type) {
    case "direct": {
      const s = node.score ?? ZERO;
      // Where target and actual are both known, say whether the target was met (for checks).
      const actual = actualOf(node, ctx, diags);
      let extra: Partial<LeafOutcome> = { actual };
      if (t && isNumericTarget(t) && actual !== undefined) {
        const { unit, conflict } = targetUnit(node);
        const r = conflict === undefined ? readActual(actual, unit) : undefined;
        if (r?.kind === "number") {
          const dir = node.direction ?? impliedDirection(t, node.name);
          const v = r.value;
          extra = { actual, actualValue: v, unit: r.unit, met: isMet(t, v, dir), comparison: () => `${plain(v)}${r.unit} vs ${t.text}` };
        }
      } else if (t && actual !== undefined && typeof actual === "string") {
        // A worded target with a worded actual ("符合相关文件要求" / "符合相关文件要求", "按时" /
        // "已完成"): met when the actual reads as fully achieved; a date against a deadline.
        const r = t.op === "deadline" ? readActual(actual, "") : undefined;
        if (r?.kind === "date" && t.deadline) {
          const ok = onOrBefore(r.date, t.deadline);
          extra = { actual, met: ok, comparison: () => `${r.text} vs ${t.text}` };
        } else {
          const found = levelOf(actual, levels, lexicon, t, ctx.words);
          if (found) {
            const fraction = levels[found.level]!;
            extra = { actual, met: eq(fraction, topFraction(levels)), comparison: () => `${actual} vs ${t.text}` };
          }
        }
      }
      return k.done(s, () => bi(`直接赋分 ${plain(s)}`, `score entered directly: ${plain(s)}`), extra);
    }
    case "deduction": {
      const d = sum(deductions.map((x) => x.points));
      const list = deductions.map((x) => ` − ${plain(x.points)}（${x.reason}）`).join("");
      const listEn = deductions.map((x) => ` − ${plain(x.points)} (${x.reason})`).join("");
      const raw = points.minus(d);
      return k.done(raw, () => {
        const s = round2(clamp(raw, ZERO, points));
        return bi(`${k.P()}${list} = ${formatScore(s)}`, `${k.P()}${listEn} = ${formatScore(s)}`);
      });
    }
    case "checklist": {
      const items = rule.items;
      const open = items.filter((i) => i.met === undefined);
      if (open.length > 0) {
        const names = open.map((i) => i.name).join("、");
        return k.unscored(
          "score/unscored",
          { detail: `清单项未评定：${names}` },
          bi(`清单项未评定：${names}`, `checklist items not assessed: ${names}`),
        );
      }
      if (rule.mode === "award") {
        const got = sum(items.filter((i) => i.met).map((i) => i.points));
        const parts = items.map((i) => `${i.name}${i.met ? "✓" : "✗"}`).join("，");
        return k.done(got, () => bi(`清单得分：${parts} → ${plain(got)}`, `checklist: ${parts} → ${plain(got)}`), {
          met: items.every((i) => i.met),
        });
      }
      const lost = sum(items.filter((i) => !i.met).map((i) => i.points));
      const failed = items.filter((i) => !i.met).map((i) => `${i.name}（−${plain(i.points)}）`);
      return k.done(
        points.minus(lost),
        () =>
          bi(
            `${k.P()} − 问题：${failed.join("，") || "无"} = ${plain(points.minus(lost))}`,
            `${k.P()} − problems: ${failed.join(", ") || "none"} = ${plain(points.minus(lost))}`,
          ),
        {
          met: failed.length === 0,
          hasReason: k.hasReason || failed.length > 0,
        },
      );
    }
    case "expert": {
      const scores = rule.scores.map((s) => s.score);
      for (const s of rule.scores) {
        if (s.score.isNegative() || gt(s.score, points)) {
          diags.push({
            code: "score/expert-range",
            severity: "error",
            params: { expert: s.expert, found: plain(s.score), expected: k.P() },
          });
        }
      }
      if (scores.length === 0) {
        return k.unscored("score/unscored", { detail: "尚无专家评分 / no expert scores yet" }, bi("尚无专家评分", "no expert scores yet"));
      }
      const panel = panelResult(scores, rule.method, rule.trim)!;
      if (panel.tooFewToTrim) diags.push({ code: "score/trim-too-few", severity: "warning", params: { found: scores.length } });
      const { how, value: mean } = panel;
      const list = rule.scores.map((s) => `${s.expert} ${plain(s.score)}`).join("，");
      return k.done(
        mean,
        () =>
          bi(
            `专家评分（${list}）${how.zh} = ${formatScore(round2(mean))}`,
            `expert scores (${list}), ${how.en} = ${formatScore(round2(mean))}`,
          ),
        {
          hasReason: true,
        },
      );
    }
    case "formula": {
      const actual = actualOf(node, ctx, diags);
      const scope: Record<string, Decimal> = { ...ctx.variables, ...(node.inputs ?? {}), points, weight: points };
      let note: Bilingual | undefined;
      if (actual !== undefined) {
        const { unit } = targetUnit(node);
        const r = readActual(actual, unit);
        if (r.kind === "number") {
          scope["actual"] = r.value;
          note = r.note;
        } else if (r.kind === "error") {
          return k.unscored(
            r.code,
            r.params,
            bi(`实际值“${String(actual)}”的单位无法换算`, `the unit of "${String(actual)}" cannot be converted`),
            { actual },
          );
        }
      }
      if (t?.value) scope["target"] = t.value;
      if (t?.min) scope["targetMin"] = t.min;
      if (t?.max) scope["targetMax"] = t.max;
      try {
        const v = evaluateNumber(rule.expression, scope);
        return k.done(
          v,
          () =>
            bi(
              `公式 ${rule.expression} = ${formatScore(round2(clamp(v, ZERO, points)))}`,
              `formula ${rule.expression} = ${formatScore(round2(clamp(v, ZERO, points)))}`,
            ),
          { actual, hasReason: true },
          note,
        );
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        if (err.code === "unknown-variable" && actual === undefined) {
          return k.unscored("score/missing-actual", {}, bi("缺少实际完成值", "no actual value"));
        }
        return k.unscored(
          "score/expression",
          { expr: rule.expression, detail: err.message },
          bi("公式无法计算", "the formula cannot be evaluated"),
          { actual },
        );
      }
    }
    case "qualitative": {
      const actual = actualOf(node, ctx, diags);
      if (actual === undefined) return k.unscored("score/missing-actual", {}, bi("缺少实际完成情况", "no actual"));
      const text = typeof actual === "string" ? actual : plain(actual);
      if (t?.op === "deadline" && t.deadline) {
        const r = readActual(actual, "");
        if (r.kind === "date") {
          const ok = onOrBefore(r.date, t.deadline);
          const level = levelFor(ok ? "full" : "none", levels);
          if (level !== undefined) {
            const fraction = levels[level]!;
            const raw = points.times(fraction);
            return k.done(
              raw,
              () =>
                bi(
                  `完成时间“${r.text}”${ok ? "不晚于" : "晚于"}时限“${t.text}”（${level}，${pct(fraction)}）× ${k.P()} = ${formatScore(round2(raw))}`,
                  `done "${r.text}", ${ok ? "within" : "after"} the deadline "${t.text}" (${level}, ${pct(fraction)}) × ${k.P()} = ${formatScore(round2(raw))}`,
                ),
              { actual, met: ok, comparison: () => `${r.text} vs ${t.text}` },
            );
          }
        }
      }
      // 0 against a word or a date: nothing achieved yet.
      const zero = typeof actual === "string" ? /^0+(?:\.0+)?$/.test(normalise(actual)) : actual.isZero();
      if (zero && t && !isNumericTarget(t)) {
        const level = levelFor("none", levels);
        if (level !== undefined) {
          return k.done(ZERO.times(points), () => bi(`实际值为 0，视为${level} → 0`, `the actual is 0: ${level} → 0`), {
            actual,
            met: false,
            comparison: () => "0",
          });
        }
      }
      if (typeof actual !== "string" && t?.op === "qualitative") {
        return k.unscored(
          "score/unknown-level",
          { found: text, expected: k.levelList() },
          bi(`“${text}”不是定性档次（${k.levelList()}）`, `"${text}" is not a level (${k.levelList()})`),
          { actual },
        );
      }
      if (typeof actual !== "string" && t && isNumericTarget(t)) {
        return k.unscored(
          "rule/target-mismatch",
          { detail: `定性分档不能给数值“${text}”评分 / qualitative levels cannot score the number ${text}` },
          bi("定性分档不能给数值评分", "qualitative levels cannot score a number"),
          { actual },
        );
      }
      return k.scoreLevel(text, actual);
    }
    case "proportional":
    case "interval":
    case "step": {
      const actual = actualOf(node, ctx, diags);
      if (actual === undefined) return k.unscored("score/missing-actual", {}, bi("缺少实际完成值", "no actual value"));
      if (rule.type !== "step" && (!t || !isNumericTarget(t))) {
        // A word against a word ("合规" / "达成预期指标") under a numeric rule: the rule was chosen
        // for another target. Say so rather than guess.
        const name = RULE_NAMES[rule.type]!;
        return k.unscored(
          "score/no-target",
          { rule: name.zh, target: t?.text ?? "-" },
          bi(`${name.zh}需要数值目标`, `${name.en} needs a numeric target`),
          { actual },
        );
      }
      const { unit, conflict } = targetUnit(node);
      if (conflict !== undefined) {
        return k.unscored(
          "unit/mismatch",
          { what: "指标值 / the target", expected: unit, found: conflict },
          bi(`指标值单位“${unit}”与计量单位“${conflict}”不一致`, `the target's unit "${unit}" differs from the unit column "${conflict}"`),
          { actual },
        );
      }
      const r = readActual(actual, unit);
      if (r.kind === "error") {
        return k.unscored(
          r.code,
          r.params,
          bi(`实际值“${String(actual)}”的单位无法换算为“${unit}”`, `the unit of "${String(actual)}" cannot be converted to "${unit}"`),
          { actual },
        );
      }
      if (r.kind === "date") {
        return k.unscored(
          "score/unreadable-actual",
          { found: r.text, expected: NUMBER_FORMS },
          bi(`实际值“${r.text}”是日期，不是数值`, `the actual "${r.text}" is a date, not a number`),
          { actual },
        );
      }
      if (r.kind === "level") {
        // "达成预期指标" against "≥95%": a word that says how far the target was met.
        if (rule.type === "step") {
          return k.unscored(
            "score/unreadable-actual",
            { found: r.text, expected: NUMBER_FORMS },
            bi(`阶梯扣分需要数值，实际值“${r.text}”不是数值`, `the step rule needs a number; "${r.text}" is not one`),
            { actual },
          );
        }
        const found = levelOf(r.text, levels, lexicon, t, ctx.words);
        if (!found) {
          return k.unscored(
            "score/unreadable-actual",
            { found: r.text, expected: `${NUMBER_FORMS}；或 ${k.levelList()}` },
            bi(`实际值“${r.text}”既不是数值也不是定性档次`, `the actual "${r.text}" is neither a number nor a level`),
            { actual },
          );
        }
        return k.scoreLevel(r.text, actual);
      }
      const value = r.value;
      const extra = { actual, actualValue: value, unit: r.unit };
      if (rule.type === "step") {
        const mismatch =
          t && isNumericTarget(t) ? stepMismatch(rule, t, node.direction ?? impliedDirection(t, node.name), value) : undefined;
        if (mismatch) return k.unscored("rule/target-mismatch", { detail: mismatch.zh }, mismatch, extra);
        return stepRule(rule, value, r.unit, points, k, extra, r.note);
      }
      if (rule.type === "interval" || t!.op === "between")
        return intervalRule(rule.type === "interval" ? rule : { type: "interval" }, t!, value, r.unit, points, k, extra, r.note);
      return proportional(t!, node.direction ?? impliedDirection(t!, node.name), value, r.unit, points, k, diags, extra, r.note);
    }
  }
}

type Done = Leaf;

/**
 * A step rule that contradicts its target: it deducts on the side the target allows, or gives
 * full points to an actual the target says missed (a template's "threshold 0" left on a renamed
 * indicator: "≤500万元" with 520 scored full).
 */
function stepMismatch(rule: Extract<Rule, { type: "step" }>, t: Target, direction: Direction, actual: Decimal): Bilingual | undefined {
  const op = effectiveOp(t, direction);
  const describe = rule.when === "above" ? `超过 ${plain(rule.threshold)} 扣分` : `低于 ${plain(rule.threshold)} 扣分`;
  const describeEn = rule.when === "above" ? `deducts above ${plain(rule.threshold)}` : `deducts below ${plain(rule.threshold)}`;
  if ((op === "lte" || op === "lt") && rule.when === "below") {
    return bi(`阶梯扣分（${describe}）与目标“${t.text}”方向相反`, `the step rule (${describeEn}) runs against the target "${t.text}"`);
  }
  if ((op === "gte" || op === "gt") && rule.when === "above") {
    return bi(`阶梯扣分（${describe}）与目标“${t.text}”方向相反`, `the step rule (${describeEn}) runs against the target "${t.text}"`);
  }
  const met = isMet(t, actual, direction);
  const excess = rule.when === "above" ? actual.minus(rule.threshold) : rule.threshold.minus(actual);
  if (met === false && !gt(excess, ZERO)) {
    return bi(
      `实际值 ${plain(actual)} 未达到目标“${t.text}”，阶梯扣分（${describe}）却给满分`,
      `${plain(actual)} misses the target "${t.text}", yet the step rule (${describeEn}) gives full points`,
    );
  }
  return undefined;
}

function proportional(
  t: Target,
  direction: Direction,
  actual: Decimal,
  unit: string,
  points: Decimal,
  done: Done,
  diags: LeafDiagnostic[],
  base: Partial<LeafOutcome>,
  note?: Bilingual,
): LeafOutcome {
  const target = t.value!;
  const op = effectiveOp(t, direction);
  const met = isMet(t, actual, direction) ?? false;
  const comparison = (): string => `${plain(actual)}${unit} ${met ? (OPS[op] ?? "") : "vs"} ${plain(target)}${unit}`;
  // 反向 (less is better): target / actual; 正向: actual / target. "=" misses on either side.
  const reverse = op === "lte" || op === "lt" || (op === "eq" && gt(actual, target));
  const num = reverse ? target : actual;
  const den = reverse ? actual : target;
  const P = (): string => plain(points);
  const extra = { ...base, met, comparison };
  if (met) {
    if (den.isZero())
      return done.done(points, () => bi(`${comparison()} → 满分 ${P()}`, `${comparison()} → full points ${P()}`), extra, note);
    const head = (): string => `${plain(num)} ÷ ${plain(den)} = ${pct(num.dividedBy(den))}`;
    return done.done(points, () => bi(`${head()} ≥ 100% → 满分 ${P()}`, `${head()} ≥ 100% → full points ${P()}`), extra, note);
  }
  if (den.isZero() || num.isNegative() || den.isNegative()) {
    diags.push({
      code: "rate/zero-denominator",
      severity: "error",
      params: { what: "完成率 / completion rate", detail: `${plain(num)} ÷ ${plain(den)}` },
    });
    return done.done(
      ZERO,
      () => bi(`${plain(num)} ÷ ${plain(den)} 无法按比例计分 → 0`, `${plain(num)} ÷ ${plain(den)} cannot be scored pro rata → 0`),
      extra,
      note,
    );
  }
  const head = (): string => `${plain(num)} ÷ ${plain(den)} = ${pct(num.dividedBy(den))}`;
  // Missed: num < den, so num × points / den < points (one division, then rounding).
  const raw = gt(num, den) ? points : num.times(points).dividedBy(den);
  return done.done(
    raw,
    () =>
      bi(
        `${head()} < 100% → ${pct(num.dividedBy(den))} × ${P()} = ${formatScore(round2(raw))}`,
        `${head()} < 100% → ${pct(num.dividedBy(den))} × ${P()} = ${formatScore(round2(raw))}`,
      ),
    extra,
    note,
  );
}

function intervalRule(
  rule: Extract<Rule, { type: "interval" }>,
  t: Target,
  actual: Decimal,
  unit: string,
  points: Decimal,
  done: Done,
  base: Partial<LeafOutcome>,
  note?: Bilingual,
): LeafOutcome {
  const lo = t.min ?? t.value!;
  const hi = t.max ?? t.value!;
  const range = (): string => `[${plain(lo)}${unit}, ${plain(hi)}${unit}]`;
  const a = (): string => `${plain(actual)}${unit}`;
  if (gte(actual, lo) && lte(actual, hi)) {
    return done.done(
      points,
      () => bi(`${a()} 在 ${range()} 内 → 满分 ${plain(points)}`, `${a()} is within ${range()} → full points ${plain(points)}`),
      {
        ...base,
        met: true,
        comparison: () => `${a()} ∈ ${range()}`,
      },
      note,
    );
  }
  const below = lt(actual, lo);
  const distance = below ? lo.minus(actual) : actual.minus(hi);
  const side = (): Bilingual =>
    below
      ? bi(`低于下限 ${plain(lo)}${unit}`, `below ${plain(lo)}${unit}`)
      : bi(`高于上限 ${plain(hi)}${unit}`, `above ${plain(hi)}${unit}`);
  const outside = { ...base, met: false, comparison: () => `${a()} ∉ ${range()}` };
  const perStep = rule.deductionPerStep;
  if (perStep !== undefined) {
    const step = rule.step ?? ONE;
    const steps = partialSteps(distance.dividedBy(step), rule.partial);
    const raw = points.minus(steps.times(perStep));
    return done.done(
      raw,
      () => {
        const s = formatScore(round2(clamp(raw, ZERO, points)));
        const [P, d, k, n] = [plain(points), plain(distance), plain(perStep), plain(steps)];
        return bi(
          `${a()} ${side().zh} ${d}，每 ${plain(step)} 扣 ${k} 分：${P} − ${n} × ${k} = ${s}`,
          `${a()} is ${side().en} by ${d}, ${k} off per ${plain(step)}: ${P} − ${n} × ${k} = ${s}`,
        );
      },
      outside,
      note,
    );
  }
  // No step given: pro rata to the nearest bound.
  const raw = below
    ? lo.isZero() || actual.isNegative()
      ? ZERO
      : actual.times(points).dividedBy(lo)
    : actual.isZero()
      ? ZERO
      : hi.times(points).dividedBy(actual);
  return done.done(
    raw,
    () => {
      const ratio = below ? (lo.isZero() ? ZERO : actual.dividedBy(lo)) : actual.isZero() ? ZERO : hi.dividedBy(actual);
      const s = formatScore(round2(clamp(raw, ZERO, points)));
      return bi(
        `${a()} ${side().zh}，按比例：${pct(ratio)} × ${plain(points)} = ${s}`,
        `${a()} is ${side().en}, pro rata: ${pct(ratio)} × ${plain(points)} = ${s}`,
      );
    },
    outside,
    note,
  );
}

function stepRule(
  rule: Extract<Rule, { type: "step" }>,
  actual: Decimal,
  unit: string,
  points: Decimal,
  done: Done,
  base: Partial<LeafOutcome>,
  note?: Bilingual,
): LeafOutcome {
  const excess = rule.when === "above" ? actual.minus(rule.threshold) : rule.threshold.minus(actual);
  if (!gt(excess, ZERO)) {
    const cmp = rule.when === "above" ? "≤" : "≥";
    const comparison = (): string => `${plain(actual)}${unit} ${cmp} ${plain(rule.threshold)}${unit}`;
    return done.done(
      points,
      () => bi(`${comparison()} → 满分 ${plain(points)}`, `${comparison()} → full points ${plain(points)}`),
      { ...base, met: true, comparison },
      note,
    );
  }
  const steps = partialSteps(excess.dividedBy(rule.step), rule.partial);
  const raw = points.minus(steps.times(rule.deduct));
  return done.done(
    raw,
    () => {
      const s = formatScore(round2(clamp(raw, ZERO, points)));
      const dir = rule.when === "above" ? bi("超过", "above") : bi("低于", "below");
      const [a, P, th, e, n, k, st] = [
        plain(actual) + unit,
        plain(points),
        plain(rule.threshold) + unit,
        plain(excess),
        plain(steps),
        plain(rule.deduct),
        plain(rule.step),
      ];
      return bi(
        `${a} ${dir.zh} ${th} ${e}，每${dir.zh} ${st} 扣 ${k} 分：${P} − ${n} × ${k} = ${s}`,
        `${a} is ${e} ${dir.en} ${th}, ${k} off per ${st}: ${P} − ${n} × ${k} = ${s}`,
      );
    },
    {
      ...base,
      met: false,
      comparison: () => `${plain(actual)}${unit} ${rule.when === "above" ? ">" : "<"} ${plain(rule.threshold)}${unit}`,
    },
    note,
  );
}
