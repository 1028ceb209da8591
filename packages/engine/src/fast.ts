/**
 * Allocation-free helpers on exact decimals, for the scoring and checking hot paths.
 * Internal: not re-exported from the package index.
 *
 * decimal.js's comparison methods (`comparedTo`, `lessThan`, `equals` …) copy their argument
 * into a new Decimal before comparing. `cmp` compares the two values' digit words (base 10^7
 * integers, the documented `d`, `e`, `s` properties) directly, with exactly the semantics of
 * `comparedTo`; no value is converted to a binary float.
 */
import { Decimal, ZERO } from "./exact.js";

/**
 * Same result as `x.comparedTo(y)`: 1, -1, 0, or NaN when either is NaN.
 */
export function cmp(x: Decimal, y: Decimal): number {
  const xd = x.d;
  const yd = (y as Decimal | undefined)?.d;
  // NaN, ±Infinity (or a missing operand): leave it to decimal.js, which decides or throws.
  if (!xd || !yd) return x.comparedTo(y);
  const xs = x.s;
  const ys = y.s;
  // Either zero?
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  // Signs differ?
  if (xs !== ys) return xs;
  const neg = xs < 0;
  // Compare exponents.
  if (x.e !== y.e) return x.e > y.e !== neg ? 1 : -1;
  const xdL = xd.length;
  const ydL = yd.length;
  const j = xdL < ydL ? xdL : ydL;
  for (let i = 0; i < j; i++) {
    const a = xd[i]!;
    const b = yd[i]!;
    if (a !== b) return a > b !== neg ? 1 : -1;
  }
  return xdL === ydL ? 0 : xdL > ydL !== neg ? 1 : -1;
}

/** `x.greaterThan(y)` without allocating. */
export function gt(x: Decimal, y: Decimal): boolean {
  return cmp(x, y) > 0;
}

/** `x.greaterThanOrEqualTo(y)` without allocating. */
export function gte(x: Decimal, y: Decimal): boolean {
  const k = cmp(x, y);
  return k === 1 || k === 0;
}

/** `x.lessThan(y)` without allocating. */
export function lt(x: Decimal, y: Decimal): boolean {
  return cmp(x, y) < 0;
}

/** `x.lessThanOrEqualTo(y)` without allocating. */
export function lte(x: Decimal, y: Decimal): boolean {
  const k = cmp(x, y);
  return k === -1 || k === 0;
}

/** `x.equals(y)` without allocating. */
export function eq(x: Decimal, y: Decimal): boolean {
  return cmp(x, y) === 0;
}

/**
 * `total.plus(v)`, where a running sum starts at ZERO: `ZERO.plus(v)` is `v` itself when `v` is
 * nonzero, finite and within the precision (the addition neither rounds nor turns -0 into 0),
 * so the copy is skipped.
 */
export function accumulate(total: Decimal, v: Decimal): Decimal {
  if (total !== ZERO) return total.plus(v);
  const d = (v as Decimal | undefined)?.d;
  if (d && d[0] !== 0 && v.sd() <= Decimal.precision) return v;
  return ZERO.plus(v);
}
