/**
 * Targets, actuals and units as people type them (issue: "Score what people actually write").
 * The corpus test (wild-corpus.test.ts) covers rows from published forms; this covers the
 * spellings the corpus happens not to contain, and the cases the issue names.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkEvaluation, dec, formatQuantity, parseTarget, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import { scoreOne } from "./helpers.js";

const read = (text: string) => {
  const t = parseTarget(text);
  return [t.op, t.value?.toFixed() ?? (t.min ? `${t.min.toFixed()}..${t.max!.toFixed()}` : undefined), t.unit, t.implicit];
};

describe("the target grammar", () => {
  const cases: Array<[string, string, string | undefined, string, boolean]> = [
    ["≥5000人", "gte", "5000", "人", false],
    ["≧500人次", "gte", "500", "人次", false],
    [">=90%", "gte", "90", "%", false],
    ["＞＝９０％", "gte", "90", "%", false],
    ["大于等于90%", "gte", "90", "%", false],
    ["不低于 95 %", "gte", "95", "%", false],
    ["不少于3次", "gte", "3", "次", false],
    ["达到100%", "gte", "100", "%", false],
    ["9万人以上", "gte", "9", "万人", false],
    ["≤150万元", "lte", "150", "万元", false],
    ["≦4.5%", "lte", "4.5", "%", false],
    ["不高于5‰", "lte", "5", "‰", false],
    ["不超过1,200 万元", "lte", "1200", "万元", false],
    ["控制在4.5%以内", "lte", "4.5", "%", false],
    ["3天以内", "lte", "3", "天", false],
    ["≤3个工作日", "lte", "3", "个工作日", false],
    ["2个工作日内", "lte", "2", "个工作日", false],
    ["5%以下", "lte", "5", "%", false],
    ["=10个", "eq", "10", "个", false],
    ["＝100%", "eq", "100", "%", false],
    ["═100%", "eq", "100", "%", false],
    ["﹦100%", "eq", "100", "%", false],
    ["等于12篇", "eq", "12", "篇", false],
    ["＞5", "gt", "5", "", false],
    ["<2起", "lt", "2", "起", false],
    ["完成率≥95%", "gte", "95", "%", false],
    ["100%", "gte", "100", "%", true],
    ["5000户", "gte", "5000", "户", true],
    ["43.2", "gte", "43.2", "", true],
    ["２０，０００亩", "gte", "20000", "亩", true],
    ["300万", "gte", "300", "万", true],
    ["两次", "gte", "2", "次", true],
    ["80%-120%", "between", "80..120", "%", false],
    ["80%～120%", "between", "80..120", "%", false],
    ["80%—120%", "between", "80..120", "%", false],
    ["80%至120%", "between", "80..120", "%", false],
    ["[80%,120%]", "between", "80..120", "%", false],
    ["【80%，120%】", "between", "80..120", "%", false],
    ["设定科学合理", "qualitative", undefined, "", false],
    ["按时", "qualitative", undefined, "", false],
  ];
  for (const [text, op, value, unit, implicit] of cases) {
    test(text, () => assert.deepEqual(read(text), [op, value, unit, implicit]));
  }
  test("deadlines", () => {
    assert.deepEqual(parseTarget("12月底前").deadline, { month: 12 });
    assert.deepEqual(parseTarget("2021年11月30日前").deadline, { year: 2021, month: 11, day: 30 });
    assert.deepEqual(parseTarget("年底前完成").deadline, { month: 12 });
    assert.deepEqual(parseTarget("2021.1.1-12.31").deadline, { year: 2021, month: 12, day: 31 });
    assert.equal(parseTarget("12.5").op, "gte", "a decimal is not a date");
  });
});

describe("the issue's cases", () => {
  test("leaves of 25: ≥5000人/5230, ≥95%/100%, ≤500万元/520万元, ≧100%/98% → 25.00, 25.00, 24.04, 24.50", () => {
    const pairs: Array<[string, string | number, string]> = [
      ["≥5000人", 5230, "25.00"],
      ["≥95%", "100%", "25.00"],
      ["≤500万元", "520万元", "24.04"],
      ["≧100%", "98%", "24.50"],
    ];
    for (const [target, actual, want] of pairs) {
      assert.equal(scoreOne({ name: "指标", weight: 25, target, actual })?.score?.toFixed(2), want, `${target} / ${actual}`);
    }
  });
  test("the explanation says how the rule was chosen and the direction inferred", () => {
    const n = scoreOne({ name: "项目成本", target: "500万元", actual: "520万元" });
    assert.match(n.explanation.zh, /目标“500万元”：按反向比例计分（未写比较符，“项目成本”为成本、时间或投诉类指标，按“≤”理解）/);
    assert.equal(n.score?.toFixed(2), "9.62");
  });
  test("units convert exactly: 300万 against 285.5万元, 2,855,000元 against ≤300万元", () => {
    assert.equal(scoreOne({ name: "资金", target: "300万", actual: "285.5万元" }).score?.toFixed(2), "10.00");
    const n = scoreOne({ name: "费用", target: "≤300万元", actual: "3,100,000元" });
    assert.equal(n.score?.toFixed(2), "9.68");
    assert.match(n.explanation.zh, /3100000元 = 310万元/);
  });
  test("a unit that cannot be converted is an error naming both units, and the leaf is not scored", () => {
    const n = scoreOne({ target: "≥5000人", actual: "20万元" });
    assert.equal(n.score, undefined);
    assert.equal(n.diagnostics[0]?.code, "unit/mismatch");
    assert.equal(n.diagnostics[0]?.params["expected"], "人");
    assert.equal(n.diagnostics[0]?.params["found"], "万元");
  });
  test("words: 合规 / 达成预期指标 is met; 高 / 高 is met; 基本完成 is partial; an unknown word is an error listing the levels", () => {
    assert.equal(scoreOne({ target: "合规", actual: "达成预期指标" }).score?.toFixed(2), "10.00");
    assert.equal(scoreOne({ target: "高", actual: "高" }).score?.toFixed(2), "10.00");
    assert.equal(scoreOne({ target: "有效改善", actual: "有效改善" }).score?.toFixed(2), "10.00");
    assert.equal(scoreOne({ target: "按时完成", actual: "基本完成" }).score?.toFixed(2), "6.00");
    assert.equal(scoreOne({ target: "≥95%", actual: "达成预期指标" }).score?.toFixed(2), "10.00");
    const n = scoreOne({ target: "规范", actual: "还在弄" });
    assert.equal(n.score, undefined);
    assert.equal(n.diagnostics[0]?.severity, "error");
  });
  test("3天以内 / 3天以内, 12月底前 / 12月20日完成: met", () => {
    assert.equal(scoreOne({ name: "办理时限", target: "3天以内", actual: "3天以内" }).score?.toFixed(2), "10.00");
    assert.equal(scoreOne({ name: "完成时间", target: "12月底前", actual: "12月20日完成" }).score?.toFixed(2), "10.00");
    assert.equal(scoreOne({ name: "完成时间", target: "11月底前", actual: "12月20日" }).score?.toFixed(2), "0.00");
  });
  test("a template's step rule left on a renamed cost indicator is an error, not full points", () => {
    const n = scoreOne({
      name: "项目总成本",
      target: "≤500万元",
      actual: "520万元",
      rule: { type: "step", threshold: 0, deduct: 1, when: "below" },
    });
    assert.equal(n.score, undefined);
    assert.equal(n.diagnostics[0]?.code, "rule/target-mismatch");
  });
  test("a scheme's own words (qualitativeWords) are read as its levels", () => {
    const doc = {
      schemaVersion: 1,
      meta: { title: "t", kind: "项目支出", fiscalYear: 2024, subject: "s", evaluationType: "单位自评" },
      scheme: { qualitativeLevels: { 好: 1, 中: 0.8, 差: 0 }, qualitativeWords: { 中: ["过得去"] } },
      indicators: [{ name: "a", weight: 100, target: "良好", actual: "过得去" }],
    };
    const v = validateEvaluation(doc);
    assert.ok(v.ok);
    assert.equal(scoreEvaluation(v.evaluation).total?.toFixed(2), "80.00");
  });
  test("an evaluation with an unscored indicator has a partial total and no grade; check says so", () => {
    const doc = {
      schemaVersion: 1,
      meta: { title: "t", kind: "项目支出", fiscalYear: 2024, subject: "s", evaluationType: "单位自评" },
      indicators: [
        { name: "a", weight: 50, target: "≥10", actual: 10 },
        { name: "b", weight: 50, target: "≥10" },
      ],
    };
    const v = validateEvaluation(doc);
    assert.ok(v.ok);
    const s = scoreEvaluation(v.evaluation);
    assert.equal(s.total, undefined);
    assert.equal(s.grade, undefined);
    assert.equal(s.partialTotal?.toFixed(2), "50.00");
    assert.equal(s.unscored, 1);
    assert.match(s.explanation.zh, /部分合计 50.00，1 个指标未评分/);
    const codes = checkEvaluation(v.evaluation, s)
      .filter((d) => d.severity === "error")
      .map((d) => d.code);
    assert.deepEqual(codes.sort(), ["score/missing-actual", "total/partial"]);
  });
  test("figures print with their unit: 5,230人, 285.50万元, 98.00%", () => {
    assert.equal(formatQuantity(dec(5230), "人"), "5,230人");
    assert.equal(formatQuantity(dec("285.5"), "万元"), "285.50万元");
    assert.equal(formatQuantity(dec(98), "%"), "98.00%");
  });
});
