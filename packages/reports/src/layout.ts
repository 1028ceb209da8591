/**
 * Column widths from the content: numbers never wrap (a column is at least as wide as its
 * widest number), text columns share what is left in proportion to their longest text, and
 * headers may wrap onto two lines. Widths are in ems of the table's font.
 */
import type { TableBlock } from "./structure.js";

/** Display width of a text in ems: CJK and full-width characters 1, others about 0.55. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef) || c === 0x2014 ? 1 : 0.55;
  }
  return w;
}

const NUMERIC = /^[-+]?[\d,]+(\.\d+)?%?$|^-$/;
/** Cell padding (left + right, 4 pt each at 12 pt) in ems, and a little slack. */
const PADDING = 1;
/** Two characters. */
const MIN = 2 + PADDING;
/** A code: letters, digits and dots, no spaces ("D1.1.1", "PI-17"). */
const CODE = /^[A-Za-z0-9][\w.-]*$/;
/** A name up to this many ems is short: kept on one line. */
const SHORT = 8;
/** A text column wider than this wraps rather than squeezing the others. */
const MAX_TEXT = 16;

/** Column widths as fractions of the table's width (summing to 1), for a table `total` ems wide. */
export function columnWidths(t: Pick<TableBlock, "columns" | "rows" | "headerRows">, total: number): number[] {
  const n = t.columns.length;
  const floor = new Array<number>(n).fill(MIN);
  const desired = new Array<number>(n).fill(MIN);
  t.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      // Rows are HTML-like: skip the columns that row spans from above cover; spanning cells don't count.
      while (c < n && covered(t, r, c)) c++;
      if (c >= n) break;
      const span = cell.colSpan ?? 1;
      if (span === 1) {
        const header = r < t.headerRows;
        const w = (header ? textWidth(cell.text) / 2 : textWidth(cell.text) + (cell.indent ?? 0)) + PADDING;
        if (!header && NUMERIC.test(cell.text)) floor[c] = Math.max(floor[c]!, w);
        // A code ("D1.1.1") or a short name ("培训合格率") never breaks: "培训合格/率" reads as two words.
        if (!header && !NUMERIC.test(cell.text) && (CODE.test(cell.text) || textWidth(cell.text) <= SHORT))
          floor[c] = Math.max(floor[c]!, w);
        // Headers of up to four characters stay on one line; longer ones may take two.
        if (header) floor[c] = Math.max(floor[c]!, Math.min(textWidth(cell.text), 4) + PADDING);
        desired[c] = Math.max(desired[c]!, Math.min(w, MAX_TEXT));
      }
      c += span;
    }
  });
  for (let c = 0; c < n; c++) desired[c] = Math.max(desired[c]!, floor[c]!);
  let sum = desired.reduce((a, b) => a + b, 0);
  if (sum > total) {
    // Shrink only what may wrap, in proportion to how much it could give.
    const give = desired.map((d, c) => d - floor[c]!);
    const room = give.reduce((a, b) => a + b, 0);
    const excess = sum - total;
    const k = room > 0 ? Math.min(1, excess / room) : 0;
    for (let c = 0; c < n; c++) desired[c] = desired[c]! - give[c]! * k;
    sum = desired.reduce((a, b) => a + b, 0);
  }
  return desired.map((d) => d / sum);
  // (When even the floors exceed the width, the proportions above shrink everything alike.)
}

/** Whether column c of row r is covered by a row span from a row above. */
function covered(t: Pick<TableBlock, "rows">, r: number, c: number): boolean {
  return coverage(t)[r]?.[c] === true;
}

const cache = new WeakMap<object, boolean[][]>();
function coverage(t: Pick<TableBlock, "rows">): boolean[][] {
  const hit = cache.get(t.rows);
  if (hit) return hit;
  const grid: boolean[][] = t.rows.map(() => []);
  t.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let i = 0; i < rs && r + i < grid.length; i++) for (let j = 0; j < cs; j++) grid[r + i]![c + j] = i > 0;
      c += cs;
    }
  });
  cache.set(t.rows, grid);
  return grid;
}
