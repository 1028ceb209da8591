/**
 * The report's appendix from the working papers, on both databases: an evaluation with a stored
 * evidence file and an expert panel prints 佐证材料索引 (the file, its size, uploader and SHA-256)
 * and 专家评分汇总; the audited department, who may not see the panel, gets the report without it; the public
 * report of the published evaluation carries neither.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const DOC = {
  schemaVersion: 1,
  meta: { title: "附录测试项目评价", subject: "甲局", fiscalYear: 2024, kind: "项目支出", evaluationType: "第三方" },
  indicators: [
    {
      id: "A",
      name: "产出",
      weight: 20,
      children: [
        { id: "A1", name: "培训质量", weight: 10, rule: { type: "expert", method: "median", scores: [] } },
        { id: "A2", name: "完成及时性", weight: 10, score: 8 },
      ],
    },
  ],
};

forEachDatabase("report appendix", (target) => {
  let app: App;
  let admin: Client, evaluator: Client, expert: Client, depta: Client;
  let id: string;
  let world: Awaited<ReturnType<typeof seedWorld>>;

  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    evaluator = await login(app, "evaluator");
    expert = await login(app, "expert");
    depta = await login(app, "depta");
    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      agencyId: world.orgs.agency,
      document: DOC,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    id = created.body.id;
  });
  after(async () => app.close());

  test("an evaluation with evidence and a panel lists both in the appendix; the department's report has no panel", async () => {
    const { payload, contentType } = multipartBody("培训签到表.pdf", PDF);
    const up = await app.http.inject({
      method: "POST",
      url: `/api/v1/evaluations/${id}/evidence?node=A2`,
      payload,
      headers: { "content-type": contentType, cookie: evaluator.cookie, "x-csrf-token": evaluator.csrf },
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal((await evaluator.req("PUT", `/api/v1/evaluations/${id}/experts/${world.users.expert}`, { nodeIds: ["A1"] })).status, 204);
    assert.equal((await expert.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, { score: 7, comment: "较好", submit: true })).status, 200);

    const md = await evaluator.req("GET", `/api/v1/evaluations/${id}/report?format=md`);
    assert.equal(md.status, 200);
    const text = String(md.body);
    const sha = createHash("sha256").update(PDF).digest("hex");
    assert.match(text, /附表\d+ 佐证材料索引/);
    const row = text.split("\n").find((l) => l.includes("培训签到表.pdf"));
    assert.ok(row, "the stored file is listed");
    for (const cell of ["A2", "完成及时性", "PDF", `${PDF.length} B`, sha]) assert.ok(row.includes(cell), `${cell} in ${row}`);
    assert.match(text, /附表\d+ 专家评分汇总/);
    assert.match(text, /中位数/);
    assert.match(text, /未采纳/, "not decided yet");

    // The audited department reads the evidence but not the agency's panel (policy: panel.read): the table is left out.
    const theirs = await depta.req("GET", `/api/v1/evaluations/${id}/report?format=md`);
    assert.equal(theirs.status, 200);
    assert.doesNotMatch(String(theirs.body), /专家评分汇总/);
    assert.match(String(theirs.body), /培训签到表\.pdf/);
  });

  test("the public report of the published evaluation lists no working papers", async () => {
    const version = async () => (await admin.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;
    assert.equal(
      (await evaluator.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, { version: await version(), kind: "adopt" })).status,
      200,
    );
    for (const [who, action] of [
      [evaluator, "submit"],
      [admin, "accept"],
      [admin, "publish"],
    ] as const) {
      const r = await who.req("POST", `/api/v1/evaluations/${id}/transitions`, { version: await version(), action });
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    }
    const inside = String((await admin.req("GET", `/api/v1/evaluations/${id}/report?format=html`)).body);
    assert.match(inside, /佐证材料索引/);
    assert.match(inside, /采纳（7\.00）/);
    const pub = await app.http.inject({ method: "GET", url: `/api/v1/public/evaluations/${id}/report?format=html` });
    assert.equal(pub.statusCode, 200);
    assert.doesNotMatch(pub.body, /佐证材料索引|培训签到表|专家评分汇总/);
    // Never who scored what: the panel's result is printed, the expert and their score are not.
    // The harness's expert is displayed by their user name, "expert"; the inside report names them.
    const expertName = "expert";
    assert.match(inside, /专家评分（expert 7）/);
    assert.doesNotMatch(pub.body, new RegExp(`${expertName} 7`), "the public report does not say who scored what");
    assert.doesNotMatch(pub.body, /专家评分（/);
    assert.match(pub.body, /专家组评议（取中位数）/);
    assert.match(pub.body, /7\.00/, "the panel result is still the indicator's score");
  });
});
