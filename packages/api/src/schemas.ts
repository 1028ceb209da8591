/**
 * Request and response schemas of the HTTP API (JSON under /api/v1). Unknown fields are
 * rejected (strict objects). Evaluation documents are validated by the engine's schema.
 */
import type { Bilingual as BilingualText } from "@jixiao/engine";
import * as z from "zod";
import { PATH_LIMITS, jsonProblem, pathProblem } from "./json-path.js";

export const API_PREFIX = "/api/v1";

/** Roles (角色). One policy module on the server decides what each may do. */
export const Role = z.enum(["finance_admin", "evaluator", "department", "expert", "visitor"]);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, Bilingual> = {
  finance_admin: { zh: "财政管理员", en: "Finance administrator" },
  evaluator: { zh: "评价机构", en: "Evaluation agency" },
  department: { zh: "部门用户", en: "Department user" },
  expert: { zh: "专家", en: "Expert" },
  visitor: { zh: "访客", en: "Visitor" },
};

/** A text in Chinese and English: the engine's `Bilingual` (one type for every package), and its schema. */
export type Bilingual = BilingualText;
export const Bilingual = z.object({ zh: z.string(), en: z.string() }) satisfies z.ZodType<Bilingual>;

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: Bilingual,
    /** Field errors for 400s: the path in the request body and what was expected. */
    fields: z.array(z.object({ path: z.string(), message: Bilingual })).optional(),
    /** For 409: the version the resource has now. */
    currentVersion: z.number().int().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

// ── accounts ───────────────────────────────────────────────────────────────────────────────

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const PasswordChangeRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256),
});

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const SessionView = z.object({
  user: UserView,
  csrfToken: z.string(),
  /** What this user may do, for the UI to show or hide (the server decides regardless). */
  permissions: z.array(z.string()),
});
export type SessionView = z.infer<typeof SessionView>;

/**
 * A new account, always in an organisation inside the administrator's subtree: 财政管理员 in a
 * region, 评价机构 in an agency, 部门用户 in a department or unit, 专家 and 访客 in the region
 * (or other organisation) whose bureau registered them.
 */
export const CreateUserRequest = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/),
  displayName: z.string().min(1).max(100),
  password: z.string().min(10).max(256),
  role: Role,
  organisationId: z.string().min(1).max(100),
});

// ── organisations ──────────────────────────────────────────────────────────────────────────

export const OrganisationKind = z.enum(["region", "department", "unit", "agency"]);
export const OrganisationView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: OrganisationKind,
});
export type OrganisationView = z.infer<typeof OrganisationView>;
/** A new organisation under one inside the administrator's subtree (top-level regions are set up by the operator). */
export const CreateOrganisationRequest = z.strictObject({
  name: z.string().min(1).max(200),
  kind: OrganisationKind,
  parentId: z.string().min(1).max(100),
});

// ── evaluations ────────────────────────────────────────────────────────────────────────────

/**
 * 评价状态. How one status leads to another (who may, with which action, whether a reason is
 * required) is the server policy's status table (packages/server/src/policy.ts, shown in
 * docs/permissions.md).
 */
export const EvaluationStatus = z.enum(["draft", "submitted", "returned", "accepted", "published", "archived"]);
export type EvaluationStatus = z.infer<typeof EvaluationStatus>;

export const STATUS_LABELS: Record<EvaluationStatus, Bilingual> = {
  draft: { zh: "草稿", en: "Draft" },
  submitted: { zh: "已提交", en: "Submitted" },
  returned: { zh: "退回修改", en: "Returned" },
  accepted: { zh: "审核通过", en: "Accepted" },
  published: { zh: "已发布", en: "Published" },
  archived: { zh: "已归档", en: "Archived" },
};

/** The actions that move an evaluation through the status table. */
export const TransitionAction = z.enum(["submit", "return", "accept", "publish", "correct", "archive"]);
export type TransitionAction = z.infer<typeof TransitionAction>;

export const ACTION_LABELS: Record<TransitionAction, Bilingual> = {
  submit: { zh: "提交", en: "Submit" },
  return: { zh: "退回", en: "Return" },
  accept: { zh: "审核通过", en: "Accept" },
  publish: { zh: "发布", en: "Publish" },
  correct: { zh: "更正", en: "Correct" },
  archive: { zh: "归档", en: "Archive" },
};

export const EvaluationSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  fiscalYear: z.number().int(),
  organisationId: z.string(),
  organisationName: z.string(),
  agencyId: z.string().nullable(),
  status: EvaluationStatus,
  version: z.number().int(),
  /** Total score, "85.73", or null when an indicator is not scored (then see partialTotal). */
  total: z.string().nullable(),
  /** Null while any indicator is not scored: a partial total is never graded. */
  grade: z.string().nullable(),
  /** Indicators not scored (未评分). */
  unscored: z.number().int(),
  /** 部分合计 while `unscored` > 0, else null. */
  partialTotal: z.string().nullable(),
  errors: z.number().int(),
  warnings: z.number().int(),
  updatedAt: z.string(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummary>;

/** What the current user may do with this evaluation, as the server's policy decides. */
export const EvaluationAccess = z.object({
  /** Edit the document (only while 草稿 or 退回修改). */
  update: z.boolean(),
  /** The status actions this user may take now: where each leads and whether it needs a reason. */
  actions: z.array(z.object({ action: TransitionAction, to: EvaluationStatus, reasonRequired: z.boolean() })),
  /** An expert may edit the scoring fields of the indicators assigned to them … */
  scoreAssigned: z.boolean(),
  /** … these (node ids); empty for everyone else. */
  assignedNodes: z.array(z.string()),
  /** What this user may do now with its data requests and feedback (dataRequest.read, feedback.create …). */
  collaboration: z.array(z.string()).optional(),
});
export type EvaluationAccess = z.infer<typeof EvaluationAccess>;

/**
 * The last status change (提交, 退回 with its reason, 审核通过, 发布, 更正, 归档): who, in which role,
 * when and why — the workspace shows it as a banner (a return's reason to the author). Null before
 * the first one.
 */
export const StatusChangeView = z.object({
  action: TransitionAction,
  to: EvaluationStatus,
  by: z.string().nullable(),
  byRole: Role.nullable(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type StatusChangeView = z.infer<typeof StatusChangeView>;

export const EvaluationDetail = EvaluationSummary.extend({
  document: z.unknown(),
  access: EvaluationAccess,
  lastStatusChange: StatusChangeView.nullable().optional(),
});
export type EvaluationDetail = z.infer<typeof EvaluationDetail>;

export const ListEvaluationsQuery = z.strictObject({
  year: z.coerce.number().int().optional(),
  organisationId: z.string().optional(),
  kind: z.string().optional(),
  status: EvaluationStatus.optional(),
  grade: z.string().optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(["updatedAt", "total", "title", "fiscalYear"]).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/**
 * A JSON document from a request: nested at most PATH_LIMITS.maxDocumentDepth levels and free of
 * `__proto__` / `constructor` / `prototype` keys, checked without recursion before anything
 * walks it. A problem is a 400 naming the field (`body.document.indicators[0]…`), in zh and en.
 */
export const JsonDocument = z.unknown().superRefine((value, ctx) => {
  const p = jsonProblem(value);
  if (p) ctx.addIssue({ code: "custom", path: p.path, message: p.message.en, params: { zh: p.message.zh } });
});

/** A path into a document (json-path.ts): bounded length, no prototype keys, integer indices. */
export const DocumentPath = z
  .array(z.union([z.string().max(PATH_LIMITS.maxKeyLength), z.number().int().min(0)]))
  .min(1)
  .max(PATH_LIMITS.maxDepth)
  .superRefine((path, ctx) => {
    const p = pathProblem(path);
    if (p) ctx.addIssue({ code: "custom", path: p.index >= 0 ? [p.index] : [], message: p.message.en, params: { zh: p.message.zh } });
  });

export const CreateEvaluationRequest = z.strictObject({
  organisationId: z.string(),
  /** Start from a template (`jixiao templates`) … */
  template: z.string().optional(),
  fiscalYear: z.number().int().min(1990).max(2100).optional(),
  /** … or from a whole Jixiao document. */
  document: JsonDocument.optional(),
  agencyId: z.string().nullable().optional(),
  reason: z.string().max(500).optional(),
  /** Within a commission (委托): the subject, year, kind and agency are the commission's. */
  commissionId: z.string().min(1).max(100).optional(),
});

export const UpdateEvaluationRequest = z.strictObject({
  /** The version this edit is based on: a stale version gets 409. */
  version: z.number().int().min(1),
  document: JsonDocument,
  reason: z.string().max(500).optional(),
});

/** Field-level edits: each sets the value at a path of the document (null deletes it). */
export const PatchEvaluationRequest = z.strictObject({
  version: z.number().int().min(1),
  changes: z
    .array(z.strictObject({ path: DocumentPath, value: JsonDocument }))
    .min(1)
    .max(500),
  reason: z.string().max(500).optional(),
});

/**
 * POST /evaluations/:id/transitions: take one action of the status table (提交, 退回, 审核通过,
 * 发布, 更正, 归档) on the version it is based on. `reason` is required where the table says so
 * (退回, 更正, archiving unpublished work). Only with 更正: the corrected fields as `changes` (as
 * in a PATCH) or the whole corrected `document` (as in a PUT) — one of the two; the evaluation
 * stays published.
 */
export const TransitionRequest = z.strictObject({
  version: z.number().int().min(1),
  action: TransitionAction,
  reason: z.string().trim().max(500).optional(),
  /** 提交 with open review notes (批注): why they do not hold the submission up (audited). */
  overrideNotes: z.string().trim().max(500).optional(),
  changes: PatchEvaluationRequest.shape.changes.optional(),
  document: UpdateEvaluationRequest.shape.document.optional(),
});
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const RevisionView = z.object({
  version: z.number().int(),
  /** The author's display name (never an id). */
  author: z.string().nullable(),
  authorRole: Role.nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export const DiffEntry = z.object({
  type: z.enum(["CREATE", "REMOVE", "CHANGE"]),
  path: z.array(z.union([z.string(), z.number()])),
  oldValue: z.unknown().optional(),
  value: z.unknown().optional(),
  /** Where, in words ("城镇新增就业人数 · 实际值"), and the values as text (history.ts). */
  label: Bilingual,
  oldText: z.string(),
  newText: z.string(),
});
export type DiffEntry = z.infer<typeof DiffEntry>;

export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** Display name (never an id) and role of who did it; null for the system. */
  user: z.string().nullable(),
  userRole: Role.nullable(),
  action: z.string(),
  /** The action in words: 修改, 提交, 退回, 发布, 采纳资料 … */
  actionLabel: Bilingual,
  /** What changed, in words: "城镇新增就业人数 · 实际值", "状态", "资料清单 #1". */
  what: Bilingual,
  /** The values as text: statuses by their names, figures and words as they are. */
  oldText: z.string().nullable(),
  newText: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  path: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string().nullable(),
  hash: z.string(),
});

// ── portfolio ──────────────────────────────────────────────────────────────────────────────

export const PortfolioQuery = z.strictObject({ year: z.coerce.number().int().optional() });
export const PortfolioView = z.object({
  count: z.number().int(),
  byGrade: z.record(z.string(), z.number().int()),
  /** Counts per 10-point bucket: "80-90" → n. */
  distribution: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
  ranking: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      organisationName: z.string(),
      fiscalYear: z.number().int(),
      total: z.string(),
      grade: z.string().nullable(),
    }),
  ),
  byYear: z.array(z.object({ fiscalYear: z.number().int(), count: z.number().int(), average: z.string().nullable() })),
  attention: z.array(z.object({ id: z.string(), title: z.string(), errors: z.number().int(), warnings: z.number().int() })),
});
export type PortfolioView = z.infer<typeof PortfolioView>;

// ── templates ──────────────────────────────────────────────────────────────────────────────

/** A template: built in (部门整体支出 / 项目支出 / 自评表) or saved by a bureau or an evaluator. */
export const TemplateView = z.object({
  id: z.string(),
  name: z.string(),
  name_en: z.string(),
  description: z.string(),
  description_en: z.string(),
  builtin: z.boolean(),
  /** 评价对象类型, for saved templates. */
  kind: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type TemplateView = z.infer<typeof TemplateView>;

export const CreateTemplateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** Save the indicator system of an evaluation you may read … */
  fromEvaluationId: z.string().optional(),
  /** … or a whole Jixiao document (its data and results are dropped). */
  document: JsonDocument.optional(),
});

// ── Jixiao files ───────────────────────────────────────────────────────────────────────────

// ── tables (.xlsx / .csv) ──────────────────────────────────────────────────────────────────

/** One cell in error in uploaded tables: where ("评分表!E4") and what was expected. */
export const ImportProblemView = z.object({ code: z.string(), where: z.string(), message: Bilingual });
export type ImportProblemView = z.infer<typeof ImportProblemView>;

/**
 * POST /imports: the uploaded .xlsx/.csv read into a Jixiao document (nothing is stored: POST it
 * to /evaluations as `document`). Cells in error answer 422 instead, one `fields` entry per cell
 * (`path` "评分表!E4"). With `?partial=true` the valid rows are read and every row left out is
 * in `rejected`, each with where it is and why.
 */
export const ImportTablesView = z.object({
  /** The evaluation in the file's input form. */
  evaluation: z.record(z.string(), z.unknown()),
  /** The tables recognised: the sheet, its kind (scoring, goals, staff, funds …) and data rows read. */
  tables: z.array(z.object({ title: z.string(), kind: z.string(), rows: z.number().int() })),
  /** Rows left out (partial only): location ("评分表!A3"), table, the row's cells and the reason. */
  rejected: z.array(z.object({ where: z.string(), table: z.string(), cells: z.array(z.string()), reason: Bilingual })),
  /** With partial: the cell problems behind the rejected rows. */
  problems: z.array(ImportProblemView),
  /** What the importer inferred or filled in (the encoding read, placeholder titles …). */
  notes: z.array(Bilingual),
});
export type ImportTablesView = z.infer<typeof ImportTablesView>;

/** Import a Jixiao file (.yaml / .yml / .json) as a new evaluation: its text, as uploaded. */
export const ImportFileRequest = z.strictObject({
  organisationId: z.string(),
  /** The file's name: decides YAML or JSON (by extension, else by content) and names the file in errors. */
  filename: z.string().min(1).max(255),
  /** The file's text (UTF-8). */
  content: z.string().min(1),
  agencyId: z.string().nullable().optional(),
  reason: z.string().max(500).optional(),
  /** Within a commission (委托), as in CreateEvaluationRequest. */
  commissionId: z.string().min(1).max(100).optional(),
});

// ── findings (问题) and recommendations (建议) ───────────────────────────────────────────────

const FindingInput = z.strictObject({
  id: z.string().optional(),
  title: z.string().trim().min(1).max(500),
  text: z.string().max(20000).optional(),
  rules: z.array(z.string()).max(50).optional(),
  evidence: z.array(z.string().max(2000)).max(100).optional(),
});
const RecommendationInput = z.strictObject({
  id: z.string().optional(),
  title: z.string().trim().min(1).max(500),
  text: z.string().max(20000).optional(),
  findings: z.array(z.string()).max(50).optional(),
});

/** Replace an evaluation's findings and recommendations (with the version it is based on). */
export const UpdateFindingsRequest = z.strictObject({
  version: z.number().int().min(1),
  findings: z.array(FindingInput).max(200),
  recommendations: z.array(RecommendationInput).max(200),
  reason: z.string().max(500).optional(),
});

export const FindingsView = z.object({
  version: z.number().int(),
  /** As recorded in the evaluation. */
  findings: z.array(FindingInput),
  recommendations: z.array(RecommendationInput),
  /** Suggested by the finding rules from the data; `recorded` when a finding already cites the rule. */
  suggested: z.array(
    z.object({
      rule: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
      evidence: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), text: z.object({ zh: z.string(), en: z.string() }) })),
      recorded: z.boolean(),
    }),
  ),
});
export type FindingsView = z.infer<typeof FindingsView>;
