/**
 * Excel in and out over HTTP (packages/exchange): an evaluation as a workbook with live
 * formulas, tables uploaded as .xlsx/.csv turned into the model (or the cells in error), and
 * the .xlsx templates. Exporting is reading the evaluation (EvaluationService.get: not found when
 * not visible); importing and templates need `template.read` (every signed-in role that
 * prepares evaluations: finance, evaluators, departments). Knows nothing of HTTP.
 */
import { type Lang, validateEvaluation } from "@jixiao/engine";
import { type ImportResult, XLSX_TEMPLATES, exportXlsx, findXlsxTemplate, xlsxTemplate } from "@jixiao/exchange";
import { DomainError, forbidden, invalid, tooLarge, unprocessable } from "../errors.js";
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
    if (!v.ok) throw unprocessable("invalid-document/export");
    const r = await exportXlsx(v.evaluation);
    return { body: r.data, filename: `${detail.title}.xlsx` };
  }

  /** Read uploaded tables; the model, or every cell in error (unprocessable). */
  async importFile(p: Principal, filename: string, data: Uint8Array, partial: boolean): Promise<ImportResult> {
    if (!can(p, "template.read")) throw forbidden();
    if (!/\.(xlsx|csv|tsv)$/i.test(filename)) {
      throw invalid("unsupported-file", { filename });
    }
    // In a worker: a hostile workbook costs a worker (too large), never the event loop or the process.
    const r = await this.parsers.run({ kind: "tables", filename, data, partial });
    if (!r.ok) {
      throw unprocessable(
        "import-failed",
        { filename, count: r.problems.length },
        r.problems.map((x) => ({ path: x.where, message: x.message })),
      );
    }
    return r;
  }

  /**
   * 批量审核: every form of an uploaded .zip audited as `jixiao audit DIR --out` does, in a worker;
   * the summary workbook (one row per form, a form that cannot be read a row saying why). An
   * archive beyond the limits is too large; one that is no zip or holds no form is invalid.
   */
  async auditForms(
    p: Principal,
    filename: string,
    data: Uint8Array,
    lang: Lang,
  ): Promise<{ body: Uint8Array; filename: string; forms: number; unreadable: number; withErrors: number }> {
    if (!can(p, "form.audit")) throw forbidden();
    if (!/\.zip$/i.test(filename)) throw invalid("audit-zip-only", { filename });
    const r = await this.parsers.run({ kind: "audit", filename, data, lang });
    if (!r.ok) throw (r.reason === "limit" || r.reason === "too-many-forms" ? tooLarge : invalid)("audit-zip-refused", { text: r.text });
    const stem = filename.replace(/\.zip$/i, "");
    return {
      body: new Uint8Array(Buffer.from(r.xlsx, "base64")),
      filename: `${stem}${lang === "zh" ? "-审核汇总" : "-audit-summary"}.xlsx`,
      forms: r.forms,
      unreadable: r.unreadable,
      withErrors: r.withErrors,
    };
  }

  async template(p: Principal, name: string): Promise<{ body: Uint8Array; filename: string }> {
    if (!can(p, "template.read")) throw forbidden();
    const t = findXlsxTemplate(name);
    if (!t) {
      throw new DomainError("not-found", "unknown-template/xlsx", {
        name,
        names: XLSX_TEMPLATES.map((x) => x.name),
        ids: XLSX_TEMPLATES.map((x) => x.id),
      });
    }
    return { body: await xlsxTemplate(t.id), filename: `${t.name}.xlsx` };
  }
}
