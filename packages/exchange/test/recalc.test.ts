/**
 * The exported workbook's formulas, recalculated by LibreOffice headless, give exactly the
 * engine's figures at their shown precision: the Yangquan example and 200 property-generated
 * evaluations. Cached results are left out of the files recalculated here, so every compared
 * value was computed by LibreOffice from the formulas, not copied from the engine.
 * One soffice invocation converts both workbooks.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type Evaluation, dec, loadEvaluation } from "@jixiao/engine";
import { type ExpectedCell, exportBatchXlsx, exportXlsx, readWorkbook } from "@jixiao/exchange";
import { recalculateWithLibreOffice } from "@jixiao/exchange/node";
import { needs } from "../../../scripts/test-tools.ts";
import { generatedEvaluations } from "./generate.js";
import { issueLeaves, withUnscored } from "./issue9.ts";

const YANGQUAN = new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url);

function yangquan(): Evaluation {
  const r = loadEvaluation(readFileSync(YANGQUAN, "utf8"), "yangquan-hrss-2021.yaml");
  if (!r.ok) throw new Error("the Yangquan example does not load");
  return r.evaluation;
}

/** The recalculated text of a cell, normalised to the compared precision. */
function shown(text: string, x: ExpectedCell): string {
  if (x.places === undefined || text === "" || text === "-" || !/^-?\d/.test(text)) return text;
  // A percent-formatted cell reads as the percentage it shows ("70.80%"): back to the ratio.
  const value = text.endsWith("%") ? dec(text.slice(0, -1)).dividedBy(100) : dec(text);
  return value.toFixed(x.places);
}

async function mismatches(file: string, expected: ExpectedCell[]): Promise<string[]> {
  const sheets = await readWorkbook(readFileSync(file));
  const out: string[] = [];
  for (const x of expected) {
    const sheet = sheets.find((s) => s.name === x.sheet);
    const got = sheet?.rows[x.row - 1]?.[x.col - 1] ?? "<missing>";
    if (shown(got, x) !== x.expected) out.push(`${x.sheet}!R${x.row}C${x.col} ${x.label}: engine ${x.expected}, LibreOffice ${got}`);
  }
  return out;
}

test(
  "LibreOffice recalculates the exported formulas to the engine's figures (Yangquan + 200 generated + issue 9's units and unscored leaves)",
  { skip: needs(["soffice"], "the LibreOffice recalculation test") },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "jixiao-recalc-"));
    const yq = await exportXlsx(yangquan(), { cachedResults: false });
    const generated = generatedEvaluations(200);
    const batch = await exportBatchXlsx(generated, { cachedResults: false });
    const issue = await exportBatchXlsx([issueLeaves(), withUnscored()], { cachedResults: false });
    const files = [join(dir, "yangquan.xlsx"), join(dir, "generated.xlsx"), join(dir, "issue9.xlsx")];
    writeFileSync(files[0]!, yq.data);
    writeFileSync(files[1]!, batch.data);
    writeFileSync(files[2]!, issue.data);
    const outDir = join(dir, "out");
    const [yqOut, batchOut, issueOut] = recalculateWithLibreOffice(files, outDir);

    // 未评分, 部分合计 and 未评级 come from the formulas too, not only the engine's cached values.
    assert.deepEqual(await mismatches(issueOut!, issue.expected), []);
    const shownByLabel = issue.expected.map((x) => `${x.label}=${x.expected}`);
    for (const want of [
      "总分=98.54",
      "等级=优",
      "产出指标›项目总成本 得分=未评分",
      "产出指标›培训人次 得分=未评分",
      "产出指标 得分=部分合计 20.00",
      "总分=部分合计 39.00，3 个指标未评分",
      "等级=未评级",
    ]) {
      assert.ok(shownByLabel.includes(want), want);
    }

    const yqBad = await mismatches(yqOut!, yq.expected);
    assert.deepEqual(yqBad, []);
    assert.ok(yq.expected.some((x) => x.label === "总分" && x.expected === "85.73"));
    assert.ok(yq.expected.some((x) => x.label === "等级" && x.expected === "良"));

    const bad = await mismatches(batchOut!, batch.expected);
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} of ${batch.expected.length} cells differ`);
    const kinds = new Set(batch.expected.map((x) => x.kind));
    assert.ok(kinds.has("score") && kinds.has("rate") && kinds.has("grade"));
    // Some generated leaves cannot be scored (a level not understood): their parents and totals are partial.
    assert.ok(
      batch.expected.some((x) => x.expected.startsWith("部分合计")),
      "partial totals compared",
    );
    assert.ok(batch.expected.length > 2000, `only ${batch.expected.length} cells compared`);
  },
);

test("every compared cell is a formula, and the cached result is the engine's value", async () => {
  const yq = await exportXlsx(yangquan());
  const sheets = await readWorkbook(yq.data);
  for (const x of yq.expected) {
    if (x.expected === "不适用") continue;
    const got = sheets.find((s) => s.name === x.sheet)?.rows[x.row - 1]?.[x.col - 1] ?? "";
    assert.equal(shown(got, x), x.expected, x.label);
  }
  const formulas = await formulaCells(yq.data);
  for (const x of yq.expected) assert.ok(formulas.has(`${x.sheet}!${x.row}:${x.col}`), `${x.label} is not a formula`);
});

async function formulaCells(data: Uint8Array): Promise<Set<string>> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out = new Set<string>();
  wb.eachSheet((ws) =>
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (cell.type === ExcelJS.ValueType.Formula) out.add(`${ws.name}!${r}:${c}`);
      }),
    ),
  );
  return out;
}
