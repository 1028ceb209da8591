/** jixiao template / import / export / audit end to end: real processes, real files, exit codes. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { needs } from "../../../scripts/test-tools.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const FIX = "packages/exchange/test/fixtures";

if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
  throw new Error("packages/cli/dist is missing: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-exchange-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("jixiao audit", () => {
  test("the seed: 表2 and 表3 (and 表1) extracted, no errors, exit 0", () => {
    const r = run("audit", `${FIX}/seed/yangquan-report.txt`);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /0 个错误，0 个警告，0 条提示；已复核 27 个报告数字/);
    assert.match(r.out, /表2 一级指标得分情况（指标得分，5 行，第159行）/);
    assert.match(r.out, /表3 人社局下属单位人员情况（人员情况，8 行，第215行）/);
  });
  test("the seed --json carries what was read: total 85.73, 良, the four level-1 scores, every verified figure with where, printed and recomputed, the tables' rows", () => {
    const r = run("audit", `${FIX}/seed/yangquan-report.txt`, "--json");
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      conclusion: {
        total: { printed: string; recomputed: string };
        grade: { printed: string; recomputed: string };
        level1: Array<Record<string, string>>;
      };
      verified: number;
      figures: Array<{ table: string; tableRow: number; where: { zh: string }; printed: string; recomputed: string; what: { zh: string } }>;
      tables: Array<{ title: string; content: Array<{ tableRow: number; path: string; value: Record<string, unknown> }> }>;
    };
    assert.deepEqual([j.conclusion.total.printed, j.conclusion.total.recomputed], ["85.73", "85.73"]);
    assert.deepEqual([j.conclusion.grade.printed, j.conclusion.grade.recomputed], ["良", "良"]);
    assert.deepEqual(
      j.conclusion.level1.map((n) => [n["id"], n["name"], n["weight"], n["printed"], n["recomputed"]]),
      [
        ["A", "履职效能", "30", "21.24", "21.24"],
        ["B", "管理效率", "40", "37.88", "37.88"],
        ["C", "社会效应", "20", "19.61", "19.61"],
        ["D", "可持续性", "10", "7", "7.00"],
      ],
    );
    assert.equal(j.figures.length, j.verified);
    const total = j.figures.find((f) => f.what.zh === "综合得分")!;
    assert.deepEqual([total.table, total.tableRow, total.where.zh, total.printed], ["表2 一级指标得分情况", 5, "第184行", "85.73"]);
    assert.match(total.recomputed, /^85\.73/);
    const t2 = j.tables.find((t) => t.title === "表2 一级指标得分情况")!;
    assert.deepEqual(t2.content[0], {
      tableRow: 1,
      where: { zh: "第164行", en: "line 164" },
      path: "indicators.0",
      value: t2.content[0]!.value,
    });
    assert.equal(t2.content[0]!.value["name"], "履职效能");
    const text = run("audit", `${FIX}/seed/yangquan-report.txt`);
    assert.match(text.out, /总分：表列 85\.73，重算 85\.73；等级：表列 良，重算 良；一级指标：A履职效能 21\.24，B管理效率 37\.88/);
    assert.match(text.out, /✓ 评价结论 综合得分 85\.73（表2 一级指标得分情况 第5行 第184行）/);
  });
  test("a folder at once: --out writes one row per form and a sheet of every diagnostic; an unreadable form is a row saying why", async () => {
    const out = join(tmp, "s.xlsx");
    const r = run("audit", `${FIX}/real-forms`, `${FIX}/reports/funds-sum.docx`, join(tmp, "missing.docx"), "--out", out);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /已写入 .*s\.xlsx：11 个文件，1 个有错误，9 个无错误，1 个无法读取/);
    const { readWorkbook } = await import("@jixiao/exchange");
    const [summary, diagnostics] = await readWorkbook(new Uint8Array(readFileSync(out)));
    assert.equal(summary!.name, "汇总");
    assert.deepEqual(summary!.rows[0]!.slice(0, 8), [
      "文件",
      "单位",
      "年度",
      "总分（表列）",
      "总分（重算）",
      "等级（表列）",
      "等级（重算）",
      "错误",
    ]);
    const huangshi = summary!.rows.find((row) => row[0]!.endsWith("huangshi-zjj-2022-sponge-city/form.docx"))!;
    assert.deepEqual(huangshi.slice(1, 9), ["黄石市住房和城乡建设局", "2022", "99.55", "99.55", "", "优", "0", "0"]);
    assert.match(summary!.rows.at(-1)!.at(-1)!, /无法读取：.*missing\.docx：文件不存在/);
    assert.ok(diagnostics!.rows.some((row) => row[0]!.endsWith("funds-sum.docx") && row[1] === "错误" && row[3] !== ""));
    assert.equal(run("audit", `${FIX}/real-forms`).code, 2, "a folder needs --out");
  });
  test("a mistake: exit 1, the diagnostic names the table, its row and the cell (.xlsx)", () => {
    const r = run("audit", `${FIX}/reports/missed-at-full.xlsx`);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /\[错误\] score\/missed-at-full {2}表1 绩效评价指标评分表 第6行 自评报告!A10：未达到目标（950 vs ≥1000）却得满分 20\.00/,
    );
  });
  test("--json and --lang en", () => {
    const r = run("audit", `${FIX}/reports/funds-sum.docx`, "--json", "--lang", "en");
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.summary.error, 1);
    assert.equal(j.diagnostics[0].code, "funds/sum");
    assert.equal(j.diagnostics[0].where.en, "table 4 row 4");
    const en = run("audit", `${FIX}/reports/clean.docx`, "--lang", "en");
    assert.equal(en.code, 0);
    assert.match(en.out, /0 error\(s\), 0 warning\(s\), 0 note\(s\)/);
  });
  test("a real form reads sensibly (廊坊: one warning, exit 0); -o writes the extracted model", () => {
    const model = join(tmp, "langfang.yaml");
    const r = run("audit", `${FIX}/real-forms/langfang-foodschool-2019-hvac/form.docx`, "-o", model);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /table\/budget-score-rule/);
    const check = run("check", model);
    assert.equal(check.code, 0, check.out);
  });
  test("PDF through pdftotext", { skip: needs(["pdftotext"], "jixiao audit on a PDF") }, () => {
    const r = run("audit", `${FIX}/reports/clean.pdf`);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /第1页/);
  });
  test("bad input exits 2 with a message naming the file, no stack trace", () => {
    for (const [args, re] of [
      [["audit", "nofile.docx"], /无法读取文件 nofile\.docx：文件不存在/],
      [["audit", "README.md.bak"], /不支持的文件类型/],
    ] as const) {
      const r = run(...args);
      assert.equal(r.code, 2);
      assert.match(r.err, re);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
    const notZip = join(tmp, "fake.docx");
    writeFileSync(notZip, "not a zip");
    const r = run("audit", notZip);
    assert.equal(r.code, 2);
    assert.match(r.err, /无法读取 .*fake\.docx：不是有效的 \.docx 文件/);
    assert.doesNotMatch(r.err, /central directory|jszip/i, "the zip library's own words are not shown");
  });
});

describe("jixiao template xlsx / import / export", () => {
  test("import: a file that is not a workbook is named as such, exit 2, no --partial hint", () => {
    const fake = join(tmp, "fake.xlsx");
    writeFileSync(fake, "not a zip");
    const r = run("import", fake, "-o", join(tmp, "never.yaml"));
    assert.equal(r.code, 2);
    assert.match(r.err, /fake\.xlsx: 不是有效的 \.xlsx 工作簿（应为 Office 文档的 zip 压缩包/);
    assert.match(r.err, /文件无法读取，未导入/);
    assert.doesNotMatch(r.err, /--partial|central directory/);
    assert.equal(existsSync(join(tmp, "never.yaml")), false);
  });
  test("template → import → check round trip", () => {
    const file = join(tmp, "评分表.xlsx");
    assert.equal(run("template", "xlsx", "评分表", "-o", file).code, 0);
    const yaml = join(tmp, "from-template.yaml");
    const r = run("import", file, "-o", yaml);
    assert.equal(r.code, 0, r.err);
    assert.equal(run("score", yaml).code, 0);
    assert.equal(run("template", "xlsx", "没有这个").code, 2);
  });
  test("import: GB18030 CSV works; mistakes exit 2 naming sheet!cell; --partial lists the rejected rows", () => {
    const ok = run("import", `${FIX}/import/评分表-gb18030.csv`, "-o", join(tmp, "gb.yaml"));
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.err, /CSV 编码：gb18030/);
    const bad = run("import", `${FIX}/import/自评表-mistakes.xlsx`, "-o", join(tmp, "bad.yaml"));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /评分表!E4: “权重”应为数字，实际为“十分”/);
    assert.match(bad.err, /基本信息!B4: 预算年度应为 1990–2100 之间的整数/);
    assert.equal(existsSync(join(tmp, "bad.yaml")), false);
    const partial = run("import", `${FIX}/import/评分表-mistakes.csv`, "--partial", "-o", join(tmp, "partial.yaml"));
    assert.equal(partial.code, 0);
    assert.match(partial.err, /评分表-mistakes!A3: 未导入的行/);
    assert.match(partial.err, /评分表-mistakes!A5: 未导入的行/);
    assert.match(partial.out, /未导入的行：2/);
  });
  test("export --format xlsx writes a workbook; other formats exit 2", () => {
    const out = join(tmp, "yq.xlsx");
    const r = run("export", "examples/yangquan-hrss-2021.yaml", "--format", "xlsx", "-o", out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /45 个计算单元格为公式/);
    assert.ok(existsSync(out));
    assert.equal(run("export", "examples/yangquan-hrss-2021.yaml", "--format", "ods", "-o", join(tmp, "x.ods")).code, 2);
    assert.equal(run("export", "nofile.yaml", "-o", join(tmp, "y.xlsx")).code, 2);
  });
});
