/** jixiao batch end to end: real processes (the built binary, worker threads), real files, every output format, exit codes. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type EvaluationInput, EvaluationSchema, formatScore, scoreEvaluation } from "@jixiao/engine";
import { readWorkbook } from "@jixiao/exchange";
import { syntheticEvaluation } from "../../../bench/synthetic.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");

if (!existsSync(join(ROOT, "packages/cli/dist/batch-command.js"))) {
  throw new Error("packages/cli/dist is missing batch: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-batch-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A synthetic evaluation with one leaf's actual taken out: 1 unscored, a partial total, no grade. */
function partialEvaluation(): EvaluationInput {
  const e = syntheticEvaluation(7);
  const leaf = e.indicators[1]!.children![0]!.children![2]! as Record<string, unknown>;
  delete leaf["actual"];
  return e;
}

function reference(e: EvaluationInput): { total: string | null; partialTotal: string | null; grade: string | null } {
  const s = scoreEvaluation(EvaluationSchema.parse(e));
  return {
    total: s.total ? formatScore(s.total) : null,
    partialTotal: s.total === undefined && s.partialTotal ? formatScore(s.partialTotal) : null,
    grade: s.grade ?? null,
  };
}

// A folder with a good file, a partial one, a broken one and a file that is not an evaluation (left out).
const folder = join(tmp, "folder");
mkdirSync(join(folder, "sub"), { recursive: true });
copyFileSync(join(ROOT, "examples/yangquan-hrss-2021.yaml"), join(folder, "a-good.yaml"));
writeFileSync(join(folder, "b-partial.json"), JSON.stringify(partialEvaluation(), null, 2));
writeFileSync(join(folder, "sub", "c-broken.yaml"), "schemaVersion: 1\nmeta: { title: 坏的\nindicators: [\n");
writeFileSync(join(folder, "notes.txt"), "not an evaluation");

// JSON Lines with workers: 250 evaluations (3 chunks), line 2 not JSON, line 150 not a valid model, line 4 blank.
const jsonl = join(tmp, "many.jsonl");
const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify(syntheticEvaluation(i)));
lines[1] = '{"schemaVersion": 1, "meta": ';
lines[3] = "";
lines[149] = JSON.stringify({ schemaVersion: 1, meta: { title: "缺指标" } });
writeFileSync(jsonl, "\uFEFF" + lines.join("\n") + "\n");

interface JsonRow {
  file: string;
  line: number | null;
  title: string | null;
  total: string | null;
  partialTotal: string | null;
  unscored: number | null;
  grade: string | null;
  level1: Record<string, string | null>;
  errors: number;
  warnings: number;
  error: string | null;
}
const readJsonl = (file: string): JsonRow[] =>
  readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as JsonRow);

describe("jixiao batch", () => {
  test("a folder: a table on stdout, the good, the partial (部分合计, 未评分) and the broken row; exit 1", () => {
    const r = run("batch", folder);
    assert.equal(r.code, 1, r.err);
    const rows = r.out.split("\n");
    assert.match(rows[0]!, /来源\s+标题\s+合计\s+部分合计\s+未评分\s+等级\s+履职效能\s+管理效率\s+社会效应\s+可持续性\s+决策/);
    assert.match(r.out, /a-good\.yaml\s+阳泉市.*\s85\.73\s+-\s+0\s+良\s+21\.24\s+37\.88\s+19\.61\s+7\.00/);
    assert.match(r.out, /b-partial\.json\s+合成评价 7（synthetic）\s+-\s+\d+\.\d\d\s+1\s+-/);
    assert.match(r.out, /sub\/c-broken\.yaml\s+.*c-broken\.yaml:\d+:\d+ YAML 语法错误/);
    assert.doesNotMatch(r.out, /notes\.txt/);
    assert.match(r.err, /共 3 个评价，2 个有错误（其中 1 个无法读取）/);
  });

  test("--out summary.csv: a BOM, one column per level-1 name (the union), total / partialTotal / unscored apart", () => {
    const out = join(tmp, "summary.csv");
    const r = run("batch", folder, "--out", out);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /已写入 .*summary\.csv；共 3 个评价/);
    const text = readFileSync(out, "utf8");
    assert.ok(text.startsWith("\uFEFF"), "a byte-order mark for Excel");
    const [header, good, partial, broken] = text.slice(1).trimEnd().split("\r\n");
    assert.equal(
      header,
      "file,line,title,total,partialTotal,unscored,grade,履职效能,管理效率,社会效应,可持续性,决策,过程,产出,效益,errors,warnings,error",
    );
    const ref = reference(partialEvaluation());
    assert.match(
      good!,
      /a-good\.yaml,,阳泉市人力资源和社会保障局2021年度部门整体支出绩效评价报告,85\.73,,0,良,21\.24,37\.88,19\.61,7\.00,,,,,0,0,$/,
    );
    assert.ok(partial!.includes(`,合成评价 7（synthetic）,,${ref.partialTotal},1,,,,,,`), partial);
    assert.match(partial!, /,[1-9]\d*,0,$/, "the unscored leaf is an error of the scoring");
    assert.match(broken!, /c-broken\.yaml,,,,,,,,,,,,,,,[1-9]\d*,0,"?.*c-broken\.yaml:\d+:\d+ YAML 语法错误/);
  });

  test("JSON Lines on worker threads: rows in input order, bad lines are rows with their error, totals equal scoreEvaluation's", () => {
    const out = join(tmp, "summary.jsonl");
    const r = run("batch", jsonl, "--out", out, "--jobs", "2");
    assert.equal(r.code, 1, r.err);
    const rows = readJsonl(out);
    assert.equal(rows.length, 249, "the blank line gives no row");
    assert.deepEqual(
      rows.slice(0, 4).map((x) => x.line),
      [1, 2, 3, 5],
    );
    const bad = rows.find((x) => x.line === 2)!;
    assert.equal(bad.errors, 1);
    assert.match(bad.error!, /many\.jsonl:2：不是有效的 JSON/);
    const invalid = rows.find((x) => x.line === 150)!;
    assert.ok(invalid.errors >= 1);
    assert.match(invalid.error!, /many\.jsonl:150: /);
    for (const row of rows) {
      if (row.line === 2 || row.line === 150) continue;
      const ref = reference(syntheticEvaluation(row.line! - 1));
      assert.deepEqual([row.total, row.partialTotal, row.grade], [ref.total, ref.partialTotal, ref.grade], `line ${row.line}`);
      assert.equal(row.unscored, 0);
      assert.deepEqual(Object.keys(row.level1), ["决策", "过程", "产出", "效益"]);
    }
    // The same rows on one thread.
    const one = join(tmp, "one.jsonl");
    assert.equal(run("batch", jsonl, "--out", one, "--jobs", "1").code, 1);
    assert.equal(readFileSync(one, "utf8"), readFileSync(out, "utf8"));
  });

  test("--out summary.xlsx: one sheet, scores as numbers", async () => {
    const out = join(tmp, "summary.xlsx");
    const r = run("batch", folder, "--out", out, "--lang", "en");
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /wrote .*summary\.xlsx; 3 evaluation\(s\), 2 with errors \(1 could not be read\)/);
    const [sheet] = await readWorkbook(new Uint8Array(readFileSync(out)));
    assert.equal(sheet!.name, "summary");
    assert.deepEqual(sheet!.rows[0]!.slice(0, 8), ["file", "line", "title", "total", "partialTotal", "unscored", "grade", "履职效能"]);
    assert.deepEqual(sheet!.rows[1]!.slice(3, 8), ["85.73", "", "0", "良", "21.24"]);
    assert.match(sheet!.rows[3]!.at(-1)!, /YAML/);
  });

  test("exit codes: 0 when nothing has errors, 1 with --check finding one, 1 for a missing path (a row), 2 for bad usage", () => {
    const fixture = "packages/cli/test/fixtures/grade-outside-band.yaml";
    assert.equal(run("batch", "examples/yangquan-hrss-2021.yaml").code, 0);
    // The examples folder also holds a target filing and a monitoring report: rows that say which command reads them.
    const folder = run("batch", "examples");
    assert.equal(folder.code, 1);
    assert.match(folder.out, /yangquan-hrss-2021-targets\.yaml：这是绩效目标申报表，不是评价文件（请用 jixiao targets check）/);
    assert.match(folder.out, /monitoring-2021-07\.yaml：这是运行监控表，不是评价文件（请用 jixiao monitor）/);
    assert.match(folder.out, /阳泉市人力资源和社会保障局2021年度部门整体支出绩效评价报告\s+85\.73/);
    assert.equal(run("batch", fixture).code, 0, "scoring alone finds no error");
    const checked = run("batch", fixture, "--check", "--lang", "en");
    assert.equal(checked.code, 1);
    assert.match(checked.out, /等级错误示例\s+85\.73\s+-\s+0\s+良.*\s[1-9]\d*\s+\d+$/m);
    const missing = run("batch", "examples/yangquan-hrss-2021.yaml", join(tmp, "nowhere.yaml"));
    assert.equal(missing.code, 1);
    assert.match(missing.out, /nowhere\.yaml：文件不存在/);
    assert.equal(run("batch", "examples", "--out", join(tmp, "x.txt")).code, 2);
    assert.equal(run("batch", "examples", "--jobs", "0").code, 2);
    const existing = join(tmp, "exists.csv");
    writeFileSync(existing, "");
    assert.equal(run("batch", "examples", "--out", existing).code, 2);
    assert.equal(run("batch", "examples/yangquan-hrss-2021.yaml", "--out", existing, "--force").code, 0);
  });
});
