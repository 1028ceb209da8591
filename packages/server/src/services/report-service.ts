/**
 * Reports: an evaluation's report as a document (docx, pdf, html, md), rendered by
 * @jixiao/reports from the stored document. Access is exactly that of reading the evaluation
 * (EvaluationService.get: not found when not visible). Knows nothing of HTTP.
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
import { field, invalid, unavailable, unprocessable } from "../errors.js";
import type { Principal } from "../policy.js";
import type { EvaluationService } from "./evaluation-service.js";

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

export class ReportService {
  /** LibreOffice takes a core and ~2 s per PDF: at most two conversions at once per instance. */
  readonly #pdf = new Slots(2);

  constructor(private readonly evaluations: EvaluationService) {}

  async render(p: Principal, id: string, format: ReportFormat, template: string): Promise<RenderedReport> {
    if (!reportTemplate(template)) {
      throw invalid("unknown-report-template", { name: template }, [
        field("template", "field/report-template-ids", { ids: REPORT_TEMPLATES.map((t) => t.id) }),
      ]);
    }
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok) throw unprocessable("invalid-document/report");
    try {
      const render = () => renderReport(v.evaluation, { format, template });
      const body = format === "pdf" ? await this.#pdf.run(render) : await render();
      return { body, contentType: CONTENT_TYPES[format], filename: `${detail.title}.${format}` };
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
