/** JIXIAO_DEMO: auto loads the demo data into an empty database, always also into one with accounts (once), never not at all. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type App, buildApp, seedDemoIfWanted } from "../src/index.js";
import { forEachDatabase, testConfig } from "./harness.js";

forEachDatabase("JIXIAO_DEMO", (target) => {
  let app: App;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const withMode = (demo: "auto" | "always" | "never") =>
    ({ ...app, services: { ...app.services, config: { ...app.services.config, demo } } }) as App;
  const accounts = async () => (await app.store.db.selectFrom("users").select("username").execute()).map((u) => u.username).sort();

  before(async () => {
    app = await buildApp(testConfig({ ...target().config }));
  });
  after(async () => app.close());

  test("never and auto leave a database with accounts alone; always loads the demo data into it once", async () => {
    assert.deepEqual(await seedDemoIfWanted(withMode("never"), log), []);
    assert.equal((await accounts()).length, 0, "never: not even into an empty database");
    // An operator's database: accounts of its own (none of them a demo username).
    await app.store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("organisations")
        .values({ id: "op-region", parent_id: null, name: "某市", kind: "region", created_at: app.services.clock().toISOString() })
        .execute();
      await tx
        .insertInto("users")
        .values({
          id: "op-admin",
          username: "operator",
          display_name: "operator",
          password_hash: "x",
          role: "finance_admin",
          organisation_id: "op-region",
          disabled: 0,
          created_at: app.services.clock().toISOString(),
        })
        .execute();
    });
    assert.deepEqual(await seedDemoIfWanted(withMode("auto"), log), [], "auto: only the first start");
    assert.deepEqual(await accounts(), ["operator"]);

    const loaded = await seedDemoIfWanted(withMode("always"), log);
    assert.deepEqual(loaded.map((u) => u.username).sort(), [
      "admin",
      "department",
      "evaluator",
      "expert",
      "expert2",
      "reviewer",
      "visitor",
    ]);
    assert.deepEqual(await accounts(), ["admin", "department", "evaluator", "expert", "expert2", "operator", "reviewer", "visitor"]);
    const evaluations = await app.store.db.selectFrom("evaluations").select("id").execute();
    assert.ok(evaluations.length > 0, "the demo evaluations are there");
    // 目标管理 + 运行监控: the Yangquan targets approved, one filing returned, the 1–7月 task in every colour.
    const filings = await app.store.db.selectFrom("target_filings").select(["title", "status"]).execute();
    assert.ok(filings.some((f) => f.title === "阳泉市人力资源和社会保障局" && f.status === "approved"));
    assert.equal(filings.filter((f) => f.status === "returned").length, 1);
    const adminRow = await app.store.db
      .selectFrom("users")
      .select(["id", "organisation_id"])
      .where("username", "=", "admin")
      .executeTakeFirstOrThrow();
    const admin = { id: adminRow.id, role: "finance_admin" as const, organisationId: adminRow.organisation_id };
    const dash = await app.services.monitoring.dashboard(admin, {});
    assert.deepEqual(dash.lights, { red: 1, yellow: 1, green: 1, blue: 0, none: 1 });
    const lights = await app.services.monitoring.lights(admin, dash.taskId!);
    const colours = new Set(lights.projects.flatMap((p) => p.indicators.map((i) => i.light)));
    for (const l of ["red", "yellow", "green", "blue"] as const) assert.ok(colours.has(l), l);

    // A restart with always: the demo data is there, nothing is loaded twice.
    assert.deepEqual(await seedDemoIfWanted(withMode("always"), log), []);
    assert.equal((await app.store.db.selectFrom("evaluations").select("id").execute()).length, evaluations.length);
    assert.match(lines.at(-1)!, /demo data present already/);
  });
});

test("auto loads the demo data into an empty database", async () => {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-demo-"));
  const app = await buildApp(testConfig({ dataDir: dir, demo: "auto" }));
  try {
    const users = await seedDemoIfWanted(app, () => {});
    assert.equal(users.length, 7);
    assert.deepEqual(await seedDemoIfWanted(app, () => {}), [], "the second start loads nothing");
    // One evaluation in each status; one returned with its reason; one published with a correction.
    const rows = await app.store.db.selectFrom("evaluations").select(["id", "status", "title"]).execute();
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["draft", "submitted", "returned", "accepted", "published", "archived"])
      assert.ok(statuses.has(s), `a demo evaluation ${s}`);
    const moves = await app.store.db
      .selectFrom("audit_log")
      .select(["entity_id", "action", "reason"])
      .where("action", "in", ["evaluation.return", "evaluation.correct"])
      .execute();
    const returned = rows.filter((r) => r.status === "returned").map((r) => r.id);
    assert.ok(
      moves.some((m) => m.action === "evaluation.return" && returned.includes(m.entity_id) && m.reason),
      "returned with a reason",
    );
    const corrected = moves.find((m) => m.action === "evaluation.correct");
    assert.ok(corrected?.reason, "a correction with its note");
    assert.equal(rows.find((r) => r.id === corrected.entity_id)?.status, "published", "corrected, still published");
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
