/**
 * `jixiao batch`: one evaluation in, one summary row out, scored by the engine's compiled exact
 * kernel (scoreDocument for a JSON Lines line whose template is compiled, else scoreFast), whose
 * figures equal scoreEvaluation's. Shared by the command (in process, for a single chunk) and its
 * worker threads (batch-worker.ts), so it takes plain data and returns plain data (rows cross the
 * thread boundary by structured clone).
 */
import { readFileSync } from "node:fs";
import {
  type Evaluation,
  type FastScore,
  type Lang,
  centsText,
  checkFast,
  formatLoadError,
  kernelCheck,
  loadEvaluation,
  scoreDocument,
  scoreFast,
  summarize,
  validateEvaluation,
  loadDocument,
  TargetFilingSchema,
  MonitoringReportSchema,
} from "@jixiao/engine";
import { t } from "./text.js";

/** A file to read (YAML/JSON), or one line of a JSON Lines file with its text. */
export interface BatchItem {
  file: string;
  /** 1-based line number, for JSON Lines. */
  line?: number;
  text?: string;
  /** Why the source could not even be opened (found while listing the inputs). */
  problem?: string;
}

export interface BatchOptions {
  check: boolean;
  lang: Lang;
}

/** One row of the summary. Scores are exact decimal strings, rounded to 2 places (the engine's rule). */
export interface BatchRow {
  file: string;
  line?: number;
  title?: string;
  /** The total, only when every indicator is scored. */
  total?: string;
  /** What is scored so far (部分合计) when some indicator is not (`unscored` > 0). */
  partialTotal?: string;
  /** Indicators not scored (未评分). */
  unscored?: number;
  grade?: string;
  /** Level-1 name → its score ("" when it has none: not scored or not applicable). */
  level1: Array<[string, string]>;
  errors: number;
  warnings: number;
  /** Why the evaluation could not be read (or the first error), in the user's language. */
  error?: string;
}

function failed(item: BatchItem, error: string, errors = 1): BatchRow {
  return { file: item.file, line: item.line, level1: [], errors, warnings: 0, error };
}

function readProblem(file: string, err: unknown, lang: Lang): string {
  const code = (err as NodeJS.ErrnoException).code;
  return t(lang, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file });
}

/** A summary row from the kernel's figures (the same as scoreEvaluation's: kernel-property.test.ts). */
function rowOf(item: BatchItem, title: string, f: FastScore, counts: { errors: number; warnings: number }): BatchRow {
  return {
    file: item.file,
    line: item.line,
    title,
    total: f.total !== undefined ? centsText(f.total) : undefined,
    partialTotal: f.total === undefined && f.partialTotal !== undefined ? centsText(f.partialTotal) : undefined,
    unscored: f.unscoredLeaves,
    grade: f.grade,
    level1: f.roots.map((i) => [f.names[i]!, Number.isNaN(f.scores[i]!) ? "" : centsText(f.scores[i]!)]),
    errors: counts.errors,
    warnings: counts.warnings,
  };
}

function loadItem(item: BatchItem, opts: BatchOptions): Evaluation | BatchRow {
  const { lang } = opts;
  if (item.problem !== undefined) return failed(item, item.problem);
  if (item.line !== undefined) {
    const where = `${item.file}:${item.line}`;
    let data: unknown;
    try {
      data = JSON.parse(item.text ?? "");
    } catch (err) {
      return failed(item, t(lang, "cli/batch-not-json", { where, detail: err instanceof Error ? err.message : String(err) }));
    }
    // The kernel reads the line without building decimals when it takes the document whole.
    const doc = scoreDocument(data);
    if (doc) {
      const checked = opts.check ? kernelCheck(doc.score) : undefined;
      if (!opts.check) return rowOf(item, doc.title, doc.score, doc.score);
      if (checked) {
        const c = summarize(checked);
        return rowOf(item, doc.title, doc.score, { errors: c.error, warnings: c.warning });
      }
    }
    const v = validateEvaluation(data);
    if (v.ok) return v.evaluation;
    const first = v.problems[0]!;
    const more = v.problems.length > 1 ? t(lang, "cli/batch-more", { n: v.problems.length - 1 }) : "";
    return failed(item, `${where}: ${first.path ? `${first.path}: ` : ""}${first.message[lang]}${more}`, v.problems.length);
  }
  let text: string;
  try {
    text = item.text ?? readFileSync(item.file, "utf8");
  } catch (err) {
    return failed(item, readProblem(item.file, err, lang));
  }
  const r = loadEvaluation(text, item.file);
  if (r.ok) return r.evaluation;
  // A target filing or a monitoring report is a Jixiao file too, but not an evaluation: say which
  // command reads it rather than listing every field an evaluation would need.
  if (loadDocument(TargetFilingSchema, text, item.file).ok) return failed(item, t(lang, "cli/batch-a-filing", { file: item.file }));
  if (loadDocument(MonitoringReportSchema, text, item.file).ok) return failed(item, t(lang, "cli/batch-a-monitoring", { file: item.file }));
  const more = r.errors.length > 1 ? t(lang, "cli/batch-more", { n: r.errors.length - 1 }) : "";
  return failed(item, formatLoadError(r.errors[0]!, lang) + more, r.errors.length);
}

/** Score (and with `check`, check) one evaluation; never throws: what goes wrong is the row's error. */
export function evaluateItem(item: BatchItem, opts: BatchOptions): BatchRow {
  try {
    const e = loadItem(item, opts);
    if ("level1" in e) return e;
    const f = scoreFast(e);
    if (!opts.check) return rowOf(item, e.meta.title, f, f);
    const c = summarize(checkFast(e, f));
    return rowOf(item, e.meta.title, f, { errors: c.error, warnings: c.warning });
  } catch (err) {
    // A bug in the engine on one odd file must not lose the other rows.
    return failed(item, t(opts.lang, "cli/internal", { message: err instanceof Error ? err.message : String(err) }));
  }
}

export function evaluateChunk(items: readonly BatchItem[], opts: BatchOptions): BatchRow[] {
  return items.map((item) => evaluateItem(item, opts));
}

// ── the summary ──────────────────────────────────────────────────────────────────────────

/** The level-1 names of every row, in order of first appearance (the union across files). */
export function level1Names(rows: readonly BatchRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const [name] of r.level1) seen.add(name);
  return [...seen];
}

export const FIXED_BEFORE = ["file", "line", "title", "total", "partialTotal", "unscored", "grade"] as const;
export const FIXED_AFTER = ["errors", "warnings", "error"] as const;

/** The cells of a row under the summary's columns (level-1 names between the fixed ones). */
export function rowCells(r: BatchRow, names: readonly string[]): Array<string | number | undefined> {
  const scores = new Map(r.level1);
  return [
    r.file,
    r.line,
    r.title,
    r.total,
    r.partialTotal,
    r.unscored,
    r.grade,
    ...names.map((n) => scores.get(n)),
    r.errors,
    r.warnings,
    r.error,
  ];
}

/** One JSON object a line: scores as exact decimal strings, absent values as null. */
export function summaryJsonl(rows: readonly BatchRow[]): string {
  return rows
    .map((r) =>
      JSON.stringify({
        file: r.file,
        line: r.line ?? null,
        title: r.title ?? null,
        total: r.total ?? null,
        partialTotal: r.partialTotal ?? null,
        unscored: r.unscored ?? null,
        grade: r.grade ?? null,
        level1: Object.fromEntries(r.level1.map(([n, s]) => [n, s === "" ? null : s])),
        errors: r.errors,
        warnings: r.warnings,
        error: r.error ?? null,
      }),
    )
    .map((l) => l + "\n")
    .join("");
}
