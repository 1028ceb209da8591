import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Diagnostic, checkEvaluation, type IndicatorInput } from "../src/index.js";
import { evaluationOf } from "./helpers.js";

function codes(indicators: IndicatorInput[], extra: Record<string, unknown> = {}): Diagnostic[] {
  return checkEvaluation(evaluationOf(indicators, extra)).filter((d) => d.severity !== "info");
}
const clean: IndicatorInput[] = [
  {
    id: "A",
    name: "产出",
    weight: 60,
    children: [
      { name: "数量", weight: 30, target: "≥100", actual: 100 },
      { name: "质量", weight: 30, target: "≥90%", actual: 95 },
    ],
  },
  { id: "B", name: "效益", weight: 40, score: 36, stated: { score: "36", rate: "90.00%" } },
];

describe("checks", () => {
  test("a clean evaluation has no errors or warnings", () => {
    assert.deepEqual(codes(clean, { stated: { total: "96.00", grade: "优" } }), []);
  });
  test("children's weights vs the parent", () => {
    const d = codes([
      {
        name: "产出",
        weight: 100,
        children: [
          { name: "a", weight: 50, score: 50 },
          { name: "b", weight: 40, score: 40 },
        ],
      },
    ]);
    const w = d.find((x) => x.code === "weight/children-sum")!;
    assert.equal(w.severity, "error");
    assert.equal(w.expected, "100");
    assert.equal(w.found, "90");
    assert.deepEqual(w.path, ["indicators", 0, "children"]);
    assert.equal(w.message.zh, "下级指标权重合计 90，与本级权重 100 不一致");
    assert.equal(w.message.en, "children's weights add up to 90, not the node's weight 100");
  });
  test("score above its points or below 0", () => {
    assert.ok(codes([{ name: "a", weight: 100, score: 101 }]).some((d) => d.code === "score/above-points"));
    assert.ok(codes([{ name: "a", weight: 100, score: -1 }]).some((d) => d.code === "score/negative"));
    assert.ok(
      codes([{ name: "a", weight: 100, score: 120, children: [{ name: "b", weight: 100, score: 100 }] }]).some(
        (d) => d.code === "score/above-points",
      ),
    );
  });
  test("stated total, rate and subtotal that disagree at their printed precision", () => {
    const d = codes(clean, { stated: { total: "96.01", rate: "96%", grade: "优" } });
    const m = d.filter((x) => x.code === "stated/mismatch");
    assert.equal(m.length, 1);
    assert.equal(m[0]!.found, "96.01");
    assert.equal(m[0]!.expected, "96.00");
    const sub = codes([{ name: "a", weight: 100, score: 80, stated: { score: "80", rate: "80.01%" } }]);
    assert.equal(sub.find((x) => x.code === "stated/mismatch")?.expected, "80.00%");
    const direct = codes([{ name: "a", weight: 100, score: 80, children: [{ name: "b", weight: 100, score: 70 }] }]);
    assert.equal(direct.find((x) => x.code === "score/direct-vs-children")?.expected, "70.00");
  });
  test("a grade outside its band", () => {
    const d = codes(clean, { stated: { total: "96.00", grade: "良" } });
    const g = d.find((x) => x.code === "grade/outside-band")!;
    assert.equal(g.expected, "优");
    assert.equal(g.found, "良");
    // judged on the printed total when one is printed
    const printed = codes([{ name: "a", weight: 100, score: 89.5 }], { stated: { total: "89.50", grade: "优" } });
    assert.equal(printed.find((x) => x.code === "grade/outside-band")?.expected, "良");
  });
  test("fund lines that don't add up to the stated total", () => {
    const funds = {
      unit: "万元",
      lines: [
        { name: "甲", actual: 100.5 },
        { name: "乙", actual: "1,000.25" },
      ],
      stated: { total: "1,100.70" },
    };
    const d = codes(clean, { funds });
    const f = d.find((x) => x.code === "funds/sum")!;
    assert.equal(f.found, "1100.75");
    assert.equal(f.expected, "1,100.70");
    assert.deepEqual(codes(clean, { funds: { ...funds, stated: { total: "1,100.75" } } }), []);
    // 元 lines are converted to 万元
    assert.deepEqual(codes(clean, { funds: { unit: "元", lines: [{ name: "甲", actual: 1234567 }], stated: { total: "123.46" } } }), []);
  });
  test("a rate with a zero denominator", () => {
    const d = codes(clean, { figures: [{ id: "x", label: "完成率", printed: "0.00%", numerator: 0, denominator: 0 }] });
    assert.equal(d.find((x) => x.code === "rate/zero-denominator")?.severity, "error");
    const u = codes(clean, {
      organisation: { units: [{ id: "u", name: "单位", type: "行政", quota: 0, inPost: 0, stated: { vacancyRate: "0%" } }] },
    });
    assert.ok(u.some((x) => x.code === "rate/zero-denominator"));
  });
  test("a target met but scored below full with no reason; fine with a reason", () => {
    const d = codes([{ name: "a", weight: 100, target: "≥10", actual: 12, score: 90 }]);
    assert.equal(d.find((x) => x.code === "score/met-below-full")?.severity, "error");
    assert.deepEqual(
      codes([{ name: "a", weight: 100, target: "≥10", actual: 12, score: 90, reason: "资料不完整" }]).filter(
        (x) => x.code === "score/met-below-full",
      ),
      [],
    );
  });
  test("a target missed but given full points", () => {
    const d = codes([{ name: "a", weight: 100, target: "≥10", actual: 8, score: 100 }]);
    assert.equal(d.find((x) => x.code === "score/missed-at-full")?.severity, "error");
  });
  test("a stated execution rate with no spending figure", () => {
    const d = codes(clean, { funds: { lines: [{ name: "甲", adjustedBudget: 100 }], stated: { executionRate: "98.00%" } } });
    assert.equal(d.find((x) => x.code === "stated/rate-without-spending")?.severity, "warning");
  });
  test("a subtotal row counted as well as its children", () => {
    const tree = codes([
      {
        name: "产出",
        weight: 60,
        children: [
          { name: "数量", weight: 20, score: 20 },
          { name: "质量", weight: 20, score: 15 },
          { name: "小计", weight: 40, score: 35 },
        ],
      },
      { name: "效益", weight: 40, score: 40 },
    ]);
    assert.ok(tree.some((x) => x.code === "tree/subtotal-counted"));
    const funds = codes(clean, {
      funds: {
        lines: [
          { name: "基本支出", actual: 60 },
          { name: "项目支出", actual: 40 },
          { name: "合计", actual: 100 },
        ],
      },
    });
    assert.ok(funds.some((x) => x.code === "tree/subtotal-counted"));
    const flagged = codes(clean, {
      funds: {
        lines: [
          { name: "基本支出", actual: 60 },
          { name: "项目支出", actual: 40 },
          { name: "合计", actual: 100, subtotal: true },
        ],
        stated: { total: "100" },
      },
    });
    assert.deepEqual(flagged, []);
  });
  test("a group whose weight and score happen to equal the rest is not a subtotal (廊坊's published form)", () => {
    // 产出 50/49 = 效益 30/30 + 满意度 10/10 + 预算执行 10/9: a coincidence of sums, not a subtotal row.
    const leaf = (name: string, weight: number, score: number): IndicatorInput => ({ name, weight, score, reason: "按表列得分" });
    const d = codes([
      { name: "预算执行率", weight: 10, score: 9, reason: "按表列得分" },
      {
        name: "产出",
        weight: 50,
        children: [leaf("甲", 10, 9), leaf("乙", 10, 10), leaf("丙", 10, 10), leaf("丁", 10, 10), leaf("戊", 10, 10)],
      },
      { name: "效益", weight: 30, children: [leaf("己", 10, 10), leaf("庚", 10, 10), leaf("辛", 10, 10)] },
      { name: "满意度", weight: 10, children: [leaf("壬", 10, 10)] },
    ]);
    assert.equal(d.filter((x) => x.code === "tree/subtotal-counted").length, 0);
  });
  test("an indicator with its own target and actual is not a subtotal of the rows above it (5/5, 5/5, then 10/10)", () => {
    // 濉溪 临时救助 (wild form 10): three indicators of one group, the third worth the first two together.
    const d = codes([
      {
        name: "数量指标",
        weight: 20,
        children: [
          { name: "甲", weight: 5, target: "≥10人", actual: "12人", score: 5 },
          { name: "乙", weight: 5, target: "≥10人", actual: "10人", score: 5 },
          { name: "丙", weight: 10, target: "≤5300元/户", actual: "5000元/户", score: 10 },
        ],
      },
      { name: "效益指标", weight: 80, score: 80, reason: "按表列得分" },
    ]);
    assert.equal(d.filter((x) => x.code === "tree/subtotal-counted").length, 0);
  });
  test("a section at full marks above the sections that add up to it is not a subtotal (50 / 30 / 20, all full)", () => {
    const d = codes([
      { name: "产出指标", weight: 50, score: 50, reason: "按表列得分" },
      { name: "效益指标", weight: 30, score: 30, reason: "按表列得分" },
      { name: "满意度指标", weight: 20, score: 20, reason: "按表列得分" },
    ]);
    assert.equal(d.filter((x) => x.code === "tree/subtotal-counted").length, 0);
    // The same figures as a row summing the rows above it: that is a subtotal counted twice.
    const sub = codes([
      { name: "效益指标", weight: 30, score: 30, reason: "按表列得分" },
      { name: "满意度指标", weight: 20, score: 20, reason: "按表列得分" },
      { name: "以上两项", weight: 50, score: 50, reason: "按表列得分" },
    ]);
    assert.equal(sub.filter((x) => x.code === "tree/subtotal-counted").length, 1);
  });
  test("duplicate or missing names, duplicate ids, unknown unit references", () => {
    const d = codes([
      { id: "A", name: "甲", weight: 50, score: 1 },
      { id: "A", name: "甲", weight: 50, score: 1 },
      { name: "", weight: 0, score: 0 },
    ]);
    assert.ok(d.some((x) => x.code === "name/duplicate"));
    assert.ok(d.some((x) => x.code === "id/duplicate"));
    assert.ok(d.some((x) => x.code === "name/missing"));
    const r = codes(clean, { funds: { lines: [{ name: "甲", actual: 1, unitId: "nowhere" }] } });
    assert.ok(r.some((x) => x.code === "ref/unknown-unit"));
  });
  test("weights that don't total 100 are a warning; a missing weight an error", () => {
    assert.equal(codes([{ name: "a", weight: 90, score: 80 }]).find((x) => x.code === "weight/total-not-100")?.severity, "warning");
    assert.equal(codes([{ name: "a", score: 80 }]).find((x) => x.code === "weight/missing")?.severity, "error");
  });
  test("stated vacancy figures against staffing", () => {
    const units = [
      { id: "a", name: "甲", type: "公益一类", quota: 8, inPost: 3, stated: { vacancy: "5", vacancyRate: "62%" } },
      { id: "b", name: "乙", type: "公益二类", quota: 6, inPost: 11, stated: { vacancy: "-", vacancyRate: "-" } },
    ];
    const d = codes(clean, { organisation: { units } });
    assert.equal(d.length, 1);
    assert.equal(d[0]!.expected, "63%");
  });
  test("outcome completion rates", () => {
    const outcomes = [{ id: "o", name: "城镇新增就业", actual: 21090, target: "≥20000", stated: { completionRate: "105.46%" } }];
    assert.equal(codes(clean, { outcomes }).find((x) => x.code === "stated/mismatch")?.expected, "105.45%");
  });
});
