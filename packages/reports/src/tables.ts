/**
 * The report's tables and charts, built from the model and its scores. Each returns the table
 * without its number; `buildReport` numbers them in the order the template places them.
 */
import {
  type Decimal,
  type Evaluation,
  type GoalNode,
  type NodeResult,
  type ScoreResult,
  HUNDRED,
  dec,
  describeTarget,
  fixed,
  formatWan,
  plain,
  sum,
  wan,
} from "@jixiao/engine";
import { COUNT, PERCENT0, PERCENT2, SCORE2, SCORE_TRIM, TEXT, WAN, WEIGHT, formatCell } from "./format.js";
import type { Cell, ChartBlock, Column, ColumnFormat, TableBlock } from "./structure.js";
import { NOT_SCORED, NO_GRADE, actualText, nodeNotFinal, partialText, partialTotal, partialWithCount } from "./unscored.js";

export type TableDraft = Omit<TableBlock, "label">;
export type ChartDraft = Omit<ChartBlock, "label">;

const LEVEL_NAMES = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"];
const levelName = (i: number) => LEVEL_NAMES[i] ?? `${i + 1}级指标`;

export const col = (header: string, format: ColumnFormat, align: Column["align"]): Column => ({ header, format, align });
export const head = (columns: Column[]): Cell[] => columns.map((c) => ({ text: c.header, bold: true, align: "center" }));
const cell = (value: Decimal | string | undefined, c: Column, extra: Partial<Cell> = {}): Cell => ({
  text: formatCell(value, c.format),
  align: c.align,
  ...extra,
});

function depthOf(nodes: readonly GoalNode[]): number {
  return nodes.reduce((d, n) => Math.max(d, 1 + (n.children?.length ? depthOf(n.children) : 0)), 0);
}

function leaves(n: GoalNode): number {
  return n.children?.length ? n.children.reduce((a, c) => a + leaves(c), 0) : 1;
}

/** 表 年度绩效目标表: the goal tree with its hierarchy as merged cells, any depth. */
export function goalsTable(e: Evaluation): TableDraft | undefined {
  const tree = e.goals?.table;
  if (!tree?.length) return undefined;
  const depth = depthOf(tree);
  const columns = [...Array.from({ length: depth }, (_, i) => col(levelName(i), TEXT, "center")), col("指标值", TEXT, "center")];
  const rows: Cell[][] = [head(columns)];
  let current: Cell[] = [];
  const walk = (n: GoalNode, level: number): void => {
    if (n.children?.length) {
      current.push({ text: n.name, rowSpan: leaves(n), align: "center" });
      n.children.forEach((c) => walk(c, level + 1));
      return;
    }
    current.push({ text: n.name, colSpan: depth - level, align: "center" });
    current.push({ text: n.target ? describeTarget(n.target, n.unit) : "", align: "center" });
    rows.push(current);
    current = [];
  };
  tree.forEach((n) => walk(n, 0));
  return { kind: "table", key: "goals", title: "年度绩效目标表", columns, rows: rows.map(dropUnitSpans), headerRows: 1 };
}

/** Omit spans of 1 so the structure stays minimal. */
function dropUnitSpans(row: Cell[]): Cell[] {
  return row.map((c) => {
    const out = { ...c };
    if (out.rowSpan === 1) delete out.rowSpan;
    if (out.colSpan === 1) delete out.colSpan;
    return out;
  });
}

export interface Level1Options {
  /** Print "A履职效能" (the node's own id before its name) as the seed does. */
  idPrefix: boolean;
  /** Format of the score column: the seed prints "7" (SCORE_TRIM), others "7.00". */
  scoreFormat: ColumnFormat;
}

/** 表 一级指标得分情况, with 合计. */
export function level1Table(s: ScoreResult, options: Level1Options = { idPrefix: true, scoreFormat: SCORE_TRIM }): TableDraft | undefined {
  if (s.roots.length === 0) return undefined;
  if (s.preset === "pefa") {
    const columns = [col("指标", TEXT, "left"), col("评级", TEXT, "center")];
    return {
      kind: "table",
      key: "level1",
      title: "指标评级情况",
      columns,
      rows: [
        head(columns),
        ...s.all
          .filter((n) => n.grade !== undefined)
          .map((n) => [cell(`${n.id} ${n.name}`, columns[0]!, { indent: n.level - 1 }), cell(n.grade, columns[1]!)]),
      ],
      headerRows: 1,
    };
  }
  const columns = [
    col("一级指标", TEXT, "center"),
    col("权重", WEIGHT, "center"),
    col("得分", options.scoreFormat, "center"),
    col("得分率", PERCENT2, "center"),
  ];
  const [name, weight, score, rate] = columns as [Column, Column, Column, Column];
  const label = (n: NodeResult) => (options.idPrefix && n.node.id ? `${n.node.id}${n.name}` : n.name);
  const rows: Cell[][] = [head(columns)];
  for (const n of s.roots) {
    rows.push([
      cell(label(n), name),
      cell(n.weight, weight),
      n.notApplicable ? cell("不适用", score) : scoreCell(n, score),
      cell(n.rate?.times(HUNDRED), rate),
    ]);
  }
  // With indicators unscored there is no total: what is scored so far, labelled, and how many are not.
  const partial = partialTotal(s);
  const totalCell = partial
    ? cell(partialWithCount(partial.value, partial.unscored), score, { bold: true })
    : cell(s.total, score, { bold: true });
  rows.push([
    cell("合计", name, { bold: true }),
    cell(s.weight, weight, { bold: true }),
    totalCell,
    cell(s.rate?.times(HUNDRED), rate, { bold: true }),
  ]);
  return { kind: "table", key: "level1", title: "一级指标得分情况", columns, rows, headerRows: 1 };
}

/**
 * 表 下属单位人员情况: 编制人数, 实有在职人数, 空编数 = 编制 − 实有, 空编率 = 空编数 ÷ 编制
 * (whole percents, as the seed prints them); "-" when a unit is not under-staffed.
 */
export function staffingTable(
  e: Evaluation,
  s: ScoreResult,
  options: { rateFormat: ColumnFormat } = { rateFormat: PERCENT0 },
): TableDraft | undefined {
  const units = (e.organisation?.units ?? []).filter((u) => u.quota !== undefined && u.inPost !== undefined);
  if (units.length === 0) return undefined;
  const columns = [
    col("单位名称", TEXT, "center"),
    col("编制人数", COUNT, "center"),
    col("实有在职人数", COUNT, "center"),
    col("空编数", COUNT, "center"),
    col("空编率", options.rateFormat, "center"),
  ];
  const [name, quota, inPost, vacancy, rate] = columns as [Column, Column, Column, Column, Column];
  const rows: Cell[][] = [head(columns)];
  for (const u of units) {
    const f = (id: string) => s.formulas.find((x) => x.formula.id === id && x.unitId === u.id)?.value;
    const v = f("vacancy");
    const under = v !== undefined && v.isPositive() && !v.isZero();
    rows.push([
      cell(u.name, name),
      cell(plain(dec0(u.quota)), quota),
      cell(plain(dec0(u.inPost)), inPost),
      cell(under ? v : undefined, vacancy),
      cell(under ? f("vacancyRate") : undefined, rate),
    ]);
  }
  return { kind: "table", key: "staffing", title: `${shortName(e)}下属单位人员情况`, columns, rows, headerRows: 1 };
}

function dec0(n: number | undefined): Decimal {
  return dec(n ?? 0);
}

/** The seed calls the department 人社局: the text in （以下简称“…”）, else the subject. */
export function shortName(e: Evaluation): string {
  const m = /以下简称[“"]([^”"]+)[”"]/.exec((e.narrative ?? []).map((n) => n.text ?? "").join("\n"));
  return m?.[1] ?? "";
}

interface FundRow {
  name: string;
  source?: string;
  initial?: Decimal;
  adjusted?: Decimal;
  actual?: Decimal;
  carryover?: Decimal;
}

/** 表 资金情况 (万元, thousands separators, two decimals) with 合计 and 执行率. */
export function fundsTable(e: Evaluation): TableDraft | undefined {
  const f = e.funds;
  const lines = f?.lines.filter((l) => !l.subtotal) ?? [];
  if (!f || lines.length === 0) return undefined;
  const data: FundRow[] = lines.map((l) => ({
    name: l.name,
    source: l.source,
    initial: wan(l.initialBudget, l, f.unit),
    adjusted: wan(l.adjustedBudget, l, f.unit),
    actual: wan(l.actual, l, f.unit),
    carryover: wan(l.carryover, l, f.unit),
  }));
  const has = (k: keyof FundRow) => data.some((r) => r[k] !== undefined);
  const total = (k: "initial" | "adjusted" | "actual" | "carryover") =>
    data.every((r) => r[k] !== undefined) ? sum(data.map((r) => r[k]!)) : undefined;
  const rateOf = (r: Pick<FundRow, "actual" | "adjusted" | "initial">) => {
    const budget = r.adjusted ?? r.initial;
    return r.actual !== undefined && budget !== undefined && !budget.isZero() ? r.actual.dividedBy(budget).times(HUNDRED) : undefined;
  };
  type Spec = {
    header: string;
    format: ColumnFormat;
    get: (r: FundRow) => Decimal | string | undefined;
    total: () => Decimal | string | undefined;
  };
  const specs: Spec[] = [{ header: "资金名称", format: TEXT, get: (r) => r.name, total: () => "合计" }];
  if (has("source")) specs.push({ header: "资金来源", format: TEXT, get: (r) => r.source ?? "", total: () => "" });
  if (has("initial")) specs.push({ header: "年初预算（万元）", format: WAN, get: (r) => r.initial, total: () => total("initial") });
  if (has("adjusted")) specs.push({ header: "调整后预算（万元）", format: WAN, get: (r) => r.adjusted, total: () => total("adjusted") });
  if (has("actual")) specs.push({ header: "实际支出（万元）", format: WAN, get: (r) => r.actual, total: () => total("actual") });
  if (has("carryover")) specs.push({ header: "结转结余（万元）", format: WAN, get: (r) => r.carryover, total: () => total("carryover") });
  if (has("actual") && (has("adjusted") || has("initial"))) {
    specs.push({
      header: "执行率",
      format: PERCENT2,
      get: rateOf,
      total: () => rateOf({ actual: total("actual"), adjusted: total("adjusted"), initial: total("initial") }),
    });
  }
  const columns = specs.map((sp, i) => col(sp.header, sp.format, i === 0 ? "center" : sp.format.kind === "text" ? "center" : "right"));
  const rows: Cell[][] = [head(columns)];
  for (const r of data) rows.push(specs.map((sp, i) => cell(sp.get(r), columns[i]!)));
  if (data.length > 1) rows.push(specs.map((sp, i) => cell(sp.total(), columns[i]!, { bold: true })));
  return { kind: "table", key: "funds", title: "资金情况表", columns, rows, headerRows: 1 };
}

/** The whole scoring tree: every node with weight, target, actual, score and its reason. */
export function scoringTable(s: ScoreResult, options: { scoreFormat: ColumnFormat } = { scoreFormat: SCORE2 }): TableDraft | undefined {
  if (s.all.length === 0) return undefined;
  const ordinal = s.preset === "pefa";
  const columns = [
    col("编号", TEXT, "center"),
    col("指标", TEXT, "left"),
    col("权重", WEIGHT, "center"),
    col("指标值", TEXT, "center"),
    col("实际值", TEXT, "center"),
    col(ordinal ? "评级" : "得分", options.scoreFormat, "center"),
    col("评分说明", TEXT, "left"),
  ];
  const [id, name, weight, target, actual, score, why] = columns as [Column, Column, Column, Column, Column, Column, Column];
  const rows: Cell[][] = [head(columns)];
  for (const n of s.all) {
    const bold = n.level === 1;
    const node = n.node;
    // The actual in the unit it was compared in, with that unit's precision: "5,230人", never "5230%".
    const act = actualText(n);
    // A reason the engine's explanation already gives (a deduction's, "3 − 0.5（…）") is not printed twice.
    const explanation = n.explanation.zh;
    const deductions = (node.deductions ?? [])
      .filter((d) => !explanation.includes(d.reason))
      .map((d) => `${d.reason}（扣${plain(d.points)}分）`);
    const own = node.reason && !explanation.includes(node.reason.trim()) ? node.reason : undefined;
    const reasons = [explanation, own, ...deductions].filter((x): x is string => !!x && x.trim().length > 0);
    rows.push([
      cell(n.id, id, { bold }),
      cell(n.name, name, { bold, indent: n.level - 1 }),
      ordinal ? cell("", weight) : cell(n.weight, weight, { bold }),
      cell(node.target ? describeTarget(node.target, node.unit) : "", target),
      cell(act, actual),
      n.notApplicable ? cell("不适用", score) : ordinal ? cell(n.grade ?? "", score, { bold }) : scoreCell(n, score, { bold }),
      cell(unique(reasons).join("；"), why),
    ]);
  }
  if (!ordinal) {
    const partial = partialTotal(s);
    const total = partial
      ? cell(partialWithCount(partial.value, partial.unscored), score, { bold: true })
      : cell(s.total, score, { bold: true });
    const grade = partial ? NO_GRADE : s.grade ? `绩效评级：${s.grade}` : "";
    rows.push([
      cell("", id),
      cell("合计", name, { bold: true }),
      cell(s.weight, weight, { bold: true }),
      cell("", target),
      cell("", actual),
      total,
      cell(grade, why, { bold: true }),
    ]);
  }
  return { kind: "table", key: "scoring", title: "评分明细表", columns, rows, headerRows: 1 };
}

/** A node's score cell: its score; 未评分 for a leaf that could not be scored (never 0); "部分合计 X" above one. */
function scoreCell(n: NodeResult, c: Column, extra: Partial<Cell> = {}): Cell {
  const open = nodeNotFinal(n);
  if (!open) return cell(n.score, c, extra);
  if (open.leaf || open.partial === undefined) return cell(NOT_SCORED, c, extra);
  return cell(partialText(open.partial), c, extra);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * 表 佐证材料索引 (the evidence index of the appendix): each indicator and finding with the
 * evidence the file lists for it, numbered; absent when the file lists none.
 */
export function evidenceTable(e: Evaluation, s: ScoreResult): TableDraft | undefined {
  const columns = [
    col("序号", TEXT, "center"),
    col("编号", TEXT, "center"),
    col("指标或问题", TEXT, "left"),
    col("佐证材料", TEXT, "left"),
  ];
  const [no, id, name, what] = columns as [Column, Column, Column, Column];
  const rows: Cell[][] = [head(columns)];
  let k = 0;
  for (const n of s.all)
    for (const item of n.node.evidence ?? []) rows.push([cell(String(++k), no), cell(n.id, id), cell(n.name, name), cell(item, what)]);
  (e.findings ?? []).forEach((f, i) => {
    for (const item of f.evidence ?? [])
      rows.push([cell(String(++k), no), cell(f.id ?? `问题${i + 1}`, id), cell(f.title, name), cell(item, what)]);
  });
  return k === 0 ? undefined : { kind: "table", key: "evidence", title: "佐证材料索引", columns, rows, headerRows: 1 };
}

/** 图 一级指标得分率 (bars, 0–100%). */
export function level1RatesChart(s: ScoreResult): ChartDraft | undefined {
  const roots = s.roots.filter((n) => n.rate !== undefined);
  if (roots.length === 0 || s.preset === "pefa") return undefined;
  return {
    kind: "chart",
    key: "level1Rates",
    title: "一级指标得分率",
    type: "bar",
    unit: "%",
    max: 100,
    data: roots.map((n) => {
      const pct = n.rate!.times(HUNDRED);
      return { label: n.name, value: fixed(pct, 2), printed: fixed(pct, 2) + "%" };
    }),
  };
}

/** 图 资金构成 (pie of the counted fund lines, 万元). */
export function fundsChart(e: Evaluation): ChartDraft | undefined {
  const f = e.funds;
  const lines = f?.lines.filter((l) => !l.subtotal) ?? [];
  if (!f || lines.length < 2) return undefined;
  const data = lines
    .map((l) => ({ name: l.name, amount: wan(l.actual ?? l.adjustedBudget ?? l.initialBudget, l, f.unit) }))
    .filter((x): x is { name: string; amount: Decimal } => x.amount !== undefined && x.amount.isPositive());
  if (data.length < 2) return undefined;
  return {
    kind: "chart",
    key: "fundsComposition",
    title: "资金构成（万元）",
    type: "pie",
    unit: "万元",
    data: data.map((d) => ({ label: d.name, value: fixed(d.amount, 2), printed: formatWan(d.amount) })),
  };
}
