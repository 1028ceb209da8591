/**
 * The 申报表 and 监控表 as workbooks over HTTP, on SQLite and PostgreSQL: a filing downloaded as its
 * 申报表 and uploaded again is the same filing; a draft's document replaced by an upload (locked
 * once submitted, stale versions refused); blank templates; a 监控表 uploaded as a task's report
 * lights as the JSON one does, and downloads back; cells in error are a 422 naming each cell;
 * hostile uploads (not a zip, a zip bomb, a 6 KB sheet of huge extent, a body over the limit, a
 * .csv) are 4xx and the server keeps answering; a monitoring report's JSON body over the limit is 413.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { MonitoringReportSchema, TargetFilingSchema } from "@jixiao/engine";
import { asInput, filingTemplate, filingToWorkbook, monitoringToWorkbook, workbookToFiling, workbookToMonitoring } from "@jixiao/exchange";
import { parse } from "yaml";
import { sparseWorkbook, zipBomb } from "../../exchange/test/hostile-files.js";
import type { App } from "../src/index.js";
import { type Client, PASSWORD, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const example = (name: string) =>
  parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
/** The Yangquan 2021 targets (the seed's 表1): the document the demo files and approves. */
const TARGETS = example("yangquan-hrss-2021-targets.yaml");
/** The synthetic 1–7月 report (合成示例) of a project whose filing carries its indicators. */
const REPORT = example("monitoring-2021-07.yaml");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function projectFiling(): Record<string, unknown> {
  const r = REPORT as { name: string; indicators: Array<Record<string, unknown>> };
  return {
    kind: "项目",
    fiscalYear: 2021,
    name: r.name,
    code: "SYN-2021-001",
    department: "甲局",
    implementer: "甲局下属中心",
    funds: { unit: "万元", total: 720, lines: [{ source: "财政拨款", amount: 720 }] },
    indicators: r.indicators.map((i) => ({ level1: i["level1"], level2: i["level2"], name: i["name"], target: i["target"] })),
  };
}

const CRITERIA = Object.fromEntries(
  ["completeness", "relevance", "appropriateness", "feasibility"].map((k) => [k, { rating: "meets", opinion: "" }]),
);
/** A filing document compared as the engine reads it (numbers and decimal strings alike). */
const filingOf = (d: unknown) => asInput(TargetFilingSchema.parse(d));

forEachDatabase("targets workbooks", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const c = {} as Record<"admin" | "depta" | "deptb" | "unita", Client>;
  const api = "/api/v1";
  const ids = { approved: "", project: "", task: "" };

  before(async () => {
    // A 1 MB body limit, so "over the limit" is cheap to send.
    app = await buildApp({ ...target().config, bodyLimitMb: 1 }, { logger: false, clock: () => new Date("2021-08-01T02:00:00Z") });
    world = await seedWorld(app);
    const admin = await login(app, "admin");
    const u = await admin.req("POST", `${api}/users`, {
      username: "unita",
      displayName: "填报人",
      password: PASSWORD,
      role: "department",
      organisationId: world.orgs.unitA,
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    for (const w of ["admin", "depta", "deptb", "unita"] as const) c[w] = await login(app, w);
    ids.approved = await approved(TARGETS);
    ids.project = await approved(projectFiling());
    const t = await c.admin.req("POST", `${api}/monitoring/tasks`, {
      title: "2021年1-7月运行监控",
      fiscalYear: 2021,
      month: 7,
      deadline: "2021-08-10",
      kind: "general",
      filingIds: [ids.project],
    });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    ids.task = t.body.id;
  });
  after(async () => app.close());

  async function approved(document: unknown): Promise<string> {
    const f = await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document });
    assert.equal(f.status, 201, JSON.stringify(f.body));
    const id = f.body.id as string;
    assert.equal(
      (await c.unita.req("POST", `${api}/filings/${id}/transitions`, { version: await version(id), action: "submit" })).status,
      200,
    );
    for (const who of [c.depta, c.admin]) {
      const r = await who.req("POST", `${api}/filings/${id}/reviews`, {
        version: await version(id),
        criteria: CRITERIA,
        conclusion: "pass",
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    return id;
  }
  const version = async (id: string) => (await c.admin.req("GET", `${api}/filings/${id}`)).body.version as number;

  /** GET a download: status, headers and the raw bytes. */
  const download = async (who: Client, url: string) => {
    const r = await app.http.inject({ method: "GET", url, headers: { cookie: who.cookie } });
    return { status: r.statusCode, headers: r.headers, data: new Uint8Array(r.rawPayload), body: r.body };
  };
  /** Upload one file as multipart (`raw` replaces the whole body, for bodies that are not multipart). */
  const upload = async (who: Client | null, method: "POST" | "PUT", url: string, filename: string, data: Uint8Array) => {
    const m = multipartBody(filename, data);
    const r = await app.http.inject({
      method,
      url,
      payload: m.payload,
      headers: { "content-type": m.contentType, ...(who ? { cookie: who.cookie, "x-csrf-token": who.csrf } : {}) },
    });
    return { status: r.statusCode, body: r.json() as any };
  };

  test("round trip: the approved filing downloaded as its 申报表 and uploaded as a new filing is the same document", async () => {
    const x = await download(c.unita, `${api}/filings/${ids.approved}/workbook`);
    assert.equal(x.status, 200, x.body);
    assert.equal(x.headers["content-type"], XLSX);
    assert.match(String(x.headers["content-disposition"]), /filename\*=UTF-8''.*%E7%94%B3%E6%8A%A5%E8%A1%A8\.xlsx/); // 申报表.xlsx
    const r = await upload(
      c.unita,
      "POST",
      `${api}/filings/workbook?organisationId=${world.orgs.unitA}&reason=${encodeURIComponent("由申报表导入")}`,
      "阳泉申报表.xlsx",
      x.data,
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, "draft");
    assert.equal(r.body.version, 1);
    assert.equal(r.body.kind, "部门整体");
    assert.deepEqual(filingOf(r.body.document), filingOf(TARGETS));
    assert.equal(
      (r.body.document as { indicators: unknown[] }).indicators.length,
      (TARGETS as { indicators: unknown[] }).indicators.length,
    );
    const versions = await c.unita.req("GET", `${api}/filings/${r.body.id}/versions`);
    assert.deepEqual(
      versions.body.map((v: { version: number; stage: string; reason: string }) => [v.version, v.stage, v.reason]),
      [[1, "filed", "由申报表导入"]],
    );
    // The quality check reads it as it read the original.
    const [a, b] = await Promise.all(
      [ids.approved, r.body.id as string].map(async (id) => (await c.unita.req("GET", `${api}/filings/${id}/check`)).body),
    );
    assert.deepEqual(b, a);
  });

  test("a draft's document replaced by an uploaded 申报表; stale version 409; locked once submitted (409 filing-locked); another kind 400", async () => {
    const f = await c.unita.req("POST", `${api}/filings`, { organisationId: world.orgs.unitA, document: TARGETS });
    const id = f.body.id as string;
    const changed = structuredClone(TARGETS) as { indicators: Array<{ name: string; target: string }> };
    changed.indicators[0]!.target = "≥6000人";
    const data = await filingToWorkbook(changed as never);
    const put = (v: number, d = data, name = "改.xlsx") =>
      upload(c.unita, "PUT", `${api}/filings/${id}/workbook?version=${v}&reason=${encodeURIComponent("按申报表修改")}`, name, d);
    const r = await put(1);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version, 2);
    assert.equal(r.body.document.indicators[0].target, "≥6000人");
    const diff = await c.unita.req("GET", `${api}/filings/${id}/diff?from=1&to=2`);
    assert.equal(diff.body.reason, "按申报表修改");
    assert.deepEqual(
      diff.body.changes.map((x: { before: unknown; after: unknown }) => [x.before, x.after]),
      [[(TARGETS as { indicators: Array<{ target: string }> }).indicators[0]!.target, "≥6000人"]],
    );

    const stale = await put(1);
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body.error.currentVersion, 2);

    const project = await put(2, await filingToWorkbook(projectFiling() as never), "项目.xlsx");
    assert.equal(project.status, 400, JSON.stringify(project.body));
    assert.equal(project.body.error.code, "filing-kind-mismatch");
    assert.equal(project.body.error.fields[0].path, "document.kind");

    assert.equal((await c.unita.req("POST", `${api}/filings/${id}/transitions`, { version: 2, action: "submit" })).status, 200);
    const locked = await put(2);
    assert.equal(locked.status, 409, JSON.stringify(locked.body));
    assert.equal(locked.body.error.code, "filing-locked");
    // The bureau may read it but never save it; another department does not see it.
    assert.equal((await put(2).then(() => upload(c.admin, "PUT", `${api}/filings/${id}/workbook?version=2`, "改.xlsx", data))).status, 403);
    assert.equal((await upload(c.deptb, "PUT", `${api}/filings/${id}/workbook?version=2`, "改.xlsx", data)).status, 404);
    assert.equal(await version(id), 2);
  });

  test("cells in error are a 422 listing each (sheet!cell, field, zh/en); the blank templates download and name what is missing", async () => {
    for (const [kind, title] of [
      ["project", "项目支出绩效目标申报表"],
      ["department", "部门整体支出绩效目标申报表"],
    ] as const) {
      const t = await download(c.unita, `${api}/filing-templates/${kind}`);
      assert.equal(t.status, 200, t.body);
      assert.equal(t.headers["content-type"], XLSX);
      assert.match(decodeURIComponent(String(t.headers["content-disposition"])), new RegExp(`${title}（模板）\\.xlsx`));
      const read = await workbookToFiling(t.data);
      assert.equal(read.ok, false);
      assert.equal(read.value, undefined);
    }
    assert.equal((await download(c.unita, `${api}/filing-templates/other`)).status, 400);

    // The blank 项目 template uploaded as it is: each missing field named with its cell.
    const blank = await upload(
      c.unita,
      "POST",
      `${api}/filings/workbook?organisationId=${world.orgs.unitA}`,
      "空白.xlsx",
      await filingTemplate("项目"),
    );
    assert.equal(blank.status, 422, JSON.stringify(blank.body));
    assert.equal(blank.body.error.code, "import-failed");
    assert.match(blank.body.error.message.zh, /^空白\.xlsx：共 3 处错误，未导入$/);
    assert.deepEqual(
      blank.body.error.fields.map((f: { path: string }) => f.path),
      ["绩效目标申报表", "绩效目标申报表!B3", "绩效目标申报表!C14"],
    );
    for (const f of blank.body.error.fields as Array<{ message: { zh: string; en: string } }>) {
      assert.match(f.message.zh, /^(空白\.xlsx：|绩效目标申报表!)/);
      assert.ok(f.message.en.length > 0);
    }
    assert.match(blank.body.error.fields[1].message.zh, /项目名称/);

    // A weight that is not a number, in the filled form.
    const withBadWeight = structuredClone(projectFiling()) as { indicators: Array<Record<string, unknown>> };
    withBadWeight.indicators[0]!["weight"] = 10;
    const bytes = await filingToWorkbook(withBadWeight as never);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const ws = wb.worksheets[0]!;
    let at = "";
    ws.eachRow((row, n) => {
      if (row.getCell(3).value === withBadWeight.indicators[0]!["name"]) at = `F${n}`;
    });
    assert.ok(at, "the weight's cell");
    ws.getCell(at).value = "十分";
    const bad = await upload(
      c.unita,
      "POST",
      `${api}/filings/workbook?organisationId=${world.orgs.unitA}`,
      "权重.xlsx",
      new Uint8Array(await wb.xlsx.writeBuffer()),
    );
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(
      bad.body.error.fields.map((f: { path: string }) => f.path),
      [`${ws.name}!${at}`],
    );
    assert.match(bad.body.error.fields[0].message.zh, /权重/);
  });

  test("a 监控表 uploaded as the task's report lights as the JSON report does; it downloads back; the template is the task's months", async () => {
    const url = `${api}/monitoring/tasks/${ids.task}/reports/${ids.project}`;
    // Before any report: nothing to download.
    assert.equal((await download(c.unita, `${url}/workbook`)).status, 404);
    const r = await upload(c.unita, "PUT", `${url}/workbook`, "监控表.xlsx", await monitoringToWorkbook(REPORT as never));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version, 1);
    assert.equal(r.body.timeliness, "onTime");
    const lights = (await c.unita.req("GET", `${api}/monitoring/tasks/${ids.task}/lights/${ids.project}`)).body;
    assert.equal(lights.light, "red");
    assert.equal(lights.budget.ratio, "83.33");
    assert.equal(lights.budget.light, "green");
    // The same lights as the report sent as JSON (what a 监控表 carries: no deadline, mode, evidence).
    const json = await c.unita.req("PUT", url, { document: REPORT });
    assert.equal(json.status, 200, JSON.stringify(json.body));
    const again = (await c.unita.req("GET", `${api}/monitoring/tasks/${ids.task}/lights/${ids.project}`)).body;
    assert.deepEqual(
      lights.indicators.map((i: { name: string; light: string; ratio: string }) => [i.name, i.light, i.ratio]),
      again.indicators.map((i: { name: string; light: string; ratio: string }) => [i.name, i.light, i.ratio]),
    );

    const x = await download(c.depta, `${url}/workbook`);
    assert.equal(x.status, 200, x.body);
    assert.equal(x.headers["content-type"], XLSX);
    const back = await workbookToMonitoring(x.data);
    assert.deepEqual(back.problems, []);
    const { deadline: _d, submittedAt: _s, mode: _m, ...carried } = MonitoringReportSchema.parse(REPORT);
    assert.deepEqual(back.value, { ...carried, indicators: carried.indicators.map(({ evidence: _e, ...i }) => i) });

    const blank = await download(c.unita, `${api}/monitoring/tasks/${ids.task}/template`);
    assert.equal(blank.status, 200, blank.body);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(blank.data) as never);
    assert.equal(wb.worksheets[0]!.getCell("A2").value, "（    年1—7月）");
    // With the project: its approved indicators and targets are in, the figures left to fill.
    const pre = await download(c.unita, `${api}/monitoring/tasks/${ids.task}/template?filingId=${ids.project}`);
    assert.equal(pre.status, 200, pre.body);
    const read = await workbookToMonitoring(pre.data);
    assert.equal(read.value?.fiscalYear, 2021);
    assert.equal(read.value?.month, 7);
    assert.deepEqual(
      read.value?.indicators.map((i) => [i.name, i.target, i.actual]),
      (projectFiling().indicators as Array<{ name: string; target: string }>).map((i) => [i.name, i.target, undefined]),
    );
    assert.equal((await download(c.deptb, `${api}/monitoring/tasks/${ids.task}/template?filingId=${ids.project}`)).status, 404);
    assert.equal((await download(c.unita, `${api}/monitoring/tasks/${ids.task}/template?filingId=${ids.approved}`)).status, 404);
  });

  test("a 监控表 of another year is a 400 naming document.fiscalYear; one with a cell in error a 422 naming it", async () => {
    const url = `${api}/monitoring/tasks/${ids.task}/reports/${ids.project}/workbook`;
    const other = await upload(
      c.unita,
      "PUT",
      url,
      "2020.xlsx",
      await monitoringToWorkbook({ ...(REPORT as object), fiscalYear: 2020 } as never),
    );
    assert.equal(other.status, 400, JSON.stringify(other.body));
    assert.equal(other.body.error.code, "report-mismatch");
    assert.equal(other.body.error.fields[0].path, "document.fiscalYear");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await monitoringToWorkbook(REPORT as never)) as never);
    const ws = wb.worksheets[0]!;
    let at = "";
    ws.eachRow((row, n) => {
      if (!at && row.getCell(2).value === "财政拨款") at = `H${n}`;
    });
    assert.ok(at, "the 财政拨款 row's 1—7月执行数");
    ws.getCell(at).value = "约三百万";
    const bad = await upload(c.unita, "PUT", url, "执行数.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(
      bad.body.error.fields.map((f: { path: string }) => f.path),
      [`${ws.name}!${at}`],
    );
  });

  describe("hostile uploads are 4xx and the server keeps answering", () => {
    const endpoints = () =>
      [
        ["filings.importWorkbook", "POST", `${api}/filings/workbook?organisationId=${world.orgs.unitA}`],
        ["filings.replaceWorkbook", "PUT", `${api}/filings/${ids.approved}/workbook?version=1`],
        ["monitoring.importReport", "PUT", `${api}/monitoring/tasks/${ids.task}/reports/${ids.project}/workbook`],
      ] as const;
    const stillSane = async () => {
      assert.equal((await app.http.inject({ url: "/healthz" })).statusCode, 200);
      assert.ok(await login(app, "deptb"));
      assert.equal((await app.http.inject({ url: `${api}/filings` })).statusCode, 401);
    };
    test("not a zip, a zip bomb, a 6 KB sheet reaching row 20,000 × column 2,000: 422 naming the file or the cell", async () => {
      const probes: Array<[string, Uint8Array, string, RegExp]> = [
        ["text.xlsx", new TextEncoder().encode("一级指标,二级指标\n产出指标,数量指标\n"), "text.xlsx", /不是有效的 \.xlsx 工作簿/],
        ["bomb.xlsx", await zipBomb(), "bomb.xlsx", /解压后超过 50 MB/],
        ["sparse.xlsx", await sparseWorkbook(), "评分表!BXX20000", /工作表“评分表”过大/],
      ];
      for (const [name, method, url] of endpoints()) {
        // The approved filing is not editable: its upload is refused before anything is read.
        if (name === "filings.replaceWorkbook") {
          const r = await upload(c.unita, method, url, "bomb.xlsx", await zipBomb());
          assert.equal(r.status, 409, JSON.stringify(r.body));
          continue;
        }
        for (const [file, data, where, zh] of probes) {
          const t0 = performance.now();
          const r = await upload(name === "monitoring.importReport" ? c.unita : c.unita, method, url, file, data);
          assert.equal(r.status, 422, `${name} ${file}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.error.fields[0].path, where, `${name} ${file}`);
          assert.match(r.body.error.fields[0].message.zh, zh);
          console.log(`# ${name} ${file} (${data.length} bytes): ${r.status} in ${Math.round(performance.now() - t0)} ms`);
        }
      }
      await stillSane();
    });
    test("a body over the limit is 413, a .csv or a JSON body 400, nobody 401", async () => {
      const big = new Uint8Array(1.5 * 1024 * 1024).fill(0x41);
      for (const [name, method, url] of endpoints()) {
        const over = await upload(c.unita, method, url, "big.xlsx", big);
        assert.equal(over.status, 413, `${name}: ${JSON.stringify(over.body)}`);
        const csv = await upload(c.unita, method, url, "表.csv", new TextEncoder().encode("a,b\n"));
        assert.equal(csv.status, name === "filings.replaceWorkbook" ? 409 : 400, `${name}: ${JSON.stringify(csv.body)}`);
        if (csv.status === 400) assert.equal(csv.body.error.fields[0].path, "body.file");
        const notMultipart = await c.unita.req(method, url, { document: TARGETS });
        assert.ok([400, 409, 415].includes(notMultipart.status), `${name}: ${notMultipart.status} ${JSON.stringify(notMultipart.body)}`);
        assert.equal((await upload(null, method, url, "x.xlsx", new Uint8Array(10))).status, 401);
      }
      await stillSane();
    });
    test("a monitoring report's JSON body over the limit is 413, the report unchanged", async () => {
      const url = `${api}/monitoring/tasks/${ids.task}/reports/${ids.project}`;
      const before = (await c.unita.req("GET", url)).body;
      const huge = { document: { ...(REPORT as object), note: "监".repeat(600_000) } };
      const r = await c.unita.req("PUT", url, huge);
      assert.equal(r.status, 413, JSON.stringify(r.body).slice(0, 300));
      assert.equal(r.body.error.code, "body-too-large");
      assert.ok(r.body.error.message.zh);
      assert.deepEqual((await c.unita.req("GET", url)).body, before);
      await stillSane();
    });
  });
});
