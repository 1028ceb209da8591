/** Page objects for 目标申报 and 运行监控: what a user does, in the words of the screen. */
import type { Locator, Page } from "playwright-core";
import { SCREENSHOTS } from "./browser.js";

export class FilingPages {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async openList(): Promise<void> {
    await this.page.getByRole("link", { name: "目标申报" }).first().click();
    await this.page.getByTestId("filing-list").waitFor();
  }
  async open(id: string): Promise<void> {
    await this.page.goto(`${this.base}/targets/${encodeURIComponent(id)}`);
    await this.page.getByTestId("filing-title").waitFor();
  }
  /** 新建申报 (a project) for the organisation named, landing in its editor; returns the filing id. */
  async create(name: string, organisation: string): Promise<string> {
    await this.page.getByTestId("new-filing").click();
    await this.page.getByTestId("filing-org").click();
    await this.page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: organisation }).first().click();
    await this.page.getByTestId("filing-name").fill(name);
    await this.page.getByRole("dialog").getByRole("button", { name: "新建申报" }).click();
    await this.page.getByTestId("filing-title").waitFor();
    return decodeURIComponent(new URL(this.page.url()).pathname.split("/").pop()!);
  }
  status(): Promise<string> {
    return this.page.getByTestId("filing-status").innerText();
  }
  async waitStatus(text: string): Promise<void> {
    await this.page.getByTestId("filing-status").filter({ hasText: text }).waitFor();
  }
  /** Fill one cell of the indicator grid (row from 0). */
  async cell(row: number, key: string, value: string): Promise<void> {
    const cell = this.page.getByTestId(`cell-${row}-${key}`);
    const input =
      (await cell.evaluate((el) => el.tagName)) === "INPUT" || (await cell.evaluate((el) => el.tagName)) === "TEXTAREA"
        ? cell
        : cell.locator("input").first();
    await input.fill(value);
  }
  async addRow(): Promise<void> {
    await this.page.getByTestId("add-indicator").click();
  }
  async save(): Promise<void> {
    await this.page.getByTestId("filing-save").click();
    await this.page.getByTestId("filing-save").and(this.page.locator("[disabled]")).waitFor();
  }
  /** The quality panel's items: code and row. */
  quality(): Promise<Array<{ code: string; row: string; text: string }>> {
    return this.page.getByTestId("quality-item").evaluateAll((els) =>
      els.map((e) => ({
        code: e.getAttribute("data-code") ?? "",
        row: e.getAttribute("data-row") ?? "",
        text: (e as HTMLElement).innerText,
      })),
    );
  }
  action(name: "submit" | "adjust" | "review"): Locator {
    return this.page.getByTestId(`filing-action-${name}`);
  }
  async submit(): Promise<void> {
    await this.action("submit").click();
    await this.page
      .getByRole("dialog")
      .getByRole("button", { name: /提\s*交/ })
      .click();
    await this.page.getByRole("dialog").waitFor({ state: "hidden" });
  }
  async adjust(reason: string): Promise<void> {
    await this.action("adjust").click();
    await this.page.getByTestId("filing-reason").fill(reason);
    await this.page
      .getByRole("dialog")
      .getByRole("button", { name: /调\s*整/ })
      .click();
    await this.page.getByRole("dialog").waitFor({ state: "hidden" });
  }
  /** 审核: ratings per criterion (符合 by default), a conclusion (通过 / 退回修改 / 不予通过) and 审核意见. */
  async review(
    conclusion: "通过" | "退回修改" | "不予通过",
    opinion: string,
    ratings: Record<string, "符合" | "基本符合" | "不符合"> = {},
  ): Promise<void> {
    await this.action("review").click();
    await this.page.getByTestId("review-form").waitFor();
    for (const [criterion, rating] of Object.entries(ratings))
      await this.page.getByTestId(`criterion-${criterion}`).getByText(rating, { exact: true }).click();
    await this.page.getByTestId("review-conclusion").getByText(conclusion, { exact: true }).click();
    await this.page.getByTestId("review-opinion").fill(opinion);
    await this.page.getByTestId("review-submit").click();
    await this.page.getByTestId("review-form").waitFor({ state: "detached" });
  }
  async tab(name: string): Promise<void> {
    await this.page.getByRole("tab", { name }).click();
  }
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
  }
}

export class MonitoringPages {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async openDashboard(): Promise<void> {
    await this.page.getByRole("link", { name: "运行监控" }).first().click();
    await this.page.getByTestId("light-counts").waitFor();
  }
  /** The counts per light as shown ("red" → 3). */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const l of ["red", "yellow", "green", "blue"]) {
      const text = await this.page.getByTestId(`count-${l}`).locator(".ant-statistic-content").innerText();
      out[l] = Number(text.replace(/[^\d]/g, ""));
    }
    return out;
  }
  /** Each project row of the dashboard: title, light (data-light) and its words, timeliness and its words. */
  projects(): Promise<Array<{ title: string; light: string; lightText: string; timeliness: string; timelinessText: string }>> {
    return this.page
      .getByTestId("dashboard-projects")
      .locator(".ant-table-row")
      .evaluateAll((rows) =>
        // No helper function inside: the page gets this code as written, without the test runner's helpers.
        rows.map((r) => {
          const [drill, light, timeliness] = ["drill", "project-light", "timeliness"].map(
            (id) => r.querySelector(`[data-testid="${id}"]`) as HTMLElement | null,
          );
          return {
            title: drill?.innerText.trim() ?? "",
            light: light?.getAttribute("data-light") ?? "",
            lightText: light?.innerText.trim() ?? "",
            timeliness: timeliness?.getAttribute("data-value") ?? "",
            timelinessText: timeliness?.innerText.trim() ?? "",
          };
        }),
      );
  }
  /** The drill-down's indicators: name, light (data-light), the light's words and the formula with its numbers. */
  indicators(): Promise<Array<{ name: string; light: string; lightText: string; formula: string }>> {
    return this.page
      .getByTestId("drawer-indicators")
      .locator(".ant-table-row")
      .evaluateAll((rows) =>
        rows.map((r) => {
          const light = r.querySelector('[data-testid="indicator-light"]') as HTMLElement | null;
          return {
            name: (r.querySelector("td") as HTMLElement | null)?.innerText.trim() ?? "",
            light: light?.getAttribute("data-light") ?? "",
            lightText: light?.innerText.trim() ?? "",
            formula: (r.querySelector('[data-testid="indicator-formula"]') as HTMLElement | null)?.innerText.trim() ?? "",
          };
        }),
      );
  }
  async closeDrawer(): Promise<void> {
    await this.page
      .getByTestId("project-drawer")
      .getByRole("button", { name: /close|关闭/i })
      .first()
      .click();
    await this.page.getByTestId("drawer-indicators").waitFor({ state: "hidden" });
  }
  async drill(title: string): Promise<void> {
    await this.page.getByTestId("drill").filter({ hasText: title }).first().click();
    await this.page.getByTestId("drawer-indicators").waitFor();
  }
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
  }
}
