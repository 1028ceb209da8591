/** jixiao targets check and jixiao monitor, end to end: the built binary on the examples. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const MONITORING = "examples/monitoring-2021-07.yaml";
const TARGETS = "examples/yangquan-hrss-2021-targets.yaml";

if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
  throw new Error("packages/cli/dist is missing: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-targets-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("jixiao monitor", () => {
  test("--month 7 --json: every light of the synthetic example follows the rules", () => {
    const r = run("monitor", MONITORING, "--month", "7", "--json");
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      month: number;
      light: string;
      timeliness: { status: string; flag: boolean };
      budget: {
        light: string;
        ratio: string;
        executionRate: string;
        formula: { zh: string };
        lines: Array<{ source: string; light: string; ratio: string }>;
      };
      indicators: Array<{ row: number; name: string; light: string | null; ratio: string | null; explanation: { zh: string; en: string } }>;
    };
    assert.equal(j.month, 7);
    assert.equal(j.light, "red");
    assert.deepEqual(j.timeliness, { ...j.timeliness, status: "on-time", flag: false });
    assert.equal(j.budget.light, "green");
    assert.equal(j.budget.ratio, "83.33");
    assert.equal(j.budget.executionRate, "48.61");
    assert.equal(j.budget.formula.zh, "预算执行进度（350万元 ÷ 720万元）÷（7/12）× 100 = 83.33");
    assert.deepEqual(
      j.budget.lines.map((l) => [l.source, l.light, l.ratio]),
      [
        ["财政拨款", "green", "85.71"],
        ["上级补助", "yellow", "71.43"],
      ],
    );
    assert.deepEqual(
      j.indicators.map((i) => [i.name, i.light, i.ratio]),
      [
        ["培训人次", "green", "100.00"],
        ["发放补贴人数", "yellow", "75.00"],
        ["技能鉴定人数", "red", "57.14"],
        ["线上课程上线数", "blue", "142.86"],
        ["人均培训成本", "green", "92.00"],
        ["培训合格率", "green", "103.33"],
        ["实训基地建设", "yellow", null],
        ["补贴发放投诉次数", "red", "150.00"],
      ],
    );
    assert.match(j.indicators[2]!.explanation.zh, /200人 ÷（600人 ÷ 12 × 7）× 100 = 57\.14，低于 60，亮红灯/);
    assert.match(j.indicators[3]!.explanation.en, /ahead of plan: blue/);
  });
  test("the table in Chinese and in English", () => {
    const zh = run("monitor", MONITORING, "--month", "7");
    assert.equal(zh.code, 0, zh.err);
    assert.match(zh.out, /（1–7 月）：●红/);
    assert.match(zh.out, /技能鉴定人数\s+≥600人\s+200人\s+57\.14\s+●红/);
    const en = run("monitor", MONITORING, "--month", "7", "--lang", "en");
    assert.match(en.out, /\(months 1–7\): red/);
    assert.match(en.out, /submitted on time/);
  });
  test("another month: a warning, and the lights computed for that month", () => {
    const r = run("monitor", MONITORING, "--month", "6", "--json");
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { diagnostics: Array<{ code: string }>; indicators: Array<{ ratio: string | null }> };
    assert.equal(j.diagnostics[0]!.code, "monitor/month-mismatch");
    assert.equal(j.indicators[0]!.ratio, "116.67");
  });
  test("a late report is flagged; a missing one as of --today", () => {
    const late = join(tmp, "late.yaml");
    writeFileSync(
      late,
      "fiscalYear: 2021\nname: 迟报项目\ndeadline: 2021-08-10\nsubmittedAt: 2021-08-15\nbudget: [{source: 财政拨款, adjustedBudget: 0, executed: 0}]\nindicators: []\n",
    );
    const j = JSON.parse(run("monitor", late, "--month", "7", "--json").out) as {
      light: string;
      timeliness: { status: string; flag: boolean };
      budget: { explanation: { zh: string } };
    };
    assert.equal(j.timeliness.status, "late");
    assert.equal(j.timeliness.flag, true);
    assert.equal(j.light, "red");
    assert.match(j.budget.explanation.zh, /调整后预算为 0/);
    const missing = join(tmp, "missing.yaml");
    writeFileSync(missing, "fiscalYear: 2021\nname: 未报项目\ndeadline: 2021-08-10\nbudget: []\nindicators: []\n");
    const m = JSON.parse(run("monitor", missing, "--month", "7", "--today", "2021-08-20", "--json").out) as {
      timeliness: { status: string };
    };
    assert.equal(m.timeliness.status, "missing");
  });
  test("bad usage and bad files exit 2 with a message naming the problem", () => {
    const r = run("monitor", MONITORING, "--month", "13");
    assert.equal(r.code, 2);
    assert.match(r.err, /月份“13”无效/);
    assert.equal(run("monitor", MONITORING).code, 2);
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "fiscalYear: 2021\nname: x\nbudget:\n  - {source: a, adjustedBudget: 一百, executed: 1}\nindicators: []\n");
    const b = run("monitor", bad, "--month", "7");
    assert.equal(b.code, 2);
    assert.match(b.err, /bad\.yaml:4:\d+ budget\[0\]\.adjustedBudget/);
    assert.equal(run("monitor", "nope.yaml", "--month", "7").code, 2);
  });
});

describe("jixiao targets check", () => {
  test("the Yangquan 2021 targets: no errors (exit 0), 全省排名靠前 not measurable", () => {
    const r = run("targets", "check", TARGETS, "--json");
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      summary: { error: number; warning: number };
      diagnostics: Array<{ code: string; path: Array<string | number> }>;
    };
    assert.equal(j.summary.error, 0);
    const rows = j.diagnostics.filter((d) => d.code === "filing/not-measurable").map((d) => Number(d.path[1]) + 1);
    for (const row of [3, 4, 5, 6]) assert.ok(rows.includes(row), `row ${row}`);
    const zh = run("targets", "check", TARGETS);
    assert.match(zh.out, /第 3 行 指标“履职效能 › 核心业务 › 就业保障水平”：指标值“全省排名靠前”不可衡量/);
  });
  test("errors exit 1: weights that do not add up, a missing required field", () => {
    const f = join(tmp, "filing.yaml");
    writeFileSync(
      f,
      [
        "kind: 项目",
        "fiscalYear: 2022",
        "name: 测试项目",
        "department: 某局",
        "funds: { lines: [{ source: 财政拨款, amount: 100 }] }",
        "annualGoal: 完成培训",
        "indicators:",
        '  - { level1: 产出指标, level2: 数量指标, name: 培训人数, target: "≥95%", weight: 60 }',
        '  - { level1: 产出指标, level2: 成本指标, name: 人均成本, target: "≥500元", weight: 30 }',
        "",
      ].join("\n"),
    );
    const r = run("targets", "check", f, "--lang", "en");
    assert.equal(r.code, 1);
    assert.match(r.out, /filing\/required .*implementing unit/);
    assert.match(r.out, /filing\/weight-sum .*add up to 90, not the stated total 100/);
    assert.match(r.out, /filing\/unit-fit .*row 1/);
    assert.match(r.out, /filing\/operator-direction .*row 2/);
  });
});
