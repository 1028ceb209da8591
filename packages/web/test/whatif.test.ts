/**
 * What-if in a real browser on the demo portfolio: the dashboard's 组合模拟 (bands and 部分达成
 * changed → the migration table, the chart, who moves — the same as the API says), and the
 * workspace header's 等级稳健 tag on Yangquan with its explanation. Screenshots in
 * artifacts/screenshots/whatif-*.png.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { LoginPage, WorkspacePage } from "./pages/app-pages.js";
import { type Chromium, SCREENSHOTS, findChromium, launch } from "./pages/browser.js";
import { type TestServer, apiAs, startServer } from "./server.js";

const executable = findChromium();

/** The dashboard's what-if panel. */
class WhatIfPanel {
  constructor(readonly page: Page) {}
  async waitShown(): Promise<void> {
    await this.page.getByTestId("whatif").waitFor();
  }
  async setBand(grade: string, min: string): Promise<void> {
    const input = this.page.getByTestId(`whatif-band-${grade}`);
    await input.fill(min);
  }
  async setPartial(fraction: string): Promise<void> {
    await this.page.getByLabel("“部分达成”比例").fill(fraction);
  }
  async run(): Promise<void> {
    await this.page.getByTestId("whatif-run").click();
    await this.page.getByTestId("whatif-ms").waitFor({ timeout: 15_000 });
  }
  summary(): Promise<string> {
    return this.page.getByTestId("whatif-summary").innerText();
  }
  /** The matrix as rows of cell texts (first cell the from-grade). */
  async matrix(): Promise<string[][]> {
    const rows = this.page.locator('[data-testid="whatif-matrix"] tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator("td").allInnerTexts()).map((x) => x.trim()));
    return out;
  }
  async moverTitles(): Promise<string[]> {
    return (await this.page.locator('[data-testid="whatif-movers"] tbody tr td:first-child').allInnerTexts()).map((x) => x.trim());
  }
}

if (!executable) {
  test("what-if in a real browser", { skip: "chromium not found on PATH (web.test.ts fails in CI)" }, () => {});
} else {
  describe("what-if in the browser: the dashboard's 组合模拟 on the demo portfolio; 等级稳健 in the workspace header", () => {
    let server: TestServer;
    let browser: Chromium;
    const contexts: BrowserContext[] = [];
    const session = async (user: string): Promise<Page> => {
      const ctx = await browser.context({ width: 1440, height: 900 });
      contexts.push(ctx);
      const page = await ctx.newPage();
      const login = new LoginPage(page, server.url);
      await login.open("/");
      await login.logIn(user, server.passwords[user]!);
      return page;
    };
    before(async () => {
      server = await startServer();
      browser = await launch(executable);
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.close();
    });

    test("finance changes 优 to 85 and 部分达成 to 0.3: the table, the chart and who moves are the API's", async () => {
      const page = await session("admin");
      const panel = new WhatIfPanel(page);
      await panel.waitShown();
      // Unchanged first: nobody moves.
      await panel.run();
      const admin = await apiAs(server, "admin");
      const baseline = (await (await admin("POST", "/portfolio/whatif", {})).json()) as { count: number };
      assert.match(await panel.summary(), new RegExp(`^${baseline.count} 项评价中 0 项等级变化`));
      await panel.setBand("优", "85");
      await panel.setPartial("0.3");
      await panel.run();
      const body = {
        bands: [
          { grade: "优", min: "85" },
          { grade: "良", min: "80" },
          { grade: "中", min: "60" },
          { grade: "差", min: "0" },
        ],
        weights: [],
        levels: [{ level: "部分达成", fraction: "0.3" }],
      };
      const r = await admin("POST", "/portfolio/whatif", body);
      assert.equal(r.status, 200);
      const api = (await r.json()) as {
        count: number;
        grades: string[];
        matrix: number[][];
        movers: Array<{ title: string }>;
        explanation: { zh: string };
        up: number;
        down: number;
      };
      assert.ok(api.movers.length > 0, "the demo portfolio has evaluations near 85 or with 部分达成");
      assert.equal(await panel.summary(), api.explanation.zh);
      const matrix = await panel.matrix();
      assert.deepEqual(
        matrix.map((row) => row.slice(1, 1 + api.grades.length).map(Number)),
        api.matrix,
      );
      const shown = await panel.moverTitles();
      assert.deepEqual(
        shown,
        api.movers.slice(0, 8).map((m) => m.title),
      );
      // The chart is drawn (ECharts renders into a canvas or svg inside the chart box).
      await page.locator('[data-testid="whatif-chart"] canvas, [data-testid="whatif-chart"] svg').first().waitFor();
      const ms = await page.getByTestId("whatif-ms").innerText();
      assert.match(ms, new RegExp(`^${api.count} 项评价，点击到图表 \\d+ 毫秒$`));
      await page.getByTestId("whatif").screenshot({ path: new URL("whatif-dashboard.png", SCREENSHOTS).pathname });
      // A bad band is the API's 400 shown in words, not a crash.
      await panel.setBand("良", "85");
      await page.getByTestId("whatif-run").click();
      const error = page.getByTestId("whatif-error");
      await error.waitFor();
      assert.match(await error.innerText(), /下限相同/);
    });

    test("the department sees the dashboard without the what-if (finance's alone)", async () => {
      const page = await session("department");
      await page.getByTestId("whoami").waitFor();
      await page.goto(server.url + "/");
      await page.getByText("驾驶舱").first().waitFor();
      await page.waitForTimeout(500);
      assert.equal(await page.getByTestId("whatif").count(), 0);
    });

    test("the workspace header says 等级稳健 for Yangquan's 良, with the explanation on hover", async () => {
      const admin = await apiAs(server, "admin");
      const list = (await (await admin("GET", "/evaluations?limit=200")).json()) as Array<{ id: string; title: string }>;
      const yq = list.find((e) => e.title.includes("阳泉市人力资源和社会保障局"));
      assert.ok(yq);
      const page = await session("admin");
      const workspace = new WorkspacePage(page, server.url);
      await workspace.open(yq.id);
      await workspace.waitLoaded();
      assert.equal(await workspace.waitForText("robustness", "等级稳健"), "等级稳健");
      await page.getByTestId("robustness").hover();
      const tip = page.getByText(/^良 稳健：任一指标权重在±10%内变动（总分值不变）均不改变等级（得分在 84\.70–86\.76 之间）/);
      await tip.waitFor();
      await page.screenshot({ path: new URL("whatif-robustness.png", SCREENSHOTS).pathname });
    });
  });
}
