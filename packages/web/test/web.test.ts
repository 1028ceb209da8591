/**
 * The web workspace end to end in a real browser (Debian's chromium via playwright-core) against
 * a real server (SQLite, demo data): every role logs in; Yangquan shows 85.73 / 良; typing
 * re-scores live before saving; a save survives a reload; two sessions get the conflict view;
 * a department user cannot open another department's evaluation, not even by URL.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { ROLE_LABELS, type EvaluationSummary, type Role } from "@jixiao/api";
import { formatScore, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import { PlaceholderScope, buildReport, fill } from "@jixiao/reports/pure";
import type { BrowserContext, Page } from "playwright-core";
import { EvaluationListPage, LoginPage, WorkspacePage } from "./pages/app-pages.js";
import { WorkingPapersPanel } from "./pages/papers-pages.js";
import { PublicPages, banner, statusAction } from "./pages/public-pages.js";
import { type Chromium, findChromium, launch } from "./pages/browser.js";
import { CommissionsPage, RequestsPanel, auditRows } from "./pages/collaboration-pages.js";
import { type TestServer, apiAs as apiAsServer, startServer } from "./server.js";

const executable = findChromium();
const ROLES: Record<string, Role> = {
  admin: "finance_admin",
  evaluator: "evaluator",
  department: "department",
  expert: "expert",
  visitor: "visitor",
};

if (!executable && process.env["CI"] === "true") {
  test("browser tests need chromium", () => {
    assert.fail("chromium not found on PATH (CI installs it in .ci/run: apt-get install chromium)");
  });
} else if (!executable) {
  console.log("# chromium not found on PATH: the browser tests are SKIPPED (apt-get install chromium)");
  test("web workspace in a real browser", { skip: "chromium not found on PATH" }, () => {});
} else {
  describe("web workspace in chromium", () => {
    let server: TestServer;
    let browser: Chromium;
    let evaluations: EvaluationSummary[];
    const contexts: BrowserContext[] = [];

    /** A logged-in page for `user`, in its own browser session. */
    async function session(user: string, viewport?: { width: number; height: number }): Promise<{ page: Page; workspace: WorkspacePage }> {
      const ctx = await browser.context(viewport);
      contexts.push(ctx);
      const page = await ctx.newPage();
      const login = new LoginPage(page, server.url);
      await login.open("/");
      await login.logIn(user, server.passwords[user]!);
      return { page, workspace: new WorkspacePage(page, server.url) };
    }

    const apiAs = (user: string) => apiAsServer(server, user);

    /** A draft copy of Yangquan (the demo's Yangquan is published, so read-only for everyone). */
    const draftCopyOfYangquan = async (): Promise<string> => {
      const yq = byTitle("阳泉市人力资源和社会保障局");
      const admin = await apiAs("admin");
      const doc = ((await (await admin("GET", `/evaluations/${yq.id}`)).json()) as { document: unknown }).document;
      const created = await admin("POST", "/evaluations", {
        organisationId: yq.organisationId,
        document: doc,
        reason: "浏览器测试：阳泉草稿副本",
      });
      assert.equal(created.status, 201, await created.clone().text());
      return ((await created.json()) as { id: string }).id;
    };

    const byTitle = (part: string) => {
      const e = evaluations.find((x) => x.title.includes(part));
      assert.ok(e, `no evaluation titled *${part}*`);
      return e;
    };

    before(async () => {
      server = await startServer();
      browser = await launch(executable);
      const admin = await apiAs("admin");
      evaluations = (await (await admin("GET", "/evaluations")).json()) as EvaluationSummary[];
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.close();
    });

    test("every role logs in and sees who they are", async () => {
      for (const [user, role] of Object.entries(ROLES)) {
        const { page } = await session(user);
        assert.equal((await page.getByTestId("role-tag").innerText()).trim(), ROLE_LABELS[role].zh, user);
        await page.getByTestId("whoami").click();
        await page.getByTestId("whoami-card").waitFor();
        if (user === "visitor") {
          // The English switch: the same screen in English, remembered across a reload.
          await page.getByRole("button", { name: "切换语言 / switch language" }).click();
          assert.equal((await page.getByTestId("role-tag").innerText()).trim(), ROLE_LABELS.visitor.en);
          await page.reload();
          // A visitor's menu is the public view (绩效公开), not the working list.
          await page.getByRole("link", { name: "Published evaluations" }).first().waitFor();
        }
        await page.context().close();
      }
    });

    test("Yangquan shows 85.73 / 良, read-only for a department user, and the API agrees", async () => {
      const yq = byTitle("阳泉市人力资源和社会保障局");
      const { page, workspace } = await session("admin");
      await workspace.open(yq.id);
      await workspace.waitLoaded();
      assert.equal(await workspace.total(), "85.73");
      assert.equal(await workspace.grade(), "良");
      assert.equal(await page.getByTestId("staff-control-rate").innerText(), "84.79%");
      await workspace.screenshot("workspace-overview-1366");
      // 报告: the report and export endpoints the server describes, downloadable.
      await workspace.tab("报告");
      await page
        .getByRole("link", { name: /Word 文档/ })
        .first()
        .waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page
          .getByRole("link", { name: /Word 文档/ })
          .first()
          .click(),
      ]);
      assert.match(download.suggestedFilename(), /\.docx$/);
      assert.ok((await page.getByRole("link", { name: /Excel 工作簿/ }).count()) >= 1);

      const dept = await session("department");
      await dept.workspace.open(yq.id, "scoring");
      await dept.workspace.waitLoaded();
      assert.equal(await dept.workspace.total(), "85.73");
      assert.equal(await dept.workspace.readOnly(), true, "a published evaluation is read-only for a department user");
      assert.equal(await dept.page.getByTestId("save").count(), 0);
      const put = await (await apiAs("department"))("PUT", `/evaluations/${yq.id}`, { version: yq.version, document: {} });
      assert.equal(put.status, 403, "the API refuses the edit the UI does not offer");
    });

    test("typing re-scores live before saving; a save survives a reload", async () => {
      const copy = await draftCopyOfYangquan();
      const { page, workspace } = await session("admin");
      await workspace.open(copy, "scoring");
      await workspace.waitLoaded();
      // What-if in the header: 85.73 (良) is 4.27 short of 优.
      assert.equal(await workspace.waitForText("next-grade", "距“优”还差 4.27 分"), "距“优”还差 4.27 分");
      await workspace.type("直接赋分 履职效能", "28");
      assert.equal(await workspace.waitForText("total", "92.49"), "92.49");
      assert.equal(await workspace.waitForText("grade", "优"), "优");
      assert.equal(await page.getByTestId("next-grade").count(), 0, "the top grade has no next one");
      assert.equal(await workspace.waitForText("rate-indicators.0", "93.33%"), "93.33%");
      await page.getByTestId("dirty").waitFor();
      await workspace.screenshot("workspace-scoring-1366");
      // Leaving with unsaved changes asks first; staying keeps what was typed.
      page.once("dialog", (d) => void d.dismiss());
      await page.getByRole("link", { name: "评价列表" }).click();
      assert.match(page.url(), /\/scoring$/);
      assert.equal(await workspace.field("直接赋分 履职效能").inputValue(), "28");
      await workspace.type("直接赋分 履职效能", "21.24");
      assert.equal(await workspace.waitForText("total", "85.73"), "85.73");

      // A leaf's actual value: the evaluation and leaf whose change moves the grade, found with
      // the same engine in Node; the browser must show exactly what the engine computes.
      const admin = await apiAs("admin");
      let pick: { id: string; path: Array<string | number>; name: string; total: string; grade: string; leafScore: string } | undefined;
      for (const e of evaluations.filter((x) => x.status === "draft")) {
        const doc = (await (await admin("GET", `/evaluations/${e.id}`)).json()).document;
        const before = scoreEvaluation((validateEvaluation(doc) as { ok: true; evaluation: never }).evaluation);
        const names = before.all.map((n) => n.name);
        for (const leaf of before.all.filter(
          (n) =>
            n.children.length === 0 &&
            n.rule === "proportional" &&
            typeof n.node.actual === "object" &&
            names.filter((x) => x === n.name).length === 1,
        )) {
          const copy = structuredClone(doc);
          let at: any = copy;
          for (const k of leaf.path) at = at[k];
          at.actual = 0;
          const after = scoreEvaluation((validateEvaluation(copy) as { ok: true; evaluation: never }).evaluation);
          if (after.grade !== before.grade) {
            pick = {
              id: e.id,
              path: [...leaf.path],
              name: leaf.name,
              total: formatScore(after.total!),
              grade: after.grade!,
              leafScore: formatScore(after.all.find((n) => n.path.join() === leaf.path.join())!.score!),
            };
            break;
          }
        }
        if (pick) break;
      }
      assert.ok(pick, "the demo data has a leaf whose actual value moves the grade");
      await workspace.open(pick.id, "scoring");
      await workspace.waitLoaded();
      const beforeTotal = await workspace.total();
      await workspace.type(`实际值 ${pick.name}`, "0");
      const key = pick.path.join(".");
      assert.equal(await workspace.waitForText(`score-${key}`, pick.leafScore), pick.leafScore);
      assert.equal(await workspace.waitForText("total", pick.total), pick.total);
      assert.notEqual(pick.total, beforeTotal);
      assert.equal(await workspace.waitForText("grade", pick.grade), pick.grade);
      // Keyboard entry: ↓ goes to the next leaf's actual value, ↑ comes back.
      await page.keyboard.press("ArrowDown");
      const below = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
      assert.ok(below?.startsWith("实际值 ") && below !== `实际值 ${pick.name}`, String(below));
      await page.keyboard.press("ArrowUp");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), `实际值 ${pick.name}`);
      // 核查 links to the field: a cleared actual value is a diagnostic whose link focuses it.
      await workspace.type(`实际值 ${pick.name}`, "");
      await workspace.tab("核查");
      await page
        .getByRole("button", { name: new RegExp(`定位到字段 .*${pick.name}`) })
        .first()
        .click();
      await page.waitForFunction((label) => document.activeElement?.getAttribute("aria-label") === label, `实际值 ${pick.name}`);
      await workspace.type(`实际值 ${pick.name}`, "0");
      assert.equal(await workspace.waitForText("total", pick.total), pick.total);
      await workspace.save();
      await page.getByText("已保存").first().waitFor();
      await page.reload();
      await workspace.waitLoaded();
      assert.equal(await workspace.waitForText("total", pick.total), pick.total);
      await workspace.reveal(`实际值 ${pick.name}`);
      assert.equal(await workspace.field(`实际值 ${pick.name}`).inputValue(), "0");
    });

    test("two sessions editing the same evaluation: the second gets the conflict view and keeps what it typed", async () => {
      const target = evaluations.find((x) => x.status === "draft" && x.agencyId !== null && !x.title.includes("阳泉市人力"))!;
      const a = await session("admin");
      const b = await session("evaluator");
      for (const s of [a, b]) {
        await s.workspace.open(target.id, "scoring");
        await s.workspace.waitLoaded();
      }
      const label = "指标 indicators.0";
      await a.workspace.type(label, "投入（财政局修改）");
      await b.workspace.type(label, "投入（评价机构修改）");
      await a.page.getByTestId("dirty").waitFor();
      await b.page.getByTestId("dirty").waitFor();
      await a.workspace.save();
      await a.page.getByText("已保存").first().waitFor();
      await b.workspace.save();
      await b.page.getByTestId("conflict-view").waitFor();
      assert.equal(await b.page.getByTestId("conflict-mine").first().innerText(), "投入（评价机构修改）");
      assert.equal(await b.page.getByTestId("conflict-theirs").first().innerText(), "投入（财政局修改）");
      await b.workspace.screenshot("conflict-1366");
      await b.page.locator("label", { hasText: "采用对方的" }).first().click();
      await b.page.getByTestId("merge-save").click();
      await b.page.getByText("已保存").first().waitFor();
      assert.equal(await b.workspace.field(label).inputValue(), "投入（财政局修改）");
    });

    test("expert panel and working papers: two experts score blind, the spread is flagged, the evaluator adopts the mean, attaches a PDF, and an open note holds 提交 up until resolved", async () => {
      // A draft copy of Yangquan evaluated by the demo agency; 履职效能 (A, 30 points) is a leaf.
      const yq = byTitle("阳泉市人力资源和社会保障局");
      const admin = await apiAs("admin");
      const doc = ((await (await admin("GET", `/evaluations/${yq.id}`)).json()) as { document: Record<string, unknown> }).document;
      const created = await admin("POST", "/evaluations", {
        organisationId: yq.organisationId,
        agencyId: yq.agencyId,
        document: doc,
        reason: "专家评议（浏览器测试）",
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { id } = (await created.json()) as { id: string };

      // The evaluator assigns two experts to 履职效能.
      const ev = await session("evaluator");
      await ev.workspace.open(id, "scoring");
      await ev.workspace.waitLoaded();
      await ev.workspace.details("履职效能");
      const evPanel = new WorkingPapersPanel(ev.page);
      await evPanel.assignExperts(["评审专家（演示）", "评审专家乙（演示）"]);
      await evPanel.show("panel");
      await ev.workspace.screenshot("panel-assigned-1366");

      // Each expert scores without seeing the other: one high, one low.
      const e1 = await session("expert");
      await e1.workspace.open(id, "scoring");
      await e1.workspace.waitLoaded();
      assert.equal(await e1.workspace.editable("直接赋分 履职效能"), false, "experts never write the document");
      await e1.workspace.details("履职效能");
      const p1 = new WorkingPapersPanel(e1.page);
      await p1.scoreAndSubmit(27, "履职成效明显");
      const e2 = await session("expert2");
      await e2.workspace.open(id, "scoring");
      await e2.workspace.waitLoaded();
      await e2.workspace.details("履职效能");
      const p2 = new WorkingPapersPanel(e2.page);
      const blind = await p2.entry("评审专家（演示）");
      assert.match(blind, /提交本人评分后可见/);
      assert.equal(blind.includes("27"), false, "the other's score is not shown before submitting");
      await p2.show("panel");
      await e2.workspace.screenshot("panel-blind-expert2-1366");
      await p2.scoreAndSubmit(12, "部分目标未完成");
      assert.match(await p2.entry("评审专家（演示）"), /27/, "seen once submitted");

      // The evaluator sees the spread flagged and adopts the mean.
      await ev.page.reload();
      await ev.workspace.waitLoaded();
      await ev.page.getByTestId("flag-A").waitFor();
      await ev.workspace.details("履职效能");
      assert.equal(await evPanel.result(), "19.50");
      assert.equal(await evPanel.flagged(), true);
      await evPanel.show("panel");
      await ev.workspace.screenshot("panel-flagged-1366");
      await evPanel.adopt();
      assert.match(await evPanel.decision(), /已采纳：19\.50/);
      const evApi = await apiAs("evaluator");
      const adopted = (await (await evApi("GET", `/evaluations/${id}`)).json()) as {
        document: { indicators: Array<{ rule?: { type: string; scores: unknown[] } }> };
      };
      assert.equal(adopted.document.indicators[0]!.rule?.type, "expert");
      assert.equal(adopted.document.indicators[0]!.rule?.scores.length, 2);

      // A PDF attached to the indicator, counted in the grid.
      await evPanel.attach("培训签到表.pdf", "application/pdf", Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"));
      // An open note on it holds 提交 up until it is resolved.
      await evPanel.addNote("扣分依据需补充说明");
      await ev.workspace.closeDetails();
      await ev.page.getByTestId("files-A").waitFor();
      await ev.page.getByTestId("notes-A").waitFor();
      assert.equal((await ev.page.getByTestId("files-A").innerText()).trim(), "1");
      await ev.workspace.screenshot("papers-counts-1366");
      await ev.page.getByTestId("action-submit").click();
      await ev.page
        .getByRole("dialog")
        .getByRole("button", { name: /^提\s*交$/ })
        .click();
      await ev.page.getByTestId("open-notes").waitFor();
      await ev.page.waitForTimeout(400); // the dialog's opening animation
      await ev.workspace.screenshot("submit-blocked-by-notes-1366");
      await ev.page
        .getByRole("dialog")
        .getByRole("button", { name: /^取\s*消$/ })
        .click();
      await ev.page.getByRole("dialog").waitFor({ state: "hidden" });
      await ev.workspace.details("履职效能");
      await evPanel.toggleNote();
      await ev.workspace.closeDetails();
      await ev.page.getByTestId("notes-A").waitFor({ state: "detached" });
      await statusAction(ev.page, "submit", /^提\s*交$/);
      assert.equal(await ev.workspace.waitForText("status", "已提交"), "已提交");
    });

    test("what people write scores in the grid as in the engine: ≥5000人 / 5230, ≥95% / 100%, ≤500万元 / 520万元, ≧100% / 98%; an unreadable actual is 未评分 with a partial total and no grade", async () => {
      const yq = byTitle("阳泉市人力资源和社会保障局");
      const admin = await apiAs("admin");
      const document = {
        schemaVersion: 1,
        meta: {
          title: "阳泉市人力资源和社会保障局（浏览器测试：人们怎样写指标值）",
          kind: "项目支出",
          fiscalYear: 2024,
          subject: "某单位",
          evaluationType: "单位自评",
        },
        indicators: [
          { id: "P1", name: "培训人数", weight: 25, target: "≥5000人", actual: 5230 },
          { id: "P2", name: "培训合格率", weight: 25, target: "≥95%", actual: "100%" },
          { id: "P3", name: "项目总成本", weight: 25, target: "≤500万元", actual: "520万元" },
          { id: "P4", name: "完成率", weight: 25, target: "≧100%", actual: "98%" },
        ],
      };
      const created = await admin("POST", "/evaluations", { organisationId: yq.organisationId, document, reason: "浏览器测试" });
      assert.equal(created.status, 201, await created.clone().text());
      const id = ((await created.json()) as { id: string }).id;
      const { workspace } = await session("admin");
      await workspace.open(id, "scoring");
      await workspace.waitLoaded();
      assert.equal(await workspace.waitForText("total", "98.54"), "98.54");
      assert.equal(await workspace.waitForText("grade", "优"), "优");
      for (const [i, want] of ["25.00", "25.00", "24.04", "24.50"].entries()) {
        assert.equal(await workspace.waitForText(`score-indicators.${i}`, want), want, `leaf ${i + 1}`);
      }
      // The unit column shows what the target was read in; the API's view agrees with the grid.
      const view = (await (await admin("GET", `/evaluations/${id}/score`)).json()) as {
        total: string;
        nodes: Array<{ actualText: string }>;
      };
      assert.equal(view.total, "98.54");
      assert.deepEqual(
        view.nodes.map((n) => n.actualText),
        ["5,230人", "100.00%", "520.00万元", "98.00%"],
      );
      // An actual nobody can read: not a silent 0 — 未评分, 部分合计 and no grade.
      await workspace.type("实际值 项目总成本", "说不清");
      assert.equal(await workspace.waitForText("score-indicators.2", "未评分"), "未评分");
      assert.equal(await workspace.waitForText("total", "74.50"), "74.50");
      assert.match(await workspace.page.getByTestId("unscored").innerText(), /1 个指标未评分/);
      assert.equal(await workspace.grade(), "未评级");
      await workspace.screenshot("workspace-what-people-write");
      await workspace.type("实际值 项目总成本", "5,200,000元");
      assert.equal(await workspace.waitForText("score-indicators.2", "24.04"), "24.04");
      assert.equal(await workspace.waitForText("total", "98.54"), "98.54");
    });

    test("a department user cannot open another department's evaluation, not even by URL", async () => {
      const other = byTitle("教育局2024");
      const { page, workspace } = await session("department");
      const list = new EvaluationListPage(page, server.url);
      await list.open();
      const titles = await list.titles();
      assert.ok(titles.length > 0 && titles.every((x) => /阳泉市人力资源和社会保障局|阳泉市人社局/.test(x)), titles.join(" | "));
      await workspace.open(other.id);
      await page.getByText("评价不存在或无权访问").first().waitFor();
      assert.equal(await page.getByTestId("evaluation-title").count(), 0);
      const r = await (await apiAs("department"))("GET", `/evaluations/${other.id}`);
      assert.equal(r.status, 404);
      // A department user creates an evaluation by uploading a Jixiao file: it scores at once.
      await list.open();
      await list.upload(fileURLToPath(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url)));
      assert.equal(await workspace.waitForText("total", "85.73"), "85.73");
      assert.equal(await workspace.readOnly(), false, "a department user edits its own draft");
    });

    test("tables as a new evaluation: cells in error are listed by sheet!cell, partial shows the rows left out, a valid .xlsx scores at once", async () => {
      const fixture = (name: string) => fileURLToPath(new URL(`../../exchange/test/fixtures/import/${name}`, import.meta.url));
      const { page, workspace } = await session("department");
      const list = new EvaluationListPage(page, server.url);
      await list.open();
      // A workbook with mistakes: nothing is created, every cell in error is named.
      await list.uploadTables(fixture("自评表-mistakes.xlsx"));
      assert.deepEqual(await list.dialogRows("import-errors"), [
        ["基本信息!B4", "预算年度应为 1990–2100 之间的整数，实际为“二〇二五”"],
        ["评分表!E4", "“权重”应为数字，实际为“十分”"],
        ["评分表!E6", "缺少“权重”（分值，应为数字）"],
      ]);
      await page.getByTestId("import-errors").getByText("自评表-mistakes.xlsx：共 3 处错误，未导入", { exact: false }).waitFor();
      await workspace.screenshot("import-errors-1366");
      await list.cancelDialog();
      // Partial: the rows in error are shown first; creating leaves them out.
      await list.uploadTables(fixture("评分表-mistakes.csv"), true);
      const rows = await list.dialogRows("import-rejected");
      assert.deepEqual(
        rows.map((r) => r[0]),
        ["评分表-mistakes!A3", "评分表-mistakes!A5"],
      );
      assert.match(rows[0]![2]!, /E3：“权重”应为数字，实际为“十分”/, "each rejected row names its cell in error");
      assert.match(rows[1]![2]!, /E5：缺少“权重”/);
      await workspace.screenshot("import-partial-1366");
      await page.getByRole("button", { name: "略过 2 行并新建" }).click();
      await workspace.waitLoaded();
      const partialId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);
      const stored = (await (await (await apiAs("department"))("GET", `/evaluations/${partialId}`)).json()) as {
        total: string | null;
        partialTotal: string | null;
        unscored: number;
        document: unknown;
      };
      const scored = scoreEvaluation((validateEvaluation(stored.document) as { ok: true; evaluation: never }).evaluation);
      assert.deepEqual(
        scored.all.map((n) => n.node.id).filter(Boolean),
        ["A1", "A3", "B1", "B2", "C1"],
        "the five valid rows, not the two in error",
      );
      // The header shows what the API stored: the total, or — with a row that has no actual — the
      // partial total (部分合计) with the count of unscored indicators, never a silent 0.
      const shown = stored.total ?? stored.partialTotal!;
      assert.equal(await workspace.waitForText("total", shown), shown);
      if (stored.total === null)
        assert.match(await page.getByTestId("unscored").innerText(), new RegExp(`${stored.unscored} 个指标未评分`));
      assert.equal(await workspace.readOnly(), false);
      // A valid workbook: created and scored (97.00, 优), the title from its 基本信息 sheet.
      await list.open();
      await list.uploadTables(fixture("自评表.xlsx"));
      await workspace.waitLoaded();
      assert.equal(await page.getByTestId("evaluation-title").innerText(), "某市职业技能提升行动2025年度项目支出绩效自评");
      assert.equal(await workspace.waitForText("total", "97.00"), "97.00");
      assert.equal(await workspace.grade(), "优");
      const mine = (await (await (await apiAs("department"))("GET", "/evaluations")).json()) as EvaluationSummary[];
      assert.ok(mine.some((e) => e.title === "某市职业技能提升行动2025年度项目支出绩效自评" && e.total === "97.00"));
    });

    test("narrative placeholders show filled, as the report prints them; the raw text stays editable; an unknown one shows its error in Chinese", async () => {
      const yq = byTitle("阳泉市人力资源和社会保障局");
      const doc = (
        (await (await (await apiAs("admin"))("GET", `/evaluations/${yq.id}`)).json()) as {
          document: { findings: Array<{ text: string }>; narrative: Array<{ id?: string; text?: string }> };
        }
      ).document;
      // What the report itself prints for these texts (the whole text filled at once, table numbers from the report).
      const e = (validateEvaluation(doc) as { ok: true; evaluation: never }).evaluation;
      const report = buildReport(e);
      const numbering = new Map(
        report.blocks.flatMap((b) =>
          b.kind === "table" || b.kind === "chart" ? [[`${b.kind}:${b.key}`, b.label] as [string, string]] : [],
        ),
      );
      const scope = new PlaceholderScope(e, scoreEvaluation(e), numbering);
      const f2 = fill(doc.findings[1]!.text, scope, "findings[1].text");
      assert.match(f2, /（见表3）/);
      const lead = doc.narrative.find((n) => n.id === "conclusion-lead")!;
      const leadText = fill(lead.text!, scope, "narrative.text");
      assert.match(leadText, /四项一级指标总得分情况如表2/);

      const { page, workspace } = await session("admin");
      await workspace.open(await draftCopyOfYangquan(), "findings");
      await workspace.waitLoaded();
      assert.equal(await workspace.filled("内容 2"), f2);
      assert.equal(
        await workspace.field("内容 2").inputValue(),
        doc.findings[1]!.text,
        "the raw text, placeholders and all, is what is edited",
      );
      // An unknown placeholder: its error inline, the rest still filled.
      await workspace.field("内容 2").fill(`${doc.findings[1]!.text}另见{{outcomes.new-jobs.actual}}。`);
      await page.getByTestId("placeholder-error").first().waitFor();
      assert.equal(
        await page.getByTestId("placeholder-error").first().innerText(),
        "{{outcomes.new-jobs.actual}}（无法填写：outcomes 中没有 id 为“new-jobs”的成效）",
      );
      assert.ok((await workspace.filled("内容 2")).startsWith(f2), "the known placeholders are still filled");
      await workspace.screenshot("placeholders-findings-1366");
      // 报告正文: the narrative sections, filled.
      await workspace.tab("报告");
      assert.equal(await workspace.filled("评价结论（表前） 内容"), leadText);
      await page.getByRole("group", { name: "评价结论（表前） 内容（填入数据后）" }).scrollIntoViewIfNeeded();
      await workspace.screenshot("placeholders-narrative-1366");

      // Read-only (a department user on the published Yangquan): the filled text, the raw one on request.
      const dept = await session("department");
      await dept.workspace.open(yq.id, "findings");
      await dept.workspace.waitLoaded();
      assert.equal(await dept.workspace.filled("内容 2"), f2);
      assert.equal(await dept.workspace.field("内容 2").count(), 0);
      await dept.page
        .getByRole("button", { name: /查看原文/ })
        .nth(1)
        .click();
      assert.equal(await dept.workspace.field("内容 2").inputValue(), doc.findings[1]!.text);
    });

    test("绩效公开: a visitor and the public see the published Yangquan (85.73 / 良, four level-1 scores) and its correction note after an admin's 更正; no history or audit", async () => {
      const yq = byTitle("阳泉市人力资源和社会保障局");
      // The admin corrects a unit's name (the scores stay), with the reason the public will read.
      const { page, workspace } = await session("admin");
      await workspace.open(yq.id);
      await workspace.waitLoaded();
      await banner(page, "publish");
      await page.getByTestId("action-correct").click();
      await page.getByTestId("correcting").waitFor();
      const unit = workspace.field("单位名称 1");
      const name = await unit.inputValue();
      await unit.fill(`${name}（更正）`);
      await page.getByLabel("修改说明").fill("下属单位名称有误，予以更正");
      await workspace.save();
      const corrected = await banner(page, "correct");
      assert.match(corrected, /下属单位名称有误，予以更正/);
      assert.equal(await workspace.total(), "85.73");
      await workspace.screenshot("correction-saved-admin");

      // A visitor lands on the public list; the workspace is not theirs, not even by URL.
      const visitor = await session("visitor");
      const pub = new PublicPages(visitor.page, server.url);
      await pub.waitList();
      const row = (await pub.rows()).find((r) => r[0]!.includes("阳泉市人力资源和社会保障局"));
      assert.ok(row, "Yangquan is listed");
      assert.equal(row[3], "85.73");
      assert.equal(row[4], "良");
      assert.match(row[5]!, /已更正/);
      assert.equal(await visitor.page.getByRole("link", { name: "评价列表" }).count(), 0, "no working list in the menu");
      await pub.screenshot("public-list-visitor");
      await pub.openEvaluation("阳泉市人力资源和社会保障局");
      assert.equal(await pub.total(), "85.73");
      assert.equal(await pub.grade(), "良");
      assert.deepEqual(
        (await pub.level1()).map((r) => r.slice(1)),
        [
          ["30", "21.24", "70.80%"],
          ["40", "37.88", "94.70%"],
          ["20", "19.61", "98.05%"],
          ["10", "7.00", "70.00%"],
        ],
      );
      const notes = await pub.corrections();
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /^\d{4}-\d\d-\d\d 更正：下属单位名称有误，予以更正$/);
      assert.equal(await visitor.page.getByRole("tab").count(), 0, "no tabs: no history, no audit trail");
      assert.equal(await visitor.page.getByText(/历史|审计/).count(), 0);
      assert.match(
        (await visitor.page.getByTestId("public-report-pdf").getAttribute("href"))!,
        /\/public\/evaluations\/.+\/report\?format=pdf$/,
      );
      await pub.screenshot("public-page-visitor");
      await visitor.page.goto(`${server.url}/evaluations/${yq.id}/history`);
      await pub.waitList();
      assert.equal(await visitor.page.getByTestId("evaluation-title").count(), 0, "the workspace is not a visitor's");
      const history = await (await apiAs("visitor"))("GET", `/evaluations/${yq.id}/revisions`);
      assert.equal(history.status, 404);

      // The public without an account: the same pages, from the login page's link.
      const ctx = await browser.context();
      contexts.push(ctx);
      const anon = await ctx.newPage();
      await anon.goto(server.url + "/");
      await anon.getByTestId("public-link").click();
      const open = new PublicPages(anon, server.url);
      await open.waitList();
      await open.openEvaluation("阳泉市人力资源和社会保障局");
      assert.equal(await open.total(), "85.73");
      assert.equal((await open.corrections()).length, 1);
      const [pdf] = await Promise.all([anon.waitForEvent("download"), anon.getByTestId("public-report-pdf").click()]);
      assert.match(pdf.suggestedFilename(), /\.pdf$/);
      await open.screenshot("public-page-anonymous");
    });

    test("locks follow the status: after 提交 the evaluator's workspace is read-only; 退回 shows the evaluator who returned it, when and why", async () => {
      const draft = evaluations.find(
        (e) => e.status === "draft" && e.agencyId && e.title.includes("2024年度") && e.title.includes("合成示例"),
      );
      assert.ok(draft, "a demo draft of the agency");
      const ev = await session("evaluator");
      await ev.workspace.open(draft.id);
      await ev.workspace.waitLoaded();
      assert.equal(await ev.workspace.readOnly(), false);
      await statusAction(ev.page, "submit", /提\s*交/);
      assert.equal(await ev.workspace.waitForText("status", "已提交"), "已提交");
      assert.equal(await ev.workspace.readOnly(), true, "read-only after 提交");
      assert.equal(await ev.page.getByTestId("save").count(), 0);
      assert.match(await banner(ev.page, "submit"), /等待财政部门审核/);
      await ev.workspace.screenshot("submitted-evaluator-read-only");

      const admin = await session("admin");
      await admin.workspace.open(draft.id);
      await admin.workspace.waitLoaded();
      await statusAction(admin.page, "return", /退\s*回/, "请补充资金使用佐证材料");
      assert.equal(await admin.workspace.waitForText("status", "退回修改"), "退回修改");

      await ev.page.reload();
      await ev.workspace.waitLoaded();
      const text = await banner(ev.page, "return");
      assert.match(text, /财政局绩效科（演示）（财政管理员）于 \d{4}-\d\d-\d\d \d\d:\d\d 退回修改：请补充资金使用佐证材料/);
      assert.match(text, /已重新开放编辑/);
      assert.equal(await ev.workspace.readOnly(), false, "re-opened for the author");
      await ev.page.getByTestId("save").waitFor();
      await ev.workspace.screenshot("returned-banner-evaluator");
    });

    test("委托 → 资料清单 → 采纳: the admin commissions the demo agency, which creates the evaluation, asks the department for data and takes it in; the history says so in words", async () => {
      const title = "浏览器测试：人社局2025年度部门整体支出绩效评价";
      const admin = await session("admin");
      await new CommissionsPage(admin.page).commission("阳泉市人力资源和社会保障局", title);
      await admin.workspace.screenshot("commission-admin");

      // The agency sees its commission; its general 新建 buttons say why they are off.
      const ev = await session("evaluator");
      const evCommissions = new CommissionsPage(ev.page);
      await ev.page.getByRole("link", { name: "评价列表" }).click();
      await evCommissions.row(title).waitFor();
      assert.equal(await ev.page.getByRole("button", { name: "从模板新建" }).isDisabled(), true);
      await ev.workspace.screenshot("commission-evaluator-list");
      await evCommissions.createWithin(title);
      assert.equal((await ev.page.getByTestId("evaluation-title").innerText()).trim(), title);
      const id = decodeURIComponent(new URL(ev.page.url()).pathname.split("/")[2]!);

      const evRequests = new RequestsPanel(ev.page);
      await evRequests.open();
      const target = await evRequests.send("2025年度基础数据");
      assert.match(target, / · 实际值$/);
      await ev.workspace.screenshot("data-request-sent");

      // The department fills it: it reads the agency's draft but does not edit it.
      const dept = await session("department");
      await dept.workspace.open(id, "requests");
      await dept.workspace.waitLoaded();
      assert.equal(await dept.workspace.readOnly(), true, "the agency's working papers are read-only for the department");
      const deptRequests = new RequestsPanel(dept.page);
      await dept.page.getByTestId("data-requests").waitFor();
      await deptRequests.fill(1, "5300", "培训台账");
      assert.equal((await deptRequests.status(1, 1)).trim(), "已填报");
      await deptRequests.writeFeedback("请按结业人数统计培训人数");
      await dept.workspace.screenshot("data-request-filled-department");
      const department = await apiAs("department");
      const patch = await department("PATCH", `/evaluations/${id}`, {
        version: 1,
        changes: [{ path: ["meta", "note"], value: "部门改的" }],
      });
      assert.equal(patch.status, 403, "a department PATCH on the agency's draft is refused");

      // The agency takes the value in and answers the feedback; the history names it in words.
      await ev.page.reload();
      await ev.workspace.waitLoaded();
      await evRequests.open();
      await evRequests.take(1, 1);
      await evRequests.answerFeedback(1, "已按结业人数核实");
      await ev.workspace.screenshot("data-request-taken");
      const rows = await auditRows(ev.page);
      const taken = rows.find((r) => r.some((c) => c === "采纳资料") && r.some((c) => c.endsWith("· 实际值")));
      assert.ok(taken, JSON.stringify(rows.slice(0, 6)));
      assert.ok(taken.includes("5300"), JSON.stringify(taken));
      const agencyAndRole = /第三方评价机构（演示）（评价机构）/;
      const source = /来自资料清单 #1，由 人社局财务科（演示） 于 \d{4}-\d\d-\d\d \d\d:\d\d 提供/;
      assert.ok(
        taken.some((c) => agencyAndRole.test(c)),
        JSON.stringify(taken),
      );
      assert.ok(
        taken.some((c) => source.test(c)),
        JSON.stringify(taken),
      );
      for (const r of rows) for (const c of r) assert.doesNotMatch(c, /indicators\[|children\[|\.actual/, "no paths on screen");
      await ev.workspace.screenshot("history-in-words");
    });

    test("报告: choose the 财预〔2020〕10号 outline and download the DOCX; the PDF shows its progress and arrives; a 报告正文 section can be added", async () => {
      const copy = await draftCopyOfYangquan();
      const { page, workspace } = await session("admin");
      await workspace.open(copy, "report");
      await workspace.waitLoaded();
      await page.getByTestId("report-generator").waitFor();
      await page.getByRole("combobox", { name: "报告大纲" }).click();
      await page.getByTitle("财预〔2020〕10号 大纲").click();
      const docx = page.waitForEvent("download");
      await page.getByTestId("generate-docx").click();
      const file = await docx;
      assert.match(file.suggestedFilename(), /阳泉市人力资源和社会保障局.*\.docx$/);
      await page.getByTestId("report-done").waitFor();
      const pdf = page.waitForEvent("download", { timeout: 120_000 });
      await page.getByTestId("generate-pdf").click();
      await page
        .getByText(/生成中 \d+ 秒/)
        .first()
        .waitFor();
      await workspace.screenshot("report-pdf-progress");
      assert.match((await pdf).suggestedFilename(), /\.pdf$/);
      await page.getByTestId("report-done").waitFor();
      // 报告正文: a section the user adds, editable at once.
      await page.getByTestId("add-section").click();
      await page.getByLabel(/^标题 新章节 \d+$/).waitFor();
      await page.getByTestId("dirty").waitFor();
      await workspace.screenshot("report-tab");
    });

    test("dashboard at 1366×768 and 1920×1080", async () => {
      for (const viewport of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ]) {
        const { page, workspace } = await session("admin", viewport);
        await page.getByText("各等级数量").waitFor();
        await page.locator("canvas").first().waitFor();
        await workspace.screenshot(`dashboard-${viewport.width}`);
      }
    });
  });
}
