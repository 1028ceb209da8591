/**
 * Tests that need a program from Debian (LibreOffice, poppler's pdftotext/pdftoppm, Chromium) ask
 * here first. On a newcomer's machine without it the test is skipped and says so plainly, with the
 * package to install; in CI (CI=true, set by .ci/run, which installs them) a missing program is a
 * failure, never a silent skip.
 */
import { spawnSync } from "node:child_process";

const PACKAGES: Record<string, string> = {
  soffice: "libreoffice-writer-nogui libreoffice-calc-nogui",
  pdftotext: "poppler-utils",
  pdftoppm: "poppler-utils",
  chromium: "chromium",
};

const found = new Map<string, boolean>();

function onPath(program: string): boolean {
  let ok = found.get(program);
  if (ok === undefined) {
    ok = spawnSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;
    found.set(program, ok);
  }
  return ok;
}

/**
 * `false` when every program is on PATH (run the test); otherwise the reason to skip it, after
 * printing it once. Throws in CI. Use as `test(name, { skip: needs(["soffice"], "…") }, fn)`.
 */
export function needs(programs: readonly string[], what: string): false | string {
  const missing = programs.filter((p) => !onPath(p));
  if (missing.length === 0) return false;
  const install = [...new Set(missing.map((m) => PACKAGES[m] ?? m))].join(" ");
  const reason = `${missing.join(", ")} not found on PATH: ${what} SKIPPED (apt-get install ${install})`;
  if (process.env["CI"] === "true") throw new Error(`CI requires ${missing.join(", ")} (${what}); .ci/run installs: ${install}`);
  console.log(`# ${reason}`);
  return reason;
}
