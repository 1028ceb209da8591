/**
 * The warning lights of in-year monitoring (运行监控): every boundary of the default rules, decided
 * on the exact ratio; zero completion, zero budget, ≤ and qualitative indicators, the worst-light
 * roll-up, timeliness, rule overrides, and the published forms of fixtures/filings.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { type Light, type MonitoringReportInput, MonitoringReportSchema, loadDocument, monitorReport, worstLight } from "@jixiao/engine";

function report(over: Partial<MonitoringReportInput> = {}): MonitoringReportInput {
  return {
    fiscalYear: 2021,
    name: "测试项目",
    budget: [{ source: "财政拨款", adjustedBudget: 1200, executed: 700 }],
    indicators: [],
    ...over,
  };
}

function run(input: MonitoringReportInput, month = 6, extra: { today?: string; rules?: object } = {}) {
  return monitorReport(MonitoringReportSchema.parse(input), { month, ...extra });
}

/** One ≥ indicator "≥1200人" at month 6: the plan is 600, so actual = ratio × 6. */
function progress(actual: string, target = "≥1200人") {
  return run(report({ indicators: [{ name: "培训人数", target, actual }] })).indicators[0]!;
}

describe("≥ indicator: 完成值 ÷ (年度指标值 ÷ 12 × M) × 100", () => {
  const cases: Array<[string, Light | "red", string]> = [
    ["359.94", "red", "59.99"],
    ["360", "yellow", "60.00"],
    ["479.94", "yellow", "79.99"],
    ["480", "green", "80.00"],
    ["719.94", "green", "119.99"],
    ["720", "blue", "120.00"],
    ["900", "blue", "150.00"],
  ];
  for (const [actual, light, ratio] of cases) {
    test(`${actual}人 of a plan of 600 → ${ratio} → ${light}`, () => {
      const r = progress(actual);
      assert.equal(r.light, light);
      assert.equal(r.ratioText, ratio);
      assert.equal(r.rule, "progress");
      assert.match(r.formula!.zh, new RegExp(`${actual.replace(".", "\\.")}人 ÷（1,200人 ÷ 12 × 6）× 100 = ${ratio.replace(".", "\\.")}`));
    });
  }
  test("the boundary is decided on the exact ratio, not the shown one: 59.996 shows 60.00 and is red", () => {
    const r = progress("359.976");
    assert.equal(r.ratioText, "60.00");
    assert.equal(r.ratio!.toFixed(), "59.996");
    assert.equal(r.light, "red");
    const y = progress("479.97"); // 79.995 → shows 80.00, still yellow
    assert.equal(y.ratioText, "80.00");
    assert.equal(y.light, "yellow");
  });
  test("zero completion is red with its own explanation", () => {
    const r = progress("0");
    assert.equal(r.light, "red");
    assert.equal(r.ratioText, "0.00");
    assert.match(r.explanation.zh, /1–6 月完成值为 0/);
    assert.match(r.explanation.en, /nothing done in months 1–6/);
  });
  test("a figure without a unit takes the target's; another unit is converted exactly", () => {
    assert.equal(progress("480").light, "green");
    assert.equal(progress("0.048万人").ratioText, "80.00");
    const bad = run(report({ indicators: [{ name: "培训人数", target: "≥1200人", actual: "480万元" }] }));
    assert.equal(bad.indicators[0]!.light, undefined);
    assert.equal(bad.diagnostics[0]!.code, "monitor/unit-mismatch");
    assert.deepEqual(bad.diagnostics[0]!.path, ["indicators", 0, "actual"]);
  });
  test("a rate is compared with the full target (not pro-rated) unless the rules say so", () => {
    const r = run(report({ indicators: [{ name: "满意度", target: "≥90%", actual: "72%" }] }));
    assert.equal(r.indicators[0]!.ratioText, "80.00");
    assert.equal(r.indicators[0]!.light, "green");
    assert.match(r.indicators[0]!.formula!.zh, /不按时间折算/);
    const pro = run(report({ indicators: [{ name: "满意度", target: "≥90%", actual: "72%" }] }), 6, {
      rules: { progress: { prorateRates: true } },
    });
    assert.equal(pro.indicators[0]!.ratioText, "160.00");
    assert.equal(pro.indicators[0]!.light, "blue");
  });
});

describe("≤, range, deadline and qualitative indicators", () => {
  test("≤: 完成值 ≤ 年度指标值 green, otherwise red", () => {
    const r = run(
      report({
        indicators: [
          { name: "人均培训成本", target: "≤150元", actual: "150" },
          { name: "人均培训成本2", target: "≤150元", actual: "150.01元" },
          { name: "项目总成本", target: "20万元", actual: "21万元" }, // a bare money figure is a ceiling
          { name: "投诉次数", target: "<3次", actual: "3" },
        ],
      }),
    );
    assert.deepEqual(
      r.indicators.map((i) => [i.rule, i.light]),
      [
        ["ceiling", "green"],
        ["ceiling", "red"],
        ["ceiling", "red"],
        ["ceiling", "red"],
      ],
    );
    assert.equal(r.indicators[1]!.formula!.zh, "上限指标：完成值 150.01元 > 年度指标值 150元");
  });
  test("qualitative: 达成 green, 部分达成 yellow, 未达成 red, through the lexicon", () => {
    const r = run(
      report({
        indicators: [
          { name: "制度建设", target: "建立健全", actual: "达成" },
          { name: "制度建设2", target: "建立健全", actual: "部分达成" },
          { name: "制度建设3", target: "建立健全", actual: "未达成" },
          { name: "制度建设4", target: "建立健全", actual: "全部完成" },
          { name: "制度建设5", target: "建立健全", actual: "基本完成" },
          { name: "制度建设6", target: "建立健全", actual: "正在推进中，尚在调研" },
        ],
      }),
    );
    assert.deepEqual(
      r.indicators.map((i) => i.light),
      ["green", "yellow", "red", "green", "yellow", undefined],
    );
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.code, "monitor/unreadable-actual");
    assert.match(r.diagnostics[0]!.subject.zh, /第 6 行/);
  });
  test("a range is green inside, red outside; a deadline compares the date reported", () => {
    const r = run(
      report({
        indicators: [
          { name: "在职人员控制率", target: "80%-120%", actual: "95%" },
          { name: "在职人员控制率2", target: "80%-120%", actual: "125%" },
          { name: "验收时间", target: "10月底前", actual: "2021年9月30日" },
          { name: "验收时间2", target: "10月底前", actual: "2021年11月5日" },
        ],
      }),
    );
    assert.deepEqual(
      r.indicators.map((i) => i.light),
      ["green", "red", "green", "red"],
    );
  });
  test("a row with no completion value has no light and a diagnostic, and does not change the roll-up", () => {
    const r = run(report({ indicators: [{ name: "培训人数", target: "≥1200人" }] }));
    assert.equal(r.indicators[0]!.light, undefined);
    assert.equal(r.diagnostics[0]!.code, "monitor/no-actual");
    assert.equal(r.light, r.budget.light);
  });
});

describe("budget: (Σ执行数 ÷ Σ调整后预算) ÷ (M/12) × 100", () => {
  const cases: Array<[string, Light, string]> = [
    ["359.94", "red", "59.99"],
    ["360", "yellow", "60.00"],
    ["479.94", "yellow", "79.99"],
    ["480", "green", "80.00"],
    ["900", "green", "150.00"],
  ];
  for (const [executed, light, ratio] of cases) {
    test(`${executed} of 1200 at month 6 → ${ratio} → ${light}`, () => {
      const r = run(
        report({
          budget: [
            { source: "财政拨款", adjustedBudget: 1000, executed },
            { source: "其他资金", adjustedBudget: 200, executed: 0 },
          ],
        }),
      );
      assert.equal(r.budget.light, light);
      assert.equal(r.budget.ratioText, ratio);
      assert.equal(r.budget.formula.zh, `预算执行进度（${executed}万元 ÷ 1,200万元）÷（6/12）× 100 = ${ratio}`);
      assert.equal(r.budget.lines.length, 2);
      assert.equal(r.budget.lines[1]!.light, "red");
    });
  }
  test("a zero budget is red with its own message", () => {
    const r = run(report({ budget: [{ source: "财政拨款", adjustedBudget: 0, executed: 0 }] }));
    assert.equal(r.budget.light, "red");
    assert.equal(r.budget.ratio, undefined);
    assert.match(r.budget.explanation.zh, /调整后预算为 0/);
    assert.equal(r.light, "red");
  });
  test("thresholds are data: overridden per call", () => {
    const r = run(report({ budget: [{ source: "财政拨款", adjustedBudget: 1200, executed: 330 }] }), 6, {
      rules: { budget: { redBelow: 50 } },
    });
    assert.equal(r.budget.ratioText, "55.00");
    assert.equal(r.budget.light, "yellow");
  });
});

describe("roll-up and timeliness", () => {
  test("the project's light is its worst: red > yellow > green > blue", () => {
    assert.equal(worstLight(["blue", "green"]), "green");
    assert.equal(worstLight(["blue", "yellow", "green"]), "yellow");
    assert.equal(worstLight(["green", "red", "yellow", "blue"]), "red");
    assert.equal(worstLight(["blue"]), "blue");
    const budgetGreen = { budget: [{ source: "财政拨款", adjustedBudget: 1200, executed: 600 }] };
    const r = run(report({ ...budgetGreen, indicators: [{ name: "培训人数", target: "≥1200人", actual: "800" }] }));
    assert.equal(r.indicators[0]!.light, "blue");
    assert.equal(r.light, "green"); // the budget is green, the indicator blue: the worst is green
    const y = run(report({ ...budgetGreen, indicators: [{ name: "培训人数", target: "≥1200人", actual: "400" }] }));
    assert.equal(y.light, "yellow");
  });
  test("late, missing, pending and on-time are a flag of their own, not a colour", () => {
    const base = report({ deadline: "2021-08-10", budget: [{ source: "财政拨款", adjustedBudget: 1200, executed: 600 }] });
    const late = run({ ...base, submittedAt: "2021-08-11T09:30:00+08:00" }, 7);
    assert.equal(late.timeliness.status, "late");
    assert.equal(late.timeliness.flag, true);
    assert.equal(late.light, "green");
    assert.match(late.timeliness.message.zh, /逾期报送（2021-08-11，截止 2021-08-10）/);
    assert.equal(run({ ...base, submittedAt: "2021-08-10" }, 7).timeliness.status, "on-time");
    const missing = run(base, 7, { today: "2021-08-20" });
    assert.equal(missing.timeliness.status, "missing");
    assert.equal(missing.timeliness.flag, true);
    assert.equal(run(base, 7, { today: "2021-08-01" }).timeliness.status, "pending");
    assert.equal(run(report(), 7).timeliness.status, "no-deadline");
  });
  test("a month other than the form's is a warning; a month outside 1–12 is misuse", () => {
    const r = run(report({ month: 6 }), 7);
    assert.equal(r.diagnostics[0]!.code, "monitor/month-mismatch");
    assert.throws(() => run(report(), 13), RangeError);
    assert.throws(() => run(report(), 0), RangeError);
  });
  test("bad input is refused by the schema with its field", () => {
    const r = loadDocument(
      MonitoringReportSchema,
      "fiscalYear: 2021\nname: x\nbudget: [{source: a, adjustedBudget: abc, executed: 1}]\nindicators: []\n",
      "m.yaml",
    );
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.errors[0]!.path, "budget[0].adjustedBudget");
    const proto = loadDocument(
      MonitoringReportSchema,
      '{"fiscalYear":2021,"name":"x","budget":[],"indicators":[],"__proto__":{"a":1}}',
      "m.json",
    );
    assert.equal(proto.ok, false);
  });
});

describe("published monitoring forms (fixtures/filings)", () => {
  const dir = join(import.meta.dirname, "fixtures", "filings");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    const doc = parse(readFileSync(join(dir, file), "utf8")) as {
      source: { url: string };
      monitoring?: MonitoringReportInput;
      expect: {
        month: number;
        light: Light;
        budget: { light: Light; ratio?: string };
        indicators: Array<{ light: Light | null; ratio?: string }>;
      };
    };
    if (!doc.monitoring) continue;
    test(`${file} (${doc.source.url})`, () => {
      const r = run(doc.monitoring!, doc.expect.month);
      assert.equal(r.light, doc.expect.light);
      assert.equal(r.budget.light, doc.expect.budget.light);
      assert.equal(r.budget.ratioText, doc.expect.budget.ratio);
      assert.deepEqual(
        r.indicators.map((i) => ({ light: i.light ?? null, ...(i.ratioText !== undefined ? { ratio: i.ratioText } : {}) })),
        doc.expect.indicators,
      );
    });
  }
});
