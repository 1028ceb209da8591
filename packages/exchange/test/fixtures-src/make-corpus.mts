/**
 * The auditor's corpus of real forms (issue 12, item 3): every form of the wild corpus
 * (packages/engine/test/fixtures/wild/, each with its source address) laid out as the
 * 绩效自评表 it came from, as .txt (the layout a .docx export gives) and rendered to .docx
 * (Word tables with vertical merges) and .xlsx (merged cells), under test/fixtures/corpus/.
 *
 * For each form: `form` is the form as published (completed where the stored copy lacks
 * points or scores, as its notes say); a form with a mistake as published gets a `twin` with
 * only that mistake corrected; a clean form gets flawed copies (`flaw-<kind>`), each with one
 * mistake of a kind people make. `corpus/corpus.json` lists every file with its source, what
 * is wrong (written by hand for the published forms) and the diagnostic (code, table, row) the
 * auditor must give. Run once; the files are committed:
 * `node --conditions=jixiao-src --import tsx packages/exchange/test/fixtures-src/make-corpus.mts`
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import JSZip from "jszip";
import YAML from "yaml";
import { type CellSpec, type SheetSpec, writeWorkbook } from "@jixiao/exchange";

interface WildRow {
  level1?: string;
  level2?: string;
  indicator: string;
  target: string;
  actual: string;
  weight?: string;
  score?: string;
  expect: {
    target: { op: string; value?: string; unit?: string; min?: string; max?: string; text?: string };
    actual: { value?: string; unit?: string; level?: string; unreadable?: boolean };
  };
}
interface Wild {
  source: { title: string; url: string; organisation: string; year: number; note: string };
  rows: WildRow[];
}

/** One indicator row of the form as laid out. */
interface Row {
  l1: string;
  l2: string;
  name: string;
  weight?: string;
  target: string;
  actual: string;
  score?: string;
  reason?: string;
  /** Yunnan's 指标性质 | 指标值 | 度量单位 split of the target. */
  split?: [string, string, string];
}

type Block = { para: string } | { table: Table };
interface Table {
  caption?: string;
  header: string[];
  rows: string[][];
  /** Columns whose blank cells continue the cell above (merged vertically). */
  merged: number[];
}

interface Funds {
  layout: "national" | "hubei";
  /** The points of the budget line and its printed score. */
  points: string;
  score: string;
  unit: "万元" | "元";
  budget: string;
  spent: string;
  rate: string;
  /** The 其中 lines (name, budget, spent). */
  parts: Array<[string, string, string]>;
}

interface Form {
  id: string;
  wild: Wild;
  rows: Row[];
  layout: "national" | "score-only" | "yunnan" | "chongqing";
  /** The caption above the indicator table (Hubei's "年度绩效目标1(80分)"). */
  caption?: string;
  funds?: Funds;
  /** The printed 总分 (only where the form prints one). */
  total?: string;
  /** A conclusion sentence with the grade. */
  grade?: { total: string; grade: string };
  /** How the stored copy was completed (points, scores, actuals), by hand. */
  completion: string[];
}

interface Expect {
  code: string;
  table: string;
  tableRow: number;
}

interface Entry {
  file: string;
  form: string;
  title: string;
  source: string;
  state: "clean" | "flawed";
  /** What is wrong, in words (or "clean"). */
  wrong: string;
  /** How the stored copy was completed. */
  notes: string[];
  expect: Expect[];
  /** A flaw the auditor cannot see yet, and why (the test marks it todo). */
  undetected?: string;
}

const WILD = new URL("../../../engine/test/fixtures/wild/", import.meta.url);
const OUT = new URL("../fixtures/corpus/", import.meta.url);

const num = (s: string): number => Number(s.replace(/,/g, ""));
const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/** The default rule's score for a row, from the hand's reading of target and actual (wild README). */
function defaultScore(r: WildRow, w: number): number {
  const t = r.expect.target;
  const a = r.expect.actual;
  if (a.level) return a.level === "full" ? w : a.level === "partial" ? 0.6 * w : 0;
  const v = num(a.value ?? "0");
  if (t.op === "gte" || t.op === "gt") return v >= num(t.value!) ? w : (v / num(t.value!)) * w;
  if (t.op === "lte" || t.op === "lt") return v <= num(t.value!) ? w : (num(t.value!) / v) * w;
  if (t.op === "eq") return v === num(t.value!) ? w : (Math.min(v, num(t.value!)) / Math.max(v, num(t.value!))) * w;
  return w;
}

/** An actual for a target-only source: the target met exactly. */
function metActual(r: WildRow): string {
  const t = r.expect.target;
  if (t.op === "qualitative") return "达成预期指标";
  if (t.op === "deadline") return "按期完成";
  if (t.op === "between") return `${t.min}${t.unit ?? ""}`;
  return `${t.value}${t.unit ?? ""}`;
}

function load(file: string): Wild {
  return YAML.parse(readFileSync(new URL(file, WILD), "utf8")) as Wild;
}

/** The forms, each as the 绩效自评表 it came from, completed where the stored copy lacks points or scores. */
function forms(): Form[] {
  const out: Form[] = [];
  for (const file of readdirSync(WILD)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const w = load(file);
    const id = file.replace(/\.yaml$/, "");
    const n = Number(id.slice(0, 2));
    const completion: string[] = [];
    const hasWeight = w.rows.some((r) => r.weight);
    const hasScore = w.rows.some((r) => r.score);
    const targetOnly = w.rows.every((r) => r.actual === "");
    let rows: Row[] = w.rows.map((r) => ({
      l1: r.level1 ?? "",
      l2: r.level2 ?? "",
      name: r.indicator,
      weight: r.weight,
      target: r.target,
      actual: r.actual,
      score: r.score,
    }));
    if (targetOnly) {
      rows.forEach((r, i) => {
        r.actual = metActual(w.rows[i]!);
      });
      completion.push(
        "目标表（无实际完成值）：实际完成值补为恰好达到目标（数值目标写目标值，定性目标写“达成预期指标”，时效目标写“按期完成”），每项得满分。",
      );
    }
    if (!hasWeight && !hasScore) {
      rows.forEach((r) => {
        r.weight = "10";
      });
      completion.push(
        "原表无分值、无得分：每项分值补为10分，得分按默认规则由实际完成值计算（达到目标得满分，未达到按比例，保留两位小数）。",
      );
    }
    if (!hasScore) {
      rows.forEach((r, i) => {
        r.score = fmt(
          defaultScore(
            targetOnly ? { ...w.rows[i]!, expect: { ...w.rows[i]!.expect, actual: { level: "full" } } } : w.rows[i]!,
            num(r.weight!),
          ),
        );
      });
      if (hasWeight) completion.push("原表有分值无得分：得分按默认规则补（达到目标得满分）。");
    }
    const form: Form = { id, wild: w, rows, layout: hasWeight || !hasScore ? "national" : "score-only", completion };
    // Per form, by hand: what the published form prints beyond the rows.
    switch (n) {
      case 2:
        form.caption = "年度绩效目标1(80分)";
        form.funds = {
          layout: "hubei",
          points: "20",
          score: "19.55",
          unit: "万元",
          budget: "200",
          spent: "195.5",
          rate: "97.75%",
          parts: [["其中：当年财政拨款", "200", "195.5"]],
        };
        completion.push("资金表：原表只载年度财政资金总额；“其中：当年财政拨款”补为全额（200 / 195.5万元）。");
        form.total = "99.55";
        break;
      case 3:
        form.funds = {
          layout: "national",
          points: "10",
          score: "9",
          unit: "万元",
          budget: "43.2",
          spent: "37.24",
          rate: "86%",
          parts: [["其中：当年财政拨款", "43.2", "37.24"]],
        };
        completion.push("资金表：原表只载年度资金总额；“其中：当年财政拨款”补为全额（43.2 / 37.24万元），上年结转资金、其他资金空白。");
        break;
      case 4:
        form.layout = "yunnan";
        rows.forEach((r) => {
          const parts = r.target.split(" ");
          r.split = parts.length === 3 ? (parts as [string, string, string]) : ["", r.target, ""];
        });
        completion.push("原表总分96（含本副本未载的预算执行率一行），未列入；本表不印总分。");
        break;
      case 6:
        form.caption = "年度绩效目标(80分)";
        completion.push("原表“年度绩效目标(80分)”共8项，存档副本只存5项（得分合计50）；表题照原表印80分，不印总分。");
        break;
      case 11:
        form.total = "98";
        break;
      case 18:
        form.layout = "chongqing";
        break;
      case 19:
        form.caption = "年度绩效目标(80分)";
        form.funds = {
          layout: "hubei",
          points: "20",
          score: "4",
          unit: "元",
          budget: "500,000",
          spent: "100,000",
          rate: "20%",
          parts: [["其中：财政资金", "500,000", "100,000"]],
        };
        completion.push(
          "资金表：原表预算数50、执行数10（万元），此处以元列示（单位见表题“单位：元”），并补“其中：财政资金”一行为全额；年度绩效目标(80分)下存档副本只存17项（得分合计29），本表标题仍印80分。",
        );
        rows = rows.slice(0, 17);
        break;
      case 32:
        form.caption = "年度绩效目标1(80分)";
        form.funds = {
          layout: "hubei",
          points: "20",
          score: "20",
          unit: "万元",
          budget: "1.56",
          spent: "1.56",
          rate: "100%",
          parts: [["其中：中央补助资金", "1.56", "1.56"]],
        };
        completion.push("资金表：原表只载年度财政资金总额；“其中：中央补助资金”补为全额（1.56 / 1.56万元）。");
        form.total = "100";
        rows[3]!.actual = "≥90%";
        completion.push("满意度实际值存档副本OCR为“290%”，按原件读作“≥90%”。");
        break;
      case 12:
        rows[rows.length - 1]!.target = "≥90%";
        completion.push("满意度目标存档副本为“290%”（≥ 被识成 2），按原件读作“≥90%”。");
        break;
      case 16: {
        const kept = rows.filter((r) => r.weight);
        completion.push(`标★的指标下“其中…”分项（无分值、无得分，是上一行数字的分解）${rows.length - kept.length}行未列入。`);
        rows = kept;
        break;
      }
      default:
    }
    form.rows = rows;
    if (form.layout === "score-only") completion.push("原表只印得分，不印各项分值。");
    out.push(form);
  }
  return out;
}

// ── layout ──

const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function fundsTable(f: Funds): Table {
  const caption = `资金情况（单位：${f.unit}）`;
  if (f.layout === "hubei") {
    return {
      caption,
      header: [`预算执行情况(${f.points}分)`, "预算数(A)", "执行数(B)", "执行率(B/A)", `得分(${f.points}分*执行率)`],
      rows: [["年度财政资金总额", f.budget, f.spent, f.rate, f.score], ...f.parts.map((p) => [p[0], p[1], p[2], "", ""])],
      merged: [],
    };
  }
  return {
    caption,
    header: [`项目资金(${f.unit})`, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    rows: [
      ["年度资金总额", f.budget, f.budget, f.spent, f.points, f.rate, f.score],
      ...f.parts.map((p) => [p[0], p[1], p[1], p[2], "-", "", "-"]),
    ],
    merged: [],
  };
}

/** The cells of a national-layout row: the level columns and 分值, 年度指标值, 实际完成值, 得分, 偏差原因. */
const header0 = (levels: number): string[] => Array.from({ length: levels + 5 }, () => "");

function scoreTable(f: Form): Table {
  const levels = f.rows.some((r) => r.l1 !== "");
  const l2 = f.rows.some((r) => r.l2 !== "" && r.name !== "小计");
  const lv = (r: Row, prev: Row | undefined): string[] =>
    !levels
      ? [r.name]
      : l2
        ? [prev?.l1 === r.l1 ? "" : r.l1, prev?.l1 === r.l1 && prev.l2 === r.l2 ? "" : r.l2, r.name]
        : [prev?.l1 === r.l1 ? "" : r.l1, r.name];
  const lh = !levels ? ["指标名称"] : l2 ? ["一级指标", "二级指标", "三级指标"] : ["一级指标", "二级指标"];
  let header: string[];
  const rows: string[][] = [];
  let prev: Row | undefined;
  for (const r of f.rows) {
    const L = lv(r, prev);
    prev = r;
    if (r.l1 === "小计" || r.name === "小计") {
      const row = header0(lh.length).map(() => "");
      row[0] = "小计";
      row[lh.length] = r.weight ?? "";
      row[lh.length + 3] = r.score ?? "";
      rows.push(row);
      prev = undefined;
      continue;
    }
    if (f.layout === "yunnan") rows.push([...L, r.weight!, ...r.split!, r.actual, r.score!, r.reason ?? ""]);
    else if (f.layout === "chongqing") {
      const coef = fmt((num(r.score!) / num(r.weight!)) * 100);
      const quant = /\d/.test(r.target) ? "定量指标" : "定性指标";
      rows.push([...L, /%$/.test(r.target) ? "%" : "", quant, r.target, "", r.actual, coef, r.weight!, r.score!, ""]);
    } else if (f.layout === "score-only") rows.push([...L, r.target, r.actual, r.score ?? "", r.reason ?? ""]);
    else rows.push([...L, r.weight ?? "", r.target, r.actual, r.score ?? "", r.reason ?? ""]);
  }
  if (f.layout === "yunnan") header = [...lh, "分值", "指标性质", "指标值", "度量单位", "实际完成值", "得分", "偏差原因分析及改进措施"];
  else if (f.layout === "chongqing")
    header = [
      ...lh,
      "计量单位",
      "指标性质",
      "年初指标值",
      "调整指标值",
      "全年完成值",
      "得分系数(%)",
      "指标权重(分)",
      "指标得分(分)",
      "是否核心指标",
    ];
  else if (f.layout === "score-only") header = [...lh, "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施"];
  else header = [...lh, "分值", "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施"];
  if (f.total !== undefined) {
    const row = header.map(() => "");
    row[0] = "总分";
    const wi = header.findIndex((h) => h === "分值" || h === "指标权重(分)");
    const si = header.findIndex((h) => h === "得分" || h === "指标得分(分)");
    if (wi >= 0 && f.funds === undefined)
      row[wi] = fmt(f.rows.filter((r) => r.name !== "小计").reduce((a, r) => a + num(r.weight ?? "0"), 0));
    row[si] = f.total;
    rows.push(row);
  }
  return { caption: f.caption ?? "绩效指标完成情况", header, rows, merged: levels ? (l2 ? [0, 1] : [0]) : [] };
}

function blocksOf(f: Form): Block[] {
  const s = f.wild.source;
  const blocks: Block[] = [{ para: s.title }];
  blocks.push({
    table: {
      header: ["项目名称", s.title.replace(/^.*[)）]\s*/, "") || s.title],
      rows: [["实施单位", s.organisation]],
      merged: [],
    },
  });
  if (f.funds) blocks.push({ table: fundsTable(f.funds) });
  blocks.push({ table: scoreTable(f) });
  if (f.grade) blocks.push({ para: `经自评，该项目综合得分${f.grade.total}分，绩效等级为“${f.grade.grade}”。` });
  return blocks;
}

function asText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if ("para" in b) {
      out.push(b.para, "");
      continue;
    }
    if (b.table.caption) out.push(b.table.caption);
    for (const row of [b.table.header, ...b.table.rows]) {
      for (const c of row) out.push(`\t${c}`);
      out.push("");
    }
    out.push("", "");
  }
  return out.join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const para = (s: string, bold = false): string =>
  `<w:p><w:r>${bold ? '<w:rPr><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr>' : '<w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr>'}<w:t xml:space="preserve">${esc(s)}</w:t></w:r></w:p>`;

async function asDocx(blocks: Block[]): Promise<Uint8Array> {
  const body: string[] = [];
  for (const b of blocks) {
    if ("para" in b) {
      body.push(para(b.para, body.length === 0));
      continue;
    }
    const t = b.table;
    if (t.caption) body.push(para(t.caption, true));
    const width = Math.floor(9000 / t.header.length);
    const grid = t.header.map(() => `<w:gridCol w:w="${width}"/>`).join("");
    const rows = [t.header, ...t.rows].map((row, ri) => {
      const cells = row.map((c, ci) => {
        const merged = ri > 0 && t.merged.includes(ci);
        const vMerge = merged ? (c === "" ? "<w:vMerge/>" : '<w:vMerge w:val="restart"/>') : "";
        const border =
          '<w:tcBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/></w:tcBorders>';
        return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${vMerge}${border}</w:tcPr>${para(c, ri === 0)}</w:tc>`;
      });
      return `<w:tr>${cells.join("")}</w:tr>`;
    });
    body.push(`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.join("")}</w:tbl>`);
    body.push(para(""));
  }
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

async function asXlsx(blocks: Block[]): Promise<Uint8Array> {
  const cells: SheetSpec["cells"] = [];
  const merges: NonNullable<SheetSpec["merges"]> = [];
  let row = 1;
  const put = (c: number, cell: CellSpec): void => {
    cells.push({ row, col: c, cell });
  };
  for (const b of blocks) {
    if ("para" in b) {
      put(1, { text: b.para, style: row === 1 ? "title" : "text" });
      row += 2;
      continue;
    }
    const t = b.table;
    if (t.caption) {
      put(1, { text: t.caption, style: "note" });
      row++;
    }
    t.header.forEach((h, i) => put(i + 1, { text: h, style: "header" }));
    row++;
    const start = row;
    for (const r of t.rows) {
      r.forEach((c, i) => {
        if (c === "") return;
        put(i + 1, /^-?[\d,]+(\.\d+)?$/.test(c) ? { number: num(c), style: "number" } : { text: c, style: "text" });
      });
      row++;
    }
    for (const mc of t.merged) {
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
  return writeWorkbook([{ name: "自评表", widths: [16, 14, 22, 8, 14, 14, 8, 10, 10, 10, 10, 22], cells, merges }]);
}

// ── mistakes ──

/** The title the auditor gives the indicator table (its caption, else the header's first cells). */
const SCORES = "scores";
const FUNDS = "funds";

interface Variant {
  name: string;
  form: Form;
  state: "clean" | "flawed";
  wrong: string;
  /** Where the mistake is: the indicator table or the funds table, and the data row. */
  expect: Array<{ code: string; table: typeof SCORES | typeof FUNDS | "正文"; tableRow: number }>;
  undetected?: string;
}

/** Mistakes in the published forms, found by reading them (the twin corrects only these). */
function published(f: Form): { wrong: string; expect: Variant["expect"]; undetected?: string; fix: (g: Form) => void } | undefined {
  const n = Number(f.id.slice(0, 2));
  const at = (name: string): number => f.rows.findIndex((r) => r.name.startsWith(name));
  switch (n) {
    case 3:
      return {
        wrong: "预算执行率86.20%（37.24/43.2），分值10分，得分应为8.62，表中印9（取整）。",
        expect: [{ code: "table/budget-score-rule", table: FUNDS, tableRow: 1 }],
        fix: (g) => {
          g.funds!.score = "8.62";
          g.funds!.rate = "86.20%";
        },
      };
    case 4: {
      const i = at("资金到位及时率");
      return {
        wrong: "资金到位及时率实际100%，达到“≧100%”的目标，分值10分只得7分，且无扣分原因。",
        expect: [{ code: "score/met-below-full", table: SCORES, tableRow: i + 1 }],
        fix: (g) => {
          g.rows[i]!.score = "10";
        },
      };
    }
    case 5: {
      const idx = [2, 5, 6];
      return {
        wrong:
          "公用经费完成时间、效果显著、社会认可三项均按目标完成（实际完成值与指标值相同），却分别只得4/5、13/15、8/10分，且无扣分原因。",
        expect: idx.map((i) => ({ code: "score/met-below-full", table: SCORES, tableRow: i + 1 })),
        fix: (g) => {
          for (const i of idx) g.rows[i]!.score = g.rows[i]!.weight;
        },
      };
    }
    case 10: {
      const a = at("★★★特困人员");
      const b = at("扶贫临时救助标准");
      return {
        wrong: "特困人员救助供养人数4604人未达到“>=4754人”，临时救助标准5830元/户超过“<=5300元/户”，两项均得满分。",
        expect: [
          { code: "score/missed-at-full", table: SCORES, tableRow: a + 1 },
          { code: "score/missed-at-full", table: SCORES, tableRow: b + 1 },
        ],
        fix: (g) => {
          g.rows[a]!.score = fmt((4604 / 4754) * 5);
          g.rows[b]!.score = fmt((5300 / 5830) * 10);
        },
      };
    }
    case 11: {
      const i = at("演出设备成本");
      return {
        wrong: "演出设备成本实际2万元，等于目标2万元（达到），20分只得18分，且无扣分原因；总分98随之少2分。",
        expect: [{ code: "score/met-below-full", table: SCORES, tableRow: i + 1 }],
        fix: (g) => {
          g.rows[i]!.score = "20";
          g.total = "100";
        },
      };
    }
    case 18: {
      const i = at("政府采购执行率");
      return {
        wrong: "政府采购执行率72.74%，未达到100%的目标，却得满分2分。",
        expect: [{ code: "score/missed-at-full", table: SCORES, tableRow: i + 1 }],
        fix: (g) => {
          g.rows[i]!.score = fmt(0.7274 * 2);
        },
      };
    }
    default:
      return undefined;
  }
}

type Kind = "total" | "above-points" | "missed-at-full" | "grade" | "funds-sum" | "subtotal-counted";

const sumScores = (f: Form): number =>
  f.rows.filter((r) => r.name !== "小计").reduce((a, r) => a + num(r.score ?? "0"), 0) + (f.funds ? num(f.funds.score) : 0);
const sumWeights = (f: Form): number =>
  f.rows.filter((r) => r.name !== "小计").reduce((a, r) => a + num(r.weight ?? "0"), 0) + (f.funds ? num(f.funds.points) : 0);

/** A copy of a clean form with one mistake of the kind, or undefined when the form cannot carry it. */
function flawed(f: Form, kind: Kind): Variant | undefined {
  const g = clone(f);
  const hasWeights = f.layout !== "score-only";
  const rowsN = () => g.rows.length;
  switch (kind) {
    case "total": {
      const right = sumScores(f);
      const printed = fmt(right + 5);
      g.total = printed;
      return {
        name: "flaw-total",
        form: g,
        state: "flawed",
        wrong: `总分印为${printed}，各项得分合计为${fmt(right)}（本副本加印的总分行多计5分）。`,
        expect: [{ code: "stated/mismatch", table: SCORES, tableRow: rowsN() + 1 }],
      };
    }
    case "above-points": {
      if (!hasWeights) return undefined;
      const i = g.rows.findIndex((r) => r.weight && r.score === r.weight);
      if (i < 0) return undefined;
      const r = g.rows[i]!;
      const before = r.score!;
      r.score = fmt(num(r.weight!) + 2);
      if (g.total !== undefined) g.total = fmt(num(g.total) + 2);
      return {
        name: "flaw-above-points",
        form: g,
        state: "flawed",
        wrong: `“${r.name}”分值${r.weight}分，得分印为${r.score}（原为${before}），超过分值。`,
        expect: [{ code: "score/above-points", table: SCORES, tableRow: i + 1 }],
      };
    }
    case "missed-at-full": {
      if (!hasWeights) return undefined;
      const i = f.wild.rows.findIndex(
        (w, k) =>
          k < g.rows.length &&
          (w.expect.target.op === "gte" || w.expect.target.op === "lte") &&
          w.expect.actual.value !== undefined &&
          g.rows[k]!.score === g.rows[k]!.weight &&
          /^[≥≧>=<≤]*\s*[\d.]+\s*[%个人户次万元亩台套头只米吨件所名村]*$/.test(g.rows[k]!.target) &&
          num(w.expect.target.value!) > 0,
      );
      if (i < 0) return undefined;
      const w = f.wild.rows[i]!;
      const r = g.rows[i]!;
      const t = num(w.expect.target.value!);
      const miss = w.expect.target.op === "gte" ? t * 0.8 : t * 1.25;
      const unit = w.expect.actual.unit ?? "";
      const before = r.actual;
      r.actual = `${fmt(miss)}${unit}`;
      return {
        name: "flaw-missed-at-full",
        form: g,
        state: "flawed",
        wrong: `“${r.name}”实际完成值改为${r.actual}（原为${before}），未达到目标“${r.target}”，仍得满分${r.score}分。`,
        expect: [{ code: "score/missed-at-full", table: SCORES, tableRow: i + 1 }],
      };
    }
    case "grade": {
      if (!hasWeights) return undefined;
      const total = sumScores(f);
      const on = (total / sumWeights(f)) * 100;
      const right = on >= 90 ? "优" : on >= 80 ? "良" : on >= 60 ? "中" : "差";
      const wrongGrade = right === "优" ? "中" : "优";
      g.grade = { total: fmt(total), grade: wrongGrade };
      return {
        name: "flaw-grade",
        form: g,
        state: "flawed",
        wrong: `结论写“综合得分${fmt(total)}分，绩效等级为“${wrongGrade}””；按百分制（${fmt(on)}）和90/80/60分档应为“${right}”（本副本加印的结论句）。`,
        expect: [{ code: "grade/outside-band", table: "正文", tableRow: 0 }],
      };
    }
    case "funds-sum": {
      if (!g.funds || g.funds.parts.length === 0) return undefined;
      const p = g.funds.parts[0]!;
      const before = p[2];
      p[2] = p[2].includes(",") ? (num(p[2]) + 10000).toLocaleString("en-US") : fmt(num(p[2]) + 1);
      return {
        name: "flaw-funds-sum",
        form: g,
        state: "flawed",
        wrong: `资金表“${p[0]}”执行数印为${p[2]}（原为${before}），与年度资金总额的执行数${g.funds.spent}不符（其中行之和超过总额）。`,
        expect: [{ code: "funds/sum", table: FUNDS, tableRow: 1 }],
      };
    }
    case "subtotal-counted": {
      if (!hasWeights || f.rows[0]!.l1 === "") return undefined;
      const first = f.rows[0]!.l1;
      const k = f.rows.filter((r) => r.l1 === first).length;
      if (k === f.rows.length) return undefined;
      const group = f.rows.slice(0, k);
      const sw = fmt(group.reduce((a, r) => a + num(r.weight!), 0));
      const ss = fmt(group.reduce((a, r) => a + num(r.score!), 0));
      g.rows.splice(k, 0, { l1: "小计", l2: "", name: "小计", weight: sw, target: "", actual: "", score: ss });
      const total = fmt(sumScores(f) + num(ss));
      g.total = total;
      return {
        name: "flaw-subtotal-counted",
        form: g,
        state: "flawed",
        wrong: `“${first.replace(/[(（].*$/, "")}”之后加印小计行（${sw}分，得${ss}分），总分${total}又把小计计入一次。`,
        expect: [{ code: "tree/subtotal-counted", table: SCORES, tableRow: k + 1 }],
      };
    }
  }
}

// ── main ──

const KINDS: Kind[] = ["total", "above-points", "missed-at-full", "grade", "funds-sum", "subtotal-counted"];

const all = forms();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const entries: Entry[] = [];
const counts: Record<string, number> = {};
let turn = 0;
for (const f of all) {
  const variants: Variant[] = [];
  const pub = published(f);
  if (pub) {
    variants.push({
      name: "form",
      form: f,
      state: "flawed",
      wrong: pub.wrong,
      expect: pub.expect,
      ...(pub.undetected ? { undetected: pub.undetected } : {}),
    });
    const twin = clone(f);
    pub.fix(twin);
    variants.push({ name: "twin", form: twin, state: "clean", wrong: "clean", expect: [] });
  } else {
    variants.push({ name: "form", form: f, state: "clean", wrong: "clean", expect: [] });
    // two flawed copies per clean form, the kinds taken in turn so that each appears several times;
    // funds and grade mistakes wherever the form can carry them (few forms print funds or 100 points)
    const made = new Set<Kind>();
    const funds = flawed(f, "funds-sum");
    if (funds) {
      variants.push(funds);
      made.add("funds-sum");
    }
    for (let tries = 0; tries < KINDS.length && made.size < 2; tries++) {
      const k = KINDS[turn++ % KINDS.length]!;
      if (made.has(k)) continue;
      const v = flawed(f, k);
      if (v) {
        variants.push(v);
        made.add(k);
      }
    }
  }
  const dir = new URL(`${f.id}/`, OUT);
  mkdirSync(dir, { recursive: true });
  for (const v of variants) {
    const blocks = blocksOf(v.form);
    writeFileSync(new URL(`${v.name}.txt`, dir), asText(blocks));
    writeFileSync(new URL(`${v.name}.docx`, dir), await asDocx(blocks));
    writeFileSync(new URL(`${v.name}.xlsx`, dir), await asXlsx(blocks));
    const tables = blocks.flatMap((b) => ("table" in b ? [b.table] : []));
    const titleOf = (t: Table): string => t.caption ?? t.header.slice(0, 3).join(" ");
    const scores = titleOf(tables[tables.length - 1]!);
    const funds = v.form.funds ? titleOf(tables[1]!) : "";
    entries.push({
      file: `${f.id}/${v.name}`,
      form: f.id,
      title: f.wild.source.title,
      source: f.wild.source.url,
      state: v.state,
      wrong: v.wrong,
      notes: f.completion,
      expect: v.expect.map((e) => ({ ...e, table: e.table === SCORES ? scores : e.table === FUNDS ? funds : e.table })),
      ...(v.undetected ? { undetected: v.undetected } : {}),
    });
    for (const e of v.expect) counts[e.code] = (counts[e.code] ?? 0) + 1;
  }
}
writeFileSync(new URL("corpus.json", OUT), `${JSON.stringify(entries, null, 2)}\n`);
console.log(`${all.length} forms, ${entries.length} files ×3 formats; mistakes: ${JSON.stringify(counts)}`);
