/** GET /api/v1/evaluations/:id/report on both databases: a real .docx, its name, and the access check of `get`. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import JSZip from "jszip";
import { parse } from "yaml";
import { needs } from "../../../scripts/test-tools.ts";
import type { App } from "../src/index.js";
import { zipBomb } from "../../exchange/test/hostile-files.js";
import { type Client, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("reports API", (target) => {
  let app: App;
  let admin: Client;
  let deptA: Client;
  let deptB: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    const world = await seedWorld(app);
    admin = await login(app, "admin");
    deptA = await login(app, "depta");
    deptB = await login(app, "deptb");
    const r = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    id = r.body.id;
  });
  after(async () => app.close());

  test("download the DOCX: content type, an RFC 5987 file name, the published tables inside", async () => {
    const res = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/report?format=docx`,
      headers: { cookie: deptA.cookie },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const title = "阳泉市人力资源和社会保障局2021年度部门整体支出绩效评价报告";
    assert.equal(
      res.headers["content-disposition"],
      `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`,
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const figure of [">85.73<", ">70.80%<", ">62.50%<", ">14.49%<", ">38,148.63<", "21090人，完成全年目标任务的105.45%"])
      assert.ok(xml.includes(figure), figure);
  });

  test("the footer names the evaluation's version; ?lang=en writes the generated sentences in English", async () => {
    const res = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/report?format=docx&lang=en`,
      headers: { cookie: deptA.cookie },
    });
    assert.equal(res.statusCode, 200, res.body);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/footer\d*\.xml$/.test(f))
        .map((f) => zip.file(f)!.async("string")),
    );
    assert.ok(
      footers.some((x) => x.includes("From version 1 of the evaluation")),
      "the footer says which version the report came from",
    );
    const zh = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/report?format=docx`,
      headers: { cookie: deptA.cookie },
    });
    const zhZip = await JSZip.loadAsync(zh.rawPayload);
    const zhFooters = await Promise.all(
      Object.keys(zhZip.files)
        .filter((f) => /^word\/footer\d*\.xml$/.test(f))
        .map((f) => zhZip.file(f)!.async("string")),
    );
    assert.ok(zhFooters.some((x) => x.includes("依据评价第 1 版")));
    const bad = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/report?format=docx&lang=fr`,
      headers: { cookie: deptA.cookie },
    });
    assert.equal(bad.statusCode, 400);
  });

  test("the firm's own Word template: filled from the evaluation; a placeholder that points at nothing is a 422 naming it; not a .docx is 400", async () => {
    const { Document, Packer, Paragraph, TextRun } = await import("docx");
    const docx = async (lines: string[]) =>
      new Uint8Array(
        await Packer.toBuffer(new Document({ sections: [{ children: lines.map((t) => new Paragraph({ children: [new TextRun(t)] })) }] })),
      );
    const send = (filename: string, data: Uint8Array, who: Client = deptA) => {
      const m = multipartBody(filename, data);
      return app.http.inject({
        method: "POST",
        url: `/api/v1/evaluations/${id}/report/word-template?format=docx`,
        payload: m.payload,
        headers: { "content-type": m.contentType, cookie: who.cookie, "x-csrf-token": who.csrf },
      });
    };
    const ok = await send("事务所模板.docx", await docx(["{{meta.title}}", "综合得分{{total}}分，评级{{grade}}。"]));
    assert.equal(ok.statusCode, 200, ok.body);
    const xml = await (await JSZip.loadAsync(ok.rawPayload)).file("word/document.xml")!.async("string");
    assert.ok(xml.includes("综合得分85.73分，评级良。"), "the placeholders are filled");
    const wrong = await send("事务所模板.docx", await docx(["合计：{{totl}}"]));
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.match(JSON.parse(wrong.body).error.fields[0].message.zh, /占位符 \{\{totl\}\}/);
    const notDocx = await send("模板.pdf", new Uint8Array([37, 80, 68, 70]));
    assert.equal(notDocx.statusCode, 400);
    assert.equal((await send("事务所模板.docx", await docx(["{{meta.title}}"]), deptB)).statusCode, 404, "another department's evaluation");
    // Hostile input: a .docx that inflates past the limits is refused before it is opened; a
    // ".docx" that is no zip at all is a 422 naming the file, not a 500.
    const bomb = await send("事务所模板.docx", await zipBomb());
    assert.equal(bomb.statusCode, 413, bomb.body);
    const junk = await send("事务所模板.docx", new TextEncoder().encode("not a zip at all"));
    assert.equal(junk.statusCode, 422, junk.body);
    assert.match(JSON.parse(junk.body).error.fields[0].message.zh, /不是有效的 \.docx/);
    // Nobody and the visitor: 401 and 404, as for every working endpoint.
    const m = multipartBody("t.docx", await docx(["{{meta.title}}"]));
    const nobody = await app.http.inject({
      method: "POST",
      url: `/api/v1/evaluations/${id}/report/word-template`,
      payload: m.payload,
      headers: { "content-type": m.contentType },
    });
    assert.equal(nobody.statusCode, 401);
    assert.equal((await send("t.docx", await docx(["{{meta.title}}"]), await login(app, "visitor"))).statusCode, 404);
  });

  test("PDF through LibreOffice", { skip: needs(["soffice"], "the PDF download test") }, async () => {
    const res = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/report?format=pdf`,
      headers: { cookie: deptA.cookie },
    });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers["content-type"], "application/pdf");
    assert.match(String(res.headers["content-disposition"]), /^attachment; filename="report\.pdf"; filename\*=UTF-8''.+\.pdf$/);
    assert.equal(res.rawPayload.subarray(0, 5).toString(), "%PDF-");
  });

  test("md and html, the national template; unknown template and format are 400", async () => {
    const md = await deptA.req("GET", `/api/v1/evaluations/${id}/report?format=md&template=cn-2020`);
    assert.equal(md.status, 200);
    assert.equal(md.headers["content-type"], "text/markdown; charset=utf-8");
    assert.match(String(md.body), /## 七、其他需要说明的问题/);
    const html = await admin.req("GET", `/api/v1/evaluations/${id}/report?format=html`);
    assert.equal(html.status, 200);
    assert.match(String(html.body), /<svg /);
    const t = await admin.req("GET", `/api/v1/evaluations/${id}/report?template=nope`);
    assert.equal(t.status, 400);
    assert.equal(t.body.error.code, "unknown-report-template");
    assert.equal((await admin.req("GET", `/api/v1/evaluations/${id}/report?format=odt`)).status, 400);
  });

  test("the same access as reading the evaluation: 404 when not visible, 401 when not logged in", async () => {
    const hidden = await deptB.req("GET", `/api/v1/evaluations/${id}/report?format=docx`);
    assert.equal(hidden.status, 404);
    assert.equal(hidden.body.error.code, "not-found");
    assert.equal((await deptB.req("GET", `/api/v1/evaluations/${id}`)).status, 404);
    const anonymous = await app.http.inject({ method: "GET", url: `/api/v1/evaluations/${id}/report` });
    assert.equal(anonymous.statusCode, 401);
    assert.equal((await admin.req("GET", "/api/v1/evaluations/no-such-id/report")).status, 404);
  });

  test("a placeholder that points at nothing is a 422 naming it", async () => {
    const doc = structuredClone(YANGQUAN) as { narrative: Array<{ id?: string; text?: string }> };
    doc.narrative.find((n) => n.id === "conclusion")!.text = "综合得分{{totals}}分。";
    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: (await admin.req("GET", `/api/v1/evaluations/${id}`)).body.organisationId,
      document: doc,
    });
    assert.equal(created.status, 201);
    const r = await admin.req("GET", `/api/v1/evaluations/${created.body.id}/report?format=docx`);
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "report-placeholder");
    assert.match(r.body.error.message.zh, /占位符 \{\{totals\}\} 无法填写/);
    assert.match(r.body.error.fields[0].path, /^document\.narrative\[\d+\]\.text$/);
  });
});
