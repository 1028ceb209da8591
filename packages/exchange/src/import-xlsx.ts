/**
 * Import an evaluation from a workbook (.xlsx, one sheet per table: 基本信息, 评分表,
 * 年度绩效目标表, 人员情况, 资金情况 — the templates' layout, or any sheet whose header row uses
 * the usual column names) or from a CSV file (one table). Strict: every cell that cannot be
 * read is an error naming its sheet and cell (评分表!D12) and what was expected; with
 * `partial`, the rows without errors are imported and every rejected row is listed.
 */
import { type Bilingual, EvaluationSchema, dec, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import { type Built, type CellProblem, buildEvaluation } from "./build.js";
import { csvSheet } from "./import-csv.js";
import { type ExchangeKey, xmsg } from "./messages.js";
import { findTables } from "./recognise.js";
import { type CellLocation, type StreamItem, locationText, sheetStream } from "./rows.js";
import { ImportLimitError, checkZipSizes } from "./limits.js";
import { type ReadSheet, XlsxReadError, looksLikeZip, numberText, readWorkbook } from "./xlsx-book.js";

export interface ImportProblem {
  code: ExchangeKey | string;
  /** 评分表!D12 */
  where: string;
  message: Bilingual;
}

export interface ImportResult {
  ok: boolean;
  /** The evaluation as file input (write it as YAML or JSON); present when ok. */
  evaluation?: Record<string, unknown>;
  /** Errors (ok false), or — with partial — why each rejected row was left out. */
  problems: ImportProblem[];
  /** Rows left out (partial), each with its location and reason. */
  rejected: Array<{ where: string; table: string; cells: string[]; reason: Bilingual }>;
  /** Notes: placeholders filled in, weights inferred, encoding read. */
  notes: Bilingual[];
  tables: Array<{ title: string; kind: string; rows: number }>;
}

export interface ImportOptions {
  partial?: boolean;
}

const META_KEYS: Array<[RegExp, string]> = [
  [/^(评价标题|报告标题|标题|项目名称)$/, "title"],
  [/^(评价对象|单位名称|部门名称|预算单位)$/, "subject"],
  [/^(预算年度|年度|评价年度)$/, "fiscalYear"],
  [/^(评价对象类型|评价类别|支出类型)$/, "kind"],
  [/^(评价类型|评价方式)$/, "evaluationType"],
  [/^(委托方)$/, "commissioner"],
  [/^(评价机构|第三方机构)$/, "evaluator"],
];
const KINDS = ["部门整体支出", "项目支出", "政策"];
const TYPES = ["单位自评", "部门评价", "财政评价", "第三方"];

/** Read the 基本信息 sheet (key | value rows). */
function readMeta(sheet: ReadSheet | undefined, problems: CellProblem[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (!sheet) return meta;
  sheet.rows.forEach((cells, i) => {
    const key = (cells[0] ?? "").replace(/\s+/g, "");
    const value = (cells[1] ?? "").trim();
    const found = META_KEYS.find(([re]) => re.test(key));
    if (!found || !value) return;
    const at: CellLocation = { kind: "sheet", sheet: sheet.name, row: i + 1, col: 2 };
    const field = found[1];
    if (field === "fiscalYear") {
      const y = Number(value.replace(/年$/, ""));
      if (!Number.isInteger(y) || y < 1990 || y > 2100)
        problems.push({ code: "cell/year", at, table: sheet.name, tableRow: i + 1, message: xmsg("cell/year", { found: value }) });
      else meta[field] = y;
    } else if (field === "kind" && !KINDS.includes(value)) {
      problems.push({
        code: "cell/enum",
        at,
        table: sheet.name,
        tableRow: i + 1,
        message: xmsg("cell/enum", { what: "评价对象类型", expected: KINDS.join("、"), found: value }),
      });
    } else if (field === "evaluationType" && !TYPES.includes(value)) {
      problems.push({
        code: "cell/enum",
        at,
        table: sheet.name,
        tableRow: i + 1,
        message: xmsg("cell/enum", { what: "评价类型", expected: TYPES.join("、"), found: value }),
      });
    } else meta[field] = value;
  });
  return meta;
}

/** Import a workbook or CSV file. `name` is the file name (its extension decides CSV vs .xlsx). */
export async function importTables(name: string, data: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const notes: Bilingual[] = [];
  let sheets: ReadSheet[];
  const isCsv = /\.(csv|tsv|txt)$/i.test(name) && !looksLikeZip(data);
  try {
    if (isCsv) {
      const base = name.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
      const { sheet, encoding } = csvSheet(data, base);
      notes.push(xmsg("import/encoding", { encoding }));
      sheets = [sheet];
    } else {
      if (!looksLikeZip(data))
        return {
          ok: false,
          problems: [{ code: "file/not-zip", where: name, message: xmsg("file/not-zip") }],
          rejected: [],
          notes,
          tables: [],
        };
      checkZipSizes(data, name);
      try {
        sheets = await readWorkbook(data);
      } catch (err) {
        if (err instanceof ImportLimitError) throw err;
        const detail = err instanceof XlsxReadError ? err.message : String(err);
        return {
          ok: false,
          problems: [{ code: "file/not-xlsx", where: name, message: xmsg("file/not-xlsx", { detail }) }],
          rejected: [],
          notes,
          tables: [],
        };
      }
    }
  } catch (err) {
    // Beyond IMPORT_LIMITS (limits.ts): refused before the work, naming the file, sheet or cell.
    if (!(err instanceof ImportLimitError)) throw err;
    return { ok: false, problems: [{ code: "file/too-large", where: err.where, message: err.text }], rejected: [], notes, tables: [] };
  }
  const metaProblems: CellProblem[] = [];
  const metaSheet = sheets.find((s) => /^(基本信息|封面|项目信息)$/.test(s.name));
  const meta = readMeta(metaSheet, metaProblems);
  const tables = [];
  const text: Array<{ text: string; at: CellLocation }> = [];
  // Rows with data that sit under no recognised header: listed, never dropped silently.
  const outside: Array<{ where: string; table: string; cells: string[]; reason: Bilingual }> = [];
  for (const s of sheets) {
    if (s === metaSheet) continue;
    const stream: StreamItem[] = sheetStream(s);
    const found = findTables(stream, s.name);
    // Tables are named by their sheet (评分表!D12 says where); the caption is kept in the title.
    for (const t of found.tables) t.title = s.name;
    tables.push(...found.tables);
    text.push(...found.text);
    for (const r of found.loose)
      outside.push({ where: locationText(r.at[0]!, "zh", false), table: s.name, cells: r.cells, reason: xmsg("row/outside-table") });
  }
  if (tables.length === 0) {
    return {
      ok: false,
      problems: [{ code: "file/no-tables", where: name, message: xmsg("file/no-tables") }],
      rejected: [],
      notes,
      tables: [],
    };
  }
  const placeholders: string[] = [];
  const metaInput = {
    title: (meta["title"] as string | undefined) ?? (placeholders.push("评价标题"), name.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "")),
    subject: (meta["subject"] as string | undefined) ?? (placeholders.push("评价对象"), "（待填写）"),
    fiscalYear: (meta["fiscalYear"] as number | undefined) ?? (placeholders.push("预算年度"), 2000),
    kind: (meta["kind"] as string | undefined) ?? (placeholders.push("评价对象类型"), "项目支出"),
    evaluationType: (meta["evaluationType"] as string | undefined) ?? (placeholders.push("评价类型"), "单位自评"),
  };
  const built: Built = buildEvaluation(tables, text, { strict: true, narrative: false, meta: metaInput });
  built.problems.unshift(...metaProblems);
  const m = built.input["meta"] as Record<string, unknown>;
  if (metaProblems.length > 0) placeholders.length = 0;
  for (const k of ["commissioner", "evaluator"]) if (meta[k]) m[k] = meta[k];
  if (placeholders.length > 0) notes.push(xmsg("import/placeholder-meta", { what: placeholders.join("、") }));
  for (const f of built.findings) notes.push(f.message);
  dropDerivedActuals(built.input);
  // Validate the model; a problem in a part of the model points back to its row.
  const parsed = EvaluationSchema.safeParse(built.input);
  const modelProblems: ImportProblem[] = [];
  if (!parsed.success) {
    const v = validateEvaluation(built.input);
    const msgs = v.ok ? [] : v.problems;
    parsed.error.issues.forEach((issue, i) => {
      const path = issue.path as Array<string | number>;
      let best: Built["origins"][number] | undefined;
      for (const o of built.origins)
        if (o.path.length <= path.length && o.path.every((p, j) => p === path[j]) && (!best || o.path.length > best.path.length)) best = o;
      modelProblems.push({
        code: "row/model",
        where: best ? locationText(best.origin.at) : (msgs[i]?.path ?? ""),
        message: msgs[i]
          ? { zh: `${msgs[i]!.path}：${msgs[i]!.message.zh}`, en: `${msgs[i]!.path}: ${msgs[i]!.message.en}` }
          : { zh: issue.message, en: issue.message },
      });
    });
  }
  const cellProblems: ImportProblem[] = built.problems.map((p) => ({ code: p.code, where: locationText(p.at), message: p.message }));
  const rejected = [
    ...outside,
    ...built.rejected.map((r) => ({ where: locationText(r.at, "zh", false), table: r.table, cells: r.cells, reason: r.reason })),
  ];
  const tableList = built.read.map((r) => ({ title: r.title, kind: r.kind, rows: r.rows }));
  const problems = [...cellProblems, ...modelProblems];
  const failed =
    modelProblems.length > 0 || metaProblems.length > 0 || (!options.partial && (cellProblems.length > 0 || rejected.length > 0));
  if (failed) return { ok: false, problems, rejected, notes, tables: tableList };
  return { ok: true, evaluation: built.input, problems, rejected, notes, tables: tableList };
}

/**
 * An indicator linked to a formula (计算公式: budgetExecutionRate …) shows the actual the
 * engine derived from the funds or the inputs (export-xlsx.ts). Where the cell still holds
 * exactly that figure, the link is kept and the figure not written as data (so a change to
 * the funds moves it); a figure typed over it is the actual as given.
 */
function dropDerivedActuals(input: Record<string, unknown>): void {
  const linked: Array<{ node: Record<string, unknown>; path: string }> = [];
  const walk = (nodes: unknown, path: string): void => {
    if (!Array.isArray(nodes)) return;
    nodes.forEach((n: Record<string, unknown>, i) => {
      const p = path ? `${path}.${i + 1}` : String(i + 1);
      if (n["formula"] !== undefined && typeof n["actual"] === "string" && !Array.isArray(n["children"])) linked.push({ node: n, path: p });
      walk(n["children"], p);
    });
  };
  walk(input["indicators"], "");
  if (linked.length === 0) return;
  const written = linked.map((l) => l.node["actual"] as string);
  for (const l of linked) delete l.node["actual"];
  const parsed = EvaluationSchema.safeParse(input);
  const derived = parsed.success ? scoreEvaluation(parsed.data).byId : undefined;
  linked.forEach((l, i) => {
    const value = derived?.get(l.path)?.actualValue;
    const cell = written[i]!;
    const same = value !== undefined && /^-?\d+(\.\d+)?$/.test(cell) && numberText(Number(value.toString())) === dec(cell).toFixed();
    if (!same) l.node["actual"] = cell;
  });
}
