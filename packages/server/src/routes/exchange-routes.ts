/**
 * Routes for Excel in and out (services/exchange-service.ts):
 *   GET  /api/v1/evaluations/:id/export?format=xlsx  (routes.ts: the export route; JSON by default)
 *   POST /api/v1/imports[?partial=true]               multipart upload of one .xlsx/.csv file
 *   GET  /api/v1/templates/:name/xlsx                 年度绩效目标表 / 评分表 / 人员情况 / 资金情况 / 全部
 */
import { API_PREFIX, ApiError, ImportTablesView } from "@jixiao/api";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import * as z from "zod";
import { DomainError, field, invalid } from "../errors.js";
import { principal } from "../http.js";
import { attachment } from "./content-disposition.js";
import type { AppServices } from "../app.js";
import { XLSX_CONTENT_TYPE } from "../services/exchange-service.js";

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 413: ApiError, 422: ApiError, 503: ApiError };

/** Send a workbook as a download (RFC 6266/5987: an ASCII fallback and the real name). */
export function sendWorkbook(reply: FastifyReply, body: Uint8Array, filename: string, fallback: string): FastifyReply {
  void reply.header("content-type", XLSX_CONTENT_TYPE).header("content-disposition", attachment(filename, fallback));
  return reply.send(Buffer.from(body));
}

export function registerExchangeRoutes(root: FastifyInstance, services: AppServices): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/templates/:name/xlsx`,
    {
      schema: {
        tags: ["import-export"],
        summary: "下载 .xlsx 模板 / an .xlsx template (年度绩效目标表, 评分表, 人员情况, 资金情况, 全部)",
        params: z.object({ name: z.string().min(1).max(50) }),
        response: { 200: z.unknown().describe("the .xlsx workbook"), ...errors },
      },
    },
    async (req, reply) => {
      const t = await services.exchange.template(principal(req), req.params.name);
      return sendWorkbook(reply, t.body, t.filename, "template.xlsx");
    },
  );

  app.post(
    `${API_PREFIX}/imports`,
    {
      schema: {
        tags: ["import-export"],
        summary: "导入 .xlsx/.csv 表格 / import tables: the model, or every cell in error (422)",
        querystring: z.strictObject({ partial: z.enum(["true", "false"]).default("false") }),
        response: { 200: ImportTablesView, ...errors },
      },
    },
    async (req) => {
      const p = principal(req);
      if (!req.isMultipart()) throw invalid("not-multipart");
      let file: Awaited<ReturnType<typeof req.file>>;
      let data: Uint8Array;
      try {
        file = await req.file();
        if (!file) throw invalid("no-file");
        data = new Uint8Array(await file.toBuffer());
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
      const r = await services.exchange.importFile(p, file.filename, data, req.query.partial === "true");
      // importFile answers 422 unless the tables were read, so the model is there.
      return { evaluation: r.evaluation!, tables: r.tables, rejected: r.rejected, problems: r.problems, notes: r.notes };
    },
  );
}
