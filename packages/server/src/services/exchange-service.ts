/**
 * Excel in and out over HTTP (packages/exchange): an evaluation as a workbook with live
 * formulas, tables uploaded as .xlsx/.csv turned into the model (or the cells in error), and
 * the .xlsx templates. Exporting is reading the evaluation (EvaluationService.get: 404 when
 * not visible); importing and templates need `template.read` (every signed-in role that
 * prepares evaluations: finance, evaluators, departments). Knows nothing of HTTP.
 */
import { validateEvaluation } from "@jixiao/engine";
import { type ImportResult, XLSX_TEMPLATES, exportXlsx, findXlsxTemplate, xlsxTemplate } from "@jixiao/exchange";
import { AppError, badRequest, forbidden } from "../errors.js";
import { type Principal, can } from "../policy.js";
import type { ParsePool } from "../workers/parse-pool.js";
import type { EvaluationService } from "./evaluation-service.js";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export class ExchangeService {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly parsers: ParsePool,
  ) {}

  /** The evaluation as .xlsx: every computed figure a formula over the data cells. */
  async exportWorkbook(p: Principal, id: string): Promise<{ body: Uint8Array; filename: string }> {
    const detail = await this.evaluations.get(p, id);
    const v = validateEvaluation(detail.document);
    if (!v.ok)
      throw new AppError(422, "invalid-document", {
        zh: "评价文件无效，无法导出",
        en: "the evaluation document is invalid: nothing to export",
      });
    const r = await exportXlsx(v.evaluation);
    return { body: r.data, filename: `${detail.title}.xlsx` };
  }

  /** Read uploaded tables; the model, or every cell in error (422). */
  async importFile(p: Principal, filename: string, data: Uint8Array, partial: boolean): Promise<ImportResult> {
    if (!can(p, "template.read")) throw forbidden();
    if (!/\.(xlsx|csv|tsv)$/i.test(filename)) {
      throw badRequest("unsupported-file", {
        zh: `不支持的文件类型：${filename}（应为 .xlsx 或 .csv）`,
        en: `unsupported file type: ${filename} (expected .xlsx or .csv)`,
      });
    }
    // In a worker: a hostile workbook costs a worker (413), never the event loop or the process.
    const r = await this.parsers.run({ kind: "tables", filename, data, partial });
    if (!r.ok) {
      throw new AppError(
        422,
        "import-failed",
        { zh: `${filename}：共 ${r.problems.length} 处错误，未导入`, en: `${filename}: ${r.problems.length} error(s), nothing imported` },
        { fields: r.problems.map((x) => ({ path: x.where, message: x.message })) },
      );
    }
    return r;
  }

  async template(p: Principal, name: string): Promise<{ body: Uint8Array; filename: string }> {
    if (!can(p, "template.read")) throw forbidden();
    const t = findXlsxTemplate(name);
    if (!t) {
      throw new AppError(404, "unknown-template", {
        zh: `没有名为“${name}”的模板；可用：${XLSX_TEMPLATES.map((x) => x.name).join("、")}`,
        en: `no template "${name}"; available: ${XLSX_TEMPLATES.map((x) => x.id).join(", ")}`,
      });
    }
    return { body: await xlsxTemplate(t.id), filename: `${t.name}.xlsx` };
  }
}
