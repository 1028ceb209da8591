/**
 * Target filing (绩效目标申报): the target-quality check on published forms (fixtures/filings)
 * and on one row per problem, the 调整 diff, and the filing as the start of its evaluation.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import {
  type TargetFilingInput,
  EvaluationSchema,
  TargetFilingSchema,
  checkFiling,
  diffFilings,
  filingToEvaluationInput,
  loadDocument,
  scoreEvaluation,
  formatScore,
} from "@jixiao/engine";

const base: TargetFilingInput = {
  kind: "项目",
  fiscalYear: 2022,
  name: "职业技能培训补贴",
  department: "某市人力资源和社会保障局",
  implementer: "某市就业服务中心",
  period: "2022年1月-2022年12月",
  continuity: "延续",
  basis: "《职业技能提升行动方案》",
  content: "开展职业技能培训并发放补贴",
  funds: {
    total: 300,
    lines: [
      { source: "财政拨款", amount: 250 },
      { source: "其他资金", amount: 50 },
    ],
  },
  annualGoal: "完成职业技能培训5000人次，培训合格率达到90%以上",
  indicators: [
    { level1: "产出指标", level2: "数量指标", name: "培训人次", target: "≥5000人次", weight: 30, lastYearActual: "4800人次" },
    { level1: "产出指标", level2: "质量指标", name: "培训合格率", target: "≥90%", weight: 20 },
    { level1: "产出指标", level2: "成本指标", name: "人均培训成本", target: "≤600元", weight: 10 },
    { level1: "效益指标", level2: "社会效益指标", name: "培训后就业率", target: "≥70%", weight: 30, dataSource: "就业登记系统" },
    { level1: "满意度指标", level2: "服务对象满意度指标", name: "受训人员满意度", target: "≥90%", weight: 10 },
  ],
};

const filing = (over: Partial<TargetFilingInput> = {}) => TargetFilingSchema.parse({ ...base, ...over });
const withRow = (row: Record<string, unknown>, i = 0) => {
  const indicators = base.indicators.map((r, j) => (j === i ? { ...r, ...row } : r));
  return filing({ indicators: indicators as TargetFilingInput["indicators"] });
};
const codes = (f: ReturnType<typeof filing>) => checkFiling(f).map((d) => `${d.code}@${d.path.join(".")}`);

describe("checkFiling: one row per problem", () => {
  test("a sound filing has no errors or warnings", () => {
    assert.deepEqual(checkFiling(filing()), []);
  });
  test("no measurable value: 全省排名靠前 with no data source; with one it is measurable", () => {
    const d = checkFiling(withRow({ target: "全省排名靠前", dataSource: undefined }, 3));
    assert.deepEqual(
      d.map((x) => x.code),
      ["filing/not-measurable"],
    );
    assert.match(d[0]!.subject.zh, /第 4 行 指标“效益指标 › 社会效益指标 › 培训后就业率”/);
    assert.match(d[0]!.message.en, /not measurable/);
    assert.deepEqual(checkFiling(withRow({ target: "全省排名靠前", dataSource: "省人社厅年度考核通报" }, 3)), []);
  });
  test("an operator that contradicts the indicator: ≥ on a cost, ≤ on a satisfaction", () => {
    assert.deepEqual(codes(withRow({ target: "≥600元" }, 2)), ["filing/operator-direction@indicators.2.target"]);
    assert.deepEqual(codes(withRow({ target: "≤90%" }, 4)), ["filing/operator-direction@indicators.4.target"]);
  });
  test("a unit that does not fit: % on a count, a count unit on a rate, a unit column that disagrees", () => {
    assert.deepEqual(codes(withRow({ target: "≥95%", lastYearActual: undefined }, 0)), ["filing/unit-fit@indicators.0.target"]);
    assert.deepEqual(codes(withRow({ target: "≥90人" }, 1)), ["filing/unit-fit@indicators.1.target"]);
    assert.deepEqual(codes(withRow({ unit: "万元" }, 0)), ["filing/unit-column@indicators.0.unit"]);
    assert.deepEqual(codes(withRow({ target: "≥5000", unit: "人次" }, 0)), []);
  });
  test("a target below last year's actual is too easy; a ceiling above it is looser", () => {
    const d = checkFiling(withRow({ target: "≥4500人次" }, 0));
    assert.deepEqual(
      d.map((x) => x.code),
      ["filing/below-last-year"],
    );
    assert.equal(d[0]!.expected, "4800人次");
    assert.deepEqual(codes(withRow({ lastYearActual: "0.48万人次" }, 0)), []); // 4800 ≤ 5000 after conversion
    assert.deepEqual(codes(withRow({ lastYearActual: "550元" }, 2)), ["filing/above-last-year@indicators.2.target"]);
  });
  test("产出 and 效益 confused", () => {
    assert.deepEqual(codes(withRow({ level1: "产出指标", level2: "社会效益指标" }, 3)), ["filing/category@indicators.3.level2"]);
    assert.deepEqual(codes(withRow({ level1: "产出指标", level2: "质量指标" }, 4)), ["filing/satisfaction-misplaced@indicators.4.level1"]);
    assert.deepEqual(codes(withRow({ name: "带动就业增收", target: "≥100人" }, 0)), ["filing/outcome-as-output@indicators.0.level1"]);
  });
  test("weights that do not sum to the stated total; a row without a weight among weighted ones", () => {
    const d = checkFiling(withRow({ weight: 25 }, 0));
    assert.deepEqual(
      d.map((x) => [x.code, x.found, x.expected]),
      [["filing/weight-sum", "95", "100"]],
    );
    assert.deepEqual(
      codes(filing({ totalWeight: 95, indicators: [{ ...base.indicators[0]!, weight: 25 }, ...base.indicators.slice(1)] })),
      [],
    );
    assert.deepEqual(codes(withRow({ weight: undefined }, 1)), [
      "filing/weight-partial@indicators.1.weight",
      "filing/weight-sum@indicators",
    ]);
  });
  test("missing required fields by kind; funds that do not add up; no indicators", () => {
    assert.deepEqual(codes(filing({ implementer: undefined, annualGoal: " " })), [
      "filing/required@implementer",
      "filing/required@annualGoal",
    ]);
    assert.deepEqual(codes(filing({ funds: { total: 320, lines: base.funds!.lines } })), ["filing/funds-sum@funds.total"]);
    assert.deepEqual(codes(filing({ indicators: [] })), ["filing/no-indicators@indicators"]);
    const dept = filing({ kind: "部门整体", functions: undefined, tasks: [] });
    assert.deepEqual(codes(dept), ["filing/required@functions", "filing/required@tasks"]);
  });
  test("a duplicate row", () => {
    assert.deepEqual(codes(filing({ indicators: [...base.indicators, { ...base.indicators[1]!, weight: 0 }] })), [
      "filing/duplicate@indicators.5.name",
    ]);
  });
  test("bad input is refused with its field; prototype keys refused", () => {
    const r = loadDocument(
      TargetFilingSchema,
      "kind: 项目\nfiscalYear: 2022\nname: x\nindicators:\n  - { level1: a, level2: b, name: c, target: x, weight: abc }\n",
      "f.yaml",
    );
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.errors[0]!.path, "indicators[0].weight");
      assert.equal(r.errors[0]!.line, 5);
    }
    const p = loadDocument(TargetFilingSchema, '{"kind":"项目","fiscalYear":2022,"name":"x","indicators":[],"constructor":{}}', "f.json");
    assert.equal(p.ok, false);
  });
});

describe("published filings (fixtures/filings)", () => {
  const dir = join(import.meta.dirname, "fixtures", "filings");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    const doc = parse(readFileSync(join(dir, file), "utf8")) as {
      source: { url: string };
      filing?: TargetFilingInput;
      expect: Array<{ code: string; row: number | "-"; field?: string }>;
    };
    if (!doc.filing) continue;
    test(`${file} (${doc.source.url})`, () => {
      const parsed = TargetFilingSchema.parse(doc.filing);
      const found = checkFiling(parsed)
        .filter((d) => d.severity !== "info")
        .map((d) => ({
          code: d.code,
          row: d.path[0] === "indicators" && typeof d.path[1] === "number" ? d.path[1] + 1 : "-",
          ...(d.path[0] !== "indicators" && d.code === "filing/required" ? { field: String(d.path[0]) } : {}),
        }));
      assert.deepEqual(found, doc.expect);
    });
  }
});

describe("diffFilings: 调整 side by side", () => {
  test("changed fields, a changed target, an added and a removed row, with old and new values", () => {
    const a = filing();
    const b = filing({
      annualGoal: "完成职业技能培训4500人次",
      funds: {
        total: 280,
        lines: [
          { source: "财政拨款", amount: 230 },
          { source: "其他资金", amount: 50 },
        ],
      },
      indicators: [
        { ...base.indicators[0]!, target: "≥4500人次" },
        ...base.indicators.slice(1, 4),
        { level1: "满意度指标", level2: "服务对象满意度指标", name: "用人单位满意度", target: "≥85%", weight: 10 },
      ],
    });
    const d = diffFilings(a, b);
    assert.deepEqual(
      d.map((c) => [c.change, c.path.join("."), c.before, c.after]),
      [
        ["changed", "annualGoal", "完成职业技能培训5000人次，培训合格率达到90%以上", "完成职业技能培训4500人次"],
        ["changed", "funds.total", "300", "280"],
        ["changed", "funds.lines.0.amount", "250", "230"],
        ["changed", "indicators.0.target", "≥5000人次", "≥4500人次"],
        ["added", "indicators.4.target", "", "满意度指标 › 服务对象满意度指标 › 用人单位满意度：≥85%"],
        ["removed", "indicators.4.target", "满意度指标 › 服务对象满意度指标 › 受训人员满意度：≥90%", ""],
      ],
    );
    assert.equal(d[3]!.subject.zh, "指标“产出指标 › 数量指标 › 培训人次” 指标值");
    assert.deepEqual(diffFilings(a, filing()), []);
    assert.deepEqual(
      diffFilings(
        a,
        filing({
          funds: {
            total: "300.00",
            lines: [
              { source: "财政拨款", amount: "250.0" },
              { source: "其他资金", amount: 50 },
            ],
          },
        }),
      ),
      [],
    );
  });
});

describe("filingToEvaluationInput: 表1 and the starting indicator tree", () => {
  test("parses with EvaluationSchema, keeps weights and targets, and scores once actuals are filled", () => {
    const input = filingToEvaluationInput(filing());
    const e = EvaluationSchema.parse(input);
    assert.equal(e.meta.kind, "项目支出");
    assert.equal(e.meta.evaluationType, "单位自评");
    assert.equal(e.meta.title, "2022年度职业技能培训补贴绩效自评");
    assert.deepEqual(
      e.indicators.map((n) => [n.name, n.weight?.toFixed()]),
      [
        ["产出指标", "60"],
        ["效益指标", "30"],
        ["满意度指标", "10"],
      ],
    );
    assert.equal(e.goals?.table?.[0]?.children?.[0]?.children?.[0]?.target?.text, "≥5000人次");
    assert.equal(e.goals?.annual?.text, base.annualGoal);
    assert.equal(e.funds?.lines.length, 2);
    // Before actuals: nothing scored, no silent zero.
    const before = scoreEvaluation(e);
    assert.equal(before.total, undefined);
    assert.equal(before.unscored, 5);
    // Fill the actuals as a self-evaluation would.
    const actuals: Record<string, string> = {
      培训人次: "4000人次",
      培训合格率: "95%",
      人均培训成本: "580元",
      培训后就业率: "70%",
      受训人员满意度: "92%",
    };
    for (const l1 of input.indicators)
      for (const l2 of l1.children ?? []) for (const leaf of l2.children ?? []) leaf["actual"] = actuals[leaf.name];
    const scored = scoreEvaluation(EvaluationSchema.parse(input));
    assert.equal(scored.unscored, 0);
    // 培训人次 4000/5000 × 30 = 24; every other indicator met: 24 + 20 + 10 + 30 + 10.
    assert.equal(formatScore(scored.total!), "94.00");
  });
  test("a department filing becomes a 部门整体支出 evaluation", () => {
    const e = EvaluationSchema.parse(
      filingToEvaluationInput(filing({ kind: "部门整体", functions: "负责…", tasks: [{ task: "就业促进", budget: 100 }] }), {
        evaluationType: "财政评价",
      }),
    );
    assert.equal(e.meta.kind, "部门整体支出");
    assert.equal(e.meta.project, undefined);
    assert.equal(e.meta.evaluationType, "财政评价");
  });
});

test("the Yangquan 2021 targets example becomes the evaluation's 表1: the same table as examples/yangquan-hrss-2021.yaml", () => {
  const root = join(import.meta.dirname, "..", "..", "..", "examples");
  const r = loadDocument(
    TargetFilingSchema,
    readFileSync(join(root, "yangquan-hrss-2021-targets.yaml"), "utf8"),
    "yangquan-hrss-2021-targets.yaml",
  );
  assert.ok(r.ok);
  assert.equal(checkFiling(r.value).filter((d) => d.severity === "error").length, 0);
  const fromFiling = EvaluationSchema.parse(filingToEvaluationInput(r.value));
  const evaluation = (parse(readFileSync(join(root, "yangquan-hrss-2021.yaml"), "utf8")) as { goals: { table: unknown } }).goals.table;
  const shape = (nodes: ReadonlyArray<{ name: string; target?: { text: string } | string; children?: unknown[] }>): unknown =>
    nodes.map((n) => [
      n.name,
      typeof n.target === "string" ? n.target : n.target?.text,
      n.children ? shape(n.children as never) : undefined,
    ]);
  assert.deepEqual(shape(fromFiling.goals!.table! as never), shape(evaluation as never));
  assert.equal(fromFiling.meta.kind, "部门整体支出");
  assert.equal(fromFiling.meta.title, "2021年度阳泉市人力资源和社会保障局部门整体支出绩效自评");
});
