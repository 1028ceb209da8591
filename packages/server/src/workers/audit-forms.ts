/**
 * A folder audit through the API (`POST /audits`): an uploaded .zip of forms (.docx, .xlsx, .txt,
 * .pdf), each audited as `jixiao audit DIR --out` audits a folder (packages/exchange), answered by
 * the summary workbook (汇总: one row per form; 诊断: every diagnostic). Runs inside a parse
 * worker (parse-worker.ts): a hostile archive costs a worker, never the process.
 *
 * Bounded before anything is inflated: the package's central directory by IMPORT_LIMITS
 * (entries, inflated bytes, compression ratio — checkZipSizes), then at most AUDIT_LIMITS.maxForms
 * forms. A form that cannot be read is a row saying why, never a failure of the whole upload.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bilingual, Lang } from "@jixiao/engine";
import {
  type AuditOutcome,
  type AuditSourceKind,
  IMPORT_LIMITS,
  ImportLimitError,
  auditDocument,
  auditSummaryXlsx,
  checkZipSizes,
} from "@jixiao/exchange";
import { PdfTextError, pdfWords } from "@jixiao/exchange/node";
import JSZip from "jszip";

export const AUDIT_LIMITS = {
  /** Forms in one upload, a quarter of the entries a package may hold (a city's year of self-evaluations is a few hundred). */
  maxForms: IMPORT_LIMITS.maxZipEntries / 4,
  /** Entries of the archive (forms, folders, other files): IMPORT_LIMITS' bound on any package. */
  maxEntries: IMPORT_LIMITS.maxZipEntries,
  /** Bytes the whole archive inflates to. */
  maxUncompressedBytes: IMPORT_LIMITS.maxUncompressedBytes,
} as const;

const KINDS: Record<string, AuditSourceKind | "pdf"> = {
  ".docx": "docx",
  ".xlsx": "xlsx",
  ".txt": "text",
  ".text": "text",
  ".md": "text",
  ".pdf": "pdf",
};

export type AuditZipResult =
  | { ok: true; forms: number; unreadable: number; withErrors: number; xlsx: Uint8Array }
  | { ok: false; reason: "limit" | "not-zip" | "no-forms" | "too-many-forms"; text: Bilingual };

const extOf = (name: string): string => /\.[^./]+$/.exec(name)?.[0]?.toLowerCase() ?? "";

const UNREADABLE: Record<Lang, { notOffice: (ext: string) => string; pdf: string }> = {
  zh: { notOffice: (ext) => `不是有效的 ${ext} 文件（无法按压缩包读取）`, pdf: "PDF 无法读取" },
  en: { notOffice: (ext) => `not a valid ${ext} file (it cannot be read as a package)`, pdf: "the PDF cannot be read" },
};

/** The text of a PDF's words, through pdftotext on a temporary copy. */
function pdfPages(data: Uint8Array): ReturnType<typeof pdfWords> {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-audit-"));
  try {
    const file = join(dir, "form.pdf");
    writeFileSync(file, data);
    return pdfWords(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Is pdftotext there? (Without it a PDF is a row saying so.) */
const hasPdfText = (): boolean => !spawnSync("pdftotext", ["-v"]).error;

async function auditOne(name: string, kind: AuditSourceKind | "pdf", data: Uint8Array, lang: Lang): Promise<AuditOutcome> {
  try {
    const report = kind === "pdf" ? await auditDocument(name, "pdf-words", pdfPages(data)) : await auditDocument(name, kind, data);
    return { file: name, report };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const notZip = (kind === "docx" || kind === "xlsx") && /central directory|zip|end of data/i.test(msg);
    return {
      file: name,
      unreadable: notZip ? UNREADABLE[lang].notOffice(extOf(name)) : err instanceof PdfTextError ? `${UNREADABLE[lang].pdf}：${msg}` : msg,
    };
  }
}

/** Audit every form of a .zip; the summary workbook, or why the archive itself was refused. */
export async function auditZip(data: Uint8Array, filename: string, lang: Lang): Promise<AuditZipResult> {
  try {
    checkZipSizes(data, filename);
  } catch (err) {
    if (err instanceof ImportLimitError) return { ok: false, reason: "limit", text: err.text };
    throw err;
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (err) {
    return {
      ok: false,
      reason: "not-zip",
      text: {
        zh: `${filename} 不是有效的 .zip 压缩包（${(err as Error).message}）`,
        en: `${filename} is not a valid .zip archive (${(err as Error).message})`,
      },
    };
  }
  const entries = Object.values(zip.files)
    .filter((f) => !f.dir && !/(^|\/)(__MACOSX|\.)/.test(f.name) && KINDS[extOf(f.name)] && !/(^|\/)readme\.[^/]*$/i.test(f.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (entries.length === 0) {
    return {
      ok: false,
      reason: "no-forms",
      text: {
        zh: `${filename} 中没有可审核的表格（.docx、.xlsx、.txt、.pdf）`,
        en: `${filename} holds no form to audit (.docx, .xlsx, .txt, .pdf)`,
      },
    };
  }
  if (entries.length > AUDIT_LIMITS.maxForms) {
    return {
      ok: false,
      reason: "too-many-forms",
      text: {
        zh: `${filename} 中有 ${entries.length} 份表格，一次最多审核 ${AUDIT_LIMITS.maxForms} 份`,
        en: `${filename} holds ${entries.length} forms; at most ${AUDIT_LIMITS.maxForms} at once`,
      },
    };
  }
  const pdfText = entries.some((e) => extOf(e.name) === ".pdf") && hasPdfText();
  const outcomes: AuditOutcome[] = [];
  for (const entry of entries) {
    const kind = KINDS[extOf(entry.name)]!;
    if (kind === "pdf" && !pdfText) {
      outcomes.push({
        file: entry.name,
        unreadable: lang === "zh" ? "服务器未安装 pdftotext，无法读取 PDF" : "pdftotext is not installed on the server",
      });
      continue;
    }
    // Sizes were bounded by the central directory; a lying entry ends in the worker's heap limit.
    const bytes = await entry.async("uint8array");
    outcomes.push(await auditOne(entry.name, kind, bytes, lang));
  }
  const reports = outcomes.flatMap((o) => ("report" in o ? [o.report] : []));
  return {
    ok: true,
    forms: outcomes.length,
    unreadable: outcomes.length - reports.length,
    withErrors: reports.filter((r) => r.summary.error > 0).length,
    xlsx: await auditSummaryXlsx(outcomes, lang),
  };
}
