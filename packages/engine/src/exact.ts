/**
 * Exact decimal arithmetic and the one rounding rule.
 *
 * Money, weights, scores and rates are `Decimal`s (decimal.js), never binary floats.
 * Addition, subtraction and multiplication of the decimals we read are exact. Division is
 * carried to 60 significant digits; for the quotients that occur here (denominators far below
 * 10^30) that is enough to decide every half-up rounding at 2–4 places exactly, because a
 * quotient p/q that is not itself a tie lies at least 1/(2q·10^k) away from one.
 *
 * THE ROUNDING RULE (四舍五入, ROUND_HALF_UP, away from zero on a tie):
 *  - a score is rounded to 2 decimal places once, where it is produced (leaf rule, direct
 *    entry, or a rescaled parent); parents add their children's rounded scores, so every
 *    total equals the sum of its printed parts;
 *  - a rate (得分率, 执行率, 空编率 …) is kept exact and rounded only when shown, to 2 places
 *    of percent unless the column says otherwise (the seed's 表3 prints whole percents);
 *  - a stated figure is compared with the recomputed value rounded to the precision the
 *    figure was printed with.
 *
 * @example round2(dec("86.74575")).toFixed(2) === "86.75"
 */
import { Decimal as DecimalLib } from "decimal.js";
import { accumulate, cmp } from "./fast.js";

/** Our configured Decimal constructor: 60 significant digits, half-up. */
export const Decimal = DecimalLib.clone({
  precision: 60,
  rounding: DecimalLib.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Score precision: 2 decimal places. */
export const SCORE_PLACES = 2;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** True when `text` is a plain decimal (thousands separators allowed, no exponent). */
export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text.replace(/[,，]/g, "").trim());
}

/** Parse a decimal from its text (e.g. "38,148.63") or from a number read from YAML/JSON. */
export function dec(value: string | number | Decimal): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    // String(n) is the shortest text that reads back as n, i.e. the literal the author wrote
    // for any literal of up to 15 significant digits.
    return new Decimal(String(value));
  }
  const cleaned = value.replace(/[,，]/g, "").trim();
  if (!DECIMAL_TEXT.test(cleaned)) throw new RangeError(`not a decimal: ${value}`);
  return new Decimal(cleaned);
}

/** Half-up rounding to `places` decimal places. */
export function roundTo(value: Decimal, places: number): Decimal {
  // A finite value with no more than `places` decimals is its own rounding (no copy needed).
  if (value.d && (places | 0) === places && places >= 0 && value.decimalPlaces() <= places) return value;
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** Half-up rounding to the score precision (2 places). */
export function round2(value: Decimal): Decimal {
  return roundTo(value, SCORE_PLACES);
}

/** Clamp into [lo, hi]. */
export function clamp(value: Decimal, lo: Decimal, hi: Decimal): Decimal {
  if (cmp(value, lo) < 0) return lo;
  if (cmp(value, hi) > 0) return hi;
  return value;
}

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = accumulate(total, v);
  return total;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) < 0 ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) > 0 ? a : b;
}

/**
 * Plain text of a decimal with no exponent and no trailing zeros beyond what it has
 * ("21090", "3.19", "0.1").
 */
export function plain(value: Decimal): string {
  return value.toFixed();
}

/** Fixed places, half-up: fixed(dec("70.8"), 2) === "70.80". */
export function fixed(value: Decimal, places: number): string {
  return value.toFixed(places, Decimal.ROUND_HALF_UP);
}

/** Thousands separators on the integer part: "38148.63" → "38,148.63". */
export function groupThousands(text: string): string {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const [intPart = "", frac] = body.split(".");
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

/** Amount in 万元 as Chinese finance documents print it: "38,148.63". */
export function formatWan(value: Decimal, places = 2): string {
  return groupThousands(fixed(value, places));
}

/** A ratio (0.7080) as a percentage with `places` decimals: "70.80%". */
export function formatPercent(ratio: Decimal, places = 2): string {
  return fixed(ratio.times(HUNDRED), places) + "%";
}

/** A score with 2 decimals: "21.24". */
export function formatScore(value: Decimal): string {
  return fixed(value, SCORE_PLACES);
}
