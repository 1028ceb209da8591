/**
 * The report a professional signs (issue 13), for the Yangquan example and a generated 项目支出
 * evaluation, in both outlines, read back from the .docx: the cover, 评价工作开展情况 with its
 * dates, one analysis paragraph per level-1 and level-2 indicator (target, actual with its unit,
 * score, reason), findings as sentences (no " < ", " vs "), one precision per score column, no
 * reason printed twice, no 《…《…》…》.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Evaluation, scoreEvaluation } from "@jixiao/engine";
import { PHRASES_ZH, buildReport, renderDocx } from "@jixiao/reports";
import { docxPart, docxTables, docxText, yangquan } from "./helpers.ts";
import { projectEvaluation } from "./project-evaluation.ts";

const CASES: Array<[string, () => Evaluation]> = [
  ["Yangquan", yangquan],
  ["项目支出 (generated)", () => projectEvaluation()],
];

for (const [name, make] of CASES) {
  for (const template of ["seed", "cn-2020"] as const) {
    describe(`${name}, ${template}`, async () => {
      const e = make();
      const s = scoreEvaluation(e);
      const doc = buildReport(e, { template });
      const docx = await renderDocx(doc);
      const xml = await docxPart(docx, "word/document.xml");
      const lines = docxText(xml).split("\n");
      const text = lines.join("\n");
      const tables = docxTables(xml);

      test("the cover: title, 委托方, 评价机构, 报告日期, 报告编号; then 目录", () => {
        const cover = lines.slice(0, lines.indexOf("目录"));
        assert.ok(cover.includes(e.meta.title), "title");
        for (const label of ["委托方", "评价机构", "报告日期", "报告编号"])
          assert.ok(
            cover.some((l) => l.startsWith(`${label}：`)),
            `${label} on the cover`,
          );
        assert.ok(cover.some((l) => l === `委托方：${e.meta.commissioner}`));
        assert.ok(cover.some((l) => l === `评价机构：${e.meta.evaluator}`));
        if (e.meta.reportNo) assert.ok(cover.some((l) => l === `报告编号：${e.meta.reportNo}`));
        else
          assert.ok(
            cover.some((l) => l === "报告编号：（未填写）"),
            "a missing report number is said to be missing",
          );
        const toc = lines.slice(lines.indexOf("目录") + 1, lines.indexOf("目录") + 12);
        assert.ok(/^一、/.test(toc[0]!), "the 目录 lists the first headings");
        // Each with its page: a PAGEREF to the heading's bookmark (the PDF test reads the numbers).
        assert.match(xml, /PAGEREF _Toc_h\d+/);
        assert.match(xml, /<w:bookmarkStart[^>]*w:name="_Toc_h\d+"/);
      });

      test("评价工作开展情况: 目的, 对象和范围, 依据, 原则, 方法, 指标体系, 标准, 工作过程 with its dates", () => {
        const work = template === "seed" ? "二、评价工作开展情况" : "二、绩效评价工作开展情况";
        const from = lines.indexOf(work);
        assert.ok(from > 0, work);
        const to = lines.findIndex((l, k) => k > from && /^三、/.test(l));
        const section = lines.slice(from, to).join("\n");
        for (const part of ["评价目的", "评价对象和范围", "评价依据", "评价原则", "评价方法", "评价指标体系", "评价标准", "工作过程"])
          assert.ok(section.includes(part), `${part} in ${work}`);
        assert.ok(!section.includes("{{"));
        if (e.meta.dates?.phases) {
          for (const phase of ["前期准备", "资料收集", "现场核查", "问卷调查", "报告撰写"])
            assert.match(section, new RegExp(`${phase}[（：]2024年`));
          assert.match(section, /本次评价工作于2024年3月1日开始，2024年5月31日结束/);
          assert.match(section, /现场核查（2024年4月11日至4月30日）：核查培训机构6家/);
          assert.match(section, /评价报告于2024年6月15日出具/);
        } else {
          // Nothing invented: the dates the file lacks are said to be missing.
          assert.match(section, /【待补充】评价工作的起止日期及前期准备、资料收集、现场核查、问卷调查、报告撰写各阶段的日期尚未填写/);
        }
        assert.match(section, /评价指标体系共设一级指标\d+项/);
        assert.doesNotMatch(section, /《[^》]*《/, "no nested 《《");
      });

      test("one analysis paragraph per level-1 and level-2 indicator: target, actual with its unit, score, reason", () => {
        const from = lines.findIndex((l) => /^[一二三四五六七]、绩效评价指标分析$/.test(l));
        assert.ok(from > 0);
        const to = lines.findIndex((l, k) => k > from && /^[一二三四五六七八]、/.test(l));
        const section = lines.slice(from + 1, to);
        const analysed = s.all.filter((n) => n.level <= 2);
        for (const n of analysed) {
          const h = section.findIndex((l) => l.replace(/^(（[一二三四五六七八九十]+）|\d+\.)/, "") === n.name);
          assert.ok(h >= 0, `a heading for ${n.name}`);
          const paragraph = section[h + 1]!;
          assert.ok(paragraph.startsWith(n.name), `the paragraph of ${n.name} starts with its name: ${paragraph}`);
          if (n.score !== undefined) assert.ok(paragraph.includes(`${n.score.toFixed(2)}分`), `${n.name}: its score in ${paragraph}`);
          if (n.node.reason) assert.ok(paragraph.includes(n.node.reason.replace(/[。]$/, "")), `${n.name}: its reason`);
        }
        if (name.startsWith("项目")) {
          const all = section.join("\n");
          assert.ok(all.includes("培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按比例得9.81分"));
          assert.ok(all.includes("预算执行率实际为95.30%，低于100%的目标值4.70个百分点，按评分标准扣0.47分，得2.53分"));
          assert.ok(all.includes("成本节约率实际为2.50%，超过0%的目标值2.50个百分点，达到目标，得满分10.00分"));
          assert.ok(all.includes("资金使用合规性满分3分，因2笔培训补贴未附培训签到表扣0.5分，得2.50分"));
          assert.ok(all.includes("经济效益不适用（职业技能培训不以直接经济效益为目标）"));
          assert.ok(all.includes("实际完成率为96.40%"), "no 实际完成率实际为");
        }
      });

      test("problems are sentences, not expressions; no reason printed twice", () => {
        const from = lines.findIndex((l) => /存在的问题及原因分析$/.test(l));
        const to = lines.findIndex((l, k) => k > from && /^[一二三四五六七八]、/.test(l) && !/存在的问题/.test(l));
        const problems = lines.slice(from, to).join("\n");
        for (const expr of [" < ", " > ", " vs ", "÷", " ≥ ", "›"])
          assert.ok(!problems.includes(expr), `"${expr}" in the problems:\n${problems}`);
        if (name.startsWith("项目")) assert.ok(problems.includes("培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按比例得9.81分。"));
        for (const t of tables)
          for (const row of t)
            for (const cell of row) {
              const reasons = [...cell.text.matchAll(/2笔培训补贴未附培训签到表/g)];
              assert.ok(reasons.length <= 1, `a deduction reason printed twice: ${cell.text}`);
            }
      });

      test("附表: 评分明细表, and 佐证材料索引 when the file lists evidence", () => {
        const captions = lines.filter((l) => /^附表\d+ /.test(l));
        assert.ok(captions.some((c) => c.endsWith(" 评分明细表")));
        const evidence = captions.some((c) => c.endsWith(" 佐证材料索引"));
        assert.equal(
          evidence,
          s.all.some((n) => (n.node.evidence?.length ?? 0) > 0),
        );
        if (evidence) {
          const t = tables.at(-1)!.map((r) => r.map((c) => c.text));
          assert.deepEqual(t[0], ["序号", "编号", "指标或问题", "佐证材料"]);
          assert.deepEqual(t[1], ["1", "B1.3", "资金使用合规性", "培训补贴发放明细表（2023年）"]);
          assert.deepEqual(t[3], ["3", "C2.1", "培训合格率", "结业考核成绩汇总表"]);
        }
      });

      test("a score column has one precision (7.00 beside 14.23); rates 2 decimals", () => {
        for (const t of tables) {
          const header = t[0]!.map((c) => c.text);
          for (const [k, h] of header.entries()) {
            if (h !== "得分" && h !== "得分率" && h !== "空编率" && h !== "执行率") continue;
            const cells = t
              .slice(1)
              .map((r) => r.find((_, j) => j === k)?.text ?? "")
              .filter((x) => /^\d/.test(x));
            for (const c of cells) assert.match(c, h === "得分" ? /^\d+\.\d{2}$/ : /^\d+\.\d{2}%$/, `${h}: ${c}`);
          }
        }
        assert.ok(!text.includes("《财政部关于印发《"), "no nested 《《");
      });
    });
  }
}

describe("the phrases are data: a caller rewords them, English with lang en", () => {
  test("a replaced phrase is used; an unknown placeholder in it names the phrase", () => {
    const e = projectEvaluation();
    const doc = buildReport(e, { template: "cn-2020", phrases: { "how.proportional": "按完成比例计{score}分" } });
    const all = doc.blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : [])).join("\n");
    assert.ok(all.includes("培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按完成比例计9.81分"));
    assert.throws(
      () => buildReport(e, { template: "cn-2020", phrases: { "how.proportional": "得{points}分" } }),
      (err: Error) => /phrases\.how\.proportional/.test(err.message) && /\{points\}/.test(err.message),
    );
    assert.ok(Object.keys(PHRASES_ZH).length > 30);
  });
  test("lang en: the analysis and the problems in English", () => {
    const doc = buildReport(projectEvaluation(), { template: "cn-2020", lang: "en" });
    const all = doc.blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : [])).join("\n");
    assert.ok(
      all.includes("培训合格率 reached 93.20%, 1.80 percentage points below the target of 95%; pro rata, 9.81 points."),
      all.slice(0, 400),
    );
    assert.ok(all.includes("The evaluation began on 2024-3-1 and ended on 2024-5-31."));
    assert.deepEqual(doc.subtitle[0], "Commissioned by: 某县财政局");
  });
});
