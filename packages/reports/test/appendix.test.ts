/**
 * The working papers in the appendix (appendix.ts, BuildOptions.appendix): 佐证材料索引 from the
 * stored files (indicator, name, type, size, uploader, time, SHA-256) beside the file's own list,
 * 资料清单汇总 of the data taken in, 专家评分汇总 with the method, result and spread flag; none
 * of them without the input. The phrasebook says 取中位数 for a median panel.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { type ReportAppendix, type TableBlock, buildReport, leafSentence, phrasebook, renderDocx, sizeText } from "../src/pure.js";
import { YANGQUAN_FILE, docxPart, docxTables, yangquan } from "./helpers.js";

const SHA = "5a838678058f" + "0".repeat(52);
const PAPERS: ReportAppendix = {
  evidence: [
    {
      nodeId: "A",
      filename: "省厅考核通报.pdf",
      mediaType: "application/pdf",
      size: 48_213,
      sha256: SHA,
      uploadedBy: "第三方评价机构（演示）",
      uploadedAt: "2026-12-05T10:23:00.000Z",
    },
    {
      nodeId: "C",
      filename: "现场照片.jpg",
      mediaType: "image/jpeg",
      size: 512,
      sha256: "f".repeat(64),
      uploadedBy: null,
      uploadedAt: "2026-12-04T08:00:00.000Z",
    },
  ],
  dataTaken: [
    {
      request: 1,
      title: "2021年度基础数据",
      label: "职业技能培训人数",
      target: "履职效能 · 实际值",
      value: "5300",
      answeredBy: "人社局财务科（演示）",
      answeredAt: "2026-12-05T10:22:46.000Z",
      takenVersion: 2,
    },
  ],
  panels: [
    {
      nodeId: "A",
      name: "履职效能",
      points: "30",
      method: "mean",
      scores: [
        { expert: "评审专家（演示）", score: "27" },
        { expert: "评审专家乙（演示）", score: "12" },
      ],
      result: "19.50",
      spread: "15",
      flagged: true,
      decision: { kind: "adopted", score: "19.50", reason: null },
    },
  ],
};

const table = (doc: ReturnType<typeof buildReport>, key: string) =>
  doc.blocks.find((b): b is TableBlock => b.kind === "table" && b.key === key);
const texts = (t: TableBlock) => t.rows.map((r) => r.map((c) => c.text));

test("佐证材料索引 lists the stored files under their indicators with type, size, uploader, time and SHA-256", () => {
  const doc = buildReport(yangquan(), { appendix: PAPERS });
  const t = table(doc, "evidence");
  assert.ok(t, "an evidence index");
  assert.match(t.label, /^附表\d+$/);
  assert.equal(t.title, "佐证材料索引");
  const rows = texts(t);
  assert.deepEqual(rows[0], ["序号", "编号", "指标或问题", "佐证材料", "类型", "大小", "上传人", "上传时间", "SHA-256"]);
  assert.deepEqual(rows[1], [
    "1",
    "A",
    "履职效能",
    "省厅考核通报.pdf",
    "PDF",
    "47.1 KB",
    "第三方评价机构（演示）",
    "2026-12-05 10:23",
    SHA,
  ]);
  assert.deepEqual(rows[2], ["2", "C", "社会效应", "现场照片.jpg", "图片", "512 B", "-", "2026-12-04 08:00", "f".repeat(64)]);
  // Without the input: no index for Yangquan (its file lists no evidence), no working-paper tables.
  const plain = buildReport(yangquan());
  assert.equal(table(plain, "evidence"), undefined);
  assert.equal(table(plain, "dataTaken"), undefined);
  assert.equal(table(plain, "panel"), undefined);
});

test("资料清单汇总 and 专家评分汇总 follow in the appendix, the panel merged per indicator with its spread flagged", () => {
  const doc = buildReport(yangquan(), { appendix: PAPERS, template: "cn-2020" });
  const data = table(doc, "dataTaken");
  assert.ok(data);
  assert.deepEqual(texts(data)[1], [
    "1",
    "#1 2021年度基础数据",
    "职业技能培训人数",
    "履职效能 · 实际值",
    "5300",
    "人社局财务科（演示）",
    "2026-12-05 10:22",
    "第2版",
  ]);
  const panel = table(doc, "panel");
  assert.ok(panel);
  const rows = texts(panel);
  assert.deepEqual(rows[1], [
    "A",
    "履职效能",
    "30",
    "评审专家（演示）",
    "27.00",
    "算术平均",
    "19.50",
    "15.00（专家意见分歧较大）",
    "采纳（19.50）",
  ]);
  assert.deepEqual(rows[2], ["评审专家乙（演示）", "12.00"], "the indicator's cells span both experts");
  assert.equal(panel.rows[1]![0]!.rowSpan, 2);
  const labels = doc.blocks.filter((b): b is TableBlock => b.kind === "table" && b.label.startsWith("附表")).map((b) => b.key);
  assert.deepEqual(labels.slice(-3), ["evidence", "dataTaken", "panel"]);
  // An overridden panel says so with the reason; a panel nobody has submitted to prints nothing.
  const overridden = buildReport(yangquan(), {
    appendix: { panels: [{ ...PAPERS.panels![0]!, decision: { kind: "overridden", score: "21", reason: "以省厅通报为准" } }] },
  });
  assert.equal(texts(table(overridden, "panel")!)[1]![8], "改定为21.00：以省厅通报为准");
  assert.equal(table(buildReport(yangquan(), { appendix: { panels: [{ ...PAPERS.panels![0]!, scores: [] }] } }), "panel"), undefined);
});

test("the appendix tables render into the .docx", async () => {
  const docx = await renderDocx(buildReport(yangquan(), { appendix: PAPERS }));
  const cells = docxTables(await docxPart(docx, "word/document.xml")).flat(2);
  for (const text of ["省厅考核通报.pdf", SHA, "资料清单", "5300", "15.00（专家意见分歧较大）"])
    assert.ok(
      cells.some((c) => c.text.includes(text)),
      text,
    );
});

test("a median panel is written 取中位数, not 取平均分", () => {
  const rule =
    "    rule: { type: expert, method: median, scores: [{ expert: 甲, score: 27 }, { expert: 乙, score: 12 }, { expert: 丙, score: 20 }] }\n";
  const text = readFileSync(YANGQUAN_FILE, "utf8").replace("    score: 21.24\n", rule);
  const r = loadEvaluation(text, YANGQUAN_FILE);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 2)));
  const a = scoreEvaluation(r.evaluation).all.find((n) => n.id === "A")!;
  const paragraphs = leafSentence(a, phrasebook("zh"));
  assert.match(paragraphs, /由3位专家评分，取中位数/);
  assert.doesNotMatch(paragraphs, /取平均分/);
});

test("sizes as people read them", () => {
  assert.equal(sizeText(0), "0 B");
  assert.equal(sizeText(1023), "1023 B");
  assert.equal(sizeText(1024), "1.0 KB");
  assert.equal(sizeText(20 * 1024 * 1024), "20.00 MB");
});
