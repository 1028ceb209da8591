/**
 * Standard formulas (共性指标) as data. The expressions are in the safe expression language
 * over variables the engine derives from the model (see `modelVariables`); provinces that
 * define a rate differently override `expression` or `target` in `scheme.formulas`.
 * Source: 财预〔2013〕53号 附件 (部门整体支出绩效评价共性指标体系框架), 财预〔2020〕10号.
 */
import { type Decimal, HUNDRED, ZERO, sum } from "./exact.js";
import { ExpressionError, compile, evaluate, variablesOf, type Scope } from "./expression.js";
import type { Evaluation, FundLine, Unit } from "./model.js";
import { type Target, isMet, parseTarget } from "./target.js";
import { type Bilingual, bi, lazyText } from "./messages.js";

export interface StandardFormula {
  id: string;
  /** Chinese name as it appears in indicator tables. */
  name: string;
  name_en: string;
  /** Whole evaluation, or each unit of the organisation. */
  scope: "evaluation" | "unit";
  expression: string;
  /** "%" when the value is a percentage. */
  unit: "%" | "人" | "万元";
  /** Default target, if the formula has a conventional one. */
  target?: string;
  /** The variable whose zero makes the rate undefined. */
  denominator?: string;
  source: string;
}

export const STANDARD_FORMULAS: readonly StandardFormula[] = [
  {
    id: "staffControlRate",
    name: "在职人员控制率",
    name_en: "Staff control rate",
    scope: "evaluation",
    expression: "staff.inPost / staff.quota * 100",
    unit: "%",
    target: "≤100%",
    denominator: "staff.quota",
    source: "财预〔2013〕53号",
  },
  {
    id: "vacancy",
    name: "空编数",
    name_en: "Vacant posts",
    scope: "unit",
    expression: "quota - inPost",
    unit: "人",
    source: "编制数 − 实有人数",
  },
  {
    id: "vacancyRate",
    name: "空编率",
    name_en: "Vacancy rate",
    scope: "unit",
    expression: "(quota - inPost) / quota * 100",
    unit: "%",
    denominator: "quota",
    source: "空编数 / 编制数",
  },
  {
    id: "unitStaffControlRate",
    name: "在职人员控制率（单位）",
    name_en: "Staff control rate (unit)",
    scope: "unit",
    expression: "inPost / quota * 100",
    unit: "%",
    target: "≤100%",
    denominator: "quota",
    source: "财预〔2013〕53号",
  },
  {
    id: "unitBudgetAdjustmentRate",
    name: "预算调整率（单位）",
    name_en: "Budget adjustment rate (unit)",
    scope: "unit",
    expression: "(budget.adjusted - budget.initial) / budget.initial * 100",
    unit: "%",
    denominator: "budget.initial",
    source: "财预〔2013〕53号",
  },
  {
    id: "unitProjectBudgetAdjustmentRate",
    name: "项目支出预算调整率（单位）",
    name_en: "Project budget adjustment rate (unit)",
    scope: "unit",
    expression: "(budget.projectAdjusted - budget.projectInitial) / budget.projectInitial * 100",
    unit: "%",
    denominator: "budget.projectInitial",
    source: "财预〔2013〕53号",
  },
  {
    id: "unitExecutionRate",
    name: "预算执行率（单位）",
    name_en: "Budget execution rate (unit)",
    scope: "unit",
    expression: "budget.actual / budget.adjusted * 100",
    unit: "%",
    denominator: "budget.adjusted",
    source: "财预〔2013〕53号",
  },
  {
    id: "budgetExecutionRate",
    name: "预算执行率",
    name_en: "Budget execution rate",
    scope: "evaluation",
    expression: "funds.actual / funds.adjustedBudget * 100",
    unit: "%",
    target: "100%",
    denominator: "funds.adjustedBudget",
    source: "财预〔2013〕53号 预算完成率",
  },
  {
    id: "budgetAdjustmentRate",
    name: "预算调整率",
    name_en: "Budget adjustment rate",
    scope: "evaluation",
    expression: "(funds.adjustedBudget - funds.initialBudget) / funds.initialBudget * 100",
    unit: "%",
    denominator: "funds.initialBudget",
    source: "财预〔2013〕53号",
  },
  {
    id: "carryoverRate",
    name: "结转结余率",
    name_en: "Carry-over rate",
    scope: "evaluation",
    expression: "funds.carryover / funds.adjustedBudget * 100",
    unit: "%",
    denominator: "funds.adjustedBudget",
    source: "财预〔2013〕53号",
  },
  {
    id: "publicExpenseControlRate",
    name: "公用经费控制率",
    name_en: "Public expense control rate",
    scope: "evaluation",
    expression: "funds.public.actual / funds.public.budget * 100",
    unit: "%",
    target: "≤100%",
    denominator: "funds.public.budget",
    source: "财预〔2013〕53号",
  },
  {
    id: "threeCostsControlRate",
    name: "“三公经费”控制率",
    name_en: '"Three public costs" control rate',
    scope: "evaluation",
    expression: "funds.threeCosts.actual / funds.threeCosts.budget * 100",
    unit: "%",
    target: "≤100%",
    denominator: "funds.threeCosts.budget",
    source: "财预〔2013〕53号",
  },
  {
    id: "threeCostsChangeRate",
    name: "“三公经费”变动率",
    name_en: '"Three public costs" change rate',
    scope: "evaluation",
    expression: "(funds.threeCosts.actual - funds.threeCosts.prior) / funds.threeCosts.prior * 100",
    unit: "%",
    target: "≤0%",
    denominator: "funds.threeCosts.prior",
    source: "财预〔2013〕53号",
  },
  {
    id: "procurementExecutionRate",
    name: "政府采购执行率",
    name_en: "Government procurement execution rate",
    scope: "evaluation",
    expression: "funds.procurement.actual / funds.procurement.budget * 100",
    unit: "%",
    target: "100%",
    denominator: "funds.procurement.budget",
    source: "财预〔2013〕53号",
  },
  {
    id: "keyExpenditureRate",
    name: "重点支出安排率",
    name_en: "Key expenditure share",
    scope: "evaluation",
    expression: "funds.key.actual / funds.project.actual * 100",
    unit: "%",
    denominator: "funds.project.actual",
    source: "财预〔2013〕53号",
  },
  {
    id: "fixedAssetUtilisation",
    name: "固定资产利用率",
    name_en: "Fixed asset utilisation",
    scope: "evaluation",
    expression: "assets.fixedInUse / assets.fixedTotal * 100",
    unit: "%",
    target: "100%",
    denominator: "assets.fixedTotal",
    source: "财预〔2013〕53号",
  },
  {
    id: "goalCompletionRate",
    name: "目标完成率",
    name_en: "Goal completion rate",
    scope: "evaluation",
    expression: "external.met / external.total * 100",
    unit: "%",
    target: "100%",
    denominator: "external.total",
    source: "实际完成数 / 计划数",
  },
];

export const FORMULA_BY_ID: ReadonlyMap<string, StandardFormula> = new Map(
  STANDARD_FORMULAS.flatMap((f) => [
    [f.id, f],
    [f.name, f],
  ]),
);

/** A fund line's amount converted to 万元. */
export function wan(value: Decimal | undefined, line: FundLine, fileUnit: "元" | "万元"): Decimal | undefined {
  if (value === undefined) return undefined;
  return (line.unit ?? fileUnit) === "元" ? value.dividedBy(10000) : value;
}

type Bag = Record<string, Decimal>;

function addTotals(bag: Bag, prefix: string, lines: FundLine[], fileUnit: "元" | "万元"): void {
  const fields: Array<[keyof FundLine, string]> = [
    ["initialBudget", "initialBudget"],
    ["adjustedBudget", "adjustedBudget"],
    ["actual", "actual"],
    ["carryover", "carryover"],
    ["priorYearActual", "prior"],
  ];
  for (const [field, name] of fields) {
    const values = lines.map((l) => wan(l[field] as Decimal | undefined, l, fileUnit));
    if (lines.length > 0 && values.every((v) => v !== undefined)) bag[`${prefix}.${name}`] = sum(values as Decimal[]);
  }
  const budget = bag[`${prefix}.adjustedBudget`] ?? bag[`${prefix}.initialBudget`];
  if (budget !== undefined) bag[`${prefix}.budget`] = budget;
}

/**
 * The variables standard formulas read, derived from the model. A variable is present only
 * when every input it sums is present (a formula whose inputs are missing is not computed).
 */
export function modelVariables(e: Evaluation): Bag {
  const bag: Bag = {};
  const units = e.organisation?.units ?? [];
  if (units.length > 0 && units.every((u) => u.quota !== undefined)) bag["staff.quota"] = sum(units.map((u) => dec0(u.quota)));
  if (units.length > 0 && units.every((u) => u.inPost !== undefined)) bag["staff.inPost"] = sum(units.map((u) => dec0(u.inPost)));
  if (e.funds) {
    const unit = e.funds.unit;
    const lines = e.funds.lines.filter((l) => !l.subtotal);
    addTotals(bag, "funds", lines, unit);
    const tagged = (...cats: string[]) => lines.filter((l) => l.categories?.some((c) => cats.includes(c)));
    addTotals(bag, "funds.public", tagged("公用经费"), unit);
    addTotals(bag, "funds.threeCosts", tagged("三公经费", "因公出国(境)费", "公务用车购置及运行费", "公务接待费"), unit);
    addTotals(bag, "funds.procurement", tagged("政府采购"), unit);
    addTotals(bag, "funds.key", tagged("重点支出"), unit);
    addTotals(bag, "funds.project", tagged("项目支出"), unit);
  }
  const assets = e.organisation?.assets;
  if (assets?.fixedAssetsTotal !== undefined) bag["assets.fixedTotal"] = assets.fixedAssetsTotal;
  if (assets?.fixedAssetsInUse !== undefined) bag["assets.fixedInUse"] = assets.fixedAssetsInUse;
  const ext = e.externalAssessments ?? [];
  if (ext.length > 0) {
    bag["external.total"] = sum(ext.map((x) => dec0(x.total)));
    bag["external.met"] = sum(ext.map((x) => dec0(x.met)));
  }
  return bag;
}

function dec0(n: number | undefined): Decimal {
  return ZERO.plus(n ?? 0);
}

/** Variables of one unit: quota, inPost, budget.*. */
export function unitVariables(u: Unit): Bag {
  const bag: Bag = {};
  if (u.quota !== undefined) bag["quota"] = dec0(u.quota);
  if (u.inPost !== undefined) bag["inPost"] = dec0(u.inPost);
  const b = u.budget;
  if (b) {
    for (const [k, v] of Object.entries(b)) if (v !== undefined) bag[`budget.${k}`] = v as Decimal;
  }
  return bag;
}

export interface FormulaResult {
  formula: StandardFormula;
  /** The unit, for unit-scoped formulas. */
  unitId?: string;
  /** Undefined when inputs are missing or the denominator is 0. */
  value?: Decimal;
  inputs: Record<string, Decimal>;
  missing: string[];
  zeroDenominator: boolean;
  target?: Target;
  met?: boolean;
  explanation: Bilingual;
}

/** Effective formula after `scheme.formulas` overrides. */
export function effectiveFormula(e: Evaluation, f: StandardFormula): { expression: string; target?: Target } {
  const o = e.scheme?.formulas?.[f.id];
  return {
    expression: o?.expression ?? f.expression,
    target: o?.target ?? DEFAULT_TARGETS.get(f.id),
  };
}

const DEFAULT_TARGETS: ReadonlyMap<string, Target> = new Map(
  STANDARD_FORMULAS.filter((f) => f.target !== undefined).map((f) => [f.id, parseTarget(f.target!)]),
);

const NAMES = new Map<string, string[]>();
function namesOf(source: string, expr: ReturnType<typeof compile>): string[] {
  let names = NAMES.get(source);
  if (!names) {
    names = [...variablesOf(expr)];
    if (NAMES.size > 1000) NAMES.clear();
    NAMES.set(source, names);
  }
  return names;
}

/** Evaluate one standard formula over a variable bag. */
export function runFormula(f: StandardFormula, expression: string, scope: Bag, target?: Target, unitId?: string): FormulaResult {
  const expr = compile(expression);
  const names = namesOf(expression, expr);
  const missing = names.filter((n) => scope[n] === undefined);
  const inputs: Record<string, Decimal> = {};
  for (const n of names) if (scope[n] !== undefined) inputs[n] = scope[n]!;
  const base = { formula: f, unitId, inputs, missing, target };
  if (missing.length > 0) {
    return {
      ...base,
      zeroDenominator: false,
      explanation: lazyText(() => bi(`缺少数据：${missing.join("、")}`, `missing data: ${missing.join(", ")}`)),
    };
  }
  const shown = (): string => names.map((n) => `${n} = ${scope[n]?.toFixed() ?? "?"}`).join("，");
  try {
    const v = evaluate(expr, scope as Scope);
    if (typeof v === "boolean") throw new ExpressionError("type", "formula yields a condition", 0);
    const met = target && target.op !== "qualitative" ? isMet(target, v, "正向") : undefined;
    const valueText = (): string => (f.unit === "%" ? `${v.toDecimalPlaces(2).toFixed(2)}%` : v.toFixed());
    return {
      ...base,
      value: v,
      zeroDenominator: false,
      met,
      explanation: lazyText(() =>
        bi(`${f.name} = ${expression}（${shown()}）= ${valueText()}`, `${f.name_en} = ${expression} (${shown()}) = ${valueText()}`),
      ),
    };
  } catch (err) {
    if (err instanceof ExpressionError && err.code === "division-by-zero") {
      return {
        ...base,
        zeroDenominator: true,
        explanation: lazyText(() => bi(`${f.name}：分母为 0（${shown()}）`, `${f.name_en}: zero denominator (${shown()})`)),
      };
    }
    throw err;
  }
}

/** Every standard formula whose inputs exist in the model (evaluation- and unit-scoped). */
export function computeStandardFormulas(e: Evaluation, vars: Bag = modelVariables(e)): FormulaResult[] {
  const out: FormulaResult[] = [];
  const units = e.organisation?.units ?? [];
  const unitVars = units.map(unitVariables);
  const ready = (expression: string, scope: Bag): boolean => namesOf(expression, compile(expression)).every((n) => scope[n] !== undefined);
  for (const f of STANDARD_FORMULAS) {
    const { expression, target } = effectiveFormula(e, f);
    if (f.scope === "evaluation") {
      if (ready(expression, vars)) out.push(runFormula(f, expression, vars, target));
    } else {
      units.forEach((u, i) => {
        if (ready(expression, unitVars[i]!)) out.push(runFormula(f, expression, unitVars[i]!, target, u.id));
      });
    }
  }
  return out;
}

/** Percentage helper used by outcomes: actual / target × 100. */
export function completionRate(actual: Decimal, target: Decimal): Decimal | undefined {
  return target.isZero() ? undefined : actual.dividedBy(target).times(HUNDRED);
}
