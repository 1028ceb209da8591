/**
 * Template = export, and the round trip is exact: an exported workbook imports back to the
 * evaluation it came from (every indicator field: rules with their parameters, checklist items,
 * expert scores, deductions with their reasons, 不适用 with its reason, formula links and their
 * inputs, evidence), and exporting that again gives the same workbook cell for cell — for
 * Yangquan and 60 property-generated evaluations, four levels deep. A template downloaded,
 * filled in and uploaded gives the engine template's tree with no errors.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { type Evaluation, type EvaluationInput, EvaluationSchema, buildTemplate, loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { exportXlsx, importTables, readWorkbook, xlsxTemplate } from "@jixiao/exchange";
import { generatedEvaluations } from "./generate.js";

function scores(e: Evaluation): string[] {
  const s = scoreEvaluation(e);
  return [
    ...s.all.map((n) => `${n.trail.join("›")}=${n.notApplicable ? "NA" : n.score?.toFixed(2)}`),
    `total=${s.total?.toFixed(2)}`,
    `grade=${s.grade}`,
  ];
}

async function roundTrip(e: Evaluation): Promise<Evaluation> {
  const x = await exportXlsx(e);
  const r = await importTables("导出.xlsx", x.data);
  assert.ok(r.ok, JSON.stringify(r.problems.slice(0, 3)));
  assert.deepEqual(r.rejected, []);
  return EvaluationSchema.parse(r.evaluation);
}

/** Every cell's text and every merge of every sheet. */
async function grid(data: Uint8Array): Promise<unknown> {
  return (await readWorkbook(data)).map((s) => ({ name: s.name, rows: s.rows, merges: s.merges }));
}

/** The indicator tree as data (printed figures aside: a workbook has none). */
function tree(nodes: readonly unknown[]): unknown {
  return JSON.parse(
    JSON.stringify(nodes, (k, v: unknown) => {
      if (k === "stated") return undefined;
      if (k === "deductions" && Array.isArray(v) && v.length === 0) return undefined;
      return v;
    }),
  );
}

const yangquan = (): Evaluation => {
  const r = loadEvaluation(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"), "y.yaml");
  assert.ok(r.ok);
  return r.evaluation;
};

test("Yangquan: export → import gives the same tree, scores, total 85.73 良, metadata, staffing and funds; export again is identical", async () => {
  const e = yangquan();
  const back = await roundTrip(e);
  assert.deepEqual(scores(back), scores(e));
  assert.deepEqual(tree(back.indicators), tree(e.indicators));
  assert.equal(back.meta.title, e.meta.title);
  assert.equal(back.meta.fiscalYear, 2021);
  assert.equal(back.organisation?.units.length, 8);
  assert.deepEqual(
    back.funds?.lines.map((l) => [l.name, l.source]),
    e.funds?.lines.map((l) => [l.name, l.source]),
  );
  assert.equal(back.funds?.stated?.total, e.funds?.stated?.total);
  assert.deepEqual(await grid((await exportXlsx(back)).data), await grid((await exportXlsx(e)).data));
});

test("60 generated evaluations: export → import keeps every indicator field; export → import → export is identical", async () => {
  for (const e of generatedEvaluations(60, 7)) {
    const first = await exportXlsx(e);
    const back = await roundTrip(e);
    assert.deepEqual(scores(back), scores(e));
    assert.deepEqual(tree(back.indicators), tree(e.indicators));
    assert.deepEqual(await grid((await exportXlsx(back)).data), await grid(first.data));
  }
});

test("funds links, formula inputs, checklist items, expert scores, deductions, 不适用 reasons and evidence survive", async () => {
  const doc = buildTemplate("department", { fiscalYear: 2024, subject: "某局" }) as EvaluationInput & Record<string, unknown>;
  doc["funds"] = {
    unit: "万元",
    lines: [
      { name: "基本支出", source: "财政拨款", initialBudget: 800, adjustedBudget: 900, actual: 870.5 },
      { name: "项目支出", initialBudget: 200, adjustedBudget: 260, actual: 231.25, carryover: 28.75 },
    ],
    stated: { total: "1,101.75" },
  };
  const leaves: Array<Record<string, unknown>> = [];
  const walk = (ns: Array<Record<string, unknown>>): void =>
    ns.forEach((n) => (Array.isArray(n["children"]) ? walk(n["children"] as Array<Record<string, unknown>>) : leaves.push(n)));
  walk(doc.indicators as Array<Record<string, unknown>>);
  const linked = leaves.filter((l) => l["formula"] === "budgetExecutionRate");
  assert.ok(linked.length > 0, "the department template links 预算执行率 to the funds");
  for (const l of leaves) {
    const rule = l["rule"] as { type: string; items?: Array<Record<string, unknown>> } | undefined;
    if (rule?.type === "checklist") rule.items!.forEach((i, k) => (i["met"] = k % 2 === 0));
  }
  const free = leaves.filter((l) => !l["formula"] && (l["rule"] as { type?: string } | undefined)?.type !== "checklist");
  const plain = free[0]!;
  delete plain["rule"];
  Object.assign(plain, { formula: "done / planned * 100", inputs: { done: 45, planned: 50 }, target: "≥90%" });
  Object.assign(free[1]!, {
    evidence: ["会议纪要", "验收报告"],
    deductions: [
      { reason: "台账不全", points: 0.5 },
      { reason: "超期；未整改", points: 1 },
    ],
  });
  Object.assign(free[2]!, { notApplicable: true, notApplicableReason: "本年度无此项业务" });
  Object.assign(free[3]!, {
    rule: {
      type: "expert",
      method: "trimmedMean",
      trim: 1,
      scores: [
        { expert: "甲", score: 8 },
        { expert: "乙", score: 9 },
        { expert: "丙", score: 7.5 },
      ],
    },
  });
  const e = EvaluationSchema.parse(doc);
  const back = await roundTrip(e);
  assert.deepEqual(tree(back.indicators), tree(e.indicators));
  assert.deepEqual(scores(back), scores(e));
  const link = scoreEvaluation(back).all.find((n) => n.node.formula === "budgetExecutionRate")!;
  assert.equal(link.node.actual, undefined, "the actual stays derived from the funds");
  assert.equal(link.actualValue?.toFixed(4), "94.9784");
  // A change to the funds moves the linked indicator after the round trip.
  back.funds!.lines[0]!.actual = back.funds!.lines[0]!.adjustedBudget!;
  assert.notEqual(
    scoreEvaluation(back)
      .all.find((n) => n.node.formula === "budgetExecutionRate")!
      .actualValue?.toFixed(4),
    "94.9784",
  );
});

/** Fill a downloaded template as a person would: an actual for every leaf, checklist items ticked. */
async function fill(data: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("评分表")!;
  const head = ws.getRow(3);
  const colOf = (name: string): number => {
    let c = 0;
    head.eachCell((cell, i) => {
      if (cell.value === name) c = i;
    });
    assert.ok(c > 0, name);
    return c;
  };
  const [target, actual, method, details] = [colOf("指标值"), colOf("实际完成值"), colOf("评分方法"), colOf("评分明细")];
  ws.eachRow((row, r) => {
    if (r <= 3) return;
    const m = String(row.getCell(method).value ?? "");
    const t = String(row.getCell(target).value ?? "");
    if (/^清单/.test(m)) row.getCell(details).value = String(row.getCell(details).value).replace(/○/g, "✓");
    else if (t && !/^下级合计/.test(m)) row.getCell(actual).value = /-?\d+(\.\d+)?%?/.exec(t)?.[0] ?? t;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

for (const from of ["project", "department", "self-evaluation"]) {
  test(`template (${from}): the export's columns; downloaded, filled and uploaded it gives the engine template's tree, scored, no errors`, async () => {
    const expected = EvaluationSchema.parse(buildTemplate(from, {}));
    const data = await xlsxTemplate("all", { from });
    const blank = await importTables("模板.xlsx", data);
    assert.deepEqual(blank.problems, []);
    assert.ok(blank.ok);
    assert.deepEqual(tree(EvaluationSchema.parse(blank.evaluation).indicators), tree(expected.indicators));
    const exportHeader = (await readWorkbook((await exportXlsx(expected)).data)).find((s) => s.name === "评分表")!.rows[2];
    assert.deepEqual((await readWorkbook(data)).find((s) => s.name === "评分表")!.rows[2], exportHeader);
    const filled = await importTables("填好的模板.xlsx", await fill(data));
    assert.deepEqual(filled.problems, []);
    assert.deepEqual(filled.rejected, []);
    const e = EvaluationSchema.parse(filled.evaluation);
    const names = (ns: readonly { name: string; children?: readonly unknown[] }[]): unknown =>
      ns.map((n) => [n.name, n.children ? names(n.children as typeof ns) : []]);
    assert.deepEqual(names(e.indicators), names(expected.indicators));
    const s = scoreEvaluation(e);
    assert.equal(
      s.unscored,
      0,
      s.all
        .filter((n) => n.unscored && !n.children.length)
        .map((n) => n.trail.join("›") + " " + n.explanation.zh)
        .join("\n"),
    );
    assert.ok(s.total !== undefined && s.grade !== undefined);
  });
}
