/** Plain-text tables that line up with Chinese characters (which take two columns). */
import stringWidth from "string-width";

export type Align = "left" | "right";

function pad(text: string, width: number, align: Align): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === "right" ? " ".repeat(gap) + text : text + " ".repeat(gap);
}

/** Render rows under a header; `align` per column (default left). */
export function renderTable(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ""))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, align[i] ?? "left"))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
