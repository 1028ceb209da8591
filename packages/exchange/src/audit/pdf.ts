/**
 * PDF text for the auditor, through poppler's `pdftotext -layout` (Node only). The layout
 * text keeps a table's cells on one line separated by runs of spaces; `textTablesFromLayout`
 * in text-tables.ts reads that shape.
 */
import { spawnSync } from "node:child_process";

export class PdfTextError extends Error {}

/** The text of a PDF file, or a PdfTextError when pdftotext is missing or fails. */
export function pdfToText(file: string): string {
  const r = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new PdfTextError("pdftotext is not installed (apt-get install poppler-utils)");
  if (r.status !== 0) throw new PdfTextError(`pdftotext failed: ${r.stderr.trim()}`);
  return r.stdout;
}
