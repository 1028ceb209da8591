/**
 * 批量审核 through the API (POST /audits): a .zip of real forms from the auditor's corpus
 * (packages/exchange/test/fixtures/corpus) in every format, audited in a worker into the summary
 * workbook — one row per form, a broken form a row saying why, every diagnostic with file, table
 * and row; the archive bounded (not a zip, no form, a zip bomb, too many forms); who may (the
 * whole matrix is in policy.test.ts). The audit stores nothing, so one database is enough.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import JSZip from "jszip";
import { readWorkbook } from "@jixiao/exchange";
import type { App } from "../src/index.js";
import { AUDIT_LIMITS } from "../src/workers/audit-forms.js";
import { type Client, buildApp, login, multipartBody, seedWorld, testConfig } from "./harness.js";

const CORPUS = new URL("../../exchange/test/fixtures/corpus/", import.meta.url);
const fixture = (p: string) => new Uint8Array(readFileSync(new URL(p, CORPUS)));

describe("批量审核: a .zip of forms → the summary workbook", () => {
  let app: App;
  let dir: string;
  const clients = {} as Record<"admin" | "evaluator" | "depta" | "expert" | "visitor", Client>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "jixiao-audit-"));
    app = await buildApp(testConfig({ dataDir: dir }), { logger: false });
    await seedWorld(app);
    for (const who of Object.keys({ admin: 1, evaluator: 1, depta: 1, expert: 1, visitor: 1 }) as Array<keyof typeof clients>)
      clients[who] = await login(app, who);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (c: Client | null, filename: string, data: Uint8Array, query = "") => {
    const m = multipartBody(filename, data);
    const r = await app.http.inject({
      method: "POST",
      url: `/api/v1/audits${query}`,
      payload: m.payload,
      headers: { "content-type": m.contentType, ...(c ? { cookie: c.cookie, "x-csrf-token": c.csrf } : {}) },
    });
    return {
      status: r.statusCode,
      headers: r.headers,
      raw: r.rawPayload,
      body: String(r.headers["content-type"]).includes("json") ? r.json() : undefined,
    };
  };

  const zipOf = async (files: Record<string, Uint8Array | string>): Promise<Uint8Array> => {
    const zip = new JSZip();
    for (const [name, data] of Object.entries(files)) zip.file(name, data);
    return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  };

  test("a clean form and a flawed one in each format, a broken .xlsx and a non-form: one row per form, every diagnostic", async () => {
    const zip = await zipOf({
      "池州/form.docx": fixture("01-chizhou-guichi-tangxi-weituo/form.docx"),
      "池州/flaw-total.xlsx": fixture("01-chizhou-guichi-tangxi-weituo/flaw-total.xlsx"),
      "阳泉/form.txt": fixture("31-yangquan-renshe-zhengti-seed/form.txt"),
      "阳泉/flaw-subtotal-counted.docx": fixture("31-yangquan-renshe-zhengti-seed/flaw-subtotal-counted.docx"),
      "坏文件.xlsx": "this is not a workbook",
      "说明.jpg": "not a form, not listed",
      "__MACOSX/._form.docx": "resource fork",
    });
    const r = await upload(clients.evaluator, "2021年自评表.zip", zip);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(String(r.headers["content-type"]), /spreadsheetml/);
    assert.match(decodeURIComponent(String(r.headers["content-disposition"])), /2021年自评表-审核汇总\.xlsx/);
    const [summary, diagnostics] = await readWorkbook(new Uint8Array(r.raw));
    assert.equal(summary!.name, "汇总");
    const rows = new Map(summary!.rows.slice(1).map((row) => [row[0]!, row] as const));
    assert.deepEqual(
      [...rows.keys()],
      ["坏文件.xlsx", "池州/flaw-total.xlsx", "池州/form.docx", "阳泉/flaw-subtotal-counted.docx", "阳泉/form.txt"],
    );
    assert.match(rows.get("坏文件.xlsx")![11]!, /^无法读取：不是有效的 \.xlsx 文件/);
    // Clean forms: no error; flawed ones: errors, and each error is a 诊断 row naming file, table and row.
    assert.equal(rows.get("池州/form.docx")![7], "0");
    assert.equal(rows.get("阳泉/form.txt")![7], "0");
    assert.ok(Number(rows.get("池州/flaw-total.xlsx")![7]) > 0, "the wrong total is an error");
    assert.ok(Number(rows.get("阳泉/flaw-subtotal-counted.docx")![7]) > 0, "the counted subtotal is an error");
    // As `jixiao audit` reads it: unit, year, the recomputed total and grade, the figures verified.
    const yq = rows.get("阳泉/form.txt")!;
    assert.match(yq[1]!, /^阳泉市人力资源和社会保障局/);
    assert.equal(yq[2], "2021");
    assert.ok(yq[4] && yq[6] === "良" && Number(yq[10]) > 0, JSON.stringify(yq));
    const diag = diagnostics!.rows.slice(1);
    const totalError = diag.find((d) => d[0] === "池州/flaw-total.xlsx" && d[1] === "错误");
    assert.ok(totalError, JSON.stringify(diag.filter((d) => d[0] === "池州/flaw-total.xlsx")));
    assert.ok(totalError[3], "the table it came from");
    assert.ok(
      diag.some((d) => d[0] === "阳泉/flaw-subtotal-counted.docx" && d[2] === "tree/subtotal-counted" && d[4] !== ""),
      "the row",
    );
  });

  test("lang=en: the workbook in English", async () => {
    const zip = await zipOf({ "form.txt": fixture("31-yangquan-renshe-zhengti-seed/form.txt") });
    const r = await upload(clients.admin, "forms.zip", zip, "?lang=en");
    assert.equal(r.status, 200);
    assert.deepEqual(
      (await readWorkbook(new Uint8Array(r.raw))).map((s) => s.name),
      ["summary", "diagnostics"],
    );
  });

  test("the archive is bounded: not a .zip, not a zip, no forms, a zip bomb, too many forms", async () => {
    const c = clients.admin;
    const notZipName = await upload(c, "forms.rar", new Uint8Array([1, 2, 3]));
    assert.equal(notZipName.status, 400);
    assert.equal(notZipName.body.error.code, "audit-zip-only");
    const notZip = await upload(c, "forms.zip", new TextEncoder().encode("not a zip at all"));
    assert.equal(notZip.status, 400);
    assert.match(notZip.body.error.message.zh, /不是有效的 \.zip 压缩包/);
    const empty = await upload(c, "forms.zip", await zipOf({ "a.jpg": "x" }));
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message.zh, /没有可审核的表格/);
    // 60 MB of zeros deflates to ~60 KB: refused by its central directory, before inflating.
    const bomb = await zipOf({ "form.txt": new Uint8Array(60 * 1024 * 1024) });
    const b = await upload(c, "bomb.zip", bomb);
    assert.equal(b.status, 413, JSON.stringify(b.body));
    assert.match(b.body.error.message.zh, /压缩包过大或压缩比异常/);
    const many = await zipOf(Object.fromEntries(Array.from({ length: AUDIT_LIMITS.maxForms + 1 }, (_, i) => [`f${i}.txt`, "x"])));
    const m = await upload(c, "many.zip", many);
    assert.equal(m.status, 413);
    assert.match(m.body.error.message.zh, /一次最多审核 500 份/);
  });

  test("who may: the finance admin and the evaluator; a department, an expert, a visitor 403; nobody 401", async () => {
    const zip = await zipOf({ "form.txt": fixture("31-yangquan-renshe-zhengti-seed/form.txt") });
    for (const [who, status] of [
      ["admin", 200],
      ["evaluator", 200],
      ["depta", 403],
      ["expert", 403],
      ["visitor", 403],
    ] as const)
      assert.equal((await upload(clients[who], "f.zip", zip)).status, status, who);
    assert.equal((await upload(null, "f.zip", zip)).status, 401);
  });
});
