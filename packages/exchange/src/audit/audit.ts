/**
 * The auditor: find the tables of a published evaluation report or self-evaluation form
 * (.docx, the text a .docx export gives, .xlsx, PDF text), turn them into the model, run the
 * engine's consistency checks, and say for each diagnostic which table and row it came from.
 */
import {
  type Bilingual,
  type Diagnostic,
  type Evaluation,
  EvaluationSchema,
  checkEvaluationReport,
  scoreEvaluation,
  validateEvaluation,
} from "@jixiao/engine";
import { type Built, type Origin, type Path, buildEvaluation } from "../build.js";
import { decodeText } from "../decode.js";
import { xmsg } from "../messages.js";
import { findTables, matchHeader } from "../recognise.js";
import {
  type PdfPage,
  type StreamItem,
  docxStream,
  layoutTextStream,
  locationText,
  positionedStream,
  sheetStream,
  textStream,
} from "../rows.js";
import { readWorkbook } from "../xlsx-book.js";

export type AuditSourceKind = "docx" | "xlsx" | "text" | "layout-text" | "pdf-words";

export interface AuditDiagnostic {
  code: string;
  severity: "error" | "warning" | "info";
  /** The table it came from ("表2 一级指标得分情况"), or "正文" for the narrative. */
  table: string;
  /** 1-based data row within that table (0: the header or the table as a whole). */
  tableRow?: number;
  /** Where in the file: 评分表!A12, 表格2第5行, 第123行. */
  where: Bilingual;
  subject: Bilingual;
  message: Bilingual;
  expected?: string;
  found?: string;
}

export interface AuditReport {
  file: string;
  tables: Array<{ title: string; kind: string; rows: number; where: Bilingual }>;
  diagnostics: AuditDiagnostic[];
  summary: { error: number; warning: number; info: number };
  /** Printed figures that were recomputed and agree. */
  verified: number;
  /** The model read from the document, as file input (for `jixiao audit -o model.yaml`). */
  model: Record<string, unknown>;
  rejected: Built["rejected"];
}

/** The item stream of a document. */
export async function documentStream(
  kind: AuditSourceKind,
  data: Uint8Array | string | PdfPage[],
): Promise<{ stream: StreamItem[]; title: string }[]> {
  if (kind === "pdf-words" || Array.isArray(data)) {
    const pages = data as PdfPage[];
    return [{ stream: positionedStream(pages, (cells) => matchHeader(cells)?.columns), title: "" }];
  }
  if (kind === "docx") return [{ stream: await docxStream(toBytes(data)), title: "" }];
  if (kind === "xlsx") return (await readWorkbook(toBytes(data))).map((s) => ({ stream: sheetStream(s), title: s.name }));
  const text = typeof data === "string" ? data : decodeText(data).text;
  return [{ stream: kind === "layout-text" ? layoutTextStream(text) : textStream(text), title: "" }];
}

function toBytes(d: Uint8Array | string): Uint8Array {
  return typeof d === "string" ? new TextEncoder().encode(d) : d;
}

/** Audit one document. */
export async function auditDocument(file: string, kind: AuditSourceKind, data: Uint8Array | string | PdfPage[]): Promise<AuditReport> {
  const parts = await documentStream(kind, data);
  const tables = [];
  const text = [];
  const loose = [];
  for (const p of parts) {
    const found = findTables(p.stream, p.title);
    tables.push(...found.tables);
    text.push(...found.text);
    loose.push(...found.loose);
  }
  const built = buildEvaluation(tables, text, {}, loose);
  return auditBuilt(file, built);
}

function originFor(built: Built, path: ReadonlyArray<string | number>): Origin | undefined {
  let best: { path: Path; origin: Origin } | undefined;
  for (const o of built.origins) {
    if (o.path.length > path.length) continue;
    if (!o.path.every((p, i) => p === path[i])) continue;
    if (!best || o.path.length > best.path.length) best = o;
  }
  return best?.origin;
}

const where = (o: Origin | undefined): Bilingual =>
  o ? { zh: locationText(o.at, "zh", false), en: locationText(o.at, "en", false) } : { zh: "", en: "" };

/** Check a built model and place every diagnostic in its table and row. */
export function auditBuilt(file: string, built: Built): AuditReport {
  const diagnostics: AuditDiagnostic[] = [];
  for (const p of built.problems) {
    diagnostics.push({
      code: p.code,
      severity: "warning",
      table: p.table,
      tableRow: p.tableRow,
      where: { zh: locationText(p.at, "zh"), en: locationText(p.at, "en") },
      subject: { zh: p.table, en: p.table },
      message: p.message,
    });
  }
  for (const r of built.rejected) {
    // A row the auditor could not use is said, not dropped.
    diagnostics.push({
      code: "row/unused",
      severity: "info",
      table: r.table,
      tableRow: r.tableRow,
      where: { zh: locationText(r.at, "zh", false), en: locationText(r.at, "en", false) },
      subject: { zh: r.table, en: r.table },
      message: {
        zh: xmsg("row/unused", { reason: r.reason.zh, cells: r.cells.filter(Boolean).join(" | ") }).zh,
        en: xmsg("row/unused", { reason: r.reason.en, cells: r.cells.filter(Boolean).join(" | ") }).en,
      },
    });
  }
  for (const f of built.findings) {
    diagnostics.push({
      code: f.code,
      severity: f.severity,
      table: f.origin.table,
      tableRow: f.origin.tableRow,
      where: where(f.origin),
      subject: { zh: f.origin.table, en: f.origin.table },
      message: f.message,
    });
  }
  let verified = 0;
  // Tables, or sums found in the narrative: something to check.
  const extracted = built.read.length > 0 || built.origins.length > 0 || built.findings.length > 0;
  const parsed = EvaluationSchema.safeParse(built.input);
  if (!parsed.success) {
    const v = validateEvaluation(built.input);
    const messages = v.ok ? [] : v.problems;
    parsed.error.issues.forEach((issue, i) => {
      const o = originFor(built, issue.path as Array<string | number>);
      diagnostics.push({
        code: "file/invalid-model",
        severity: "error",
        table: o?.table ?? "",
        tableRow: o?.tableRow,
        where: where(o),
        subject: { zh: messages[i]?.path ?? "", en: messages[i]?.path ?? "" },
        message: xmsg("file/invalid-model", { detail: messages[i]?.message.zh ?? issue.message }),
      });
    });
  } else if (extracted) {
    const e: Evaluation = parsed.data;
    const report = checkEvaluationReport(e, scoreEvaluation(e));
    verified = report.verified.length;
    for (const d of report.diagnostics) diagnostics.push(place(built, d));
  }
  if (!extracted) {
    diagnostics.push({
      code: "file/no-tables",
      severity: "error",
      table: "",
      where: { zh: "", en: "" },
      subject: { zh: file, en: file },
      message: xmsg("file/no-tables"),
    });
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  diagnostics.sort((a, b) => order[a.severity] - order[b.severity]);
  const summary = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) summary[d.severity]++;
  return {
    file,
    tables: built.read.map((r) => ({
      title: r.title,
      kind: r.kind,
      rows: r.rows,
      where: { zh: locationText(r.at, "zh", false), en: locationText(r.at, "en", false) },
    })),
    diagnostics,
    summary,
    verified,
    model: built.input,
    rejected: built.rejected,
  };
}

function place(built: Built, d: Diagnostic): AuditDiagnostic {
  const o = originFor(built, d.path);
  return {
    code: d.code,
    severity: d.severity,
    table: o?.table ?? "",
    tableRow: o?.tableRow,
    where: where(o),
    subject: d.subject,
    message: d.message,
    expected: d.expected,
    found: d.found,
  };
}
