import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  EvaluationSchema,
  PRESET_BANDS,
  compareStated,
  dec,
  evaluateNumber,
  formatPercent,
  formatWan,
  gradeFor,
  parseExpression,
  parseTarget,
  pefaM1,
  pefaM2,
  readPrinted,
  round2,
  scoreEvaluation,
} from "../src/index.js";

describe("exact arithmetic and formatting", () => {
  test("half-up rounding (四舍五入), also on ties a float would get wrong", () => {
    assert.equal(round2(dec("86.74575")).toFixed(2), "86.75");
    assert.equal(round2(dec("1.005")).toFixed(2), "1.01"); // 1.005 in binary is 1.00499999…
    assert.equal(round2(dec("-1.005")).toFixed(2), "-1.01");
    assert.equal(dec("0.1").plus(dec("0.2")).toFixed(), "0.3");
  });
  test("万元 with thousands separators and percentages with two decimals", () => {
    assert.equal(formatWan(dec("38148.63")), "38,148.63");
    assert.equal(formatWan(dec("6561.9")), "6,561.90");
    assert.equal(formatWan(dec("-1234567.891")), "-1,234,567.89");
    assert.equal(formatPercent(dec("0.708")), "70.80%");
    assert.equal(formatPercent(dec(5).dividedBy(8), 0), "63%");
  });
  test("decimal text with separators", () => {
    assert.equal(dec("38,148.63").toFixed(), "38148.63");
    assert.throws(() => dec("12a"), RangeError);
  });
});

describe("targets as printed", () => {
  const cases: Array<[string, string, string | undefined]> = [
    ["≥90%", "gte", "90"],
    ["≧90%", "gte", "90"],
    [">=90", "gte", "90"],
    ["≤4.5%", "lte", "4.5"],
    ["=100%", "eq", "100"],
    ["═100%", "eq", "100"],
    ["﹦100%", "eq", "100"],
    ["＞5", "gt", "5"],
    ["不低于8%", "gte", "8"],
    ["9万人以上", "gte", "9"],
    ["4.5%以内", "lte", "4.5"],
    ["100%", "gte", "100"],
    ["20,000", "gte", "20000"],
    ["设定科学合理", "qualitative", undefined],
  ];
  for (const [text, op, value] of cases) {
    test(text, () => {
      const t = parseTarget(text);
      assert.equal(t.op, op);
      assert.equal(t.value?.toFixed(), value);
    });
  }
  test("intervals", () => {
    for (const text of ["80%-120%", "80%～120%", "80%~120%", "[80,120]", "80-120%"]) {
      const t = parseTarget(text);
      assert.equal(t.op, "between", text);
      assert.equal(t.min?.toFixed(), "80");
      assert.equal(t.max?.toFixed(), "120");
    }
  });
  test("bare values are implicit", () => assert.equal(parseTarget("100%").implicit, true));
});

describe("expression language", () => {
  test("arithmetic, precedence, functions", () => {
    assert.equal(evaluateNumber("1 + 2 * 3", {}).toFixed(), "7");
    assert.equal(evaluateNumber("(1 + 2) * 3", {}).toFixed(), "9");
    assert.equal(evaluateNumber("-2 + 5", {}).toFixed(), "3");
    assert.equal(evaluateNumber("10 ÷ 4 × 2", {}).toFixed(), "5");
    assert.equal(evaluateNumber("min(3, 1, 2) + max(4, 5)", {}).toFixed(), "6");
    assert.equal(evaluateNumber("round(2 / 3, 2)", {}).toFixed(), "0.67");
    assert.equal(evaluateNumber("clamp(15, 0, 10)", {}).toFixed(), "10");
    assert.equal(evaluateNumber("if(a >= 90 && b != 0, 1, 0)", { a: 95, b: 1 }).toFixed(), "1");
    assert.equal(evaluateNumber("staff.inPost / staff.quota * 100", { "staff.inPost": 184, "staff.quota": 217 }).toFixed(2), "84.79");
    assert.equal(evaluateNumber("实际值 / 目标值", { 实际值: 1, 目标值: 4 }).toFixed(), "0.25");
  });
  test("no eval, no property access: bad input is a syntax error with a position", () => {
    for (const bad of ["constructor.constructor('x')()", "a[0]", "1 +", "process.exit(1)", "(1", "1 2", "x = 1"]) {
      assert.throws(
        () => evaluateNumber(bad, { a: 1 }),
        (e: Error) => e.name === "ExpressionError",
        bad,
      );
    }
    assert.throws(() => parseExpression("foo(1)"), /unknown function/);
    assert.throws(() => evaluateNumber("1 / 0", {}), /division by zero/);
    assert.throws(() => evaluateNumber("y + 1", {}), /unknown variable "y"/);
  });
});

describe("grades", () => {
  const cn = PRESET_BANDS["cn-2020"];
  const cases: Array<[string, string]> = [
    ["100", "优"],
    ["90", "优"],
    ["89.99", "良"],
    ["85.73", "良"],
    ["80", "良"],
    ["79.99", "中"],
    ["60", "中"],
    ["59.99", "差"],
    ["0", "差"],
  ];
  for (const [score, grade] of cases) test(`${score} → ${grade}`, () => assert.equal(gradeFor(dec(score), cn)?.grade, grade));
  test("PART bands", () => {
    const part = PRESET_BANDS.part;
    assert.equal(gradeFor(dec(85), part)?.grade, "Effective");
    assert.equal(gradeFor(dec("84.99"), part)?.grade, "Moderately Effective");
    assert.equal(gradeFor(dec(50), part)?.grade, "Adequate");
    assert.equal(gradeFor(dec("49.99"), part)?.grade, "Ineffective");
  });
  test("PEFA M1 weakest link", () => {
    assert.equal(pefaM1(["A", "B", "C"]), "C+");
    assert.equal(pefaM1(["C", "C"]), "C");
    assert.equal(pefaM1(["D*", "A"]), "D+");
    assert.equal(pefaM1(["NA", "B"]), "B");
    assert.equal(pefaM1(["NA"]), "NA");
  });
  test("PEFA M2 averaging table", () => {
    assert.equal(pefaM2(["A", "D"]), "C+");
    assert.equal(pefaM2(["B", "B", "A"]), "B+");
    assert.equal(pefaM2(["D", "C", "B", "A"]), "C+");
    assert.equal(pefaM2(["A", "A", "A", "A"]), "A");
    assert.equal(pefaM2(["D*", "D"]), "D");
    assert.equal(pefaM2(["B"]), "B");
  });
});

describe("stated figures at their printed precision", () => {
  test("whole percents as in 表3", () => {
    assert.equal(compareStated("14%", dec(10).dividedBy(69).times(100)).ok, true);
    assert.equal(compareStated("63%", dec(5).dividedBy(8).times(100)).ok, true);
    assert.equal(compareStated("62%", dec(5).dividedBy(8).times(100)).ok, false);
  });
  test("two decimals", () => {
    assert.equal(compareStated("105.45%", dec(21090).dividedBy(20000).times(100)).ok, true);
    assert.equal(compareStated("70.80%", dec("70.8")).ok, true);
    assert.equal(compareStated("7", dec(7)).ok, true);
    assert.equal(compareStated("38,148.63", dec("38148.63")).ok, true);
  });
  test("dashes and text", () => {
    assert.equal(readPrinted("-").kind, "dash");
    assert.equal(compareStated("-", undefined).ok, true);
    assert.equal(compareStated("-", dec(3)).ok, false);
    assert.deepEqual(compareStated("良", dec(3)), { ok: false, reason: "unreadable" });
  });
});

test("a not-applicable level-1 indicator: the total is rescaled and its explanation can be read (zh and en)", () => {
  const e = EvaluationSchema.parse({
    schemaVersion: 1,
    meta: { title: "t", kind: "项目支出", fiscalYear: 2024, subject: "某局", evaluationType: "财政评价" },
    indicators: [
      { name: "产出", weight: 50, score: 40 },
      { name: "效益", weight: 50, notApplicable: true, notApplicableReason: "本年度无此项" },
    ],
  });
  const s = scoreEvaluation(e);
  assert.equal(s.total?.toFixed(2), "80.00");
  assert.match(s.explanation.zh, /不适用指标剔除后按百分制折算：40\.00 ÷ 50 × 100 = 80\.00/);
  assert.match(s.explanation.en, /^total = 40\.00 = 40\.00; rescaled without the not-applicable indicators: 40\.00 ÷ 50 × 100 = 80\.00/);
});
