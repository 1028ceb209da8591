/**
 * Excel in and out, and the auditor (packages/exchange):
 *   jixiao template xlsx NAME [-o FILE] [--from project|department|self-evaluation]
 *   jixiao import FILE.xlsx|.csv -o eval.yaml [--partial] [--json]
 *   jixiao export FILE --format xlsx -o OUT.xlsx
 *   jixiao audit FILE(.docx|.txt|.xlsx|.pdf) [--json] [-o model.yaml]
 * Exit codes: 0 success; 1 the audit found errors; 2 bad input (a message names the file and
 * the cell or row, no stack trace).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { stringify } from "yaml";
import { type Evaluation, type Lang, TEMPLATES } from "@jixiao/engine";
import {
  type AuditReport,
  type AuditSourceKind,
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

  program
    .command("audit")
    .description(t(preLang, "cli/cmd-audit-report"))
    .argument("<file>", t(preLang, "cli/arg-audit-file"))
    .option("--json", t(preLang, "cli/opt-json"))
    .option("-o, --output <file>", t(preLang, "cli/opt-audit-model"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (file: string, opts: { json?: boolean; output?: string; force?: boolean }) => {
      const L = lang();
      const kind = AUDIT_KINDS[extname(file).toLowerCase()];
      if (!kind) {
        io.err(t(L, "cli/bad-type", { file, ext: extname(file) || "-", expected: ".docx, .txt, .xlsx, .pdf" }));
        throw ctx.exit(2);
      }
      const data = readBytes(ctx, file, L);
      let report: AuditReport;
      try {
        if (kind === "pdf") report = await auditDocument(file, "pdf-words", pdfWords(file));
        else report = await auditDocument(file, kind, data);
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
        io.err(t(L, "cli/audit-unreadable", { file, detail }));
        throw ctx.exit(2);
      }
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
}
