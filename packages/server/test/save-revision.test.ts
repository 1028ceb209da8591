/**
 * A saved revision's derived rows (EvaluationRepository.saveRevision: one statement on PostgreSQL,
 * one by one on SQLite): after every save the indicator scores are exactly those of the current
 * document — a changed score, an added and a removed indicator — and a stale save writes nothing.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { validateEvaluation } from "@jixiao/engine";
import { parse } from "yaml";
import type { App } from "../src/index.js";
import { derive } from "../src/services/derive.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("saving a revision", (target) => {
  let app: App;
  let admin: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    const world = await seedWorld(app);
    admin = await login(app, "admin");
    const r = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    id = r.body.id as string;
  });
  after(() => app.close());

  const stored = async () =>
    (
      await app.store.db
        .selectFrom("indicator_scores")
        .select(["node_id", "level", "name", "weight", "score_cents"])
        .where("evaluation_id", "=", id)
        .orderBy("node_id")
        .execute()
    ).map((r) => ({ ...r, level: Number(r.level), score_cents: r.score_cents === null ? null : Number(r.score_cents) }));
  const expected = async () => {
    const doc = (await admin.req("GET", `/api/v1/evaluations/${id}`)).body.document;
    const v = validateEvaluation(doc);
    assert.ok(v.ok);
    return derive(v.evaluation)
      .scores.map((r) => ({ ...r }))
      .sort((a, b) => (a.node_id < b.node_id ? -1 : 1));
  };
  const revisions = async () =>
    Number(
      (await app.store.db
        .selectFrom("revisions")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("evaluation_id", "=", id)
        .executeTakeFirst())!.n,
    );

  test("the derived rows follow every save; a stale save changes nothing", async () => {
    assert.deepEqual(await stored(), await expected());
    let version = 1;
    const patch = async (changes: unknown[]) => {
      const r = await admin.req("PATCH", `/api/v1/evaluations/${id}`, { version, changes, reason: "测试" });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      version = r.body.version as number;
      assert.deepEqual(await stored(), await expected());
    };
    await patch([{ path: ["indicators", 3, "score"], value: 8 }]);
    assert.equal((await stored()).find((r) => r.node_id === "D")!.score_cents, 800);
    await patch([{ path: ["indicators", 4], value: { id: "E", name: "新增指标", weight: 5, score: 4.5 } }]);
    assert.equal((await stored()).find((r) => r.node_id === "E")!.score_cents, 450);
    await patch([{ path: ["indicators", 1], value: null }]);
    assert.equal(
      (await stored()).some((r) => r.node_id === "B"),
      false,
    );
    const before = { rows: await stored(), revisions: await revisions() };
    const stale = await admin.req("PATCH", `/api/v1/evaluations/${id}`, {
      version: version - 1,
      changes: [{ path: ["indicators", 0, "score"], value: 1 }],
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.currentVersion, version);
    assert.deepEqual(await stored(), before.rows);
    assert.equal(await revisions(), before.revisions);
    assert.equal(before.revisions, 4);
  });
});
