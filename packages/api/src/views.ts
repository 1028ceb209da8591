/**
 * JSON views of engine results, shared by the API, the CLI's --json and the web app. Numbers
 * are strings (exact decimals), never JSON floats.
 */
import {
  type Diagnostic,
  type FormulaResult,
  type Lang,
  type NodeResult,
  type ScoreResult,
  type SuggestedFinding,
  type VerifiedFigure,
  ZERO,
  distanceToNextGrade,
  fixed,
  formatPercent,
  formatQuantity,
  formatScore,
  plain,
} from "@jixiao/engine";
import * as z from "zod";

// Each view is an interface (what the functions below build) and a zod schema of the same name
// (what the API declares as the response and the OpenAPI document shows). The schemas list every
// field: the server encodes a response with its schema, which drops any field not declared.

const Text = z.object({ zh: z.string(), en: z.string() });
const ModelPath = z.array(z.union([z.string(), z.number()])).readonly();

export interface NodeView {
  id: string;
  name: string;
  level: number;
  path: ReadonlyArray<string | number>;
  weight: string;
  /** Score, or null when not (fully) scored — see `unscored` and `partialScore`. */
  score: string | null;
  /** Leaves at or below this node that could not be scored (未评分). */
  unscored: number;
  /** What is scored so far when `unscored` > 0 (部分合计). */
  partialScore: string | null;
  /** The score as it should be shown: "21.24", "未评分" / "not scored", or "部分 12.50" / "partial 12.50". */
  scoreText: string;
  /** Exact score rate to 6 places ("0.708000"). */
  rate: string | null;
  ratePercent: string | null;
  grade: string | null;
  notApplicable: boolean;
  source: string;
  rule: string | null;
  met: boolean | null;
  actual: string | null;
  /** The actual with its unit and precision, as reports print it ("5,230人", "98.00%"). */
  actualText: string | null;
  /** The unit target and actual are compared in ("" when none). */
  unit: string | null;
  /** The rule was inferred from the target's form (the explanation says how). */
  ruleInferred: boolean;
  explanation: { zh: string; en: string };
  explanationText: string;
  children: NodeView[];
}

export interface FormulaView {
  id: string;
  name: string;
  unitId: string | null;
  value: string | null;
  target: string | null;
  met: boolean | null;
  zeroDenominator: boolean;
  explanation: { zh: string; en: string };
}

export interface ScoreView {
  weight: string;
  /** The total, or null when an indicator is not scored (then see `partialTotal`). */
  total: string | null;
  rate: string | null;
  /** The grade, or null when an indicator is not scored: a partial total is never graded. */
  grade: string | null;
  /** Indicators not scored (未评分). */
  unscored: number;
  /** What is scored so far when `unscored` > 0 (部分合计). */
  partialTotal: string | null;
  /** 距下一等级 (null at the top grade or without a total). */
  nextGrade: { grade: string; needed: string; explanation: { zh: string; en: string } } | null;
  /** The total as it should be shown: "85.73", or "部分合计 54.81，3 个指标未评分". */
  totalText: string;
  preset: string;
  explanation: { zh: string; en: string };
  nodes: NodeView[];
  formulas: FormulaView[];
}

/** Registered as "NodeView": it is recursive, so the OpenAPI document refers to it as a component. */
export const NodeView: z.ZodType<NodeView> = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.number().int(),
    path: ModelPath,
    weight: z.string(),
    score: z.string().nullable(),
    unscored: z.number().int(),
    partialScore: z.string().nullable(),
    scoreText: z.string(),
    rate: z.string().nullable(),
    ratePercent: z.string().nullable(),
    grade: z.string().nullable(),
    notApplicable: z.boolean(),
    source: z.string(),
    rule: z.string().nullable(),
    met: z.boolean().nullable(),
    actual: z.string().nullable(),
    actualText: z.string().nullable(),
    unit: z.string().nullable(),
    ruleInferred: z.boolean(),
    explanation: Text,
    explanationText: z.string(),
    get children(): z.ZodArray<z.ZodType<NodeView>> {
      return z.array(NodeView);
    },
  })
  .meta({ id: "NodeView" });

export const FormulaView: z.ZodType<FormulaView> = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  value: z.string().nullable(),
  target: z.string().nullable(),
  met: z.boolean().nullable(),
  zeroDenominator: z.boolean(),
  explanation: Text,
});

/** GET /evaluations/:id/score: the whole score result. */
export const ScoreView: z.ZodType<ScoreView> = z.object({
  weight: z.string(),
  total: z.string().nullable(),
  rate: z.string().nullable(),
  grade: z.string().nullable(),
  unscored: z.number().int(),
  partialTotal: z.string().nullable(),
  totalText: z.string(),
  nextGrade: z.object({ grade: z.string(), needed: z.string(), explanation: Text }).nullable(),
  preset: z.string(),
  explanation: Text,
  nodes: z.array(NodeView),
  formulas: z.array(FormulaView),
});

const text = (b: { zh: string; en: string }) => ({ zh: b.zh, en: b.en });

export function nodeView(n: NodeResult, lang: Lang): NodeView {
  return {
    id: n.id,
    name: n.name,
    level: n.level,
    path: n.path,
    weight: plain(n.weight),
    score: n.score !== undefined ? formatScore(n.score) : null,
    unscored: n.unscored,
    partialScore: n.partialScore !== undefined ? formatScore(n.partialScore) : null,
    scoreText: nodeScoreText(n, lang),
    rate: n.rate !== undefined ? fixed(n.rate, 6) : null,
    ratePercent: n.rate !== undefined ? formatPercent(n.rate) : null,
    grade: n.grade ?? null,
    notApplicable: n.notApplicable,
    source: n.source,
    rule: n.rule ?? null,
    met: n.met ?? null,
    actual: n.actual === undefined ? null : typeof n.actual === "string" ? n.actual : plain(n.actual),
    actualText: actualText(n),
    unit: n.unit ?? (n.node.unit !== undefined ? n.node.unit : null),
    ruleInferred: n.ruleInferred === true,
    explanation: text(n.explanation),
    explanationText: n.explanation[lang],
    children: n.children.map((c) => nodeView(c, lang)),
  };
}

/** A node's score as it should be shown: the score, 未评分, or 部分 + the partial sum. */
export function nodeScoreText(n: NodeResult, lang: Lang): string {
  if (n.notApplicable) return lang === "zh" ? "不适用" : "n/a";
  if (n.score !== undefined) return formatScore(n.score);
  if (n.grade !== undefined) return n.grade;
  if (n.unscored > 0 && n.children.length === 0) return lang === "zh" ? "未评分" : "not scored";
  if (n.partialScore !== undefined) return lang === "zh" ? `部分 ${formatScore(n.partialScore)}` : `partial ${formatScore(n.partialScore)}`;
  return "-";
}

/** 距下一等级: the grade above, the points still needed and the text (null at the top grade or without a total). */
export function nextGradeView(s: ScoreResult): { grade: string; needed: string; explanation: { zh: string; en: string } } | null {
  const d = distanceToNextGrade(s);
  return d ? { grade: d.grade, needed: formatScore(d.needed), explanation: { zh: d.explanation.zh, en: d.explanation.en } } : null;
}

/** The total as it should be shown: "85.73", or "部分合计 54.81，3 个指标未评分". */
export function totalText(s: ScoreResult, lang: Lang): string {
  if (s.total !== undefined) return formatScore(s.total);
  if (s.unscored > 0) {
    const p = formatScore(s.partialTotal ?? ZERO);
    return lang === "zh" ? `部分合计 ${p}，${s.unscored} 个指标未评分` : `partial total ${p}; ${s.unscored} indicator(s) not scored`;
  }
  return "-";
}

/** The actual with its unit, as reports print it; a word as written. */
function actualText(n: NodeResult): string | null {
  if (n.actual === undefined) return null;
  if (n.actualValue !== undefined) return formatQuantity(n.actualValue, n.unit ?? "");
  if (typeof n.actual === "string") return n.actual;
  return formatQuantity(n.actual, n.node.unit ?? "");
}

export function formulaView(f: FormulaResult): FormulaView {
  return {
    id: f.formula.id,
    name: f.formula.name,
    unitId: f.unitId ?? null,
    value: f.value !== undefined ? fixed(f.value, 4) : null,
    target: f.target?.text ?? null,
    met: f.met ?? null,
    zeroDenominator: f.zeroDenominator,
    explanation: text(f.explanation),
  };
}

/** The whole score result (or the subtree at `roots`) as JSON. */
export function scoreView(s: ScoreResult, lang: Lang, roots: readonly NodeResult[] = s.roots): ScoreView {
  return {
    weight: plain(s.weight),
    total: s.total !== undefined ? formatScore(s.total) : null,
    rate: s.rate !== undefined ? formatPercent(s.rate) : null,
    grade: s.grade ?? null,
    unscored: s.unscored,
    partialTotal: s.partialTotal !== undefined ? formatScore(s.partialTotal) : null,
    totalText: totalText(s, lang),
    nextGrade: nextGradeView(s),
    preset: s.preset,
    explanation: text(s.explanation),
    nodes: roots.map((n) => nodeView(n, lang)),
    formulas: s.formulas.map(formulaView),
  };
}

export interface DiagnosticView {
  code: string;
  severity: string;
  path: ReadonlyArray<string | number>;
  subject: { zh: string; en: string };
  message: { zh: string; en: string };
  expected: string | null;
  found: string | null;
}

export const DiagnosticView: z.ZodType<DiagnosticView> = z.object({
  code: z.string(),
  severity: z.string(),
  path: ModelPath,
  subject: Text,
  message: Text,
  expected: z.string().nullable(),
  found: z.string().nullable(),
});

export function diagnosticView(d: Diagnostic): DiagnosticView {
  return {
    code: d.code,
    severity: d.severity,
    path: d.path,
    subject: text(d.subject),
    message: text(d.message),
    expected: d.expected ?? null,
    found: d.found ?? null,
  };
}

/** A figure as printed, recomputed by the engine's checks. */
export const VerifiedView = z.object({ path: ModelPath, subject: Text, what: Text, printed: z.string(), recomputed: z.string() });
export type VerifiedView = z.infer<typeof VerifiedView>;

export function verifiedView(v: VerifiedFigure): VerifiedView {
  return { path: v.path, subject: text(v.subject), what: text(v.what), printed: v.printed, recomputed: v.recomputed };
}

/** A finding the rules suggest from the data, with its evidence. */
export const SuggestedFindingView = z.object({
  rule: z.string(),
  title: Text,
  evidence: z.array(z.object({ path: ModelPath, text: Text })),
});
export type SuggestedFindingView = z.infer<typeof SuggestedFindingView>;

export function findingView(f: SuggestedFinding): SuggestedFindingView {
  return { rule: f.rule, title: text(f.title), evidence: f.evidence.map((e) => ({ path: e.path, text: text(e.text) })) };
}

/** GET /evaluations/:id/check: diagnostics by severity, the printed figures recomputed, suggested findings. */
export const CheckView = z.object({
  summary: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  diagnostics: z.array(DiagnosticView),
  verified: z.array(VerifiedView),
  findings: z.array(SuggestedFindingView),
});
export type CheckView = z.infer<typeof CheckView>;
