/**
 * @jixiao/reports — the evaluation report as a document. Pure rendering (model → report
 * structure → Markdown / HTML / DOCX) in build.ts and render-*.ts; the PDF is the DOCX
 * converted by LibreOffice (pdf.ts, the only part that starts a process).
 */
import type { Evaluation, ScoreResult } from "@jixiao/engine";
import { type BuildOptions, buildReport } from "./build.js";
import { type DocxOptions, renderDocx } from "./render-docx.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-md.js";
import { type PdfOptions, docxToPdf } from "./pdf.js";

export * from "./structure.js";
export { buildReport, UnknownTemplateError, type BuildOptions } from "./build.js";
export { PlaceholderError, PlaceholderScope, fill, formatValue, parsePath, placeholdersIn, chineseNumeral, type Value } from "./placeholders.js";
export { REPORT_TEMPLATES, NATIONAL_TEMPLATE, SEED_TEMPLATE, reportTemplate, type ReportTemplate, type Item as TemplateItem } from "./templates.js";
export { formatCell, COUNT, PERCENT0, PERCENT2, SCORE2, SCORE_TRIM, TEXT, WAN, WEIGHT } from "./format.js";
export { renderMarkdown } from "./render-md.js";
export { renderHtml } from "./render-html.js";
export { renderDocx, docxDocument, type DocxOptions } from "./render-docx.js";
export { chartSvg, CHART_FONT } from "./charts.js";
export { docxToPdf, PdfConversionError, type PdfOptions } from "./pdf.js";
export { FONTS, SIZES, CSS_FONTS, fontconfigFile } from "./fonts.js";
export { expandGrid } from "./grid.js";

export const REPORT_FORMATS = ["docx", "pdf", "html", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

export interface RenderOptions extends BuildOptions {
  format: ReportFormat;
  docx?: DocxOptions;
  pdf?: PdfOptions;
  scored?: ScoreResult;
}

/**
 * Render an evaluation's report in one format: text for md/html, bytes for docx/pdf.
 * @throws PlaceholderError when a narrative placeholder points at nothing.
 */
export async function renderReport(e: Evaluation, options: RenderOptions): Promise<Uint8Array> {
  const doc = buildReport(e, options);
  switch (options.format) {
    case "md":
      return new TextEncoder().encode(renderMarkdown(doc));
    case "html":
      return new TextEncoder().encode(renderHtml(doc));
    case "docx":
      return renderDocx(doc, options.docx);
    case "pdf":
      return docxToPdf(await renderDocx(doc, options.docx), options.pdf);
  }
}
