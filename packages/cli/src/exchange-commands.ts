/**
 * Excel in and out, and the auditor (packages/exchange):
 *   jixiao template xlsx NAME [-o FILE] [--from project|department|self-evaluation]
 *   jixiao import FILE.xlsx|.csv -o eval.yaml [--partial] [--json]
 *   jixiao export FILE --format xlsx -o OUT.xlsx
 *   jixiao audit FILE(.docx|.txt|.xlsx|.pdf) [--json] [-o model.yaml]
 *   jixiao audit DIR|FILES… --out summary.xlsx [--json]   (one row per form, every diagnostic)
 * Exit codes: 0 success; 1 the audit found errors; 2 bad input (a message names the file and
 * the cell or row, no stack trace).
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { stringify } from "yaml";
import { type Evaluation, type Lang, TEMPLATES } from "@jixiao/engine";
import {
  type AuditOutcome,
  type AuditReport,
  type AuditSourceKind,
  auditSummaryXlsx,
  formFacts,
  XLSX_TEMPLATES,
  auditDocument,
  exportXlsx,
  findXlsxTemplate,
  importTables,
  xlsxTemplate,
} from "@jixiao/exchange";
import { PdfTextError, pdfWords } from "@jixiao/exchange/node";
import type { Io } from "./main.js";
import { t } from "./text.js";

export interface ExchangeCommandContext {
  io: Io;
  preLang: Lang;
  lang: () => Lang;
  /** Read and validate an evaluation file; prints load errors and exits 2 on failure. */
  load: (file: string, lang: Lang) => Evaluation;
  /** The exception that ends the command with an exit code. */
  exit: (code: number) => Error;
}

function readBytes(ctx: ExchangeCommandContext, file: string, L: Lang): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    ctx.io.err(t(L, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file }));
    throw ctx.exit(2);
  }
}

function writeOut(ctx: ExchangeCommandContext, file: string, data: Uint8Array | string, force: boolean, L: Lang): void {
  if (ctx.io.exists(file) && !force) {
    ctx.io.err(t(L, "cli/exists", { file }));
    throw ctx.exit(2);
  }
  if (typeof data === "string") ctx.io.writeFile(file, data);
  else writeFileSync(file, data);
}

const AUDIT_KINDS: Record<string, AuditSourceKind | "pdf"> = {
  ".docx": "docx",
  ".xlsx": "xlsx",
  ".txt": "text",
  ".text": "text",
  ".md": "text",
  ".pdf": "pdf",
};

export function registerExchangeCommands(program: Command, ctx: ExchangeCommandContext): void {
  const { io, preLang, lang } = ctx;

  program
    .command("template")
    .description(t(preLang, "cli/cmd-template"))
    .command("xlsx")
    .description(t(preLang, "cli/cmd-template-xlsx"))
    .argument("<name>", t(preLang, "cli/arg-xlsx-template", { list: XLSX_TEMPLATES.map((x) => x.name).join("、") }))
    .option("-o, --output <file>", t(preLang, "cli/opt-xlsx-output"))
    .option("--from <template>", t(preLang, "cli/opt-from"), "project")
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (name: string, opts: { output?: string; from: string; force?: boolean }) => {
      const L = lang();
      const tpl = findXlsxTemplate(name);
      if (!tpl) {
        io.err(t(L, "cli/unknown-xlsx-template", { name, list: XLSX_TEMPLATES.map((x) => `${x.name} (${x.id})`).join(", ") }));
        throw ctx.exit(2);
      }
      if (!TEMPLATES.some((x) => x.id === opts.from)) {
        io.err(t(L, "cli/unknown-template", { name: opts.from, list: TEMPLATES.map((x) => x.id).join(", ") }));
        throw ctx.exit(2);
      }
      const file = opts.output ?? `${tpl.name}.xlsx`;
      writeOut(ctx, file, await xlsxTemplate(tpl.id, { from: opts.from }), opts.force === true, L);
      io.out(t(L, "cli/written", { file }));
    });

  program
    .command("import")
    .description(t(preLang, "cli/cmd-import"))
    .argument("<file>", t(preLang, "cli/arg-import-file"))
    .option("-o, --output <file>", t(preLang, "cli/opt-import-output"))
    .option("--partial", t(preLang, "cli/opt-partial"))
    .option("--json", t(preLang, "cli/opt-json"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (file: string, opts: { output?: string; partial?: boolean; json?: boolean; force?: boolean }) => {
      const L = lang();
      const ext = extname(file).toLowerCase();
      if (![".xlsx", ".csv", ".tsv"].includes(ext)) {
        io.err(t(L, "cli/bad-type", { file, ext: ext || "-", expected: ".xlsx, .csv" }));
        throw ctx.exit(2);
      }
      const r = await importTables(file, readBytes(ctx, file, L), { partial: opts.partial === true });
      for (const n of r.notes) io.err(`${file}: ${n[L]}`);
      for (const p of r.problems) io.err(p.where === file ? `${file}: ${p.message[L]}` : `${file}: ${p.where}: ${p.message[L]}`);
      for (const x of r.rejected)
        io.err(`${file}: ${x.where}: ${t(L, "cli/rejected-row")} ${x.reason[L]} [${x.cells.filter(Boolean).join(" | ")}]`);
      if (!r.ok || !r.evaluation) {
        const unreadable = r.problems.some((p) => p.code.startsWith("file/"));
        io.err(
          t(L, unreadable ? "cli/import-unreadable" : opts.partial ? "cli/import-failed-partial" : "cli/import-failed", {
            file,
            n: r.problems.length,
          }),
        );
        throw ctx.exit(2);
      }
      const text = opts.json
        ? JSON.stringify(r.evaluation, null, 2) + "\n"
        : `# ${t(L, "cli/import-header", { file })}\n` + stringify(r.evaluation, { lineWidth: 0 });
      if (!opts.output) io.out(text.trimEnd());
      else {
        writeOut(ctx, opts.output, text, opts.force === true, L);
        io.out(
          t(L, "cli/imported", {
            file: opts.output,
            tables: r.tables.map((x) => `${x.title}(${x.rows})`).join("、"),
            rejected: r.rejected.length,
          }),
        );
      }
    });

  program
    .command("export")
    .description(t(preLang, "cli/cmd-export"))
    .argument("<file>", t(preLang, "cli/arg-file"))
    .option("--format <format>", t(preLang, "cli/opt-export-format"), "xlsx")
    .requiredOption("-o, --output <file>", t(preLang, "cli/opt-xlsx-output"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (file: string, opts: { format: string; output: string; force?: boolean }) => {
      const L = lang();
      if (opts.format !== "xlsx") {
        io.err(t(L, "cli/bad-export-format", { format: opts.format }));
        throw ctx.exit(2);
      }
      const e = ctx.load(file, L);
      const r = await exportXlsx(e);
      writeOut(ctx, opts.output, r.data, opts.force === true, L);
      io.out(t(L, "cli/exported", { file: opts.output, n: r.expected.length }));
    });

  /** Audit one file: its report, or why it cannot be read (in the user's words). */
  async function auditFile(file: string, L: Lang): Promise<{ report: AuditReport } | { unreadable: string; code: "type" | "read" }> {
    const kind = AUDIT_KINDS[extname(file).toLowerCase()];
    if (!kind)
      return { unreadable: t(L, "cli/bad-type", { file, ext: extname(file) || "-", expected: ".docx, .txt, .xlsx, .pdf" }), code: "type" };
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return {
        unreadable: t(L, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file }),
        code: "read",
      };
    }
    try {
      return { report: kind === "pdf" ? await auditDocument(file, "pdf-words", pdfWords(file)) : await auditDocument(file, kind, data) };
    } catch (err) {
      // A .docx or .xlsx that is not a zip package (renamed, truncated, or another format): say
      // so in the user's words rather than the zip library's.
      const notZip = (kind === "docx" || kind === "xlsx") && /central directory|zip/i.test(err instanceof Error ? err.message : "");
      const detail = notZip
        ? t(L, "cli/not-office", { ext: extname(file).toLowerCase() })
        : err instanceof PdfTextError
          ? err.message
          : err instanceof Error
            ? err.message
            : String(err);
      return { unreadable: t(L, "cli/audit-unreadable", { file, detail }), code: "read" };
    }
  }

  /** The files of the arguments: a folder gives every form in it and below (sorted), a file itself. */
  function formsOf(args: readonly string[]): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (AUDIT_KINDS[extname(name).toLowerCase()] && !/^readme\./i.test(name)) out.push(p);
      }
    };
    for (const a of args) {
      if (existsSync(a) && statSync(a).isDirectory()) walk(a);
      else out.push(a);
    }
    return out;
  }

  program
    .command("audit")
    .description(t(preLang, "cli/cmd-audit-report"))
    .argument("<files...>", t(preLang, "cli/arg-audit-file"))
    .option("--json", t(preLang, "cli/opt-json"))
    .option("-o, --output <file>", t(preLang, "cli/opt-audit-model"))
    .option("--out <summary.xlsx>", t(preLang, "cli/opt-audit-out"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (args: string[], opts: { json?: boolean; output?: string; out?: string; force?: boolean }) => {
      const L = lang();
      const single = args.length === 1 && !opts.out && !(existsSync(args[0]!) && statSync(args[0]!).isDirectory());
      if (!single) return auditMany(formsOf(args), opts, L);
      const file = args[0]!;
      const r = await auditFile(file, L);
      if ("unreadable" in r) {
        io.err(r.unreadable);
        throw ctx.exit(2);
      }
      const report = r.report;
      if (opts.output) writeOut(ctx, opts.output, stringify(report.model, { lineWidth: 0 }), opts.force === true, L);
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              file,
              summary: report.summary,
              conclusion: report.conclusion,
              verified: report.verified,
              figures: report.figures,
              tables: report.tables,
              diagnostics: report.diagnostics,
            },
            null,
            2,
          ),
        );
      } else {
        io.out(
          t(L, "cli/audit-summary", {
            file,
            error: report.summary.error,
            warning: report.summary.warning,
            info: report.summary.info,
            verified: report.verified,
          }),
        );
        const [open, sep, close] = L === "zh" ? ["（", "，", "）"] : [" (", ", ", ")"];
        for (const tb of report.tables)
          io.out(
            `  ${t(L, "cli/audit-table")} ${tb.title}${open}${t(L, `cli/kind-${tb.kind}`)}${sep}${tb.rows} ${t(L, "cli/rows")}${sep}${tb.where[L]}${close}`,
          );
        const c = report.conclusion;
        if (c.total.printed !== undefined || c.total.recomputed !== undefined || c.grade.printed !== undefined)
          io.out(
            t(L, "cli/audit-conclusion", {
              total: c.total.printed ?? "-",
              recomputed: c.total.recomputed ?? (c.total.partial !== undefined ? `${c.total.partial}*` : "-"),
              grade: c.grade.printed ?? "-",
              computedGrade: c.grade.recomputed ?? "-",
              level1: c.level1.map((n) => `${n.id ?? ""}${n.name} ${n.printed ?? n.recomputed ?? "-"}`).join(L === "zh" ? "，" : ", "),
            }),
          );
        if (report.figures.length > 0) io.out(t(L, "cli/audit-figures"));
        for (const f of report.figures) {
          const row = f.tableRow ? t(L, "cli/table-row", { n: f.tableRow }) : "";
          io.out(`  ✓ ${f.subject[L]} ${f.what[L]} ${f.printed}（${f.table}${row}${f.where[L] ? ` ${f.where[L]}` : ""}）`);
        }
        for (const d of report.diagnostics) {
          const row = d.tableRow ? t(L, "cli/table-row", { n: d.tableRow }) : "";
          io.out(
            `[${t(L, `cli/sev-${d.severity}`)}] ${d.code}  ${d.table}${row}${d.where[L] ? ` ${d.where[L]}` : ""}${L === "zh" ? "：" : ": "}${d.message[L]}`,
          );
        }
      }
      if (report.summary.error > 0) throw ctx.exit(1);
    });

  /** A folder or several files: one summary workbook, a progress bar on a terminal. */
  async function auditMany(files: string[], opts: { out?: string; force?: boolean; json?: boolean }, L: Lang): Promise<void> {
    if (!opts.out) {
      io.err(t(L, "cli/audit-many-needs-out"));
      throw ctx.exit(2);
    }
    if (io.exists(opts.out) && !opts.force) {
      io.err(t(L, "cli/exists", { file: opts.out }));
      throw ctx.exit(2);
    }
    const bar = process.stderr.isTTY
      ? new SingleBar(
          { format: "{bar} {value}/{total} {file}", stream: process.stderr, hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        )
      : undefined;
    bar?.start(files.length, 0, { file: "" });
    const outcomes: AuditOutcome[] = [];
    for (const file of files) {
      bar?.update({ file: basename(file) });
      const r = await auditFile(file, L);
      outcomes.push("unreadable" in r ? { file, unreadable: r.unreadable } : { file, report: r.report });
      bar?.increment();
    }
    bar?.stop();
    writeFileSync(opts.out, await auditSummaryXlsx(outcomes, L));
    const reports = outcomes.flatMap((o) => ("report" in o ? [o.report] : []));
    const errors = reports.filter((r) => r.summary.error > 0).length;
    const unreadable = outcomes.length - reports.length;
    if (opts.json)
      io.out(
        JSON.stringify(
          outcomes.map((o) =>
            "report" in o
              ? { file: o.file, ...formFacts(o.report), conclusion: o.report.conclusion, summary: o.report.summary }
              : { file: o.file, unreadable: o.unreadable },
          ),
          null,
          2,
        ),
      );
    io.out(t(L, "cli/audit-many", { file: opts.out, n: outcomes.length, errors, clean: reports.length - errors, unreadable }));
    if (errors > 0) throw ctx.exit(1);
  }
}
