/**
 * The audit chain. Each entry has
 * - `hash`: sha256 over the previous hash and the entry's fields (detects a careless edit);
 * - `mac`: HMAC-SHA256, with a key kept outside the database (audit-key.ts), over the previous
 *   entry's MAC and this hash, and `key_id` naming the key. Someone who can rewrite the database
 *   can recompute every hash but not one MAC;
 * and the head row keeps the last seq, hash and MAC plus `seal`, a MAC over those three, so that
 * cutting entries off the end and moving the head back does not verify either.
 *
 * There are AUDIT_CHAINS such chains side by side (db/audit-chains.ts): an entry goes to the chain
 * of its entity, and "seq" in the hash is its position in that chain. A transaction locks only the
 * heads of the chains it appends to, at its end, and moves them in the statement that inserts its
 * entries, so writes about different evaluations commit in parallel while each evaluation's
 * entries stay one ordered, signed chain. The column `seq` is the global order the database
 * numbers entries in; verify checks it agrees with every chain's order.
 *
 * What the chain covers beyond its own entries: every revision is recorded by a
 * `revision.create` entry carrying the sha256 of the revision (document, author, reason, time);
 * every evaluation's current document must be its latest revision and its status and
 * organisation the last ones audited; every user's role and organisation the last ones audited;
 * every version of a target filing (编制 / 批复 / 调整) is recorded by a `filing.version` entry
 * carrying its sha256 the same way. `verifyAuditLog` checks all of it.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditKeyring } from "../audit-key.js";
import type { Insertable } from "kysely";
import { AUDIT_CHAINS, chainGenesis, chainOf } from "../db/audit-chains.js";
import type {
  AuditHeadTable,
  AuditLogColumns,
  AuditLogTable,
  Database,
  FilingVersionsTable,
  RevisionsTable,
  Store,
  Tx,
} from "../db/database.js";

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

const hmac = (secret: Buffer, text: string) => createHmac("sha256", secret).update(text).digest("hex");
/** An entry's MAC: over the previous entry's MAC and this entry's hash (which covers its content). */
export const entryMac = (secret: Buffer, prevMac: string, hash: string) => hmac(secret, `entry\n${prevMac}\n${hash}`);
/** The head's seal: over the last seq, hash and MAC. */
export const headSeal = (secret: Buffer, seq: number, hash: string, mac: string) => hmac(secret, `head\n${seq}\n${hash}\n${mac}`);
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** sha256 of a revision: the document and who, when and why, so none of them can change unseen. */
export function revisionHash(
  r: Pick<RevisionsTable, "evaluation_id" | "version" | "document" | "author_id" | "reason" | "created_at">,
): string {
  return createHash("sha256")
    .update(JSON.stringify([r.evaluation_id, Number(r.version), r.author_id, r.reason, r.created_at, r.document]))
    .digest("hex");
}

export const REVISION_ACTION = "revision.create";

/** sha256 of a filing version: the document and who, when, why and which stage, so none can change unseen. */
export function filingVersionHash(v: Omit<FilingVersionsTable, "sha256">): string {
  return createHash("sha256")
    .update(JSON.stringify([v.filing_id, Number(v.version), v.stage, v.author_id, v.reason, v.created_at, v.document]))
    .digest("hex");
}

/** The action of the entry that records a filing version (newValue `{ version, stage, sha256 }`). */
export const FILING_VERSION_ACTION = "filing.version";

/** The entry that chains a revision into the audit log; append it in the transaction that inserts the revision. */
export function revisionEntry(r: RevisionsTable): AuditEntryInput {
  return {
    at: r.created_at,
    userId: r.author_id,
    action: REVISION_ACTION,
    entity: "evaluation",
    entityId: r.evaluation_id,
    path: "revision",
    oldValue: null,
    newValue: JSON.stringify({ version: Number(r.version), sha256: revisionHash(r) }),
    reason: null,
  };
}

export class AuditRepository {
  constructor(
    private readonly store: Store,
    private readonly keys: AuditKeyring,
  ) {}

  /**
   * Append entries inside the caller's transaction, chaining each hash and MAC to the previous one
   * of its chain. Call it last in the transaction: the chain heads stay locked until the commit.
   */
  async append(tx: Tx, entries: readonly AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    const byChain = new Map<number, AuditEntryInput[]>();
    for (const e of entries) {
      const c = chainOf(e.entity, e.entityId);
      const list = byChain.get(c);
      if (list) list.push(e);
      else byChain.set(c, [e]);
    }
    const chains = [...byChain.keys()].sort((a, b) => a - b);
    const locked = await this.store.lockAuditHeads(tx, chains);
    if (locked.length !== chains.length) throw new Error(`the audit log's chain heads ${chains.join(", ")} are not all there`);
    const { id: keyId, secret } = this.keys.signing;
    const rows: Array<Insertable<AuditLogColumns>> = [];
    const heads: AuditHeadTable[] = [];
    for (const head of locked) {
      let seq = Number(head.seq);
      let hash = head.hash;
      if (seq > 0 && head.mac === null) throw new Error("the audit log is not signed yet: run `jixiao audit-log seal` (see README)");
      let prevMac = head.mac ?? GENESIS_MAC;
      for (const e of byChain.get(Number(head.id))!) {
        seq += 1;
        const h = entryHash(hash, seq, e);
        const m = entryMac(secret, prevMac, h);
        rows.push({
          chain: Number(head.id),
          position: seq,
          at: e.at,
          user_id: e.userId,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId,
          path: e.path,
          old_value: e.oldValue,
          new_value: e.newValue,
          reason: e.reason,
          prev_hash: hash,
          hash: h,
          mac: m,
          key_id: keyId,
        });
        hash = h;
        prevMac = m;
      }
      heads.push({ id: Number(head.id), seq, hash, mac: prevMac, seal: headSeal(secret, seq, hash, prevMac), key_id: keyId });
    }
    await this.store.writeAudit(tx, rows.slice(0, 200), heads);
    for (let i = 200; i < rows.length; i += 200)
      await tx
        .insertInto("audit_log")
        .values(rows.slice(i, i + 200))
        .execute();
  }

  static forEntity(db: Kysely<Database>, entity: string, entityId: string): Promise<AuditLogTable[]> {
    return db.selectFrom("audit_log").selectAll().where("entity", "=", entity).where("entity_id", "=", entityId).orderBy("seq").execute();
  }
}

/** The MAC the first entry chains to. */
export const GENESIS_MAC = "0".repeat(64);

export interface AuditProblem {
  /** The audit entry concerned (0 when none: the head, a revision with no entry). */
  seq: number;
  /** What is wrong, naming the entry, revision, evaluation or user. */
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries walked (hash, link, MAC each). */
  entries: number;
  /** Revisions whose sha256 was compared with the entry that records them. */
  revisions: number;
  /** Target filing versions whose sha256 was compared with the entry that records them. */
  filingVersions: number;
  /** Evaluations whose current document, status and organisation were compared. */
  evaluations: number;
  /** Users whose role and organisation were compared. */
  users: number;
  /** The ids of the keys that signed the entries (all known, when ok). */
  keyIds: string[];
  /** `seq`: the heads' positions added up (= entries, when intact); `sealedBy`: the key of the last sealed head. */
  head: { seq: number; sealedBy: string | null };
  /** Chains that hold entries (of AUDIT_CHAINS). */
  chains: number;
  /** Every problem found, the first bad entry first. */
  problems: AuditProblem[];
}

const parse = (v: string | null): unknown => {
  try {
    return v === null ? null : (JSON.parse(v) as unknown);
  } catch {
    return undefined;
  }
};

/**
 * Walk the whole chain: every hash, link and MAC, no gaps, the head sealed and matching the last
 * entry; then every revision against its entry, every evaluation against its latest revision and
 * last audited status, every user against the last audited role.
 */
export async function verifyAuditLog(db: Kysely<Database>, genesis: string, keys: AuditKeyring): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const heads = await db.selectFrom("audit_head").selectAll().orderBy("id").execute();
  const keyIds = new Set<string>();
  /** Each chain as walked: its last position, hash, MAC and global seq. */
  const walked = new Map<number, { position: number; hash: string; mac: string; seq: number }>();
  let chain = 0;
  let prev = "";
  let prevMac = GENESIS_MAC;
  let expected = 1;
  let lastSeq = 0;
  let count = 0;
  /** evaluation id @ version → { sha256, seq } of the entry that records the revision. */
  const recorded = new Map<string, { sha256: string; seq: number }>();
  /** filing id @ version → { sha256, seq } of the `filing.version` entry. */
  const recordedFilings = new Map<string, { sha256: string; seq: number }>();
  const evaluationState = new Map<string, { status?: string; organisationId?: string }>();
  const userState = new Map<string, { role?: string; organisationId?: string | null; seq: number }>();
  // Chain by chain, each in its order: chain 1 (which holds the entries from before 0008) first,
  // so an entity's older entries there come before those in its own chain.
  const page = 5000;
  for (let after = { chain: 0, position: 0 }; ;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where((eb) => eb.or([eb("chain", ">", after.chain), eb.and([eb("chain", "=", after.chain), eb("position", ">", after.position)])]))
      .orderBy("chain")
      .orderBy("position")
      .limit(page)
      .execute();
    for (const r of rows) {
      count++;
      const seq = Number(r.seq);
      const position = Number(r.position);
      if (Number(r.chain) !== chain) {
        chain = Number(r.chain);
        prev = chainGenesis(genesis, chain);
        prevMac = GENESIS_MAC;
        expected = 1;
        lastSeq = 0;
        if (!Number.isInteger(chain) || chain < 1 || chain > AUDIT_CHAINS)
          problems.push({ seq, reason: `entry is in chain ${r.chain}, which does not exist (1–${AUDIT_CHAINS})` });
      }
      if (position !== expected)
        problems.push({ seq, reason: `entries ${expected}–${position - 1} of chain ${chain} are missing (before this one)` });
      if (chain !== 1 && chain !== chainOf(r.entity, r.entity_id))
        problems.push({ seq, reason: `entry about ${r.entity} ${r.entity_id} is in chain ${chain}, not its own (moved)` });
      if (seq <= lastSeq) problems.push({ seq, reason: `its number (seq) is out of order in chain ${chain}: entries were renumbered` });
      if (r.prev_hash !== prev) problems.push({ seq, reason: "its link to the previous entry is broken (prev_hash)" });
      const h = entryHash(r.prev_hash, position, {
        at: r.at,
        userId: r.user_id,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        path: r.path,
        oldValue: r.old_value,
        newValue: r.new_value,
        reason: r.reason,
      });
      if (h !== r.hash) problems.push({ seq, reason: "entry was altered (its hash does not match its content)" });
      const key = r.key_id ? keys.byId.get(r.key_id) : undefined;
      if (r.mac === null || r.key_id === null) problems.push({ seq, reason: "entry is not signed (no MAC)" });
      else if (!key) problems.push({ seq, reason: `entry is signed with key ${r.key_id}, which is not configured` });
      else if (!same(entryMac(key.secret, prevMac, r.hash), r.mac))
        problems.push({
          seq,
          reason: "entry was altered or re-hashed (its MAC does not match: the content, its hash or an earlier entry was rewritten)",
        });
      if (r.key_id) keyIds.add(r.key_id);
      // What the entry says about the current state of things.
      const value = parse(r.new_value);
      if (r.action === REVISION_ACTION) {
        const v = value as { version?: unknown; sha256?: unknown } | undefined;
        if (v && typeof v.version === "number" && typeof v.sha256 === "string")
          recorded.set(`${r.entity_id}@${v.version}`, { sha256: v.sha256, seq });
      } else if (r.action === FILING_VERSION_ACTION && r.entity === "filing") {
        const v = value as { version?: unknown; sha256?: unknown } | undefined;
        if (v && typeof v.version === "number" && typeof v.sha256 === "string")
          recordedFilings.set(`${r.entity_id}@${v.version}`, { sha256: v.sha256, seq });
      } else if (r.entity === "evaluation") {
        const s = evaluationState.get(r.entity_id) ?? {};
        if (r.path === "status" && typeof value === "string") s.status = value;
        if (r.action === "evaluation.create") {
          s.status = "draft";
          const o = value as { organisationId?: unknown } | undefined;
          if (o && typeof o.organisationId === "string") s.organisationId = o.organisationId;
        }
        evaluationState.set(r.entity_id, s);
      } else if (r.entity === "user" && value && typeof value === "object") {
        const o = value as { role?: unknown; organisationId?: unknown };
        const s = userState.get(r.entity_id) ?? { seq };
        if (typeof o.role === "string") s.role = o.role;
        if (typeof o.organisationId === "string" || o.organisationId === null) s.organisationId = o.organisationId;
        s.seq = seq;
        userState.set(r.entity_id, s);
      }
      prev = r.hash;
      prevMac = r.mac ?? "";
      expected = position + 1;
      lastSeq = seq;
      walked.set(chain, { position, hash: r.hash, mac: prevMac, seq });
    }
    if (rows.length < page) break;
    const last = rows[rows.length - 1]!;
    after = { chain: Number(last.chain), position: Number(last.position) };
  }
  // Every chain's head: at its last entry (or at its genesis when empty), sealed.
  let headSeq = 0;
  let sealedBy: string | null = null;
  for (let c = 1; c <= AUDIT_CHAINS; c++) {
    const head = heads.find((h) => Number(h.id) === c);
    const last = walked.get(c);
    if (!head) {
      problems.push({ seq: last?.seq ?? 0, reason: `the head of audit chain ${c} is missing` });
      continue;
    }
    headSeq += Number(head.seq);
    const at = last?.position ?? 0;
    const headKey = head.key_id ? keys.byId.get(head.key_id) : undefined;
    if (Number(head.seq) !== at || head.hash !== (last?.hash ?? chainGenesis(genesis, c)) || (last && head.mac !== last.mac)) {
      problems.push({
        seq: last?.seq ?? 0,
        reason: `the head (chain ${c}, at ${head.seq}) does not point at the last entry (${at}): entries were cut off or the head moved`,
      });
    } else if (
      at > 0 &&
      (!headKey || !head.seal || !head.mac || !same(headSeal(headKey.secret, Number(head.seq), head.hash, head.mac), head.seal))
    ) {
      problems.push({
        seq: last?.seq ?? 0,
        reason: `the head's seal does not match, chain ${c} (the chain was cut and the head moved back, or the head was rewritten)`,
      });
    }
    if (at > 0 && head.key_id) sealedBy = head.key_id;
  }
  for (const h of heads)
    if (Number(h.id) < 1 || Number(h.id) > AUDIT_CHAINS)
      problems.push({ seq: 0, reason: `an audit head for chain ${h.id}, which does not exist` });

  // Revisions: each recorded by exactly the entry that says so, unchanged since.
  let revisions = 0;
  /** evaluation id → its latest revision's version and the sha256 of its document. */
  const latest = new Map<string, { version: number; document: string }>();
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  for await (const r of inPages((offset, limit) =>
    db.selectFrom("revisions").selectAll().orderBy("evaluation_id").orderBy("version").limit(limit).offset(offset).execute(),
  )) {
    revisions++;
    const key = `${r.evaluation_id}@${Number(r.version)}`;
    const rec = recorded.get(key);
    if (!rec)
      problems.push({
        seq: 0,
        reason: `revision ${r.version} of evaluation ${r.evaluation_id} is not recorded in the audit log (inserted behind the server's back)`,
      });
    else {
      if (rec.sha256 !== revisionHash(r))
        problems.push({
          seq: rec.seq,
          reason: `revision ${r.version} of evaluation ${r.evaluation_id} was altered after entry #${rec.seq} recorded it (document, author, reason or time)`,
        });
      recorded.delete(key);
    }
    const l = latest.get(r.evaluation_id);
    if (!l || Number(r.version) > l.version) latest.set(r.evaluation_id, { version: Number(r.version), document: sha(r.document) });
  }
  for (const [key, rec] of recorded) {
    const [evaluationId, version] = key.split("@");
    problems.push({
      seq: rec.seq,
      reason: `revision ${version} of evaluation ${evaluationId}, recorded by entry #${rec.seq}, is missing (deleted)`,
    });
  }

  // Filing versions: each recorded by its `filing.version` entry, unchanged since (its stored sha256 too).
  let filingVersions = 0;
  for await (const f of inPages((offset, limit) =>
    db.selectFrom("filing_versions").selectAll().orderBy("filing_id").orderBy("version").limit(limit).offset(offset).execute(),
  )) {
    filingVersions++;
    const key = `${f.filing_id}@${Number(f.version)}`;
    const rec = recordedFilings.get(key);
    const { sha256, ...content } = f;
    const actual = filingVersionHash(content);
    if (!rec)
      problems.push({
        seq: 0,
        reason: `version ${f.version} of filing ${f.filing_id} is not recorded in the audit log (inserted behind the server's back)`,
      });
    else {
      if (rec.sha256 !== actual || sha256 !== actual)
        problems.push({
          seq: rec.seq,
          reason: `version ${f.version} of filing ${f.filing_id} was altered after entry #${rec.seq} recorded it (document, stage, author, reason or time)`,
        });
      recordedFilings.delete(key);
    }
  }
  for (const [key, rec] of recordedFilings) {
    const [filingId, version] = key.split("@");
    problems.push({
      seq: rec.seq,
      reason: `version ${version} of filing ${filingId}, recorded by entry #${rec.seq}, is missing (deleted)`,
    });
  }

  // Evaluations: the current document is the latest revision; status and organisation as audited.
  let evaluations = 0;
  for await (const e of inPages((offset, limit) =>
    db
      .selectFrom("evaluations")
      .select(["id", "version", "document", "status", "organisation_id"])
      .orderBy("id")
      .limit(limit)
      .offset(offset)
      .execute(),
  )) {
    evaluations++;
    const l = latest.get(e.id);
    const state = evaluationState.get(e.id);
    if (!state) problems.push({ seq: 0, reason: `evaluation ${e.id} has no audit entries (inserted behind the server's back)` });
    if (!l || l.version !== Number(e.version) || l.document !== sha(e.document))
      problems.push({
        seq: 0,
        reason: `evaluation ${e.id}: its current document (version ${e.version}) is not its latest recorded revision`,
      });
    if (state?.status !== undefined && state.status !== e.status)
      problems.push({ seq: 0, reason: `evaluation ${e.id}: status "${e.status}" but the audit log last set "${state.status}"` });
    if (state?.organisationId !== undefined && state.organisationId !== e.organisation_id)
      problems.push({
        seq: 0,
        reason: `evaluation ${e.id}: organisation ${e.organisation_id} but the audit log recorded ${state.organisationId}`,
      });
  }

  // Users: role and organisation as last audited.
  let users = 0;
  for (const u of await db.selectFrom("users").select(["id", "username", "role", "organisation_id"]).orderBy("id").execute()) {
    users++;
    const s = userState.get(u.id);
    if (!s || s.role === undefined)
      problems.push({ seq: 0, reason: `user ${u.username} (${u.id}) has no audited role (created behind the server's back)` });
    else {
      if (s.role !== u.role)
        problems.push({ seq: s.seq, reason: `user ${u.username}: role "${u.role}" but entry #${s.seq} last recorded "${s.role}"` });
      if (s.organisationId !== undefined && s.organisationId !== u.organisation_id)
        problems.push({
          seq: s.seq,
          reason: `user ${u.username}: organisation ${u.organisation_id} but entry #${s.seq} last recorded ${s.organisationId}`,
        });
    }
  }

  problems.sort((a, b) => (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER));
  return {
    ok: problems.length === 0,
    entries: count,
    revisions,
    filingVersions,
    evaluations,
    users,
    keyIds: [...keyIds].sort(),
    head: { seq: headSeq, sealedBy },
    chains: walked.size,
    problems,
  };
}

/**
 * Sign a chain written before signing existed (a database from before migration 0003), once:
 * check every plain hash, MAC every entry in order, then record what the chain did not cover yet
 * (each revision's sha256, each user's role) and an `audit.seal` entry. This trusts the chain as
 * it is at that moment, so it is an operator's explicit step (`jixiao audit-log seal`), refused
 * when any entry is already signed — a server never re-signs a chain by itself.
 */
export async function sealAuditLog(
  store: Store,
  genesis: string,
  keys: AuditKeyring,
  now: string,
): Promise<{ sealed: number; revisions: number; users: number }> {
  const db = store.db;
  if (await db.selectFrom("audit_log").select("seq").where("mac", "is not", null).limit(1).executeTakeFirst()) {
    throw new Error("the audit log is already signed; sealing is refused (it would re-sign whatever is in the database now)");
  }
  return db.transaction().execute(async (tx) => {
    // Entries from before signing are in chain 1 (migration 0008 put them there); sign every chain all the same.
    const chains = Array.from({ length: AUDIT_CHAINS }, (_, i) => i + 1);
    const heads = await store.lockAuditHeads(tx, chains);
    if (heads.length !== AUDIT_CHAINS) throw new Error("an audit chain head is missing: refusing to seal");
    const { id: keyId, secret } = keys.signing;
    let sealed = 0;
    for (const head of heads) {
      const chain = Number(head.id);
      let prev = chainGenesis(genesis, chain);
      let prevMac = GENESIS_MAC;
      let position = 0;
      for (let after = 0; ;) {
        const rows = await tx
          .selectFrom("audit_log")
          .selectAll()
          .where("chain", "=", chain)
          .where("position", ">", after)
          .orderBy("position")
          .limit(1000)
          .execute();
        for (const r of rows) {
          const h = entryHash(prev, Number(r.position), {
            at: r.at,
            userId: r.user_id,
            action: r.action,
            entity: r.entity,
            entityId: r.entity_id,
            path: r.path,
            oldValue: r.old_value,
            newValue: r.new_value,
            reason: r.reason,
          });
          if (Number(r.position) !== position + 1 || r.prev_hash !== prev || h !== r.hash)
            throw new Error(`entry #${r.seq} does not verify: the chain is broken, refusing to seal it`);
          prevMac = entryMac(secret, prevMac, h);
          await tx.updateTable("audit_log").set({ mac: prevMac, key_id: keyId }).where("seq", "=", r.seq).execute();
          prev = h;
          position++;
        }
        if (rows.length < 1000) break;
        after = Number(rows[rows.length - 1]!.position);
      }
      if (Number(head.seq) !== position || head.hash !== prev)
        throw new Error(`the head of chain ${chain} (at ${head.seq}) does not point at its last entry (${position}): refusing to seal`);
      if (position > 0)
        await tx
          .updateTable("audit_head")
          .set({ mac: prevMac, seal: headSeal(secret, position, prev, prevMac), key_id: keyId })
          .where("id", "=", chain)
          .execute();
      sealed += position;
    }
    const repo = new AuditRepository(store, keys);
    const revisions = await tx.selectFrom("revisions").selectAll().orderBy("evaluation_id").orderBy("version").execute();
    const users = await tx.selectFrom("users").select(["id", "username", "role", "organisation_id"]).orderBy("id").execute();
    const baseline: AuditEntryInput[] = [
      ...revisions.map(revisionEntry),
      ...users.map((u) => ({
        at: now,
        userId: null,
        action: "user.baseline",
        entity: "user",
        entityId: u.id,
        path: "",
        oldValue: null,
        newValue: JSON.stringify({ username: u.username, role: u.role, organisationId: u.organisation_id }),
        reason: "recorded when the audit log was sealed",
      })),
      {
        at: now,
        userId: null,
        action: "audit.seal",
        entity: "audit",
        entityId: keyId,
        path: "",
        oldValue: null,
        newValue: JSON.stringify({ sealedEntries: sealed, keyId }),
        reason: "entries written before signing, signed as they were",
      },
    ];
    await repo.append(tx, baseline);
    return { sealed, revisions: revisions.length, users: users.length };
  });
}

/** The rows of a query read `size` at a time, so verify walks whole tables without holding them. */
async function* inPages<T>(page: (offset: number, limit: number) => Promise<T[]>, size = 500): AsyncGenerator<T> {
  for (let offset = 0; ; offset += size) {
    const rows = await page(offset, size);
    yield* rows;
    if (rows.length < size) return;
  }
}
