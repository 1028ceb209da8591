/**
 * Every endpoint of the HTTP API, declared once: name, method, path, the schemas of its
 * parameters, query, body and response, the status it answers with, the error statuses it may
 * answer with, the policy actions it needs (informational: the server's services ask policy.ts),
 * tags and summary. The server registers one typed handler per entry (packages/server/src/routes),
 * the OpenAPI document at /api/docs is generated from the same route schemas, and the web client
 * calls endpoints by name (`endpointUrl`, and the request/response types below).
 *
 * A new endpoint: add it here, then its handler in the server's resource module (a missing or
 * extra handler is a type error), then call it by name from the web.
 */
import * as z from "zod";
import {
  ApiError,
  AuditEntryView,
  CreateEvaluationRequest,
  CreateOrganisationRequest,
  CreateTemplateRequest,
  CreateUserRequest,
  DiffEntry,
  EvaluationDetail,
  EvaluationSummary,
  FindingsView,
  ImportFileRequest,
  ImportTablesView,
  ListEvaluationsQuery,
  LoginRequest,
  OrganisationView,
  PasswordChangeRequest,
  PatchEvaluationRequest,
  PortfolioQuery,
  PortfolioView,
  RevisionView,
  SessionView,
  TemplateView,
  TransitionRequest,
  UpdateEvaluationRequest,
  UpdateFindingsRequest,
  UserView,
} from "./schemas.js";
import { CheckView, NodeView, ScoreView } from "./views.js";
import { OutlookQuery, OutlookView, WhatIfRequest, WhatIfView } from "./what-if.js";
import {
  CreateNoteRequest,
  EVIDENCE_ACCEPT,
  EVIDENCE_TYPES,
  EvidenceListView,
  EvidenceView,
  ExpertView,
  NoteView,
  PanelDecisionRequest,
  PanelNodeView,
  PanelScoreRequest,
  PanelView,
  UpdateNoteRequest,
} from "./panel-evidence.js";
import { PublicEvaluationList, PublicEvaluationView, PublicListQuery, PublicReportFormat } from "./public-views.js";
import {
  AnswerDataRequestRequest,
  AnswerFeedbackRequest,
  CommissionView,
  CreateCommissionRequest,
  CreateDataRequestRequest,
  CreateFeedbackRequest,
  DataRequestView,
  FeedbackView,
  ReviewDataItemRequest,
} from "./collaboration.js";
import {
  ConclusionRequest,
  ConclusionView,
  CreateFilingRequest,
  CreateMonitoringTaskRequest,
  CreateReviewRequest,
  DashboardQuery,
  FilingCheckView,
  FilingDetail,
  FilingDiffQuery,
  FilingDiffView,
  FilingDocument,
  FilingInvitationView,
  FilingReviewView,
  FilingTemplateParams,
  FilingSummary,
  FilingTransitionRequest,
  FilingVersionView,
  ImportFilingQuery,
  ListFilingsQuery,
  ListTasksQuery,
  MonitoringDashboardView,
  MonitoringReportView,
  MonitoringTaskView,
  MonitoringTemplateQuery,
  ProjectLightsView,
  ReplaceFilingQuery,
  StartEvaluationRequest,
  SubmitReportRequest,
  TaskFilingParams,
  TaskLightsView,
  UpdateFilingRequest,
  UpdateMonitoringTaskRequest,
} from "./targets.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type SuccessStatus = 200 | 201 | 204;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/** A download: the bytes of a file, in one of these media types (media type → what it is). */
export interface FileResponse {
  readonly file: Readonly<Record<string, string>>;
}

export interface Endpoint {
  readonly method: HttpMethod;
  /** Under API_PREFIX, with `:name` parameters (Fastify's syntax). */
  readonly path: `/${string}`;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A multipart/form-data upload (no JSON body): the form field that holds the file. */
  readonly upload?: { readonly field: string; readonly accept: readonly string[] };
  /** The status of a successful answer, and what it carries (`z.null()` for 204). */
  readonly status: SuccessStatus;
  readonly response: z.ZodType | FileResponse;
  /** Every error answer is an `ApiError`. */
  readonly errors: readonly ErrorStatus[];
  /** The policy actions (packages/server/src/policy.ts, docs/permissions.md) the caller needs; [] when a session (or none) is enough. */
  readonly actions: readonly string[];
  readonly tags: readonly [string, ...string[]];
  readonly summary: string;
}

/** A JSON document in the Jixiao file's input form (schema/evaluation.schema.json), as stored. */
export const EvaluationDocument = z
  .record(z.string(), z.unknown())
  .describe("a Jixiao evaluation document in its input form (schema/evaluation.schema.json)");

/** Report formats (the same list as @jixiao/reports' REPORT_FORMATS; a server test keeps them equal). */
export const ReportFormat = z.enum(["docx", "pdf", "html", "md"]);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const Id = z.object({ id: z.string().min(1).max(100) });
const Lang = z.object({ lang: z.enum(["zh", "en"]).optional() });
const STANDARD = [400, 401, 403, 404, 409] as const;
const EXCHANGE = [400, 401, 403, 404, 413, 422, 503] as const;

/** The table. Keys are the endpoints' names: `resource.operation`. */
export const ENDPOINTS = {
  // ── session ──
  "session.login": {
    method: "POST",
    path: "/session",
    body: LoginRequest,
    status: 200,
    response: SessionView,
    errors: [400, 401, 429],
    actions: [],
    tags: ["session"],
    summary: "登录 / log in",
  },
  "session.get": {
    method: "GET",
    path: "/session",
    status: 200,
    response: SessionView,
    errors: [401],
    actions: [],
    tags: ["session"],
    summary: "当前用户 / who am I",
  },
  "session.logout": {
    method: "DELETE",
    path: "/session",
    status: 204,
    response: z.null(),
    errors: [401],
    actions: [],
    tags: ["session"],
    summary: "退出 / log out",
  },
  "session.changePassword": {
    method: "POST",
    path: "/session/password",
    body: PasswordChangeRequest,
    status: 204,
    response: z.null(),
    errors: [...STANDARD, 429],
    actions: [],
    tags: ["session"],
    summary: "修改密码 / change password",
  },

  // ── organisations and users ──
  "organisations.list": {
    method: "GET",
    path: "/organisations",
    status: 200,
    response: z.array(OrganisationView),
    errors: [401, 403],
    actions: ["organisation.read"],
    tags: ["organisations"],
    summary: "可见的单位 / the organisations you may see",
  },
  "organisations.create": {
    method: "POST",
    path: "/organisations",
    body: CreateOrganisationRequest,
    status: 201,
    response: OrganisationView,
    errors: STANDARD,
    actions: ["organisation.create"],
    tags: ["organisations"],
    summary: "新建单位（本辖区内）/ create an organisation in your subtree",
  },
  "users.list": {
    method: "GET",
    path: "/users",
    status: 200,
    response: z.array(UserView),
    errors: STANDARD,
    actions: ["user.read"],
    tags: ["users"],
    summary: "本辖区用户 / the accounts of your subtree",
  },
  "users.create": {
    method: "POST",
    path: "/users",
    body: CreateUserRequest,
    status: 201,
    response: UserView,
    errors: STANDARD,
    actions: ["user.create"],
    tags: ["users"],
    summary: "新建用户（本辖区内）/ create an account in your subtree",
  },

  // ── templates ──
  "templates.list": {
    method: "GET",
    path: "/templates",
    status: 200,
    response: z.array(TemplateView),
    errors: [401, 403],
    actions: ["template.read"],
    tags: ["templates"],
    summary: "模板列表（内置与已保存）/ built-in and saved templates",
  },
  "templates.document": {
    method: "GET",
    path: "/templates/:id",
    params: Id,
    status: 200,
    response: EvaluationDocument,
    errors: STANDARD,
    actions: ["template.read"],
    tags: ["templates"],
    summary: "模板内容（评价文件）/ a template as a Jixiao document",
  },
  "templates.create": {
    method: "POST",
    path: "/templates",
    body: CreateTemplateRequest,
    status: 201,
    response: TemplateView,
    errors: STANDARD,
    actions: ["template.create"],
    tags: ["templates"],
    summary: "保存为模板 / save an evaluation's indicator system (or a document) as a template",
  },

  // ── evaluations ──
  "evaluations.list": {
    method: "GET",
    path: "/evaluations",
    query: ListEvaluationsQuery,
    status: 200,
    response: z.array(EvaluationSummary),
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["evaluations"],
    summary: "评价列表 / list",
  },
  "evaluations.create": {
    method: "POST",
    path: "/evaluations",
    body: CreateEvaluationRequest,
    status: 201,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["evaluation.create"],
    tags: ["evaluations"],
    summary: "新建（模板或文件）/ create from a template or a document",
  },
  "evaluations.get": {
    method: "GET",
    path: "/evaluations/:id",
    params: Id,
    status: 200,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["evaluations"],
    summary: "一项评价（文件、状态与权限）/ one evaluation: document, status and what you may do",
  },
  "evaluations.update": {
    method: "PUT",
    path: "/evaluations/:id",
    params: Id,
    body: UpdateEvaluationRequest,
    status: 200,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["evaluation.update"],
    tags: ["evaluations"],
    summary: "整体更新（带版本号）/ replace the document (with version)",
  },
  "evaluations.patch": {
    method: "PATCH",
    path: "/evaluations/:id",
    params: Id,
    body: PatchEvaluationRequest,
    status: 200,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["evaluation.update"],
    tags: ["evaluations"],
    summary: "字段级修改 / field-level changes",
  },
  "evaluations.transition": {
    method: "POST",
    path: "/evaluations/:id/transitions",
    params: Id,
    body: TransitionRequest,
    status: 200,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: [
      "evaluation.submit",
      "evaluation.return",
      "evaluation.accept",
      "evaluation.publish",
      "evaluation.correct",
      "evaluation.archive",
    ],
    tags: ["evaluations"],
    summary: "提交 / 退回 / 审核通过 / 发布 / 更正 / 归档 — one action of the status table (docs/permissions.md)",
  },
  "evaluations.assignExpert": {
    method: "PUT",
    path: "/evaluations/:id/experts/:userId",
    params: z.object({ id: z.string(), userId: z.string() }),
    body: z.strictObject({ nodeIds: z.array(z.string()).max(1000) }),
    status: 204,
    response: z.null(),
    errors: STANDARD,
    actions: ["panel.manage"],
    tags: ["evaluations"],
    summary: "分配专家评分指标 / assign indicators to an expert",
  },
  "evaluations.revisions": {
    method: "GET",
    path: "/evaluations/:id/revisions",
    params: Id,
    status: 200,
    response: z.array(RevisionView),
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["history"],
    summary: "历次版本 / the revisions",
  },
  "evaluations.revision": {
    method: "GET",
    path: "/evaluations/:id/revisions/:version",
    params: z.object({ id: z.string(), version: z.coerce.number().int().min(1) }),
    status: 200,
    response: EvaluationDocument,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["history"],
    summary: "某一版的评价文件 / the document as saved in one revision",
  },
  "evaluations.diff": {
    method: "GET",
    path: "/evaluations/:id/diff",
    params: Id,
    query: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    status: 200,
    response: z.array(DiffEntry),
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["history"],
    summary: "两版差异 / difference between two revisions",
  },
  "evaluations.audit": {
    method: "GET",
    path: "/evaluations/:id/audit",
    params: Id,
    status: 200,
    response: z.array(AuditEntryView),
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["history"],
    summary: "审计记录 / audit trail of this evaluation",
  },
  "portfolio.get": {
    method: "GET",
    path: "/portfolio",
    query: PortfolioQuery,
    status: 200,
    response: PortfolioView,
    errors: STANDARD,
    actions: ["portfolio.read"],
    tags: ["portfolio"],
    summary: "驾驶舱统计 / portfolio statistics",
  },
  "whatif.portfolio": {
    method: "POST",
    path: "/portfolio/whatif",
    body: WhatIfRequest,
    status: 200,
    response: WhatIfView,
    errors: STANDARD,
    actions: ["portfolio.whatif"],
    tags: ["portfolio"],
    summary:
      "组合模拟：改变等级区间、指标分值或定性档次后的等级迁移 / portfolio what-if: grade migration under changed bands, points or levels",
  },
  "whatif.outlook": {
    method: "GET",
    path: "/evaluations/:id/outlook",
    params: Id,
    query: OutlookQuery,
    status: 200,
    response: OutlookView,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["scoring"],
    summary: "距下一等级与等级稳健性 / distance to the next grade and the grade's robustness",
  },

  // ── scoring ──
  "scoring.score": {
    method: "GET",
    path: "/evaluations/:id/score",
    params: Id,
    query: Lang,
    status: 200,
    response: ScoreView,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["scoring"],
    summary: "得分 / scores",
  },
  "scoring.check": {
    method: "GET",
    path: "/evaluations/:id/check",
    params: Id,
    status: 200,
    response: CheckView,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["scoring"],
    summary: "核查 / checks and findings",
  },
  "scoring.explain": {
    method: "GET",
    path: "/evaluations/:id/explain/:node",
    params: z.object({ id: z.string(), node: z.string() }),
    query: Lang,
    status: 200,
    response: NodeView,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["scoring"],
    summary: "得分说明 / explain one node",
  },

  // ── findings ──
  "findings.get": {
    method: "GET",
    path: "/evaluations/:id/findings",
    params: Id,
    status: 200,
    response: FindingsView,
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["findings"],
    summary: "问题与建议（已记录与规则提示）/ findings and recommendations, recorded and suggested",
  },
  "findings.update": {
    method: "PUT",
    path: "/evaluations/:id/findings",
    params: Id,
    body: UpdateFindingsRequest,
    status: 200,
    response: FindingsView,
    errors: STANDARD,
    actions: ["evaluation.update"],
    tags: ["findings"],
    summary: "修改问题与建议（带版本号）/ replace findings and recommendations (with version)",
  },

  // ── commissions (委托), data requests (资料清单) and feedback (反馈意见) ──
  "commissions.list": {
    method: "GET",
    path: "/commissions",
    status: 200,
    response: z.array(CommissionView),
    errors: [401, 403],
    actions: ["commission.read"],
    tags: ["commissions"],
    summary: "委托列表（财政：本辖区；评价机构：委托给本机构的；部门：本单位的）/ commissions you may see",
  },
  "commissions.create": {
    method: "POST",
    path: "/commissions",
    body: CreateCommissionRequest,
    status: 201,
    response: CommissionView,
    errors: STANDARD,
    actions: ["commission.create"],
    tags: ["commissions"],
    summary: "新建委托：评价对象、年度、类型、评价机构（或单位自评、部门评价）/ commission an evaluation",
  },
  "requests.list": {
    method: "GET",
    path: "/evaluations/:id/data-requests",
    params: Id,
    status: 200,
    response: z.array(DataRequestView),
    errors: STANDARD,
    actions: ["dataRequest.read"],
    tags: ["data-requests"],
    summary: "资料清单 / the data requests of an evaluation",
  },
  "requests.create": {
    method: "POST",
    path: "/evaluations/:id/data-requests",
    params: Id,
    body: CreateDataRequestRequest,
    status: 201,
    response: DataRequestView,
    errors: STANDARD,
    actions: ["dataRequest.create"],
    tags: ["data-requests"],
    summary: "发出资料清单（评价机构）/ send a data request to the audited department",
  },
  "requests.answer": {
    method: "POST",
    path: "/evaluations/:id/data-requests/:number/answers",
    params: z.object({ id: z.string().min(1).max(100), number: z.coerce.number().int().min(1).max(100000) }),
    body: AnswerDataRequestRequest,
    status: 200,
    response: DataRequestView,
    errors: STANDARD,
    actions: ["dataRequest.answer"],
    tags: ["data-requests"],
    summary: "填报资料清单（被评价部门）/ fill items of a data request",
  },
  "requests.review": {
    method: "POST",
    path: "/evaluations/:id/data-requests/:number/items/:itemId/review",
    params: z.object({
      id: z.string().min(1).max(100),
      number: z.coerce.number().int().min(1).max(100000),
      itemId: z.string().min(1).max(100),
    }),
    body: ReviewDataItemRequest,
    status: 200,
    response: DataRequestView,
    errors: STANDARD,
    actions: ["dataRequest.review"],
    tags: ["data-requests"],
    summary: "采纳（写入评价，注明来源）或附意见退回一项资料（评价机构）/ take an item in, or return it with a comment",
  },
  "feedback.list": {
    method: "GET",
    path: "/evaluations/:id/feedback",
    params: Id,
    status: 200,
    response: z.array(FeedbackView),
    errors: STANDARD,
    actions: ["feedback.read"],
    tags: ["feedback"],
    summary: "反馈意见及答复 / feedback on the draft and its answers",
  },
  "feedback.create": {
    method: "POST",
    path: "/evaluations/:id/feedback",
    params: Id,
    body: CreateFeedbackRequest,
    status: 201,
    response: FeedbackView,
    errors: STANDARD,
    actions: ["feedback.create"],
    tags: ["feedback"],
    summary: "对征求意见稿提出反馈意见（被评价部门）/ write feedback on the draft for comment",
  },
  "feedback.answer": {
    method: "PUT",
    path: "/evaluations/:id/feedback/:number/answer",
    params: z.object({ id: z.string().min(1).max(100), number: z.coerce.number().int().min(1).max(100000) }),
    body: AnswerFeedbackRequest,
    status: 200,
    response: FeedbackView,
    errors: STANDARD,
    actions: ["feedback.answer"],
    tags: ["feedback"],
    summary: "答复反馈意见（评价机构）/ answer a feedback item",
  },

  // ── 专家评议: the expert panel (panel-evidence.ts) ──
  "panel.get": {
    method: "GET",
    path: "/evaluations/:id/panel",
    params: Id,
    status: 200,
    response: PanelView,
    errors: STANDARD,
    actions: ["panel.read", "evaluation.scoreAssigned"],
    tags: ["panel"],
    summary: "专家评议（专家只见本人的，提交后才见他人的）/ the expert panel: an expert sees others' scores only after submitting",
  },
  "panel.experts": {
    method: "GET",
    path: "/evaluations/:id/panel/experts",
    params: Id,
    status: 200,
    response: z.array(ExpertView),
    errors: STANDARD,
    actions: ["panel.manage"],
    tags: ["panel"],
    summary: "可分配的专家 / the experts who may be assigned",
  },
  "panel.score": {
    method: "PUT",
    path: "/evaluations/:id/panel/:node",
    params: z.object({ id: z.string().min(1).max(100), node: z.string().min(1).max(100) }),
    body: PanelScoreRequest,
    status: 200,
    response: PanelNodeView,
    errors: STANDARD,
    actions: ["evaluation.scoreAssigned"],
    tags: ["panel"],
    summary: "专家本人评分（保存或提交）/ an expert's own score of an assigned indicator (save, or submit to fix it)",
  },
  "panel.decide": {
    method: "POST",
    path: "/evaluations/:id/panel/:node/decision",
    params: z.object({ id: z.string().min(1).max(100), node: z.string().min(1).max(100) }),
    body: PanelDecisionRequest,
    status: 200,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["panel.manage"],
    tags: ["panel"],
    summary: "采纳专家评议结果或附原因改定（新版本）/ adopt the panel's result, or override it with a reason (a new revision)",
  },

  // ── 佐证材料 and 批注: evidence and review notes (panel-evidence.ts) ──
  "evidence.list": {
    method: "GET",
    path: "/evaluations/:id/evidence",
    params: Id,
    status: 200,
    response: EvidenceListView,
    errors: STANDARD,
    actions: ["evidence.read"],
    tags: ["evidence"],
    summary: "佐证材料清单 / the evidence files, by indicator",
  },
  "evidence.upload": {
    method: "POST",
    path: "/evaluations/:id/evidence",
    params: Id,
    query: z.strictObject({ node: z.string().min(1).max(100) }),
    upload: { field: "file", accept: EVIDENCE_ACCEPT },
    status: 201,
    response: EvidenceView,
    errors: [...STANDARD, 413],
    actions: ["evidence.upload"],
    tags: ["evidence"],
    summary: "上传佐证材料（PDF、图片、Office，按内容识别，每个 ≤ 20 MB）/ attach a file to an indicator (type by content, 20 MB each)",
  },
  "evidence.download": {
    method: "GET",
    path: "/evaluations/:id/evidence/:fileId",
    params: z.object({ id: z.string().min(1).max(100), fileId: z.string().min(1).max(100) }),
    status: 200,
    response: { file: Object.fromEntries(Object.entries(EVIDENCE_TYPES).map(([t, d]) => [t, d.label])) },
    errors: STANDARD,
    actions: ["evidence.read"],
    tags: ["evidence"],
    summary: "下载一个佐证材料 / download one evidence file",
  },
  "evidence.remove": {
    method: "DELETE",
    path: "/evaluations/:id/evidence/:fileId",
    params: z.object({ id: z.string().min(1).max(100), fileId: z.string().min(1).max(100) }),
    status: 204,
    response: z.null(),
    errors: STANDARD,
    actions: ["evidence.upload"],
    tags: ["evidence"],
    summary: "删除佐证材料 / remove an evidence file",
  },
  "evidence.package": {
    method: "GET",
    path: "/evaluations/:id/working-papers",
    params: Id,
    status: 200,
    response: {
      file: {
        "application/zip": "the files by indicator, with 索引.csv (index: indicator, file, type, size, sha256, who, when) and 批注.csv",
      },
    },
    errors: STANDARD,
    actions: ["evidence.read"],
    tags: ["evidence"],
    summary: "底稿包（.zip，含索引表）/ the working-paper package: every file and an index sheet",
  },
  "notes.list": {
    method: "GET",
    path: "/evaluations/:id/notes",
    params: Id,
    status: 200,
    response: z.array(NoteView),
    errors: STANDARD,
    actions: ["note.read"],
    tags: ["notes"],
    summary: "批注 / review notes",
  },
  "notes.create": {
    method: "POST",
    path: "/evaluations/:id/notes",
    params: Id,
    body: CreateNoteRequest,
    status: 201,
    response: NoteView,
    errors: STANDARD,
    actions: ["note.create"],
    tags: ["notes"],
    summary: "添加批注（指标或数值）/ write a review note on an indicator or a figure",
  },
  "notes.update": {
    method: "PUT",
    path: "/evaluations/:id/notes/:noteId",
    params: z.object({ id: z.string().min(1).max(100), noteId: z.string().min(1).max(100) }),
    body: UpdateNoteRequest,
    status: 200,
    response: NoteView,
    errors: STANDARD,
    actions: ["note.resolve"],
    tags: ["notes"],
    summary: "解决或重开批注 / resolve or reopen a review note",
  },

  // ── exchange: files and tables in and out ──
  "exchange.importFile": {
    method: "POST",
    path: "/evaluations/import",
    body: ImportFileRequest,
    status: 201,
    response: EvaluationDetail,
    errors: STANDARD,
    actions: ["evaluation.create"],
    tags: ["import-export"],
    summary: "导入 Jixiao 文件（.yaml / .json）/ import a Jixiao file as a new evaluation",
  },
  "exchange.importTables": {
    method: "POST",
    path: "/imports",
    query: z.strictObject({ partial: z.enum(["true", "false"]).default("false") }),
    upload: { field: "file", accept: [".xlsx", ".csv"] },
    status: 200,
    response: ImportTablesView,
    errors: EXCHANGE,
    actions: ["template.read"],
    tags: ["import-export"],
    summary: "导入 .xlsx/.csv 表格 / import tables: the model, or every cell in error (422)",
  },
  "exchange.templateWorkbook": {
    method: "GET",
    path: "/templates/:name/xlsx",
    params: z.object({ name: z.string().min(1).max(50) }),
    status: 200,
    response: { file: { [XLSX_MEDIA_TYPE]: "the .xlsx workbook" } },
    errors: EXCHANGE,
    actions: ["template.read"],
    tags: ["import-export"],
    summary: "下载 .xlsx 模板 / an .xlsx template (年度绩效目标表, 评分表, 人员情况, 资金情况, 全部)",
  },
  "exchange.export": {
    method: "GET",
    path: "/evaluations/:id/export",
    params: Id,
    query: z.strictObject({ format: z.enum(["json", "xlsx"]).default("json") }),
    status: 200,
    response: {
      file: {
        "application/json": "format=json: the Jixiao file (the evaluation document)",
        [XLSX_MEDIA_TYPE]: "format=xlsx: a workbook whose every score, subtotal, rate, total and grade is a live formula",
      },
    },
    errors: STANDARD,
    actions: ["evaluation.read"],
    tags: ["import-export"],
    summary:
      "导出 Jixiao 文件（JSON）或工作簿（xlsx，得分均为公式）/ export the Jixiao file (JSON) or a workbook with live formulas (xlsx)",
  },

  "exchange.auditForms": {
    method: "POST",
    path: "/audits",
    query: z.strictObject({ lang: z.enum(["zh", "en"]).default("zh") }),
    upload: { field: "file", accept: [".zip"] },
    status: 200,
    response: {
      file: {
        [XLSX_MEDIA_TYPE]:
          "the summary: 汇总 (one row per form: file, unit, year, totals and grades printed and recomputed, errors, warnings — or why it cannot be read) and 诊断 (every diagnostic with file, table and row)",
      },
    },
    errors: EXCHANGE,
    actions: ["form.audit"],
    tags: ["import-export"],
    summary:
      "批量审核（上传 .zip：.docx / .xlsx / .txt / .pdf 表格，至多 500 份）→ 审核汇总 .xlsx / audit a .zip of forms (at most 500): the summary workbook",
  },

  // ── reports ──
  "reports.render": {
    method: "GET",
    path: "/evaluations/:id/report",
    params: Id,
    query: z.strictObject({
      format: ReportFormat.default("docx"),
      template: z.string().min(1).max(50).default("seed"),
      lang: z.enum(["zh", "en"]).default("zh"),
    }),
    status: 200,
    response: {
      file: {
        [DOCX_MEDIA_TYPE]: "format=docx (the footer names the evaluation's version and when it was saved)",
        "application/pdf": "format=pdf",
        "text/html": "format=html",
        "text/markdown": "format=md",
      },
    },
    errors: [...STANDARD, 422, 503],
    actions: ["evaluation.read"],
    tags: ["reports"],
    summary: "评价报告（docx / pdf / html / md）/ the evaluation report as a document",
  },

  "reports.wordTemplate": {
    method: "POST",
    path: "/evaluations/:id/report/word-template",
    params: Id,
    query: z.strictObject({ format: z.enum(["docx", "pdf"]).default("docx"), lang: z.enum(["zh", "en"]).default("zh") }),
    upload: { field: "file", accept: [".docx"] },
    status: 200,
    response: { file: { [DOCX_MEDIA_TYPE]: "format=docx: the firm's template, filled", "application/pdf": "format=pdf" } },
    errors: [...STANDARD, 413, 422, 503],
    actions: ["evaluation.read"],
    tags: ["reports"],
    summary:
      "按本单位 Word 模板生成报告（上传 .docx，含 {{meta.title}} 等占位符；不保存模板）/ the report in the firm's own Word template (uploaded per request, not kept)",
  },

  // ── 绩效目标申报与审核: target filings, versions, reviews (services/target-service.ts) ──
  "filings.list": {
    method: "GET",
    path: "/filings",
    query: ListFilingsQuery,
    status: 200,
    response: z.array(FilingSummary),
    errors: [400, 401, 403],
    actions: ["filing.read"],
    tags: ["filings"],
    summary: "绩效目标申报列表 / target filings the caller may see",
  },
  "filings.create": {
    method: "POST",
    path: "/filings",
    body: CreateFilingRequest,
    status: 201,
    response: FilingDetail,
    errors: [400, 401, 403, 409, 422],
    actions: ["filing.create"],
    tags: ["filings"],
    summary: "新建绩效目标申报（编制，第 1 版）/ file performance targets (a draft, version 1)",
  },
  "filings.get": {
    method: "GET",
    path: "/filings/:id",
    params: Id,
    status: 200,
    response: FilingDetail,
    errors: [400, 401, 404],
    actions: ["filing.read"],
    tags: ["filings"],
    summary:
      "一份申报：文件、状态、可执行操作、最近审核 / one filing with its document, status, what the caller may do and the last review",
  },
  "filings.update": {
    method: "PUT",
    path: "/filings/:id",
    params: Id,
    body: UpdateFilingRequest,
    status: 200,
    response: FilingDetail,
    errors: [...STANDARD, 422],
    actions: ["filing.update"],
    tags: ["filings"],
    summary:
      "保存申报（编制、退回修改、调整中；审核中锁定：409 filing-locked）/ save the filing (a new version; locked while under review)",
  },
  "filings.versions": {
    method: "GET",
    path: "/filings/:id/versions",
    params: Id,
    status: 200,
    response: z.array(FilingVersionView),
    errors: [400, 401, 404],
    actions: ["filing.read"],
    tags: ["filings"],
    summary: "申报的各版本（编制 / 批复 / 调整）/ every version of the filing (filed, approved, adjusted)",
  },
  "filings.version": {
    method: "GET",
    path: "/filings/:id/versions/:version",
    params: z.object({ id: Id.shape.id, version: z.coerce.number().int().min(1).max(1_000_000) }),
    status: 200,
    response: FilingDocument,
    errors: [400, 401, 404],
    actions: ["filing.read"],
    tags: ["filings"],
    summary: "某一版本的申报文件 / the document of one version",
  },
  "filings.diff": {
    method: "GET",
    path: "/filings/:id/diff",
    params: Id,
    query: FilingDiffQuery,
    status: 200,
    response: FilingDiffView,
    errors: [400, 401, 404],
    actions: ["filing.read"],
    tags: ["filings"],
    summary:
      "两版对照（默认：批复版与当前版，即调整前后）/ two versions side by side (by default the approved one and the current one: before and after the adjustment)",
  },
  "filings.transition": {
    method: "POST",
    path: "/filings/:id/transitions",
    params: Id,
    body: FilingTransitionRequest,
    status: 200,
    response: FilingDetail,
    errors: STANDARD,
    actions: ["filing.submit", "filing.adjust"],
    tags: ["filings"],
    summary: "提交（送部门审核）或调整（已批复的申报，须填原因）/ submit for review, or adjust an approved filing (reason required)",
  },
  "filings.reviews": {
    method: "GET",
    path: "/filings/:id/reviews",
    params: Id,
    status: 200,
    response: z.array(FilingReviewView),
    errors: [400, 401, 404],
    actions: ["filing.read"],
    tags: ["filings"],
    summary: "审核记录（部门、财政、专家）/ the reviews: department, finance, invited experts",
  },
  "filings.review": {
    method: "POST",
    path: "/filings/:id/reviews",
    params: Id,
    body: CreateReviewRequest,
    status: 201,
    response: FilingReviewView,
    errors: STANDARD,
    actions: ["filing.pass", "filing.return", "filing.reject", "filing.opine"],
    tags: ["filings"],
    summary:
      "审核：完整性、相关性、适当性、可行性逐项意见，结论（通过 / 退回修改 / 不予通过）与审核意见；按状态表推进（受邀专家仅提意见）/ review: per criterion, a conclusion and the opinion; moves the status by the table (an invited expert's is advisory)",
  },
  "filings.check": {
    method: "GET",
    path: "/filings/:id/check",
    params: Id,
    status: 200,
    response: FilingCheckView,
    errors: [400, 401, 404, 422],
    actions: ["filing.read"],
    tags: ["filings"],
    summary: "目标质量审核（无可衡量值、方向与指标矛盾、单位不符、低于上年实际、产出效益混淆、权重不合计）/ the target-quality check",
  },
  "filings.invite": {
    method: "PUT",
    path: "/filings/:id/invitations/:userId",
    params: z.object({ id: Id.shape.id, userId: Id.shape.id }),
    status: 204,
    response: z.null(),
    errors: [...STANDARD, 422],
    actions: ["filing.invite"],
    tags: ["filings"],
    summary: "邀请专家或评价机构对申报提出意见 / invite an expert or an agency's evaluator to give an opinion",
  },
  "filings.invitations": {
    method: "GET",
    path: "/filings/:id/invitations",
    params: Id,
    status: 200,
    response: z.array(FilingInvitationView),
    errors: [400, 401, 403, 404],
    actions: ["filing.invite"],
    tags: ["filings"],
    summary: "受邀的专家、第三方（谁邀请、何时、已提意见数）/ who is invited to give an opinion: by whom, when, opinions given",
  },
  "filings.startEvaluation": {
    method: "POST",
    path: "/filings/:id/evaluation",
    params: Id,
    body: StartEvaluationRequest,
    status: 201,
    response: EvaluationDetail,
    errors: [...STANDARD, 422],
    actions: ["filing.startEvaluation", "evaluation.create"],
    tags: ["filings"],
    summary:
      "依据批复的绩效目标新建评价（表1 与指标体系来自申报）/ start an evaluation from the approved filing (its 表1 and indicator tree come from it)",
  },
  "filings.exportWorkbook": {
    method: "GET",
    path: "/filings/:id/workbook",
    params: Id,
    status: 200,
    response: { file: { [XLSX_MEDIA_TYPE]: "the 申报表: header block, 资金 by source (live total), goals, the indicator table" } },
    errors: [400, 401, 404, 422],
    actions: ["filing.read"],
    tags: ["filings", "import-export"],
    summary: "下载申报表（.xlsx，当前版本）/ the filing's current version as its 申报表 workbook",
  },
  "filings.templateWorkbook": {
    method: "GET",
    path: "/filing-templates/:kind",
    params: FilingTemplateParams,
    status: 200,
    response: { file: { [XLSX_MEDIA_TYPE]: "a blank 申报表: the labels, the funds rows and the usual 一级/二级指标" } },
    errors: [400, 401, 403],
    actions: ["filing.read"],
    tags: ["filings", "import-export"],
    summary: "下载空白申报表（project：项目支出；department：部门整体支出）/ a blank 申报表 to fill in",
  },
  "filings.importWorkbook": {
    method: "POST",
    path: "/filings/workbook",
    query: ImportFilingQuery,
    upload: { field: "file", accept: [".xlsx"] },
    status: 201,
    response: FilingDetail,
    errors: [400, 401, 403, 409, 413, 422, 503],
    actions: ["filing.create"],
    tags: ["filings", "import-export"],
    summary:
      "上传申报表新建申报（编制，第 1 版；错误逐格列出：422）/ upload a filled 申报表 as a new filing (every cell in error listed: 422)",
  },
  "filings.replaceWorkbook": {
    method: "PUT",
    path: "/filings/:id/workbook",
    params: Id,
    query: ReplaceFilingQuery,
    upload: { field: "file", accept: [".xlsx"] },
    status: 200,
    response: FilingDetail,
    errors: [...STANDARD, 413, 422, 503],
    actions: ["filing.update"],
    tags: ["filings", "import-export"],
    summary:
      "上传申报表作为新版本（仅可编辑时；审核中锁定：409 filing-locked）/ upload a 申报表 as the filing's next version (only while editable)",
  },

  // ── 运行监控: monitoring tasks, reports, lights, conclusions (services/monitoring-service.ts) ──
  "monitoring.listTasks": {
    method: "GET",
    path: "/monitoring/tasks",
    query: ListTasksQuery,
    status: 200,
    response: z.array(MonitoringTaskView),
    errors: [400, 401, 403],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary: "监控任务 / monitoring tasks the caller may see",
  },
  "monitoring.createTask": {
    method: "POST",
    path: "/monitoring/tasks",
    body: CreateMonitoringTaskRequest,
    status: 201,
    response: MonitoringTaskView,
    errors: [400, 401, 403, 409],
    actions: ["monitoring.manage"],
    tags: ["monitoring"],
    summary: "下达监控任务（1–M月、截止日、一般 / 重点监控、覆盖的已批复项目）/ issue a monitoring task",
  },
  "monitoring.getTask": {
    method: "GET",
    path: "/monitoring/tasks/:id",
    params: Id,
    status: 200,
    response: MonitoringTaskView,
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary: "一项监控任务与各项目的报送情况 / one task and each project's reporting",
  },
  "monitoring.updateTask": {
    method: "PUT",
    path: "/monitoring/tasks/:id",
    params: Id,
    body: UpdateMonitoringTaskRequest,
    status: 200,
    response: MonitoringTaskView,
    errors: STANDARD,
    actions: ["monitoring.manage"],
    tags: ["monitoring"],
    summary: "修改监控任务（名称、截止日、覆盖项目；已报送的项目不能移出）/ change a task (a project that reported stays)",
  },
  "monitoring.deleteTask": {
    method: "DELETE",
    path: "/monitoring/tasks/:id",
    params: Id,
    status: 204,
    response: z.null(),
    errors: STANDARD,
    actions: ["monitoring.manage"],
    tags: ["monitoring"],
    summary: "撤销监控任务（尚无报送时）/ withdraw a task (only while nothing was reported)",
  },
  "monitoring.getReport": {
    method: "GET",
    path: "/monitoring/tasks/:id/reports/:filingId",
    params: TaskFilingParams,
    status: 200,
    response: MonitoringReportView,
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary: "一个项目的监控表 / one project's monitoring report",
  },
  "monitoring.submitReport": {
    method: "PUT",
    path: "/monitoring/tasks/:id/reports/:filingId",
    params: TaskFilingParams,
    body: SubmitReportRequest,
    status: 200,
    response: MonitoringReportView,
    errors: [...STANDARD, 422],
    actions: ["monitoring.report"],
    tags: ["monitoring"],
    summary:
      "报送监控表（一般监控：部门；重点监控：财政；截止后报送记为逾期）/ submit a monitoring report (general: the department; key: finance; after the deadline it is late)",
  },
  "monitoring.exportReport": {
    method: "GET",
    path: "/monitoring/tasks/:id/reports/:filingId/workbook",
    params: TaskFilingParams,
    status: 200,
    response: {
      file: { [XLSX_MEDIA_TYPE]: "the 监控表: budget execution by source (live 执行率), indicators, ticked 偏差原因 and 完成目标可能性" },
    },
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring", "import-export"],
    summary: "下载一个项目的监控表（.xlsx）/ one project's monitoring report as its 监控表 workbook",
  },
  "monitoring.templateWorkbook": {
    method: "GET",
    path: "/monitoring/tasks/:id/template",
    params: Id,
    query: MonitoringTemplateQuery,
    status: 200,
    response: {
      file: { [XLSX_MEDIA_TYPE]: "a 监控表 for months 1—M of the task: blank, or with filingId the project's approved indicators" },
    },
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring", "import-export"],
    summary:
      "下载监控表模板（1—M月；给出 filingId 时预填该项目批复的指标）/ the 监控表 to fill for the task's months (with filingId: the project's approved indicators in it)",
  },
  "monitoring.importReport": {
    method: "PUT",
    path: "/monitoring/tasks/:id/reports/:filingId/workbook",
    params: TaskFilingParams,
    upload: { field: "file", accept: [".xlsx"] },
    status: 200,
    response: MonitoringReportView,
    errors: [...STANDARD, 413, 422, 503],
    actions: ["monitoring.report"],
    tags: ["monitoring", "import-export"],
    summary:
      "上传监控表作为项目的报送（错误逐格列出：422）/ upload a filled 监控表 as the project's report (every cell in error listed: 422)",
  },
  "monitoring.lights": {
    method: "GET",
    path: "/monitoring/tasks/:id/lights",
    params: Id,
    status: 200,
    response: TaskLightsView,
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary:
      "预警灯：每个项目的灯、预算执行、各指标（公式带数值）、报送及时性 / warning lights per project, budget, indicator and timeliness",
  },
  "monitoring.projectLights": {
    method: "GET",
    path: "/monitoring/tasks/:id/lights/:filingId",
    params: TaskFilingParams,
    status: 200,
    response: ProjectLightsView,
    errors: [400, 401, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary: "一个项目的预警灯（下钻到指标）/ one project's lights, down to the indicators",
  },
  "monitoring.dashboard": {
    method: "GET",
    path: "/monitoring/dashboard",
    query: DashboardQuery,
    status: 200,
    response: MonitoringDashboardView,
    errors: [400, 401, 403, 404],
    actions: ["monitoring.read"],
    tags: ["monitoring"],
    summary: "监控驾驶舱：按部门与项目的预警灯、报送及时性、执行进度 / the monitoring dashboard",
  },
  "monitoring.conclude": {
    method: "PUT",
    path: "/monitoring/tasks/:id/conclusions/:filingId",
    params: TaskFilingParams,
    body: ConclusionRequest,
    status: 200,
    response: ConclusionView,
    errors: STANDARD,
    actions: ["monitoring.conclude"],
    tags: ["monitoring"],
    summary:
      "财政处理意见（无问题 / 督促整改 / 调整预算 / 暂缓拨款 / 暂停实施，附原因）/ finance's conclusion on a project, with its reason",
  },

  // ── 绩效公开: the public view of published evaluations (also without an account; read-only, rate-limited) ──
  "public.list": {
    method: "GET",
    path: "/public/evaluations",
    query: PublicListQuery,
    status: 200,
    response: PublicEvaluationList,
    errors: [400, 401, 429],
    actions: ["evaluation.readPublic"],
    tags: ["public"],
    summary: "公开的评价（已发布）/ published evaluations, as the public sees them",
  },
  "public.get": {
    method: "GET",
    path: "/public/evaluations/:id",
    params: Id,
    status: 200,
    response: PublicEvaluationView,
    errors: [400, 401, 404, 429],
    actions: ["evaluation.readPublic"],
    tags: ["public"],
    summary: "一项已发布评价的公开信息（总分、等级、一级指标、更正说明）/ one published evaluation as the public sees it",
  },
  "public.report": {
    method: "GET",
    path: "/public/evaluations/:id/report",
    params: Id,
    query: z.strictObject({ format: PublicReportFormat.default("pdf"), template: z.string().min(1).max(50).default("seed") }),
    status: 200,
    response: { file: { "application/pdf": "format=pdf", "text/html": "format=html" } },
    errors: [400, 401, 404, 422, 429, 503],
    actions: ["evaluation.readPublic"],
    tags: ["public"],
    summary: "公开的评价报告（pdf / html，按已发布版本生成）/ the published report (pdf / html, from the published revision)",
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;
export type EndpointOf<N extends EndpointName> = (typeof ENDPOINTS)[N];
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/** The endpoints whose names start with `resource.` (a server module registers exactly these). */
export type EndpointsOf<R extends string> = Extract<EndpointName, `${R}.${string}`>;

/** The validated (parsed) parameters, query and body of a request, as a handler sees them. */
export type ParsedParams<N extends EndpointName> = EndpointOf<N> extends { params: infer S extends z.ZodType } ? z.output<S> : undefined;
export type ParsedQuery<N extends EndpointName> = EndpointOf<N> extends { query: infer S extends z.ZodType } ? z.output<S> : undefined;
export type ParsedBody<N extends EndpointName> = EndpointOf<N> extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What a successful JSON answer carries (`never` for a download: fetch it by its URL). */
export type EndpointResponse<N extends EndpointName> = EndpointOf<N>["response"] extends infer S extends z.ZodType ? z.output<S> : never;

/** Endpoints answering with a file (reports, workbooks, exports). */
export type DownloadEndpoint = { [N in EndpointName]: EndpointOf<N>["response"] extends FileResponse ? N : never }[EndpointName];

/** What a client sends: path parameters and body when the endpoint has them, the query always optional. */
export type EndpointRequest<N extends EndpointName> = (EndpointOf<N> extends { params: infer S extends z.ZodType }
  ? { params: z.input<S> }
  : { params?: undefined }) &
  (EndpointOf<N> extends { query: infer S extends z.ZodType } ? { query?: z.input<S> } : { query?: undefined }) &
  (EndpointOf<N> extends { body: infer S extends z.ZodType }
    ? { body: z.input<S> }
    : EndpointOf<N> extends { upload: object }
      ? { body: FormData }
      : { body?: undefined });

export const isFileResponse = (r: z.ZodType | FileResponse): r is FileResponse => !(r instanceof z.ZodType) && "file" in r;

/**
 * An endpoint's URL under `prefix` (API_PREFIX): parameters percent-encoded into the path, the
 * query's defined, non-empty values as a query string.
 */
export function endpointUrl(
  prefix: string,
  name: EndpointName,
  params?: Record<string, string | number>,
  query?: Record<string, unknown>,
): string {
  const path = ENDPOINTS[name].path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    const v = params?.[k];
    if (v === undefined) throw new Error(`${name}: missing path parameter ${k}`);
    return encodeURIComponent(String(v));
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const q = qs.toString();
  return `${prefix}${path}${q ? `?${q}` : ""}`;
}

/** The route schema (params, query, body, responses, tags, summary) Fastify and the OpenAPI document take. */
export function routeSchema(e: Endpoint) {
  const success = isFileResponse(e.response)
    ? {
        description: Object.entries(e.response.file)
          .map(([t, d]) => `${t}: ${d}`)
          .join("; "),
        content: Object.fromEntries(Object.keys(e.response.file).map((t) => [t, { schema: FileBytes }])),
      }
    : e.response;
  return {
    tags: [...e.tags],
    summary: e.summary,
    ...(e.actions.length ? { description: `policy: ${e.actions.join(", ")}` } : {}),
    ...(e.params ? { params: e.params } : {}),
    ...(e.query ? { querystring: e.query } : {}),
    ...(e.body ? { body: e.body } : {}),
    response: { [e.status]: success, ...Object.fromEntries(e.errors.map((s) => [s, ApiError])) },
  };
}

/** The bytes of a download, as OpenAPI describes a binary body. */
const FileBytes = z.string().meta({ format: "binary" });
