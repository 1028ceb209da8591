/**
 * Queries of the public view (绩效公开) and of an evaluation's status changes. The status
 * changes are read from the audit log — the one record of who did what, when and why (each
 * status action writes exactly one entry; a correction one per corrected field, all with the
 * same time and reason) — through its (entity, entity_id) index, for one evaluation or one page.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { EvaluationHead } from "./evaluation-repository.js";

/** The status actions as the audit log names them. */
export const STATUS_AUDIT_ACTIONS = [
  "evaluation.submit",
  "evaluation.return",
  "evaluation.accept",
  "evaluation.publish",
  "evaluation.correct",
  "evaluation.archive",
] as const;

export interface StatusEvent {
  evaluationId: string;
  seq: number;
  action: (typeof STATUS_AUDIT_ACTIONS)[number];
  at: string;
  reason: string | null;
  /** JSON of the new status (null for a correction entry: it names a field). */
  newValue: string | null;
  userName: string | null;
  userRole: string | null;
}

export interface PublishedFilter {
  year?: number;
  q?: string;
  limit: number;
  offset: number;
}

export class PublicRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private published(f: Omit<PublishedFilter, "limit" | "offset">) {
    let q = this.db
      .selectFrom("evaluations")
      .innerJoin("organisations", "organisations.id", "evaluations.organisation_id")
      .where("evaluations.status", "=", "published");
    if (f.year !== undefined) q = q.where("evaluations.fiscal_year", "=", f.year);
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb("evaluations.title", "like", like), eb("organisations.name", "like", like)]));
    }
    return q;
  }

  /** One page of published evaluations (newest year first, then by title) and how many match. */
  async listPublished(f: PublishedFilter): Promise<{ count: number; rows: Array<Pick<EvaluationHead, PublicColumn>> }> {
    const counted = await this.published(f)
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirst();
    const rows = await this.published(f)
      .select(PUBLIC_COLUMNS)
      .select("organisations.name as organisation_name")
      .orderBy("evaluations.fiscal_year", "desc")
      .orderBy("evaluations.title")
      .orderBy("evaluations.id")
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { count: Number(counted?.n ?? 0), rows };
  }

  /**
   * The status changes of these evaluations (of `actions`, all when omitted), oldest first, with
   * the display name and role of who made each.
   */
  async statusEvents(evaluationIds: readonly string[], actions: readonly string[] = STATUS_AUDIT_ACTIONS): Promise<StatusEvent[]> {
    if (evaluationIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("audit_log")
      .leftJoin("users", "users.id", "audit_log.user_id")
      .select([
        "audit_log.entity_id",
        "audit_log.seq",
        "audit_log.action",
        "audit_log.at",
        "audit_log.reason",
        "audit_log.new_value",
        "users.display_name",
        "users.role",
      ])
      .where("audit_log.entity", "=", "evaluation")
      .where("audit_log.entity_id", "in", [...evaluationIds])
      .where("audit_log.action", "in", [...actions])
      .orderBy("audit_log.seq")
      .execute();
    return rows.map((r) => ({
      evaluationId: r.entity_id,
      seq: Number(r.seq),
      action: r.action as StatusEvent["action"],
      at: r.at,
      reason: r.reason,
      newValue: r.new_value,
      userName: r.display_name,
      userRole: r.role,
    }));
  }

  /** The last status change of one evaluation, or undefined before the first. */
  async lastStatusEvent(evaluationId: string): Promise<StatusEvent | undefined> {
    const r = await this.db
      .selectFrom("audit_log")
      .leftJoin("users", "users.id", "audit_log.user_id")
      .select([
        "audit_log.entity_id",
        "audit_log.seq",
        "audit_log.action",
        "audit_log.at",
        "audit_log.reason",
        "audit_log.new_value",
        "users.display_name",
        "users.role",
      ])
      .where("audit_log.entity", "=", "evaluation")
      .where("audit_log.entity_id", "=", evaluationId)
      .where("audit_log.action", "in", [...STATUS_AUDIT_ACTIONS])
      .orderBy("audit_log.seq", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      evaluationId: r.entity_id,
      seq: Number(r.seq),
      action: r.action as StatusEvent["action"],
      at: r.at,
      reason: r.reason,
      newValue: r.new_value,
      userName: r.display_name,
      userRole: r.role,
    };
  }
}

const PUBLIC_COLUMNS = [
  "evaluations.id",
  "evaluations.organisation_id",
  "evaluations.title",
  "evaluations.kind",
  "evaluations.fiscal_year",
  "evaluations.status",
  "evaluations.version",
  "evaluations.total_cents",
  "evaluations.grade",
  "evaluations.updated_at",
] as const;
type PublicColumn =
  | "id"
  | "organisation_id"
  | "organisation_name"
  | "title"
  | "kind"
  | "fiscal_year"
  | "status"
  | "version"
  | "total_cents"
  | "grade"
  | "updated_at";
