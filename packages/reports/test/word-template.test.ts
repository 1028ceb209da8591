/**
 * The firm's own Word template (issue 13, item 4): a .docx with placeholders and loops, built
 * here with the docx library as a firm would write it in Word, filled from the evaluation; errors
 * name the placeholder and where it is.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Document, Header, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { WordTemplateError, renderWordTemplate } from "@jixiao/reports";
import { docxPart, docxTables, docxText, yangquan } from "./helpers.ts";
import { projectEvaluation } from "./project-evaluation.ts";

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const cell = (text: string) => new TableCell({ children: [p(text)] });

/** A firm's template: a letterhead in the header, the title, the conclusion, loops over level-1 indicators, every indicator (a table row) and the findings. */
async function firmTemplate(body: string[] = []): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        headers: { default: new Header({ children: [p("某某会计师事务所有限公司 · 绩效评价报告 · {{meta.reportNo}}")] }) },
        children: [
          p("{{meta.title}}"),
          p("委托方：{{meta.commissioner}}　评价机构：{{meta.evaluator}}　日期：{{meta.reportDate}}"),
          p("综合得分{{total}}分，绩效评级为“{{grade}}”。评价资金{{funds.total}}万元。"),
          p("{{#level1}}"),
          p("{{name}}：{{score}}分（权重{{weight}}分）。{{analysis}}"),
          p("{{/level1}}"),
          new Table({
            rows: [
              new TableRow({ children: ["编号", "指标", "指标值", "实际值", "得分"].map(cell) }),
              new TableRow({
                children: [
                  cell("{{#indicators}}{{id}}"),
                  cell("{{name}}"),
                  cell("{{target}}"),
                  cell("{{actual}}"),
                  cell("{{score}}{{/indicators}}"),
                ],
              }),
            ],
          }),
          p("{{#findings}}问题：{{title}}。{{text}}{{/findings}}"),
          ...body.map(p),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

describe("a firm's .docx template", () => {
  test("Yangquan: placeholders, loops over level-1 indicators and findings, a table row per indicator, the letterhead in the header", async () => {
    const out = renderWordTemplate(await firmTemplate(), yangquan());
    const xml = await docxPart(out, "word/document.xml");
    const text = docxText(xml);
    assert.ok(text.includes("阳泉市人力资源和社会保障局2021年度部门整体支出绩效评价报告"));
    assert.ok(text.includes("委托方：阳泉市财政局　评价机构：山西中凯资产评估有限公司　日期："), "a missing date prints empty");
    assert.ok(text.includes("综合得分85.73分，绩效评级为“良”。评价资金38,148.63万元。"));
    assert.ok(
      text.includes(
        "履职效能：21.24分（权重30分）。履职效能指标权重30分，得分21.24分，得分率70.80%，扣8.76分。扣分原因：核心业务能力有欠缺",
      ),
    );
    assert.ok(text.includes("可持续性：7.00分（权重10分）"));
    assert.ok(text.includes("问题：核心业务能力待提升。"));
    const rows = docxTables(xml)[0]!.map((r) => r.map((c) => c.text));
    assert.deepEqual(rows[1], ["A", "履职效能", "", "", "21.24"]);
    assert.equal(rows.length, 1 + 4);
    assert.ok(!text.includes("{{"));
    const header = await docxPart(out, "word/header1.xml");
    assert.ok(docxText(header).includes("某某会计师事务所有限公司 · 绩效评价报告 · "));
  });

  test("项目支出: every indicator a row with target and actual in its unit; findings as sentences", async () => {
    const out = renderWordTemplate(await firmTemplate(), projectEvaluation());
    const xml = await docxPart(out, "word/document.xml");
    const rows = docxTables(xml)[0]!.map((r) => r.map((c) => c.text));
    assert.ok(rows.some((r) => JSON.stringify(r) === JSON.stringify(["C2.1", "培训合格率", "≥95%", "93.20%", "9.81"])));
    const text = docxText(xml);
    assert.ok(text.includes("培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按比例得9.81分。"));
    assert.ok(!/ vs | < /.test(text));
    const header = docxText(await docxPart(out, "word/header1.xml"));
    assert.ok(header.includes("某评字〔2024〕第007号"));
  });

  test("a placeholder that points at nothing names itself and its paragraph; nothing is written", async () => {
    const template = await firmTemplate(["报告标题：{{meta.titel}}", "新增就业{{outcomes.new-jobs.actual}}人"]);
    assert.throws(
      () => renderWordTemplate(template, yangquan()),
      (err: unknown) => {
        assert.ok(err instanceof WordTemplateError);
        assert.equal(err.problems.length, 2);
        const [a, b] = err.problems;
        assert.equal(a!.placeholder, "{{meta.titel}}");
        assert.match(a!.where, /^word\/document\.xml 第\d+段（“报告标题：\{\{meta\.titel\}\}”）$/);
        assert.match(a!.reason.zh, /没有字段“meta\.titel”/);
        assert.equal(b!.placeholder, "{{outcomes.new-jobs.actual}}");
        assert.match(b!.reason.zh, /outcomes 中没有 id 为“new-jobs”的成效/);
        assert.match(err.text("zh"), /Word 模板 word\/document\.xml 第\d+段.*：占位符 \{\{meta\.titel\}\} 无法填写/);
        return true;
      },
    );
  });

  test("an unclosed tag is named with where it is", async () => {
    const template = await firmTemplate(["结论：{{grade"]);
    assert.throws(
      () => renderWordTemplate(template, yangquan()),
      (err: unknown) => {
        assert.ok(err instanceof WordTemplateError);
        const t = err.text("zh");
        assert.match(t, /\{\{grade/);
        assert.match(t, /没有闭合/);
        assert.match(t, /word\/document\.xml/);
        return true;
      },
    );
  });
});
