/**
 * npm run bench:report — the Yangquan report in each format (md, html, docx, pdf) and a batch of
 * 200 synthetic evaluations to DOCX. Prints the time per report and the peak memory (RSS,
 * sampled every 10 ms). Figures, not assertions. BENCH_N sets the batch size, BENCH_PDF=0 skips
 * LibreOffice.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { loadEvaluation, scoreEvaluation } from "@jixiao/engine";
import { type ReportFormat, buildReport, renderDocx, renderReport } from "@jixiao/reports";
import { syntheticEvaluation } from "../packages/reports/test/synthetic.ts";

const N = Number(process.env["BENCH_N"] ?? 200);
const REPEAT = 5;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 10);

const file = fileURLToPath(new URL("../examples/yangquan-hrss-2021.yaml", import.meta.url));
const loaded = loadEvaluation(readFileSync(file, "utf8"), file);
if (!loaded.ok) throw new Error("the Yangquan example does not load");
const yq = loaded.evaluation;

console.log(`Yangquan report (${REPEAT} runs each after one warm-up; median)`);
const formats: ReportFormat[] = process.env["BENCH_PDF"] === "0" ? ["md", "html", "docx"] : ["md", "html", "docx", "pdf"];
for (const format of formats) {
  const runs = format === "pdf" ? 2 : REPEAT;
  await renderReport(yq, { format });
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const out = await renderReport(yq, { format });
    times.push(performance.now() - t);
    size = out.byteLength;
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${format.padEnd(5)} ${ms(times[Math.floor(times.length / 2)]!).padStart(10)}   (${(size / 1024).toFixed(0)} KB${format === "pdf" ? ", DOCX + LibreOffice" : ""})`,
  );
}
{
  // Where DOCX time goes: structure, charts (SVG + PNG), packing.
  const t0 = performance.now();
  const s = scoreEvaluation(yq);
  const doc = buildReport(yq, { scored: s });
  const t1 = performance.now();
  await renderDocx(doc, { charts: false });
  const t2 = performance.now();
  await renderDocx(doc);
  const t3 = performance.now();
  console.log(`  docx breakdown: score+structure ${ms(t1 - t0)}, docx without charts ${ms(t2 - t1)}, with 2 charts ${ms(t3 - t2)}`);
}

// The batch: N different evaluations (different data, so no chart is rendered twice).
sample();
const models = Array.from({ length: N }, (_, i) => syntheticEvaluation(i));
const t0 = performance.now();
let bytes = 0;
const per: number[] = [];
for (const m of models) {
  const t = performance.now();
  bytes += (await renderReport(m, { format: "docx" })).byteLength;
  per.push(performance.now() - t);
}
const total = performance.now() - t0;
per.sort((a, b) => a - b);
sample();
clearInterval(sampler);
console.log(
  `Batch: ${N} synthetic evaluations → DOCX in ${(total / 1000).toFixed(1)} s: ${ms(total / N)} per report (median ${ms(per[Math.floor(N / 2)]!)}, p95 ${ms(per[Math.floor(N * 0.95)]!)}), ${(bytes / N / 1024).toFixed(0)} KB each`,
);
console.log(`Peak memory (RSS): ${mb(peak)}`);
