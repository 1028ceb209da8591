/**
 * npm run bench — score and check 10,000 synthetic evaluations of 40 leaves each with the
 * exact engine, and the same arithmetic on plain numbers in typed arrays as a baseline.
 * Prints evaluations/s, leaf scores/s, peak memory and the ratio. Figures, not assertions.
 */
import { performance } from "node:perf_hooks";
import { type Evaluation, type EvaluationInput, EvaluationSchema, checkEvaluation, scoreEvaluation } from "@jixiao/engine";
import { type SyntheticLeaf, syntheticEvaluation } from "./synthetic.js";

const N = Number(process.env["BENCH_N"] ?? 10_000);
const LEAVES = 40;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

// Build and parse (not timed as scoring: loading is measured on its own line).
const leaves: SyntheticLeaf[] = [];
const t0 = performance.now();
const inputs: EvaluationInput[] = Array.from({ length: N }, (_, i) => syntheticEvaluation(i, leaves));
const tBuild = performance.now();
const models: Evaluation[] = inputs.map((x) => EvaluationSchema.parse(x));
const tParse = performance.now();
inputs.length = 0; // only the parsed models stay live while scoring
sample();

// Exact engine: score + check every evaluation.
let totals = 0;
let errors = 0;
const tScore0 = performance.now();
for (const m of models) {
  const s = scoreEvaluation(m);
  const d = checkEvaluation(m, s);
  if (s.grade) totals++;
  errors += d.filter((x) => x.severity === "error").length;
}
const tScore1 = performance.now();
sample();

// Baseline: the same leaf arithmetic and roll-up on Float64Arrays.
const L = leaves.length;
const kind = new Uint8Array(L);
const points = new Float64Array(L);
const target = new Float64Array(L);
const actual = new Float64Array(L);
leaves.forEach((l, i) => {
  kind[i] = ["up", "down", "interval", "step", "qualitative"].indexOf(l.kind);
  points[i] = l.points / 100;
  target[i] = l.target;
  actual[i] = l.actual;
});
const scores = new Float64Array(L);
const evalTotals = new Float64Array(N);
const grades = new Uint8Array(N);
const round2 = (x: number) => Math.round(x * 100) / 100;
const tBase0 = performance.now();
for (let i = 0; i < L; i++) {
  const p = points[i]!;
  const a = actual[i]!;
  const t = target[i]!;
  let s: number;
  switch (kind[i]) {
    case 0:
      s = a >= t ? p : (a / t) * p;
      break;
    case 1:
      s = a <= t ? p : (t / a) * p;
      break;
    case 2:
      s = a >= 80 && a <= 120 ? p : p - (a < 80 ? 80 - a : a - 120) * 0.1;
      break;
    case 3:
      s = a >= 100 ? p : p - (100 - a) * 0.1;
      break;
    default:
      s = p * a;
  }
  scores[i] = round2(Math.min(p, Math.max(0, s)));
}
for (let e = 0; e < N; e++) {
  let total = 0;
  for (let j = 0; j < LEAVES; j++) total += scores[e * LEAVES + j]!;
  evalTotals[e] = round2(total);
  const g = evalTotals[e]!;
  grades[e] = g >= 90 ? 0 : g >= 80 ? 1 : g >= 60 ? 2 : 3;
}
const tBase1 = performance.now();
clearInterval(sampler);
sample();

const exactMs = tScore1 - tScore0;
const baseMs = tBase1 - tBase0;
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `Jixiao engine benchmark — ${N.toLocaleString("en")} evaluations × ${LEAVES} leaves (${(N * LEAVES).toLocaleString("en")} leaf scores), Node ${process.version}`,
);
console.log(`  build inputs        ${(tBuild - t0).toFixed(0)} ms`);
console.log(`  parse (schema)      ${(tParse - tBuild).toFixed(0)} ms   ${((N / (tParse - tBuild)) * 1000).toFixed(0)} evaluations/s`);
console.log(
  `  score + check       ${exactMs.toFixed(0)} ms   ${((N / exactMs) * 1000).toFixed(0)} evaluations/s   ${(((N * LEAVES) / exactMs) * 1000).toFixed(0)} leaf scores/s`,
);
console.log(`  baseline (floats)   ${baseMs.toFixed(1)} ms   ${(((N * LEAVES) / baseMs) * 1000).toFixed(0)} leaf scores/s`);
console.log(`  ratio exact/baseline ${(exactMs / baseMs).toFixed(1)}×`);
console.log(`  peak memory         ${mb(Math.max(peak, maxRss))} RSS`);
console.log(`  graded ${totals}, check errors ${errors}`);
