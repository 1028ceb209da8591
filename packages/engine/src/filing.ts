/**
 * 绩效目标申报 (performance target filing): the form a project (项目支出绩效目标申报表) or a
 * department as a whole (部门整体绩效目标申报表) files with its budget, the year before the
 * evaluation. The schema is lenient on purpose: a draft (编制) may be incomplete; what a form
 * must carry is reported by `checkFiling` as diagnostics, not refused by the schema.
 *
 * Targets are kept as the text people write ("≥5000人", "全省排名靠前") and read with the
 * target grammar of target.ts when checked or turned into an evaluation, so a filing goes back
 * to the form (Excel, the web page) exactly as it came.
 *
 * Field names are English as in model.ts; the form's Chinese label is in each doc comment.
 */
import * as z from "zod";
import { DecimalInput, MoneyUnit, Printed } from "./model.js";

const Text = z.string().min(1);

/** A target or an actual as written: text, or a number read as its text. */
const Written = z
  .union([z.string().min(1), z.number()])
  .transform((v) => String(v).trim())
  .meta({ description: '按原样书写的指标值 / as written: "≥5000人", "全省排名靠前", 95' });

/** 申报类型: a project (项目支出) or a department as a whole (部门整体支出). */
export const FilingKind = z.enum(["项目", "部门整体"]);
export type FilingKind = z.output<typeof FilingKind>;

/** 项目属性 */
export const ProjectContinuity = z.enum(["新增", "延续"]);

/** One fund source of the filing (资金来源: 财政拨款, 上级补助, 其他资金 …). */
export const FilingFundLineSchema = z.strictObject({
  /** 资金来源 */
  source: Text,
  /** 年度资金 (in the filing's unit) */
  amount: DecimalInput,
  /** 中长期资金总额 (multi-year projects) */
  midLongTermAmount: DecimalInput.optional(),
  note: z.string().optional(),
});

/** 年度主要任务 of a department, with its budget. */
export const FilingTaskSchema = z.strictObject({
  /** 任务名称 */
  task: Text,
  /** 主要内容 */
  text: z.string().optional(),
  /** 预算金额 (in the filing's unit) */
  budget: DecimalInput.optional(),
});

/** One row of the indicator table (绩效指标表). */
export const FilingIndicatorSchema = z.strictObject({
  /** A stable id across versions (optional; rows are matched by their names otherwise). */
  id: Text.max(100).optional(),
  /** 一级指标 (产出指标, 效益指标, 满意度指标, 成本指标 …) */
  level1: Text.max(100),
  /** 二级指标 (数量指标, 质量指标, 时效指标, 成本指标, 社会效益指标 …) */
  level2: Text.max(100),
  /** 三级指标 */
  name: Text.max(200),
  /** 指标值 as written: "≥5000人", "≤150万元", "95%", "12月底前", "全省排名靠前" */
  target: Written,
  /** 度量单位, when the form has its own column */
  unit: z.string().max(20).optional(),
  /** 权重 / 分值 */
  weight: DecimalInput.optional(),
  /** 指标解释 */
  explanation: z.string().optional(),
  /** 评(扣)分标准 */
  scoring: z.string().optional(),
  /** 上年实际完成值 (历史值) as written */
  lastYearActual: Printed.optional(),
  /** 数据来源 / 佐证资料 */
  dataSource: z.string().optional(),
  note: z.string().optional(),
});

export const TargetFilingSchema = z
  .strictObject({
    /** 申报类型 */
    kind: FilingKind,
    /** 预算年度 */
    fiscalYear: z.int().min(1990).max(2100),
    /** 项目名称 (项目) or 部门（单位）名称 (部门整体) */
    name: Text.max(200),
    /** 项目编码 */
    code: z.string().max(100).optional(),
    /** 主管部门 */
    department: z.string().max(200).optional(),
    /** 实施单位 */
    implementer: z.string().max(200).optional(),
    /** 项目实施期 as written ("2021年1月-2021年12月", "3年") */
    period: z.string().max(100).optional(),
    /** 项目属性: 新增 or 延续 */
    continuity: ProjectContinuity.optional(),
    /** 资金 by source; `total` is 年度资金总额 as the form states it */
    funds: z
      .strictObject({
        unit: MoneyUnit.default("万元"),
        total: DecimalInput.optional(),
        lines: z.array(FilingFundLineSchema).max(200).default([]),
      })
      .optional(),
    /** 立项依据 */
    basis: z.string().optional(),
    /** 项目实施内容 / 主要内容 */
    content: z.string().optional(),
    /** 部门职能 (部门整体) */
    functions: z.string().optional(),
    /** 年度主要任务 (部门整体) */
    tasks: z.array(FilingTaskSchema).max(500).optional(),
    /** 中长期目标 */
    midLongTermGoal: z.string().optional(),
    /** 年度目标 (项目) / 年度总体目标 (部门整体) */
    annualGoal: z.string().optional(),
    /** The weights' stated total (分值合计); 100 when weights are given and this is not. */
    totalWeight: DecimalInput.optional(),
    /** 绩效指标表 */
    indicators: z.array(FilingIndicatorSchema).max(2000),
    note: z.string().optional(),
  })
  .meta({
    title: "绩效目标申报表 / performance target filing",
    description: "A project's or a department's performance targets as filed with the budget.",
  });

export type TargetFilingInput = z.input<typeof TargetFilingSchema>;
export type TargetFiling = z.output<typeof TargetFilingSchema>;
export type FilingIndicator = z.output<typeof FilingIndicatorSchema>;
export type FilingFundLine = z.output<typeof FilingFundLineSchema>;
export type FilingTask = z.output<typeof FilingTaskSchema>;
