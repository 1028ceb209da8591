/** Routes for templates (模板) — list, one template's document, save a new one — and for importing a Jixiao file. */
import { API_PREFIX, ApiError, CreateTemplateRequest, EvaluationDetail, ImportFileRequest, TemplateView } from "@jixiao/api";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import * as z from "zod";
import type { AppServices } from "../app.js";
import { principal } from "../http.js";

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function registerTemplateRoutes(root: FastifyInstance, services: AppServices): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    `${API_PREFIX}/templates`,
    {
      schema: {
        tags: ["templates"],
        summary: "模板列表（内置与已保存）/ built-in and saved templates",
        response: { 200: z.array(TemplateView), 401: ApiError, 403: ApiError },
      },
    },
    async (req) => services.templates.list(principal(req)),
  );
  app.get(
    `${API_PREFIX}/templates/:id`,
    {
      schema: {
        tags: ["templates"],
        summary: "模板内容（评价文件）/ a template as a Jixiao document",
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => services.templates.document(principal(req), req.params.id),
  );
  app.post(
    `${API_PREFIX}/templates`,
    {
      schema: {
        tags: ["templates"],
        summary: "保存为模板 / save an evaluation's indicator system (or a document) as a template",
        body: CreateTemplateRequest,
        response: { 201: TemplateView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await services.templates.create(principal(req), req.body)),
  );

  app.post(
    `${API_PREFIX}/evaluations/import`,
    {
      schema: {
        tags: ["import-export"],
        summary: "导入 Jixiao 文件（.yaml / .json）/ import a Jixiao file as a new evaluation",
        body: ImportFileRequest,
        response: { 201: EvaluationDetail, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await services.evaluations.importFile(principal(req), req.body)),
  );
}
