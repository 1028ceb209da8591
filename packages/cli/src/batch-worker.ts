/** A worker thread of `jixiao batch`: scores the chunks it is sent and posts back their rows, in order. */
import { parentPort, workerData } from "node:worker_threads";
import { type BatchItem, type BatchOptions, evaluateChunk } from "./batch.js";

const opts = workerData as BatchOptions;
parentPort?.on("message", (items: BatchItem[]) => {
  parentPort?.postMessage(evaluateChunk(items, opts));
});
