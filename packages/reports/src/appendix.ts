/**
 * The working papers' tables of the appendix: what a server knows beyond the evaluation file —
 * the evidence files stored with it (佐证材料索引), the data the audited department supplied and
 * the agency took in (资料清单), the expert panel (专家评分汇总). An optional input of the report
 * build (`BuildOptions.appendix`), never part of the engine model: the file stays what people
 * write, and a report without these inputs (the CLI, the public report) prints the file's own
 * 佐证材料 list only.
 */
import { type Decimal, type Evaluation, type ScoreResult, dec, fixed } from "@jixiao/engine";
import { SCORE2, TEXT } from "./format.js";
import type { Cell, Column } from "./structure.js";
import { type TableDraft, col, head } from "./tables.js";

/** One stored evidence file (the server's evidence list). */
export interface EvidenceFileInput {
  /** The indicator it is attached to (its id in the scored tree). */
  nodeId: string;
  filename: string;
  /** Media type as recognised from the content ("application/pdf"). */
  mediaType: string;
  /** Bytes. */
  size: number;
  sha256: string;
  /** The uploader's display name (null: an account since removed). */
  uploadedBy: string | null;
  /** ISO time. */
  uploadedAt: string;
}

/** One data item the department supplied and the agency took into the evaluation. */
export interface DataTakenInput {
  /** The request's number (#n) and title. */
  request: number;
  title: string;
  /** What was asked for ("职业技能培训人数"). */
  label: string;
  /** Where it was written, in words ("职业技能培训人数 · 实际值"); null: kept as a document only. */
  target: string | null;
  value: string;
  /** Who supplied it and when (ISO). */
  answeredBy: string | null;
  answeredAt: string | null;
  /** The evaluation's version that took it in. */
  takenVersion: number | null;
}

/** One indicator's expert panel. */
export interface PanelInput {
  nodeId: string;
  name: string;
  points: string;
  method: "mean" | "trimmedMean" | "median";
  /** Submitted scores only (a panel still scoring shows what is fixed). */
  scores: Array<{ expert: string; score: string }>;
  /** Over the submitted scores, 2 places; null when none. */
  result: string | null;
  /** Highest less lowest; null when none. */
  spread: string | null;
  flagged: boolean;
  /** The evaluator's decision: adopted the result or overrode it (with the score and reason). */
  decision?: { kind: "adopted" | "overridden"; score: string; reason: string | null };
}

export interface ReportAppendix {
  evidence?: readonly EvidenceFileInput[];
  dataTaken?: readonly DataTakenInput[];
  panels?: readonly PanelInput[];
}

const text = (t: string, c: Column): Cell => ({ text: t, align: c.align });

/** "2026-12-05 18:22" from an ISO time, as the server wrote it (UTC+8 is the caller's concern). */
const minute = (iso: string | null): string => (iso ? iso.slice(0, 16).replace("T", " ") : "-");

/** File sizes as people read them: 532 B, 12.3 KB, 4.56 MB (exact decimals, half-up). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = dec(bytes).div(1024);
  if (kb.lt(1024)) return `${fixed(kb, 1)} KB`;
  return `${fixed(kb.div(1024), 2)} MB`;
}

/** The kind of file in words, from its media type. */
export function fileKind(mediaType: string): string {
  if (mediaType === "application/pdf") return "PDF";
  if (mediaType.startsWith("image/")) return "图片";
  if (/wordprocessingml|msword/.test(mediaType)) return "Word";
  if (/spreadsheetml|ms-excel/.test(mediaType)) return "Excel";
  if (/presentationml|ms-powerpoint/.test(mediaType)) return "PowerPoint";
  return "其他";
}

/**
 * 佐证材料索引 with the stored files: each file under its indicator (编号, 名称), its name, kind,
 * size, uploader, time and SHA-256 (to check a copy against), then the evidence the file itself
 * lists for indicators and findings (no file attached: the other columns "-").
 */
export function evidenceFilesTable(e: Evaluation, s: ScoreResult, files: readonly EvidenceFileInput[]): TableDraft | undefined {
  const columns = [
    col("序号", TEXT, "center"),
    col("编号", TEXT, "center"),
    col("指标或问题", TEXT, "left"),
    col("佐证材料", TEXT, "left"),
    col("类型", TEXT, "center"),
    col("大小", TEXT, "right"),
    col("上传人", TEXT, "left"),
    col("上传时间", TEXT, "center"),
    col("SHA-256", TEXT, "left"),
  ];
  const [no, id, name, what, kind, size, who, when, hash] = columns as [
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
  ];
  const names = new Map(s.all.map((n) => [n.id, n.name]));
  const order = new Map(s.all.map((n, i) => [n.id, i]));
  const sorted = [...files].sort(
    (a, b) => (order.get(a.nodeId) ?? Infinity) - (order.get(b.nodeId) ?? Infinity) || a.uploadedAt.localeCompare(b.uploadedAt),
  );
  const rows: Cell[][] = [head(columns)];
  let k = 0;
  const none = (c: Column) => text("-", c);
  for (const f of sorted)
    rows.push([
      text(String(++k), no),
      text(f.nodeId, id),
      text(names.get(f.nodeId) ?? "-", name),
      text(f.filename, what),
      text(fileKind(f.mediaType), kind),
      text(sizeText(f.size), size),
      text(f.uploadedBy ?? "-", who),
      text(minute(f.uploadedAt), when),
      text(f.sha256, hash),
    ]);
  const listed = (rowId: string, rowName: string, item: string) =>
    rows.push([
      text(String(++k), no),
      text(rowId, id),
      text(rowName, name),
      text(item, what),
      none(kind),
      none(size),
      none(who),
      none(when),
      none(hash),
    ]);
  for (const n of s.all) for (const item of n.node.evidence ?? []) listed(n.id, n.name, item);
  (e.findings ?? []).forEach((f, i) => {
    for (const item of f.evidence ?? []) listed(f.id ?? `问题${i + 1}`, f.title, item);
  });
  return k === 0 ? undefined : { kind: "table", key: "evidence", title: "佐证材料索引", columns, rows, headerRows: 1 };
}

/** 资料清单汇总: every value the department supplied that was taken into the evaluation, with its source. */
export function dataTakenTable(items: readonly DataTakenInput[]): TableDraft | undefined {
  if (items.length === 0) return undefined;
  const columns = [
    col("序号", TEXT, "center"),
    col("资料清单", TEXT, "left"),
    col("所需资料", TEXT, "left"),
    col("写入评价的位置", TEXT, "left"),
    col("提供的数值", TEXT, "right"),
    col("提供人", TEXT, "left"),
    col("提供时间", TEXT, "center"),
    col("采纳版本", TEXT, "center"),
  ];
  const [no, request, label, target, value, who, when, version] = columns as [
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
  ];
  const rows: Cell[][] = [head(columns)];
  items.forEach((i, k) =>
    rows.push([
      text(String(k + 1), no),
      text(`#${i.request} ${i.title}`, request),
      text(i.label, label),
      text(i.target ?? "-", target),
      text(i.value, value),
      text(i.answeredBy ?? "-", who),
      text(minute(i.answeredAt), when),
      text(i.takenVersion === null ? "-" : `第${i.takenVersion}版`, version),
    ]),
  );
  return { kind: "table", key: "dataTaken", title: "资料清单汇总（已采纳的资料）", columns, rows, headerRows: 1 };
}

const METHOD_NAMES: Record<PanelInput["method"], string> = { mean: "算术平均", trimmedMean: "去掉最高最低后平均", median: "中位数" };

/**
 * 专家评分汇总: per indicator the experts and their scores, the method, the result, the spread
 * (专家意见分歧较大 when flagged) and the evaluator's decision. Absent without a panel.
 */
export function panelTable(panels: readonly PanelInput[]): TableDraft | undefined {
  const shown = panels.filter((p) => p.scores.length > 0);
  if (shown.length === 0) return undefined;
  const columns = [
    col("编号", TEXT, "center"),
    col("指标", TEXT, "left"),
    col("分值", TEXT, "right"),
    col("专家", TEXT, "left"),
    col("专家评分", SCORE2, "right"),
    col("计分方法", TEXT, "center"),
    col("评议结果", SCORE2, "right"),
    col("极差", SCORE2, "right"),
    col("采纳情况", TEXT, "left"),
  ];
  const [id, name, points, expert, score, method, result, spread, decision] = columns as [
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
  ];
  const two = (v: string | null): string => (v === null ? "-" : fixed(dec(v) as Decimal, 2));
  const rows: Cell[][] = [head(columns)];
  for (const p of shown) {
    const span = p.scores.length;
    const decided = !p.decision
      ? "未采纳"
      : p.decision.kind === "adopted"
        ? `采纳（${two(p.decision.score)}）`
        : `改定为${two(p.decision.score)}${p.decision.reason ? `：${p.decision.reason}` : ""}`;
    p.scores.forEach((x, i) => {
      const own = [text(x.expert, expert), text(two(x.score), score)];
      if (i > 0) return rows.push(own);
      const merged = (t: string, c: Column): Cell => ({ text: t, align: c.align, ...(span > 1 ? { rowSpan: span } : {}) });
      rows.push([
        merged(p.nodeId, id),
        merged(p.name, name),
        merged(p.points, points),
        ...own,
        merged(METHOD_NAMES[p.method], method),
        merged(two(p.result), result),
        merged(p.flagged ? `${two(p.spread)}（专家意见分歧较大）` : two(p.spread), spread),
        merged(decided, decision),
      ]);
    });
  }
  return { kind: "table", key: "panel", title: "专家评分汇总", columns, rows, headerRows: 1 };
}
