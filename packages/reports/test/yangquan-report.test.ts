/** The Yangquan report reproduced: real .docx files, their XML tables, and the same text in md and html. */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Decimal } from "@jixiao/engine";
import { buildReport, renderDocx, renderHtml, renderMarkdown, renderReport } from "@jixiao/reports";
import { type DocxCell, docxPart, docxTables, docxText, yangquan } from "./helpers.ts";
import { SEED_SENTENCES, SEED_TABLE1, SEED_TABLE2, SEED_TABLE3 } from "./seed-figures.ts";

const texts = (rows: DocxCell[][]) => rows.map((r) => r.map((c) => c.text.replace(/\s+/g, "")));

/**
 * A published figure compared at its printed precision: we print "7.00" and "16.67%" (the column's
 * format), the report printed "7" and "17%"; rounded half-up to the published places they agree.
 */
function atPrintedPrecision(ours: string, published: string): boolean {
  const num = /^(-?[\d,]+)(?:\.(\d+))?(%?)$/;
  const p = num.exec(published);
  const o = num.exec(ours);
  if (!p || !o || p[3] !== o[3]) return ours === published;
  const places = p[2]?.length ?? 0;
  const value = new Decimal(`${o[1]!.replace(/,/g, "")}.${o[2] ?? "0"}`);
  return value.toFixed(places, Decimal.ROUND_HALF_UP) === `${p[1]!.replace(/,/g, "")}${places ? `.${p[2]}` : ""}`;
}
function assertRowsAtPrintedPrecision(ours: string[][], published: string[][]): void {
  assert.equal(ours.length, published.length);
  ours.forEach((row, r) =>
    row.forEach((cell, c) =>
      assert.ok(atPrintedPrecision(cell, published[r]![c]!), `row ${r} col ${c}: ${cell} vs published ${published[r]![c]}`),
    ),
  );
}
const stripTags = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe("Yangquan, seed template", () => {
  let docx: Uint8Array;
  let xml: string;
  let tables: DocxCell[][][];
  let md: string;
  let html: string;
  before(async () => {
    const e = yangquan();
    const doc = buildReport(e, { template: "seed" });
    docx = await renderDocx(doc);
    xml = await docxPart(docx, "word/document.xml");
    tables = docxTables(xml);
    md = renderMarkdown(doc);
    html = renderHtml(doc);
  });

  test("the .docx is a zip with document, styles, footers and two native (vector) charts labelled with the printed figures", async () => {
    assert.equal(Buffer.from(docx.subarray(0, 2)).toString(), "PK");
    const types = await docxPart(docx, "[Content_Types].xml");
    assert.match(types, /wordprocessingml\.document\.main\+xml/);
    assert.match(types, /drawingml\.chart\+xml/);
    const rels = await docxPart(docx, "word/_rels/document.xml.rels");
    assert.equal((rels.match(/charts\/chart\d+\.xml/g) ?? []).length, 2);
    const pie = await docxPart(docx, "word/charts/chart1.xml");
    assert.match(pie, /<c:doughnutChart>/);
    for (const label of ["6,561.92万元", "31,586.71万元", "部门决算"]) assert.ok(pie.includes(label), label);
    const bars = await docxPart(docx, "word/charts/chart2.xml");
    assert.match(bars, /<c:barDir val="col"\/>/);
    for (const label of ["70.80%", "94.70%", "98.05%", "70.00%", "履职效能"]) assert.ok(bars.includes(label), label);
    assert.ok(!/word\/media\//.test(rels), "no raster images");
  });

  test("tables are numbered 表1–表3 in the body and 附表1–2 in the appendix, charts 图1–2", () => {
    const captions = docxText(xml)
      .split("\n")
      .filter((l) => /^(附)?[表图]\d+ /.test(l));
    assert.deepEqual(captions, [
      "表1 年度绩效目标表",
      "图1 资金构成（万元）",
      "表2 一级指标得分情况",
      "图2 一级指标得分率",
      "表3 人社局下属单位人员情况",
      "附表1 资金情况表",
      "附表2 评分明细表",
    ]);
  });

  test("表1 holds every row of the published goal table, its hierarchy as vertical merges", () => {
    const t1 = tables[0]!;
    assert.deepEqual(texts(t1)[0], ["一级指标", "二级指标", "三级指标", "指标值"]);
    assert.deepEqual(texts(t1.slice(1)), SEED_TABLE1);
    // 履职效能 spans 8 rows: one restart and seven continuations in the first column.
    const firstColumn = t1.slice(1, 9).map((r) => r[0]!.vMerge);
    assert.deepEqual(firstColumn, ["restart", "continue", "continue", "continue", "continue", "continue", "continue", "continue"]);
    assert.equal(t1[9]![0]!.vMerge, "restart", "管理效率 starts a new merge");
    assert.equal(t1[2]![1]!.vMerge, "continue", "工作目标 covers the second row");
  });

  test("表2 holds the published scores at their printed precision, every score cell with 2 decimals (7.00 beside 21.24)", () => {
    const t2 = texts(tables[1]!);
    assert.deepEqual(t2[0], ["一级指标", "权重", "得分", "得分率"]);
    assertRowsAtPrintedPrecision(t2.slice(1), SEED_TABLE2);
    for (const row of t2.slice(1)) assert.match(row[2]!, /^\d+\.\d{2}$/, `one precision per score column: ${row[2]}`);
    assert.equal(t2[4]![2], "7.00");
    assert.ok(xml.includes(">85.73<") && xml.includes(">70.80%<"));
  });

  test("表3 holds each published staffing row at its printed precision: 空编率 with 2 decimals, '-' when over-staffed", () => {
    const t3 = texts(tables[2]!);
    assert.deepEqual(t3[0], ["单位名称", "编制人数", "实有在职人数", "空编数", "空编率"]);
    assertRowsAtPrintedPrecision(t3.slice(1), SEED_TABLE3);
    assert.equal(t3[3]![4], "62.50%");
  });

  test("the funds table prints 万元 with thousands separators and two decimals, and 合计", () => {
    const funds = texts(tables[3]!);
    assert.deepEqual(funds[0], ["资金名称", "资金来源", "调整后预算（万元）", "实际支出（万元）", "结转结余（万元）", "执行率"]);
    assert.deepEqual(funds[1], ["部门决算", "财政拨款", "6,561.92", "6,561.92", "0.00", "100.00%"]);
    assert.deepEqual(funds[3], ["合计", "", "38,148.63", "38,148.63", "0.00", "100.00%"]);
  });

  test("the appendix holds the whole scoring tree with reasons", () => {
    const tree = texts(tables[4]!);
    assert.deepEqual(tree[0], ["编号", "指标", "权重", "指标值", "实际值", "得分", "评分说明"]);
    assert.equal(tree.length, 1 + 4 + 1);
    assert.equal(tree[1]![1], "履职效能");
    assert.match(tree[1]![6]!, /核心业务能力有欠缺/);
    assert.deepEqual(tree[5]!.slice(1, 3), ["合计", "100"]);
    assert.equal(tree[5]![5], "85.73");
  });

  test("every published figure of 主要绩效 the model holds is printed identically, in docx, md and html", () => {
    const docText = docxText(xml);
    const htmlText = stripTags(html);
    for (const s of SEED_SENTENCES) {
      assert.ok(docText.includes(s), `docx lacks: ${s}`);
      assert.ok(md.includes(s), `md lacks: ${s}`);
      assert.ok(htmlText.includes(s), `html lacks: ${s}`);
    }
    for (const out of [docText, md, htmlText]) assert.ok(!out.includes("{{"), "a placeholder was left unfilled");
  });

  test("the Markdown and HTML tables hold the same published rows", () => {
    const mdRows = md
      .split("\n")
      .filter((l) => l.startsWith("| "))
      .map((l) =>
        l
          .slice(2, -2)
          .split(" | ")
          .map((c) => c.replace(/\*\*/g, "")),
      );
    const htmlRows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...(m[1] ?? "").matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((c) => c[1]!),
    );
    const same = (r: string[], row: string[]) => r.length === row.length && r.every((c, k) => atPrintedPrecision(c, row[k]!));
    for (const row of [...SEED_TABLE2, ...SEED_TABLE3]) {
      assert.ok(
        mdRows.some((r) => same(r, row)),
        `md lacks ${row.join(" ")}`,
      );
      assert.ok(
        htmlRows.some((r) => same(r, row)),
        `html lacks ${row.join(" ")}`,
      );
    }
    assert.ok(md.includes("| **合计** | **100** | **85.73** | **85.73%** |"));
  });

  test("headings follow the seed's outline and numbering", () => {
    const headings = buildReport(yangquan())
      .blocks.filter((b) => b.kind === "heading")
      .map((b) => (b.kind === "heading" ? `${b.number}${b.text}` : ""));
    for (const h of [
      "一、部门概况",
      "（一）部门基本情况",
      "（二）部门目标",
      "1.中长期目标",
      "2.年度总目标",
      "3.年度绩效目标",
      "（三）部门经费",
      "（四）评价结论",
      "二、评价工作开展情况",
      "（八）评价工作过程",
      "三、绩效评价指标分析",
      "（一）履职效能",
      "四、主要绩效及经验做法",
      "（一）主要绩效",
      "1.就业保障方面",
      "4.劳动关系方面",
      "（二）经验做法",
      "五、存在的问题及原因分析",
      "（一）核心业务能力待提升",
      "（二）下属事业单位人员空编情况普遍",
      "（三）部分下属单位预算调整率较高",
      "六、下一步改进意见",
      "（三）细化部门预算，提高预算编制的精准性",
      "七、其他需要说明的问题",
      "附表",
    ]) {
      assert.ok(headings.includes(h), `missing heading ${h}; have ${headings.join(" | ")}`);
    }
    assert.ok(!headings.some((h) => h.startsWith("八、")), "seven sections");
  });

  test("GB/T 9704 formatting: A4, official font names kept, page numbers on odd and even pages", async () => {
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(xml, /w:eastAsia="方正小标宋简体"/);
    const styles = await docxPart(docx, "word/styles.xml");
    for (const font of ["仿宋_GB2312", "黑体", "楷体_GB2312"]) assert.ok(styles.includes(`w:eastAsia="${font}"`), `styles lack ${font}`);
    const settings = await docxPart(docx, "word/settings.xml");
    assert.match(settings, /<w:evenAndOddHeaders\/>/);
    // The cover and 目录 have no page number; the body's odd and even pages do, from 1.
    const footers = await Promise.all([1, 2, 3, 4].map((k) => docxPart(docx, `word/footer${k}.xml`)));
    const numbered = footers.filter((f) => /PAGE/.test(f));
    assert.equal(numbered.length, 2);
    for (const f of numbered) assert.match(f, /w:eastAsia="宋体"/);
    assert.match(xml, /<w:pgNumType w:start="1"\/>/);
    assert.match(xml, /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/, "the appendix is landscape");
  });

  test("the HTML is one page: tables with rowspan, charts as inline SVG with their printed labels", () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<td class="c" rowspan="8">履职效能<\/td>/);
    assert.equal((html.match(/<svg /g) ?? []).length, 2);
    assert.match(html, /<text[^>]*>70\.80%<\/text>/);
    assert.match(html, /size: A4/);
  });
});

describe("Yangquan, national template (财预〔2020〕10号)", () => {
  test("the seven sections of the national outline, one analysis per level-1 indicator, 2-decimal precision columns", async () => {
    const doc = buildReport(yangquan(), { template: "cn-2020" });
    const headings = doc.blocks.filter((b) => b.kind === "heading").map((b) => (b.kind === "heading" ? `${b.number}${b.text}` : ""));
    const top = headings.filter((h) => /^[一二三四五六七]、/.test(h));
    assert.deepEqual(top, [
      "一、基本情况",
      "二、绩效评价工作开展情况",
      "三、综合评价情况及评价结论",
      "四、绩效评价指标分析",
      "五、主要经验及做法、存在的问题及原因分析",
      "六、有关建议",
      "七、其他需要说明的问题",
    ]);
    for (const h of ["（一）履职效能", "（二）管理效率", "（三）社会效应", "（四）可持续性"]) assert.ok(headings.includes(h), h);
    const md = renderMarkdown(doc);
    assert.match(md, /履职效能指标权重30分，得分21\.24分，得分率70\.80%，扣8\.76分。扣分原因：核心业务能力有欠缺/);
    assert.ok(!md.includes("《中共阳泉市委 阳泉市人民政府关于全面实施预算绩效管理的实施办法》（阳发〔2019〕19号）《"), "no nested titles");
    // Precision is the column's: 7.00 beside 21.24, 62.50% (the published 7 and 63% at their printed precision).
    assert.match(md, /\| 可持续性 \| 10 \| 7\.00 \| 70\.00% \|/);
    assert.match(md, /\| 阳泉市职业技能评价服务中心 \| 8 \| 3 \| 5 \| 62\.50% \|/);
    const docx = await renderReport(yangquan(), { format: "docx", template: "cn-2020" });
    const xml = await docxPart(docx, "word/document.xml");
    assert.ok(xml.includes(">85.73<"));
  });
});
