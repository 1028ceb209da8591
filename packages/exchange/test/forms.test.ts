/**
 * The 申报表 and 监控表 workbooks (issue 15): export → import gives the same document; a blank
 * template filled by hand imports; mistakes are errors naming file, sheet, cell, field and what
 * was expected; hostile files are refused by the import limits; published forms rebuilt under
 * test/fixtures/forms/ (each with its source.json) are read with their exact values.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import ExcelJS from "exceljs";
import YAML from "yaml";
import { MonitoringReportSchema, type MonitoringReportInput, TargetFilingSchema, type TargetFilingInput } from "@jixiao/engine";
import {
  type FormProblem,
  filingTemplate,
  filingToWorkbook,
  monitoringTemplate,
  monitoringToWorkbook,
  workbookToFiling,
  workbookToMonitoring,
  writeWorkbook,
} from "../src/index.js";
import { sparseWorkbook, zipBomb } from "./hostile-files.js";

const fixture = (id: string): Uint8Array => readFileSync(new URL(`./fixtures/forms/${id}/form.xlsx`, import.meta.url));
const where = (p: FormProblem): string => `${p.sheet ?? ""}!${p.cell ?? ""} ${p.field}`;

const PROJECT: TargetFilingInput = {
  kind: "项目",
  fiscalYear: 2021,
  name: "城乡居民基本养老保险待遇发放",
  code: "140300-2021-017",
  department: "阳泉市人力资源和社会保障局",
  implementer: "阳泉市社会保险中心",
  period: "2021年1月-2021年12月",
  continuity: "延续",
  funds: {
    unit: "万元",
    total: "1230.5",
    lines: [
      { source: "财政拨款", amount: "1200.5" },
      { source: "其他资金", amount: "30" },
    ],
  },
  basis: "《中华人民共和国社会保险法》",
  content: "按月发放城乡居民基本养老金",
  midLongTermGoal: "城乡居民养老保险应保尽保",
  annualGoal: "全年按时足额发放养老金，参保人满意度不低于90%",
  indicators: [
    {
      level1: "产出指标",
      level2: "数量指标",
      name: "参保人数",
      target: "≥5000人",
      unit: "人",
      weight: "20",
      explanation: "年末参保人数",
      scoring: "每少100人扣1分",
    },
    { level1: "产出指标", level2: "数量指标", name: "待遇发放人次", target: "≥12000人次", unit: "人次", weight: "10" },
    { level1: "产出指标", level2: "质量指标", name: "发放准确率", target: "=100%", unit: "%", weight: "10" },
    { level1: "产出指标", level2: "时效指标", name: "按月发放", target: "每月10日前", weight: "10" },
    { level1: "产出指标", level2: "成本指标", name: "人均经办成本", target: "≤12.5元", unit: "元", weight: "10" },
    { level1: "效益指标", level2: "社会效益指标", name: "政策知晓率", target: "≥90%", unit: "%", weight: "20" },
    { level1: "满意度指标", level2: "服务对象满意度指标", name: "参保人满意度", target: "≥90%", unit: "%", weight: "20" },
  ],
};

const DEPARTMENT: TargetFilingInput = {
  kind: "部门整体",
  fiscalYear: 2022,
  name: "某县农业农村局",
  department: "某县人民政府",
  funds: { unit: "万元", total: "860", lines: [{ source: "财政拨款", amount: "860" }] },
  functions: "贯彻执行农业农村工作方针政策；负责种植业、畜牧业的行业管理",
  tasks: [{ task: "高标准农田建设", budget: "500" }, { task: "农作物病虫害统防统治", budget: "60.25" }, { task: "机关日常运转" }],
  annualGoal: "完成高标准农田建设2万亩，主要农作物病虫害统防统治覆盖率≥45%",
  indicators: [
    { level1: "产出指标", level2: "数量指标", name: "高标准农田建设面积", target: "≥2万亩", unit: "万亩" },
    { level1: "产出指标", level2: "质量指标", name: "统防统治覆盖率", target: "≥45%", unit: "%" },
    { level1: "满意度指标", level2: "服务对象满意度指标", name: "农户满意度", target: "≥90%", unit: "%" },
  ],
};

const MONITORING: MonitoringReportInput = {
  fiscalYear: 2021,
  month: 7,
  name: "合成示例：农村公路养护",
  code: "X-2021-08",
  department: "某县交通运输局",
  implementer: "某县公路养护中心",
  budget: [
    { source: "财政拨款", initialBudget: "500", adjustedBudget: "520.5", executed: "210.25" },
    { source: "上级补助", initialBudget: "120", adjustedBudget: "120", executed: "0" },
  ],
  indicators: [
    {
      level1: "产出指标",
      level2: "数量指标",
      name: "养护里程",
      target: "≥120公里",
      actual: "65公里",
      forecast: "120公里",
      likelihood: "确定能",
    },
    {
      level1: "产出指标",
      level2: "成本指标",
      name: "每公里养护成本",
      target: "≤4.2万元",
      actual: "4.5万元",
      forecast: "4.3万元",
      deviation: { causes: ["经费保障", "其他"], text: "沥青等材料价格上涨" },
      likelihood: "有可能",
      measures: "集中采购，压缩非必要支出",
    },
    {
      level1: "效益指标",
      level2: "社会效益指标",
      name: "路况优良率",
      target: "≥85%",
      actual: "81%",
      likelihood: "有可能",
      deviation: { causes: ["硬件条件保障"] },
    },
    {
      level1: "满意度指标",
      level2: "服务对象满意度指标",
      name: "群众满意度",
      target: "达成",
      actual: "部分达成",
      likelihood: "完全不可能",
    },
  ],
};

test("申报表 round trip: a project filing exported and imported is the same filing", async () => {
  const data = await filingToWorkbook(PROJECT);
  const r = await workbookToFiling(data, { fileName: "项目.xlsx" });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.notes, []);
  assert.deepEqual(r.value, TargetFilingSchema.parse(PROJECT));
});

test("申报表 round trip: a department filing with its 年度主要任务 and budgets", async () => {
  const r = await workbookToFiling(await filingToWorkbook(DEPARTMENT), { fileName: "部门.xlsx" });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value, TargetFilingSchema.parse(DEPARTMENT));
});

test("监控表 round trip: budget by source, ticked 偏差原因 and 完成目标可能性, measures", async () => {
  const r = await workbookToMonitoring(await monitoringToWorkbook(MONITORING), { fileName: "监控.xlsx" });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value, MonitoringReportSchema.parse(MONITORING));
});

test("round trip of the examples: Yangquan 2021 targets (部门整体, 22 rows) and the 1–7月 monitoring example", async () => {
  const read = (name: string): unknown => YAML.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));
  const filing = TargetFilingSchema.parse(read("yangquan-hrss-2021-targets.yaml"));
  const f = await workbookToFiling(await filingToWorkbook(filing), { fileName: "yangquan.xlsx" });
  assert.deepEqual(f.problems, []);
  assert.deepEqual(f.value, filing);
  // What a 监控表 does not carry: the task's deadline, the submission, the mode, evidence.
  const { deadline, submittedAt, mode, ...report } = MonitoringReportSchema.parse(read("monitoring-2021-07.yaml"));
  assert.deepEqual([deadline, submittedAt, mode], ["2021-08-10", "2021-08-09", "一般监控"]);
  const carried = { ...report, indicators: report.indicators.map(({ evidence: _e, ...i }) => i) };
  const m = await workbookToMonitoring(await monitoringToWorkbook(report), { fileName: "monitoring.xlsx" });
  assert.deepEqual(m.problems, []);
  assert.deepEqual(m.value, carried);
});

test("the exported 监控表 is the national layout: two header rows, ticks, live 执行率 and 合计", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monitoringToWorkbook(MONITORING)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getCell("A1").value, "项目支出绩效运行监控表");
  assert.equal(ws.getCell("A2").value, "（2021年1—7月）");
  assert.equal(ws.getCell("H5").value, "1—7月执行数");
  assert.deepEqual(ws.getCell("K6").value, { formula: 'IF(F6=0,"",H6/F6)', result: 210.25 / 520.5 });
  assert.deepEqual(ws.getCell("H8").value, { formula: "SUM(H6:H7)", result: 210.25 });
  assert.equal(ws.getCell("G9").value, "偏差原因分析");
  assert.deepEqual(
    [7, 8, 9, 10, 11].map((c) => ws.getRow(10).getCell(c).value),
    ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"],
  );
  assert.deepEqual(
    [12, 13, 14].map((c) => ws.getRow(10).getCell(c).value),
    ["确定能", "有可能", "完全不可能"],
  );
  // 每公里养护成本: 经费保障 and 其他 ticked, 有可能 ticked.
  assert.deepEqual(
    [7, 8, 9, 10, 11, 12, 13, 14].map((c) => ws.getRow(12).getCell(c).value),
    ["√", "", "", "", "√", "", "√", ""],
  );
});

test("blank templates: read back, they name each missing field and its cell", async () => {
  const f = await workbookToFiling(await filingTemplate("项目"), { fileName: "申报表模板.xlsx" });
  assert.equal(f.ok, false);
  assert.deepEqual(f.problems.map(where), ["绩效目标申报表! 预算年度", "绩效目标申报表!B3 项目名称", "绩效目标申报表!C14 三级指标"]);
  const m = await workbookToMonitoring(await monitoringTemplate(7), { fileName: "监控表模板.xlsx" });
  assert.deepEqual(m.problems.map(where), ["绩效运行监控表! 预算年度", "绩效运行监控表!B3 项目名称"]);
  assert.match(m.problems[1]!.message.zh, /^绩效运行监控表!B3：缺少“项目名称”/);
});

test("a blank 申报表 template filled in by hand (exceljs, as a person would) imports", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await filingTemplate("项目")) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.getCell("A2").value = "（２０２３年度）"; // full-width digits
  ws.getCell("B3").value = "雾炮车降尘抑尘服务";
  ws.getCell("F5").value = "新增项目√ 延续项目□";
  ws.getCell("E7").value = 250;
  ws.getCell("E6").value = { formula: "SUM(E7:E8)", result: 250 }; // as Excel recalculates on saving
  ws.getCell("C14").value = "配备车辆数";
  ws.getCell("D14").value = "≧１０辆";
  ws.getCell("F14").value = 100;
  const r = await workbookToFiling(new Uint8Array(await wb.xlsx.writeBuffer()), { fileName: "filled.xlsx" });
  assert.deepEqual(r.problems, []);
  assert.equal(r.value!.fiscalYear, 2023);
  assert.equal(r.value!.continuity, "新增");
  assert.deepEqual(
    r.value!.funds!.lines.map((l) => [l.source, l.amount.toString()]),
    [["财政拨款", "250"]],
  );
  assert.deepEqual(
    r.value!.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.unit]),
    [["产出指标", "数量指标", "配备车辆数", "≧１０辆", undefined]], // the form has a 计量单位 column, left blank
  );
  assert.equal(r.value!.indicators[0]!.weight!.toString(), "100");
});

test("mistakes are errors naming the file, sheet, cell, field and what was expected (Chinese and English)", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await filingToWorkbook(PROJECT)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.getCell("E7").value = "一千二百万"; // 财政拨款
  ws.getCell("F14").value = "十分"; // 参保人数's weight
  ws.getCell("C15").value = ""; // 待遇发放人次 without its name (its 二级 cell is merged above)
  ws.getCell("D16").value = ""; // 发放准确率 without its target
  const r = await workbookToFiling(new Uint8Array(await wb.xlsx.writeBuffer()), { fileName: "错误.xlsx" });
  assert.equal(r.ok, false);
  assert.equal(r.value, undefined);
  const rows = r.problems.map((p) => [p.file, p.sheet, p.cell, p.field, p.expected, p.found]);
  assert.deepEqual(rows, [
    ["错误.xlsx", "绩效目标申报表", "E7", "财政拨款", "金额（数字）", "一千二百万"],
    ["错误.xlsx", "绩效目标申报表", "F14", "权重", "数字（分值）", "十分"],
    ["错误.xlsx", "绩效目标申报表", "D16", "指标值", "如 ≥95%、=100人、优良", undefined],
  ]);
  assert.equal(r.problems[1]!.message.zh, "绩效目标申报表!F14：“权重”应为数字（分值），实际为“十分”");
  assert.equal(r.problems[1]!.message.en, '绩效目标申报表!F14: "权重" should be 数字（分值）, found "十分"');
  // The row without a name took its 二级 name, said in a note.
  assert.match(r.notes[0]!.zh, /C15：未填三级指标名称，以二级指标“数量指标”为名/);
  // partial: what could be read, the rows in error left out.
  const p = await workbookToFiling(new Uint8Array(await wb.xlsx.writeBuffer()), { fileName: "错误.xlsx", partial: true });
  assert.equal(p.ok, false);
  assert.equal(p.value!.indicators.length, PROJECT.indicators.length - 2);
});

test("监控表 mistakes: an amount in words, two 可能性 ticked", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await monitoringToWorkbook(MONITORING)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.getCell("H6").value = "约二百万";
  ws.getCell("N11").value = "√"; // 养护里程: 确定能 and 完全不可能
  const r = await workbookToMonitoring(new Uint8Array(await wb.xlsx.writeBuffer()), { fileName: "监控错误.xlsx" });
  assert.deepEqual(
    r.problems.map((p) => [p.cell, p.field, p.found]),
    [
      ["H6", "执行数", "约二百万"],
      ["N11", "完成目标可能性", "确定能、完全不可能"],
    ],
  );
});

test("hostile workbooks are refused by the import limits before the grid is built, by both readers", async () => {
  for (const read of [workbookToFiling, workbookToMonitoring]) {
    const sparse = await read(await sparseWorkbook(), { fileName: "sparse.xlsx" });
    assert.deepEqual(
      sparse.problems.map((p) => [p.code, p.sheet, p.cell]),
      [["file/too-large", "评分表", "BXX20000"]],
    );
    const bomb = await read(await zipBomb(), { fileName: "bomb.xlsx" });
    assert.equal(bomb.problems[0]!.code, "file/too-large");
    assert.match(bomb.problems[0]!.message.en, /bomb\.xlsx: the package is too large or too highly compressed/);
    const text = await read(new TextEncoder().encode("项目名称,x\n"), { fileName: "fake.xlsx" });
    assert.deepEqual(
      text.problems.map((p) => [p.code, p.file]),
      [["file/not-zip", "fake.xlsx"]],
    );
    const empty = await read(await writeWorkbook([{ name: "空", widths: [], cells: [] }]), { fileName: "empty.xlsx" });
    assert.equal(empty.ok, false);
    assert.ok(empty.problems.some((p) => p.code === "form/no-table"));
  }
});

test("from the wild: 湘潭 2023 雾炮车降尘抑尘服务 申报表 (glued 指标值, blank 效益 rows, 年度本级预算金额)", async () => {
  const r = await workbookToFiling(fixture("xiangtan-2023-wupaoche"), { fileName: "xiangtan.xlsx" });
  assert.deepEqual(r.problems, []);
  const f = r.value!;
  assert.deepEqual(
    [f.kind, f.fiscalYear, f.name, f.department, f.period],
    ["项目", 2023, "雾炮车降尘抑尘服务", "湘潭市环境卫生管理处", "2023.07-2024.01"],
  );
  assert.equal(f.annualGoal, "通过采购雾炮车降尘抑尘服务，服务周期2023.07-2024.01，全市空气质量达到优良");
  assert.deepEqual(
    f.funds!.lines.map((l) => [l.source, l.amount.toString()]),
    [
      ["年度本级预算金额", "250"],
      ["该项目支出上级资金", "0"],
    ],
  );
  assert.deepEqual(
    f.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.unit ?? ""]),
    [
      ["产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "辆"],
      ["产出指标", "数量指标", "雾炮车风炮射程", "≥80M", "M"],
      ["产出指标", "质量指标", "服务周期内空气质量", "优良", ""],
      ["产出指标", "时效指标", "服务周期", "2023.07-2024.01", ""],
      ["产出指标", "成本指标", "控制在预算成本内", "250万", "万"],
      ["效益指标", "社会效益指标", "服务周期内，市民对空气质量改善的满意程度", "≥85%", "%"],
      ["满意度指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "%"],
    ],
  );
  assert.ok(f.indicators.every((i) => i.explanation === "绩效标准：计划标准"));
});

test("from the wild: 乌海 2021 再生资源回收 目标表 (split 指标性质/目标值/计量单位, Excel date serials)", async () => {
  const r = await workbookToFiling(fixture("wuhai-2021-zaisheng"), { fileName: "wuhai.xlsx" });
  assert.deepEqual(r.problems, []);
  const f = r.value!;
  assert.deepEqual(
    [f.fiscalYear, f.name, f.department, f.implementer],
    [2021, "再生资源回收市场管理经费", "(433)乌海市供销合作社联合社(部门)", "(433001)乌海市供销合作社联合社"],
  );
  assert.equal(f.funds!.total!.toString(), "3");
  assert.deepEqual(
    f.funds!.lines.map((l) => [l.source, l.amount.toString()]),
    [
      ["财政拨款", "3"],
      ["其他资金", "0"],
    ],
  );
  assert.deepEqual(
    f.indicators.map((i) => [i.level2, i.name, i.target, i.unit ?? "", i.weight?.toString()]),
    [
      ["数量指标", "出差人数", "=8", "", "4"],
      ["数量指标", "出差人次", "=24人/次", "人/次", "4"],
      ["质量指标", "工作任务完成率", "=100%", "%", "4"],
      ["时效指标", "项目财政资金到位时间", "=2021年12月31日", "", "10"],
      ["时效指标", "财政资金到位及时支付率", "=100%", "%", "4"],
      ["时效指标", "工作计划按时完成时间", "=2021年12月31日", "", "4"],
      ["成本指标", "出差单位成本", "=0万元/人", "万元/人", "4"],
      ["成本指标", "出差总成本", "=1万元", "万元", "4"],
      ["成本指标", "劳务人员总成本", "=2万元", "万元", "4"],
      ["成本指标", "办公费总成本", "=0万元", "万元", "4"],
      ["成本指标", "年度预算总成本", "=3万元", "万元", "4"],
    ],
  );
  // The caption says 产出指标 carry 50 points.
  assert.equal(
    f.indicators.reduce((a, i) => a + Number(i.weight!.toString()), 0),
    50,
  );
  assert.deepEqual(
    r.notes.map((n) => n.zh),
    [
      "项目绩效目标表!F18：“44561”是 Excel 日期序号，读作 2021年12月31日",
      "项目绩效目标表!F20：“44561”是 Excel 日期序号，读作 2021年12月31日",
    ],
  );
});

test("from the wild: 黄石 2019 申遗经费 监控表 (1-6月执行数, no 调整后预算, a row with no 指标值)", async () => {
  const strict = await workbookToMonitoring(fixture("huangshi-2019-shenyi-jiankong"), { fileName: "huangshi.xlsx" });
  assert.equal(strict.ok, false);
  assert.deepEqual(
    strict.problems.map((p) => [p.file, p.sheet, p.cell, p.field]),
    [["huangshi.xlsx", "监控表", "D16", "年度指标值"]],
  );
  const r = await workbookToMonitoring(fixture("huangshi-2019-shenyi-jiankong"), { fileName: "huangshi.xlsx", partial: true });
  const m = r.value!;
  assert.deepEqual(
    [m.fiscalYear, m.month, m.name, m.department, m.implementer, m.unit],
    [2019, 6, "申遗经费", "黄石市文化和旅游局", "黄石市文物局(湖北水泥遗址博物馆)", "万元"],
  );
  assert.deepEqual(
    m.budget.map((b) => [b.source, b.initialBudget?.toString(), b.adjustedBudget.toString(), b.executed.toString()]),
    [["当年一般公共预算拨款", "220", "220", "87.57"]],
  );
  assert.deepEqual(m.indicators, [
    { level1: "产出指标", level2: "成本", name: "成本", target: "年度预算220万元", actual: "按进度执行,已使用约40%", likelihood: "确定能" },
  ]);
  assert.deepEqual(
    r.notes.map((n) => n.zh),
    [
      "监控表!D9：表中未列调整后预算，按年初预算计算执行率",
      "监控表!C15：未填三级指标名称，以二级指标“成本”为名",
      "监控表!C16：未填三级指标名称，以二级指标“社会效益”为名",
    ],
  );
});
