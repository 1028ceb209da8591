/**
 * `jixiao targets check FILE` (the target-quality check of a 绩效目标申报表) and
 * `jixiao monitor FILE --month M` (the warning lights of a 运行监控 report). Both read a
 * YAML or JSON document through the engine's loader; the rules live in the engine.
 */
import type { Command } from "commander";
import { diagnosticView } from "@jixiao/api";
import {
  type Diagnostic,
  type Lang,
  LIGHT_NAMES,
  type Light,
  MonitoringReportSchema,
  TargetFilingSchema,
  checkFiling,
  formatLoadError,
  loadDocument,
  monitorReport,
  summarize,
} from "@jixiao/engine";
import type * as z from "zod";
import type { Io } from "./main.js";
import { renderTable } from "./table.js";
import { t } from "./text.js";

export interface TargetsCommandContext {
  io: Io;
  preLang: Lang;
  lang: () => Lang;
  exit: (code: number) => Error;
  /** Today's date (YYYY-MM-DD) for a missing report; the composition root reads the clock. */
  today: () => string;
}

const LIGHT_MARK: Record<Light, string> = { red: "●红", yellow: "●黄", green: "●绿", blue: "●蓝" };

function readDoc<T>(ctx: TargetsCommandContext, schema: z.ZodType<T>, file: string, L: Lang): T {
  let text: string;
  try {
    text = ctx.io.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    ctx.io.err(t(L, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file }));
    throw ctx.exit(2);
  }
  const r = loadDocument(schema, text, file);
  if (!r.ok) {
    for (const e of r.errors) ctx.io.err(formatLoadError(e, L));
    ctx.io.err(t(L, "cli/file-invalid", { file, n: r.errors.length }));
    throw ctx.exit(2);
  }
  return r.value;
}

function line(d: Diagnostic, L: Lang): string {
  return `[${t(L, `cli/sev-${d.severity}`)}] ${d.code}  ${d.subject[L]}${L === "zh" ? "：" : ": "}${d.message[L]}`;
}

const lightText = (l: Light | undefined, L: Lang): string => (l === undefined ? "-" : L === "zh" ? LIGHT_MARK[l] : LIGHT_NAMES[l].en);

export function registerTargetCommands(program: Command, ctx: TargetsCommandContext): void {
  const { io, preLang, lang } = ctx;

  const targets = program.command("targets").description(t(preLang, "cli/cmd-targets"));
  targets
    .command("check")
    .description(t(preLang, "cli/cmd-targets-check"))
    .argument("<file>", t(preLang, "cli/arg-filing"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((file: string, opts: { json?: boolean }) => {
      const L = lang();
      const filing = readDoc(ctx, TargetFilingSchema, file, L);
      const diagnostics = checkFiling(filing);
      const counts = summarize(diagnostics);
      if (opts.json) {
        io.out(
          JSON.stringify(
            { file, kind: filing.kind, name: filing.name, summary: counts, diagnostics: diagnostics.map(diagnosticView) },
            null,
            2,
          ),
        );
      } else {
        io.out(t(L, "cli/targets-summary", { file, name: filing.name, rows: filing.indicators.length, ...counts }));
        for (const sev of ["error", "warning", "info"] as const)
          for (const d of diagnostics.filter((x) => x.severity === sev)) io.out(line(d, L));
      }
      if (counts.error > 0) throw ctx.exit(1);
    });

  program
    .command("monitor")
    .description(t(preLang, "cli/cmd-monitor"))
    .argument("<file>", t(preLang, "cli/arg-monitoring"))
    .requiredOption("--month <M>", t(preLang, "cli/opt-month"))
    .option("--today <date>", t(preLang, "cli/opt-today"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((file: string, opts: { month: string; today?: string; json?: boolean }) => {
      const L = lang();
      const month = Number(opts.month);
      if (!/^\d{1,2}$/.test(opts.month) || month < 1 || month > 12) {
        io.err(t(L, "cli/bad-month", { value: opts.month }));
        throw ctx.exit(2);
      }
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) {
        io.err(t(L, "cli/bad-today", { value: opts.today }));
        throw ctx.exit(2);
      }
      const report = readDoc(ctx, MonitoringReportSchema, file, L);
      const r = monitorReport(report, { month, today: opts.today ?? ctx.today() });
      const ratio = (x: { ratio?: { toFixed(): string }; ratioText?: string }) => ({
        ratio: x.ratioText ?? null,
        exactRatio: x.ratio?.toFixed() ?? null,
      });
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              file,
              name: report.name,
              month: r.month,
              light: r.light,
              timeliness: { status: r.timeliness.status, flag: r.timeliness.flag, message: r.timeliness.message },
              budget: {
                light: r.budget.light,
                ...ratio(r.budget),
                executionRate: r.budget.executionRate ? r.budget.executionRate.toFixed(2) : null,
                timeProgress: r.budget.timeProgress.toFixed(2),
                formula: r.budget.formula,
                explanation: r.budget.explanation,
                lines: r.budget.lines.map((l) => ({ source: l.source, light: l.light, ...ratio(l), formula: l.formula })),
              },
              indicators: r.indicators.map((i) => ({
                row: i.index + 1,
                name: i.name,
                target: report.indicators[i.index]!.target,
                actual: report.indicators[i.index]!.actual ?? null,
                light: i.light ?? null,
                ...ratio(i),
                rule: i.rule ?? null,
                formula: i.formula ?? null,
                explanation: i.explanation,
              })),
              diagnostics: r.diagnostics.map(diagnosticView),
            },
            null,
            2,
          ),
        );
        return;
      }
      io.out(t(L, "cli/monitor-head", { name: report.name, month, light: lightText(r.light, L) }));
      io.out(`  ${t(L, "cli/monitor-timeliness")}${L === "zh" ? "：" : ": "}${r.timeliness.message[L]}${r.timeliness.flag ? " ⚑" : ""}`);
      io.out(`  ${t(L, "cli/monitor-budget")} ${lightText(r.budget.light, L)}  ${r.budget.explanation[L]}`);
      for (const l of r.budget.lines) io.out(`    ${l.source} ${lightText(l.light, L)}  ${l.formula[L]}`);
      io.out("");
      const rows = r.indicators.map((i) => [
        String(i.index + 1),
        i.name,
        report.indicators[i.index]!.target,
        report.indicators[i.index]!.actual ?? "-",
        i.ratioText ?? "-",
        lightText(i.light, L),
        i.explanation[L],
      ]);
      io.out(
        renderTable(
          [
            t(L, "cli/h-row"),
            t(L, "cli/h-indicator"),
            t(L, "cli/target"),
            t(L, "cli/actual"),
            t(L, "cli/h-ratio"),
            t(L, "cli/h-light"),
            t(L, "cli/how"),
          ],
          rows,
        ),
      );
      for (const d of r.diagnostics) io.out(line(d, L));
    });
}
