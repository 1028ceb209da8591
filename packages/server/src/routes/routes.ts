/**
 * Routes: parse (zod schemas from @jixiao/api), find the principal, delegate to a service.
 * No access decisions here: services ask policy.ts and throw domain errors, which http.ts turns
 * into HTTP. (The audit trail route still reads repositories itself, after evaluations.get has
 * decided the caller may see the evaluation.)
 */
import {
  API_PREFIX,
  ApiError,
  AuditEntryView,
  CreateEvaluationRequest,
  CreateOrganisationRequest,
  CreateUserRequest,
  EvaluationDetail,
  EvaluationSummary,
  FindingsView,
  ListEvaluationsQuery,
  LoginRequest,
  OrganisationView,
  PasswordChangeRequest,
  PatchEvaluationRequest,
  PortfolioQuery,
  PortfolioView,
  RevisionView,
  SessionView,
  TransitionRequest,
  UpdateEvaluationRequest,
  UpdateFindingsRequest,
  UserView,
} from "@jixiao/api";
import { REPORT_FORMATS } from "@jixiao/reports";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import * as z from "zod";
import type { Store } from "../db/database.js";
import { SESSION_COOKIE, langOf, principal } from "../http.js";
import { permissionsOf } from "../policy.js";
import { AuditRepository } from "../repositories/audit-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import { userView } from "../services/auth-service.js";
import { attachment } from "./content-disposition.js";
import { registerExchangeRoutes, sendWorkbook } from "./exchange-routes.js";
import type { AppServices } from "../app.js";
import { registerTemplateRoutes } from "./template-routes.js";

const Id = z.object({ id: z.string().min(1).max(100) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function registerRoutes(
  root: FastifyInstance,
  store: Store,
  services: AppServices,
  cookieSecure: (req: { protocol: string }) => boolean,
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { auth, evaluations, organisations } = services;

  // ── session ──
  app.post(
    `${API_PREFIX}/session`,
    {
      schema: {
        tags: ["session"],
        summary: "登录 / log in",
        body: LoginRequest,
        response: { 200: SessionView, 401: ApiError, 429: ApiError },
      },
    },
    async (req, reply) => {
      const { token, view, expires } = await auth.login(req.body.username, req.body.password, req.ip);
      void reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure: cookieSecure(req), expires });
      return view;
    },
  );
  app.get(
    `${API_PREFIX}/session`,
    { schema: { tags: ["session"], summary: "当前用户 / who am I", response: { 200: SessionView, 401: ApiError } } },
    async (req) => {
      const p = principal(req);
      return { user: userView(req.user!), csrfToken: req.csrf!, permissions: permissionsOf(p) };
    },
  );
  app.delete(
    `${API_PREFIX}/session`,
    { schema: { tags: ["session"], summary: "退出 / log out", response: { 204: z.null(), 401: ApiError } } },
    async (req, reply) => {
      principal(req);
      await auth.logout(req.sessionId!);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${API_PREFIX}/session/password`,
    {
      schema: {
        tags: ["session"],
        summary: "修改密码 / change password",
        body: PasswordChangeRequest,
        response: { 204: z.null(), ...errors, 429: ApiError },
      },
    },
    async (req, reply) => {
      principal(req);
      await auth.changePassword(req.user!, req.sessionId!, req.body.currentPassword, req.body.newPassword, req.ip);
      return reply.status(204).send(null);
    },
  );

  // ── organisations and users ──
  app.get(
    `${API_PREFIX}/organisations`,
    {
      schema: {
        tags: ["organisations"],
        summary: "可见的单位 / the organisations you may see",
        response: { 200: z.array(OrganisationView), 401: ApiError, 403: ApiError },
      },
    },
    async (req) => organisations.list(principal(req)),
  );
  app.post(
    `${API_PREFIX}/organisations`,
    { schema: { tags: ["organisations"], body: CreateOrganisationRequest, response: { 201: OrganisationView, ...errors } } },
    async (req, reply) => {
      const o = await organisations.create(principal(req), req.body);
      return reply.status(201).send(o);
    },
  );
  app.get(
    `${API_PREFIX}/users`,
    { schema: { tags: ["users"], summary: "本辖区用户 / the accounts of your subtree", response: { 200: z.array(UserView), ...errors } } },
    async (req) => organisations.users(principal(req)),
  );
  app.post(
    `${API_PREFIX}/users`,
    {
      schema: {
        tags: ["users"],
        summary: "新建用户（本辖区内）/ create an account in your subtree",
        body: CreateUserRequest,
        response: { 201: UserView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await organisations.createUser(principal(req), req.body)),
  );

  // ── templates ──
  registerTemplateRoutes(root, services);
  registerExchangeRoutes(root, services);

  // ── evaluations ──
  app.get(
    `${API_PREFIX}/evaluations`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "评价列表 / list",
        querystring: ListEvaluationsQuery,
        response: { 200: z.array(EvaluationSummary), ...errors },
      },
    },
    async (req) => {
      const { organisationId, ...rest } = req.query;
      return evaluations.list(principal(req), { ...rest, organisationIds: organisationId ? [organisationId] : undefined });
    },
  );
  app.post(
    `${API_PREFIX}/evaluations`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "新建（模板或文件）/ create from a template or a document",
        body: CreateEvaluationRequest,
        response: { 201: EvaluationDetail, ...errors },
      },
    },
    async (req, reply) => {
      return reply.status(201).send(await evaluations.create(principal(req), req.body));
    },
  );
  app.get(
    `${API_PREFIX}/evaluations/:id`,
    { schema: { tags: ["evaluations"], params: Id, response: { 200: EvaluationDetail, ...errors } } },
    async (req) => evaluations.get(principal(req), req.params.id),
  );
  app.put(
    `${API_PREFIX}/evaluations/:id`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "整体更新（带版本号）/ replace the document (with version)",
        params: Id,
        body: UpdateEvaluationRequest,
        response: { 200: EvaluationDetail, ...errors },
      },
    },
    async (req) => evaluations.update(principal(req), req.params.id, req.body),
  );
  app.patch(
    `${API_PREFIX}/evaluations/:id`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "字段级修改 / field-level changes",
        params: Id,
        body: PatchEvaluationRequest,
        response: { 200: EvaluationDetail, ...errors },
      },
    },
    async (req) => evaluations.patch(principal(req), req.params.id, req.body),
  );
  app.post(
    `${API_PREFIX}/evaluations/:id/transitions`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "提交 / 退回 / 审核通过 / 发布 / 更正 / 归档 — one action of the status table (docs/permissions.md)",
        params: Id,
        body: TransitionRequest,
        response: { 200: EvaluationDetail, ...errors },
      },
    },
    async (req) => evaluations.transition(principal(req), req.params.id, req.body),
  );
  app.put(
    `${API_PREFIX}/evaluations/:id/experts/:userId`,
    {
      schema: {
        tags: ["evaluations"],
        summary: "分配专家评分指标 / assign indicators to an expert",
        params: z.object({ id: z.string(), userId: z.string() }),
        body: z.strictObject({ nodeIds: z.array(z.string()).max(1000) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await evaluations.assignExpert(principal(req), req.params.id, req.params.userId, req.body.nodeIds);
      return reply.status(204).send(null);
    },
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/score`,
    {
      schema: {
        tags: ["scoring"],
        summary: "得分 / scores",
        params: Id,
        querystring: z.object({ lang: z.enum(["zh", "en"]).optional() }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => evaluations.score(principal(req), req.params.id, langOf(req)),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/check`,
    { schema: { tags: ["scoring"], summary: "核查 / checks and findings", params: Id, response: { 200: z.unknown(), ...errors } } },
    async (req) => evaluations.check(principal(req), req.params.id),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/findings`,
    {
      schema: {
        tags: ["findings"],
        summary: "问题与建议（已记录与规则提示）/ findings and recommendations, recorded and suggested",
        params: Id,
        response: { 200: FindingsView, ...errors },
      },
    },
    async (req) => evaluations.findings(principal(req), req.params.id),
  );
  app.put(
    `${API_PREFIX}/evaluations/:id/findings`,
    {
      schema: {
        tags: ["findings"],
        summary: "修改问题与建议（带版本号）/ replace findings and recommendations (with version)",
        params: Id,
        body: UpdateFindingsRequest,
        response: { 200: FindingsView, ...errors },
      },
    },
    async (req) => evaluations.updateFindings(principal(req), req.params.id, req.body),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/explain/:node`,
    {
      schema: {
        tags: ["scoring"],
        summary: "得分说明 / explain one node",
        params: z.object({ id: z.string(), node: z.string() }),
        querystring: z.object({ lang: z.enum(["zh", "en"]).optional() }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => evaluations.explain(principal(req), req.params.id, req.params.node, langOf(req)),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/revisions`,
    { schema: { tags: ["history"], params: Id, response: { 200: z.array(RevisionView), ...errors } } },
    async (req) => evaluations.revisions(principal(req), req.params.id),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/revisions/:version`,
    {
      schema: {
        tags: ["history"],
        params: z.object({ id: z.string(), version: z.coerce.number().int().min(1) }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => evaluations.revision(principal(req), req.params.id, req.params.version),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/diff`,
    {
      schema: {
        tags: ["history"],
        summary: "两版差异 / difference between two revisions",
        params: Id,
        querystring: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => evaluations.diff(principal(req), req.params.id, req.query.from, req.query.to),
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/audit`,
    {
      schema: {
        tags: ["history"],
        summary: "审计记录 / audit trail of this evaluation",
        params: Id,
        response: { 200: z.array(AuditEntryView), ...errors },
      },
    },
    async (req) => {
      const p = principal(req);
      await evaluations.get(p, req.params.id); // 404 unless visible
      const users = new Map((await new UserRepository(store.db).list()).map((u) => [u.id, u.display_name]));
      return (await AuditRepository.forEntity(store.db, "evaluation", req.params.id)).map((r) => ({
        seq: r.seq,
        at: r.at,
        user: r.user_id ? (users.get(r.user_id) ?? r.user_id) : null,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        path: r.path,
        oldValue: r.old_value,
        newValue: r.new_value,
        reason: r.reason,
        hash: r.hash,
      }));
    },
  );
  app.get(
    `${API_PREFIX}/evaluations/:id/export`,
    {
      schema: {
        tags: ["import-export"],
        summary:
          "导出 Jixiao 文件（JSON）或工作簿（xlsx，得分均为公式）/ export the Jixiao file (JSON) or a workbook with live formulas (xlsx)",
        params: Id,
        querystring: z.strictObject({ format: z.enum(["json", "xlsx"]).default("json") }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req, reply) => {
      if (req.query.format === "xlsx") {
        const x = await services.exchange.exportWorkbook(principal(req), req.params.id);
        return sendWorkbook(reply, x.body, x.filename, "evaluation.xlsx");
      }
      const e = await evaluations.get(principal(req), req.params.id);
      void reply.header("content-disposition", attachment(`${e.title}.json`, "evaluation.json"));
      return e.document;
    },
  );

  app.get(
    `${API_PREFIX}/evaluations/:id/report`,
    {
      schema: {
        tags: ["reports"],
        summary: "评价报告（docx / pdf / html / md）/ the evaluation report as a document",
        params: Id,
        querystring: z.strictObject({
          format: z.enum(REPORT_FORMATS).default("docx"),
          template: z.string().min(1).max(50).default("seed"),
        }),
        response: { 200: z.unknown().describe("the document: docx, pdf, html or md"), ...errors, 422: ApiError, 503: ApiError },
      },
    },
    async (req, reply) => {
      const r = await services.reports.render(principal(req), req.params.id, req.query.format, req.query.template);
      // RFC 6266 / 5987: an ASCII fallback name, and the real (Chinese) name percent-encoded.
      void reply.header("content-type", r.contentType).header("content-disposition", attachment(r.filename, `report.${req.query.format}`));
      return reply.send(Buffer.from(r.body));
    },
  );

  // ── portfolio ──
  app.get(
    `${API_PREFIX}/portfolio`,
    {
      schema: {
        tags: ["portfolio"],
        summary: "驾驶舱统计 / portfolio statistics",
        querystring: PortfolioQuery,
        response: { 200: PortfolioView, ...errors },
      },
    },
    async (req) => evaluations.portfolio(principal(req), req.query.year),
  );
}
