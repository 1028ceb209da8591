/**
 * Sentences, not expressions: what an indicator measured, its target and actual (with units),
 * its score and why, written as a Chinese evaluator writes them —
 * "培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按比例得9.81分。" — from a phrasebook of
 * templates whose `{placeholders}` are bound to the data. The phrasebook is data: a template or
 * a caller replaces any phrase (`BuildOptions.phrases`) and the report follows; English for
 * `lang: "en"`. The engine's own explanations ("93.2 ÷ 95 = 98.11% < 100% → …") stay in the
 * 评分明细表's 评分说明 column, where an expression is what a reader looks for.
 */
import {
  type Decimal,
  type Evaluation,
  type NodeResult,
  type ScoreResult,
  type SuggestedFinding,
  type Target,
  HUNDRED,
  canonicalUnit,
  dec,
  effectiveOp,
  fixed,
  formatQuantity,
  impliedDirection,
  isPercentUnit,
  plain,
  suggestFindings,
} from "@jixiao/engine";
import { PlaceholderError } from "./placeholders.js";
import { actualText, nodeNotFinal, partialText } from "./unscored.js";

export type Lang = "zh" | "en";

/** Every phrase the generated analysis uses. `{x}` is a placeholder bound to the data. */
export const PHRASES_ZH = {
  /** A scored indicator with children or a direct score: the head of its analysis. */
  "node.full": "{name}指标权重{weight}分，得分{score}分，得分率{rate}，未扣分。",
  "node.lost": "{name}指标权重{weight}分，得分{score}分，得分率{rate}，扣{deducted}分。",
  "node.partial": "{name}指标权重{weight}分，已评分部分合计{partial}分，{count}个指标未评分，不计得分率。",
  "node.unscored": "{name}指标权重{weight}分，尚未评分。",
  "node.notApplicable": "{name}指标不适用（{reason}），其权重已按比例折算至同级指标。",
  "node.grade": "{name}评级为{grade}。",
  /** What a parent measured: its children. */
  "node.children": "该指标下设{children}共{count}项指标。",
  "node.onlyChild": "该指标下设{children}指标。",
  "node.description": "该指标考核{description}。",
  "node.reason": "扣分原因：{reason}。",
  "node.note": "说明：{reason}。",
  /** A leaf with a figure, by how the actual stands against the target. */
  "leaf.below": "{name}实际为{actual}，低于{target}的目标值{gap}，{how}。",
  "leaf.above": "{name}实际为{actual}，超过{target}的目标值{gap}，达到目标，{how}。",
  "leaf.equal": "{name}实际为{actual}，达到{target}的目标值，{how}。",
  "leaf.withinCeiling": "{name}实际为{actual}，未超过{target}的控制目标，达到目标，{how}。",
  "leaf.overCeiling": "{name}实际为{actual}，超过{target}的控制目标{gap}，{how}。",
  "leaf.inRange": "{name}实际为{actual}，在{target}的目标区间内，达到目标，{how}。",
  "leaf.outOfRange": "{name}实际为{actual}，超出{target}的目标区间{gap}，{how}。",
  "leaf.noTarget": "{name}实际为{actual}，{how}。",
  "leaf.qualitative": "{name}的目标为“{target}”，评价认定为“{actual}”，{how}。",
  "leaf.checklist": "{name}满分{weight}分，{items}，{how}。",
  "leaf.deduction": "{name}满分{weight}分，{items}，{how}。",
  "leaf.expert": "{name}由{count}位专家评分，{method}，{how}。",
  "leaf.direct": "{name}{how}（满分{weight}分）。",
  "leaf.unscored": "{name}尚未评分：{why}，不计入得分。",
  "leaf.notApplicable": "{name}不适用（{reason}），其权重已按比例折算至同级指标。",
  /** The {how} of the sentences above. */
  "how.full": "得满分{score}分",
  "how.proportional": "按比例得{score}分",
  "how.deducted": "按评分标准扣{deducted}分，得{score}分",
  "how.score": "得{score}分",
  /** Parts of sentences. */
  "gap.points": "{value}个百分点",
  "item.failed": "“{item}”不符合要求{note}，扣{points}分",
  "item.missing": "“{item}”未满足{note}，该项{points}分不得分",
  "item.deduction": "因{reason}扣{points}分",
  "item.extraDeduction": "另因{reason}扣{points}分",
  "expert.mean": "取平均分",
  "expert.trimmedMean": "去掉最高分和最低分后取平均分",
  "expert.median": "取中位数",
  "why.noActual": "未取得实际值",
  "why.unreadable": "实际值“{actual}”无法按目标“{target}”计分",
  "list.separator": "、",
  "clause.separator": "，",
  /** Findings, as sentences instead of the finding rules' evidence text. */
  "finding.vacancy": "{unit}编制{quota}人，实有在职{inPost}人，空编{vacancy}人，空编率{rate}，超过{threshold}。",
  "finding.adjustment": "{unit}{what}为{rate}，超出±{threshold}的合理范围。",
  "finding.level1Low": "{name}指标得分{score}分（满分{weight}分），得分率{rate}，低于{threshold}。",
  "finding.outcome": "{name}实际为{actual}，未达到{target}的目标。",
  "finding.external": "{name}共{total}项指标，完成{met}项，{missed}项未完成{items}。",
  "finding.externalItems": "（{items}）",
  /** 评价工作开展情况, generated from the data when no narrative section is written. */
  "work.basisItem": "（{n}）《{title}》{docNo}{end}",
  "work.basisMissing": "【待补充】评价依据尚未填写。",
  "work.methods": "评价对照各指标的指标值逐项核实实际完成情况，按各指标的评分标准计分：{methods}。",
  "work.methodItem": "{method}{count}项",
  "work.methodsDirect": "各指标得分为直接评定（{count}项），文件未载明逐项评分方法。",
  "work.indicatorSystem": "评价指标体系共设{levels}，满分{weight}分，其中{level1}。各指标的指标值、实际值、得分和评分说明详见{table}。",
  "work.levelCount": "{level}{count}项",
  "work.level1Item": "{name}{weight}分",
  "work.standards": "以年度绩效目标和各指标的指标值为评价标准；评价结果按综合得分划分为{bands}{count}个等级。",
  "work.band": "{grade}（{range}）",
  "work.span": "本次评价工作于{start}开始，{end}结束。",
  "work.startOnly": "本次评价工作于{start}开始。",
  "work.reportDate": "评价报告于{date}出具。",
  "work.phase": "{name}（{span}）：{text}。",
  "work.phaseDates": "{name}：{span}。",
  "work.phaseText": "{name}：{text}（日期未填写）。",
  "work.phasesMissing": "【待补充】{names}阶段的日期尚未填写。",
  "work.datesMissing": "【待补充】评价工作的起止日期及{names}各阶段的日期尚未填写。",
  "work.evaluator": "评价工作由{evaluator}承担。",
  "work.commissioned": "受{commissioner}委托，评价工作由{evaluator}承担。",
  "date.span": "{start}至{end}",
  "date.day": "{y}年{m}月{d}日",
} as const;

export type PhraseKey = keyof typeof PHRASES_ZH;
export type Phrasebook = Record<PhraseKey, string>;

export const PHRASES_EN: Phrasebook = {
  "node.full": "{name} carries {weight} points and scored {score} ({rate}), with no points lost.",
  "node.lost": "{name} carries {weight} points and scored {score} ({rate}), {deducted} points lost.",
  "node.partial":
    "{name} carries {weight} points; the part scored so far sums to {partial}, {count} indicators are not scored, so no rate is given.",
  "node.unscored": "{name} carries {weight} points and is not scored yet.",
  "node.notApplicable": "{name} does not apply ({reason}); its weight is redistributed over its siblings.",
  "node.grade": "{name} is graded {grade}.",
  "node.children": "It comprises {count} indicators: {children}.",
  "node.onlyChild": "It comprises one indicator, {children}.",
  "node.description": "It measures {description}.",
  "node.reason": "Points were lost because {reason}.",
  "node.note": "Note: {reason}.",
  "leaf.below": "{name} reached {actual}, {gap} below the target of {target}; {how}.",
  "leaf.above": "{name} reached {actual}, {gap} above the target of {target}, so the target was met; {how}.",
  "leaf.equal": "{name} reached {actual}, meeting the target of {target}; {how}.",
  "leaf.withinCeiling": "{name} was {actual}, within the ceiling of {target}, so the target was met; {how}.",
  "leaf.overCeiling": "{name} was {actual}, {gap} over the ceiling of {target}; {how}.",
  "leaf.inRange": "{name} was {actual}, inside the target range {target}; {how}.",
  "leaf.outOfRange": "{name} was {actual}, {gap} outside the target range {target}; {how}.",
  "leaf.noTarget": "{name} was {actual}; {how}.",
  "leaf.qualitative": "{name}: the target was \u201c{target}\u201d and the evaluators found \u201c{actual}\u201d; {how}.",
  "leaf.checklist": "{name} ({weight} points): {items}; {how}.",
  "leaf.deduction": "{name} ({weight} points): {items}; {how}.",
  "leaf.expert": "{name} was scored by {count} experts, {method}; {how}.",
  "leaf.direct": "{name}: {how} (of {weight} points).",
  "leaf.unscored": "{name} is not scored yet: {why}; it counts for nothing in the total.",
  "leaf.notApplicable": "{name} does not apply ({reason}); its weight is redistributed over its siblings.",
  "how.full": "full points, {score}",
  "how.proportional": "pro rata, {score} points",
  "how.deducted": "{deducted} points deducted under the scoring standard, {score} points",
  "how.score": "{score} points",
  "gap.points": "{value} percentage points",
  "item.failed": "\u201c{item}\u201d not satisfied{note}, {points} points deducted",
  "item.missing": "\u201c{item}\u201d not satisfied{note}, its {points} points not awarded",
  "item.deduction": "{points} points deducted for {reason}",
  "item.extraDeduction": "a further {points} points deducted for {reason}",
  "expert.mean": "taking the mean",
  "expert.trimmedMean": "taking the mean without the highest and lowest scores",
  "expert.median": "taking the median",
  "why.noActual": "no actual value",
  "why.unreadable": "the actual \u201c{actual}\u201d cannot be scored against the target \u201c{target}\u201d",
  "list.separator": ", ",
  "clause.separator": ", ",
  "finding.vacancy": "{unit} has a quota of {quota} and {inPost} in post: {vacancy} vacant, a vacancy rate of {rate}, above {threshold}.",
  "finding.adjustment": "{unit}: {what} of {rate}, beyond ±{threshold}.",
  "finding.level1Low": "{name} scored {score} of {weight} points ({rate}), below {threshold}.",
  "finding.outcome": "{name} reached {actual}, short of the target of {target}.",
  "finding.external": "{name}: {met} of {total} indicators met, {missed} missed{items}.",
  "finding.externalItems": " ({items})",
  "work.basisItem": "({n}) {title}{docNo}{end}",
  "work.basisMissing": "[To be completed] The basis of the evaluation is not filled in.",
  "work.methods": "Each indicator's actual was checked against its target and scored under its scoring standard: {methods}.",
  "work.methodItem": "{method} ({count})",
  "work.methodsDirect": "The {count} indicators were scored directly; the file does not say how.",
  "work.indicatorSystem":
    "The indicator system has {levels}, worth {weight} points: {level1}. Targets, actuals, scores and reasons are in {table}.",
  "work.levelCount": "{count} {level}",
  "work.level1Item": "{name} {weight}",
  "work.standards":
    "The standards are the annual performance goals and each indicator's target; the total score places the result in one of {count} grades: {bands}.",
  "work.band": "{grade} ({range})",
  "work.span": "The evaluation began on {start} and ended on {end}.",
  "work.startOnly": "The evaluation began on {start}.",
  "work.reportDate": "The report was issued on {date}.",
  "work.phase": "{name} ({span}): {text}.",
  "work.phaseDates": "{name}: {span}.",
  "work.phaseText": "{name}: {text} (dates not filled in).",
  "work.phasesMissing": "[To be completed] No dates are filled in for: {names}.",
  "work.datesMissing": "[To be completed] The dates of the evaluation and of its phases ({names}) are not filled in.",
  "work.evaluator": "The evaluation was carried out by {evaluator}.",
  "work.commissioned": "Commissioned by {commissioner}, the evaluation was carried out by {evaluator}.",
  "date.span": "{start} to {end}",
  "date.day": "{y}-{m}-{d}",
};

export const PHRASEBOOKS: Record<Lang, Phrasebook> = { zh: PHRASES_ZH, en: PHRASES_EN };

/** The phrasebook of a language with a caller's replacements. */
export function phrasebook(lang: Lang, overrides: Partial<Phrasebook> = {}): Phrasebook {
  return { ...PHRASEBOOKS[lang], ...overrides };
}

/**
 * Fill one phrase. A placeholder the phrase names but the data lacks is an error naming it and
 * the phrase (a user who edits a phrase learns at once what it may use).
 * @example say(PHRASES_ZH, "how.score", { score: "9.81" }) === "得9.81分"
 */
/** The phrase of each expert-rule method (mean, trimmed mean, median). */
const EXPERT_METHOD = { mean: "expert.mean", trimmedMean: "expert.trimmedMean", median: "expert.median" } as const satisfies Record<
  string,
  PhraseKey
>;

export function say(book: Phrasebook, key: PhraseKey, vars: Record<string, string>): string {
  const phrase = book[key];
  return phrase.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined)
      throw new PlaceholderError(whole, `报告措辞 phrases.${key}`, {
        zh: `该句可用：${Object.keys(vars).join("、") || "（无）"}`,
        en: `this phrase may use: ${Object.keys(vars).join(", ") || "(none)"}`,
      });
    return v;
  });
}

const score2 = (d: Decimal | undefined) => (d === undefined ? "-" : fixed(d, 2));
const rate2 = (n: NodeResult) => (n.rate ? `${fixed(n.rate.times(HUNDRED), 2)}%` : "-");

/** The figure of a target without its operator, in the target's unit ("95%", "20,000人"). */
function targetFigure(t: Target, unit: string): string {
  if (t.op === "between" && t.min && t.max) return t.text;
  if (t.value === undefined) return t.text;
  return unit ? formatQuantityLoose(t.value, unit) : plain(t.value);
}

/** formatQuantity, but a percentage target prints as written ("95%", not "95.00%"). */
function formatQuantityLoose(v: Decimal, unit: string): string {
  return isPercentUnit(unit) ? `${plain(v)}${unit}` : formatQuantity(v, unit);
}

/** The distance between two figures in words: "1.80个百分点" for rates, "1,200人", "12.50万元". */
function gapText(book: Phrasebook, diff: Decimal, unit: string): string {
  const d = diff.abs();
  if (isPercentUnit(unit)) return say(book, "gap.points", { value: fixed(d, 2) });
  return unit ? formatQuantity(d, unit) : plain(d);
}

/** How the score came about, as the end of a sentence. */
function howText(book: Phrasebook, n: NodeResult): string {
  const s = score2(n.score);
  if (n.score === undefined) return "";
  const deducted = n.weight.minus(n.score);
  if (deducted.isZero()) return say(book, "how.full", { score: s });
  if (n.rule === "proportional") return say(book, "how.proportional", { score: s });
  if (n.rule === "step" || n.rule === "interval") return say(book, "how.deducted", { score: s, deducted: score2(deducted) });
  return say(book, "how.score", { score: s });
}

/** The sentence of one leaf: target, actual with its unit, score and why. */
export function leafSentence(n: NodeResult, book: Phrasebook): string {
  const s = leafSentenceRaw(n, book);
  // "实际完成率实际为96.40%" reads twice: a name that starts with 实际 takes a plain "为".
  return n.name.startsWith("实际") ? s.replace(`${n.name}实际为`, `${n.name}为`) : s;
}

function leafSentenceRaw(n: NodeResult, book: Phrasebook): string {
  const name = n.name;
  const node = n.node;
  const weight = plain(n.weight);
  if (n.notApplicable) return say(book, "leaf.notApplicable", { name, reason: node.notApplicableReason ?? "-" });
  const open = nodeNotFinal(n);
  if (open) {
    const why =
      node.actual === undefined && n.rule !== "checklist" && n.rule !== "deduction"
        ? say(book, "why.noActual", {})
        : say(book, "why.unreadable", { actual: actualText(n) || "-", target: node.target?.text ?? "-" });
    return say(book, "leaf.unscored", { name, why });
  }
  if (n.score === undefined) return n.grade ? say(book, "node.grade", { name, grade: n.grade }) : "";
  const how = howText(book, n);
  const extras = extraDeductions(n, book);
  const withExtras = (sentence: string) => (extras ? sentence.replace(/([。.])$/, `${book["clause.separator"]}${extras}$1`) : sentence);
  const t = node.target;
  switch (n.rule) {
    case "checklist": {
      const rule = node.rule?.type === "checklist" ? node.rule : undefined;
      const failed = (rule?.items ?? []).filter((i) => i.met === false);
      const items = failed.map((i) =>
        say(book, rule?.mode === "deduct" ? "item.failed" : "item.missing", {
          item: i.name,
          note: i.note ? `（${i.note}）` : "",
          points: plain(i.points),
        }),
      );
      return say(book, "leaf.checklist", { name, weight, items: items.join(book["clause.separator"]) || "-", how });
    }
    case "deduction": {
      const items = (node.deductions ?? []).map((d) => say(book, "item.deduction", { reason: d.reason, points: plain(d.points) }));
      return say(book, "leaf.deduction", { name, weight, items: items.join(book["clause.separator"]) || "-", how });
    }
    case "expert": {
      const rule = node.rule?.type === "expert" ? node.rule : undefined;
      return withExtras(
        say(book, "leaf.expert", {
          name,
          count: String(rule?.scores.length ?? 0),
          method: say(book, EXPERT_METHOD[rule?.method ?? "mean"], {}),
          how,
        }),
      );
    }
    case "direct":
      return say(book, "leaf.direct", { name, how, weight });
  }
  const actual = actualText(n);
  if (t && (t.op === "qualitative" || t.op === "deadline" || n.actualValue === undefined)) {
    return withExtras(say(book, "leaf.qualitative", { name, target: t.text, actual: actual || "-", how }));
  }
  if (!t || n.actualValue === undefined)
    return withExtras(say(book, actual ? "leaf.noTarget" : "leaf.direct", { name, actual, how, weight }));
  const unit = canonicalUnit(n.unit ?? t.unit ?? "");
  const a = n.actualValue;
  const dir = node.direction ?? impliedDirection(t, name);
  const op = effectiveOp(t, dir);
  const target = targetFigure(t, unit);
  if (op === "between" && t.min && t.max) {
    const inside = a.greaterThanOrEqualTo(t.min) && a.lessThanOrEqualTo(t.max);
    if (inside) return withExtras(say(book, "leaf.inRange", { name, actual, target, how }));
    const gap = gapText(book, a.lessThan(t.min) ? t.min.minus(a) : a.minus(t.max), unit);
    return withExtras(say(book, "leaf.outOfRange", { name, actual, target, gap, how }));
  }
  const v = t.value!;
  const diff = a.minus(v);
  if (op === "lte" || op === "lt") {
    if (diff.isPositive() && !diff.isZero())
      return withExtras(say(book, "leaf.overCeiling", { name, actual, target, gap: gapText(book, diff, unit), how }));
    return withExtras(say(book, "leaf.withinCeiling", { name, actual, target, how }));
  }
  if (diff.isZero()) return withExtras(say(book, "leaf.equal", { name, actual, target, how }));
  if (diff.isNegative()) return withExtras(say(book, "leaf.below", { name, actual, target, gap: gapText(book, diff, unit), how }));
  return withExtras(say(book, "leaf.above", { name, actual, target, gap: gapText(book, diff, unit), how }));
}

/** Deductions listed on a leaf scored by another rule: "另因…扣0.5分". */
function extraDeductions(n: NodeResult, book: Phrasebook): string {
  if (n.rule === "deduction" || n.rule === "direct") return "";
  return (n.node.deductions ?? [])
    .map((d) => say(book, "item.extraDeduction", { reason: d.reason, points: plain(d.points) }))
    .join(book["clause.separator"]);
}

/** The head sentence of a parent (or a level-1 indicator scored directly): weight, score, rate, points lost. */
export function nodeSentence(n: NodeResult, book: Phrasebook): string {
  const s = nodeSentenceRaw(n, book);
  // "产出指标指标权重" reads twice: a name that ends with 指标 takes the phrase's 指标 itself.
  return n.name.endsWith("指标") ? s.replace(`${n.name}指标`, n.name) : s;
}

function nodeSentenceRaw(n: NodeResult, book: Phrasebook): string {
  const name = n.name;
  const weight = plain(n.weight);
  if (n.notApplicable) return say(book, "node.notApplicable", { name, reason: n.node.notApplicableReason ?? "-" });
  const open = nodeNotFinal(n);
  if (open) {
    return open.leaf || open.partial === undefined
      ? say(book, "node.unscored", { name, weight })
      : say(book, "node.partial", {
          name,
          weight,
          partial: partialText(open.partial).replace(/^部分合计 /, ""),
          count: String(open.unscored),
        });
  }
  if (n.score === undefined) return n.grade ? say(book, "node.grade", { name, grade: n.grade }) : "";
  const deducted = n.weight.minus(n.score);
  return deducted.isZero() || deducted.isNegative()
    ? say(book, "node.full", { name, weight, score: score2(n.score), rate: rate2(n) })
    : say(book, "node.lost", { name, weight, score: score2(n.score), rate: rate2(n), deducted: score2(deducted) });
}

/** The evaluator's reason written on a node, as "扣分原因：…。" (or "说明：…。" when nothing was lost). */
export function reasonSentence(n: NodeResult, book: Phrasebook): string {
  const reason = n.node.reason?.trim().replace(/[。.；;]+$/, "");
  if (!reason) return "";
  const lost = n.score !== undefined && n.weight.minus(n.score).isPositive() && !n.weight.minus(n.score).isZero();
  return say(book, lost ? "node.reason" : "node.note", { reason });
}

/**
 * The analysis of one indicator: its head sentence, what it comprises, the sentence of each leaf
 * below it (any depth) and the reasons written on it. Nothing is said twice: a reason already in
 * a leaf's sentence is not repeated.
 */
export function analysisParagraph(n: NodeResult, book: Phrasebook): string {
  const parts: string[] = [];
  if (n.children.length === 0) {
    // A leaf at level 1 or 2: its own sentence; a direct score reads as the node sentence.
    parts.push(n.rule === "direct" || n.source === "direct" || n.node.target === undefined ? nodeSentence(n, book) : leafSentence(n, book));
  } else {
    parts.push(nodeSentence(n, book));
    const description = n.node.description?.split(/[。；]/)[0]?.trim();
    if (description && n.level > 1) parts.push(say(book, "node.description", { description }));
    if (!n.notApplicable) {
      const names = n.children.map((c) => c.name);
      parts.push(
        say(book, names.length === 1 ? "node.onlyChild" : "node.children", {
          children: names.join(book["list.separator"]),
          count: String(names.length),
        }),
      );
    }
  }
  const said = parts.join("");
  const reason = reasonSentence(n, book);
  if (reason && !said.includes(n.node.reason!.trim().replace(/[。.；;]+$/, ""))) parts.push(reason);
  return parts.join("");
}

/** The leaves and intermediate nodes below a node, depth first, each with its sentence. */
export function detailSentences(n: NodeResult, book: Phrasebook): string[] {
  const out: string[] = [];
  const walk = (c: NodeResult): void => {
    if (c.children.length === 0) {
      const s = leafSentence(c, book);
      const reason = reasonSentence(c, book);
      out.push(s + (reason && !s.includes(c.node.reason!.trim().replace(/[。.；;]+$/, "")) ? reason : ""));
      return;
    }
    out.push(nodeSentence(c, book) + reasonSentence(c, book));
    c.children.forEach(walk);
  };
  n.children.forEach(walk);
  return out;
}

// ── findings ───────────────────────────────────────────────────────────────────────────────

/**
 * The finding rules' evidence as sentences. Findings adopted from the suggestions hold the
 * evidence text ("培训合格率：93.2% vs 95%"); the report prints each such piece as the sentence
 * of the same data. Keyed by the evidence's Chinese text.
 */
export function evidenceSentences(e: Evaluation, s: ScoreResult, book: Phrasebook): Map<string, string> {
  let suggested: SuggestedFinding[];
  try {
    suggested = suggestFindings(e, s);
  } catch {
    return new Map();
  }
  const map = new Map<string, string>();
  const thresholds = e.scheme?.findingRules ?? {};
  const pct = (d: Decimal | undefined, dflt: number) => `${plain(d ?? dec(dflt))}%`;
  for (const f of suggested) {
    for (const ev of f.evidence) {
      const [head, i] = ev.path;
      let sentence: string | undefined;
      if (f.rule === "staff/vacancy" && head === "organisation" && typeof ev.path[2] === "number") {
        const u = e.organisation?.units[ev.path[2]];
        if (u?.quota !== undefined && u.inPost !== undefined) {
          const rate = dec(u.quota - u.inPost)
            .dividedBy(u.quota)
            .times(HUNDRED);
          sentence = say(book, "finding.vacancy", {
            unit: u.name,
            quota: String(u.quota),
            inPost: String(u.inPost),
            vacancy: String(u.quota - u.inPost),
            rate: `${fixed(rate, 2)}%`,
            threshold: pct(thresholds.vacancyRateAbove, 20),
          });
        }
      } else if (f.rule === "budget/adjustment") {
        const m = /^(.*)：(预算调整率|项目支出预算调整率) (-?[\d.]+)%/.exec(ev.text.zh);
        if (m)
          sentence = say(book, "finding.adjustment", {
            unit: m[1]!,
            what: m[2]!,
            rate: `${m[3]}%`,
            threshold: pct(thresholds.budgetAdjustmentAbove, 10),
          });
        const d = /^部门预算调整率 (-?[\d.]+)%$/.exec(ev.text.zh);
        if (d)
          sentence = say(book, "finding.adjustment", {
            unit: "",
            what: "部门预算调整率",
            rate: `${d[1]}%`,
            threshold: pct(thresholds.budgetAdjustmentAbove, 10),
          });
      } else if (f.rule === "score/level1-low" || (f.rule === "outcome/below-target" && head === "indicators")) {
        const n = s.all.find((x) => samePath(x.path, ev.path));
        if (n && f.rule === "score/level1-low")
          sentence = say(book, "finding.level1Low", {
            name: n.name,
            score: score2(n.score),
            weight: plain(n.weight),
            rate: rate2(n),
            threshold: pct(thresholds.level1RateBelow, 80),
          });
        else if (n) sentence = leafSentence(n, book);
      } else if (f.rule === "outcome/below-target" && head === "outcomes" && typeof i === "number") {
        const o = e.outcomes?.[i];
        if (o?.actual !== undefined && o.target)
          sentence = say(book, "finding.outcome", {
            name: o.name,
            actual: o.unit ? formatQuantityLoose(o.actual, canonicalUnit(o.unit)) : plain(o.actual),
            target: o.target.text,
          });
      } else if (f.rule === "external/missed" && typeof i === "number") {
        const x = e.externalAssessments?.[i];
        if (x) {
          const names = (x.items ?? []).filter((it) => it.met === false).map((it) => it.name);
          sentence = say(book, "finding.external", {
            name: x.name,
            total: String(x.total),
            met: String(x.met),
            missed: String(x.total - x.met),
            items: names.length ? say(book, "finding.externalItems", { items: names.join(book["list.separator"]) }) : "",
          });
        }
      }
      if (sentence) map.set(ev.text.zh, sentence);
    }
  }
  return map;
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/**
 * A finding's text with every piece of adopted evidence written as a sentence. Pieces are what
 * the web app joins with "；"; a piece the user edited is theirs and stays as written.
 */
export function findingText(text: string, sentences: ReadonlyMap<string, string>): string {
  if (sentences.size === 0) return text;
  const pieces = text.split(/；|;\s*/);
  if (!pieces.some((p) => sentences.has(p.trim()))) return text;
  return pieces
    .map((p) => sentences.get(p.trim()) ?? p.trim())
    .filter((p) => p.length > 0)
    .map((p) => (/[。.!?！？]$/.test(p) ? p : `${p}。`))
    .join("");
}
