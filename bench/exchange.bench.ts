/**
 * npm run bench:excel — recalculate an exported workbook of 1,000 evaluations (40 leaves each,
 * the synthetic portfolio of bench/synthetic.ts) with LibreOffice headless, and score the same
 * 1,000 with the engine; print both times and the ratio. Cached results are left out of the
 * workbook, so LibreOffice computes every formula itself; its values are then compared with
 * the engine's (the count of differences is printed, and should be 0). Figures, not assertions.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type Evaluation, EvaluationSchema, dec, scoreEvaluation } from "@jixiao/engine";
import { exportBatchXlsx, readWorkbook } from "@jixiao/exchange";
import { recalculateWithLibreOffice } from "@jixiao/exchange/node";
import { syntheticEvaluation } from "./synthetic.js";

const N = Number(process.env["BENCH_N"] ?? 1000);
const ms = (a: number, b: number): string => `${(b - a).toFixed(0)} ms`;

const models: Evaluation[] = Array.from({ length: N }, (_, i) => EvaluationSchema.parse(syntheticEvaluation(i)));
const dir = mkdtempSync(join(tmpdir(), "jixiao-bench-excel-"));
try {
  const t0 = performance.now();
  const batch = await exportBatchXlsx(models, { cachedResults: false });
  const t1 = performance.now();
  const file = join(dir, "portfolio.xlsx");
  writeFileSync(file, batch.data);
  // LibreOffice's start-up alone, on a one-evaluation workbook, to tell it apart.
  const small = join(dir, "one.xlsx");
  writeFileSync(small, (await exportBatchXlsx(models.slice(0, 1), { cachedResults: false })).data);
  const s0 = performance.now();
  recalculateWithLibreOffice([small], join(dir, "out-one"));
  const s1 = performance.now();
  const l0 = performance.now();
  const [out] = recalculateWithLibreOffice([file], join(dir, "out"));
  const l1 = performance.now();

  // The engine on the same 1,000 (best of 3 runs).
  let engine = Infinity;
  for (let run = 0; run < 3; run++) {
    const e0 = performance.now();
    for (const m of models) scoreEvaluation(m);
    engine = Math.min(engine, performance.now() - e0);
  }

  // LibreOffice's figures against the engine's.
  const sheet = (await readWorkbook(new Uint8Array(readFileSync(out!))))[0]!;
  let differ = 0;
  for (const x of batch.expected) {
    const got = sheet.rows[x.row - 1]?.[x.col - 1] ?? "";
    const value = got.endsWith("%") ? dec(got.slice(0, -1)).dividedBy(100) : /^-?\d/.test(got) ? dec(got) : undefined;
    const shown = x.places !== undefined && value !== undefined ? value.toFixed(x.places) : got;
    if (shown !== x.expected) differ++;
  }
  const lo = l1 - l0;
  console.log(
    `evaluations: ${N} (40 leaves each), formula cells compared: ${batch.expected.length}, workbook ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log(`export (build the workbook):           ${ms(t0, t1)}`);
  console.log(`LibreOffice headless recalculation:    ${lo.toFixed(0)} ms (of which start-up and a 1-evaluation file: ${ms(s0, s1)})`);
  console.log(`engine scoring of the same ${N}:        ${engine.toFixed(1)} ms (best of 3)`);
  console.log(`ratio LibreOffice / engine:            ${(lo / engine).toFixed(0)}×`);
  console.log(`cells where LibreOffice ≠ engine:      ${differ}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
