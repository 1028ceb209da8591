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

/** A printed figure that was recomputed and agrees: where it is printed, as printed, as recomputed. */
export interface AuditFigure {
  table: string;
  tableRow?: number;
  where: Bilingual;
  /** The model field it was read into ("indicators.0.stated.score"). */
  path: string;
  subject: Bilingual;
  what: Bilingual;
  printed: string;
  recomputed: string;
}

/** One row of a table as the model holds it: the model part it became. */
export interface AuditRow {
  tableRow: number;
  where: Bilingual;
  path: string;
  /** The part, without its children (they are rows of their own). */
  value: unknown;
}

/** What the document concludes, as printed and as recomputed. */
export interface AuditConclusion {
  total: { printed?: string; recomputed?: string; partial?: string; unscored: number };
  grade: { printed?: string; recomputed?: string };
  /** The level-1 indicators: points, score as printed and as recomputed. */
  level1: Array<{ id?: string; name: string; weight?: string; printed?: string; recomputed?: string }>;
}

export interface AuditReport {
  file: string;
  tables: Array<{ title: string; kind: string; rows: number; where: Bilingual; content: AuditRow[] }>;
  diagnostics: AuditDiagnostic[];
  summary: { error: number; warning: number; info: number };
  /** Printed figures that were recomputed and agree. */
  verified: number;
  /** Each of them. */
  figures: AuditFigure[];
  conclusion: AuditConclusion;
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
  const figures: AuditFigure[] = [];
  const conclusion: AuditConclusion = { total: { unscored: 0 }, grade: {}, level1: [] };
  const statedTop = (built.input["stated"] ?? {}) as Record<string, string | undefined>;
  conclusion.total.printed = statedTop["total"];
  conclusion.grade.printed = statedTop["grade"];
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
    const scored = scoreEvaluation(e);
    const report = checkEvaluationReport(e, scored);
    verified = report.verified.length;
    for (const v of report.verified) {
      const o = originFor(built, v.path);
      figures.push({
        table: o?.table ?? "",
        ...(o?.tableRow !== undefined ? { tableRow: o.tableRow } : {}),
        where: where(o),
        path: v.path.join("."),
        subject: v.subject,
        what: v.what,
        printed: v.printed,
        recomputed: v.recomputed,
      });
    }
    // A document without an indicator table has no total to recompute.
    if (scored.total !== undefined && scored.roots.length > 0) conclusion.total.recomputed = scored.total.toFixed(2);
    if (scored.partialTotal !== undefined) conclusion.total.partial = scored.partialTotal.toFixed(2);
    conclusion.total.unscored = scored.unscored;
    if (scored.grade !== undefined && scored.roots.length > 0) conclusion.grade.recomputed = scored.grade;
    conclusion.level1 = scored.roots.map((n) => ({
      ...(n.node.id !== undefined ? { id: n.node.id } : {}),
      name: n.name,
      ...(n.node.weight !== undefined ? { weight: n.node.weight.toFixed() } : {}),
      ...(n.node.stated?.score !== undefined ? { printed: n.node.stated.score } : {}),
      ...(n.score !== undefined ? { recomputed: n.score.toFixed(2) } : {}),
    }));
    // Points that do not add up to 100 contradict nothing a form prints unless it states its
    // total (总分 or 权重合计): many forms carry 80 or 90 points in one table and the rest
    // elsewhere (预算执行情况(20分)), or are extracts. Then a note, not a warning; the grade is
    // still checked on the 百分制.
    const statesTotal = e.stated?.total !== undefined || e.stated?.weight !== undefined;
    for (const d of report.diagnostics) {
      const p = place(built, d);
      diagnostics.push(d.code === "weight/total-not-100" && !statesTotal ? { ...p, severity: "info" } : p);
    }
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
      content: tableContent(built, r.title),
    })),
    diagnostics,
    summary,
    verified,
    figures,
    conclusion,
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

/** The model parts read from one table's rows, in row order (a part's children are rows of their own). */
function tableContent(built: Built, title: string): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const o of built.origins) {
    if (o.origin.table !== title || o.origin.tableRow === 0) continue;
    let value: unknown = built.input;
    for (const k of o.path) value = value === undefined || value === null ? undefined : (value as Record<string | number, unknown>)[k];
    if (value === undefined) continue;
    if (value && typeof value === "object" && !Array.isArray(value) && "children" in value) {
      const { children: _children, ...rest } = value as Record<string, unknown>;
      value = rest;
    }
    rows.push({ tableRow: o.origin.tableRow, where: where(o.origin), path: o.path.join("."), value });
  }
  return rows.sort((a, b) => a.tableRow - b.tableRow);
}
