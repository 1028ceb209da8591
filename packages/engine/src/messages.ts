/**
 * Every user-facing message of the engine, in Chinese and English, in one catalogue.
 * Diagnostics carry a stable `code`; the text may improve, the code does not change.
 */
export type Lang = "zh" | "en";

/** A message in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** Message parameters; a bilingual value is shown in the message's language. */
export type MessageParams = Record<string, string | number | Bilingual>;
type P = MessageParams;
const fill = (template: string, p: P, lang: Lang): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = p[k];
    if (v === undefined) return `{${k}}`;
    return typeof v === "object" ? v[lang] : String(v);
  });

const catalogue = {
  // ── diagnostics ──
  "weight/children-sum": {
    zh: "下级指标权重合计 {found}，与本级权重 {expected} 不一致",
    en: "children's weights add up to {found}, not the node's weight {expected}",
  },
  "weight/missing": { zh: "指标缺少权重（分值）", en: "the indicator has no weight (points)" },
  "weight/total-not-100": {
    zh: "一级指标权重合计为 {found}，不是 100；等级按百分制折算评定",
    en: "level-1 weights add up to {found}, not 100; the grade is judged on the rescaled (per-100) total",
  },
  "score/above-points": { zh: "得分 {found} 超过分值 {expected}", en: "score {found} exceeds the points {expected}" },
  "score/negative": { zh: "得分 {found} 小于 0", en: "score {found} is below 0" },
  "score/missing-actual": {
    zh: "缺少实际完成值，未评分",
    en: "no actual value: the indicator is not scored",
  },
  "score/no-rule": {
    zh: "未设定评分规则，且无法由指标值推断，未评分",
    en: "no scoring rule, and none can be inferred from the target: not scored",
  },
  "score/unknown-level": {
    zh: "实际值“{found}”无法识别为定性档次，未评分（可填：{expected}）",
    en: 'actual value "{found}" is not a qualitative level: not scored (use one of: {expected})',
  },
  "score/unreadable-actual": {
    zh: "实际值“{found}”无法识别，未评分（应为：{expected}）",
    en: 'actual value "{found}" cannot be read: not scored (expected: {expected})',
  },
  "score/no-target": {
    zh: "{rule}需要数值目标，指标值“{target}”不是数值，未评分",
    en: '{rule} needs a numeric target; "{target}" is not one: not scored',
  },
  "score/unscored": {
    zh: "未评分：{detail}",
    en: "not scored: {detail}",
  },
  "unit/mismatch": {
    zh: "单位不一致：{what}为“{expected}”，实际值为“{found}”，无法换算，未评分",
    en: 'units differ: {what} is in "{expected}", the actual in "{found}", which cannot be converted: not scored',
  },
  "rule/target-mismatch": {
    zh: "评分规则与指标值不符：{detail}，未评分",
    en: "the scoring rule does not fit the target: {detail}; not scored",
  },
  "total/partial": {
    zh: "{count} 个指标未评分：合计仅为部分合计 {found}，不评定等级",
    en: "{count} indicator(s) not scored: {found} is a partial total, and no grade is given",
  },
  "score/met-below-full": {
    zh: "已达到目标（{detail}）但得分 {found} 低于满分 {expected}，且未说明扣分原因",
    en: "the target is met ({detail}) but the score {found} is below full points {expected}, with no deduction reason",
  },
  "score/missed-at-full": {
    zh: "未达到目标（{detail}）却得满分 {found}",
    en: "the target is missed ({detail}) yet the score is full points {found}",
  },
  "score/direct-vs-children": {
    zh: "直接给出的得分 {found} 与下级指标得分合计 {expected} 不一致",
    en: "the score given directly, {found}, differs from the children's total {expected}",
  },
  "score/expression": { zh: "公式“{expr}”无法计算：{detail}", en: 'formula "{expr}" cannot be evaluated: {detail}' },
  "score/expert-range": {
    zh: "专家“{expert}”的评分 {found} 超出 0–{expected}",
    en: 'expert "{expert}" scored {found}, outside 0–{expected}',
  },
  "score/trim-too-few": {
    zh: "专家人数 {found} 不足以去掉最高和最低分，改按算术平均",
    en: "{found} experts are too few to trim the highest and lowest: the plain mean is used",
  },
  "score/ordinal-missing": { zh: "缺少维度评级", en: "the dimension has no grade" },
  "stated/mismatch": {
    zh: "{what}：报告所载 {found}，按数据重算为 {expected}",
    en: "{what}: the report prints {found}, recomputed from the data it is {expected}",
  },
  "stated/unreadable": { zh: "{what}：无法识读报告所载数字“{found}”", en: '{what}: cannot read the printed figure "{found}"' },
  "stated/no-inputs": {
    zh: "{what}：报告载明 {found}，但模型中没有计算所需的数据，无法复核",
    en: "{what}: the report prints {found}, but the model holds no data to recompute it",
  },
  "stated/rate-without-spending": {
    zh: "{what}：报告载明执行率 {found}，但没有实际支出数",
    en: "{what}: an execution rate of {found} is printed, but there is no spending figure",
  },
  "grade/outside-band": {
    zh: "评级“{found}”与得分 {score} 不符，按等级区间应为“{expected}”",
    en: 'grade "{found}" does not match the score {score}: its band gives "{expected}"',
  },
  "funds/sum": {
    zh: "资金明细合计 {found} 万元，与报告所载总额 {expected} 万元不一致",
    en: "fund lines add up to {found} (10k yuan), not the stated total {expected}",
  },
  "rate/zero-denominator": {
    zh: "{what}：分母为 0，比率无定义{detail}",
    en: "{what}: the denominator is 0, the rate is undefined{detail}",
  },
  "tree/subtotal-counted": {
    zh: "“{name}”是其他同级项目的小计（{found}），又被计入合计，造成重复计算",
    en: '"{name}" is a subtotal of its siblings ({found}) and is counted again in the total',
  },
  "name/duplicate": { zh: "同级名称重复：“{name}”", en: 'duplicate name among siblings: "{name}"' },
  "name/missing": { zh: "名称为空", en: "the name is empty" },
  "id/duplicate": { zh: "编号重复：“{name}”", en: 'duplicate id: "{name}"' },
  "ref/unknown-unit": { zh: "引用了不存在的单位“{name}”", en: 'refers to an unknown unit "{name}"' },
  "staff/over": {
    zh: "{name}：实有 {found} 人超过编制 {expected} 人",
    en: "{name}: {found} people in post exceed the quota of {expected}",
  },
  // ── file loading ──
  "file/yaml-syntax": { zh: "YAML 语法错误：{detail}", en: "YAML syntax error: {detail}" },
  "file/json-syntax": { zh: "JSON 语法错误：{detail}", en: "JSON syntax error: {detail}" },
  "file/not-object": { zh: "文件内容应为一个对象（映射）", en: "the file must contain an object (a mapping)" },
  "file/too-large": { zh: "文件过大：{detail}", en: "the file is too large: {detail}" },
  "file/forbidden-key": {
    zh: "键名“{name}”不允许（它会访问对象原型）",
    en: 'the key "{name}" is not allowed (it reaches the object prototype)',
  },
  "file/aliases": {
    zh: "别名（*引用）展开过多（最多 {expected} 次；疑似“十亿笑声”文件）",
    en: "aliases (*references) expand too often (at most {expected}; a billion-laughs document?)",
  },
  "schema/required": { zh: "缺少必填字段", en: "required field is missing" },
  "schema/type": { zh: "类型错误：应为{expected}，实际为{found}", en: "wrong type: expected {expected_en}, found {found_en}" },
  "schema/unknown-key": { zh: "未知字段“{name}”", en: 'unknown field "{name}"' },
  "schema/enum": { zh: "取值“{found}”无效，应为：{expected}", en: 'invalid value "{found}", expected one of: {expected}' },
  "schema/literal": { zh: "取值无效，应为 {expected}", en: "invalid value, expected {expected}" },
  "schema/decimal": {
    zh: '应为数字（如 38148.63 或 "38,148.63"），实际为“{found}”',
    en: 'expected a number (e.g. 38148.63 or "38,148.63"), found "{found}"',
  },
  "schema/nonnegative": { zh: "不能为负数", en: "must not be negative" },
  "schema/too-small": { zh: "取值过小：应不小于 {expected}", en: "too small: must be at least {expected}" },
  "schema/too-big": { zh: "取值过大：应不大于 {expected}", en: "too big: must be at most {expected}" },
  "schema/format": { zh: "格式错误：应为{expected}", en: "bad format: expected {expected_en}" },
  "schema/target": { zh: "指标值不完整：{detail}", en: "incomplete target: {detail}" },
  "schema/other": { zh: "字段无效：{detail}", en: "invalid field: {detail}" },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof catalogue;

/** Render a catalogue message with its parameters in both languages. */
export function msg(key: MessageKey, params: P = {}): Bilingual {
  const t = catalogue[key];
  return { zh: fill(t.zh, params, "zh"), en: fill(t.en, params, "en") };
}

/** Labels used inside messages and explanations. */
export const labels = {
  full: { zh: "满分", en: "full points" },
  met: { zh: "达成", en: "met" },
  missed: { zh: "未达成", en: "missed" },
} as const;

/** Join two bilingual fragments. */
export function bi(zh: string, en: string): Bilingual {
  return { zh, en };
}

/**
 * A bilingual text built on first read: scoring a portfolio makes millions of explanations
 * that nobody reads, so they are produced only when asked for (and then kept).
 */
export function lazyText(build: () => Bilingual): Bilingual {
  return new LazyText(build);
}

class LazyText implements Bilingual {
  #build: (() => Bilingual) | undefined;
  #built: Bilingual | undefined;
  constructor(build: () => Bilingual) {
    this.#build = build;
  }
  #get(): Bilingual {
    if (this.#built === undefined) {
      this.#built = this.#build!();
      this.#build = undefined;
    }
    return this.#built;
  }
  get zh(): string {
    return this.#get().zh;
  }
  get en(): string {
    return this.#get().en;
  }
  toJSON(): Bilingual {
    return { zh: this.zh, en: this.en };
  }
}
