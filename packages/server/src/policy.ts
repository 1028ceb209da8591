/**
 * THE policy module: the one place that decides who may do what. Routes ask it; nothing else
 * makes access decisions. Pure: it is given the facts (the principal, where the evaluation sits
 * in the organisation tree, which nodes an expert is assigned) and answers.
 *
 * 财政管理员 finance_admin — everything in their region (their organisation's subtree)
 * 评价机构   evaluator     — evaluations assigned to their agency; edits them while not published
 * 部门用户   department    — their own organisation and its units; creates and edits drafts
 * 专家       expert        — reads the evaluations they score; edits only their assigned indicators
 * 访客       visitor       — published evaluations only, read-only
 *
 * Templates: every role but 专家 and 访客 reads them; 财政管理员 and 评价机构 save new ones.
 */
import type { Role } from "@jixiao/api";

export interface Principal {
  id: string;
  role: Role;
  organisationId: string | null;
}

export type Action =
  | "evaluation.read"
  | "evaluation.update"
  | "evaluation.create"
  | "evaluation.submit"
  | "evaluation.publish"
  | "evaluation.archive"
  | "evaluation.scoreAssigned"
  | "organisation.read"
  | "organisation.manage"
  | "user.manage"
  | "audit.read"
  | "portfolio.read"
  | "template.read"
  | "template.manage";

/** Facts about one evaluation the policy needs. */
export interface EvaluationFacts {
  /** The evaluation's organisation and its ancestors, nearest first. */
  organisationPath: readonly string[];
  agencyId: string | null;
  status: string;
  /** Indicator node ids assigned to this principal as an expert. */
  assignedNodes: readonly string[];
}

const inScope = (p: Principal, f: EvaluationFacts): boolean =>
  p.organisationId !== null && f.organisationPath.includes(p.organisationId);

/** May `p` do `action` on the evaluation described by `f` (or in general, without `f`)? */
export function can(p: Principal, action: Action, f?: EvaluationFacts): boolean {
  switch (p.role) {
    case "finance_admin":
      if (!f) return action !== "evaluation.scoreAssigned";
      // (template.read and template.manage included: a bureau maintains its region's templates)
      return inScope(p, f) && action !== "evaluation.scoreAssigned";
    case "evaluator": {
      const assigned = !!f && p.organisationId !== null && f.agencyId === p.organisationId;
      switch (action) {
        case "evaluation.read":
          return assigned;
        case "evaluation.update":
        case "evaluation.submit":
          return assigned && f.status !== "published" && f.status !== "archived";
        case "portfolio.read":
        case "organisation.read":
        case "template.read":
        case "template.manage":
          return true;
        default:
          return false;
      }
    }
    case "department": {
      const own = !!f && inScope(p, f);
      switch (action) {
        case "evaluation.read":
          return own;
        case "evaluation.create":
          return f ? own : true;
        case "evaluation.update":
        case "evaluation.submit":
          return own && f.status === "draft";
        case "portfolio.read":
        case "organisation.read":
        case "template.read":
          return true;
        default:
          return false;
      }
    }
    case "expert": {
      const assigned = !!f && f.assignedNodes.length > 0;
      switch (action) {
        case "evaluation.read":
          return assigned;
        case "evaluation.scoreAssigned":
          return assigned && f.status !== "published" && f.status !== "archived";
        default:
          return false;
      }
    }
    case "visitor":
      return action === "evaluation.read" ? !!f && f.status === "published" : false;
  }
}

/** Which evaluations a principal may list: the repository turns this into a WHERE clause. */
export type Visibility =
  | { kind: "subtree"; organisationId: string }
  | { kind: "agency"; agencyId: string }
  | { kind: "assigned"; userId: string }
  | { kind: "published" }
  | { kind: "none" };

export function visibility(p: Principal): Visibility {
  switch (p.role) {
    case "finance_admin":
    case "department":
      return p.organisationId ? { kind: "subtree", organisationId: p.organisationId } : { kind: "none" };
    case "evaluator":
      return p.organisationId ? { kind: "agency", agencyId: p.organisationId } : { kind: "none" };
    case "expert":
      return { kind: "assigned", userId: p.id };
    case "visitor":
      return { kind: "published" };
  }
}

/** The general permissions of a role, for the UI to show or hide controls. */
export function permissionsOf(p: Principal): Action[] {
  const all: Action[] = [
    "evaluation.read",
    "evaluation.update",
    "evaluation.create",
    "evaluation.submit",
    "evaluation.publish",
    "evaluation.archive",
    "evaluation.scoreAssigned",
    "organisation.read",
    "organisation.manage",
    "user.manage",
    "audit.read",
    "portfolio.read",
    "template.read",
    "template.manage",
  ];
  const sample: EvaluationFacts = { organisationPath: p.organisationId ? [p.organisationId] : [], agencyId: p.organisationId, status: "draft", assignedNodes: ["*"] };
  return all.filter((a) => can(p, a, a.startsWith("evaluation.") ? sample : undefined));
}

/**
 * May an expert change this path of the document? The field rule is part of the API contract
 * (`@jixiao/api` expert-fields.ts) so the browser shows exactly what this module allows; the
 * decision to apply it — to experts, on their assigned indicators — is made here.
 */
export { expertMayEdit } from "@jixiao/api";
