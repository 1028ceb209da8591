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
import type { Diagnostic } from "./checks.js";
import type { Decimal } from "./exact.js";
import type { Bilingual } from "./messages.js";
import { DecimalInput, MoneyUnit, Printed } from "./model.js";

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
