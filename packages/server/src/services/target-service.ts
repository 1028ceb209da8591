/**
 * 绩效目标申报与审核. A department files its targets (the engine's TargetFiling) for its own
 * organisation or a unit below it; every save is a version (编制 filed, 调整 adjusted). Submitted,
 * it is locked; its 主管部门 reviews it, then the finance bureau (per criterion, a conclusion and
 * 审核意见), moving it by the policy's FILING_STATUS_TABLE; the bureau's pass is 批复 (a version of
 * its own, kept as the approved one). An approved filing may be adjusted (调整, with a reason): the
 * adjusted version is compared with the approved one; and it may start an evaluation (the engine's
 * filingToEvaluationInput: its 表1 and indicator tree) through EvaluationService.create. Finance may
 * invite an expert or an agency's evaluator to give an advisory opinion. Every write is audited in
 * its transaction (entity "filing").
 */
import {
  type CreateFilingRequest,
  type CreateReviewRequest,
  type EvaluationDetail,
  FILING_ACTION_LABELS,
  FILING_STATUS_LABELS,
  type FilingAction,
  type FilingChangeView,
  type FilingDetail,
  type FilingInvitationView,
  type FilingReviewView,
  type FilingStatus,
  type FilingSummary,
  type FilingTransitionRequest,
  REVIEW_CONCLUSION_LABELS,
  type ReviewCriteria,
  type ReviewStage,
  type Role,
  type StartEvaluationRequest,
  type UpdateFilingRequest,
  diagnosticView,
} from "@jixiao/api";
import {
  type Bilingual,
  type TargetFiling,
  TargetFilingSchema,
  checkFiling,
  diffFilings,
  filingToEvaluationInput,
  loadDocument,
} from "@jixiao/engine";
import { filingTemplate, filingTitle, filingToWorkbook } from "@jixiao/exchange";
import type * as z from "zod";
import type { FilingVersionsTable, Store, TargetFilingsTable, Tx } from "../db/database.js";
import { conflict, field, forbidden, invalid, invalidTransition, notFound, staleVersion, unprocessable } from "../errors.js";
import { FILING_EDITABLE, type FilingFacts, type Principal, allowedFilingActions, canFiling, filingTransition } from "../policy.js";
import { type AuditEntryInput, FILING_VERSION_ACTION, filingVersionHash } from "../repositories/audit-repository.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { type FilingReviewRow, type FilingRow, TargetRepository } from "../repositories/target-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import { readFormUpload } from "./form-upload.js";
import type { Services } from "./services.js";

/** A filing document from a request, validated by the engine's schema; problems name `document.…`. */
export function parseFiling(document: unknown): TargetFiling {
  const r = loadDocument(TargetFilingSchema, JSON.stringify(document), "document.json", "json");
  if (r.ok) return r.value;
  throw invalid(
    "invalid-filing",
    { count: r.errors.length },
    r.errors.map((e) => ({ path: e.path ? `document.${e.path}` : "document", message: e.message })),
  );
}

const lower = (t: Bilingual): Bilingual => ({ zh: t.zh, en: t.en.toLowerCase() });
const statusLabel = (s: string): Bilingual => FILING_STATUS_LABELS[s as FilingStatus] ?? { zh: s, en: s };

function summary(r: FilingRow): FilingSummary {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    fiscalYear: r.fiscal_year,
    kind: r.kind as FilingSummary["kind"],
    title: r.title,
    status: r.status as FilingStatus,
    version: r.version,
    approvedVersion: r.approved_version,
    evaluationId: r.evaluation_id,
    updatedAt: r.updated_at,
  };
}

function reviewView(r: FilingReviewRow): FilingReviewView {
  return {
    id: r.id,
    version: r.version,
    stage: r.stage,
    reviewer: r.reviewer_name,
    reviewerRole: r.reviewer_role as Role,
    criteria: JSON.parse(r.criteria) as ReviewCriteria,
    conclusion: r.conclusion,
    opinion: r.opinion,
    createdAt: r.created_at,
  };
}

export class TargetService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  private repo(db: Store["db"] | Tx = this.store.db) {
    return new TargetRepository(db);
  }

  private async facts(
    p: Principal,
    row: Pick<TargetFilingsTable, "id" | "organisation_id" | "status" | "submitted_by">,
  ): Promise<FilingFacts> {
    const lineage = await new OrganisationRepository(this.store.db).lineage(row.organisation_id);
    return {
      organisationPath: lineage.map((o) => o.id),
      supervisingDepartment: lineage.find((o) => o.kind === "department")?.id ?? null,
      status: row.status,
      submittedBy: row.submitted_by,
      invited: p.role === "expert" || p.role === "evaluator" ? await this.repo().isInvited(row.id, p.id) : false,
    };
  }

  /** The filing `id` as `p` may read it, with the policy's facts; not found otherwise. */
  private async visible(p: Principal, id: string): Promise<{ row: FilingRow; facts: FilingFacts }> {
    const row = await this.repo().get(id);
    if (!row) throw notFound("thing/filing");
    const facts = await this.facts(p, row);
    if (!canFiling(p, "filing.read", facts)) throw notFound("thing/filing");
    return { row, facts };
  }

  private audit(
    p: Principal,
    at: string,
    action: string,
    id: string,
    path: string,
    oldValue: unknown,
    newValue: unknown,
    reason: string | null,
  ) {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    return { at, userId: p.id, action, entity: "filing", entityId: id, path, oldValue: json(oldValue), newValue: json(newValue), reason };
  }

  /** Insert a version and its audit entry (the sha256 chained into the audit log). */
  private async addVersion(tx: Tx, p: Principal, v: Omit<FilingVersionsTable, "sha256">): Promise<AuditEntryInput> {
    const sha256 = filingVersionHash(v);
    await this.repo(tx).insertVersion({ ...v, sha256 });
    return this.audit(
      p,
      v.created_at,
      FILING_VERSION_ACTION,
      v.filing_id,
      "",
      null,
      { version: v.version, stage: v.stage, sha256 },
      v.reason,
    );
  }

  async list(
    p: Principal,
    f: { year?: number | undefined; status?: string | undefined; kind?: string | undefined; organisationId?: string | undefined },
  ): Promise<FilingSummary[]> {
    if (!canFiling(p, "filing.read")) throw forbidden();
    const scope = p.role === "finance_admin" || p.role === "department";
    const rows = await this.repo().list(
      scope
        ? p.organisationId
          ? { kind: "organisations", ids: await new OrganisationRepository(this.store.db).subtreeOf(p.organisationId) }
          : { kind: "none" }
        : { kind: "invited", userId: p.id },
      f,
    );
    return rows.map(summary);
  }

  async get(p: Principal, id: string): Promise<FilingDetail> {
    const { row, facts } = await this.visible(p, id);
    const last = await this.repo().lastDecision(id);
    const actions = allowedFilingActions(p, facts);
    const reviewing = actions.find((a) => a === "pass" || a === "return" || a === "reject");
    const review: ReviewStage | null = reviewing
      ? row.status === "departmentReview"
        ? "department"
        : "finance"
      : canFiling(p, "filing.opine", facts)
        ? "expert"
        : null;
    return {
      ...summary(row),
      document: JSON.parse(row.document) as Record<string, unknown>,
      access: {
        edit: canFiling(p, "filing.update", facts) && FILING_EDITABLE.includes(row.status as FilingStatus),
        actions,
        review,
        invite: canFiling(p, "filing.invite", facts),
        startEvaluation: canFiling(p, "filing.startEvaluation", facts) && row.status === "approved" && row.evaluation_id === null,
      },
      lastReview: last ? reviewView(last) : null,
    };
  }

  /** May `p` file for `organisationId` (in their subtree, not a region or an agency)? Refused otherwise. */
  private async mayCreate(p: Principal, organisationId: string): Promise<void> {
    if (!canFiling(p, "filing.create")) throw forbidden();
    const lineage = await new OrganisationRepository(this.store.db).lineage(organisationId);
    const facts: FilingFacts = {
      organisationPath: lineage.map((o) => o.id),
      supervisingDepartment: null,
      status: "draft",
      submittedBy: null,
      invited: false,
    };
    // An organisation outside the subtree answers as an unknown one (nothing disclosed).
    if (lineage.length === 0 || !canFiling(p, "filing.create", facts) || lineage[0]!.kind === "region" || lineage[0]!.kind === "agency")
      throw invalid("unknown-organisation/subtree", {}, [field("organisationId", "field/organisation-in-subtree")]);
  }

  /** May `p` save a new version of the filing now? Refused as `update` would be (403, 409 filing-locked). */
  private mayUpdate(p: Principal, opened: { row: FilingRow; facts: FilingFacts }): void {
    if (!canFiling(p, "filing.update", opened.facts)) throw forbidden();
    if (!FILING_EDITABLE.includes(opened.row.status as FilingStatus))
      throw conflict("filing-locked", { status: lower(statusLabel(opened.row.status)) });
  }

  async create(p: Principal, req: z.infer<typeof CreateFilingRequest>): Promise<FilingDetail> {
    await this.mayCreate(p, req.organisationId);
    const filing = parseFiling(req.document);
    const now = this.s.clock().toISOString();
    const id = this.s.ids();
    const document = JSON.stringify(req.document);
    const row: TargetFilingsTable = {
      id,
      organisation_id: req.organisationId,
      fiscal_year: filing.fiscalYear,
      kind: filing.kind,
      title: filing.name,
      status: "draft",
      version: 1,
      document,
      approved_version: null,
      submitted_by: null,
      evaluation_id: null,
      created_at: now,
      created_by: p.id,
      updated_at: now,
      updated_by: p.id,
    };
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).insert(row);
      const version = await this.addVersion(tx, p, {
        filing_id: id,
        version: 1,
        stage: "filed",
        document,
        reason: req.reason ?? null,
        author_id: p.id,
        created_at: now,
      });
      await this.s.audit.append(tx, [
        this.audit(
          p,
          now,
          "filing.create",
          id,
          "",
          null,
          { organisationId: row.organisation_id, title: row.title, kind: row.kind, fiscalYear: row.fiscal_year },
          req.reason ?? null,
        ),
        version,
      ]);
    });
    return this.get(p, id);
  }

  /** Save the whole document as a new version (编制, or 调整 while adjusting), based on `version`. */
  async update(p: Principal, id: string, req: z.infer<typeof UpdateFilingRequest>): Promise<FilingDetail> {
    const opened = await this.visible(p, id);
    const { row } = opened;
    this.mayUpdate(p, opened);
    const filing = parseFiling(req.document);
    if (filing.kind !== row.kind)
      throw invalid("filing-kind-mismatch", { kind: row.kind }, [field("document.kind", "field/filing-kind", { kind: row.kind })]);
    const now = this.s.clock().toISOString();
    const document = JSON.stringify(req.document);
    const next = req.version + 1;
    await this.store.db.transaction().execute(async (tx) => {
      const ok = await this.repo(tx).updateIfVersion(id, req.version, row.status, {
        document,
        version: next,
        title: filing.name,
        fiscal_year: filing.fiscalYear,
        updated_at: now,
        updated_by: p.id,
      });
      if (!ok) throw staleVersion((await this.repo(tx).get(id))?.version ?? row.version);
      const version = await this.addVersion(tx, p, {
        filing_id: id,
        version: next,
        stage: row.status === "adjusting" ? "adjusted" : "filed",
        document,
        reason: req.reason ?? null,
        author_id: p.id,
        created_at: now,
      });
      await this.s.audit.append(tx, [
        this.audit(p, now, "filing.update", id, "document", { version: req.version }, { version: next }, req.reason ?? null),
        version,
      ]);
    });
    return this.get(p, id);
  }

  /** The status table's refusal of `action`, as a domain error (invalid move, not the caller's, own submission). */
  private refusal(action: FilingAction, facts: FilingFacts) {
    return (p: Principal) => {
      const d = filingTransition(p, action, facts);
      if (d.kind === "invalid") {
        const allowed = d.allowed.map((a) => lower(FILING_ACTION_LABELS[a]));
        const params = { from: lower(statusLabel(facts.status)), action: lower(FILING_ACTION_LABELS[action]), allowed };
        return invalidTransition(allowed.length ? "filing-transition" : "filing-transition/none", params);
      }
      return d.kind === "forbidden" && d.ownSubmission ? forbidden("own-submission") : forbidden();
    };
  }

  /**
   * Move the filing by the status table: `action` by `p` based on `version`, `reason` where required,
   * `extra` (a review) written in the same transaction. 批复 (finance's pass) adds the approved version.
   */
  private async move(
    p: Principal,
    opened: { row: FilingRow; facts: FilingFacts },
    action: FilingAction,
    version: number,
    reason: string | null,
    extra: (tx: Tx, now: string) => Promise<AuditEntryInput[]>,
  ): Promise<void> {
    const { row, facts } = opened;
    const d = filingTransition(p, action, facts);
    if (d.kind !== "allowed") throw this.refusal(action, facts)(p);
    const t = d.transition;
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      const approving = t.to === "approved";
      const adjusting = t.to === "adjusting";
      const next = approving || adjusting ? version + 1 : version;
      const ok = await this.repo(tx).updateIfVersion(row.id, version, row.status, {
        status: t.to,
        version: next,
        ...(approving ? { approved_version: next } : {}),
        ...(action === "submit" ? { submitted_by: p.id } : {}),
        updated_at: now,
        updated_by: p.id,
      });
      if (!ok) throw staleVersion((await this.repo(tx).get(row.id))?.version ?? row.version);
      const entries = await extra(tx, now);
      if (approving || adjusting)
        entries.push(
          await this.addVersion(tx, p, {
            filing_id: row.id,
            version: next,
            stage: approving ? "approved" : "adjusted",
            document: row.document,
            reason: reason ?? `${FILING_ACTION_LABELS[action].zh} / ${FILING_ACTION_LABELS[action].en.toLowerCase()}`,
            author_id: p.id,
            created_at: now,
          }),
        );
      entries.push(this.audit(p, now, `filing.${action}`, row.id, "status", row.status, t.to, reason));
      await this.s.audit.append(tx, entries);
    });
  }

  /** 提交 or 调整 (with its reason). */
  async transition(p: Principal, id: string, req: z.infer<typeof FilingTransitionRequest>): Promise<FilingDetail> {
    const opened = await this.visible(p, id);
    const reason = req.reason?.trim() || null;
    const d = filingTransition(p, req.action, opened.facts);
    if (d.kind === "allowed" && d.transition.reasonRequired && !reason)
      throw invalid("reason-required", { action: FILING_ACTION_LABELS[req.action] }, [field("reason", "field/adjust-reason")]);
    await this.move(p, opened, req.action, req.version, reason, async () => []);
    return this.get(p, id);
  }

  async reviews(p: Principal, id: string): Promise<FilingReviewView[]> {
    await this.visible(p, id);
    return (await this.repo().reviews(id)).map(reviewView);
  }

  /**
   * 审核: the 主管部门's or the bureau's review moves the filing (通过 / 退回修改 / 不予通过, the last
   * two with 审核意见); an invited expert's or agency's is an advisory opinion on the current version.
   */
  async review(p: Principal, id: string, req: z.infer<typeof CreateReviewRequest>): Promise<FilingReviewView> {
    const opened = await this.visible(p, id);
    const { row, facts } = opened;
    const opinion = req.opinion.trim();
    const reviewId = this.s.ids();
    const record = (stage: ReviewStage, now: string) => ({
      id: reviewId,
      filing_id: id,
      version: req.version,
      stage,
      reviewer_id: p.id,
      reviewer_role: p.role,
      criteria: JSON.stringify(req.criteria),
      conclusion: req.conclusion,
      opinion,
      created_at: now,
    });
    const auditOf = (stage: ReviewStage, now: string) =>
      this.audit(
        p,
        now,
        "filing.review",
        id,
        "reviews",
        null,
        {
          stage,
          version: req.version,
          conclusion: req.conclusion,
          ratings: Object.fromEntries(Object.entries(req.criteria).map(([k, v]) => [k, v.rating])),
        },
        opinion || null,
      );
    if (p.role === "expert" || p.role === "evaluator") {
      if (!canFiling(p, "filing.opine", facts)) throw forbidden();
      if (req.version !== row.version) throw staleVersion(row.version);
      const now = this.s.clock().toISOString();
      await this.store.db.transaction().execute(async (tx) => {
        await this.repo(tx).insertReview(record("expert", now));
        await this.s.audit.append(tx, [auditOf("expert", now)]);
      });
    } else {
      const d = filingTransition(p, req.conclusion, facts);
      if (d.kind !== "allowed") throw this.refusal(req.conclusion, facts)(p);
      if (d.transition.reasonRequired && !opinion)
        throw invalid("opinion-required", { conclusion: lower(REVIEW_CONCLUSION_LABELS[req.conclusion]) }, [
          field("opinion", "field/opinion"),
        ]);
      const stage: ReviewStage = row.status === "departmentReview" ? "department" : "finance";
      await this.move(p, opened, req.conclusion, req.version, opinion || null, async (tx, now) => {
        await this.repo(tx).insertReview(record(stage, now));
        return [auditOf(stage, now)];
      });
    }
    return reviewView((await this.repo().review(reviewId))!);
  }

  async versions(p: Principal, id: string) {
    await this.visible(p, id);
    return (await this.repo().versions(id)).map((v) => ({
      version: v.version,
      stage: v.stage,
      author: v.author_name,
      authorRole: (v.author_role as Role | null) ?? null,
      reason: v.reason,
      createdAt: v.created_at,
      sha256: v.sha256,
    }));
  }

  async version(p: Principal, id: string, version: number): Promise<Record<string, unknown>> {
    await this.visible(p, id);
    const v = await this.repo().version(id, version);
    if (!v) throw notFound("thing/version", { version });
    return JSON.parse(v.document) as Record<string, unknown>;
  }

  /**
   * Two versions side by side: by default the approved version (批复) and the current one — the
   * adjustment's 原值 and 调整后 — or the first and the current before any approval.
   */
  async diff(p: Principal, id: string, q: { from?: number | undefined; to?: number | undefined }) {
    const { row } = await this.visible(p, id);
    const to = q.to ?? row.version;
    const from = q.from ?? row.approved_version ?? 1;
    const repo = this.repo();
    const [a, b] = [await repo.version(id, from), await repo.version(id, to)];
    if (!a) throw notFound("thing/version", { version: from });
    if (!b) throw notFound("thing/version", { version: to });
    const parse = (text: string, n: number) => {
      const r = loadDocument(TargetFilingSchema, text, `v${n}.json`, "json");
      if (!r.ok) throw unprocessable("invalid-filing", { count: r.errors.length });
      return r.value;
    };
    const changes: FilingChangeView[] = diffFilings(parse(a.document, from), parse(b.document, to)).map((c) => ({
      kind: c.change,
      label: c.subject,
      path: [...c.path],
      before: c.change === "added" ? null : c.before,
      after: c.change === "removed" ? null : c.after,
    }));
    const reasons = (await repo.versions(id)).filter((v) => v.version > Math.min(from, to) && v.version <= Math.max(from, to) && v.reason);
    return { from, to, reason: reasons.at(-1)?.reason ?? null, changes };
  }

  /** 目标质量审核: the engine's checks of the current document. */
  async check(p: Principal, id: string) {
    const { row } = await this.visible(p, id);
    const r = loadDocument(TargetFilingSchema, row.document, "filing.json", "json");
    if (!r.ok) throw unprocessable("invalid-filing", { count: r.errors.length });
    const diagnostics = checkFiling(r.value).map(diagnosticView);
    const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
    return { summary: { error: count("error"), warning: count("warning"), info: count("info") }, diagnostics };
  }

  /** 受邀专家、第三方: who is invited (the inviter's view, filing.invite), with the opinions each has given. */
  async invitations(p: Principal, id: string): Promise<FilingInvitationView[]> {
    const { facts } = await this.visible(p, id);
    if (!canFiling(p, "filing.invite", facts)) throw forbidden();
    const [rows, reviews] = await Promise.all([this.repo().invitations(id), this.repo().reviews(id)]);
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.user_name,
      role: r.user_role as Role,
      invitedBy: r.invited_by_name,
      invitedAt: r.invited_at,
      opinions: reviews.filter((v) => v.stage === "expert" && v.reviewer_id === r.user_id).length,
    }));
  }

  async invite(p: Principal, id: string, userId: string): Promise<void> {
    const { facts } = await this.visible(p, id);
    if (!canFiling(p, "filing.invite", facts)) throw forbidden();
    const user = await new UserRepository(this.store.db).byId(userId);
    if (!user || (user.role !== "expert" && user.role !== "evaluator") || user.disabled !== 0)
      throw invalid("unknown-invitee", {}, [field("userId", "field/invitee")]);
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      if (await this.repo(tx).invite(id, userId, p.id, now))
        await this.s.audit.append(tx, [this.audit(p, now, "filing.invite", id, "invitations", null, { userId, role: user.role }, null)]);
    });
  }

  // ── the 申报表 as a workbook (exchange's filing-xlsx: written here, read in the parse pool) ──

  /** The filing's current document as its 申报表 (.xlsx). */
  async workbook(p: Principal, id: string): Promise<{ body: Uint8Array; filename: string }> {
    const { row } = await this.visible(p, id);
    const r = loadDocument(TargetFilingSchema, row.document, "filing.json", "json");
    if (!r.ok) throw unprocessable("invalid-filing", { count: r.errors.length });
    return { body: await filingToWorkbook(r.value), filename: `${row.title}-${filingTitle(r.value.kind)}.xlsx` };
  }

  /** A blank 申报表 (项目 or 部门整体) to fill in: for whoever works with filings. */
  async template(p: Principal, kind: TargetFiling["kind"]): Promise<{ body: Uint8Array; filename: string }> {
    if (!canFiling(p, "filing.read")) throw forbidden();
    return { body: await filingTemplate(kind), filename: `${filingTitle(kind)}（模板）.xlsx` };
  }

  /** A filled 申报表 uploaded as a new filing (编制, version 1); refused before it is read when `p` may not file there. */
  async importWorkbook(
    p: Principal,
    upload: { filename: string; data: Uint8Array },
    req: { organisationId: string; reason?: string | undefined },
  ): Promise<FilingDetail> {
    await this.mayCreate(p, req.organisationId);
    const document = await readFormUpload(this.s.parsers, "filing-form", upload.filename, upload.data);
    return this.create(p, { organisationId: req.organisationId, document, ...(req.reason ? { reason: req.reason } : {}) });
  }

  /** A filled 申报表 uploaded as the next version of an editable filing (the locks of `update` apply, checked before reading). */
  async replaceWorkbook(
    p: Principal,
    id: string,
    upload: { filename: string; data: Uint8Array },
    req: { version: number; reason?: string | undefined },
  ): Promise<FilingDetail> {
    this.mayUpdate(p, await this.visible(p, id));
    const document = await readFormUpload(this.s.parsers, "filing-form", upload.filename, upload.data);
    return this.update(p, id, { version: req.version, document, ...(req.reason ? { reason: req.reason } : {}) });
  }

  /**
   * 依据批复目标开展评价: the approved version becomes the evaluation's 表1 and indicator tree
   * (engine filingToEvaluationInput), created through EvaluationService.create (its policy, its
   * audit); the filing then names the evaluation. One evaluation per filing.
   */
  async startEvaluation(p: Principal, id: string, req: z.infer<typeof StartEvaluationRequest>): Promise<EvaluationDetail> {
    const { row, facts } = await this.visible(p, id);
    if (!canFiling(p, "filing.startEvaluation", facts)) throw forbidden();
    if (row.status !== "approved" || row.approved_version === null)
      throw conflict("filing-not-approved", { what: { zh: "开展评价", en: "start an evaluation" } });
    if (row.evaluation_id !== null) throw conflict("filing-evaluation-exists");
    const approved = await this.repo().version(id, row.approved_version);
    const r = loadDocument(TargetFilingSchema, approved!.document, "filing.json", "json");
    if (!r.ok) throw unprocessable("invalid-filing", { count: r.errors.length });
    const document = filingToEvaluationInput(r.value);
    // The claim (evaluation_id set only where it is still empty) is in the evaluation's own
    // transaction: of two concurrent requests one links and commits, the other finds the filing
    // taken (PostgreSQL re-checks the row after the first commits; SQLite writes one at a time)
    // and rolls its evaluation back — exactly one evaluation, the second answer a 409.
    return this.evaluations.create(
      p,
      {
        organisationId: row.organisation_id,
        document: document as Record<string, unknown>,
        agencyId: req.agencyId,
        reason:
          req.reason ?? `依据批复的绩效目标（第 ${row.approved_version} 版）/ from the approved targets (version ${row.approved_version})`,
      },
      async (tx, evaluationId, now) => {
        if (!(await this.repo(tx).setEvaluation(id, evaluationId))) throw conflict("filing-evaluation-exists");
        return [
          this.audit(p, now, "filing.startEvaluation", id, "evaluation", null, { evaluationId, version: row.approved_version }, null),
        ];
      },
    );
  }
}
