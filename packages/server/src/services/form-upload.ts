/**
 * An uploaded 申报表 or 监控表 (.xlsx) read into a document the JSON endpoints take: in the parse
 * pool's worker (exchange's workbookToFiling / workbookToMonitoring under the import limits, a
 * time and heap backstop), never on the event loop. A file that is not .xlsx is invalid; one the
 * reader refuses — not a zip, a zip bomb, a sheet of huge extent, a cell that cannot be read — is
 * unprocessable with one field problem per cell ("申报表!B3" and what was expected, zh/en).
 * Knows nothing of HTTP.
 */
import type { FormProblem } from "@jixiao/exchange";
import { type FieldProblem, field, invalid, unprocessable } from "../errors.js";
import type { ParsePool } from "../workers/parse-pool.js";

/** Where a reader's problem is: the sheet and cell ("绩效目标申报表!B3"), else the sheet, else the file. */
export function formProblemField(p: FormProblem): FieldProblem {
  return { path: p.sheet && p.cell ? `${p.sheet}!${p.cell}` : (p.sheet ?? p.file), message: p.message };
}

export async function readFormUpload(
  parsers: ParsePool,
  kind: "filing-form" | "monitoring-form",
  filename: string,
  data: Uint8Array,
): Promise<Record<string, unknown>> {
  if (!/\.xlsx$/i.test(filename)) throw invalid("form-xlsx-only", { filename }, [field("body.file", "field/xlsx-only")]);
  const r = await parsers.run({ kind, filename, data });
  if (!r.ok || !r.document) throw unprocessable("import-failed", { filename, count: r.problems.length }, r.problems.map(formProblemField));
  return r.document;
}
