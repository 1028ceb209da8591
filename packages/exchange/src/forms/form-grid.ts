/**
 * Reading printed forms (申报表, 监控表) by their labels, not by fixed cells: a label is found by
 * its text wherever it sits (full-width characters, spaces inside "项 目 名 称", a trailing
 * colon or a bracketed note like "（万元）" do not matter), its value is the next filled cell
 * to its right, or the rest of the same cell ("项目名称：雾炮车降尘"). Tables are found by their
 * header row; merged cells read as blank below their first cell and carry down.
 *
 * Every problem names the file, the sheet, the cell, the field and what was expected, in
 * Chinese and English (FormProblem).
 */
import { type Bilingual, Decimal, normalise } from "@jixiao/engine";
import { ImportLimitError, checkZipSizes } from "../limits.js";
import { type ExchangeKey, xmsg } from "../messages.js";
import { type CellSpec, type ReadSheet, XlsxReadError, looksLikeZip, readWorkbook, ref } from "../xlsx-book.js";

/** One thing wrong in an uploaded form. */
export interface FormProblem {
  code: ExchangeKey;
  /** The uploaded file's name. */
  file: string;
  sheet?: string;
  /** A1 address of the cell ("D12"), when the problem is in one cell. */
  cell?: string;
  /** The field the cell should hold (项目名称, 指标值, 1—7月执行数 …). */
  field: string;
  /** What was expected, in words. */
  expected?: string;
  /** What the cell holds. */
  found?: string;
  message: Bilingual;
}

/** The result of reading a form: the document (when there were no errors), the problems, notes. */
export interface FormReadResult<T> {
  ok: boolean;
  value?: T;
  problems: FormProblem[];
  /** What was inferred or tolerated (a date serial read as a date, a name taken from the 二级指标). */
  notes: Bilingual[];
}

/** A cell's text for matching: NFKC, no spaces, no bracketed note, no trailing colon or star. */
export function labelText(text: string): string {
  return normalise(text)
    .replace(/[(（【[][^)）】\]]*[)）】\]]/g, "")
    .replace(/^[★*☆]+/, "")
    .replace(/[:：]+$/, "");
}

/** "单位：万元", "金额单位：元": a note on the form's unit, never a field's value. */
const UNIT_NOTE = /^(金额)?单位[:：]?(万元|元)$/;

/** A located cell. `row` and `col` are 1-based. */
export interface At {
  row: number;
  col: number;
}

/** One sheet of a form being read, with the problems found so far. */
export class FormSheet {
  readonly labels: string[][];
  constructor(
    readonly file: string,
    readonly sheet: ReadSheet,
    readonly problems: FormProblem[],
    readonly notes: Bilingual[],
  ) {
    this.labels = sheet.rows.map((r) => r.map(labelText));
  }

  get height(): number {
    return this.sheet.rows.length;
  }

  text(at: At): string {
    return (this.sheet.rows[at.row - 1]?.[at.col - 1] ?? "").trim();
  }

  label(at: At): string {
    return this.labels[at.row - 1]?.[at.col - 1] ?? "";
  }

  width(row: number): number {
    return this.sheet.rows[row - 1]?.length ?? 0;
  }

  /** The first cell (row by row) whose label matches, within rows [from, to]. */
  find(re: RegExp, from = 1, to = this.height): At | undefined {
    for (let r = from; r <= Math.min(to, this.height); r++) {
      const row = this.labels[r - 1]!;
      for (let c = 0; c < row.length; c++) if (re.test(row[c]!)) return { row: r, col: c + 1 };
    }
    return undefined;
  }

  /**
   * The value of a label: the rest of its own cell after a colon, else the next filled cell to
   * its right that is not itself one of `stop` (the other labels of the form).
   */
  valueOf(labelRe: RegExp, stop: RegExp, from = 1, to = this.height): { at: At; text: string } | undefined {
    for (let r = from; r <= Math.min(to, this.height); r++) {
      const cells = this.sheet.rows[r - 1]!;
      for (let c = 0; c < cells.length; c++) {
        const raw = cells[c]!.trim();
        const colon = /^([^:：]{1,20})[:：]\s*(.+)$/s.exec(raw);
        if (colon && labelRe.test(labelText(colon[1]!))) return { at: { row: r, col: c + 1 }, text: colon[2]!.trim() };
        if (!labelRe.test(this.labels[r - 1]![c]!)) continue;
        let note = false;
        for (let d = c + 1; d < cells.length; d++) {
          const t = cells[d]!.trim();
          if (t === "") continue;
          // "项目单位(盖章):" beside "单位：万元" is a signature line, not a label with its value.
          if (UNIT_NOTE.test(labelText(t))) {
            note = true;
            break;
          }
          if (stop.test(this.labels[r - 1]![d]!)) return { at: { row: r, col: c + 2 }, text: "" };
          return { at: { row: r, col: d + 1 }, text: t };
        }
        if (note) continue;
        return { at: { row: r, col: c + 2 }, text: "" };
      }
    }
    return undefined;
  }

  /** The fiscal year printed near the top: "（2021年度）", "2023年项目支出绩效目标申报表", "(2021年)". */
  fiscalYear(from: number, to: number): number | undefined {
    for (let r = from; r <= Math.min(to, this.height); r++) {
      for (const t of this.sheet.rows[r - 1]!) {
        const m = /((?:19|20)\d{2})\s*年/.exec(t.normalize("NFKC"));
        if (m && !/[:：]/.test(t)) return Number(m[1]);
      }
    }
    return undefined;
  }

  problem(
    code: ExchangeKey,
    at: At | undefined,
    field: string,
    params: { expected?: string; found?: string } & Record<string, string | number> = {},
  ): void {
    const cell = at ? ref(at.col, at.row) : undefined;
    const where = cell ? `${this.sheet.name}!${cell}` : this.sheet.name;
    this.problems.push({
      code,
      file: this.file,
      sheet: this.sheet.name,
      cell,
      field,
      expected: params.expected,
      found: params.found,
      message: xmsg(code, { ...params, field, where, file: this.file }),
    });
  }

  note(key: ExchangeKey, at: At | undefined, params: Record<string, string | number>): void {
    const where = at ? `${this.sheet.name}!${ref(at.col, at.row)}` : this.sheet.name;
    this.notes.push(xmsg(key, { ...params, where }));
  }
}

/** A header row of a table: which column holds which role. */
export interface Header<R extends string> {
  row: number;
  /** role → 1-based column */
  columns: Partial<Record<R, number>>;
  /** The last header row (a second header row of sub-columns, when there is one). */
  lastRow: number;
}

/**
 * Find the header row of a table: the first row where the required roles' labels all appear.
 * `variants` maps each role to the labels that mean it (tested on labelText). A second row of
 * sub-column headers (偏差原因分析 → 经费保障 …) is read too when `sub` roles are asked for.
 */
export function findHeader<R extends string>(
  s: FormSheet,
  variants: ReadonlyArray<readonly [R, RegExp]>,
  required: readonly R[],
  from = 1,
): Header<R> | undefined {
  for (let r = from; r <= s.height; r++) {
    const columns = rolesOf(s, r, variants);
    if (!required.every((role) => columns[role] !== undefined)) continue;
    // A second header row: cells under a merged header naming sub-columns.
    let lastRow = r;
    if (r + 1 <= s.height) {
      const below = rolesOf(s, r + 1, variants);
      const fresh = (Object.keys(below) as R[]).filter((k) => columns[k] === undefined);
      if (fresh.length >= 2) {
        // A group label over sub-columns (偏差原因分析 over 经费保障 …) is not a column of its own.
        const subColumns = new Set(fresh.map((k) => below[k]));
        for (const k of Object.keys(columns) as R[]) if (subColumns.has(columns[k])) delete columns[k];
        for (const k of fresh) columns[k] = below[k];
        lastRow = r + 1;
      }
    }
    return { row: r, columns, lastRow };
  }
  return undefined;
}

function rolesOf<R extends string>(s: FormSheet, row: number, variants: ReadonlyArray<readonly [R, RegExp]>): Partial<Record<R, number>> {
  const columns: Partial<Record<R, number>> = {};
  const labels = s.labels[row - 1] ?? [];
  labels.forEach((l, i) => {
    if (l === "") return;
    const hit = variants.find(([role, re]) => columns[role] === undefined && re.test(l));
    if (hit) columns[hit[0]] = i + 1;
  });
  return columns;
}

/**
 * A decimal amount as printed: "3", "6923.3552万元", "250万", "1,234.5", "９５". Returns the
 * decimal text, or undefined when the cell is not an amount.
 */
export function amountText(text: string): string | undefined {
  const t = normalise(text).replace(/(万元|万|元)$/, "");
  if (!/^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(t)) return undefined;
  return t.replace(/,/g, "").replace(/^\+/, "");
}

/** Open a workbook upload: zip guards, sheet limits; a problem instead of a throw. */
export async function openForm(data: Uint8Array, file: string, problems: FormProblem[]): Promise<ReadSheet[] | undefined> {
  const fail = (code: ExchangeKey, params: Record<string, string | number>, cell?: string, sheet?: string): undefined => {
    problems.push({ code, file, sheet, cell, field: "文件", message: xmsg(code, params) });
    return undefined;
  };
  if (!looksLikeZip(data)) return fail("file/not-zip", {});
  try {
    checkZipSizes(data, file);
    return await readWorkbook(data);
  } catch (err) {
    if (err instanceof ImportLimitError) {
      const [sheet, cell] = err.where.includes("!") ? err.where.split("!") : [undefined, undefined];
      problems.push({ code: "file/too-large", file, sheet, cell, field: "文件", message: err.text });
      return undefined;
    }
    if (err instanceof XlsxReadError) return fail("file/not-xlsx", { detail: err.message });
    throw err;
  }
}

/** Excel's date serial (days since 1899-12-30) as a date, for 2000–2099 only. */
export function serialDate(text: string): { year: number; month: number; day: number } | undefined {
  if (!/^\d{5}$/.test(text.replace(/,/g, ""))) return undefined;
  const n = Number(text.replace(/,/g, ""));
  if (n < 36526 || n > 73050) return undefined;
  const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The money unit a form states ("单位：元", "（万元）"); 万元 unless it says 元 alone. */
export function moneyUnitOf(s: FormSheet, to: number): "元" | "万元" {
  for (let r = 1; r <= Math.min(to, s.height); r++) {
    for (const t of s.sheet.rows[r - 1]!) {
      const n = t.normalize("NFKC").replace(/\s+/g, "");
      if (/万元/.test(n)) return "万元";
      if (/单位[:：]元|\(元\)|金额单位[:：]元/.test(n)) return "元";
    }
  }
  return "万元";
}

/** The engine schema's issues as problems (a field the form left in a shape the model refuses). */
export function schemaProblems(file: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FormProblem[] {
  return issues.map((i) => {
    const field = i.path.map(String).join(".");
    return {
      code: "form/value" as const,
      file,
      field,
      expected: i.message,
      message: {
        zh: `${file}：“${field}”不符合要求（${i.message}）`,
        en: `${file}: "${field}" is not valid (${i.message})`,
      },
    };
  });
}

/** Options of the form readers. */
export interface FormReadOptions {
  /** The uploaded file's name, for messages. */
  fileName?: string;
  /** Return what could be read even with errors (rows in error left out, every error listed). */
  partial?: boolean;
}

/** Parse with the engine's schema; its issues become problems too. */
export function finishForm<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  value: unknown,
  problems: FormProblem[],
  notes: FormReadResult<T>["notes"],
  file: string,
  partial: boolean,
): FormReadResult<T> {
  if (problems.length > 0 && !partial) return { ok: false, problems, notes };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    problems.push(...schemaProblems(file, parsed.error.issues));
    return { ok: false, problems, notes };
  }
  return { ok: problems.length === 0, value: parsed.data, problems, notes };
}

/** A parsed document (exact decimals) back to schema input (decimal strings), so writers take either. */
export function asInput(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toString();
  if (Array.isArray(value)) return value.map(asInput);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asInput(v)]));
  return value;
}

/**
 * Writes an indicator table's rows from `first`: 一级 and 二级 names in columns 1 and 2, each
 * merged down over the rows that repeat it (as published forms print them); `rest` writes a row's
 * other columns. Returns the row after the last one written.
 */
export function writeIndicatorRows<T extends { level1?: string; level2?: string }>(
  rows: readonly T[],
  first: number,
  text: (row: number, col: number, t: string | undefined, style?: CellSpec["style"]) => void,
  span: (row: number, left: number, right: number, bottom?: number) => void,
  rest: (row: number, ind: T) => void,
): number {
  let r = first;
  let l1Top = r;
  let l2Top = r;
  rows.forEach((ind, i) => {
    const prev = rows[i - 1];
    const newL1 = !prev || prev.level1 !== ind.level1;
    const newL2 = newL1 || prev.level2 !== ind.level2;
    if (newL1) {
      span(l1Top, 1, 1, r - 1);
      l1Top = r;
    }
    if (newL2) {
      span(l2Top, 2, 2, r - 1);
      l2Top = r;
    }
    text(r, 1, newL1 ? ind.level1 : "", "name");
    text(r, 2, newL2 ? ind.level2 : "", "name");
    rest(r, ind);
    r++;
  });
  span(l1Top, 1, 1, r - 1);
  span(l2Top, 2, 2, r - 1);
  return r;
}
