/**
 * Reports: an evaluation's report as a document (docx, pdf, html, md), rendered by
 * @jixiao/reports from the stored document. Access is exactly that of reading the evaluation
 * (EvaluationService.get: 404 when not visible). Knows nothing of HTTP.
 */
import { validateEvaluation } from "@jixiao/engine";
import { CONTENT_TYPES, PdfConversionError, PlaceholderError, REPORT_TEMPLATES, type ReportFormat, renderReport, reportTemplate } from "@jixiao/reports";
import { AppError, badRequest } from "../errors.js";
import type { Principal } from "../policy.js";
import type { EvaluationService } from "./evaluation-service.js";

export interface RenderedReport {
  body: Uint8Array;
  contentType: string;
  /** The file name a person would save it as: "<title>.docx". */
  filename: string;
}

export class ReportService {
  constructor(private readonly evaluations: EvaluationService) {}

  async render(p: Principal, id: string, format: ReportFormat, template: string): Promise<RenderedReport> {
    if (!reportTemplate(template)) {
      throw badRequest("unknown-report-template", { zh: `没有名为“${template}”的报告模板`, en: `no report template "${template}"` }, [
        { path: "template", message: { zh: `可用：${REPORT_TEMPLATES.map((t) => t.id).join("、")}`, en: `one of: ${REPORT_TEMPLATES.map((t) => t.id).join(", ")}` } },
      ]);
    }
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok) throw new AppError(422, "invalid-document", { zh: "评价文件无效，无法生成报告", en: "the evaluation document is invalid: no report" });
    try {
      const body = await renderReport(v.evaluation, { format, template });
      return { body, contentType: CONTENT_TYPES[format], filename: `${detail.title}.${format}` };
    } catch (err) {
      if (err instanceof PlaceholderError) {
        throw new AppError(422, "report-placeholder", { zh: err.text("zh"), en: err.text("en") }, { fields: [{ path: `document.${err.where}`, message: { zh: `占位符 ${err.placeholder} 无法填写：${err.reason.zh}`, en: `placeholder ${err.placeholder} cannot be filled: ${err.reason.en}` } }] });
      }
      if (err instanceof PdfConversionError) {
        throw new AppError(503, "pdf-unavailable", { zh: `暂时无法生成 PDF（${err.reason}），请下载 DOCX`, en: `PDF conversion is unavailable (${err.reason}); download the DOCX` });
      }
      throw err;
    }
  }
}
