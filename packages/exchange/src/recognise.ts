/**
 * Table recognition: which row of a stream is a header, what each column means (in the
 * variants real forms print), and which kind of table follows (indicator scores, annual
 * goals, staffing, funds, a plain count table). Shared by the importers (strict) and the
 * auditor (lenient).
 */
import { type CellLocation, type StreamItem } from "./rows.js";

export type Role =
  | "id"
  | "level1"
  | "level2"
  | "level3"
  | "level4"
  | "name"
  | "weight"
  | "target"
  | "actual"
  | "score"
  | "rate"
  | "reason"
  | "unit"
  | "direction"
  | "criteria"
  | "method"
  | "op"
  | "lower"
  | "upper"
  | "p1"
  | "p2"
  | "p3"
  | "deductions"
  | "bandGrade"
  | "bandMin"
  | "bandMax"
  | "bandInclusive"
  | "notApplicable"
  | "unitType"
  | "quota"
  | "inPost"
  | "vacancy"
  | "vacancyRate"
  | "count"
  | "fundName"
  | "source"
  | "initialBudget"
  | "adjustedBudget"
  | "spent"
  | "carryover"
  | "executionRate"
  | "completionRate"
  | "deductionItems"
  | "notApplicableReason"
  | "formula"
  | "inputs"
  | "details"
  | "description"
  | "evidence"
  | "subtotalFlag"
  | "nature"
  | "adjustedTarget"
  | "coefficient"
  | "core";

/**
 * Header variants, normalised (spaces, brackets and their content removed). The first
 * pattern that matches a header cell gives its role; the order matters (得分率 before 得分).
 */
const VARIANTS: Array<[Role, RegExp]> = [
  ["id", /^(编号|序号|指标编号|代码)$/],
  ["level1", /^(一级指标|一级|一级指标名称)$/],
  ["level2", /^(二级指标|二级|二级指标名称)$/],
  ["level3", /^(三级指标|三级|三级指标名称)$/],
  ["level4", /^(四级指标|四级)$/],
  ["rate", /^(得分率|评分率)$/],
  ["score", /^(得分|评分|自评得分|评价得分|实际得分|最终得分|指标得分)$/],
  ["weight", /^(分值|权重|权重分值|指标分值|标准分值|标准分|满分|指标权重)$/],
  ["target", /^(指标值|目标值|年度指标值|年度目标值|计划值|预期指标值|绩效指标值|年度绩效指标值|年初指标值|年初目标值)$/],
  ["adjustedTarget", /^(调整指标值|调整后指标值)$/],
  ["actual", /^(实际完成值|实际值|完成值|实际完成|全年实际值|实际完成情况|完成情况|年度实际完成值|全年完成值)$/],
  // Yunnan's 指标性质 holds the operator (≧ | 735 | 人次), Chongqing's 定量指标/定性指标; 得分系数
  // and 是否核心指标 are read and left aside (they are no errors).
  ["nature", /^指标性质$/],
  ["coefficient", /^得分系数$/],
  ["core", /^是否核心指标$/],
  ["completionRate", /^(完成率|目标完成率)$/],
  ["reason", /^(偏差原因分析及改进措施|偏差原因|扣分原因|评分说明|扣分说明|得分说明|原因分析|备注|说明)$/],
  ["unit", /^(计量单位|度量单位|单位)$/],
  ["direction", /^(指标方向|方向)$/],
  ["criteria", /^(评分标准|评分规则)$/],
  ["description", /^(指标解释|指标说明)$/],
  // The columns of Jixiao's own export (export-xlsx.ts), so an exported workbook imports back.
  ["method", /^评分方法$/],
  ["op", /^比较$/],
  ["lower", /^目标值\/下限$/],
  ["upper", /^上限$/],
  ["p1", /^参数1$/],
  ["p2", /^参数2$/],
  ["p3", /^参数3$/],
  ["deductions", /^扣分$/],
  ["deductionItems", /^扣分明细$/],
  ["notApplicableReason", /^不适用原因$/],
  ["formula", /^计算公式$/],
  ["inputs", /^公式输入$/],
  ["details", /^评分明细$/],
  ["evidence", /^(佐证材料|证据材料)$/],
  ["subtotalFlag", /^小计行$/],
  ["bandGrade", /^(等级区间|等级|绩效等级|评价等级)$/],
  ["bandMin", /^(下限|最低分)$/],
  ["bandMax", /^(上限|最高分)$/],
  ["bandInclusive", /^含上限$/],
  ["notApplicable", /^(不适用|是否适用)$/],
  ["name", /^(指标名称|指标|评价指标|单位名称|部门名称|人员类别|类别|项目|名称)$/],
  ["unitType", /^(单位类型|单位性质)$/],
  ["quota", /^(编制人数|编制数|核定编制|编制)$/],
  ["inPost", /^(实有在职人数|实有人数|在职人数|实有在编人数|在编人数)$/],
  ["vacancy", /^(空编数|空编人数)$/],
  ["vacancyRate", /^(空编率)$/],
  ["count", /^(人数|数量|个数)$/],
  ["fundName", /^(项目资金|资金名称|资金项目|资金类别|资金来源|预算执行情况|资金情况|资金)$/],
  ["source", /^(来源|资金性质)$/],
  ["initialBudget", /^(年初预算数|年初预算|年初预算数A|预算批复数)$/],
  ["adjustedBudget", /^(全年预算数|调整后预算数|调整后预算|预算数|全年预算)$/],
  ["spent", /^(全年执行数|执行数|实际支出|实际支出数|决算数|支出数|执行金额)$/],
  ["carryover", /^(结转结余|结转结余数|结余)$/],
  ["executionRate", /^(执行率|预算执行率)$/],
];

export interface HeaderCell {
  role: Role;
  /** Column index in the row's cells. */
  index: number;
  /** The header as printed. */
  text: string;
  /** Points given in the header: 预算执行情况(20分) → 20. */
  points?: string;
  /** A formula stated in the header: 得分(20分*执行率). */
  formula?: string;
  /** Unit stated in the header: 项目资金(万元) → 万元. */
  moneyUnit?: "元" | "万元";
}

/** Normalise a header cell: drop spaces and bracketed notes. */
export function normaliseHeader(text: string): { key: string; note: string } {
  const t = text.replace(/\s+/g, "");
  const notes: string[] = [];
  const key = t.replace(/[（(]([^）)]*)[）)]/g, (_, n: string) => {
    notes.push(n);
    return "";
  });
  return { key, note: notes.join(" ") };
}

/** The role of one header cell, if it is one we know. */
export function roleOf(text: string): Omit<HeaderCell, "index"> | undefined {
  const { key, note } = normaliseHeader(text);
  if (!key) return undefined;
  for (const [role, re] of VARIANTS) {
    if (re.test(key)) {
      const h: Omit<HeaderCell, "index"> = { role, text };
      const points = /(\d+(?:\.\d+)?)\s*分/.exec(note);
      if (points) h.points = points[1];
      if (/[*×x]/.test(note) && /执行率/.test(note)) h.formula = note;
      if (/万元/.test(note)) h.moneyUnit = "万元";
      else if (/(^|[^万])元/.test(note)) h.moneyUnit = "元";
      return h;
    }
  }
  return undefined;
}

export type TableKind = "scores" | "goals" | "staff" | "funds" | "counts" | "bands";

export interface HeaderMatch {
  kind: TableKind;
  columns: HeaderCell[];
  /** Number of header cells (the table's width as printed). */
  width: number;
}

/** Decide whether a row is a header we recognise, and of which kind of table. */
export function matchHeader(cells: readonly string[]): HeaderMatch | undefined {
  const columns: HeaderCell[] = [];
  let unknown = 0;
  cells.forEach((c, index) => {
    if (!c) return;
    const r = roleOf(c);
    if (!r) {
      unknown++;
      return;
    }
    // 资金名称 | 资金来源: the second names where the money comes from.
    if (r.role === "fundName" && normaliseHeader(c).key === "资金来源" && columns.some((x) => x.role === "fundName")) {
      columns.push({ ...r, role: "source", index });
      return;
    }
    // The first column of a funds table names the line (项目资金(万元), 预算执行情况(20分)).
    if (columns.some((x) => x.role === r.role)) return;
    columns.push({ ...r, index });
  });
  if (columns.length < 2 || unknown > columns.length) return undefined;
  const has = (...roles: Role[]): boolean => roles.some((r) => columns.some((c) => c.role === r));
  const levels = has("level1", "level2", "level3");
  let kind: TableKind | undefined;
  if (has("quota") && has("inPost")) kind = "staff";
  else if (has("spent", "initialBudget", "adjustedBudget") && (has("fundName", "name") || columns[0]?.index === 0)) kind = "funds";
  // With points or scores it is an indicator table (the engine scores it when 得分 is absent);
  // levels and targets alone are the annual goals (年度绩效目标表).
  else if ((levels || has("name", "id")) && (has("score") || (has("weight") && has("target", "actual")))) kind = "scores";
  else if (levels && has("target")) kind = "goals";
  else if (has("name") && has("count")) kind = "counts";
  else if (has("bandGrade") && has("bandMin") && has("bandMax", "upper")) kind = "bands";
  if (!kind) return undefined;
  // A funds table's first column names its lines whatever its header says.
  if (kind === "funds" && !has("fundName", "name") && cells[0]) columns.push({ role: "fundName", index: 0, text: cells[0] });
  return { kind, columns, width: cells.length };
}

const KIND_LABEL: Record<TableKind, string> = {
  scores: "评分表",
  goals: "年度绩效目标表",
  staff: "人员情况表",
  funds: "资金情况表",
  counts: "统计表",
  bands: "等级区间",
};

export interface FoundTable {
  kind: TableKind;
  /** The caption: the nearest text before the header ("表2 一级指标得分情况"), or the sheet. */
  title: string;
  header: HeaderMatch;
  headerAt: CellLocation;
  rows: Array<{ cells: string[]; at: CellLocation[]; grid: boolean; lines?: string[] }>;
  /** Text lines seen between the previous table and this one (captions, "单位:万元"). */
  before: string[];
  /** Text after the table up to the next one (for stated totals and grades in narrative). */
  after: string[];
}

/**
 * Split a stream into recognised tables. A table starts at a header row and runs until a
 * break, a text line, or another header.
 */
export function findTables(
  stream: readonly StreamItem[],
  fallbackTitle = "",
): { tables: FoundTable[]; text: Array<{ text: string; at: CellLocation }>; loose: Array<{ cells: string[]; at: CellLocation[] }> } {
  const tables: FoundTable[] = [];
  const loose: Array<{ cells: string[]; at: CellLocation[] }> = [];
  const text: Array<{ text: string; at: CellLocation }> = [];
  let current: FoundTable | undefined;
  let before: string[] = [];
  for (const item of stream) {
    if (item.kind === "text") {
      text.push({ text: item.text, at: item.at });
      if (current) {
        current.after.push(item.text);
        current = undefined;
      }
      // Text after the last table also counts as that table's "after" (总分 lines).
      const last = tables[tables.length - 1];
      if (last && last.after.length < 4 && !current) last.after.push(item.text);
      before.push(item.text);
      if (before.length > 4) before.shift();
      continue;
    }
    if (item.kind === "break") {
      current = undefined;
      continue;
    }
    const header = matchHeader(item.cells);
    if (header) {
      const captions = [...before].reverse().filter((b) => !/^单位\s*[:：]/.test(b) && b.length <= 60);
      const caption = captions.find((b) => /^(表|附表)\s*\d/.test(b)) ?? captions[0];
      const at = item.at[0]!;
      const place = at.kind === "docx" ? `表格${at.table}` : fallbackTitle;
      const title = caption ?? (place ? `${place}（${KIND_LABEL[header.kind]}）` : KIND_LABEL[header.kind]);
      current = { kind: header.kind, title, header, headerAt: at, rows: [], before, after: [] };
      tables.push(current);
      before = [];
      continue;
    }
    if (current) current.rows.push({ cells: item.cells, at: item.at, grid: item.grid, ...(item.lines ? { lines: item.lines } : {}) });
    else loose.push({ cells: item.cells, at: item.at });
  }
  return { tables, text, loose };
}

/**
 * The cell of a data row for a header column. On a grid (xlsx, docx) the column index is the
 * same; in text the cells of merged spans are missing, so a row shorter than the header is
 * read from the right (the totals row "总分 | | 99.55 | " under a seven-column header).
 */
export function cellFor(row: { cells: string[]; grid: boolean }, col: HeaderCell, width: number): { text: string; index: number } {
  if (row.grid || row.cells.length >= width) return { text: row.cells[col.index] ?? "", index: col.index };
  const shift = width - row.cells.length;
  const i = col.index - shift;
  if (i <= 0 && col.index > 0) return { text: "", index: -1 };
  return { text: i >= 0 ? (row.cells[i] ?? "") : "", index: i };
}
