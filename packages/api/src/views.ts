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
  fixed,
  formatPercent,
  formatScore,
  plain,
} from "@jixiao/engine";

export interface NodeView {
  id: string;
  name: string;
  level: number;
  path: ReadonlyArray<string | number>;
  weight: string;
  score: string | null;
  /** Exact score rate to 6 places ("0.708000"). */
  rate: string | null;
  ratePercent: string | null;
  grade: string | null;
  notApplicable: boolean;
  source: string;
  rule: string | null;
  met: boolean | null;
  actual: string | null;
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
  total: string | null;
  rate: string | null;
  grade: string | null;
  preset: string;
  explanation: { zh: string; en: string };
  nodes: NodeView[];
  formulas: FormulaView[];
}

const text = (b: { zh: string; en: string }) => ({ zh: b.zh, en: b.en });

export function nodeView(n: NodeResult, lang: Lang): NodeView {
  return {
    id: n.id,
    name: n.name,
    level: n.level,
    path: n.path,
    weight: plain(n.weight),
    score: n.score !== undefined ? formatScore(n.score) : null,
    rate: n.rate !== undefined ? fixed(n.rate, 6) : null,
    ratePercent: n.rate !== undefined ? formatPercent(n.rate) : null,
    grade: n.grade ?? null,
    notApplicable: n.notApplicable,
    source: n.source,
    rule: n.rule ?? null,
    met: n.met ?? null,
    actual: n.actual === undefined ? null : typeof n.actual === "string" ? n.actual : plain(n.actual),
    explanation: text(n.explanation),
    explanationText: n.explanation[lang],
    children: n.children.map((c) => nodeView(c, lang)),
  };
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

export function verifiedView(v: VerifiedFigure) {
  return { path: v.path, subject: text(v.subject), what: text(v.what), printed: v.printed, recomputed: v.recomputed };
}

export function findingView(f: SuggestedFinding) {
  return { rule: f.rule, title: text(f.title), evidence: f.evidence.map((e) => ({ path: e.path, text: text(e.text) })) };
}
