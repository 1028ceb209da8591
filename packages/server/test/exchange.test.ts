/**
 * Excel in and out over HTTP, on both databases: the export route's xlsx format (404 hides
 * others' evaluations), uploads of .xlsx/.csv (GB18030 included) turned into the model or
 * the cells in error, --partial, and the .xlsx templates; the same access checks as the
 * other routes.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { readWorkbook } from "@jixiao/exchange";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const FIX = new URL("../../exchange/test/fixtures/import/", import.meta.url);

function multipart(filename: string, data: Uint8Array): { payload: Buffer; contentType: string } {
  const boundary = "----jixiao-test-boundary";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    "utf8",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "utf8");
  return { payload: Buffer.concat([head, Buffer.from(data), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

forEachDatabase("Excel in and out", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let depta: Client;
  let deptb: Client;
  let visitor: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    depta = await login(app, "depta");
    deptb = await login(app, "deptb");
    visitor = await login(app, "visitor");
    const r = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN, reason: "导入" });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    id = r.body.id;
  });
  after(async () => app.close());

  const upload = async (c: Client, filename: string, data: Uint8Array, query = "") => {
    const m = multipart(filename, data);
    const r = await app.http.inject({
      method: "POST",
      url: `/api/v1/imports${query}`,
      payload: m.payload,
      headers: { "content-type": m.contentType, cookie: c.cookie, "x-csrf-token": c.csrf },
    });
    return { status: r.statusCode, body: r.json() };
  };

  test("GET /evaluations/:id/export?format=xlsx: a workbook whose total is 85.73; JSON stays the default", async () => {
    const r = await app.http.inject({ url: `/api/v1/evaluations/${id}/export?format=xlsx`, headers: { cookie: depta.cookie } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.match(String(r.headers["content-disposition"]), /filename\*=UTF-8''%E9%98%B3%E6%B3%89/);
    const sheets = await readWorkbook(new Uint8Array(r.rawPayload));
    assert.deepEqual(
      sheets.map((s) => s.name),
      ["评分表", "人员情况", "资金情况", "基本信息"],
    );
    const rows = sheets[0]!.rows;
    const total = rows.find((row) => row.includes("合计"));
    assert.ok(total?.includes("85.73"), JSON.stringify(total));
    const json = await depta.req("GET", `/api/v1/evaluations/${id}/export`);
    assert.equal(json.status, 200);
    assert.equal(json.body.meta.subject, "阳泉市人力资源和社会保障局");
    const bad = await depta.req("GET", `/api/v1/evaluations/${id}/export?format=pdf`);
    assert.equal(bad.status, 400);
  });

  test("export hides others' evaluations (404), as every evaluation route does", async () => {
    assert.equal((await deptb.req("GET", `/api/v1/evaluations/${id}/export?format=xlsx`)).status, 404);
    assert.equal((await visitor.req("GET", `/api/v1/evaluations/${id}/export?format=xlsx`)).status, 404);
    assert.equal((await deptb.req("GET", `/api/v1/evaluations/nonexistent/export?format=xlsx`)).status, 404);
  });

  test("POST /imports: a GB18030 CSV becomes the model, which can be saved as an evaluation", async () => {
    const r = await upload(depta, "评分表.csv", new Uint8Array(readFileSync(new URL("评分表-gb18030.csv", FIX))));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.tables[0].rows, 7);
    assert.equal(r.body.evaluation.indicators.length, 3);
    const saved = await depta.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      document: { ...r.body.evaluation, meta: { ...r.body.evaluation.meta, title: "导入的评价", subject: "甲局", fiscalYear: 2025 } },
      reason: "由表格导入",
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.equal(saved.body.total, "97.00");
  });

  test("POST /imports: cells in error are named (422); partial imports the rest and lists the rejected rows", async () => {
    const data = new Uint8Array(readFileSync(new URL("自评表-mistakes.xlsx", FIX)));
    const r = await upload(depta, "自评表.xlsx", data);
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "import-failed");
    assert.deepEqual(
      r.body.error.fields.map((f: { path: string }) => f.path),
      ["基本信息!B4", "评分表!E4", "评分表!E6"],
    );
    const csv = new Uint8Array(readFileSync(new URL("评分表-mistakes.csv", FIX)));
    const p = await upload(depta, "评分表.csv", csv, "?partial=true");
    assert.equal(p.status, 200);
    assert.deepEqual(
      p.body.rejected.map((x: { where: string }) => x.where),
      ["评分表!A3", "评分表!A5"],
    );
    const odd = await upload(depta, "report.pdf", csv);
    assert.equal(odd.status, 400);
  });

  test("imports and templates need a role that prepares evaluations (visitor: 403; signed out: 401)", async () => {
    const csv = new Uint8Array(readFileSync(new URL("评分表-utf8.csv", FIX)));
    assert.equal((await upload(visitor, "评分表.csv", csv)).status, 403);
    assert.equal((await visitor.req("GET", `/api/v1/templates/${encodeURIComponent("评分表")}/xlsx`)).status, 403);
    assert.equal((await app.http.inject({ url: "/api/v1/templates/scores/xlsx" })).statusCode, 401);
  });

  test("GET /templates/:name/xlsx: the four templates and 全部; unknown names 404", async () => {
    for (const name of ["年度绩效目标表", "评分表", "人员情况", "资金情况", "全部", "scores"]) {
      const r = await app.http.inject({ url: `/api/v1/templates/${encodeURIComponent(name)}/xlsx`, headers: { cookie: depta.cookie } });
      assert.equal(r.statusCode, 200, name);
      const sheets = await readWorkbook(new Uint8Array(r.rawPayload));
      assert.equal(sheets[0]!.name, "基本信息");
    }
    assert.equal((await depta.req("GET", "/api/v1/templates/nothing/xlsx")).status, 404);
  });
});
