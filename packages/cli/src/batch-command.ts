/**
 *   jixiao batch PATH… [--check] [--out summary.csv|summary.xlsx|summary.jsonl] [--jobs N] [--force]
 * Scores (and checks) every evaluation of the paths — Jixiao files (.yaml/.json), folders of
 * them, JSON Lines (.jsonl, one evaluation a line) — on worker threads, one summary row each, in
 * input order. A source that cannot be read is a row with its error. Exit codes: 0 no errors;
 * 1 some evaluation has errors (or could not be read); 2 bad usage.
 */
import { closeSync, createReadStream, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import type { Lang } from "@jixiao/engine";
import { type CellSpec, csvCell, csvText, writeWorkbook } from "@jixiao/exchange";
import {
  type BatchItem,
  type BatchOptions,
  type BatchRow,
  FIXED_AFTER,
  FIXED_BEFORE,
  evaluateChunk,
  level1Names,
  rowCells,
  summaryJsonl,
} from "./batch.js";
import type { Io } from "./main.js";
import { type Align, renderTable } from "./table.js";
import { t } from "./text.js";

export interface BatchCommandContext {
  io: Io;
  preLang: Lang;
  lang: () => Lang;
  exit: (code: number) => Error;
}

/** Items per message to a worker: large enough that posting costs little, small enough to spread. */
const CHUNK = 100;
const EVALUATION_FILE = new Set([".yaml", ".yml", ".json"]);
const OUT_FORMATS = new Set([".csv", ".xlsx", ".jsonl"]);

function isJsonl(file: string): boolean {
  return [".jsonl", ".ndjson"].includes(extname(file).toLowerCase());
}

/** The files of the arguments: a folder gives its evaluation files and JSON Lines (sorted, recursively). */
function sourcesOf(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if ((EVALUATION_FILE.has(extname(name).toLowerCase()) || isJsonl(name)) && !name.startsWith(".")) out.push(p);
    }
  };
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory()) walk(a);
    else out.push(a);
  }
  return out;
}

function openProblem(file: string, lang: Lang): string | undefined {
  try {
    if (statSync(file).isDirectory()) return t(lang, "cli/is-dir", { file });
    return undefined;
  } catch (err) {
    return t(lang, (err as NodeJS.ErrnoException).code === "ENOENT" ? "cli/no-file" : "cli/unreadable", { file });
  }
}

/** Every item of the sources, in chunks, read as they are needed (a large JSON Lines file is streamed). */
async function* chunksOf(files: readonly string[], lang: Lang): AsyncGenerator<BatchItem[]> {
  let chunk: BatchItem[] = [];
  for (const file of files) {
    if (!isJsonl(file)) {
      chunk.push({ file });
    } else {
      const problem = openProblem(file, lang);
      if (problem !== undefined) chunk.push({ file, problem });
      else {
        let line = 0;
        const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
        for await (const raw of lines) {
          line++;
          const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
          if (text.trim() === "") continue;
          chunk.push({ file, line, text });
          if (chunk.length >= CHUNK) {
            yield chunk;
            chunk = [];
          }
        }
      }
    }
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** How many rows the sources will give (for the progress bar): non-blank lines of JSON Lines, 1 a file. */
async function countItems(files: readonly string[]): Promise<number> {
  let n = 0;
  for (const file of files) {
    if (!isJsonl(file) || openProblem(file, "en") !== undefined) {
      n++;
      continue;
    }
    let last = 10;
    let blankRun = true;
    for await (const buf of createReadStream(file) as AsyncIterable<Buffer>) {
      for (const byte of buf) {
        if (byte === 10) {
          if (!blankRun) n++;
          blankRun = true;
        } else if (byte !== 13 && byte !== 32 && byte !== 9) blankRun = false;
        last = byte;
      }
    }
    if (last !== 10 && !blankRun) n++;
  }
  return n;
}

function workerUrl(): URL {
  return new URL("./batch-worker.js", import.meta.url);
}

/** Run from the TypeScript sources (tsx), a worker thread could not load the .ts worker: one thread then. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * Score the chunks on up to `jobs` worker threads (started as they are needed) and hand their
 * rows to `emit` in input order, as soon as they are next (so a JSON Lines summary is written as
 * it goes: memory stays flat however long the input). A single chunk, or `jobs` 1, is scored in
 * this thread: starting a worker costs more than a few evaluations (and so is everything when
 * running from the sources).
 */
async function runChunks(
  chunks: AsyncGenerator<BatchItem[]>,
  jobs: number,
  opts: BatchOptions,
  done: (n: number) => void,
  emit: (rows: BatchRow[]) => void,
): Promise<void> {
  const first = await chunks.next();
  if (first.done) return;
  const second = await chunks.next();
  if (jobs <= 1 || second.done || FROM_SOURCES) {
    for (const chunk of [first.value, ...(second.done ? [] : [second.value])]) {
      emit(evaluateChunk(chunk, opts));
      done(chunk.length);
    }
    for await (const chunk of chunks) {
      emit(evaluateChunk(chunk, opts));
      done(chunk.length);
    }
    return;
  }
  // Chunks that came back before the one due: at most one per worker waits here.
  const ready = new Map<number, BatchRow[]>();
  let due = 0;
  const arrived = (index: number, rows: BatchRow[]): void => {
    ready.set(index, rows);
    for (let next = ready.get(due); next !== undefined; next = ready.get(due)) {
      ready.delete(due++);
      emit(next);
    }
  };
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];
  const inFlight = new Set<Promise<void>>();
  const release = (w: Worker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  const acquire = async (): Promise<Worker> => {
    const w = idle.pop();
    if (w) return w;
    if (workers.length < jobs) {
      const fresh = new Worker(workerUrl(), { workerData: opts });
      workers.push(fresh);
      return fresh;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  let failure: unknown;
  const send = async (chunk: BatchItem[], index: number): Promise<void> => {
    const w = await acquire();
    const p = new Promise<void>((resolve) => {
      const onMessage = (rows: BatchRow[]): void => {
        w.off("error", onError);
        arrived(index, rows);
        done(chunk.length);
        release(w);
        resolve();
      };
      const onError = (err: Error): void => {
        w.off("message", onMessage);
        failure ??= err;
        // The thread is gone: a fresh one takes its place so nothing waits for it forever.
        const fresh = new Worker(workerUrl(), { workerData: opts });
        workers.push(fresh);
        release(fresh);
        resolve();
      };
      w.once("message", onMessage);
      w.once("error", onError);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
    w.postMessage(chunk);
  };
  try {
    let index = 0;
    await send(first.value, index++);
    await send(second.value, index++);
    for await (const chunk of chunks) {
      if (failure !== undefined) break;
      await send(chunk, index++);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function tableOf(rows: readonly BatchRow[], L: Lang): string {
  const names = level1Names(rows);
  const header = [
    t(L, "cli/h-source"),
    t(L, "cli/h-title"),
    t(L, "cli/total"),
    t(L, "cli/h-partial"),
    t(L, "cli/h-unscored"),
    t(L, "cli/grade"),
    ...names,
    t(L, "cli/h-errors"),
    t(L, "cli/h-warnings"),
  ];
  const body = rows.map((r) => {
    const scores = new Map(r.level1);
    return [
      r.line !== undefined ? `${r.file}:${r.line}` : r.file,
      r.error !== undefined ? r.error : (r.title ?? ""),
      r.total ?? "-",
      r.partialTotal ?? "-",
      r.unscored !== undefined ? String(r.unscored) : "-",
      r.grade ?? "-",
      ...names.map((n) => scores.get(n) || "-"),
      String(r.errors),
      String(r.warnings),
    ];
  });
  const align = header.map((_, i): Align => (i < 2 || i === 5 ? "left" : "right"));
  return renderTable(header, body, align);
}

/** The summary as one sheet (through the exchange package's workbook writer): scores as numbers. */
async function summaryXlsx(rows: readonly BatchRow[], L: Lang): Promise<Uint8Array> {
  const names = level1Names(rows);
  const header = [...FIXED_BEFORE, ...names, ...FIXED_AFTER];
  const cells: Array<{ row: number; col: number; cell: CellSpec }> = header.map((h, i) => ({
    row: 1,
    col: i + 1,
    cell: { text: h, style: "header" },
  }));
  const scoreColumns = new Set([3, 4, ...names.map((_, i) => FIXED_BEFORE.length + i)]);
  rows.forEach((r, ri) => {
    rowCells(r, names).forEach((v, ci) => {
      if (v === undefined || v === "") return;
      const cell: CellSpec =
        typeof v === "number"
          ? { number: v, style: "count" }
          : scoreColumns.has(ci)
            ? { number: Number(v), style: "score" }
            : { text: v, style: "text" };
      cells.push({ row: ri + 2, col: ci + 1, cell });
    });
  });
  const widths = [36, 6, 36, 8, 10, 8, 6, ...names.map(() => 10), 6, 6, 60];
  return writeWorkbook([{ name: L === "zh" ? "汇总" : "summary", widths, cells, freezeRow: 1 }], {
    title: L === "zh" ? "批量评分汇总" : "batch summary",
  });
}

export function registerBatchCommand(program: Command, ctx: BatchCommandContext): void {
  const { io, preLang, lang } = ctx;
  program
    .command("batch")
    .description(t(preLang, "cli/cmd-batch"))
    .argument("<paths...>", t(preLang, "cli/arg-batch-paths"))
    .option("--check", t(preLang, "cli/opt-batch-check"))
    .option("--out <summary>", t(preLang, "cli/opt-batch-out"))
    .option("--jobs <n>", t(preLang, "cli/opt-jobs"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (paths: string[], opts: { check?: boolean; out?: string; jobs?: string; force?: boolean }) => {
      const L = lang();
      const outExt = opts.out !== undefined ? extname(opts.out).toLowerCase() : undefined;
      if (opts.out !== undefined && !OUT_FORMATS.has(outExt ?? "")) {
        io.err(t(L, "cli/batch-bad-out", { file: opts.out }));
        throw ctx.exit(2);
      }
      const jobs = opts.jobs === undefined ? availableParallelism() : Number(opts.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
        io.err(t(L, "cli/bad-jobs", { value: opts.jobs ?? "" }));
        throw ctx.exit(2);
      }
      if (opts.out !== undefined && io.exists(opts.out) && !opts.force) {
        io.err(t(L, "cli/exists", { file: opts.out }));
        throw ctx.exit(2);
      }
      const files = sourcesOf(paths);
      const bar = process.stderr.isTTY
        ? new SingleBar(
            { format: "{bar} {value}/{total}", stream: process.stderr, hideCursor: true, clearOnComplete: true },
            Presets.shades_classic,
          )
        : undefined;
      if (bar) bar.start(await countItems(files), 0);
      // JSON Lines are written as the rows come (nothing held); CSV, xlsx and the table need every
      // row first (their columns are the union of the level-1 names).
      const rows: BatchRow[] = [];
      let [count, withErrors, unreadable] = [0, 0, 0];
      const fd = outExt === ".jsonl" ? openSync(opts.out!, "w") : undefined;
      const emit = (chunk: BatchRow[]): void => {
        for (const r of chunk) {
          count++;
          if (r.errors > 0) withErrors++;
          if (r.title === undefined) unreadable++;
        }
        if (fd !== undefined) writeSync(fd, summaryJsonl(chunk), null, "utf8");
        else rows.push(...chunk);
      };
      try {
        await runChunks(chunksOf(files, L), jobs, { check: opts.check === true, lang: L }, (n) => bar?.increment(n), emit);
      } finally {
        bar?.stop();
        if (fd !== undefined) closeSync(fd);
      }
      if (outExt === ".csv") writeFileSync(opts.out!, summaryCsv(rows), "utf8");
      else if (outExt === ".xlsx") writeFileSync(opts.out!, await summaryXlsx(rows, L));
      else if (fd === undefined && rows.length > 0) io.out(tableOf(rows, L));
      const message = t(L, "cli/batch-done", { n: count, errors: withErrors, unreadable });
      if (opts.out !== undefined) io.out(`${t(L, "cli/written", { file: opts.out })}${L === "zh" ? "；" : "; "}${message}`);
      else io.err(message);
      if (withErrors > 0) throw ctx.exit(1);
    });
}

/** A cell of the summary: text columns are neutralised against spreadsheet formulas, figures are not. */
function csvField(v: string | number | undefined, text: boolean): string {
  return csvCell(v, text && typeof v !== "number");
}

/** CSV with a byte-order mark (so Excel opens the Chinese as UTF-8), CRLF line ends. */
function summaryCsv(rows: readonly BatchRow[]): string {
  const names = level1Names(rows);
  const header = [...FIXED_BEFORE, ...names, ...FIXED_AFTER].map((h) => csvField(h, true));
  const textColumns = new Set([0, 2, 6, FIXED_BEFORE.length + names.length + 2]);
  const lines = rows.map((r) => rowCells(r, names).map((v, i) => csvField(v, textColumns.has(i))));
  return csvText([header, ...lines]);
}
