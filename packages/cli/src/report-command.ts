/**
 * `jixiao report FILE --format docx|pdf|html|md -o OUT [--template seed|cn-2020]`: the
 * evaluation report as a document (packages/reports). Markdown and HTML go to standard output
 * when no -o is given; DOCX and PDF need a file. A narrative placeholder that points at nothing
 * is reported with its file:line:column and exits 2, like any other bad input.
 * `--template-docx firm.docx` fills the firm's own Word template instead (renderWordTemplate);
 * its placeholders that point at nothing are named with the paragraph they are in.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { Option } from "commander";
import type { Evaluation, Lang } from "@jixiao/engine";
import type { ReportFormat } from "@jixiao/reports";
import type { Io } from "./main.js";
import { t } from "./text.js";

export interface ReportCommandContext {
  io: Io;
  preLang: Lang;
  lang: () => Lang;
  /** Read and validate a file; prints load errors and exits 2 on failure. */
  load: (file: string, lang: Lang) => Evaluation;
  /** The exception that ends the command with an exit code. */
  exit: (code: number) => Error;
}

const FORMATS = ["docx", "pdf", "html", "md"] as const;

/** Line and column (1-based) of the first occurrence of `needle` in `text` outside a YAML comment line. */
export function positionOf(text: string, needle: string): { line: number; column: number } | undefined {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    if (text.slice(lineStart, at).trimStart().startsWith("#")) continue;
    return { line: text.slice(0, at).split("\n").length, column: at - lineStart + 1 };
  }
  return undefined;
}

function formatOf(format: string | undefined, output: string | undefined): ReportFormat {
  if (format) return format as ReportFormat;
  const ext = output?.split(".").pop()?.toLowerCase();
  if (ext === "markdown") return "md";
  return (FORMATS as readonly string[]).includes(ext ?? "") ? (ext as ReportFormat) : "md";
}

export function registerReportCommand(program: Command, ctx: ReportCommandContext): void {
  const { io, preLang } = ctx;
  program
    .command("report")
    .description(t(preLang, "cli/cmd-report"))
    .argument("<file>", t(preLang, "cli/arg-file"))
    .addOption(new Option("--format <format>", t(preLang, "cli/opt-format")).choices([...FORMATS]))
    .option("-t, --template <id>", t(preLang, "cli/opt-report-template"), "seed")
    .option("-o, --output <file>", t(preLang, "cli/opt-report-output"))
    .option("--template-docx <file>", t(preLang, "cli/opt-template-docx"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action(async (file: string, opts: { format?: string; template: string; templateDocx?: string; output?: string; force?: boolean }) => {
      const L = ctx.lang();
      const reports = await import("@jixiao/reports");
      const format = formatOf(opts.format, opts.output);
      if (!reports.reportTemplate(opts.template)) {
        io.err(t(L, "cli/unknown-report-template", { name: opts.template, list: reports.REPORT_TEMPLATES.map((x) => x.id).join(", ") }));
        throw ctx.exit(2);
      }
      if (opts.templateDocx && format !== "docx" && format !== "pdf") {
        io.err(t(L, "cli/template-docx-format", { format }));
        throw ctx.exit(2);
      }
      if (!opts.output && (format === "docx" || format === "pdf")) {
        io.err(t(L, "cli/report-needs-output", { format }));
        throw ctx.exit(2);
      }
      if (opts.output && io.exists(opts.output) && !opts.force) {
        io.err(t(L, "cli/exists", { file: opts.output }));
        throw ctx.exit(2);
      }
      const e = ctx.load(file, L);
      let firm: Uint8Array | undefined;
      if (opts.templateDocx) {
        try {
          firm = new Uint8Array(readFileSync(opts.templateDocx));
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          io.err(
            t(L, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file: opts.templateDocx }),
          );
          throw ctx.exit(2);
        }
      }
      let bytes: Uint8Array;
      try {
        if (firm) {
          const docx = reports.renderWordTemplate(firm, e, { lang: L });
          bytes = format === "pdf" ? await reports.docxToPdf(docx) : docx;
        } else bytes = await reports.renderReport(e, { format, template: opts.template, lang: L });
      } catch (err) {
        if (err instanceof reports.WordTemplateError) {
          io.err(`${opts.templateDocx} ${err.text(L)}`);
          io.err(t(L, "cli/report-not-written"));
          throw ctx.exit(2);
        }
        if (err instanceof reports.PlaceholderError) {
          const pos = positionOf(io.readFile(file), err.placeholder);
          io.err(`${file}${pos ? `:${pos.line}:${pos.column}` : ""} ${err.text(L)}`);
          io.err(t(L, "cli/report-not-written"));
          throw ctx.exit(2);
        }
        if (err instanceof reports.PdfConversionError) {
          io.err(t(L, "cli/report-pdf-failed", { message: err.message }));
          throw ctx.exit(2);
        }
        throw err;
      }
      if (!opts.output) {
        io.out(new TextDecoder().decode(bytes).trimEnd());
        return;
      }
      if (!io.writeBytes) throw new Error("this Io cannot write binary files");
      io.writeBytes(opts.output, bytes);
      io.out(t(L, "cli/report-written", { file: opts.output, format, kb: Math.max(1, Math.round(bytes.byteLength / 1024)) }));
    });
}
