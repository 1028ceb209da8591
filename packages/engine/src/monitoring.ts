/**
 * 运行监控 (in-year monitoring, the "双监控" of budget execution and target completion): the
 * monitoring form of a project or a department for months 1–M, and its warning lights.
 *
 * The rules are data (`MONITORING_RULES`, overridable per call); the defaults are those of the
 * monitoring issue (docs/monitoring.md):
 *  - budget: (Σ执行数 ÷ Σ调整后预算) ÷ (M/12) × 100 — below 60 red, 60 to below 80 yellow, 80
 *    or more green; a zero budget is red with its own message;
 *  - a ≥ indicator: 完成值 ÷ (年度指标值 ÷ 12 × M) × 100 — 0 red, below 60 red, 60 to below 80
 *    yellow, 80 to below 120 green, 120 or more blue (ahead of plan);
 *  - a ≤ indicator: 完成值 ≤ 年度指标值 green, otherwise red;
 *  - a qualitative indicator: 达成 green, 部分达成 yellow, 未达成 red (the lexicon of lexicon.ts);
 *  - the project's light is its worst (red > yellow > green > blue); a late or missing report
 *    is its own flag, not a colour.
 *
 * Boundaries are decided on the EXACT ratio (Decimal), never on the rounded one: 59.996 is
 * below 60 and red although it is shown as "60.00". Ratios are shown with 2 decimals, half-up.
 */
import * as z from "zod";
import { cachedTarget } from "./cache.js";
import type { Diagnostic, Severity } from "./checks.js";
import { type Decimal, HUNDRED, dec, fixed, groupThousands, plain, sum } from "./exact.js";
import { cmp } from "./fast.js";
import { type Achievement, DEFAULT_LEXICON_MAP, LEVEL_NAMES, readAchievement } from "./lexicon.js";
import { type Bilingual, type MessageKey, type MessageParams, bi, msg } from "./messages.js";
import { DecimalInput, MoneyUnit, Printed } from "./model.js";
import { convert, isPercentUnit, normalise, readQuantity } from "./quantity.js";
import { type Target, effectiveOp, impliedDirection, onOrBefore, readDeadline } from "./target.js";

const Text = z.string().min(1);
const IsoDate = z.iso.date();
/** A date, or a date and time (ISO 8601); only the date counts for timeliness. */
const IsoDateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })]);

/** 偏差原因 categories of the monitoring form; several may be ticked. */
export const DeviationCause = z.enum(["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]);
/** 完成目标可能性 */
export const CompletionLikelihood = z.enum(["确定能", "有可能", "完全不可能"]);
/** 财政部门监控结论 per project. */
export const MonitoringConclusion = z.enum(["无问题", "督促整改", "调整预算", "暂缓拨款", "暂停实施"]);
/** 监控方式: 一般监控 (by the department) or 重点监控 (by the finance bureau). */
export const MonitoringMode = z.enum(["一般监控", "重点监控"]);

/** One fund source's budget execution. */
export const MonitoringBudgetLineSchema = z.strictObject({
  /** 资金来源 (财政拨款, 上级补助, 其他资金 …) */
  source: Text,
  /** 年初预算 */
  initialBudget: DecimalInput.optional(),
  /** 调整后预算 (全年预算数) */
  adjustedBudget: DecimalInput,
  /** 1–M月执行数 */
  executed: DecimalInput,
  note: z.string().optional(),
});

/** One indicator row of the monitoring form. */
export const MonitoringIndicatorSchema = z.strictObject({
  id: Text.max(100).optional(),
  /** 一级指标 */
  level1: z.string().max(100).optional(),
  /** 二级指标 */
  level2: z.string().max(100).optional(),
  /** 三级指标 */
  name: Text.max(200),
  /** 年度指标值 as written ("≥5000人", "≤150万元", "达成") */
  target: z
    .union([z.string().min(1), z.number()])
    .transform((v) => String(v).trim())
    .meta({ description: "年度指标值（原样） / the annual target as written" }),
  /** 度量单位, when the form has its own column */
  unit: z.string().max(20).optional(),
  /** 1–M月完成值 as written (a figure, or 达成 / 部分达成 / 未达成 …); absent when not reported */
  actual: Printed.optional(),
  /** 全年预计完成值 */
  forecast: Printed.optional(),
  /** 偏差原因 */
  deviation: z
    .strictObject({
      causes: z.array(DeviationCause).max(5).default([]),
      text: z.string().optional(),
    })
    .optional(),
  /** 完成目标可能性 */
  likelihood: CompletionLikelihood.optional(),
  /** 纠偏措施 */
  measures: z.string().optional(),
  /** 佐证材料 (evidence ids or file names) */
  evidence: z.array(z.string().min(1).max(500)).max(100).optional(),
});

export const MonitoringReportSchema = z
  .strictObject({
    /** 项目 or 部门整体 */
    kind: z.enum(["项目", "部门整体"]).default("项目"),
    /** 预算年度 */
    fiscalYear: z.int().min(1990).max(2100),
    /** 项目名称 / 部门名称 */
    name: Text.max(200),
    /** 项目编码 */
    code: z.string().max(100).optional(),
    /** 主管部门 */
    department: z.string().max(200).optional(),
    /** 实施单位 */
    implementer: z.string().max(200).optional(),
    mode: MonitoringMode.optional(),
    /** The period reported: months 1–M (1–7月 → 7). */
    month: z.int().min(1).max(12).optional(),
    /** 报送截止日期 */
    deadline: IsoDate.optional(),
    /** 报送时间; absent: not yet submitted */
    submittedAt: IsoDateOrTime.optional(),
    /** Unit of every amount. Default 万元. */
    unit: MoneyUnit.default("万元"),
    /** 预算执行情况, by fund source */
    budget: z.array(MonitoringBudgetLineSchema).max(200),
    /** 绩效目标完成情况 */
    indicators: z.array(MonitoringIndicatorSchema).max(2000),
    /** 财政部门监控结论 with its reason */
    conclusion: z.strictObject({ decision: MonitoringConclusion, reason: z.string().optional() }).optional(),
    note: z.string().optional(),
  })
  .meta({
    title: "绩效运行监控表 / in-year monitoring report",
    description: "Budget execution and target completion of a project or a department for months 1–M.",
  });

export type MonitoringReportInput = z.input<typeof MonitoringReportSchema>;
export type MonitoringReport = z.output<typeof MonitoringReportSchema>;
export type MonitoringIndicator = z.output<typeof MonitoringIndicatorSchema>;
export type MonitoringBudgetLine = z.output<typeof MonitoringBudgetLineSchema>;

// ── lights and rules ───────────────────────────────────────────────────────────────────────

/** A warning light (预警灯). Blue: ahead of plan. */
export type Light = "red" | "yellow" | "green" | "blue";
/** Worst first: the order the roll-up uses. */
export const LIGHT_ORDER: readonly Light[] = ["red", "yellow", "green", "blue"];
export const LIGHT_NAMES: Readonly<Record<Light, { zh: string; en: string }>> = {
  red: { zh: "红灯", en: "red" },
  yellow: { zh: "黄灯", en: "yellow" },
  green: { zh: "绿灯", en: "green" },
  blue: { zh: "蓝灯", en: "blue" },
};

const LightSchema = z.enum(["red", "yellow", "green", "blue"]);

/** The warning-light thresholds as data (percentages). Every field may be overridden. */
export const MonitoringRulesSchema = z.strictObject({
  budget: z
    .strictObject({
      /** Below this: red. */
      redBelow: DecimalInput.prefault(60),
      /** Below this (and not red): yellow; otherwise green. */
      yellowBelow: DecimalInput.prefault(80),
    })
    .prefault({ redBelow: 60, yellowBelow: 80 }),
  /** A ≥ indicator (more is better): progress against the time elapsed. */
  progress: z
    .strictObject({
      redBelow: DecimalInput.prefault(60),
      yellowBelow: DecimalInput.prefault(80),
      /** At or above this: blue (ahead of plan). */
      blueFrom: DecimalInput.prefault(120),
      /**
       * Whether a percentage target (a rate: 满意度 ≥90%, 合格率 100%) is pro-rated by M/12 like a
       * count. Default false: a rate is a level, not a sum, and is compared with the full target.
       */
      prorateRates: z.boolean().prefault(false),
    })
    .prefault({ redBelow: 60, yellowBelow: 80, blueFrom: 120, prorateRates: false }),
  /** A qualitative indicator: the light of each achievement level. */
  qualitative: z
    .strictObject({ full: LightSchema.prefault("green"), partial: LightSchema.prefault("yellow"), none: LightSchema.prefault("red") })
    .prefault({ full: "green", partial: "yellow", none: "red" }),
});
export type MonitoringRulesInput = z.input<typeof MonitoringRulesSchema>;
export type MonitoringRules = z.output<typeof MonitoringRulesSchema>;

/** The default rules (the monitoring issue's thresholds). */
export const MONITORING_RULES: MonitoringRules = MonitoringRulesSchema.parse({});

/** 报送及时性: submitted by the deadline, late, missing (not submitted, deadline passed) or pending. */
export type Timeliness = "on-time" | "late" | "missing" | "pending" | "no-deadline";

/** What kind of rule lit an indicator. */
export type IndicatorRuleKind = "progress" | "ceiling" | "range" | "qualitative";

/** The light of one indicator; `light` is absent when nothing was reported or it cannot be read. */
export interface IndicatorLight {
  /** Row index in `report.indicators`. */
  index: number;
  name: string;
  rule?: IndicatorRuleKind;
  light?: Light;
  /** The exact ratio in percent (progress and ceiling rules). */
  ratio?: Decimal;
  /** The ratio shown: 2 decimals, half-up ("85.71"). */
  ratioText?: string;
  /** The formula with the numbers filled in. */
  formula?: Bilingual;
  /** Why this light, in words. */
  explanation: Bilingual;
}

/** The budget execution light, overall and per fund source. */
export interface BudgetLight {
  light: Light;
  /** Exact ratio in percent; absent for a zero budget. */
  ratio?: Decimal;
  ratioText?: string;
  /** 执行率 Σ执行数 ÷ Σ调整后预算 (exact, percent). */
  executionRate?: Decimal;
  /** 时间进度 M/12 (exact, percent). */
  timeProgress: Decimal;
  formula: Bilingual;
  explanation: Bilingual;
  /** Per fund source; a source with zero budget and zero spending is left out. */
  lines: Array<{ source: string; light: Light; ratio?: Decimal; ratioText?: string; formula: Bilingual }>;
}

export interface TimelinessResult {
  status: Timeliness;
  /** True for a late or missing report. */
  flag: boolean;
  message: Bilingual;
}

export interface MonitoringResult {
  month: number;
  /** The worst of the budget light and the indicator lights. */
  light: Light;
  timeliness: TimelinessResult;
  budget: BudgetLight;
  indicators: IndicatorLight[];
  /** Problems with the form itself (a month that differs from the report's, an unreadable value). */
  diagnostics: Diagnostic[];
}

// ── the lights ─────────────────────────────────────────────────────────────────────────────

export interface MonitorOptions {
  /** Months elapsed (1–12): the period 1–M月 the completion values cover. */
  month: number;
  /** Threshold overrides, merged over `MONITORING_RULES`. */
  rules?: MonitoringRulesInput;
  /** Today's date (ISO, passed in: the engine reads no clock), for a missing report. */
  today?: string;
}

const ACHIEVEMENT_NAMES: Record<Achievement, Bilingual> = {
  full: bi(LEVEL_NAMES.full, "fully achieved"),
  partial: bi(LEVEL_NAMES.partial, "partly achieved"),
  none: bi(LEVEL_NAMES.none, "not achieved"),
};

/** The worse of two lights (red > yellow > green > blue). */
export function worseLight(a: Light, b: Light): Light {
  return LIGHT_ORDER.indexOf(a) <= LIGHT_ORDER.indexOf(b) ? a : b;
}

/** The worst of several lights; green when there are none. */
export function worstLight(lights: Iterable<Light>): Light {
  let out: Light | undefined;
  for (const l of lights) out = out === undefined ? l : worseLight(out, l);
  return out ?? "green";
}

/** A ratio shown: 2 decimals, half-up ("85.71"). Decisions use the exact value. */
export function ratioText(ratio: Decimal): string {
  return fixed(ratio, 2);
}

const money = (v: Decimal): string => groupThousands(plain(v));
const lightName = (l: Light): Bilingual => LIGHT_NAMES[l];

/** Light of a progress ratio (percent): 0 red, then the bands of `rules`. */
function progressBand(ratio: Decimal, r: MonitoringRules["progress"]): { light: Light; band: Bilingual } {
  if (cmp(ratio, r.redBelow) < 0) return { light: "red", band: bi(`低于 ${plain(r.redBelow)}`, `below ${plain(r.redBelow)}`) };
  if (cmp(ratio, r.yellowBelow) < 0)
    return {
      light: "yellow",
      band: bi(
        `在 ${plain(r.redBelow)} 至 ${plain(r.yellowBelow)} 之间（不含）`,
        `from ${plain(r.redBelow)} to below ${plain(r.yellowBelow)}`,
      ),
    };
  if (cmp(ratio, r.blueFrom) < 0)
    return {
      light: "green",
      band: bi(
        `在 ${plain(r.yellowBelow)} 至 ${plain(r.blueFrom)} 之间（不含）`,
        `from ${plain(r.yellowBelow)} to below ${plain(r.blueFrom)}`,
      ),
    };
  return { light: "blue", band: bi(`达到 ${plain(r.blueFrom)} 及以上，超进度`, `${plain(r.blueFrom)} or more, ahead of plan`) };
}

function budgetBand(ratio: Decimal, r: MonitoringRules["budget"]): { light: Light; band: Bilingual } {
  if (cmp(ratio, r.redBelow) < 0) return { light: "red", band: bi(`低于 ${plain(r.redBelow)}`, `below ${plain(r.redBelow)}`) };
  if (cmp(ratio, r.yellowBelow) < 0)
    return {
      light: "yellow",
      band: bi(
        `在 ${plain(r.redBelow)} 至 ${plain(r.yellowBelow)} 之间（不含）`,
        `from ${plain(r.redBelow)} to below ${plain(r.yellowBelow)}`,
      ),
    };
  return { light: "green", band: bi(`达到 ${plain(r.yellowBelow)} 及以上`, `${plain(r.yellowBelow)} or more`) };
}

/** Budget ratio in percent: (executed ÷ budget) ÷ (M/12) × 100, one exact division. */
function budgetRatio(executed: Decimal, budget: Decimal, month: number): Decimal {
  return executed.times(1200).dividedBy(budget.times(month));
}

function budgetLight(report: MonitoringReport, month: number, rules: MonitoringRules): BudgetLight {
  const timeProgress = dec(month).times(HUNDRED).dividedBy(12);
  const unit = report.unit;
  const one = (executed: Decimal, budget: Decimal): { light: Light; ratio?: Decimal; formula: Bilingual; explanation: Bilingual } => {
    if (budget.isZero()) {
      const m = msg("monitor/budget-zero");
      return { light: "red", formula: m, explanation: m };
    }
    const ratio = budgetRatio(executed, budget, month);
    const formula = msg("monitor/budget", {
      executed: `${money(executed)}${unit}`,
      budget: `${money(budget)}${unit}`,
      month,
      ratio: ratioText(ratio),
    });
    const { light, band } = budgetBand(ratio, rules.budget);
    const explanation = msg("monitor/band", { value: formula, band, light: lightName(light) });
    return { light, ratio, formula, explanation };
  };
  // A source with neither budget nor spending (上年结转 0 / 0) has nothing to light.
  const lines = report.budget
    .filter((l) => !(l.adjustedBudget.isZero() && l.executed.isZero()))
    .map((l) => {
      const r = one(l.executed, l.adjustedBudget);
      return { source: l.source, light: r.light, ratio: r.ratio, ratioText: r.ratio && ratioText(r.ratio), formula: r.formula };
    });
  const executed = sum(report.budget.map((l) => l.executed));
  const budget = sum(report.budget.map((l) => l.adjustedBudget));
  const total = one(executed, budget);
  return {
    light: total.light,
    ratio: total.ratio,
    ratioText: total.ratio && ratioText(total.ratio),
    executionRate: budget.isZero() ? undefined : executed.times(HUNDRED).dividedBy(budget),
    timeProgress,
    formula: total.formula,
    explanation: total.explanation,
    lines,
  };
}

/** A completion value in the target's unit; a figure with no unit takes the target's. */
function readActual(text: string, unit: string): { value: Decimal } | { unitMismatch: string } | undefined {
  const q = readQuantity(normalise(text));
  if (!q) return undefined;
  const v = convert(q.value, q.unit, unit);
  return v === undefined ? { unitMismatch: q.unit } : { value: v };
}

interface RowContext {
  month: number;
  rules: MonitoringRules;
  problem: (code: MessageKey, severity: Severity, params: MessageParams) => Bilingual;
}

function qualitativeLight(row: MonitoringIndicator, actual: string, ctx: RowContext, target: Target): IndicatorLight | undefined {
  const read = readAchievement(actual, DEFAULT_LEXICON_MAP, target.op === "qualitative" ? target.text : undefined);
  if (!read) return undefined;
  const light = ctx.rules.qualitative[read.achievement];
  const level = ACHIEVEMENT_NAMES[read.achievement];
  const formula = msg("monitor/qualitative", { actual, level });
  return {
    index: 0,
    name: row.name,
    rule: "qualitative",
    light,
    formula,
    explanation: msg("monitor/lit", { value: formula, light: lightName(light) }),
  };
}

function indicatorLight(row: MonitoringIndicator, index: number, ctx: RowContext): IndicatorLight {
  const { month, rules } = ctx;
  const target = cachedTarget(row.target);
  const unit = target.unit !== "" ? target.unit : (row.unit ?? "");
  const base = { index, name: row.name };
  if (row.actual === undefined) {
    return { ...base, explanation: ctx.problem("monitor/no-actual", "warning", { expected: month }) };
  }
  const actual = row.actual.trim();
  const numeric = target.op !== "qualitative" && target.op !== "deadline";
  if (!numeric) {
    // A deadline target: a date reported is compared with it; otherwise the words are read.
    if (target.op === "deadline" && target.deadline) {
      const date = readDeadline(normalise(actual));
      if (date && !/^\d+$/.test(normalise(actual))) {
        const met = onOrBefore(date, target.deadline);
        const light: Light = met ? "green" : "red";
        const formula = msg("monitor/ceiling", { actual, cmp: met ? "≤" : ">", target: target.text });
        return {
          ...base,
          rule: "ceiling",
          light,
          formula,
          explanation: msg("monitor/lit", { value: formula, light: lightName(light) }),
        };
      }
    }
    const q = qualitativeLight(row, actual, ctx, target);
    if (q) return { ...q, index };
    return {
      ...base,
      explanation: ctx.problem("monitor/unreadable-actual", "warning", {
        found: actual,
        expected: bi("达成 / 部分达成 / 未达成", "达成 / 部分达成 / 未达成 (achieved / partly / not)"),
      }),
    };
  }
  const read = readActual(actual, unit);
  if (read === undefined) {
    // Words for a numeric target ("已完成"): read as a qualitative level.
    const q = qualitativeLight(row, actual, ctx, target);
    if (q) return { ...q, index };
    return {
      ...base,
      explanation: ctx.problem("monitor/unreadable-actual", "warning", {
        found: actual,
        expected: bi(`数值${unit ? `（${unit}）` : ""}`, `a figure${unit ? ` (${unit})` : ""}`),
      }),
    };
  }
  if ("unitMismatch" in read) {
    return { ...base, explanation: ctx.problem("monitor/unit-mismatch", "warning", { found: actual, expected: unit }) };
  }
  const value = read.value;
  const shown = (v: Decimal): string => `${groupThousands(plain(v))}${unit}`;
  if (target.op === "between") {
    const inside = cmp(value, target.min!) >= 0 && cmp(value, target.max!) <= 0;
    const light: Light = inside ? "green" : "red";
    const formula = msg("monitor/range", {
      actual: shown(value),
      cmp: bi(inside ? "在" : "不在", inside ? "inside" : "outside"),
      target: target.text,
    });
    return {
      ...base,
      rule: "range",
      light,
      formula,
      explanation: msg("monitor/lit", { value: formula, light: lightName(light) }),
    };
  }
  const op = effectiveOp(target, impliedDirection(target, row.name));
  const targetValue = target.value!;
  if (op === "lte" || op === "lt") {
    const c = cmp(value, targetValue);
    const ok = op === "lte" ? c <= 0 : c < 0;
    const light: Light = ok ? "green" : "red";
    const ratio = targetValue.isZero() ? undefined : value.times(HUNDRED).dividedBy(targetValue);
    const formula = msg("monitor/ceiling", { actual: shown(value), cmp: c < 0 ? "<" : c === 0 ? "=" : ">", target: shown(targetValue) });
    return {
      ...base,
      rule: "ceiling",
      light,
      ratio,
      ratioText: ratio && ratioText(ratio),
      formula,
      explanation: msg("monitor/lit", { value: formula, light: lightName(light) }),
    };
  }
  // ≥ (and > and =): progress against the time elapsed.
  const prorate = !(isPercentUnit(unit) && !rules.progress.prorateRates);
  if (targetValue.isZero()) {
    const formula = msg("monitor/ceiling", { actual: shown(value), cmp: "≥", target: shown(targetValue) });
    return {
      ...base,
      rule: "progress",
      light: "green",
      formula,
      explanation: msg("monitor/lit", { value: formula, light: lightName("green") }),
    };
  }
  const ratio = prorate ? value.times(1200).dividedBy(targetValue.times(month)) : value.times(HUNDRED).dividedBy(targetValue);
  const formula = msg(prorate ? "monitor/progress" : "monitor/progress-rate", {
    actual: shown(value),
    target: shown(targetValue),
    month,
    ratio: ratioText(ratio),
  });
  if (value.isZero()) {
    return {
      ...base,
      rule: "progress",
      light: "red",
      ratio,
      ratioText: ratioText(ratio),
      formula,
      explanation: msg("monitor/lit", { value: msg("monitor/zero", { month }), light: lightName("red") }),
    };
  }
  const { light, band } = progressBand(ratio, rules.progress);
  return {
    ...base,
    rule: "progress",
    light,
    ratio,
    ratioText: ratioText(ratio),
    formula,
    explanation: msg("monitor/band", { value: formula, band, light: lightName(light) }),
  };
}

function timeliness(report: MonitoringReport, today: string | undefined): TimelinessResult {
  const deadline = report.deadline;
  if (deadline === undefined) return { status: "no-deadline", flag: false, message: msg("monitor/no-deadline") };
  if (report.submittedAt !== undefined) {
    const day = report.submittedAt.slice(0, 10);
    const late = day > deadline;
    return {
      status: late ? "late" : "on-time",
      flag: late,
      message: msg(late ? "monitor/late" : "monitor/on-time", { found: day, expected: deadline }),
    };
  }
  if (today !== undefined && today.slice(0, 10) > deadline)
    return { status: "missing", flag: true, message: msg("monitor/missing", { found: today.slice(0, 10), expected: deadline }) };
  return { status: "pending", flag: false, message: msg("monitor/pending", { expected: deadline }) };
}

/**
 * The warning lights of a monitoring report for months 1–M: the budget light (execution against
 * time), each indicator's light with its ratio and formula, the project's light (the worst) and
 * the timeliness flag. Pure: `today` is passed in.
 *
 * @example
 * monitorReport(report, { month: 7 }).light // "yellow"
 * monitorReport(report, { month: 7 }).budget.formula.zh // "预算执行进度（350万元 ÷ 1,000万元）÷（7/12）× 100 = 60.00"
 */
export function monitorReport(report: MonitoringReport, opts: MonitorOptions): MonitoringResult {
  const { month } = opts;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1–12, got ${month}`);
  const rules = opts.rules === undefined ? MONITORING_RULES : MonitoringRulesSchema.parse(opts.rules);
  const diagnostics: Diagnostic[] = [];
  if (report.month !== undefined && report.month !== month) {
    const params = { found: report.month, expected: month };
    diagnostics.push({
      code: "monitor/month-mismatch",
      severity: "warning",
      path: ["month"],
      subject: bi("监控期间", "the period"),
      message: msg("monitor/month-mismatch", params),
      expected: String(month),
      found: String(report.month),
    });
  }
  const budget = budgetLight(report, month, rules);
  const indicators = report.indicators.map((row, i) =>
    indicatorLight(row, i, {
      month,
      rules,
      problem: (code, severity, params) => {
        const message = msg(code, params);
        diagnostics.push({
          code,
          severity,
          path: ["indicators", i, "actual"],
          subject: bi(`第 ${i + 1} 行 指标“${row.name}”`, `row ${i + 1}, indicator "${row.name}"`),
          message,
          expected:
            params["expected"] === undefined
              ? undefined
              : typeof params["expected"] === "object"
                ? params["expected"].zh
                : String(params["expected"]),
          found: params["found"] === undefined ? undefined : String(params["found"]),
        });
        return message;
      },
    }),
  );
  const lights = [budget.light, ...indicators.flatMap((i) => (i.light ? [i.light] : []))];
  return { month, light: worstLight(lights), timeliness: timeliness(report, opts.today), budget, indicators, diagnostics };
}
