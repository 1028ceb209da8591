/** Expand a table's HTML-like spans into a full grid (formats without merged cells need it). */
import type { Cell, TableBlock } from "./structure.js";

/** A grid cell: the cell itself where it starts, or `covered` (with the cell covering it). */
export type GridCell = { cell: Cell; covered: false } | { cell: Cell; covered: true; fromAbove: boolean };

export function expandGrid(table: Pick<TableBlock, "rows" | "columns">): GridCell[][] {
  const width = table.columns.length;
  const grid: Array<Array<GridCell | undefined>> = table.rows.map(() => new Array<GridCell | undefined>(width).fill(undefined));
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < width && grid[r]![c] !== undefined) c++;
      if (c >= width) break;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let i = 0; i < rs; i++) {
        for (let j = 0; j < cs; j++) {
          if (r + i >= grid.length || c + j >= width) continue;
          grid[r + i]![c + j] = i === 0 && j === 0 ? { cell, covered: false } : { cell, covered: true, fromAbove: i > 0 };
        }
      }
      c += cs;
    }
  });
  return grid.map((row) => row.map((g) => g ?? { cell: { text: "" }, covered: false }));
}
