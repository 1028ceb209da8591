/** The permission matrix: every endpoint × role × own/other resource, through HTTP. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { type App, can, expertMayEdit } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<string, unknown>;
const ROLES = ["admin", "evaluator", "evaluator2", "depta", "deptb", "expert", "visitor"] as const;
type Who = (typeof ROLES)[number];
type Res = "A" | "B" | "P";

// Expected status of reading each evaluation: A = 甲局's, assigned to 某评价机构 and to the
// expert; B = 乙局's draft; P = 乙局's published evaluation. 404 hides existence.
const READ: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200, P: 200 },
  evaluator: { A: 200, B: 404, P: 404 },
  evaluator2: { A: 404, B: 404, P: 404 },
  depta: { A: 200, B: 404, P: 404 },
  deptb: { A: 404, B: 200, P: 200 },
  expert: { A: 200, B: 404, P: 404 },
  visitor: { A: 404, B: 404, P: 200 },
};
// Editing a non-scoring field (meta.note).
const EDIT: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200, P: 200 },
  evaluator: { A: 200, B: 404, P: 404 },
  evaluator2: { A: 404, B: 404, P: 404 },
  depta: { A: 200, B: 404, P: 404 },
  deptb: { A: 404, B: 200, P: 403 },
  expert: { A: 403, B: 404, P: 404 },
  visitor: { A: 404, B: 404, P: 403 },
};
const PUBLISH: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200, P: 200 },
  evaluator: { A: 403, B: 404, P: 404 },
  evaluator2: { A: 404, B: 404, P: 404 },
  depta: { A: 403, B: 404, P: 404 },
  deptb: { A: 404, B: 403, P: 403 },
  expert: { A: 403, B: 404, P: 404 },
  visitor: { A: 404, B: 404, P: 403 },
};
const CREATE_IN_DEPT_A: Record<Who, number> = { admin: 201, evaluator: 403, evaluator2: 403, depta: 201, deptb: 403, expert: 403, visitor: 403 };
const TEMPLATES_READ: Record<Who, number> = { admin: 200, evaluator: 200, evaluator2: 200, depta: 200, deptb: 200, expert: 403, visitor: 403 };
const TEMPLATES_SAVE: Record<Who, number> = { admin: 201, evaluator: 201, evaluator2: 201, depta: 403, deptb: 403, expert: 403, visitor: 403 };
// Saving evaluation A as a template needs the right to save and to read A.
const TEMPLATE_FROM_A: Record<Who, number> = { admin: 201, evaluator: 201, evaluator2: 404, depta: 403, deptb: 403, expert: 403, visitor: 403 };
const READ_ENDPOINTS = ["", "/score", "/check", "/findings", "/revisions", "/audit", "/export", "/explain/A", "/diff?from=1&to=1", "/revisions/1"];

forEachDatabase("policy", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const clients = {} as Record<Who, Client>;
  const ids = {} as Record<Res, string>;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    for (const r of ROLES) clients[r] = await login(app, r);
    const admin = clients.admin;
    ids.A = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, agencyId: world.orgs.agency, document: YANGQUAN })).body.id;
    ids.B = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "project" })).body.id;
    const p = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "department" })).body;
    ids.P = p.id;
    await admin.req("POST", `/api/v1/evaluations/${ids.P}/status`, { version: p.version, status: "published" });
    assert.equal((await admin.req("PUT", `/api/v1/evaluations/${ids.A}/experts/${world.users.expert}`, { nodeIds: ["A"] })).status, 204);
  });
  after(async () => app.close());

  const version = async (res: Res) => (await clients.admin.req("GET", `/api/v1/evaluations/${ids[res]}`)).body.version as number;

  for (const who of ROLES) {
    describe(who, () => {
      for (const res of ["A", "B", "P"] as const) {
        test(`read ${res}: ${READ[who][res]} on every read endpoint`, async () => {
          for (const ep of READ_ENDPOINTS) {
            const r = await clients[who].req("GET", `/api/v1/evaluations/${ids[res]}${ep}`);
            assert.equal(r.status, READ[who][res], `${who} GET ${res}${ep}: ${JSON.stringify(r.body).slice(0, 200)}`);
          }
          // The access the API reports is what the API then allows (the UI shows controls by it).
          if (READ[who][res] === 200) {
            const access = (await clients[who].req("GET", `/api/v1/evaluations/${ids[res]}`)).body.access;
            assert.equal(access.update, EDIT[who][res] === 200, `${who} access.update ${res}`);
            assert.equal(access.publish, PUBLISH[who][res] === 200, `${who} access.publish ${res}`);
            assert.equal(access.scoreAssigned, who === "expert" && res === "A", `${who} access.scoreAssigned ${res}`);
            assert.deepEqual(access.assignedNodes, who === "expert" && res === "A" ? ["A"] : [], `${who} access.assignedNodes ${res}`);
          }
          const list = await clients[who].req("GET", "/api/v1/evaluations?status=" + (res === "P" ? "published" : "draft"));
          assert.equal(list.body.some((e: { id: string }) => e.id === ids[res]), READ[who][res] === 200, `${who} list ${res}`);
        });
        test(`edit ${res}: ${EDIT[who][res]}`, async () => {
          const r = await clients[who].req("PATCH", `/api/v1/evaluations/${ids[res]}`, { version: await version(res), changes: [{ path: ["meta", "note"], value: `edited by ${who}` }] });
          assert.equal(r.status, EDIT[who][res], `${who} PATCH ${res}: ${JSON.stringify(r.body).slice(0, 200)}`);
          const put = await clients[who].req("PUT", `/api/v1/evaluations/${ids[res]}`, { version: await version(res), document: (await clients.admin.req("GET", `/api/v1/evaluations/${ids[res]}`)).body.document });
          // An unchanged document is still a save: same permission as a patch (experts may save no change).
          assert.equal(put.status, who === "expert" && res === "A" ? 200 : EDIT[who][res], `${who} PUT ${res}`);
        });
        test(`publish ${res}: ${PUBLISH[who][res]}`, async () => {
          const r = await clients[who].req("POST", `/api/v1/evaluations/${ids[res]}/status`, { version: await version(res), status: "published" });
          assert.equal(r.status, PUBLISH[who][res], `${who} publish ${res}`);
          if (r.status === 200 && res !== "P") await clients.admin.req("POST", `/api/v1/evaluations/${ids[res]}/status`, { version: await version(res), status: "draft" });
        });
      }
      test(`create in 甲局: ${CREATE_IN_DEPT_A[who]}`, async () => {
        const r = await clients[who].req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, template: "self-evaluation" });
        assert.equal(r.status, CREATE_IN_DEPT_A[who], `${who} create`);
      });
      test(`templates: list ${TEMPLATES_READ[who]}, save ${TEMPLATES_SAVE[who]}, from A ${TEMPLATE_FROM_A[who]}`, async () => {
        assert.equal((await clients[who].req("GET", "/api/v1/templates")).status, TEMPLATES_READ[who], `${who} list templates`);
        assert.equal((await clients[who].req("GET", "/api/v1/templates/project")).status, TEMPLATES_READ[who], `${who} read a template`);
        const r = await clients[who].req("POST", "/api/v1/templates", { name: `模板 ${who}`, document: YANGQUAN });
        assert.equal(r.status, TEMPLATES_SAVE[who], `${who} save a template`);
        const a = await clients[who].req("POST", "/api/v1/templates", { name: `模板A ${who}`, fromEvaluationId: ids.A });
        assert.equal(a.status, TEMPLATE_FROM_A[who], `${who} save A as a template`);
      });
      test("users and organisations management is the finance admin's", async () => {
        const r = await clients[who].req("POST", "/api/v1/users", { username: `new_${who}`, displayName: "x", password: "a long password", role: "visitor", organisationId: null });
        assert.equal(r.status, who === "admin" ? 201 : 403);
        const o = await clients[who].req("POST", "/api/v1/organisations", { name: `新单位${who}`, kind: "unit", parentId: world.orgs.deptA });
        assert.equal(o.status, who === "admin" ? 201 : 403);
      });
    });
  }

  test("an expert edits the scoring fields of an assigned indicator, and nothing else", async () => {
    const expert = clients.expert;
    const ok = await expert.req("PATCH", `/api/v1/evaluations/${ids.A}`, { version: await version("A"), changes: [{ path: ["indicators", 0, "score"], value: 22 }], reason: "专家评分" });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const other = await expert.req("PATCH", `/api/v1/evaluations/${ids.A}`, { version: await version("A"), changes: [{ path: ["indicators", 1, "score"], value: 30 }] });
    assert.equal(other.status, 403);
    assert.equal(other.body.error.code, "forbidden-field");
    const weight = await expert.req("PATCH", `/api/v1/evaluations/${ids.A}`, { version: await version("A"), changes: [{ path: ["indicators", 0, "weight"], value: 31 }] });
    assert.equal(weight.status, 403);
  });
});

describe("policy (pure)", () => {
  const facts = { organisationPath: ["unit", "dept", "region"], agencyId: "agency", status: "draft", assignedNodes: [] };
  test("finance admin: in region yes, outside no", () => {
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "region" }, "evaluation.publish", facts), true);
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "other" }, "evaluation.read", facts), false);
  });
  test("department: own subtree, drafts only for edits", () => {
    const p = { id: "u", role: "department" as const, organisationId: "dept" };
    assert.equal(can(p, "evaluation.update", facts), true);
    assert.equal(can(p, "evaluation.update", { ...facts, status: "submitted" }), false);
    assert.equal(can(p, "evaluation.publish", facts), false);
  });
  test("expert paths", () => {
    const base = [["indicators", 0]];
    assert.equal(expertMayEdit(["indicators", 0, "score"], base), true);
    assert.equal(expertMayEdit(["indicators", 0, "rule", "scores", 1, "score"], base), true);
    assert.equal(expertMayEdit(["indicators", 0, "rule", "type"], base), false);
    assert.equal(expertMayEdit(["indicators", 0, "weight"], base), false);
    assert.equal(expertMayEdit(["indicators", 1, "score"], base), false);
  });
});
