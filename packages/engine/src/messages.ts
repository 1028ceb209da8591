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
  // ── target filing: the quality check (filing.ts) ──
  "filing/required": { zh: "缺少必填项“{name}”", en: 'the required field "{name}" is missing' },
  "filing/no-indicators": { zh: "没有填报绩效指标", en: "no performance indicators are filed" },
  "filing/not-measurable": {
    zh: "指标值“{found}”不可衡量：没有数值，也没有注明数据来源（如何判断是否达成？）",
    en: 'the target "{found}" is not measurable: no figure and no data source (how will it be judged?)',
  },
  "filing/qualitative-how": {
    zh: "定性指标值“{found}”未说明评(扣)分标准或数据来源",
    en: 'the qualitative target "{found}" says neither how it is scored nor where the data come from',
  },
  "filing/operator-direction": {
    zh: "“{name}”通常越{expected}越好，指标值“{found}”的方向相反",
    en: '"{name}" is normally better when {expected}, but the target "{found}" points the other way',
  },
  "filing/unit-fit": {
    zh: "单位与指标不符：“{name}”是{expected}，指标值“{found}”却用了{detail}",
    en: '"{name}" is {expected}, but the target "{found}" is {detail}',
  },
  "filing/unit-column": {
    zh: "指标值“{found}”的单位与计量单位“{expected}”不一致",
    en: 'the unit of the target "{found}" differs from the unit column "{expected}"',
  },
  "filing/below-last-year": {
    zh: "指标值“{found}”低于上年实际完成值 {expected}，目标偏低（缺乏挑战性）",
    en: 'the target "{found}" is below last year\'s actual {expected}: it is too easy',
  },
  "filing/above-last-year": {
    zh: "上限指标值“{found}”高于上年实际 {expected}，目标比上年放宽",
    en: 'the ceiling "{found}" is above last year\'s actual {expected}: it is looser than last year',
  },
  "filing/category": {
    zh: "二级指标“{found}”属于“{expected}”，不应放在一级指标“{name}”下（产出与效益混淆）",
    en: 'the level-2 category "{found}" belongs under "{expected}", not under "{name}" (outputs and outcomes confused)',
  },
  "filing/satisfaction-misplaced": {
    zh: "满意度指标“{name}”放在了“{found}”下，应列入满意度指标",
    en: 'the satisfaction indicator "{name}" is filed under "{found}"; it belongs under 满意度指标',
  },
  "filing/outcome-as-output": {
    zh: "“{name}”描述的是效益（{detail}），却列在产出指标下",
    en: '"{name}" describes an outcome ({detail}) but is filed under the outputs',
  },
  "filing/weight-sum": {
    zh: "指标权重合计 {found}，与分值合计 {expected} 不一致",
    en: "the indicators' weights add up to {found}, not the stated total {expected}",
  },
  "filing/weight-partial": {
    zh: "部分指标填了权重、本行没有（共 {found} 行缺权重）",
    en: "some indicators have weights but this one has none ({found} rows lack one)",
  },
  "filing/funds-sum": {
    zh: "分来源资金合计 {found}，与年度资金总额 {expected} 不一致",
    en: "the fund sources add up to {found}, not the stated annual total {expected}",
  },
  "filing/rate-over-100": {
    zh: "“{name}”是比率，指标值“{found}”超过 100%（是否笔误？）",
    en: '"{name}" is a rate, but the target "{found}" is above 100% (a typo?)',
  },
  "filing/duplicate": { zh: "指标重复：“{name}”", en: 'duplicate indicator: "{name}"' },
  // ── in-year monitoring (monitoring.ts) ──
  "monitor/month-mismatch": {
    zh: "监控表所报期间为 1–{found} 月，按 1–{expected} 月计算",
    en: "the form reports months 1–{found}; lights are computed for months 1–{expected}",
  },
  "monitor/no-actual": { zh: "未填报 1–{expected} 月完成值，不亮灯", en: "no completion value for months 1–{expected}: no light" },
  "monitor/unreadable-actual": {
    zh: "完成值“{found}”无法识别（应为{expected}），不亮灯",
    en: 'the completion value "{found}" cannot be read (expected {expected}): no light',
  },
  "monitor/unit-mismatch": {
    zh: "完成值“{found}”的单位与指标值单位“{expected}”不一致，无法换算，不亮灯",
    en: 'the unit of the completion value "{found}" differs from the target\'s "{expected}" and cannot be converted: no light',
  },
  "monitor/budget": {
    zh: "预算执行进度（{executed} ÷ {budget}）÷（{month}/12）× 100 = {ratio}",
    en: "budget execution against time: ({executed} ÷ {budget}) ÷ ({month}/12) × 100 = {ratio}",
  },
  "monitor/budget-zero": {
    zh: "调整后预算为 0，无法计算预算执行进度，亮红灯",
    en: "the adjusted budget is 0: budget execution cannot be computed; red",
  },
  "monitor/progress": {
    zh: "完成进度 {actual} ÷（{target} ÷ 12 × {month}）× 100 = {ratio}",
    en: "progress {actual} ÷ ({target} ÷ 12 × {month}) × 100 = {ratio}",
  },
  "monitor/progress-rate": {
    zh: "完成进度 {actual} ÷ {target} × 100 = {ratio}（比率类指标不按时间折算）",
    en: "progress {actual} ÷ {target} × 100 = {ratio} (a rate is not pro-rated by time)",
  },
  "monitor/ceiling": {
    zh: "上限指标：完成值 {actual} {cmp} 年度指标值 {target}",
    en: "ceiling: completion {actual} {cmp} annual target {target}",
  },
  "monitor/range": {
    zh: "区间指标：完成值 {actual} {cmp} 区间 {target}",
    en: "range: completion {actual} {cmp} the range {target}",
  },
  "monitor/qualitative": { zh: "定性指标：完成情况“{actual}”读作“{level}”", en: 'qualitative: "{actual}" reads as {level}' },
  "monitor/zero": { zh: "1–{month} 月完成值为 0，尚未开展", en: "nothing done in months 1–{month}" },
  "monitor/lit": { zh: "{value}，亮{light}", en: "{value}: {light}" },
  "monitor/band": { zh: "{value}，{band}，亮{light}", en: "{value}, {band}: {light}" },
  "monitor/on-time": { zh: "已按时报送（{found}，截止 {expected}）", en: "submitted on time ({found}, deadline {expected})" },
  "monitor/late": { zh: "逾期报送（{found}，截止 {expected}）", en: "submitted late ({found}, deadline {expected})" },
  "monitor/missing": {
    zh: "截止 {expected} 未报送（至 {found}）",
    en: "not submitted by the deadline {expected} (as of {found})",
  },
  "monitor/pending": { zh: "尚未报送，截止 {expected}", en: "not yet submitted; the deadline is {expected}" },
  "monitor/no-deadline": { zh: "未设报送截止日期", en: "no deadline set" },
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
