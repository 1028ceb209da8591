/**
 * Quantities as people write them: "5,230人", "285.5万元", "９８％", "1.2亿元", "3个工作日",
 * "两次". One reading for targets, actual values and imports.
 *
 * A unit is kept as written (normalised: full-width → half-width, 日 → 天 …) and split into a
 * multiplier and a base: 万元 = 10000 × 元, 万人次 = 10000 × 人次, ‰ = 0.1 × %, 公里 = 1000 × 米.
 * Two units convert exactly when their bases agree; a figure printed without a unit takes the
 * unit it is compared with, and the explanation says so.
 */
import { type Decimal, ONE, dec, formatWan, groupThousands } from "./exact.js";

/** A number with its unit ("" when none was printed). */
export interface Quantity {
  value: Decimal;
  /** Normalised unit as printed: "%", "人", "万元", "" for none. */
  unit: string;
}

/**
 * Normalise what people type: NFKC (full-width digits, ％, ＜, ＝, ， …), the many dashes and
 * tildes, whitespace removed, trailing punctuation dropped.
 * @example normalise(" ≥ ９５ ％。") === "≥95%"
 */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[—–―‒−﹣]/g, "-")
    .replace(/[〜∼～]/g, "~")
    .replace(/[═﹦]/g, "=")
    .replace(/[≧⩾]/g, "≥")
    .replace(/[≦⩽]/g, "≤")
    .replace(/‹/g, "<")
    .replace(/›/g, ">")
    .replace(/([≥≤])\1+/g, "$1")
    .replace(/[“”"'‘’]/g, "")
    .replace(/[。.;；,，、!！]+$/u, "");
}

/** Canonical spellings of a unit's base. */
const BASE_ALIASES: Record<string, string> = {
  日: "天",
  工作日: "个工作日",
  工作天: "个工作日",
  个工作天: "个工作日",
  人数: "人",
  名: "人",
  位: "人",
  "人/次": "人次",
  元钱: "元",
  块: "元",
  百分比: "%",
  百分点: "%",
  个百分点: "%",
  m: "米",
  m2: "平方米",
  "m²": "平方米",
  平米: "平方米",
  平方: "平方米",
  m3: "立方米",
  方: "立方米",
  t: "吨",
  kg: "公斤",
  千克: "公斤",
  km: "公里",
  千米: "公里",
  个月: "月",
  周年: "年",
  星期: "周",
};

/** Units that are a multiple of another base: 公里 = 1000 米, ‰ = 0.1 %. */
const DERIVED: Record<string, [string, string]> = {
  "‰": ["%", "0.1"],
  公里: ["米", "1000"],
  公斤: ["克", "1000"],
  吨: ["克", "1000000"],
  公顷: ["亩", "15"],
  周: ["天", "7"],
  年: ["月", "12"],
};

const PREFIX: Record<string, string> = { 万: "10000", 亿: "100000000", 千: "1000", 百: "100", 十: "10" };

/** A unit split into its base and the factor to that base. */
export interface UnitParts {
  base: string;
  factor: Decimal;
}

const unitCache = new Map<string, UnitParts>();

/**
 * Base and factor of a unit: "万元" → 元 × 10000; "‰" → % × 0.1; "" → "" × 1.
 * @example unitParts("万人次") // { base: "人次", factor: 10000 }
 */
export function unitParts(unit: string): UnitParts {
  const hit = unitCache.get(unit);
  if (hit) return hit;
  let base = BASE_ALIASES[unit] ?? unit;
  let factor = ONE;
  // A multiplier prefix: 万元, 亿元, 万人次, 千元 (a lone "万" is a multiplier of nothing).
  const first = base.charAt(0);
  if (PREFIX[first] !== undefined && base !== "千克" && base !== "千米" && base !== "十分") {
    factor = factor.times(PREFIX[first]!);
    base = base.slice(1);
    base = BASE_ALIASES[base] ?? base;
  }
  const derived = DERIVED[base];
  if (derived) {
    base = derived[0];
    factor = factor.times(derived[1]);
  }
  const parts = { base, factor };
  if (unitCache.size > 2000) unitCache.clear();
  unitCache.set(unit, parts);
  return parts;
}

/** Canonical form of a unit as written ("％" → "%", "工作日" → "个工作日"), "" for none. */
const canonicalCache = new Map<string, string>();

export function canonicalUnit(unit: string | undefined): string {
  if (!unit) return "";
  let c = canonicalCache.get(unit);
  if (c === undefined) {
    const u = normalise(unit);
    c = BASE_ALIASES[u] === "%" ? "%" : u === "工作日" ? "个工作日" : u === "日" ? "天" : u;
    if (canonicalCache.size > 2000) canonicalCache.clear();
    canonicalCache.set(unit, c);
  }
  return c;
}

/** Can a figure in `from` be converted to `to`? A missing unit on either side adopts the other. */
export function convertible(from: string, to: string): boolean {
  if (from === "" || to === "") return true;
  const a = unitParts(from);
  const b = unitParts(to);
  return a.base === b.base || a.base === "" || b.base === "";
}

/**
 * `value` in unit `from`, expressed in unit `to` (exact). Undefined when the bases differ.
 * @example convert(dec("285.5"), "万元", "元") // 2855000
 */
export function convert(value: Decimal, from: string, to: string): Decimal | undefined {
  if (from === to || from === "" || to === "") return value;
  if (!convertible(from, to)) return undefined;
  const a = unitParts(from);
  const b = unitParts(to);
  if (a.factor.equals(b.factor)) return value;
  return value.times(a.factor).dividedBy(b.factor);
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Small Chinese numerals (一 … 九十九, 两): "十二" → 12. Undefined when not one. */
export function chineseNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > 3) return undefined;
  if (text.length === 1) return text === "十" ? 10 : CN_DIGITS[text];
  const ten = text.indexOf("十");
  if (ten < 0) return undefined;
  const tens = ten === 0 ? 1 : CN_DIGITS[text.slice(0, ten)];
  const rest = text.slice(ten + 1);
  const ones = rest === "" ? 0 : CN_DIGITS[rest];
  if (tens === undefined || ones === undefined || ten > 1) return undefined;
  return tens * 10 + ones;
}

/** A number as people print it: thousands separators allowed, no exponent. */
export const NUMBER_SOURCE = String.raw`[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+`;
const QUANTITY = new RegExp(String.raw`^(${NUMBER_SOURCE})([^\d]{0,10})$`);
const CN_QUANTITY = /^([零〇一二两三四五六七八九十]{1,3})([^\d零〇一二两三四五六七八九十]{1,6})$/u;
const UNIT_TEXT = /^(?:[%‰]|[\p{Script=Han}A-Za-z²³/*·×・]{1,10})$/u;

/**
 * Read "5,230人", "98%", "285.5万元", "两次" (already normalised) as a quantity; undefined when
 * the text is not a figure with at most a short unit.
 */
export function readQuantity(normalised: string): Quantity | undefined {
  const m = QUANTITY.exec(normalised);
  if (m) {
    const unit = m[2] ?? "";
    if (unit !== "" && !UNIT_TEXT.test(unit)) return undefined;
    return { value: dec(m[1]!), unit: canonicalUnit(unit) };
  }
  const c = CN_QUANTITY.exec(normalised);
  if (c) {
    const n = chineseNumber(c[1]!);
    const unit = c[2] ?? "";
    if (n !== undefined && UNIT_TEXT.test(unit) && !/^[万亿千百]/.test(unit)) return { value: dec(n), unit: canonicalUnit(unit) };
  }
  return undefined;
}

/** Is this unit a percentage (% or ‰)? */
export function isPercentUnit(unit: string): boolean {
  return unit === "%" || unit === "‰";
}

/**
 * A figure with its unit as Chinese finance documents print it: money to 2 places with
 * thousands separators ("285.50万元"), percentages to 2 places ("98.00%"), counts as they are
 * with separators ("5,230人"). A % sign never lands on a figure whose unit is not a percentage.
 * @example formatQuantity(dec(5230), "人") === "5,230人"
 */
export function formatQuantity(value: Decimal, unit: string): string {
  const u = canonicalUnit(unit);
  const { base } = unitParts(u);
  if (u === "%" || u === "‰" || base === "元") return formatWan(value) + u; // two places, half-up, thousands separators
  return groupThousands(value.toFixed()) + u;
}
