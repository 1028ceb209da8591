/**
 * Reports of evaluations unlike Yangquan: the complete examples of docs/evaluation-format.md
 * (a project evaluation, PEFA with grades and no total, PART) and synthetic department
 * evaluations, in every pure format and both templates.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { loadEvaluation } from "@jixiao/engine";
import { buildReport, renderDocx, renderHtml, renderMarkdown, renderReport } from "@jixiao/reports";
import { PURE_FORMATS, renderPureReport } from "@jixiao/reports/pure";
import { ROOT, docxPart, docxTables, docxText } from "./helpers.ts";
import { syntheticEvaluation } from "./synthetic.ts";

const DOC = readFileSync(`${ROOT}docs/evaluation-format.md`, "utf8");
const complete = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.startsWith("schemaVersion: 1"));

describe("the complete examples of the file-format documentation", () => {
  test("there are several (project, PEFA, PART …)", () => assert.ok(complete.length >= 4, `${complete.length}`));
  complete.forEach((yaml, i) => {
    const r = loadEvaluation(yaml, `example-${i}.yaml`);
    if (!r.ok) throw new Error(`example ${i} does not load`);
    const e = r.evaluation;
    for (const template of ["seed", "cn-2020"]) {
      test(`${e.meta.title} (${template}): md, html and docx, tables numbered in order`, async () => {
        const doc = buildReport(e, { template });
        const labels = doc.blocks.flatMap((b) => (b.kind === "table" ? [b.label] : []));
        const body = labels.filter((l) => l.startsWith("表"));
        assert.deepEqual(
          body,
          body.map((_, k) => `表${k + 1}`),
        );
        assert.ok(labels.includes("附表" + labels.filter((l) => l.startsWith("附表")).length) || !labels.some((l) => l.startsWith("附表")));
        const md = renderMarkdown(doc);
        assert.ok(md.startsWith(`# ${e.meta.title}\n`));
        assert.ok(renderHtml(doc).includes(`<title>${e.meta.title.replace(/&/g, "&amp;")}</title>`));
        const xml = await docxPart(await renderDocx(doc), "word/document.xml");
        const tables = docxTables(xml);
        assert.equal(tables.length, labels.length);
        if (e.scheme?.preset === "pefa") {
          assert.ok(!md.includes("合计"), "an ordinal scheme has no total");
          assert.match(md, /PI-17 预算编制程序 \/ Budget preparation process \| B \|/);
          assert.match(md, /PI-18 立法机关对预算的审查 \/ Legislative scrutiny of budgets \| D\+ \|/);
        }
      });
    }
  });
});

describe("@jixiao/reports/pure (no Node API: the browser's entry)", () => {
  test("renders md, html and docx exactly as the main entry does", async () => {
    const e = syntheticEvaluation(42);
    for (const format of PURE_FORMATS) {
      const a = await renderPureReport(e, { format, template: "cn-2020" });
      const b = await renderReport(e, { format, template: "cn-2020" });
      if (format === "docx") {
        // Zip timestamps and chart relationship ids differ between two packings: compare the text and tables.
        const [xa, xb] = [await docxPart(a, "word/document.xml"), await docxPart(b, "word/document.xml")];
        assert.ok(docxText(xa) === docxText(xb), "the same text");
        assert.ok(JSON.stringify(docxTables(xa)) === JSON.stringify(docxTables(xb)), "the same tables");
      } else assert.deepEqual(a, b);
    }
  });
});

describe("synthetic department evaluations", () => {
  test("the 表 of 人员情况 follows the finding on vacancies; '-' for every unit not under quota", async () => {
    for (let i = 0; i < 10; i++) {
      const e = syntheticEvaluation(i);
      const doc = buildReport(e);
      const staffing = doc.blocks.find((b) => b.kind === "table" && b.key === "staffing");
      assert.ok(staffing && staffing.kind === "table");
      assert.equal(staffing.label, "表3");
      const units = e.organisation!.units;
      staffing.rows.slice(1).forEach((row, k) => {
        const u = units[k]!;
        const under = u.quota! > u.inPost!;
        assert.equal(row[3]!.text, under ? String(u.quota! - u.inPost!) : "-");
        assert.match(row[4]!.text, under ? /^\d+\.\d{2}%$/ : /^-$/);
      });
    }
  });
});
