/**
 * 目标管理 + 运行监控 through HTTP, on SQLite and PostgreSQL: a unit files the Yangquan 2021 targets
 * (examples/yangquan-hrss-2021-targets.yaml), its 主管部门 returns them, they are revised and pass
 * both reviews, are adjusted with a reason (the approved and adjusted versions side by side) and
 * pass again; the approved filing starts an evaluation whose 表1 and indicator tree come from it;
 * the synthetic 1–7月 monitoring report (examples/monitoring-2021-07.yaml) lights up as its header
 * says; timeliness, conclusions, the dashboard; every new endpoint × every role × nobody; hostile
 * input is a 4xx naming the field; the audit chain verifies.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, type App, verifyAuditLog } from "../src/index.js";
import { type Client, PASSWORD, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const example = (name: string) =>
  parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const TARGETS = example("yangquan-hrss-2021-targets.yaml");
const REPORT = example("monitoring-2021-07.yaml");

/** The synthetic project's own filing: its indicator table is the monitoring report's targets. */
function projectFiling(name: string): Record<string, unknown> {
  const r = REPORT as { indicators: Array<Record<string, unknown>> };
  return {
    kind: "项目",
    fiscalYear: 2021,
    name,
    code: "SYN-2021-001",
    department: "甲局",
    implementer: "甲局下属中心",
    funds: {
      unit: "万元",
      total: 720,
      lines: [
        { source: "财政拨款", amount: 600 },
        { source: "上级补助", amount: 120 },
      ],
    },
    annualGoal: "完成职业技能培训1200人次，发放补贴2400人（合成示例）",
    indicators: r.indicators.map((i) => ({ level1: i["level1"], level2: i["level2"], name: i["name"], target: i["target"] })),
  };
}

const CRITERIA = (rating: "meets" | "partly" | "fails") => ({
  completeness: { rating, opinion: "" },
  relevance: { rating, opinion: "" },
  appropriateness: { rating, opinion: "" },
  feasibility: { rating, opinion: "部分指标无可衡量的值" },
});

forEachDatabase("targets and monitoring", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let now = new Date("2021-03-01T02:00:00Z");
  const c = {} as Record<"admin" | "depta" | "deptb" | "unita" | "expert" | "evaluator" | "visitor", Client>;
  const api = "/api/v1";

  before(async () => {
    app = await buildApp(target().config, { logger: false, clock: () => now });
    world = await seedWorld(app);
    // A filer in the unit under 甲局, created as the server does (audited).
    const admin = await login(app, "admin");
    const u = await admin.req("POST", "/api/v1/users", {
      username: "unita",
      displayName: "甲局下属中心填报人",
      password: PASSWORD,
      role: "department",
      organisationId: world.orgs.unitA,
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    for (const who of Object.keys({ admin: 1, depta: 1, deptb: 1, unita: 1, expert: 1, evaluator: 1, visitor: 1 }) as Array<keyof typeof c>)
      c[who] = await login(app, who);
  });
  after(async () => app.close());

  /** Move the clock (sessions are timed by it: log everyone in again). */
  const at = async (iso: string) => {
    now = new Date(iso);
    for (const who of Object.keys(c) as Array<keyof typeof c>) c[who] = await login(app, who);
  };

  const file = async (who: Client, organisationId: string, document: unknown) => {
    const r = await who.req("POST", `${api}/filings`, { organisationId, document });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; version: number; status: string };
  };
  const get = async (id: string, who = c.admin) => (await who.req("GET", `${api}/filings/${id}`)).body;
  const move = async (who: Client, id: string, action: "submit" | "adjust", reason?: string) => {
    const r = await who.req("POST", `${api}/filings/${id}/transitions`, { version: (await get(id)).version, action, reason });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const review = async (who: Client, id: string, conclusion: "pass" | "return" | "reject", opinion = "", expect = 201) => {
    const r = await who.req("POST", `${api}/filings/${id}/reviews`, {
      version: (await get(id)).version,
      criteria: CRITERIA(conclusion === "pass" ? "meets" : "partly"),
      conclusion,
      opinion,
    });
    assert.equal(r.status, expect, `${conclusion}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** Filed by the unit, passed by its department and the bureau. */
  const approved = async (document: unknown) => {
    const f = await file(c.unita, world.orgs.unitA, document);
    await move(c.unita, f.id, "submit");
    await review(c.depta, f.id, "pass");
    await review(c.admin, f.id, "pass");
    return f.id;
  };

  let filingId = "";

  test("编制 → 退回 → 编制 → 通过 → 调整 → 通过, through HTTP, every version kept", async () => {
    const f = await file(c.unita, world.orgs.unitA, TARGETS);
    filingId = f.id;
    assert.equal(f.status, "draft");
    const d = await get(f.id, c.unita);
    assert.equal(d.kind, "部门整体");
    assert.equal(d.title, "阳泉市人力资源和社会保障局");
    assert.deepEqual(d.access.actions, ["submit"]);
    assert.equal(d.access.edit, true);

    await move(c.unita, f.id, "submit");
    // Locked while under review.
    const locked = await c.unita.req("PUT", `${api}/filings/${f.id}`, { version: (await get(f.id)).version, document: TARGETS });
    assert.equal(locked.status, 409);
    assert.equal(locked.body.error.code, "filing-locked");
    // The submitter's unit is not its own 主管部门; the bureau's turn comes later.
    assert.equal((await review(c.unita, f.id, "pass", "", 403)).error.code, "own-submission");
    assert.equal((await review(c.admin, f.id, "pass", "", 403)).error.code, "forbidden");
    assert.equal((await review(c.deptb, f.id, "pass", "", 404)).error.code, "not-found");
    // 退回修改 needs the 审核意见.
    const bare = await review(c.depta, f.id, "return", "", 400);
    assert.equal(bare.error.code, "opinion-required");
    assert.equal(bare.error.fields[0].path, "opinion");
    await review(c.depta, f.id, "return", "“全省排名靠前”四项没有可衡量的值，请补充数据来源或量化");
    const returned = await get(f.id, c.unita);
    assert.equal(returned.status, "returned");
    assert.equal(returned.lastReview.conclusion, "return");
    assert.equal(returned.lastReview.stage, "department");
    assert.match(returned.lastReview.opinion, /全省排名靠前/);

    // 编制 again: the four rows get a figure.
    const revised = structuredClone(TARGETS) as { indicators: Array<{ name: string; target: string; dataSource?: string }> };
    for (const i of revised.indicators)
      if (i.target === "全省排名靠前") {
        i.target = "全省排名前5";
        i.dataSource = "省人社厅年度考核通报";
      }
    const saved = await c.unita.req("PUT", `${api}/filings/${f.id}`, {
      version: returned.version,
      document: revised,
      reason: "按审核意见量化",
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // A stale save is refused with the current version.
    const stale = await c.unita.req("PUT", `${api}/filings/${f.id}`, { version: returned.version, document: revised });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.currentVersion, returned.version + 1);

    await move(c.unita, f.id, "submit");
    await review(c.depta, f.id, "pass");
    assert.equal((await get(f.id)).status, "financeReview");
    await review(c.admin, f.id, "pass", "同意");
    const ok = await get(f.id, c.unita);
    assert.equal(ok.status, "approved");
    assert.equal(ok.approvedVersion, ok.version);

    // 调整 needs a reason; then an adjusted version, compared with the approved one.
    const noReason = await c.unita.req("POST", `${api}/filings/${f.id}/transitions`, { version: ok.version, action: "adjust" });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.fields[0].path, "reason");
    await move(c.unita, f.id, "adjust", "年中预算调整，固定资产利用率目标下调");
    const adjusting = await get(f.id, c.unita);
    assert.equal(adjusting.status, "adjusting");
    const adjusted = structuredClone(revised) as { indicators: Array<{ name: string; target: string }> };
    adjusted.indicators.find((i) => i.name === "固定资产利用率")!.target = "≥95%";
    const put = await c.unita.req("PUT", `${api}/filings/${f.id}`, { version: adjusting.version, document: adjusted });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const diff = await c.unita.req("GET", `${api}/filings/${f.id}/diff`);
    assert.equal(diff.status, 200);
    assert.equal(diff.body.from, ok.approvedVersion);
    assert.equal(diff.body.to, put.body.version);
    assert.equal(diff.body.reason, "年中预算调整，固定资产利用率目标下调");
    const change = diff.body.changes.find((x: { label: { zh: string } }) => x.label.zh.includes("固定资产利用率"));
    assert.ok(change, JSON.stringify(diff.body.changes));
    assert.equal(change.before, "100%");
    assert.equal(change.after, "≥95%");

    await move(c.unita, f.id, "submit");
    await review(c.depta, f.id, "pass");
    await review(c.admin, f.id, "pass");
    const final = await get(f.id, c.unita);
    assert.equal(final.status, "approved");
    const versions = (await c.unita.req("GET", `${api}/filings/${f.id}/versions`)).body as Array<{ stage: string; sha256: string }>;
    assert.deepEqual(
      versions.map((v) => v.stage),
      ["filed", "filed", "approved", "adjusted", "adjusted", "approved"],
    );
    assert.ok(versions.every((v) => /^[0-9a-f]{64}$/.test(v.sha256)));
    const reviews = (await c.admin.req("GET", `${api}/filings/${f.id}/reviews`)).body as Array<{ stage: string; conclusion: string }>;
    assert.deepEqual(
      reviews.map((r) => `${r.stage}:${r.conclusion}`),
      ["department:return", "department:pass", "finance:pass", "department:pass", "finance:pass"],
    );
    // The version as approved first is still there.
    const first = await c.admin.req("GET", `${api}/filings/${f.id}/versions/${ok.approvedVersion}`);
    assert.equal(
      (first.body.indicators as Array<{ name: string; target: string }>).find((i) => i.name === "固定资产利用率")!.target,
      "100%",
    );
  });

  test("nobody reviews their own submission; an invited expert gives an opinion that moves nothing", async () => {
    const own = await file(c.depta, world.orgs.deptA, TARGETS);
    await move(c.depta, own.id, "submit");
    const r = await review(c.depta, own.id, "pass", "", 403);
    assert.equal(r.error.code, "own-submission");
    // The expert sees nothing until invited.
    assert.equal((await c.expert.req("GET", `${api}/filings/${own.id}`)).status, 404);
    assert.equal((await c.depta.req("PUT", `${api}/filings/${own.id}/invitations/${world.users.expert}`)).status, 403);
    assert.equal((await c.admin.req("PUT", `${api}/filings/${own.id}/invitations/${world.users.deptB}`)).status, 400);
    assert.equal((await c.admin.req("PUT", `${api}/filings/${own.id}/invitations/${world.users.expert}`)).status, 204);
    // Inviting twice is one invitation; the list names who, by whom, and the opinions given (none yet).
    assert.equal((await c.admin.req("PUT", `${api}/filings/${own.id}/invitations/${world.users.expert}`)).status, 204);
    const invited = async () =>
      (await c.admin.req("GET", `${api}/filings/${own.id}/invitations`)).body as Array<{
        userId: string;
        role: string;
        invitedBy: string | null;
        opinions: number;
      }>;
    const before = await invited();
    assert.deepEqual(
      before.map((i) => [i.userId, i.role, i.opinions]),
      [[world.users.expert, "expert", 0]],
    );
    assert.ok(before[0]!.invitedBy, "who invited is named");
    assert.equal((await c.depta.req("GET", `${api}/filings/${own.id}/invitations`)).status, 403);
    const seen = await get(own.id, c.expert);
    assert.equal(seen.access.review, "expert");
    const opinion = await review(c.expert, own.id, "return", "指标值偏低");
    assert.equal(opinion.stage, "expert");
    assert.equal((await invited())[0]!.opinions, 1);
    assert.equal((await get(own.id)).status, "departmentReview");
    assert.equal((await c.expert.req("GET", `${api}/filings`)).body.length, 1);
  });

  test("the quality check names the unmeasurable targets", async () => {
    const f = await file(c.unita, world.orgs.unitA, TARGETS);
    const r = await c.depta.req("GET", `${api}/filings/${f.id}/check`);
    assert.equal(r.status, 200);
    const rows = (r.body.diagnostics as Array<{ subject: { zh: string }; message: { zh: string } }>).filter((d) =>
      `${d.subject.zh}${d.message.zh}`.includes("全省排名靠前"),
    );
    assert.ok(rows.length >= 4, JSON.stringify(r.body.diagnostics.slice(0, 5)));
    assert.ok(r.body.summary.warning > 0);
  });

  test("an approved filing starts an evaluation whose 表1 and indicator tree come from it; once", async () => {
    assert.equal((await c.depta.req("POST", `${api}/filings/${filingId}/evaluation`, {})).status, 403);
    const r = await c.admin.req("POST", `${api}/filings/${filingId}/evaluation`, { agencyId: null });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const doc = r.body.document as {
      indicators: Array<{ name: string; children?: Array<{ name: string; children?: Array<{ name: string; target?: unknown }> }> }>;
      goals?: unknown;
    };
    assert.deepEqual(
      doc.indicators.map((i) => i.name),
      [...new Set((TARGETS["indicators"] as Array<{ level1: string }>).map((i) => i.level1))],
    );
    const leaves = doc.indicators.flatMap((i) => (i.children ?? []).flatMap((c2) => c2.children ?? []));
    assert.equal(leaves.length, (TARGETS["indicators"] as unknown[]).length);
    assert.ok(
      leaves.some((l) => l.name === "固定资产利用率" && String(l.target).includes("95")),
      "the adjusted, approved target",
    );
    assert.ok(doc.goals, "表1 goals");
    assert.equal((await get(filingId)).evaluationId, r.body.id);
    assert.equal((await c.admin.req("POST", `${api}/filings/${filingId}/evaluation`, {})).status, 409);
  });

  test("monitoring: a 1–7月 task, the synthetic report's lights as its header says, timeliness, conclusions, the dashboard", async () => {
    const reported = await approved(projectFiling("职业技能提升行动培训补贴（合成示例）"));
    const silent = await approved({ ...projectFiling("未报送项目（合成示例）"), code: "SYN-2021-002" });
    const draft = await file(c.unita, world.orgs.unitA, projectFiling("未批复项目（合成示例）"));
    const task = { title: "2021年1-7月绩效运行监控", fiscalYear: 2021, month: 7, deadline: "2021-08-10", kind: "general" };
    // Only approved filings in the bureau's subtree.
    const bad = await c.admin.req("POST", `${api}/monitoring/tasks`, { ...task, filingIds: [reported, draft.id] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.fields[0].path, "filingIds[1]");
    assert.equal((await c.depta.req("POST", `${api}/monitoring/tasks`, { ...task, filingIds: [reported] })).status, 403);
    const t = await c.admin.req("POST", `${api}/monitoring/tasks`, { ...task, filingIds: [reported, silent] });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    const id = t.body.id as string;
    assert.deepEqual(
      t.body.projects.map((p: { timeliness: string }) => p.timeliness),
      ["pending", "pending"],
    );
    // The department sees the task through its projects; another department does not.
    assert.equal((await c.depta.req("GET", `${api}/monitoring/tasks/${id}`)).body.reporter, true);
    assert.equal((await c.deptb.req("GET", `${api}/monitoring/tasks/${id}`)).status, 404);
    // A report for another month is refused, naming the field.
    const wrongMonth = await c.unita.req("PUT", `${api}/monitoring/tasks/${id}/reports/${reported}`, { document: { ...REPORT, month: 6 } });
    assert.equal(wrongMonth.status, 400);
    assert.equal(wrongMonth.body.error.fields[0].path, "document.month");
    await at("2021-08-09T03:00:00Z");
    const sent = await c.unita.req("PUT", `${api}/monitoring/tasks/${id}/reports/${reported}`, { document: REPORT });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.timeliness, "onTime");
    await at("2021-08-12T03:00:00Z");

    const lights = await c.depta.req("GET", `${api}/monitoring/tasks/${id}/lights/${reported}`);
    assert.equal(lights.status, 200, JSON.stringify(lights.body));
    const p = lights.body;
    assert.equal(p.light, "red");
    assert.equal(p.budget.light, "green");
    assert.equal(p.budget.ratio, "83.33");
    assert.equal(p.budget.executionRate, "48.61");
    assert.equal(p.budget.timeRatio, "58.33");
    const byName = Object.fromEntries(
      (p.indicators as Array<{ name: string; light: string; ratio: string | null }>).map((i) => [i.name, `${i.light} ${i.ratio ?? "-"}`]),
    );
    assert.deepEqual(byName, {
      培训人次: "green 100.00",
      发放补贴人数: "yellow 75.00",
      技能鉴定人数: "red 57.14",
      线上课程上线数: "blue 142.86",
      人均培训成本: "green 92.00",
      培训合格率: "green 103.33",
      实训基地建设: "yellow -",
      补贴发放投诉次数: "red 150.00",
    });
    assert.match(p.budget.formula.zh, /350/);

    const all = await c.admin.req("GET", `${api}/monitoring/tasks/${id}/lights`);
    const silentRow = all.body.projects.find((x: { filingId: string }) => x.filingId === silent);
    assert.equal(silentRow.timeliness, "missing");
    assert.equal(silentRow.light, null);

    // 重点监控 is the bureau's to report.
    const key = await c.admin.req("POST", `${api}/monitoring/tasks`, { ...task, title: "重点监控", kind: "key", filingIds: [silent] });
    const notMine = await c.unita.req("PUT", `${api}/monitoring/tasks/${key.body.id}/reports/${silent}`, { document: REPORT });
    assert.equal(notMine.status, 403);
    assert.equal(notMine.body.error.code, "not-reporter");
    assert.equal((await c.admin.req("PUT", `${api}/monitoring/tasks/${key.body.id}/reports/${silent}`, { document: REPORT })).status, 200);
    assert.equal((await c.admin.req("DELETE", `${api}/monitoring/tasks/${key.body.id}`)).status, 409);

    // 财政处理意见.
    const concl = { conclusion: "rectify", reason: "技能鉴定进度滞后，督促9月前加开批次" };
    assert.equal((await c.depta.req("PUT", `${api}/monitoring/tasks/${id}/conclusions/${reported}`, concl)).status, 403);
    const k = await c.admin.req("PUT", `${api}/monitoring/tasks/${id}/conclusions/${reported}`, concl);
    assert.equal(k.status, 200);
    assert.equal(k.body.conclusion, "rectify");
    assert.equal(
      (await c.admin.req("PUT", `${api}/monitoring/tasks/${id}/conclusions/${reported}`, { conclusion: "suspend", reason: "" })).status,
      400,
    );

    const dash = await c.admin.req("GET", `${api}/monitoring/dashboard?taskId=${id}`);
    assert.equal(dash.status, 200);
    assert.deepEqual(dash.body.lights, { red: 1, yellow: 0, green: 0, blue: 0, none: 1 });
    assert.deepEqual(dash.body.timeliness, { onTime: 1, late: 0, missing: 1, pending: 0 });
    assert.equal(dash.body.timeRatio, "58.33");
    assert.equal(dash.body.departments.length, 1);
    assert.equal(dash.body.departments[0].organisationName, "甲局");
    assert.equal(dash.body.departments[0].executionRate, "48.61");

    // A project that reported cannot leave the task.
    const leave = await c.admin.req("PUT", `${api}/monitoring/tasks/${id}`, { filingIds: [silent] });
    assert.equal(leave.status, 409);
  });

  test("hostile input is a 4xx naming the field, never a 500", async () => {
    const proto = JSON.parse('{"kind":"项目","fiscalYear":2021,"name":"x","indicators":[],"__proto__":{"admin":true}}');
    const r1 = await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document: proto });
    assert.equal(r1.status, 400);
    const r2 = await c.unita.req("POST", `${api}/filings`, {
      organisationId: world.orgs.unitA,
      document: { kind: "项目", fiscalYear: "x" },
    });
    assert.equal(r2.status, 400);
    assert.ok(
      r2.body.error.fields.some((f: { path: string }) => f.path.startsWith("document.")),
      JSON.stringify(r2.body),
    );
    const big = { ...projectFiling("大"), note: "长".repeat(12 * 1024 * 1024) };
    assert.equal((await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document: big })).status, 413);
    assert.equal((await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.deptB, document: TARGETS })).status, 400);
    // Past Fastify's parameter length (100, as the schema's) no route matches: 404.
    assert.equal((await c.admin.req("GET", `${api}/filings/${"x".repeat(101)}`)).status, 404);
    assert.equal((await c.admin.req("GET", `${api}/filings/no-such`)).status, 404);
    assert.equal((await c.admin.req("GET", `${api}/filings/${filingId}/versions/0`)).status, 400);
    assert.equal((await c.admin.req("GET", `${api}/filings/${filingId}/versions/99`)).status, 404);
    assert.equal((await c.admin.req("GET", `${api}/monitoring/tasks/__proto__`)).status, 404);
    const month13 = await c.admin.req("POST", `${api}/monitoring/tasks`, {
      title: "x",
      fiscalYear: 2021,
      month: 13,
      deadline: "2021-13-01",
      kind: "general",
      filingIds: [filingId],
    });
    assert.equal(month13.status, 400);
    const review = await c.depta.req("POST", `${api}/filings/${filingId}/reviews`, { version: 1, criteria: {}, conclusion: "maybe" });
    assert.equal(review.status, 400);
  });

  test("the audit chain verifies with every filing and monitoring write in it", async () => {
    const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(v.ok, true, JSON.stringify(v.problems?.slice(0, 3)));
    const actions = new Set((await app.store.db.selectFrom("audit_log").select("action").execute()).map((r) => r.action));
    for (const a of [
      "filing.create",
      "filing.version",
      "filing.submit",
      "filing.review",
      "filing.return",
      "filing.pass",
      "filing.adjust",
      "filing.invite",
      "filing.startEvaluation",
      "monitoring.createTask",
      "monitoring.report",
      "monitoring.conclude",
    ])
      assert.ok(actions.has(a), a);
  });
});
