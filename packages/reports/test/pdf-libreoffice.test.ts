/**
 * The PDF path for real: DOCX → PDF with LibreOffice (our fontconfig mapping the official font
 * names to Noto CJK), PDF → text with pdftotext, PDF → PNG with pdftoppm. One batch (two
 * conversions side by side) to keep CI fast. The first pages' PNGs stay in artifacts/reports/
 * for a person to look at.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { docxToPdf, renderReport } from "@jixiao/reports";
import { needs } from "../../../scripts/test-tools.ts";
import { ROOT, yangquan } from "./helpers.ts";
import { projectEvaluation } from "./project-evaluation.ts";

const ARTIFACTS = join(ROOT, "artifacts", "reports");
const TEMPLATES = ["seed", "cn-2020"] as const;
/** Sentences a reader of the generated 项目支出 report must find in the PDF (issue 13). */
const PROJECT_SENTENCES = [
  "委托方：某县财政局",
  "评价机构：某某会计师事务所有限公司",
  "报告编号：某评字〔2024〕第007号",
  "现场核查（2024年4月11日至4月30日）：核查培训机构6家",
  "培训合格率实际为93.20%，低于95%的目标值1.80个百分点，按比例得9.81分",
  "预算执行率实际为95.30%，低于100%的目标值4.70个百分点，按评分标准扣0.47分，得2.53分",
  "《财政部关于印发〈项目支出绩效评价管理办法〉的通知》",
];

describe(
  "DOCX → PDF with LibreOffice, checked with poppler",
  { skip: needs(["soffice", "pdftotext", "pdftoppm"], "the DOCX → PDF tests") },
  () => {
    const tmp = mkdtempSync(join(tmpdir(), "jixiao-pdf-test-"));
    const pdfs = new Map<string, string>();
    after(() => rmSync(tmp, { recursive: true, force: true }));
    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const jobs = TEMPLATES.flatMap((template) => [
        { key: template, name: `yangquan-${template}`, e: yangquan(), template },
        { key: `project-${template}`, name: `project-${template}`, e: projectEvaluation(), template },
      ]);
      // Two conversions at a time (as the server does).
      for (let k = 0; k < jobs.length; k += 2)
        await Promise.all(
          jobs.slice(k, k + 2).map(async ({ key, name, e, template }) => {
            const docx = await renderReport(e, { format: "docx", template });
            writeFileSync(join(ARTIFACTS, `${name}.docx`), docx);
            const pdf = await docxToPdf(docx);
            const file = join(tmp, `${name}.pdf`);
            writeFileSync(file, pdf);
            writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
            pdfs.set(key, file);
          }),
        );
    });

    for (const template of TEMPLATES) {
      test(`${template}: A4, every page numbered "— N —", the key figures found by pdftotext`, () => {
        const file = pdfs.get(template)!;
        assert.equal(readFileSync(file).subarray(0, 5).toString(), "%PDF-");
        const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
        const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
        assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
        assert.ok(pages >= 10 && pages <= 30, `${pages} pages`);
        const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
        // The cover and the 目录 carry no number; the body counts from 1 on every page after them.
        const numbers = [...new Set([...text.matchAll(/—\s*(\d+)\s*—/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
        const front = pages - numbers.length;
        assert.ok(front >= 2 && front <= 3, `${front} unnumbered front pages`);
        assert.deepEqual(
          numbers,
          Array.from({ length: pages - front }, (_, i) => i + 1),
          "a page number on every page of the body",
        );
        // The 目录 gives each heading's page (PAGEREF fields computed by LibreOffice).
        const toc = execFileSync("pdftotext", ["-f", "2", "-l", "2", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
        assert.match(toc.replace(/\s+/g, ""), /^目录一、[^.]+\.{3,}1（一）/);
        const flat = text.replace(/\s+/g, "");
        for (const figure of [
          "85.73",
          "70.80%",
          "94.70%",
          "98.05%",
          "38,148.63",
          "6,561.92",
          "31,586.71",
          "2021年阳泉市城镇新增就业21090人，完成全年目标任务的105.45%",
          "综合得分85.73分",
          "绩效评级为“良”",
        ]) {
          assert.ok(flat.includes(figure), `pdftotext lacks ${figure}`);
        }
        if (template === "seed") {
          // Table rows, as laid out on the page (one line each: the table is kept on one page).
          const layout = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
          const rows = [
            /阳泉市劳动保障监察综合行政执法队\s+35\s+29\s+6\s+17\.14%/,
            /阳泉市职业技能评价服务中心\s+8\s+3\s+5\s+62\.50%/,
            /阳泉市社会保险中心\s+69\s+59\s+10\s+14\.49%/,
            /阳泉市创业服务中心\s+6\s+11\s+-\s+-/,
            /D\s*可持续性\s+10\s+7\.00\s+70\.00%/,
            /合计\s+100\s+85\.73\s+85\.73%/,
          ];
          for (const row of rows) assert.match(layout, row);
        }
      });

      test(`项目支出 (${template}): the cover, the work process with its dates, the analysis sentences; the appendix landscape`, () => {
        const file = pdfs.get(`project-${template}`)!;
        const flat = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
        for (const sentence of PROJECT_SENTENCES) assert.ok(flat.includes(sentence), `pdftotext lacks ${sentence}`);
        assert.ok(!flat.includes("《财政部关于印发《"), "no nested 《《");
        const info = execFileSync("pdfinfo", ["-f", "1", "-l", "40", file], { encoding: "utf8" });
        const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => Number(m[1]) > Number(m[2]));
        assert.equal(sizes[0], false, "the cover is portrait");
        assert.equal(sizes.at(-1), true, "the appendix (评分明细表) is landscape");
        // Codes and short names on one line each: no "D1.1./1", no "培训合格/率".
        const layout = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
        assert.match(layout, /C2\.1\s+培训合格率\s+10\s+≥95%\s+93\.20%\s+9\.81/);
        assert.match(layout, /D1\.1\.1\s+社会效益/);
      });

      test(`${template}: every font is an embedded Noto CJK face (the official names were mapped, no fallback)`, () => {
        const fonts = execFileSync("pdffonts", [pdfs.get(template)!], { encoding: "utf8" })
          .split("\n")
          .slice(2)
          .filter(Boolean);
        assert.ok(fonts.length >= 2);
        for (const line of fonts) {
          assert.match(line, /Noto(Sans|Serif)CJK/, `unexpected font: ${line}`);
          assert.match(line, /\s+yes\s+yes\s+yes\s+/, `not embedded: ${line}`);
        }
        assert.ok(
          fonts.some((l) => /NotoSerifCJK\S*-Bold/.test(l)),
          "the 小标宋 title maps to Noto Serif CJK Bold",
        );
        assert.ok(
          fonts.some((l) => /NotoSansCJK/.test(l)),
          "黑体 headings map to Noto Sans CJK",
        );
      });

      test(`${template}: the first pages as PNG (pdftoppm), kept in artifacts/reports/`, () => {
        const prefix = join(ARTIFACTS, `yangquan-${template}`);
        execFileSync("pdftoppm", ["-r", "80", "-png", "-f", "1", "-l", "6", pdfs.get(template)!, prefix]);
        // The project report's pages too: cover, 目录, the analysis and the landscape appendix.
        execFileSync("pdftoppm", ["-r", "60", "-png", pdfs.get(`project-${template}`)!, join(ARTIFACTS, `project-${template}`)]);
        for (const n of ["01", "02", "05"]) {
          const png = `${prefix}-${n}.png`;
          assert.ok(statSync(png).size > 20_000, `${png} is too small to hold a page of text`);
          assert.equal(readFileSync(png).subarray(1, 4).toString(), "PNG");
        }
      });
    }
  },
);
