/**
 * Downloadable .xlsx templates laid out the way evaluators already lay them out: Chinese
 * headers, merged cells for the indicator hierarchy, a 基本信息 sheet. Each imports back with
 * `jixiao import` (import-xlsx.ts reads the same headers and their usual variants).
 */
import { EvaluationSchema, buildTemplate } from "@jixiao/engine";
import { evaluationSheets } from "./export-xlsx.js";
import { type SheetSpec, writeWorkbook } from "./xlsx-book.js";

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

/**
 * Build the .xlsx template `id` (see XLSX_TEMPLATES). The 评分表 and 基本信息 sheets are the
 * export of the engine template (`from`): the same columns, level columns for any depth, the
 * rules with their parameters, 评分明细, 计算公式 — filled in and imported, they give back the
 * same tree; the score cells are formulas that say 未评分 until an actual is entered.
 */
export async function xlsxTemplate(
  id: string,
  options: { from?: string; fiscalYear?: number; subject?: string } = {},
): Promise<Uint8Array> {
  const t = findXlsxTemplate(id);
  if (!t) throw new RangeError(`unknown template ${id}`);
  const doc = buildTemplate(options.from ?? "project", { fiscalYear: options.fiscalYear, subject: options.subject });
  const exported = evaluationSheets(EvaluationSchema.parse(doc)).sheets;
  const sheet = (name: string): SheetSpec => exported.find((s) => s.name === name)!;
  const sheets: SheetSpec[] = [sheet("基本信息")];
  // The export's 人员情况 / 资金情况 columns (their computed columns are filled by the export).
  const staff = (): SheetSpec =>
    headerOnly(
      "人员情况",
      "人员情况表",
      ["单位名称", "单位类型", "编制人数", "实有在职人数", "空编数", "空编率", "在职人员控制率"],
      [34, 12, 10, 12, 9, 9, 14],
      "单位类型：行政、参公、公益一类、公益二类、公益三类、企业、其他；空编数、空编率、在职人员控制率由导出计算，可留空。",
    );
  const funds = (): SheetSpec =>
    headerOnly(
      "资金情况",
      "资金情况表",
      ["资金名称", "资金来源", "年初预算数", "调整后预算数", "实际支出", "结转结余", "预算执行率", "小计行"],
      [28, 14, 12, 13, 12, 10, 11, 7],
      "单位：万元；“小计行”填“是”的行不计入合计；预算执行率由导出计算，可留空。",
    );
  if (t.id === "goals" || t.id === "all") sheets.push(goalsSheet());
  if (t.id === "scores" || t.id === "all") sheets.push(sheet("评分表"));
  if (t.id === "staff" || t.id === "all") sheets.push(staff());
  if (t.id === "funds" || t.id === "all") sheets.push(funds());
  return writeWorkbook(sheets, { title: t.name });
}
