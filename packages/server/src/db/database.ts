/**
 * The one seam between SQLite and PostgreSQL. Both are reached through the same Kysely query
 * code; what differs (driver, pragmas, row locking) lives here and nowhere else.
 *
 * Columns are portable: ids and timestamps are TEXT (ISO 8601 UTC sorts as text), booleans are
 * INTEGER 0/1, scores are INTEGER hundredths ("score cents": 85.73 → 8573, exact), documents are
 * JSON in TEXT. No column is REAL/DOUBLE: nothing here touches binary floating point.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import {
  type Generated,
  type Insertable,
  Kysely,
  PostgresDialect,
  type QueryCreator,
  type Selectable,
  SqliteDialect,
  type SqliteDatabase,
  type Transaction,
} from "kysely";
import pg from "pg";

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  name: string;
  kind: "region" | "department" | "unit" | "agency";
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  organisation_id: string | null;
  disabled: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the session token (the token itself is only in the cookie). */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptsTable {
  id: string;
  username: string;
  ip: string;
  success: number;
  at: string;
}

export interface EvaluationsTable {
  id: string;
  organisation_id: string;
  agency_id: string | null;
  title: string;
  kind: string;
  fiscal_year: number;
  status: string;
  version: number;
  document: string;
  total_cents: number | null;
  grade: string | null;
  /** Leaves that could not be scored; then `total_cents` and `grade` are null and `partial_cents` holds 部分合计. */
  unscored: number;
  partial_cents: number | null;
  /** The engine's SCORING_VERSION these figures were computed with (older rows are re-derived at start-up). */
  scored_with: number;
  error_count: number;
  warning_count: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  /** The commission (委托) it was created within, if any. */
  commission_id?: string | null;
}

export interface RevisionsTable {
  evaluation_id: string;
  version: number;
  document: string;
  author_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface IndicatorScoresTable {
  evaluation_id: string;
  node_id: string;
  level: number;
  name: string;
  weight: string;
  score_cents: number | null;
}

export interface ExpertAssignmentsTable {
  evaluation_id: string;
  user_id: string;
  node_id: string;
}

/** The audit_log table (rows as read: AuditLogTable). */
export interface AuditLogColumns {
  /** The global order of entries, numbered by the database (not covered by the hash: `chain` and `position` are). */
  seq: Generated<number>;
  /** The chain the entry is in (db/audit-chains.ts: its entity's) and its place there, from 1. */
  chain: number;
  position: number;
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  path: string;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
  /** HMAC over the previous MAC and `hash`, with the key `key_id` (audit-key.ts); null only before sealing. */
  mac: string | null;
  key_id: string | null;
}

/** An audit entry as read. */
export type AuditLogTable = Selectable<AuditLogColumns>;

/** One row per audit chain (`id` = chain): its last position, hash and MAC, locked while appending to it. */
export interface AuditHeadTable {
  id: number;
  /** The chain's last position (0: empty). */
  seq: number;
  hash: string;
  mac: string | null;
  /** HMAC over seq, hash and mac with `key_id`: the head cannot be moved back unseen. */
  seal: string | null;
  key_id: string | null;
}

/** A stored template (模板): an indicator system a bureau or an evaluator reuses. */
export interface TemplatesTable {
  id: string;
  name: string;
  description: string;
  kind: string;
  /** The template as a Jixiao document (JSON), without any one evaluation's data. */
  document: string;
  organisation_id: string | null;
  created_by: string | null;
  created_at: string;
}

/** 专家评议: one expert's own score of one indicator; `submitted_at` set once submitted (then fixed). */
export interface PanelScoresTable {
  evaluation_id: string;
  node_id: string;
  user_id: string;
  /** Exact decimal text ("8.5"). */
  score: string;
  comment: string;
  /** JSON: [{ reason, points }]. */
  deductions: string;
  submitted_at: string | null;
  updated_at: string;
}

/** The evaluator's decision on a panel: adopted (the panel's result) or overridden (with a reason). */
export interface PanelDecisionsTable {
  evaluation_id: string;
  node_id: string;
  kind: "adopted" | "overridden";
  method: string;
  /** The panel's result when decided, and the score written into the document. */
  panel_score: string;
  score: string;
  reason: string | null;
  /** The revision the decision wrote. */
  version: number;
  decided_by: string;
  decided_at: string;
}

/** 佐证材料: a file attached to an indicator, its bytes in the database. */
export interface EvidenceFilesTable {
  id: string;
  evaluation_id: string;
  node_id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: string;
}

/** 批注: a review note on a document path (an indicator or a figure). */
export interface ReviewNotesTable {
  id: string;
  evaluation_id: string;
  /** JSON array: the document path. */
  path: string;
  /** The indicator the path is in, when it is in one (for the grid's counts). */
  node_id: string | null;
  text: string;
  status: "open" | "resolved";
  author_id: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: string | null;
}

/** 委托: the bureau's task — subject, year, kind, the agency (null: 单位自评 / 部门评价). */
export interface CommissionsTable {
  id: string;
  organisation_id: string;
  agency_id: string | null;
  /** 委托方: the bureau's organisation. */
  commissioner_id: string;
  fiscal_year: number;
  kind: string;
  evaluation_type: string;
  title: string;
  project: string | null;
  created_by: string | null;
  created_at: string;
}

/** 资料清单: what the agency asks the audited department for (#number within the evaluation). */
export interface DataRequestsTable {
  id: string;
  evaluation_id: string;
  number: number;
  title: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** One item of a data request: what is asked, where it goes (a document path as JSON), what was supplied and decided. */
export interface DataRequestItemsTable {
  id: string;
  request_id: string;
  position: number;
  kind: string;
  label: string;
  path: string | null;
  status: "open" | "answered" | "taken" | "returned";
  value: string | null;
  note: string | null;
  answered_by: string | null;
  answered_at: string | null;
  comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  taken_version: number | null;
}

/** 反馈意见: the department's comment on the draft, and the agency's answer. */
export interface FeedbackItemsTable {
  id: string;
  evaluation_id: string;
  number: number;
  section: string | null;
  text: string;
  created_by: string | null;
  created_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

/** 绩效目标申报: a target filing (项目 or 部门整体), its current document and status (policy FILING_STATUS_TABLE). */
export interface TargetFilingsTable {
  id: string;
  organisation_id: string;
  fiscal_year: number;
  /** "project" (项目支出) | "department" (部门整体). */
  kind: string;
  title: string;
  status: string;
  /** The latest version's number (filing_versions); an update based on an older one is 409. */
  version: number;
  /** JSON: the current document (engine TargetFiling input form). */
  document: string;
  /** The version approved last (批复), null before. */
  approved_version: number | null;
  /** Who submitted it last (nobody reviews their own submission). */
  submitted_by: string | null;
  /** The evaluation started from it, if any. */
  evaluation_id: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** Every version of a filing: 编制 filed, 批复 approved, 调整 adjusted; sha256 over what it records. */
export interface FilingVersionsTable {
  filing_id: string;
  version: number;
  stage: "filed" | "approved" | "adjusted";
  document: string;
  reason: string | null;
  author_id: string | null;
  created_at: string;
  sha256: string;
}

/** 审核: one reviewer's opinion on one version — per criterion (JSON), a conclusion and 审核意见. */
export interface FilingReviewsTable {
  id: string;
  filing_id: string;
  version: number;
  stage: "department" | "finance" | "expert";
  reviewer_id: string;
  reviewer_role: string;
  criteria: string;
  conclusion: "pass" | "return" | "reject";
  opinion: string;
  created_at: string;
}

/** An expert or evaluator invited by finance to give an opinion on a filing. */
export interface FilingInvitationsTable {
  filing_id: string;
  user_id: string;
  invited_by: string;
  invited_at: string;
}

/** 监控任务: issued by a finance bureau for a year and month M (1–M月), with a deadline; 一般 general / 重点 key. */
export interface MonitoringTasksTable {
  id: string;
  organisation_id: string;
  fiscal_year: number;
  month: number;
  /** YYYY-MM-DD (报送截止日). */
  deadline: string;
  kind: "general" | "key";
  title: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MonitoringTaskFilingsTable {
  task_id: string;
  filing_id: string;
}

/** 监控表: one report per task × filing (JSON, engine MonitoringReport input form). */
export interface MonitoringReportsTable {
  id: string;
  task_id: string;
  filing_id: string;
  document: string;
  status: "submitted";
  version: number;
  submitted_at: string | null;
  submitted_by: string | null;
  updated_at: string;
}

/** 财政处理意见 per task × filing. */
export interface MonitoringConclusionsTable {
  task_id: string;
  filing_id: string;
  conclusion: string;
  reason: string;
  decided_by: string;
  decided_at: string;
}

export interface Database {
  organisations: OrganisationsTable;
  templates: TemplatesTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  evaluations: EvaluationsTable;
  revisions: RevisionsTable;
  indicator_scores: IndicatorScoresTable;
  expert_assignments: ExpertAssignmentsTable;
  audit_log: AuditLogColumns;
  audit_head: AuditHeadTable;
  panel_scores: PanelScoresTable;
  panel_decisions: PanelDecisionsTable;
  evidence_files: EvidenceFilesTable;
  review_notes: ReviewNotesTable;
  commissions: CommissionsTable;
  data_requests: DataRequestsTable;
  data_request_items: DataRequestItemsTable;
  feedback_items: FeedbackItemsTable;
  target_filings: TargetFilingsTable;
  filing_versions: FilingVersionsTable;
  filing_reviews: FilingReviewsTable;
  filing_invitations: FilingInvitationsTable;
  monitoring_tasks: MonitoringTasksTable;
  monitoring_task_filings: MonitoringTaskFilingsTable;
  monitoring_reports: MonitoringReportsTable;
  monitoring_conclusions: MonitoringConclusionsTable;
}

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type AuditHeadLock = { id: number; seq: number; hash: string; mac: string | null };

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Where the data is (file path or connection URL without password). */
  location: string;
  /** Lock the heads of `chains` (ascending, so two transactions never wait for each other in a circle) for the rest of the transaction. */
  lockAuditHeads(tx: Tx, chains: readonly number[]): Promise<AuditHeadLock[]>;
  /** Insert audit entries and move the chain heads, in one statement where the database allows (PostgreSQL). */
  writeAudit(
    tx: Tx,
    entries: ReadonlyArray<Insertable<AuditLogColumns>>,
    heads: ReadonlyArray<Omit<AuditHeadTable, "id"> & { id: number }>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Open SQLite (a file, WAL mode) or PostgreSQL (when `databaseUrl` is set). */
export function openStore(options: { databaseUrl?: string; sqliteFile: string; poolSize?: number }): Store {
  if (options.databaseUrl) {
    // int8 (COUNT(*), SUM) arrives as text: keep it text and convert where it is read.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client whose connection the server ends (a restart, a failover, an administrator's
    // terminate) emits 'error'; unhandled, that would take the whole process down. The pool
    // drops the client and the next query opens a new connection.
    pool.on("error", (err) => process.stderr.write(`PostgreSQL: idle connection closed (${err.message}); it will be replaced\n`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    url.password = "";
    return {
      db,
      dialect: "postgres",
      location: url.toString(),
      // One statement: PostgreSQL locks the rows in the order returned (ORDER BY id).
      lockAuditHeads: (tx, chains) =>
        tx
          .selectFrom("audit_head")
          .select(["id", "seq", "hash", "mac"])
          .where("id", "in", [...chains])
          .orderBy("id")
          .forUpdate()
          .execute(),
      // The entries and every head move in one round trip (data-modifying WITH), so the heads are
      // held for as short a time as possible: this statement, then COMMIT.
      async writeAudit(tx, entries, heads) {
        let q: QueryCreator<Database> = tx;
        heads.forEach((h, i) => {
          const { id, ...set } = h;
          q = q.with(`head${i}`, (w) => w.updateTable("audit_head").set(set).where("id", "=", id)) as unknown as QueryCreator<Database>;
        });
        await q
          .insertInto("audit_log")
          .values([...entries])
          .execute();
      },
      close: () => db.destroy(),
    };
  }
  mkdirSync(dirname(options.sqliteFile), { recursive: true });
  const sqlite = new SQLite(options.sqliteFile);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: "sqlite",
    location: options.sqliteFile,
    // SQLite runs one write transaction at a time (Kysely holds its single connection for the
    // whole transaction), so reading the head inside the transaction is already exclusive.
    lockAuditHeads: (tx, chains) =>
      tx
        .selectFrom("audit_head")
        .select(["id", "seq", "hash", "mac"])
        .where("id", "in", [...chains])
        .orderBy("id")
        .execute(),
    async writeAudit(tx, entries, heads) {
      await tx
        .insertInto("audit_log")
        .values([...entries])
        .execute();
      for (const { id, ...set } of heads) await tx.updateTable("audit_head").set(set).where("id", "=", id).execute();
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely's SQLite driver prepares every query afresh; preparing costs about as much as running a
 * small query. The query texts are few (parameters are bound, never inlined), so prepared
 * statements are kept by their SQL text. Safe because Kysely runs one query at a time on its
 * single SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 1000): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(text: string) {
      let st = statements.get(text);
      if (st === undefined) {
        st = sqlite.prepare(text);
        if (statements.size >= limit) statements.clear();
        statements.set(text, st);
      }
      return st as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}
