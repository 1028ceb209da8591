/**
 * Uploads are parsed off the event loop: a small pool of worker threads (node:worker_threads)
 * reads Jixiao files (YAML/JSON) and .xlsx/.csv tables, so /healthz and every other request
 * keep answering while an upload is read. Each task has a time limit and each worker a heap
 * limit; a task beyond either terminates its worker (a fresh one takes its place) and is
 * refused as too large ("too large or too slow") — a hostile file costs one worker, never the process.
 * The limits on what a file may contain (LOAD_LIMITS, IMPORT_LIMITS) are checked inside; these
 * are the backstop for whatever they miss. Created by the composition root (app.ts).
 */
import { Worker } from "node:worker_threads";
import type { LoadError } from "@jixiao/engine";
import type { Lang } from "@jixiao/engine";
import type { FormProblem, ImportResult } from "@jixiao/exchange";
import type { AuditZipResult } from "./audit-forms.js";
import { tooLarge, unavailable } from "../errors.js";
import { type MessageParam, message } from "../messages.js";

export type ParseTask =
  | { kind: "load"; text: string; filename: string }
  | { kind: "tables"; filename: string; data: Uint8Array; partial: boolean }
  | { kind: "audit"; filename: string; data: Uint8Array; lang: Lang }
  | { kind: "filing-form"; filename: string; data: Uint8Array }
  | { kind: "monitoring-form"; filename: string; data: Uint8Array };
/** A Jixiao file read: its document (input form, plain JSON), or its errors with line:column. */
export type LoadedFile = { ok: true; document: unknown } | { ok: false; errors: LoadError[] };
/** A folder audit's answer crosses the thread as JSON: the workbook as base64. */
export type AuditedZip = Exclude<AuditZipResult, { ok: true }> | (Omit<Extract<AuditZipResult, { ok: true }>, "xlsx"> & { xlsx: string });
/**
 * A 申报表 or 监控表 read (exchange's workbookToFiling / workbookToMonitoring): the document in its
 * input form (decimal strings, as the JSON endpoints take it) when there were no errors, every
 * problem naming file, sheet, cell, field and what was expected.
 */
export interface ReadForm {
  ok: boolean;
  document?: Record<string, unknown>;
  problems: FormProblem[];
  notes: Array<{ zh: string; en: string }>;
}
type ResultOf<T extends ParseTask> = T extends { kind: "load" }
  ? LoadedFile
  : T extends { kind: "audit" }
    ? AuditedZip
    : T extends { kind: "filing-form" | "monitoring-form" }
      ? ReadForm
      : ImportResult;

export const PARSE_LIMITS = {
  /** Worker threads (the machine's other cores serve requests). */
  workers: 2,
  /** Time one upload may take to read. */
  timeoutMs: 20_000,
  /** A folder audit (a .zip of hundreds of forms) may take this many times as long. */
  auditTimeoutFactor: 9,
  /** Heap of one worker. */
  heapMb: 768,
  /** Uploads waiting for a worker; more are refused as unavailable (busy). */
  queue: 16,
} as const;

export interface ParsePoolOptions {
  workers?: number;
  timeoutMs?: number;
  heapMb?: number;
  queue?: number;
  auditTimeoutFactor?: number;
}

interface Job {
  id: number;
  task: ParseTask;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

// The built server runs parse-worker.js. Under tsx (tests, development) the sources are .ts and
// a worker's entry does not get tsx's loader, so a two-line bootstrap registers it first.
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(FROM_SOURCE ? "./parse-worker.ts" : "./parse-worker.js", import.meta.url);
const newWorker = (options: { resourceLimits: { maxOldGenerationSizeMb: number } }): Worker =>
  FROM_SOURCE
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`,
        { ...options, eval: true },
      )
    : new Worker(WORKER_URL, options);

export const tooLargeOrSlow = (filename: string, why: MessageParam) => tooLarge("upload-too-large-or-slow", { filename, why });

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly o: Required<ParsePoolOptions>;

  constructor(options: ParsePoolOptions = {}) {
    this.o = { ...PARSE_LIMITS, ...options };
  }

  /** Read one upload in a worker; too large beyond the time or heap limit, unavailable when the queue is full. */
  run<T extends ParseTask>(task: T): Promise<ResultOf<T>> {
    if (this.closed) return Promise.reject(new Error("parse pool closed"));
    if (this.waiting.length >= this.o.queue) {
      return Promise.reject(unavailable("busy", {}, 5));
    }
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.waiting.splice(0)) j.reject(new Error("parse pool closed"));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.o.workers) slot = this.spawn();
      if (!slot) return;
      const job = this.waiting.shift()!;
      slot.job = job;
      const timeoutMs = this.o.timeoutMs * (job.task.kind === "audit" ? this.o.auditTimeoutFactor : 1);
      slot.timer = setTimeout(
        () => this.fail(slot!, tooLargeOrSlow(job.task.filename, message("limit/seconds", { seconds: timeoutMs / 1000 }))),
        timeoutMs,
      );
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private spawn(): Slot {
    const worker = newWorker({ resourceLimits: { maxOldGenerationSizeMb: this.o.heapMb } });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (m: { id: number; ok: boolean; json?: string; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if (m.ok) job.resolve(JSON.parse(m.json!));
      else job.reject(new Error(`upload parser: ${m.error}`));
      this.dispatch();
    });
    const lost = (err: unknown) => {
      const job = slot.job;
      if (!job) return this.drop(slot);
      // Out of memory: the task was too large. Anything else is a fault of ours (a 500, logged).
      const oom = (err as { code?: string } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.fail(
        slot,
        oom
          ? tooLargeOrSlow(job.task.filename, message("limit/memory", { mb: this.o.heapMb }))
          : err instanceof Error
            ? err
            : new Error(`upload parser exited while reading ${job.task.filename}`),
      );
    };
    worker.on("error", lost);
    worker.on("exit", () => lost(undefined));
    this.slots.push(slot);
    return slot;
  }

  /** Refuse the slot's task, terminate its worker and let a new one take the next task. */
  private fail(slot: Slot, error: Error): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    this.drop(slot);
    void slot.worker.terminate();
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }
}
