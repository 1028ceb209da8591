/**
 * Regrading a scored evaluation after a change of some nodes' points or scores, without scoring
 * it again: the roll-up of score.ts (sums, 百分制折算 around not-applicable nodes, the total, the
 * grade read per 100) redone only along the paths that changed. Pure and exact; what-if
 * (robustness.ts, whatif.ts) is built on it.
 *
 * A node whose points change keeps its score rate (得分率不变): its new score is
 * round2(score ÷ old points × new points), half-up once where it is produced, as every score is;
 * its ancestors' points change by the same amount (children add up to their parent), so the total
 * weight changes unless other nodes make up for it, and the grade is read per 100 as always.
 */
import { type Decimal, HUNDRED, ZERO, round2, sum } from "./exact.js";
import { eq } from "./fast.js";
import { type Band, PART_NOT_DEMONSTRATED, gradeFor } from "./grading.js";
import type { NodeResult, ScoreResult } from "./score.js";

export interface NodeChange {
  /** New points (权重 / 分值). */
  weight?: Decimal;
  /** New score (2 places); when absent and the points change, the score keeps its rate. */
  score?: Decimal;
}

export interface Regraded {
  /** Sum of the level-1 points after the change. */
  weight: Decimal;
  total?: Decimal;
  /** The per-100 score the grade is read from. */
  gradedOn?: Decimal;
  band?: Band;
  grade?: string;
}

/**
 * The total and grade of `s` with `changes` applied (and, when given, other bands).
 * Unscored and ordinal evaluations have no total to change: their grade stays as it was.
 * @example regrade(scoreEvaluation(yangquan), new Map([[履职效能, { score: dec("15.49") }]])).grade === "中"
 */
export function regrade(s: ScoreResult, changes: ReadonlyMap<NodeResult, NodeChange>, bands: readonly Band[] = s.bands): Regraded {
  if (s.total === undefined || s.gradedOn === undefined)
    return { weight: s.weight, total: s.total, gradedOn: s.gradedOn, band: s.band, grade: s.grade };
  // The changed nodes and their ancestors, found down each changed node's path (not by walking the tree).
  const touched = new Set<NodeResult>();
  for (const n of changes.keys()) {
    const path = n.path;
    let level: readonly NodeResult[] = s.roots;
    for (let i = 1; i < path.length; i += 2) {
      const at = level[path[i] as number];
      if (!at) break;
      touched.add(at);
      level = at.children;
    }
    touched.add(n);
  }
  const isTouched = (n: NodeResult): boolean => touched.has(n);
  const visit = (n: NodeResult): { weight: Decimal; score?: Decimal } => {
    if (changes.size === 0 || !isTouched(n)) return { weight: n.weight, score: n.score };
    const c = changes.get(n);
    let kids: Array<{ weight: Decimal; score?: Decimal }> | undefined;
    let weight = c?.weight;
    if (weight === undefined) {
      kids = n.children.map(visit);
      weight = n.weight;
      n.children.forEach((child, i) => (weight = weight!.plus(kids![i]!.weight).minus(child.weight)));
    }
    if (n.notApplicable) return { weight };
    if (c?.score !== undefined) return { weight, score: c.score };
    if (c?.weight !== undefined) {
      // Its own score (recomputed when something below it changed too), rate kept.
      const base = n.children.some(isTouched) && n.source !== "direct" ? rollUp(n, n.children.map(visit), n.weight) : n.score;
      if (base === undefined || n.weight.isZero() || eq(c.weight, n.weight)) return { weight, score: base };
      return { weight, score: round2(base.times(c.weight).dividedBy(n.weight)) };
    }
    if (n.children.length === 0 || n.source === "direct") return { weight, score: n.score };
    return { weight, score: rollUp(n, kids ?? n.children.map(visit), weight) };
  };
  const rollUp = (n: NodeResult, all: Array<{ weight: Decimal; score?: Decimal }>, weight: Decimal): Decimal => {
    const applicable = all.filter((_, i) => !n.children[i]!.notApplicable);
    const got = sum(applicable.map((k) => k.score ?? ZERO));
    if (applicable.length < all.length) {
      const w = sum(applicable.map((k) => k.weight));
      return w.isZero() ? ZERO : round2(got.times(weight).dividedBy(w));
    }
    return got;
  };
  const roots = s.roots.map(visit);
  const weight = sum(roots.map((r) => r.weight));
  const applicable = roots.filter((_, i) => !s.roots[i]!.notApplicable);
  let total = sum(applicable.map((r) => r.score ?? ZERO));
  if (applicable.length < roots.length) {
    const w = sum(applicable.map((r) => r.weight));
    if (!w.isZero()) total = round2(total.times(weight).dividedBy(w));
  }
  const gradedOn = weight.isZero() ? undefined : eq(weight, HUNDRED) ? total : round2(total.dividedBy(weight).times(HUNDRED));
  if (s.grade === PART_NOT_DEMONSTRATED) return { weight, total, gradedOn, grade: s.grade };
  const band = gradedOn === undefined ? undefined : gradeFor(gradedOn, bands);
  return { weight, total, gradedOn, band, grade: band?.grade };
}
