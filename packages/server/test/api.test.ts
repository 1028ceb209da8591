import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { type App, AUDIT_GENESIS, verifyAuditLog } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("API", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
  });
  after(async () => app.close());

  test("healthz and the OpenAPI document", async () => {
    const h = await app.http.inject({ url: "/healthz" });
    assert.equal(h.statusCode, 200);
    assert.equal(h.json().database, target().kind);
    const doc = await app.http.inject({ url: "/api/docs/json" });
    assert.equal(doc.statusCode, 200);
    const spec = doc.json();
    assert.equal(spec.openapi.startsWith("3."), true);
    assert.ok(spec.paths["/api/v1/evaluations"].get);
    assert.ok(spec.paths["/api/v1/evaluations/{id}"].patch);
  });

  test("session: cookie flags, who am I, wrong password, logout", async () => {
    const r = await app.http.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: "depta", password: "correct horse battery" },
    });
    assert.equal(r.statusCode, 200);
    const cookie = String(r.headers["set-cookie"]);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const me = await admin.req("GET", "/api/v1/session");
    assert.equal(me.body.user.role, "finance_admin");
    assert.ok(me.body.permissions.includes("evaluation.publish"));
    const bad = await app.http.inject({ method: "POST", url: "/api/v1/session", payload: { username: "depta", password: "wrong" } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.message.zh, "用户名或密码错误");
    const c = await login(app, "visitor");
    assert.equal((await c.req("DELETE", "/api/v1/session")).status, 204);
    assert.equal((await c.req("GET", "/api/v1/session")).status, 401);
  });

  test("login throttling: the 6th wrong password in 15 minutes gets 429 with Retry-After", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await app.http.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: "deptb", password: `nope${i}` },
        remoteAddress: "10.9.9.9",
      });
      assert.equal(r.statusCode, 401);
    }
    const r = await app.http.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: "deptb", password: "correct horse battery" },
      remoteAddress: "10.9.9.9",
    });
    assert.equal(r.statusCode, 429);
    assert.ok(Number(r.headers["retry-after"]) > 0);
  });

  test("CSRF: a state-changing request without the token is refused", async () => {
    const r = await admin.req(
      "POST",
      "/api/v1/evaluations",
      { organisationId: world.orgs.deptA, template: "project" },
      { "x-csrf-token": "" },
    );
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, "csrf");
  });

  test("password change: the old password stops working, other sessions end", async () => {
    await app.services.auth.createUser(
      { id: world.users.admin, role: "finance_admin", organisationId: world.orgs.region },
      { username: "changer", displayName: "changer", password: "first password 1", role: "visitor", organisationId: null },
    );
    const a = await login(app, "changer", "first password 1");
    const b = await login(app, "changer", "first password 1");
    assert.equal(
      (await a.req("POST", "/api/v1/session/password", { currentPassword: "first password 1", newPassword: "second password 2" })).status,
      204,
    );
    assert.equal((await b.req("GET", "/api/v1/session")).status, 401);
    assert.equal((await a.req("GET", "/api/v1/session")).status, 200);
    await login(app, "changer", "second password 2");
  });

  let yq: { id: string; version: number };
  test("create from a document: the Yangquan evaluation scores 85.73 / 良", async () => {
    const r = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      agencyId: world.orgs.agency,
      document: YANGQUAN,
      reason: "导入",
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.total, "85.73");
    assert.equal(r.body.grade, "良");
    assert.equal(r.body.version, 1);
    yq = r.body;
    const s = await admin.req("GET", `/api/v1/evaluations/${yq.id}/score`);
    assert.deepEqual(
      s.body.nodes.map((n: { ratePercent: string }) => n.ratePercent),
      ["70.80%", "94.70%", "98.05%", "70.00%"],
    );
    const c = await admin.req("GET", `/api/v1/evaluations/${yq.id}/check`);
    assert.equal(c.body.summary.error, 0);
    const e = await admin.req("GET", `/api/v1/evaluations/${yq.id}/explain/A?lang=en`);
    assert.equal(e.body.explanationText, "score entered directly: 21.24");
  });

  test("create from a template; bad requests name their fields", async () => {
    const ok = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptB,
      template: "department",
      fiscalYear: 2024,
    });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.fiscalYear, 2024);
    const unknownField = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptB,
      template: "department",
      colour: "red",
    });
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body.error.fields[0].path, "body.colour");
    const badDoc = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptB,
      document: { ...YANGQUAN, indicators: [{ name: "甲", weight: "三十" }] },
    });
    assert.equal(badDoc.status, 400);
    assert.deepEqual(badDoc.body.error.fields[0], {
      path: "document.indicators[0].weight",
      message: {
        zh: '应为数字（如 38148.63 或 "38,148.63"），实际为“三十”',
        en: 'expected a number (e.g. 38148.63 or "38,148.63"), found "三十"',
      },
    });
    const badJson = await app.http.inject({
      method: "POST",
      url: "/api/v1/evaluations",
      payload: "{nope",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf, "content-type": "application/json" },
    });
    assert.equal(badJson.statusCode, 400);
    assert.equal(badJson.json().error.code, "invalid-json");
    const tpl = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "nope" });
    assert.equal(tpl.status, 400);
    assert.equal(tpl.body.error.fields[0].path, "template");
  });

  test("patch a leaf, stale version gets 409 with the current version, revisions and diff", async () => {
    const p = await admin.req("PATCH", `/api/v1/evaluations/${yq.id}`, {
      version: 1,
      changes: [{ path: ["indicators", 3, "score"], value: 8 }],
      reason: "复核后调整",
    });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.version, 2);
    assert.equal(p.body.total, "86.73");
    const stale = await admin.req("PATCH", `/api/v1/evaluations/${yq.id}`, {
      version: 1,
      changes: [{ path: ["indicators", 3, "score"], value: 9 }],
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.currentVersion, 2);
    const revs = await admin.req("GET", `/api/v1/evaluations/${yq.id}/revisions`);
    assert.deepEqual(
      revs.body.map((r: { version: number }) => r.version),
      [2, 1],
    );
    assert.equal(revs.body[0].reason, "复核后调整");
    const d = await admin.req("GET", `/api/v1/evaluations/${yq.id}/diff?from=1&to=2`);
    // The diff in words (history in words): the indicator and the field named, old and new as text.
    assert.deepEqual(d.body, [
      {
        type: "CHANGE",
        path: ["indicators", 3, "score"],
        oldValue: 7,
        value: 8,
        label: { zh: "可持续性 · 得分", en: "可持续性 · Score" },
        oldText: "7",
        newText: "8",
      },
    ]);
    const audit = await admin.req("GET", `/api/v1/evaluations/${yq.id}/audit`);
    const last = audit.body.at(-1);
    assert.equal(last.path, "indicators[3].score");
    assert.equal(last.oldValue, "7");
    assert.equal(last.newValue, "8");
    assert.equal(last.reason, "复核后调整");
    assert.equal(last.user, "admin");
  });

  test("a whole-document update is validated; an invalid one changes nothing", async () => {
    const before = await admin.req("GET", `/api/v1/evaluations/${yq.id}`);
    const bad = await admin.req("PUT", `/api/v1/evaluations/${yq.id}`, {
      version: before.body.version,
      document: { ...YANGQUAN, meta: { title: "x" } },
    });
    assert.equal(bad.status, 400);
    const after_ = await admin.req("GET", `/api/v1/evaluations/${yq.id}`);
    assert.equal(after_.body.version, before.body.version);
    const ok = await admin.req("PUT", `/api/v1/evaluations/${yq.id}`, {
      version: before.body.version,
      document: YANGQUAN,
      reason: "恢复原值",
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.total, "85.73");
  });

  test("list filters, search, sort; portfolio statistics", async () => {
    const all = await admin.req("GET", "/api/v1/evaluations");
    assert.ok(all.body.length >= 2);
    const y = await admin.req("GET", "/api/v1/evaluations?year=2021");
    assert.deepEqual(
      y.body.map((e: { fiscalYear: number }) => e.fiscalYear),
      [2021],
    );
    const g = await admin.req("GET", `/api/v1/evaluations?grade=${encodeURIComponent("良")}`);
    assert.ok(g.body.every((e: { grade: string }) => e.grade === "良"));
    const q = await admin.req("GET", `/api/v1/evaluations?q=${encodeURIComponent("人力资源")}`);
    assert.equal(q.body.length, 1);
    const sorted = await admin.req("GET", "/api/v1/evaluations?sort=total&order=desc");
    assert.equal(sorted.status, 200);
    const bad = await admin.req("GET", "/api/v1/evaluations?sort=colour");
    assert.equal(bad.status, 400);
    const port = await admin.req("GET", "/api/v1/portfolio");
    assert.equal(port.status, 200);
    assert.equal(port.body.byGrade["良"] >= 1, true);
    assert.equal(port.body.ranking[0].total !== undefined, true);
  });

  test("the audit chain verifies, and detects an edited and a deleted entry", async () => {
    const ok = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(ok.ok, true, JSON.stringify(ok.problems));
    assert.ok(ok.entries >= 5);
    const victim = await app.store.db
      .selectFrom("audit_log")
      .selectAll()
      .where("path", "=", "indicators[3].score")
      .executeTakeFirstOrThrow();
    await app.store.db.updateTable("audit_log").set({ new_value: "10" }).where("seq", "=", victim.seq).execute();
    const edited = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(edited.ok, false);
    assert.ok(edited.problems.some((p) => p.seq === victim.seq && /altered/.test(p.reason)));
    await app.store.db.updateTable("audit_log").set({ new_value: victim.new_value }).where("seq", "=", victim.seq).execute();
    // The last entry of the victim's chain (the log is several chains, db/audit-chains.ts).
    const head = await app.store.db.selectFrom("audit_head").selectAll().where("id", "=", victim.chain).executeTakeFirstOrThrow();
    const lastRow = await app.store.db
      .selectFrom("audit_log")
      .selectAll()
      .where("chain", "=", victim.chain)
      .where("position", "=", head.seq)
      .executeTakeFirstOrThrow();
    await app.store.db.deleteFrom("audit_log").where("seq", "=", lastRow.seq).execute();
    const deleted = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(deleted.ok, false);
    await app.store.db.insertInto("audit_log").values(lastRow).execute();
    assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).ok, true);
  });

  test("20 concurrent writers: every change is either applied or rejected with 409, none lost", async () => {
    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      document: { ...YANGQUAN, figures: [] },
    });
    const id = created.body.id;
    const base = created.body.version;
    const writers = Array.from({ length: 20 }, (_, i) => i);
    const results = await Promise.all(
      writers.map((i) =>
        admin.req("PATCH", `/api/v1/evaluations/${id}`, {
          version: base,
          changes: [{ path: ["figures", 0], value: { id: `w${i}`, label: `writer ${i}`, printed: String(i) } }],
        }),
      ),
    );
    const applied = results.filter((r) => r.status === 200).length;
    assert.deepEqual(
      results.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.body]),
      [],
    );
    const rejected = results.filter((r) => r.status === 409).length;
    assert.equal(applied, 1);
    assert.equal(applied + rejected, 20);
    // The rejected writers retry on the current version until their change lands.
    const pending = results.map((r, i) => (r.status === 409 ? i : -1)).filter((i) => i >= 0);
    await Promise.all(
      pending.map(async (i) => {
        for (let attempt = 0; attempt < 100; attempt++) {
          const cur = await admin.req("GET", `/api/v1/evaluations/${id}`);
          const figures = (cur.body.document.figures ?? []) as unknown[];
          const r = await admin.req("PATCH", `/api/v1/evaluations/${id}`, {
            version: cur.body.version,
            changes: [{ path: ["figures", figures.length], value: { id: `w${i}`, label: `writer ${i}`, printed: String(i) } }],
          });
          if (r.status === 200) return;
          assert.equal(r.status, 409);
        }
        throw new Error(`writer ${i} never landed`);
      }),
    );
    const final = await admin.req("GET", `/api/v1/evaluations/${id}`);
    const ids = (final.body.document.figures as Array<{ id: string }>).map((f) => f.id).sort();
    assert.deepEqual(ids, writers.map((i) => `w${i}`).sort());
    assert.equal(final.body.version, base + 20);
    const revs = await admin.req("GET", `/api/v1/evaluations/${id}/revisions`);
    assert.equal(revs.body.length, 21);
    assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).ok, true);
  });

  test("unknown routes and oversized bodies answer in JSON", async () => {
    const r = await admin.req("GET", "/api/v1/nope");
    assert.equal(r.status, 404);
    assert.match(r.body.error.message.zh, /没有这个地址/);
    const big = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      document: { pad: "x".repeat(11 * 1024 * 1024) },
    });
    assert.equal(big.status, 413);
  });
});
