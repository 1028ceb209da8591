/**
 * THE policy module: the one place that decides who may do what. Services ask it (routes only
 * parse and delegate); nothing else makes access decisions. Pure: it is given the facts (the
 * principal, where a resource sits in the organisation tree, the evaluation's status and agency,
 * which nodes an expert is assigned) and answers. Two tables are data, and docs/permissions.md
 * is generated from them (`npm run permissions`; a test fails when it is stale):
 *
 * - MATRIX: role × action → the scope in which the role may do it (辖区 subtree, 本地区 region,
 *   受托 agency, 分配 assigned, 已发布 published, 不限 any) or nothing;
 * - STATUS_TABLE: the status machine — from status × action → to status, the roles, whether a
 *   reason is required. Same-status moves and moves not in the table are refused.
 *
 * 财政管理员 finance_admin — their region (their organisation's subtree): reviews, publishes,
 *                             corrects, archives; administers organisations, users, templates
 * 评价机构   evaluator     — evaluations assigned to their agency; edits and submits them
 * 部门用户   department    — their own organisation and its units; creates, edits and submits
 * 专家       expert        — reads the evaluations they score; scores their assigned indicators in their
 *                             own panel records (专家评议), never the document
 * 访客       visitor       — the public view of published evaluations only (绩效公开), read-only; never
 *                             their working record (revisions, audit trail, notes, evidence …)
 */
import type { Bilingual, EvaluationStatus, FilingAction, FilingStatus, MonitoringKind, Role, TransitionAction } from "@jixiao/api";

export interface Principal {
  id: string;
  role: Role;
  organisationId: string | null;
}

export const ROLES: readonly Role[] = ["finance_admin", "evaluator", "department", "expert", "visitor"];

export type Action =
  | "evaluation.read"
  | "evaluation.readPublic"
  | "evaluation.create"
  | "evaluation.update"
  | "evaluation.scoreAssigned"
  | "evaluation.submit"
  | "evaluation.return"
  | "evaluation.accept"
  | "evaluation.publish"
  | "evaluation.correct"
  | "evaluation.archive"
  | "panel.read"
  | "panel.manage"
  | "evidence.read"
  | "evidence.upload"
  | "note.read"
  | "note.create"
  | "note.resolve"
  | "organisation.read"
  | "organisation.create"
  | "user.read"
  | "user.create"
  | "template.read"
  | "template.create"
  | "form.audit"
  | "portfolio.read"
  | "portfolio.whatif"
  | "commission.read"
  | "commission.create"
  | "dataRequest.read"
  | "dataRequest.create"
  | "dataRequest.answer"
  | "dataRequest.review"
  | "feedback.read"
  | "feedback.create"
  | "feedback.answer"
  | "filing.read"
  | "filing.create"
  | "filing.update"
  | "filing.submit"
  | "filing.pass"
  | "filing.return"
  | "filing.reject"
  | "filing.adjust"
  | "filing.opine"
  | "filing.invite"
  | "filing.startEvaluation"
  | "monitoring.read"
  | "monitoring.manage"
  | "monitoring.report"
  | "monitoring.conclude";

/**
 * Where a principal may do an action:
 * subtree   — the resource's organisation is the principal's or below it (辖区内)
 * region    — the resource's organisation is in the principal's region (the nearest region at or
 *             above the principal's organisation), or above it (a province's templates serve its cities)
 * agency    — the evaluation is assigned to the principal's agency (受托评价)
 * assigned  — the principal is an expert assigned indicators of the evaluation
 * published — the evaluation is published (已发布)
 * any       — no resource condition (what is listed is still filtered by `visibility`)
 * selfEvaluated — subtree, and no agency evaluates it (单位自评 / 部门评价): the department's own work
 * audited   — subtree, and an agency evaluates it: the department supplies data and feedback, never edits
 * commissioned — a commission (委托) names the principal's agency: the evaluation is created within it
 * supervising — the principal's organisation is the filing's 主管部门 (the nearest department at or above it)
 * invited   — finance invited the principal to give an opinion on the filing (专家、第三方)
 */
export type Scope =
  | "subtree"
  | "region"
  | "agency"
  | "assigned"
  | "published"
  | "any"
  | "selfEvaluated"
  | "audited"
  | "commissioned"
  | "supervising"
  | "invited";

export const SCOPE_LABELS: Record<Scope, Bilingual> = {
  subtree: { zh: "本辖区", en: "own subtree" },
  region: { zh: "本地区", en: "own region" },
  agency: { zh: "受托评价", en: "its agency's" },
  assigned: { zh: "分配给本人", en: "assigned to them" },
  published: { zh: "已发布", en: "published" },
  any: { zh: "不限", en: "any" },
  selfEvaluated: { zh: "本辖区自评（无评价机构）", en: "own subtree, no agency" },
  audited: { zh: "本辖区受托评价（被评价方）", en: "own subtree, evaluated by an agency" },
  commissioned: { zh: "委托给本机构", en: "commissioned to its agency" },
  supervising: { zh: "本部门及所属单位（主管部门）", en: "as the supervising department" },
  invited: { zh: "受邀", en: "invited" },
};

/** How each role relates to an evaluation: the scope of reading it and of any status action. */
const EVALUATION_SCOPE: Record<Role, Scope> = {
  finance_admin: "subtree",
  evaluator: "agency",
  department: "subtree",
  expert: "assigned",
  visitor: "published",
};

/** Statuses in which the document may be edited (by update) or scored (by an assigned expert). */
export const EDITABLE_STATUSES: readonly EvaluationStatus[] = ["draft", "returned"];

/**
 * How each role writes to an evaluation (edits and its status actions): as it reads it, except that
 * a department writes only its own self-evaluations — an agency's working papers are the agency's
 * (独立性): the department supplies data (资料清单) and feedback (反馈意见) instead.
 */
const WRITE_SCOPE: Record<Role, Scope> = { ...EVALUATION_SCOPE, department: "selfEvaluated" };

/**
 * 征求意见稿: the statuses in which the audited department writes feedback on the agency's draft and
 * the agency answers it — while the agency still works on it (草稿, 退回修改). Once submitted to the
 * bureau the draft is no longer open for comment.
 */
export const FEEDBACK_STATUSES: readonly EvaluationStatus[] = ["draft", "returned"];

/** 批注: review notes are written and resolved while the evaluation is worked on or reviewed — not once published or archived. */
export const NOTE_STATUSES: readonly EvaluationStatus[] = ["draft", "submitted", "returned", "accepted"];

/** Actions allowed only while the evaluation is in one of these statuses (the others: any status). */
export const ACTION_STATUSES: Partial<Record<Action, readonly EvaluationStatus[]>> = {
  "evaluation.update": EDITABLE_STATUSES,
  "evaluation.scoreAssigned": EDITABLE_STATUSES,
  "panel.manage": EDITABLE_STATUSES,
  "evidence.upload": EDITABLE_STATUSES,
  "note.create": NOTE_STATUSES,
  "note.resolve": NOTE_STATUSES,
  "dataRequest.create": EDITABLE_STATUSES,
  "dataRequest.answer": EDITABLE_STATUSES,
  "dataRequest.review": EDITABLE_STATUSES,
  "feedback.create": FEEDBACK_STATUSES,
  "feedback.answer": FEEDBACK_STATUSES,
};

export interface Transition {
  from: EvaluationStatus;
  action: TransitionAction;
  to: EvaluationStatus;
  /** Who may, each in its EVALUATION_SCOPE (admin: subtree; agency: its own; department: its own). */
  roles: readonly Role[];
  reasonRequired: boolean;
}

/**
 * The status machine (评价状态流转). 更正 corrects a published evaluation in place: it stays
 * 已发布, the corrected fields are saved as one revision whose reason is the correction note,
 * and the audit trail records each corrected field under `evaluation.correct`. A published
 * report is never withdrawn for a correction (the public keeps seeing a report, with the note).
 */
export const STATUS_TABLE: readonly Transition[] = [
  { from: "draft", action: "submit", to: "submitted", roles: ["evaluator", "department"], reasonRequired: false },
  { from: "returned", action: "submit", to: "submitted", roles: ["evaluator", "department"], reasonRequired: false },
  { from: "submitted", action: "return", to: "returned", roles: ["finance_admin"], reasonRequired: true },
  { from: "submitted", action: "accept", to: "accepted", roles: ["finance_admin"], reasonRequired: false },
  { from: "accepted", action: "return", to: "returned", roles: ["finance_admin"], reasonRequired: true },
  { from: "accepted", action: "publish", to: "published", roles: ["finance_admin"], reasonRequired: false },
  { from: "published", action: "correct", to: "published", roles: ["finance_admin"], reasonRequired: true },
  { from: "published", action: "archive", to: "archived", roles: ["finance_admin"], reasonRequired: false },
  // Work abandoned before review (a cancelled commission): archived, with the reason.
  { from: "draft", action: "archive", to: "archived", roles: ["finance_admin"], reasonRequired: true },
  { from: "returned", action: "archive", to: "archived", roles: ["finance_admin"], reasonRequired: true },
];

const TRANSITION_ACTIONS: readonly TransitionAction[] = ["submit", "return", "accept", "publish", "correct", "archive"];

const rolesFor = (action: TransitionAction) => ROLES.filter((r) => STATUS_TABLE.some((t) => t.action === action && t.roles.includes(r)));
const transitionRow = (action: TransitionAction): Partial<Record<Role, Scope>> =>
  Object.fromEntries(rolesFor(action).map((r) => [r, WRITE_SCOPE[r]]));

const withoutRole = (scopes: Record<Role, Scope>, role: Role): Partial<Record<Role, Scope>> =>
  Object.fromEntries(Object.entries(scopes).filter(([r]) => r !== role));

// ── 绩效目标申报: the filing's status machine ──────────────────────────────────────────────

export interface FilingTransition {
  from: FilingStatus;
  action: FilingAction;
  to: FilingStatus;
  /** Who may, each in the scope FILING_SCOPE gives the role for this row's stage. */
  roles: readonly Role[];
  reasonRequired: boolean;
}

/**
 * The filing's status machine (申报状态流转): 编制 → 提交 → 部门审核 (the 主管部门: 通过 → 财政审核,
 * 退回修改, 不予通过) → 财政审核 (the bureau: 通过 = 批复, 退回修改, 不予通过); 通过 → 调整 (a reason;
 * the approved version stays for comparison) → 提交 → … → 通过. 退回修改 and 不予通过 need the
 * 审核意见 as the reason. Nobody reviews their own submission (four eyes: FilingFacts.submittedBy).
 */
export const FILING_STATUS_TABLE: readonly FilingTransition[] = [
  { from: "draft", action: "submit", to: "departmentReview", roles: ["department"], reasonRequired: false },
  { from: "returned", action: "submit", to: "departmentReview", roles: ["department"], reasonRequired: false },
  { from: "adjusting", action: "submit", to: "departmentReview", roles: ["department"], reasonRequired: false },
  { from: "departmentReview", action: "pass", to: "financeReview", roles: ["department"], reasonRequired: false },
  { from: "departmentReview", action: "return", to: "returned", roles: ["department"], reasonRequired: true },
  { from: "departmentReview", action: "reject", to: "rejected", roles: ["department"], reasonRequired: true },
  { from: "financeReview", action: "pass", to: "approved", roles: ["finance_admin"], reasonRequired: false },
  { from: "financeReview", action: "return", to: "returned", roles: ["finance_admin"], reasonRequired: true },
  { from: "financeReview", action: "reject", to: "rejected", roles: ["finance_admin"], reasonRequired: true },
  { from: "approved", action: "adjust", to: "adjusting", roles: ["department"], reasonRequired: true },
];

/** Statuses in which a filing's document may be saved (编制, 退回修改, 调整中); under review or decided it is locked. */
export const FILING_EDITABLE: readonly FilingStatus[] = ["draft", "returned", "adjusting"];
/** Statuses in which an invited expert or agency may give an opinion. */
export const FILING_OPINION_STATUSES: readonly FilingStatus[] = ["departmentReview", "financeReview"];

/** How each role stands to a filing in a status move: the filer's own subtree, the 主管部门, the bureau's subtree. */
const filingScope = (role: Role, from: FilingStatus): Scope | undefined =>
  role === "finance_admin" ? "subtree" : role === "department" ? (from === "departmentReview" ? "supervising" : "subtree") : undefined;

const filingRow = (action: FilingAction): Partial<Record<Role, Scope>> =>
  Object.fromEntries(
    FILING_STATUS_TABLE.filter((t) => t.action === action).flatMap((t) => t.roles.map((r) => [r, filingScope(r, t.from)!] as const)),
  );

/** 一般监控: the departments report their projects; 重点监控: the finance bureau reports itself. */
export const MONITORING_REPORTERS: Record<MonitoringKind, readonly Role[]> = { general: ["department"], key: ["finance_admin"] };

/** Role × action → scope. An absent role may not do the action anywhere. */
export const MATRIX: Record<Action, Partial<Record<Role, Scope>>> = {
  // The working record. A visitor reads only the public view (evaluation.readPublic): everything
  // else of an evaluation answers as absent (404) to them.
  "evaluation.read": withoutRole(EVALUATION_SCOPE, "visitor"),
  "evaluation.readPublic": {
    finance_admin: "published",
    evaluator: "published",
    department: "published",
    expert: "published",
    visitor: "published",
  },
  "evaluation.create": { finance_admin: "subtree", evaluator: "commissioned", department: "subtree" },
  "evaluation.update": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated" },
  "evaluation.scoreAssigned": { expert: "assigned" },
  "evaluation.submit": transitionRow("submit"),
  "evaluation.return": transitionRow("return"),
  "evaluation.accept": transitionRow("accept"),
  "evaluation.publish": transitionRow("publish"),
  "evaluation.correct": transitionRow("correct"),
  "evaluation.archive": transitionRow("archive"),
  // 专家评议: the panel is the evaluator's — whoever writes the evaluation assigns experts and adopts
  // or overrides the result; experts score only in their own panel records (evaluation.scoreAssigned).
  "panel.read": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated" },
  "panel.manage": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated" },
  // 佐证材料 and 批注 are working papers (底稿): never the public's; review notes not the audited department's.
  "evidence.read": { finance_admin: "subtree", evaluator: "agency", department: "subtree", expert: "assigned" },
  "evidence.upload": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated" },
  "note.read": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated", expert: "assigned" },
  "note.create": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated", expert: "assigned" },
  "note.resolve": { finance_admin: "subtree", evaluator: "agency", department: "selfEvaluated" },
  "organisation.read": { finance_admin: "subtree", evaluator: "region", department: "subtree" },
  "organisation.create": { finance_admin: "subtree" },
  "user.read": { finance_admin: "subtree" },
  "user.create": { finance_admin: "subtree" },
  "template.read": { finance_admin: "region", evaluator: "region", department: "region" },
  "template.create": { finance_admin: "region", evaluator: "region" },
  // 批量审核: reading published forms (a .zip) is the reviewer's and the evaluator's work; it stores nothing.
  "form.audit": { finance_admin: "any", evaluator: "any" },
  "portfolio.read": { finance_admin: "any", evaluator: "any", department: "any" },
  // 组合模拟 (what-if over a region's evaluations): the finance bureau's, over its own region only.
  "portfolio.whatif": { finance_admin: "subtree" },
  "commission.read": { finance_admin: "subtree", evaluator: "agency", department: "subtree" },
  "commission.create": { finance_admin: "subtree" },
  "dataRequest.read": { finance_admin: "subtree", evaluator: "agency", department: "audited" },
  "dataRequest.create": { evaluator: "agency" },
  "dataRequest.answer": { department: "audited" },
  "dataRequest.review": { evaluator: "agency" },
  "feedback.read": { finance_admin: "subtree", evaluator: "agency", department: "audited" },
  "feedback.create": { department: "audited" },
  "feedback.answer": { evaluator: "agency" },
  // 目标管理: a department files for its own organisation and units; its 主管部门 reviews, then the
  // finance bureau of the region; experts and agencies only when finance invites them (an opinion,
  // no decision). 运行监控: finance issues tasks and concludes; the reports come from the
  // department (一般监控) or finance itself (重点监控): MONITORING_REPORTERS.
  "filing.read": { finance_admin: "subtree", department: "subtree", evaluator: "invited", expert: "invited" },
  "filing.create": { department: "subtree" },
  "filing.update": { department: "subtree" },
  "filing.submit": filingRow("submit"),
  "filing.pass": filingRow("pass"),
  "filing.return": filingRow("return"),
  "filing.reject": filingRow("reject"),
  "filing.adjust": filingRow("adjust"),
  "filing.opine": { evaluator: "invited", expert: "invited" },
  "filing.invite": { finance_admin: "subtree" },
  "filing.startEvaluation": { finance_admin: "subtree" },
  "monitoring.read": { finance_admin: "subtree", department: "subtree" },
  "monitoring.manage": { finance_admin: "subtree" },
  "monitoring.report": { finance_admin: "subtree", department: "subtree" },
  "monitoring.conclude": { finance_admin: "subtree" },
};

/**
 * 公众 — what the public may do without an account (when the deployment allows it, config
 * `publicAccess`): only the public view of published evaluations, read-only and rate-limited by
 * address (services/public-service.ts). Every other request without a session is 401.
 */
export const ANONYMOUS_ACTIONS: Partial<Record<Action, Scope>> = { "evaluation.readPublic": "published" };

/** May the public, without an account, do `action` on the evaluation described by `f`? */
export function canAnonymously(action: Action, f: Pick<EvaluationFacts, "status">): boolean {
  const scope = ANONYMOUS_ACTIONS[action];
  return scope === "published" && f.status === "published";
}

/** Notes on actions that depend on more than the scope (shown in docs/permissions.md). */
export const ACTION_NOTES: Partial<Record<Action, Bilingual>> = {
  "evaluation.read": {
    zh: "含得分、核查、修订历史、差异、审计记录与导出",
    en: "with its scores, checks, revisions, differences, audit trail and exports",
  },
  "evaluation.readPublic": {
    zh: "绩效公开：总分、等级、一级指标得分、更正说明与报告（HTML、PDF，按已发布版本生成）；未登录的公众同样可读（限速）",
    en: "the public view: total, grade, level-1 scores, correction notes and the report (HTML, PDF, from the published revision); also for the public without an account (rate-limited)",
  },
  "evaluation.update": {
    zh: "仅草稿、退回修改状态；有评价机构时部门只读（提供资料、反馈意见）",
    en: "only while draft or returned; a department only reads an agency's evaluation (it supplies data and feedback)",
  },
  "evaluation.scoreAssigned": {
    zh: "仅草稿、退回修改状态；只在本人的专家评分表中为所分配指标评分，不改动评价文件；提交本人评分前看不到其他专家的评分",
    en: "only while draft or returned; in the expert's own panel record for the assigned indicators, never the document; others' scores stay hidden until the expert has submitted",
  },
  "panel.read": { zh: "全部专家的评分、离散度与结果", en: "every expert's scores, the spread and the result" },
  "panel.manage": {
    zh: "分配专家；采纳专家评议结果或附原因改定（写入评价，新版本）；仅草稿、退回修改状态",
    en: "assign experts; adopt the panel's result or override it with a reason (written into the evaluation as a new revision); only while draft or returned",
  },
  "evidence.upload": {
    zh: "仅草稿、退回修改状态；PDF、图片、Office 文件（按内容识别），每个不超过 20 MB，每项评价合计不超过 200 MB",
    en: "only while draft or returned; PDF, images, Office files (recognised by content), 20 MB each, 200 MB per evaluation",
  },
  "note.create": { zh: "未发布、未归档时", en: "until published or archived" },
  "note.resolve": {
    zh: "未发布、未归档时；有未解决批注时提交须注明原因",
    en: "until published or archived; submitting with open notes needs a reason",
  },
  "evaluation.create": {
    zh: "评价机构须为本地区机构；评价机构仅在委托范围内新建",
    en: "the agency named must be in the evaluation's region; an agency creates only within a commission to it",
  },
  "commission.create": {
    zh: "被评价单位须在本辖区内，评价机构须为本地区机构（或无：单位自评、部门评价）",
    en: "the subject in the subtree; the agency of the region (or none: a self-evaluation)",
  },
  "dataRequest.create": { zh: "仅草稿、退回修改状态", en: "only while draft or returned" },
  "dataRequest.answer": { zh: "仅草稿、退回修改状态；已采纳的不可再改", en: "only while draft or returned; not once taken in" },
  "dataRequest.review": {
    zh: "仅草稿、退回修改状态；采纳即写入评价（新版本，注明来源）或附意见退回",
    en: "only while draft or returned; taking a value in writes it into the evaluation (a new revision naming its source), or it is returned with a comment",
  },
  "feedback.create": { zh: "征求意见稿：仅草稿、退回修改状态", en: "on the draft for comment: only while draft or returned" },
  "feedback.answer": { zh: "仅草稿、退回修改状态", en: "only while draft or returned" },
  "organisation.create": { zh: "上级单位须在本辖区内；不能新建顶级地区", en: "the parent must be in the subtree; no new top-level region" },
  "user.create": { zh: "所属单位须在本辖区内，且与角色相符", en: "the organisation must be in the subtree and fit the role" },
  "template.create": { zh: "保存在本人单位下", en: "saved under the caller's organisation" },
  "form.audit": {
    zh: "上传表格压缩包（.zip，份数与大小有上限），下载审核汇总（.xlsx）；不保存任何内容",
    en: "upload a .zip of forms (bounded in count and size), download the audit summary (.xlsx); nothing is stored",
  },
};

/** One organisation in a lineage: the organisation and its ancestors, nearest first. */
export interface OrgRef {
  id: string;
  kind: string;
}

/** Facts about one evaluation the policy needs. */
export interface EvaluationFacts {
  /** The evaluation's organisation and its ancestors, nearest first. */
  organisationPath: readonly string[];
  agencyId: string | null;
  status: string;
  /** Indicator node ids assigned to this principal as an expert. */
  assignedNodes: readonly string[];
  /** The commission (委托) the evaluation is created within, if any (for an agency's `evaluation.create`). */
  commissionId?: string | null;
}

/** Where the principal and a resource (organisation, user, template) sit in the tree. */
export interface PlacementFacts {
  /** The principal's organisation and its ancestors, nearest first ([] for none). */
  caller: readonly OrgRef[];
  /** The resource's organisation and its ancestors, nearest first ([] for none or unknown). */
  target: readonly OrgRef[];
}

const regionOf = (lineage: readonly OrgRef[]): OrgRef | undefined => lineage.find((o) => o.kind === "region");

function placed(p: Principal, scope: Scope, f: PlacementFacts): boolean {
  if (p.organisationId === null || f.target.length === 0) return false;
  switch (scope) {
    case "any":
      return true;
    case "subtree":
      return f.target.some((o) => o.id === p.organisationId);
    case "region": {
      const region = regionOf(f.caller);
      if (!region) return false;
      return f.target.some((o) => o.id === region.id) || f.caller.some((o) => o.id === f.target[0]!.id);
    }
    default:
      return false;
  }
}

function evaluationInScope(p: Principal, scope: Scope, f: EvaluationFacts): boolean {
  switch (scope) {
    case "any":
      return true;
    case "subtree":
      return p.organisationId !== null && f.organisationPath.includes(p.organisationId);
    case "agency":
      return p.organisationId !== null && f.agencyId === p.organisationId;
    case "assigned":
      return f.assignedNodes.length > 0;
    case "published":
      return f.status === "published";
    case "region":
      return false;
    case "selfEvaluated":
      return f.agencyId === null && evaluationInScope(p, "subtree", f);
    case "audited":
      return f.agencyId !== null && evaluationInScope(p, "subtree", f);
    case "commissioned":
      return !!f.commissionId && evaluationInScope(p, "agency", f);
    case "supervising":
    case "invited":
      return false;
  }
}

/** Actions decided on an evaluation's facts (a commission, a data request and feedback belong to one). */
const EVALUATION_FACT_ACTIONS = /^(evaluation|commission|dataRequest|feedback|panel|evidence|note)\./;

const isTransition = (a: Action): a is `evaluation.${TransitionAction}` =>
  TRANSITION_ACTIONS.includes(a.slice("evaluation.".length) as TransitionAction) && a.startsWith("evaluation.");

/**
 * May `p` do `action` on the evaluation described by `f`? Without `f`: may the role do it
 * anywhere at all (for the UI's general permissions)?
 */
export function can(p: Principal, action: Action, f?: EvaluationFacts): boolean {
  const scope = MATRIX[action][p.role];
  if (scope === undefined) return false;
  if (!f) return true;
  if (!EVALUATION_FACT_ACTIONS.test(action)) return false; // organisation/user/template need placement facts: canAt
  if (isTransition(action)) return transition(p, action.slice("evaluation.".length) as TransitionAction, f).kind === "allowed";
  if (!evaluationInScope(p, scope, f)) return false;
  const statuses = ACTION_STATUSES[action];
  return statuses === undefined || statuses.includes(f.status as EvaluationStatus);
}

/**
 * Is `action` refused to `p` on this evaluation only because an agency evaluates it (独立性)? The
 * role may do it on its own self-evaluations, not on the agency's working papers — the service
 * then says so instead of a bare "forbidden".
 */
export function independenceRefuses(p: Principal, action: Action, f: EvaluationFacts): boolean {
  return MATRIX[action][p.role] === "selfEvaluated" && f.agencyId !== null && evaluationInScope(p, "subtree", f);
}

/** May `p` do an organisation, user or template action on a resource placed as `f` says? */
export function canAt(p: Principal, action: Action, f: PlacementFacts): boolean {
  const scope = MATRIX[action][p.role];
  return scope !== undefined && placed(p, scope, f);
}

export type TransitionDecision =
  | { kind: "allowed"; transition: Transition }
  /** No row for this status and action: refused whoever asks (invalid-transition). */
  | { kind: "invalid"; from: string; allowed: readonly TransitionAction[] }
  /** A row exists, but not for this principal (forbidden). */
  | { kind: "forbidden"; transition: Transition };

/** The status table's answer for `p` taking `action` on the evaluation described by `f`. */
export function transition(p: Principal, action: TransitionAction, f: EvaluationFacts): TransitionDecision {
  const row = STATUS_TABLE.find((t) => t.from === f.status && t.action === action);
  if (!row) return { kind: "invalid", from: f.status, allowed: STATUS_TABLE.filter((t) => t.from === f.status).map((t) => t.action) };
  const mine = row.roles.includes(p.role) && evaluationInScope(p, WRITE_SCOPE[p.role], f);
  return mine ? { kind: "allowed", transition: row } : { kind: "forbidden", transition: row };
}

/** The transitions `p` may take now on the evaluation described by `f` (for the client's buttons). */
export function allowedTransitions(p: Principal, f: EvaluationFacts): Transition[] {
  return STATUS_TABLE.filter((t) => t.from === f.status && transition(p, t.action, f).kind === "allowed");
}

/**
 * Which organisation kinds fit a role's account: 财政管理员 in a region, 评价机构 in an agency,
 * 部门用户 in a department or unit; 专家 and 访客 in any organisation (the region whose bureau
 * registered them — it decides who administers the account, not what they see).
 */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly string[]> = {
  finance_admin: ["region"],
  evaluator: ["agency"],
  department: ["department", "unit"],
  expert: ["region", "department", "unit", "agency"],
  visitor: ["region", "department", "unit", "agency"],
};

/** Which kinds an organisation may be created under. */
export const PARENT_KINDS: Record<string, readonly string[]> = {
  region: ["region"],
  department: ["region"],
  unit: ["department", "unit"],
  agency: ["region"],
};

/**
 * May an agency be the evaluator of an evaluation of an organisation? Only an agency registered
 * in the evaluation's region or a region above it (a province's agencies serve its cities).
 */
export function agencyMayServe(agency: readonly OrgRef[], subject: readonly OrgRef[]): boolean {
  if (agency[0]?.kind !== "agency") return false;
  const home = regionOf(agency.slice(1));
  return home !== undefined && subject.some((o) => o.id === home.id);
}

/** Which evaluations a principal may list: the repository turns this into a WHERE clause. */
export type Visibility =
  | { kind: "subtree"; organisationId: string }
  | { kind: "agency"; agencyId: string }
  | { kind: "assigned"; userId: string }
  | { kind: "published" }
  | { kind: "none" };

export function visibility(p: Principal): Visibility {
  switch (MATRIX["evaluation.read"][p.role]) {
    case "subtree":
      return p.organisationId ? { kind: "subtree", organisationId: p.organisationId } : { kind: "none" };
    case "agency":
      return p.organisationId ? { kind: "agency", agencyId: p.organisationId } : { kind: "none" };
    case "assigned":
      return { kind: "assigned", userId: p.id };
    case "published":
      return { kind: "published" };
    default:
      return { kind: "none" };
  }
}

/** The general permissions of a role, for the UI to show or hide controls. */
export function permissionsOf(p: Principal): Action[] {
  return (Object.keys(MATRIX) as Action[]).filter((a) => can(p, a));
}

// ── 目标管理 + 运行监控 ───────────────────────────────────────────────────────────────────────

/** Facts about one target filing the policy needs. */
export interface FilingFacts {
  /** The filing's organisation and its ancestors, nearest first. */
  organisationPath: readonly string[];
  /** The nearest department (kind "department") at or above the filing's organisation: its 主管部门. */
  supervisingDepartment: string | null;
  status: string;
  /** Who submitted it last: they may not review it (four eyes). */
  submittedBy: string | null;
  /** Finance invited this principal to give an opinion. */
  invited: boolean;
}

function filingInScope(p: Principal, scope: Scope, f: FilingFacts): boolean {
  switch (scope) {
    case "any":
      return true;
    case "subtree":
      return p.organisationId !== null && f.organisationPath.includes(p.organisationId);
    case "supervising":
      return p.organisationId !== null && f.supervisingDepartment === p.organisationId;
    case "invited":
      return f.invited;
    default:
      return false;
  }
}

const FILING_TRANSITIONS: readonly FilingAction[] = ["submit", "pass", "return", "reject", "adjust"];

/**
 * May `p` do a filing action on the filing described by `f`? Without `f`: may the role do it
 * anywhere. Status moves are the status table's (filingTransition); saving only while editable;
 * opinions only while under review.
 */
export function canFiling(p: Principal, action: Action, f?: FilingFacts): boolean {
  const scope = MATRIX[action][p.role];
  if (scope === undefined || !action.startsWith("filing.")) return false;
  if (!f) return true;
  const move = action.slice("filing.".length) as FilingAction;
  if (FILING_TRANSITIONS.includes(move)) return filingTransition(p, move, f).kind === "allowed";
  if (!filingInScope(p, scope, f)) return false;
  if (action === "filing.opine") return FILING_OPINION_STATUSES.includes(f.status as FilingStatus);
  return true;
}

export type FilingTransitionDecision =
  | { kind: "allowed"; transition: FilingTransition }
  | { kind: "invalid"; from: string; allowed: readonly FilingAction[] }
  | { kind: "forbidden"; transition: FilingTransition; ownSubmission: boolean };

/** The filing status table's answer for `p` taking `action` on the filing described by `f`. */
export function filingTransition(p: Principal, action: FilingAction, f: FilingFacts): FilingTransitionDecision {
  const row = FILING_STATUS_TABLE.find((t) => t.from === f.status && t.action === action);
  if (!row)
    return { kind: "invalid", from: f.status, allowed: FILING_STATUS_TABLE.filter((t) => t.from === f.status).map((t) => t.action) };
  const scope = filingScope(p.role, row.from);
  const inScope = row.roles.includes(p.role) && scope !== undefined && filingInScope(p, scope, f);
  const review = action === "pass" || action === "return" || action === "reject";
  const ownSubmission = review && f.submittedBy === p.id;
  return inScope && !ownSubmission ? { kind: "allowed", transition: row } : { kind: "forbidden", transition: row, ownSubmission };
}

/** The status moves `p` may take now on the filing described by `f` (for the client's buttons). */
export function allowedFilingActions(p: Principal, f: FilingFacts): FilingAction[] {
  return FILING_STATUS_TABLE.filter((t) => t.from === f.status && filingTransition(p, t.action, f).kind === "allowed").map((t) => t.action);
}

/** Facts about a monitoring task (and, for reports, the project's filing). */
export interface MonitoringFacts {
  /** The organisation the fact is about (the issuing bureau for a task, the filing's for a project), with its ancestors. */
  organisationPath: readonly string[];
  kind: MonitoringKind;
}

/**
 * May `p` do a monitoring action where `f` says? Reading and reporting a project: in the caller's
 * subtree (the project's organisation); reporting also only as MONITORING_REPORTERS says for the
 * task's kind; managing and concluding: the task's bureau in the caller's subtree.
 */
export function canMonitoring(p: Principal, action: Action, f?: MonitoringFacts): boolean {
  const scope = MATRIX[action][p.role];
  if (scope === undefined || !action.startsWith("monitoring.")) return false;
  if (!f) return true;
  if (action === "monitoring.report" && !MONITORING_REPORTERS[f.kind].includes(p.role)) return false;
  return scope === "subtree" && p.organisationId !== null && f.organisationPath.includes(p.organisationId);
}
