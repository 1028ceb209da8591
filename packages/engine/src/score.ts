/**
 * Roll-up: scores every leaf, adds children into parents (rescaling around not-applicable
 * nodes: 百分制折算), and grades the total. Pure: the same input gives the same result.
 */
import { type Decimal, HUNDRED, ZERO, formatScore, plain, round2, sum } from "./exact.js";
import { accumulate, eq, gt } from "./fast.js";
import { type FormulaResult, computeStandardFormulas, modelVariables } from "./formulas.js";
import { type Band, PART_NOT_DEMONSTRATED, type Ordinal, bandText, bandsFor, gradeFor, pefaM1, pefaM2 } from "./grading.js";
import { type Bilingual, type MessageKey, bi, lazyText } from "./messages.js";
import type { Evaluation, Indicator } from "./model.js";
import { type Achievement, LEVEL_NAMES, lexiconWith, wordLevels } from "./lexicon.js";
import { DEFAULT_QUALITATIVE_LEVELS, type LeafContext, type LeafDiagnostic, scoreLeaf } from "./rules.js";

/**
 * The version of the scoring semantics. Raise it whenever the same document would score
 * differently (a new reading of targets, a changed rule): stored figures derived by an older
 * version are recomputed (the server re-derives them at start-up).
 * 2: targets and actuals as people write them; unscored leaves and partial totals (no silent 0).
 */
export const SCORING_VERSION = 2;

export type ModelPath = ReadonlyArray<string | number>;

export interface NodeResult {
  /** The node's id, or its position ("1.2.3") when it has none. */
  id: string;
  name: string;
  /** 1 for 一级指标. */
  level: number;
  /** Where the node lives in the file: ["indicators", 0, "children", 2]. */
  readonly path: ModelPath;
  /** Names from the root: ["履职效能", "核心业务"]. */
  readonly trail: string[];
  node: Indicator;
  /** Points (权重 / 分值). */
  weight: Decimal;
  /**
   * Score, rounded to 2 places. Undefined for ordinal schemes, not-applicable nodes, and nodes
   * that are not (fully) scored — a leaf without what it needs, or a parent with such a leaf
   * below it (then `partialScore` holds what is scored so far).
   */
  score?: Decimal;
  /** Leaves below (or this leaf) that could not be scored (未评分); 0 when fully scored. */
  unscored: number;
  /** Sum of what is scored so far, when `unscored` > 0 (部分合计). */
  partialScore?: Decimal;
  /** The rule was taken from the target's form, not given. */
  ruleInferred?: boolean;
  /** The actual in the target's unit, and that unit, when the actual is a figure. */
  actualValue?: Decimal;
  unit?: string;
  /** 得分率 = score / weight (exact; round when shown). */
  readonly rate?: Decimal;
  /** Ordinal grade (PEFA). */
  grade?: string;
  notApplicable: boolean;
  /** How the score came about. */
  source: "rule" | "direct" | "children" | "rescaled" | "not-applicable" | "ordinal";
  rule?: string;
  met?: boolean;
  actual?: Decimal | string;
  /** "21090 ≥ 20000": how the actual compared with the target. */
  readonly comparison?: string;
  hasReason: boolean;
  /** Sum of the children's scores, when the node has children (for checks). */
  childrenSum?: Decimal;
  explanation: Bilingual;
  children: NodeResult[];
  diagnostics: LeafDiagnostic[];
}

export interface ScoreResult {
  roots: NodeResult[];
  /** Every node, depth first. */
  all: NodeResult[];
  byId: ReadonlyMap<string, NodeResult>;
  /** Sum of level-1 weights (normally 100). */
  weight: Decimal;
  /**
   * Sum of level-1 scores (rescaled when a level-1 node is not applicable). Undefined when any
   * indicator is not scored: then there is no total and no grade, only `partialTotal`.
   */
  total?: Decimal;
  /** Indicators (leaves) not scored (未评分). */
  unscored: number;
  /** What is scored so far when `unscored` > 0 (部分合计); never graded. */
  partialTotal?: Decimal;
  rate?: Decimal;
  /** The per-100 score the grade is read from. */
  gradedOn?: Decimal;
  grade?: string;
  band?: Band;
  bands: Band[];
  preset: "cn-2020" | "part" | "pefa";
  formulas: FormulaResult[];
  explanation: Bilingual;
}

const NO_TEXT: Bilingual = { zh: "", en: "" };
const NOT_YET_BUILT: NodeResult[] = Object.freeze([]) as unknown as NodeResult[];

/** A scored node; its path, trail and rate are derived on demand. */
class ScoredNode implements NodeResult {
  name: string;
  score?: Decimal;
  unscored = 0;
  partialScore?: Decimal;
  ruleInferred?: boolean;
  actualValue?: Decimal;
  unit?: string;
  grade?: string;
  notApplicable: boolean;
  source: NodeResult["source"] = "rule";
  rule?: string;
  met?: boolean;
  actual?: Decimal | string;
  describeComparison?: () => string;
  hasReason: boolean;
  childrenSum?: Decimal;
  explanation: Bilingual = NO_TEXT;
  /** Replaced by the node's own children as soon as it is built (see `visit`). */
  children: NodeResult[] = NOT_YET_BUILT;
  diagnostics: LeafDiagnostic[] = [];
  #rate: Decimal | null | undefined;

  constructor(
    readonly id: string,
    readonly node: Indicator,
    readonly weight: Decimal,
    readonly level: number,
    readonly parent: ScoredNode | undefined,
    readonly index: number,
  ) {
    this.name = node.name;
    this.notApplicable = node.notApplicable === true;
    this.hasReason = (node.deductions?.length ?? 0) > 0 || (node.reason?.trim().length ?? 0) > 0;
  }

  get comparison(): string | undefined {
    return this.describeComparison?.();
  }

  get path(): ModelPath {
    return this.parent ? [...this.parent.path, "children", this.index] : ["indicators", this.index];
  }

  get trail(): string[] {
    return this.parent ? [...this.parent.trail, this.name] : [this.name];
  }

  get rate(): Decimal | undefined {
    if (this.#rate === undefined) {
      this.#rate = this.score !== undefined && gt(this.weight, ZERO) ? this.score.dividedBy(this.weight) : null;
    }
    return this.#rate ?? undefined;
  }
}

/** Which achievement a scheme's level stands for: the default names, else top / zero. */
function achievementOfLevel(name: string, levels: Readonly<Record<string, Decimal>>): Achievement | undefined {
  for (const a of ["full", "partial", "none"] as const) if (LEVEL_NAMES[a] === name) return a;
  const v = levels[name];
  if (v === undefined) return undefined;
  if (v.isZero()) return "none";
  let top = ZERO;
  for (const x of Object.values(levels)) if (gt(x, top)) top = x;
  return eq(v, top) ? "full" : "partial";
}

function levelsOf(e: Evaluation): Record<string, Decimal> | undefined {
  return e.scheme?.qualitativeLevels;
}

/**
 * What every leaf of `e` is scored with (scheme levels and words, model variables, the standard
 * formulas' values): scoreEvaluation's own context, for rescoring one leaf with a changed input
 * (robustness.ts).
 */
export function leafContextOf(e: Evaluation): { ctx: LeafContext; formulas: FormulaResult[] } {
  const variables = modelVariables(e);
  const formulas = computeStandardFormulas(e, variables);
  const standard = new Map<string, Decimal>();
  for (const f of formulas) {
    if (f.formula.scope === "evaluation" && f.value !== undefined) {
      standard.set(f.formula.id, f.value);
      standard.set(f.formula.name, f.value);
    }
  }
  const levels = levelsOf(e);
  const words = e.scheme?.qualitativeWords;
  const lexicon = words ? lexiconWith(words, (name) => achievementOfLevel(name, levels ?? DEFAULT_QUALITATIVE_LEVELS)) : undefined;
  const ctx: LeafContext = { levels, lexicon, words: words ? wordLevels(words) : undefined, variables, standard: (id) => standard.get(id) };
  return { ctx, formulas };
}

/**
 * Score an evaluation.
 * @example scoreEvaluation(yangquan).total?.toFixed(2) === "85.73"
 */
export function scoreEvaluation(e: Evaluation): ScoreResult {
  const preset = e.scheme?.preset ?? "cn-2020";
  const { ctx, formulas } = leafContextOf(e);
  const all: NodeResult[] = [];
  const byId = new Map<string, NodeResult>();
  const ordinal = preset === "pefa";

  const visit = (node: Indicator, parent: ScoredNode | undefined, index: number, position: string, level: number): NodeResult => {
    const id = node.id ?? position;
    const weight = node.weight ?? ZERO;
    const result = new ScoredNode(id, node, weight, level, parent, index);
    all.push(result);
    if (!byId.has(id)) byId.set(id, result);
    if (!byId.has(position)) byId.set(position, result);
    const kids = node.children ?? [];
    result.children = kids.map((c, i) => visit(c, result, i, `${position}.${i + 1}`, level + 1));

    if (result.notApplicable) {
      result.source = "not-applicable";
      const why = node.notApplicableReason ? `：${node.notApplicableReason}` : "";
      result.explanation = lazyText(() =>
        bi(
          `不适用${why}，不计分，同级按比例折算`,
          `not applicable${node.notApplicableReason ? `: ${node.notApplicableReason}` : ""}; siblings are rescaled`,
        ),
      );
      return result;
    }
    if (ordinal) {
      scoreOrdinal(result);
      return result;
    }
    if (kids.length === 0) {
      const leaf = scoreLeaf(node, weight, ctx);
      result.score = leaf.score;
      if (leaf.score === undefined) result.unscored = 1;
      if (leaf.ruleInferred) result.ruleInferred = true;
      if (leaf.actualValue !== undefined) result.actualValue = leaf.actualValue;
      if (leaf.unit !== undefined) result.unit = leaf.unit;
      result.source = leaf.rule === "direct" ? "direct" : "rule";
      result.rule = leaf.rule;
      result.met = leaf.met;
      result.actual = leaf.actual;
      result.describeComparison = leaf.comparison;
      result.hasReason = leaf.hasReason;
      result.explanation = leaf.explanation;
      result.diagnostics = leaf.diagnostics;
    } else {
      rollUp(result, weight);
      if (node.score !== undefined) {
        // A score given directly at a parent overrides the children (the seed publishes
        // only level-1 scores); checks compare it with the children's total.
        const clamped = gt(node.score, weight) ? weight : node.score.isNegative() ? ZERO : node.score;
        if (!eq(clamped, node.score)) {
          result.diagnostics.push({
            code: node.score.isNegative() ? "score/negative" : "score/above-points",
            severity: "error",
            params: { found: plain(node.score), expected: plain(weight) },
          });
        }
        result.score = round2(clamped);
        // The children's gaps do not reach the total: the score was given here.
        result.unscored = 0;
        result.partialScore = undefined;
        result.source = "direct";
        const given = node.score;
        const childrenSum = result.childrenSum ?? ZERO;
        result.explanation = lazyText(() =>
          bi(
            `直接赋分 ${plain(given)}（下级合计 ${formatScore(childrenSum)}）`,
            `score entered directly: ${plain(given)} (children total ${formatScore(childrenSum)})`,
          ),
        );
      }
    }
    return result;
  };

  const roots = e.indicators.map((n, i) => visit(n, undefined, i, String(i + 1), 1));
  const bands = bandsFor(e.scheme);
  const weightTotal = sum(roots.map((r) => r.weight));
  const base: ScoreResult = {
    roots,
    all,
    byId,
    weight: weightTotal,
    bands,
    preset,
    formulas,
    explanation: bi("", ""),
    unscored: 0,
  };
  if (ordinal) {
    base.explanation = bi(
      "PEFA 序数评级：各指标按 M1/M2 汇总，不计总分",
      "PEFA ordinal scoring: indicators aggregate by M1/M2; no grand total",
    );
    return base;
  }
  const applicable = roots.filter((r) => !r.notApplicable);
  const unscored = applicable.reduce((n, r) => n + r.unscored, 0);
  base.unscored = unscored;
  if (unscored > 0) {
    const partial = sum(applicable.map((r) => r.score ?? r.partialScore ?? ZERO));
    base.partialTotal = partial;
    base.explanation = lazyText(() =>
      bi(
        `部分合计 ${formatScore(partial)}，${unscored} 个指标未评分：不计总分，不评定等级`,
        `partial total ${formatScore(partial)}; ${unscored} indicator(s) not scored: no total and no grade`,
      ),
    );
    return base;
  }
  const got = sum(applicable.map((r) => r.score ?? ZERO));
  let total = got;
  const parts = (): string => applicable.map((r) => formatScore(r.score ?? ZERO)).join(" + ");
  let how = lazyText(() => bi(`总分 = ${parts()} = ${formatScore(got)}`, `total = ${parts()} = ${formatScore(got)}`));
  // Only a not-applicable level-1 indicator makes the applicable weight differ from the total.
  const applicableWeight = applicable.length < roots.length ? sum(applicable.map((r) => r.weight)) : weightTotal;
  if (applicable.length < roots.length && gt(applicableWeight, ZERO)) {
    total = round2(got.times(weightTotal).dividedBy(applicableWeight));
    const prev = how;
    how = lazyText(() =>
      bi(
        `${prev.zh}；不适用指标剔除后按百分制折算：${formatScore(got)} ÷ ${plain(applicableWeight)} × ${plain(weightTotal)} = ${formatScore(total)}`,
        `${prev.en}; rescaled without the not-applicable indicators: ${formatScore(got)} ÷ ${plain(applicableWeight)} × ${plain(weightTotal)} = ${formatScore(total)}`,
      ),
    );
  }
  const gradedOn = weightTotal.isZero()
    ? undefined
    : eq(weightTotal, HUNDRED)
      ? total
      : round2(total.dividedBy(weightTotal).times(HUNDRED));
  let band = gradedOn !== undefined ? gradeFor(gradedOn, bands) : undefined;
  let grade = band?.grade;
  if (preset === "part" && all.some((n) => n.node.evidenceMissing === true && !n.notApplicable)) {
    grade = PART_NOT_DEMONSTRATED;
    band = undefined;
    const prev = how;
    how = lazyText(() =>
      bi(`${prev.zh}；有指标缺少证据 → ${PART_NOT_DEMONSTRATED}`, `${prev.en}; evidence is missing → ${PART_NOT_DEMONSTRATED}`),
    );
  } else if (band && gradedOn) {
    const prev = how;
    const b = band;
    const on = gradedOn;
    how = lazyText(() =>
      bi(
        `${prev.zh}；${formatScore(on)} ∈ ${bandText(b)} → ${b.grade}`,
        `${prev.en}; ${formatScore(on)} ∈ ${bandText(b)} → ${b.label_en ?? b.grade}`,
      ),
    );
  }
  // `base` keeps its key order (explanation stays in its place); the totals follow.
  return Object.assign(base, {
    explanation: how,
    total,
    rate: weightTotal.isZero() ? undefined : total.dividedBy(weightTotal),
    gradedOn,
    grade,
    band,
  });
}

function rollUp(result: NodeResult, weight: Decimal): void {
  const applicable = result.children.filter((c) => !c.notApplicable);
  if (applicable.length === 0) {
    result.notApplicable = true;
    result.source = "not-applicable";
    result.explanation = bi("下级指标均不适用", "every child is not applicable");
    return;
  }
  let got = ZERO;
  let unscored = 0;
  for (const c of applicable) {
    if (c.score !== undefined) got = accumulate(got, c.score);
    else if (c.unscored > 0) {
      unscored += c.unscored;
      if (c.partialScore !== undefined) got = accumulate(got, c.partialScore);
    }
  }
  if (unscored > 0) {
    // Not every leaf below is scored: no score here, only what is scored so far.
    result.unscored = unscored;
    result.partialScore = got;
    result.source = "children";
    const partial = got;
    result.explanation = lazyText(() =>
      bi(
        `部分合计 ${formatScore(partial)}，${unscored} 个指标未评分`,
        `partial total ${formatScore(partial)}; ${unscored} indicator(s) not scored`,
      ),
    );
    return;
  }
  result.childrenSum = got;
  const parts = (): string => applicable.map((c) => formatScore(c.score ?? ZERO)).join(" + ");
  if (applicable.length < result.children.length) {
    const w = sum(applicable.map((c) => c.weight));
    const s = w.isZero() ? ZERO : round2(got.times(weight).dividedBy(w));
    result.score = s;
    result.source = "rescaled";
    result.explanation = lazyText(() =>
      bi(
        `(${parts()}) ÷ ${plain(w)} × ${plain(weight)} = ${formatScore(s)}（剔除不适用指标后折算）`,
        `(${parts()}) ÷ ${plain(w)} × ${plain(weight)} = ${formatScore(s)} (rescaled without not-applicable children)`,
      ),
    );
    return;
  }
  result.score = got;
  result.source = "children";
  result.explanation = lazyText(() => bi(`${parts()} = ${formatScore(got)}`, `${parts()} = ${formatScore(got)}`));
}

function scoreOrdinal(result: NodeResult): void {
  result.source = "ordinal";
  const node = result.node;
  if (result.children.length === 0) {
    if (node.grade === undefined) {
      result.diagnostics.push({ code: "score/ordinal-missing" satisfies MessageKey, severity: "warning", params: {} });
      result.grade = "D*";
      result.explanation = bi("缺少评级 → D*（信息不足）", "no grade → D* (insufficient information)");
      return;
    }
    result.grade = node.evidenceMissing && node.grade !== "NA" ? "D*" : node.grade;
    result.explanation = bi(`维度评级 ${result.grade}`, `dimension score ${result.grade}`);
    return;
  }
  const grades = result.children.map((c) => (c.grade ?? "NA") as Ordinal);
  if (node.aggregation === "M2") {
    result.grade = pefaM2(grades);
    result.explanation = bi(`M2 平均法：${grades.join("、")} → ${result.grade}`, `M2 averaging: ${grades.join(", ")} → ${result.grade}`);
  } else if (node.aggregation === "M1") {
    result.grade = pefaM1(grades);
    result.explanation = bi(
      `M1 最弱环节法：${grades.join("、")} → ${result.grade}`,
      `M1 weakest link: ${grades.join(", ")} → ${result.grade}`,
    );
  } else {
    result.explanation = bi("支柱（不汇总）", "pillar (not aggregated)");
  }
}

/** Find a node by id, positional id, name, or a "/"-separated path of names or ids. */
export function findNode(result: ScoreResult, path: string): NodeResult | undefined {
  const direct = result.byId.get(path);
  if (direct) return direct;
  const parts = path
    .split(/[/／>›]/)
    .map((p) => p.trim())
    .filter(Boolean);
  let level: NodeResult[] = result.roots;
  let found: NodeResult | undefined;
  for (const part of parts) {
    found = level.find((n) => n.id === part || n.name === part);
    if (!found) break;
    level = found.children;
  }
  if (found && parts.length > 0) return found;
  return result.all.find((n) => n.name === path);
}
