/**
 * Targets (指标值) as people write them:
 *  - comparisons in every spelling: ≥ ≧ >= ＞＝ 大于等于 不低于 不少于 达到 至少 …以上;
 *    ≤ ≦ <= 不高于 不超过 不大于 控制在…以内 …以下 …以内 …内; = ＝ ═ ﹦ 等于; > < ＞ ＜ 超过 低于;
 *  - full-width digits and signs, thousands separators, units glued or spaced
 *    ("≥5000人", "≤150 万元", "≧９５％", "≤3个工作日", "2天以内");
 *  - ranges: 80%-120%, 80%～120%, 80%—120%, 80%至120%, [80%,120%];
 *  - a bare figure ("100%", "5000户"): ≥ for an ordinary indicator, ≤ for a cost, time or
 *    complaint kind (decided with the indicator's name, see `impliedDirection`), the inference
 *    said in the explanation;
 *  - deadlines: "12月底前", "2021年11月30日前", "年底前";
 *  - anything else is a qualitative target ("设定科学合理", "按时", "全省排名靠前").
 */
import { type Decimal, dec, plain } from "./exact.js";
import { eq, gt, gte, lt, lte } from "./fast.js";
import { NUMBER_SOURCE, canonicalUnit, isPercentUnit, normalise, readQuantity } from "./quantity.js";

export type TargetOp = "gte" | "gt" | "lte" | "lt" | "eq" | "between" | "deadline" | "qualitative";

/** A date a deadline target names; no day means the end of the month. */
export interface Deadline {
  year?: number;
  month: number;
  day?: number;
}

export interface Target {
  op: TargetOp;
  /** For gte/gt/lte/lt/eq. */
  value?: Decimal;
  /** For between. */
  min?: Decimal;
  max?: Decimal;
  /** The unit printed with the figure ("%", "人", "万元"), "" when none. */
  unit: string;
  /** Printed as a percentage (unit % or ‰). */
  percent: boolean;
  /** A bare value ("100%") with no operator: the indicator's direction decides ≥ or ≤. */
  implicit: boolean;
  /** For deadline targets. */
  deadline?: Deadline;
  /** The target as written. */
  text: string;
}

/** Operator words at the start, longest first after normalisation. */
const PREFIX_OPS: Array<[RegExp, TargetOp]> = [
  [/^(?:≥|>=|=>|大于或等于|大于等于|不低于|不少于|不小于|不得低于|不得少于|达到或超过|至少|最少|达到|达|≮)/, "gte"],
  [/^(?:≤|<=|=<|小于或等于|小于等于|低于或等于|不高于|不超过|不大于|不多于|不得高于|不得超过|控制在|控制|最多|至多|≯)/, "lte"],
  [/^(?:>|大于|高于|超过|多于)/, "gt"],
  [/^(?:<|小于|低于|少于)/, "lt"],
  [/^(?:==|=|等于)/, "eq"],
];

/** Operator words at the end: "95%以上", "3天以内", "4.5%以下", "2个工作日内". */
const SUFFIX_OPS: Array<[RegExp, TargetOp]> = [
  [/(?:及以上|或以上|以上)$/, "gte"],
  [/(?:及以下|或以下|以下|以内|之内|范围内|内)$/, "lte"],
];

const NUM = `(?:${NUMBER_SOURCE})`;
const RANGE = new RegExp(String.raw`^(${NUM})([^\d~至到-]{0,8}?)(?:-|~|至|到)(${NUM})([^\d]{0,8})$`);
const BRACKETED = new RegExp(String.raw`^[\[【(（](${NUM})([^\d,]{0,8}?)[,~-](${NUM})([^\d\]】)）]{0,8})[\]】)）]$`);
/** "完成率≥95%": a label repeated before the comparison. */
const LABELLED = /^[\p{Script=Han}A-Za-z]{1,20}?(?=[≥≤<>=])/u;
/** "12月底前", "2021年12月31日前", "6月前完成", "年底前". */
const DEADLINE = /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号]|底|末|份)?(?:前|之前|以前|内|完成|前完成|底前|末前)+$/;
const YEAR_END = /^(?:年底|年末|年内|本年度内|当年|年度内)(?:前)?(?:完成)?$/;

function qualitative(text: string): Target {
  return { op: "qualitative", unit: "", percent: false, implicit: false, text };
}

function unitOf(a: string, b: string | undefined): string | undefined {
  const ua = canonicalUnit(a);
  const ub = canonicalUnit(b ?? "");
  if (ua !== "" && ub !== "" && ua !== ub) return undefined;
  return ua || ub;
}

/** Parse a target from its printed text. Never throws: unreadable text is qualitative. */
export function parseTarget(input: string): Target {
  const text = input.trim();
  let rest = normalise(text);
  if (rest === "") return qualitative(text);

  const bracket = BRACKETED.exec(rest);
  if (bracket) {
    const unit = unitOf(bracket[2] ?? "", bracket[4]);
    if (unit !== undefined) return between(bracket[1]!, bracket[3]!, unit, text);
  }

  const labelled = LABELLED.exec(rest);
  if (labelled && labelled[0].length > 0) rest = rest.slice(labelled[0].length);

  let op: TargetOp | undefined;
  for (const [re, o] of PREFIX_OPS) {
    const m = re.exec(rest);
    if (m && m[0].length < rest.length) {
      op = o;
      rest = rest.slice(m[0].length);
      break;
    }
  }
  const afterPrefix = rest;
  // "控制在4.5%以内": the prefix already said ≤; the suffix agrees.
  let suffixOp: TargetOp | undefined;
  for (const [re, o] of SUFFIX_OPS) {
    const m = re.exec(rest);
    if (m && m.index > 0) {
      suffixOp = o;
      rest = rest.slice(0, m.index);
      break;
    }
  }
  if (op === undefined && suffixOp !== undefined) op = suffixOp;
  else if (op !== undefined && suffixOp !== undefined && direction(op) !== direction(suffixOp)) return qualitative(text);

  if (op === undefined) {
    const range = RANGE.exec(rest);
    if (range) {
      const unit = unitOf(range[2] ?? "", range[4]);
      if (unit !== undefined) return between(range[1]!, range[3]!, unit, text);
    }
  }
  if (op === undefined || op === "lte" || op === "lt") {
    const deadline = readDeadline(afterPrefix) ?? readDeadline(rest);
    if (deadline) return { op: "deadline", deadline, unit: "", percent: false, implicit: false, text };
  }
  const q = readQuantity(rest);
  if (q) {
    return { op: op ?? "gte", value: q.value, unit: q.unit, percent: isPercentUnit(q.unit), implicit: op === undefined, text };
  }
  return qualitative(text);
}

function between(a: string, b: string, unit: string, text: string): Target {
  const min = dec(a);
  const max = dec(b);
  if (gt(min, max)) return qualitative(text);
  return { op: "between", min, max, unit, percent: isPercentUnit(unit), implicit: false, text };
}

function direction(op: TargetOp): "up" | "down" | "none" {
  return op === "gte" || op === "gt" ? "up" : op === "lte" || op === "lt" ? "down" : "none";
}

/**
 * A date as written in a deadline or an actual: "12月底前" → month 12; "2021年11月30日" →
 * 2021-11-30; "年底前" → month 12. Undefined when the text is not a date.
 */
export function readDeadline(normalised: string): Deadline | undefined {
  if (YEAR_END.test(normalised)) return { month: 12 };
  const m = DEADLINE.exec(normalised) ?? /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号]|底|末|份)?$/.exec(normalised);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = m[3] !== undefined ? Number(m[3]) : undefined;
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
  const out: Deadline = { month };
  if (m[1] !== undefined) out.year = Number(m[1]);
  if (day !== undefined) out.day = day;
  return out;
}

/** Is `d` on or before the deadline `by`? A missing year on either side compares months only. */
export function onOrBefore(d: Deadline, by: Deadline): boolean {
  if (d.year !== undefined && by.year !== undefined && d.year !== by.year) return d.year < by.year;
  if (d.month !== by.month) return d.month < by.month;
  if (by.day === undefined) return true;
  return (d.day ?? 31) <= by.day;
}

/** Structured target input, as the file format accepts it besides a string. */
export interface TargetObject {
  op: Exclude<TargetOp, "qualitative" | "deadline"> | "qualitative";
  value?: Decimal;
  min?: Decimal;
  max?: Decimal;
  percent?: boolean;
  unit?: string;
  text?: string;
}

export function targetFromObject(o: TargetObject): Target {
  const unit = canonicalUnit(o.unit ?? (o.percent ? "%" : ""));
  const percent = o.percent ?? isPercentUnit(unit);
  const symbol: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=" };
  let text = o.text ?? "";
  if (!text) {
    if (o.op === "between" && o.min && o.max) text = `${plain(o.min)}${unit}-${plain(o.max)}${unit}`;
    else if (o.value) text = `${symbol[o.op] ?? ""}${plain(o.value)}${unit}`;
  }
  return { op: o.op, value: o.value, min: o.min, max: o.max, unit, percent, implicit: false, text };
}

/** Is the printed value a plain number (a percent sign allowed)? */
export function looksNumeric(text: string): boolean {
  const q = readQuantity(normalise(text));
  return q !== undefined && (q.unit === "" || q.unit === "%");
}

/** Is the target a figure that can be compared with a number? */
export function isNumericTarget(t: Target): boolean {
  return t.op !== "qualitative" && t.op !== "deadline";
}

/** Human text of the target ("≥ 20000 人"). */
export function describeTarget(t: Target, unit?: string): string {
  if (!isNumericTarget(t)) return t.text;
  return t.text + (unit && t.unit === "" && unit !== "%" ? ` ${unit}` : unit === "%" && t.unit === "" ? "%" : "");
}

/**
 * Whether `actual` (in the target's unit) meets the target. Implicit targets follow
 * `direction` (正向 → ≥, 反向 → ≤). Qualitative and deadline targets are not decided here.
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
    case "deadline":
    case "qualitative":
      return undefined;
  }
}

export type Direction = "正向" | "反向";

export function effectiveOp(t: Target, direction: Direction): TargetOp {
  if (t.implicit && direction === "反向") return "lte";
  return t.op;
}

/**
 * Indicators where less is better: costs, time taken, complaints, accidents, errors, losses.
 * A bare figure on one of these reads as "≤".
 */
const LESS_IS_BETTER =
  /成本|费用|单价|造价|价格|支出|开支|经费|投资额|耗|投诉|举报|信访|事故|差错|错误|失误|违规|违纪|违法|超支|误差|偏差|时间|时长|用时|耗时|周期|天数|时限|工期|办结|发生率|不良|损失|死亡|发病|空置|返工|逾期|延误|缺陷|故障|污染|排放|浓度|结余|闲置|失业率|流失|辍学|拖欠/;
/** Names that mention a cost word but measure something good ("成本节约率", "投诉处理率"). */
const MORE_IS_BETTER_OVERRIDE = /节约|节省|降低率|下降率|减少率|处理率|办结率|解决率|处置率|满意|完成率|覆盖率|合格率|达标率|控制率|执行率|到位率|及时率|回复率|查处率|结案率/;

/**
 * The direction a target implies when none is given: an explicit ≤/< is 反向; a bare figure is
 * 反向 when the indicator's name says less is better (成本, 投诉, 时间 …).
 */
export function impliedDirection(t: Target, name?: string): Direction {
  if (t.op === "lte" || t.op === "lt") return "反向";
  if (t.implicit && name !== undefined && lessIsBetter(name)) return "反向";
  return "正向";
}

/** Does the indicator's name say less is better (成本, 投诉, 时间 …)? */
export function lessIsBetter(name: string): boolean {
  return LESS_IS_BETTER.test(name) && !MORE_IS_BETTER_OVERRIDE.test(name);
}
