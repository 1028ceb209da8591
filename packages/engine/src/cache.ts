/**
 * Bounded caches for the schema's transforms. A file (and a portfolio of files) repeats the
 * same decimal texts ("2.00", "100") and targets ("80%-120%") many times; each is parsed once.
 * Decimals are immutable, so one instance can be shared; a cached target is copied on every
 * use, so no two parsed nodes share a mutable object. Internal: not re-exported.
 */
import { type Decimal, dec, isDecimalText } from "./exact.js";
import { type Target, parseTarget } from "./target.js";

const LIMIT = 20_000;

/** Strings known to be decimal texts and numbers already read, with their values. */
const decimals = new Map<string | number, Decimal>();

/** `dec(v)` for a string or number, from the cache when seen before. Throws as `dec` does. */
export function cachedDec(v: string | number): Decimal {
  let d = decimals.get(v);
  if (d === undefined) {
    d = dec(v);
    if (decimals.size >= LIMIT) decimals.clear();
    decimals.set(v, d);
  }
  return d;
}

/** `isDecimalText(s)`: true at once for a string already read as a decimal. */
export function cachedIsDecimalText(s: string): boolean {
  return decimals.has(s) || isDecimalText(s);
}

const targets = new Map<string, Target>();

/** A fresh copy of `parseTarget(text)`, parsed once per distinct text. */
export function cachedTarget(text: string): Target {
  let t = targets.get(text);
  if (t === undefined) {
    t = parseTarget(text);
    if (targets.size >= LIMIT) targets.clear();
    targets.set(text, t);
  }
  return { ...t };
}
