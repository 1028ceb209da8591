/**
 * 目标管理 + 运行监控: the year before the evaluation and the year itself. A department files its
 * performance targets (绩效目标申报, the engine's TargetFiling), its 主管部门 and then the finance
 * bureau review them (审核: per criterion, a conclusion, 审核意见); the approved version (批复) can
 * be adjusted (调整) with a reason, and can start an evaluation (its 表1 and indicator tree). In the
 * year the bureau issues monitoring tasks (监控任务: 1–M月, a deadline, 一般/重点); each covered
 * project reports (监控表, the engine's MonitoringReport) and gets warning lights (预警) by the
 * engine's rules; the bureau records a conclusion per project. Who may do each is the server
 * policy's (docs/permissions.md); the status machine of a filing is its FILING_STATUS_TABLE.
 */
import * as z from "zod";
import { Bilingual, JsonDocument, Role } from "./schemas.js";
import { DiagnosticView } from "./views.js";

const Id = z.string().min(1).max(100);

/** A target filing in its input form (the engine's TargetFilingSchema), as stored. */
export const FilingDocument = z
  .record(z.string(), z.unknown())
  .describe("a target filing (绩效目标申报表) in the engine's TargetFiling input form");
/** A monitoring report in its input form (the engine's MonitoringReportSchema), as stored. */
export const ReportDocument = z
  .record(z.string(), z.unknown())
  .describe("a monitoring report (监控表) in the engine's MonitoringReport input form");
const Text = (max: number) => z.string().trim().min(1).max(max);

// ── filings (绩效目标申报) ─────────────────────────────────────────────────────────────────

/**
 * 申报状态: 编制 draft → 部门审核 departmentReview → 财政审核 financeReview → 通过 approved (批复) /
 * 退回修改 returned / 不予通过 rejected; approved → 调整 adjusting → submitted again.
 */
export const FilingStatus = z.enum(["draft", "departmentReview", "financeReview", "approved", "returned", "rejected", "adjusting"]);
export type FilingStatus = z.infer<typeof FilingStatus>;

export const FILING_STATUS_LABELS: Record<FilingStatus, Bilingual> = {
  draft: { zh: "编制", en: "Draft" },
  departmentReview: { zh: "部门审核", en: "Department review" },
  financeReview: { zh: "财政审核", en: "Finance review" },
  approved: { zh: "通过（已批复）", en: "Approved" },
  returned: { zh: "退回修改", en: "Returned" },
  rejected: { zh: "不予通过", en: "Rejected" },
  adjusting: { zh: "调整中", en: "Being adjusted" },
};

/** The moves of a filing's status table: 提交, 审核通过, 退回修改, 不予通过, 调整. */
export const FilingAction = z.enum(["submit", "pass", "return", "reject", "adjust"]);
export type FilingAction = z.infer<typeof FilingAction>;

export const FILING_ACTION_LABELS: Record<FilingAction, Bilingual> = {
  submit: { zh: "提交", en: "Submit" },
  pass: { zh: "审核通过", en: "Pass" },
  return: { zh: "退回修改", en: "Return for revision" },
  reject: { zh: "不予通过", en: "Reject" },
  adjust: { zh: "调整", en: "Adjust" },
};

/** 申报表 kinds as the engine names them (项目支出 / 部门整体支出). */
export const FilingKindName = z.enum(["项目", "部门整体"]);

/** A version's stage: 编制 filed, 批复 approved, 调整 adjusted. */
export const FilingStage = z.enum(["filed", "approved", "adjusted"]);
export const FILING_STAGE_LABELS: Record<z.infer<typeof FilingStage>, Bilingual> = {
  filed: { zh: "编制", en: "Filed" },
  approved: { zh: "批复", en: "Approved" },
  adjusted: { zh: "调整", en: "Adjusted" },
};

/** Review stages: the 主管部门, the finance bureau, an invited expert or agency (opinion only). */
export const ReviewStage = z.enum(["department", "finance", "expert"]);
export type ReviewStage = z.infer<typeof ReviewStage>;

/** 审核要点: 完整性, 相关性, 适当性, 可行性. */
export const ReviewCriterion = z.enum(["completeness", "relevance", "appropriateness", "feasibility"]);
export type ReviewCriterion = z.infer<typeof ReviewCriterion>;
export const REVIEW_CRITERION_LABELS: Record<ReviewCriterion, Bilingual> = {
  completeness: { zh: "完整性", en: "Completeness" },
  relevance: { zh: "相关性", en: "Relevance" },
  appropriateness: { zh: "适当性", en: "Appropriateness" },
  feasibility: { zh: "可行性", en: "Feasibility" },
};
/** 符合 / 基本符合 / 不符合. */
export const CriterionRating = z.enum(["meets", "partly", "fails"]);
export const CRITERION_RATING_LABELS: Record<z.infer<typeof CriterionRating>, Bilingual> = {
  meets: { zh: "符合", en: "Meets" },
  partly: { zh: "基本符合", en: "Partly" },
  fails: { zh: "不符合", en: "Fails" },
};

/** 审核结论: 通过 / 退回修改 / 不予通过. */
export const ReviewConclusion = z.enum(["pass", "return", "reject"]);
export type ReviewConclusion = z.infer<typeof ReviewConclusion>;
export const REVIEW_CONCLUSION_LABELS: Record<ReviewConclusion, Bilingual> = {
  pass: { zh: "通过", en: "Pass" },
  return: { zh: "退回修改", en: "Return for revision" },
  reject: { zh: "不予通过", en: "Reject" },
};

export const CriterionOpinion = z.strictObject({ rating: CriterionRating, opinion: z.string().trim().max(2000).default("") });
export const ReviewCriteria = z.strictObject({
  completeness: CriterionOpinion,
  relevance: CriterionOpinion,
  appropriateness: CriterionOpinion,
  feasibility: CriterionOpinion,
});
export type ReviewCriteria = z.infer<typeof ReviewCriteria>;

export const FilingSummary = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  fiscalYear: z.number().int(),
  kind: FilingKindName,
  title: z.string(),
  status: FilingStatus,
  version: z.number().int(),
  approvedVersion: z.number().int().nullable(),
  /** The evaluation started from the approved filing, if any. */
  evaluationId: z.string().nullable(),
  updatedAt: z.string(),
});
export type FilingSummary = z.infer<typeof FilingSummary>;

/** What the caller may do with a filing now (the client's buttons). */
export const FilingAccess = z.object({
  edit: z.boolean(),
  actions: z.array(FilingAction),
  /** May give a review (with its stage) now: 主管部门 / 财政 / invited expert. */
  review: ReviewStage.nullable(),
  invite: z.boolean(),
  startEvaluation: z.boolean(),
});

export const FilingReviewView = z.object({
  id: z.string(),
  version: z.number().int(),
  stage: ReviewStage,
  reviewer: z.string(),
  reviewerRole: Role,
  criteria: ReviewCriteria,
  conclusion: ReviewConclusion,
  opinion: z.string(),
  createdAt: z.string(),
});
export type FilingReviewView = z.infer<typeof FilingReviewView>;

/** 受邀专家、第三方: who finance invited to give an opinion on a filing, by whom, when, and their opinions so far. */
export const FilingInvitationView = z.object({
  userId: z.string(),
  name: z.string(),
  role: Role,
  invitedBy: z.string().nullable(),
  invitedAt: z.string(),
  /** Opinions (expert-stage reviews) this invitee has given on the filing. */
  opinions: z.number().int().nonnegative(),
});
export type FilingInvitationView = z.infer<typeof FilingInvitationView>;

export const FilingDetail = FilingSummary.extend({
  document: FilingDocument,
  access: FilingAccess,
  /** The last review (the workspace's banner: who returned it and why). */
  lastReview: FilingReviewView.nullable(),
});
export type FilingDetail = z.infer<typeof FilingDetail>;

export const ListFilingsQuery = z.strictObject({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  status: FilingStatus.optional(),
  kind: FilingKindName.optional(),
  organisationId: Id.optional(),
});

/** 新建申报: for an organisation in the caller's subtree, the engine's TargetFiling document. */
export const CreateFilingRequest = z.strictObject({
  organisationId: Id,
  document: JsonDocument,
  reason: z.string().trim().max(500).optional(),
});

/** 上传申报表 as a new filing: where it is filed (the .xlsx is the multipart field `file`). */
export const ImportFilingQuery = z.strictObject({ organisationId: Id, reason: z.string().trim().max(500).optional() });

/** 上传申报表 as the next version of an editable filing, based on `version` (stale → 409). */
export const ReplaceFilingQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(1_000_000),
  reason: z.string().trim().max(500).optional(),
});

/** The blank 申报表 of each kind: project → 项目支出, department → 部门整体支出. */
export const FILING_TEMPLATE_KINDS = { project: "项目", department: "部门整体" } as const;
export const FilingTemplateParams = z.object({ kind: z.enum(["project", "department"]) });

/** 保存 (编制 or 调整): the whole document, based on `version` (stale → 409). Refused while under review (409 filing-locked). */
export const UpdateFilingRequest = z.strictObject({
  version: z.number().int().min(1),
  document: JsonDocument,
  reason: z.string().trim().max(500).optional(),
});

/** 提交 or 调整 (调整 needs the reason). Reviews move the other steps (filings.review). */
export const FilingTransitionRequest = z.strictObject({
  version: z.number().int().min(1),
  action: z.enum(["submit", "adjust"]),
  reason: z.string().trim().max(500).optional(),
});

/** 审核: per criterion a rating and opinion, the conclusion and 审核意见 (required for 退回修改 and 不予通过). */
export const CreateReviewRequest = z.strictObject({
  version: z.number().int().min(1),
  criteria: ReviewCriteria,
  conclusion: ReviewConclusion,
  opinion: z.string().trim().max(4000).default(""),
});

export const FilingVersionView = z.object({
  version: z.number().int(),
  stage: FilingStage,
  author: z.string().nullable(),
  authorRole: Role.nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  sha256: z.string(),
});

/** One row of the side-by-side comparison (原值 / 调整后), with where it is in words. */
export const FilingChangeView = z.object({
  kind: z.enum(["added", "removed", "changed"]),
  /** Where: "指标 · 城镇新增就业 · 指标值", "年度目标" … */
  label: Bilingual,
  path: z.array(z.union([z.string(), z.number()])),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type FilingChangeView = z.infer<typeof FilingChangeView>;

export const FilingDiffQuery = z.strictObject({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});
export const FilingDiffView = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** The reason given for the adjustment (the `to` version's), if any. */
  reason: z.string().nullable(),
  changes: z.array(FilingChangeView),
});

/** 目标质量审核: the engine's checkFiling diagnostics on the current document. */
export const FilingCheckView = z.object({
  summary: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  diagnostics: z.array(DiagnosticView),
});

/** 依据批复目标开展评价: an evaluation whose 表1 and indicator tree come from the approved version. */
export const StartEvaluationRequest = z.strictObject({
  /** 评价机构 of the region, or null (自评). */
  agencyId: Id.nullable().default(null),
  reason: z.string().trim().max(500).optional(),
});

// ── monitoring (运行监控) ──────────────────────────────────────────────────────────────────

/** 一般监控 (by departments) / 重点监控 (by the finance bureau). */
export const MonitoringKind = z.enum(["general", "key"]);
export type MonitoringKind = z.infer<typeof MonitoringKind>;
export const MONITORING_KIND_LABELS: Record<MonitoringKind, Bilingual> = {
  general: { zh: "一般监控", en: "General monitoring" },
  key: { zh: "重点监控", en: "Key monitoring" },
};

const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "YYYY-MM-DD");

export const CreateMonitoringTaskRequest = z.strictObject({
  title: Text(200),
  fiscalYear: z.number().int().min(1990).max(2100),
  /** M: the months elapsed (1–M月). */
  month: z.number().int().min(1).max(12),
  /** 报送截止日 YYYY-MM-DD. */
  deadline: IsoDate,
  kind: MonitoringKind,
  /** The approved filings (projects) covered. */
  filingIds: z.array(Id).min(1).max(2000),
});

export const UpdateMonitoringTaskRequest = z.strictObject({
  title: Text(200).optional(),
  deadline: IsoDate.optional(),
  filingIds: z.array(Id).min(1).max(2000).optional(),
});

/** 报送及时性: on time, late (after the deadline) or missing (none yet, the deadline passed) / pending (none yet, not due). */
export const Timeliness = z.enum(["onTime", "late", "missing", "pending"]);
export type Timeliness = z.infer<typeof Timeliness>;
export const TIMELINESS_LABELS: Record<Timeliness, Bilingual> = {
  onTime: { zh: "按时报送", en: "On time" },
  late: { zh: "逾期报送", en: "Late" },
  missing: { zh: "未报送（已逾期）", en: "Missing" },
  pending: { zh: "未报送", en: "Not yet" },
};

/** 财政处理意见: 无问题 / 督促整改 / 调整预算 / 暂缓拨款 / 暂停实施. */
export const MonitoringConclusion = z.enum(["noIssue", "rectify", "adjustBudget", "withholdFunds", "suspend"]);
export type MonitoringConclusion = z.infer<typeof MonitoringConclusion>;
export const MONITORING_CONCLUSION_LABELS: Record<MonitoringConclusion, Bilingual> = {
  noIssue: { zh: "无问题", en: "No issue" },
  rectify: { zh: "督促整改", en: "Rectify" },
  adjustBudget: { zh: "调整预算", en: "Adjust the budget" },
  withholdFunds: { zh: "暂缓拨款", en: "Withhold funds" },
  suspend: { zh: "暂停实施", en: "Suspend" },
};

export const ConclusionRequest = z.strictObject({ conclusion: MonitoringConclusion, reason: Text(2000) });

export const ConclusionView = z.object({
  conclusion: MonitoringConclusion,
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type ConclusionView = z.infer<typeof ConclusionView>;

/** A project covered by a task, as the task lists it. */
export const MonitoredProjectView = z.object({
  filingId: z.string(),
  title: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  timeliness: Timeliness,
  submittedAt: z.string().nullable(),
  conclusion: ConclusionView.nullable(),
});
export type MonitoredProjectView = z.infer<typeof MonitoredProjectView>;

export const MonitoringTaskView = z.object({
  id: z.string(),
  title: z.string(),
  fiscalYear: z.number().int(),
  month: z.number().int(),
  deadline: z.string(),
  kind: MonitoringKind,
  organisationId: z.string(),
  organisationName: z.string(),
  createdAt: z.string(),
  /** The projects the caller may see (a department: its own). */
  projects: z.array(MonitoredProjectView),
  /** May the caller submit reports for this task's projects (一般: departments; 重点: finance). */
  reporter: z.boolean(),
  manage: z.boolean(),
});
export type MonitoringTaskView = z.infer<typeof MonitoringTaskView>;

export const ListTasksQuery = z.strictObject({ year: z.coerce.number().int().min(1990).max(2100).optional() });

export const TaskFilingParams = z.object({ id: Id, filingId: Id });

/** The 监控表 template of a task: blank, or with `filingId` the project's approved indicator table in it. */
export const MonitoringTemplateQuery = z.strictObject({ filingId: Id.optional() });

/** 报送监控表: the engine's MonitoringReport document. */
export const SubmitReportRequest = z.strictObject({ document: JsonDocument });

export const MonitoringReportView = z.object({
  taskId: z.string(),
  filingId: z.string(),
  document: ReportDocument,
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  timeliness: Timeliness,
});

/** 预警灯: red, yellow, green, blue (ahead of plan). */
export const Light = z.enum(["red", "yellow", "green", "blue"]);
export type Light = z.infer<typeof Light>;
export const LIGHT_LABELS: Record<Light, Bilingual> = {
  red: { zh: "红灯", en: "Red" },
  yellow: { zh: "黄灯", en: "Yellow" },
  green: { zh: "绿灯", en: "Green" },
  blue: { zh: "蓝灯（超进度）", en: "Blue (ahead of plan)" },
};

/** One light: which rule, the ratio (percent, exact text) and the formula with the numbers filled in. */
export const LightView = z.object({
  light: Light,
  /** Percent as exact text ("85.71"), null where no ratio applies (≤ and qualitative indicators). */
  ratio: z.string().nullable(),
  explanation: Bilingual,
});

/** An indicator's light: null when nothing was reported for it or it cannot be read (the explanation says which). */
export const IndicatorLightView = LightView.extend({
  light: Light.nullable(),
  /** 评判规则: ≥ progress, ≤ ceiling, range, qualitative. */
  rule: z.enum(["progress", "ceiling", "range", "qualitative"]).nullable(),
  /** The formula with the numbers filled in. */
  formula: Bilingual.nullable(),
  name: z.string(),
  level1: z.string().nullable(),
  level2: z.string().nullable(),
  target: z.string().nullable(),
  actual: z.string().nullable(),
});

/** The lights of one project in a task (none when no report was submitted). */
export const ProjectLightsView = z.object({
  filingId: z.string(),
  title: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  timeliness: Timeliness,
  submittedAt: z.string().nullable(),
  /** The worst of budget and indicators (red > yellow > green > blue); null without a report. */
  light: Light.nullable(),
  budget: LightView.extend({
    formula: Bilingual,
    /** Σ 调整后预算 and Σ 1–M月执行数, exact text in the report's unit. */
    adjustedBudget: z.string().nullable(),
    executed: z.string().nullable(),
    /** Expected by time: M/12 as percent. */
    timeRatio: z.string().nullable(),
    /** 执行率: executed ÷ adjusted budget, percent. */
    executionRate: z.string().nullable(),
  }).nullable(),
  indicators: z.array(IndicatorLightView),
  conclusion: ConclusionView.nullable(),
});
export type ProjectLightsView = z.infer<typeof ProjectLightsView>;

export const TaskLightsView = z.object({
  taskId: z.string(),
  month: z.number().int(),
  projects: z.array(ProjectLightsView),
});

const LightCounts = z.object({
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  blue: z.number().int(),
  none: z.number().int(),
});

/** 监控驾驶舱: lights by department and project, 报送及时性, execution against time. */
export const MonitoringDashboardView = z.object({
  taskId: z.string().nullable(),
  title: z.string().nullable(),
  month: z.number().int().nullable(),
  /** M/12 as percent. */
  timeRatio: z.string().nullable(),
  lights: LightCounts,
  timeliness: z.object({ onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
  departments: z.array(
    z.object({
      organisationId: z.string(),
      organisationName: z.string(),
      lights: LightCounts,
      /** Σ executed ÷ Σ adjusted budget over its reported projects, percent (exact text); null without budgets. */
      executionRate: z.string().nullable(),
      projects: z.array(
        z.object({
          filingId: z.string(),
          title: z.string(),
          light: Light.nullable(),
          timeliness: Timeliness,
          executionRate: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type MonitoringDashboardView = z.infer<typeof MonitoringDashboardView>;

export const DashboardQuery = z.strictObject({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  taskId: Id.optional(),
});
