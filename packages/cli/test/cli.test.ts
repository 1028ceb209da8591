/** The jixiao binary end to end: real processes, real files. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const EXAMPLE = "examples/yangquan-hrss-2021.yaml";
const BAD = "packages/cli/test/fixtures/bad";

if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
  throw new Error("packages/cli/dist is missing: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("jixiao score / check / explain on the Yangquan example", () => {
  test("score prints the tree table, 85.73 and 良", () => {
    const r = run("score", EXAMPLE);
    assert.equal(r.code, 0, r.err);
    for (const row of [
      /A\s+履职效能\s+30\s+21\.24\s+70\.80%/,
      /B\s+管理效率\s+40\s+37\.88\s+94\.70%/,
      /C\s+社会效应\s+20\s+19\.61\s+98\.05%/,
      /D\s+可持续性\s+10\s+7\.00\s+70\.00%/,
      /合计\s+100\s+85\.73\s+85\.73%/,
    ]) {
      assert.match(r.out, row);
    }
    assert.match(r.out, /合计：85\.73\u3000等级：良/);
  });
  test("score --json has every node and the total", () => {
    const r = run("score", EXAMPLE, "--json");
    const j = JSON.parse(r.out);
    assert.equal(j.total, "85.73");
    assert.equal(j.grade, "良");
    assert.deepEqual(
      j.nodes.map((n: { ratePercent: string }) => n.ratePercent),
      ["70.80%", "94.70%", "98.05%", "70.00%"],
    );
    assert.equal(j.nodes[0].explanation.zh, "直接赋分 21.24");
    assert.ok(j.formulas.some((f: { id: string; value: string }) => f.id === "staffControlRate" && f.value === "84.7926"));
  });
  test("score in English", () => {
    const r = run("--lang", "en", "score", EXAMPLE);
    assert.match(r.out, /total: 85\.73 {2}grade: 良 \(Good\)/);
  });
  test("check: no errors, exit 0, 表3 recomputed, 在职人员控制率 84.79% inside 80%-120%, the four units over 20%", () => {
    const r = run("check", EXAMPLE);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /0 个错误，0 个警告/);
    assert.match(r.out, /阳泉市职业技能评价服务中心” 空编率：报告 63%，重算 62\.5000%/);
    assert.match(r.out, /阳泉市社会保险中心” 空编率：报告 14%，重算 14\.4928%/);
    assert.match(r.out, /在职人员控制率 = .*184.*217.*= 84\.79%，在目标 80%-120% 内 ✓/);
    assert.match(r.out, /4 个单位空编率超过 20%/);
  });
  test("check --json", () => {
    const j = JSON.parse(run("check", EXAMPLE, "--json").out);
    assert.deepEqual(j.summary, { error: 0, warning: 0, info: 9 });
    assert.equal(j.findings.find((f: { rule: string }) => f.rule === "staff/vacancy").evidence.length, 4);
  });
  test("explain a node by id, by name, and the total", () => {
    const byId = run("explain", EXAMPLE, "A");
    assert.equal(byId.code, 0);
    assert.match(byId.out, /A 履职效能/);
    assert.match(byId.out, /直接赋分 21\.24/);
    assert.match(run("explain", EXAMPLE, "可持续性").out, /得分率：70\.00%/);
    assert.match(run("explain", EXAMPLE, "total").out, /85\.73 ∈ \[80, 90\) → 良/);
    assert.match(run("explain", EXAMPLE, "total").out, /距“优”还差 4\.27 分；可提升空间最大的指标：履职效能（可提升 8\.76 分）/);
    const none = run("explain", EXAMPLE, "Z9");
    assert.equal(none.code, 2);
    assert.match(none.err, /找不到指标“Z9”/);
  });
});

describe("init and templates", () => {
  test("templates lists the three templates", () => {
    const r = run("templates");
    for (const id of ["department", "project", "self-evaluation"]) assert.match(r.out, new RegExp(id));
  });
  for (const id of ["department", "project", "self-evaluation"]) {
    test(`init --template ${id} writes a file that scores and checks`, () => {
      const file = join(tmp, `${id}.yaml`);
      const r = run("init", "--template", id, "-o", file, "--year", "2025", "--subject", "某某局");
      assert.equal(r.code, 0, r.err);
      assert.match(readFileSync(file, "utf8"), /fiscalYear: 2025/);
      const s = run("score", file);
      assert.equal(s.code, 0, s.err);
      const again = run("init", "--template", id, "-o", file);
      assert.equal(again.code, 2);
      assert.match(again.err, /已存在；如需覆盖请加 --force/);
    });
  }
  test("an unknown template names the ones that exist", () => {
    const r = run("init", "--template", "nope");
    assert.equal(r.code, 2);
    assert.match(r.err, /没有名为“nope”的模板；可用：department, project, self-evaluation/);
  });
});

describe("bad files: file:line:column, the field, what was expected; exit 2; no stack trace", () => {
  const cases: Array<[string, string]> = [
    ["yaml-syntax.yaml", `${BAD}/yaml-syntax.yaml:11:1 YAML 语法错误：缺少闭合的引号或括号（Missing closing "quote）`],
    ["json-syntax.json", `${BAD}/json-syntax.json:3:42 JSON 语法错误：Expected double-quoted property name`],
    ["not-object.yaml", `${BAD}/not-object.yaml:1:1 文件内容应为一个对象（映射）`],
    ["empty.yaml", `${BAD}/empty.yaml:1:1 文件内容应为一个对象（映射）`],
    ["missing-meta.yaml", `${BAD}/missing-meta.yaml:1:1 meta: 缺少必填字段`],
    ["unknown-field.yaml", `${BAD}/unknown-field.yaml:10:5 indicators[0].wieght: 未知字段“wieght”`],
    ["bad-decimal.yaml", `${BAD}/bad-decimal.yaml:10:13 indicators[0].weight: 应为数字（如 38148.63 或 "38,148.63"），实际为“三十”`],
    [
      "nested-decimal.yaml",
      `${BAD}/nested-decimal.yaml:13:17 indicators[0].children[0].weight: 应为数字（如 38148.63 或 "38,148.63"），实际为“12.5.3”`,
    ],
    ["bad-enum.yaml", `${BAD}/bad-enum.yaml:4:9 meta.kind: 取值“部门支出”无效，应为：部门整体支出 / 项目支出 / 政策`],
    ["bad-type.yaml", `${BAD}/bad-type.yaml:8:13 indicators: 类型错误：应为列表，实际为文本`],
    ["negative-weight.yaml", `${BAD}/negative-weight.yaml:10:13 indicators[0].weight: 不能为负数`],
    ["bad-date.yaml", `${BAD}/bad-date.yaml:9:12 meta.dates.start: 格式错误：应为日期 YYYY-MM-DD`],
    [
      "bad-rule.yaml",
      `${BAD}/bad-rule.yaml:12:13 indicators[0].rule.type: 取值“percent”无效，应为：proportional / interval / step / qualitative / checklist / deduction / expert / direct / formula`,
    ],
    ["duplicate-key.yaml", `${BAD}/duplicate-key.yaml:9:1 YAML 语法错误：键名重复（Map keys must be unique）`],
    ["wrong-version.yaml", `${BAD}/wrong-version.yaml:1:16 schemaVersion: 取值无效，应为 1`],
    ["incomplete-target.yaml", `${BAD}/incomplete-target.yaml:11:13 indicators[0].target: 指标值不完整：区间（between）需要 min 与 max`],
  ];
  for (const [file, expected] of cases) {
    test(file, () => {
      for (const cmd of ["score", "check"]) {
        const r = run(cmd, `${BAD}/${file}`);
        assert.equal(r.code, 2, `${cmd}: exit ${r.code}`);
        assert.equal(r.out, "");
        const lines = r.err.trim().split("\n");
        assert.equal(lines[0], expected);
        assert.match(lines.at(-1)!, /共 1 处错误，未处理$/);
        assert.doesNotMatch(r.err, /\n\s+at /); // no stack trace
      }
    });
  }
  test("the same errors in English", () => {
    const r = run("--lang", "en", "check", `${BAD}/unknown-field.yaml`);
    assert.equal(r.err.split("\n")[0], `${BAD}/unknown-field.yaml:10:5 indicators[0].wieght: unknown field "wieght"`);
    const d = run("--lang", "en", "score", `${BAD}/bad-decimal.yaml`);
    assert.equal(
      d.err.split("\n")[0],
      `${BAD}/bad-decimal.yaml:10:13 indicators[0].weight: expected a number (e.g. 38148.63 or "38,148.63"), found "三十"`,
    );
  });
  test("a missing file, a directory, and no file argument", () => {
    const missing = run("score", "nope.yaml");
    assert.equal(missing.code, 2);
    assert.equal(missing.err.trim(), "无法读取文件 nope.yaml：文件不存在");
    const dir = run("check", "examples");
    assert.equal(dir.code, 2);
    assert.match(dir.err, /这是一个目录/);
    const none = run("score");
    assert.equal(none.code, 2);
    assert.doesNotMatch(none.err, /\n\s+at /);
  });
  test("a file whose checks fail exits 1", () => {
    const r = run("check", "packages/cli/test/fixtures/grade-outside-band.yaml");
    assert.equal(r.code, 1);
    assert.match(r.out, /grade\/outside-band/);
    assert.match(r.out, /评级“优”与得分 85\.73 不符，按等级区间应为“良”/);
  });
});
