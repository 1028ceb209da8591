/**
 * The `jixiao` command line. `main` takes its arguments and an `Io` (so tests can run it in
 * process) and returns the exit code: 0 success, 1 check errors, 2 bad file or usage.
 */
import { Command, CommanderError, Option } from "commander";
import { stringify } from "yaml";
import {
  type Diagnostic,
  type Evaluation,
  type Lang,
  type NodeResult,
  type ScoreResult,
  TEMPLATES,
  buildTemplate,
  checkEvaluationReport,
  distanceToNextGrade,
  findNode,
  formatLoadError,
  gradeRobustness,
  formatPercent,
  formatScore,
  loadEvaluation,
  plain,
  scoreEvaluation,
  suggestFindings,
  summarize,
} from "@jixiao/engine";
import { diagnosticView, findingView, nodeScoreText, pathText, robustnessView, scoreView, totalText, verifiedView } from "@jixiao/api";
import { registerReportCommand } from "./report-command.js";
import { registerExchangeCommands } from "./exchange-commands.js";
import { registerBatchCommand } from "./batch-command.js";
import { registerWhatIfCommand } from "./whatif-command.js";
import { registerTargetCommands } from "./targets-command.js";
import { renderTable } from "./table.js";
import { t } from "./text.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /** Binary files (reports in docx/pdf). */
  writeBytes?(path: string, data: Uint8Array): void;
  exists(path: string): boolean;
  env: Record<string, string | undefined>;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function langOf(value: string | undefined, env: Io["env"]): Lang {
  const v = value ?? env["JIXIAO_LANG"] ?? "zh";
  return v.toLowerCase().startsWith("en") ? "en" : "zh";
}

/** Read and validate a file; on failure print every error and exit 2. */
function load(io: Io, file: string, lang: Lang): Evaluation {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(t(lang, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file }));
    throw new Exit(2);
  }
  const r = loadEvaluation(text, file);
  if (!r.ok) {
    for (const e of r.errors) io.err(formatLoadError(e, lang));
    io.err(t(lang, "cli/file-invalid", { file, n: r.errors.length }));
    throw new Exit(2);
  }
  return r.evaluation;
}

function scoreRows(s: ScoreResult, lang: Lang): string[][] {
  const rows: string[][] = [];
  const walk = (n: NodeResult): void => {
    const indent = "  ".repeat(n.level - 1);
    const score = n.notApplicable ? t(lang, "cli/na") : nodeScoreText(n, lang);
    const rate = n.rate !== undefined ? formatPercent(n.rate) : "-";
    rows.push([n.id, indent + n.name, plain(n.weight), score, rate]);
    n.children.forEach(walk);
  };
  s.roots.forEach(walk);
  return rows;
}

function diagnosticLine(d: Diagnostic, lang: Lang): string {
  const sev = t(lang, `cli/sev-${d.severity}`);
  const [open, close] = lang === "zh" ? ["（", "）"] : [" (", ")"];
  return `[${sev}] ${d.code}  ${d.subject[lang]}${open}${pathText(d.path)}${close}${colon(lang)}${d.message[lang]}`;
}

/** Punctuation differs: "合计：85.73" then an ideographic space in Chinese; "total: 85.73  grade: 良" in English. */
function colon(lang: Lang): string {
  return lang === "zh" ? "：" : ": ";
}
function gap(lang: Lang): string {
  return lang === "zh" ? "\u3000" : "  ";
}

/** The database the server would use (DATABASE_URL or JIXIAO_DATA_DIR/jixiao.sqlite). */
async function openConfiguredStore(io: Io, lang: Lang) {
  const server = await import("@jixiao/server");
  try {
    const config = server.loadConfig(io.env as NodeJS.ProcessEnv);
    return server.openStore({ databaseUrl: config.databaseUrl, sqliteFile: `${config.dataDir}/jixiao.sqlite` });
  } catch (err) {
    if (err instanceof server.ConfigError) {
      io.err(err.message);
      throw new Exit(2);
    }
    void lang;
    throw err;
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const preLang = langOf(argv.find((a, i) => argv[i - 1] === "--lang") ?? argv.find((a) => a.startsWith("--lang="))?.slice(7), io.env);
  const program = new Command();
  program
    .name("jixiao")
    .description(t(preLang, "cli/description"))
    .addOption(new Option("--lang <lang>", t(preLang, "cli/opt-lang")).choices(["zh", "en"]))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError(false);
  const lang = (): Lang => langOf(program.opts<{ lang?: string }>().lang, io.env);

  program
    .command("templates")
    .description(t(preLang, "cli/cmd-templates"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((opts: { json?: boolean }) => {
      const L = lang();
      if (opts.json) {
        io.out(JSON.stringify(TEMPLATES, null, 2));
        return;
      }
      io.out(
        renderTable(
          [t(L, "cli/h-template"), t(L, "cli/h-name"), t(L, "cli/h-description")],
          TEMPLATES.map((x) => [x.id, L === "zh" ? x.name : x.name_en, L === "zh" ? x.description : x.description_en]),
        ),
      );
    });

  program
    .command("init")
    .description(t(preLang, "cli/cmd-init"))
    .requiredOption("--template <name>", t(preLang, "cli/opt-template"))
    .option("-o, --output <file>", t(preLang, "cli/opt-output"))
    .option("--year <year>", t(preLang, "cli/opt-year"))
    .option("--subject <name>", t(preLang, "cli/opt-subject"))
    .option("--force", t(preLang, "cli/opt-force"))
    .action((opts: { template: string; output?: string; year?: string; subject?: string; force?: boolean }) => {
      const L = lang();
      if (!TEMPLATES.some((x) => x.id === opts.template)) {
        io.err(t(L, "cli/unknown-template", { name: opts.template, list: TEMPLATES.map((x) => x.id).join(", ") }));
        throw new Exit(2);
      }
      const year = opts.year !== undefined ? Number(opts.year) : undefined;
      if (year !== undefined && !(Number.isInteger(year) && year >= 1990 && year <= 2100)) {
        io.err(t(L, "cli/bad-year", { value: opts.year ?? "" }));
        throw new Exit(2);
      }
      const doc = buildTemplate(opts.template, { fiscalYear: year, subject: opts.subject });
      const text = `# ${t(L, "cli/init-header", { template: opts.template })}\n` + stringify(doc, { lineWidth: 0 });
      if (!opts.output) {
        io.out(text.trimEnd());
        return;
      }
      if (io.exists(opts.output) && !opts.force) {
        io.err(t(L, "cli/exists", { file: opts.output }));
        throw new Exit(2);
      }
      io.writeFile(opts.output, text);
      io.out(t(L, "cli/written", { file: opts.output }));
    });

  program
    .command("score")
    .description(t(preLang, "cli/cmd-score"))
    .argument("<file>", t(preLang, "cli/arg-file"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((file: string, opts: { json?: boolean }) => {
      const L = lang();
      const e = load(io, file, L);
      const s = scoreEvaluation(e);
      if (opts.json) {
        io.out(JSON.stringify(scoreView(s, L), null, 2));
        return;
      }
      io.out(e.meta.title);
      io.out("");
      const rows = scoreRows(s, L);
      if (s.preset !== "pefa") {
        const partial = s.partialTotal ? formatScore(s.partialTotal) : undefined;
        const shown = s.total ? formatScore(s.total) : partial ? (L === "zh" ? `部分 ${partial}` : `partial ${partial}`) : "-";
        rows.push(["", t(L, "cli/total"), plain(s.weight), shown, s.rate ? formatPercent(s.rate) : "-"]);
      }
      io.out(
        renderTable([t(L, "cli/h-id"), t(L, "cli/h-indicator"), t(L, "cli/h-weight"), t(L, "cli/h-score"), t(L, "cli/h-rate")], rows, [
          "left",
          "left",
          "right",
          "right",
          "right",
        ]),
      );
      io.out("");
      if (s.preset !== "pefa" && s.total === undefined && s.unscored > 0) {
        io.out(
          `${totalText(s, L)}${gap(L)}${t(L, "cli/grade")}${colon(L)}${L === "zh" ? "不评定（尚有指标未评分）" : "none (indicators not scored)"}`,
        );
      } else if (s.preset !== "pefa")
        io.out(
          `${t(L, "cli/total")}${colon(L)}${s.total ? formatScore(s.total) : "-"}${gap(L)}${t(L, "cli/grade")}${colon(L)}${s.grade ?? "-"}${L === "en" && s.band?.label_en ? ` (${s.band.label_en})` : ""}`,
        );
      io.out(s.explanation[L]);
      const next = distanceToNextGrade(s);
      if (next) io.out(next.explanation[L]);
    });

  program
    .command("check")
    .description(t(preLang, "cli/cmd-check"))
    .argument("<file>", t(preLang, "cli/arg-file"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((file: string, opts: { json?: boolean }) => {
      const L = lang();
      const e = load(io, file, L);
      const s = scoreEvaluation(e);
      const report = checkEvaluationReport(e, s);
      const counts = summarize(report.diagnostics);
      const findings = suggestFindings(e, s);
      if (opts.json) {
        const view = scoreView(s, L);
        io.out(
          JSON.stringify(
            {
              file,
              summary: counts,
              diagnostics: report.diagnostics.map(diagnosticView),
              verified: report.verified.map(verifiedView),
              findings: findings.map(findingView),
              formulas: view.formulas,
            },
            null,
            2,
          ),
        );
      } else {
        io.out(t(L, "cli/check-summary", { file, error: counts.error, warning: counts.warning, info: counts.info }));
        for (const sev of ["error", "warning", "info"] as const) {
          for (const d of report.diagnostics.filter((x) => x.severity === sev)) io.out(diagnosticLine(d, L));
        }
        if (report.verified.length > 0) {
          io.out("");
          io.out(t(L, "cli/verified", { n: report.verified.length }));
          for (const v of report.verified)
            io.out(
              `  ✓ ${v.subject[L]} ${v.what[L]}${colon(L)}${t(L, "cli/printed")} ${v.printed}${L === "zh" ? "，" : ", "}${t(L, "cli/recomputed")} ${v.recomputed}`,
            );
        }
        const formulas = s.formulas.filter(
          (f) => f.value !== undefined && (f.formula.scope === "evaluation" || f.formula.id === "vacancyRate"),
        );
        if (formulas.length > 0) {
          io.out("");
          io.out(t(L, "cli/formulas"));
          for (const f of formulas) {
            const unit = f.unitId ? (e.organisation?.units.find((u) => u.id === f.unitId)?.name ?? f.unitId) : "";
            const verdict =
              f.met === undefined
                ? ""
                : f.met
                  ? t(L, "cli/met", { target: f.target?.text ?? "" })
                  : t(L, "cli/missed", { target: f.target?.text ?? "" });
            const overStaffed = f.formula.id === "vacancyRate" && f.value !== undefined && !f.value.isPositive();
            io.out(`  ${unit ? unit + " " : ""}${f.explanation[L]}${overStaffed ? t(L, "cli/over-staffed") : verdict}`);
          }
        }
        if (findings.length > 0) {
          io.out("");
          io.out(t(L, "cli/findings"));
          for (const f of findings) {
            io.out(`  • ${f.title[L]}`);
            for (const ev of f.evidence) io.out(`      ${ev.text[L]}`);
          }
        }
      }
      if (counts.error > 0) throw new Exit(1);
    });

  program
    .command("explain")
    .description(t(preLang, "cli/cmd-explain"))
    .argument("<file>", t(preLang, "cli/arg-file"))
    .argument("<path>", t(preLang, "cli/arg-path"))
    .option("--json", t(preLang, "cli/opt-json"))
    .action((file: string, path: string, opts: { json?: boolean }) => {
      const L = lang();
      const e = load(io, file, L);
      const s = scoreEvaluation(e);
      if (path === "total" || path === "总分") {
        const next = distanceToNextGrade(s);
        const robustness = gradeRobustness(e, s);
        io.out(
          opts.json
            ? JSON.stringify(
                {
                  total: s.total ? formatScore(s.total) : null,
                  grade: s.grade ?? null,
                  unscored: s.unscored,
                  partialTotal: s.partialTotal ? formatScore(s.partialTotal) : null,
                  explanation: s.explanation,
                  nextGrade: next ? { grade: next.grade, needed: formatScore(next.needed), explanation: next.explanation } : null,
                  robustness: robustness ? robustnessView(robustness) : null,
                },
                null,
                2,
              )
            : [s.explanation[L], ...(next ? [next.explanation[L]] : []), ...(robustness ? [robustness.explanation[L]] : [])].join("\n"),
        );
        return;
      }
      const n = findNode(s, path);
      if (!n) {
        io.err(
          t(L, "cli/no-node", {
            path,
            ids: s.all
              .slice(0, 12)
              .map((x) => `${x.id} ${x.name}`)
              .join("，"),
          }),
        );
        throw new Exit(2);
      }
      if (opts.json) {
        io.out(JSON.stringify(scoreView(s, L, [n]), null, 2));
        return;
      }
      io.out(`${n.id} ${n.trail.join(" › ")}`);
      const c_ = colon(L);
      io.out(
        `  ${t(L, "cli/h-weight")}${c_}${plain(n.weight)}${gap(L)}${t(L, "cli/h-score")}${c_}${nodeScoreText(n, L)}${gap(L)}${t(L, "cli/h-rate")}${c_}${n.rate ? formatPercent(n.rate) : "-"}`,
      );
      if (n.node.target)
        io.out(`  ${t(L, "cli/target")}${c_}${n.node.target.text}${n.node.unit && n.node.unit !== "%" ? " " + n.node.unit : ""}`);
      if (n.actual !== undefined) io.out(`  ${t(L, "cli/actual")}${c_}${typeof n.actual === "string" ? n.actual : plain(n.actual)}`);
      io.out(`  ${t(L, "cli/how")}${c_}${n.explanation[L]}`);
      if (n.node.reason) io.out(`  ${t(L, "cli/reason")}${c_}${n.node.reason}`);
      for (const c of n.children) io.out(`    ${c.id} ${c.name}${c_}${nodeScoreText(c, L)} — ${c.explanation[L]}`);
    });

  registerReportCommand(program, { io, preLang, lang, load: (file, L) => load(io, file, L), exit: (code) => new Exit(code) });
  registerExchangeCommands(program, { io, preLang, lang, load: (file, L) => load(io, file, L), exit: (code) => new Exit(code) });
  registerBatchCommand(program, { io, preLang, lang, exit: (code) => new Exit(code) });
  registerWhatIfCommand(program, { io, preLang, lang, exit: (code) => new Exit(code) });
  registerTargetCommands(program, {
    io,
    preLang,
    lang,
    exit: (code) => new Exit(code),
    today: () => new Date().toISOString().slice(0, 10),
  });

  program
    .command("serve")
    .description(t(preLang, "cli/cmd-serve"))
    .option("--port <port>", t(preLang, "cli/opt-port"))
    .action(async (opts: { port?: string }) => {
      const { serve } = await import("@jixiao/server");
      const code = await serve(opts.port !== undefined ? { port: Number(opts.port) } : {});
      if (code !== 0) throw new Exit(code);
    });

  program
    .command("backup")
    .description(t(preLang, "cli/cmd-backup"))
    .argument("<file>", t(preLang, "cli/arg-backup"))
    .action(async (file: string) => {
      const L = lang();
      const server = await import("@jixiao/server");
      const store = await openConfiguredStore(io, L);
      try {
        const r = await server.backup(store, file);
        io.out(
          t(L, "cli/backup-done", {
            file,
            rows: Object.values(r.rows).reduce((a, b) => a + b, 0),
            where: `${store.dialect} ${store.location}`,
          }),
        );
      } finally {
        await store.close();
      }
    });

  program
    .command("restore")
    .description(t(preLang, "cli/cmd-restore"))
    .argument("<file>", t(preLang, "cli/arg-backup"))
    .action(async (file: string) => {
      const L = lang();
      const server = await import("@jixiao/server");
      if (!io.exists(file)) {
        io.err(t(L, "cli/no-file", { file }));
        throw new Exit(2);
      }
      const store = await openConfiguredStore(io, L);
      try {
        const r = await server.restore(store, file);
        io.out(
          t(L, "cli/restore-done", {
            file,
            rows: Object.values(r.rows).reduce((a, b) => a + b, 0),
            where: `${store.dialect} ${store.location}`,
          }),
        );
      } catch (err) {
        if (err instanceof server.RestoreError) {
          io.err(err.message);
          throw new Exit(2);
        }
        throw err;
      } finally {
        await store.close();
      }
    });

  program
    .command("audit-log")
    .description(t(preLang, "cli/cmd-audit"))
    .argument("<action>", "verify | seal")
    .action(async (action: string) => {
      const L = lang();
      if (action !== "verify" && action !== "seal") {
        io.err(t(L, "cli/audit-usage"));
        throw new Exit(2);
      }
      const server = await import("@jixiao/server");
      let keys: ReturnType<typeof server.loadAuditKeys>;
      try {
        const config = server.loadConfig(io.env as NodeJS.ProcessEnv);
        // Never generate a key here: verifying with a new key would only say "unknown key".
        keys = server.loadAuditKeys(config, { sqlite: !config.databaseUrl, generate: false });
      } catch (err) {
        if (err instanceof server.ConfigError) {
          io.err(err.message);
          throw new Exit(2);
        }
        throw err;
      }
      const store = await openConfiguredStore(io, L);
      try {
        await server.migrate(store.db as never);
        if (action === "seal") {
          try {
            const r = await server.sealAuditLog(store, server.AUDIT_GENESIS, keys, new Date().toISOString());
            io.out(t(L, "cli/audit-sealed", { n: r.sealed, revisions: r.revisions, users: r.users, key: keys.signing.id }));
          } catch (err) {
            io.err((err as Error).message);
            throw new Exit(1);
          }
          return;
        }
        const v = await server.verifyAuditLog(store.db, server.AUDIT_GENESIS, keys);
        io.out(
          t(L, "cli/audit-checked", {
            n: v.entries,
            head: v.head.seq,
            keys: v.keyIds.join(", ") || "-",
            revisions: v.revisions,
            evaluations: v.evaluations,
            users: v.users,
            source: keys.source,
          }),
        );
        if (v.ok) io.out(t(L, "cli/audit-ok", { n: v.entries }));
        else {
          const first = v.problems[0]!;
          io.out(t(L, "cli/audit-bad", { n: v.problems.length, entries: v.entries }));
          io.out(first.seq > 0 ? t(L, "cli/audit-first", { seq: first.seq, reason: first.reason }) : `  ${first.reason}`);
          for (const p of v.problems.slice(1)) io.out(p.seq > 0 ? `  #${p.seq}: ${p.reason}` : `  ${p.reason}`);
          throw new Exit(1);
        }
      } finally {
        await store.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof Exit) return err.code;
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      return 2;
    }
    io.err(t(preLang, "cli/internal", { message: err instanceof Error ? err.message : String(err) }));
    return 2;
  }
}
