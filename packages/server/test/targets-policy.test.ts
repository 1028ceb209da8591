/**
 * The permission matrix of 目标管理 + 运行监控, through HTTP: every filings.* and monitoring.*
 * endpoint as every role (finance admin, agency, 甲局 — the 主管部门, 乙局, 甲局's unit — the filer,
 * expert, visitor) and as nobody. The expectations are written out by hand from the product's
 * rules, not read from policy.ts. F is the unit's filing under department review (submitted by the
 * unit), G an approved one; T a 一般监控 task covering G with its report. The workbook endpoints
 * (申报表 / 监控表 down and up) answer as their JSON counterparts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { filingToWorkbook, monitoringToWorkbook } from "@jixiao/exchange";
import { parse } from "yaml";
import type { App } from "../src/index.js";
import { type Client, PASSWORD, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const example = (name: string) =>
  parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const TARGETS = example("yangquan-hrss-2021-targets.yaml");
const REPORT = example("monitoring-2021-07.yaml");

const WHO = ["admin", "evaluator", "depta", "deptb", "unita", "expert", "visitor"] as const;
type Who = (typeof WHO)[number];
type Row = Record<Who, number>;
const row = (admin: number, evaluator: number, depta: number, deptb: number, unita: number, expert: number, visitor: number): Row => ({
  admin,
  evaluator,
  depta,
  deptb,
  unita,
  expert,
  visitor,
});

forEachDatabase("targets permissions", (target) => {
  let app: App;
  const c = {} as Record<Who, Client>;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const ids = { F: "", G: "", T: "" };
  const api = "/api/v1";

  before(async () => {
    app = await buildApp(target().config, { logger: false, clock: () => new Date("2021-08-01T02:00:00Z") });
    world = await seedWorld(app);
    const admin = await login(app, "admin");
    const u = await admin.req("POST", `${api}/users`, {
      username: "unita",
      displayName: "填报人",
      password: PASSWORD,
      role: "department",
      organisationId: world.orgs.unitA,
    });
    assert.equal(u.status, 201);
    for (const w of WHO) c[w] = await login(app, w);
    const file = async () =>
      (await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document: TARGETS })).body.id as string;
    const step = async (who: Who, id: string, how: "submit" | "pass") => {
      const version = (await c.admin.req("GET", `${api}/filings/${id}`)).body.version as number;
      const r =
        how === "submit"
          ? await c[who].req("POST", `${api}/filings/${id}/transitions`, { version, action: "submit" })
          : await c[who].req("POST", `${api}/filings/${id}/reviews`, { version, criteria: criteria(), conclusion: "pass" });
      assert.ok(r.status < 300, JSON.stringify(r.body));
    };
    ids.F = await file();
    await step("unita", ids.F, "submit");
    ids.G = await file();
    await step("unita", ids.G, "submit");
    await step("depta", ids.G, "pass");
    await step("admin", ids.G, "pass");
    const t = await c.admin.req("POST", `${api}/monitoring/tasks`, { ...task(), filingIds: [ids.G] });
    ids.T = t.body.id;
    assert.equal((await c.unita.req("PUT", `${api}/monitoring/tasks/${ids.T}/reports/${ids.G}`, { document: REPORT })).status, 200);
  });
  after(async () => app.close());

  const criteria = () =>
    Object.fromEntries(["completeness", "relevance", "appropriateness", "feasibility"].map((k) => [k, { rating: "meets", opinion: "" }]));
  const task = () => ({ title: "1-7月监控", fiscalYear: 2021, month: 7, deadline: "2021-08-10", kind: "general" });

  /** `upload`: the request is a multipart upload of this file instead of a JSON body. */
  type Case = {
    name: string;
    method: string;
    url: () => string;
    body?: () => unknown;
    upload?: () => Promise<{ filename: string; data: Uint8Array }>;
    expect: Row;
  };
  const filingXlsx = async () => ({ filename: "申报表.xlsx", data: await filingToWorkbook(TARGETS as never) });
  const reportXlsx = async () => ({ filename: "监控表.xlsx", data: await monitoringToWorkbook(REPORT as never) });
  const READ_F = row(200, 404, 200, 404, 200, 404, 404);
  const READ_T = row(200, 404, 200, 404, 200, 404, 404);
  const cases: Case[] = [
    { name: "filings.list", method: "GET", url: () => `${api}/filings`, expect: row(200, 200, 200, 200, 200, 200, 403) },
    { name: "filings.get", method: "GET", url: () => `${api}/filings/${ids.F}`, expect: READ_F },
    { name: "filings.versions", method: "GET", url: () => `${api}/filings/${ids.F}/versions`, expect: READ_F },
    { name: "filings.version", method: "GET", url: () => `${api}/filings/${ids.F}/versions/1`, expect: READ_F },
    { name: "filings.diff", method: "GET", url: () => `${api}/filings/${ids.F}/diff`, expect: READ_F },
    { name: "filings.reviews", method: "GET", url: () => `${api}/filings/${ids.F}/reviews`, expect: READ_F },
    { name: "filings.check", method: "GET", url: () => `${api}/filings/${ids.F}/check`, expect: READ_F },
    // Under review: locked for whoever may edit (409), refused to the bureau (403), absent to others.
    {
      name: "filings.update",
      method: "PUT",
      url: () => `${api}/filings/${ids.F}`,
      body: () => ({ version: 1, document: TARGETS }),
      expect: row(403, 404, 409, 404, 409, 404, 404),
    },
    // As filings.update (before the 主管部门 returns F below): locked under review for whoever may edit, refused to the bureau, absent to others.
    {
      name: "filings.replaceWorkbook",
      method: "PUT",
      url: () => `${api}/filings/${ids.F}/workbook?version=1`,
      upload: filingXlsx,
      expect: row(403, 404, 409, 404, 409, 404, 404),
    },
    // Submitting again is no move of the table from 部门审核: 409 to whoever reads it.
    {
      name: "filings.transition",
      method: "POST",
      url: () => `${api}/filings/${ids.F}/transitions`,
      body: () => ({ version: 1, action: "submit" }),
      expect: row(409, 404, 409, 404, 409, 404, 404),
    },
    // Only the 主管部门 reviews now: the bureau later, the filer never its own.
    {
      name: "filings.review (refused)",
      method: "POST",
      url: () => `${api}/filings/${ids.F}/reviews`,
      body: () => ({ version: 1, criteria: criteria(), conclusion: "return", opinion: "x" }),
      expect: row(403, 404, 201, 404, 403, 404, 404),
    },
    {
      name: "filings.invite",
      method: "PUT",
      url: () => `${api}/filings/${ids.G}/invitations/${world.users.expert}`,
      expect: row(204, 404, 403, 404, 403, 404, 404),
    },
    // Who is invited: the inviter's list (finance); those who read G but may not invite are refused, others find nothing.
    {
      name: "filings.invitations",
      method: "GET",
      url: () => `${api}/filings/${ids.G}/invitations`,
      expect: row(200, 404, 403, 404, 403, 403, 404),
    },
    {
      name: "filings.startEvaluation",
      method: "POST",
      url: () => `${api}/filings/${ids.G}/evaluation`,
      body: () => ({}),
      expect: row(201, 404, 403, 404, 403, 403, 404),
    }, // the expert was invited to G just before: reads it, starts nothing
    {
      name: "filings.create",
      method: "POST",
      url: () => `${api}/filings`,
      body: () => ({ organisationId: world.orgs.unitA, document: TARGETS }),
      expect: row(403, 403, 201, 400, 201, 403, 403),
    },
    { name: "filings.exportWorkbook", method: "GET", url: () => `${api}/filings/${ids.F}/workbook`, expect: READ_F },
    {
      name: "filings.templateWorkbook",
      method: "GET",
      url: () => `${api}/filing-templates/project`,
      expect: row(200, 200, 200, 200, 200, 200, 403),
    },
    // As filings.create: 乙局 cannot file for 甲局's unit (400 naming organisationId).
    {
      name: "filings.importWorkbook",
      method: "POST",
      url: () => `${api}/filings/workbook?organisationId=${world.orgs.unitA}`,
      upload: filingXlsx,
      expect: row(403, 403, 201, 400, 201, 403, 403),
    },
    {
      name: "monitoring.exportReport",
      method: "GET",
      url: () => `${api}/monitoring/tasks/${ids.T}/reports/${ids.G}/workbook`,
      expect: READ_T,
    },
    { name: "monitoring.templateWorkbook", method: "GET", url: () => `${api}/monitoring/tasks/${ids.T}/template`, expect: READ_T },
    {
      name: "monitoring.templateWorkbook (filingId)",
      method: "GET",
      url: () => `${api}/monitoring/tasks/${ids.T}/template?filingId=${ids.G}`,
      expect: READ_T,
    },
    {
      name: "monitoring.importReport",
      method: "PUT",
      url: () => `${api}/monitoring/tasks/${ids.T}/reports/${ids.G}/workbook`,
      upload: reportXlsx,
      expect: row(403, 404, 200, 404, 200, 404, 404),
    },
    { name: "monitoring.listTasks", method: "GET", url: () => `${api}/monitoring/tasks`, expect: row(200, 403, 200, 200, 200, 403, 403) },
    { name: "monitoring.getTask", method: "GET", url: () => `${api}/monitoring/tasks/${ids.T}`, expect: READ_T },
    { name: "monitoring.getReport", method: "GET", url: () => `${api}/monitoring/tasks/${ids.T}/reports/${ids.G}`, expect: READ_T },
    { name: "monitoring.lights", method: "GET", url: () => `${api}/monitoring/tasks/${ids.T}/lights`, expect: READ_T },
    { name: "monitoring.projectLights", method: "GET", url: () => `${api}/monitoring/tasks/${ids.T}/lights/${ids.G}`, expect: READ_T },
    {
      name: "monitoring.dashboard",
      method: "GET",
      url: () => `${api}/monitoring/dashboard`,
      expect: row(200, 403, 200, 200, 200, 403, 403),
    },
    {
      name: "monitoring.submitReport",
      method: "PUT",
      url: () => `${api}/monitoring/tasks/${ids.T}/reports/${ids.G}`,
      body: () => ({ document: REPORT }),
      expect: row(403, 404, 200, 404, 200, 404, 404),
    },
    {
      name: "monitoring.conclude",
      method: "PUT",
      url: () => `${api}/monitoring/tasks/${ids.T}/conclusions/${ids.G}`,
      body: () => ({ conclusion: "noIssue", reason: "进度正常" }),
      expect: row(200, 404, 403, 404, 403, 404, 404),
    },
    {
      name: "monitoring.updateTask",
      method: "PUT",
      url: () => `${api}/monitoring/tasks/${ids.T}`,
      body: () => ({ title: "1-7月运行监控" }),
      expect: row(200, 404, 403, 404, 403, 404, 404),
    },
    {
      name: "monitoring.createTask",
      method: "POST",
      url: () => `${api}/monitoring/tasks`,
      body: () => ({ ...task(), filingIds: [ids.G] }),
      expect: row(201, 403, 403, 403, 403, 403, 403),
    },
  ];

  describe("every endpoint × every role × nobody", () => {
    for (const k of cases) {
      test(`${k.name}: ${WHO.map((w) => `${w} ${k.expect[w]}`).join(", ")}; nobody 401`, async () => {
        const send = async (who: Client | null) => {
          if (!k.upload) return who ? who.req(k.method, k.url(), k.body?.()) : undefined;
          const f = await k.upload();
          const m = multipartBody(f.filename, f.data);
          const r = await app.http.inject({
            method: k.method as "PUT",
            url: k.url(),
            payload: m.payload,
            headers: { "content-type": m.contentType, ...(who ? { cookie: who.cookie, "x-csrf-token": who.csrf } : {}) },
          });
          return { status: r.statusCode, body: r.body };
        };
        const anon = k.upload
          ? (await send(null))!
          : await app.http.inject({ method: k.method as "GET", url: k.url(), payload: k.body?.() as object });
        assert.equal("statusCode" in anon ? anon.statusCode : anon.status, 401, `nobody: ${JSON.stringify(anon.body)}`);
        // Those who are allowed last, so the refusals are tested on the state before any change.
        const order = [...WHO].sort((a, b) => Number(k.expect[a] < 300) - Number(k.expect[b] < 300));
        for (const w of order) {
          const r = (await send(c[w]))!;
          assert.equal(r.status, k.expect[w], `${k.name} as ${w}: ${String(JSON.stringify(r.body)).slice(0, 500)}`);
        }
      });
    }
    test("monitoring.deleteTask: the department 403, another department 404, the bureau 204 (no reports yet); nobody 401", async () => {
      const t = (await c.admin.req("POST", `${api}/monitoring/tasks`, { ...task(), filingIds: [ids.G] })).body.id as string;
      assert.equal((await app.http.inject({ method: "DELETE", url: `${api}/monitoring/tasks/${t}` })).statusCode, 401);
      for (const [w, s] of [
        ["evaluator", 404],
        ["deptb", 404],
        ["depta", 403],
        ["unita", 403],
        ["expert", 404],
        ["visitor", 404],
        ["admin", 204],
      ] as const)
        assert.equal((await c[w].req("DELETE", `${api}/monitoring/tasks/${t}`)).status, s, w);
    });
  });
});
