/** Test helpers: build evaluations from plain input objects through the real schema. */
import { type Evaluation, EvaluationSchema, type IndicatorInput, type NodeResult, scoreEvaluation } from "../src/index.js";

export const META = { title: "测试", kind: "项目支出", fiscalYear: 2024, subject: "测试单位", evaluationType: "第三方" } as const;

export function evaluationOf(indicators: IndicatorInput[], extra: Record<string, unknown> = {}): Evaluation {
  return EvaluationSchema.parse({ schemaVersion: 1, meta: META, indicators, ...extra });
}

/** Score a single leaf (given as input) and return its result. */
export function scoreOne(leaf: Omit<IndicatorInput, "name"> & { name?: string }, extra: Record<string, unknown> = {}): NodeResult {
  const e = evaluationOf([{ name: "指标", weight: 10, ...leaf } as IndicatorInput], extra);
  return scoreEvaluation(e).roots[0]!;
}

export function s(n: NodeResult): string | undefined {
  return n.score?.toFixed(2);
}
