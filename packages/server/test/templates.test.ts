import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("templates", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let yqId: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    yqId = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN })).body.id;
  });
  after(async () => app.close());

  test("the built-in templates are listed for the roles that set up evaluations; not for experts and visitors", async () => {
    for (const who of ["admin", "evaluator", "depta"]) {
      const r = await (await login(app, who)).req("GET", "/api/v1/templates");
      assert.equal(r.status, 200, who);
      assert.deepEqual(
        r.body.filter((t: { builtin: boolean }) => t.builtin).map((t: { id: string }) => t.id),
        ["department", "project", "self-evaluation"],
      );
    }
    for (const who of ["expert", "visitor"]) assert.equal((await (await login(app, who)).req("GET", "/api/v1/templates")).status, 403, who);
  });

  test("save an evaluation's indicator system as a template, then start a new evaluation from it", async () => {
    const saved = await admin.req("POST", "/api/v1/templates", {
      name: "部门整体支出（阳泉模板）",
      description: "阳泉市人社局 2021 年评价所用指标体系",
      fromEvaluationId: yqId,
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.equal(saved.body.builtin, false);
    assert.equal(saved.body.kind, "部门整体支出");
    const listed = (await admin.req("GET", "/api/v1/templates")).body.find((t: { id: string }) => t.id === saved.body.id);
    assert.equal(listed.createdBy, "admin");
    const doc = (await admin.req("GET", `/api/v1/templates/${saved.body.id}`)).body;
    assert.equal(doc.meta.title, "部门整体支出（阳泉模板）");
    assert.deepEqual(
      doc.indicators.map((n: { name: string; weight: number }) => [n.name, n.weight]),
      [
        ["履职效能", 30],
        ["管理效率", 40],
        ["社会效应", 20],
        ["可持续性", 10],
      ],
    );
    assert.equal(JSON.stringify(doc).includes('"score"'), false, "no scores in a template");
    assert.equal(doc.organisation, undefined);
    assert.equal(doc.funds, undefined);

    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptB,
      template: saved.body.id,
      fiscalYear: 2024,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.fiscalYear, 2024);
    assert.equal(created.body.title, "乙局2024年度部门整体支出绩效评价");
    assert.equal(created.body.document.meta.subject, "乙局");
    assert.deepEqual(
      created.body.document.indicators.map((n: { name: string }) => n.name),
      ["履职效能", "管理效率", "社会效应", "可持续性"],
    );

    const audit = await app.store.db.selectFrom("audit_log").selectAll().where("action", "=", "template.create").execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entity_id, saved.body.id);
  });

  test("saving: a taken name is 409, no source or two sources 400, a bad document 400 with paths, others' evaluations 404, departments 403", async () => {
    const dup = await admin.req("POST", "/api/v1/templates", { name: "部门整体支出（阳泉模板）", fromEvaluationId: yqId });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, "template-name-taken");
    const builtinName = await admin.req("POST", "/api/v1/templates", { name: "project", fromEvaluationId: yqId });
    assert.equal(builtinName.status, 409);
    const none = await admin.req("POST", "/api/v1/templates", { name: "无来源" });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.fields[0].path, "fromEvaluationId");
    const two = await admin.req("POST", "/api/v1/templates", { name: "两个来源", fromEvaluationId: yqId, document: YANGQUAN });
    assert.equal(two.status, 400);
    const bad = await admin.req("POST", "/api/v1/templates", { name: "坏文件", document: { ...YANGQUAN, meta: { title: "x" } } });
    assert.equal(bad.status, 400);
    assert.ok(
      bad.body.error.fields.some((f: { path: string }) => f.path.startsWith("document.meta")),
      JSON.stringify(bad.body.error.fields),
    );
    const unknownField = await admin.req("POST", "/api/v1/templates", { name: "多余字段", fromEvaluationId: yqId, colour: "red" });
    assert.equal(unknownField.status, 400);
    // An evaluator may save templates, but only from evaluations assigned to its agency.
    const evaluator = await login(app, "evaluator");
    assert.equal((await evaluator.req("POST", "/api/v1/templates", { name: "别人的评价", fromEvaluationId: yqId })).status, 404);
    const fromDoc = await evaluator.req("POST", "/api/v1/templates", { name: "机构模板", document: YANGQUAN });
    assert.equal(fromDoc.status, 201);
    assert.equal(
      (await (await login(app, "depta")).req("POST", "/api/v1/templates", { name: "部门模板", document: YANGQUAN })).status,
      403,
    );
    assert.equal((await admin.req("GET", "/api/v1/templates/nope")).status, 404);
    const unknown = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "nope" });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.fields[0].path, "template");
  });

  test("import a Jixiao file: YAML scores 85.73 / 良; a broken file is 400 naming file, line:column and field, and writes nothing", async () => {
    const text = readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8");
    const ok = await admin.req("POST", "/api/v1/evaluations/import", {
      organisationId: world.orgs.deptA,
      filename: "yangquan-hrss-2021.yaml",
      content: text,
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body).slice(0, 300));
    assert.equal(ok.body.total, "85.73");
    assert.equal(ok.body.grade, "良");
    const json = await admin.req("POST", "/api/v1/evaluations/import", {
      organisationId: world.orgs.deptA,
      filename: "y.json",
      content: JSON.stringify(YANGQUAN),
    });
    assert.equal(json.status, 201);
    const count = async () => (await app.store.db.selectFrom("evaluations").select("id").execute()).length;
    const before = await count();
    const broken = await admin.req("POST", "/api/v1/evaluations/import", {
      organisationId: world.orgs.deptA,
      filename: "坏.yaml",
      content: "schemaVersion: 1\nmeta: [unclosed\n",
    });
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.fields[0].message.zh, /^坏\.yaml:\d+:\d+/);
    const schema = await admin.req("POST", "/api/v1/evaluations/import", {
      organisationId: world.orgs.deptA,
      filename: "w.yaml",
      content: text.replace("weight: 30", "weight: 三十"),
    });
    assert.equal(schema.status, 400);
    assert.ok(
      schema.body.error.fields.some(
        (f: { path: string; message: { zh: string } }) =>
          /^content\.indicators\[0\]\.weight$/.test(f.path) && /^w\.yaml:\d+:\d+ indicators\[0\]\.weight:/.test(f.message.zh),
      ),
      JSON.stringify(schema.body.error.fields),
    );
    assert.equal(
      (
        await (
          await login(app, "deptb")
        ).req("POST", "/api/v1/evaluations/import", { organisationId: world.orgs.deptA, filename: "y.yaml", content: text })
      ).status,
      403,
    );
    assert.equal(await count(), before);
  });
});
