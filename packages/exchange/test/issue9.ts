/** Evaluations of issue 9 ("score what people actually write") for the export tests. */
import { type Evaluation, loadEvaluation } from "@jixiao/engine";

function load(yaml: string): Evaluation {
  const r = loadEvaluation(yaml, "issue9.yaml");
  if (!r.ok) throw new Error(`does not load: ${JSON.stringify(r.errors)}`);
  return r.evaluation;
}

const HEAD = `schemaVersion: 1
meta: { title: 单位测试项目绩效自评, kind: 项目支出, fiscalYear: 2024, subject: 某某项目, evaluationType: 单位自评 }
`;

/** The issue's four leaves (weight 25 each): 25.00, 25.00, 24.04, 24.50 → 98.54 优. */
export const issueLeaves = (): Evaluation =>
  load(`${HEAD}indicators:
  - name: 产出指标
    weight: 100
    children:
      - { name: 受益人数, weight: 25, target: "≥5000人", actual: 5230 }
      - { name: 验收合格率, weight: 25, target: "≥95%", actual: "100%" }
      - { name: 项目总成本, weight: 25, target: "≤500万元", actual: "520万元" }
      - { name: 任务完成率, weight: 25, target: "≧100%", actual: "98%" }
`);

/**
 * Three leaves the engine cannot score — no actual, a unit that does not convert, a word it
 * does not understand — under parents with scored siblings: partial 部分合计 39.00 (20.00 + 19.00), 3 unscored.
 */
export const withUnscored = (): Evaluation =>
  load(`${HEAD}indicators:
  - name: 产出指标
    weight: 50
    children:
      - { name: 受益人数, weight: 20, target: "≥5000人", actual: 5230 }
      - { name: 项目总成本, weight: 15, target: "≤500万元" }
      - { name: 培训人次, weight: 15, target: "≥300人次", actual: "20万元" }
  - name: 效益指标
    weight: 50
    children:
      - { name: 群众满意度, weight: 20, target: "≥90%", actual: "85.5%" }
      - { name: 制度健全性, weight: 30, target: 健全, actual: 说不清 }
`);
