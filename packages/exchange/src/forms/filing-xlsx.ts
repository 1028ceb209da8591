/**
 * The 绩效目标申报表 as a workbook: 项目支出绩效目标申报表 or 部门整体支出绩效目标申报表, laid
 * out like the printed forms (a header block of labels and values, 资金 by source, the goals,
 * then the indicator table 一级/二级/三级指标 with 一级 and 二级 merged down), and read back by
 * labels — the same reader takes published forms from other places (see test/fixtures/forms/).
 */
import {
  type Decimal,
  type FilingIndicator,
  type TargetFiling,
  type TargetFilingInput,
  TargetFilingSchema,
  dec,
  normalise,
  parseTarget,
  sum,
} from "@jixiao/engine";
import { type CellSpec, type SheetSpec, writeWorkbook } from "../xlsx-book.js";
import {
  type At,
  FormSheet,
  type FormProblem,
  type FormReadOptions,
  type FormReadResult,
  amountText,
  findHeader,
  labelText,
  moneyUnitOf,
  openForm,
  asInput,
  finishForm,
  serialDate,
  writeIndicatorRows,
} from "./form-grid.js";

/** What the sheet needs of a filing: a blank template has no year yet. */
type Sheetable = Omit<TargetFiling, "fiscalYear"> & { fiscalYear?: number };
type IndicatorRow = Pick<FilingIndicator, "level1" | "level2" | "name" | "target"> & Partial<FilingIndicator>;

type Cells = SheetSpec["cells"];
type Merges = NonNullable<SheetSpec["merges"]>;

const WIDTHS = [14, 16, 26, 14, 10, 8, 24, 24];
const LAST = WIDTHS.length;

/** The form's title for its kind. */
export function filingTitle(kind: TargetFiling["kind"]): string {
  return kind === "部门整体" ? "部门整体支出绩效目标申报表" : "项目支出绩效目标申报表";
}

const INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "权重", "指标解释", "评(扣)分标准"];

/** The sheet of one filing (used by the workbook and the blank template). */
export function filingSheet(f: Sheetable): SheetSpec {
  const cells: Cells = [];
  const merges: Merges = [];
  const put = (row: number, col: number, cell: CellSpec): void => void cells.push({ row, col, cell });
  const text = (row: number, col: number, t: string | undefined, style: CellSpec["style"] = "text"): void =>
    put(row, col, { text: t ?? "", style });
  const span = (row: number, left: number, right: number, bottom = row): void => {
    if (right > left || bottom > row) merges.push({ top: row, left, bottom, right });
  };
  const blank = (row: number, from: number, to: number): void => {
    for (let c = from; c <= to; c++) text(row, c, "");
  };

  text(1, 1, filingTitle(f.kind), "title");
  span(1, 1, LAST);
  text(2, 1, f.fiscalYear ? `（${f.fiscalYear}年度）` : "（    年度）", "note");
  span(2, 1, LAST);
  let r = 3;
  /** A row of two label–value pairs: A | B–D, E | F–H. */
  const pair = (l1: string, v1: string | undefined, l2: string, v2: string | undefined): void => {
    text(r, 1, l1, "header");
    text(r, 2, v1);
    blank(r, 3, 4);
    span(r, 2, 4);
    text(r, 5, l2, "header");
    text(r, 6, v2);
    blank(r, 7, LAST);
    span(r, 6, LAST);
    r++;
  };
  /** A label with a long value over the rest of the row. */
  const long = (label: string, value: string | undefined): void => {
    text(r, 1, label, "header");
    text(r, 2, value);
    blank(r, 3, LAST);
    span(r, 2, LAST);
    r++;
  };
  if (f.kind === "部门整体") {
    pair("部门（单位）名称", f.name, "主管部门", f.department);
  } else {
    pair("项目名称", f.name, "项目编码", f.code);
    pair("主管部门", f.department, "实施单位", f.implementer);
    pair("实施期", f.period, "项目属性", f.continuity);
  }

  // 资金 by source: the total is a live sum of the sources.
  const fundsTop = r;
  const lines = f.funds?.lines ?? [];
  const sources: Array<{ source: string; amount?: Decimal }> =
    lines.length > 0 ? lines : f.funds?.total ? [] : [{ source: "财政拨款" }, { source: "其他资金" }];
  const unit = f.funds?.unit ?? "万元";
  text(r, 1, `${f.kind === "部门整体" ? "部门资金" : "项目资金"}（${unit}）`, "header");
  text(r, 2, "资金总额", "name");
  blank(r, 3, 4);
  span(r, 2, 4);
  const first = r + 1;
  const lastSource = r + sources.length;
  if (sources.length === 0 && f.funds?.total) put(r, 5, { number: Number(f.funds.total.toString()), style: "total-amount" });
  else {
    const total = sum(sources.flatMap((s) => (s.amount ? [s.amount] : [])));
    put(r, 5, { formula: `SUM(E${first}:E${lastSource})`, result: Number(total.toString()), style: "total-amount" });
  }
  blank(r, 6, LAST);
  span(r, 5, LAST);
  r++;
  for (const s of sources) {
    text(r, 2, `其中：${s.source}`, "name");
    blank(r, 3, 4);
    span(r, 2, 4);
    if (s.amount === undefined) text(r, 5, "");
    else put(r, 5, { number: Number(s.amount.toString()), style: "amount" });
    blank(r, 6, LAST);
    span(r, 5, LAST);
    r++;
  }
  for (let k = fundsTop + 1; k < r; k++) text(k, 1, "", "header");
  span(fundsTop, 1, 1, r - 1);

  if (f.kind === "部门整体") {
    long("部门职能", f.functions);
    const tasks: Array<{ task: string; text?: string; budget?: Decimal }> = f.tasks && f.tasks.length > 0 ? f.tasks : [{ task: "" }];
    const top = r;
    text(r, 1, "年度主要任务", "header");
    text(r, 2, "任务名称", "header");
    text(r, 3, "", "header");
    span(r, 2, 3);
    text(r, 4, "主要内容", "header");
    blank(r, 5, 6);
    span(r, 4, 6);
    text(r, 7, "预算（万元）", "header");
    text(r, 8, "");
    span(r, 7, 8);
    r++;
    for (const t of tasks) {
      text(r, 1, "", "header");
      text(r, 2, t.task);
      text(r, 3, "");
      span(r, 2, 3);
      text(r, 4, t.text);
      blank(r, 5, 6);
      span(r, 4, 6);
      if (t.budget) put(r, 7, { number: Number(t.budget.toString()), style: "amount" });
      else text(r, 7, "");
      text(r, 8, "");
      span(r, 7, 8);
      r++;
    }
    span(top, 1, 1, r - 1);
    long("中长期目标", f.midLongTermGoal);
    long("年度总体目标", f.annualGoal);
  } else {
    long("立项依据", f.basis);
    long("实施内容", f.content);
    long("中长期目标", f.midLongTermGoal);
    long("年度目标", f.annualGoal);
  }

  const headerRow = r;
  INDICATOR_HEADER.forEach((h, i) => text(r, i + 1, h, "header"));
  r++;
  const rows: IndicatorRow[] = f.indicators.length > 0 ? f.indicators : blankIndicators();
  r = writeIndicatorRows(rows, r, text, span, (r, ind) => {
    text(r, 3, ind.name, "name");
    text(r, 4, ind.target);
    text(r, 5, ind.unit);
    if (ind.weight) put(r, 6, { number: Number(ind.weight.toString()), style: "score" });
    else text(r, 6, "");
    text(r, 7, ind.explanation);
    text(r, 8, ind.scoring);
  });
  text(r + 1, 1, "填报人：", "note");
  text(r + 1, 5, "填报日期：", "note");
  return {
    name: f.kind === "部门整体" ? "部门整体绩效目标" : "绩效目标申报表",
    widths: WIDTHS,
    cells,
    merges,
    printTitleRows: `${headerRow}:${headerRow}`,
    landscape: true,
  };
}

function blankIndicators(): IndicatorRow[] {
  const skeleton: Array<[string, string[]]> = [
    ["产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]],
    ["效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]],
    ["满意度指标", ["服务对象满意度指标"]],
  ];
  return skeleton.flatMap(([level1, l2s]) => l2s.map((level2) => ({ level1, level2, name: "", target: "" })));
}

/**
 * The 申报表 of a filing as .xlsx bytes.
 * @example await filingToWorkbook({ kind: "项目", name: "雾炮车降尘抑尘服务", funds: [], indicators: [] })
 */
export async function filingToWorkbook(filing: TargetFilingInput | TargetFiling): Promise<Uint8Array> {
  const f = TargetFilingSchema.parse(asInput(filing));
  return writeWorkbook([filingSheet(f)], { title: `${f.name} ${filingTitle(f.kind)}` });
}

/** A blank 申报表 to download and fill: the labels, the funds rows and the usual 一级/二级指标. */
export async function filingTemplate(kind: TargetFiling["kind"] = "项目"): Promise<Uint8Array> {
  return writeWorkbook([filingSheet({ kind, name: "", indicators: [] })], { title: filingTitle(kind) });
}

// ── reading ───────────────────────────────────────────────────────────────────────────────

/** Header-block labels (on labelText) and the field each gives. */
const LABELS = {
  name: /^(项目名称|项目支出名称|项目全称|部门名称|部门\(单位\)名称|部门单位名称|单位名称|预算单位名称)$/,
  code: /^(项目编码|项目代码|项目编号)$/,
  department: /^(主管部门|主管部门及代码|预算部门|归口部门)$/,
  implementer: /^(实施单位|项目实施单位|项目单位|执行单位|项目执行单位)$/,
  period: /^(实施期|项目实施期|项目支出实施期|项目起止时间|实施期限|项目期限)$/,
  nature: /^(项目属性|项目性质|新增或延续)$/,
  basis: /^(立项依据|项目立项依据|项目立项的依据|设立依据)$/,
  content: /^(实施内容|项目实施内容|主要内容|项目概况)$/,
  midLongTermGoal: /^(中长期目标|实施期绩效目标|长期目标|总目标|实施期目标)$/,
  annualGoal: /^(年度目标|本年度绩效目标|年度绩效目标|本年度目标|年度总体目标|部门整体绩效目标)$/,
  functions: /^(部门职能|部门职能概述|单位职能概述|主要职能|职能简介)$/,
} as const;
const ANY_LABEL = new RegExp(
  `${Object.values(LABELS)
    .map((re) => re.source)
    .join("|")}|^(资金总额|年度资金总额|填报人|联系电话|项目负责人|填报单位|一级指标)$`,
);

type IndRole =
  "level1" | "level2" | "name" | "op" | "direction" | "target" | "unit" | "weight" | "explanation" | "scoring" | "standard" | "note";
const IND_VARIANTS: ReadonlyArray<readonly [IndRole, RegExp]> = [
  ["level1", /^(一级指标|一级)$/],
  ["level2", /^(二级指标|二级)$/],
  ["name", /^(三级指标|三级|指标内容|指标名称|具体指标|绩效指标名称)$/],
  ["op", /^(指标性质|比较符|运算符|符号)$/],
  ["direction", /^(指标方向|方向)$/],
  ["target", /^(指标值|目标值|指标值及单位|年度指标值|当年预期实现值|预期实现值|本年度计划水平|绩效指标值|计划值)$/],
  ["unit", /^(计量单位|度量单位|单位)$/],
  ["weight", /^(权重|分值|指标分值|权重分值|指标权重)$/],
  ["explanation", /^(指标解释|指标说明|指标内容说明|指标内容\/计算公式|计算公式)$/],
  ["scoring", /^(评\(扣\)分标准|评扣分标准|评分标准|扣分标准|评分规则)$/],
  ["standard", /^(绩效标准|标准类型|指标值设定依据)$/],
  ["note", /^(备注|说明)$/],
];
const GLUED = /^(?:[=≥≤><]{1,2})?[+-]?[\d,]+(?:\.\d+)?[^\d前后底内以至到~-]{1,8}$/;
const OPERATOR = /^(?:[=≥≤><]{1,2}|大于等于|小于等于|大于|小于|等于|不低于|不高于|不超过)$/;
/** Rows that end the indicator table. */
const TABLE_END = /^(财政部门审核意见|主管部门审核意见|审核意见|填表人|填报人|单位负责人|其他说明的问题|合计|总计)/;

/** Money labels of the funds block, and the source each names (undefined: the total). */
function fundLabel(label: string): { source?: string } | undefined {
  const l = label.replace(/^其中[:：]?/, "").replace(/^[一二三四五六七八九十]+、/, "");
  // "其中：社保基金": whatever follows 其中 is a source.
  if (/^其中[:：]?./.test(label) && !/来源|情况|申请/.test(l)) return { source: l.replace(/数$/, "") };
  if (/^(资金总额|年度资金总额|总额|合计|资金合计|年度资金总额及构成|预算总额|项目预算)$/.test(l)) return {};
  if (/^(年度本级预算金额|本级预算金额|年度预算金额)$/.test(l)) return { source: l };
  if (/^.{0,12}(资金|基金|拨款|拨款数|收入|财政|自筹)$/.test(l) && !/来源|情况|申请/.test(l)) return { source: l.replace(/数$/, "") };
  return undefined;
}

/**
 * Read a filled 申报表 (ours or a published one): the header block by its labels, 资金 by
 * source, the goals and the indicator table by its header row. Strict about what it reads
 * (an amount or a weight that is not a number, a row with a value but no indicator name are
 * errors naming the cell); tolerant of layout. Returns a TargetFiling (schema-checked).
 */
export async function workbookToFiling(data: Uint8Array, options: FormReadOptions = {}): Promise<FormReadResult<TargetFiling>> {
  const file = options.fileName ?? "申报表.xlsx";
  const problems: FormProblem[] = [];
  const notes: FormReadResult<TargetFiling>["notes"] = [];
  const sheets = await openForm(data, file, problems);
  if (!sheets) return { ok: false, problems, notes };
  // The sheet with an indicator table; else the first.
  const forms = sheets.map((sh) => new FormSheet(file, sh, problems, notes));
  const withTable = forms.find((f) => findHeader(f, IND_VARIANTS, ["level1", "target"]) !== undefined);
  const s = withTable ?? forms[0];
  if (!s) {
    problems.push({ code: "form/no-table", file, field: "指标表", message: noTable(file) });
    return { ok: false, problems, notes };
  }
  const header = withTable ? findHeader(s, IND_VARIANTS, ["level1", "target"]) : undefined;
  const blockEnd = header ? header.row - 1 : s.height;

  const title = s.find(/部门整体.*(绩效目标|申报表)|整体支出绩效目标/, 1, 3);
  const value = (re: RegExp): { at: At; text: string } | undefined => s.valueOf(re, ANY_LABEL, 1, blockEnd);
  const kind: TargetFiling["kind"] = title || (value(LABELS.functions) && !value(/^(项目名称|项目支出名称)$/)) ? "部门整体" : "项目";
  const filing: Record<string, unknown> & { indicators: TargetFilingInput["indicators"] } = { kind, indicators: [] };

  const year = s.fiscalYear(1, Math.min(blockEnd, 4));
  if (year) filing.fiscalYear = year;
  else s.problem("form/missing-field", undefined, "预算年度", { expected: "标题下的“（2021年度）”或“2021年……申报表”" });

  const name = value(LABELS.name);
  if (!name || name.text === "") {
    s.problem(name ? "form/required-cell" : "form/missing-field", name?.at, kind === "部门整体" ? "部门（单位）名称" : "项目名称", {
      expected: "名称文字",
    });
  } else filing.name = name.text;
  for (const key of [
    "code",
    "department",
    "implementer",
    "period",
    "basis",
    "content",
    "midLongTermGoal",
    "annualGoal",
    "functions",
  ] as const) {
    if (key === "content" && kind === "部门整体") continue; // its 主要内容 is the tasks' column
    const v = value(LABELS[key]);
    if (v && v.text !== "") filing[key] = v.text;
  }
  const nature = value(LABELS.nature);
  if (nature && nature.text !== "") {
    const t = nature.text;
    // "新增项目□延续项目√" or "延续".
    const ticked = /(新增|延续)[^新延]*?[√☑■✓]/.exec(t)?.[1] ?? /^(新增|延续)(项目)?$/.exec(labelText(t))?.[1];
    if (ticked === "新增" || ticked === "延续") filing.continuity = ticked;
    else s.problem("form/value", nature.at, "项目属性", { expected: "新增 或 延续", found: t });
  }

  // The task table first: its rows are no fund lines ("社保基金相关补助资金" is a task's content).
  const taskRows = new Set<number>();
  if (kind === "部门整体") {
    const tasks = readTasks(s, blockEnd, taskRows);
    if (tasks.length > 0) filing.tasks = tasks;
  }
  const funds = readFunds(s, blockEnd, taskRows);
  if (funds) filing.funds = funds;
  if (!header) {
    problems.push({ code: "form/no-table", file, sheet: s.sheet.name, field: "指标表", message: noTable(file) });
  } else filing.indicators = readIndicators(s, header);
  return finishForm(TargetFilingSchema, filing, problems, notes, file, options.partial === true);
}

function noTable(file: string): FormProblem["message"] {
  return {
    zh: `${file}：未找到绩效指标表（表头应含 一级指标、二级指标、三级指标、指标值）`,
    en: `${file}: no indicator table was found (its header row should have 一级指标, 二级指标, 三级指标, 指标值)`,
  };
}

function readFunds(s: FormSheet, blockEnd: number, skip: ReadonlySet<number>): TargetFilingInput["funds"] {
  let total: { at: At; text: string } | undefined;
  const lines: Array<{ source: string; amount: string }> = [];
  const seen = new Set<string>();
  let unreadable = false;
  for (let r = 1; r <= blockEnd; r++) {
    if (skip.has(r)) continue;
    for (let c = 1; c <= s.width(r); c++) {
      const raw = s.text({ row: r, col: c });
      // Only label cells count ("其中：财政拨款" or a label with its amount after a colon).
      const whole = s.label({ row: r, col: c });
      const split = /^([^:：]{1,16})[:：]\s*(.+)$/.exec(raw);
      const colon = whole !== "" && fundLabel(whole) ? null : split;
      const fund = colon ? fundLabel(labelText(colon[1]!)) : whole ? fundLabel(whole) : undefined;
      if (!fund) continue;
      let at: At | undefined;
      let amount = colon ? colon[2]!.trim() : "";
      if (colon) at = { row: r, col: c };
      else {
        for (let d = c + 1; d <= s.width(r); d++) {
          const t = s.text({ row: r, col: d });
          if (t === "") continue;
          const l = s.label({ row: r, col: d });
          if (fundLabel(l) || ANY_LABEL.test(l)) break;
          at = { row: r, col: d };
          amount = t;
          break;
        }
      }
      if (!at || amount === "") continue;
      const text = amountText(amount);
      if (text === undefined) {
        s.problem("form/value", at, fund.source ?? "资金总额", { expected: "金额（数字）", found: amount });
        unreadable = true;
        continue;
      }
      if (fund.source === undefined) total ??= { at, text };
      else if (!seen.has(fund.source)) {
        seen.add(fund.source);
        lines.push({ source: fund.source, amount: text });
      }
      c = at.col;
    }
  }
  if (!total && lines.length === 0) return undefined;
  if (total && lines.length > 0 && !unreadable) {
    const sumOf = sum(lines.map((l) => dec(l.amount)));
    if (!sumOf.eq(dec(total.text))) s.problem("form/funds-total", total.at, "资金总额", { expected: sumOf.toString(), found: total.text });
  }
  return { unit: moneyUnitOf(s, blockEnd), ...(total ? { total: total.text } : {}), lines };
}

function readTasks(s: FormSheet, blockEnd: number, rows: Set<number>): Array<{ task: string; text?: string; budget?: string }> {
  const tasks: Array<{ task: string; text?: string; budget?: string }> = [];
  const head = findHeader(
    s,
    [
      ["task", /^(任务名称|主要任务|年度主要任务内容|任务)$/],
      ["budget", /^(预算|预算金额|预算数|资金|金额|对应预算)$/],
      ["text", /^(主要内容|任务内容|内容|具体内容)$/],
    ] as const,
    ["task", "budget"],
  );
  if (!head || head.row > blockEnd) return tasks;
  const taskCol = head.columns.task!;
  const budgetCol = head.columns.budget!;
  rows.add(head.row);
  for (let r = head.lastRow + 1; r <= blockEnd; r++) {
    rows.add(r);
    const first = s.label({ row: r, col: 1 });
    if (first !== "" && ANY_LABEL.test(first)) break;
    const task = s.text({ row: r, col: taskCol });
    if (task === "" || ANY_LABEL.test(labelText(task))) {
      if (task !== "") break;
      continue;
    }
    const b = s.text({ row: r, col: budgetCol });
    const budget = b === "" ? undefined : amountText(b);
    if (b !== "" && budget === undefined)
      s.problem("form/value", { row: r, col: budgetCol }, "任务预算", { expected: "金额（数字）", found: b });
    const content = head.columns.text ? s.text({ row: r, col: head.columns.text }) : "";
    tasks.push({ task, ...(content ? { text: content } : {}), ...(budget === undefined ? {} : { budget }) });
  }
  return tasks;
}

function readIndicators(
  s: FormSheet,
  header: { row: number; lastRow: number; columns: Partial<Record<IndRole, number>> },
): TargetFilingInput["indicators"] {
  const out: TargetFilingInput["indicators"] = [];
  const col = header.columns;
  const get = (r: number, role: IndRole): string => (col[role] ? s.text({ row: r, col: col[role] }) : "");
  let level1 = "";
  let level2 = "";
  for (let r = header.lastRow + 1; r <= s.height; r++) {
    const firstFilled = s.sheet.rows[r - 1]!.map((t) => labelText(t)).find((t) => t !== "") ?? "";
    if (TABLE_END.test(firstFilled)) break;
    const l1 = get(r, "level1");
    const l2 = get(r, "level2");
    if (l1 !== "") {
      level1 = labelText(l1);
      level2 = "";
    }
    if (l2 !== "") level2 = labelText(l2);
    let name = get(r, "name").trim();
    const targetCell = get(r, "target");
    const op = get(r, "op");
    let unit = get(r, "unit");
    const weightText = get(r, "weight");
    if (name === "" && targetCell === "" && weightText === "") continue; // a blank or placeholder row (经济效益指标 with nothing)
    if (/^[.…]+$/.test(name) || /^[.…]+$/.test(targetCell)) continue;
    const at = (role: IndRole): At => ({ row: r, col: col[role] ?? 1 });
    if (level1 === "") {
      s.problem("form/required-cell", at("level1"), "一级指标", { expected: "产出指标、效益指标、满意度指标等" });
      continue;
    }
    if (name === "") {
      if (level2 === "" || targetCell === "") {
        s.problem("form/required-cell", at("name"), "三级指标", { expected: "指标名称" });
        continue;
      }
      name = level2;
      s.note("form/note-name-from-level2", at("name"), { name: level2 });
    }
    // 指标值: operator and unit may sit in their own columns (指标性质 "=", 目标值 "100", 计量单位 "%").
    let value = targetCell;
    const serial = serialDate(value);
    let fromSerial = false;
    if (serial && (/时效|时间|日期|进度/.test(level2 + name) || unit === value)) {
      const date = `${serial.year}年${serial.month}月${serial.day}日`;
      s.note("form/note-serial-date", at("target"), { found: value, date });
      if (unit === value) unit = "";
      value = date;
      fromSerial = true;
    }
    if (value === "") {
      s.problem("form/required-cell", at("target"), "指标值", { expected: "如 ≥95%、=100人、优良" });
      continue;
    }
    // The operator: whichever of 指标性质 / 指标方向 holds one (forms swap them; 正向/反向 and
    // 定量/定性 are not operators).
    const opText = [op, get(r, "direction")].map((t) => t.trim()).find((t) => OPERATOR.test(normalise(t))) ?? "";
    const target = `${opText}${value}${unit && !value.endsWith(unit) ? unit : ""}`;
    const ind: TargetFilingInput["indicators"][number] = { level1, level2, name, target };
    const parsed = parseTarget(target);
    // A unit glued to the figure ("≥80M", "10辆") when the form has no 计量单位 column: only when
    // the text is just operator, figure, unit.
    const glued =
      col.unit === undefined &&
      !fromSerial &&
      parsed.unit !== "" &&
      GLUED.test(normalise(target)) &&
      normalise(target).endsWith(parsed.unit);
    const unitOut = unit !== "" ? unit : glued ? parsed.unit : "";
    if (unitOut) ind.unit = unitOut;
    if (weightText !== "") {
      const w = amountText(weightText);
      if (w === undefined) {
        s.problem("form/value", at("weight"), "权重", { expected: "数字（分值）", found: weightText });
        continue;
      }
      ind.weight = w;
    }
    const explanation = get(r, "explanation");
    const standard = get(r, "standard");
    const explain = [explanation, standard ? `绩效标准：${standard}` : ""].filter((t) => t !== "").join("；");
    if (explain) ind.explanation = explain;
    const scoring = get(r, "scoring");
    if (scoring) ind.scoring = scoring;
    const note = get(r, "note");
    if (note) ind.note = note;
    out.push(ind);
  }
  if (out.length === 0)
    s.problem("form/required-cell", { row: header.lastRow + 1, col: col.name ?? 1 }, "三级指标", { expected: "至少一行绩效指标" });
  return out;
}
