/**
 * The evaluation document as the browser edits it: the INPUT form of the Jixiao file (plain
 * JSON, exactly what the API stores), changed immutably by path, and scored live with the
 * same engine the server uses (@jixiao/engine) — no round trip per keystroke.
 */
import {
  type CheckReport,
  type Evaluation,
  type FieldProblem,
  type ScoreResult,
  type SuggestedFinding,
  checkEvaluationReport,
  isDecimalText,
  scoreEvaluation,
  suggestFindings,
  validateEvaluation,
} from "@jixiao/engine";
import { getAt, setAt } from "@jixiao/api";

export type Path = ReadonlyArray<string | number>;
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Doc = { [k: string]: Json };

/**
 * Reading and immutable setting by path are @jixiao/api's json-path module, the one the server
 * applies to PATCH: prototype keys refused, indices bounded by the list's length.
 */
export { getAt, setAt };

/** Remove the array element at `path` (the last key must be an index). */
export function removeAt<T>(root: T, path: Path): T {
  const parent = path.slice(0, -1);
  const i = path[path.length - 1] as number;
  const arr = (getAt(root, parent) as unknown[] | undefined) ?? [];
  return setAt(
    root,
    parent,
    arr.filter((_, j) => j !== i),
  );
}

/** Insert into the array at `arrayPath` (at `index`, default the end). */
export function insertAt<T>(root: T, arrayPath: Path, item: unknown, index?: number): T {
  const arr = ((getAt(root, arrayPath) as unknown[] | undefined) ?? []).slice();
  arr.splice(index ?? arr.length, 0, item);
  return setAt(root, arrayPath, arr);
}

/** Swap the element at `path` with its neighbour (`by` = -1 up, +1 down). */
export function moveAt<T>(root: T, path: Path, by: -1 | 1): T {
  const parent = path.slice(0, -1);
  const i = path[path.length - 1] as number;
  const arr = ((getAt(root, parent) as unknown[] | undefined) ?? []).slice();
  const j = i + by;
  if (j < 0 || j >= arr.length) return root;
  [arr[i], arr[j]] = [arr[j], arr[i]];
  return setAt(root, parent, arr);
}

/**
 * What a typed number becomes in the document: a JSON number when it reads back exactly
 * ("21.24"), otherwise the decimal text itself ("0.1234567890123456789"), so nothing is lost
 * to binary floats; "" removes the field; other text stays text (a qualitative level).
 */
export function typedValue(text: string): string | number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (isDecimalText(t) && !/[,，]/.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n) && String(n) === t.replace(/^\+/, "")) return n;
    return t;
  }
  return t;
}

/** The text an input shows for a stored value. */
export function shownValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export interface Scored {
  ok: true;
  evaluation: Evaluation;
  score: ScoreResult;
  /** Milliseconds the browser took to validate and score this version. */
  ms: number;
}
export type Evaluated = Scored | { ok: false; problems: FieldProblem[]; ms: number };

let measured = 0;

/**
 * Validate and score a document (what runs on every keystroke). Each run is recorded as a
 * User Timing measure "jixiao:score" (visible in the browser's performance tools; read by
 * bench/web.bench.ts).
 */
export function evaluateDocument(doc: unknown): Evaluated {
  const t0 = performance.now();
  const v = validateEvaluation(doc);
  const result: Evaluated = v.ok
    ? { ok: true, evaluation: v.evaluation, score: scoreEvaluation(v.evaluation), ms: 0 }
    : { ok: false, problems: v.problems, ms: 0 };
  const t1 = performance.now();
  result.ms = t1 - t0;
  if (++measured % 1000 === 0) performance.clearMeasures("jixiao:score");
  performance.measure("jixiao:score", { start: t0, end: t1 });
  return result;
}

export interface Checked {
  report: CheckReport;
  findings: SuggestedFinding[];
}

export function checkDocument(s: Scored): Checked {
  return { report: checkEvaluationReport(s.evaluation, s.score), findings: suggestFindings(s.evaluation, s.score) };
}

/** Every leaf value of a JSON tree by its path (for field-level diffs and merges). */
export function flatten(
  v: unknown,
  path: Array<string | number> = [],
  out = new Map<string, { path: Path; value: unknown }>(),
): Map<string, { path: Path; value: unknown }> {
  if (v !== null && typeof v === "object" && !(Array.isArray(v) && v.length === 0) && !(!Array.isArray(v) && Object.keys(v).length === 0)) {
    if (Array.isArray(v)) v.forEach((x, i) => flatten(x, [...path, i], out));
    else for (const [k, x] of Object.entries(v)) flatten(x, [...path, k], out);
  } else {
    out.set(JSON.stringify(path), { path, value: v });
  }
  return out;
}

export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Stable DOM id of the input editing `path` (diagnostics link to it). */
export const fieldId = (path: Path): string => `f-${path.join("-")}`;
