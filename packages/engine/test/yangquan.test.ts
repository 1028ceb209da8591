import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { checkEvaluationReport, loadEvaluation, scoreEvaluation, suggestFindings, summarize } from "../src/index.js";

const FILE = new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url);

function load() {
  const r = loadEvaluation(readFileSync(FILE, "utf8"), "yangquan-hrss-2021.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.evaluation;
}

test("the seed's total, grade and level-1 rates", () => {
  const s = scoreEvaluation(load());
  assert.equal(s.total?.toFixed(2), "85.73");
  assert.equal(s.grade, "良");
  assert.deepEqual(
    s.roots.map((r) => [r.id, r.weight.toFixed(), r.score?.toFixed(2), r.rate?.times(100).toFixed(2)]),
    [
      ["A", "30", "21.24", "70.80"],
      ["B", "40", "37.88", "94.70"],
      ["C", "20", "19.61", "98.05"],
      ["D", "10", "7.00", "70.00"],
    ],
  );
});

test("check: no errors or warnings, every printed figure of 表2 and 表3 recomputed", () => {
  const e = load();
  const report = checkEvaluationReport(e);
  const counts = summarize(report.diagnostics);
  assert.equal(counts.error, 0, JSON.stringify(report.diagnostics.filter((d) => d.severity === "error")));
  assert.equal(counts.warning, 0);
  const rates = report.verified.filter((v) => v.what.zh === "空编率").map((v) => `${v.printed}←${v.recomputed}`);
  assert.deepEqual(rates, ["-←-", "17%←17.1429%", "63%←62.5000%", "-←-", "33%←33.3333%", "26%←25.6410%", "32%←31.5789%", "14%←14.4928%"]);
  const verifiedWhat = new Set(report.verified.map((v) => v.what.zh));
  for (const w of ["得分", "得分率", "综合得分", "总得分率", "空编数", "目标完成率", "预算执行率"]) assert.ok(verifiedWhat.has(w), w);
  // budget adjustment rates are stated without inputs: reported as not verifiable, not as errors
  const noInputs = report.diagnostics.filter((d) => d.code === "stated/no-inputs" && d.path.includes("budgetAdjustmentRate"));
  assert.equal(noInputs.length, 3);
});

test("在职人员控制率 184 / 217 = 84.79%, inside 80%–120%", () => {
  const s = scoreEvaluation(load());
  const f = s.formulas.find((x) => x.formula.id === "staffControlRate")!;
  assert.equal(f.inputs["staff.inPost"]?.toFixed(), "184");
  assert.equal(f.inputs["staff.quota"]?.toFixed(), "217");
  assert.equal(f.value?.toFixed(2), "84.79");
  assert.equal(f.target?.text, "80%-120%");
  assert.equal(f.met, true);
  const exec = s.formulas.find((x) => x.formula.id === "budgetExecutionRate")!;
  assert.equal(exec.value?.toFixed(2), "100.00");
  const goal = s.formulas.find((x) => x.formula.id === "goalCompletionRate")!;
  assert.equal(goal.value?.toFixed(2), "93.10");
});

test("findings include the four units whose 空编率 exceeds 20%", () => {
  const f = suggestFindings(load());
  const vacancy = f.find((x) => x.rule === "staff/vacancy")!;
  const names = vacancy.evidence.map((e) => e.text.zh.split("：")[0]);
  assert.deepEqual(names, [
    "阳泉市职业技能评价服务中心",
    "阳泉市社会保障网络管理中心",
    "阳泉市公共就业和人才服务中心",
    "阳泉市人事考试中心",
  ]);
  assert.ok(f.some((x) => x.rule === "budget/adjustment" && x.evidence.length === 6));
  assert.ok(f.some((x) => x.rule === "score/level1-low" && x.evidence.length === 2));
  assert.ok(f.some((x) => x.rule === "external/missed" && x.evidence[0]!.text.zh.includes("29 项指标完成 27 项")));
});

test("the model holds 表1 in full and the funds", () => {
  const e = load();
  const leaves = (e.goals?.table ?? []).flatMap((l1) => (l1.children ?? []).flatMap((l2) => l2.children ?? []));
  assert.equal(leaves.length, 26); // 8 + 10 + 6 + 2 三级指标
  assert.equal(leaves.find((l) => l.name === "在职人员控制率")?.target?.op, "between");
  const total = e.funds!.lines.reduce((a, l) => a.plus(l.actual!), e.funds!.lines[0]!.actual!.minus(e.funds!.lines[0]!.actual!));
  assert.equal(total.toFixed(2), "38148.63");
});
