/**
 * DOCX → PDF with LibreOffice (soffice --headless --convert-to pdf). The only part of the
 * reports package that starts a process. The official font names in the .docx are mapped to
 * Noto CJK by the fontconfig file shipped in packages/reports/fonts (FONTCONFIG_FILE), and each
 * conversion gets its own LibreOffice profile so that conversions can run side by side.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The fontconfig file mapping the official font names to Noto CJK (packages/reports/fonts/fonts.conf). */
export function fontconfigFile(): string {
  return fileURLToPath(new URL("../fonts/fonts.conf", import.meta.url));
}

export interface PdfOptions {
  /** The LibreOffice binary (default: `soffice` on PATH, or JIXIAO_SOFFICE). */
  soffice?: string;
  /** Give up after this many milliseconds (default 120 000). */
  timeoutMs?: number;
  /** Environment for the child (default: process.env). FONTCONFIG_FILE is always set. */
  env?: NodeJS.ProcessEnv;
}

/** LibreOffice is missing or failed: the message says which. */
export class PdfConversionError extends Error {
  constructor(
    message: string,
    readonly reason: "not-installed" | "failed" | "timeout",
  ) {
    super(message);
    this.name = "PdfConversionError";
  }
}

/** Convert a .docx (bytes) to PDF (bytes). */
export async function docxToPdf(docx: Uint8Array, options: PdfOptions = {}): Promise<Uint8Array> {
  const env = options.env ?? process.env;
  const soffice = options.soffice ?? env["JIXIAO_SOFFICE"] ?? "soffice";
  const dir = await mkdtemp(join(tmpdir(), "jixiao-pdf-"));
  try {
    const input = join(dir, "report.docx");
    await writeFile(input, docx);
    const profile = pathToFileURL(join(dir, "profile")).href;
    const args = [
      `-env:UserInstallation=${profile}`,
      "--headless",
      "--norestore",
      "--nolockcheck",
      "--convert-to",
      "pdf:writer_pdf_Export",
      "--outdir",
      dir,
      input,
    ];
    const { code, output } = await run(
      soffice,
      args,
      { ...env, FONTCONFIG_FILE: fontconfigFile(), HOME: dir },
      options.timeoutMs ?? 120_000,
    );
    let pdf: Buffer;
    try {
      pdf = await readFile(join(dir, "report.pdf"));
    } catch {
      throw new PdfConversionError(`LibreOffice did not produce a PDF (exit ${code}): ${output.trim().slice(0, 500)}`, "failed");
    }
    return new Uint8Array(pdf);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new PdfConversionError(`LibreOffice took longer than ${timeoutMs} ms`, "timeout"));
    }, timeoutMs);
    child.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === "ENOENT"
          ? new PdfConversionError(
              `LibreOffice (${cmd}) is not installed: install libreoffice-writer-nogui, or set JIXIAO_SOFFICE`,
              "not-installed",
            )
          : err,
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
