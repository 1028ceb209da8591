/**
 * Grade robustness (等级稳健性), for one evaluation: the smallest change that changes its grade,
 * so a reader knows whether 良 is solid.
 *
 * 1. Weights. Every scoring unit — a leaf, or a parent scored directly or rescaled around
 *    not-applicable children — may move within ±range of its own points (default ±10%). The total
 *    of the points stays fixed (the grade is read against a fixed 100, 财预〔2020〕10号), so weight
 *    only moves from one unit to another; with `keep: "siblings"` it moves only between units of
 *    the same parent, so every parent keeps its points too. A unit keeps its score rate when its
 *    points change (regrade.ts). The smallest change is the least weight moved (in points): moving
 *    weight from the unit with the lowest rate to the one with the highest gains most per point,
 *    so the pairs are taken in that order (a fractional knapsack, optimal for the linear part);
 *    the amount is then found on a 0.01-point grid against the exact regrade, rounding included.
 * 2. One value. For each leaf with a figure as its actual, the actual it would take to change the
 *    grade (rescored by the leaf's own rule, scoreLeaf, exact), on the precision the actual was
 *    written with; for a score entered directly, the score it would take. The most sensitive first
 *    (the smallest change relative to the value).
 *
 * Pure, exact (Decimal), deterministic. Undefined for an evaluation without a grade.
 */
import { type Decimal, Decimal as D, HUNDRED, ZERO, dec, fixed, formatScore, plain } from "./exact.js";
import { gt, lt } from "./fast.js";
import type { Band } from "./grading.js";
import { type Bilingual, bi } from "./messages.js";
import type { Evaluation } from "./model.js";
import { type NodeChange, type Regraded, regrade } from "./regrade.js";
import { scoreLeaf } from "./rules.js";
import { type NodeResult, type ScoreResult, leafContextOf } from "./score.js";

export interface RobustnessOptions {
  /** How far each unit's points may move, as a fraction of them: 0.1 = ±10% (default). */
  range?: Decimal | number | string;
  /** What stays fixed: the total of the points (default) or every parent's points. */
  keep?: "total" | "siblings";
  /** How many of the most sensitive values to report (default 3). */
  limit?: number;
}

export interface WeightShift {
  node: NodeResult;
  from: Decimal;
  to: Decimal;
}

export interface WeightFlip {
  direction: "up" | "down";
  /** The grade it would become. */
  grade: string;
  /** The least moves that get there, the units that gain first. */
  shifts: WeightShift[];
  /** Points of weight moved (the sum of the gains). */
  moved: Decimal;
  /** The per-100 score after the moves. */
  gradedOn: Decimal;
}

export interface ValueFlip {
  node: NodeResult;
  direction: "up" | "down";
  grade: string;
  /** "actual": the leaf's actual value; "score": a score entered directly. */
  kind: "actual" | "score";
  from: Decimal;
  to: Decimal;
  unit?: string;
  /** |to − from| ÷ |from| (undefined when from is 0). */
  relative?: Decimal;
  explanation: Bilingual;
}

export interface Robustness {
  grade: string;
  gradedOn: Decimal;
  range: Decimal;
  keep: "total" | "siblings";
  /** No move of the weights within the range changes the grade. */
  robust: boolean;
  weights: {
    up?: WeightFlip;
    down?: WeightFlip;
    /** The best and worst per-100 score the weights can give within the range. */
    best: Decimal;
    worst: Decimal;
  };
  /** The most sensitive values, the smallest relative change first (at most `limit`). */
  values: ValueFlip[];
  explanation: Bilingual;
}

const GRID = new D("0.01");

interface Unit {
  node: NodeResult;
  rate: Decimal;
  cap: Decimal;
  group: string;
}

/** Units: nodes whose score does not come from their children's sum, with points and a score. */
function unitsOf(s: ScoreResult, range: Decimal): Unit[] {
  const out: Unit[] = [];
  const walk = (n: NodeResult, group: string): void => {
    if (n.notApplicable) return;
    const unit = n.children.length === 0 || n.source === "direct" || n.source === "rescaled";
    if (!unit) {
      n.children.forEach((c) => walk(c, n.id));
      return;
    }
    if (n.score === undefined || !gt(n.weight, ZERO)) return;
    out.push({ node: n, rate: n.score.dividedBy(n.weight), cap: n.weight.times(range), group });
  };
  s.roots.forEach((r) => walk(r, ""));
  return out;
}

interface Segment {
  gain: Unit;
  lose: Unit;
  amount: Decimal;
  /** Score per point moved. */
  slope: Decimal;
}

/** Pairs (high-rate gainer, low-rate loser) with the amount each pair may move, best slope first. */
function segments(units: Unit[], up: boolean, keep: "total" | "siblings"): Segment[] {
  const groups = new Map<string, Unit[]>();
  for (const u of units) {
    const key = keep === "siblings" ? u.group : "";
    const list = groups.get(key) ?? [];
    list.push(u);
    groups.set(key, list);
  }
  const out: Segment[] = [];
  for (const list of groups.values()) {
    // Up: weight goes to the highest rates from the lowest; down: the other way round.
    const order = (a: Unit, b: Unit) => b.rate.comparedTo(a.rate) || a.node.path.join(".").localeCompare(b.node.path.join("."));
    const gainers = [...list].sort(order);
    const losers = [...list].sort((a, b) => -order(a, b));
    if (!up) {
      gainers.reverse();
      losers.reverse();
    }
    const left = new Map<Unit, Decimal>(list.map((u) => [u, u.cap]));
    let i = 0;
    let j = 0;
    while (i < gainers.length && j < losers.length) {
      const g = gainers[i]!;
      const l = losers[j]!;
      const slope = g.rate.minus(l.rate).abs();
      if (g === l || !(up ? gt(g.rate, l.rate) : lt(g.rate, l.rate))) break;
      const amount = left.get(g)!.lt(left.get(l)!) ? left.get(g)! : left.get(l)!;
      if (gt(amount, ZERO)) out.push({ gain: g, lose: l, amount, slope });
      left.set(g, left.get(g)!.minus(amount));
      left.set(l, left.get(l)!.minus(amount));
      if (!gt(left.get(g)!, ZERO)) i++;
      if (!gt(left.get(l)!, ZERO)) j++;
    }
  }
  return out.sort((a, b) => b.slope.comparedTo(a.slope));
}

/** The changes that move `m` points along the segments, and the shifts they make. */
function movesFor(segs: Segment[], m: Decimal): { changes: Map<NodeResult, NodeChange>; shifts: WeightShift[] } {
  const delta = new Map<Unit, Decimal>();
  let left = m;
  for (const s of segs) {
    if (!gt(left, ZERO)) break;
    const a = lt(s.amount, left) ? s.amount : left;
    delta.set(s.gain, (delta.get(s.gain) ?? ZERO).plus(a));
    delta.set(s.lose, (delta.get(s.lose) ?? ZERO).minus(a));
    left = left.minus(a);
  }
  const changes = new Map<NodeResult, NodeChange>();
  const shifts: WeightShift[] = [];
  for (const [u, d] of delta) {
    if (d.isZero()) continue;
    const to = u.node.weight.plus(d);
    changes.set(u.node, { weight: to });
    shifts.push({ node: u.node, from: u.node.weight, to });
  }
  shifts.sort((a, b) => b.to.minus(b.from).comparedTo(a.to.minus(a.from)));
  return { changes, shifts };
}

/** Whether the regraded result is in a higher (up) or lower (down, or below every band) grade. */
function flips(r: Regraded, current: Band, up: boolean): boolean {
  if (r.gradedOn === undefined) return false;
  if (r.band === undefined) return !up && lt(r.gradedOn, current.min);
  return up ? gt(r.band.min, current.min) : lt(r.band.min, current.min);
}

function weightFlip(s: ScoreResult, segs: Segment[], up: boolean): { flip?: WeightFlip; extreme: Decimal } {
  const current = s.band!;
  const total = segs.reduce((t, x) => t.plus(x.amount), ZERO);
  const atMax = regrade(s, movesFor(segs, total).changes);
  const extreme = atMax.gradedOn ?? s.gradedOn!;
  if (!flips(atMax, current, up)) return { extreme };
  // The least amount on the 0.01 grid (or the whole capacity) that flips the grade.
  const steps = total.dividedBy(GRID).ceil().toNumber();
  let lo = 0;
  let hi = steps;
  const amount = (k: number) => {
    const m = GRID.times(k);
    return gt(m, total) ? total : m;
  };
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (flips(regrade(s, movesFor(segs, amount(mid)).changes), current, up)) hi = mid;
    else lo = mid;
  }
  const m = amount(hi);
  const { changes, shifts } = movesFor(segs, m);
  const r = regrade(s, changes);
  return { extreme, flip: { direction: up ? "up" : "down", grade: r.grade ?? "-", shifts, moved: m, gradedOn: r.gradedOn! } };
}

/** The band above and below the current one. */
function neighbours(s: ScoreResult): { above?: Band; below?: Band } {
  const cur = s.band!;
  let above: Band | undefined;
  let below: Band | undefined;
  for (const b of s.bands) {
    if (gt(b.min, cur.min) && (!above || lt(b.min, above.min))) above = b;
    if (lt(b.min, cur.min) && (!below || gt(b.min, below.min))) below = b;
  }
  return { above, below };
}

/** Search a grid between `from` and `bound` for the value closest to `from` at which `ok` holds (ok(bound) true). */
function nearest(from: Decimal, bound: Decimal, step: Decimal, ok: (x: Decimal) => boolean): Decimal {
  const span = bound.minus(from).abs().dividedBy(step).ceil();
  if (gt(span, dec(1e12))) return bound;
  let lo = 0;
  let hi = span.toNumber();
  const sign = gt(bound, from) ? 1 : -1;
  const at = (k: number) => (k >= hi && k === span.toNumber() ? bound : from.plus(step.times(k * sign)));
  while (lo + 1 < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(at(mid))) hi = mid;
    else lo = mid;
  }
  return at(hi);
}

function valueFlips(e: Evaluation | undefined, s: ScoreResult): ValueFlip[] {
  const current = s.band!;
  const { above, below } = neighbours(s);
  const ctx = e ? leafContextOf(e).ctx : undefined;
  const out: ValueFlip[] = [];
  const walk = (n: NodeResult): void => {
    if (n.notApplicable || n.score === undefined) return;
    if (n.children.length > 0 && n.source !== "direct") {
      if (n.source !== "rescaled") n.children.forEach(walk);
      return;
    }
    const withScore = (x: Decimal) => regrade(s, new Map([[n, { score: x }]]));
    for (const up of [false, true]) {
      const target = up ? above : below;
      if (!target) continue;
      const extreme = up ? n.weight : ZERO;
      if (!flips(withScore(extreme), current, up)) continue;
      const numeric = n.source === "rule" && ctx && n.actualValue !== undefined && n.node.actual !== undefined;
      if (numeric && (n.rule === "proportional" || n.rule === "interval" || n.rule === "step")) {
        const a = n.actualValue!;
        const scoreAt = (x: Decimal) => scoreLeaf({ ...n.node, actual: x }, n.weight, ctx).score;
        const ok = (x: Decimal) => {
          const sc = scoreAt(x);
          return sc !== undefined && flips(withScore(sc), current, up);
        };
        const step = new D(1).dividedBy(new D(10).pow(Math.min(a.decimalPlaces(), 6)));
        const reach = a.abs().gt(1) ? a.abs().times(10) : new D(10);
        let best: Decimal | undefined;
        for (const bound of [a.isPositive() && !a.isZero() ? ZERO : a.minus(reach), a.plus(reach)]) {
          if (!ok(bound)) continue;
          const x = nearest(a, bound, step, ok);
          if (!best || lt(x.minus(a).abs(), best.minus(a).abs())) best = x;
        }
        if (best) out.push(flipOf(n, up, target, "actual", a, best, n.unit));
        continue;
      }
      // A word, a date, a formula or deductions: no one figure to move. A score entered directly is one.
      if (n.source !== "direct") continue;
      const ok = (x: Decimal) => flips(withScore(x), current, up);
      out.push(flipOf(n, up, target, "score", n.score, nearest(n.score, extreme, GRID, ok)));
    }
  };
  s.roots.forEach(walk);
  return out.sort(
    (a, b) =>
      (a.relative ?? new D(Infinity)).comparedTo(b.relative ?? new D(Infinity)) ||
      (a.direction === "down" ? -1 : 1) - (b.direction === "down" ? -1 : 1),
  );
}

function flipOf(n: NodeResult, up: boolean, band: Band, kind: "actual" | "score", from: Decimal, to: Decimal, unit?: string): ValueFlip {
  const relative = from.isZero() ? undefined : to.minus(from).abs().dividedBy(from.abs());
  const rises = gt(to, from);
  const value = kind === "score" ? formatScore(to) : plain(to) + (unit ?? "");
  const what = kind === "score" ? bi("得分", "score") : bi("实际值", "actual");
  const pct = relative ? `${rises ? "+" : "−"}${fixed(relative.times(HUNDRED), 1)}%` : "";
  const explanation = bi(
    `${n.name}${what.zh}${rises ? "升至" : "降至"} ${value} 即${up ? "升" : "降"}为“${band.grade}”${pct ? `（${pct}）` : ""}`,
    `${n.name}: ${what.en} ${rises ? "up" : "down"} to ${value} makes it "${band.label_en ?? band.grade}"${pct ? ` (${pct})` : ""}`,
  );
  return {
    node: n,
    direction: up ? "up" : "down",
    grade: band.grade,
    kind,
    from,
    to,
    unit: kind === "actual" ? unit : undefined,
    relative,
    explanation,
  };
}

function shiftText(shifts: WeightShift[], sep: string): string {
  return shifts.map((x) => `${x.node.name} ${plain(x.from)}→${plain(x.to)}`).join(sep);
}

/**
 * How robust the grade is: the smallest move of the weights (within ±range, total kept) and of
 * one value that changes it.
 * @example gradeRobustness(yangquan, scoreEvaluation(yangquan))?.robust === true
 *   // "良 稳健：任一指标权重在±10%内变动（总分值不变）均不改变等级（得分在 84.70–86.76 之间）；最敏感的指标：…"
 */
export function gradeRobustness(e: Evaluation | undefined, s: ScoreResult, options: RobustnessOptions = {}): Robustness | undefined {
  if (s.total === undefined || s.gradedOn === undefined || s.band === undefined || s.grade === undefined) return undefined;
  const range = dec(options.range ?? "0.1");
  if (range.isNegative() || gt(range, dec(1))) throw new RangeError(`range must be between 0 and 1, got ${plain(range)}`);
  const keep = options.keep ?? "total";
  const units = unitsOf(s, range);
  const up = weightFlip(s, segments(units, true, keep), true);
  const down = weightFlip(s, segments(units, false, keep), false);
  const values = valueFlips(e, s).slice(0, options.limit ?? 3);
  const robust = !up.flip && !down.flip;
  const pctText = `±${plain(range.times(HUNDRED))}%`;
  const kept = keep === "total" ? bi("总分值不变", "the total kept") : bi("各上级分值不变", "every parent's points kept");
  const spread = bi(
    `得分在 ${formatScore(down.extreme)}–${formatScore(up.extreme)} 之间`,
    `${formatScore(down.extreme)}–${formatScore(up.extreme)}`,
  );
  let zh: string;
  let en: string;
  if (robust) {
    zh = `${s.grade} 稳健：任一指标权重在${pctText}内变动（${kept.zh}）均不改变等级（${spread.zh}）`;
    en = `${s.grade} is robust: no move of the weights within ${pctText} (${kept.en}) changes the grade (${spread.en})`;
  } else {
    const parts = [up.flip, down.flip].filter((f): f is WeightFlip => f !== undefined);
    zh =
      `${s.grade} 不稳健：权重在${pctText}内调整即可改变等级（${kept.zh}）：` +
      parts
        .map(
          (f) => `移动 ${formatScore(f.moved)} 分权重（${shiftText(f.shifts, "、")}）即${f.direction === "up" ? "升" : "降"}为“${f.grade}”`,
        )
        .join("；");
    en =
      `${s.grade} is not robust: moving weights within ${pctText} (${kept.en}) changes the grade: ` +
      parts.map((f) => `moving ${formatScore(f.moved)} points (${shiftText(f.shifts, ", ")}) makes it "${f.grade}"`).join("; ");
  }
  if (values.length > 0) {
    zh += `；最敏感的指标：${values.map((v) => v.explanation.zh).join("；")}`;
    en += `; most sensitive: ${values.map((v) => v.explanation.en).join("; ")}`;
  }
  return {
    grade: s.grade,
    gradedOn: s.gradedOn,
    range,
    keep,
    robust,
    weights: { up: up.flip, down: down.flip, best: up.extreme, worst: down.extreme },
    values,
    explanation: bi(zh, en),
  };
}
