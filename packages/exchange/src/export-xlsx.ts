/**
 * Export an evaluation as a print-formatted workbook in which every computed figure — each
 * indicator's score, every subtotal, score rate, the total, its rate and the grade — is a live
 * Excel formula over the data cells (points, target, actual, rule parameters, deductions,
 * grade bands), stored together with the engine's result as the cached value.
 *
 * Formulas reproduce the engine's rounding rule exactly: a score is rounded half-up to 2
 * places where it is produced, written ROUND(ROUND(x,10),2) — the inner ROUND removes binary
 * floating-point noise (≤ 1e-13 for these magnitudes) before the decimal rounding, so that an
 * exact tie such as 8.625 rounds up as the engine's Decimal does. Rates are shown rounded to
 * 2 places of percent: ROUND(ROUND(score/points,10),4).
 *
 * What stays data (not formulas), and why: the comparison operator of a target (it is part of
 * the target text; the formula is chosen by it), a qualitative level's coefficient, a
 * checklist's points, an expert panel's mean and a custom expression's value (the engine's
 * expression language has no Excel equivalent): each is labelled in the 评分方法 column.
 */
import {
  type Band,
  type Decimal,
  type Evaluation,
  type NodeResult,
  type Rule,
  type ScoreResult,
  ONE,
  ZERO,
  canonicalUnit,
  dec,
  effectiveOp,
  fixed,
  impliedDirection,
  plain,
  roundTo,
  unitParts,
  scoreEvaluation,
  panelResult,
  sum,
  wan,
} from "@jixiao/engine";
import { type CellSpec, type CellStyle, type SheetSpec, ref, writeWorkbook } from "./xlsx-book.js";

/** A computed cell and the value the engine gives for it, at the precision it is shown with. */
export interface ExpectedCell {
  sheet: string;
  row: number;
  col: number;
  /** What the figure is, for messages ("A履职效能 得分"). */
  label: string;
  kind: "score" | "rate" | "grade" | "amount" | "count";
  /** Decimal places compared (scores 2, rates 4 as a ratio), or undefined for text. */
  places?: number;
  /** The engine's value as text ("21.24", "0.708", "良", "" for none). */
  expected: string;
}

export interface ExportOptions {
  /** Write the engine's results as the cached values (default true). */
  cachedResults?: boolean;
}

const RULE_LABEL: Record<string, string> = {
  proportional: "比例法",
  interval: "区间法",
  step: "阶梯扣分",
  qualitative: "定性分档（档次系数）",
  checklist: "清单（参数1：达标项得分）",
  deduction: "扣分制",
  expert: "专家打分（参数1：专家均分）",
  direct: "直接赋分",
  formula: "自定义公式（引擎计算值）",
  missing: "未设定规则",
  children: "下级合计",
  rescaled: "下级合计（剔除不适用后折算）",
};

/** The score cell of an indicator that cannot be scored; the prefix of a parent's or the total's score so far. */
export const NOT_SCORED = "未评分";
export const PARTIAL = "部分合计";
/** The grade cell while indicators are unscored. */
export const NOT_GRADED = "未评级";

const partialText = (d: Decimal): string => `${PARTIAL} ${fixed(d, 2)}`;

/**
 * The number format that shows an actual with its unit as formatQuantity prints it: money and
 * percentages to 2 places ("285.50万元", "98.00%" — the figure is in percent, not a ratio),
 * counts with thousands separators and their own decimals ("5,230人").
 */
export function unitFormat(value: Decimal, unit: string): string {
  const quoted = `"${unit.replace(/"/g, "")}"`;
  if (unit === "%" || unit === "‰" || unitParts(unit).base === "元") return `#,##0.00${quoted}`;
  const places = value.decimalPlaces();
  return `#,##0${places > 0 ? "." + "0".repeat(places) : ""}${quoted}`;
}

/** The mark of a rule the engine inferred from the target (not written in the file). */
export const INFERRED = "（推定）";

/** 评分方法 of a leaf: checklists and expert panels say how their 参数1 is made. */
function ruleLabel(rule: string, rl: Rule | undefined): string {
  if (rl?.type === "checklist") return rl.mode === "deduct" ? "清单（参数1：未达标项扣分）" : "清单（参数1：达标项得分）";
  if (rl?.type === "expert" && rl.method === "trimmedMean") return `专家打分（参数1：去掉最高、最低各${rl.trim}个后的均分）`;
  if (rl?.type === "expert" && rl.method === "median") return "专家打分（参数1：专家评分的中位数）";
  return RULE_LABEL[rule] ?? "";
}

/**
 * 评分明细: what a rule needs beyond its parameters, one item per line — checklist items
 * ("✓ 制度健全（2分）", ✗ not met, ○ not yet assessed), expert scores ("专家A：12.5"),
 * qualitative levels ("完全达成：1"), a custom rule's expression.
 */
export function ruleDetails(rl: Rule | undefined): string {
  if (!rl) return "";
  switch (rl.type) {
    case "checklist":
      return rl.items
        .map((i) => `${i.met === true ? "✓" : i.met === false ? "✗" : "○"} ${i.name}（${plain(i.points)}分）${i.note ? `：${i.note}` : ""}`)
        .join("\n");
    case "expert":
      return rl.scores.map((s) => `${s.expert}：${plain(s.score)}`).join("\n");
    case "qualitative":
      return Object.entries(rl.levels ?? {})
        .map(([k, v]) => `${k}：${plain(v)}`)
        .join("\n");
    case "formula":
      return rl.expression;
    default:
      return "";
  }
}

/** How a part of a step counts, as the 评分方法 column says it (import-xlsx reads it back). */
export const PARTIAL_TEXT: Record<string, string> = { exact: "，不足一步按比例", ceil: "，不足一步按一步", floor: "，不足一步不计" };
const stepPartText = (mode: string | undefined): string => (mode === undefined ? "" : (PARTIAL_TEXT[mode] ?? ""));

const OP_TEXT: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=", between: "区间", qualitative: "定性" };

/**
 * Column layout of the 评分表 sheet for a tree of `levels` levels. The template is this sheet
 * (templates-xlsx.ts), and every column is data the importer reads back (build.ts,
 * readExportedScores), so export → import → export gives the same workbook.
 */
export function scoreColumns(levels: number) {
  const L = Math.max(3, levels);
  const c = L + 2;
  return {
    levels: L,
    id: 1,
    level: (i: number) => 2 + i,
    weight: c,
    targetText: c + 1,
    /** 计量单位, 方向: as the file gives them (blank when the engine infers them). */
    unit: c + 2,
    direction: c + 3,
    rule: c + 4,
    op: c + 5,
    target: c + 6,
    upper: c + 7,
    actual: c + 8,
    p1: c + 9,
    p2: c + 10,
    p3: c + 11,
    deductions: c + 12,
    /** 扣分明细: one line per deduction, "扣1.5分：原因". */
    deductionItems: c + 13,
    notApplicable: c + 14,
    notApplicableReason: c + 15,
    score: c + 16,
    rate: c + 17,
    reason: c + 18,
    /** 计算公式 (a standard formula id such as budgetExecutionRate, or an expression) and its inputs. */
    formula: c + 19,
    inputs: c + 20,
    /** 评分明细: checklist items, expert scores, qualitative levels, a custom rule's expression. */
    details: c + 21,
    criteria: c + 22,
    description: c + 23,
    evidence: c + 24,
    width: c + 24,
    /** Hidden helpers: indicators not scored below a row, and what is scored so far (部分合计). */
    unscored: c + 25,
    scoredSum: c + 26,
  };
}

const IDEOGRAPHIC_SPACE = "\u3000";
/** Levels deeper than the level columns are marked in the last one: "›› 名称" is two deeper. */
export const DEEPER = "›";
const LEVEL_NAMES = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"];

function depthOf(nodes: readonly NodeResult[]): number {
  let d = 0;
  for (const n of nodes) d = Math.max(d, n.level, depthOf(n.children));
  return d;
}

const num = (d: Decimal): number => Number(d.toString());

/** Built cells of one sheet, with the computed cells to compare. */
interface Block {
  cells: SheetSpec["cells"];
  merges: NonNullable<SheetSpec["merges"]>;
  expected: ExpectedCell[];
  /** The next free row. */
  next: number;
}

/**
 * Lay out one evaluation's indicator tree, totals and grade bands from row `top` of a sheet.
 * Several evaluations can be stacked in one sheet (the recalculation test and the benchmark
 * do so: one LibreOffice load for many evaluations).
 */
export function scoreBlock(e: Evaluation, scored: ScoreResult, sheet: string, top: number, options: ExportOptions = {}): Block {
  const cached = options.cachedResults !== false;
  const K = scoreColumns(depthOf(scored.roots));
  const cells: Block["cells"] = [];
  const merges: Block["merges"] = [];
  const expected: ExpectedCell[] = [];
  const put = (row: number, col: number, cell: CellSpec): void => {
    cells.push({ row, col, cell });
  };
  const text = (row: number, col: number, t: string, style: CellStyle = "text"): void => put(row, col, { text: t, style });
  const number = (row: number, col: number, d: Decimal | undefined, style: CellStyle = "number"): void => {
    if (d === undefined) text(row, col, "", style);
    else put(row, col, { number: num(d), style });
  };
  const formula = (row: number, col: number, f: string, result: number | string, style: CellStyle): void => {
    put(row, col, { formula: f, result: cached ? result : undefined, style });
  };

  // title, subtitle, header
  text(top, 1, `${e.meta.title} — 评分表`, "title");
  merges.push({ top, left: 1, bottom: top, right: K.width });
  text(
    top + 1,
    1,
    `评价对象：${e.meta.subject}${IDEOGRAPHIC_SPACE}预算年度：${e.meta.fiscalYear}${IDEOGRAPHIC_SPACE}评价类型：${e.meta.evaluationType}${IDEOGRAPHIC_SPACE}（浅绿色单元格为公式）`,
    "note",
  );
  merges.push({ top: top + 1, left: 1, bottom: top + 1, right: K.width });
  const header = top + 2;
  const heads: Array<[number, string]> = [
    [K.id, "编号"],
    ...Array.from({ length: K.levels }, (_, i): [number, string] => [K.level(i), LEVEL_NAMES[i] ?? `${i + 1}级指标`]),
    [K.weight, "分值"],
    [K.targetText, "指标值"],
    [K.unit, "计量单位"],
    [K.direction, "方向"],
    [K.rule, "评分方法"],
    [K.op, "比较"],
    [K.target, "目标值/下限"],
    [K.upper, "上限"],
    [K.actual, "实际完成值"],
    [K.p1, "参数1"],
    [K.p2, "参数2"],
    [K.p3, "参数3"],
    [K.deductions, "扣分"],
    [K.deductionItems, "扣分明细"],
    [K.notApplicable, "不适用"],
    [K.notApplicableReason, "不适用原因"],
    [K.score, "得分"],
    [K.rate, "得分率"],
    [K.reason, "评分说明"],
    [K.formula, "计算公式"],
    [K.inputs, "公式输入"],
    [K.details, "评分明细"],
    [K.criteria, "评分标准"],
    [K.description, "指标解释"],
    [K.evidence, "佐证材料"],
    [K.unscored, "未评分数"],
    [K.scoredSum, "已评分合计"],
  ];
  for (const [col, h] of heads) text(header, col, h, "header");

  let row = header + 1;
  const rowOf = new Map<NodeResult, number>();
  // Depth-first: a parent's row comes before its children; its name cell is merged down over them.
  const layout = (n: NodeResult): void => {
    const r = row++;
    rowOf.set(n, r);
    n.children.forEach(layout);
    const last = row - 1;
    const levelCol = K.level(Math.min(n.level, K.levels) - 1);
    text(r, K.id, n.id);
    for (let i = 0; i < K.levels; i++) if (K.level(i) !== levelCol) text(r, K.level(i), "");
    text(r, levelCol, n.level > K.levels ? `${DEEPER.repeat(n.level - K.levels)} ${n.name}` : n.name, "name");
    if (last > r && n.level <= K.levels) merges.push({ top: r, left: levelCol, bottom: last, right: levelCol });
  };
  scored.roots.forEach(layout);
  // Deeper levels than the columns show are indented in the last level column; cells left of
  // a node's own column under a merged ancestor are covered by that merge.

  const P = (r: number): string => ref(K.weight, r);
  for (const [n, r] of rowOf) writeNode(n, r);
  function writeNode(n: NodeResult, r: number): void {
    const node = n.node;
    number(r, K.weight, n.node.weight);
    text(r, K.targetText, node.target?.text ?? "");
    text(r, K.unit, node.unit ?? "");
    text(r, K.direction, node.direction ?? "");
    // 不适用 as given: a parent all of whose children are not applicable is so without saying it.
    text(r, K.notApplicable, node.notApplicable ? "是" : "");
    text(r, K.notApplicableReason, node.notApplicableReason ?? "");
    text(r, K.reason, node.reason ?? "");
    text(r, K.deductionItems, (node.deductions ?? []).map((d) => `扣${plain(d.points)}分：${d.reason}`).join("\n"));
    text(r, K.formula, node.formula ?? "");
    text(
      r,
      K.inputs,
      Object.entries(node.inputs ?? {})
        .map(([k, v]) => `${k}=${plain(v)}`)
        .join("\n"),
    );
    text(r, K.details, ruleDetails(node.rule));
    text(r, K.criteria, node.criteria ?? "");
    text(r, K.description, node.description ?? "");
    text(r, K.evidence, (node.evidence ?? []).join("\n"));
    const dSum = node.deductions && node.deductions.length > 0 ? sum(node.deductions.map((d) => d.points)) : undefined;
    number(r, K.deductions, dSum);
    // The actual as the engine compared it (in the target's unit), shown with that unit; a
    // text the engine could not read as a figure stays text (the formula then says 未评分).
    const actual = n.actualValue ?? n.actual ?? node.actual;
    if (actual === undefined) text(r, K.actual, "");
    else if (typeof actual === "string") text(r, K.actual, actual);
    else {
      const unit = canonicalUnit(n.actualValue !== undefined ? n.unit : (n.unit ?? (node.target?.unit || node.unit)));
      put(r, K.actual, { number: num(actual), style: "number", ...(unit ? { numFmt: unitFormat(actual, unit) } : {}) });
    }
    for (const col of [K.op, K.target, K.upper, K.p1, K.p2, K.p3]) text(r, col, "");
    const label = `${n.trail.join("›")} 得分`;
    if (n.notApplicable) {
      // A leaf keeps its rule and parameters (they come back when it applies again).
      if (n.children.length > 0 && node.score !== undefined) {
        text(r, K.rule, `${RULE_LABEL["direct"]}（参数1；下级合计见下）`);
        number(r, K.p1, node.score);
      } else if (n.children.length > 0) text(r, K.rule, RULE_LABEL["children"]!);
      else leafFormula(n, r);
      text(r, K.score, "不适用", "computed");
      text(r, K.rate, "", "computed-percent");
      expected.push({ sheet, row: r, col: K.score, label, kind: "grade", expected: "不适用" });
      return;
    }
    if (n.score === undefined && n.unscored === 0) {
      text(r, K.rule, "");
      text(r, K.score, n.grade ?? "-", "computed");
      text(r, K.rate, "", "computed-percent");
      return;
    }
    const S = ref(K.score, r);
    const U = ref(K.unscored, r);
    // What the engine shows: the score, 未评分 (a leaf it could not score), 部分合计 X (a parent above one).
    const shownScore: number | string =
      n.score !== undefined ? num(n.score) : n.children.length === 0 ? NOT_SCORED : partialText(n.partialScore ?? ZERO);
    let f: string | undefined;
    if (n.children.length > 0) {
      const kids = n.children.filter((c) => !c.notApplicable);
      const scoreSum = kids.map((c) => ref(K.score, rowOf.get(c)!)).join("+");
      if (n.source === "direct") {
        text(r, K.rule, `${RULE_LABEL["direct"]}（参数1；下级合计见下）`);
        number(r, K.p1, node.score);
        f = `ROUND(MAX(0,MIN(${P(r)},${ref(K.p1, r)})),2)`;
        put(r, K.unscored, { number: 0, style: "computed-count" });
      } else {
        if (kids.length < n.children.length) {
          text(r, K.rule, RULE_LABEL["rescaled"]!);
          const w = kids.map((c) => ref(K.weight, rowOf.get(c)!)).join("+");
          f = `IF((${w})=0,0,ROUND(ROUND((${scoreSum})*${P(r)}/(${w}),10),2))`;
        } else {
          text(r, K.rule, RULE_LABEL["children"]!);
          f = `ROUND(${scoreSum},2)`;
        }
        // With a leaf below not scored: no score here, what is scored so far, labelled.
        const count = kids.map((c) => ref(K.unscored, rowOf.get(c)!)).join("+") || "0";
        const partial = kids.map((c) => ref(K.scoredSum, rowOf.get(c)!)).join("+") || "0";
        formula(r, K.unscored, count, n.unscored, "computed-count");
        f = `IF(${U}>0,"${PARTIAL} "&TEXT(ROUND(${partial},2),"0.00"),${f})`;
      }
    } else {
      f = leafFormula(n, r);
      if (f !== undefined) formula(r, K.unscored, `IF(ISNUMBER(${S}),0,1)`, n.unscored, "computed-count");
      else put(r, K.unscored, { number: 1, style: "computed-count" });
    }
    formula(
      r,
      K.scoredSum,
      `IF(ISNUMBER(${S}),${S},${n.children.length > 0 && n.source !== "direct" ? `ROUND(${kidsPartial(n)},2)` : "0"})`,
      num(n.score ?? n.partialScore ?? ZERO),
      "computed",
    );
    if (f === undefined) {
      // Nothing in the sheet can score it (a rule that contradicts its target, a level not understood …).
      text(r, K.score, NOT_SCORED, "computed");
    } else {
      formula(r, K.score, f, shownScore, "computed");
      expected.push(
        n.score !== undefined
          ? { sheet, row: r, col: K.score, label, kind: "score", places: 2, expected: fixed(n.score, 2) }
          : { sheet, row: r, col: K.score, label, kind: "grade", expected: String(shownScore) },
      );
    }
    if (n.rate !== undefined) {
      const rate = roundTo(n.rate, 4);
      formula(r, K.rate, `IF(AND(ISNUMBER(${S}),${P(r)}>0),ROUND(ROUND(${S}/${P(r)},10),4),"")`, num(rate), "computed-percent");
      expected.push({
        sheet,
        row: r,
        col: K.rate,
        label: `${n.trail.join("›")} 得分率`,
        kind: "rate",
        places: 4,
        expected: fixed(rate, 4),
      });
    } else if (n.score === undefined && f !== undefined) {
      formula(r, K.rate, `IF(AND(ISNUMBER(${S}),${P(r)}>0),ROUND(ROUND(${S}/${P(r)},10),4),"")`, "", "computed-percent");
    } else text(r, K.rate, "-", "computed-percent");
  }

  /** Sum of the applicable children's 已评分合计. */
  function kidsPartial(n: NodeResult): string {
    return (
      n.children
        .filter((c) => !c.notApplicable)
        .map((c) => ref(K.scoredSum, rowOf.get(c)!))
        .join("+") || "0"
    );
  }

  /**
   * The score formula of a leaf under its rule; undefined when nothing in the sheet can score
   * it (the engine left it unscored for a reason the cells do not carry).
   */
  function leafFormula(n: NodeResult, r: number): string | undefined {
    const node = n.node;
    const Pr = P(r);
    const A = ref(K.actual, r);
    const T = ref(K.target, r);
    const H = ref(K.upper, r);
    const p1 = ref(K.p1, r);
    const p2 = ref(K.p2, r);
    const p3 = ref(K.p3, r);
    const D = ref(K.deductions, r);
    const rule = n.rule ?? node.rule?.type ?? (n.notApplicable && node.score !== undefined ? "direct" : "missing");
    const final = (raw: string, deduct = true): string => `ROUND(MAX(0,MIN(${Pr},ROUND(${raw}${deduct ? `-${D}` : ""},10))),2)`;
    // A figure is needed: without one (missing, a word, a unit that does not convert) 未评分, never 0.
    const numeric = (body: string): string => `IF(ISNUMBER(${A}),${final(body)},"${NOT_SCORED}")`;
    const zero = (): string | undefined => (n.score === undefined ? undefined : final("0"));
    const steps = (x: string, mode: string | undefined): string =>
      mode === "ceil" ? `ROUNDUP(ROUND(${x},10),0)` : mode === "floor" ? `ROUNDDOWN(ROUND(${x},10),0)` : `(${x})`;
    // A rule the engine took from the target's form is marked, so that it is not written into the file on import.
    const label = (s: string): void => text(r, K.rule, node.rule === undefined && rule !== "missing" && s ? `${s}${INFERRED}` : s);
    const rl = node.rule;
    const t = node.target;
    const numericRule = rule === "step" || rule === "interval" || rule === "proportional";
    const actualIsNumber = n.actualValue !== undefined || (n.actual !== undefined && typeof n.actual !== "string");
    if (n.score === undefined && rule !== "direct" && (!numericRule || actualIsNumber)) {
      label(ruleLabel(rule, rl));
      return undefined;
    }
    if (n.score !== undefined && numericRule && !actualIsNumber) {
      // Scored from a word the engine read as a level (达成预期指标 against a figure): its score, as data.
      label(`${RULE_LABEL["direct"]}（参数1：引擎按定性档次计分）`);
      number(r, K.p1, n.score);
      return final(p1, false);
    }
    switch (rule) {
      case "direct":
        label(`${RULE_LABEL["direct"]}（参数1）`);
        number(r, K.p1, node.score);
        return final(p1, false);
      case "deduction":
        label(RULE_LABEL["deduction"]!);
        return final(`${Pr}-${D}`, false);
      case "qualitative": {
        label(RULE_LABEL["qualitative"]!);
        // The level's fraction of the points (完全达成 1, 部分达成 0.6 …), read from the levels.
        const coefficient =
          n.score !== undefined && n.weight.greaterThan(0) && n.actual !== undefined ? qualitativeCoefficient(n, e) : undefined;
        number(r, K.p1, coefficient);
        return final(`${Pr}*${p1}`);
      }
      case "checklist": {
        label(ruleLabel(rule, rl));
        if (rl?.type === "checklist") {
          const got = sum(rl.items.filter((i) => (rl.mode === "award" ? i.met : !i.met)).map((i) => i.points));
          number(r, K.p1, got);
          return final(rl.mode === "award" ? p1 : `${Pr}-${p1}`);
        }
        return zero();
      }
      case "expert": {
        label(ruleLabel(rule, rl));
        if (rl?.type === "expert") {
          const panel = panelResult(
            rl.scores.map((s) => s.score),
            rl.method,
            rl.trim,
          );
          if (panel) number(r, K.p1, panel.value);
        }
        return final(p1);
      }
      case "formula":
        label(RULE_LABEL["formula"]!);
        number(r, K.p1, n.score);
        return final(p1, false);
      case "step": {
        if (rl?.type !== "step") return zero();
        label(`${RULE_LABEL["step"]}（阈值/步长/每步扣分，${rl.when === "above" ? "超过扣分" : "低于扣分"}${stepPartText(rl.partial)}）`);
        number(r, K.p1, rl.threshold);
        number(r, K.p2, rl.step);
        number(r, K.p3, rl.deduct);
        const excess = rl.when === "above" ? `(${A}-${p1})` : `(${p1}-${A})`;
        return numeric(`IF(${excess}<=0,${Pr},${Pr}-${steps(`${excess}/${p2}`, rl.partial)}*${p3})`);
      }
      case "interval": {
        if (!t || t.op === "qualitative") return zero();
        const lo = t.min ?? t.value!;
        const hi = t.max ?? t.value!;
        number(r, K.target, lo);
        number(r, K.upper, hi);
        text(r, K.op, OP_TEXT["between"]!);
        const inside = `AND(${A}>=${T},${A}<=${H})`;
        const dist = `IF(${A}<${T},${T}-${A},${A}-${H})`;
        if (rl?.type === "interval" && rl.deductionPerStep !== undefined) {
          label(`${RULE_LABEL["interval"]}（参数1 每步扣分，参数2 步长${stepPartText(rl.partial)}）`);
          number(r, K.p1, rl.deductionPerStep);
          number(r, K.p2, rl.step ?? ONE);
          return numeric(`IF(${inside},${Pr},${Pr}-${steps(`${dist}/${p2}`, rl.partial)}*${p1})`);
        }
        label(`${RULE_LABEL["interval"]}（区间外按比例）`);
        return numeric(`IF(${inside},${Pr},IF(${A}<${T},IF(${T}=0,0,${A}*${Pr}/${T}),${H}*${Pr}/${A}))`);
      }
      case "proportional": {
        if (!t || t.op === "qualitative" || t.value === undefined) return zero();
        label(RULE_LABEL["proportional"]!);
        const op = effectiveOp(t, node.direction ?? impliedDirection(t, node.name));
        number(r, K.target, t.value);
        text(r, K.op, OP_TEXT[op] ?? "");
        const pro = (met: string, reverseBody: string): string => numeric(`IF(${met},${Pr},${reverseBody})`);
        switch (op) {
          case "gte":
            return pro(`${A}>=${T}`, `IF(${T}=0,0,IF(${A}>${T},${Pr},${A}*${Pr}/${T}))`);
          case "gt":
            return pro(`${A}>${T}`, `IF(${T}=0,0,IF(${A}>${T},${Pr},${A}*${Pr}/${T}))`);
          case "lte":
            return pro(`${A}<=${T}`, `IF(${A}=0,0,IF(${T}>${A},${Pr},${T}*${Pr}/${A}))`);
          case "lt":
            return pro(`${A}<${T}`, `IF(${A}=0,0,IF(${T}>${A},${Pr},${T}*${Pr}/${A}))`);
          case "eq":
            return pro(`${A}=${T}`, `IF(${A}>${T},IF(${A}=0,0,${T}*${Pr}/${A}),IF(${T}=0,0,${A}*${Pr}/${T}))`);
          default:
            return zero();
        }
      }
      default:
        label(RULE_LABEL["missing"]!);
        return zero();
    }
  }

  // ── totals and grade ──
  const totalRow = row;
  const W = (): string => scored.roots.map((n) => ref(K.weight, rowOf.get(n)!)).join("+");
  const labelCol = K.level(0);
  const mergeLabel = (r: number): void => {
    merges.push({ top: r, left: labelCol, bottom: r, right: K.weight - 1 });
  };
  if (scored.preset !== "pefa" && (scored.total !== undefined || scored.unscored > 0)) {
    const applicable = scored.roots.filter((n) => !n.notApplicable);
    const got = applicable.map((n) => ref(K.score, rowOf.get(n)!)).join("+") || "0";
    text(totalRow, K.id, "", "total");
    text(totalRow, labelCol, "合计", "total");
    for (let i = 1; i < K.levels; i++) text(totalRow, K.level(i), "", "total");
    mergeLabel(totalRow);
    formula(totalRow, K.weight, `ROUND(${W()},2)`, num(scored.weight), "total-count");
    const Wt = ref(K.weight, totalRow);
    let totalF = `ROUND(${got},2)`;
    if (applicable.length < scored.roots.length) {
      const wa = applicable.map((n) => ref(K.weight, rowOf.get(n)!)).join("+") || "0";
      totalF = `IF((${wa})=0,ROUND(${got},2),ROUND(ROUND((${got})*${Wt}/(${wa}),10),2))`;
    }
    // Indicators not scored: no total — what is scored so far, labelled, and how many are not.
    const Ut = ref(K.unscored, totalRow);
    const Qt = ref(K.scoredSum, totalRow);
    formula(totalRow, K.unscored, applicable.map((n) => ref(K.unscored, rowOf.get(n)!)).join("+") || "0", scored.unscored, "total-count");
    formula(
      totalRow,
      K.scoredSum,
      `ROUND(${applicable.map((n) => ref(K.scoredSum, rowOf.get(n)!)).join("+") || "0"},2)`,
      num(scored.partialTotal ?? scored.total ?? ZERO),
      "total",
    );
    totalF = `IF(${Ut}>0,"${PARTIAL} "&TEXT(${Qt},"0.00")&"，"&${Ut}&" 个指标未评分",${totalF})`;
    for (let c = K.weight + 1; c < K.score; c++) text(totalRow, c, "", "total");
    const totalShown =
      scored.total !== undefined ? num(scored.total) : `${partialText(scored.partialTotal ?? ZERO)}，${scored.unscored} 个指标未评分`;
    formula(totalRow, K.score, totalF, totalShown, "total");
    expected.push(
      scored.total !== undefined
        ? { sheet, row: totalRow, col: K.score, label: "总分", kind: "score", places: 2, expected: fixed(scored.total, 2) }
        : { sheet, row: totalRow, col: K.score, label: "总分", kind: "grade", expected: String(totalShown) },
    );
    const Tt = ref(K.score, totalRow);
    const rateF = `IF(AND(ISNUMBER(${Tt}),${Wt}>0),ROUND(ROUND(${Tt}/${Wt},10),4),"")`;
    if (scored.rate !== undefined) {
      const rate = roundTo(scored.rate, 4);
      formula(totalRow, K.rate, rateF, num(rate), "computed-percent");
      expected.push({ sheet, row: totalRow, col: K.rate, label: "总得分率", kind: "rate", places: 4, expected: fixed(rate, 4) });
    } else if (scored.total === undefined) {
      formula(totalRow, K.rate, rateF, "", "computed-percent");
      expected.push({ sheet, row: totalRow, col: K.rate, label: "总得分率", kind: "grade", expected: "" });
    } else text(totalRow, K.rate, "", "total");
    text(totalRow, K.reason, "", "total");

    // the per-100 score the grade is read from, and the grade
    const gRow = totalRow + 1;
    text(gRow, labelCol, "百分制得分（评级依据）", "total");
    mergeLabel(gRow);
    const gradedF = `IF(NOT(ISNUMBER(${Tt})),"-",IF(${Wt}=100,${Tt},IF(${Wt}=0,"",ROUND(ROUND(${Tt}/${Wt}*100,10),2))))`;
    formula(gRow, K.score, gradedF, scored.gradedOn !== undefined ? num(scored.gradedOn) : scored.total === undefined ? "-" : "", "total");
    if (scored.gradedOn !== undefined)
      expected.push({ sheet, row: gRow, col: K.score, label: "百分制得分", kind: "score", places: 2, expected: fixed(scored.gradedOn, 2) });
    const gradeRow = gRow + 1;
    text(gradeRow, labelCol, "绩效等级", "total");
    mergeLabel(gradeRow);

    // band table (data), then the grade formula over it
    const bandTop = gradeRow + 2;
    text(bandTop, labelCol, "等级区间", "header");
    merges.push({ top: bandTop, left: labelCol, bottom: bandTop, right: labelCol + 1 });
    text(bandTop, labelCol + 2, "下限", "header");
    text(bandTop, labelCol + 3, "上限", "header");
    text(bandTop, labelCol + 4, "含上限", "header");
    scored.bands.forEach((b: Band, i) => {
      const r = bandTop + 1 + i;
      text(r, labelCol, b.grade);
      text(r, labelCol + 1, b.label_en ?? "");
      number(r, labelCol + 2, b.min);
      number(r, labelCol + 3, b.max);
      text(r, labelCol + 4, b.maxInclusive ? "是" : "否");
    });
    const G = ref(K.score, gRow);
    let gradeF = `""`;
    for (let i = scored.bands.length - 1; i >= 0; i--) {
      const r = bandTop + 1 + i;
      const [g, lo, hi, inc] = [ref(labelCol, r), ref(labelCol + 2, r), ref(labelCol + 3, r), ref(labelCol + 4, r)];
      gradeF = `IF(AND(${G}>=${lo},IF(${inc}="是",${G}<=${hi},${G}<${hi})),${g},${gradeF})`;
    }
    gradeF = `IF(${Ut}>0,"${NOT_GRADED}",IF(${G}="","",${gradeF}))`;
    const hasMissingEvidence = scored.preset === "part" && scored.band === undefined && scored.grade !== undefined;
    if (hasMissingEvidence) text(gradeRow, K.score, scored.grade ?? "", "total");
    else {
      const gradeShown = scored.total === undefined ? NOT_GRADED : (scored.grade ?? "");
      formula(gradeRow, K.score, gradeF, gradeShown, "total");
      expected.push({ sheet, row: gradeRow, col: K.score, label: "等级", kind: "grade", expected: gradeShown });
    }
    const noteRow = bandTop + 1 + scored.bands.length;
    text(
      noteRow,
      labelCol,
      "区间含下限；“含上限”为“是”时含上限。改动分值、实际完成值、参数或区间后，得分、小计、得分率、总分与等级随之重算。",
      "note",
    );
    merges.push({ top: noteRow, left: labelCol, bottom: noteRow, right: K.reason });
    row = noteRow + 1;
  }
  return { cells, merges, expected, next: row + 1 };
}

/** The fraction of points a qualitative leaf's level gives (score ÷ points when not recorded). */
function qualitativeCoefficient(n: NodeResult, e: Evaluation): Decimal | undefined {
  const rule = n.node.rule;
  const levels = (rule?.type === "qualitative" ? rule.levels : undefined) ?? e.scheme?.qualitativeLevels;
  const text = typeof n.actual === "string" ? n.actual : n.actual !== undefined ? plain(n.actual) : undefined;
  if (levels && text !== undefined && levels[text] !== undefined) return levels[text];
  // Default levels and aliases: the engine's explanation names the fraction; before deductions
  // the score is points × fraction (rounded), so recover the fraction from the level table.
  const defaults: Record<string, number> = {
    完全达成: 1,
    达成: 1,
    已达成: 1,
    全部达成: 1,
    完成: 1,
    已完成: 1,
    部分达成: 0.6,
    基本达成: 0.6,
    部分完成: 0.6,
    基本完成: 0.6,
    未达成: 0,
    未完成: 0,
    未实现: 0,
  };
  if (!levels && text !== undefined && defaults[text] !== undefined) return dec(defaults[text]!);
  if (text !== undefined && n.node.target?.op === "qualitative" && n.node.target.text === text) {
    const first = levels ? Object.values(levels)[0] : undefined;
    return first ?? dec(1);
  }
  return ZERO;
}

/** 人员情况 sheet: quota and staff data, vacancy and rates as formulas. */
export function staffBlock(e: Evaluation, sheet: string, options: ExportOptions = {}): Block | undefined {
  const units = e.organisation?.units ?? [];
  if (units.length === 0) return undefined;
  const cached = options.cachedResults !== false;
  const cells: Block["cells"] = [];
  const merges: Block["merges"] = [];
  const expected: ExpectedCell[] = [];
  const put = (row: number, col: number, cell: CellSpec): void => {
    cells.push({ row, col, cell });
  };
  put(1, 1, { text: `${e.meta.subject} 人员情况`, style: "title" });
  merges.push({ top: 1, left: 1, bottom: 1, right: 7 });
  ["单位名称", "单位类型", "编制人数", "实有在职人数", "空编数", "空编率", "在职人员控制率"].forEach((h, i) =>
    put(2, i + 1, { text: h, style: "header" }),
  );
  units.forEach((u, i) => {
    const r = 3 + i;
    put(r, 1, { text: u.name, style: "name" });
    put(r, 2, { text: u.type, style: "text" });
    put(r, 3, u.quota !== undefined ? { number: u.quota, style: "count" } : { text: "", style: "count" });
    put(r, 4, u.inPost !== undefined ? { number: u.inPost, style: "count" } : { text: "", style: "count" });
    const [Q, N] = [ref(3, r), ref(4, r)];
    if (u.quota !== undefined && u.inPost !== undefined) {
      const vacancy = u.quota - u.inPost;
      put(r, 5, {
        formula: `IF(${Q}-${N}>0,${Q}-${N},"-")`,
        result: cached ? (vacancy > 0 ? vacancy : "-") : undefined,
        style: "computed-count",
      });
      expected.push({
        sheet,
        row: r,
        col: 5,
        label: `${u.name} 空编数`,
        kind: "count",
        places: 0,
        expected: vacancy > 0 ? String(vacancy) : "-",
      });
      if (u.quota > 0) {
        const rate = vacancy > 0 ? roundTo(dec(vacancy).dividedBy(u.quota), 4) : undefined;
        put(r, 6, {
          formula: `IF(${Q}-${N}>0,ROUND(ROUND((${Q}-${N})/${Q},10),4),"-")`,
          result: cached ? (rate ? num(rate) : "-") : undefined,
          style: "computed-percent",
        });
        expected.push({ sheet, row: r, col: 6, label: `${u.name} 空编率`, kind: "rate", places: 4, expected: rate ? fixed(rate, 4) : "-" });
        const ctrl = roundTo(dec(u.inPost).dividedBy(u.quota), 4);
        put(r, 7, { formula: `ROUND(ROUND(${N}/${Q},10),4)`, result: cached ? num(ctrl) : undefined, style: "computed-percent" });
        expected.push({ sheet, row: r, col: 7, label: `${u.name} 在职人员控制率`, kind: "rate", places: 4, expected: fixed(ctrl, 4) });
      } else {
        put(r, 6, { text: "-", style: "computed-percent" });
        put(r, 7, { text: "-", style: "computed-percent" });
      }
    } else {
      for (const c of [5, 6, 7]) put(r, c, { text: "", style: "computed" });
    }
  });
  const t = 3 + units.length;
  put(t, 1, { text: "合计", style: "total" });
  put(t, 2, { text: "", style: "total" });
  const complete = units.every((u) => u.quota !== undefined && u.inPost !== undefined);
  if (complete) {
    const q = units.reduce((a, u) => a + (u.quota ?? 0), 0);
    const p = units.reduce((a, u) => a + (u.inPost ?? 0), 0);
    put(t, 3, { formula: `SUM(${ref(3, 3)}:${ref(3, t - 1)})`, result: cached ? q : undefined, style: "total-count" });
    put(t, 4, { formula: `SUM(${ref(4, 3)}:${ref(4, t - 1)})`, result: cached ? p : undefined, style: "total-count" });
    expected.push({ sheet, row: t, col: 3, label: "编制人数合计", kind: "count", places: 0, expected: String(q) });
    expected.push({ sheet, row: t, col: 4, label: "实有在职人数合计", kind: "count", places: 0, expected: String(p) });
    put(t, 5, { text: "", style: "total" });
    put(t, 6, { text: "", style: "total" });
    if (q > 0) {
      const ctrl = roundTo(dec(p).dividedBy(q), 4);
      put(t, 7, {
        formula: `ROUND(ROUND(${ref(4, t)}/${ref(3, t)},10),4)`,
        result: cached ? num(ctrl) : undefined,
        style: "computed-percent",
      });
      expected.push({ sheet, row: t, col: 7, label: "在职人员控制率", kind: "rate", places: 4, expected: fixed(ctrl, 4) });
    } else put(t, 7, { text: "-", style: "total" });
  }
  return { cells, merges, expected, next: t + 2 };
}

/** 资金情况 sheet: fund lines as data; totals, execution and carry-over rates as formulas. */
export function fundsBlock(e: Evaluation, sheet: string, options: ExportOptions = {}): Block | undefined {
  const funds = e.funds;
  if (!funds || funds.lines.length === 0) return undefined;
  const cached = options.cachedResults !== false;
  const cells: Block["cells"] = [];
  const merges: Block["merges"] = [];
  const expected: ExpectedCell[] = [];
  const put = (row: number, col: number, cell: CellSpec): void => {
    cells.push({ row, col, cell });
  };
  const res = (v: number | string): number | string | undefined => (cached ? v : undefined);
  put(1, 1, { text: `${e.meta.subject} 资金情况（单位：万元）`, style: "title" });
  merges.push({ top: 1, left: 1, bottom: 1, right: 8 });
  ["资金名称", "资金来源", "年初预算数", "调整后预算数", "实际支出", "结转结余", "预算执行率", "小计行"].forEach((h, i) =>
    put(2, i + 1, { text: h, style: "header" }),
  );
  const lines = funds.lines;
  const toWan = (d: Decimal | undefined, l: (typeof lines)[number]): Decimal | undefined => wan(d, l, funds.unit);
  lines.forEach((l, i) => {
    const r = 3 + i;
    put(r, 1, { text: l.name, style: "name" });
    put(r, 2, { text: l.source ?? "", style: "text" });
    const vals = [toWan(l.initialBudget, l), toWan(l.adjustedBudget, l), toWan(l.actual, l), toWan(l.carryover, l)];
    vals.forEach((v, j) => put(r, 3 + j, v !== undefined ? { number: num(v), style: "amount" } : { text: "", style: "amount" }));
    put(r, 8, { text: l.subtotal ? "是" : "", style: "text" });
    const budget = vals[1] ?? vals[0];
    const actual = vals[2];
    if (budget !== undefined && actual !== undefined && !budget.isZero()) {
      const rate = roundTo(actual.dividedBy(budget), 4);
      const B = vals[1] !== undefined ? ref(4, r) : ref(3, r);
      put(r, 7, { formula: `ROUND(ROUND(${ref(5, r)}/${B},10),4)`, result: res(num(rate)), style: "computed-percent" });
      expected.push({ sheet, row: r, col: 7, label: `${l.name} 预算执行率`, kind: "rate", places: 4, expected: fixed(rate, 4) });
    } else put(r, 7, { text: "-", style: "computed-percent" });
  });
  const t = 3 + lines.length;
  const counted = lines.map((l, i) => ({ l, r: 3 + i })).filter((x) => !x.l.subtotal);
  put(t, 1, { text: "合计", style: "total" });
  put(t, 2, { text: "", style: "total" });
  const fields: Array<(l: (typeof lines)[number]) => Decimal | undefined> = [
    (l) => l.initialBudget,
    (l) => l.adjustedBudget,
    (l) => l.actual,
    (l) => l.carryover,
  ];
  const totals: Array<Decimal | undefined> = [];
  fields.forEach((get, j) => {
    const values = counted.map((x) => toWan(get(x.l), x.l));
    if (counted.length > 0 && values.every((v) => v !== undefined)) {
      const total = roundTo(sum(values as Decimal[]), 2);
      totals.push(total);
      put(t, 3 + j, {
        formula: `ROUND(${counted.map((x) => ref(3 + j, x.r)).join("+")},2)`,
        result: res(num(total)),
        style: "total-amount",
      });
      expected.push({ sheet, row: t, col: 3 + j, label: `资金合计（列${3 + j}）`, kind: "amount", places: 2, expected: fixed(total, 2) });
    } else {
      totals.push(undefined);
      put(t, 3 + j, { text: "", style: "total" });
    }
  });
  const budgetT = totals[1] ?? totals[0];
  const actualT = totals[2];
  if (budgetT !== undefined && actualT !== undefined && !budgetT.isZero()) {
    const rate = roundTo(actualT.dividedBy(budgetT), 4);
    const B = totals[1] !== undefined ? ref(4, t) : ref(3, t);
    put(t, 7, { formula: `ROUND(ROUND(${ref(5, t)}/${B},10),4)`, result: res(num(rate)), style: "computed-percent" });
    expected.push({ sheet, row: t, col: 7, label: "预算执行率", kind: "rate", places: 4, expected: fixed(rate, 4) });
  } else put(t, 7, { text: "-", style: "total" });
  put(t, 8, { text: "", style: "total" });
  const note = [`合计不含“小计行”为“是”的行。`, funds.stated?.total !== undefined ? `报告所载总额：${funds.stated.total}` : ""].join("");
  put(t + 1, 1, { text: note, style: "note" });
  merges.push({ top: t + 1, left: 1, bottom: t + 1, right: 8 });
  return { cells, merges, expected, next: t + 3 };
}

export interface ExportResult {
  data: Uint8Array;
  expected: ExpectedCell[];
}

/** The sheets of one evaluation: 评分表, 人员情况 and 资金情况 when it has them. */
export function evaluationSheets(
  e: Evaluation,
  scored: ScoreResult = scoreEvaluation(e),
  options: ExportOptions = {},
): { sheets: SheetSpec[]; expected: ExpectedCell[] } {
  const sheets: SheetSpec[] = [];
  const expected: ExpectedCell[] = [];
  const K = scoreColumns(depthOf(scored.roots));
  const b = scoreBlock(e, scored, "评分表", 1, options);
  // Parameter columns no row uses are hidden (on screen and in print); wrapped text gets its height.
  const widths = scoreWidths(K);
  const used = new Set(b.cells.filter((c) => c.row > 3 && !("text" in c.cell && c.cell.text === "")).map((c) => c.col));
  // The helpers behind 未评分 / 部分合计 are always hidden: the score cells say what they hold.
  const hidden = [
    ...[K.op, K.target, K.upper, K.p1, K.p2, K.p3, K.deductions, K.notApplicable].filter((c) => !used.has(c)),
    K.unscored,
    K.scoredSum,
  ];
  const heights: Record<number, number> = { 1: 24 };
  for (const c of b.cells) {
    if (c.row <= 3 || !("text" in c.cell) || c.cell.style === "header") continue;
    const width = widths[c.col - 1] ?? 10;
    const lines = Math.ceil((c.cell.text.length * 2) / Math.max(width - 1, 1));
    if (lines > 1 && !b.merges.some((m) => m.top === c.row && m.left === c.col))
      heights[c.row] = Math.max(heights[c.row] ?? 15, Math.min(lines, 8) * 13.5);
  }
  sheets.push({
    name: "评分表",
    widths,
    cells: b.cells,
    merges: b.merges,
    landscape: true,
    printTitleRows: "3:3",
    freezeRow: 3,
    heights,
    hidden,
  });
  expected.push(...b.expected);
  const staff = staffBlock(e, "人员情况", options);
  if (staff) {
    sheets.push({ name: "人员情况", widths: [34, 10, 10, 12, 9, 9, 14], cells: staff.cells, merges: staff.merges, printTitleRows: "2:2" });
    expected.push(...staff.expected);
  }
  const funds = fundsBlock(e, "资金情况", options);
  if (funds) {
    sheets.push({
      name: "资金情况",
      widths: [28, 12, 12, 13, 12, 10, 11, 7],
      cells: funds.cells,
      merges: funds.merges,
      landscape: true,
      printTitleRows: "2:2",
    });
    expected.push(...funds.expected);
  }
  // 基本信息 last (the sheets print in order): it lets the workbook import back (import-xlsx.ts).
  const info: Array<[string, string]> = [
    ["评价标题", e.meta.title],
    ["评价对象", e.meta.subject],
    ["预算年度", String(e.meta.fiscalYear)],
    ["评价对象类型", e.meta.kind],
    ["评价类型", e.meta.evaluationType],
    ["委托方", e.meta.commissioner ?? ""],
    ["评价机构", e.meta.evaluator ?? ""],
  ];
  const infoCells: SheetSpec["cells"] = [
    { row: 1, col: 1, cell: { text: "项目", style: "header" } },
    { row: 1, col: 2, cell: { text: "内容", style: "header" } },
    ...info.flatMap(([k, v], i): SheetSpec["cells"] => [
      { row: i + 2, col: 1, cell: { text: k, style: "name" } },
      { row: i + 2, col: 2, cell: { text: v, style: "text" } },
    ]),
  ];
  sheets.push({ name: "基本信息", widths: [16, 60], cells: infoCells });
  return { sheets, expected };
}

function scoreWidths(K: ReturnType<typeof scoreColumns>): number[] {
  const w: number[] = [];
  w[K.id - 1] = 7;
  for (let i = 0; i < K.levels; i++) w[K.level(i) - 1] = i === K.levels - 1 ? 20 : 11;
  const rest: Array<[number, number]> = [
    [K.weight, 6],
    [K.targetText, 11],
    [K.rule, 14],
    [K.op, 5],
    [K.target, 9],
    [K.upper, 7],
    [K.actual, 9],
    [K.p1, 7],
    [K.p2, 6],
    [K.p3, 6],
    [K.deductions, 6],
    [K.notApplicable, 6],
    [K.score, 8],
    [K.rate, 9],
    [K.reason, 28],
    [K.unscored, 8],
    [K.scoredSum, 10],
  ];
  for (const [c, width] of rest) w[c - 1] = width;
  return w;
}

/** Export one evaluation as .xlsx bytes, with the list of computed cells and their engine values. */
export async function exportXlsx(e: Evaluation, options: ExportOptions = {}): Promise<ExportResult> {
  const { sheets, expected } = evaluationSheets(e, scoreEvaluation(e), options);
  return { data: await writeWorkbook(sheets, { title: e.meta.title }), expected };
}

/**
 * Many evaluations stacked in one 评分表 sheet (one block each): one workbook that one
 * LibreOffice load recalculates — for the recalculation test and the benchmark.
 */
export async function exportBatchXlsx(list: readonly Evaluation[], options: ExportOptions = {}): Promise<ExportResult> {
  const cells: SheetSpec["cells"] = [];
  const merges: NonNullable<SheetSpec["merges"]> = [];
  const expected: ExpectedCell[] = [];
  let top = 1;
  let levels = 3;
  for (const e of list) {
    const scored = scoreEvaluation(e);
    levels = Math.max(levels, depthOf(scored.roots));
    const b = scoreBlock(e, scored, "评分表", top, options);
    cells.push(...b.cells);
    merges.push(...b.merges);
    expected.push(...b.expected);
    top = b.next + 1;
  }
  const data = await writeWorkbook([{ name: "评分表", widths: scoreWidths(scoreColumns(levels)), cells, merges, landscape: true }]);
  return { data, expected };
}
