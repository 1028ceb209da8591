/**
 * Writes the auditor's test reports under test/fixtures/reports/: one clean self-evaluation
 * report and six copies, each with one of the mistakes people make, as .txt (the shape a
 * .docx export gives, like the seed), and the clean one and two mistakes also as real .docx
 * (Word tables with vertical merges) and .xlsx (merged cells). Run once; the files are
 * committed: `node --conditions=jixiao-src --import tsx packages/exchange/test/fixtures-src/make-reports.ts`
 */
import { mkdirSync, writeFileSync } from "node:fs";
import JSZip from "jszip";
import { type CellSpec, type SheetSpec, writeWorkbook } from "@jixiao/exchange";

interface Leaf {
  l1: string;
  l2: string;
  name: string;
  points: number;
  target: string;
  actual: string;
  score: number;
  reason?: string;
}

interface Report {
  leaves: Leaf[];
  /** Insert a 小计 row into 表2 after this level-1 name, counted in the 合计. */
  countedSubtotalAfter?: [string, string];
  staff: string[][];
  funds: string[][];
  fundsTotal: string[];
  conclusion: string;
}

const CLEAN: Report = {
  leaves: [
    { l1: "决策", l2: "目标设定", name: "绩效目标合理性", points: 10, target: "设定科学合理", actual: "合理", score: 10 },
    { l1: "决策", l2: "目标设定", name: "目标任务完成率", points: 10, target: "≥95%", actual: "96%", score: 10 },
    { l1: "过程", l2: "资金管理", name: "预算执行率", points: 10, target: "≥90%", actual: "96.67%", score: 10 },
    { l1: "过程", l2: "资金管理", name: "资金使用合规性", points: 10, target: "合规", actual: "合规", score: 10 },
    {
      l1: "过程",
      l2: "组织实施",
      name: "管理制度健全性",
      points: 10,
      target: "健全",
      actual: "基本健全",
      score: 8,
      reason: "两项制度未按规定更新",
    },
    { l1: "产出", l2: "产出数量", name: "培训人次", points: 20, target: "≥1000", actual: "950", score: 19, reason: "完成目标的95%" },
    { l1: "产出", l2: "产出时效", name: "完成及时率", points: 10, target: "100%", actual: "100%", score: 10 },
    { l1: "效益", l2: "社会效益", name: "带动就业人数", points: 10, target: "≥500", actual: "520", score: 10 },
    { l1: "效益", l2: "满意度", name: "服务对象满意度", points: 10, target: "≥90%", actual: "88%", score: 8, reason: "满意度低于目标" },
  ],
  staff: [
    ["某市就业服务局机关", "30", "28", "2", "6.67%"],
    ["某市职业培训中心", "10", "10", "-", "-"],
  ],
  funds: [
    ["财政拨款", "1,200.00", "1,150.00", "95.83%"],
    ["其他资金", "300.00", "300.00", "100.00%"],
  ],
  fundsTotal: ["合计", "1,500.00", "1,450.00", "96.67%"],
  conclusion: "综合评分{total}分，绩效评级为“优”。",
};

const clone = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

function variant(change: (r: Report) => void): Report {
  const r = clone(CLEAN);
  change(r);
  return r;
}

const VARIANTS: Record<string, Report> = {
  clean: CLEAN,
  // 表2 prints a 小计 of 决策 and 过程 and adds it into the 合计 again.
  "subtotal-counted": variant((r) => {
    r.countedSubtotalAfter = ["过程", "小计"];
  }),
  // The fund lines add up to 1,450.00; the table prints 1,460.00.
  "funds-sum": variant((r) => {
    r.fundsTotal = ["合计", "1,500.00", "1,460.00", "96.67%"];
  }),
  // 完成及时率 100% against 100%: met, yet 9 of 10 with no reason.
  "met-below-full": variant((r) => {
    r.leaves[6]!.score = 9;
  }),
  // 培训人次 950 against ≥1000: missed, yet full points.
  "missed-at-full": variant((r) => {
    r.leaves[5]!.score = 20;
    delete r.leaves[5]!.reason;
  }),
  // A unit with no posts at all prints its vacancy rate 0/0 as 0.00%.
  "zero-rate": variant((r) => {
    r.staff.push(["某市新设服务中心", "0", "0", "-", "0.00%"]);
  }),
  // The total is 95 (优 ≥ 90) but the report says 良.
  "grade-outside-band": variant((r) => {
    r.conclusion = "综合评分{total}分，绩效评级为“良”。";
  }),
};

interface Table {
  caption: string;
  header: string[];
  rows: string[][];
  /** Columns whose blank cells continue the cell above (merged vertically). */
  mergedColumns: number[];
}

const pct = (a: number, b: number): string => `${((a / b) * 100).toFixed(2)}%`;

function tablesOf(r: Report): { title: string; intro: string; tables: Table[]; conclusion: string } {
  const rows1: string[][] = [];
  let prev: Leaf | undefined;
  for (const l of r.leaves) {
    rows1.push([
      prev?.l1 === l.l1 ? "" : l.l1,
      prev?.l1 === l.l1 && prev.l2 === l.l2 ? "" : l.l2,
      l.name,
      String(l.points),
      l.target,
      l.actual,
      String(l.score),
      l.reason ?? "",
    ]);
    prev = l;
  }
  const l1 = [...new Set(r.leaves.map((l) => l.l1))];
  const rows2: string[][] = [];
  let weight = 0;
  let total = 0;
  for (const name of l1) {
    const w = r.leaves.filter((l) => l.l1 === name).reduce((a, l) => a + l.points, 0);
    const s = r.leaves.filter((l) => l.l1 === name).reduce((a, l) => a + l.score, 0);
    rows2.push([name, String(w), String(s), pct(s, w)]);
    weight += w;
    total += s;
    if (r.countedSubtotalAfter?.[0] === name) {
      const upTo = l1.slice(0, l1.indexOf(name) + 1);
      const sw = r.leaves.filter((l) => upTo.includes(l.l1)).reduce((a, l) => a + l.points, 0);
      const ss = r.leaves.filter((l) => upTo.includes(l.l1)).reduce((a, l) => a + l.score, 0);
      rows2.push([r.countedSubtotalAfter[1], String(sw), String(ss), pct(ss, sw)]);
      total += ss;
    }
  }
  rows2.push(["合计", String(weight), String(total), pct(total, weight)]);
  return {
    title: "某市就业服务局2025年度部门整体支出绩效自评报告",
    intro: "根据预算绩效管理要求，本单位对2025年度部门整体支出开展了绩效自评。评分情况见表1、表2。",
    tables: [
      {
        caption: "表1 绩效评价指标评分表",
        header: ["一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "得分", "扣分原因"],
        rows: rows1,
        mergedColumns: [0, 1],
      },
      { caption: "表2 一级指标得分情况", header: ["一级指标", "权重", "得分", "得分率"], rows: rows2, mergedColumns: [] },
      {
        caption: "表3 人员情况表",
        header: ["单位名称", "编制人数", "实有在职人数", "空编数", "空编率"],
        rows: [...r.staff, ["合计", "40", "38", "", ""]],
        mergedColumns: [],
      },
      {
        caption: "表4 资金情况表（单位：万元）",
        header: ["资金名称", "调整后预算数", "实际支出", "执行率"],
        rows: [...r.funds, r.fundsTotal],
        mergedColumns: [],
      },
    ],
    conclusion: r.conclusion.replace("{total}", String(total)),
  };
}

function asText(r: Report): string {
  const d = tablesOf(r);
  const out: string[] = [d.title, d.intro];
  for (const t of d.tables) {
    out.push(t.caption);
    for (const row of [t.header, ...t.rows]) {
      for (const c of row) out.push(`\t${c}`);
      out.push("");
    }
    out.push("");
  }
  out.push("二、评价结论", d.conclusion, "");
  return out.join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const para = (s: string, bold = false): string =>
  `<w:p><w:r>${bold ? '<w:rPr><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr>' : '<w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr>'}<w:t xml:space="preserve">${esc(s)}</w:t></w:r></w:p>`;

async function asDocx(r: Report): Promise<Uint8Array> {
  const d = tablesOf(r);
  const body: string[] = [para(d.title, true), para(d.intro)];
  for (const t of d.tables) {
    body.push(para(t.caption, true));
    const width = Math.floor(9000 / t.header.length);
    const grid = t.header.map(() => `<w:gridCol w:w="${width}"/>`).join("");
    const rows = [t.header, ...t.rows].map((row, ri) => {
      const cells = row.map((c, ci) => {
        const merged = ri > 0 && t.mergedColumns.includes(ci);
        const vMerge = merged ? (c === "" ? "<w:vMerge/>" : '<w:vMerge w:val="restart"/>') : "";
        const border =
          '<w:tcBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/></w:tcBorders>';
        return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${vMerge}${border}</w:tcPr>${para(c, ri === 0)}</w:tc>`;
      });
      return `<w:tr>${cells.join("")}</w:tr>`;
    });
    body.push(`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.join("")}</w:tbl>`);
  }
  body.push(para("二、评价结论", true), para(d.conclusion));
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join("")}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

async function asXlsx(r: Report): Promise<Uint8Array> {
  const d = tablesOf(r);
  const cells: SheetSpec["cells"] = [];
  const merges: NonNullable<SheetSpec["merges"]> = [];
  let row = 1;
  const put = (c: number, cell: CellSpec): void => {
    cells.push({ row, col: c, cell });
  };
  put(1, { text: d.title, style: "title" });
  merges.push({ top: row, left: 1, bottom: row, right: 8 });
  row += 2;
  for (const t of d.tables) {
    put(1, { text: t.caption, style: "note" });
    row++;
    t.header.forEach((h, i) => put(i + 1, { text: h, style: "header" }));
    row++;
    const start = row;
    t.rows.forEach((r2) => {
      r2.forEach((c, i) =>
        put(i + 1, /^-?[\d,]+(\.\d+)?$/.test(c) ? { number: Number(c.replace(/,/g, "")), style: "number" } : { text: c, style: "text" }),
      );
      row++;
    });
    for (const mc of t.mergedColumns) {
      let top = start;
      for (let r2 = start + 1; r2 <= row; r2++) {
        const blank = r2 < row && (t.rows[r2 - start]?.[mc] ?? "") === "";
        if (!blank) {
          if (r2 - 1 > top) merges.push({ top, left: mc + 1, bottom: r2 - 1, right: mc + 1 });
          top = r2;
        }
      }
    }
    row++;
  }
  put(1, { text: d.conclusion, style: "text" });
  return writeWorkbook([{ name: "自评报告", widths: [16, 14, 18, 8, 14, 12, 8, 22], cells, merges }]);
}

const dir = new URL("../fixtures/reports/", import.meta.url);
await Promise.resolve();
mkdirSync(dir, { recursive: true });
for (const [name, r] of Object.entries(VARIANTS)) {
  writeFileSync(new URL(`${name}.txt`, dir), asText(r));
  if (["clean", "subtotal-counted", "funds-sum", "missed-at-full"].includes(name)) {
    writeFileSync(new URL(`${name}.docx`, dir), await asDocx(r));
    writeFileSync(new URL(`${name}.xlsx`, dir), await asXlsx(r));
  }
}
console.log(`wrote ${Object.keys(VARIANTS).length} reports to ${dir.pathname}`);
