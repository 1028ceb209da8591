/**
 * npm run bench:batch — `jixiao batch` (the built binary) on 10,000 synthetic evaluations × 40
 * leaves as JSON Lines, as a whole process: wall time and peak memory, with --check and without,
 * on 1 and on all cores. Then every total and grade of the summary is compared with
 * scoreEvaluation's. Figures printed, not assertions (a mismatch exits 1).
 * BENCH_N=100000 npm run bench:batch for the large run.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { EvaluationSchema, formatScore, scoreEvaluation } from "@jixiao/engine";
import { syntheticEvaluation } from "./synthetic.js";

const N = Number(process.env["BENCH_N"] ?? 10_000);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const PEAK = join(ROOT, "bench/peak-memory.mjs");
if (!existsSync(join(ROOT, "packages/cli/dist/batch-command.js")))
  throw new Error("run `npm run build` first (the benchmark runs the built jixiao)");

const dir = mkdtempSync(join(tmpdir(), "jixiao-bench-batch-"));
try {
  const input = join(dir, "evaluations.jsonl");
  const out = createWriteStream(input);
  for (let i = 0; i < N; i++)
    if (!out.write(JSON.stringify(syntheticEvaluation(i)) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  const size = readFileSync(input).length;
  console.log(
    `jixiao batch: ${N.toLocaleString("en")} evaluations × 40 leaves, JSON Lines ${(size / 1024 / 1024).toFixed(1)} MB; ${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(1)}`,
  );

  const run = (label: string, args: string[]): string => {
    const summary = join(dir, `summary-${label.replace(/\W+/g, "-")}.jsonl`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["--import", PEAK, BIN, "batch", input, "--out", summary, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const seconds = (performance.now() - t0) / 1000;
    const peak = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
    const cpu = Number(/cpu-us (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
    if (r.status !== 0) throw new Error(`jixiao batch exited ${r.status}: ${r.stderr}`);
    console.log(
      `  ${label.padEnd(24)} ${seconds.toFixed(2)} s  ${Math.round(N / seconds).toLocaleString("en")} evaluations/s  cpu ${cpu.toFixed(2)} s  peak ${peak.toFixed(0)} MB`,
    );
    return summary;
  };
  run("score, --jobs 1", ["--jobs", "1"]);
  run("score, all cores", []);
  run("score+check, --jobs 1", ["--check", "--jobs", "1"]);
  const checked = run("score+check, all cores", ["--check"]);

  // Every total and grade as the reference path gives it.
  const rows = readFileSync(checked, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { total: string | null; grade: string | null; line: number });
  let mismatches = 0;
  for (let i = 0; i < N; i++) {
    const s = scoreEvaluation(EvaluationSchema.parse(syntheticEvaluation(i)));
    const row = rows[i];
    if (!row || row.line !== i + 1 || row.total !== (s.total ? formatScore(s.total) : null) || row.grade !== (s.grade ?? null))
      mismatches++;
  }
  console.log(`  totals and grades equal to scoreEvaluation's: ${N - mismatches}/${N}${mismatches ? "  MISMATCH" : ""}`);
  if (mismatches > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
