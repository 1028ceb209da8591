import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditLogTable, Database, Store, Tx } from "../db/database.js";

export interface AuditEntryInput {
  at: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  path: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

/** sha256 over the previous hash and the entry's fields, in a fixed order. */
export function entryHash(prev: string, seq: number, e: AuditEntryInput): string {
  const canonical = JSON.stringify([seq, e.at, e.userId, e.action, e.entity, e.entityId, e.path, e.oldValue, e.newValue, e.reason]);
  return createHash("sha256").update(prev).update("\n").update(canonical).digest("hex");
}

export class AuditRepository {
  constructor(private readonly store: Store) {}

  /** Append entries inside the caller's transaction, chaining each hash to the previous. */
  async append(tx: Tx, entries: readonly AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    let { seq, hash } = await this.store.lockAuditHead(tx);
    const rows: AuditLogTable[] = [];
    for (const e of entries) {
      seq += 1;
      const h = entryHash(hash, seq, e);
      rows.push({ seq, at: e.at, user_id: e.userId, action: e.action, entity: e.entity, entity_id: e.entityId, path: e.path, old_value: e.oldValue, new_value: e.newValue, reason: e.reason, prev_hash: hash, hash: h });
      hash = h;
    }
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto("audit_log").values(rows.slice(i, i + 200)).execute();
    await tx.updateTable("audit_head").set({ seq, hash }).where("id", "=", 1).execute();
  }

  static forEntity(db: Kysely<Database>, entity: string, entityId: string): Promise<AuditLogTable[]> {
    return db.selectFrom("audit_log").selectAll().where("entity", "=", entity).where("entity_id", "=", entityId).orderBy("seq").execute();
  }
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that does not verify, with the reason. */
  problems: Array<{ seq: number; reason: string }>;
}

/** Walk the whole chain: every hash, every link, no gaps, and the head matches the last entry. */
export async function verifyAuditLog(db: Kysely<Database>, genesis: string): Promise<AuditVerification> {
  const problems: AuditVerification["problems"] = [];
  const head = await db.selectFrom("audit_head").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirst();
  let prev = genesis;
  let expectedSeq = 1;
  let count = 0;
  let lastSeq = 0;
  const page = 5000;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom("audit_log").selectAll().where("seq", ">", after).orderBy("seq").limit(page).execute();
    for (const r of rows) {
      count++;
      if (r.seq !== expectedSeq) problems.push({ seq: r.seq, reason: `missing entries ${expectedSeq}–${r.seq - 1}` });
      if (r.prev_hash !== prev) problems.push({ seq: r.seq, reason: "link to the previous entry is broken" });
      const h = entryHash(r.prev_hash, r.seq, { at: r.at, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id, path: r.path, oldValue: r.old_value, newValue: r.new_value, reason: r.reason });
      if (h !== r.hash) problems.push({ seq: r.seq, reason: "entry was altered (hash mismatch)" });
      prev = r.hash;
      expectedSeq = r.seq + 1;
      lastSeq = r.seq;
    }
    if (rows.length < page) break;
    after = rows[rows.length - 1]!.seq;
  }
  if (!head) problems.push({ seq: 0, reason: "audit head is missing" });
  else if (head.seq !== lastSeq || head.hash !== prev) problems.push({ seq: head.seq, reason: `entries after ${lastSeq} were deleted (head is at ${head.seq})` });
  return { ok: problems.length === 0, entries: count, problems };
}
