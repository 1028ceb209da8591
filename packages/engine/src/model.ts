/**
 * The evaluation model: one schema for the Jixiao file (YAML or JSON), the API and the
 * browser. The JSON Schema in `schema/evaluation.schema.json` is generated from it.
 *
 * Inputs are what people write ("38,148.63", 21090, "≥90%"); the parsed output holds exact
 * `Decimal`s and structured `Target`s. Field names are English; the Chinese term is in the
 * doc comment and in `docs/evaluation-format.md`.
 */
import * as z from "zod";
import { type Decimal, dec } from "./exact.js";
import { cachedDec, cachedIsDecimalText, cachedTarget } from "./cache.js";
import { type Target, targetFromObject } from "./target.js";

// ── scalars ────────────────────────────────────────────────────────────────────────────────

/** An exact decimal: a number, or a string such as "38,148.63". */
export const DecimalInput = z
  .union([z.number(), z.string().refine(cachedIsDecimalText, { message: "decimal" }).meta({ pattern: "^[+-]?[\\d,]+(\\.\\d+)?$" })])
  .transform((v): Decimal => cachedDec(v))
  .meta({ description: '精确小数 / exact decimal: a number or a string such as "38,148.63"' });

const NonNegativeDecimal = DecimalInput.refine((d) => !d.isNegative(), { message: "nonnegative" });

const Count = z.int().min(0);

/** A figure as a report printed it: "105.45%", "14%", "85.73", "-", "良". */
export const Printed = z
  .union([z.string().min(1), z.number()])
  .transform((v) => String(v))
  .meta({ description: "报告所载数字（原样） / a figure exactly as printed" });

const Text = z.string().min(1);

const TargetOpInput = z.enum(["gte", "gt", "lte", "lt", "eq", "between", "qualitative"]);

/** 指标值: "≥20000", "80%-120%", "设定科学合理", or a structured object. */
export const TargetInput = z
  .union([
    z.string().min(1),
    z.number(),
    z.strictObject({
      op: TargetOpInput,
      value: DecimalInput.optional(),
      min: DecimalInput.optional(),
      max: DecimalInput.optional(),
      percent: z.boolean().optional(),
      unit: z.string().max(20).optional(),
      text: z.string().optional(),
    }),
  ])
  .transform((v, ctx): Target => {
    if (typeof v === "string") return cachedTarget(v);
    if (typeof v === "number") return cachedTarget(String(v));
    if (v.op === "between" && (v.min === undefined || v.max === undefined)) {
      ctx.addIssue({ code: "custom", message: "between-needs-min-max" });
    } else if (v.op !== "between" && v.op !== "qualitative" && v.value === undefined) {
      ctx.addIssue({ code: "custom", message: "target-needs-value" });
    }
    return targetFromObject(v);
  })
  .meta({ description: '指标值 / target: "≥20000", "≤4.5%", "80%-120%", "100%", qualitative text, or {op, value|min,max}' });

export const DirectionSchema = z.enum(["正向", "反向"]).meta({ description: "指标方向 正向 (more is better) / 反向 (less is better)" });

// ── metadata ───────────────────────────────────────────────────────────────────────────────

export const EvaluationKind = z.enum(["部门整体支出", "项目支出", "政策"]);
export const EvaluationType = z.enum(["单位自评", "部门评价", "财政评价", "第三方"]);
const IsoDate = z.iso.date();

export const MetaSchema = z.strictObject({
  /** 报告标题 (at most 200 characters: it names downloads and fills list rows) */
  title: Text.max(200),
  /** 评价对象类型 */
  kind: EvaluationKind,
  /** 预算年度 */
  fiscalYear: z.int().min(1990).max(2100),
  /** 评价对象（单位） */
  subject: Text,
  /** 委托方 */
  commissioner: Text.optional(),
  /** 评价机构 */
  evaluator: Text.optional(),
  /** 项目名称 (项目支出: the project evaluated, when the title does not say it) */
  project: Text.max(200).optional(),
  /** 评价类型 */
  evaluationType: EvaluationType,
  /** 评价依据 */
  basis: z.array(z.strictObject({ title: Text, docNo: Text.optional() })).optional(),
  /** 报告编号 (printed on the cover) */
  reportNo: Text.optional(),
  /** 日期: the evaluation's start and end, the report's date, and the work phases (评价工作过程) */
  dates: z
    .strictObject({
      start: IsoDate.optional(),
      end: IsoDate.optional(),
      report: IsoDate.optional(),
      /** 前期准备, 资料收集, 现场核查, 问卷调查, 报告撰写 … with their dates and what was done */
      phases: z
        .array(z.strictObject({ name: Text, start: IsoDate.optional(), end: IsoDate.optional(), text: z.string().optional() }))
        .optional(),
    })
    .optional(),
  /** Amount of money evaluated (评价资金), in 万元, as printed in the opening paragraph. */
  note: z.string().optional(),
});

// ── organisation ───────────────────────────────────────────────────────────────────────────

export const UnitType = z.enum(["行政", "参公", "公益一类", "公益二类", "公益三类", "企业", "其他"]);

const UnitStated = z.strictObject({
  /** 空编数 as printed ("6", "-") */
  vacancy: Printed.optional(),
  /** 空编率 as printed ("17%", "-") */
  vacancyRate: Printed.optional(),
  /** 在职人员控制率 */
  staffControlRate: Printed.optional(),
  /** 预算调整率 */
  budgetAdjustmentRate: Printed.optional(),
  /** 项目支出预算调整率 */
  projectBudgetAdjustmentRate: Printed.optional(),
  /** 预算执行率 */
  executionRate: Printed.optional(),
});

export const UnitSchema = z.strictObject({
  id: Text,
  name: Text,
  type: UnitType,
  /** The department's own office (机关) rather than a subordinate unit. */
  isDepartment: z.boolean().optional(),
  /** 编制数 */
  quota: Count.optional(),
  /** 实有在职人数 */
  inPost: Count.optional(),
  /** Budget of this unit, 万元, when the report gives it. */
  budget: z
    .strictObject({
      initial: DecimalInput.optional(),
      adjusted: DecimalInput.optional(),
      actual: DecimalInput.optional(),
      projectInitial: DecimalInput.optional(),
      projectAdjusted: DecimalInput.optional(),
    })
    .optional(),
  stated: UnitStated.optional(),
  note: z.string().optional(),
});

export const OrganisationSchema = z.strictObject({
  /** 内设机构数 */
  internalDivisions: Count.optional(),
  units: z.array(UnitSchema),
  /** 固定资产 (万元) */
  assets: z.strictObject({ fixedAssetsTotal: NonNegativeDecimal.optional(), fixedAssetsInUse: NonNegativeDecimal.optional() }).optional(),
  stated: z.strictObject({ staffControlRate: Printed.optional(), quota: Printed.optional(), inPost: Printed.optional() }).optional(),
});

// ── funds ──────────────────────────────────────────────────────────────────────────────────

export const MoneyUnit = z.enum(["元", "万元"]);

export const FundCategory = z.enum([
  "基本支出",
  "项目支出",
  "人员经费",
  "公用经费",
  "三公经费",
  "因公出国(境)费",
  "公务用车购置及运行费",
  "公务接待费",
  "政府采购",
  "重点支出",
  "社保基金",
  "其他",
]);

export const FundLineSchema = z.strictObject({
  id: Text.optional(),
  name: Text,
  /** 资金来源: 财政拨款, 社保基金, 上级补助, 其他 … */
  source: Text.optional(),
  categories: z.array(FundCategory).optional(),
  /** 元 or 万元; the file's unit when absent. */
  unit: MoneyUnit.optional(),
  /** Which unit of the organisation spends it. */
  unitId: Text.optional(),
  /** 年初预算 */
  initialBudget: DecimalInput.optional(),
  /** 调整后预算 */
  adjustedBudget: DecimalInput.optional(),
  /** 实际支出 / 决算 */
  actual: DecimalInput.optional(),
  /** 结转结余 */
  carryover: DecimalInput.optional(),
  /** 上年实际支出 (for 变动率) */
  priorYearActual: DecimalInput.optional(),
  /** This line is a subtotal of other lines (小计) and is not added to the total. */
  subtotal: z.boolean().optional(),
  stated: z.strictObject({ executionRate: Printed.optional(), adjustmentRate: Printed.optional() }).optional(),
  note: z.string().optional(),
});

export const FundsSchema = z.strictObject({
  /** Unit of every amount unless a line says otherwise. Default 万元. */
  unit: MoneyUnit.default("万元"),
  lines: z.array(FundLineSchema),
  stated: z
    .strictObject({
      /** 评价资金总额 */
      total: Printed.optional(),
      /** 预算执行率 */
      executionRate: Printed.optional(),
      /** 结转结余率 */
      carryoverRate: Printed.optional(),
      /** 结转结余总额 */
      carryover: Printed.optional(),
    })
    .optional(),
  note: z.string().optional(),
});

// ── goals ──────────────────────────────────────────────────────────────────────────────────

export const QuantTargetSchema = z.strictObject({
  name: Text,
  target: TargetInput,
  unit: z.string().optional(),
  /** The year by which the target is to be reached. */
  by: z.int().optional(),
});

export interface GoalNodeInput {
  name: string;
  target?: unknown;
  unit?: string;
  children?: GoalNodeInput[];
}

export interface GoalNode {
  name: string;
  target?: Target;
  unit?: string;
  children?: GoalNode[];
}

export const GoalNodeSchema: z.ZodType<GoalNode, GoalNodeInput> = z.lazy(() =>
  z.strictObject({
    name: Text,
    target: TargetInput.optional(),
    unit: z.string().optional(),
    children: z.array(GoalNodeSchema).optional(),
  }),
);

export const GoalsSchema = z.strictObject({
  /** 中长期目标 */
  midLongTerm: z.array(z.strictObject({ title: Text.optional(), text: Text, targets: z.array(QuantTargetSchema).optional() })).optional(),
  /** 中长期目标的依据 */
  midLongTermBasis: Text.optional(),
  /** 年度总目标 */
  annual: z.strictObject({ text: Text, targets: z.array(QuantTargetSchema).optional() }).optional(),
  /** 年度绩效目标表 (表1): its own indicator tree */
  table: z.array(GoalNodeSchema).optional(),
});

// ── indicator tree and rules ───────────────────────────────────────────────────────────────

const Deduction = z.strictObject({ reason: Text, points: NonNegativeDecimal });

const PartialMode = z.enum(["exact", "ceil", "floor"]).meta({
  description: "How a part of a step counts: exact (pro rata), ceil (不足1个按1个计), floor",
});

export const RuleSchema = z.discriminatedUnion("type", [
  /** 比例法: 正向 actual/target × points, 反向 target/actual × points; met → full. */
  z.strictObject({ type: z.literal("proportional") }),
  /** 区间法: full inside [min,max]; outside, deduct per point (or pro rata when absent). */
  z.strictObject({
    type: z.literal("interval"),
    deductionPerStep: NonNegativeDecimal.optional(),
    step: NonNegativeDecimal.optional(),
    partial: PartialMode.optional(),
  }),
  /** 阶梯扣分: "每超过1个百分点扣0.1分". */
  z.strictObject({
    type: z.literal("step"),
    threshold: DecimalInput,
    step: NonNegativeDecimal.default(dec(1)),
    deduct: NonNegativeDecimal,
    /** above: deduct for each step above threshold; below: for each step below. */
    when: z.enum(["above", "below"]).default("above"),
    partial: PartialMode.optional(),
  }),
  /** 定性分档: 完全达成 / 部分达成 / 未达成 → fractions of the points. */
  z.strictObject({
    type: z.literal("qualitative"),
    levels: z.record(z.string(), DecimalInput).optional(),
  }),
  /** 清单: points per item satisfied (award) or deducted per item failed (deduct). */
  z.strictObject({
    type: z.literal("checklist"),
    mode: z.enum(["award", "deduct"]).default("award"),
    /** `met` left out: not yet assessed (the indicator is not scored until every item is). */
    items: z.array(z.strictObject({ name: Text, points: NonNegativeDecimal, met: z.boolean().optional(), note: z.string().optional() })),
  }),
  /** 扣分制: full points less the node's deductions. */
  z.strictObject({ type: z.literal("deduction") }),
  /** 专家打分: mean, trimmed mean (drop the highest and lowest `trim`) or median. */
  z.strictObject({
    type: z.literal("expert"),
    method: z.enum(["mean", "trimmedMean", "median"]).default("mean"),
    trim: z.int().min(1).default(1),
    scores: z.array(z.strictObject({ expert: Text, score: DecimalInput })),
  }),
  /** 直接赋分: the node's `score`. */
  z.strictObject({ type: z.literal("direct") }),
  /** 自定义公式 in the safe expression language (see docs/evaluation-format.md). */
  z.strictObject({ type: z.literal("formula"), expression: Text }),
]);
export type Rule = z.output<typeof RuleSchema>;

export const OrdinalGrade = z.enum(["A", "B", "C", "D", "D*", "NA"]);

const NodeStated = z.strictObject({
  /** 得分 as printed */
  score: Printed.optional(),
  /** 得分率 as printed */
  rate: Printed.optional(),
  /** 完成率 / 实际值 as printed */
  completionRate: Printed.optional(),
  /** Ordinal grade as printed */
  grade: Printed.optional(),
});

export interface IndicatorInput {
  id?: string;
  name: string;
  weight?: unknown;
  children?: IndicatorInput[];
  [k: string]: unknown;
}

/** One node of the evaluation indicator tree (评价指标). */
export interface Indicator {
  id?: string;
  name: string;
  /** 权重 / 分值 */
  weight?: Decimal;
  children?: Indicator[];
  /** 指标解释 */
  description?: string;
  /** 评分标准 as text */
  criteria?: string;
  target?: Target;
  unit?: string;
  direction?: "正向" | "反向";
  /** Actual value: a number, or a qualitative level name (完全达成 …). */
  actual?: Decimal | string;
  /** Inputs of `formula` (e.g. numerator / denominator). */
  inputs?: Record<string, Decimal>;
  /** A standard formula id (e.g. "staffControlRate") or an expression computing the actual. */
  formula?: string;
  rule?: Rule;
  deductions?: Array<{ reason: string; points: Decimal }>;
  /** A score given directly (直接赋分), at any node. */
  score?: Decimal;
  /** 不适用: dropped, siblings rescaled (百分制折算). */
  notApplicable?: boolean;
  notApplicableReason?: string;
  evidence?: string[];
  /** The evidence for this node is missing (D* in PEFA; Results Not Demonstrated in PART). */
  evidenceMissing?: boolean;
  /** Ordinal grade of a leaf (PEFA dimension). */
  grade?: z.output<typeof OrdinalGrade>;
  /** Ordinal aggregation of the children (PEFA M1 weakest link / M2 averaging table). */
  aggregation?: "M1" | "M2";
  /** Reason for the score (扣分原因 / 评分说明). */
  reason?: string;
  stated?: z.output<typeof NodeStated>;
  /** Who may score this node (expert user names). */
  assignedTo?: string[];
}

const ActualInput = z.union([
  z.number().transform((v): Decimal | string => cachedDec(v)),
  z
    .string()
    .min(1)
    .transform((v): Decimal | string => (cachedIsDecimalText(v) ? cachedDec(v) : v.trim())),
]);

export const IndicatorSchema: z.ZodType<Indicator, IndicatorInput> = z.lazy(() =>
  z.strictObject({
    id: Text.optional(),
    name: z.string(),
    weight: z.compile(NonNegativeDecimal.optional()),
    children: z.array(IndicatorSchema).optional(),
    description: z.string().optional(),
    criteria: z.string().optional(),
    target: z.compile(TargetInput.optional()),
    unit: z.string().optional(),
    direction: DirectionSchema.optional(),
    actual: z.compile(ActualInput.optional()),
    inputs: z.compile(z.record(z.string(), DecimalInput).optional()),
    formula: Text.optional(),
    rule: z.compile(RuleSchema.optional()),
    deductions: z.compile(z.array(Deduction).optional()),
    score: z.compile(DecimalInput.optional()),
    notApplicable: z.boolean().optional(),
    notApplicableReason: z.string().optional(),
    evidence: z.array(z.string()).optional(),
    evidenceMissing: z.boolean().optional(),
    grade: OrdinalGrade.optional(),
    aggregation: z.enum(["M1", "M2"]).optional(),
    reason: z.string().optional(),
    stated: z.compile(NodeStated.optional()),
    assignedTo: z.array(Text).optional(),
  }),
) as z.ZodType<Indicator, IndicatorInput>;

// ── scheme (grading) ──────────────────────────────────────────────────────────────────────

export const GradeBandSchema = z.strictObject({
  grade: Text,
  /** Lower bound (inclusive unless minExclusive). */
  min: DecimalInput,
  /** Upper bound (exclusive unless maxInclusive). */
  max: DecimalInput,
  maxInclusive: z.boolean().optional(),
  label_en: z.string().optional(),
});

export const SchemeSchema = z.strictObject({
  /** cn-2020: 财预〔2020〕10号 bands; part: US PART; pefa: PEFA ordinal. */
  preset: z.enum(["cn-2020", "part", "pefa"]).default("cn-2020"),
  /** Override the preset's bands (numeric presets). */
  bands: z.array(GradeBandSchema).optional(),
  /** Qualitative levels → fraction of points, for every qualitative rule in the file. */
  qualitativeLevels: z.record(z.string(), DecimalInput).optional(),
  /**
   * Words read as a level, added to the built-in lexicon (达成预期指标 → 完全达成 …):
   * level name → words. Provinces word their forms differently.
   */
  qualitativeWords: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** Finding rule thresholds (percent values). */
  findingRules: z
    .strictObject({
      vacancyRateAbove: DecimalInput.optional(),
      budgetAdjustmentAbove: DecimalInput.optional(),
      level1RateBelow: DecimalInput.optional(),
      outcomeBelowTarget: z.boolean().optional(),
      externalMissed: z.boolean().optional(),
    })
    .optional(),
  /** 专家评议: flag a panel whose highest and lowest scores differ by more than this percent of the indicator's points (default 20). */
  expertSpread: NonNegativeDecimal.optional(),
  /** Standard formula overrides: id → { expression, target }. */
  formulas: z.record(z.string(), z.strictObject({ expression: Text.optional(), target: TargetInput.optional() })).optional(),
});

// ── outcomes, external assessments, figures ───────────────────────────────────────────────

export const OutcomeSchema = z.strictObject({
  id: Text,
  name: Text,
  unit: z.string().optional(),
  target: TargetInput.optional(),
  actual: DecimalInput.optional(),
  direction: DirectionSchema.optional(),
  /** Where the target came from (e.g. derived from the stated rate). */
  targetSource: z.string().optional(),
  stated: z.strictObject({ completionRate: Printed.optional(), actual: Printed.optional() }).optional(),
  note: z.string().optional(),
});

export const ExternalAssessmentSchema = z.strictObject({
  id: Text,
  /** e.g. 全省人社事业发展考核 */
  name: Text,
  /** The document that published it. */
  source: z.string().optional(),
  /** Number of indicators assessed. */
  total: Count,
  /** Number met. */
  met: Count,
  /** Individual results, where known. */
  items: z.array(z.strictObject({ name: Text, met: z.boolean().optional(), rank: z.int().optional(), of: z.int().optional() })).optional(),
  stated: z.strictObject({ completionRate: Printed.optional() }).optional(),
});

/** A figure the report prints whose inputs may or may not be known. */
export const FigureSchema = z.strictObject({
  id: Text,
  label: Text,
  printed: Printed,
  numerator: DecimalInput.optional(),
  denominator: DecimalInput.optional(),
  /** percent (default when printed with %), ratio, or value */
  kind: z.enum(["percent", "value"]).optional(),
  unit: z.string().optional(),
  section: z.string().optional(),
  note: z.string().optional(),
});

// ── findings, recommendations, narrative ──────────────────────────────────────────────────

export const FindingSchema = z.strictObject({
  id: Text.optional(),
  title: Text,
  text: z.string().optional(),
  /** Codes of the suggested finding rules it rests on, if any. */
  rules: z.array(Text).optional(),
  evidence: z.array(z.string()).optional(),
});

export const RecommendationSchema = z.strictObject({
  id: Text.optional(),
  title: Text,
  text: z.string().optional(),
  findings: z.array(Text).optional(),
});

export interface SectionInput {
  id?: string;
  title: string;
  text?: string;
  sections?: SectionInput[];
}
export const SectionSchema: z.ZodType<SectionInput, SectionInput> = z.lazy(() =>
  z.strictObject({
    id: Text.optional(),
    title: Text,
    text: z.string().optional(),
    sections: z.array(SectionSchema).optional(),
  }),
);

// ── the evaluation ────────────────────────────────────────────────────────────────────────

export const EvaluationSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    meta: z.compile(MetaSchema),
    organisation: z.compile(OrganisationSchema.optional()),
    funds: z.compile(FundsSchema.optional()),
    goals: GoalsSchema.optional(),
    scheme: z.compile(SchemeSchema.optional()),
    /** The evaluation indicator tree: level-1 indicators (一级指标) and below. */
    indicators: z.array(IndicatorSchema),
    outcomes: z.compile(z.array(OutcomeSchema).optional()),
    externalAssessments: z.compile(z.array(ExternalAssessmentSchema).optional()),
    figures: z.compile(z.array(FigureSchema).optional()),
    /** The evaluation's conclusion as printed. */
    stated: z
      .strictObject({ total: Printed.optional(), rate: Printed.optional(), grade: Printed.optional(), weight: Printed.optional() })
      .optional(),
    /** 存在的问题 */
    findings: z.array(FindingSchema).optional(),
    /** 改进建议 */
    recommendations: z.array(RecommendationSchema).optional(),
    /** Free narrative sections (主要绩效, 经验做法 …). */
    narrative: z.array(SectionSchema).optional(),
  })
  .meta({
    title: "Jixiao evaluation / 绩效评价文件",
    description: "A budget performance evaluation: metadata, organisation, funds, goals, indicator tree, outcomes, findings.",
  });

export type EvaluationInput = z.input<typeof EvaluationSchema>;
export type Evaluation = z.output<typeof EvaluationSchema>;
export type Unit = z.output<typeof UnitSchema>;
export type FundLine = z.output<typeof FundLineSchema>;
export type Funds = z.output<typeof FundsSchema>;
export type Outcome = z.output<typeof OutcomeSchema>;
export type Scheme = z.output<typeof SchemeSchema>;
export type GradeBand = z.output<typeof GradeBandSchema>;
