/**
 * Issue 9 in the workbook: actuals with their unit (a number in the target's unit, shown with
 * it: 5,230人, 520.00万元, 98.00% — never a % on a count), and an indicator the engine cannot
 * score is 未评分 in its score cell, never 0; its parents show 部分合计, the total
 * "部分合计 39.00，3 个指标未评分" and the grade 未评级. The formulas keep it so: enter the
 * missing figure in Excel and the score, subtotals, total and grade appear.
 * (LibreOffice's recalculation of the same cells: recalc.test.ts.)
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EvaluationSchema, scoreEvaluation } from "@jixiao/engine";
import { exportXlsx, importTables, readWorkbook } from "@jixiao/exchange";
import { issueLeaves, withUnscored } from "./issue9.ts";

async function sheetCells(data: Uint8Array): Promise<Map<string, { value: unknown; numFmt: string; formula?: string; result?: unknown }>> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out = new Map<string, { value: unknown; numFmt: string; formula?: string; result?: unknown }>();
  const ws = wb.getWorksheet("评分表")!;
  ws.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      const m = cell.model as { formula?: string; result?: unknown };
      out.set(`${r}:${c}`, { value: cell.value, numFmt: cell.numFmt ?? "", formula: m.formula, result: m.result });
    }),
  );
  return out;
}

/** The row of the sheet whose cells include `name`, as text (cached results). */
async function rowOf(data: Uint8Array, name: string): Promise<string[]> {
  const [sheet] = await readWorkbook(data);
  return sheet!.rows.find((r) => r.includes(name)) ?? [];
}

describe("actuals with their unit", () => {
  test("the actual cell holds the figure in the target's unit, formatted with that unit", async () => {
    const x = await exportXlsx(issueLeaves());
    const cells = await sheetCells(x.data);
    const header = [...cells].filter(([k]) => k.startsWith("3:")).map(([k, v]) => [Number(k.split(":")[1]), v.value] as const);
    const actualCol = header.find(([, v]) => v === "实际完成值")![0];
    const nameCol = header.find(([, v]) => v === "二级指标")![0];
    const rows = new Map(
      [...cells].filter(([k]) => k.endsWith(`:${nameCol}`)).map(([k, v]) => [v.value as string, Number(k.split(":")[0])]),
    );
    const actual = (name: string) => cells.get(`${rows.get(name)}:${actualCol}`)!;
    assert.deepEqual([actual("受益人数").value, actual("受益人数").numFmt], [5230, '#,##0"人"']);
    assert.deepEqual([actual("验收合格率").value, actual("验收合格率").numFmt], [100, '#,##0.00"%"']);
    assert.deepEqual([actual("项目总成本").value, actual("项目总成本").numFmt], [520, '#,##0.00"万元"']);
    assert.deepEqual([actual("任务完成率").value, actual("任务完成率").numFmt], [98, '#,##0.00"%"']);
    // No Excel percentage format (which would multiply by 100) on any actual.
    for (const name of rows.keys()) assert.doesNotMatch(actual(name)?.numFmt ?? "", /^[^"]*%/);
  });
  test("the scores and the total are the engine's: 25.00, 25.00, 24.04, 24.50, 98.54 优", async () => {
    const x = await exportXlsx(issueLeaves());
    const want = new Map(x.expected.map((c) => [c.label, c.expected]));
    assert.equal(want.get("产出指标›项目总成本 得分"), "24.04");
    assert.equal(want.get("产出指标›任务完成率 得分"), "24.50");
    assert.equal(want.get("总分"), "98.54");
    assert.equal(want.get("等级"), "优");
  });
  test("export → import reads the actuals back to the same scores", async () => {
    const e = issueLeaves();
    const r = await importTables("导出.xlsx", (await exportXlsx(e)).data);
    assert.ok(r.ok);
    const back = scoreEvaluation(EvaluationSchema.parse(r.evaluation));
    assert.equal(back.total?.toFixed(2), "98.54");
  });
});

describe("an indicator that cannot be scored", () => {
  test("未评分 in its score cell (never 0), 部分合计 above it, the total partial and no grade", async () => {
    const x = await exportXlsx(withUnscored());
    const header = await rowOf(x.data, "得分");
    const score = header.indexOf("得分");
    assert.equal((await rowOf(x.data, "项目总成本"))[score], "未评分");
    assert.ok((await rowOf(x.data, "培训人次")).includes("未评分"));
    assert.ok((await rowOf(x.data, "制度健全性")).includes("未评分"));
    assert.ok((await rowOf(x.data, "产出指标")).includes("部分合计 20.00"));
    assert.ok((await rowOf(x.data, "效益指标")).includes("部分合计 19.00"));
    const total = await rowOf(x.data, "合计");
    assert.ok(total.includes("部分合计 39.00，3 个指标未评分"), total.join("|"));
    assert.ok((await rowOf(x.data, "绩效等级")).includes("未评级"));
    assert.ok(!(await rowOf(x.data, "绩效等级")).some((c) => /^[优良中差]$/.test(c)));
  });
  test("the formulas: a missing figure gives 未评分, parents and total take what is scored so far", async () => {
    const x = await exportXlsx(withUnscored());
    const cells = await sheetCells(x.data);
    const formulas = [...cells.values()].map((c) => c.formula ?? "");
    assert.ok(
      formulas.some((f) => /^IF\(ISNUMBER\([A-Z]+\d+\),.*"未评分"\)$/.test(f)),
      "a leaf's score is 未评分 without a figure",
    );
    assert.ok(
      formulas.some((f) => f.includes('"部分合计 "&TEXT(')),
      "parents and the total say 部分合计",
    );
    assert.ok(
      formulas.some((f) => f.includes('"未评级"')),
      "the grade says 未评级",
    );
    const labels = x.expected.map((c) => `${c.label}=${c.expected}`);
    assert.ok(labels.includes("产出指标›项目总成本 得分=未评分"));
    assert.ok(labels.includes("总分=部分合计 39.00，3 个指标未评分"));
    assert.ok(labels.includes("等级=未评级"));
  });
  test("export → import keeps the gaps: the same leaves unscored, no grade stated", async () => {
    const r = await importTables("导出.xlsx", (await exportXlsx(withUnscored())).data);
    assert.ok(r.ok);
    const back = scoreEvaluation(EvaluationSchema.parse(r.evaluation));
    assert.equal(back.unscored, 3);
    assert.equal(back.partialTotal?.toFixed(2), "39.00");
    assert.equal((r.evaluation as { stated?: { grade?: string } }).stated?.grade, undefined);
  });
});
