/**
 * What-if, for one evaluation: how far it is from the next grade, and where the points could
 * come from ("距“优”还差 4.27 分；可提升空间最大的指标：…"). Pure, exact: the distance is measured
 * on the scale the grade is read on (per 100) and given back in the evaluation's own points.
 */
import { type Decimal, HUNDRED, ZERO, formatScore } from "./exact.js";
import { eq, gt } from "./fast.js";
import type { Band } from "./grading.js";
import { type Bilingual, bi } from "./messages.js";
import type { NodeResult, ScoreResult } from "./score.js";

export interface NextGrade {
  /** The grade above the current one. */
  grade: string;
  band: Band;
  /** Points still needed to reach its lower bound, in the evaluation's own points (exact). */
  needed: Decimal;
  /** The leaves with the most points still to gain (weight − score), most first (at most `limit`). */
  room: Array<{ node: NodeResult; room: Decimal }>;
  explanation: Bilingual;
}

/**
 * The distance to the next grade; undefined when the evaluation has no total (unscored
 * indicators, an ordinal scheme) or already has the top grade.
 * @example distanceToNextGrade(scoreEvaluation(yangquan))?.needed.toFixed(2) === "4.27" // 85.73 → 优 at 90
 */
export function distanceToNextGrade(s: ScoreResult, limit = 3): NextGrade | undefined {
  if (s.total === undefined || s.gradedOn === undefined || s.band === undefined) return undefined;
  const current = s.band;
  // The band whose lower bound is the smallest one above the current band's.
  let next: Band | undefined;
  for (const b of s.bands) if (gt(b.min, current.min) && (!next || gt(next.min, b.min))) next = b;
  if (!next) return undefined;
  const perHundred = next.min.minus(s.gradedOn);
  const needed = eq(s.weight, HUNDRED) || s.weight.isZero() ? perHundred : perHundred.times(s.weight).dividedBy(HUNDRED);
  const room = s.all
    .filter((n) => n.children.length === 0 && !n.notApplicable && n.score !== undefined && gt(n.weight.minus(n.score), ZERO))
    .map((n) => ({ node: n, room: n.weight.minus(n.score!) }))
    .sort((a, b) => b.room.comparedTo(a.room) || a.node.level - b.node.level)
    .slice(0, limit);
  const target = next;
  const list = (sep: string, unit: (r: Decimal) => string) => room.map((r) => `${r.node.name}${unit(r.room)}`).join(sep);
  const explanation = bi(
    `距“${target.grade}”还差 ${formatScore(needed)} 分` +
      (room.length > 0 ? `；可提升空间最大的指标：${list("、", (r) => `（可提升 ${formatScore(r)} 分）`)}` : ""),
    `${formatScore(needed)} points short of "${target.label_en ?? target.grade}"` +
      (room.length > 0 ? `; the most room: ${list(", ", (r) => ` (${formatScore(r)} to gain)`)}` : ""),
  );
  return { grade: next.grade, band: next, needed, room, explanation };
}
