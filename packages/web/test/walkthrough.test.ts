/**
 * The whole job on one evaluation, through the web app alone (issue 11's "Done when"), each role
 * in its own browser session and each step a screenshot (artifacts/screenshots/walk-*.png):
 * the admin commissions the demo agency; the agency uploads its working file within the
 * commission and asks the department for data; the department fills it (its PATCH on the draft
 * refused); the agency takes it in and assigns two experts to 履职效能; the experts score blind
 * (one leaves a note); the agency adopts the panel, attaches evidence, resolves the note and
 * submits; the admin returns it with a reason; the agency reads the reason, fixes and
 * resubmits; the admin accepts and publishes (a PATCH now refused, 更正 accepted); a visitor
 * reads the public page and the report, and gets 404 for revisions, audit, evidence and notes.
 * The API is used only to check what the screens show.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { LoginPage, WorkspacePage } from "./pages/app-pages.js";
import { type Chromium, SCREENSHOTS, findChromium, launch } from "./pages/browser.js";
import { CommissionsPage, RequestsPanel } from "./pages/collaboration-pages.js";
import { WorkingPapersPanel } from "./pages/papers-pages.js";
import { PublicPages, banner, statusAction } from "./pages/public-pages.js";
import { type TestServer, apiAs as apiAsServer, startServer } from "./server.js";

const executable = findChromium();
const YANGQUAN = fileURLToPath(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url));
const EXPLAINED = "两位专家评分分歧较大（27分、12分），经复核采纳算术平均分19.50分：核心业务全省排名靠后";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

if (!executable) {
  test("the whole job in a real browser", { skip: "chromium not found on PATH (web.test.ts fails in CI)" }, () => {});
} else {
  describe("the whole job through the UI: 委托 → 资料 → 专家评议 → 底稿 → 提交 → 退回 → 重报 → 审核通过 → 发布 → 公开", () => {
    let server: TestServer;
    let browser: Chromium;
    const contexts: BrowserContext[] = [];

    async function session(user: string): Promise<{ page: Page; workspace: WorkspacePage }> {
      const ctx = await browser.context();
      contexts.push(ctx);
      const page = await ctx.newPage();
      const login = new LoginPage(page, server.url);
      await login.open("/");
      await login.logIn(user, server.passwords[user]!);
      return { page, workspace: new WorkspacePage(page, server.url) };
    }

    const apiAs = (user: string) => apiAsServer(server, user);

    const shot = (page: Page, name: string, fullPage = false) =>
      page.screenshot({ path: new URL(`walk-${name}.png`, SCREENSHOTS).pathname, fullPage });

    before(async () => {
      server = await startServer();
      browser = await launch(executable);
    });
    after(async () => {
      // What each session showed when it stopped (a failing step is easier to read from its screen).
      for (const [i, c] of contexts.entries()) for (const [j, p] of c.pages().entries()) await shot(p, `last-${i}-${j}`).catch(() => {});
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.close();
    });

    test("one evaluation from commission to the public page, every role in turn", async () => {
      const title = "全流程测试：阳泉市人社局2021年度部门整体支出绩效评价";

      // 1. The admin commissions the demo agency.
      const admin = await session("admin");
      await new CommissionsPage(admin.page).commission("阳泉市人力资源和社会保障局", title, 2021);
      await shot(admin.page, "01-commissioned-admin");

      // 2. The agency creates the evaluation within its commission, from its working file.
      const ev = await session("evaluator");
      const commissions = new CommissionsPage(ev.page);
      await commissions.uploadWithin(title, YANGQUAN);
      // An uploaded working file keeps its own title; 委托方 and 评价机构 are the commission's (the demo agency).
      const id = decodeURIComponent(new URL(ev.page.url()).pathname.split("/")[2]!);
      await ev.workspace.waitForText("total", "85.73");
      const subject = await ev.page.locator(".ant-descriptions").first().innerText();
      assert.match(subject, /委托方\s*阳泉市财政局/);
      assert.match(subject, /评价机构\s*山西中凯资产评估有限公司/);
      await shot(ev.page, "02-created-in-commission-evaluator");

      // 3. … and asks the department for data.
      const evRequests = new RequestsPanel(ev.page);
      await evRequests.open();
      const place = await evRequests.send("2021年度基础数据");
      assert.match(place, / · 实际值$/);
      await shot(ev.page, "03-data-request-sent-evaluator");

      // 4. The department fills it; it reads the agency's draft but may not change it.
      const dept = await session("department");
      await dept.workspace.open(id, "requests");
      await dept.workspace.waitLoaded();
      assert.equal(await dept.workspace.readOnly(), true);
      await dept.page.getByTestId("data-requests").waitFor();
      await new RequestsPanel(dept.page).fill(1, "98%", "年度考核台账");
      await shot(dept.page, "04-data-request-filled-department");
      const department = await apiAs("department");
      const refused = await department("PATCH", `/evaluations/${id}`, {
        version: 1,
        changes: [{ path: ["meta", "note"], value: "部门改的" }],
      });
      assert.equal(refused.status, 403, "a department PATCH on the agency's draft is refused");
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "forbidden-independence");

      // 5. The agency takes the value in.
      await ev.page.reload();
      await ev.workspace.waitLoaded();
      await evRequests.open();
      await evRequests.take(1, 1);
      await shot(ev.page, "05-data-taken-in-evaluator");

      // 6. Two experts on 履职效能 (30 points).
      await ev.workspace.tab("指标评分");
      await ev.workspace.details("履职效能");
      const evPanel = new WorkingPapersPanel(ev.page);
      await evPanel.assignExperts(["评审专家（演示）", "评审专家乙（演示）"]);
      await evPanel.show("panel");
      await shot(ev.page, "06-experts-assigned-evaluator");
      await ev.workspace.closeDetails();

      // 7. The experts score blind; the first leaves a note for the agency.
      const e1 = await session("expert");
      await e1.workspace.open(id, "scoring");
      await e1.workspace.waitLoaded();
      await e1.workspace.details("履职效能");
      const p1 = new WorkingPapersPanel(e1.page);
      await p1.scoreAndSubmit(27, "履职成效明显");
      await p1.addNote("核心业务排名靠后的扣分依据请附省厅通报");
      await p1.show("panel");
      await shot(e1.page, "07-scored-expert");
      const e2 = await session("expert2");
      await e2.workspace.open(id, "scoring");
      await e2.workspace.waitLoaded();
      await e2.workspace.details("履职效能");
      const p2 = new WorkingPapersPanel(e2.page);
      const blind = await p2.entry("评审专家（演示）");
      assert.match(blind, /提交本人评分后可见/);
      assert.equal(blind.includes("27"), false, "blind until the expert has scored");
      await p2.show("panel");
      await shot(e2.page, "08-blind-expert2");
      await p2.scoreAndSubmit(12, "部分目标未完成");
      assert.match(await p2.entry("评审专家（演示）"), /27/, "seen once submitted");

      // 8. The agency adopts the panel, attaches evidence and resolves the note.
      await ev.page.reload();
      await ev.workspace.waitLoaded();
      await ev.workspace.details("履职效能");
      assert.equal(await evPanel.result(), "19.50");
      assert.equal(await evPanel.flagged(), true);
      await evPanel.adopt();
      assert.match(await evPanel.decision(), /已采纳：19\.50/);
      await evPanel.attach("省厅考核通报.pdf", "application/pdf", PDF);
      await evPanel.show("notes");
      await evPanel.toggleNote();
      await shot(ev.page, "09-adopted-evidence-note-resolved-evaluator");
      await ev.workspace.closeDetails();
      await ev.page.getByTestId("notes-A").waitFor({ state: "detached" });
      assert.equal((await ev.page.getByTestId("files-A").innerText()).trim(), "1");
      const adoptedTotal = await ev.workspace.total();

      // 9. 提交.
      await statusAction(ev.page, "submit", /^提\s*交$/);
      assert.equal(await ev.workspace.waitForText("status", "已提交"), "已提交");
      assert.equal(await ev.workspace.readOnly(), true);
      await shot(ev.page, "10-submitted-evaluator");

      // 10. The admin returns it with a reason.
      const reason = "履职效能专家意见分歧较大，请在评分说明中写明采纳理由";
      await admin.workspace.open(id);
      await admin.workspace.waitLoaded();
      await statusAction(admin.page, "return", /退\s*回/, reason);
      assert.equal(await admin.workspace.waitForText("status", "退回修改"), "退回修改");
      await shot(admin.page, "11-returned-admin");

      // 11. The agency reads who returned it and why, fixes it and submits again.
      await ev.page.reload();
      await ev.workspace.waitLoaded();
      assert.match(await banner(ev.page, "return"), new RegExp(`财政局绩效科（演示）（财政管理员）于 .+ 退回修改：${reason}`));
      assert.equal(await ev.workspace.readOnly(), false);
      await shot(ev.page, "12-return-reason-evaluator");
      await ev.workspace.details("履职效能");
      await ev.page.getByRole("dialog").getByLabel("评分说明 / 扣分原因", { exact: true }).fill(EXPLAINED);
      await ev.workspace.closeDetails();
      await ev.workspace.save();
      await ev.page.getByText("已保存").first().waitFor();
      await shot(ev.page, "13-fixed-evaluator");
      await statusAction(ev.page, "submit", /^提\s*交$/);
      assert.equal(await ev.workspace.waitForText("status", "已提交"), "已提交");

      // 12. The admin accepts and publishes.
      await admin.page.reload();
      await admin.workspace.waitLoaded();
      await statusAction(admin.page, "accept", /审核通过/);
      assert.equal(await admin.workspace.waitForText("status", "审核通过"), "审核通过");
      await shot(admin.page, "14-accepted-admin");
      await statusAction(admin.page, "publish", /发\s*布/);
      assert.equal(await admin.workspace.waitForText("status", "已发布"), "已发布");
      await shot(admin.page, "15-published-admin");

      // 13. A published evaluation: a PATCH is refused for everyone, a 更正 with a reason is not.
      const adminApi = await apiAs("admin");
      const current = (await (await adminApi("GET", `/evaluations/${id}`)).json()) as { version: number };
      const patch = await adminApi("PATCH", `/evaluations/${id}`, {
        version: current.version,
        changes: [{ path: ["meta", "note"], value: "发布后直接修改" }],
      });
      assert.equal(patch.status, 403, "a PATCH on a published evaluation is refused");
      await admin.page.getByTestId("action-correct").click();
      await admin.page.getByTestId("correcting").waitFor();
      await admin.workspace.tab("指标评分");
      await admin.workspace.details("履职效能");
      await admin.page.getByRole("dialog").getByLabel("评分说明 / 扣分原因", { exact: true }).fill(`${EXPLAINED}。`);
      await admin.workspace.closeDetails();
      await admin.page.getByLabel("修改说明").fill("评分说明标点更正");
      await admin.workspace.save();
      assert.match(await banner(admin.page, "correct"), /评分说明标点更正/);
      await shot(admin.page, "16-corrected-admin");

      // 14. A visitor: the public page with the scores and the report; nothing of the working papers.
      const visitor = await session("visitor");
      const pub = new PublicPages(visitor.page, server.url);
      await pub.waitList();
      await pub.openById(id);
      assert.equal(await pub.total(), adoptedTotal);
      assert.equal((await pub.level1()).length, 4);
      assert.equal((await pub.level1())[0]![2], "19.50");
      assert.match((await pub.corrections())[0]!, /更正：评分说明标点更正$/);
      await pub.screenshot("walk-17-public-page-visitor");
      const [download] = await Promise.all([visitor.page.waitForEvent("download"), visitor.page.getByTestId("public-report-html").click()]);
      const report = readFileSync((await download.path())!, "utf8");
      assert.match(report, /19\.50/);
      assert.doesNotMatch(report, /省厅考核通报|sha256|佐证材料索引/, "the public report carries no evidence index");
      const reader = await (await browser.context()).newPage();
      await reader.setContent(report);
      await shot(reader, "18-public-report-visitor");
      await reader.context().close();
      const visitorApi = await apiAs("visitor");
      for (const path of ["revisions", "audit", "evidence", "notes"]) {
        const r = await visitorApi("GET", `/evaluations/${id}/${path}`);
        assert.equal(r.status, 404, `${path}: ${r.status}`);
      }
    });
  });
}
