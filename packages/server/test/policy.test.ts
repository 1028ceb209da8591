/**
 * The permission matrix, through HTTP: every endpoint × role × own/other resource; every status
 * transition as every role and as nobody; organisations, users and templates inside and outside
 * the caller's region. The expectations are written out here by hand — from the product's rules,
 * not read from policy.ts — so a change to the policy fails until this file agrees.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import JSZip from "jszip";
import { parse } from "yaml";
import { type App, can } from "../src/index.js";
import { hashPassword } from "../src/services/auth-service.js";
import { type Client, PASSWORD, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const ROLES = ["admin", "evaluator", "evaluator2", "depta", "deptb", "expert", "visitor"] as const;
type Who = (typeof ROLES)[number];
type Res = "A" | "B" | "P";

// Expected status of reading each evaluation: A = 甲局's draft, assigned to 某评价机构 and to the
// expert; B = 乙局's draft; P = 乙局's published evaluation. 404 hides existence.
const READ: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200, P: 200 },
  evaluator: { A: 200, B: 404, P: 404 },
  evaluator2: { A: 404, B: 404, P: 404 },
  depta: { A: 200, B: 404, P: 404 },
  deptb: { A: 404, B: 200, P: 200 },
  expert: { A: 200, B: 404, P: 404 },
  // A visitor reads only the public view (/public/evaluations): the working record is absent to them.
  visitor: { A: 404, B: 404, P: 404 },
};
// Editing a non-scoring field (meta.note). A published evaluation is read-only for everyone
// (changed only by 更正). The audited department never edits its agency's working papers (A).
const EDIT: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200, P: 403 },
  evaluator: { A: 200, B: 404, P: 404 },
  evaluator2: { A: 404, B: 404, P: 404 },
  depta: { A: 403, B: 404, P: 404 },
  deptb: { A: 404, B: 200, P: 403 },
  expert: { A: 403, B: 404, P: 404 },
  visitor: { A: 404, B: 404, P: 404 },
};
const CREATE_IN_DEPT_A: Record<Who, number> = {
  admin: 201,
  evaluator: 403,
  evaluator2: 403,
  depta: 201,
  deptb: 403,
  expert: 403,
  visitor: 403,
};
const TEMPLATES_READ: Record<Who, number> = {
  admin: 200,
  evaluator: 200,
  evaluator2: 200,
  depta: 200,
  deptb: 200,
  expert: 403,
  visitor: 403,
};
const TEMPLATES_SAVE: Record<Who, number> = {
  admin: 201,
  evaluator: 201,
  evaluator2: 201,
  depta: 403,
  deptb: 403,
  expert: 403,
  visitor: 403,
};
// Saving evaluation A as a template needs the right to save and to read A.
const TEMPLATE_FROM_A: Record<Who, number> = {
  admin: 201,
  evaluator: 201,
  evaluator2: 404,
  depta: 403,
  deptb: 403,
  expert: 403,
  visitor: 403,
};
// 批量审核 (POST /audits, a .zip of forms → the summary workbook): the reviewer's and the evaluator's; stores nothing.
const AUDIT_FORMS: Record<Who, number> = {
  admin: 200,
  evaluator: 200,
  evaluator2: 200,
  depta: 403,
  deptb: 403,
  expert: 403,
  visitor: 403,
};
// 组合模拟 (POST /portfolio/whatif): the finance bureau's, over its own region; A, B and P are all in it.
const WHATIF: Record<Who, number> = {
  admin: 200,
  evaluator: 403,
  evaluator2: 403,
  depta: 403,
  deptb: 403,
  expert: 403,
  visitor: 403,
};
const READ_ENDPOINTS = [
  "",
  "/score",
  "/check",
  "/findings",
  "/revisions",
  "/audit",
  "/export",
  "/explain/A",
  "/diff?from=1&to=1",
  "/revisions/1",
  "/outlook",
];

// ── the status machine, as the product defines it ──
const STATUSES = ["draft", "submitted", "returned", "accepted", "published", "archived"] as const;
type Status = (typeof STATUSES)[number];
const ACTIONS = ["submit", "return", "accept", "publish", "correct", "archive"] as const;
type Act = (typeof ACTIONS)[number];
/** from → action → [to, who may (on 甲局's evaluation with 某评价机构), reason required]. */
const MACHINE: Partial<Record<Status, Partial<Record<Act, [Status, Who[], boolean]>>>> = {
  draft: { submit: ["submitted", ["evaluator"], false], archive: ["archived", ["admin"], true] },
  returned: { submit: ["submitted", ["evaluator"], false], archive: ["archived", ["admin"], true] },
  submitted: { return: ["returned", ["admin"], true], accept: ["accepted", ["admin"], false] },
  accepted: { return: ["returned", ["admin"], true], publish: ["published", ["admin"], false] },
  published: { correct: ["published", ["admin"], true], archive: ["archived", ["admin"], false] },
};
/** The shortest way to each status, with the role that may take each step. */
const PATH_TO: Record<Status, Array<[Who, Act]>> = {
  draft: [],
  submitted: [["evaluator", "submit"]],
  returned: [
    ["evaluator", "submit"],
    ["admin", "return"],
  ],
  accepted: [
    ["evaluator", "submit"],
    ["admin", "accept"],
  ],
  published: [
    ["evaluator", "submit"],
    ["admin", "accept"],
    ["admin", "publish"],
  ],
  archived: [
    ["evaluator", "submit"],
    ["admin", "accept"],
    ["admin", "publish"],
    ["admin", "archive"],
  ],
};
/** Who reads 甲局's evaluation (with 某评价机构 and the expert assigned) in this status. */
const readsA = (who: Who, _status: Status) => ["admin", "evaluator", "depta", "expert"].includes(who);
/** Who edits it in this status: the agency and the bureau (not the audited department), only while 草稿 or 退回修改. */
const editsA = (who: Who, status: Status) => ["admin", "evaluator"].includes(who) && (status === "draft" || status === "returned");

forEachDatabase("policy", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  /** A second region (其他市) with its own department, agency and finance administrator. */
  const other = {} as { region: string; dept: string; agency: string; admin: string };
  const clients = {} as Record<Who, Client>;
  let admin2: Client;
  const ids = {} as Record<Res, string>;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    const now = new Date().toISOString();
    const db = app.store.db;
    for (const [key, name, kind, parent] of [
      ["region", "其他市", "region", null],
      ["dept", "其他市某局", "department", "region"],
      ["agency", "其他市评价机构", "agency", "region"],
    ] as const) {
      other[key] = `other-${key}`;
      await db
        .insertInto("organisations")
        .values({ id: other[key], parent_id: parent ? other[parent] : null, name, kind, created_at: now })
        .execute();
    }
    other.admin = "other-admin";
    await db
      .insertInto("users")
      .values({
        id: other.admin,
        username: "admin2",
        display_name: "其他市财政局",
        password_hash: await hashPassword(PASSWORD, 10),
        role: "finance_admin",
        organisation_id: other.region,
        disabled: 0,
        created_at: now,
      })
      .execute();
    for (const r of ROLES) clients[r] = await login(app, r);
    admin2 = await login(app, "admin2");
    const admin = clients.admin;
    ids.A = (
      await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, agencyId: world.orgs.agency, document: YANGQUAN })
    ).body.id;
    ids.B = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "project" })).body.id;
    ids.P = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "department" })).body.id;
    for (const [who, action] of [
      ["deptb", "submit"],
      ["admin", "accept"],
      ["admin", "publish"],
    ] as const) {
      const r = await clients[who].req("POST", `/api/v1/evaluations/${ids.P}/transitions`, { version: await version("P"), action });
      assert.equal(r.status, 200, `P: ${who} ${action}: ${JSON.stringify(r.body)}`);
    }
    assert.equal((await admin.req("PUT", `/api/v1/evaluations/${ids.A}/experts/${world.users.expert}`, { nodeIds: ["A"] })).status, 204);
  });
  after(async () => app.close());

  const auditForms = async (c: Client | null): Promise<number> => {
    const zip = new JSZip();
    zip.file("form.txt", "绩效自评表\n");
    const m = multipartBody("forms.zip", await zip.generateAsync({ type: "uint8array" }));
    const r = await app.http.inject({
      method: "POST",
      url: "/api/v1/audits",
      payload: m.payload,
      headers: { "content-type": m.contentType, ...(c ? { cookie: c.cookie, "x-csrf-token": c.csrf } : {}) },
    });
    return r.statusCode;
  };
  test("audit a .zip of forms: nobody 401", async () => assert.equal(await auditForms(null), 401));
  test("portfolio what-if: nobody 401; another region's finance admin counts none of this region's and cannot name it", async () => {
    const r = await app.http.inject({ method: "POST", url: "/api/v1/portfolio/whatif", payload: {} });
    assert.equal(r.statusCode, 401);
    const other = await admin2.req("POST", "/api/v1/portfolio/whatif", {});
    assert.equal(other.status, 200);
    assert.equal(other.body.count, 0);
    assert.equal((await admin2.req("POST", "/api/v1/portfolio/whatif", { region: world.orgs.region })).status, 404);
  });
  const versionOf = async (id: string) => (await clients.admin.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;
  const version = (res: Res) => versionOf(ids[res]);

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
            assert.equal(access.scoreAssigned, who === "expert" && res === "A", `${who} access.scoreAssigned ${res}`);
            assert.deepEqual(access.assignedNodes, who === "expert" && res === "A" ? ["A"] : [], `${who} access.assignedNodes ${res}`);
          }
          const list = await clients[who].req("GET", "/api/v1/evaluations?status=" + (res === "P" ? "published" : "draft"));
          if (who === "visitor") {
            assert.equal(list.status, 403, "a visitor lists the public view, not the working list");
            return;
          }
          assert.equal(
            list.body.some((e: { id: string }) => e.id === ids[res]),
            READ[who][res] === 200,
            `${who} list ${res}`,
          );
        });
        test(`edit ${res}: ${EDIT[who][res]}`, async () => {
          const r = await clients[who].req("PATCH", `/api/v1/evaluations/${ids[res]}`, {
            version: await version(res),
            changes: [{ path: ["meta", "note"], value: `edited by ${who}` }],
          });
          assert.equal(r.status, EDIT[who][res], `${who} PATCH ${res}: ${JSON.stringify(r.body).slice(0, 200)}`);
          const put = await clients[who].req("PUT", `/api/v1/evaluations/${ids[res]}`, {
            version: await version(res),
            document: (await clients.admin.req("GET", `/api/v1/evaluations/${ids[res]}`)).body.document,
          });
          // An unchanged document is still a save: same permission as a patch (experts never write the document).
          assert.equal(put.status, EDIT[who][res], `${who} PUT ${res}`);
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
      test(`portfolio what-if: ${WHATIF[who]}`, async () => {
        const r = await clients[who].req("POST", "/api/v1/portfolio/whatif", { bands: [{ grade: "优", min: "0" }] });
        assert.equal(r.status, WHATIF[who], `${who} POST /portfolio/whatif`);
        if (r.status === 200) {
          assert.ok(r.body.count >= 3, "A, B and P are in the region");
          assert.equal(r.body.after[0].grade, "优");
        }
      });
      test(`audit a .zip of forms: ${AUDIT_FORMS[who]}`, async () => {
        assert.equal(await auditForms(clients[who]), AUDIT_FORMS[who], `${who} POST /audits`);
      });
      test("users and organisations: only the finance admin, only inside the region", async () => {
        const r = await clients[who].req("POST", "/api/v1/users", {
          username: `new_${who}`,
          displayName: "x",
          password: "a long password",
          role: "visitor",
          organisationId: world.orgs.region,
        });
        assert.equal(r.status, who === "admin" ? 201 : 403, `${who} create user: ${JSON.stringify(r.body)}`);
        const o = await clients[who].req("POST", "/api/v1/organisations", {
          name: `新单位${who}`,
          kind: "unit",
          parentId: world.orgs.deptA,
        });
        assert.equal(o.status, who === "admin" ? 201 : 403, `${who} create organisation`);
        assert.equal((await clients[who].req("GET", "/api/v1/users")).status, who === "admin" ? 200 : 403, `${who} list users`);
        const orgs = await clients[who].req("GET", "/api/v1/organisations");
        assert.equal(orgs.status, who === "expert" || who === "visitor" ? 403 : 200, `${who} list organisations`);
        if (orgs.status === 200) {
          const seen = new Set((orgs.body as Array<{ id: string }>).map((x) => x.id));
          assert.equal(seen.has(other.region) || seen.has(other.dept), false, `${who} sees no other region`);
          const expected: Record<string, string[]> = {
            admin: Object.values(world.orgs),
            evaluator: Object.values(world.orgs),
            evaluator2: Object.values(world.orgs),
            depta: [world.orgs.deptA, world.orgs.unitA],
            deptb: [world.orgs.deptB],
          };
          for (const id of expected[who]!) assert.ok(seen.has(id), `${who} sees ${id}`);
          if (who === "depta" || who === "deptb") assert.equal(seen.has(world.orgs.region), false, `${who} sees only its own subtree`);
        }
      });
    });
  }

  describe("the public view (绩效公开): every public endpoint × role × own/other evaluation × nobody", () => {
    // Public to everyone, signed in or not, whoever's organisation it is: P (published) only; A and
    // B (drafts, in 甲局 and 乙局) are absent from the public view for everyone, their own included.
    const PUBLIC_ENDPOINTS = ["", "/report?format=html"];
    test("GET /public/evaluations/:id[/report]: P 200 for every role and for nobody; A and B 404", async () => {
      for (const who of [...ROLES, null]) {
        for (const res of ["A", "B", "P"] as const) {
          for (const ep of PUBLIC_ENDPOINTS) {
            const url = `/api/v1/public/evaluations/${ids[res]}${ep}`;
            const status = who ? (await clients[who].req("GET", url)).status : (await app.http.inject({ method: "GET", url })).statusCode;
            assert.equal(status, res === "P" ? 200 : 404, `${who ?? "nobody"} GET public ${res}${ep}`);
          }
        }
        const url = "/api/v1/public/evaluations";
        const list = who ? (await clients[who].req("GET", url)).body : JSON.parse((await app.http.inject({ method: "GET", url })).body);
        assert.deepEqual(
          list.items.map((e: { id: string }) => e.id),
          [ids.P],
          `${who ?? "nobody"} public list`,
        );
      }
      // The public view writes nothing: no other method is routed there.
      const post = await clients.admin.req("POST", `/api/v1/public/evaluations/${ids.P}`, {});
      assert.equal(post.status, 404);
    });
  });

  describe("status machine: every action from every status, as every role and as nobody", () => {
    const fresh = async (status: Status): Promise<string> => {
      const created = await clients.admin.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        agencyId: world.orgs.agency,
        template: "self-evaluation",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      assert.equal(
        (await clients.admin.req("PUT", `/api/v1/evaluations/${id}/experts/${world.users.expert}`, { nodeIds: ["A"] })).status,
        204,
      );
      for (const [who, action] of PATH_TO[status]) {
        const r = await clients[who].req("POST", `/api/v1/evaluations/${id}/transitions`, {
          version: await versionOf(id),
          action,
          reason: "测试",
        });
        assert.equal(r.status, 200, `to ${status}: ${who} ${action}: ${JSON.stringify(r.body)}`);
      }
      return id;
    };
    const body = async (id: string, action: Act, reason?: string) => ({
      version: await versionOf(id),
      action,
      ...(reason ? { reason } : {}),
      ...(action === "correct" ? { changes: [{ path: ["meta", "note"], value: "更正：数据来源" }] } : {}),
    });
    const history = async (id: string) => ({
      revisions: ((await clients.admin.req("GET", `/api/v1/evaluations/${id}/revisions`)).body as unknown[]).length,
      // Decisions and changes; the entries that chain each revision's document hash into the log (path "revision") are not counted.
      audit: (
        (await clients.admin.req("GET", `/api/v1/evaluations/${id}/audit`)).body as Array<{
          action: string;
          path: string;
          reason: string | null;
          oldValue: string | null;
          newValue: string | null;
        }>
      ).filter((a) => a.path !== "revision"),
    });

    for (const from of STATUSES) {
      for (const action of ACTIONS) {
        const row = MACHINE[from]?.[action];
        test(`${from} → ${action}: ${row ? `${row[0]} by ${row[1].join(", ")}${row[2] ? " with a reason" : ""}` : "refused (409) for everyone who may read it"}`, async () => {
          const id = await fresh(from);
          const before = await history(id);
          // Nobody (no session).
          const anon = await app.http.inject({
            method: "POST",
            url: `/api/v1/evaluations/${id}/transitions`,
            payload: await body(id, action, "原因"),
          });
          assert.equal(anon.statusCode, 401, `nobody ${from} ${action}`);
          for (const who of ROLES) {
            if (row?.[1].includes(who)) continue;
            const r = await clients[who].req("POST", `/api/v1/evaluations/${id}/transitions`, await body(id, action, "原因"));
            const expected = !readsA(who, from) ? 404 : row ? 403 : 409;
            assert.equal(r.status, expected, `${who} ${from} ${action}: ${JSON.stringify(r.body).slice(0, 200)}`);
            if (expected === 409) assert.equal(r.body.error.code, "invalid-transition");
          }
          const unchanged = await history(id);
          assert.equal(unchanged.revisions, before.revisions, "a refused action adds no revision");
          assert.equal(unchanged.audit.length, before.audit.length, "a refused action adds no audit entry");
          // The access each reader sees lists exactly the actions they may take.
          for (const who of ROLES) {
            if (!readsA(who, from)) continue;
            const access = (await clients[who].req("GET", `/api/v1/evaluations/${id}`)).body.access as {
              update: boolean;
              actions: Array<{ action: string; to: string; reasonRequired: boolean }>;
            };
            const mine = ACTIONS.filter((a) => MACHINE[from]?.[a]?.[1].includes(who));
            assert.deepEqual(access.actions.map((a) => a.action).sort(), [...mine].sort(), `${who} access.actions in ${from}`);
            assert.equal(access.update, editsA(who, from), `${who} access.update in ${from}`);
          }
          if (!row) return;
          for (const [i, who] of row[1].entries()) {
            const target = i === 0 ? id : await fresh(from);
            const start = await history(target);
            if (row[2]) {
              const missing = await clients[who].req("POST", `/api/v1/evaluations/${target}/transitions`, await body(target, action, "  "));
              assert.equal(missing.status, 400, `${who} ${from} ${action} without a reason`);
              assert.equal(missing.body.error.code, "reason-required");
              assert.deepEqual(
                missing.body.error.fields.map((f: { path: string }) => f.path),
                ["reason"],
              );
            }
            const r = await clients[who].req(
              "POST",
              `/api/v1/evaluations/${target}/transitions`,
              await body(target, action, row[2] ? `${action} 的原因` : undefined),
            );
            assert.equal(r.status, 200, `${who} ${from} ${action}: ${JSON.stringify(r.body).slice(0, 300)}`);
            assert.equal(r.body.status, row[0]);
            const end = await history(target);
            assert.equal(end.revisions, start.revisions + 1, "exactly one revision");
            assert.equal(end.audit.length, start.audit.length + 1, "exactly one audit entry");
            const last = end.audit.at(-1)!;
            assert.equal(last.action, `evaluation.${action}`);
            if (row[2]) assert.equal(last.reason, `${action} 的原因`);
            if (action === "correct")
              assert.equal((await clients.admin.req("GET", `/api/v1/evaluations/${target}`)).body.document.meta.note, "更正：数据来源");
            else assert.deepEqual([last.oldValue, last.newValue], [JSON.stringify(from), JSON.stringify(row[0])]);
          }
        });
      }
    }

    test("locks follow the status: edits by role in every status (PATCH), an expert scores only while draft or returned", async () => {
      for (const status of STATUSES) {
        const id = await fresh(status);
        for (const who of ROLES) {
          const r = await clients[who].req("PATCH", `/api/v1/evaluations/${id}`, {
            version: await versionOf(id),
            changes: [{ path: ["meta", "note"], value: `${who} in ${status}` }],
          });
          const expected = !readsA(who, status) ? 404 : editsA(who, status) ? 200 : 403;
          assert.equal(r.status, expected, `${who} PATCH in ${status}: ${JSON.stringify(r.body).slice(0, 200)}`);
        }
        const score = await clients.expert.req("PUT", `/api/v1/evaluations/${id}/panel/A`, { score: 1, comment: `专家意见 ${status}` });
        assert.equal(score.status, status === "draft" || status === "returned" ? 200 : 403, `expert scores in ${status}`);
      }
    });

    test("correct needs the corrected fields, and nothing but correct carries them", async () => {
      const p = await fresh("published");
      const none = await clients.admin.req("POST", `/api/v1/evaluations/${p}/transitions`, {
        version: await versionOf(p),
        action: "correct",
        reason: "更正",
      });
      assert.equal(none.status, 400);
      assert.equal(none.body.error.code, "changes-required");
      const d = await fresh("draft");
      const extra = await clients.evaluator.req("POST", `/api/v1/evaluations/${d}/transitions`, {
        version: await versionOf(d),
        action: "submit",
        changes: [{ path: ["meta", "note"], value: "x" }],
      });
      assert.equal(extra.status, 400);
      assert.equal(extra.body.error.code, "unexpected-changes");
      const stale = await clients.evaluator.req("POST", `/api/v1/evaluations/${d}/transitions`, {
        version: (await versionOf(d)) + 1,
        action: "submit",
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, "version-conflict");
    });
  });

  describe("panel, evidence and notes: every endpoint × role × own/other evaluation × nobody", () => {
    // A: 甲局's draft, evaluated by 某评价机构, indicator A assigned to the expert (depta is the
    // audited department: it reads the evidence, not the panel or the review notes). B: 乙局's
    // self-evaluation draft (deptb's own work). P: 乙局's published self-evaluation (read-only).
    // Cells left out are 404 (the evaluation is not visible: READ above).
    // A visitor sees only the public view: working papers of a published evaluation are absent (404), not refused.
    type Cells = Partial<Record<Who, Partial<Record<Res, number>>>>;
    const all = (a: number, b: number, p: number) => ({ A: a, B: b, P: p });
    const PANEL_READ: Cells = {
      admin: all(200, 200, 200),
      evaluator: { A: 200 },
      depta: { A: 403 },
      deptb: { B: 200, P: 200 },
      expert: { A: 200 },
      visitor: { P: 404 },
    };
    const PANEL_MANAGE: Cells = {
      admin: all(200, 200, 403),
      evaluator: { A: 200 },
      depta: { A: 403 },
      deptb: { B: 200, P: 403 },
      expert: { A: 403 },
      visitor: { P: 404 },
    };
    const PANEL_SCORE: Cells = {
      admin: all(403, 403, 403),
      evaluator: { A: 403 },
      depta: { A: 403 },
      deptb: { B: 403, P: 403 },
      expert: { A: 200 },
      visitor: { P: 404 },
    };
    const EVIDENCE_READ: Cells = {
      admin: all(200, 200, 200),
      evaluator: { A: 200 },
      depta: { A: 200 },
      deptb: { B: 200, P: 200 },
      expert: { A: 200 },
      visitor: { P: 404 },
    };
    const EVIDENCE_WRITE: Cells = {
      admin: all(201, 201, 403),
      evaluator: { A: 201 },
      depta: { A: 403 },
      deptb: { B: 201, P: 403 },
      expert: { A: 403 },
      visitor: { P: 404 },
    };
    const NOTE_READ: Cells = {
      admin: all(200, 200, 200),
      evaluator: { A: 200 },
      depta: { A: 403 },
      deptb: { B: 200, P: 200 },
      expert: { A: 200 },
      visitor: { P: 404 },
    };
    const NOTE_CREATE: Cells = {
      admin: all(201, 201, 403),
      evaluator: { A: 201 },
      depta: { A: 403 },
      deptb: { B: 201, P: 403 },
      expert: { A: 201 },
      visitor: { P: 404 },
    };
    const NOTE_RESOLVE: Cells = {
      admin: all(200, 200, 403),
      evaluator: { A: 200 },
      depta: { A: 403 },
      deptb: { B: 200, P: 403 },
      expert: { A: 403 },
      visitor: { P: 404 },
    };
    const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const fileOf = {} as Record<Res, string>;
    const noteOf = {} as Record<Res, string>;
    before(async () => {
      // One file and one note in each evaluation, written straight into P (published: no API writes it).
      const now = new Date().toISOString();
      for (const res of ["A", "B", "P"] as const) {
        fileOf[res] = `file-${res}`;
        noteOf[res] = `note-${res}`;
        await app.store.db
          .insertInto("evidence_files")
          .values({
            id: fileOf[res],
            evaluation_id: ids[res],
            node_id: "A",
            filename: "证明.pdf",
            media_type: "application/pdf",
            size: PDF.length,
            sha256: "0".repeat(64),
            content: PDF,
            uploaded_by: world.users.admin,
            uploaded_at: now,
          })
          .execute();
        await app.store.db
          .insertInto("review_notes")
          .values({
            id: noteOf[res],
            evaluation_id: ids[res],
            path: JSON.stringify(["meta", "title"]),
            node_id: null,
            text: "核对标题",
            status: "open",
            author_id: world.users.admin,
            created_at: now,
            resolved_by: null,
            resolved_at: null,
            resolution: null,
          })
          .execute();
      }
    });
    after(async () => {
      // The open notes would hold later submissions of A and B up.
      await app.store.db.updateTable("review_notes").set({ status: "resolved" }).execute();
    });

    const upload = async (who: Who | null, res: Res) => {
      const { payload, contentType } = multipartBody("证明.pdf", PDF);
      const c = who ? clients[who] : undefined;
      const r = await app.http.inject({
        method: "POST",
        url: `/api/v1/evaluations/${ids[res]}/evidence?node=A`,
        payload,
        headers: { "content-type": contentType, ...(c ? { cookie: c.cookie, "x-csrf-token": c.csrf } : {}) },
      });
      return r.statusCode;
    };
    const ENDPOINTS: Array<
      [string, Cells, (who: Who, res: Res) => Promise<number>, (res: Res) => { method: string; url: string; body?: unknown }]
    > = [
      ["panel.get", PANEL_READ, async () => 0, (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/panel` })],
      ["panel.experts", PANEL_MANAGE, async () => 0, (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/panel/experts` })],
      [
        "panel.score",
        PANEL_SCORE,
        async () => 0,
        (res) => ({ method: "PUT", url: `/api/v1/evaluations/${ids[res]}/panel/A`, body: { score: 1, comment: "评分" } }),
      ],
      ["evidence.list", EVIDENCE_READ, async () => 0, (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/evidence` })],
      ["evidence.upload", EVIDENCE_WRITE, async (who, res) => upload(who, res), () => ({ method: "", url: "" })],
      [
        "evidence.download",
        EVIDENCE_READ,
        async () => 0,
        (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/evidence/${fileOf[res]}` }),
      ],
      [
        "evidence.package",
        EVIDENCE_READ,
        async () => 0,
        (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/working-papers` }),
      ],
      ["notes.list", NOTE_READ, async () => 0, (res) => ({ method: "GET", url: `/api/v1/evaluations/${ids[res]}/notes` })],
      [
        "notes.create",
        NOTE_CREATE,
        async () => 0,
        (res) => ({ method: "POST", url: `/api/v1/evaluations/${ids[res]}/notes`, body: { path: ["meta", "title"], text: "请核对" } }),
      ],
      [
        "notes.update",
        NOTE_RESOLVE,
        async () => 0,
        (res) => ({ method: "PUT", url: `/api/v1/evaluations/${ids[res]}/notes/${noteOf[res]}`, body: { status: "resolved" } }),
      ],
    ];
    for (const [name, cells, custom, request] of ENDPOINTS) {
      test(`${name}: every role on A, B and P; nobody 401; another region's administrator 404`, async () => {
        for (const who of ROLES) {
          for (const res of ["A", "B", "P"] as const) {
            const expected = cells[who]?.[res] ?? 404;
            let status: number;
            if (name === "evidence.upload") status = await custom(who, res);
            else {
              const r = request(res);
              status = (await clients[who].req(r.method, r.url, r.body)).status;
            }
            assert.equal(status, expected, `${who} ${name} ${res}`);
          }
        }
        for (const res of ["A", "B", "P"] as const) {
          if (name === "evidence.upload") {
            assert.equal(await upload(null, res), 401, `nobody ${name} ${res}`);
            continue;
          }
          const r = request(res);
          const anon = await app.http.inject({ method: r.method as "GET", url: r.url, ...(r.body ? { payload: r.body as object } : {}) });
          assert.equal(anon.statusCode, 401, `nobody ${name} ${res}`);
          assert.equal((await admin2.req(r.method, r.url, r.body)).status, 404, `admin2 ${name} ${res}`);
        }
      });
    }
    test("panel.decide and evidence.remove: refused (403/404) to whoever may not; answered on the merits to whoever may", async () => {
      for (const who of ROLES) {
        for (const res of ["A", "B", "P"] as const) {
          const manage = PANEL_MANAGE[who]?.[res] ?? 404;
          // Nobody is assigned indicator B of any of them: whoever may decide is told the panel is empty (409).
          const d = await clients[who].req("POST", `/api/v1/evaluations/${ids[res]}/panel/B/decision`, {
            version: await version(res),
            kind: "adopt",
          });
          assert.equal(d.status, manage === 200 ? 409 : manage, `${who} panel.decide ${res}: ${JSON.stringify(d.body).slice(0, 200)}`);
          if (d.status === 409) assert.equal(d.body.error.code, "panel-empty");
          const write = EVIDENCE_WRITE[who]?.[res] ?? 404;
          const rm = await clients[who].req("DELETE", `/api/v1/evaluations/${ids[res]}/evidence/no-such-file`);
          assert.equal(rm.status, write === 201 ? 404 : write, `${who} evidence.remove ${res}`);
        }
      }
      for (const [method, path] of [
        ["POST", "panel/B/decision"],
        ["DELETE", "evidence/no-such-file"],
      ] as const) {
        const anon = await app.http.inject({ method, url: `/api/v1/evaluations/${ids.A}/${path}`, payload: { version: 1, kind: "adopt" } });
        assert.equal(anon.statusCode, 401, `nobody ${method} ${path}`);
        assert.equal((await admin2.req(method, `/api/v1/evaluations/${ids.A}/${path}`, { version: 1, kind: "adopt" })).status, 404);
      }
    });
  });

  describe("administration stays inside the caller's region", () => {
    test("organisations: no new top-level region, none under another region, kinds fit the tree", async () => {
      const top = await clients.admin.req("POST", "/api/v1/organisations", { name: "新地区", kind: "region", parentId: null });
      assert.equal(top.status, 400, "no top-level region");
      const elsewhere = await clients.admin.req("POST", "/api/v1/organisations", {
        name: "越界单位",
        kind: "department",
        parentId: other.region,
      });
      assert.equal(elsewhere.status, 400);
      assert.equal(elsewhere.body.error.code, "unknown-organisation");
      assert.deepEqual(
        elsewhere.body.error.fields.map((f: { path: string }) => f.path),
        ["parentId"],
      );
      const unknown = await clients.admin.req("POST", "/api/v1/organisations", { name: "x", kind: "department", parentId: "no-such-org" });
      assert.equal(unknown.status, 400);
      assert.deepEqual(
        unknown.body.error.fields.map((f: { path: string }) => f.path),
        ["parentId"],
      );
      const kind = await clients.admin.req("POST", "/api/v1/organisations", { name: "区县", kind: "region", parentId: world.orgs.deptA });
      assert.equal(kind.status, 400);
      assert.equal(kind.body.error.code, "organisation-kind");
      assert.equal(
        (await clients.admin.req("POST", "/api/v1/organisations", { name: "某区", kind: "region", parentId: world.orgs.region })).status,
        201,
        "a district under the city",
      );
      assert.equal(
        (await admin2.req("POST", "/api/v1/organisations", { name: "其他市某单位", kind: "unit", parentId: other.dept })).status,
        201,
      );
    });

    test("users: created only in the subtree, in an organisation that fits the role; listed only from the subtree", async () => {
      const mk = (c: Client, username: string, role: string, organisationId: unknown) =>
        c.req("POST", "/api/v1/users", { username, displayName: username, password: "a long password", role, organisationId });
      const foreign = await mk(clients.admin, "foreign_admin", "finance_admin", other.region);
      assert.equal(foreign.status, 400, "no finance admin in another region");
      assert.deepEqual(
        foreign.body.error.fields.map((f: { path: string }) => f.path),
        ["organisationId"],
      );
      assert.equal((await mk(clients.admin, "orgless_admin", "finance_admin", null)).status, 400, "no account without an organisation");
      const misfit = await mk(clients.admin, "misfit", "evaluator", world.orgs.deptA);
      assert.equal(misfit.status, 400);
      assert.equal(misfit.body.error.code, "role-organisation");
      assert.equal((await mk(clients.admin, "region_expert", "expert", world.orgs.region)).status, 201);
      assert.equal((await mk(admin2, "other_dept_user", "department", other.dept)).status, 201);
      const mine = ((await clients.admin.req("GET", "/api/v1/users")).body as Array<{ username: string }>).map((u) => u.username);
      assert.ok(mine.includes("region_expert") && mine.includes("depta"));
      assert.equal(mine.includes("admin2") || mine.includes("other_dept_user"), false, "no account of another region");
      const theirs = ((await admin2.req("GET", "/api/v1/users")).body as Array<{ username: string }>).map((u) => u.username).sort();
      assert.deepEqual(theirs, ["admin2", "other_dept_user"]);
    });

    test("saved templates: listed, read and reused only within the region; built-ins everywhere", async () => {
      const mine = await clients.admin.req("POST", "/api/v1/templates", { name: "测试市通用模板", document: YANGQUAN });
      assert.equal(mine.status, 201);
      const theirs = await admin2.req("POST", "/api/v1/templates", { name: "其他市通用模板", document: YANGQUAN });
      assert.equal(theirs.status, 201);
      const names = async (c: Client) => (await c.req("GET", "/api/v1/templates")).body as Array<{ name: string; builtin: boolean }>;
      for (const c of [clients.admin, clients.evaluator, clients.depta]) {
        const list = await names(c);
        assert.ok(list.some((t) => t.name === "测试市通用模板"));
        assert.equal(
          list.some((t) => t.name === "其他市通用模板"),
          false,
        );
        assert.ok(list.filter((t) => t.builtin).length >= 3, "built-in templates stay visible");
      }
      const list2 = await names(admin2);
      assert.ok(list2.some((t) => t.name === "其他市通用模板"));
      assert.equal(
        list2.some((t) => t.name === "测试市通用模板"),
        false,
      );
      assert.equal((await admin2.req("GET", `/api/v1/templates/${mine.body.id}`)).status, 404);
      assert.equal((await clients.depta.req("GET", `/api/v1/templates/${mine.body.id}`)).status, 200);
      const reuse = await admin2.req("POST", "/api/v1/evaluations", { organisationId: other.dept, template: mine.body.id });
      assert.equal(reuse.status, 400);
      assert.equal(reuse.body.error.code, "unknown-template");
      assert.equal(
        (await clients.depta.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, template: mine.body.id })).status,
        201,
      );
      // Names are unique within what a region sees, not across regions.
      assert.equal((await admin2.req("POST", "/api/v1/templates", { name: "测试市通用模板", document: YANGQUAN })).status, 201);
      assert.equal((await clients.evaluator.req("POST", "/api/v1/templates", { name: "测试市通用模板", document: YANGQUAN })).status, 409);
    });

    test("a department names only an agency of its region as evaluator", async () => {
      const foreign = await clients.depta.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        agencyId: other.agency,
        template: "project",
      });
      assert.equal(foreign.status, 400);
      assert.equal(foreign.body.error.code, "unknown-agency");
      assert.deepEqual(
        foreign.body.error.fields.map((f: { path: string }) => f.path),
        ["agencyId"],
      );
      const notAgency = await clients.depta.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        agencyId: world.orgs.deptB,
        template: "project",
      });
      assert.equal(notAgency.status, 400, "a department is not an agency");
      assert.equal(
        (
          await clients.depta.req("POST", "/api/v1/evaluations", {
            organisationId: world.orgs.deptA,
            agencyId: world.orgs.agency,
            template: "project",
          })
        ).status,
        201,
      );
    });

    test("another region's finance admin sees nothing of this region", async () => {
      for (const res of ["A", "B", "P"] as const) assert.equal((await admin2.req("GET", `/api/v1/evaluations/${ids[res]}`)).status, 404);
      const orgs = ((await admin2.req("GET", "/api/v1/organisations")).body as Array<{ id: string }>).map((o) => o.id);
      assert.equal(orgs.includes(world.orgs.region), false);
    });
  });

  test("an expert never writes the document, not even an assigned indicator's score; scores only in the panel, only assigned nodes", async () => {
    const expert = clients.expert;
    for (const path of [
      ["indicators", 0, "score"],
      ["indicators", 0, "actual"],
      ["indicators", 0, "rule"],
      ["indicators", 1, "score"],
    ]) {
      const r = await expert.req("PATCH", `/api/v1/evaluations/${ids.A}`, { version: await version("A"), changes: [{ path, value: 22 }] });
      assert.equal(r.status, 403, `expert PATCH ${path.join(".")}`);
    }
    assert.equal((await expert.req("PUT", `/api/v1/evaluations/${ids.A}/panel/B`, { score: 1 })).status, 403, "B is not assigned");
    const r = await expert.req("PUT", `/api/v1/evaluations/${ids.A}/panel/A`, { score: 1 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
});

describe("policy (pure)", () => {
  const facts = { organisationPath: ["unit", "dept", "region"], agencyId: "agency", status: "draft", assignedNodes: [] };
  test("finance admin: in region yes, outside no; reviews but does not submit", () => {
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "region" }, "evaluation.update", facts), true);
    assert.equal(
      can({ id: "u", role: "finance_admin", organisationId: "region" }, "evaluation.publish", { ...facts, status: "accepted" }),
      true,
    );
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "region" }, "evaluation.publish", facts), false);
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "region" }, "evaluation.submit", facts), false);
    assert.equal(can({ id: "u", role: "finance_admin", organisationId: "other" }, "evaluation.read", facts), false);
  });
  test("department: own subtree, drafts only for edits, its agency's evaluation read-only", () => {
    const p = { id: "u", role: "department" as const, organisationId: "dept" };
    const own = { ...facts, agencyId: null };
    assert.equal(can(p, "evaluation.update", own), true);
    assert.equal(can(p, "evaluation.update", { ...own, status: "submitted" }), false);
    assert.equal(can(p, "evaluation.update", { ...own, status: "returned" }), true);
    assert.equal(can(p, "evaluation.publish", own), false);
    assert.equal(can(p, "evaluation.read", facts), true);
    assert.equal(can(p, "evaluation.update", facts), false, "the agency's working papers");
    assert.equal(can(p, "evaluation.submit", facts), false, "the agency submits its own work");
    assert.equal(can(p, "dataRequest.answer", facts), true);
    assert.equal(can(p, "feedback.create", facts), true);
    assert.equal(can(p, "feedback.create", { ...facts, status: "submitted" }), false);
    assert.equal(can(p, "feedback.create", own), false, "no agency: nobody to give feedback to");
  });
  test("evaluator: creates only within a commission to its agency", () => {
    const p = { id: "u", role: "evaluator" as const, organisationId: "agency" };
    assert.equal(can(p, "evaluation.create", facts), false);
    assert.equal(can(p, "evaluation.create", { ...facts, commissionId: "c1" }), true);
    assert.equal(can(p, "evaluation.create", { ...facts, agencyId: "other", commissionId: "c1" }), false);
    assert.equal(can(p, "dataRequest.create", facts), true);
    assert.equal(can(p, "dataRequest.answer", facts), false);
  });
  test("experts score assigned indicators only while draft or returned, and never update the document", () => {
    const e = { id: "e", role: "expert" as const, organisationId: null };
    const assigned = { ...facts, assignedNodes: ["A"] };
    assert.equal(can(e, "evaluation.scoreAssigned", assigned), true);
    assert.equal(can(e, "evaluation.scoreAssigned", { ...assigned, status: "submitted" }), false);
    assert.equal(can(e, "evaluation.scoreAssigned", facts), false, "nothing assigned");
    assert.equal(can(e, "evaluation.update", assigned), false);
    assert.equal(can(e, "panel.manage", assigned), false);
  });
});
