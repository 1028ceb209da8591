/**
 * The audit log is kept as AUDIT_CHAINS parallel chains (migration 0008), so that writes to
 * different evaluations do not wait for each other's commit: a transaction locks only the heads
 * of the chains its entries go to. Every entry goes to the chain of its entity (`chainOf`), so all
 * entries about one evaluation, user or organisation stay in one chain, in the order they were
 * committed — what `verifyAuditLog` needs to check "the last status audited". Chain 1 is also the
 * chain that existed before 0008: it holds the entries of every entity written before, which
 * therefore precede that entity's entries in its own chain.
 *
 * Each chain starts from its own genesis hash, so entries cannot be moved from one chain to another
 * unseen; each entry is signed (HMAC) and each head sealed exactly as before (audit-repository.ts).
 */
import { createHash } from "node:crypto";
import { type Kysely, PostgresAdapter, sql } from "kysely";

/** How many chains; fixed, as the entity → chain mapping depends on it. */
export const AUDIT_CHAINS = 16;

/** The chain of an entity's entries: 1 … AUDIT_CHAINS, from the sha256 of its kind and id. */
export function chainOf(entity: string, entityId: string): number {
  return 1 + (createHash("sha256").update(`${entity}\n${entityId}`).digest().readUInt32BE(0) % AUDIT_CHAINS);
}

/** The hash the first entry of `chain` links to: the log's genesis for chain 1 (as before 0008), derived from it for the others. */
export function chainGenesis(genesis: string, chain: number): string {
  return chain === 1 ? genesis : createHash("sha256").update(`chain ${chain}\n${genesis}`).digest("hex");
}

/**
 * Bring the audit tables to the chained layout: a head row per chain, every entry with its chain
 * position (entries from before 0008 are chain 1, position = seq), and on PostgreSQL the sequence
 * that numbers new entries past the highest seq. Idempotent: run by migration 0008 and after a
 * restore (a backup may come from before 0008, or carry explicit seq numbers).
 */
export async function ensureAuditChains(db: Kysely<unknown>, genesis: string): Promise<void> {
  const heads = await sql<{ id: number }>`select id from audit_head`.execute(db);
  const have = new Set(heads.rows.map((r) => Number(r.id)));
  for (let c = 1; c <= AUDIT_CHAINS; c++)
    if (!have.has(c)) await sql`insert into audit_head (id, seq, hash) values (${c}, 0, ${chainGenesis(genesis, c)})`.execute(db);
  await sql`update audit_log set position = seq where position = 0`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select setval('audit_log_seq', coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(db);
}
