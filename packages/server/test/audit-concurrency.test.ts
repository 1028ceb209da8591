/**
 * Writes at once (issue 14): many PATCHes in flight together, several on the same evaluation and
 * version, others on other evaluations (other audit chains) and organisations created meanwhile.
 * Exactly one write per evaluation and version wins, the others are 409 with the current version
 * (no lost update), every revision is recorded, and the audit chains verify afterwards — on
 * SQLite and on PostgreSQL, where the writes really run in parallel on the pool's connections.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, type App, verifyAuditLog } from "../src/index.js";
import { chainOf } from "../src/db/audit-chains.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const EVALUATIONS = 6;
const WRITERS = 4;
const ROUNDS = 4;

forEachDatabase("concurrent writes and the audit chains", (target) => {
  let app: App;
  let admin: Client;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const ids: string[] = [];
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    for (let i = 0; i < EVALUATIONS; i++) {
      const r = await admin.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        document: { ...YANGQUAN, figures: [], meta: { ...(YANGQUAN["meta"] as object), title: `并发 ${i}` } },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids.push(r.body.id as string);
    }
  });
  after(async () => app.close());

  test(`${EVALUATIONS} evaluations × ${WRITERS} writers on the same version, ${ROUNDS} rounds: one 200 each, the rest 409, nothing lost, the chains verify`, async () => {
    assert.ok(new Set(ids.map((id) => chainOf("evaluation", id))).size > 1, "the evaluations' entries go to more than one chain");
    const expected = new Map<string, number>();
    for (let round = 1; round <= ROUNDS; round++) {
      const writes = ids.flatMap((id) =>
        Array.from({ length: WRITERS }, (_, w) =>
          admin
            .req("PATCH", `/api/v1/evaluations/${id}`, {
              version: round,
              changes: [{ path: ["indicators", 3, "score"], value: 5 + w }],
              reason: `并发 第${round}轮 写者${w}`,
            })
            .then((r) => ({ id, w, r })),
        ),
      );
      // Organisations created meanwhile: other entities, other chains, the same moment.
      const orgs = Array.from({ length: 3 }, (_, k) =>
        admin.req("POST", "/api/v1/organisations", { parentId: world.orgs.region, name: `并发单位 ${round}-${k}`, kind: "department" }),
      );
      const done = await Promise.all(writes);
      for (const o of await Promise.all(orgs)) assert.equal(o.status, 201, JSON.stringify(o.body));
      for (const id of ids) {
        const mine = done.filter((d) => d.id === id);
        const won = mine.filter((d) => d.r.status === 200);
        assert.equal(won.length, 1, `round ${round}: ${mine.map((d) => d.r.status).join(",")}`);
        assert.equal(won[0]!.r.body.version, round + 1);
        for (const lost of mine.filter((d) => d.r.status !== 200)) {
          assert.equal(lost.r.status, 409, JSON.stringify(lost.r.body));
          assert.equal(lost.r.body.error.currentVersion, round + 1);
        }
        expected.set(id, 5 + won[0]!.w);
      }
    }
    for (const id of ids) {
      const r = await admin.req("GET", `/api/v1/evaluations/${id}`);
      assert.equal(r.body.version, ROUNDS + 1);
      assert.equal(Number(r.body.document.indicators[3].score), expected.get(id), "the stored value is the winner's");
      const revisions = await admin.req("GET", `/api/v1/evaluations/${id}/revisions`);
      assert.equal(revisions.body.length, ROUNDS + 1);
    }
    const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 5)));
    assert.equal(v.revisions, EVALUATIONS * (ROUNDS + 1));
    assert.equal(v.head.seq, v.entries);
    // Within every chain the global numbers follow the chain's order (verify checks it; here plainly).
    const rows = await app.store.db
      .selectFrom("audit_log")
      .select(["chain", "position", "seq"])
      .orderBy("chain")
      .orderBy("position")
      .execute();
    for (let i = 1; i < rows.length; i++)
      if (rows[i]!.chain === rows[i - 1]!.chain) assert.ok(Number(rows[i]!.seq) > Number(rows[i - 1]!.seq));
  });
});
