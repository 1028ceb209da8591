/** Report structure → Markdown (GitHub-flavoured: pipe tables; merged cells printed once). */
import { expandGrid } from "./grid.js";
import type { ChartBlock, ReportDocument, TableBlock } from "./structure.js";

/**
 * Text from the evaluation (titles, names, narrative a user typed) is text, not markup: `&`, `<`
 * and `>` become entities so a title "<script>" prints as written and a Markdown viewer that
 * passes HTML through runs nothing.
 */
const text = (t: string) => t.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
/** … inside a table cell, also `|` and line breaks. */
const esc = (t: string) => text(t).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function table(t: TableBlock): string[] {
  const grid = expandGrid(t);
  const lines = [`**${text(t.label)} ${text(t.title)}**`, ""];
  const align = t.columns.map((c) => (c.align === "right" ? "---:" : c.align === "center" ? ":---:" : "---"));
  grid.forEach((row, r) => {
    const cells = row.map((g) => {
      if (g.covered) return "";
      const indent = "\u3000".repeat(g.cell.indent ?? 0);
      const text = indent + esc(g.cell.text);
      return g.cell.bold && r >= t.headerRows && text.length > 0 ? `**${text}**` : text;
    });
    lines.push(`| ${cells.join(" | ")} |`);
    if (r === t.headerRows - 1) lines.push(`| ${align.join(" | ")} |`);
  });
  if (t.note) lines.push("", text(t.note));
  return lines;
}

function chart(c: ChartBlock): string[] {
  return [
    `**${text(c.label)} ${text(c.title)}**`,
    "",
    "| 项目 | 数值 |",
    "| --- | ---: |",
    ...c.data.map((d) => `| ${esc(d.label)} | ${esc(d.printed)}${c.unit === "万元" ? "" : ""} |`),
  ];
}

/** The report as Markdown text. */
export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${text(doc.title)}`, ""];
  for (const s of doc.subtitle) out.push(text(s), "");
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push(`${"#".repeat(b.level + 1)} ${text(b.number)}${text(b.text)}`, "");
        break;
      case "paragraph":
        out.push(text(b.text), "");
        break;
      case "table":
        out.push(...table(b), "");
        break;
      case "chart":
        out.push(...chart(b), "");
        break;
      case "pageBreak":
        out.push("---", "");
        break;
    }
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}
