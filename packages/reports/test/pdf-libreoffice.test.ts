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

const ARTIFACTS = join(ROOT, "artifacts", "reports");
const TEMPLATES = ["seed", "cn-2020"] as const;

describe(
  "DOCX → PDF with LibreOffice, checked with poppler",
  { skip: needs(["soffice", "pdftotext", "pdftoppm"], "the DOCX → PDF tests") },
  () => {
    const tmp = mkdtempSync(join(tmpdir(), "jixiao-pdf-test-"));
    const pdfs = new Map<string, string>();
    after(() => rmSync(tmp, { recursive: true, force: true }));
    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await Promise.all(
        TEMPLATES.map(async (template) => {
          const docx = await renderReport(yangquan(), { format: "docx", template });
          writeFileSync(join(ARTIFACTS, `yangquan-${template}.docx`), docx);
          const pdf = await docxToPdf(docx);
          const file = join(tmp, `${template}.pdf`);
          writeFileSync(file, pdf);
          writeFileSync(join(ARTIFACTS, `yangquan-${template}.pdf`), pdf);
          pdfs.set(template, file);
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
        const numbers = [...text.matchAll(/—\s*(\d+)\s*—/g)].map((m) => Number(m[1]));
        assert.deepEqual(
          [...new Set(numbers)].sort((a, b) => a - b),
          Array.from({ length: pages }, (_, i) => i + 1),
          "a page number on every page",
        );
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
            /阳泉市劳动保障监察综合行政执法队\s+35\s+29\s+6\s+17%/,
            /阳泉市职业技能评价服务中心\s+8\s+3\s+5\s+63%/,
            /阳泉市社会保险中心\s+69\s+59\s+10\s+14%/,
            /阳泉市创业服务中心\s+6\s+11\s+-\s+-/,
            /D\s*可持续性\s+10\s+7\s+70\.00%/,
            /合计\s+100\s+85\.73\s+85\.73%/,
          ];
          for (const row of rows) assert.match(layout, row);
        }
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
        for (const n of ["01", "02", "05"]) {
          const png = `${prefix}-${n}.png`;
          assert.ok(statSync(png).size > 20_000, `${png} is too small to hold a page of text`);
          assert.equal(readFileSync(png).subarray(1, 4).toString(), "PNG");
        }
      });
    }
  },
);
