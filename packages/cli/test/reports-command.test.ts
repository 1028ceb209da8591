/** `jixiao report` end to end: the real binary, real files, every format. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const EXAMPLE = "examples/yangquan-hrss-2021.yaml";

if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
  throw new Error("packages/cli/dist is missing: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-report-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("jixiao report", () => {
  test("md to standard output; html, docx to files (format from --format or the extension)", () => {
    const md = run("report", EXAMPLE, "--format", "md");
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^# 阳泉市人力资源和社会保障局2021年度部门整体支出绩效评价报告/);
    assert.ok(md.out.includes("2021年阳泉市城镇新增就业21090人，完成全年目标任务的105.45%"));
    const html = run("report", EXAMPLE, "-o", join(tmp, "r.html"));
    assert.equal(html.code, 0, html.err);
    assert.match(html.out, /已写入 .*r\.html（html，\d+ KB）/);
    assert.match(readFileSync(join(tmp, "r.html"), "utf8"), /<td class="c">62.50%<\/td>/);
    const docx = run("report", EXAMPLE, "--format", "docx", "--template", "cn-2020", "-o", join(tmp, "r.docx"));
    assert.equal(docx.code, 0, docx.err);
    assert.equal(readFileSync(join(tmp, "r.docx")).subarray(0, 2).toString(), "PK");
  });

  test("bad input exits 2 with a message and no stack trace", () => {
    const needsFile = run("report", EXAMPLE, "--format", "docx");
    assert.equal(needsFile.code, 2);
    assert.equal(needsFile.err.trim(), "docx 是二进制格式，请用 -o 指定输出文件");
    const template = run("report", EXAMPLE, "--template", "nope");
    assert.equal(template.code, 2);
    assert.equal(template.err.trim(), "没有名为“nope”的报告模板；可用：seed, cn-2020");
    const format = run("report", EXAMPLE, "--format", "odt");
    assert.equal(format.code, 2);
    const exists = run("report", EXAMPLE, "-o", join(tmp, "r.html"));
    assert.equal(exists.code, 2);
    assert.match(exists.err, /已存在；如需覆盖请加 --force/);
  });

  test("a placeholder that points at nothing: file:line:column, the placeholder named, exit 2, nothing written", () => {
    const text = readFileSync(join(ROOT, EXAMPLE), "utf8").replace("{{outcomes.reemployment.actual}}", "{{outcomes.re-employment.actual}}");
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, text);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("{{outcomes.re-employment.actual}}")) + 1;
    const column = lines[line - 1]!.indexOf("{{outcomes.re-employment.actual}}") + 1;
    const out = join(tmp, "bad.docx");
    const zh = run("report", file, "-o", out);
    assert.equal(zh.code, 2);
    assert.equal(
      zh.err.trim(),
      `${file}:${line}:${column} narrative[6].sections[0].text：占位符 {{outcomes.re-employment.actual}} 无法填写：outcomes 中没有 id 为“re-employment”的成效\n报告未生成`,
    );
    assert.ok(!existsSync(out));
    const en = run("--lang", "en", "report", file, "-o", out);
    assert.equal(
      en.err.trim(),
      `${file}:${line}:${column} narrative[6].sections[0].text: placeholder {{outcomes.re-employment.actual}} cannot be filled: no outcome with id "re-employment"\nno report written`,
    );
    assert.doesNotMatch(zh.err + en.err, /\s+at\s.+\(/);
  });

  test("--template-docx fills the firm's own Word template; a bad placeholder is named with its paragraph, exit 2", async () => {
    const { Document, Packer, Paragraph, TextRun } = await import("docx");
    const JSZip = (await import("jszip")).default;
    const template = async (lines: string[]) =>
      new Uint8Array(
        await Packer.toArrayBuffer(
          new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }),
        ),
      );
    const firm = join(tmp, "firm.docx");
    writeFileSync(
      firm,
      await template(["{{meta.title}}", "综合得分{{total}}分（{{grade}}）", "{{#level1}}{{name}} {{score}}；{{/level1}}"]),
    );
    const out = join(tmp, "firm-out.docx");
    const r = run("report", EXAMPLE, "--template-docx", firm, "-o", out);
    assert.equal(r.code, 0, r.err);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file("word/document.xml")!.async("string");
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    assert.ok(text.includes("综合得分85.73分（良）"));
    assert.ok(text.includes("履职效能 21.24；管理效率 37.88；社会效应 19.61；可持续性 7.00；"));
    const bad = join(tmp, "firm-bad.docx");
    writeFileSync(bad, await template(["{{meta.title}}", "合计：{{totl}}"]));
    const e = run("report", EXAMPLE, "--template-docx", bad, "-o", join(tmp, "never.docx"));
    assert.equal(e.code, 2);
    assert.match(
      e.err,
      /firm-bad\.docx Word 模板 word\/document\.xml 第2段（“合计：\{\{totl\}\}”）：占位符 \{\{totl\}\} 无法填写：未知的数据类别“totl”/,
    );
    assert.match(e.err, /报告未生成/);
    assert.ok(!existsSync(join(tmp, "never.docx")));
    const md = run("report", EXAMPLE, "--template-docx", firm, "--format", "md");
    assert.equal(md.code, 2);
    assert.match(md.err, /--template-docx 生成 docx 或 pdf/);
  });

  test("a file that does not load exits 2 with file:line:column", () => {
    const r = run("report", "packages/cli/test/fixtures/bad/unknown-field.yaml", "--format", "md");
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown-field\.yaml:\d+:\d+ /);
  });
});
