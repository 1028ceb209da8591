/** Test helpers: load the Yangquan example, read a .docx's XML and its tables. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Evaluation, loadEvaluation } from "@jixiao/engine";
import JSZip from "jszip";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const YANGQUAN_FILE = `${ROOT}examples/yangquan-hrss-2021.yaml`;

export function yangquan(): Evaluation {
  const r = loadEvaluation(readFileSync(YANGQUAN_FILE, "utf8"), YANGQUAN_FILE);
  if (!r.ok) throw new Error(`the Yangquan example does not load: ${JSON.stringify(r.errors)}`);
  return r.evaluation;
}

/** One part of a .docx (zip), as text. */
export async function docxPart(docx: Uint8Array, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const f = zip.file(part);
  if (!f) throw new Error(`no ${part} in the .docx (parts: ${Object.keys(zip.files).join(", ")})`);
  return f.async("string");
}

const unescape = (t: string) =>
  t
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The visible text of an XML fragment (its w:t runs). */
export function runText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1] ?? "")).join("");
}

export interface DocxCell {
  text: string;
  /** "restart" starts a vertical merge, "continue" is covered by the cell above. */
  vMerge?: "restart" | "continue";
  gridSpan: number;
}

/** Every table of document.xml: rows of cells, with their merges. */
export function docxTables(documentXml: string): DocxCell[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? "").matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? "").matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => {
        const xml = c[1] ?? "";
        const v = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(xml);
        const span = /<w:gridSpan w:val="(\d+)"\/>/.exec(xml);
        return {
          text: runText(xml),
          vMerge: v ? (v[1] === "restart" ? "restart" : "continue") : undefined,
          gridSpan: span ? Number(span[1]) : 1,
        };
      }),
    ),
  );
}

/** The paragraphs of document.xml as plain text, one per line. */
export function docxText(documentXml: string): string {
  return [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((p) => runText(p[1] ?? "")).join("\n");
}
