/**
 * Page object for the working papers in an indicator's details drawer (workspace/working-papers.tsx):
 * 专家评议, 佐证材料, 批注, in the words of the screen.
 */
import type { Page } from "playwright-core";

export class WorkingPapersPanel {
  constructor(readonly page: Page) {}
  private drawer() {
    return this.page.getByRole("dialog");
  }
  /** Choose the experts who score the open indicator (the evaluator). */
  async assignExperts(names: string[]): Promise<void> {
    for (const name of names) {
      await this.drawer().getByTestId("panel-assign").click();
      const option = this.page.locator(`.ant-select-item-option[title="${name}"]`);
      await option.click();
      await this.page.keyboard.press("Escape");
      await option.waitFor({ state: "hidden" });
      await this.drawer().getByTestId(`panel-entry-${name}`).waitFor();
    }
  }
  /** What the open indicator's panel shows for `expert`: the score, or the text standing in for it. */
  async entry(expert: string): Promise<string> {
    return (await this.drawer().getByTestId(`panel-entry-${expert}`).innerText()).trim();
  }
  /** An expert scores the open indicator and submits (confirming that it cannot change after). */
  async scoreAndSubmit(score: number, comment: string): Promise<void> {
    const input = this.drawer().getByLabel("我的评分", { exact: true });
    await input.fill(String(score));
    await this.drawer().getByLabel("评分意见", { exact: true }).fill(comment);
    await this.drawer().getByTestId("panel-submit").click();
    await this.page.locator(".ant-popconfirm").getByRole("button", { name: "提交评分" }).click();
    await this.drawer().getByTestId("panel-my-score").waitFor({ state: "detached" });
  }
  /** Bring the open indicator's 专家评议, 佐证材料 or 批注 into view (for a screenshot). */
  async show(section: "panel" | "evidence" | "notes"): Promise<void> {
    await this.drawer().getByTestId(`${section}-section`).scrollIntoViewIfNeeded();
  }
  result(): Promise<string> {
    return this.drawer().getByTestId("panel-result-score").innerText();
  }
  flagged(): Promise<boolean> {
    return this.drawer().getByTestId("panel-flagged").isVisible();
  }
  async adopt(): Promise<void> {
    await this.drawer().getByTestId("panel-adopt").click();
    await this.drawer().getByTestId("panel-decision").waitFor();
  }
  decision(): Promise<string> {
    return this.drawer().getByTestId("panel-decision").innerText();
  }
  /** Attach a file to the open indicator. */
  async attach(name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await this.drawer().getByTestId("evidence-input").setInputFiles({ name, mimeType, buffer });
    await this.drawer().getByRole("link", { name }).waitFor();
  }
  async addNote(text: string): Promise<void> {
    await this.drawer().getByTestId("note-text").fill(text);
    await this.drawer().getByTestId("note-add").click();
    await this.drawer().getByText(text).waitFor();
  }
  /** Resolve (or reopen) the open indicator's first note. */
  async toggleNote(): Promise<void> {
    const before = await this.drawer().getByTestId("note").first().innerText();
    await this.drawer().getByTestId("note-toggle").first().click();
    await this.page
      .waitForFunction((b) => document.querySelector('[data-testid="note"]')?.textContent !== b, before.replace(/\n/g, ""), {
        timeout: 5000,
      })
      .catch(() => {});
  }
}
