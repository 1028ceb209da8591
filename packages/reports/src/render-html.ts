/** Report structure → one standalone HTML page (A4 print styles, tables with merged cells, SVG charts). */
import { chartSvg } from "./charts.js";
import { CSS_FONTS } from "./fonts.js";
import { columnWidths } from "./layout.js";
import type { Block, ChartBlock, ReportDocument, TableBlock } from "./structure.js";

const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font-family: "宋体", SimSun, serif; font-size: 14pt; } }
html { background: #f3f3f3; }
body { margin: 0; font-family: ${CSS_FONTS.body}; font-size: 16pt; line-height: 28pt; color: #000; }
main { background: #fff; width: 156mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm; box-shadow: 0 0 6px rgba(0,0,0,.2); }
@media print { html { background: none; } main { width: auto; margin: 0; padding: 0; box-shadow: none; } }
h1.title { font-family: ${CSS_FONTS.title}; font-size: 22pt; line-height: 33pt; text-align: center; font-weight: normal; margin: 0 0 28pt; }
p.subtitle { font-family: ${CSS_FONTS.heading2}; text-align: center; text-indent: 0; margin: 0; }
h2, h3, h4, h5 { font-size: 16pt; line-height: 28pt; margin: 0; text-indent: 2em; font-weight: normal; }
h2 { font-family: ${CSS_FONTS.heading1}; }
h3 { font-family: ${CSS_FONTS.heading2}; }
h4 { font-family: ${CSS_FONTS.body}; font-weight: bold; }
h5 { font-family: ${CSS_FONTS.body}; }
h2.appendix { text-indent: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
figure { margin: 8pt 0; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption, .caption { font-family: ${CSS_FONTS.heading1}; font-size: 14pt; text-align: center; text-indent: 0; margin: 6pt 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10pt; font-size: 12pt; line-height: 18pt; break-inside: auto; }
th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: middle; }
th { font-family: ${CSS_FONTS.heading1}; font-weight: normal; }
td.l { text-align: left; } td.c { text-align: center; } td.r { text-align: right; }
td.b { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.page-break { break-before: page; }
`;

function table(t: TableBlock): string {
  const cols = columnWidths(t, 36)
    .map((f) => `<col style="width:${(f * 100).toFixed(1)}%">`)
    .join("");
  const rows = t.rows.map((row, r) => {
    const header = r < t.headerRows;
    const cells = row.map((c) => {
      const span = `${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ""}${c.colSpan ? ` colspan="${c.colSpan}"` : ""}`;
      if (header) return `<th${span}>${esc(c.text)}</th>`;
      const cls = [c.align === "left" ? "l" : c.align === "right" ? "r" : "c", c.bold ? "b" : ""].filter(Boolean).join(" ");
      const pad = c.indent ? ` style="padding-left:${5 + c.indent * 12}pt"` : "";
      return `<td class="${cls}"${span}${pad}>${esc(c.text)}</td>`;
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  const head = rows.slice(0, t.headerRows).join("\n");
  const body = rows.slice(t.headerRows).join("\n");
  return `<p class="caption" id="table-${t.key}">${esc(t.label)} ${esc(t.title)}</p>\n<table><colgroup>${cols}</colgroup>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>${t.note ? `\n<p>${esc(t.note)}</p>` : ""}`;
}

function chart(c: ChartBlock): string {
  // ECharts numbers its CSS classes with process-wide counters (zr0-cls-3, zr1-cls-11 …): renumber
  // them by the chart, so the same evaluation gives the same page and two charts never share a class.
  const names = new Map<string, string>();
  const svg = chartSvg(c)
    .replace(/^<\?xml[^>]*>\s*/, "")
    .replace(/\bzr\d+-cls-\d+\b/g, (cls) => names.get(cls) ?? (names.set(cls, `jx-${c.key}-${names.size}`), names.get(cls)!));
  return `<figure id="chart-${c.key}" role="img" aria-label="${esc(`${c.label} ${c.title}：${c.data.map((d) => `${d.label} ${d.printed}`).join("，")}`)}">\n${svg}\n<figcaption>${esc(c.label)} ${esc(c.title)}</figcaption>\n</figure>`;
}

function block(b: Block, breakNext: { on: boolean }): string {
  switch (b.kind) {
    case "heading": {
      const tag = `h${b.level + 1}`;
      const cls = [b.number === "" ? "appendix" : "", breakNext.on ? "page-break" : ""].filter(Boolean).join(" ");
      breakNext.on = false;
      return `<${tag}${cls ? ` class="${cls}"` : ""}>${esc(b.number)}${esc(b.text)}</${tag}>`;
    }
    case "paragraph":
      return `<p${b.align === "center" ? ' style="text-align:center;text-indent:0"' : ""}>${esc(b.text)}</p>`;
    case "table":
      return table(b);
    case "chart":
      return chart(b);
    case "pageBreak":
      breakNext.on = true;
      return "";
  }
}

/** The report as a standalone HTML document. */
export function renderHtml(doc: ReportDocument): string {
  const state = { on: false };
  const body = doc.blocks
    .map((b) => block(b, state))
    .filter(Boolean)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Jixiao reports (${esc(doc.template)})">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1 class="title">${esc(doc.title)}</h1>
${doc.subtitle.map((s) => `<p class="subtitle">${esc(s)}</p>`).join("\n")}
${body}
</main>
</body>
</html>
`;
}
