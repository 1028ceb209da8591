/** Page objects: what a user does, in the words of the screen (roles and labels, not CSS). */
import type { Page } from "playwright-core";
import { SCREENSHOTS } from "./browser.js";

export class LoginPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async open(path = "/"): Promise<void> {
    await this.page.goto(this.base + path);
  }
  async logIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel("用户名").fill(username);
    await this.page.getByLabel("密码").fill(password);
    await this.page.getByRole("button", { name: /登\s*录/ }).click();
    await this.page.getByTestId("whoami").waitFor();
  }
  /** The role shown in the header ("财政管理员" …). */
  role(): Promise<string> {
    return this.page.getByTestId("role-tag").innerText();
  }
}

export class EvaluationListPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async open(): Promise<void> {
    await this.page.getByRole("link", { name: "评价列表" }).click();
    await this.page.locator(".ant-table-row").first().waitFor();
  }
  /** The titles of the listed evaluations. */
  titles(): Promise<string[]> {
    return this.page.locator(".ant-table-row a").allInnerTexts();
  }
  /**
   * 上传文件新建 with a file and 新建评价, staying in the dialog: for tables (.xlsx / .csv) that
   * show their cells in error or, with `partial`, the rows they would leave out.
   */
  async uploadTables(file: string, partial = false): Promise<void> {
    await this.page.getByRole("button", { name: "上传文件新建" }).click();
    await this.page.locator('input[type="file"]').setInputFiles(file);
    if (partial) await this.page.getByRole("checkbox", { name: /部分导入/ }).check();
    await this.page.getByRole("button", { name: /新建评价/ }).click();
  }
  /** The rows of the table with `testId` in the upload dialog, cell texts per row. */
  async dialogRows(testId: string): Promise<string[][]> {
    await this.page.getByTestId(testId).locator(".ant-table-row").first().waitFor();
    return this.page
      .getByTestId(testId)
      .locator(".ant-table-row")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")));
  }
  async cancelDialog(): Promise<void> {
    await this.page.getByRole("button", { name: /取\s*消/ }).click();
    await this.page.getByRole("dialog").waitFor({ state: "hidden" });
  }
  /** 上传文件新建: a Jixiao file (.yaml / .json) as a new evaluation; lands in its workspace. */
  async upload(file: string): Promise<void> {
    await this.page.getByRole("button", { name: "上传文件新建" }).click();
    await this.page.locator('input[type="file"]').setInputFiles(file);
    await this.page.getByRole("button", { name: /新建评价/ }).click();
    await this.page.getByTestId("evaluation-title").waitFor();
  }
}

export class WorkspacePage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  async open(id: string, tab = ""): Promise<void> {
    await this.page.goto(`${this.base}/evaluations/${encodeURIComponent(id)}${tab ? `/${tab}` : ""}`);
  }
  /** The workspace shows its evaluation; after an upload the server may still be reading the file in its worker pool. */
  async waitLoaded(timeout = 60_000): Promise<void> {
    await this.page.getByTestId("evaluation-title").waitFor({ timeout });
  }
  /** Wait until the element with `testId` shows `text` (scores follow typing in a transition). */
  async waitForText(testId: string, text: string, timeout = 10_000): Promise<string> {
    await this.page
      .waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === t, [testId, text] as const, {
        timeout,
      })
      .catch(() => {});
    return (await this.page.getByTestId(testId).first().innerText()).trim();
  }
  total(): Promise<string> {
    return this.page.getByTestId("total").innerText();
  }
  async grade(): Promise<string> {
    return (await this.page.getByTestId("grade").innerText()).trim();
  }
  async tab(name: string): Promise<void> {
    await this.page.getByRole("tab", { name }).click();
  }
  /** The input labelled `label` (e.g. "直接赋分 履职效能", "实际值 预算执行率"). */
  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }
  /** Scroll the (virtual) indicator table until the input labelled `label` is rendered. */
  async reveal(label: string): Promise<void> {
    const f = this.field(label);
    const body = this.page.locator(".ant-table-tbody-virtual-holder, .ant-table-body").first();
    for (let i = 0; i < 80 && (await f.count()) === 0; i++) {
      if (i === 0 && (await body.count()) > 0) await body.hover();
      await this.page.mouse.wheel(0, 240);
      await this.page.waitForTimeout(40);
    }
    await f.scrollIntoViewIfNeeded();
  }
  /** The text labelled `label` with its placeholders filled, as shown beside the raw text. */
  async filled(label: string): Promise<string> {
    const group = this.page.getByRole("group", { name: `${label}（填入数据后）`, exact: true });
    await group.waitFor();
    return group.innerText();
  }
  /** Can the input labelled `label` be typed into (rendered and not read-only)? */
  async editable(label: string): Promise<boolean> {
    await this.reveal(label);
    return this.field(label).evaluate((el) => !(el as HTMLInputElement).readOnly && !(el as HTMLInputElement).disabled);
  }
  /** Open the details drawer of the indicator named `name`. */
  async details(name: string): Promise<void> {
    await this.page.getByRole("button", { name: `详情 ${name}`, exact: true }).click();
    await this.page.getByRole("dialog").getByText(`详情：${name}`).waitFor();
  }
  async closeDetails(): Promise<void> {
    await this.page
      .getByRole("dialog")
      .getByRole("button", { name: /^(关闭|Close)$/ })
      .click();
    await this.page.getByRole("dialog").waitFor({ state: "hidden" });
  }
  async type(label: string, value: string): Promise<void> {
    await this.reveal(label);
    const f = this.field(label);
    await f.click();
    await f.fill(value);
  }
  async save(): Promise<void> {
    await this.page.getByTestId("save").click();
  }
  readOnly(): Promise<boolean> {
    return this.page.getByTestId("read-only").isVisible();
  }
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
  }
}
