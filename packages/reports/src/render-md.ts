/** Report structure → Markdown (GitHub-flavoured: pipe tables; merged cells printed once). */
import { expandGrid } from "./grid.js";
import type { ChartBlock, ReportDocument, TableBlock } from "./structure.js";

const esc = (t: string) => t.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function table(t: TableBlock): string[] {
  const grid = expandGrid(t);
  const lines = [`**${t.label} ${t.title}**`, ""];
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
  if (t.note) lines.push("", t.note);
  return lines;
}

function chart(c: ChartBlock): string[] {
  return [`**${c.label} ${c.title}**`, "", "| 项目 | 数值 |", "| --- | ---: |", ...c.data.map((d) => `| ${esc(d.label)} | ${esc(d.printed)}${c.unit === "万元" ? "" : ""} |`)];
}

/** The report as Markdown text. */
export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${doc.title}`, ""];
  for (const s of doc.subtitle) out.push(s, "");
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push(`${"#".repeat(b.level + 1)} ${b.number}${b.text}`, "");
        break;
      case "paragraph":
        out.push(b.text, "");
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
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
