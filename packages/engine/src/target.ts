/**
 * Targets (指标值): "≥20000", "≤4.5%", "=100%", "80%-120%", "100%", or qualitative text
 * ("设定科学合理", "全省排名靠前"). Operators are read in the variants real forms print
 * (≥ ≧ >= 不低于 …; ≤ ≦ <= 不高于 …; = ═ ﹦ ＝).
 */
import { type Decimal, dec, isDecimalText, plain } from "./exact.js";
import { eq, gt, gte, lt, lte } from "./fast.js";

export type TargetOp = "gte" | "gt" | "lte" | "lt" | "eq" | "between" | "qualitative";

export interface Target {
  op: TargetOp;
  /** For gte/gt/lte/lt/eq. */
  value?: Decimal;
  /** For between. */
  min?: Decimal;
  max?: Decimal;
  /** "%" when the target was printed as a percentage. */
  percent: boolean;
  /** A bare value ("100%") with no operator: direction decides ≥ or ≤. */
  implicit: boolean;
  /** The target as written. */
  text: string;
}

const OPS: Array<[RegExp, TargetOp]> = [
  [/^(≥|≧|>=|＞＝|不低于|不少于|大于等于|达到|至少)/, "gte"],
  [/^(≤|≦|<=|＜＝|不高于|不超过|不大于|小于等于|控制在|低于等于)/, "lte"],
  [/^(>|＞|大于|高于)/, "gt"],
  [/^(<|＜|小于|低于)/, "lt"],
  [/^(==|=|═|﹦|＝|等于)/, "eq"],
];

const NUMBER = String.raw`[+-]?\d[\d,，]*(?:\.\d+)?`;
const BETWEEN = new RegExp(
  String.raw`^(${NUMBER})\s*(%?)\s*(?:-|－|–|—|~|～|至|到)\s*(${NUMBER})\s*(%?)$`,
);
const BRACKETED = /^\[\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*[,，]\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*\]$/;
const SINGLE = new RegExp(String.raw`^(${NUMBER})\s*(%?)\s*(?:以上|以内|以下)?$`);

/** Parse a target from its printed text. Never throws: unreadable text is qualitative. */
export function parseTarget(input: string): Target {
  const text = input.trim();
  let rest = text.replace(/\s+/g, "");
  let op: TargetOp | undefined;
  for (const [re, o] of OPS) {
    const m = re.exec(rest);
    if (m) {
      op = o;
      rest = rest.slice(m[0].length);
      break;
    }
  }
  if (op === undefined) {
    const between = BETWEEN.exec(rest) ?? BRACKETED.exec(rest);
    if (between) {
      const [, a = "", pa, b = "", pb] = between;
      const percent = pa === "%" || pb === "%";
      return { op: "between", min: dec(a), max: dec(b), percent, implicit: false, text };
    }
  }
  // "4.5%以内" / "9万人以上" style suffixes flip or set the operator.
  if (op === undefined && /以内$|以下$/.test(rest)) op = "lte";
  if (op === undefined && /以上$/.test(rest)) op = "gte";
  const single = SINGLE.exec(rest);
  if (single) {
    const [, n = "", pct] = single;
    return {
      op: op ?? "gte",
      value: dec(n),
      percent: pct === "%",
      implicit: op === undefined,
      text,
    };
  }
  return { op: "qualitative", percent: false, implicit: false, text };
}

/** Structured target input, as the file format accepts it besides a string. */
export interface TargetObject {
  op: Exclude<TargetOp, "qualitative"> | "qualitative";
  value?: Decimal;
  min?: Decimal;
  max?: Decimal;
  percent?: boolean;
  text?: string;
}

export function targetFromObject(o: TargetObject): Target {
  const percent = o.percent ?? false;
  const suffix = percent ? "%" : "";
  const symbol: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=" };
  let text = o.text ?? "";
  if (!text) {
    if (o.op === "between" && o.min && o.max) text = `${plain(o.min)}${suffix}-${plain(o.max)}${suffix}`;
    else if (o.value) text = `${symbol[o.op] ?? ""}${plain(o.value)}${suffix}`;
  }
  return { op: o.op, value: o.value, min: o.min, max: o.max, percent, implicit: false, text };
}

/** Is the printed value a plain number? */
export function looksNumeric(text: string): boolean {
  return isDecimalText(text.replace(/%$/, ""));
}

/** Human text of the target ("≥ 20000 人"). */
export function describeTarget(t: Target, unit?: string): string {
  if (t.op === "qualitative") return t.text;
  return t.text + (unit && !t.percent && unit !== "%" ? ` ${unit}` : "");
}

/**
 * Whether `actual` meets the target. Implicit targets follow `direction`
 * (正向 → ≥, 反向 → ≤). Qualitative targets cannot be decided here (undefined).
 */
export function isMet(t: Target, actual: Decimal, direction: Direction): boolean | undefined {
  const op = effectiveOp(t, direction);
  switch (op) {
    case "gte":
      return gte(actual, t.value!);
    case "gt":
      return gt(actual, t.value!);
    case "lte":
      return lte(actual, t.value!);
    case "lt":
      return lt(actual, t.value!);
    case "eq":
      return eq(actual, t.value!);
    case "between":
      return gte(actual, t.min!) && lte(actual, t.max!);
    case "qualitative":
      return undefined;
  }
}

export type Direction = "正向" | "反向";

export function effectiveOp(t: Target, direction: Direction): TargetOp {
  if (t.implicit && direction === "反向") return "lte";
  return t.op;
}

/** The direction a target implies when none is given. */
export function impliedDirection(t: Target): Direction {
  return t.op === "lte" || t.op === "lt" ? "反向" : "正向";
}
