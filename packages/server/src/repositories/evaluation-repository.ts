import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { Database, EvaluationsTable, IndicatorScoresTable, RevisionsTable } from "../db/database.js";
import type { Visibility } from "../policy.js";

export interface EvaluationFilter {
  year?: number;
  organisationIds?: string[];
  kind?: string;
  status?: string;
  grade?: string;
  q?: string;
  sort?: "updatedAt" | "total" | "title" | "fiscalYear";
  order?: "asc" | "desc";
  limit?: number;
  offset?: number;
}

export type EvaluationRow = EvaluationsTable & { organisation_name: string };
/** A row without its document: what lists, summaries and access decisions need. */
export type EvaluationHead = Omit<EvaluationRow, "document">;

const HEAD_COLUMNS = [
  "evaluations.id",
  "evaluations.organisation_id",
  "evaluations.agency_id",
  "evaluations.title",
  "evaluations.kind",
  "evaluations.fiscal_year",
  "evaluations.status",
  "evaluations.version",
  "evaluations.total_cents",
  "evaluations.grade",
  "evaluations.unscored",
  "evaluations.partial_cents",
  "evaluations.scored_with",
  "evaluations.error_count",
  "evaluations.warning_count",
  "evaluations.created_at",
  "evaluations.created_by",
  "evaluations.updated_at",
  "evaluations.updated_by",
] as const;

const SORT: Record<
  NonNullable<EvaluationFilter["sort"]>,
  "evaluations.updated_at" | "evaluations.total_cents" | "evaluations.title" | "evaluations.fiscal_year"
> = {
  updatedAt: "evaluations.updated_at",
  total: "evaluations.total_cents",
  title: "evaluations.title",
  fiscalYear: "evaluations.fiscal_year",
};

export class EvaluationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom("evaluations")
      .innerJoin("organisations", "organisations.id", "evaluations.organisation_id")
      .selectAll("evaluations")
      .select("organisations.name as organisation_name");
  }

  private heads() {
    return this.db
      .selectFrom("evaluations")
      .innerJoin("organisations", "organisations.id", "evaluations.organisation_id")
      .select(HEAD_COLUMNS)
      .select("organisations.name as organisation_name");
  }

  get(id: string): Promise<EvaluationRow | undefined> {
    return this.base().where("evaluations.id", "=", id).executeTakeFirst();
  }

  /** The row without its document (reads that may not need it). */
  head(id: string): Promise<EvaluationHead | undefined> {
    return this.heads().where("evaluations.id", "=", id).executeTakeFirst();
  }

  /** The document of one version (the current one is also its latest revision). */
  async document(id: string, version: number): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("revisions")
      .select("document")
      .where("evaluation_id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst();
    return r?.document;
  }

  /** Rows visible under `v` (the policy's answer) and matching `f`. Without documents. */
  async list(v: Visibility, visibleOrgs: string[] | undefined, f: EvaluationFilter): Promise<EvaluationHead[]> {
    let q = this.heads();
    switch (v.kind) {
      case "none":
        return [];
      case "subtree":
        q = q.where("evaluations.organisation_id", "in", visibleOrgs && visibleOrgs.length > 0 ? visibleOrgs : ["-"]);
        break;
      case "agency":
        q = q.where("evaluations.agency_id", "=", v.agencyId);
        break;
      case "assigned":
        q = q.where(
          "evaluations.id",
          "in",
          this.db.selectFrom("expert_assignments").select("evaluation_id").where("user_id", "=", v.userId),
        );
        break;
      case "published":
        q = q.where("evaluations.status", "=", "published");
        break;
    }
    if (f.year !== undefined) q = q.where("evaluations.fiscal_year", "=", f.year);
    if (f.organisationIds) q = q.where("evaluations.organisation_id", "in", f.organisationIds.length > 0 ? f.organisationIds : ["-"]);
    if (f.kind) q = q.where("evaluations.kind", "=", f.kind);
    if (f.status) q = q.where("evaluations.status", "=", f.status);
    else q = q.where("evaluations.status", "!=", "archived");
    if (f.grade) q = q.where("evaluations.grade", "=", f.grade);
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb("evaluations.title", "like", like), eb("organisations.name", "like", like)]));
    }
    const order = f.order ?? (f.sort === "title" ? "asc" : "desc");
    q = q.orderBy(SORT[f.sort ?? "updatedAt"], order).orderBy("evaluations.id");
    return q
      .limit(f.limit ?? 100)
      .offset(f.offset ?? 0)
      .execute();
  }

  async insert(row: EvaluationsTable): Promise<void> {
    await this.db.insertInto("evaluations").values(row).execute();
  }

  /** Update only if the stored version is `expected`; returns false when someone saved first. */
  async updateIfVersion(id: string, expected: number, set: Partial<EvaluationsTable>): Promise<boolean> {
    const r = await this.db
      .updateTable("evaluations")
      .set({ ...set, version: expected + 1 })
      .where("id", "=", id)
      .where("version", "=", expected)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Save the next revision — the evaluation's new columns, the revision row and the indicator
   * scores — only if the stored version is `expected`; false (nothing written) when someone saved
   * first. Call it inside the caller's transaction. On PostgreSQL it is one statement (data-modifying
   * WITH, each part guarded by the version check) instead of four round trips; on SQLite, where a
   * statement costs no round trip (and for trees of more than 5,000 nodes), the statements run one by one.
   */
  async saveRevision(
    expected: number,
    set: Partial<EvaluationsTable>,
    revision: RevisionsTable,
    scores: readonly IndicatorScoresTable[],
  ): Promise<boolean> {
    const id = revision.evaluation_id;
    // A very large tree (5 parameters a node, PostgreSQL takes 65,535 in a statement) goes one statement at a time too.
    if (!(this.db.getExecutor().adapter instanceof PostgresAdapter) || scores.length > 5000) {
      if (!(await this.updateIfVersion(id, expected, set))) return false;
      await this.insertRevision(revision);
      await this.replaceScores(id, [...scores]);
      return true;
    }
    const upd = this.db
      .updateTable("evaluations")
      .set({ ...set, version: expected + 1 })
      .where("id", "=", id)
      .where("version", "=", expected)
      .returning("id");
    // The scores: rows of nodes no longer there deleted, the others inserted or updated in place
    // (a delete and an insert of the same key in one statement would collide).
    const values = scores.map((r) => sql`(${r.node_id}, ${r.level}::integer, ${r.name}, ${r.weight}, ${r.score_cents}::integer)`);
    const insert =
      values.length === 0
        ? sql``
        : sql`, ins as (
            insert into indicator_scores (evaluation_id, node_id, level, name, weight, score_cents)
            select ${id}, v.node_id, v.level, v.name, v.weight, v.score_cents
            from (values ${sql.join(values)}) as v(node_id, level, name, weight, score_cents)
            where exists (select 1 from upd)
            on conflict (evaluation_id, node_id) do update
            set level = excluded.level, name = excluded.name, weight = excluded.weight, score_cents = excluded.score_cents)`;
    const r = await sql<{ n: number }>`
      with upd as (${upd}),
      rev as (
        insert into revisions (evaluation_id, version, document, author_id, reason, created_at)
        select ${id}, ${revision.version}::integer, ${revision.document}, ${revision.author_id}, ${revision.reason}, ${revision.created_at}
        from upd),
      del as (
        delete from indicator_scores
        where evaluation_id = ${id} and not (node_id = any(${scores.map((x) => x.node_id)}::text[])) and exists (select 1 from upd))
      ${insert}
      select count(*)::integer as n from upd`.execute(this.db);
    return Number(r.rows[0]?.n) === 1;
  }

  async insertRevision(row: RevisionsTable): Promise<void> {
    await this.db.insertInto("revisions").values(row).execute();
  }

  revisions(id: string): Promise<Array<Omit<RevisionsTable, "document"> & { author_name: string | null }>> {
    return this.db
      .selectFrom("revisions")
      .leftJoin("users", "users.id", "revisions.author_id")
      .select([
        "revisions.evaluation_id",
        "revisions.version",
        "revisions.author_id",
        "revisions.reason",
        "revisions.created_at",
        "users.display_name as author_name",
      ])
      .where("revisions.evaluation_id", "=", id)
      .orderBy("revisions.version", "desc")
      .execute();
  }

  revision(id: string, version: number): Promise<RevisionsTable | undefined> {
    return this.db.selectFrom("revisions").selectAll().where("evaluation_id", "=", id).where("version", "=", version).executeTakeFirst();
  }

  /** Evaluations whose stored figures come from an older engine (`scored_with` below `version`). */
  staleDerived(version: number, limit: number): Promise<Array<{ id: string; document: string }>> {
    return this.db
      .selectFrom("evaluations")
      .select(["id", "document"])
      .where("scored_with", "<", version)
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Replace the figures derived from a document (not the document, its version or its status). */
  async setDerived(id: string, columns: Pick<EvaluationsTable, "scored_with"> & Partial<EvaluationsTable>): Promise<void> {
    await this.db.updateTable("evaluations").set(columns).where("id", "=", id).execute();
  }

  async replaceScores(id: string, rows: IndicatorScoresTable[]): Promise<void> {
    await this.db.deleteFrom("indicator_scores").where("evaluation_id", "=", id).execute();
    for (let i = 0; i < rows.length; i += 200)
      await this.db
        .insertInto("indicator_scores")
        .values(rows.slice(i, i + 200))
        .execute();
  }

  async assignedNodes(evaluationId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("expert_assignments")
      .select("node_id")
      .where("evaluation_id", "=", evaluationId)
      .where("user_id", "=", userId)
      .execute();
    return rows.map((r) => r.node_id);
  }

  async assign(evaluationId: string, userId: string, nodeIds: string[]): Promise<void> {
    await this.db.deleteFrom("expert_assignments").where("evaluation_id", "=", evaluationId).where("user_id", "=", userId).execute();
    if (nodeIds.length > 0)
      await this.db
        .insertInto("expert_assignments")
        .values(nodeIds.map((node_id) => ({ evaluation_id: evaluationId, user_id: userId, node_id })))
        .execute();
  }

  /** Scored, non-archived rows for portfolio statistics. */
  portfolioRows(v: Visibility, visibleOrgs: string[] | undefined, year?: number): Promise<EvaluationHead[]> {
    return this.list(v, visibleOrgs, { year, limit: 100000, sort: "total" });
  }
}
