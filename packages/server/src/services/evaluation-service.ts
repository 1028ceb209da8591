/**
 * Evaluations: create (from a template or a document), read, update with optimistic
 * concurrency, field-level patches (experts only inside their indicators), status changes,
 * revisions and their differences, scoring views, and the derived rows that answer questions
 * across evaluations. Every multi-row write is one transaction, with its audit entries.
 */
import {
  ACTION_LABELS,
  STATUS_LABELS,
  describePath,
  valueText,
  type TransitionRequest,
  type AuditEntryView,
  type CreateEvaluationRequest,
  type FindingsView,
  type ImportFileRequest,
  type UpdateFindingsRequest,
  type DiffEntry,
  type EvaluationAccess,
  type EvaluationDetail,
  type EvaluationStatus,
  type EvaluationSummary,
  type PatchEvaluationRequest,
  type PortfolioView,
  type Role,
  type StatusChangeView,
  type TransitionAction,
  type UpdateEvaluationRequest,
  JsonPathError,
  diagnosticView,
  findingView,
  pathText,
  scoreView,
  setAt,
  verifiedView,
} from "@jixiao/api";
import {
  type Bilingual,
  type Evaluation,
  type EvaluationInput,
  type Lang,
  type ScoreResult,
  TEMPLATES,
  buildTemplate,
  checkEvaluationReport,
  dec,
  findNode,
  formatLoadError,
  formatScore,
  scoreEvaluation,
  suggestFindings,
  summarize,
  validateEvaluation,
} from "@jixiao/engine";
import type * as z from "zod";
import diff from "microdiff";
import type { EvaluationsTable, RevisionsTable, Store, Tx } from "../db/database.js";
import { type FieldProblem, conflict, field, forbidden, invalid, invalidTransition, notFound, staleVersion } from "../errors.js";
import {
  type Action,
  type EvaluationFacts,
  type Principal,
  agencyMayServe,
  allowedTransitions,
  can,
  canAt,
  independenceRefuses,
  transition,
  visibility,
} from "../policy.js";
import { CollaborationRepository } from "../repositories/collaboration-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import { NoteRepository } from "../repositories/note-repository.js";
import { AuditRepository, type AuditEntryInput, revisionEntry } from "../repositories/audit-repository.js";
import {
  type EvaluationFilter,
  type EvaluationHead,
  EvaluationRepository,
  type EvaluationRow,
} from "../repositories/evaluation-repository.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import type { CommissionRow } from "../repositories/collaboration-repository.js";
import { TemplateRepository } from "../repositories/template-repository.js";
import { PublicRepository } from "../repositories/public-repository.js";
import type { Services } from "./services.js";
import { derive, derivedColumns } from "./derive.js";
import { auditEntryInWords, peopleOf } from "./history-words.js";

function summary(r: EvaluationHead): EvaluationSummary {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    fiscalYear: r.fiscal_year,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    agencyId: r.agency_id,
    status: r.status as EvaluationStatus,
    version: r.version,
    total: r.total_cents === null ? null : formatScore(centsToDecimal(r.total_cents)),
    grade: r.grade,
    unscored: r.unscored,
    partialTotal: r.partial_cents === null ? null : formatScore(centsToDecimal(r.partial_cents)),
    errors: r.error_count,
    warnings: r.warning_count,
    updatedAt: r.updated_at,
  };
}

/** What `p` may do with the evaluation described by `f`, for the client to show (policy.ts decides). */
function accessOf(p: Principal, f: EvaluationFacts): EvaluationAccess {
  const scoreAssigned = can(p, "evaluation.scoreAssigned", f);
  return {
    update: can(p, "evaluation.update", f),
    actions: allowedTransitions(p, f).map((t) => ({ action: t.action, to: t.to, reasonRequired: t.reasonRequired })),
    scoreAssigned,
    assignedNodes: p.role === "expert" ? [...f.assignedNodes] : [],
    collaboration: COLLABORATION_ACTIONS.filter((a) => can(p, a, f)),
  };
}

const COLLABORATION_ACTIONS: readonly Action[] = [
  "dataRequest.read",
  "dataRequest.create",
  "dataRequest.answer",
  "dataRequest.review",
  "feedback.read",
  "feedback.create",
  "feedback.answer",
];

function centsToDecimal(c: number) {
  // exact: integer cents → "85.73" text → Decimal
  const negative = c < 0;
  const s = String(Math.abs(c)).padStart(3, "0");
  return dec(`${negative ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`);
}

/** The request's document is invalid: every problem, its path under `prefix`. */
export function invalidDocument(problems: readonly FieldProblem[], prefix = "document") {
  return invalid(
    "invalid-document",
    { count: problems.length },
    problems.map((p) => ({ path: p.path ? `${prefix}.${p.path}` : prefix, message: p.message })),
  );
}

/** Apply one PATCH change (null deletes) with the one bounded path module; a bad path is invalid, naming the change. */
function applyChange(doc: unknown, change: { path: ReadonlyArray<string | number>; value: unknown }, index: number): unknown {
  try {
    return setAt(doc, change.path, change.value === null ? undefined : change.value);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    const seg = err.problem.index >= 0 ? `[${err.problem.index}]` : "";
    throw invalid("bad-path", { index, problem: err.problem.message }, [
      { path: `body.changes[${index}].path${seg}`, message: err.problem.message },
    ]);
  }
}

/**
 * The commission's facts in the document's meta: for a new one from a template everything the
 * commission says (title, year, kind, type, 委托方, 评价机构, 项目); for an uploaded document only
 * what the file leaves out (委托方, 评价机构, 项目名称).
 */
function commissioned(document: unknown, c: CommissionRow, fromTemplate: boolean): unknown {
  if (typeof document !== "object" || document === null) return document;
  const doc = document as { meta?: Record<string, unknown> };
  const meta = { ...(doc.meta ?? {}) };
  const set = (k: string, v: unknown) => {
    if (v !== null && v !== undefined && (fromTemplate || meta[k] === undefined)) meta[k] = v;
  };
  if (fromTemplate) {
    meta["title"] = c.title;
    meta["fiscalYear"] = c.fiscal_year;
    meta["kind"] = c.kind;
    meta["evaluationType"] = c.evaluation_type;
  }
  set("commissioner", commissionerName(c.commissioner_name));
  set("evaluator", c.agency_name);
  set("project", c.project);
  return { ...doc, meta };
}

/** 委托方 as a report names it: a region's finance bureau ("阳泉市" → "阳泉市财政局"). */
export const commissionerName = (regionName: string): string => (regionName.endsWith("财政局") ? regionName : `${regionName}财政局`);

/** A label inside an English sentence ("cannot submit an evaluation that is draft"). */
const lower = (t: Bilingual): Bilingual => ({ zh: t.zh, en: t.en.toLowerCase() });

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export class EvaluationService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
  ) {}

  private repo(db = this.store.db) {
    return new EvaluationRepository(db);
  }

  /** Organisations, their lineages answered from the process's cache once read (never inside a transaction). */
  private orgs() {
    return new OrganisationRepository(this.store.db, this.s.lineages);
  }

  /** Load a row the principal may see, with the facts the policy needs; not found otherwise. */
  private async visible(
    p: Principal,
    id: string,
    action: Action = "evaluation.read",
  ): Promise<{ row: EvaluationRow; facts: EvaluationFacts }> {
    const row = await this.repo().get(id);
    if (!row) throw notFound("thing/evaluation");
    const facts = await this.facts(p, row);
    if (!can(p, "evaluation.read", facts)) throw notFound("thing/evaluation");
    if (action !== "evaluation.read" && !can(p, action, facts)) throw await this.refusal(p, action, facts);
    return { row, facts };
  }

  /** Why `p` may not do `action`: the agency's independence when that is the reason (policy.independenceRefuses), else plain forbidden. */
  private async refusal(p: Principal, action: Action, facts: EvaluationFacts) {
    if (!independenceRefuses(p, action, facts) || facts.agencyId === null) return forbidden();
    const agency = await new OrganisationRepository(this.store.db).get(facts.agencyId);
    return forbidden("forbidden-independence", { agency: agency?.name ?? "" });
  }

  /**
   * The evaluation `id` for `action` by `p`: the row and the policy's facts; not found when it may
   * not be read, forbidden (saying why) when the action is not the principal's. For services that
   * work on an evaluation's side records (data requests, feedback).
   */
  async openFor(p: Principal, id: string, action: Action): Promise<{ row: EvaluationRow; facts: EvaluationFacts }> {
    return this.visible(p, id, action);
  }

  /**
   * Write `changes` into the evaluation as one new revision based on `version`, audited under
   * `auditAction` with `reason`; `also` runs in the same transaction and returns its own audit entries.
   */
  async writeChanges(
    p: Principal,
    opened: { row: EvaluationRow; facts: EvaluationFacts },
    version: number,
    changes: ReadonlyArray<{ path: ReadonlyArray<string | number>; value: unknown }>,
    reason: string,
    auditAction: string,
    also: (tx: Tx, version: number) => Promise<AuditEntryInput[]>,
  ): Promise<EvaluationDetail> {
    const current: unknown = JSON.parse(opened.row.document);
    let doc = current;
    changes.forEach((c, i) => {
      doc = applyChange(doc, c, i);
    });
    return this.save(p, opened.row, opened.facts, version, doc, reason, auditAction, also, current);
  }

  /** As `visible`, without loading the document. */
  private async visibleHead(p: Principal, id: string): Promise<EvaluationHead> {
    const row = await this.repo().head(id);
    if (!row) throw notFound("thing/evaluation");
    if (!can(p, "evaluation.read", await this.facts(p, row))) throw notFound("thing/evaluation");
    return row;
  }

  private async facts(
    p: Principal,
    row: Pick<EvaluationsTable, "id" | "organisation_id" | "agency_id" | "status">,
  ): Promise<EvaluationFacts> {
    return {
      organisationPath: await this.orgs().pathOf(row.organisation_id),
      agencyId: row.agency_id,
      status: row.status,
      assignedNodes: p.role === "expert" ? await this.repo().assignedNodes(row.id, p.id) : [],
    };
  }

  /** A saved template's document, when the principal may read it (policy: template.read in their region); undefined otherwise. */
  private async savedTemplate(p: Principal, id: string): Promise<EvaluationInput | undefined> {
    const templates = new TemplateRepository(this.store.db);
    const row = await templates.head(id);
    if (!row || !canAt(p, "template.read", await this.orgs().placement(p.organisationId, row.organisation_id))) return undefined;
    return templates.document(id);
  }

  async list(p: Principal, f: EvaluationFilter): Promise<EvaluationSummary[]> {
    // A visitor lists the public view instead (public.list): no working record is theirs.
    if (!can(p, "evaluation.read")) throw forbidden();
    const v = visibility(p);
    const orgs = v.kind === "subtree" ? await new OrganisationRepository(this.store.db).subtreeOf(v.organisationId) : undefined;
    const rows = await this.repo().list(v, orgs, f);
    return rows.map(summary);
  }

  async get(p: Principal, id: string): Promise<EvaluationDetail> {
    const { row, facts } = await this.visible(p, id);
    return {
      ...summary(row),
      document: JSON.parse(row.document) as unknown,
      access: accessOf(p, facts),
      lastStatusChange: await this.lastStatusChange(row.id),
    };
  }

  /** The last status change (the workspace's banner: who returned it, when and why), or null. */
  private async lastStatusChange(id: string): Promise<StatusChangeView | null> {
    const e = await new PublicRepository(this.store.db).lastStatusEvent(id);
    if (!e) return null;
    const action = e.action.slice("evaluation.".length) as TransitionAction;
    const to = action === "correct" ? "published" : (JSON.parse(e.newValue ?? "null") as EvaluationStatus);
    return { action, to, by: e.userName, byRole: (e.userRole as Role | null) ?? null, at: e.at, reason: e.reason };
  }

  /**
   * A new evaluation from an uploaded Jixiao file. YAML or JSON errors and schema errors are
   * refused as invalid, each naming the file, line:column and field path, before anything is written.
   */
  async importFile(p: Principal, req: z.infer<typeof ImportFileRequest>): Promise<EvaluationDetail> {
    // Read in a worker (workers/parse-pool.ts): a hostile file never holds the event loop.
    const loaded = await this.s.parsers.run({ kind: "load", text: req.content, filename: req.filename });
    if (!loaded.ok) {
      throw invalid(
        "invalid-file",
        { filename: req.filename, count: loaded.errors.length },
        loaded.errors.map((e) => ({
          path: `content${e.path ? `.${e.path}` : ""}`,
          message: { zh: formatLoadError(e, "zh"), en: formatLoadError(e, "en") },
        })),
      );
    }
    return this.create(p, {
      organisationId: req.organisationId,
      document: loaded.document,
      agencyId: req.agencyId,
      reason: req.reason ?? `导入文件 ${req.filename} / imported ${req.filename}`,
      ...(req.commissionId !== undefined ? { commissionId: req.commissionId } : {}),
    });
  }

  /**
   * A new evaluation (version 1). `link`, when given, runs in the same transaction after the
   * evaluation's row is written (so it may point at it) and returns its own audit entries; a
   * throw there rolls the evaluation back — how a filing claims its one evaluation atomically.
   */
  async create(
    p: Principal,
    req: z.infer<typeof CreateEvaluationRequest>,
    link?: (tx: Tx, evaluationId: string, now: string) => Promise<AuditEntryInput[]>,
  ): Promise<EvaluationDetail> {
    const orgs = this.orgs();
    const org = await orgs.get(req.organisationId);
    if (!org) throw invalid("unknown-organisation", {}, [field("organisationId", "field/no-such-organisation")]);
    const subject = await orgs.lineage(org.id);
    const commission = req.commissionId !== undefined ? await this.commissionFor(p, req) : undefined;
    const facts: EvaluationFacts = {
      organisationPath: subject.map((o) => o.id),
      agencyId: commission ? commission.agency_id : (req.agencyId ?? null),
      status: "draft",
      assignedNodes: [],
      commissionId: commission?.id ?? null,
    };
    if (!can(p, "evaluation.create", facts)) throw p.role === "evaluator" ? forbidden("forbidden-commission") : forbidden();
    // The agency named must exist and serve this region (policy.agencyMayServe); an unknown agency
    // and another region's answer alike, so other regions' agencies are not disclosed.
    if (req.agencyId && !agencyMayServe(await orgs.lineage(req.agencyId), subject)) {
      throw invalid("unknown-agency", {}, [field("agencyId", "field/agency-of-region")]);
    }
    let document: unknown;
    if (req.document !== undefined) document = req.document;
    else if (req.template !== undefined) {
      if (TEMPLATES.some((t) => t.id === req.template))
        document = buildTemplate(req.template, { fiscalYear: req.fiscalYear, subject: org.name });
      else {
        // A saved template: its tree and scheme, for this organisation and year.
        const t = await this.savedTemplate(p, req.template);
        if (!t) {
          throw invalid("unknown-template", { name: req.template }, [
            field("template", "field/template-ids", { ids: TEMPLATES.map((t) => t.id) }),
          ]);
        }
        const fiscalYear = req.fiscalYear ?? t.meta.fiscalYear;
        document = {
          ...t,
          meta: { ...t.meta, fiscalYear, subject: org.name, title: `${org.name}${fiscalYear}年度${t.meta.kind}绩效评价` },
        };
      }
    } else {
      throw invalid("missing-source", {}, [field("template", "field/template-or-document")]);
    }
    if (commission) document = commissioned(document, commission, req.document === undefined);
    const v = validateEvaluation(document);
    if (!v.ok) throw invalidDocument(v.problems);
    const e = v.evaluation;
    const now = this.s.clock().toISOString();
    const id = this.s.ids();
    const d = derive(e);
    const row: EvaluationsTable = {
      id,
      organisation_id: org.id,
      agency_id: facts.agencyId,
      commission_id: commission?.id ?? null,
      title: e.meta.title,
      kind: e.meta.kind,
      fiscal_year: e.meta.fiscalYear,
      status: "draft",
      version: 1,
      document: JSON.stringify(document),
      ...derivedColumns(d),
      created_at: now,
      created_by: p.id,
      updated_at: now,
      updated_by: p.id,
    };
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      await repo.insert(row);
      const revision: RevisionsTable = {
        evaluation_id: id,
        version: 1,
        document: row.document,
        author_id: p.id,
        reason: req.reason ?? null,
        created_at: now,
      };
      await repo.insertRevision(revision);
      await repo.replaceScores(
        id,
        d.scores.map((x) => ({ ...x, evaluation_id: id })),
      );
      await this.s.audit.append(tx, [
        revisionEntry(revision),
        {
          at: now,
          userId: p.id,
          action: "evaluation.create",
          entity: "evaluation",
          entityId: id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({
            title: row.title,
            organisationId: org.id,
            template: req.template ?? null,
            ...(commission ? { commissionId: commission.id } : {}),
          }),
          reason: req.reason ?? null,
        },
        ...(link ? await link(tx, id, now) : []),
      ]);
    });
    return this.get(p, id);
  }

  /**
   * The commission a new evaluation is created within: one the principal may see (else not found),
   * without an evaluation yet (else conflict), for the organisation and agency the request names.
   */
  private async commissionFor(p: Principal, req: z.infer<typeof CreateEvaluationRequest>): Promise<CommissionRow> {
    const c = await new CollaborationRepository(this.store.db).commission(req.commissionId!);
    const facts = c && {
      organisationPath: await this.orgs().pathOf(c.organisation_id),
      agencyId: c.agency_id,
      status: "draft",
      assignedNodes: [],
    };
    if (!c || !facts || !can(p, "commission.read", facts)) throw notFound("thing/commission");
    if (c.evaluation_id) throw conflict("commission-taken", {}, [field("commissionId", "commission-taken")]);
    if (req.organisationId !== c.organisation_id)
      throw invalid("commission-mismatch", {}, [field("organisationId", "commission-mismatch")]);
    if (req.agencyId !== undefined && req.agencyId !== c.agency_id)
      throw invalid("commission-mismatch", {}, [field("agencyId", "field/commission-agency")]);
    return c;
  }

  /** Replace the whole document, based on `version`. (Experts never write the document: they score in the panel, panel-service.ts.) */
  async update(p: Principal, id: string, req: z.infer<typeof UpdateEvaluationRequest>): Promise<EvaluationDetail> {
    const { row, facts } = await this.visible(p, id, "evaluation.update");
    return this.save(p, row, facts, req.version, req.document, req.reason ?? null);
  }

  /** Apply field-level changes to the current document, based on `version`. */
  async patch(p: Principal, id: string, req: z.infer<typeof PatchEvaluationRequest>): Promise<EvaluationDetail> {
    const { row, facts } = await this.visible(p, id, "evaluation.update");
    // setAt copies along the changed path: `current` stays the stored document, parsed once.
    const current: unknown = JSON.parse(row.document);
    let doc = current;
    req.changes.forEach((c, i) => {
      doc = applyChange(doc, c, i);
    });
    return this.save(p, row, facts, req.version, doc, req.reason ?? null, "evaluation.update", undefined, current);
  }

  /** `facts` as the caller's access check read them (a save does not change them); `current`, when given, is `row.document` already parsed. */
  private async save(
    p: Principal,
    row: EvaluationRow,
    facts: EvaluationFacts,
    baseVersion: number,
    document: unknown,
    reason: string | null,
    auditAction = "evaluation.update",
    also?: (tx: Tx, version: number) => Promise<AuditEntryInput[]>,
    current?: unknown,
  ): Promise<EvaluationDetail> {
    const v = validateEvaluation(document);
    if (!v.ok) throw invalidDocument(v.problems);
    const e = v.evaluation;
    const d = derive(e);
    const now = this.s.clock().toISOString();
    const oldDoc = (current ?? JSON.parse(row.document)) as object;
    const changes = diff(oldDoc, document as object);
    const text = JSON.stringify(document);
    await this.store.db.transaction().execute(async (tx: Tx) => {
      const repo = this.repo(tx);
      const revision: RevisionsTable = {
        evaluation_id: row.id,
        version: baseVersion + 1,
        document: text,
        author_id: p.id,
        reason,
        created_at: now,
      };
      const columns = {
        document: text,
        title: e.meta.title,
        kind: e.meta.kind,
        fiscal_year: e.meta.fiscalYear,
        ...derivedColumns(d),
        updated_at: now,
        updated_by: p.id,
      };
      const scores = d.scores.map((x) => ({ ...x, evaluation_id: row.id }));
      if (!(await repo.saveRevision(baseVersion, columns, revision, scores))) {
        const current = await repo.get(row.id);
        throw staleVersion(current?.version ?? row.version);
      }
      const entries: AuditEntryInput[] = changes.map((c) => ({
        at: now,
        userId: p.id,
        action: auditAction,
        entity: "evaluation",
        entityId: row.id,
        path: pathText(c.path),
        oldValue: c.type === "CREATE" ? null : json(c.oldValue),
        newValue: c.type === "REMOVE" ? null : json(c.value),
        reason,
      }));
      const extra = also ? await also(tx, revision.version) : [];
      await this.s.audit.append(tx, [revisionEntry(revision), ...entries, ...extra]);
    });
    // The new revision's scores are already computed: remember them for the reads that follow.
    const version = baseVersion + 1;
    this.s.derived.get(`${row.id}@${version}:scored`, () => ({ evaluation: e, result: d.result }));
    // What was just committed, without reading it back.
    const saved: EvaluationHead = {
      ...row,
      version,
      title: e.meta.title,
      kind: e.meta.kind,
      fiscal_year: e.meta.fiscalYear,
      ...derivedColumns(d),
      updated_at: now,
      updated_by: p.id,
    };
    return {
      ...summary(saved),
      // The document as saved: `text` is its JSON, and the response writes the same JSON from it.
      document,
      access: accessOf(p, facts),
      lastStatusChange: await this.lastStatusChange(row.id),
    };
  }

  /**
   * Take one action of the policy's status table. One revision and one audit entry per status
   * change; 更正 saves the corrected fields as one revision (status stays 已发布) with an audit
   * entry per field under `evaluation.correct`. Refused: no such move from this status
   * (invalid-transition), not this principal's move (forbidden), a required reason missing (invalid).
   */
  async transition(p: Principal, id: string, req: TransitionRequest): Promise<EvaluationDetail> {
    const { row, facts } = await this.visible(p, id);
    const decision = transition(p, req.action, facts);
    const label = ACTION_LABELS[req.action];
    const from = STATUS_LABELS[row.status as EvaluationStatus] ?? { zh: row.status, en: row.status };
    if (decision.kind === "invalid") {
      const allowed = decision.allowed.map((a) => lower(ACTION_LABELS[a]));
      const params = { from: lower(from), action: lower(label), allowed };
      throw invalidTransition(allowed.length ? "invalid-transition" : "invalid-transition/none", params);
    }
    if (decision.kind === "forbidden") throw await this.refusal(p, `evaluation.${req.action}`, facts);
    const t = decision.transition;
    const reason = req.reason?.trim() || null;
    if (t.reasonRequired && !reason) {
      throw invalid("reason-required", { action: label }, [field("reason", "field/reason")]);
    }
    if (t.action === "correct") {
      if ((req.changes === undefined) === (req.document === undefined)) {
        throw invalid("changes-required", {}, [field("changes", "field/corrected-fields")]);
      }
      let doc: unknown = req.document ?? JSON.parse(row.document);
      req.changes?.forEach((c, i) => {
        doc = applyChange(doc, c, i);
      });
      // A correction is published with its note: one that changes nothing would be a note about nothing.
      if (diff(JSON.parse(row.document) as object, doc as object).length === 0)
        throw invalid("correction-unchanged", {}, [field(req.document ? "document" : "changes", "field/correction-unchanged")]);
      return this.save(p, row, facts, req.version, doc, reason, "evaluation.correct");
    }
    if (req.changes !== undefined || req.document !== undefined)
      throw invalid("unexpected-changes", { action: label }, [field("changes", "field/only-with-correct")]);
    // 批注: open review notes hold 提交 up unless the submitter says why they need not (audited as note.override).
    const overrideNotes = req.overrideNotes?.trim() || null;
    const openNotes = t.action === "submit" ? await new NoteRepository(this.store.db).countOpen(id) : 0;
    if (openNotes > 0 && !overrideNotes)
      throw conflict("open-notes", { count: openNotes }, [field("overrideNotes", "field/override-notes", { count: openNotes })]);
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      if (!(await repo.updateIfVersion(id, req.version, { status: t.to, updated_at: now, updated_by: p.id }))) {
        throw staleVersion((await repo.get(id))?.version ?? row.version);
      }
      const revision: RevisionsTable = {
        evaluation_id: id,
        version: req.version + 1,
        document: row.document,
        author_id: p.id,
        reason: reason ?? `${label.zh} / ${label.en.toLowerCase()}`,
        created_at: now,
      };
      await repo.insertRevision(revision);
      await this.s.audit.append(tx, [
        revisionEntry(revision),
        {
          at: now,
          userId: p.id,
          action: `evaluation.${t.action}`,
          entity: "evaluation",
          entityId: id,
          path: "status",
          oldValue: json(row.status),
          newValue: json(t.to),
          reason,
        },
        ...(openNotes > 0
          ? [
              {
                at: now,
                userId: p.id,
                action: "note.override",
                entity: "evaluation",
                entityId: id,
                path: "notes",
                oldValue: null,
                newValue: JSON.stringify({ open: openNotes }),
                reason: overrideNotes,
              },
            ]
          : []),
      ]);
    });
    return this.get(p, id);
  }

  async assignExpert(p: Principal, id: string, userId: string, nodeIds: string[]): Promise<void> {
    const { row } = await this.visible(p, id, "panel.manage");
    const expert = await new UserRepository(this.store.db).byId(userId);
    if (!expert || expert.role !== "expert" || expert.disabled !== 0) {
      throw invalid("unknown-expert", {}, [field("userId", "field/expert-id")]);
    }
    const seen = new Set<string>();
    const known = this.scoredRow(row)?.result.byId;
    nodeIds.forEach((nid, i) => {
      if (seen.has(nid)) throw invalid("duplicate-node", { id: nid }, [field(`nodeIds[${i}]`, "field/duplicate")]);
      seen.add(nid);
      if (known && !known.has(nid)) throw invalid("unknown-node", { id: nid }, [field(`nodeIds[${i}]`, "field/no-such-indicator")]);
    });
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).assign(id, userId, nodeIds);
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "evaluation.assignExpert",
          entity: "evaluation",
          entityId: id,
          path: "experts",
          oldValue: null,
          newValue: JSON.stringify({ userId, nodeIds }),
          reason: null,
        },
      ]);
    });
  }

  /**
   * The parsed model and its scores for the revision the principal may see. Derived values of a
   * revision never change, so they are memoised by id and version (the row, its version and the
   * access decision are still read fresh on every request).
   */
  private async scored(p: Principal, id: string): Promise<{ key: string; version: number; evaluation: Evaluation; result: ScoreResult }> {
    const row = await this.visibleHead(p, id);
    const key = `${row.id}@${row.version}`;
    const cached = this.s.derived.peek<{ evaluation: Evaluation; result: ScoreResult }>(`${key}:scored`);
    if (cached) return { key, version: row.version, ...cached };
    // A miss: read that version's document (a revision never changes).
    const document = await this.repo().document(row.id, row.version);
    if (document === undefined) throw notFound("thing/evaluation");
    const { evaluation, result } = this.s.derived.get(`${key}:scored`, () => {
      const v = validateEvaluation(JSON.parse(document));
      if (!v.ok) throw invalidDocument(v.problems);
      return { evaluation: v.evaluation, result: scoreEvaluation(v.evaluation) };
    });
    return { key, version: row.version, evaluation, result };
  }

  /**
   * The parsed model and scores of `row`'s current revision, memoised under the same key as
   * `scored`; undefined for a document the current model refuses (nothing is remembered then).
   */
  scoredRow(row: { id: string; version: number; document: string }): { evaluation: Evaluation; result: ScoreResult } | undefined {
    const key = `${row.id}@${row.version}:scored`;
    const cached = this.s.derived.peek<{ evaluation: Evaluation; result: ScoreResult }>(key);
    if (cached) return cached;
    const v = validateEvaluation(JSON.parse(row.document));
    if (!v.ok) return undefined;
    return this.s.derived.get(key, () => ({ evaluation: v.evaluation, result: scoreEvaluation(v.evaluation) }));
  }

  async score(p: Principal, id: string, lang: Lang) {
    const { key, result } = await this.scored(p, id);
    return this.s.derived.view(`${key}:score:${lang}`, () => scoreView(result, lang));
  }

  async check(p: Principal, id: string) {
    const { key, evaluation: e, result: s } = await this.scored(p, id);
    return this.s.derived.view(`${key}:check`, () => {
      const report = checkEvaluationReport(e, s);
      return {
        summary: summarize(report.diagnostics),
        diagnostics: report.diagnostics.map(diagnosticView),
        verified: report.verified.map(verifiedView),
        findings: suggestFindings(e, s).map(findingView),
      };
    });
  }

  /** 问题与建议: what is recorded, and what the finding rules suggest from the data. */
  async findings(p: Principal, id: string): Promise<FindingsView> {
    const { version, evaluation: e, result: s } = await this.scored(p, id);
    const recordedRules = new Set((e.findings ?? []).flatMap((f) => f.rules ?? []));
    return {
      version,
      findings: (e.findings ?? []).map((f) => ({ ...f })),
      recommendations: (e.recommendations ?? []).map((r) => ({ ...r })),
      suggested: suggestFindings(e, s).map((f) => {
        const v = findingView(f);
        return { ...v, evidence: v.evidence.map((x) => ({ ...x, path: [...x.path] })), recorded: recordedRules.has(f.rule) };
      }),
    };
  }

  /** Replace the findings and recommendations: one saved revision, with its audit entries. */
  async updateFindings(p: Principal, id: string, req: z.infer<typeof UpdateFindingsRequest>): Promise<FindingsView> {
    const { row, facts } = await this.visible(p, id, "evaluation.update");
    const doc = JSON.parse(row.document) as Record<string, unknown>;
    const next: Record<string, unknown> = { ...doc, findings: req.findings, recommendations: req.recommendations };
    if (req.findings.length === 0) delete next["findings"];
    if (req.recommendations.length === 0) delete next["recommendations"];
    await this.save(p, row, facts, req.version, next, req.reason ?? null);
    return this.findings(p, id);
  }

  async explain(p: Principal, id: string, node: string, lang: Lang) {
    const s = (await this.scored(p, id)).result;
    const n = findNode(s, node);
    if (!n) throw notFound("thing/indicator", { id: node });
    return scoreView(s, lang, [n]).nodes[0]!;
  }

  async revisions(p: Principal, id: string) {
    await this.visible(p, id);
    const rows = await this.repo().revisions(id);
    const people = peopleOf(await new UserRepository(this.store.db).list());
    return rows.map((r) => ({
      version: r.version,
      author: r.author_name,
      authorRole: r.author_id ? (people.get(r.author_id)?.role ?? null) : null,
      reason: r.reason,
      createdAt: r.created_at,
    }));
  }

  async revision(p: Principal, id: string, version: number): Promise<unknown> {
    await this.visible(p, id);
    const r = await this.repo().revision(id, version);
    if (!r) throw notFound("thing/version", { version });
    return JSON.parse(r.document) as unknown;
  }

  async diff(p: Principal, id: string, from: number, to: number): Promise<DiffEntry[]> {
    const a = await this.revision(p, id, from);
    const b = await this.revision(p, id, to);
    return diff(a as object, b as object).map((c) => {
      const oldValue = c.type === "CREATE" ? undefined : (c as { oldValue?: unknown }).oldValue;
      const value = c.type === "REMOVE" ? undefined : (c as { value?: unknown }).value;
      return {
        type: c.type,
        path: c.path,
        oldValue,
        value,
        // Named where the thing is: in the newer document, or the older one for what was removed.
        label: describePath(c.type === "REMOVE" ? a : b, c.path),
        oldText: c.type === "CREATE" ? "" : valueText(oldValue),
        newText: c.type === "REMOVE" ? "" : valueText(value),
      };
    });
  }

  /**
   * The audit trail of one evaluation (visible to whoever may read it), in words: people by display
   * name and role, fields by the indicator's name and the field's label, statuses by name
   * (history-words.ts).
   */
  async auditTrail(p: Principal, id: string): Promise<Array<z.infer<typeof AuditEntryView>>> {
    const { row } = await this.visible(p, id);
    const people = peopleOf(await new UserRepository(this.store.db).list());
    const doc = JSON.parse(row.document) as unknown;
    return (await AuditRepository.forEntity(this.store.db, "evaluation", id)).map((r) => auditEntryInWords(r, doc, people));
  }

  async portfolio(p: Principal, year?: number): Promise<PortfolioView> {
    if (!can(p, "portfolio.read")) throw forbidden();
    const v = visibility(p);
    const orgs = v.kind === "subtree" ? await new OrganisationRepository(this.store.db).subtreeOf(v.organisationId) : undefined;
    const rows = await this.repo().portfolioRows(v, orgs, year);
    const scored = rows.filter((r) => r.total_cents !== null);
    const byGrade: Record<string, number> = {};
    for (const r of scored) if (r.grade) byGrade[r.grade] = (byGrade[r.grade] ?? 0) + 1;
    const distribution = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
    for (const r of scored) distribution[Math.min(9, Math.floor(r.total_cents! / 1000))]!.count++;
    const years = new Map<number, { n: number; sum: ReturnType<typeof dec> }>();
    for (const r of scored) {
      const y = years.get(r.fiscal_year) ?? { n: 0, sum: dec(0) };
      y.n++;
      y.sum = y.sum.plus(centsToDecimal(r.total_cents!));
      years.set(r.fiscal_year, y);
    }
    return {
      count: rows.length,
      byGrade,
      distribution,
      ranking: [...scored]
        .sort((a, b) => b.total_cents! - a.total_cents!)
        .slice(0, 50)
        .map((r) => ({
          id: r.id,
          title: r.title,
          organisationName: r.organisation_name,
          fiscalYear: r.fiscal_year,
          total: formatScore(centsToDecimal(r.total_cents!)),
          grade: r.grade,
        })),
      byYear: [...years.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([fiscalYear, y]) => ({ fiscalYear, count: y.n, average: formatScore(y.sum.dividedBy(y.n)) })),
      attention: rows
        .filter((r) => r.error_count > 0 || r.warning_count > 0)
        .slice(0, 50)
        .map((r) => ({ id: r.id, title: r.title, errors: r.error_count, warnings: r.warning_count })),
    };
  }
}
