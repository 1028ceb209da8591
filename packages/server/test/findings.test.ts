import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, type App, verifyAuditLog } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("findings", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    id = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN })).body.id;
  });
  after(async () => app.close());

  test("recorded findings and recommendations, and the rules' suggestions marked when already recorded", async () => {
    const r = await admin.req("GET", `/api/v1/evaluations/${id}/findings`);
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.version, 1);
    assert.deepEqual(
      r.body.findings.map((f: { title: string }) => f.title),
      ["核心业务能力待提升", "下属事业单位人员空编情况普遍", "部分下属单位预算调整率较高"],
    );
    assert.equal(r.body.recommendations.length, 3);
    const vacancy = r.body.suggested.find((s: { rule: string }) => s.rule === "staff/vacancy");
    assert.ok(vacancy, JSON.stringify(r.body.suggested.map((s: { rule: string }) => s.rule)));
    assert.equal(vacancy.recorded, true);
    assert.match(vacancy.title.zh, /4 个单位空编率超过 20%/);
    assert.equal(vacancy.evidence.length, 4);
  });

  test("replace them with the version: a revision with audit entries; stale 409; bad input 400 with paths; departments of other organisations 404", async () => {
    const before = (await admin.req("GET", `/api/v1/evaluations/${id}/findings`)).body;
    const findings = [...before.findings, { title: "资产管理有待加强", text: "抽查发现两项固定资产未入账。", evidence: ["资产台账"] }];
    const r = await admin.req("PUT", `/api/v1/evaluations/${id}/findings`, {
      version: before.version,
      findings,
      recommendations: before.recommendations,
      reason: "补充现场核查发现",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.version, before.version + 1);
    assert.equal(r.body.findings.at(-1).title, "资产管理有待加强");
    const audit = await admin.req("GET", `/api/v1/evaluations/${id}/audit`);
    const last = audit.body.at(-1);
    assert.equal(last.path, "findings[3]");
    assert.equal(last.reason, "补充现场核查发现");
    assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).ok, true);
    const stale = await admin.req("PUT", `/api/v1/evaluations/${id}/findings`, {
      version: before.version,
      findings: [],
      recommendations: [],
    });
    assert.equal(stale.status, 409);
    const bad = await admin.req("PUT", `/api/v1/evaluations/${id}/findings`, {
      version: r.body.version,
      findings: [{ title: "" }],
      recommendations: [],
      extra: 1,
    });
    assert.equal(bad.status, 400);
    assert.ok(
      bad.body.error.fields.some((f: { path: string }) => f.path === "body.findings[0].title") &&
        bad.body.error.fields.some((f: { path: string }) => f.path === "body.extra"),
      JSON.stringify(bad.body.error.fields),
    );
    const deptB = await login(app, "deptb");
    assert.equal((await deptB.req("GET", `/api/v1/evaluations/${id}/findings`)).status, 404);
    assert.equal(
      (await deptB.req("PUT", `/api/v1/evaluations/${id}/findings`, { version: r.body.version, findings: [], recommendations: [] })).status,
      404,
    );
    const visitor = await login(app, "visitor");
    assert.equal((await visitor.req("GET", `/api/v1/evaluations/${id}/findings`)).status, 404);
  });
});
