/**
 * The corpus of the wild: indicator rows copied from published 绩效自评表 / 评价报告 / 目标表
 * (test/fixtures/wild, one file per form with its source address), each with its reading
 * written by hand. The engine must read at least 99% of the rows as the hand did, and where a
 * form's printed score follows the default rules, score them the same.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import {
  type Indicator,
  canonicalUnit,
  dec,
  effectiveOp,
  formatScore,
  impliedDirection,
  parseTarget,
  readActual,
  scoreLeaf,
  unitParts,
} from "@jixiao/engine";

const DIR = join(import.meta.dirname, "fixtures", "wild");

interface Row {
  level1?: string;
  level2?: string;
  indicator: string;
  target: string;
  actual?: string;
  weight?: string;
  score?: string;
  expect: {
    target: { op: string; value?: string; min?: string; max?: string; unit?: string; implicit?: boolean; text?: string };
    actual?: { value?: string; unit?: string; level?: "full" | "partial" | "none"; unreadable?: boolean };
    score?: string;
  };
}
interface Form {
  source: { title: string; url: string };
  rows: Row[];
}

const forms: Array<{ file: string; form: Form }> = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((file) => ({ file, form: parse(readFileSync(join(DIR, file), "utf8")) as Form }));

const ctx = { variables: {}, standard: () => undefined };
/** Same unit as the hand wrote it: the same spelling, or the same multiple where one side names no base ("200万" is 万元 to a reader of a money row). */
function sameUnit(expected: string | undefined, got: string): boolean {
  const e = canonicalUnit(expected);
  if (e === got) return true;
  const a = unitParts(e);
  const b = unitParts(got);
  return a.factor.equals(b.factor) && (a.base === "" || b.base === "");
}
const sameDec = (a: string | undefined, b: { toFixed(): string } | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && dec(a).equals(dec(b.toFixed()));

/** How the engine reads the target, compared with the hand's reading; a reason when it differs. */
function targetDiffers(row: Row): string | undefined {
  const e = row.expect.target;
  const t = parseTarget(row.target);
  if (e.op === "qualitative" || e.op === "deadline") return t.op === e.op ? undefined : `op ${t.op}, expected ${e.op}`;
  const op = t.implicit ? effectiveOp(t, impliedDirection(t, row.indicator)) : t.op;
  if (op !== e.op) return `op ${op}, expected ${e.op}`;
  if ((e.implicit ?? false) !== t.implicit) return `implicit ${t.implicit}, expected ${e.implicit ?? false}`;
  if (!sameDec(e.value, t.value) || !sameDec(e.min, t.min) || !sameDec(e.max, t.max))
    return `value ${t.value?.toFixed()} [${t.min?.toFixed()}, ${t.max?.toFixed()}]`;
  if (!sameUnit(e.unit, t.unit)) return `unit "${t.unit}", expected "${canonicalUnit(e.unit)}"`;
  return undefined;
}

function leafOf(row: Row, weight: string): Indicator {
  return { name: row.indicator, weight: dec(weight), target: parseTarget(row.target), actual: row.actual };
}

/** How the engine reads the actual, compared with the hand's reading. */
function actualDiffers(row: Row): string | undefined {
  const e = row.expect.actual;
  if (!e || row.actual === undefined || row.actual.trim() === "") return undefined;
  if (e.unreadable) {
    const out = scoreLeaf(leafOf(row, "10"), dec(10), ctx);
    return out.score === undefined ? undefined : `read and scored ${formatScore(out.score)}, expected unreadable`;
  }
  if (e.value !== undefined) {
    const r = readActual(row.actual, "");
    if (r.kind !== "number") return `read as ${r.kind}`;
    if (!dec(e.value).equals(r.value)) return `value ${r.value.toFixed()}, expected ${e.value}`;
    if (!sameUnit(e.unit, r.unit)) return `unit "${r.unit}", expected "${canonicalUnit(e.unit)}"`;
    return undefined;
  }
  if (e.level !== undefined) {
    const out = scoreLeaf(leafOf(row, "10"), dec(10), ctx);
    const want = { full: "10.00", partial: "6.00", none: "0.00" }[e.level];
    const got = out.score === undefined ? "unscored" : formatScore(out.score);
    return got === want ? undefined : `level scored ${got}, expected ${e.level} (${want}): ${out.explanation.zh}`;
  }
  return undefined;
}

test("the corpus: at least 30 published forms and 300 rows, each with its source address", () => {
  const rows = forms.reduce((n, f) => n + f.form.rows.length, 0);
  assert.ok(forms.length >= 30, `${forms.length} forms`);
  assert.ok(rows >= 300, `${rows} rows`);
  for (const { file, form } of forms) assert.ok(form.source.url.length > 0 && form.source.title.length > 0, file);
});

test("at least 99% of the rows read as written by hand (targets and actuals)", () => {
  const misses: string[] = [];
  let total = 0;
  for (const { file, form } of forms) {
    for (const row of form.rows) {
      total++;
      const why = targetDiffers(row) ?? actualDiffers(row);
      if (why) misses.push(`${file} ${row.indicator}: "${row.target}" / "${row.actual ?? ""}" — ${why}`);
    }
  }
  const read = total - misses.length;
  console.log(`wild corpus: ${read}/${total} rows read as by hand (${((read / total) * 100).toFixed(2)}%)`);
  for (const m of misses) console.log(`  ${m}`);
  assert.ok(read * 100 >= total * 99, `${misses.length} of ${total} rows read differently:\n${misses.join("\n")}`);
});

test("where a form's printed score follows the default rules, the engine's agrees", () => {
  const misses: string[] = [];
  let n = 0;
  for (const { file, form } of forms) {
    for (const row of form.rows) {
      if (row.expect.score === undefined || row.weight === undefined) continue;
      n++;
      const out = scoreLeaf(leafOf(row, row.weight), dec(row.weight), ctx);
      const got = out.score === undefined ? "unscored" : formatScore(out.score);
      if (got !== row.expect.score)
        misses.push(
          `${file} ${row.indicator}: "${row.target}" / "${row.actual}" → ${got}, printed ${row.expect.score}: ${out.explanation.zh}`,
        );
    }
  }
  console.log(`wild corpus: ${n - misses.length}/${n} printed scores reproduced`);
  assert.ok(n >= 80, `${n} rows with a printed score that follows the default rules`);
  assert.deepEqual(misses, []);
});
