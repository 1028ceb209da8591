/**
 * Migrations, in code, run at start-up. One list for both databases: the column types used
 * (text, integer) mean the same in SQLite and PostgreSQL.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, sql } from "kysely";
import { ensureAuditChains } from "./audit-chains.js";

const GENESIS = "0".repeat(64);

const migrations: Record<string, Migration> = {
  "0001-initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("organisations")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("parent_id", "text", (c) => c.references("organisations.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("username", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("organisation_id", "text", (c) => c.references("organisations.id"))
        .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("login_attempts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("ip", "text", (c) => c.notNull())
        .addColumn("success", "integer", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("login_attempts_username_at").on("login_attempts").columns(["username", "at"]).execute();
      await db.schema.createIndex("login_attempts_ip_at").on("login_attempts").columns(["ip", "at"]).execute();
      await db.schema
        .createTable("evaluations")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
        .addColumn("agency_id", "text", (c) => c.references("organisations.id"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("fiscal_year", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("total_cents", "integer")
        .addColumn("grade", "text")
        .addColumn("error_count", "integer", (c) => c.notNull())
        .addColumn("warning_count", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text")
        .execute();
      await db.schema.createIndex("evaluations_org").on("evaluations").column("organisation_id").execute();
      await db.schema.createIndex("evaluations_year").on("evaluations").column("fiscal_year").execute();
      await db.schema
        .createTable("revisions")
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("author_id", "text")
        .addColumn("reason", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("revisions_pk", ["evaluation_id", "version"])
        .execute();
      await db.schema
        .createTable("indicator_scores")
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("level", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("weight", "text", (c) => c.notNull())
        .addColumn("score_cents", "integer")
        .addPrimaryKeyConstraint("indicator_scores_pk", ["evaluation_id", "node_id"])
        .execute();
      await db.schema
        .createTable("expert_assignments")
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("node_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("expert_assignments_pk", ["evaluation_id", "user_id", "node_id"])
        .execute();
      await db.schema
        .createTable("audit_log")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("entity", "text", (c) => c.notNull())
        .addColumn("entity_id", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("old_value", "text")
        .addColumn("new_value", "text")
        .addColumn("reason", "text")
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity", "entity_id"]).execute();
      await db.schema
        .createTable("audit_head")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS})`.execute(db);
    },
  },
  "0002-templates": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("templates")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("organisation_id", "text", (c) => c.references("organisations.id"))
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  /** The audit chain signed with a key kept outside the database (audit-key.ts, audit-repository.ts). */
  "0003-audit-hmac": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("audit_log").addColumn("mac", "text").execute();
      await db.schema.alterTable("audit_log").addColumn("key_id", "text").execute();
      await db.schema.alterTable("audit_head").addColumn("mac", "text").execute();
      await db.schema.alterTable("audit_head").addColumn("seal", "text").execute();
      await db.schema.alterTable("audit_head").addColumn("key_id", "text").execute();
    },
  },
  /**
   * Partial totals: an evaluation with unscored indicators has no total and no grade, only a
   * partial total; `scored_with` records the engine's SCORING_VERSION, so rows derived by an
   * older engine are re-derived at start-up (services/derive.ts).
   */
  "0004-partial-totals": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("evaluations")
        .addColumn("unscored", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable("evaluations").addColumn("partial_cents", "integer").execute();
      await db.schema
        .alterTable("evaluations")
        .addColumn("scored_with", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  /**
   * 委托, 资料清单, 反馈意见: the bureau's commissions (an evaluation created within one points to
   * it, at most one per commission), the agency's data requests and their items (what the
   * department supplied, and whether the agency took it in), and the department's feedback on the
   * draft with the agency's answers.
   */
  "0005-commission-requests": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("commissions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
        .addColumn("agency_id", "text", (c) => c.references("organisations.id"))
        .addColumn("commissioner_id", "text", (c) => c.notNull().references("organisations.id"))
        .addColumn("fiscal_year", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("evaluation_type", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("project", "text")
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("commissions_org").on("commissions").column("organisation_id").execute();
      await db.schema.createIndex("commissions_agency").on("commissions").column("agency_id").execute();
      await db.schema
        .alterTable("evaluations")
        .addColumn("commission_id", "text", (c) => c.references("commissions.id"))
        .execute();
      await db.schema.createIndex("evaluations_commission").on("evaluations").column("commission_id").unique().execute();
      await db.schema
        .createTable("data_requests")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("data_requests_number", ["evaluation_id", "number"])
        .execute();
      await db.schema
        .createTable("data_request_items")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("request_id", "text", (c) => c.notNull().references("data_requests.id"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("path", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("value", "text")
        .addColumn("note", "text")
        .addColumn("answered_by", "text", (c) => c.references("users.id"))
        .addColumn("answered_at", "text")
        .addColumn("comment", "text")
        .addColumn("reviewed_by", "text", (c) => c.references("users.id"))
        .addColumn("reviewed_at", "text")
        .addColumn("taken_version", "integer")
        .execute();
      await db.schema.createIndex("data_request_items_request").on("data_request_items").columns(["request_id", "position"]).execute();
      await db.schema
        .createTable("feedback_items")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("section", "text")
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("answer", "text")
        .addColumn("answered_by", "text", (c) => c.references("users.id"))
        .addColumn("answered_at", "text")
        .addUniqueConstraint("feedback_items_number", ["evaluation_id", "number"])
        .execute();
    },
  },
  /**
   * 专家评议, 佐证材料, 批注: each expert's own panel record per indicator (the document is
   * written only when the evaluator adopts or overrides the panel's result), evidence files with
   * their bytes (SQLite blob, PostgreSQL bytea) and sha256, and review notes on a document path.
   */
  "0006-panel-evidence-notes": {
    async up(db: Kysely<unknown>) {
      const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
      await db.schema
        .createTable("panel_scores")
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("score", "text", (c) => c.notNull())
        .addColumn("comment", "text", (c) => c.notNull())
        .addColumn("deductions", "text", (c) => c.notNull())
        .addColumn("submitted_at", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("panel_scores_pk", ["evaluation_id", "node_id", "user_id"])
        .execute();
      await db.schema
        .createTable("panel_decisions")
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("panel_score", "text", (c) => c.notNull())
        .addColumn("score", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("decided_by", "text", (c) => c.notNull().references("users.id"))
        .addColumn("decided_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("panel_decisions_pk", ["evaluation_id", "node_id"])
        .execute();
      await db.schema
        .createTable("evidence_files")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("filename", "text", (c) => c.notNull())
        .addColumn("media_type", "text", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("content", bytes, (c) => c.notNull())
        .addColumn("uploaded_by", "text", (c) => c.notNull().references("users.id"))
        .addColumn("uploaded_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("evidence_files_evaluation").on("evidence_files").columns(["evaluation_id", "node_id"]).execute();
      await db.schema
        .createTable("review_notes")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("node_id", "text")
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("author_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("resolved_by", "text", (c) => c.references("users.id"))
        .addColumn("resolved_at", "text")
        .addColumn("resolution", "text")
        .execute();
      await db.schema.createIndex("review_notes_evaluation").on("review_notes").columns(["evaluation_id", "status"]).execute();
    },
  },
  /**
   * 目标管理 + 运行监控 (services/target-service.ts, monitoring-service.ts): target filings (申报表,
   * the current document and status) with every version kept (编制 filed / 批复 approved / 调整
   * adjusted, reason, author, sha256), reviews per stage (department, finance, invited expert)
   * with an opinion per criterion, invitations; monitoring tasks issued by finance (month M,
   * deadline, 一般/重点), the filings they cover, one report per task × filing, and finance's
   * conclusion per task × filing.
   */
  "0007-targets-monitoring": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("target_filings")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
        .addColumn("fiscal_year", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("approved_version", "integer")
        .addColumn("submitted_by", "text", (c) => c.references("users.id"))
        .addColumn("evaluation_id", "text", (c) => c.references("evaluations.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.references("users.id"))
        .execute();
      await db.schema.createIndex("target_filings_org_year").on("target_filings").columns(["organisation_id", "fiscal_year"]).execute();
      await db.schema
        .createTable("filing_versions")
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("author_id", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("filing_versions_pk", ["filing_id", "version"])
        .execute();
      await db.schema
        .createTable("filing_reviews")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("reviewer_role", "text", (c) => c.notNull())
        .addColumn("criteria", "text", (c) => c.notNull())
        .addColumn("conclusion", "text", (c) => c.notNull())
        .addColumn("opinion", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("filing_reviews_filing").on("filing_reviews").column("filing_id").execute();
      await db.schema
        .createTable("filing_invitations")
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("invited_by", "text", (c) => c.notNull().references("users.id"))
        .addColumn("invited_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("filing_invitations_pk", ["filing_id", "user_id"])
        .execute();
      await db.schema
        .createTable("monitoring_tasks")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
        .addColumn("fiscal_year", "integer", (c) => c.notNull())
        .addColumn("month", "integer", (c) => c.notNull())
        .addColumn("deadline", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("monitoring_task_filings")
        .addColumn("task_id", "text", (c) => c.notNull().references("monitoring_tasks.id"))
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addPrimaryKeyConstraint("monitoring_task_filings_pk", ["task_id", "filing_id"])
        .execute();
      await db.schema
        .createTable("monitoring_reports")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("task_id", "text", (c) => c.notNull().references("monitoring_tasks.id"))
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("submitted_at", "text")
        .addColumn("submitted_by", "text", (c) => c.references("users.id"))
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("monitoring_reports_task_filing", ["task_id", "filing_id"])
        .execute();
      await db.schema
        .createTable("monitoring_conclusions")
        .addColumn("task_id", "text", (c) => c.notNull().references("monitoring_tasks.id"))
        .addColumn("filing_id", "text", (c) => c.notNull().references("target_filings.id"))
        .addColumn("conclusion", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("decided_by", "text", (c) => c.notNull().references("users.id"))
        .addColumn("decided_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("monitoring_conclusions_pk", ["task_id", "filing_id"])
        .execute();
    },
  },
  /**
   * The audit log as parallel chains (db/audit-chains.ts): each entry has its chain and its
   * position in it (what its hash and MAC cover), one head row per chain; `seq` stays the global
   * order of entries, numbered by the database (SQLite's rowid, a PostgreSQL sequence), so a
   * transaction no longer holds one head for everyone until it commits.
   */
  "0008-audit-chains": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("audit_log")
        .addColumn("chain", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable("audit_log")
        .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`create sequence audit_log_seq owned by audit_log.seq`.execute(db);
        await sql`alter table audit_log alter column seq set default nextval('audit_log_seq')`.execute(db);
      }
      await ensureAuditChains(db, GENESIS);
      await db.schema.createIndex("audit_log_chain_position").on("audit_log").columns(["chain", "position"]).unique().execute();
    },
  },
};

class CodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export const AUDIT_GENESIS = GENESIS;

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: new CodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
