/** Page objects for 委托, 资料清单 and 反馈意见: what each party does, in the words of the screen. */
import type { Locator, Page } from "playwright-core";

/** Pick `option` (its text) in the Ant Design select `select`. */
async function choose(page: Page, select: Locator, option?: string): Promise<string> {
  await select.click();
  const options = page.locator(".ant-select-dropdown:visible .ant-select-item-option");
  const target = option ? options.filter({ hasText: option }).first() : options.first();
  await target.waitFor();
  const text = (await target.innerText()).trim();
  await target.click();
  return text;
}

export class CommissionsPage {
  constructor(readonly page: Page) {}

  /** 新建委托 on 评价列表: the subject, an agency (the first of the region), a title and, given, the year. */
  async commission(subject: string, title: string, year?: number): Promise<void> {
    await this.page.getByRole("link", { name: "评价列表" }).click();
    await this.page.getByTestId("new-commission").click();
    const dialog = this.page.getByRole("dialog");
    await choose(this.page, dialog.getByTestId("commission-subject"), subject);
    if (year !== undefined) await dialog.getByLabel("年度").fill(String(year));
    await dialog.getByTestId("commission-title").fill(title);
    await dialog.getByRole("button", { name: /新建委托/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await this.row(title).waitFor();
  }

  /** The row of the commission titled `title` in the commissions card. */
  row(title: string): Locator {
    return this.page.getByTestId("commissions").locator(".ant-table-row", { hasText: title });
  }

  /** The agency: 新建评价 in the commission's row, from the template the dialog proposes; lands in the workspace. */
  async createWithin(title: string): Promise<void> {
    await this.page.getByRole("link", { name: "评价列表" }).click();
    await this.row(title)
      .getByRole("button", { name: /新建评价/ })
      .click();
    await this.page
      .getByRole("dialog")
      .getByRole("button", { name: /新建评价/ })
      .click();
    await this.page.getByTestId("evaluation-title").waitFor();
  }

  /** The agency: 新建评价 in the commission's row, 上传文件新建 with its own working file; lands in the workspace. */
  async uploadWithin(title: string, file: string): Promise<void> {
    await this.page.getByRole("link", { name: "评价列表" }).click();
    await this.row(title)
      .getByRole("button", { name: /新建评价/ })
      .click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("radio", { name: "上传文件新建" }).check();
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await dialog.getByRole("button", { name: /新建评价/ }).click();
    await this.page.getByTestId("evaluation-title").waitFor();
  }
}

export class RequestsPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("tab", { name: "资料清单" }).click();
    await this.page.getByTestId("data-requests").waitFor();
  }

  /** The agency sends a request with one output item, its target `place` or the first place offered; returns that place's name. */
  async send(title: string, place?: string): Promise<string> {
    await this.page.getByTestId("new-data-request").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByTestId("request-title").fill(title);
    const target = await choose(this.page, dialog.getByLabel("写入评价的位置"), place);
    await dialog.getByRole("button", { name: /发出资料清单/ }).click();
    await dialog.waitFor({ state: "hidden" });
    return target;
  }

  /** The department fills item 1 of request #n. */
  async fill(num: number, value: string, note: string): Promise<void> {
    await this.page.getByTestId(`fill-${num}`).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByTestId("fill-value-1").fill(value);
    await dialog.getByLabel(/备注$/).first().fill(note);
    await dialog.getByRole("button", { name: /提交填报/ }).click();
    await dialog.waitFor({ state: "hidden" });
  }

  status(num: number, position: number): Promise<string> {
    return this.page.getByTestId(`item-status-${num}-${position}`).innerText();
  }

  /** The agency takes item `position` of request #n into the evaluation. */
  async take(num: number, position: number): Promise<void> {
    await this.page.getByTestId(`take-${num}-${position}`).click();
    await this.page.getByTestId(`item-status-${num}-${position}`).filter({ hasText: "已采纳" }).waitFor();
  }

  /** The department writes feedback on the draft; the agency answers #n. */
  async writeFeedback(text: string): Promise<void> {
    await this.page.getByTestId("feedback-text").fill(text);
    await this.page.getByRole("button", { name: "提出意见" }).click();
    await this.page.getByTestId("feedback").getByText(text).waitFor();
  }
  async answerFeedback(num: number, text: string): Promise<void> {
    const card = this.page.getByTestId(`feedback-${num}`);
    await card.getByLabel("答复").fill(text);
    await card.getByRole("button", { name: /答\s*复/ }).click();
    await this.page.getByTestId(`feedback-answer-${num}`).waitFor();
  }
}

/** 历史: the audit trail's rows as their cells' texts. */
export async function auditRows(page: Page): Promise<string[][]> {
  await page.getByRole("tab", { name: "历史" }).click();
  const card = page.locator(".ant-card", { has: page.getByText("审计记录", { exact: true }) }).last();
  await card.locator(".ant-table-row").first().waitFor();
  return card
    .locator(".ant-table-row")
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
}
