/** Narrative placeholders: values from the model, formats, and errors that name the placeholder. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type EvaluationInput, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import {
  PlaceholderError,
  PlaceholderScope,
  buildReport,
  chineseNumeral,
  fill,
  parsePath,
  placeholdersIn,
  renderMarkdown,
} from "@jixiao/reports";
import { yangquan } from "./helpers.ts";
import { syntheticEvaluation, syntheticInput } from "./synthetic.ts";

const e = yangquan();
const scope = new PlaceholderScope(e, scoreEvaluation(e), new Map([["table:staffing", "表3"]]));
const f = (t: string) => fill(t, scope, "test");

describe("placeholders on the Yangquan example", () => {
  test("the issue's sentence is produced from the data", () => {
    assert.equal(
      f(
        "{{meta.fiscalYear}}年阳泉市城镇新增就业{{outcomes.new-urban-jobs.actual}}人，完成全年目标任务的{{outcomes.new-urban-jobs.completionRate}}",
      ),
      "2021年阳泉市城镇新增就业21090人，完成全年目标任务的105.45%",
    );
  });
  test("each kind prints the way reports print it", () => {
    const cases: Array<[string, string]> = [
      ["{{total}}", "85.73"],
      ["{{grade}}", "良"],
      ["{{rate}}", "85.73%"],
      ["{{indicators.D.score}}", "7.00"],
      ["{{indicators.D.score|plain}}", "7"],
      ["{{indicators[A].rate}}", "70.80%"],
      ["{{indicators.管理效率.weight}}", "40"],
      ["{{indicators.A.deducted}}", "8.76"],
      ["{{indicators.count|cn}}", "四"],
      ["{{funds.total}}", "38,148.63"],
      ["{{funds.lines.dept-accounts.actual}}", "6,561.92"],
      ["{{funds.lines.social-fund-subsidy.share}}", "82.80%"],
      ["{{funds.executionRate}}", "100.00%"],
      ["{{funds.executionRate|0}}", "100%"],
      ["{{outcomes.hard-to-employ.completionRate}}", "113.16%"],
      ["{{outcomes.hard-to-employ.completionRate|1}}", "113.2%"],
      ["{{outcomes.registered-unemployment.actual}}", "3.19%"],
      ["{{outcomes.registered-unemployment.target}}", "4.5%"],
      ["{{outcomes.registered-unemployment.actual|raw}}", "3.19"],
      ["{{outcomes.new-urban-jobs.actual|grouped}}", "21,090"],
      ["{{units.skills-assessment.vacancy}}", "5"],
      ["{{units.skills-assessment.vacancyRate|0}}", "63%"],
      ["{{units.social-insurance.vacancyRate|0}}", "14%"],
      ["{{units.hrss.vacancy}}", "-"],
      ["{{units.hrss.vacancyRate}}", "-"],
      ["{{units.exam-centre.budgetAdjustmentRate}}", "-32.06%"],
      ["{{units.subordinateCount}}", "7"],
      ["{{staff.vacantUnits}}", "6"],
      ["{{staff.quota}}", "217"],
      ["{{staff.inPost}}", "184"],
      ["{{staff.controlRate}}", "84.79%"],
      ["{{external.shanxi-hrss-2021.missed}}", "2"],
      ["{{figures.supp-pension-share}}", "95.42%"],
      ["{{figures.disputes.unit}}", "件"],
      ["{{organisation.internalDivisions}}", "15"],
      ["{{table.staffing}}", "表3"],
      [
        "{{meta.basis}}",
        "《中共阳泉市委 阳泉市人民政府关于全面实施预算绩效管理的实施办法》（阳发〔2019〕19号）、《阳泉市财政局关于开展2022年度重点绩效评价工作的通知》（阳财绩〔2022〕6号）、《关于2021年全省人力资源和社会保障事业发展计划完成情况的通报》（晋人社厅函〔2022〕125号）",
      ],
      ["\\{{literal}}", "{{literal}}"],
      ["{{ total | 1 }}", "85.7"],
    ];
    for (const [template, expected] of cases) assert.equal(f(template), expected, template);
  });

  test("a placeholder that points at nothing is an error naming it and where it was written", () => {
    const bad: Array<[string, RegExp]> = [
      ["{{outcomes.new-jobs.actual}}", /outcomes 中没有 id 为“new-jobs”的成效/],
      ["{{outcomes.new-urban-jobs.actuals}}", /没有字段“outcomes\.new-urban-jobs\.actuals”（可用：name、unit、actual/],
      ["{{budget.total}}", /未知的数据类别“budget”/],
      ["{{indicators.Z.score}}", /没有编号或名称为“Z”的指标/],
      ["{{total|percent}}", /未知的格式“percent”/],
      ["{{table.funds}}", /本报告模板中没有表“funds”/],
      ["{{units.hrss.executionRate}}", /没有预算数据/],
      ["{{}}", /路径写法无效/],
    ];
    for (const [template, reason] of bad) {
      assert.throws(
        () => fill(`前文${template}后文`, scope, "narrative[2].text"),
        (err: unknown) => {
          assert.ok(err instanceof PlaceholderError);
          assert.equal(err.placeholder, template);
          assert.equal(err.where, "narrative[2].text");
          assert.match(err.text("zh"), reason);
          assert.match(
            err.text("zh"),
            new RegExp(`^narrative\\[2\\]\\.text：占位符 ${template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} 无法填写`),
          );
          assert.ok(err.text("en").includes(`placeholder ${template} cannot be filled`));
          return true;
        },
        template,
      );
    }
  });

  test("generation stops at the first bad placeholder, naming its narrative section", () => {
    const input = structuredClone(syntheticInput(3)) as EvaluationInput & { narrative: Array<{ text?: string }> };
    input.narrative[1]!.text = "编制{{staff.quotas}}人";
    const v = validateEvaluation(input);
    assert.ok(v.ok);
    assert.throws(
      () => buildReport(v.evaluation),
      (err: unknown) => err instanceof PlaceholderError && err.placeholder === "{{staff.quotas}}" && err.where === "narrative[1].text",
    );
  });
});

describe("placeholders in headings", () => {
  const base = {
    schemaVersion: 1,
    meta: { title: "某项目评价", kind: "项目支出", fiscalYear: 2024, subject: "某单位", evaluationType: "单位自评" },
    indicators: [{ name: "产出", weight: 100, score: 90 }],
  } as const;
  test("a narrative sub-section's title is filled too; the template's headings follow the kind (项目概况); deep levels are numbered ①", () => {
    const v = validateEvaluation({
      ...base,
      narrative: [
        {
          id: "main-results",
          title: "主要绩效",
          sections: [
            {
              title: "{{meta.fiscalYear}}年产出",
              text: "a",
              sections: [{ title: "数量", text: "b", sections: [{ title: "细项", text: "c" }] }],
            },
          ],
        },
      ],
    });
    assert.ok(v.ok);
    const headings = buildReport(v.evaluation).blocks.flatMap((b) => (b.kind === "heading" ? [`${b.number}${b.text}`] : []));
    assert.deepEqual(headings, [
      "一、项目概况",
      "（一）评价结论",
      "二、评价工作开展情况",
      "（一）评价目的",
      "（二）评价对象和范围",
      "（三）评价依据",
      "（四）评价原则",
      "（五）评价方法",
      "（六）评价指标体系",
      "（七）评价标准",
      "（八）评价工作过程",
      "三、绩效评价指标分析",
      "（一）产出",
      "四、主要绩效及经验做法",
      "（一）主要绩效",
      "1.2024年产出",
      "（1）数量",
      "①细项",
      "五、存在的问题及原因分析",
      "六、下一步改进意见",
      "七、其他需要说明的问题",
      "附表",
    ]);
  });
  test("a bad placeholder in a title names the title", () => {
    const v = validateEvaluation({ ...base, findings: [{ title: "{{units.u9.name}}空编", text: "x" }] });
    assert.ok(v.ok);
    assert.throws(
      () => buildReport(v.evaluation),
      (err: unknown) => err instanceof PlaceholderError && err.where === "findings[0].title" && err.placeholder === "{{units.u9.name}}",
    );
  });
});

describe("placeholder syntax", () => {
  test("paths, bracketed segments, the list of placeholders in a text", () => {
    assert.deepEqual(parsePath("outcomes.new-urban-jobs.actual"), ["outcomes", "new-urban-jobs", "actual"]);
    assert.deepEqual(parsePath("indicators[PI-1.1].score"), ["indicators", "PI-1.1", "score"]);
    assert.equal(parsePath(""), undefined);
    assert.deepEqual(placeholdersIn("a {{x.y}} b \\{{z}} c {{total|2}}"), ["{{x.y}}", "{{total|2}}"]);
  });
  test("Chinese numerals for counts in running text", () => {
    assert.deepEqual([0, 4, 10, 12, 20, 29, 99].map(chineseNumeral), ["零", "四", "十", "十二", "二十", "二十九", "九十九"]);
  });
});

describe("synthetic evaluations", () => {
  test("twenty different evaluations build in both templates with every placeholder filled", () => {
    for (let i = 0; i < 20; i++) {
      const ev = syntheticEvaluation(i);
      for (const template of ["seed", "cn-2020"]) {
        const md = renderMarkdown(buildReport(ev, { template }));
        assert.ok(!md.includes("{{"), `evaluation ${i} (${template}) left a placeholder`);
        assert.match(md, /\*\*表1 \S+\*\*/);
      }
    }
  });
});
