/**
 * Writes the importer's fixtures under test/fixtures/import/: a filled 评分表 as CSV in UTF-8,
 * GB18030 and UTF-16 (as Excel saves "CSV" on a Chinese Windows and "Unicode text"), the same
 * as .xlsx with merged level cells and a 基本信息 sheet, and copies with the mistakes people
 * make (a weight typed as text, a missing weight, a bad year).
 * `node --conditions=jixiao-src --import tsx packages/exchange/test/fixtures-src/make-imports.mts`
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { type CellSpec, type SheetSpec, encodeText, writeWorkbook } from "@jixiao/exchange";

const HEADER = ["编号", "一级指标", "二级指标", "三级指标", "权重", "目标值", "实际值", "评分", "扣分原因"];
const ROWS = [
  ["A1", "产出指标", "数量指标", "培训人次", "20", "≥1000", "950", "", ""],
  ["A2", "", "", "培训班次", "10", "≥20", "22", "", ""],
  ["A3", "", "质量指标", "培训合格率", "20", "≥90%", "93%", "", ""],
  ["A4", "", "时效指标", "完成及时率", "10", "100%", "100%", "", ""],
  ["B1", "效益指标", "社会效益指标", "带动就业人数", "20", "≥500", "520", "", ""],
  ["B2", "", "可持续影响指标", "长效机制建立", "10", "健全", "完全达成", "", ""],
  ["C1", "满意度指标", "服务对象满意度指标", "学员满意度", "10", "≥90%", "88%", "8", "两期满意度调查低于目标"],
];

const csv = (rows: string[][]): string =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n") + "\r\n";

const dir = new URL("../fixtures/import/", import.meta.url);
mkdirSync(dir, { recursive: true });
const good = csv([HEADER, ...ROWS]);
writeFileSync(new URL("评分表-utf8.csv", dir), encodeText(good, "utf-8"));
writeFileSync(new URL("评分表-gb18030.csv", dir), encodeText(good, "gb18030"));
writeFileSync(new URL("评分表-utf16.csv", dir), encodeText(good.replace(/,/g, "\t"), "utf-16le"));
// Mistakes: a weight typed as words (D→E), a missing weight, a target in a numeric column.
const bad = ROWS.map((r) => [...r]);
bad[1]![4] = "十分";
bad[3]![4] = "";
writeFileSync(new URL("评分表-mistakes.csv", dir), encodeText(csv([HEADER, ...bad]), "utf-8"));

async function workbook(rows: string[][], year: string): Promise<Uint8Array> {
  const info: SheetSpec = {
    name: "基本信息",
    widths: [16, 40],
    cells: [
      ["项目", "内容"],
      ["评价标题", "某市职业技能提升行动2025年度项目支出绩效自评"],
      ["评价对象", "某市人力资源和社会保障局"],
      ["预算年度", year],
      ["评价对象类型", "项目支出"],
      ["评价类型", "单位自评"],
    ].flatMap((r, i) => r.map((t, j) => ({ row: i + 1, col: j + 1, cell: { text: t, style: i === 0 ? "header" : "text" } as CellSpec }))),
  };
  const cells: SheetSpec["cells"] = [{ row: 1, col: 1, cell: { text: "绩效自评表", style: "title" } }];
  HEADER.forEach((h, i) => cells.push({ row: 2, col: i + 1, cell: { text: h, style: "header" } }));
  rows.forEach((r, i) =>
    r.forEach((c, j) =>
      cells.push({
        row: 3 + i,
        col: j + 1,
        cell: /^\d+(\.\d+)?$/.test(c) && j === 4 ? { number: Number(c), style: "number" } : { text: c, style: "text" },
      }),
    ),
  );
  // Level-1 names merged over their rows, as evaluators lay them out.
  const merges = [
    { top: 3, left: 2, bottom: 6, right: 2 },
    { top: 3, left: 3, bottom: 4, right: 3 },
    { top: 7, left: 2, bottom: 8, right: 2 },
  ];
  return writeWorkbook([
    info,
    { name: "评分表", widths: [6, 12, 16, 16, 6, 10, 10, 6, 24], cells, merges: [{ top: 1, left: 1, bottom: 1, right: 9 }, ...merges] },
  ]);
}
writeFileSync(new URL("自评表.xlsx", dir), await workbook(ROWS, "2025"));
writeFileSync(new URL("自评表-mistakes.xlsx", dir), await workbook(bad, "二〇二五"));
console.log("wrote import fixtures to", dir.pathname);
