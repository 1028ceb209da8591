/**
 * @jixiao/reports — the evaluation report as a document. Pure rendering (model → report
 * structure → Markdown / HTML / DOCX, see pure.ts, also published as "@jixiao/reports/pure" for
 * the browser); the PDF is the DOCX converted by LibreOffice (pdf.ts, the only part that starts a
 * process).
 */
import type { Evaluation, ScoreResult } from "@jixiao/engine";
import { type PdfOptions, docxToPdf } from "./pdf.js";
import { renderPureReport } from "./pure.js";
import type { DocxOptions } from "./render-docx.js";
import type { BuildOptions } from "./build.js";

export * from "./pure.js";
export { docxToPdf, fontconfigFile, PdfConversionError, type PdfOptions } from "./pdf.js";

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
  const { format } = options;
  if (format !== "pdf") return renderPureReport(e, { ...options, format });
  return docxToPdf(await renderPureReport(e, { ...options, format: "docx" }), options.pdf);
}
