/**
 * Portfolio what-if (组合模拟): apply changed grade bands, indicator points (by path of a
 * template, "产出/产出1") or qualitative levels (a rule parameter: 部分达成 0.6 → 0.7) to a set of
 * scored evaluations and count the grade migration (from → to), who moves and the totals before
 * and after. Pure and exact: nothing is scored again except the leaves a changed level reaches;
 * everything else is regraded along the changed paths (regrade.ts: a node whose points change
 * keeps its score rate; the grade is read per 100).
 */
import { type Decimal, HUNDRED, ZERO, dec, formatScore, isDecimalText, round2 } from "./exact.js";
import { gt } from "./fast.js";
import { type Band, PART_NOT_DEMONSTRATED, gradeFor } from "./grading.js";
import { type Bilingual, bi } from "./messages.js";
import type { Evaluation } from "./model.js";
import { type NodeChange, regrade } from "./regrade.js";
import { DEFAULT_QUALITATIVE_LEVELS, type LeafContext, scoreLeaf } from "./rules.js";
import { type NodeResult, type ScoreResult, findNode, leafContextOf } from "./score.js";

/** The row and column of evaluations without a grade (unscored indicators, ordinal schemes, below every band). */
export const NO_GRADE = "未定级";

/** Limits on what a what-if may ask for (the API refuses more). */
export const WHATIF_LIMITS = { bands: 12, weights: 200, levels: 12, gradeLength: 20, pathLength: 300 } as const;

export interface WhatIfChanges {
  /** New grade bands (per 100). */
  bands?: readonly Band[];
  /** New points for the indicators at these paths (names or ids from the root, "/"-separated). */
  weights?: ReadonlyArray<{ path: string; weight: Decimal }>;
  /** New qualitative levels (scheme.qualitativeLevels), merged over each evaluation's own. */
  qualitativeLevels?: Readonly<Record<string, Decimal>>;
}

export interface WhatIfItem {
  id: string;
  title: string;
  score: ScoreResult;
  /** Needed only when qualitative levels change (the leaves they reach are scored again). */
  evaluation?: Evaluation;
}

export interface WhatIfRow {
  id: string;
  title: string;
  from: string;
  to: string;
  totalBefore?: Decimal;
  totalAfter?: Decimal;
  gradedOnBefore?: Decimal;
  gradedOnAfter?: Decimal;
  /** Lower bounds of the bands before and after (none for 未定级). */
  fromMin?: Decimal;
  toMin?: Decimal;
}

function cmpMin(a: Decimal | undefined, b: Decimal | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  return b === undefined ? 1 : a.comparedTo(b);
}

export interface WhatIfResult {
  /** Row and column labels of the matrix, best first, NO_GRADE last. */
  grades: string[];
  /** matrix[i][j]: evaluations that were grades[i] and become grades[j]. */
  matrix: number[][];
  before: Record<string, number>;
  after: Record<string, number>;
  count: number;
  up: number;
  down: number;
  /** Every evaluation whose grade changes, in input order. */
  movers: WhatIfRow[];
  /** Sum of totals and the mean per-100 score, before and after (over the evaluations with a total). */
  totals: { before: Decimal; after: Decimal; meanBefore?: Decimal; meanAfter?: Decimal };
  /** Weight paths that matched no indicator, with how many evaluations lacked them. */
  unmatched: Array<{ path: string; evaluations: number }>;
  explanation: Bilingual;
}

export type BandsReading = { ok: true; bands: Band[] } | { ok: false; message: Bilingual };

/**
 * Bands from their lower bounds: each band runs from its min to the next one up; the top one to
 * 100 inclusive. Grades must differ, mins must differ and lie in [0, 100] with at most 2 places.
 * @example bandsFrom([{ grade: "优", min: "90" }, { grade: "良", min: "80" }, { grade: "中", min: "60" }, { grade: "差", min: "0" }])
 */
export function bandsFrom(list: ReadonlyArray<{ grade: string; min: string | number | Decimal; label_en?: string }>): BandsReading {
  const fail = (zh: string, en: string): BandsReading => ({ ok: false, message: bi(zh, en) });
  if (list.length === 0) return fail("至少需要一个等级", "at least one band is needed");
  if (list.length > WHATIF_LIMITS.bands) return fail(`等级最多 ${WHATIF_LIMITS.bands} 个`, `at most ${WHATIF_LIMITS.bands} bands`);
  const seen = new Set<string>();
  const read: Array<{ grade: string; min: Decimal; label_en?: string }> = [];
  for (const [i, b] of list.entries()) {
    const grade = b.grade.trim();
    if (grade === "" || grade.length > WHATIF_LIMITS.gradeLength)
      return fail(`第 ${i + 1} 个等级名称为空或过长`, `band ${i + 1}: the grade is empty or longer than ${WHATIF_LIMITS.gradeLength}`);
    if (grade === "__proto__" || grade === "constructor" || grade === "prototype" || grade === NO_GRADE)
      return fail(`等级名称“${grade}”不可用`, `"${grade}" cannot be a grade`);
    if (seen.has(grade)) return fail(`等级“${grade}”重复`, `the grade "${grade}" is given twice`);
    seen.add(grade);
    const text = typeof b.min === "string" ? b.min.trim() : typeof b.min === "number" ? String(b.min) : b.min.toFixed();
    if (!isDecimalText(text))
      return fail(`等级“${grade}”的下限“${text}”不是数值`, `the lower bound "${text}" of "${grade}" is not a number`);
    const min = dec(text);
    if (min.isNegative() || gt(min, HUNDRED) || min.decimalPlaces() > 2)
      return fail(`等级“${grade}”的下限须在 0–100 之间，至多两位小数`, `the lower bound of "${grade}" must be 0–100 with at most 2 places`);
    read.push({ grade, min, label_en: b.label_en });
  }
  read.sort((a, b) => b.min.comparedTo(a.min));
  for (let i = 1; i < read.length; i++)
    if (read[i]!.min.eq(read[i - 1]!.min))
      return fail(
        `等级“${read[i - 1]!.grade}”与“${read[i]!.grade}”下限相同`,
        `"${read[i - 1]!.grade}" and "${read[i]!.grade}" have the same lower bound`,
      );
  return {
    ok: true,
    bands: read.map((b, i) => ({
      grade: b.grade,
      min: b.min,
      max: i === 0 ? HUNDRED : read[i - 1]!.min,
      maxInclusive: i === 0,
      ...(b.label_en ? { label_en: b.label_en } : {}),
    })),
  };
}

/**
 * Bands as written on a command line: "优:90,良:80,中:60,差:0" (also "优=90", full-width ：，).
 * @example parseBands("优:90,良:80,中:60,差:0").ok === true
 */
export function parseBands(text: string): BandsReading {
  const parts = text
    .split(/[,，;；]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > WHATIF_LIMITS.bands)
    return { ok: false, message: bi(`等级最多 ${WHATIF_LIMITS.bands} 个`, `at most ${WHATIF_LIMITS.bands} bands`) };
  const list: Array<{ grade: string; min: string }> = [];
  for (const p of parts) {
    const m = /^(.+?)\s*[:：=]\s*(\S+)$/.exec(p);
    if (!m) return { ok: false, message: bi(`“${p}”应写作 等级:下限，如 优:90`, `"${p}" should read grade:min, e.g. 优:90`) };
    list.push({ grade: m[1]!, min: m[2]! });
  }
  return bandsFrom(list);
}

/** Order of grades: the new bands' (best first), then the old ones' not among them, then any other seen, then NO_GRADE. */
function gradeOrder(bands: readonly Band[][], seen: Iterable<string>): string[] {
  const out: string[] = [];
  for (const list of bands)
    for (const b of [...list].sort((x, y) => y.min.comparedTo(x.min))) if (!out.includes(b.grade)) out.push(b.grade);
  for (const g of seen) if (!out.includes(g) && g !== NO_GRADE) out.push(g);
  out.push(NO_GRADE);
  return out;
}

/**
 * Apply `changes` to every evaluation and count the grade migration.
 * @example whatIf(items, { bands: parseBands("优:85,良:75,中:60,差:0").bands }).matrix
 */
export function whatIf(items: readonly WhatIfItem[], changes: WhatIfChanges): WhatIfResult {
  const weights = changes.weights ?? [];
  const levels = changes.qualitativeLevels && Object.keys(changes.qualitativeLevels).length > 0 ? changes.qualitativeLevels : undefined;
  const missing = new Map<string, number>(weights.map((w) => [w.path, 0]));
  const rows: WhatIfRow[] = [];
  const oldBands = new Set<Band[]>();
  for (const item of items) {
    const s = item.score;
    const map = new Map<NodeResult, NodeChange>();
    for (const w of weights) {
      const n = findNode(s, w.path);
      if (n) map.set(n, { weight: w.weight });
      else missing.set(w.path, missing.get(w.path)! + 1);
    }
    if (levels && item.evaluation && s.total !== undefined) rescoreLevels(item.evaluation, s, levels, map);
    // Bands alone change only the reading of the same per-100 score.
    const after =
      map.size > 0
        ? regrade(s, map, changes.bands ?? s.bands)
        : changes.bands && s.gradedOn !== undefined && s.grade !== PART_NOT_DEMONSTRATED
          ? readAgain(s, changes.bands)
          : s;
    oldBands.add(s.bands);
    rows.push({
      id: item.id,
      title: item.title,
      from: s.grade ?? NO_GRADE,
      to: after.grade ?? NO_GRADE,
      fromMin: s.band?.min,
      toMin: after.band?.min,
      totalBefore: s.total,
      totalAfter: after.total,
      gradedOnBefore: s.gradedOn,
      gradedOnAfter: after.gradedOn,
    });
  }
  const grades = gradeOrder(
    [...(changes.bands ? [[...changes.bands]] : []), ...oldBands.values()],
    rows.flatMap((r) => [r.from, r.to]),
  );
  const index = new Map(grades.map((g, i) => [g, i]));
  const matrix = grades.map(() => grades.map(() => 0));
  const before: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]));
  const after: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]));
  let up = 0;
  let down = 0;
  let sumBefore = ZERO;
  let sumAfter = ZERO;
  let onBefore = ZERO;
  let onAfter = ZERO;
  let nBefore = 0;
  let nAfter = 0;
  const movers: WhatIfRow[] = [];
  for (const r of rows) {
    const i = index.get(r.from)!;
    const j = index.get(r.to)!;
    matrix[i]![j]!++;
    before[r.from]!++;
    after[r.to]!++;
    if (i !== j) {
      movers.push(r);
      // Up or down by the bands' lower bounds (per 100), comparable across two sets of bands.
      if (cmpMin(r.toMin, r.fromMin) > 0) up++;
      else down++;
    }
    if (r.totalBefore !== undefined) sumBefore = sumBefore.plus(r.totalBefore);
    if (r.totalAfter !== undefined) sumAfter = sumAfter.plus(r.totalAfter);
    if (r.gradedOnBefore !== undefined) {
      onBefore = onBefore.plus(r.gradedOnBefore);
      nBefore++;
    }
    if (r.gradedOnAfter !== undefined) {
      onAfter = onAfter.plus(r.gradedOnAfter);
      nAfter++;
    }
  }
  const meanBefore = nBefore > 0 ? round2(onBefore.dividedBy(nBefore)) : undefined;
  const meanAfter = nAfter > 0 ? round2(onAfter.dividedBy(nAfter)) : undefined;
  const unmatched = [...missing.entries()].filter(([, n]) => n > 0).map(([path, evaluations]) => ({ path, evaluations }));
  const means = meanBefore && meanAfter ? `；平均得分 ${formatScore(meanBefore)} → ${formatScore(meanAfter)}` : "";
  const meansEn = meanBefore && meanAfter ? `; mean score ${formatScore(meanBefore)} → ${formatScore(meanAfter)}` : "";
  return {
    grades,
    matrix,
    before,
    after,
    count: rows.length,
    up,
    down,
    movers,
    totals: { before: sumBefore, after: sumAfter, meanBefore, meanAfter },
    unmatched,
    explanation: bi(
      `${rows.length} 项评价中 ${movers.length} 项等级变化（升 ${up}、降 ${down}）${means}`,
      `${movers.length} of ${rows.length} evaluations change grade (${up} up, ${down} down)${meansEn}`,
    ),
  };
}

function readAgain(s: ScoreResult, bands: readonly Band[]): { total?: Decimal; gradedOn?: Decimal; band?: Band; grade?: string } {
  const band = gradeFor(s.gradedOn!, bands);
  return { total: s.total, gradedOn: s.gradedOn, band, grade: band?.grade };
}

/** Score again, with the changed levels, every leaf scored by a level (a word actual). */
function rescoreLevels(e: Evaluation, s: ScoreResult, levels: Readonly<Record<string, Decimal>>, map: Map<NodeResult, NodeChange>): void {
  // Built on the first leaf read by a word: most evaluations of a portfolio have few or none.
  let ctx: LeafContext | undefined;
  const context = (): LeafContext => {
    const base = leafContextOf(e).ctx;
    return (ctx ??= { ...base, levels: { ...(base.levels ?? DEFAULT_QUALITATIVE_LEVELS), ...levels } });
  };
  const walk = (n: NodeResult): void => {
    if (n.notApplicable) return;
    const changed = map.get(n);
    if (n.children.length > 0) {
      // Below a parent whose points change, its leaves are scored again and the parent's new sum scaled (regrade).
      if (n.source !== "direct") n.children.forEach(walk);
      return;
    }
    if (typeof n.actual !== "string" || n.score === undefined || n.source !== "rule") return;
    const weight = changed?.weight ?? n.weight;
    const again = scoreLeaf(n.node, weight, ctx ?? context()).score;
    if (again !== undefined && (changed || !again.eq(n.score))) map.set(n, { weight: changed?.weight, score: again });
  };
  s.roots.forEach(walk);
}
