/** Page objects of 绩效公开 (the public list and one evaluation's public page) and of the status banner. */
import type { Page } from "playwright-core";
import { SCREENSHOTS } from "./browser.js";

export class PublicPages {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async openList(): Promise<void> {
    await this.page.goto(`${this.base}/public`);
    await this.waitList();
  }
  async waitList(): Promise<void> {
    await this.page.getByTestId("public-list").locator(".ant-table-row").first().waitFor();
  }
  /** The list's rows: title, organisation, year, total, grade, published (cell texts). */
  rows(): Promise<string[][]> {
    return this.page
      .getByTestId("public-list")
      .locator(".ant-table-row")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
  }
  /** Open the public page of the evaluation whose title contains `title`. */
  async openEvaluation(title: string): Promise<void> {
    await this.page
      .getByTestId("public-list")
      .getByRole("link", { name: new RegExp(title) })
      .first()
      .click();
    await this.page.getByTestId("public-page").waitFor();
  }
  /** Open the public page of the evaluation `id` from its row in the list (titles may repeat across years). */
  async openById(id: string): Promise<void> {
    await this.page
      .getByTestId("public-list")
      .locator(`a[href="/public/${encodeURIComponent(id)}"]`)
      .click();
    await this.page.getByTestId("public-page").waitFor();
  }
  async total(): Promise<string> {
    return (await this.page.getByTestId("public-page-total").innerText()).trim();
  }
  async grade(): Promise<string> {
    return (await this.page.getByTestId("public-page-grade").innerText()).trim();
  }
  /** The level-1 rows: name, points, score, rate. */
  level1(): Promise<string[][]> {
    return this.page
      .getByTestId("public-level1")
      .locator(".ant-table-row")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
  }
  corrections(): Promise<string[]> {
    return this.page.getByTestId("public-correction").allInnerTexts();
  }
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
  }
}

/** 提交 / 退回 … from the workspace's status buttons, with a reason when asked. */
export async function statusAction(page: Page, action: string, label: RegExp, reason?: string): Promise<void> {
  await modalsSettled(page);
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await modalsSettled(page);
  if (reason) await dialog.getByTestId("action-reason").fill(reason);
  await dialog.getByRole("button", { name: label }).click();
  await dialog.waitFor({ state: "hidden" });
}

/** No dialog opening or closing: a click during Ant Design's zoom animation can be lost. */
async function modalsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-leave"));
}

/** The status banner's text (退回: who, when, why), once shown. */
export async function banner(page: Page, action: string): Promise<string> {
  const b = page.getByTestId(`status-banner-${action}`);
  await b.waitFor();
  return (await b.innerText()).trim();
}
