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
/** Words, then a figure: "满意率达95%以上", "约12000平方米". */
const WORDED = /^([\p{Script=Han}]{1,20}?)((?:\d|[+-]\d).*)$/u;
const LABEL_OPS: Array<[RegExp, TargetOp]> = [
  [/(?:达到|达|不低于|不少于|不小于|至少|超过|以上)$/, "gte"],
  [/(?:控制在|不超过|不高于|不大于|低于|以内|以下|排名前|前)$/, "lte"],
];
const APPROXIMATE = /^(?:约|大约|约为|计划|预计|完成|实现|共|合计|全年|年度|按合同|按)/;
/** "12月底前", "2021年12月31日前", "6月前完成", "年底前". */
const DONE_WORDS = String.raw`(?:前|之前|以前|内|完成|到位|结束|完工|竣工|拨付|发放|实施|底前|末前)`;
const DEADLINE = new RegExp(String.raw`^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号]|底|末|份)?${DONE_WORDS}+$`);
const YEAR_END = new RegExp(String.raw`^(?:(\d{4})年度?)?(?:年底|年末|年内|本年度内|本年度|当年|年度内|全年|年度)?${DONE_WORDS}*$`);
/** A date alone: "2021年4月15日", "2021.12.31", "11月". */
const DATE = /^(?:(\d{4})[年./-])?(\d{1,2})(?:月|[./-](?=\d))(?:(\d{1,2})[日号]?|底|末|份)?$/;

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
  // "满意率达95%以上", "约12000平方米", "完成道路建设491米", "按合同10.5万元": words before the
  // figure. An operator word at their end counts; the rest is a label, dropped only when what
  // follows is a clean figure.
  const worded = op === undefined ? WORDED.exec(rest) : null;
  if (worded && worded[1] !== undefined && worded[2] !== undefined && !/^[≥≤<>=]/.test(rest)) {
    const label = worded[1];
    const figure = worded[2];
    const opWord = LABEL_OPS.find(([re]) => re.test(label));
    const tail = stripSuffix(figure);
    if (readQuantity(tail.rest) !== undefined && !/[\d]/.test(label)) {
      if (opWord) return numeric(opWord[1], tail.rest, text);
      if (APPROXIMATE.test(label) || label.length <= 12) {
        if (tail.op) return numeric(tail.op, tail.rest, text);
        return numeric(undefined, tail.rest, text);
      }
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

function stripSuffix(rest: string): { rest: string; op?: TargetOp } {
  for (const [re, o] of SUFFIX_OPS) {
    const m = re.exec(rest);
    if (m && m.index > 0) return { rest: rest.slice(0, m.index), op: o };
  }
  return { rest };
}

function numeric(op: TargetOp | undefined, figure: string, text: string): Target {
  const q = readQuantity(figure)!;
  return { op: op ?? "gte", value: q.value, unit: q.unit, percent: isPercentUnit(q.unit), implicit: op === undefined, text };
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
  if (normalised === "") return undefined;
  const y = YEAR_END.exec(normalised);
  if (y && normalised !== "" && !/^\d{4}$/.test(normalised) && (y[1] !== undefined || /年|全年|年度/.test(normalised))) {
    return y[1] !== undefined ? { year: Number(y[1]), month: 12 } : { month: 12 };
  }
  // A period: "2021.1.1-12.31", "2020年1月--2020年11月", "2021年1月-12月": its end.
  const range = /^(.+?)(?:-{1,2}|~|至|到)(.+)$/.exec(normalised);
  if (range) {
    const from = dateOf(range[1]!);
    const to = dateOf(range[2]!.replace(new RegExp(`${DONE_WORDS}+$`), ""));
    if (from && to && (from.year !== undefined || /[年月]/.test(normalised))) {
      if (to.year === undefined && from.year !== undefined) to.year = from.year;
      return to;
    }
  }
  // Phases: "6月份完成宣传片制作;9月份完成文本;11月完成专家评审": the last one.
  const phases = normalised.split(/[;；,，、]/).filter((p) => p.length > 0);
  if (phases.length > 1) {
    const dates = phases.map((p) =>
      /^(?:(\d{4})年)?(\d{1,2})月份?(?:(\d{1,2})[日号])?(?:底|末)?(?:前|之前|以前)?(?:完成|到位|实施)/.exec(p),
    );
    if (dates.every((d) => d !== null)) {
      let last: Deadline | undefined;
      for (const d of dates) {
        const cur: Deadline = { month: Number(d![2]) };
        if (d![1] !== undefined) cur.year = Number(d![1]);
        if (d![3] !== undefined) cur.day = Number(d![3]);
        if (cur.month < 1 || cur.month > 12) return undefined;
        if (!last || onOrBefore(last, cur)) last = cur;
      }
      return last;
    }
  }
  const m = DEADLINE.exec(normalised) ?? (/[年月]|^\d{4}[./-]/.test(normalised) ? DATE.exec(normalised) : null);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = m[3] !== undefined ? Number(m[3]) : undefined;
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
  const out: Deadline = { month };
  if (m[1] !== undefined) out.year = Number(m[1]);
  if (day !== undefined) out.day = day;
  return out;
}

function dateOf(text: string): Deadline | undefined {
  const m = DATE.exec(text);
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
  /成本|费用|费$|单价|造价|价格|开支|经费|耗|投诉|举报|信访|事故|事件|差错|错误|失误|违规|违纪|违法|超支|误差|偏差|时间|时长|用时|耗时|周期|时限|工期|期限|发生|不良|损失|发病|空置|返工|逾期|延误|缺陷|故障|污染|排放|浓度|闲置|流失|辍学|拖欠|变质/;
/** Rates (…率, …比例) are "more is better" unless they count something bad. */
const RATE = /(?:率|比例|比率|占比)$/;
const BAD_RATE =
  /发生率|投诉率|失业率|调整率|控制率|变质|误差率|差错率|错误率|空置率|不良率|死亡率|发病率|辍学率|流失率|返工率|事故率|超支率|损耗率|违约率|逾期率|闲置率|结余率|故障率/;
/** Amounts of money where more is better (收入, 产值 …), unlike a budget or a cost. */
const MONEY_GOOD = /收入|营收|产值|税收|增收|利润|销售|创收|效益|节约|节省|拉动|带动|融资|招商|营业额|交易额/;
/** Units of time: a bare "3天", "1年" on a time indicator is a limit. */
const TIME_UNITS = new Set(["天", "日", "个工作日", "工作日", "小时", "月", "个月", "年", "周"]);

/**
 * The direction a target implies when none is given: an explicit ≤/< is 反向; a bare figure is
 * 反向 when it is zero ("0起"), an amount of money (a budget ceiling: "20万元", "1600元/亩"), a
 * span of time ("3个工作日", "1年"), or when the indicator's name says less is better (成本, 投诉,
 * 发生率 …; a rate is more-is-better unless it counts something bad).
 */
export function impliedDirection(t: Target, name?: string): Direction {
  if (t.op === "lte" || t.op === "lt") return "反向";
  if (!t.implicit) return "正向";
  if (t.value?.isZero()) return "反向";
  if ((/元/.test(t.unit) || t.unit === "万" || t.unit === "亿") && !(name !== undefined && MONEY_GOOD.test(name))) return "反向";
  if (TIME_UNITS.has(t.unit)) return "反向";
  if (name !== undefined && lessIsBetter(name)) return "反向";
  return "正向";
}

/** Does the indicator's name say less is better (成本, 投诉, 发生率 …)? */
export function lessIsBetter(name: string): boolean {
  const n = name.replace(/[（(][^）)]*[）)]/g, "").trim();
  if (RATE.test(n)) return BAD_RATE.test(n);
  return LESS_IS_BETTER.test(n);
}
