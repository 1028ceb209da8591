/**
 * Reports: an evaluation's report as a document (docx, pdf, html, md), rendered by
 * @jixiao/reports from the stored document. Access is exactly that of reading the evaluation
 * (EvaluationService.get: not found when not visible) — except for whoever reads only the public
 * view (a visitor, the public): the published revision, as HTML or PDF (PublicService.source).
 * Knows nothing of HTTP.
 */
import { type Indicator, type Lang, type ScoreResult, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import {
  CONTENT_TYPES,
  PdfConversionError,
  PlaceholderError,
  WordTemplateError,
  docxToPdf,
  renderWordTemplate,
  REPORT_TEMPLATES,
  type ReportAppendix,
  type ReportFormat,
  renderReport,
  reportTemplate,
} from "@jixiao/reports";
import { type DataRequestView, type EvidenceListView, type PanelView, PUBLIC_REPORT_FORMATS, type PublicReportFormat } from "@jixiao/api";
import type { Evaluation } from "@jixiao/engine";
import type { DerivedCache } from "../cache/derived-cache.js";
import { DomainError, field, invalid, tooLarge, unavailable, unprocessable } from "../errors.js";
import { ImportLimitError, checkZipSizes } from "@jixiao/exchange";
import { type Principal, can } from "../policy.js";
import type { EvaluationService } from "./evaluation-service.js";
import { PUBLIC_COST, type PublicService } from "./public-service.js";

export interface RenderedReport {
  body: Uint8Array;
  contentType: string;
  /** The file name a person would save it as: "<title>.docx". */
  filename: string;
}

/** At most `size` holders at once; the others wait in order. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];
  constructor(size: number) {
    this.#free = size;
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * The evaluation as the public report prints it (绩效公开): an expert panel's result stays, but
 * never who scored what — each 专家打分 leaf is printed as its panel result, scored directly —
 * and no working papers (evidence notes, expert assignments). The scores do not change: the
 * panel result is the score the engine gives the leaf.
 */
export function forThePublic(e: Evaluation, scored: ScoreResult = scoreEvaluation(e)): Evaluation {
  const byNode = new Map(scored.all.map((n) => [n.node, n]));
  const strip = (n: Indicator): Indicator => {
    const out: Indicator = { ...n };
    delete out.evidence;
    delete out.assignedTo;
    if (n.rule?.type === "expert") {
      const result = byNode.get(n);
      delete out.rule;
      if (result?.score !== undefined) {
        out.score = result.score;
        const how =
          n.rule.method === "median"
            ? "专家组评议（取中位数）"
            : n.rule.method === "trimmedMean"
              ? "专家组评议（去掉最高、最低分后平均）"
              : "专家组评议（取平均分）";
        out.reason = n.reason ? `${how}；${n.reason}` : how;
      }
    }
    if (n.children) out.children = n.children.map(strip);
    return out;
  };
  return { ...e, indicators: e.indicators.map(strip) };
}

/** Which version of the evaluation a report came from, printed in its footer ("依据评价第 5 版（2025-03-02 10:15 保存）生成"). */
export function footerNote(detail: { version: number; updatedAt: string }, lang: Lang): string {
  const at = detail.updatedAt.replace("T", " ").slice(0, 16);
  return lang === "en"
    ? `From version ${detail.version} of the evaluation (saved ${at} UTC)`
    : `依据评价第 ${detail.version} 版（${at} UTC 保存）生成`;
}

function checkTemplate(template: string): void {
  if (!reportTemplate(template)) {
    throw invalid("unknown-report-template", { name: template }, [
      field("template", "field/report-template-ids", { ids: REPORT_TEMPLATES.map((t) => t.id) }),
    ]);
  }
}

/**
 * The working papers a report's appendix lists, as the reader may see them (app.ts builds it from
 * the evidence, panel and collaboration services). Never asked for a public report.
 */
export type PapersSource = (p: Principal, id: string) => Promise<ReportAppendix>;

/** A part of the working papers the reader may not see (policy: forbidden, or absent to them) is left out of the report. */
async function ifAllowed<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof DomainError && (err.kind === "forbidden" || err.kind === "not-found")) return undefined;
    throw err;
  }
}

/** The appendix's inputs from the services' views: stored files, data taken in, submitted panel scores. */
export async function readPapers(
  p: Principal,
  id: string,
  s: {
    evidence: (p: Principal, id: string) => Promise<EvidenceListView>;
    panel: (p: Principal, id: string) => Promise<PanelView>;
    dataRequests: (p: Principal, id: string) => Promise<DataRequestView[]>;
  },
): Promise<ReportAppendix> {
  const [evidence, panel, requests] = [
    await ifAllowed(() => s.evidence(p, id)),
    await ifAllowed(() => s.panel(p, id)),
    await ifAllowed(() => s.dataRequests(p, id)),
  ];
  return {
    ...(evidence ? { evidence: evidence.files } : {}),
    ...(requests
      ? {
          dataTaken: requests.flatMap((r) =>
            r.items
              .filter((i) => i.status === "taken" && i.value !== null)
              .map((i) => ({
                request: r.number,
                title: r.title,
                label: i.label,
                target: i.target?.zh ?? null,
                value: i.value!,
                answeredBy: i.answeredBy,
                answeredAt: i.answeredAt,
                takenVersion: i.takenVersion,
              })),
          ),
        }
      : {}),
    ...(panel
      ? {
          panels: panel.nodes.map((n) => ({
            nodeId: n.nodeId,
            name: n.name,
            points: n.points,
            method: n.method,
            scores: n.entries
              .filter((e) => e.status === "submitted" && e.score !== undefined)
              .map((e) => ({ expert: e.expert, score: e.score! })),
            result: n.result,
            spread: n.spread,
            flagged: n.flagged,
            ...(n.decision ? { decision: { kind: n.decision.kind, score: n.decision.score, reason: n.decision.reason } } : {}),
          })),
        }
      : {}),
  };
}

export class ReportService {
  /** LibreOffice takes a core and ~2 s per PDF: at most two conversions at once per instance. */
  readonly #pdf = new Slots(2);

  constructor(
    private readonly evaluations: EvaluationService,
    private readonly published: PublicService,
    /** Public reports by id, version, format and template: a public PDF is rendered once per revision. */
    private readonly publicReports: DerivedCache,
    /** The working papers for the appendix (none: the file's own lists only). */
    private readonly papers?: PapersSource,
  ) {}

  async render(p: Principal, id: string, format: ReportFormat, template: string, lang: Lang = "zh"): Promise<RenderedReport> {
    checkTemplate(template);
    // A visitor reads no working record: the report is the public one, from the published revision.
    if (!can(p, "evaluation.read")) return this.renderPublic(p, "", id, format, template);
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok) throw unprocessable("invalid-document/report");
    const appendix = this.papers ? await this.papers(p, id) : undefined;
    return this.#render(v.evaluation, detail.title, format, template, appendix, { lang, footerNote: footerNote(detail, lang) });
  }

  /**
   * The report in the firm's own Word template (uploaded with the request, not kept): its
   * placeholders filled from the evaluation (@jixiao/reports word-template.ts), as .docx or PDF.
   * A placeholder that points at nothing is a 422 naming it and where it is.
   */
  async renderWordTemplate(
    p: Principal,
    id: string,
    filename: string,
    template: Uint8Array,
    format: "docx" | "pdf",
    lang: Lang = "zh",
  ): Promise<RenderedReport> {
    if (!/\.docx$/i.test(filename)) throw invalid("word-template-type", { name: filename }, [field("file", "field/word-template-type")]);
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok) throw unprocessable("invalid-document/report");
    // A .docx is a zip: its sizes and compression ratio are bounded before anything is inflated.
    try {
      checkZipSizes(template, filename);
    } catch (err) {
      if (err instanceof ImportLimitError) throw tooLarge("word-template-too-large", { text: err.text });
      throw err;
    }
    let docx: Uint8Array;
    try {
      docx = renderWordTemplate(template, v.evaluation, { lang });
    } catch (err) {
      if (err instanceof WordTemplateError) {
        throw unprocessable(
          "word-template",
          { text: { zh: err.text("zh"), en: err.text("en") } },
          err.problems.map((x) => field("file", "word-template/field", { placeholder: x.placeholder, where: x.where, reason: x.reason })),
        );
      }
      throw err;
    }
    try {
      const body = format === "pdf" ? await this.#pdf.run(() => docxToPdf(docx)) : docx;
      return { body, contentType: CONTENT_TYPES[format], filename: `${detail.title}.${format}` };
    } catch (err) {
      if (err instanceof PdfConversionError) throw unavailable("pdf-unavailable", { reason: err.reason });
      throw err;
    }
  }

  /**
   * 绩效公开: the report of a published evaluation, from its published revision, as HTML or PDF,
   * for `viewer` (null: the public without an account, counted against the address `client`).
   */
  async renderPublic(
    viewer: Principal | null,
    client: string,
    id: string,
    format: ReportFormat,
    template: string,
  ): Promise<RenderedReport> {
    checkTemplate(template);
    // Absent first (an unpublished evaluation is 404 whatever the format), then the format.
    const src = await this.published.source(viewer, client, id, format === "pdf" ? PUBLIC_COST.pdf : PUBLIC_COST.report);
    if (!(PUBLIC_REPORT_FORMATS as readonly string[]).includes(format))
      throw invalid("public-report-format", {}, [field("format", "field/public-report-format")]);
    const key = `${src.id}@${src.version}:${format}:${template}`;
    const cached = this.publicReports.peek<RenderedReport>(key);
    if (cached) return cached;
    // The scores the public page memoised for this revision (no second scoring of the document).
    const { evaluation, result } = this.published.scored(src);
    const r = await this.#render(forThePublic(evaluation, result), src.title, format as PublicReportFormat, template);
    return this.publicReports.get(key, () => r);
  }

  async #render(
    evaluation: Evaluation,
    title: string,
    format: ReportFormat,
    template: string,
    appendix?: ReportAppendix,
    options: { lang?: Lang; footerNote?: string } = {},
  ): Promise<RenderedReport> {
    try {
      // The public report (绩效公开) never gets `appendix`: no working papers for the public.
      const render = () =>
        renderReport(evaluation, {
          format,
          template,
          ...(options.lang ? { lang: options.lang } : {}),
          ...(options.footerNote ? { docx: { footerNote: options.footerNote } } : {}),
          ...(appendix ? { appendix } : {}),
        });
      const body = format === "pdf" ? await this.#pdf.run(render) : await render();
      return { body, contentType: CONTENT_TYPES[format], filename: `${title}.${format}` };
    } catch (err) {
      if (err instanceof PlaceholderError) {
        throw unprocessable("report-placeholder", { text: { zh: err.text("zh"), en: err.text("en") } }, [
          field(`document.${err.where}`, "report-placeholder/field", { placeholder: err.placeholder, reason: err.reason }),
        ]);
      }
      if (err instanceof PdfConversionError) {
        throw unavailable("pdf-unavailable", { reason: err.reason });
      }
      throw err;
    }
  }
}
