/**
 * 目标管理's integrity, on SQLite and PostgreSQL: two concurrent "start an evaluation from the
 * approved filing" requests create exactly one evaluation (the other is a 409 and leaves nothing
 * behind); `audit-log verify` re-checks every stored filing version's sha256 against the entry
 * that recorded it, so a version's document edited in the database is named (verifyAuditLog and
 * the real binary, exit 1).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, type App, verifyAuditLog } from "../src/index.js";
import { type Client, PASSWORD, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";
import { jixiao, serverEnv } from "./processes.js";

const TARGETS = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021-targets.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const CRITERIA = Object.fromEntries(
  ["completeness", "relevance", "appropriateness", "feasibility"].map((k) => [k, { rating: "meets", opinion: "" }]),
);

forEachDatabase("targets integrity", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const c = {} as Record<"admin" | "depta" | "unita", Client>;
  const api = "/api/v1";

  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    const admin = await login(app, "admin");
    const u = await admin.req("POST", `${api}/users`, {
      username: "unita",
      displayName: "填报人",
      password: PASSWORD,
      role: "department",
      organisationId: world.orgs.unitA,
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    for (const w of ["admin", "depta", "unita"] as const) c[w] = await login(app, w);
  });
  after(async () => app.close());

  /** Filed by the unit, passed by its department and the bureau: versions 1 (编制) and 2 (批复). */
  const approved = async (): Promise<string> => {
    const f = await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document: TARGETS });
    assert.equal(f.status, 201, JSON.stringify(f.body));
    const id = f.body.id as string;
    const version = async () => (await c.admin.req("GET", `${api}/filings/${id}`)).body.version as number;
    assert.equal(
      (await c.unita.req("POST", `${api}/filings/${id}/transitions`, { version: await version(), action: "submit" })).status,
      200,
    );
    for (const who of [c.depta, c.admin]) {
      const r = await who.req("POST", `${api}/filings/${id}/reviews`, { version: await version(), criteria: CRITERIA, conclusion: "pass" });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    return id;
  };

  const evaluationCount = async () =>
    Number(
      (await app.store.db
        .selectFrom("evaluations")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirst())!.n,
    );

  test("two concurrent requests to start the evaluation: one 201, one 409, exactly one evaluation linked", async () => {
    for (let round = 0; round < 3; round++) {
      const id = await approved();
      const before = await evaluationCount();
      const answers = await Promise.all([
        c.admin.req("POST", `${api}/filings/${id}/evaluation`, {}),
        c.admin.req("POST", `${api}/filings/${id}/evaluation`, {}),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, 409], JSON.stringify(answers.map((a) => a.body)));
      const loser = answers.find((a) => a.status === 409)!;
      assert.equal(loser.body.error.code, "filing-evaluation-exists");
      assert.equal(loser.body.error.message.zh, "此申报已开展评价");
      const winner = answers.find((a) => a.status === 201)!;
      assert.equal(await evaluationCount(), before + 1, "the refused request left no evaluation behind");
      const f = await c.admin.req("GET", `${api}/filings/${id}`);
      assert.equal(f.body.evaluationId, winner.body.id);
      assert.equal(f.body.access.startEvaluation, false);
      // One filing.startEvaluation entry, naming the evaluation that exists.
      const entries = await app.store.db
        .selectFrom("audit_log")
        .select(["new_value"])
        .where("entity", "=", "filing")
        .where("entity_id", "=", id)
        .where("action", "=", "filing.startEvaluation")
        .execute();
      assert.equal(entries.length, 1);
      assert.equal((JSON.parse(entries[0]!.new_value!) as { evaluationId: string }).evaluationId, winner.body.id);
    }
    const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  });

  test("audit-log verify re-checks each filing version's sha256: a version's document edited in the database is named, exit 1", async () => {
    const id = await approved();
    const clean = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(clean.ok, true, JSON.stringify(clean.problems));
    const versions = Number(
      (await app.store.db
        .selectFrom("filing_versions")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirst())!.n,
    );
    assert.ok(versions >= 2);
    assert.equal(clean.filingVersions, versions);

    const row = await app.store.db
      .selectFrom("filing_versions")
      .selectAll()
      .where("filing_id", "=", id)
      .where("version", "=", 2)
      .executeTakeFirstOrThrow();
    const entry = await app.store.db
      .selectFrom("audit_log")
      .select(["seq"])
      .where("entity_id", "=", id)
      .where("action", "=", "filing.version")
      .where("new_value", "like", '{"version":2,%')
      .executeTakeFirstOrThrow();
    // An indicator quietly renamed in the stored 批复 version.
    const tampered = row.document.replace(/"name":"([^"]*)"/, '"name":"$1（改）"');
    assert.notEqual(tampered, row.document);
    await app.store.db
      .updateTable("filing_versions")
      .set({ document: tampered })
      .where("filing_id", "=", id)
      .where("version", "=", 2)
      .execute();
    try {
      const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
      assert.equal(v.ok, false);
      const named = v.problems.find((p) => p.reason.includes(`filing ${id}`));
      assert.ok(named, JSON.stringify(v.problems));
      assert.equal(named.seq, Number(entry.seq));
      assert.match(named.reason, new RegExp(`^version 2 of filing ${id} was altered after entry #${entry.seq} recorded it`));

      const env = serverEnv(
        target().kind === "sqlite" ? target().where : target().config.dataDir,
        target().kind === "postgres" ? target().where : undefined,
      );
      const r = jixiao(["audit-log", "verify", "--lang", "en"], env);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`version 2 of filing ${id} was altered after entry #${entry.seq} recorded it`));

      // Recomputing the stored sha256 as well does not help: the entry recorded the original.
      const { filingVersionHash } = await import("../src/repositories/audit-repository.js");
      const { sha256: _old, ...content } = { ...row, document: tampered };
      await app.store.db
        .updateTable("filing_versions")
        .set({ sha256: filingVersionHash(content) })
        .where("filing_id", "=", id)
        .where("version", "=", 2)
        .execute();
      assert.ok((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).problems.some((p) => p.seq === Number(entry.seq)));

      // A version deleted behind the server's back is named too.
      await app.store.db.deleteFrom("filing_versions").where("filing_id", "=", id).where("version", "=", 2).execute();
      const gone = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
      assert.ok(
        gone.problems.some((p) => p.reason === `version 2 of filing ${id}, recorded by entry #${entry.seq}, is missing (deleted)`),
        JSON.stringify(gone.problems),
      );
    } finally {
      await app.store.db.deleteFrom("filing_versions").where("filing_id", "=", id).where("version", "=", 2).execute();
      await app.store.db.insertInto("filing_versions").values(row).execute();
    }
    assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).ok, true);
  });
});
