/**
 * CSV files (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; comma, tab or
 * semicolon separated) in UTF-8, GB18030 or UTF-16, read as one sheet named after the file.
 */
import { decodeText } from "./decode.js";
import type { ReadSheet } from "./xlsx-book.js";

/** Split CSV text into rows of cells. The separator is the one that the header row uses most. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const counts: Array<[string, number]> = [",", "\t", ";"].map((c) => [c, firstLine.split(c).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  const sep = counts[0]![1] > 0 ? counts[0]![0] : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A CSV file as a sheet (no merges: a blank cell under a name continues it, as merged cells do). */
export function csvSheet(data: Uint8Array, name: string): { sheet: ReadSheet; encoding: string } {
  const { text, encoding } = decodeText(data);
  const rows = parseCsv(text.replace(/^\uFEFF/, "")).map((r) => r.map((c) => c.trim()));
  return { sheet: { name, rows, merges: [], masterOf: () => undefined }, encoding };
}
