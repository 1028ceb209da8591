/**
 * LibreOffice headless, for recalculating exported workbooks (tests, benchmark) — Node only,
 * exported as "@jixiao/exchange/node". One soffice process converts many files: starting
 * LibreOffice costs about a second, recalculating a workbook far less.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

export class LibreOfficeError extends Error {}

/** The soffice executable, or undefined when LibreOffice is not installed. */
export function findSoffice(): string | undefined {
  for (const name of ["soffice", "libreoffice"]) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return undefined;
}

/**
 * Open each .xlsx in LibreOffice Calc (which recalculates every formula on load) and save it
 * again as .xlsx in `outDir`; returns the paths written, in the order given. A private user
 * profile keeps parallel runs from sharing (and locking) one profile.
 */
export function recalculateWithLibreOffice(files: readonly string[], outDir: string): string[] {
  const soffice = findSoffice();
  if (!soffice) throw new LibreOfficeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui");
  const profile = mkdtempSync(join(tmpdir(), "jixiao-lo-"));
  try {
    const r = spawnSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--norestore",
        "--calc",
        "--convert-to",
        "xlsx:Calc Office Open XML",
        "--outdir",
        outDir,
        ...files,
      ],
      { encoding: "utf8", timeout: 600_000 },
    );
    if (r.status !== 0) throw new LibreOfficeError(`soffice exited with ${r.status}: ${r.stderr}`);
    return files.map((f) => join(outDir, basename(f)));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
