/**
 * Reports: an evaluation's report as a document (docx, pdf, html, md), rendered by
 * @jixiao/reports from the stored document. Access is exactly that of reading the evaluation
 * (EvaluationService.get: not found when not visible) — except for whoever reads only the public
 * view (a visitor, the public): the published revision, as HTML or PDF (PublicService.source).
 * Knows nothing of HTTP.
 */
import { validateEvaluation } from "@jixiao/engine";
import {
  CONTENT_TYPES,
  PdfConversionError,
  PlaceholderError,
  REPORT_TEMPLATES,
  type ReportFormat,
  renderReport,
  reportTemplate,
} from "@jixiao/reports";
import { PUBLIC_REPORT_FORMATS, type PublicReportFormat } from "@jixiao/api";
import type { Evaluation } from "@jixiao/engine";
import type { DerivedCache } from "../cache/derived-cache.js";
import { field, invalid, unavailable, unprocessable } from "../errors.js";
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

function checkTemplate(template: string): void {
  if (!reportTemplate(template)) {
    throw invalid("unknown-report-template", { name: template }, [
      field("template", "field/report-template-ids", { ids: REPORT_TEMPLATES.map((t) => t.id) }),
    ]);
  }
}

export class ReportService {
  /** LibreOffice takes a core and ~2 s per PDF: at most two conversions at once per instance. */
  readonly #pdf = new Slots(2);

  constructor(
    private readonly evaluations: EvaluationService,
    private readonly published: PublicService,
    /** Public reports by id, version, format and template: a public PDF is rendered once per revision. */
    private readonly publicReports: DerivedCache,
  ) {}

  async render(p: Principal, id: string, format: ReportFormat, template: string): Promise<RenderedReport> {
    checkTemplate(template);
    // A visitor reads no working record: the report is the public one, from the published revision.
    if (!can(p, "evaluation.read")) return this.renderPublic(p, "", id, format, template);
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok) throw unprocessable("invalid-document/report");
    return this.#render(v.evaluation, detail.title, format, template);
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
    const r = await this.#render(src.evaluation, src.title, format as PublicReportFormat, template);
    return this.publicReports.get(key, () => r);
  }

  async #render(evaluation: Evaluation, title: string, format: ReportFormat, template: string): Promise<RenderedReport> {
    try {
      const render = () => renderReport(evaluation, { format, template });
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
