/**
 * The worker side of parse-pool.ts: reads one upload (a Jixiao file's text, or .xlsx/.csv
 * tables) off the main thread and posts the result back. Holds no state between tasks.
 */
import { parentPort } from "node:worker_threads";
import { loadEvaluation } from "@jixiao/engine";
import { asInput, importTables, workbookToFiling, workbookToMonitoring } from "@jixiao/exchange";
import { auditZip } from "./audit-forms.js";
import type { ParseTask } from "./parse-pool.js";

parentPort?.on("message", (msg: { id: number; task: ParseTask }) => {
  void (async () => {
    try {
      const t = msg.task;
      let result: unknown;
      if (t.kind === "load") {
        // The document (plain JSON) or the errors: the parsed model's Decimals do not cross threads.
        const r = loadEvaluation(t.text, t.filename);
        result = r.ok ? { ok: true, document: r.document } : { ok: false, errors: r.errors };
      } else if (t.kind === "audit") {
        const r = await auditZip(t.data, t.filename, t.lang);
        result = r.ok ? { ...r, xlsx: Buffer.from(r.xlsx).toString("base64") } : r;
      } else if (t.kind === "filing-form" || t.kind === "monitoring-form") {
        const read = t.kind === "filing-form" ? workbookToFiling : workbookToMonitoring;
        const r = await read(t.data, { fileName: t.filename });
        // The parsed document (Decimals) back to its input form: what the JSON endpoints take and store.
        result = { ok: r.ok, ...(r.ok && r.value ? { document: asInput(r.value) } : {}), problems: r.problems, notes: r.notes };
      } else result = await importTables(t.filename, t.data, { partial: t.partial });
      // As JSON: lazily built messages (the engine's LazyText) serialise through toJSON.
      parentPort!.postMessage({ id: msg.id, ok: true, json: JSON.stringify(result) });
    } catch (err) {
      parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  })();
});
