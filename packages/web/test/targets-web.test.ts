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
import type { FilingDetail, MonitoringDashboardView, OrganisationView, ProjectLightsView } from "@jixiao/api";
import type { BrowserContext, Page } from "playwright-core";
import { LoginPage } from "./pages/app-pages.js";
import { type Chromium, SCREENSHOTS, findChromium, launch } from "./pages/browser.js";
import { FilingPages, MonitoringPages } from "./pages/targets-pages.js";
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

    // First: the dashboard's default task is the demo's until a later test issues one of its own.
    test("the monitoring dashboard shows the demo: every light in words, 未报送, a drill-down's formula; the returned filing says why", async () => {
      const adminApi = await apiAs("admin");
      const adminPage = await session("admin");
      const m = new MonitoringPages(adminPage, server.url);
      await m.openDashboard();
      // The default task is the demo's 1—7月 task (合成示例), the one finance opens first.
      const dash = (await (await adminApi("GET", "/monitoring/dashboard")).json()) as MonitoringDashboardView;
      assert.match(dash.title ?? "", /2021年1-7月.*合成示例/);
      assert.equal(dash.month, 7);
      await adminPage.getByTestId("drill").first().waitFor();
      assert.match(await adminPage.getByTestId("dashboard-task").innerText(), /2021年1-7月项目支出绩效运行监控（合成示例）（1—7月）/);
      assert.match(await adminPage.getByTestId("dashboard-time").innerText(), /1—7月.*58\.33%/);
      // Counts per light: one project each red, yellow and green; the silent one has none.
      assert.deepEqual(await m.counts(), { red: 1, yellow: 1, green: 1, blue: 0 });
      assert.deepEqual(dash.lights, { red: 1, yellow: 1, green: 1, blue: 0, none: 1 });
      // Each light in words beside its shape (never colour alone), 报送及时性 in words too.
      const rows = await m.projects();
      const row = (title: string) => {
        const r = rows.find((x) => x.title.startsWith(title));
        assert.ok(r, `${title} on the dashboard: ${JSON.stringify(rows)}`);
        return r;
      };
      assert.deepEqual(
        [
          row("职业技能提升行动培训补贴"),
          row("高校毕业生就业见习补贴"),
          row("人力资源市场信息化建设"),
          row("劳动保障监察执法装备购置"),
        ].map((r) => [r.light, r.lightText, r.timeliness, r.timelinessText]),
        // The demo's reports went in when the demo was loaded, after the task's 2021-08-10 deadline: late, flagged.
        [
          ["red", "●红灯", "late", "⚑ 逾期报送"],
          ["yellow", "▲黄灯", "late", "⚑ 逾期报送"],
          ["green", "■绿灯", "late", "⚑ 逾期报送"],
          ["", "—", "missing", "⚑ 未报送（已逾期）"],
        ],
      );
      // What needs attention first: the red project, the one that never reported, then yellow and green.
      assert.deepEqual(
        rows.map((r) => r.light || r.timeliness),
        ["red", "missing", "yellow", "green"],
      );
      const timeliness = await adminPage.getByTestId("timeliness-counts").innerText();
      assert.match(timeliness, /未报送（已逾期）\s*1/, timeliness);
      assert.match(timeliness, /逾期报送\s*3/, timeliness);
      await m.screenshot("monitoring-demo-dashboard");

      // Drill into the green project: its 线上课程上线数 runs ahead of plan, a blue light, with the numbers.
      await m.drill("人力资源市场信息化建设");
      const green = await m.indicators();
      const online = green.find((i) => i.name.includes("线上课程上线数"));
      assert.ok(online, JSON.stringify(green));
      assert.equal(online.light, "blue");
      assert.equal(online.lightText, "◆蓝灯");
      assert.equal(online.formula, "完成进度 10门 ÷（12门 ÷ 12 × 7）× 100 = 142.86，达到 120 及以上，超进度，亮蓝灯");
      assert.equal(await adminPage.getByTestId("drawer-light").innerText(), "■绿灯");
      // Late: when it came in, and the deadline it missed.
      assert.match(await adminPage.getByTestId("drawer-timeliness").innerText(), /逾期报送[\s\S]*（报送截止 2021-08-10）/);
      await m.screenshot("monitoring-demo-drill-green");
      await m.closeDrawer();

      // The red project: 技能鉴定人数 200 ÷ (600 ÷ 12 × 7) = 57.14, red; the budget 350 ÷ 720 against 7/12, green.
      await m.drill("职业技能提升行动培训补贴");
      const red = await m.indicators();
      const lights = Object.fromEntries(red.map((i) => [i.name, i.lightText]));
      assert.equal(lights["技能鉴定人数"], "●红灯");
      assert.equal(lights["发放补贴人数"], "▲黄灯");
      assert.equal(lights["培训人次"], "■绿灯");
      assert.equal(lights["线上课程上线数"], "◆蓝灯");
      assert.equal(lights["补贴发放投诉次数"], "●红灯");
      const skill = red.find((i) => i.name === "技能鉴定人数")!;
      assert.match(skill.formula, /^完成进度 200人 ÷（600人 ÷ 12 × 7）× 100 = 57\.14，.*亮红灯$/);
      const budget = await adminPage.getByTestId("budget-formula").innerText();
      assert.match(budget, /350万元 ÷ 720万元/);
      assert.match(budget, /83\.33/);
      assert.equal(await adminPage.getByTestId("budget-light").innerText(), "■绿灯");
      // The demo's conclusion on it: 督促整改 with its reason.
      assert.match(await adminPage.getByTestId("conclusion-current").innerText(), /督促整改[\s\S]*技能鉴定人数/);
      await m.screenshot("monitoring-demo-drill-red");

      // The returned demo filing: the unit's 主管部门 opens it and reads why it came back.
      const deptApi = await apiAs("department");
      const filings = (await (await deptApi("GET", "/filings?status=returned")).json()) as Array<{ id: string; title: string }>;
      const returned = filings.find((f) => f.title.includes("职业培训公共实训基地运营"));
      assert.ok(returned, `the returned demo filing: ${JSON.stringify(filings)}`);
      const deptPage = await session("department");
      const d = new FilingPages(deptPage, server.url);
      await d.open(returned.id);
      assert.equal(await d.status(), "退回修改");
      const banner = await deptPage.getByTestId("filing-banner").innerText();
      assert.match(banner, /人社局绩效审核岗（演示）/);
      assert.match(banner, /退回修改/);
      assert.match(banner, /请将“实训人次”“带动就业”改为可衡量的指标值并注明数据来源/);
      // The quality check beside the grid says the same of both rows.
      await deptPage.locator('[data-testid="quality-item"][data-code="filing/not-measurable"][data-row="1"]').waitFor();
      const quality = await d.quality();
      assert.ok(
        ["0", "1"].every((r) => quality.some((q) => q.row === r && q.code === "filing/not-measurable")),
        JSON.stringify(quality),
      );
      await d.screenshot("targets-demo-returned");
    });

    test("部门整体: the department fills its 年度主要任务 (task, 主要内容, budget in 万元), checked as it types, and saves them", async () => {
      const adminApi = await apiAs("admin");
      const deptApi = await apiAs("department");
      const orgs = (await (await adminApi("GET", "/organisations")).json()) as OrganisationView[];
      const hrss = orgs.find((o) => o.name === "阳泉市人力资源和社会保障局")!;
      const created = await deptApi("POST", "/filings", {
        organisationId: hrss.id,
        document: {
          kind: "部门整体",
          fiscalYear: 2027,
          name: "阳泉市人力资源和社会保障局（任务编辑测试）",
          department: "阳泉市人力资源和社会保障局",
          functions: "贯彻落实人力资源和社会保障工作的方针政策",
          annualGoal: "确保就业局势总体稳定",
          funds: {
            unit: "万元",
            lines: [
              { source: "财政拨款", amount: "6561.92" },
              { source: "社保基金", amount: "31586.71" },
            ],
          },
          indicators: [
            {
              level1: "产出指标",
              level2: "数量指标",
              name: "城镇新增就业人数",
              target: "≥18000人",
              weight: "100",
              dataSource: "就业统计报表",
            },
          ],
        },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const filing = (await created.json()) as FilingDetail;
      const page = await session("department");
      const d = new FilingPages(page, server.url);
      await d.open(filing.id);
      // No tasks yet: the check asks for them.
      await page.getByTestId("quality-item").filter({ hasText: "年度主要任务" }).first().waitFor();
      assert.match(await page.getByTestId("filing-tasks").innerText(), /暂无数据|无/);

      await page.getByTestId("add-task").click();
      await page.getByTestId("task-0-task").fill("部门履职（基本支出和项目支出）");
      await page.getByTestId("task-0-text").fill("部门决算口径的基本支出和项目支出");
      await page.getByTestId("task-0-budget").fill("6561.92");
      await page.getByTestId("add-task").click();
      await page.getByTestId("task-1-task").fill("社保基金相关补助");
      // A slip of the keyboard (l for 1): named with its row, the cell marked, no total.
      await page.getByTestId("task-1-budget").fill("31586.7l");
      const slip = page.getByTestId("quality-item").filter({ hasText: "年度主要任务第 2 行" });
      await slip.waitFor();
      assert.match(await slip.innerText(), /预算无法读取/);
      assert.equal(
        await page.getByTestId("task-1-budget").evaluate((el) => el.closest(".ant-input-status-error") !== null),
        true,
        "the budget cell is marked",
      );
      assert.match(await page.getByTestId("task-total").innerText(), /任务预算合计：— 万元/);
      await page.getByTestId("task-1-budget").fill("31586.71");
      await page.getByTestId("task-total").filter({ hasText: "38,148.63 万元" }).waitFor();
      await page.waitForFunction(() => !document.body.innerText.includes("年度主要任务第 2 行"));
      assert.equal(await page.getByTestId("quality-item").filter({ hasText: "年度主要任务" }).count(), 0, "the tasks are complete");
      await d.screenshot("targets-department-tasks");
      await d.save();

      // Saved as typed (exact decimal text), and read back into the editor.
      const saved = (await (await deptApi("GET", `/filings/${filing.id}`)).json()) as FilingDetail;
      assert.deepEqual(saved.document["tasks"], [
        { task: "部门履职（基本支出和项目支出）", text: "部门决算口径的基本支出和项目支出", budget: "6561.92" },
        { task: "社保基金相关补助", budget: "31586.71" },
      ]);
      await page.reload();
      await page.getByTestId("filing-title").waitFor();
      assert.equal(await page.getByTestId("task-1-budget").inputValue(), "31586.71");
      // A task removed is gone from the draft and, saved, from the filing.
      await page.getByRole("button", { name: "删除 年度主要任务 第 2 行" }).click();
      await page.getByTestId("task-total").filter({ hasText: "6,561.92 万元" }).waitFor();
      await d.save();
      const after = (await (await deptApi("GET", `/filings/${filing.id}`)).json()) as FilingDetail;
      assert.equal((after.document["tasks"] as unknown[]).length, 1);
    });

    test("finance invites an expert and a third party to a filing under review; who is invited is listed, with their opinions", async () => {
      const unitApi = await apiAs(filer);
      const adminApi = await apiAs("admin");
      const created = await unitApi("POST", "/filings", {
        organisationId: unit.id,
        document: {
          kind: "项目",
          fiscalYear: 2027,
          name: "创业担保贷款贴息（邀请测试）",
          department: "阳泉市人力资源和社会保障局",
          implementer: unit.name,
          funds: { unit: "万元", lines: [{ source: "财政拨款", amount: "300" }] },
          annualGoal: "发放创业担保贷款贴息",
          indicators: [{ level1: "产出指标", level2: "数量指标", name: "贴息人数", target: "≥500人", weight: "100" }],
        },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const filing = (await created.json()) as FilingDetail;
      const adminPage = await session("admin");
      const f = new FilingPages(adminPage, server.url);
      // 编制: nobody to give an opinion yet — the button says why it waits.
      await f.open(filing.id);
      assert.equal(await adminPage.getByTestId("filing-invite").isDisabled(), true);
      await adminPage.getByTestId("filing-invite").hover();
      await adminPage.getByRole("tooltip").filter({ hasText: "审核中" }).waitFor();
      const r = await unitApi("POST", `/filings/${filing.id}/transitions`, { version: filing.version, action: "submit" });
      assert.equal(r.status, 200, await r.clone().text());

      // 部门审核: finance invites the expert and the agency's evaluator.
      await f.open(filing.id);
      await f.waitStatus("部门审核");
      await adminPage.getByTestId("filing-invite").click();
      await adminPage.getByTestId("invite-users").click();
      for (const name of ["评审专家（演示）", "第三方评价机构（演示）"])
        await adminPage.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: name }).first().click();
      const dialog = adminPage.getByRole("dialog");
      await dialog.locator(".ant-modal-title").click(); // closes the multiple select's list
      await dialog.getByRole("button", { name: "邀请专家/第三方" }).click();
      await dialog.waitFor({ state: "hidden" });
      await f.tab("审核");
      const listed = () => adminPage.getByTestId("invitation").allInnerTexts();
      await adminPage.getByTestId("invitation").nth(1).waitFor();
      const names = await listed();
      assert.equal(names.length, 2, names.join(" | "));
      assert.ok(
        names.some((x) => /^评审专家（演示）\s+专家\s+财政局绩效科（演示） 于 .+ 邀请\s+尚未提出意见$/.test(x)),
        names.join(" | "),
      );
      assert.ok(
        names.some((x) => /^第三方评价机构（演示）\s+评价机构\s+财政局绩效科（演示） 于 .+ 邀请\s+尚未提出意见$/.test(x)),
        names.join(" | "),
      );
      // The list is the API's.
      const api = (await (await adminApi("GET", `/filings/${filing.id}/invitations`)).json()) as Array<{ name: string }>;
      assert.deepEqual(api.map((i) => i.name).sort(), ["第三方评价机构（演示）", "评审专家（演示）"].sort());

      // The expert now reads the filing and gives an opinion; it moves nothing, and finance sees it counted.
      const expertPage = await session("expert");
      const e = new FilingPages(expertPage, server.url);
      await e.open(filing.id);
      await e.action("review").click();
      await expertPage.getByTestId("review-form").waitFor();
      await expertPage.getByTestId("review-conclusion").getByText("退回修改", { exact: true }).click();
      await expertPage.getByTestId("review-opinion").fill("“贴息人数”应注明数据来源（贷款发放台账）。");
      await expertPage.getByTestId("review-submit").click();
      await expertPage.getByTestId("review-entry").filter({ hasText: "贷款发放台账" }).waitFor();
      assert.equal(await e.status(), "部门审核", "an invited opinion moves no status");
      // Finance may invite again but not the same people twice: they are marked 已邀请.
      await f.open(filing.id);
      await f.tab("审核");
      await adminPage.getByTestId("invitation").filter({ hasText: "已提意见 1 条" }).waitFor();
      assert.match(
        (await listed()).find((x) => x.includes("评审专家（演示）"))!,
        /已提意见 1 条/,
      );
      await f.screenshot("targets-invitations");
      await adminPage.getByTestId("filing-invite").click();
      await adminPage.getByTestId("invite-users").click();
      const option = adminPage
        .locator(".ant-select-dropdown:visible .ant-select-item-option")
        .filter({ hasText: "评审专家（演示）" })
        .first();
      assert.match(await option.innerText(), /已邀请/);
      assert.match((await option.getAttribute("class")) ?? "", /ant-select-item-option-disabled/);
      await adminPage.keyboard.press("Escape");

      // The 主管部门 reviews but does not invite: no button for them.
      const deptPage = await session("department");
      await new FilingPages(deptPage, server.url).open(filing.id);
      assert.equal(await deptPage.getByTestId("filing-invite").count(), 0);
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
      // The check runs as the grid settles: read it again until row 2's problem is in (or 20 s have passed).
      let problems = await u.quality();
      for (let i = 0; i < 40 && !problems.some((p) => p.row === "1" && p.code.startsWith("filing/")); i++) {
        await unitPage.waitForTimeout(500);
        problems = await u.quality();
      }
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

    test("a department fills its monitoring report with live lights; the dashboard and its drill-down agree with the API", async () => {
      // An approved filing to monitor, filed and reviewed through the API (the browser test above walks that flow).
      const unitApi = await apiAs(filer);
      const deptApi = await apiAs("department");
      const adminApi = await apiAs("admin");
      const document = {
        kind: "项目",
        fiscalYear: 2026,
        name: "职业技能提升行动（浏览器测试）",
        department: "阳泉市人力资源和社会保障局",
        implementer: unit.name,
        period: "2026年1月-2026年12月",
        continuity: "新增",
        funds: {
          unit: "万元",
          lines: [
            { source: "财政拨款", amount: "120" },
            { source: "上级补助", amount: "80" },
          ],
        },
        basis: "《职业技能提升行动方案》",
        content: "开展职业技能培训",
        annualGoal: "全年培训1200人，合格率不低于90%",
        indicators: [
          { level1: "产出指标", level2: "数量指标", name: "培训人数", target: "≥1200人", weight: "40", dataSource: "培训台账" },
          { level1: "产出指标", level2: "质量指标", name: "培训合格率", target: "≥90%", weight: "30", dataSource: "考核记录" },
          {
            level1: "满意度指标",
            level2: "服务对象满意度指标",
            name: "参训人员满意度",
            target: "≥90%",
            weight: "30",
            dataSource: "问卷调查",
          },
        ],
      };
      const created = await unitApi("POST", "/filings", { organisationId: unit.id, document });
      assert.equal(created.status, 201, await created.clone().text());
      const filing = (await created.json()) as FilingDetail;
      const version = async () => ((await (await adminApi("GET", `/filings/${filing.id}`)).json()) as FilingDetail).version;
      const criteria = Object.fromEntries(
        ["completeness", "relevance", "appropriateness", "feasibility"].map((c) => [c, { rating: "meets", opinion: "" }]),
      );
      let r = await unitApi("POST", `/filings/${filing.id}/transitions`, { version: await version(), action: "submit" });
      assert.equal(r.status, 200, await r.clone().text());
      r = await deptApi("POST", `/filings/${filing.id}/reviews`, {
        version: await version(),
        criteria,
        conclusion: "pass",
        opinion: "同意",
      });
      assert.equal(r.status, 201, await r.clone().text());
      r = await adminApi("POST", `/filings/${filing.id}/reviews`, {
        version: await version(),
        criteria,
        conclusion: "pass",
        opinion: "批复",
      });
      assert.equal(r.status, 201, await r.clone().text());

      // 下达监控任务: the finance bureau, 1—7月, 一般监控, this project.
      const adminPage = await session("admin");
      const m = new MonitoringPages(adminPage, server.url);
      await adminPage.goto(`${server.url}/monitoring/tasks`);
      await adminPage.getByTestId("issue-task").click();
      await adminPage.getByTestId("task-title").fill("2026年1—7月绩效运行监控（浏览器测试）");
      const dialog = adminPage.getByRole("dialog");
      await dialog.getByLabel("年度").fill("2026");
      await dialog.getByLabel("监控期间（月）").fill("7");
      await dialog.getByLabel("报送截止").fill("2099-08-15");
      await adminPage.getByTestId("task-filings").click();
      await adminPage
        .locator(".ant-select-dropdown:visible .ant-select-item-option")
        .filter({ hasText: "职业技能提升行动" })
        .first()
        .click();
      await dialog.locator(".ant-modal-title").click(); // closes the multiple select's list
      await dialog.getByRole("button", { name: "下达监控任务" }).click();
      await dialog.waitFor({ state: "hidden" });
      const tasks = (await (await adminApi("GET", "/monitoring/tasks")).json()) as Array<{ id: string; title: string }>;
      const task = tasks.find((x) => x.title.includes("浏览器测试"))!;
      assert.ok(task, "the task was issued");

      // 填报: the unit fills 1—7月 execution and completion; the lights follow the typing.
      const unitPage = await session(filer);
      await unitPage.goto(`${server.url}/monitoring/tasks/${task.id}/reports/${filing.id}`);
      await unitPage.getByTestId("report-title").waitFor();
      await unitPage.getByTestId("budget-0-executed").fill("50");
      await unitPage.getByTestId("budget-1-executed").fill("30");
      await unitPage.getByTestId("ind-0-actual").fill("300");
      await unitPage.getByTestId("ind-1-actual").fill("92%");
      await unitPage.getByTestId("ind-2-actual").fill("85%");
      // 80 ÷ 200 = 40% spent against 7/12 = 58.33% of the year: 68.57, yellow; 300 ÷ (1200 ÷ 12 × 7) = 42.86%, red.
      await unitPage.locator('[data-testid="report-budget-light"][data-light="yellow"]').waitFor();
      await unitPage.locator('[data-testid="ind-0-light"][data-light="red"]').waitFor();
      await unitPage.locator('[data-testid="ind-1-light"][data-light="green"]').waitFor();
      assert.match(await unitPage.getByTestId("report-budget-formula").innerText(), /68\.57/);
      await unitPage.getByRole("combobox", { name: "偏差原因" }).first().click();
      await unitPage.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "经费保障" }).first().click();
      await unitPage.getByTestId("report-title").click(); // closes the multiple select's list
      await unitPage.getByTestId("ind-0-measures").fill("加快培训班次安排");
      await unitPage.screenshot({ path: new URL("monitoring-report.png", SCREENSHOTS).pathname, fullPage: true });
      await unitPage.getByTestId("report-submit").click();
      await unitPage.locator('[data-testid="timeliness"][data-value="onTime"]').waitFor();

      // The dashboard: the same lights as the API, by department and project; the drill-down's formulas.
      await m.openDashboard();
      await adminPage.getByTestId("dashboard-task").click();
      await adminPage.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "浏览器测试" }).first().click();
      await adminPage.getByTestId("drill").filter({ hasText: "职业技能提升行动" }).waitFor();
      const dash = (await (await adminApi("GET", `/monitoring/dashboard?taskId=${task.id}`)).json()) as MonitoringDashboardView;
      assert.deepEqual(await m.counts(), {
        red: dash.lights.red,
        yellow: dash.lights.yellow,
        green: dash.lights.green,
        blue: dash.lights.blue,
      });
      const rows = await m.projects();
      const apiRows = dash.departments.flatMap((dep) => dep.projects);
      assert.equal(rows.length, apiRows.length);
      for (const p of apiRows) {
        const row = rows.find((x) => x.title === p.title);
        assert.ok(row, `project ${p.title} shown`);
        assert.equal(row.light, p.light ?? "", p.title);
        assert.equal(row.timeliness, p.timeliness, p.title);
      }
      assert.equal(rows.find((x) => x.title.includes("职业技能提升行动"))?.light, "red");
      await m.screenshot("monitoring-dashboard");
      await m.drill("职业技能提升行动");
      const lights = (await (await adminApi("GET", `/monitoring/tasks/${task.id}/lights/${filing.id}`)).json()) as ProjectLightsView;
      const shown = await adminPage.getByTestId("indicator-light").evaluateAll((els) => els.map((e) => e.getAttribute("data-light") ?? ""));
      assert.deepEqual(shown, ["red", "green", "green"]);
      assert.deepEqual(
        shown,
        lights.indicators.map((i) => i.light ?? ""),
      );
      const formulas = await adminPage.getByTestId("indicator-formula").allInnerTexts();
      assert.ok(
        formulas.some((x) => x.includes("300") && x.includes("42.86")),
        `the formula with its numbers: ${formulas.join(" | ")}`,
      );
      assert.equal(await adminPage.getByTestId("budget-formula").innerText(), lights.budget!.explanation.zh);
      assert.match(lights.budget!.explanation.zh, /80万元 ÷ 200万元/);
      // 财政结论: 督促整改 with its reason, recorded and read back.
      await adminPage.getByTestId("conclusion-choice").getByText("督促整改", { exact: true }).click();
      await adminPage.getByTestId("conclusion-reason").fill("培训进度严重滞后，限期整改并报送纠偏情况。");
      await adminPage.getByTestId("conclusion-save").click();
      await adminPage.getByTestId("conclusion-current").filter({ hasText: "督促整改" }).waitFor();
      await m.screenshot("monitoring-drilldown");
      const after = (await (await adminApi("GET", `/monitoring/tasks/${task.id}/lights/${filing.id}`)).json()) as ProjectLightsView;
      assert.equal(after.conclusion?.conclusion, "rectify");
    });
  });
}
