/**
 * How a report says that a figure is not final: an indicator the engine could not score prints
 * 未评分 (never 0), a parent above one prints what is scored so far marked 部分合计, and an
 * evaluation with unscored indicators has no total and no grade — only
 * "部分合计 54.81，3 个指标未评分" (the engine's own wording, score.ts).
 */
import { type Decimal, type NodeResult, type ScoreResult, canonicalUnit, formatQuantity, formatScore, plain } from "@jixiao/engine";

export const NOT_SCORED = "未评分";
export const NOT_SCORED_EN = "not scored";
/** What {{grade}} and the grade cells print while indicators are unscored. */
export const NO_GRADE = "不评定等级（尚有指标未评分）";
/** What rate cells and {{rate}} print while indicators are unscored. */
export const NO_RATE = "不计得分率（尚有指标未评分）";

/** "部分合计 54.81" — a parent's score so far. */
export function partialText(value: Decimal): string {
  return `部分合计 ${formatScore(value)}`;
}

/** "部分合计 54.81，3 个指标未评分" — the evaluation's (or a parent's) figure so far. */
export function partialWithCount(value: Decimal, unscored: number): string {
  return `${partialText(value)}，${unscored} 个指标未评分`;
}

/** Is the evaluation's total not final (indicators unscored)? */
export function isPartial(s: ScoreResult): boolean {
  return s.total === undefined && s.unscored > 0 && s.preset !== "pefa";
}

/** The partial total of an evaluation with unscored indicators, and how many. */
export function partialTotal(s: ScoreResult): { value: Decimal; unscored: number } | undefined {
  return isPartial(s) && s.partialTotal !== undefined ? { value: s.partialTotal, unscored: s.unscored } : undefined;
}

/** A node that is not (fully) scored: an unscored leaf, or a parent with unscored leaves below. */
export function nodeNotFinal(n: NodeResult): { leaf: boolean; partial?: Decimal; unscored: number } | undefined {
  if (n.notApplicable || n.score !== undefined || n.unscored === 0) return undefined;
  return n.children.length === 0 ? { leaf: true, unscored: n.unscored } : { leaf: false, partial: n.partialScore, unscored: n.unscored };
}

/**
 * The actual value as the report prints it: read in the unit it was compared in, with that
 * unit and its precision ("5,230人", "285.50万元", "98.00%"); a word as written. A % sign only
 * where the unit is a percentage. A figure without any unit prints as written.
 */
export function actualText(n: NodeResult): string {
  if (n.actualValue !== undefined) {
    const unit = canonicalUnit(n.unit);
    return unit === "" ? plain(n.actualValue) : formatQuantity(n.actualValue, unit);
  }
  const a = n.actual;
  if (a === undefined) return "";
  if (typeof a === "string") return a;
  // Not compared (no target, or not scored): the target's printed unit, else the unit column.
  const unit = canonicalUnit(n.unit ?? (n.node.target?.unit || n.node.unit));
  return unit === "" ? plain(a) : formatQuantity(a, unit);
}
