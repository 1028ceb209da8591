/**
 * Scaled integers for the compiled kernel (kernel.ts): a decimal with at most 6 places held as
 * the JS integer value × 10^6 while it stays below 2^53, and half-up division of integer
 * products, exact by construction (BigInt only where a product could overflow 2^53).
 * Internal: not re-exported from the package index.
 */
import type { Decimal } from "./exact.js";

/** The scale: 10^6, i.e. 6 decimal places. */
export const SCALE = 1_000_000;
/** Products below this are exact in a double (one bit of margin below 2^53). */
const SAFE = 2 ** 52;

const TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * The scaled integer of a decimal text as `dec` reads it ("38,148.63" → 38148630000), or NaN
 * when the text is not a plain decimal, has more than 6 places (trailing zeros aside), is too
 * large for the scale, or is a negative zero ("-0", which decimal.js keeps negative).
 * @example scaledOfText("2.50") === 2500000
 */
export function scaledOfText(raw: string): number {
  const text = raw.indexOf(",") >= 0 || raw.indexOf("，") >= 0 ? raw.replace(/[,，]/g, "").trim() : raw.trim();
  const m = TEXT.exec(text);
  if (!m) return NaN;
  const int = m[2] ?? "";
  let frac = m[3] ?? "";
  if (int === "" && frac === "") return NaN;
  if (int === "" && m[3] === undefined) return NaN;
  if (frac.length > 6) {
    if (!/^0*$/.test(frac.slice(6))) return NaN;
    frac = frac.slice(0, 6);
  }
  if (int.length > 9 && int.replace(/^0+/, "").length > 9) return NaN;
  const v = Number(int === "" ? "0" : int) * SCALE + (frac === "" ? 0 : Number(frac.padEnd(6, "0")));
  if (m[1] === "-") return v === 0 ? NaN : -v;
  return v;
}

/** The scaled integer of a JSON number as `dec` reads it (String(n)), or NaN (see scaledOfText). */
export function scaledOfNumber(n: number): number {
  if (Number.isInteger(n) && Math.abs(n) < 1e9) return n === 0 ? 0 : n * SCALE;
  if (!Number.isFinite(n)) return NaN;
  const s = String(n);
  return s.includes("e") ? NaN : scaledOfText(s);
}

const decimalCache = new WeakMap<Decimal, number>();

/** The scaled integer of an exact decimal, or NaN (see scaledOfText). */
export function scaledOfDecimal(d: Decimal): number {
  let v = decimalCache.get(d);
  if (v === undefined) {
    v = d.isFinite() ? scaledOfText(d.toFixed()) : NaN;
    decimalCache.set(d, v);
  }
  return v;
}

/** The plain text of a scaled integer, as `plain` prints the decimal (no trailing zeros): 2500000 → "2.5". */
export function scaledText(v: number): string {
  const neg = v < 0;
  const a = Math.abs(v);
  const int = Math.floor(a / SCALE);
  const frac = String(a - int * SCALE)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}${frac ? "." + frac : ""}`;
}

/** Cents as a score prints (formatScore): 8573 → "85.73". */
export function centsText(c: number): string {
  const a = Math.abs(c);
  const int = Math.floor(a / 100);
  const frac = a - int * 100;
  return `${c < 0 ? "-" : ""}${int}.${frac < 10 ? "0" : ""}${frac}`;
}

/**
 * Half-up rounding to an integer of (a·b − c·d − e·f) ÷ (g·h), all integers, g·h > 0; 0 when the
 * numerator is not positive (the rules clamp a score at 0 before rounding it). Doubles while every
 * product and the sum stay below 2^52 (so each is exact), BigInt otherwise.
 */
export function roundDiv(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): number {
  const p1 = a * b;
  const p2 = c * d;
  const p3 = e * f;
  const den = g * h;
  if (Math.abs(p1) + Math.abs(p2) + Math.abs(p3) < SAFE && den < SAFE) {
    const n = p1 - p2 - p3;
    if (n <= 0) return 0;
    let q = Math.floor(n / den);
    let r = n - q * den;
    while (r < 0) {
      q--;
      r += den;
    }
    while (r >= den) {
      q++;
      r -= den;
    }
    return 2 * r >= den ? q + 1 : q;
  }
  const big = (x: number): bigint => BigInt(x);
  const n = big(a) * big(b) - big(c) * big(d) - big(e) * big(f);
  if (n <= 0n) return 0;
  const dn = big(g) * big(h);
  const q = n / dn;
  const r = n - q * dn;
  const out = 2n * r >= dn ? q + 1n : q;
  return Number(out);
}

/** Exact integer quotient and remainder of n ÷ d (n ≥ 0, d > 0, both below 2^52). */
export function divMod(n: number, d: number): [number, number] {
  let q = Math.floor(n / d);
  let r = n - q * d;
  while (r < 0) {
    q--;
    r += d;
  }
  while (r >= d) {
    q++;
    r -= d;
  }
  return [q, r];
}

/** Whether |x| < 2^52 (a scaled value or product that the double path keeps exact). */
export function safe(x: number): boolean {
  return Math.abs(x) < SAFE;
}
