/**
 * The auditor on real files: the seed's text (表2 and 表3, no errors), the three real
 * published forms in .docx/.txt/.xlsx, and our own test reports — a clean one and one copy
 * for each mistake people make, each caught with the table and row it came from.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type AuditReport, type AuditSourceKind, auditDocument } from "@jixiao/exchange";
import { needs } from "../../../scripts/test-tools.ts";

const FIX = new URL("./fixtures/", import.meta.url);

function kindOf(file: string): AuditSourceKind {
  return file.endsWith(".docx") ? "docx" : file.endsWith(".xlsx") ? "xlsx" : "text";
}

async function audit(rel: string): Promise<AuditReport> {
  return auditDocument(rel, kindOf(rel), new Uint8Array(readFileSync(new URL(rel, FIX))));
}

const errors = (r: AuditReport) => r.diagnostics.filter((d) => d.severity === "error");

test("the seed's text: 表1 goals, 表2 level-1 scores and 表3 staffing extracted, no errors or warnings", async () => {
  const r = await audit("seed/yangquan-report.txt");
  assert.deepEqual(
    r.tables.map((t) => [t.title, t.kind, t.rows]),
    [
      ["表1 年度绩效目标表", "goals", 26],
      ["表2 一级指标得分情况", "scores", 5],
      ["表3 人社局下属单位人员情况", "staff", 8],
    ],
  );
  assert.deepEqual(r.summary, { error: 0, warning: 0, info: 0 });
  const model = r.model as {
    indicators: Array<{ id?: string; name: string; weight: string; score: string }>;
    stated: Record<string, string>;
    organisation: { units: unknown[] };
    meta: Record<string, unknown>;
  };
  assert.deepEqual(
    model.indicators.map((i) => [i.id, i.name, i.weight, i.score]),
    [
      ["A", "履职效能", "30", "21.24"],
      ["B", "管理效率", "40", "37.88"],
      ["C", "社会效应", "20", "19.61"],
      ["D", "可持续性", "10", "7"],
    ],
  );
  assert.deepEqual(model.stated, { total: "85.73", weight: "100", rate: "85.73%", grade: "良" });
  assert.equal(model.organisation.units.length, 8);
  // 部门经费 in the narrative: 38,148.63万元，其中部门决算6,561.92万元，社保基金相关补助资金31,586.71万元
  assert.deepEqual((r.model as { funds: unknown }).funds, {
    unit: "万元",
    lines: [
      { name: "部门决算", actual: "6561.92" },
      { name: "社保基金相关补助资金", actual: "31586.71" },
    ],
    stated: { total: "38,148.63" },
  });
  assert.equal(model.meta["subject"], "阳泉市人力资源和社会保障局");
  assert.equal(model.meta["fiscalYear"], 2021);
  // 4 rates + 4 scores + total/rate/weight + 2×8 staffing figures
  assert.ok(r.verified >= 27, `verified ${r.verified}`);
});

const MISTAKES: Array<[string, string, string, number]> = [
  // file, code, table, row within the table
  ["subtotal-counted", "tree/subtotal-counted", "表2 一级指标得分情况", 3],
  ["funds-sum", "funds/sum", "表4 资金情况表（单位：万元）", 3],
  ["met-below-full", "score/met-below-full", "表1 绩效评价指标评分表", 7],
  ["missed-at-full", "score/missed-at-full", "表1 绩效评价指标评分表", 6],
  ["zero-rate", "rate/zero-denominator", "表3 人员情况表", 3],
  ["grade-outside-band", "grade/outside-band", "正文", 0],
];

test("the clean test report passes in .txt, .docx and .xlsx", async () => {
  for (const ext of ["txt", "docx", "xlsx"]) {
    const r = await audit(`reports/clean.${ext}`);
    assert.deepEqual(r.summary, { error: 0, warning: 0, info: 0 }, `${ext}: ${JSON.stringify(r.diagnostics.map((d) => d.message.zh))}`);
    assert.deepEqual(
      r.tables.map((t) => t.kind),
      ["scores", "scores", "staff", "funds"],
      ext,
    );
    assert.ok(r.verified >= 15, `${ext}: verified ${r.verified}`);
  }
});

for (const [name, code, table, row] of MISTAKES) {
  test(`test report with a mistake is caught: ${name} → ${code} in ${table}${row ? ` row ${row}` : ""}`, async () => {
    for (const ext of ["txt", "docx", "xlsx"]) {
      let r: AuditReport;
      try {
        r = await audit(`reports/${name}.${ext}`);
      } catch (err) {
        if (ext !== "txt" && (err as NodeJS.ErrnoException).code === "ENOENT") continue; // only some mistakes ship as .docx/.xlsx
        throw err;
      }
      const hit = errors(r).find((d) => d.code === code);
      assert.ok(hit, `${ext}: ${code} not reported; got ${JSON.stringify(r.diagnostics.map((d) => d.code))}`);
      assert.equal(hit.table, table, ext);
      assert.equal(hit.tableRow, row, ext);
      assert.ok(hit.where.zh.length > 0, `${ext}: no location`);
      // the mistake is the only kind of error (others are its consequences in the same table)
      for (const d of errors(r)) assert.equal(d.table, table, `${ext}: unexpected ${d.code} in ${d.table}`);
    }
  });
}

test("locations name the sheet and cell (.xlsx), the Word table and row (.docx), the line (.txt)", async () => {
  const where = async (ext: string) => errors(await audit(`reports/missed-at-full.${ext}`))[0]!.where.zh;
  assert.equal(await where("xlsx"), "自评报告!A10");
  assert.equal(await where("docx"), "表格1第7行");
  assert.match(await where("txt"), /^第\d+行$/);
});

const REAL = ["huangshi-zjj-2022-sponge-city", "langfang-foodschool-2019-hvac", "nanxian-czj-2020-dept"];

test("real forms read the same from .docx, .txt and .xlsx", async () => {
  for (const form of REAL) {
    const seen = [];
    for (const ext of ["docx", "txt", "xlsx"]) {
      const r = await audit(`real-forms/${form}/form.${ext}`);
      seen.push(
        JSON.stringify({
          kinds: r.tables.map((t) => [t.kind, t.rows]),
          codes: r.diagnostics.map((d) => d.code),
          verified: r.verified,
          indicators: (r.model as { indicators: unknown[] }).indicators,
        }),
      );
    }
    assert.equal(seen[1], seen[0], `${form}: txt differs from docx`);
    assert.equal(seen[2], seen[0], `${form}: xlsx differs from docx`);
  }
});

test("黄石 (Hubei 20/80 form): budget line 20 × 97.75% = 19.55 plus 80 points shared by 8 indicators; total 99.55 verified", async () => {
  const r = await audit("real-forms/huangshi-zjj-2022-sponge-city/form.docx");
  assert.equal(r.summary.error, 0);
  assert.equal(r.summary.warning, 0);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ["table/weights-inferred"],
  );
  const m = r.model as {
    indicators: Array<{ name: string; weight: string; children?: unknown[] }>;
    stated: Record<string, string>;
    meta: Record<string, unknown>;
  };
  assert.deepEqual(
    m.indicators.map((i) => [i.name, i.weight]),
    [
      ["预算执行率", "20"],
      ["产出指标", "40"],
      ["效益指标", "30"],
      ["满意度指标", "10"],
    ],
  );
  assert.equal(m.stated["total"], "99.55");
  assert.equal(m.meta["subject"], "黄石市住房和城乡建设局");
  assert.equal(m.meta["evaluationType"], "单位自评");
});

test("廊坊 (national form): its budget score 9 is not 10 × 86.20% = 8.62 — a warning, not an error; groups are not mistaken for subtotals", async () => {
  const r = await audit("real-forms/langfang-foodschool-2019-hvac/form.xlsx");
  assert.equal(r.summary.error, 0, JSON.stringify(errors(r).map((d) => d.message.zh)));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.where.zh]),
    [["table/budget-score-rule", "Sheet1!A7"]],
  );
  // "0" in the 偏差原因 column is not a reason; "100" against "100" is met at full points.
  const m = r.model as { indicators: Array<{ children?: Array<{ children?: Array<{ reason?: string }> }> }> };
  assert.equal(m.indicators[2]?.children?.[0]?.children?.[0]?.reason, undefined);
});

test("南县 (narrative): the 人员情况 sum is checked; the total 97 in the text cannot be verified without a score table", async () => {
  const r = await audit("real-forms/nanxian-czj-2020-dept/form.txt");
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.table]),
    [
      ["table/column-sum-ok", "info", "人员情况"],
      ["table/column-sum-ok", "info", "正文"],
      ["doc/total-unverifiable", "info", "正文"],
    ],
  );
});

test("sums in the narrative: parts that do not add up to the stated amount are errors in 正文", async () => {
  const text =
    "一、部门经费\n本次评价资金1,500.00万元，其中财政拨款1,150.00万元，其他资金300.00万元。\n现有人员40人，其中在编30人，聘用8人。\n";
  const r = await auditDocument("narrative.txt", "text", text);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.table, d.where.zh]),
    [
      ["table/column-sum", "正文", "第3行"],
      ["funds/sum", "正文", "第2行"],
    ],
  );
});

test(
  "PDF (pdftotext -bbox-layout): cells placed in their header's columns by position; the clean report passes, the mistake is caught",
  { skip: needs(["pdftotext"], "the PDF auditor test") },
  async () => {
    const { pdfWords } = await import("@jixiao/exchange/node");
    const clean = await auditDocument("clean.pdf", "pdf-words", pdfWords(new URL("reports/clean.pdf", FIX).pathname));
    assert.deepEqual(clean.summary, { error: 0, warning: 0, info: 0 });
    assert.deepEqual(
      clean.tables.map((t) => [t.kind, t.rows]),
      [
        ["scores", 9],
        ["scores", 5],
        ["staff", 3],
        ["funds", 3],
      ],
    );
    const bad = await auditDocument("missed-at-full.pdf", "pdf-words", pdfWords(new URL("reports/missed-at-full.pdf", FIX).pathname));
    const hit = errors(bad).find((d) => d.code === "score/missed-at-full");
    assert.ok(hit);
    assert.equal(hit.tableRow, 6);
    assert.match(hit.where.zh, /^第1页第\d+行$/);
  },
);

test("the national form's funds table: 年度资金总额 with its 其中 lines, the budget line scored 10 × 95% = 9.5, total 99.5 verified", async () => {
  const r = await audit("reports/national-form.txt");
  assert.equal(r.summary.error, 0);
  assert.equal(r.summary.warning, 0);
  const m = r.model as {
    indicators: Array<{ name: string; weight: string }>;
    funds: { lines: Array<{ name: string }>; stated: Record<string, string> };
    stated: Record<string, string>;
  };
  assert.deepEqual(
    m.indicators.map((i) => [i.name, i.weight]),
    [
      ["预算执行率", "10"],
      ["产出指标", "50"],
      ["效益指标", "30"],
      ["满意度指标", "10"],
    ],
  );
  assert.deepEqual(
    m.funds.lines.map((l) => l.name),
    ["当年财政拨款", "上年结转资金"],
  );
  assert.equal(m.funds.stated["total"], "95");
  assert.equal(m.stated["total"], "99.5");
  // the empty 其他资金 line is listed, not silently dropped
  assert.ok(r.diagnostics.some((d) => d.code === "row/unused" && d.message.zh.includes("其他资金")));
});

test("a form without per-indicator 分值 (points only in section headers): no weight 0 invented, each section checked against its points, the total against the sum", async () => {
  const form = (score: string): string =>
    [
      "某县2023年度项目支出绩效自评表",
      "",
      ...["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"].map((c) => `\t${c}`),
      "",
      ...["产出指标(60分)", "数量指标", "培训人数", "≥500人", "520人", "30"].map((c) => `\t${c}`),
      "",
      ...["", "质量指标", "合格率", "≥90%", "95%", "30"].map((c) => `\t${c}`),
      "",
      ...["效益指标(30分)", "社会效益指标", "就业率", "≥80%", "85%", score].map((c) => `\t${c}`),
      "",
      ...["满意度指标(10分)", "服务对象满意度指标", "满意度", "≥90%", "92%", "10"].map((c) => `\t${c}`),
      "",
      ...["合计", "", "", "", "", "100"].map((c) => `\t${c}`),
      "",
      "",
    ].join("\n");
  const clean = await auditDocument("clean.txt", "text", form("30"));
  assert.deepEqual(
    clean.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code),
    [],
  );
  assert.deepEqual(
    clean.conclusion.level1.map((n) => [n.name, n.weight, n.recomputed]),
    [
      ["产出指标", "60", "60.00"],
      ["效益指标", "30", "30.00"],
      ["满意度指标", "10", "10.00"],
    ],
  );
  assert.equal(clean.conclusion.total.recomputed, "100.00");
  const flawed = await auditDocument("flawed.txt", "text", form("33"));
  assert.deepEqual(
    flawed.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.tableRow]),
    [["score/above-points", 3]],
  );
});

test("a group-numbered row with no children (三、满意度指标 with its own target, points and score) is a leaf, not a subtotal", async () => {
  const cells = (r: string[]): string[] => [...r.map((c) => `\t${c}`), ""];
  const text = [
    "某县2023年度项目支出绩效自评表",
    "绩效指标完成情况",
    ...cells(["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"]),
    ...cells(["一、产出指标", "数量指标", "培训人数", "50", "≥500人", "520人", "50"]),
    ...cells(["二、效益指标", "社会效益指标", "就业率", "30", "≥80%", "85%", "30"]),
    ...cells(["三、满意度指标", "", "", "20", "≥90%", "92%", "20"]),
    ...cells(["总分", "", "", "100", "", "", "100"]),
    "",
  ].join("\n");
  const r = await auditDocument("leaf.txt", "text", text);
  assert.deepEqual(r.summary, { error: 0, warning: 0, info: 0 }, JSON.stringify(r.diagnostics.map((d) => d.message.zh)));
  const roots = (r.model as { indicators: Array<{ name: string; target?: string; children?: unknown[] }> }).indicators;
  assert.deepEqual(
    roots.map((n) => [n.name, n.children === undefined, n.target]),
    [
      ["一、产出指标", false, undefined],
      ["二、效益指标", false, undefined],
      ["三、满意度指标", true, "≥90%"],
    ],
  );
});
