/**
 * The evaluation between three parties. 委托: the finance bureau commissions an evaluation of an
 * organisation in its subtree (a year, a kind, an agency of its region or none). 资料清单: the
 * agency asks the audited department for figures and files; the department fills the items; the
 * agency takes each answered value into the evaluation (a new revision whose reason names the
 * source) or returns it with a comment. 反馈意见: the department comments on the draft for comment
 * and the agency answers. Who may do each is policy.ts's; every write is audited in its transaction.
 */
import {
  type AnswerDataRequestRequest,
  type AnswerFeedbackRequest,
  type CommissionView,
  type CreateCommissionRequest,
  type CreateDataRequestRequest,
  type CreateFeedbackRequest,
  DATA_REQUEST_LIMITS,
  type DataItemKind,
  type DataRequestView,
  type EvaluationStatus,
  FEEDBACK_LIMITS,
  type FeedbackView,
  type ReviewDataItemRequest,
  describePath,
  getAt,
  setAt,
} from "@jixiao/api";
import { validateEvaluation } from "@jixiao/engine";
import type * as z from "zod";
import type { DataRequestItemsTable, Store } from "../db/database.js";
import { conflict, field, forbidden, invalid, notFound } from "../errors.js";
import { type EvaluationFacts, type Principal, agencyMayServe, can, visibility } from "../policy.js";
import type { AuditEntryInput } from "../repositories/audit-repository.js";
import {
  CollaborationRepository,
  type CommissionRow,
  type DataItemRow,
  type FeedbackRow,
} from "../repositories/collaboration-repository.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import { commissionerName } from "./evaluation-service.js";
import type { Services } from "./services.js";

function commissionView(r: CommissionRow): CommissionView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    fiscalYear: r.fiscal_year,
    kind: r.kind as CommissionView["kind"],
    evaluationType: r.evaluation_type as CommissionView["evaluationType"],
    title: r.title,
    project: r.project,
    commissioner: commissionerName(r.commissioner_name),
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    evaluation:
      r.evaluation_id && r.evaluation_title && r.evaluation_status
        ? { id: r.evaluation_id, title: r.evaluation_title, status: r.evaluation_status as EvaluationStatus }
        : null,
  };
}

const pathOf = (text: string | null): Array<string | number> | null =>
  text === null ? null : (JSON.parse(text) as Array<string | number>);

function itemView(i: DataItemRow, doc: unknown): DataRequestView["items"][number] {
  const path = pathOf(i.path);
  return {
    id: i.id,
    position: i.position,
    kind: i.kind as DataItemKind,
    label: i.label,
    path,
    target: path ? describePath(doc, path) : null,
    status: i.status,
    value: i.value,
    note: i.note,
    answeredBy: i.answered_by_name,
    answeredAt: i.answered_at,
    comment: i.comment,
    reviewedBy: i.reviewed_by_name,
    reviewedAt: i.reviewed_at,
    takenVersion: i.taken_version,
  };
}

function feedbackView(f: FeedbackRow): FeedbackView {
  return {
    id: f.id,
    number: f.number,
    section: f.section,
    text: f.text,
    createdBy: f.created_by_name,
    createdAt: f.created_at,
    answer: f.answer,
    answeredBy: f.answered_by_name,
    answeredAt: f.answered_at,
  };
}

/**
 * A supplied value as the document holds it: a whole number as a number (counts such as 编制数
 * must be integers), any other figure as its exact decimal text ("38,148.63" → "38148.63": never a
 * binary float), words as written.
 */
export function documentValue(text: string): unknown {
  const t = text.trim();
  const plain = t.replace(/,/g, "");
  if (/^[+-]?\d+$/.test(plain) && Number.isSafeInteger(Number(plain))) return Number(plain);
  if (/^[+-]?\d+(\.\d+)?$/.test(plain)) return plain;
  return t;
}

/** A time as people in China read it: 北京时间, minutes ("2025-03-01 09:30"). */
export const beijingTime = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

export class CollaborationService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  private repo(db = this.store.db) {
    return new CollaborationRepository(db);
  }

  // ── commissions ──

  async listCommissions(p: Principal): Promise<CommissionView[]> {
    if (!can(p, "commission.read")) throw forbidden();
    const v = visibility(p);
    const orgs = v.kind === "subtree" ? await new OrganisationRepository(this.store.db).subtreeOf(v.organisationId) : undefined;
    return (await this.repo().listCommissions(v, orgs)).map(commissionView);
  }

  async createCommission(p: Principal, req: z.infer<typeof CreateCommissionRequest>): Promise<CommissionView> {
    if (!can(p, "commission.create") || p.organisationId === null) throw forbidden();
    const orgs = new OrganisationRepository(this.store.db);
    const subject = await orgs.lineage(req.organisationId);
    const facts: EvaluationFacts = {
      organisationPath: subject.map((o) => o.id),
      agencyId: req.agencyId,
      status: "draft",
      assignedNodes: [],
    };
    // An organisation outside the subtree answers as an unknown one (nothing disclosed).
    if (subject.length === 0 || subject[0]!.kind === "agency" || !can(p, "commission.create", facts))
      throw invalid("unknown-organisation", {}, [field("organisationId", "field/organisation-in-subtree")]);
    if (req.agencyId !== null && !agencyMayServe(await orgs.lineage(req.agencyId), subject))
      throw invalid("unknown-agency", {}, [field("agencyId", "field/agency-of-region")]);
    if (req.agencyId !== null && req.evaluationType !== undefined)
      throw invalid("evaluation-type-required", {}, [field("evaluationType", "field/commission-agency")]);
    if (req.agencyId === null && req.evaluationType === undefined)
      throw invalid("evaluation-type-required", {}, [field("evaluationType", "field/evaluation-type")]);
    const now = this.s.clock().toISOString();
    const id = this.s.ids();
    const row = {
      id,
      organisation_id: req.organisationId,
      agency_id: req.agencyId,
      commissioner_id: p.organisationId,
      fiscal_year: req.fiscalYear,
      kind: req.kind,
      evaluation_type: req.agencyId !== null ? "第三方" : req.evaluationType!,
      title: req.title,
      project: req.project?.trim() || null,
      created_by: p.id,
      created_at: now,
    };
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).insertCommission(row);
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "commission.create",
          entity: "commission",
          entityId: id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({
            organisationId: row.organisation_id,
            agencyId: row.agency_id,
            fiscalYear: row.fiscal_year,
            kind: row.kind,
            evaluationType: row.evaluation_type,
            title: row.title,
            project: row.project,
          }),
          reason: null,
        },
      ]);
    });
    return commissionView((await this.repo().commission(id))!);
  }

  // ── data requests ──

  async dataRequests(p: Principal, id: string): Promise<DataRequestView[]> {
    const { row } = await this.evaluations.openFor(p, id, "dataRequest.read");
    const doc = JSON.parse(row.document) as unknown;
    return (await this.repo().dataRequests(id)).map((r) => this.requestView(r, doc));
  }

  private requestView(r: Awaited<ReturnType<CollaborationRepository["dataRequests"]>>[number], doc: unknown): DataRequestView {
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      note: r.note,
      createdBy: r.created_by_name,
      createdAt: r.created_at,
      items: r.items.map((i) => itemView(i, doc)),
    };
  }

  private async requestOf(id: string, num: number, doc: unknown): Promise<DataRequestView> {
    const r = await this.repo().dataRequest(id, num);
    if (!r) throw notFound("thing/data-request", { number: num });
    return this.requestView(r, doc);
  }

  async createDataRequest(p: Principal, id: string, req: z.infer<typeof CreateDataRequestRequest>): Promise<DataRequestView> {
    const { row } = await this.evaluations.openFor(p, id, "dataRequest.create");
    const doc = JSON.parse(row.document) as unknown;
    // Each target must be a place in the document: its parent exists (the value itself may not yet).
    req.items.forEach((item, i) => {
      if (!item.path) return;
      const parent = getAt(doc, item.path.slice(0, -1));
      if (typeof parent !== "object" || parent === null)
        throw invalid("invalid-request", { count: 1 }, [field(`items[${i}].path`, "field/no-such-place")]);
    });
    const now = this.s.clock().toISOString();
    const requestId = this.s.ids();
    let num = 0;
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      num = (await repo.countDataRequests(id)) + 1;
      if (num > DATA_REQUEST_LIMITS.requests)
        throw invalid("too-many", { max: DATA_REQUEST_LIMITS.requests }, [
          field("title", "field/too-many", { max: DATA_REQUEST_LIMITS.requests }),
        ]);
      const items: DataRequestItemsTable[] = req.items.map((item, i) => ({
        id: this.s.ids(),
        request_id: requestId,
        position: i + 1,
        kind: item.kind,
        label: item.label,
        path: item.path ? JSON.stringify(item.path) : null,
        status: "open",
        value: null,
        note: null,
        answered_by: null,
        answered_at: null,
        comment: null,
        reviewed_by: null,
        reviewed_at: null,
        taken_version: null,
      }));
      await repo.insertDataRequest(
        {
          id: requestId,
          evaluation_id: id,
          number: num,
          title: req.title,
          note: req.note?.trim() || null,
          created_by: p.id,
          created_at: now,
        },
        items,
      );
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "dataRequest.create",
          entity: "evaluation",
          entityId: id,
          path: `dataRequests[${num}]`,
          oldValue: null,
          newValue: JSON.stringify({ title: req.title, items: req.items.map((i) => i.label) }),
          reason: req.note?.trim() || null,
        },
      ]);
    });
    return this.requestOf(id, num, doc);
  }

  /** The department fills items (again, until taken in): value and note, each audited. */
  async answerDataRequest(p: Principal, id: string, num: number, req: z.infer<typeof AnswerDataRequestRequest>): Promise<DataRequestView> {
    const { row } = await this.evaluations.openFor(p, id, "dataRequest.answer");
    const doc = JSON.parse(row.document) as unknown;
    const request = await this.repo().dataRequest(id, num);
    if (!request) throw notFound("thing/data-request", { number: num });
    const seen = new Set<string>();
    const targets = req.items.map((a, i) => {
      const item = request.items.find((x) => x.id === a.itemId);
      if (!item) throw invalid("invalid-request", { count: 1 }, [field(`items[${i}].itemId`, "field/no-such-item")]);
      if (seen.has(a.itemId)) throw invalid("invalid-request", { count: 1 }, [field(`items[${i}].itemId`, "field/duplicate")]);
      seen.add(a.itemId);
      if (item.status === "taken") throw conflict("item-taken", {}, [field(`items[${i}].itemId`, "item-taken")]);
      return { item, answer: a };
    });
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      const entries: AuditEntryInput[] = [];
      for (const { item, answer } of targets) {
        const note = answer.note?.trim() || null;
        await repo.updateItem(item.id, { status: "answered", value: answer.value, note, answered_by: p.id, answered_at: now });
        entries.push({
          at: now,
          userId: p.id,
          action: "dataRequest.answer",
          entity: "evaluation",
          entityId: id,
          path: `dataRequests[${num}].items[${item.position}]`,
          oldValue: item.value === null ? null : JSON.stringify({ value: item.value }),
          newValue: JSON.stringify({ label: item.label, value: answer.value, note }),
          reason: null,
        });
      }
      await this.s.audit.append(tx, entries);
    });
    return this.requestOf(id, num, doc);
  }

  /**
   * The agency decides on one answered item. `take`: the value is written at the item's path as a
   * new revision based on `version`, its reason naming the source ("来自资料清单 #n，由 X 于 时间
   * 提供"), the item marked taken in the same transaction. `return`: back to the department with a comment.
   */
  async reviewDataItem(
    p: Principal,
    id: string,
    num: number,
    itemId: string,
    req: z.infer<typeof ReviewDataItemRequest>,
  ): Promise<DataRequestView> {
    const opened = await this.evaluations.openFor(p, id, "dataRequest.review");
    const request = await this.repo().dataRequest(id, num);
    if (!request) throw notFound("thing/data-request", { number: num });
    const item = request.items.find((x) => x.id === itemId);
    if (!item) throw notFound("thing/data-item");
    if (item.status === "taken") throw conflict("item-taken");
    if (item.status !== "answered" || item.value === null) throw conflict("item-not-answered");
    const now = this.s.clock().toISOString();
    const comment = req.comment?.trim() || null;
    const where = `dataRequests[${num}].items[${item.position}]`;
    if (req.decision === "return") {
      if (!comment) throw invalid("comment-required", {}, [field("comment", "comment-required")]);
      await this.store.db.transaction().execute(async (tx) => {
        await this.repo(tx).updateItem(item.id, { status: "returned", comment, reviewed_by: p.id, reviewed_at: now });
        await this.s.audit.append(tx, [
          {
            at: now,
            userId: p.id,
            action: "dataRequest.return",
            entity: "evaluation",
            entityId: id,
            path: where,
            oldValue: null,
            newValue: JSON.stringify({ label: item.label, comment }),
            reason: comment,
          },
        ]);
      });
      return this.requestOf(id, num, JSON.parse(opened.row.document));
    }
    const path = pathOf(item.path);
    if (!path) throw conflict("item-no-target");
    if (req.version === undefined) throw invalid("version-required", {}, [field("version", "version-required")]);
    const value = documentValue(item.value);
    const current = JSON.parse(opened.row.document) as unknown;
    const checked = validateEvaluation(setAt(current, path, value));
    if (!checked.ok) {
      const problem = checked.problems[0]!.message;
      throw invalid("item-value-invalid", { target: describePath(current, path), problem }, [{ path: "value", message: problem }]);
    }
    const reason = `来自资料清单 #${num}，由 ${item.answered_by_name ?? "—"} 于 ${beijingTime(item.answered_at ?? now)} 提供`;
    const saved = await this.evaluations.writeChanges(
      p,
      opened,
      req.version,
      [{ path, value }],
      reason,
      "dataRequest.take",
      async (tx, version) => {
        await this.repo(tx).updateItem(item.id, { status: "taken", comment, reviewed_by: p.id, reviewed_at: now, taken_version: version });
        return [
          {
            at: now,
            userId: p.id,
            action: "dataRequest.take",
            entity: "evaluation",
            entityId: id,
            path: where,
            oldValue: null,
            newValue: JSON.stringify({ label: item.label, value: item.value, version }),
            reason,
          },
        ];
      },
    );
    return this.requestOf(id, num, saved.document);
  }

  // ── feedback ──

  async feedback(p: Principal, id: string): Promise<FeedbackView[]> {
    await this.evaluations.openFor(p, id, "feedback.read");
    return (await this.repo().feedback(id)).map(feedbackView);
  }

  async createFeedback(p: Principal, id: string, req: z.infer<typeof CreateFeedbackRequest>): Promise<FeedbackView> {
    await this.evaluations.openFor(p, id, "feedback.create");
    const now = this.s.clock().toISOString();
    const section = req.section?.trim() || null;
    let num = 0;
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      num = (await repo.countFeedback(id)) + 1;
      if (num > FEEDBACK_LIMITS.items)
        throw invalid("too-many", { max: FEEDBACK_LIMITS.items }, [field("text", "field/too-many", { max: FEEDBACK_LIMITS.items })]);
      await repo.insertFeedback({
        id: this.s.ids(),
        evaluation_id: id,
        number: num,
        section,
        text: req.text,
        created_by: p.id,
        created_at: now,
        answer: null,
        answered_by: null,
        answered_at: null,
      });
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "feedback.create",
          entity: "evaluation",
          entityId: id,
          path: `feedback[${num}]`,
          oldValue: null,
          newValue: JSON.stringify({ section, text: req.text }),
          reason: null,
        },
      ]);
    });
    return feedbackView((await this.repo().feedbackItem(id, num))!);
  }

  async answerFeedback(p: Principal, id: string, num: number, req: z.infer<typeof AnswerFeedbackRequest>): Promise<FeedbackView> {
    await this.evaluations.openFor(p, id, "feedback.answer");
    const item = await this.repo().feedbackItem(id, num);
    if (!item) throw notFound("thing/feedback", { number: num });
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).answerFeedback(item.id, { answer: req.text, answered_by: p.id, answered_at: now });
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "feedback.answer",
          entity: "evaluation",
          entityId: id,
          path: `feedback[${num}]`,
          oldValue: item.answer === null ? null : JSON.stringify({ text: item.answer }),
          newValue: JSON.stringify({ text: req.text }),
          reason: null,
        },
      ]);
    });
    return feedbackView((await this.repo().feedbackItem(id, num))!);
  }
}
