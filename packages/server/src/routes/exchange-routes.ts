/**
 * Files and tables in and out (services/exchange-service.ts): import a Jixiao file, import
 * .xlsx/.csv tables (multipart upload, read in a worker), download an .xlsx template, export an
 * evaluation as its Jixiao file (JSON) or a workbook with live formulas; audit a .zip of forms
 * (批量审核) into the summary workbook.
 */
import { XLSX_MEDIA_TYPE } from "@jixiao/api";
import type { FastifyRequest } from "fastify";
import type { AppServices } from "../app.js";
import { DomainError, field, invalid } from "../errors.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

/** The one uploaded file of a multipart request; a missing, truncated or malformed upload is a 400 naming body.file. */
export async function uploadedFile(req: FastifyRequest): Promise<{ filename: string; data: Uint8Array }> {
  if (!req.isMultipart()) throw invalid("not-multipart");
  try {
    const file = await req.file();
    if (!file) throw invalid("no-file");
    return { filename: file.filename, data: new Uint8Array(await file.toBuffer()) };
  } catch (err) {
    // A 4xx of its own (no file, over the size limit) stands; a body that ends early or
    // breaks the multipart syntax is the client's, not a 500.
    if (
      err instanceof DomainError ||
      (typeof (err as { statusCode?: unknown }).statusCode === "number" && (err as { statusCode: number }).statusCode < 500)
    )
      throw err;
    throw invalid("bad-multipart", {}, [field("body.file", "field/unreadable", { reason: (err as Error).message })]);
  }
}

export function exchangeHandlers({ evaluations, exchange }: AppServices): HandlersFor<"exchange"> {
  return {
    "exchange.importFile": async (req) => evaluations.importFile(principal(req), req.body),
    "exchange.importTables": async (req) => {
      const p = principal(req);
      const { filename, data } = await uploadedFile(req);
      const r = await exchange.importFile(p, filename, data, req.query.partial === "true");
      // importFile answers 422 unless the tables were read, so the model is there.
      return { evaluation: r.evaluation!, tables: r.tables, rejected: r.rejected, problems: r.problems, notes: r.notes };
    },
    "exchange.auditForms": async (req) => {
      const p = principal(req);
      const { filename, data } = await uploadedFile(req);
      const r = await exchange.auditForms(p, filename, data, req.query.lang);
      return { body: r.body, contentType: XLSX_MEDIA_TYPE, filename: r.filename, fallback: "audit-summary.xlsx" };
    },
    "exchange.templateWorkbook": async (req) => {
      const t = await exchange.template(principal(req), req.params.name);
      return { body: t.body, contentType: XLSX_MEDIA_TYPE, filename: t.filename, fallback: "template.xlsx" };
    },
    "exchange.export": async (req) => {
      if (req.query.format === "xlsx") {
        const x = await exchange.exportWorkbook(principal(req), req.params.id);
        return { body: x.body, contentType: XLSX_MEDIA_TYPE, filename: x.filename, fallback: "evaluation.xlsx" };
      }
      const e = await evaluations.get(principal(req), req.params.id);
      return {
        body: new TextEncoder().encode(JSON.stringify(e.document)),
        contentType: "application/json; charset=utf-8",
        filename: `${e.title}.json`,
        fallback: "evaluation.json",
      };
    },
  };
}
