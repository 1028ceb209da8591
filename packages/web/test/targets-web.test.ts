/**
 * 目标申报 and 运行监控 in a real browser (Debian's chromium via playwright-core) against a real
 * server (SQLite, the demo data): a unit files its targets with the quality check beside the table;
 * the filing goes 编制 → 退回修改 → 编制 → 通过 → 调整 → 通过 through three people (the unit, its
 * 主管部门, the finance bureau), the adjustment compared side by side with its reason; an approved
 * filing starts an evaluation; the monitoring dashboard shows the demo's lights, and what the
 * screens say is what the API says.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FilingDetail, OrganisationView } from "@jixiao/api";
import type { BrowserContext, Page } from "playwright-core";
import { LoginPage } from "./pages/app-pages.js";
import { type Chromium, findChromium, launch } from "./pages/browser.js";
import { FilingPages } from "./pages/targets-pages.js";
import { type TestServer, apiAs as apiAsServer, startServer } from "./server.js";

const executable = findChromium();

if (!executable && process.env["CI"] === "true") {
  test("browser tests need chromium", () => {
    assert.fail("chromium not found on PATH (CI installs it in .ci/run: apt-get install chromium)");
  });
} else if (!executable) {
  console.log("# chromium not found on PATH: the browser tests are SKIPPED (apt-get install chromium)");
  test("targets and monitoring in a real browser", { skip: "chromium not found on PATH" }, () => {});
} else {
  describe("目标申报 and 运行监控 in chromium", () => {
    let server: TestServer;
    let browser: Chromium;
    const contexts: BrowserContext[] = [];
    const apiAs = (user: string) => apiAsServer(server, user);
    /** The unit that files (a unit of 人社局) and its user; 人社局's own user reviews as 主管部门. */
    let unit: OrganisationView;
    const filer = "unit-filer";

    async function session(user: string): Promise<Page> {
      const ctx = await browser.context({ width: 1440, height: 900 });
      contexts.push(ctx);
      const page = await ctx.newPage();
      const login = new LoginPage(page, server.url);
      await login.open("/");
      await login.logIn(user, server.passwords[user]!);
      return page;
    }

    before(async () => {
      server = await startServer();
      browser = await launch(executable);
      const admin = await apiAs("admin");
      const orgs = (await (await admin("GET", "/organisations")).json()) as OrganisationView[];
      const hrss = orgs.find((o) => o.name === "阳泉市人力资源和社会保障局")!;
      unit = orgs.find((o) => o.kind === "unit" && o.parentId === hrss.id)!;
      assert.ok(unit, "a unit of 人社局 in the demo");
      const password = "unit-filer-password-1";
      const created = await admin("POST", "/users", {
        username: filer,
        displayName: "所属单位填报员",
        password,
        role: "department",
        organisationId: unit.id,
      });
      assert.equal(created.status, 201, await created.clone().text());
      server.passwords[filer] = password;
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.close();
    });

    test("a filing goes 编制 → 退回 → 编制 → 通过 → 调整 → 通过 with the quality check shown, then starts an evaluation", async () => {
      // ── 编制: the unit files, the quality check beside the table follows the typing ──
      const unitPage = await session(filer);
      const u = new FilingPages(unitPage, server.url);
      await u.openList();
      const id = await u.create("就业创业补贴项目（浏览器测试）", unit.name);
      assert.equal(await u.status(), "编制");
      // An empty filing: the check asks for the fields a 项目 form must carry.
      await unitPage.getByTestId("quality-item").first().waitFor();
      const empty = await u.quality();
      assert.ok(empty.length > 0, "an empty filing has problems");
      await u.addRow();
      await u.cell(0, "level1", "产出指标");
      await u.cell(0, "level2", "数量指标");
      await u.cell(0, "name", "补贴发放人数");
      await u.cell(0, "target", "≥5000人");
      await u.cell(0, "weight", "50");
      await u.addRow();
      await u.cell(1, "level1", "效益指标");
      await u.cell(1, "level2", "社会效益指标");
      await u.cell(1, "name", "就业服务水平");
      await u.cell(1, "target", "全省排名靠前");
      await u.cell(1, "weight", "50");
      // "全省排名靠前" with no data source: a target with no measurable value, on row 2.
      await unitPage.getByTestId("quality-item").filter({ hasText: "第 2 行" }).first().waitFor();
      const problems = await u.quality();
      assert.ok(
        problems.some((p) => p.row === "1" && p.code.startsWith("filing/")),
        `row 2 flagged: ${JSON.stringify(problems)}`,
      );
      await unitPage.getByTestId("row-flag-1").waitFor();
      await u.screenshot("targets-filing-quality");
      await u.save();
      // What the panel shows is what the server's check says.
      const unitApi = await apiAs(filer);
      const check = (await (await unitApi("GET", `/filings/${id}/check`)).json()) as {
        diagnostics: Array<{ code: string; path: unknown[] }>;
      };
      const shown = await u.quality();
      assert.deepEqual(
        shown.map((p) => p.code).sort(),
        check.diagnostics.map((d) => d.code).sort(),
        "the browser's quality check and the server's agree",
      );
      // The unit may not review its own filing nor start an evaluation: disabled, and says why.
      assert.equal(await u.action("review").isDisabled(), true);
      await u.submit();
      await u.waitStatus("部门审核");
      assert.equal(await u.action("submit").isDisabled(), true, "locked while under review");

      // ── 部门审核: 人社局 returns it, criterion by criterion ──
      const deptPage = await session("department");
      const d = new FilingPages(deptPage, server.url);
      await d.open(id);
      await d.review("退回修改", "“就业服务水平”无可衡量的指标值，请改为量化指标并注明数据来源。", {
        relevance: "基本符合",
        feasibility: "不符合",
      });
      await d.waitStatus("退回修改");
      await d.tab("审核");
      const entry = deptPage.getByTestId("review-entry").first();
      assert.match(await entry.innerText(), /退回修改[\s\S]*相关性[\s\S]*基本符合[\s\S]*可行性[\s\S]*不符合/);
      await d.screenshot("targets-review-returned");

      // ── 编制 again: the unit sees why, fixes the row and submits ──
      await u.open(id);
      await u.waitStatus("退回修改");
      assert.match(await unitPage.getByTestId("filing-banner").innerText(), /无可衡量的指标值/);
      await u.cell(1, "name", "就业困难人员帮扶人数");
      await u.cell(1, "target", "≥300人");
      await u.cell(1, "dataSource", "就业信息系统");
      await unitPage.waitForFunction(() => !document.querySelector('[data-testid="row-flag-1"]'));
      await u.save();
      await u.submit();
      await u.waitStatus("部门审核");

      // ── 通过: the department, then the finance bureau (批复) ──
      await d.open(id);
      await d.review("通过", "同意报送财政。");
      await d.waitStatus("财政审核");
      const adminPage = await session("admin");
      const f = new FilingPages(adminPage, server.url);
      await f.open(id);
      // Finance may not 提交 or 调整 a filing: the buttons say why.
      await f.action("adjust").hover();
      await adminPage
        .getByRole("tooltip")
        .filter({ hasText: /不能执行此操作/ })
        .waitFor();
      await f.review("通过", "目标明确、指标量化，予以批复。");
      await f.waitStatus("通过");

      // ── 调整: the unit changes a target with a reason; side by side with the approved version ──
      await u.open(id);
      await u.adjust("上级追加补贴资金，发放人数相应提高");
      await u.waitStatus("调整中");
      await u.cell(0, "target", "≥6000人");
      await u.save();
      await u.submit();
      await d.open(id);
      await d.review("通过", "同意调整。");
      await f.open(id);
      await f.review("通过", "同意调整，重新批复。");
      await f.waitStatus("通过");
      await f.tab("版本");
      await adminPage.getByTestId("diff-reason").filter({ hasText: "上级追加补贴资金" }).waitFor();
      const diffRows = await adminPage
        .getByTestId("filing-diff")
        .locator(".ant-table-row")
        .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
      assert.ok(
        diffRows.some((r) => r[0]!.includes("指标值") && r[1] === "≥5000人" && r[2] === "≥6000人"),
        `原值 ≥5000人 beside 调整后 ≥6000人: ${JSON.stringify(diffRows)}`,
      );
      await f.screenshot("targets-adjustment-diff");
      const detail = (await (await (await apiAs("admin"))("GET", `/filings/${id}`)).json()) as FilingDetail;
      assert.equal(detail.status, "approved");

      // ── 发起评价 from the approved filing: its indicators become the evaluation's tree ──
      await f.tab("申报表");
      await adminPage.getByTestId("filing-start-evaluation").click();
      await adminPage.getByRole("dialog").getByRole("button", { name: "发起评价" }).click();
      await adminPage.getByTestId("evaluation-title").waitFor();
      const evaluationId = decodeURIComponent(new URL(adminPage.url()).pathname.split("/")[2]!);
      const evaluation = (await (await (await apiAs("admin"))("GET", `/evaluations/${evaluationId}`)).json()) as { document: unknown };
      const text = JSON.stringify(evaluation.document);
      assert.ok(
        text.includes("补贴发放人数") && text.includes("≥6000人"),
        "the evaluation's tree comes from the approved (adjusted) filing",
      );
    });
  });
}
