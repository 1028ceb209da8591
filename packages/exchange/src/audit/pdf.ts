/**
 * PDF text for the auditor, through poppler's pdftotext (Node only). `-bbox-layout` gives
 * every word with its box, so table cells are placed in the columns of their header by
 * position (positionedStream in rows.ts), not by counting spaces.
 */
import { spawnSync } from "node:child_process";
import type { PdfPage } from "../rows.js";

export class PdfTextError extends Error {}

function run(args: string[]): string {
  const r = spawnSync("pdftotext", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new PdfTextError("pdftotext is not installed (apt-get install poppler-utils)");
  if (r.status !== 0) throw new PdfTextError(`pdftotext failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The plain layout text of a PDF file. */
export function pdfToText(file: string): string {
  return run(["-layout", "-enc", "UTF-8", file, "-"]);
}

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Every word of every page with its box (points from the top left). */
export function pdfWords(file: string): PdfPage[] {
  const xml = run(["-bbox-layout", "-enc", "UTF-8", file, "-"]);
  const pages: PdfPage[] = [];
  for (const page of xml.split(/<page\b/).slice(1)) {
    const words: PdfPage["words"] = [];
    const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(page))) words.push({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: decode(m[5]!) });
    pages.push({ words });
  }
  return pages;
}
