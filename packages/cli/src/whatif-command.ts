/**
 *   jixiao whatif PATH… [--bands "优:90,良:80,中:60,差:0"] [--weight path=points …] [--level 部分达成=0.7 …] [--json]
 * Portfolio what-if: reads Jixiao files, folders of them and JSON Lines (as `jixiao batch` does),
 * scores each once, applies the changed bands, indicator points or qualitative levels (engine
 * whatif.ts) and prints the grade migration (from → to counts), who moves and the totals before
 * and after. A source that cannot be read is named on stderr and counted (unreadable), never a
 * crash. Exit 0; 2 on bad usage.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { Command } from "commander";
import {
  type Evaluation,
  type Lang,
  type WhatIfItem,
  formatLoadError,
  loadEvaluation,
  parseBands,
  scoreEvaluation,
  whatIf,
} from "@jixiao/engine";
import { whatIfChanges, whatIfView } from "@jixiao/api";
import type { Io } from "./main.js";
import { renderTable } from "./table.js";
import { t } from "./text.js";

export interface WhatIfCommandContext {
  io: Io;
  preLang: Lang;
  lang: () => Lang;
  exit: (code: number) => Error;
}

const EVALUATION_FILE = new Set([".yaml", ".yml", ".json"]);
const JSONL = new Set([".jsonl", ".ndjson"]);

/** Every evaluation of the paths, in order; what cannot be read is a problem with its source. */
export function readPortfolio(paths: readonly string[], lang: Lang): { items: WhatIfItem[]; problems: string[] } {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith(".") && (EVALUATION_FILE.has(extname(name).toLowerCase()) || JSONL.has(extname(name).toLowerCase())))
        files.push(p);
    }
  };
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  const items: WhatIfItem[] = [];
  const problems: string[] = [];
  const add = (e: Evaluation, id: string): void => {
    items.push({ id, title: e.meta.title, score: scoreEvaluation(e), evaluation: e });
  };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(t(lang, code === "ENOENT" ? "cli/no-file" : code === "EISDIR" ? "cli/is-dir" : "cli/unreadable", { file }));
      continue;
    }
    if (!JSONL.has(extname(file).toLowerCase())) {
      const r = loadEvaluation(text, file);
      if (r.ok) add(r.evaluation, file);
      else problems.push(formatLoadError(r.errors[0]!, lang));
      continue;
    }
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      const where = `${file}:${i + 1}`;
      const r = loadEvaluation(line, where);
      if (r.ok) add(r.evaluation, where);
      else problems.push(formatLoadError(r.errors[0]!, lang));
    });
  }
  return { items, problems };
}

/** "path=points" → its two parts; the path may itself hold "=" only before the last one. */
function splitPair(text: string): [string, string] | undefined {
  const i = text.lastIndexOf("=");
  if (i <= 0 || i === text.length - 1) return undefined;
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

export function registerWhatIfCommand(program: Command, ctx: WhatIfCommandContext): void {
  const { io, preLang } = ctx;
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command("whatif")
    .description(t(preLang, "cli/cmd-whatif"))
    .argument("<paths...>", t(preLang, "cli/arg-batch-paths"))
    .option("--bands <bands>", t(preLang, "cli/opt-whatif-bands"))
    .option("--weight <path=points>", t(preLang, "cli/opt-whatif-weight"), collect)
    .option("--level <level=fraction>", t(preLang, "cli/opt-whatif-level"), collect)
    .option("--json", t(preLang, "cli/opt-json"))
    .action((paths: string[], opts: { bands?: string; weight?: string[]; level?: string[]; json?: boolean }) => {
      const L = ctx.lang();
      const usage = (message: string): never => {
        io.err(message);
        throw ctx.exit(2);
      };
      let bands: Array<{ grade: string; min: string }> | undefined;
      if (opts.bands !== undefined) {
        const r = parseBands(opts.bands);
        if (!r.ok) usage(`--bands: ${r.message[L]}`);
        else bands = r.bands.map((b) => ({ grade: b.grade, min: b.min.toFixed() }));
      }
      const weights = (opts.weight ?? []).map((w) => {
        const pair = splitPair(w);
        if (!pair) return usage(t(L, "cli/whatif-bad-pair", { option: "--weight", value: w, form: "履职效能=25" }));
        return { path: pair[0], weight: pair[1] };
      });
      const levels = (opts.level ?? []).map((w) => {
        const pair = splitPair(w);
        if (!pair) return usage(t(L, "cli/whatif-bad-pair", { option: "--level", value: w, form: "部分达成=0.7" }));
        return { level: pair[0], fraction: pair[1] };
      });
      for (const w of weights)
        if (!/^\d+(\.\d{1,4})?$/.test(w.weight)) usage(t(L, "cli/whatif-bad-number", { option: "--weight", value: w.weight }));
      for (const l of levels)
        if (!/^\d+(\.\d{1,4})?$/.test(l.fraction)) usage(t(L, "cli/whatif-bad-number", { option: "--level", value: l.fraction }));
      const changes = whatIfChanges({ bands, weights, levels });
      if (!changes.ok) return usage(`--${changes.field}: ${changes.message[L]}`);
      const { items, problems } = readPortfolio(paths, L);
      for (const p of problems) io.err(p);
      const result = whatIf(items, changes.changes);
      const view = whatIfView(result);
      if (opts.json) {
        io.out(JSON.stringify({ ...view, unreadable: problems.length }, null, 2));
        return;
      }
      const head = [L === "zh" ? "原等级 \\ 新等级" : "from \\ to", ...view.grades, L === "zh" ? "合计" : "total"];
      const rows = view.grades.map((g, i) => [g, ...view.matrix[i]!.map(String), String(view.before[i]!.count)]);
      rows.push([L === "zh" ? "合计" : "total", ...view.after.map((a) => String(a.count)), String(view.count)]);
      io.out(
        renderTable(
          head,
          rows,
          head.map((_, i) => (i === 0 ? "left" : "right")),
        ),
      );
      io.out("");
      io.out(view.explanation[L]);
      for (const u of view.unmatched) io.out(t(L, "cli/whatif-unmatched", { path: u.path, n: u.evaluations }));
      if (view.movers.length > 0) {
        io.out("");
        const shown = view.movers.slice(0, 50);
        io.out(
          renderTable(
            [
              t(L, "cli/h-source"),
              t(L, "cli/h-title"),
              L === "zh" ? "原等级" : "from",
              L === "zh" ? "新等级" : "to",
              L === "zh" ? "得分" : "score",
            ],
            shown.map((m) => [m.id, m.title, m.from, m.to, `${m.gradedOnBefore ?? "-"} → ${m.gradedOnAfter ?? "-"}`]),
            ["left", "left", "left", "left", "right"],
          ),
        );
        if (view.movers.length > shown.length) io.out(t(L, "cli/whatif-more", { n: view.movers.length - shown.length }));
      }
      if (problems.length > 0) io.out(t(L, "cli/whatif-unreadable", { n: problems.length }));
    });
}
