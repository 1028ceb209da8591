/**
 * @jixiao/reports/pure — everything but the PDF: model → report structure → Markdown, HTML and
 * DOCX, and the placeholders. Imports no Node API (lint enforces it), so the web app can preview a
 * report, fill placeholders and build a .docx in the browser.
 */
import type { Evaluation } from "@jixiao/engine";
import { type BuildOptions, buildReport } from "./build.js";
import { type DocxOptions, renderDocx } from "./render-docx.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-md.js";

export * from "./structure.js";
export { buildReport, UnknownTemplateError, type BuildOptions } from "./build.js";
export {
  type DataTakenInput,
  type EvidenceFileInput,
  type PanelInput,
  type ReportAppendix,
  dataTakenTable,
  evidenceFilesTable,
  fileKind,
  panelTable,
  sizeText,
} from "./appendix.js";
export {
  PlaceholderError,
  PlaceholderScope,
  fill,
  formatValue,
  parsePath,
  placeholdersIn,
  chineseNumeral,
  type Value,
} from "./placeholders.js";
export {
  REPORT_TEMPLATES,
  NATIONAL_TEMPLATE,
  SEED_TEMPLATE,
  reportTemplate,
  type ReportTemplate,
  type Item as TemplateItem,
} from "./templates.js";
export {
  PHRASES_ZH,
  PHRASES_EN,
  PHRASEBOOKS,
  phrasebook,
  say,
  leafSentence,
  nodeSentence,
  analysisParagraph,
  evidenceSentences,
  findingText,
  type Phrasebook,
  type PhraseKey,
  type Lang as ReportLang,
} from "./sentences.js";
export {
  renderWordTemplate,
  wordTemplateData,
  WordTemplateError,
  type WordTemplateOptions,
  type WordTemplateProblem,
} from "./word-template.js";
export { workParagraphs, nestedTitle, STANDARD_PHASES, type WorkPart } from "./work.js";
export { formatCell, COUNT, PERCENT0, PERCENT2, SCORE2, SCORE_TRIM, TEXT, WAN, WEIGHT } from "./format.js";
export { renderMarkdown } from "./render-md.js";
export { renderHtml } from "./render-html.js";
export { renderDocx, docxDocument, type DocxOptions } from "./render-docx.js";
export { chartSvg, CHART_FONT } from "./charts.js";
export { FONTS, SIZES, CSS_FONTS } from "./fonts.js";
export { expandGrid } from "./grid.js";
export { columnWidths } from "./layout.js";

/** The formats that need no process: everything but pdf. */
export const PURE_FORMATS = ["docx", "html", "md"] as const;
export type PureFormat = (typeof PURE_FORMATS)[number];

export interface PureRenderOptions extends BuildOptions {
  format: PureFormat;
  docx?: DocxOptions;
}

/**
 * Render an evaluation's report as md, html or docx bytes.
 * @throws PlaceholderError when a narrative placeholder points at nothing.
 */
export async function renderPureReport(e: Evaluation, options: PureRenderOptions): Promise<Uint8Array> {
  const doc = buildReport(e, options);
  switch (options.format) {
    case "md":
      return new TextEncoder().encode(renderMarkdown(doc));
    case "html":
      return new TextEncoder().encode(renderHtml(doc));
    case "docx":
      return renderDocx(doc, options.docx);
  }
}
