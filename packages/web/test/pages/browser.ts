/**
 * Debian's chromium through playwright-core (never a downloaded browser). `findChromium`
 * returns undefined when there is none: the tests then skip with a plain message, except in
 * CI (CI=true), where that is a failure.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

export function findChromium(): string | undefined {
  const env = process.env["CHROMIUM_PATH"];
  if (env && existsSync(env)) return env;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      const p = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (p) return p;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

export const SCREENSHOTS = new URL("../../../../artifacts/screenshots/", import.meta.url);

export interface Chromium {
  browser: Browser;
  /** A fresh, isolated session (its own cookies), sized like a 1366×768 laptop by default. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launch(executablePath: string): Promise<Chromium> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  });
  return {
    browser,
    context: (viewport = { width: 1366, height: 768 }) => browser.newContext({ viewport, locale: "zh-CN" }),
    async close() {
      await browser.close();
    },
  };
}
