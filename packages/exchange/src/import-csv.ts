/**
 * CSV files (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; comma, tab or
 * semicolon separated) in UTF-8, GB18030 or UTF-16, read as one sheet named after the file.
 */
import { decodeText } from "./decode.js";
import { IMPORT_LIMITS, ImportLimitError, checkCellLength, checkSheetExtent } from "./limits.js";
import { type ReadSheet, ref } from "./xlsx-book.js";

/**
 * Split CSV text into rows of cells. The separator is the one that the header row uses most.
 * Rows, columns and cell lengths are bounded while splitting (IMPORT_LIMITS; `name` names the
 * file in the ImportLimitError): 9 MB of newlines is refused at row 20,001, not made 9 million rows.
 */
export function parseCsv(text: string, name = "CSV"): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const counts: Array<[string, number]> = [",", "\t", ";"].map((c) => [c, firstLine.split(c).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  const sep = counts[0]![1] > 0 ? counts[0]![0] : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const where = (): string => `${name}!${ref(row.length + 1, rows.length + 1)}`;
  let cells = 0;
  const endCell = (): void => {
    checkCellLength(where(), cell.length);
    if (row.length + 1 > IMPORT_LIMITS.maxColumns) checkSheetExtent(name, rows.length + 1, row.length + 1, where());
    if (++cells > IMPORT_LIMITS.maxCells) {
      throw new ImportLimitError(where(), {
        zh: `${name} 过大：超过 ${IMPORT_LIMITS.maxCells} 个单元格（到 ${where()}）`,
        en: `${name} is too large: more than ${IMPORT_LIMITS.maxCells} cells (at ${where()})`,
      });
    }
    row.push(cell);
    cell = "";
  };
  const endRow = (): void => {
    endCell();
    if (rows.length + 1 > IMPORT_LIMITS.maxRows) checkSheetExtent(name, rows.length + 1, row.length, `${name}!${ref(1, rows.length + 1)}`);
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        cell += ch;
        if (cell.length > IMPORT_LIMITS.maxCellChars) checkCellLength(where(), cell.length);
      }
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === sep) endCell();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      cell += ch;
      // (checked as it grows: one unterminated quote must not become a 9 MB cell first)
      if (cell.length > IMPORT_LIMITS.maxCellChars) checkCellLength(where(), cell.length);
    }
  }
  if (cell !== "" || row.length > 0) endRow();
  return rows;
}

/** A CSV file as a sheet (no merges: a blank cell under a name continues it, as merged cells do). */
export function csvSheet(data: Uint8Array, name: string): { sheet: ReadSheet; encoding: string } {
  const { text, encoding } = decodeText(data);
  const rows = parseCsv(text.replace(/^\uFEFF/, ""), name).map((r) => r.map((c) => c.trim()));
  return { sheet: { name, rows, merges: [], masterOf: () => undefined }, encoding };
}

/**
 * One CSV cell as a spreadsheet will read it: quoted when it holds a comma, quote or line break;
 * with `neutralise`, text starting with = + - @ (a formula to Excel) gets a leading ' so it is
 * never run.
 */
export function csvCell(v: string | number | undefined, neutralise = true): string {
  if (v === undefined) return "";
  let s = String(v);
  if (neutralise && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of cells as CSV with a UTF-8 byte-order mark (so Excel opens Chinese text as such) and CRLF line ends. */
export function csvText(lines: ReadonlyArray<readonly string[]>): string {
  return "\uFEFF" + lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}
