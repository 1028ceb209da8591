/**
 * Downloadable .xlsx templates laid out the way evaluators already lay them out: Chinese
 * headers, merged cells for the indicator hierarchy, a 基本信息 sheet. Each imports back with
 * `jixiao import` (import-xlsx.ts reads the same headers and their usual variants).
 */
import { type EvaluationInput, type IndicatorInput, buildTemplate } from "@jixiao/engine";
import { type CellSpec, type SheetSpec, writeWorkbook } from "./xlsx-book.js";

export interface XlsxTemplateInfo {
  id: string;
  name: string;
  name_en: string;
  aliases: string[];
}

export const XLSX_TEMPLATES: readonly XlsxTemplateInfo[] = [
  { id: "goals", name: "年度绩效目标表", name_en: "annual performance goals", aliases: ["年度绩效目标表", "目标表", "goals"] },
  {
    id: "scores",
    name: "评分表",
    name_en: "score sheet (indicator tree: weights, targets, actuals)",
    aliases: ["评分表", "自评表", "scores"],
  },
  { id: "staff", name: "人员情况", name_en: "staffing", aliases: ["人员情况", "人员情况表", "staff"] },
  { id: "funds", name: "资金情况", name_en: "funds", aliases: ["资金情况", "资金情况表", "funds"] },
  { id: "all", name: "全部", name_en: "all sheets in one workbook", aliases: ["全部", "all"] },
];

export function findXlsxTemplate(name: string): XlsxTemplateInfo | undefined {
  return XLSX_TEMPLATES.find((t) => t.id === name || t.aliases.includes(name));
}

type Cells = SheetSpec["cells"];

function infoSheet(doc: EvaluationInput): SheetSpec {
  const cells: Cells = [];
  const rows: Array<[string, string]> = [
    ["评价标题", doc.meta.title],
    ["评价对象", doc.meta.subject],
    ["预算年度", String(doc.meta.fiscalYear)],
    ["评价对象类型", doc.meta.kind],
    ["评价类型", doc.meta.evaluationType],
    ["评价机构", ""],
  ];
  cells.push({ row: 1, col: 1, cell: { text: "项目", style: "header" } }, { row: 1, col: 2, cell: { text: "内容", style: "header" } });
  rows.forEach(([k, v], i) => {
    cells.push({ row: i + 2, col: 1, cell: { text: k, style: "name" } }, { row: i + 2, col: 2, cell: { text: v, style: "text" } });
  });
  cells.push({
    row: rows.length + 3,
    col: 1,
    cell: { text: "评价对象类型：部门整体支出、项目支出、政策；评价类型：单位自评、部门评价、财政评价、第三方。", style: "note" },
  });
  return { name: "基本信息", widths: [16, 60], cells, merges: [{ top: rows.length + 3, left: 1, bottom: rows.length + 3, right: 2 }] };
}

function leavesWithTrail(nodes: IndicatorInput[], trail: IndicatorInput[] = []): Array<{ leaf: IndicatorInput; trail: IndicatorInput[] }> {
  return nodes.flatMap((n) => (n.children && n.children.length > 0 ? leavesWithTrail(n.children, [...trail, n]) : [{ leaf: n, trail }]));
}

/** 评分表: one row per leaf; the level-1 and level-2 names merged over their leaves. */
function scoreSheet(doc: EvaluationInput): SheetSpec {
  const header = ["编号", "一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "得分", "评分说明", "评分标准"];
  const cells: Cells = [];
  const merges: NonNullable<SheetSpec["merges"]> = [];
  cells.push({ row: 1, col: 1, cell: { text: `${doc.meta.title} — 评分表`, style: "title" } });
  merges.push({ top: 1, left: 1, bottom: 1, right: header.length });
  cells.push({
    row: 2,
    col: 1,
    cell: { text: "填写“实际完成值”；“得分”留空则按评分规则计算，填写则为直接赋分（需在“评分说明”写明扣分原因）。", style: "note" },
  });
  merges.push({ top: 2, left: 1, bottom: 2, right: header.length });
  header.forEach((h, i) => cells.push({ row: 3, col: i + 1, cell: { text: h, style: "header" } }));
  const rows = leavesWithTrail(doc.indicators as IndicatorInput[]);
  const put = (row: number, col: number, cell: CellSpec): void => {
    cells.push({ row, col, cell });
  };
  rows.forEach(({ leaf, trail }, i) => {
    const r = 4 + i;
    const names = [...trail.map((t) => t.name), leaf.name];
    while (names.length < 3) names.splice(names.length - 1, 0, "");
    put(r, 1, { text: String(leaf.id ?? ""), style: "text" });
    const prev = rows[i - 1];
    for (let k = 0; k < 3; k++) {
      const same = prev && k < 2 && trail[k] !== undefined && prev.trail[k] === trail[k] && (k === 0 || prev.trail[k - 1] === trail[k - 1]);
      put(r, 2 + k, { text: same ? "" : (names[k] ?? ""), style: "name" });
    }
    put(
      r,
      5,
      typeof leaf.weight === "number" ? { number: leaf.weight, style: "number" } : { text: String(leaf.weight ?? ""), style: "number" },
    );
    put(r, 6, {
      text: typeof leaf["target"] === "string" || typeof leaf["target"] === "number" ? String(leaf["target"]) : "",
      style: "text",
    });
    for (const c of [7, 8, 9]) put(r, c, { text: "", style: "text" });
    put(r, 10, { text: typeof leaf["criteria"] === "string" ? leaf["criteria"] : "", style: "note" });
  });
  // Merge each ancestor's name over the rows of its leaves.
  for (const k of [0, 1]) {
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      const same = i < rows.length && rows[i]!.trail[k] !== undefined && rows[i]!.trail[k] === rows[start]!.trail[k];
      if (!same) {
        if (i - 1 > start && rows[start]!.trail[k] !== undefined)
          merges.push({ top: 4 + start, left: 2 + k, bottom: 4 + i - 1, right: 2 + k });
        start = i;
      }
    }
  }
  // Rows as tall as their 评分标准 text (LibreOffice and Excel do not grow wrapped rows on load).
  const widths = [8, 12, 14, 22, 7, 14, 12, 8, 24, 50];
  const heights: Record<number, number> = {};
  rows.forEach(({ leaf }, i) => {
    const text = typeof leaf["criteria"] === "string" ? leaf["criteria"] : "";
    const lines = Math.ceil((text.length * 2) / (widths[9]! - 2));
    if (lines > 1) heights[4 + i] = Math.min(lines, 12) * 12;
  });
  return { name: "评分表", widths, cells, merges, landscape: true, printTitleRows: "3:3", freezeRow: 3, heights };
}

const GOAL_SKELETON: Array<[string, string[]]> = [
  ["产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]],
  ["效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]],
  ["满意度指标", ["服务对象满意度指标"]],
];

function goalsSheet(): SheetSpec {
  const header = ["一级指标", "二级指标", "三级指标", "指标值", "计量单位"];
  const cells: Cells = [];
  const merges: NonNullable<SheetSpec["merges"]> = [];
  cells.push({ row: 1, col: 1, cell: { text: "年度绩效目标表", style: "title" } });
  merges.push({ top: 1, left: 1, bottom: 1, right: header.length });
  header.forEach((h, i) => cells.push({ row: 2, col: i + 1, cell: { text: h, style: "header" } }));
  let r = 3;
  for (const [l1, l2s] of GOAL_SKELETON) {
    const top = r;
    l2s.forEach((l2, i) => {
      cells.push({ row: r, col: 1, cell: { text: i === 0 ? l1 : "", style: "name" } });
      cells.push({ row: r, col: 2, cell: { text: l2, style: "name" } });
      cells.push({ row: r, col: 3, cell: { text: "", style: "text" } });
      cells.push({ row: r, col: 4, cell: { text: "", style: "text" } });
      cells.push({ row: r, col: 5, cell: { text: "", style: "text" } });
      r++;
    });
    if (r - 1 > top) merges.push({ top, left: 1, bottom: r - 1, right: 1 });
  }
  return { name: "年度绩效目标表", widths: [14, 18, 30, 16, 10], cells, merges, printTitleRows: "2:2" };
}

function headerOnly(name: string, title: string, header: string[], widths: number[], note?: string): SheetSpec {
  const cells: Cells = [{ row: 1, col: 1, cell: { text: title, style: "title" } }];
  const merges: NonNullable<SheetSpec["merges"]> = [{ top: 1, left: 1, bottom: 1, right: header.length }];
  let r = 2;
  if (note) {
    cells.push({ row: 2, col: 1, cell: { text: note, style: "note" } });
    merges.push({ top: 2, left: 1, bottom: 2, right: header.length });
    r = 3;
  }
  header.forEach((h, i) => cells.push({ row: r, col: i + 1, cell: { text: h, style: "header" } }));
  return { name, widths, cells, merges, printTitleRows: `${r}:${r}` };
}

/** Build the .xlsx template `id` (see XLSX_TEMPLATES); the 评分表 takes its tree from an engine template. */
export async function xlsxTemplate(
  id: string,
  options: { from?: string; fiscalYear?: number; subject?: string } = {},
): Promise<Uint8Array> {
  const t = findXlsxTemplate(id);
  if (!t) throw new RangeError(`unknown template ${id}`);
  const doc = buildTemplate(options.from ?? "project", { fiscalYear: options.fiscalYear, subject: options.subject });
  const sheets: SheetSpec[] = [infoSheet(doc)];
  const staff = (): SheetSpec =>
    headerOnly(
      "人员情况",
      "人员情况表",
      ["单位名称", "单位类型", "编制人数", "实有在职人数", "空编数", "空编率"],
      [34, 12, 10, 12, 9, 9],
      "单位类型：行政、参公、公益一类、公益二类、公益三类、企业、其他；空编数、空编率如报告已列出可填写，用于核对。",
    );
  const funds = (): SheetSpec =>
    headerOnly(
      "资金情况",
      "资金情况表",
      ["资金名称", "资金来源", "年初预算数", "调整后预算数", "实际支出", "结转结余"],
      [28, 14, 12, 13, 12, 10],
      "单位：万元",
    );
  if (t.id === "goals" || t.id === "all") sheets.push(goalsSheet());
  if (t.id === "scores" || t.id === "all") sheets.push(scoreSheet(doc));
  if (t.id === "staff" || t.id === "all") sheets.push(staff());
  if (t.id === "funds" || t.id === "all") sheets.push(funds());
  return writeWorkbook(sheets, { title: t.name });
}
