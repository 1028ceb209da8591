/**
 * Excel and the report where the user works, in a real browser against a real server (demo data):
 * the 评分表 template downloaded from 评价列表, filled in Node with exceljs as a person would, and
 * uploaded (上传文件新建 → the import preview → create) gives the template's tree, scored, with no
 * errors; the workspace exports the evaluation as a workbook, and a changed workbook uploaded back
 * shows what changes in words and saves a new revision with its reason; a published evaluation is
 * exported but replaced by no one.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { EvaluationSummary } from "@jixiao/api";
import { EvaluationSchema, scoreEvaluation } from "@jixiao/engine";
import { importTables } from "@jixiao/exchange";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { EvaluationListPage, LoginPage, WorkspacePage } from "./pages/app-pages.js";
import { type Chromium, findChromium, launch } from "./pages/browser.js";
import { type TestServer, apiAs as apiAsServer, startServer } from "./server.js";

const executable = findChromium();

/** Fill a downloaded 评分表 as a person would: an actual for every leaf, checklist items ticked. */
async function fillScores(data: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("评分表")!;
  const col: Record<string, number> = {};
  ws.getRow(3).eachCell((cell, i) => (col[String(cell.value)] = i));
  for (const name of ["指标值", "实际完成值", "评分方法", "评分明细"]) assert.ok(col[name], name);
  ws.eachRow((row, r) => {
    if (r <= 3) return;
    const m = String(row.getCell(col["评分方法"]!).value ?? "");
    const t = String(row.getCell(col["指标值"]!).value ?? "");
    if (/^清单/.test(m)) row.getCell(col["评分明细"]!).value = String(row.getCell(col["评分明细"]!).value).replace(/○/g, "✓");
    else if (t && !/^下级合计/.test(m)) row.getCell(col["实际完成值"]!).value = /-?\d+(\.\d+)?%?/.exec(t)?.[0] ?? t;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The tree of names, as a person compares two 评分表. */
const names = (ns: readonly { name: string; children?: readonly unknown[] }[]): unknown =>
  ns.map((n) => [n.name, n.children ? names(n.children as typeof ns) : []]);

if (!executable) {
  test("Excel and the report in a real browser", { skip: "chromium not found on PATH" }, () => {});
} else {
  describe("Excel and the report in chromium", () => {
    let server: TestServer;
    let browser: Chromium;
    let dir: string;
    const contexts: BrowserContext[] = [];

    async function session(user: string): Promise<{ page: Page; workspace: WorkspacePage }> {
      const ctx = await browser.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", acceptDownloads: true });
      contexts.push(ctx);
      const page = await ctx.newPage();
      const login = new LoginPage(page, server.url);
      await login.open("/");
      await login.logIn(user, server.passwords[user]!);
      return { page, workspace: new WorkspacePage(page, server.url) };
    }

    const apiAs = (user: string) => apiAsServer(server, user);

    /** Click what starts a download; the file's bytes. */
    async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; data: Uint8Array }> {
      const [d] = await Promise.all([page.waitForEvent("download"), click()]);
      const path = join(dir, `${Date.now()}-${d.suggestedFilename()}`);
      await d.saveAs(path);
      return { name: d.suggestedFilename(), data: new Uint8Array(readFileSync(path)) };
    }

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "jixiao-excel-"));
      server = await startServer();
      browser = await launch(executable);
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("评分表 template: downloaded in the browser, filled with exceljs, uploaded → the same tree and scores, no errors; the workspace's workbook replaced with a preview", async () => {
      const { page, workspace } = await session("department");
      const list = new EvaluationListPage(page, server.url);
      await list.open();
      const template = await download(page, () => page.getByTestId("xlsx-template-scores").click());
      assert.equal(template.name, "评分表.xlsx");
      const blank = await importTables("评分表.xlsx", template.data);
      assert.deepEqual(blank.problems, [], "the blank template reads with no errors");
      const filled = await fillScores(template.data);
      const file = join(dir, "填好的评分表.xlsx");
      writeFileSync(file, filled);
      const expected = await importTables("填好的评分表.xlsx", filled);
      assert.deepEqual(expected.problems, []);
      const expectedScore = scoreEvaluation(EvaluationSchema.parse(expected.evaluation));
      assert.equal(expectedScore.unscored, 0);

      // Upload it where evaluations are created: no cells in error, no rows left out; created at once.
      await list.uploadTables(file);
      await workspace.waitLoaded();
      assert.equal(await page.getByTestId("import-errors").count(), 0);
      assert.equal(await page.getByTestId("import-rejected").count(), 0);
      const id = decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);
      const api = await apiAs("department");
      const stored = (await (await api("GET", `/evaluations/${id}`)).json()) as { document: unknown; total: string; version: number };
      const e = EvaluationSchema.parse(stored.document);
      assert.deepEqual(names(e.indicators), names(EvaluationSchema.parse(expected.evaluation).indicators), "the same tree");
      const s = scoreEvaluation(e);
      assert.equal(s.unscored, 0);
      assert.equal(s.total!.toFixed(2), expectedScore.total!.toFixed(2), "the same total");
      assert.deepEqual(
        s.all.map((n) => n.score?.toFixed(2)),
        expectedScore.all.map((n) => n.score?.toFixed(2)),
        "the same scores",
      );
      assert.equal(await workspace.waitForText("total", s.total!.toFixed(2)), s.total!.toFixed(2));
      await workspace.screenshot("xlsx-template-created");

      // The workspace: export this evaluation as a workbook, change one actual, upload it back.
      const exported = await download(page, () => page.getByTestId("export-xlsx").click());
      assert.match(exported.name, /\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.data as unknown as ArrayBuffer);
      const ws = wb.getWorksheet("评分表")!;
      const col: Record<string, number> = {};
      ws.getRow(3).eachCell((cell, i) => (col[String(cell.value)] = i));
      // The first row with an actual value (a leaf: groups carry none).
      let changedRow = 0;
      ws.eachRow((row, r) => {
        const v = row.getCell(col["实际完成值"]!).value;
        if (r > 3 && !changedRow && v !== null && v !== "" && String(v) !== "0") changedRow = r;
      });
      assert.ok(changedRow > 0);
      const cell = ws.getRow(changedRow).getCell(col["实际完成值"]!);
      const before = String(cell.value);
      cell.value = "0";
      const changed = join(dir, "改过的工作簿.xlsx");
      writeFileSync(changed, new Uint8Array(await wb.xlsx.writeBuffer()));
      await page.locator('input[type="file"]').setInputFiles(changed);
      await page.getByTestId("replace-changes").locator(".ant-table-row").first().waitFor();
      const rows = await page
        .getByTestId("replace-changes")
        .locator(".ant-table-row")
        .evaluateAll((rs) => rs.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.match(rows[0]![1]!, / · 实际值$/, JSON.stringify(rows));
      assert.equal(rows[0]![3], "0");
      assert.notEqual(rows[0]![2], "0", before);
      await workspace.screenshot("xlsx-replace-preview");
      await page.getByRole("textbox", { name: /替换原因/ }).fill("按复核后的工作簿更新实际值");
      await page.locator("#replace-ok").click();
      await page.getByRole("dialog").waitFor({ state: "hidden" });
      const after = (await (await api("GET", `/evaluations/${id}`)).json()) as { version: number; total: string };
      assert.equal(after.version, stored.version + 1, "a new revision");
      const revisions = (await (await api("GET", `/evaluations/${id}/revisions`)).json()) as Array<{ reason: string | null }>;
      assert.ok(
        revisions.some((r) => r.reason === "按复核后的工作簿更新实际值"),
        JSON.stringify(revisions),
      );
    });

    test("a reader exports the workbook but may not replace it", async () => {
      const admin = await apiAs("admin");
      const list = (await (await admin("GET", "/evaluations?status=published")).json()) as EvaluationSummary[];
      const { page, workspace } = await session("admin");
      await workspace.open(list[0]!.id);
      await workspace.waitLoaded();
      await page.getByTestId("export-xlsx").waitFor();
      assert.equal(await page.getByTestId("replace-xlsx").count(), 0, "a published evaluation is replaced by no one");
    });
  });
}
