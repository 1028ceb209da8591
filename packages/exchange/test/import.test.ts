/**
 * Importing tables: a filled 评分表 as CSV in UTF-8, GB18030 and UTF-16 and as .xlsx with
 * merged level cells read to the same model; header variants; errors name the sheet and
 * cell; with `partial` the valid rows are imported and every rejected row is listed; the
 * .xlsx templates import back.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { EvaluationSchema, scoreEvaluation } from "@jixiao/engine";
import { decodeText, encodeText, importTables, matchHeader, parseCsv, xlsxTemplate, XLSX_TEMPLATES } from "@jixiao/exchange";

const FIX = new URL("./fixtures/import/", import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));

test("CSV in UTF-8, GB18030 and UTF-16 decode to the same text", () => {
  const utf8 = decodeText(bytes("评分表-utf8.csv"));
  const gb = decodeText(bytes("评分表-gb18030.csv"));
  const u16 = decodeText(bytes("评分表-utf16.csv"));
  assert.equal(utf8.encoding, "utf-8");
  assert.equal(gb.encoding, "gb18030");
  assert.equal(u16.encoding, "utf-16le");
  assert.equal(gb.text, utf8.text);
  assert.deepEqual(parseCsv(u16.text), parseCsv(utf8.text));
  // UTF-16 without a BOM, big-endian with one
  assert.equal(decodeText(encodeText("一级指标,分值\n", "utf-16le", false)).text, "一级指标,分值\n");
  assert.equal(decodeText(encodeText("一级指标,分值\n", "utf-16be")).text, "一级指标,分值\n");
});

test("the four encodings/containers import to the same indicator tree, which scores 97 (优)", async () => {
  const trees = [];
  for (const f of ["评分表-utf8.csv", "评分表-gb18030.csv", "评分表-utf16.csv", "自评表.xlsx"]) {
    const r = await importTables(f, bytes(f));
    assert.ok(r.ok, `${f}: ${JSON.stringify(r.problems)}`);
    assert.deepEqual(r.rejected, []);
    const e = EvaluationSchema.parse(r.evaluation);
    const s = scoreEvaluation(e);
    assert.equal(s.total?.toFixed(2), "97.00", f);
    assert.equal(s.grade, "优");
    trees.push(JSON.stringify(r.evaluation?.["indicators"]));
  }
  assert.equal(new Set(trees).size, 1);
  const x = await importTables("自评表.xlsx", bytes("自评表.xlsx"));
  assert.deepEqual(x.evaluation?.["meta"], {
    title: "某市职业技能提升行动2025年度项目支出绩效自评",
    kind: "项目支出",
    fiscalYear: 2025,
    subject: "某市人力资源和社会保障局",
    evaluationType: "单位自评",
  });
});

test("errors name the sheet and cell and what was expected; nothing is imported without partial", async () => {
  const r = await importTables("自评表-mistakes.xlsx", bytes("自评表-mistakes.xlsx"));
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.problems.map((p) => [p.where, p.message.zh]),
    [
      ["基本信息!B4", "预算年度应为 1990–2100 之间的整数，实际为“二〇二五”"],
      ["评分表!E4", "“权重”应为数字，实际为“十分”"],
      ["评分表!E6", "缺少“权重”（分值，应为数字）"],
    ],
  );
  assert.equal(r.evaluation, undefined);
  const csv = await importTables("评分表-mistakes.csv", bytes("评分表-mistakes.csv"));
  assert.equal(csv.ok, false);
  assert.deepEqual(
    csv.problems.map((p) => p.where),
    ["评分表-mistakes!E3", "评分表-mistakes!E5"],
  );
  assert.equal(csv.problems[0]!.message.en, '"权重" should be a number, found "十分"');
});

test("partial: the valid rows are imported and every rejected row is listed with its location", async () => {
  const r = await importTables("评分表-mistakes.csv", bytes("评分表-mistakes.csv"), { partial: true });
  assert.ok(r.ok);
  assert.deepEqual(
    r.rejected.map((x) => [x.where, x.cells[0]]),
    [
      ["评分表-mistakes!A3", "A2"],
      ["评分表-mistakes!A5", "A4"],
    ],
  );
  const e = EvaluationSchema.parse(r.evaluation);
  const ids = scoreEvaluation(e)
    .all.map((n) => n.node.id)
    .filter(Boolean);
  assert.deepEqual(ids, ["A1", "A3", "B1", "B2", "C1"]);
  // 7 data rows = 5 imported + 2 rejected: none silently dropped
  assert.equal(ids.length + r.rejected.length, 7);
});

test("header variants are recognised", () => {
  const roles = (h: string[]) => matchHeader(h)?.columns.map((c) => c.role);
  assert.deepEqual(roles(["一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "得分"]), [
    "level1",
    "level2",
    "level3",
    "weight",
    "target",
    "actual",
    "score",
  ]);
  assert.deepEqual(roles(["一级指标", "权重", "目标值", "实际值", "评分"]), ["level1", "weight", "target", "actual", "score"]);
  assert.deepEqual(roles(["三级指标", "分 值", "年度指标值", "完成值", "得分", "得分率"]), [
    "level3",
    "weight",
    "target",
    "actual",
    "score",
    "rate",
  ]);
  assert.equal(matchHeader(["单位名称", "编制人数", "实有在职人数", "空编数", "空编率"])?.kind, "staff");
  assert.equal(matchHeader(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])?.kind, "funds");
  assert.equal(
    matchHeader(["预算执行情况(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"])?.columns.find(
      (c) => c.role === "score",
    )?.formula,
    "20分*执行率",
  );
  assert.equal(matchHeader(["一级指标", "二级指标", "三级指标", "指标值"])?.kind, "goals");
  assert.equal(matchHeader(["项目名称", "某某项目"]), undefined);
});

test("every .xlsx template imports back (the 评分表 template's tree, weights and targets)", async () => {
  assert.deepEqual(
    XLSX_TEMPLATES.map((t) => t.name),
    ["年度绩效目标表", "评分表", "人员情况", "资金情况", "全部"],
  );
  for (const t of XLSX_TEMPLATES) {
    const data = await xlsxTemplate(t.id);
    const r = await importTables(`${t.name}.xlsx`, data);
    assert.ok(r.ok, `${t.name}: ${JSON.stringify(r.problems)}`);
    EvaluationSchema.parse(r.evaluation);
  }
  const r = await importTables("评分表.xlsx", await xlsxTemplate("scores"));
  const e = EvaluationSchema.parse(r.evaluation);
  assert.equal(scoreEvaluation(e).weight.toFixed(), "100");
  assert.ok(
    scoreEvaluation(e)
      .all.filter((n) => n.children.length === 0)
      .every((n) => n.node.target !== undefined),
  );
});

test("full-width digits (１０, ９５％) read as numbers — actuals kept as written, read by the engine; words in a number column are errors", async () => {
  const csv =
    "一级指标,三级指标,分值,指标值,实际完成值\n产出,培训人次,２０,≥1000,９５０\n产出,合格率,１０,≥90%,９５％\n产出,满意度,十,≥90%,95\n";
  const r = await importTables("自评.csv", encodeText(csv, "gb18030"));
  assert.deepEqual(
    r.problems.map((p) => [p.where, p.message.zh]),
    [["自评!C4", "“分值”应为数字，实际为“十”"]],
  );
  const ok = await importTables("自评.csv", encodeText(csv.split("\n").slice(0, 3).join("\n") + "\n", "utf-8"));
  assert.ok(ok.ok);
  const leaves = (ok.evaluation?.["indicators"] as Array<{ children: Array<{ weight: string; actual: string }> }>)[0]!.children;
  assert.deepEqual(
    leaves.map((l) => [l.weight, l.actual]),
    [
      ["20", "９５０"],
      ["10", "９５％"],
    ],
  );
  const scored = scoreEvaluation(EvaluationSchema.parse(ok.evaluation));
  assert.deepEqual(
    scored.roots[0]!.children.map((n) => [n.actualValue?.toFixed(), n.unit, n.score?.toFixed(2)]),
    [
      ["950", "", "19.00"],
      ["95", "%", "10.00"],
    ],
  );
});
