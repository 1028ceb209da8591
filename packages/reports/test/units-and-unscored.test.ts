/**
 * Issue 9 in the report: actuals print with their unit and precision (5,230人, 520.00万元,
 * 98.00%) — a % sign never lands on a count — targets as written; an indicator the engine
 * could not score prints 未评分 (never 0), a parent above it 部分合计, and an evaluation with
 * unscored indicators prints "部分合计 X，N 个指标未评分" and no grade, in Markdown and Word.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Evaluation, loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { buildReport, renderDocx, renderMarkdown } from "@jixiao/reports";
import { PlaceholderScope, fill } from "../src/placeholders.ts";
import { docxPart, docxTables, docxText } from "./helpers.ts";

function load(yaml: string): Evaluation {
  const r = loadEvaluation(yaml, "test.yaml");
  if (!r.ok) throw new Error(`does not load: ${JSON.stringify(r.errors)}`);
  return r.evaluation;
}

const HEAD = `schemaVersion: 1
meta:
  title: 单位测试项目绩效自评
  kind: 项目支出
  fiscalYear: 2024
  subject: 某某项目
  evaluationType: 单位自评
`;

/** The issue's four leaves (weight 25 each): 25.00, 25.00, 24.04, 24.50 → 98.54. */
const ISSUE = `${HEAD}indicators:
  - name: 产出指标
    weight: 100
    children:
      - { name: 受益人数, weight: 25, target: "≥5000人", actual: 5230 }
      - { name: 验收合格率, weight: 25, target: "≥95%", actual: "100%" }
      - { name: 项目总成本, weight: 25, target: "≤500万元", actual: "520万元" }
      - { name: 任务完成率, weight: 25, target: "≧100%", actual: "98%" }
`;

/** One leaf has no actual: it cannot be scored. */
const UNSCORED = `${HEAD}indicators:
  - name: 产出指标
    weight: 60
    children:
      - { name: 受益人数, weight: 30, target: "≥5000人", actual: 5230 }
      - { name: 项目总成本, weight: 30, target: "≤500万元" }
  - name: 效益指标
    weight: 40
    children:
      - { name: 群众满意度, weight: 40, target: "≥90%", actual: "92%" }
`;

async function docx(e: Evaluation, template: string): Promise<{ text: string; tables: string[][][] }> {
  const xml = await docxPart(await renderDocx(buildReport(e, { template })), "word/document.xml");
  return { text: docxText(xml), tables: docxTables(xml).map((t) => t.map((r) => r.map((c) => c.text))) };
}

describe("actuals with their unit (the issue's four leaves)", () => {
  const e = load(ISSUE);
  test("the engine's figures: 25.00, 25.00, 24.04, 24.50, total 98.54", () => {
    const s = scoreEvaluation(e);
    assert.deepEqual(
      s.roots[0]!.children.map((c) => c.score?.toFixed(2)),
      ["25.00", "25.00", "24.04", "24.50"],
    );
    assert.equal(s.total?.toFixed(2), "98.54");
  });
  for (const template of ["seed", "cn-2020"]) {
    test(`Markdown (${template}): 5,230人, 100.00%, 520.00万元, 98.00%; never 5230% or 520%`, () => {
      const md = renderMarkdown(buildReport(e, { template }));
      const rows = md.split("\n");
      const row = (name: string) => rows.find((r) => r.startsWith("|") && r.includes(name)) ?? "";
      assert.match(row("受益人数"), /\| ≥5000人 \| 5,230人 \| 25\.00 \|/);
      assert.match(row("验收合格率"), /\| ≥95% \| 100\.00% \| 25\.00 \|/);
      assert.match(row("项目总成本"), /\| ≤500万元 \| 520\.00万元 \| 24\.04 \|/);
      assert.match(row("任务完成率"), /\| ≧100% \| 98\.00% \| 24\.50 \|/);
      assert.ok(md.includes("98.54"));
      assert.doesNotMatch(md, /5230%|5,230%|520%|520\.00%/);
      assert.doesNotMatch(md, /未评分|部分合计/);
    });
    test(`Word (${template}): the same cells, read back from the .docx`, async () => {
      const { text, tables } = await docx(e, template);
      const all = tables.flat();
      const leaf = (name: string) => all.find((r) => r.includes(name)) ?? [];
      assert.deepEqual(leaf("受益人数").slice(3, 6), ["≥5000人", "5,230人", "25.00"]);
      assert.deepEqual(leaf("项目总成本").slice(3, 6), ["≤500万元", "520.00万元", "24.04"]);
      assert.deepEqual(leaf("任务完成率").slice(3, 6), ["≧100%", "98.00%", "24.50"]);
      const flat = text + all.flat().join("|");
      assert.ok(flat.includes("5,230人"));
      assert.doesNotMatch(flat, /5230%|5,230%|520%/);
      assert.ok(flat.includes("98.54"));
    });
  }
});

describe("an indicator that cannot be scored", () => {
  const e = load(UNSCORED);
  const s = scoreEvaluation(e);
  test("the engine: no total, no grade, partial 70.00 with 1 unscored", () => {
    assert.equal(s.total, undefined);
    assert.equal(s.grade, undefined);
    assert.equal(s.unscored, 1);
    assert.equal(s.partialTotal?.toFixed(2), "70.00");
  });
  for (const template of ["seed", "cn-2020"]) {
    test(`Markdown (${template}): 未评分 for the leaf, 部分合计 above it and in the totals, no grade`, () => {
      const md = renderMarkdown(buildReport(e, { template }));
      const rows = md.split("\n");
      const cost = rows.find((r) => r.includes("项目总成本") && r.startsWith("|"))!;
      assert.match(cost, /\| ≤500万元 \| {2}\| 未评分 \|/);
      assert.doesNotMatch(cost, /\| 0\.00 \||\| 0 \|/);
      const parent = rows.find((r) => r.includes("产出指标") && r.includes("≥") === false && r.includes("部分合计"));
      assert.ok(parent, "the parent prints its partial score marked as partial");
      assert.match(parent, /部分合计 30\.00/);
      assert.ok(md.includes("部分合计 70.00，1 个指标未评分"), "the totals");
      assert.ok(md.includes("已评分指标部分合计 70.00 分，1 个指标未评分：不计综合得分，不评定绩效等级。"), "the conclusion");
      assert.ok(md.includes("不评定等级（尚有指标未评分）"));
      assert.doesNotMatch(md, /绩效评级[：为]“?[优良中差]/);
      assert.doesNotMatch(md, /综合得分70|综合得分 70/);
    });
    test(`Word (${template}): the same, read back from the .docx`, async () => {
      const { text, tables } = await docx(e, template);
      const all = tables.flat();
      const cost = all.find((r) => r.includes("项目总成本"))!;
      assert.equal(cost[5], "未评分");
      assert.ok(all.some((r) => r.some((c) => c === "部分合计 70.00，1 个指标未评分")));
      assert.ok(text.includes("1 个指标未评分"));
      assert.doesNotMatch(text + all.flat().join("|"), /绩效评级[：为]“?[优良中差]/);
    });
  }
  test("placeholders: {{total}} and {{grade}} never print a partial total as the total", () => {
    const scope = new PlaceholderScope(e, s);
    assert.equal(
      fill("综合得分{{total}}分，绩效评级为“{{grade}}”。", scope, "t"),
      "综合得分部分合计 70.00 分（1 个指标未评分），绩效评级为“不评定等级（尚有指标未评分）”。",
    );
    assert.equal(fill("{{total}}", scope, "t"), "部分合计 70.00（1 个指标未评分）");
    assert.equal(fill("{{rate}}", scope, "t"), "不计得分率（尚有指标未评分）");
    assert.equal(fill("{{partialTotal}}/{{unscored}}", scope, "t"), "70.00/1");
    assert.equal(fill("得分{{indicators.项目总成本.score}}分", scope, "t"), "得分未评分");
    assert.equal(fill("{{indicators.产出指标.score}}", scope, "t"), "部分合计 30.00（1 个指标未评分）");
    assert.equal(fill("{{indicators.效益指标.score}}", scope, "t"), "40.00");
  });
  test("a narrative conclusion the user wrote reads true too", () => {
    const withText = load(
      UNSCORED + `narrative:\n  - id: conclusion\n    title: 评价结论\n    text: 综合得分{{total}}分，绩效评级为“{{grade}}”。\n`,
    );
    const md = renderMarkdown(buildReport(withText));
    assert.ok(md.includes("综合得分部分合计 70.00 分（1 个指标未评分），绩效评级为“不评定等级（尚有指标未评分）”。"));
  });
});
