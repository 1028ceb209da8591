/** Target filings (绩效目标申报), their versions, reviews and invitations: every query. */
import type { Kysely } from "kysely";
import type { Database, FilingReviewsTable, FilingVersionsTable, TargetFilingsTable } from "../db/database.js";

export type FilingRow = TargetFilingsTable & { organisation_name: string };
export type FilingVersionRow = Omit<FilingVersionsTable, "document"> & { author_name: string | null; author_role: string | null };
export type FilingReviewRow = FilingReviewsTable & { reviewer_name: string };
export type FilingInvitationRow = {
  user_id: string;
  user_name: string;
  user_role: string;
  invited_by_name: string | null;
  invited_at: string;
};

export interface FilingFilter {
  year?: number | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  organisationId?: string | undefined;
}

/** Where a caller's filings are: organisations of their subtree, or the filings they are invited to. */
export type FilingVisibility = { kind: "organisations"; ids: readonly string[] } | { kind: "invited"; userId: string } | { kind: "none" };

export class TargetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private filings() {
    return this.db
      .selectFrom("target_filings")
      .innerJoin("organisations", "organisations.id", "target_filings.organisation_id")
      .selectAll("target_filings")
      .select("organisations.name as organisation_name");
  }

  get(id: string): Promise<FilingRow | undefined> {
    return this.filings().where("target_filings.id", "=", id).executeTakeFirst();
  }

  /** Filings visible as `v` says, filtered, newest first, at most 1000. */
  async list(v: FilingVisibility, f: FilingFilter): Promise<FilingRow[]> {
    let q = this.filings();
    if (v.kind === "none") return [];
    if (v.kind === "organisations") q = q.where("target_filings.organisation_id", "in", v.ids.length ? [...v.ids] : ["-"]);
    else
      q = q.where("target_filings.id", "in", this.db.selectFrom("filing_invitations").select("filing_id").where("user_id", "=", v.userId));
    if (f.year !== undefined) q = q.where("target_filings.fiscal_year", "=", f.year);
    if (f.status !== undefined) q = q.where("target_filings.status", "=", f.status);
    if (f.kind !== undefined) q = q.where("target_filings.kind", "=", f.kind);
    if (f.organisationId !== undefined) q = q.where("target_filings.organisation_id", "=", f.organisationId);
    return q.orderBy("target_filings.updated_at", "desc").orderBy("target_filings.id").limit(1000).execute();
  }

  async insert(row: TargetFilingsTable): Promise<void> {
    await this.db.insertInto("target_filings").values(row).execute();
  }

  /** Update when the stored version is still `version` and the status `status`; false when someone got there first. */
  async updateIfVersion(id: string, version: number, status: string, values: Partial<TargetFilingsTable>): Promise<boolean> {
    const r = await this.db
      .updateTable("target_filings")
      .set(values)
      .where("id", "=", id)
      .where("version", "=", version)
      .where("status", "=", status)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setEvaluation(id: string, evaluationId: string): Promise<boolean> {
    const r = await this.db
      .updateTable("target_filings")
      .set({ evaluation_id: evaluationId })
      .where("id", "=", id)
      .where("evaluation_id", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertVersion(row: FilingVersionsTable): Promise<void> {
    await this.db.insertInto("filing_versions").values(row).execute();
  }

  versions(id: string): Promise<FilingVersionRow[]> {
    return this.db
      .selectFrom("filing_versions")
      .leftJoin("users", "users.id", "filing_versions.author_id")
      .select([
        "filing_versions.filing_id",
        "filing_versions.version",
        "filing_versions.stage",
        "filing_versions.reason",
        "filing_versions.author_id",
        "filing_versions.created_at",
        "filing_versions.sha256",
        "users.display_name as author_name",
        "users.role as author_role",
      ])
      .where("filing_versions.filing_id", "=", id)
      .orderBy("filing_versions.version")
      .execute();
  }

  version(id: string, version: number): Promise<FilingVersionsTable | undefined> {
    return this.db.selectFrom("filing_versions").selectAll().where("filing_id", "=", id).where("version", "=", version).executeTakeFirst();
  }

  async insertReview(row: FilingReviewsTable): Promise<void> {
    await this.db.insertInto("filing_reviews").values(row).execute();
  }

  private reviewRows() {
    return this.db
      .selectFrom("filing_reviews")
      .innerJoin("users", "users.id", "filing_reviews.reviewer_id")
      .selectAll("filing_reviews")
      .select("users.display_name as reviewer_name");
  }

  reviews(id: string): Promise<FilingReviewRow[]> {
    return (
      this.reviewRows()
        .where("filing_reviews.filing_id", "=", id)
        // Within one moment and version the department's review precedes the bureau's (stages sort: department, expert, finance).
        .orderBy("filing_reviews.created_at")
        .orderBy("filing_reviews.version")
        .orderBy("filing_reviews.stage")
        .execute()
    );
  }

  review(id: string): Promise<FilingReviewRow | undefined> {
    return this.reviewRows().where("filing_reviews.id", "=", id).executeTakeFirst();
  }

  /** The last review that decided something (not an invited opinion). */
  lastDecision(id: string): Promise<FilingReviewRow | undefined> {
    return this.reviewRows()
      .where("filing_reviews.filing_id", "=", id)
      .where("filing_reviews.stage", "!=", "expert")
      .orderBy("filing_reviews.created_at", "desc")
      .orderBy("filing_reviews.version", "desc")
      .orderBy("filing_reviews.stage", "desc")
      .executeTakeFirst();
  }

  async isInvited(filingId: string, userId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom("filing_invitations")
      .select("user_id")
      .where("filing_id", "=", filingId)
      .where("user_id", "=", userId)
      .executeTakeFirst());
  }

  /** Who is invited to give an opinion on the filing, with who invited them, in the order invited. */
  invitations(filingId: string): Promise<FilingInvitationRow[]> {
    return this.db
      .selectFrom("filing_invitations")
      .innerJoin("users as invitee", "invitee.id", "filing_invitations.user_id")
      .leftJoin("users as inviter", "inviter.id", "filing_invitations.invited_by")
      .select([
        "filing_invitations.user_id",
        "filing_invitations.invited_at",
        "invitee.display_name as user_name",
        "invitee.role as user_role",
        "inviter.display_name as invited_by_name",
      ])
      .where("filing_invitations.filing_id", "=", filingId)
      .orderBy("filing_invitations.invited_at")
      .orderBy("filing_invitations.user_id")
      .execute();
  }

  /** Invite (idempotent): false when the invitation existed. */
  async invite(filingId: string, userId: string, by: string, at: string): Promise<boolean> {
    if (await this.isInvited(filingId, userId)) return false;
    await this.db
      .insertInto("filing_invitations")
      .values({ filing_id: filingId, user_id: userId, invited_by: by, invited_at: at })
      .execute();
    return true;
  }
}
