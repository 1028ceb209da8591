/**
 * Logical backup and restore, the same format for both databases (so SQLite → PostgreSQL and
 * back is lossless): JSON lines, a header, then one line per row in dependency order.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { once } from "node:events";
import type { Database, Store } from "./db/database.js";
import { ensureAuditChains } from "./db/audit-chains.js";
import { AUDIT_GENESIS, migrate } from "./db/migrations.js";

/** Tables in the order rows must be restored (parents first). */
export const TABLES: ReadonlyArray<keyof Database> = [
  "organisations",
  "users",
  "templates",
  "commissions",
  "sessions",
  "login_attempts",
  "evaluations",
  "revisions",
  "indicator_scores",
  "expert_assignments",
  "panel_scores",
  "panel_decisions",
  "evidence_files",
  "review_notes",
  "data_requests",
  "data_request_items",
  "feedback_items",
  "target_filings",
  "filing_versions",
  "filing_reviews",
  "filing_invitations",
  "monitoring_tasks",
  "monitoring_task_filings",
  "monitoring_reports",
  "monitoring_conclusions",
  "audit_log",
  "audit_head",
];

const ORDER: Partial<Record<keyof Database, string[]>> = {
  organisations: ["created_at", "id"],
  users: ["id"],
  templates: ["id"],
  commissions: ["id"],
  sessions: ["id"],
  login_attempts: ["at", "id"],
  evaluations: ["id"],
  revisions: ["evaluation_id", "version"],
  indicator_scores: ["evaluation_id", "node_id"],
  expert_assignments: ["evaluation_id", "user_id", "node_id"],
  panel_scores: ["evaluation_id", "node_id", "user_id"],
  panel_decisions: ["evaluation_id", "node_id"],
  evidence_files: ["id"],
  review_notes: ["id"],
  data_requests: ["evaluation_id", "number"],
  data_request_items: ["request_id", "position"],
  feedback_items: ["evaluation_id", "number"],
  target_filings: ["id"],
  filing_versions: ["filing_id", "version"],
  filing_reviews: ["id"],
  filing_invitations: ["filing_id", "user_id"],
  monitoring_tasks: ["id"],
  monitoring_task_filings: ["task_id", "filing_id"],
  monitoring_reports: ["id"],
  monitoring_conclusions: ["task_id", "filing_id"],
  audit_log: ["seq"],
  audit_head: ["id"],
};

export interface BackupSummary {
  rows: Record<string, number>;
}

/** Write every row of every table to `file`. */
export async function backup(store: Store, file: string): Promise<BackupSummary> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const write = async (line: unknown) => {
    if (!out.write(JSON.stringify(line) + "\n")) await once(out, "drain");
  };
  await write({ format: "jixiao-backup", version: 1, source: store.dialect, tables: TABLES });
  const rows: Record<string, number> = {};
  // One read transaction, so the backup is a consistent snapshot while the server keeps writing
  // (repeatable read on PostgreSQL; a SQLite read transaction in WAL mode sees one snapshot).
  await store.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (tx) => {
      for (const table of TABLES) {
        rows[table] = 0;
        let offset = 0;
        for (;;) {
          let q = tx.selectFrom(table).selectAll();
          for (const col of ORDER[table] ?? []) q = q.orderBy(col as never);
          // Evidence rows carry their files (up to 20 MB each): a few at a time.
          const size = table === "evidence_files" ? 4 : 1000;
          const page = await q.limit(size).offset(offset).execute();
          for (const r of page) {
            // Integer columns come back as numbers from both drivers; bytes (evidence files) are written as base64.
            await write({ t: table, r: encodeBytes(r as Record<string, unknown>) });
            rows[table]++;
          }
          if (page.length < size) break;
          offset += page.length;
        }
      }
    });
  out.end();
  await once(out, "finish");
  return { rows };
}

/** A bytes column (evidence files) as `{ $base64 }` in the JSON line, and back. */
function encodeBytes(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Uint8Array ? { $base64: Buffer.from(v).toString("base64") } : v;
  return out;
}
function decodeBytes(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const b = v !== null && typeof v === "object" ? (v as { $base64?: unknown }).$base64 : undefined;
    out[k] = typeof b === "string" ? Buffer.from(b, "base64") : v;
  }
  return out;
}

export class RestoreError extends Error {}

/** Restore into an empty database (after migrating it), in one transaction. */
export async function restore(store: Store, file: string): Promise<BackupSummary> {
  await migrate(store.db as never);
  const existing = await store.db.selectFrom("users").select("id").limit(1).execute();
  const evaluations = await store.db.selectFrom("evaluations").select("id").limit(1).execute();
  if (existing.length > 0 || evaluations.length > 0)
    throw new RestoreError("目标数据库不是空的，拒绝覆盖 / the target database is not empty; refusing to overwrite it");
  const rows: Record<string, number> = {};
  let lineNo = 0;
  await store.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("audit_head").execute();
    // Open the file only now, right before iterating: readline starts reading at once, and lines
    // emitted before the `for await` below attaches would be lost (seen on PostgreSQL, where
    // the transaction starts asynchronously).
    const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
    let header = false;
    let current: string | undefined;
    const batch = new Map<string, unknown[]>();
    const flush = async (table: string) => {
      const b = batch.get(table);
      if (b && b.length > 0)
        await tx
          .insertInto(table as keyof Database)
          .values(b as never)
          .execute();
      batch.set(table, []);
    };
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      let obj: { t?: string; r?: unknown; format?: string };
      try {
        obj = JSON.parse(line) as typeof obj;
      } catch {
        throw new RestoreError(`${file}:${lineNo}: 不是有效的 JSON / not valid JSON`);
      }
      if (!header) {
        if (obj.format !== "jixiao-backup") throw new RestoreError(`${file}:${lineNo}: 不是 Jixiao 备份文件 / not a Jixiao backup file`);
        header = true;
        continue;
      }
      if (!obj.t || !TABLES.includes(obj.t as keyof Database) || typeof obj.r !== "object")
        throw new RestoreError(`${file}:${lineNo}: 无法识别的行 / unrecognised line`);
      // Rows arrive table by table, parents first: finish a table before starting the next.
      if (current !== undefined && current !== obj.t) await flush(current);
      current = obj.t;
      const b = batch.get(obj.t) ?? [];
      b.push(decodeBytes(obj.r as Record<string, unknown>));
      batch.set(obj.t, b);
      rows[obj.t] = (rows[obj.t] ?? 0) + 1;
      if (b.length >= (obj.t === "evidence_files" ? 1 : 200)) await flush(obj.t);
    }
    if (!header) throw new RestoreError(`${file}: 文件为空 / empty file`);
    for (const t of TABLES) await flush(t);
    // A backup from before the chained audit log (0008) has one head and no positions; on
    // PostgreSQL the sequence that numbers entries must move past the restored ones.
    await ensureAuditChains(tx as never, AUDIT_GENESIS);
  });
  return { rows };
}
