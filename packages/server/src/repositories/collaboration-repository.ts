/** Commissions (委托), data requests (资料清单) and their items, feedback (反馈意见): every query. */
import type { Kysely } from "kysely";
import type { CommissionsTable, DataRequestItemsTable, DataRequestsTable, Database, FeedbackItemsTable } from "../db/database.js";
import type { Visibility } from "../policy.js";

export type CommissionRow = CommissionsTable & {
  organisation_name: string;
  agency_name: string | null;
  commissioner_name: string;
  created_by_name: string | null;
  evaluation_id: string | null;
  evaluation_title: string | null;
  evaluation_status: string | null;
};

export type DataRequestRow = DataRequestsTable & { created_by_name: string | null };
export type DataItemRow = DataRequestItemsTable & { answered_by_name: string | null; reviewed_by_name: string | null };
export type FeedbackRow = FeedbackItemsTable & { created_by_name: string | null; answered_by_name: string | null };

export class CollaborationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // ── commissions ──

  private commissions() {
    return this.db
      .selectFrom("commissions")
      .innerJoin("organisations as subject", "subject.id", "commissions.organisation_id")
      .innerJoin("organisations as bureau", "bureau.id", "commissions.commissioner_id")
      .leftJoin("organisations as agency", "agency.id", "commissions.agency_id")
      .leftJoin("users", "users.id", "commissions.created_by")
      .leftJoin("evaluations", "evaluations.commission_id", "commissions.id")
      .selectAll("commissions")
      .select([
        "subject.name as organisation_name",
        "agency.name as agency_name",
        "bureau.name as commissioner_name",
        "users.display_name as created_by_name",
        "evaluations.id as evaluation_id",
        "evaluations.title as evaluation_title",
        "evaluations.status as evaluation_status",
      ]);
  }

  commission(id: string): Promise<CommissionRow | undefined> {
    return this.commissions().where("commissions.id", "=", id).executeTakeFirst();
  }

  /** Commissions visible under `v` (the policy's answer for reading evaluations), newest first, at most 500. */
  async listCommissions(v: Visibility, visibleOrgs: string[] | undefined): Promise<CommissionRow[]> {
    let q = this.commissions();
    switch (v.kind) {
      case "subtree":
        q = q.where("commissions.organisation_id", "in", visibleOrgs && visibleOrgs.length > 0 ? visibleOrgs : ["-"]);
        break;
      case "agency":
        q = q.where("commissions.agency_id", "=", v.agencyId);
        break;
      default:
        return [];
    }
    return q.orderBy("commissions.created_at", "desc").orderBy("commissions.id").limit(500).execute();
  }

  async insertCommission(row: CommissionsTable): Promise<void> {
    await this.db.insertInto("commissions").values(row).execute();
  }

  // ── data requests ──

  async dataRequests(evaluationId: string): Promise<Array<DataRequestRow & { items: DataItemRow[] }>> {
    const requests = await this.db
      .selectFrom("data_requests")
      .leftJoin("users", "users.id", "data_requests.created_by")
      .selectAll("data_requests")
      .select("users.display_name as created_by_name")
      .where("data_requests.evaluation_id", "=", evaluationId)
      .orderBy("data_requests.number")
      .execute();
    if (requests.length === 0) return [];
    const items = await this.items(requests.map((r) => r.id));
    return requests.map((r) => ({ ...r, items: items.filter((i) => i.request_id === r.id) }));
  }

  private items(requestIds: string[]): Promise<DataItemRow[]> {
    return this.db
      .selectFrom("data_request_items")
      .leftJoin("users as answerer", "answerer.id", "data_request_items.answered_by")
      .leftJoin("users as reviewer", "reviewer.id", "data_request_items.reviewed_by")
      .selectAll("data_request_items")
      .select(["answerer.display_name as answered_by_name", "reviewer.display_name as reviewed_by_name"])
      .where("data_request_items.request_id", "in", requestIds)
      .orderBy("data_request_items.request_id")
      .orderBy("data_request_items.position")
      .execute();
  }

  async dataRequest(evaluationId: string, num: number): Promise<(DataRequestRow & { items: DataItemRow[] }) | undefined> {
    const r = await this.db
      .selectFrom("data_requests")
      .leftJoin("users", "users.id", "data_requests.created_by")
      .selectAll("data_requests")
      .select("users.display_name as created_by_name")
      .where("data_requests.evaluation_id", "=", evaluationId)
      .where("data_requests.number", "=", num)
      .executeTakeFirst();
    return r ? { ...r, items: await this.items([r.id]) } : undefined;
  }

  async countDataRequests(evaluationId: string): Promise<number> {
    const r = await this.db
      .selectFrom("data_requests")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("evaluation_id", "=", evaluationId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insertDataRequest(row: DataRequestsTable, items: DataRequestItemsTable[]): Promise<void> {
    await this.db.insertInto("data_requests").values(row).execute();
    await this.db.insertInto("data_request_items").values(items).execute();
  }

  async updateItem(id: string, set: Partial<DataRequestItemsTable>): Promise<void> {
    await this.db.updateTable("data_request_items").set(set).where("id", "=", id).execute();
  }

  // ── feedback ──

  private feedbackRows() {
    return this.db
      .selectFrom("feedback_items")
      .leftJoin("users as author", "author.id", "feedback_items.created_by")
      .leftJoin("users as answerer", "answerer.id", "feedback_items.answered_by")
      .selectAll("feedback_items")
      .select(["author.display_name as created_by_name", "answerer.display_name as answered_by_name"]);
  }

  feedback(evaluationId: string): Promise<FeedbackRow[]> {
    return this.feedbackRows().where("feedback_items.evaluation_id", "=", evaluationId).orderBy("feedback_items.number").execute();
  }

  feedbackItem(evaluationId: string, num: number): Promise<FeedbackRow | undefined> {
    return this.feedbackRows()
      .where("feedback_items.evaluation_id", "=", evaluationId)
      .where("feedback_items.number", "=", num)
      .executeTakeFirst();
  }

  async countFeedback(evaluationId: string): Promise<number> {
    const r = await this.db
      .selectFrom("feedback_items")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("evaluation_id", "=", evaluationId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insertFeedback(row: FeedbackItemsTable): Promise<void> {
    await this.db.insertInto("feedback_items").values(row).execute();
  }

  async answerFeedback(id: string, set: Pick<FeedbackItemsTable, "answer" | "answered_by" | "answered_at">): Promise<void> {
    await this.db.updateTable("feedback_items").set(set).where("id", "=", id).execute();
  }
}
