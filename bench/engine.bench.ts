/**
 * npm run bench — score and check 10,000 synthetic evaluations of 40 leaves each three ways: the
 * reference (EvaluationSchema + scoreEvaluation + checkEvaluation, decimal.js), the compiled
 * kernel from the parsed models (scoreFast + checkFast), and the kernel from the documents as data
 * (readDocument: no decimals; runKernel + kernelCheck) — and the same arithmetic on plain numbers
 * in typed arrays as a baseline. Prints parse and scoring times apart, the kernel/baseline ratio,
 * peak memory, and whether every kernel total and grade equals the reference's. Documents are
 * built one at a time (deterministic), never all held. Figures, not
 * assertions (a mismatch exits 1). The machine may be shared: read the figures with its load.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  type DocumentRead,
  type EvaluationInput,
  EvaluationSchema,
  checkEvaluation,
  checkFast,
  kernelCheck,
  readDocument,
  runKernel,
  scoreEvaluation,
  scoreFast,
} from "@jixiao/engine";
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

// Kernel from the documents as data: parse (read without decimals; each document is built just
// before it is read, untimed, and not kept), then score + check.
const leaves: SyntheticLeaf[] = [];
let buildMs = 0;
let readMs = 0;
const reads: Array<DocumentRead | undefined> = [];
for (let i = 0; i < N; i++) {
  const a = performance.now();
  const x: EvaluationInput = syntheticEvaluation(i, leaves);
  const b = performance.now();
  reads.push(readDocument(x));
  readMs += performance.now() - b;
  buildMs += b - a;
  if (i % 1000 === 0) sample();
}
sample();
const kTotals = new Float64Array(N).fill(NaN);
const kGrades: Array<string | undefined> = new Array<string | undefined>(N);
const kDone = new Uint8Array(N);
let kErrors = 0;
let declined = 0;
const tK0 = performance.now();
for (let i = 0; i < N; i++) {
  const r = reads[i];
  const f = r && runKernel(r.tree, r.values);
  if (!f) {
    declined++;
    continue;
  }
  const d = kernelCheck(f);
  if (d) for (const x of d) if (x.severity === "error") kErrors++;
  kTotals[i] = f.total ?? NaN;
  kGrades[i] = f.grade;
  kDone[i] = 1;
}
const tK1 = performance.now();
// Score alone (no check), for the ratio with the baseline's arithmetic.
const tKs0 = performance.now();
for (let i = 0; i < N; i++) {
  const r = reads[i];
  if (r) runKernel(r.tree, r.values);
}
const tKs1 = performance.now();
reads.length = 0;
sample();
const kernelPeak = Math.max(peak, process.resourceUsage().maxRSS * 1024);

// Reference, one evaluation at a time (parse, then score + check, each timed); the kernel from the same parsed model.
let parseMs = 0;
let refMs = 0;
let fastMs = 0;
let graded = 0;
let errors = 0;
let mismatches = 0;
for (let i = 0; i < N; i++) {
  const input = syntheticEvaluation(i);
  const a = performance.now();
  const m = EvaluationSchema.parse(input);
  const b = performance.now();
  const s = scoreEvaluation(m);
  const d = checkEvaluation(m, s);
  const c = performance.now();
  const f = scoreFast(m);
  const fd = checkFast(m, f);
  const e = performance.now();
  parseMs += b - a;
  refMs += c - b;
  fastMs += e - c;
  if (s.grade) graded++;
  errors += d.filter((x) => x.severity === "error").length;
  const cents = s.total === undefined ? NaN : Number(s.total.toFixed(2).replace(".", ""));
  const same = (x: number, y: number): boolean => x === y || (Number.isNaN(x) && Number.isNaN(y));
  if (!same(f.total ?? NaN, cents) || f.grade !== s.grade || fd.length !== d.length) mismatches++;
  if (kDone[i] === 1 && (!same(kTotals[i]!, cents) || kGrades[i] !== s.grade)) mismatches++;
  if (i % 1000 === 0) sample();
}
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

const baseMs = tBase1 - tBase0;
const kernelMs = tK1 - tK0;
const kernelScoreMs = tKs1 - tKs0;
const maxRss = process.resourceUsage().maxRSS * 1024;
const rate = (ms: number, n = N): string => `${Math.round((n / ms) * 1000).toLocaleString("en")}`;
console.log(
  `Jixiao engine benchmark — ${N.toLocaleString("en")} evaluations × ${LEAVES} leaves (${(N * LEAVES).toLocaleString("en")} leaf scores), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
);
console.log(`  build inputs                 ${buildMs.toFixed(0)} ms`);
console.log(`  reference  parse (schema)    ${parseMs.toFixed(0)} ms   ${rate(parseMs)} evaluations/s`);
console.log(`  reference  score + check     ${refMs.toFixed(0)} ms   ${rate(refMs)} evaluations/s`);
console.log(
  `  kernel     on parsed models  ${fastMs.toFixed(0)} ms   (scoreFast + checkFast)   ×${(refMs / fastMs).toFixed(1)} faster than the reference`,
);
console.log(
  `  kernel     parse (documents) ${readMs.toFixed(0)} ms   ${rate(readMs)} evaluations/s   (readDocument: no decimals; ${declined} declined)`,
);
console.log(
  `  kernel     score + check     ${kernelMs.toFixed(0)} ms   ${rate(kernelMs)} evaluations/s   ${rate(kernelMs, N * LEAVES)} leaf scores/s   ×${(refMs / kernelMs).toFixed(0)} faster than the reference`,
);
console.log(`  kernel     score alone       ${kernelScoreMs.toFixed(0)} ms`);
console.log(`  baseline   (floats)          ${baseMs.toFixed(1)} ms   ${rate(baseMs, N * LEAVES)} leaf scores/s`);
console.log(
  `  ratio kernel score + check / baseline  ${(kernelMs / baseMs).toFixed(1)}×   (score alone ${(kernelScoreMs / baseMs).toFixed(1)}×)`,
);
console.log(`  ratio kernel parse / kernel score + check  ${(readMs / kernelMs).toFixed(2)}`);
console.log(
  `  peak memory                  ${mb(kernelPeak)} RSS through the kernel's part, ${mb(Math.max(peak, maxRss))} in all (the reference's part after it)`,
);
console.log(
  `  graded ${graded}, check errors ${errors} (kernel ${kErrors}); kernel totals and grades equal to the reference's: ${N - mismatches}/${N}`,
);
if (mismatches > 0) process.exitCode = 1;
