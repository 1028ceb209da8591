/**
 * Issue 10, hole 9: someone with database access rewrites the audit log and recomputes every
 * plain hash, cuts the chain and moves the head back, edits a revision or a role — `jixiao
 * audit-log verify` (the real binary) and verifyAuditLog catch each, naming the first bad entry,
 * because every entry is also signed with a key that is not in the database.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, type App, keyringOf, loadAuditKeys, loadConfig, openStore, sealAuditLog, verifyAuditLog } from "../src/index.js";
import { AUDIT_CHAINS, chainGenesis, chainOf } from "../src/db/audit-chains.js";
import type { AuditHeadTable, AuditLogTable } from "../src/db/database.js";
import { entryHash } from "../src/repositories/audit-repository.js";
import { type Client, TEST_AUDIT_KEY, buildApp, forEachDatabase, login, seedWorld, testConfig } from "./harness.js";
import { jixiao, serverEnv } from "./processes.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("audit chain", (target) => {
  let app: App;
  let admin: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    const world = await seedWorld(app);
    admin = await login(app, "admin");
    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      document: { ...YANGQUAN, figures: [] },
      reason: "导入",
    });
    assert.equal(created.status, 201);
    id = created.body.id;
    for (const [v, score] of [
      [1, 8],
      [2, 9],
    ] as const) {
      const r = await admin.req("PATCH", `/api/v1/evaluations/${id}`, {
        version: v,
        changes: [{ path: ["indicators", 3, "score"], value: score }],
        reason: "复核",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  });
  after(async () => app.close());

  const verify = () => verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
  /** The CLI, as an operator runs it, against this test's database. */
  const cli = () => {
    const env = serverEnv(
      target().kind === "sqlite" ? target().where : target().config.dataDir,
      target().kind === "postgres" ? target().where : undefined,
    );
    return jixiao(["audit-log", "verify", "--lang", "en"], env);
  };
  const rows = () => app.store.db.selectFrom("audit_log").selectAll().orderBy("chain").orderBy("position").execute();
  const heads = () => app.store.db.selectFrom("audit_head").selectAll().orderBy("id").execute();
  /** What an attacker with the database can do: recompute every hash of `victim`'s chain from it on and move that chain's head. */
  async function rehash(all: AuditLogTable[], victim: AuditLogTable): Promise<void> {
    const chain = all.filter((r) => r.chain === victim.chain);
    let prev =
      victim.position > 1 ? chain.find((r) => r.position === victim.position - 1)!.hash : chainGenesis(AUDIT_GENESIS, victim.chain);
    for (const r of chain.filter((x) => x.position >= victim.position)) {
      const h = entryHash(prev, r.position, {
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
      await app.store.db.updateTable("audit_log").set({ prev_hash: prev, hash: h }).where("seq", "=", r.seq).execute();
      prev = h;
    }
    const last = chain[chain.length - 1]!;
    await app.store.db.updateTable("audit_head").set({ seq: last.position, hash: prev }).where("id", "=", victim.chain).execute();
  }
  async function restore(saved: AuditLogTable[], savedHeads: AuditHeadTable[]): Promise<void> {
    await app.store.db.deleteFrom("audit_log").execute();
    for (let i = 0; i < saved.length; i += 100)
      await app.store.db
        .insertInto("audit_log")
        .values(saved.slice(i, i + 100))
        .execute();
    for (const { id: chain, ...head } of savedHeads)
      await app.store.db.updateTable("audit_head").set(head).where("id", "=", chain).execute();
    assert.equal((await verify()).ok, true);
  }

  test("an untouched log verifies, and verify says what it checked: entries, revisions, evaluations, users, key id", async () => {
    const v = await verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.revisions, 3);
    assert.equal(v.evaluations, 1);
    assert.equal(v.users, 7);
    assert.deepEqual(v.keyIds, [app.auditKeys.signing.id]);
    const r = cli();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `checked: ${v.entries} audit entries \\(head at #${v.entries}; signed with key ${app.auditKeys.signing.id}.*the sha256 of 3 revisions, the current document and status of 1 evaluations, the roles of 7 users`,
      ),
    );
  });

  test("rewrite an entry and recompute every hash: the MAC of that entry fails, verify exits 1 naming it", async () => {
    const saved = await rows();
    const head = await heads();
    const victim = saved.find((r) => r.path === "indicators[3].score" && r.new_value === "9")!;
    await app.store.db.updateTable("audit_log").set({ new_value: "10" }).where("seq", "=", victim.seq).execute();
    await rehash(await rows(), victim);
    const v = await verify();
    assert.equal(v.ok, false);
    assert.equal(v.problems[0]!.seq, Number(victim.seq));
    assert.match(v.problems[0]!.reason, /MAC does not match/);
    const r = cli();
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`first bad entry #${victim.seq}: entry was altered or re-hashed`));
    await restore(saved, head);
  });

  test("cut the chain and move the head back: the head's seal fails, and the revisions the cut entries recorded are unrecorded", async () => {
    const saved = await rows();
    const head = await heads();
    const lastPatch = saved
      .filter((r) => r.action === "revision.create")
      .sort((a, b) => a.seq - b.seq)
      .at(-1)!;
    await app.store.db.deleteFrom("audit_log").where("chain", "=", lastPatch.chain).where("position", ">=", lastPatch.position).execute();
    const keep = saved.find((r) => r.chain === lastPatch.chain && r.position === lastPatch.position - 1)!;
    await app.store.db
      .updateTable("audit_head")
      .set({ seq: keep.position, hash: keep.hash, mac: keep.mac })
      .where("id", "=", lastPatch.chain)
      .execute();
    const v = await verify();
    assert.equal(v.ok, false);
    assert.ok(
      v.problems.some((p) => /head's seal does not match/.test(p.reason)),
      JSON.stringify(v.problems),
    );
    assert.ok(
      v.problems.some((p) => /revision 3 of evaluation .* is not recorded/.test(p.reason)),
      JSON.stringify(v.problems),
    );
    assert.equal(cli().status, 1);
    await restore(saved, head);
  });

  test("edit a revision's document (or the evaluation's): verify names the revision and the entry that recorded it", async () => {
    const rev = await app.store.db
      .selectFrom("revisions")
      .selectAll()
      .where("evaluation_id", "=", id)
      .where("version", "=", 2)
      .executeTakeFirstOrThrow();
    const forged = rev.document.replace('"score":8', '"score":10');
    assert.notEqual(forged, rev.document);
    await app.store.db
      .updateTable("revisions")
      .set({ document: forged })
      .where("evaluation_id", "=", id)
      .where("version", "=", 2)
      .execute();
    const v = await verify();
    assert.equal(v.ok, false);
    assert.match(v.problems[0]!.reason, new RegExp(`revision 2 of evaluation ${id} was altered after entry #\\d+ recorded it`));
    const r = cli();
    assert.equal(r.status, 1);
    assert.match(r.stdout, /first bad entry #\d+: revision 2 of evaluation/);
    await app.store.db
      .updateTable("revisions")
      .set({ document: rev.document })
      .where("evaluation_id", "=", id)
      .where("version", "=", 2)
      .execute();
    // The live row too: a document that is not the latest revision, a status nobody set.
    const current = await app.store.db
      .selectFrom("evaluations")
      .select(["document", "status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    await app.store.db.updateTable("evaluations").set({ document: forged, status: "published" }).where("id", "=", id).execute();
    const e = await verify();
    assert.ok(e.problems.some((p) => /current document \(version 3\) is not its latest recorded revision/.test(p.reason)));
    assert.ok(e.problems.some((p) => /status "published" but the audit log last set "draft"/.test(p.reason)));
    await app.store.db.updateTable("evaluations").set(current).where("id", "=", id).execute();
    assert.equal((await verify()).ok, true);
  });

  test("a role changed or a user added behind the server's back is caught", async () => {
    const visitor = await app.store.db
      .selectFrom("users")
      .select(["id", "role"])
      .where("username", "=", "visitor")
      .executeTakeFirstOrThrow();
    await app.store.db.updateTable("users").set({ role: "finance_admin" }).where("id", "=", visitor.id).execute();
    const v = await verify();
    assert.ok(
      v.problems.some((p) => /user visitor: role "finance_admin" but entry #\d+ last recorded "visitor"/.test(p.reason)),
      JSON.stringify(v.problems),
    );
    await app.store.db.updateTable("users").set({ role: visitor.role }).where("id", "=", visitor.id).execute();
    assert.equal((await verify()).ok, true);
  });

  test("entries go to their entity's chain (16 side by side), each head sealed; one moved to another chain or renumbered is caught", async () => {
    const saved = await rows();
    const head = await heads();
    assert.equal(head.length, AUDIT_CHAINS);
    const mine = saved.filter((r) => r.entity === "evaluation" && r.entity_id === id);
    assert.ok(mine.length >= 3);
    assert.deepEqual(new Set(mine.map((r) => r.chain)), new Set([chainOf("evaluation", id)]));
    assert.ok(new Set(saved.map((r) => r.chain)).size > 1, "the seeded users and organisations spread over several chains");
    const v = await verify();
    assert.equal(v.head.seq, v.entries);
    assert.equal(v.chains, new Set(saved.map((r) => r.chain)).size);
    // Moved: the evaluation's last entry put at the end of another chain.
    const last = mine.at(-1)!;
    const other = [2, 3, 4].find((c) => c !== last.chain)!;
    const otherHead = head.find((h) => h.id === other)!;
    await app.store.db
      .updateTable("audit_log")
      .set({ chain: other, position: otherHead.seq + 1 })
      .where("seq", "=", last.seq)
      .execute();
    const moved = await verify();
    assert.equal(moved.ok, false);
    assert.ok(
      moved.problems.some((p) => p.seq === last.seq && new RegExp(`is in chain ${other}, not its own`).test(p.reason)),
      JSON.stringify(moved.problems),
    );
    await restore(saved, head);
    // Renumbered: two entries of one chain swap their global numbers.
    const [a, b] = mine;
    await app.store.db.updateTable("audit_log").set({ seq: -1 }).where("seq", "=", a!.seq).execute();
    await app.store.db.updateTable("audit_log").set({ seq: a!.seq }).where("seq", "=", b!.seq).execute();
    await app.store.db.updateTable("audit_log").set({ seq: b!.seq }).where("seq", "=", -1).execute();
    const renumbered = await verify();
    assert.ok(
      renumbered.problems.some((p) => /out of order in chain/.test(p.reason)),
      JSON.stringify(renumbered.problems),
    );
    await restore(saved, head);
  });

  test("another key does not verify (the key is the anchor), and an old key kept in the keyring still does", async () => {
    const other = keyringOf(["another-key-that-is-long-enough-0123456789"], "test");
    const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, other);
    assert.equal(v.ok, false);
    assert.match(v.problems[0]!.reason, /signed with key .* which is not configured/);
    const rotated = keyringOf(["a-new-key-after-rotation-0123456789abcdef", TEST_AUDIT_KEY], "test");
    assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, rotated)).ok, true);
  });
});

test("the key: generated into the data dir (0600) on SQLite and said so, required on PostgreSQL", () => {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-key-"));
  try {
    const config = loadConfig({ JIXIAO_DATA_DIR: dir });
    const lines: string[] = [];
    const first = loadAuditKeys(config, { sqlite: true, generate: true, log: (l) => lines.push(l) });
    assert.match(lines.join("\n"), /audit key generated: .*audit\.key \(0600\)/);
    assert.equal(statSync(join(dir, "audit.key")).mode & 0o777, 0o600);
    assert.equal(loadAuditKeys(config, { sqlite: true, generate: true }).signing.id, first.signing.id);
    assert.throws(
      () => loadAuditKeys(loadConfig({ JIXIAO_DATA_DIR: dir, DATABASE_URL: "postgres://db/jixiao" }), { sqlite: false, generate: true }),
      /with PostgreSQL an audit key kept outside the database is required/,
    );
    assert.throws(() => loadConfig({ JIXIAO_AUDIT_KEY: "too short" }), /JIXIAO_AUDIT_KEY: at least 32 characters/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a log written before signing: the server refuses to start until `seal`, which signs it once and records what it did not cover", async () => {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-seal-"));
  try {
    const config = testConfig({ dataDir: dir });
    const app = await buildApp(config, { logger: false });
    await seedWorld(app);
    // What a database from before migration 0003 looks like: no MACs, no seal.
    await app.store.db.updateTable("audit_log").set({ mac: null, key_id: null }).execute();
    await app.store.db.updateTable("audit_head").set({ mac: null, seal: null, key_id: null }).execute();
    await app.close();
    await assert.rejects(buildApp(config, { logger: false }), /run `jixiao audit-log seal` once/);
    const store = openStore({ sqliteFile: join(dir, "jixiao.sqlite") });
    try {
      const keys = keyringOf([TEST_AUDIT_KEY], "test");
      const r = await sealAuditLog(store, AUDIT_GENESIS, keys, new Date().toISOString());
      assert.equal(r.users, 7);
      assert.equal((await verifyAuditLog(store.db, AUDIT_GENESIS, keys)).ok, true);
      await assert.rejects(sealAuditLog(store, AUDIT_GENESIS, keys, new Date().toISOString()), /already signed; sealing is refused/);
    } finally {
      await store.close();
    }
    const again = await buildApp(config, { logger: false });
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
