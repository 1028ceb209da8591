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
import { cachedTarget } from "./cache.js";
import type { Diagnostic, Severity } from "./checks.js";
import { type Decimal, HUNDRED, plain, sum } from "./exact.js";
import { cmp } from "./fast.js";
import { type Bilingual, type MessageKey, type MessageParams, bi, msg } from "./messages.js";
import { DecimalInput, type EvaluationInput, type GoalNodeInput, type IndicatorInput, MoneyUnit, Printed } from "./model.js";
import { canonicalUnit, convert, convertible, isPercentUnit, normalise, readQuantity } from "./quantity.js";
import type { ModelPath } from "./score.js";
import { type Target, effectiveOp, impliedDirection, isNumericTarget, lessIsBetter } from "./target.js";

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

// ── the target-quality check (目标审核辅助) ───────────────────────────────────────────────────

/** Level-2 categories of the standard framework and the level 1 they belong to (财预〔2020〕10号, 财办预〔2021〕? forms). */
const LEVEL2_HOME: Readonly<Record<string, readonly string[]>> = {
  数量: ["产出"],
  质量: ["产出"],
  时效: ["产出"],
  成本: ["产出", "成本"],
  经济效益: ["效益"],
  社会效益: ["效益"],
  生态效益: ["效益"],
  可持续影响: ["效益"],
  服务对象满意度: ["满意度"],
  满意度: ["满意度"],
  经济成本: ["成本"],
  社会成本: ["成本"],
  生态环境成本: ["成本"],
};
const STANDARD_LEVEL1 = new Set(["产出", "效益", "满意度", "成本"]);

/** "产出指标" → "产出"; "社会效益指标" → "社会效益". */
const category = (name: string): string => normalise(name).replace(/指标$/, "");

/** Words that promise a direction without a figure: "全省排名靠前", "明显提升". */
const VAGUE = /靠前|前列|领先|提高|提升|明显|显著|较好|良好|进一步|有所|大幅|稳步|加强|增强|促进|带动|改善|有效|逐步|不断|积极|较高|较大/;
/** Indicators that are better when higher (an explicit ≤ on them is suspicious). */
const MORE_IS_BETTER =
  /满意|覆盖率|完成率|合格率|达标率|达成率|知晓率|普及率|到位率|通过率|就业率|参保率|入学率|执行率|使用率|利用率|受益|验收/;
/** Names that count things: a % target on them does not fit. */
const COUNT_NAME = /(?:人数|人次|户数|个数|次数|数量|场次|台数|套数|件数|家数|期数|面积|长度|里程|亩数|座数|项数)$/;
/** Names that are rates: a count unit on them does not fit. */
const RATE_NAME = /(?:率|比例|比率|占比|满意度)$/;
/** Shares that cannot exceed 100%. */
const CAPPED_RATE =
  /(?:合格率|达标率|完成率|覆盖率|满意度|满意率|知晓率|普及率|到位率|通过率|执行率|使用率|利用率|办结率|正常率|参保率|入学率|保障率|占比|比例)$/;
/** Outcome words that do not belong among the outputs. */
const OUTCOME_WORDS = /带动|增收|拉动|效益|促进|改善|提升.*(?:水平|能力|意识)/;

const label = (ind: FilingIndicator): string => [ind.level1, ind.level2, ind.name].join(" › ");

function rowSubject(ind: FilingIndicator, i: number): Bilingual {
  return bi(`第 ${i + 1} 行 指标“${label(ind)}”`, `row ${i + 1}, indicator "${label(ind)}"`);
}

/** The target of a filing row, read with the target grammar (the unit column fills in a bare figure). */
export function filingTarget(ind: FilingIndicator): Target {
  const t = cachedTarget(ind.target);
  if (t.unit === "" && ind.unit !== undefined && isNumericTarget(t)) {
    t.unit = canonicalUnit(ind.unit);
    t.percent = isPercentUnit(t.unit);
  }
  return t;
}

const REQUIRED: Record<FilingKind, Array<{ key: keyof TargetFiling; name: Bilingual; severity: Severity }>> = {
  项目: [
    { key: "department", name: bi("主管部门", "supervising department"), severity: "error" },
    { key: "implementer", name: bi("实施单位", "implementing unit"), severity: "error" },
    { key: "funds", name: bi("资金来源及金额", "funds by source"), severity: "error" },
    { key: "annualGoal", name: bi("年度目标", "annual goal"), severity: "error" },
    { key: "period", name: bi("项目实施期", "implementation period"), severity: "warning" },
    { key: "continuity", name: bi("项目属性（新增/延续）", "new or continuing"), severity: "warning" },
    { key: "basis", name: bi("立项依据", "basis of the project"), severity: "warning" },
    { key: "content", name: bi("项目实施内容", "what the project does"), severity: "warning" },
  ],
  部门整体: [
    { key: "functions", name: bi("部门职能", "the department's functions"), severity: "error" },
    { key: "tasks", name: bi("年度主要任务", "main tasks of the year"), severity: "error" },
    { key: "annualGoal", name: bi("年度总体目标", "overall annual goal"), severity: "error" },
    { key: "funds", name: bi("资金来源及金额", "funds by source"), severity: "warning" },
  ],
};

function isBlank(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === "string") return v.trim() === "";
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object" && "lines" in v) return (v as { lines: unknown[] }).lines.length === 0;
  return false;
}

/**
 * The target-quality check a reviewer (审核) sees beside a filing: missing fields, targets with
 * no measurable value, an operator that contradicts the indicator, a unit that does not fit, a
 * target below last year's actual, 产出 and 效益 confused, weights and funds that do not add up.
 * Each diagnostic names the row and explains itself in Chinese and English.
 *
 * @example
 * checkFiling(filing).map((d) => d.code) // ["filing/not-measurable", "filing/operator-direction"]
 */
export function checkFiling(filing: TargetFiling): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (code: MessageKey, severity: Severity, path: ModelPath, subject: Bilingual, params: MessageParams = {}): void => {
    const text = (v: MessageParams[string] | undefined): string | undefined =>
      v === undefined ? undefined : typeof v === "object" ? v.zh : String(v);
    out.push({
      code,
      severity,
      path,
      subject,
      message: msg(code, params),
      expected: text(params["expected"]),
      found: text(params["found"]),
    });
  };
  const form = bi("申报表", "the filing");

  for (const r of REQUIRED[filing.kind]) {
    if (isBlank(filing[r.key])) add("filing/required", r.severity, [r.key], form, { name: r.name });
  }
  if (filing.indicators.length === 0) add("filing/no-indicators", "error", ["indicators"], form);

  // Funds: the sources add up to the stated annual total.
  const funds = filing.funds;
  if (funds?.total !== undefined && funds.lines.length > 0) {
    const total = sum(funds.lines.map((l) => l.amount));
    if (cmp(total, funds.total) !== 0)
      add("filing/funds-sum", "error", ["funds", "total"], form, { found: plain(total), expected: plain(funds.total) });
  }

  // Weights: every row weighted or none, and they add up to the stated total (100 by default).
  const weighted = filing.indicators.filter((i) => i.weight !== undefined);
  if (weighted.length > 0) {
    const missing = filing.indicators.length - weighted.length;
    filing.indicators.forEach((ind, i) => {
      if (ind.weight === undefined)
        add("filing/weight-partial", "warning", ["indicators", i, "weight"], rowSubject(ind, i), { found: missing });
    });
    const total = sum(weighted.map((i) => i.weight!));
    const expected = filing.totalWeight ?? HUNDRED;
    if (cmp(total, expected) !== 0)
      add("filing/weight-sum", "error", [filing.totalWeight !== undefined ? "totalWeight" : "indicators"], form, {
        found: plain(total),
        expected: plain(expected),
      });
  }

  const seen = new Set<string>();
  filing.indicators.forEach((ind, i) => {
    const at = (field: string): ModelPath => ["indicators", i, field];
    const subject = rowSubject(ind, i);
    const key = [category(ind.level1), category(ind.level2), normalise(ind.name)].join("\u0000");
    if (seen.has(key)) add("filing/duplicate", "error", at("name"), subject, { name: label(ind) });
    seen.add(key);

    // 产出 and 效益 confused: a level-2 category under another level 1, 满意度 among outputs.
    const l1 = category(ind.level1);
    const l2 = category(ind.level2);
    const home = LEVEL2_HOME[l2];
    if (home && STANDARD_LEVEL1.has(l1) && !home.includes(l1))
      add("filing/category", "warning", at("level2"), subject, { found: ind.level2, expected: `${home[0]}指标`, name: ind.level1 });
    else if (/满意/.test(ind.name) && STANDARD_LEVEL1.has(l1) && l1 !== "满意度")
      add("filing/satisfaction-misplaced", "warning", at("level1"), subject, { name: ind.name, found: ind.level1 });
    else if (l1 === "产出") {
      const m = OUTCOME_WORDS.exec(ind.name);
      if (m) add("filing/outcome-as-output", "warning", at("level1"), subject, { name: ind.name, detail: m[0] });
    }

    const t = filingTarget(ind);
    if (!isNumericTarget(t)) {
      // A deadline is measurable; words are measurable only with a source to judge them by.
      if (t.op === "qualitative" && isBlank(ind.dataSource)) {
        if (VAGUE.test(t.text)) add("filing/not-measurable", "warning", at("target"), subject, { found: t.text });
        else if (isBlank(ind.scoring)) add("filing/qualitative-how", "info", at("target"), subject, { found: t.text });
      }
      return;
    }

    // The operator against what the indicator's name says.
    if (!t.implicit && (t.op === "gte" || t.op === "gt") && lessIsBetter(ind.name) && !MORE_IS_BETTER.test(ind.name))
      add("filing/operator-direction", "warning", at("target"), subject, { name: ind.name, expected: bi("低", "lower"), found: t.text });
    else if (!t.implicit && (t.op === "lte" || t.op === "lt") && MORE_IS_BETTER.test(ind.name) && !lessIsBetter(ind.name))
      add("filing/operator-direction", "warning", at("target"), subject, { name: ind.name, expected: bi("高", "higher"), found: t.text });

    // The unit against the indicator.
    const bare = ind.name.replace(/[（(][^）)]*[）)]/g, "").trim();
    const unitFits = !(t.percent && COUNT_NAME.test(bare));
    if (!unitFits)
      add("filing/unit-fit", "warning", at("target"), subject, {
        name: ind.name,
        expected: bi("计数指标", "a count"),
        found: t.text,
        detail: bi("百分比", "a percentage"),
      });
    else if (!t.percent && t.unit !== "" && RATE_NAME.test(bare) && !/分$/.test(t.unit))
      add("filing/unit-fit", "warning", at("target"), subject, {
        name: ind.name,
        expected: bi("比率指标", "a rate"),
        found: t.text,
        detail: bi(`计数单位“${t.unit}”`, `the count unit "${t.unit}"`),
      });
    // A share that cannot exceed 100% (合格率 "292%": "≥92%" misprinted).
    if (t.percent && t.value !== undefined && (t.op === "gte" || t.op === "gt" || t.op === "eq") && CAPPED_RATE.test(bare)) {
      const pct = t.unit === "‰" ? t.value.dividedBy(10) : t.value;
      if (cmp(pct, HUNDRED) > 0) add("filing/rate-over-100", "warning", at("target"), subject, { name: ind.name, found: t.text });
    }
    if (ind.unit !== undefined && t.unit !== "" && !convertible(t.unit, canonicalUnit(ind.unit)))
      add("filing/unit-column", "warning", at("unit"), subject, { found: t.text, expected: ind.unit });

    // Against last year's actual: a floor below it, or a ceiling above it, is too easy.
    if (unitFits && ind.lastYearActual !== undefined && t.value !== undefined) {
      const q = readQuantity(normalise(ind.lastYearActual));
      const last = q && convert(q.value, q.unit, t.unit);
      if (last !== undefined) {
        const op = effectiveOp(t, impliedDirection(t, ind.name));
        if ((op === "gte" || op === "gt") && cmp(t.value, last) < 0)
          add("filing/below-last-year", "warning", at("target"), subject, { found: t.text, expected: ind.lastYearActual });
        else if ((op === "lte" || op === "lt") && cmp(t.value, last) > 0)
          add("filing/above-last-year", "warning", at("target"), subject, { found: t.text, expected: ind.lastYearActual });
      }
    }
  });
  return out;
}

// ── adjustments (调整): what changed between two versions ─────────────────────────────────────

/** One change between two versions of a filing, for the 调整 side-by-side. */
export interface FilingChange {
  change: "added" | "removed" | "changed";
  /** Path of the field (in the new version; in the old one for a removal). */
  path: ModelPath;
  /** What changed, for people: "年度目标", "指标“产出指标 › 数量指标 › 培训人数” 指标值". */
  subject: Bilingual;
  /** Text of the old value ("" when added). */
  before: string;
  /** Text of the new value ("" when removed). */
  after: string;
}

const FIELD_NAMES: Record<string, Bilingual> = {
  kind: bi("申报类型", "kind"),
  fiscalYear: bi("预算年度", "fiscal year"),
  name: bi("名称", "name"),
  code: bi("项目编码", "project code"),
  department: bi("主管部门", "supervising department"),
  implementer: bi("实施单位", "implementing unit"),
  period: bi("实施期", "period"),
  continuity: bi("项目属性", "new or continuing"),
  basis: bi("立项依据", "basis"),
  content: bi("实施内容", "content"),
  functions: bi("部门职能", "functions"),
  midLongTermGoal: bi("中长期目标", "mid/long-term goal"),
  annualGoal: bi("年度目标", "annual goal"),
  totalWeight: bi("分值合计", "total weight"),
  note: bi("备注", "note"),
  level1: bi("一级指标", "level-1 category"),
  level2: bi("二级指标", "level-2 category"),
  target: bi("指标值", "target"),
  unit: bi("计量单位", "unit"),
  weight: bi("权重", "weight"),
  explanation: bi("指标解释", "explanation"),
  scoring: bi("评(扣)分标准", "scoring standard"),
  lastYearActual: bi("上年实际完成值", "last year's actual"),
  dataSource: bi("数据来源", "data source"),
  amount: bi("年度资金", "annual amount"),
  midLongTermAmount: bi("中长期资金", "multi-year amount"),
  budget: bi("预算金额", "budget"),
  text: bi("主要内容", "content"),
};

function valueText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object" && "toFixed" in (v as object)) return plain(v as Decimal);
  return String(v);
}

const SCALAR_FIELDS = [
  "kind",
  "fiscalYear",
  "name",
  "code",
  "department",
  "implementer",
  "period",
  "continuity",
  "basis",
  "content",
  "functions",
  "midLongTermGoal",
  "annualGoal",
  "totalWeight",
  "note",
] as const;
const INDICATOR_FIELDS = [
  "level1",
  "level2",
  "target",
  "unit",
  "weight",
  "explanation",
  "scoring",
  "lastYearActual",
  "dataSource",
  "note",
] as const;

/** Match rows of two lists by key; yields [old index | -1, new index | -1]. */
function match<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const free = new Map<string, number[]>();
  a.forEach((x, i) => {
    const k = key(x);
    free.set(k, [...(free.get(k) ?? []), i]);
  });
  const used = new Set<number>();
  b.forEach((y, j) => {
    const list = free.get(key(y));
    const i = list?.shift();
    if (i === undefined) pairs.push([-1, j]);
    else {
      used.add(i);
      pairs.push([i, j]);
    }
  });
  a.forEach((_, i) => {
    if (!used.has(i)) pairs.push([i, -1]);
  });
  return pairs;
}

/**
 * The changes from version `a` to version `b` of a filing (调整: original and new value side by
 * side): the form's fields, the fund sources, the tasks and the indicator rows (matched by `id`,
 * else by 一级/二级/三级 name), each with the old and the new value as text.
 *
 * @example diffFilings(approved, adjusted) // [{ change: "changed", path: ["indicators", 2, "target"], before: "≥5000人", after: "≥4500人", … }]
 */
export function diffFilings(a: TargetFiling, b: TargetFiling): FilingChange[] {
  const out: FilingChange[] = [];
  const push = (path: ModelPath, subject: Bilingual, before: unknown, after: unknown): void => {
    const x = valueText(before);
    const y = valueText(after);
    if (x === y) return;
    out.push({ change: x === "" ? "added" : y === "" ? "removed" : "changed", path, subject, before: x, after: y });
  };
  for (const f of SCALAR_FIELDS) push([f], FIELD_NAMES[f]!, a[f], b[f]);

  push(["funds", "unit"], bi("资金单位", "money unit"), a.funds?.unit, b.funds?.unit);
  push(["funds", "total"], bi("年度资金总额", "annual total"), a.funds?.total, b.funds?.total);
  const fa = a.funds?.lines ?? [];
  const fb = b.funds?.lines ?? [];
  for (const [i, j] of match(fa, fb, (l) => normalise(l.source))) {
    const line = (j >= 0 ? fb[j] : fa[i])!;
    const at = (f: string): ModelPath => ["funds", "lines", j >= 0 ? j : i, f];
    const subject = (f: string): Bilingual =>
      bi(`资金来源“${line.source}” ${FIELD_NAMES[f]!.zh}`, `fund source "${line.source}" ${FIELD_NAMES[f]!.en}`);
    for (const f of ["amount", "midLongTermAmount", "note"] as const) push(at(f), subject(f), fa[i]?.[f], fb[j]?.[f]);
  }

  const ta = a.tasks ?? [];
  const tb = b.tasks ?? [];
  for (const [i, j] of match(ta, tb, (t) => normalise(t.task))) {
    const task = (j >= 0 ? tb[j] : ta[i])!;
    const at = (f: string): ModelPath => ["tasks", j >= 0 ? j : i, f];
    if (i < 0 || j < 0) push(at("task"), bi(`年度主要任务`, "main task"), ta[i]?.task, tb[j]?.task);
    for (const f of ["budget", "text"] as const)
      push(at(f), bi(`任务“${task.task}” ${FIELD_NAMES[f]!.zh}`, `task "${task.task}" ${FIELD_NAMES[f]!.en}`), ta[i]?.[f], tb[j]?.[f]);
  }

  const ia = a.indicators;
  const ib = b.indicators;
  const rowKey = (x: FilingIndicator): string => x.id ?? [category(x.level1), category(x.level2), normalise(x.name)].join("\u0000");
  for (const [i, j] of match(ia, ib, rowKey)) {
    const row = (j >= 0 ? ib[j] : ia[i])!;
    const at = (f: string): ModelPath => ["indicators", j >= 0 ? j : i, f];
    const name = label(row);
    if (i < 0 || j < 0) {
      push(
        at("target"),
        bi(`指标“${name}”`, `indicator "${name}"`),
        ia[i] && `${label(ia[i])}：${ia[i].target}`,
        ib[j] && `${label(ib[j])}：${ib[j].target}`,
      );
      continue;
    }
    if (ia[i]!.name !== ib[j]!.name) push(at("name"), bi(`指标“${name}” 名称`, `indicator "${name}" name`), ia[i]!.name, ib[j]!.name);
    for (const f of INDICATOR_FIELDS)
      push(at(f), bi(`指标“${name}” ${FIELD_NAMES[f]!.zh}`, `indicator "${name}" ${FIELD_NAMES[f]!.en}`), ia[i]![f], ib[j]![f]);
  }
  return out;
}

// ── from an approved filing to the evaluation ─────────────────────────────────────────────────

export interface FilingToEvaluationOptions {
  /** 评价类型; default 单位自评 (the self-evaluation that follows the year). */
  evaluationType?: "单位自评" | "部门评价" | "财政评价" | "第三方";
  /** Report title; default "<year>年度<name>绩效自评". */
  title?: string;
  /** 评价机构 */
  evaluator?: string;
}

/**
 * An approved filing as the start of its evaluation: 表1 (goals: the mid/long-term and annual
 * goals and the target table) and the indicator tree (一级 › 二级 › 三级, the filed weights,
 * targets, 指标解释 and 评(扣)分标准). The result is an input document: it parses with
 * `EvaluationSchema` and scores with `scoreEvaluation` once actual values are filled in.
 *
 * @example EvaluationSchema.parse(filingToEvaluationInput(filing)).indicators[0].name // "产出指标"
 */
export function filingToEvaluationInput(filing: TargetFiling, opts: FilingToEvaluationOptions = {}): EvaluationInput {
  const project = filing.kind === "项目";
  const kindWord = project ? "" : "部门整体支出";
  const title = opts.title ?? `${filing.fiscalYear}年度${filing.name}${kindWord}绩效自评`;

  // Group the rows into 一级 › 二级 › 三级, in the order they first appear.
  const tree = new Map<string, Map<string, FilingIndicator[]>>();
  for (const ind of filing.indicators) {
    const l1 = tree.get(ind.level1) ?? new Map<string, FilingIndicator[]>();
    tree.set(ind.level1, l1);
    l1.set(ind.level2, [...(l1.get(ind.level2) ?? []), ind]);
  }
  const weightOf = (rows: readonly FilingIndicator[]): string | undefined =>
    rows.every((r) => r.weight !== undefined) ? plain(sum(rows.map((r) => r.weight!))) : undefined;

  const indicators: IndicatorInput[] = [];
  const table: GoalNodeInput[] = [];
  for (const [l1, groups] of tree) {
    const all = [...groups.values()].flat();
    const children: IndicatorInput[] = [];
    const goalChildren: GoalNodeInput[] = [];
    for (const [l2, rows] of groups) {
      children.push({
        name: l2,
        ...opt("weight", weightOf(rows)),
        children: rows.map((r) => ({
          name: r.name,
          ...opt("id", r.id),
          ...opt("weight", r.weight && plain(r.weight)),
          target: r.target,
          ...opt("unit", r.unit),
          ...opt("description", r.explanation),
          ...opt("criteria", r.scoring),
        })),
      });
      goalChildren.push({ name: l2, children: rows.map((r) => ({ name: r.name, target: r.target, ...opt("unit", r.unit) })) });
    }
    indicators.push({ name: l1, ...opt("weight", weightOf(all)), children });
    table.push({ name: l1, children: goalChildren });
  }

  const lines = filing.funds?.lines ?? [];
  return {
    schemaVersion: 1,
    meta: {
      title,
      kind: project ? "项目支出" : "部门整体支出",
      fiscalYear: filing.fiscalYear,
      subject: filing.implementer ?? filing.department ?? filing.name,
      ...opt("project", project ? filing.name : undefined),
      ...opt("evaluator", opts.evaluator),
      evaluationType: opts.evaluationType ?? "单位自评",
    },
    ...(lines.length > 0
      ? {
          funds: {
            unit: filing.funds!.unit,
            lines: lines.map((l) => ({ name: l.source, source: l.source, initialBudget: plain(l.amount), ...opt("note", l.note) })),
          },
        }
      : {}),
    goals: {
      ...(filing.midLongTermGoal ? { midLongTerm: [{ text: filing.midLongTermGoal }] } : {}),
      ...(filing.annualGoal ? { annual: { text: filing.annualGoal } } : {}),
      table,
    },
    indicators,
  };
}

/** `{ [key]: value }` when the value is present, `{}` otherwise (strict schemas refuse undefined keys in YAML output). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined || value === "" ? {} : ({ [key]: value } as { [P in K]?: V });
}
