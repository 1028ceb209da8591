/**
 * The one module that talks to exceljs (4.4.0, unmaintained for two years: kept behind this
 * seam so it can be replaced). Everything else in the package reads and writes workbooks
 * through the plain shapes below: a sheet is a grid of cell texts with its merges, and a
 * workbook to write is a list of sheets of cells (text, number, or a formula with its cached
 * result).
 */
import ExcelJS from "exceljs";
import { checkCellLength, checkSheetExtent } from "./limits.js";

// ── addresses ─────────────────────────────────────────────────────────────────────────────

/** Column letters of a 1-based column number: 1 → "A", 27 → "AA". */
export function columnLetters(col: number): string {
  let n = col;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a 1-based row and column, optionally absolute ("$D$12"). */
export function ref(col: number, row: number, absolute = false): string {
  return absolute ? `$${columnLetters(col)}$${row}` : `${columnLetters(col)}${row}`;
}

/** A sheet-qualified address for messages and cross-sheet formulas: 评分表!D12 or '资金 情况'!B3. */
export function sheetRef(sheet: string, col: number, row: number): string {
  return `${quoteSheet(sheet)}!${ref(col, row)}`;
}

function quoteSheet(sheet: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

// ── reading ───────────────────────────────────────────────────────────────────────────────

export interface ReadSheet {
  name: string;
  /** rows[r][c] is the text of the cell at row r+1, column c+1 ("" when blank). */
  rows: string[][];
  /** Merged ranges, 1-based inclusive. */
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
  /** For a cell covered by a merge (not its top-left), the top-left of that merge. */
  masterOf(row: number, col: number): { row: number; col: number } | undefined;
}

/** The text of a cell as a person reads it (formula cells: their cached result). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return "";
      if (typeof result === "object" && "error" in result) return String(result.error);
      return cellText(result as ExcelJS.CellValue);
    }
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

/**
 * The text of a cell. A number formatted as a percentage reads as the percentage it shows
 * (0.9775 with 0.00% → "97.75%"), as a person sees it. exceljs's `cell.value` drops a
 * formula's cached result when it is 0; its model keeps it.
 */
function textOf(cell: ExcelJS.Cell): string {
  const value = cell.type === ExcelJS.ValueType.Formula ? (cell.model as { result?: ExcelJS.CellValue }).result : cell.value;
  if (value === undefined || value === null) return "";
  const fmt = cell.numFmt ?? "";
  if (typeof value === "number" && /%/.test(fmt) && !/"[^"]*%[^"]*"/.test(fmt)) {
    const places = /0\.(0+)%/.exec(fmt)?.[1]?.length ?? 0;
    return `${percentText(value, places)}%`;
  }
  return cellText(value);
}

/** value × 100 with `places` decimals, rounded half-up on the decimal text (no binary drift). */
function percentText(value: number, places: number): string {
  const [int = "0", frac = ""] = numberText(Math.abs(value)).split(".");
  const digits = (int + frac.padEnd(2, "0")).replace(/^0+(?=\d)/, "");
  const whole = digits.slice(0, digits.length - (frac.length > 2 ? frac.length - 2 : 0)) || "0";
  const rest = frac.length > 2 ? frac.slice(2) : "";
  let text = rest ? `${whole}.${rest}` : whole;
  // Round half-up to `places` on the decimal string.
  const [a = "0", b = ""] = text.split(".");
  if (b.length > places) {
    const keep = a + b.slice(0, places);
    const up = (b[places] ?? "0") >= "5";
    const s = (BigInt(keep) + (up ? 1n : 0n)).toString().padStart(places + 1, "0");
    text = places > 0 ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
  } else if (places > 0) text = `${a}.${b.padEnd(places, "0")}`;
  return (value < 0 ? "-" : "") + text;
}

/**
 * A number as text without binary noise: 0.1 + 0.2 → "0.3". Excel stores 15 significant
 * digits; 15-digit precision text is what a person saw in the cell.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const p = Number(n.toPrecision(15));
  const s = String(p);
  if (!/e/i.test(s)) return s;
  return p.toFixed(20).replace(/\.?0+$/, "");
}

/**
 * Read every worksheet of an .xlsx file. Throws `XlsxReadError` when it is not a workbook and
 * `ImportLimitError` when a sheet or cell is beyond IMPORT_LIMITS (limits.ts).
 */
export async function readWorkbook(data: Uint8Array): Promise<ReadSheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new XlsxReadError(err instanceof Error ? err.message : String(err));
  }
  const out: ReadSheet[] = [];
  wb.eachSheet((ws) => {
    // The extent up to the last filled cell, from the cells the file has (a styled or blank
    // cell far out does not count), checked before a grid is built: one cell at row 20,000 ×
    // column 2,000 would otherwise be a grid of 40 million cells.
    let height = 0;
    let width = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const text = textOf(cell);
        checkCellLength(sheetRef(ws.name, c, r), text.length);
        if (text.trim() === "") return;
        height = Math.max(height, r);
        width = Math.max(width, c);
      });
    });
    if (height > 0) checkSheetExtent(ws.name, height, width, sheetRef(ws.name, width, height));
    const rows: string[][] = [];
    for (let r = 1; r <= height; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        // exceljs reports a merged cell's master value on every covered cell; we keep the
        // text on the master only, as the file has it.
        cells.push(cell.isMerged && cell.master.address !== cell.address ? "" : textOf(cell).trim());
      }
      rows.push(cells);
    }
    const merges: ReadSheet["merges"] = [];
    const mergeList = (ws.model as { merges?: string[] }).merges ?? [];
    for (const m of mergeList) {
      const [a, b] = m.split(":");
      if (!a || !b) continue;
      const p = parseRef(a);
      const q = parseRef(b);
      if (p && q) merges.push({ top: p.row, left: p.col, bottom: q.row, right: q.col });
    }
    out.push({
      name: ws.name,
      rows,
      merges,
      masterOf(row, col) {
        for (const m of merges) {
          if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && (row !== m.top || col !== m.left))
            return { row: m.top, col: m.left };
        }
        return undefined;
      },
    });
  });
  return out;
}

function parseRef(a: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export class XlsxReadError extends Error {}

/** Whether the bytes start like a ZIP container (.xlsx, .docx). */
export function looksLikeZip(data: Uint8Array): boolean {
  return data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
}

// ── writing ───────────────────────────────────────────────────────────────────────────────

export type CellStyle =
  | "title"
  | "header"
  | "text"
  | "name"
  | "number"
  | "count"
  | "amount"
  | "score"
  | "percent"
  | "computed"
  | "computed-count"
  | "computed-percent"
  | "note"
  | "total"
  | "total-count"
  | "total-amount";

export type CellSpec =
  | { text: string; style?: CellStyle }
  /** `numFmt` overrides the style's number format (an actual with its unit: `#,##0"人"`). */
  | { number: number; style?: CellStyle; numFmt?: string }
  /** `result` is the cached value (left out to make a reader recalculate, as the tests do). */
  | { formula: string; result?: number | string; style?: CellStyle };

export interface SheetSpec {
  name: string;
  /** Column widths in characters. */
  widths: number[];
  cells: Array<{ row: number; col: number; cell: CellSpec }>;
  merges?: Array<{ top: number; left: number; bottom: number; right: number }>;
  /** Rows repeated at the top of every printed page (e.g. "3:3"). */
  printTitleRows?: string;
  landscape?: boolean;
  /** Row heights (row → points). */
  heights?: Record<number, number>;
  /** Freeze panes below this row. */
  freezeRow?: number;
  /** Columns (1-based) hidden on screen and in print (parameter columns no row uses). */
  hidden?: number[];
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};
const FONT = "宋体";

function applyStyle(cell: ExcelJS.Cell, style: CellStyle | undefined): void {
  switch (style) {
    case "title":
      cell.font = { name: "黑体", size: 14, bold: true };
      cell.alignment = { horizontal: "center", vertical: "middle" };
      return;
    case "header":
      cell.font = { name: "黑体", size: 10, bold: true };
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
      cell.border = THIN;
      return;
    case "note":
      cell.font = { name: FONT, size: 9, italic: true, color: { argb: "FF555555" } };
      cell.alignment = { vertical: "top", wrapText: true };
      return;
    default:
      break;
  }
  const total = style === "total" || style === "total-count" || style === "total-amount";
  cell.font = { name: FONT, size: 10, bold: total };
  cell.border = THIN;
  const numeric = style !== undefined && style !== "text" && style !== "name";
  cell.alignment = { vertical: "middle", horizontal: numeric ? "right" : "left", wrapText: !numeric };
  if (style === "score" || style === "computed" || style === "total") cell.numFmt = "0.00";
  if (style === "count" || style === "computed-count" || style === "total-count") cell.numFmt = "General";
  if (style === "amount" || style === "total-amount") cell.numFmt = "#,##0.00";
  if (style === "percent" || style === "computed-percent") cell.numFmt = "0.00%";
  if (style === "computed" || style === "computed-count" || style === "computed-percent" || total) {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF4F9EC" } };
  }
}

/**
 * Merge ranges. exceljs checks each new merge against every earlier one (quadratic: a
 * workbook of 1,000 stacked evaluations took 49 s); overlaps are checked here with a set of
 * covered cells instead, and exceljs merges each range against an empty list.
 */
function mergeAll(ws: ExcelJS.Worksheet, merges: NonNullable<SheetSpec["merges"]>): void {
  const covered = new Set<number>();
  const key = (r: number, c: number): number => r * 16384 + c;
  const internal = ws as unknown as { _merges: Record<string, unknown> };
  const all = internal._merges;
  try {
    for (const m of merges) {
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          if (covered.has(key(r, c))) throw new RangeError(`overlapping merge at ${ref(c, r)}`);
          covered.add(key(r, c));
        }
      }
      internal._merges = {};
      ws.mergeCells(m.top, m.left, m.bottom, m.right);
      Object.assign(all, internal._merges);
    }
  } finally {
    internal._merges = all;
  }
}

/** Write a workbook; returns the .xlsx bytes. Formulas are stored with their cached results. */
export async function writeWorkbook(sheets: SheetSpec[], meta: { title?: string; creator?: string } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? "Jixiao";
  if (meta.title) wb.title = meta.title;
  // Fixed timestamps: the same evaluation gives the same workbook.
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  wb.calcProperties.fullCalcOnLoad = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, {
      pageSetup: {
        paperSize: 9,
        orientation: s.landscape ? "landscape" : "portrait",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        printTitlesRow: s.printTitleRows,
      },
      headerFooter: { oddFooter: "&C第 &P 页，共 &N 页" },
      views: s.freezeRow ? [{ state: "frozen", ySplit: s.freezeRow }] : undefined,
    });
    s.widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    for (const c of s.hidden ?? []) ws.getColumn(c).hidden = true;
    for (const { row, col, cell } of s.cells) {
      const c = ws.getCell(row, col);
      if ("formula" in cell) c.value = { formula: cell.formula, result: cell.result } as ExcelJS.CellFormulaValue;
      else if ("number" in cell) c.value = cell.number;
      else c.value = cell.text;
      applyStyle(c, cell.style);
      if ("number" in cell && cell.numFmt) c.numFmt = cell.numFmt;
    }
    mergeAll(ws, s.merges ?? []);
    for (const [r, h] of Object.entries(s.heights ?? {})) ws.getRow(Number(r)).height = h;
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
