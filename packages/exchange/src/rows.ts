/**
 * Every source the importers and the auditor read — an .xlsx sheet, a CSV file, a .docx, the
 * text a .docx export gives (the seed's shape: one cell per tab-indented line, a blank line
 * between rows) and pdftotext's layout text — becomes one stream of items: table rows (with
 * where each cell came from), lines of text between tables, and breaks where a table ends.
 * Recognising tables (recognise.ts) works on that stream only.
 */
import JSZip from "jszip";
import { ImportLimitError, checkZipSizes } from "./limits.js";
import { type ReadSheet, ref } from "./xlsx-book.js";

/** Where a cell is, for messages: "评分表!D12", "表格2 第5行 第3列", "第123行". */
export interface CellLocation {
  /** Sheet name (xlsx, csv) or table label (docx/text). */
  sheet?: string;
  /** 1-based row in the sheet (xlsx, csv) or line in the text file. */
  row: number;
  /** 1-based column in the grid, when known. */
  col?: number;
  /** The source kind decides how the location is written. */
  kind: "sheet" | "docx" | "text" | "pdf";
  /** pdf: the page (1-based); `row` is then the line on that page. */
  page?: number;
  /** docx: the table's number in the document (1-based) and the row within it. */
  table?: number;
  tableRow?: number;
}

/** Text of a location: 评分表!D12 (sheets), 表格2第5行 (docx), 第123行 (text). */
export function locationText(l: CellLocation, lang: "zh" | "en" = "zh", withColumn = true): string {
  if (l.kind === "sheet") return `${l.sheet ?? ""}!${ref(withColumn ? (l.col ?? 1) : 1, l.row)}`.replace(/^!/, "");
  if (l.kind === "docx" && !l.table) return lang === "zh" ? `第${l.row}段` : `paragraph ${l.row}`;
  if (l.kind === "docx") {
    const col = withColumn && l.col !== undefined ? (lang === "zh" ? `第${l.col}列` : ` column ${l.col}`) : "";
    return lang === "zh" ? `表格${l.table}第${l.tableRow}行${col}` : `table ${l.table} row ${l.tableRow}${col}`;
  }
  if (l.kind === "pdf") return lang === "zh" ? `第${l.page}页第${l.row}行` : `page ${l.page} line ${l.row}`;
  return lang === "zh" ? `第${l.row}行` : `line ${l.row}`;
}

export type StreamItem =
  | {
      kind: "row";
      cells: string[];
      at: CellLocation[];
      /** whether cells sit on a grid shared by the table's rows */
      grid: boolean;
      /** A sheet's cells with their line breaks (one item per line: 扣分明细, 评分明细 …). */
      lines?: string[];
    }
  | { kind: "text"; text: string; at: CellLocation }
  | { kind: "break" };

const clean = (s: string): string =>
  s
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();

// ── sheets (xlsx, csv) ────────────────────────────────────────────────────────────────────

/** A worksheet as a stream: blank rows break tables, a row with a single filled cell is text. */
export function sheetStream(sheet: ReadSheet): StreamItem[] {
  const out: StreamItem[] = [];
  sheet.rows.forEach((cells, i) => {
    const row = i + 1;
    const filled = cells.map(clean);
    let last = filled.length;
    while (last > 0 && filled[last - 1] === "") last--;
    const used = filled.slice(0, last);
    const nonEmpty = used.filter((c) => c !== "");
    if (nonEmpty.length === 0) {
      out.push({ kind: "break" });
      return;
    }
    // A single filled cell spanning the row (a title, "单位:万元", a paragraph) is text — unless
    // it sits inside a table whose other columns are blank because they are merged from above.
    const firstCol = used.findIndex((c) => c !== "");
    const coveredFromAbove = used.some(
      (c, j) => c === "" && sheet.masterOf(row, j + 1) !== undefined && sheet.masterOf(row, j + 1)!.row < row,
    );
    // (A single cell merged across three or more columns is text wherever it starts: a note.)
    const wideMerge = sheet.merges.some((m) => m.top === row && m.left === firstCol + 1 && m.right - m.left >= 2);
    if (nonEmpty.length === 1 && !coveredFromAbove && (firstCol === 0 || wideMerge)) {
      out.push({ kind: "text", text: nonEmpty[0]!, at: { kind: "sheet", sheet: sheet.name, row, col: firstCol + 1 } });
      return;
    }
    out.push({
      kind: "row",
      cells: used,
      at: used.map((_, j) => ({ kind: "sheet", sheet: sheet.name, row, col: j + 1 })),
      grid: true,
      lines: cells.slice(0, last).map((c) => c.replace(/\r\n?/g, "\n")),
    });
  });
  return out;
}

// ── text (.txt from a .docx, the seed) ───────────────────────────────────────────────────

/**
 * The seed's text: a table is a run of cells, one per line, each line starting with a tab;
 * a blank line ends a row; two blank lines or a line without a tab end the table.
 */
export function textStream(text: string): StreamItem[] {
  const out: StreamItem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let cells: string[] = [];
  let at: CellLocation[] = [];
  let blanks = 0;
  let inTable = false;
  const flush = (): void => {
    if (cells.length > 0) out.push({ kind: "row", cells, at, grid: false });
    cells = [];
    at = [];
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.startsWith("\t")) {
      if (blanks >= 2 && inTable) {
        flush();
        out.push({ kind: "break" });
      }
      blanks = 0;
      inTable = true;
      cells.push(clean(line));
      at.push({ kind: "text", row: n, col: cells.length });
      return;
    }
    if (line.trim() === "") {
      blanks++;
      flush();
      return;
    }
    if (inTable) {
      flush();
      out.push({ kind: "break" });
      inTable = false;
    }
    blanks = 0;
    out.push({ kind: "text", text: clean(line.replace(/\[bookmark:[^\]]*\]/g, "")), at: { kind: "text", row: n } });
  });
  flush();
  if (inTable) out.push({ kind: "break" });
  return out;
}

/**
 * pdftotext -layout text: a table row is a line whose cells are separated by runs of two or
 * more spaces; other lines are text.
 */
export function layoutTextStream(text: string): StreamItem[] {
  const out: StreamItem[] = [];
  let blank = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === "") {
      if (++blank >= 2) out.push({ kind: "break" });
      return;
    }
    blank = 0;
    const parts = line
      .trim()
      .split(/\s{2,}/)
      .map(clean);
    if (parts.length >= 2) {
      out.push({ kind: "row", cells: parts, at: parts.map((_, j) => ({ kind: "text", row: n, col: j + 1 })), grid: false });
    } else out.push({ kind: "text", text: clean(line), at: { kind: "text", row: n } });
  });
  return out;
}

// ── PDF (word boxes from pdftotext -bbox-layout) ─────────────────────────────────────────

export interface PdfPage {
  words: Array<{ x0: number; y0: number; x1: number; y1: number; text: string }>;
}

const NUMERIC_ROLES = new Set(["weight", "score", "quota", "inPost", "count", "spent", "adjustedBudget", "initialBudget", "vacancy"]);

/**
 * A PDF's words as a stream. Words on one visual line (tops within 4 pt) that touch (gap < 4
 * pt) form a segment. A line whose segments match a header starts a table; its columns are the
 * header segments' left edges, and the header's wrapped second line ("实际完成" / "值") is
 * joined to it. Below, a segment belongs to the last column starting left of it. A line with
 * a number in a numeric column starts a new row (cells are top-aligned in the forms we read);
 * other lines continue the cells of the row above (wrapped text). A line wider than one
 * column, or a caption, ends the table.
 */
export function positionedStream(
  pages: PdfPage[],
  roleOf: (cells: string[]) => Array<{ index: number; role: string }> | undefined,
): StreamItem[] {
  const out: StreamItem[] = [];
  pages.forEach((page, p) => {
    const words = [...page.words].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    const lines: Array<Array<{ x0: number; x1: number; text: string }>> = [];
    let top = -Infinity;
    let line: typeof words = [];
    const flushLine = (): void => {
      if (line.length === 0) return;
      line.sort((a, b) => a.x0 - b.x0);
      const segs: Array<{ x0: number; x1: number; text: string }> = [];
      for (const w of line) {
        const last = segs[segs.length - 1];
        if (last && w.x0 - last.x1 < 4) {
          last.text += w.text;
          last.x1 = w.x1;
        } else segs.push({ x0: w.x0, x1: w.x1, text: w.text });
      }
      lines.push(segs);
      line = [];
    };
    for (const w of words) {
      if (w.y0 - top > 4) {
        flushLine();
        top = w.y0;
      }
      line.push(w);
    }
    flushLine();
    let columns: number[] | undefined;
    let numeric = new Set<number>();
    let header: string[] = [];
    let headerJustSeen = false;
    let row: { cells: string[]; at: CellLocation[] } | undefined;
    const endRow = (): void => {
      if (row) out.push({ kind: "row", cells: row.cells, at: row.at, grid: true });
      row = undefined;
    };
    const endTable = (): void => {
      endRow();
      if (columns) out.push({ kind: "break" });
      columns = undefined;
    };
    lines.forEach((segs, i) => {
      const at: CellLocation = { kind: "pdf", page: p + 1, row: i + 1 };
      const cells = segs.map((s) => s.text);
      const roles = segs.length >= 2 ? roleOf(cells) : undefined;
      if (roles) {
        endTable();
        columns = segs.map((s) => s.x0);
        numeric = new Set(roles.filter((r) => NUMERIC_ROLES.has(r.role)).map((r) => r.index));
        header = cells;
        headerJustSeen = true;
        out.push({ kind: "row", cells: header, at: header.map((_, j) => ({ ...at, col: j + 1 })), grid: true });
        return;
      }
      if (!columns) {
        out.push({ kind: "text", text: cells.join(" "), at });
        return;
      }
      const colOf = (x: number): number => {
        let k = 0;
        columns!.forEach((c, j) => {
          if (c <= x + 3) k = j;
        });
        return k;
      };
      const wide = segs.length === 1 && columns.length > 1 && segs[0]!.x1 > (columns[colOf(segs[0]!.x0) + 1] ?? Infinity) + 2;
      if (wide || /^(表|附表)\s*\d/.test(cells[0] ?? "")) {
        endTable();
        out.push({ kind: "text", text: cells.join(" "), at });
        return;
      }
      const placed = segs.map((s) => ({ k: colOf(s.x0), text: s.text }));
      if (
        headerJustSeen &&
        placed.every((x) => !/^[\d.,%-]+$/.test(x.text) && Math.abs(columns![x.k]! - segs[placed.indexOf(x)]!.x0) < 3)
      ) {
        // The header's wrapped second line: join it, then re-read the header.
        const last = out[out.length - 1];
        for (const x of placed) header[x.k] = (header[x.k] ?? "") + x.text;
        if (last && last.kind === "row") last.cells = [...header];
        const roles2 = roleOf(header);
        numeric = new Set((roles2 ?? []).filter((r) => NUMERIC_ROLES.has(r.role)).map((r) => r.index));
        return;
      }
      headerJustSeen = false;
      const startsRow = !row || placed.some((x) => numeric.has(x.k) && /^[\d.,]+$/.test(x.text) && (row!.cells[x.k] ?? "") !== "");
      if (startsRow) {
        endRow();
        row = { cells: columns.map(() => ""), at: columns.map((_, j) => ({ ...at, col: j + 1 })) };
      }
      for (const x of placed) row!.cells[x.k] = (row!.cells[x.k] ?? "") + x.text;
    });
    endTable();
  });
  return out;
}

// ── docx ──────────────────────────────────────────────────────────────────────────────────

/** Read word/document.xml: paragraphs become text, tables become rows on their grid. */
export async function docxStream(data: Uint8Array): Promise<StreamItem[]> {
  try {
    checkZipSizes(data, "document.docx"); // a zip bomb is refused before it is inflated
  } catch (err) {
    if (err instanceof ImportLimitError) throw new DocxReadError(err.text.en);
    throw err;
  }
  const zip = await JSZip.loadAsync(data);
  const doc = zip.file("word/document.xml");
  if (!doc) throw new DocxReadError("word/document.xml is missing: not a Word document");
  const xml = await doc.async("string");
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(xml)?.[1] ?? xml;
  const out: StreamItem[] = [];
  let tableNo = 0;
  let paragraphNo = 0;
  // Top-level paragraphs and tables, in order (nested tables are read as part of their cell).
  for (const block of topLevelBlocks(body)) {
    if (block.startsWith("<w:p")) {
      paragraphNo++;
      const t = clean(paragraphText(block));
      if (t) out.push({ kind: "text", text: t, at: { kind: "docx", row: paragraphNo, table: 0 } });
      continue;
    }
    tableNo++;
    let r = 0;
    for (const tr of children(block, "w:tr")) {
      r++;
      const cells: string[] = [];
      const at: CellLocation[] = [];
      for (const tc of children(tr, "w:tc")) {
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(tc)?.[1] ?? "1");
        const vMerge = /<w:vMerge(?: w:val="(\w+)")?\s*\/>/.exec(tc);
        const continued = vMerge !== null && vMerge[1] !== "restart";
        const text = continued ? "" : clean(children(tc, "w:p").map(paragraphText).join(" "));
        cells.push(text);
        at.push({ kind: "docx", row: r, table: tableNo, tableRow: r, col: cells.length });
        for (let k = 1; k < span; k++) {
          cells.push("");
          at.push({ kind: "docx", row: r, table: tableNo, tableRow: r, col: cells.length });
        }
      }
      let last = cells.length;
      while (last > 0 && cells[last - 1] === "") last--;
      if (last === 0) continue;
      if (cells.slice(0, last).filter((c) => c !== "").length === 1 && cells[0] !== "" && !cells.slice(1, last).some((c) => c !== "")) {
        // A row with one filled cell across the table (a section title such as 年度绩效目标1(80分)).
        out.push({ kind: "text", text: cells[0]!, at: at[0]! });
        continue;
      }
      out.push({ kind: "row", cells: cells.slice(0, last), at: at.slice(0, last), grid: true });
    }
    out.push({ kind: "break" });
  }
  return out;
}

export class DocxReadError extends Error {}

/** The direct children `<tag>…</tag>` of an element (not those inside nested tables). */
function children(xml: string, tag: string): string[] {
  const out: string[] = [];
  const base = xml.startsWith("<w:tbl") ? 1 : 0;
  const re = new RegExp(`<(/?)(w:tbl|${tag})(?=[\\s>/])[^>]*?(/?)>`, "g");
  let tables = 0;
  let depth = 0;
  let start = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const [whole, closing, name, selfClosing] = m;
    if (name === "w:tbl" && tag !== "w:tbl") {
      if (!selfClosing) tables += closing ? -1 : 1;
      continue;
    }
    if (tables !== base) continue;
    if (selfClosing) {
      if (depth === 0) out.push(whole);
    } else if (!closing) {
      if (depth === 0) start = m.index;
      depth++;
    } else {
      depth--;
      if (depth === 0 && start >= 0) out.push(xml.slice(start, m.index + whole.length));
    }
  }
  return out;
}

/** Top-level <w:p> and <w:tbl> elements of the body, in order. */
function topLevelBlocks(body: string): string[] {
  const out: string[] = [];
  const re = /<(\/?)(w:p|w:tbl)(?=[\s>/])[^>]*?(\/?)>/g;
  let depth = 0;
  let start = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const [whole, closing, , selfClosing] = m;
    if (selfClosing) {
      if (depth === 0) out.push(whole);
      continue;
    }
    if (!closing) {
      if (depth === 0) start = m.index;
      depth++;
    } else {
      depth--;
      if (depth === 0 && start >= 0) out.push(body.slice(start, m.index + whole.length));
    }
  }
  return out;
}

function paragraphText(p: string): string {
  let s = "";
  const re = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) s += m[1] !== undefined ? decodeXml(m[1]) : " ";
  return s;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}
