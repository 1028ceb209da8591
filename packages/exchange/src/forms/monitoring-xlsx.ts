/**
 * The 绩效运行监控表 (项目支出绩效目标执行监控表) as a workbook: 预算执行 by fund source (年初预算,
 * 调整后预算, 1—M月执行数, 执行率) and the indicators (年度指标值, 1—M月完成值, 全年预计完成值,
 * 偏差原因分析 ticked under 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他, 完成目标可能性
 * ticked under 确定能 / 有可能 / 完全不可能, 原因说明, 纠偏措施), the layout of the national form
 * (财预〔2019〕136号). Read back by labels: published forms with a single 偏差原因 or 完成目标可能性
 * column, "1-6月执行数" or "半年度指标执行情况" headers, and no 调整后预算 column are read too.
 */
import {
  CompletionLikelihood,
  DeviationCause,
  type MonitoringReport,
  type MonitoringReportInput,
  MonitoringReportSchema,
  dec,
  sum,
} from "@jixiao/engine";
import { type CellSpec, type SheetSpec, writeWorkbook } from "../xlsx-book.js";
import {
  type At,
  FormSheet,
  type FormProblem,
  type FormReadOptions,
  type FormReadResult,
  type Header,
  amountText,
  asInput,
  finishForm,
  findHeader,
  labelText,
  moneyUnitOf,
  openForm,
  writeIndicatorRows,
} from "./form-grid.js";

type Cells = SheetSpec["cells"];
type Merges = NonNullable<SheetSpec["merges"]>;

const CAUSES = DeviationCause.options;
const LIKELY = CompletionLikelihood.options;
const TICK = "√";
//                A   B   C   D   E   F   G  H  I  J  K  L  M  N  O   P
const WIDTHS = [12, 14, 22, 14, 14, 14, 6, 6, 6, 7, 6, 7, 7, 7, 22, 22];
const LAST = WIDTHS.length;

/** The form's title for its kind. */
export function monitoringTitle(kind: MonitoringReport["kind"]): string {
  return kind === "部门整体" ? "部门整体支出绩效运行监控表" : "项目支出绩效运行监控表";
}

/** "1—7月" */
export function periodText(month: number): string {
  return month === 1 ? "1月" : `1—${month}月`;
}

type Sheetable = Omit<MonitoringReport, "fiscalYear" | "month"> & { fiscalYear?: number; month: number };

/** The sheet of one monitoring report (used by the workbook and the blank template). */
export function monitoringSheet(m: Sheetable): SheetSpec {
  const cells: Cells = [];
  const merges: Merges = [];
  const put = (row: number, col: number, cell: CellSpec): void => void cells.push({ row, col, cell });
  const text = (row: number, col: number, t: string | undefined, style: CellSpec["style"] = "text"): void =>
    put(row, col, { text: t ?? "", style });
  const span = (row: number, left: number, right: number, bottom = row): void => {
    if (right > left || bottom > row) merges.push({ top: row, left, bottom, right });
  };
  const fill = (row: number, left: number, right: number, t: string | undefined, style: CellSpec["style"] = "text"): void => {
    text(row, left, t, style);
    for (let c = left + 1; c <= right; c++) text(row, c, "", style);
    span(row, left, right);
  };
  const period = periodText(m.month);

  text(1, 1, monitoringTitle(m.kind), "title");
  span(1, 1, LAST);
  text(2, 1, `（${m.fiscalYear ?? "    "}年${period}）`, "note");
  span(2, 1, LAST);
  let r = 3;
  fill(r, 1, 1, m.kind === "部门整体" ? "部门（单位）名称" : "项目名称", "header");
  fill(r, 2, 8, m.name);
  fill(r, 9, 9, "项目编码", "header");
  fill(r, 10, LAST, m.code);
  r++;
  fill(r, 1, 1, "主管部门", "header");
  fill(r, 2, 8, m.department);
  fill(r, 9, 9, "实施单位", "header");
  fill(r, 10, LAST, m.implementer);
  r++;

  // 预算执行情况
  const top = r;
  text(r, 1, `预算执行情况（${m.unit}）`, "header");
  fill(r, 2, 3, "资金来源", "header");
  fill(r, 4, 5, "年初预算", "header");
  fill(r, 6, 7, "调整后预算", "header");
  fill(r, 8, 10, `${period}执行数`, "header");
  fill(r, 11, 13, "执行率", "header");
  fill(r, 14, LAST, "说明", "header");
  r++;
  const lines = m.budget.length > 0 ? m.budget : [];
  const first = r;
  const blankSources = lines.length === 0 ? ["财政拨款", "其他资金"] : [];
  const num = (v: { toString(): string } | undefined): CellSpec =>
    v === undefined ? { text: "" } : { number: Number(v.toString()), style: "amount" };
  for (const line of lines) {
    text(r, 1, "", "header");
    fill(r, 2, 3, line.source, "name");
    put(r, 4, num(line.initialBudget));
    text(r, 5, "");
    span(r, 4, 5);
    put(r, 6, num(line.adjustedBudget));
    text(r, 7, "");
    span(r, 6, 7);
    put(r, 8, num(line.executed));
    text(r, 9, "");
    text(r, 10, "");
    span(r, 8, 10);
    const rate = line.adjustedBudget.isZero() ? undefined : line.executed.div(line.adjustedBudget);
    put(r, 11, {
      formula: `IF(F${r}=0,"",H${r}/F${r})`,
      result: rate === undefined ? "" : Number(rate.toString()),
      style: "computed-percent",
    });
    text(r, 12, "");
    text(r, 13, "");
    span(r, 11, 13);
    fill(r, 14, LAST, line.note);
    r++;
  }
  for (const source of blankSources) {
    text(r, 1, "", "header");
    fill(r, 2, 3, source, "name");
    for (const [a, b] of [
      [4, 5],
      [6, 7],
      [8, 10],
    ] as const)
      fill(r, a, b, "");
    put(r, 11, { formula: `IF(N(F${r})=0,"",H${r}/F${r})`, result: "", style: "computed-percent" });
    text(r, 12, "");
    text(r, 13, "");
    span(r, 11, 13);
    fill(r, 14, LAST, "");
    r++;
  }
  const last = r - 1;
  // 合计: live sums.
  const total = (values: Array<{ toString(): string } | undefined>): number =>
    Number(sum(values.flatMap((v) => (v === undefined ? [] : [dec(v.toString())]))).toString());
  text(r, 1, "", "header");
  fill(r, 2, 3, "合计", "total");
  put(r, 4, { formula: `SUM(D${first}:D${last})`, result: total(lines.map((l) => l.initialBudget)), style: "total-amount" });
  text(r, 5, "", "total");
  span(r, 4, 5);
  const adjusted = total(lines.map((l) => l.adjustedBudget));
  const executed = total(lines.map((l) => l.executed));
  put(r, 6, { formula: `SUM(F${first}:F${last})`, result: adjusted, style: "total-amount" });
  text(r, 7, "", "total");
  span(r, 6, 7);
  put(r, 8, { formula: `SUM(H${first}:H${last})`, result: executed, style: "total-amount" });
  text(r, 9, "", "total");
  text(r, 10, "", "total");
  span(r, 8, 10);
  const totalRate =
    lines.length === 0 || sum(lines.map((l) => l.adjustedBudget)).isZero()
      ? ""
      : Number(
          sum(lines.map((l) => l.executed))
            .div(sum(lines.map((l) => l.adjustedBudget)))
            .toString(),
        );
  put(r, 11, { formula: `IF(F${r}=0,"",H${r}/F${r})`, result: totalRate, style: "computed-percent" });
  text(r, 12, "", "total");
  text(r, 13, "", "total");
  span(r, 11, 13);
  fill(r, 14, LAST, "", "total");
  span(top, 1, 1, r);
  r++;

  // 绩效指标: two header rows.
  const h1 = r;
  const h2 = r + 1;
  const both = (col: number, label: string): void => {
    text(h1, col, label, "header");
    text(h2, col, "", "header");
    span(h1, col, col, h2);
  };
  both(1, "一级指标");
  both(2, "二级指标");
  both(3, "三级指标");
  both(4, "年度指标值");
  both(5, `${period}完成值`);
  both(6, "全年预计完成值");
  fill(h1, 7, 11, "偏差原因分析", "header");
  CAUSES.forEach((c, i) => text(h2, 7 + i, c, "header"));
  fill(h1, 12, 14, "完成目标可能性", "header");
  LIKELY.forEach((c, i) => text(h2, 12 + i, c, "header"));
  both(15, "原因说明");
  both(16, "纠偏措施");
  r = h2 + 1;
  const rows = m.indicators.length > 0 ? m.indicators : [];
  r = writeIndicatorRows(rows, r, text, span, (r, ind) => {
    text(r, 3, ind.name, "name");
    text(r, 4, ind.target);
    text(r, 5, ind.actual);
    text(r, 6, ind.forecast);
    CAUSES.forEach((c, k) => text(r, 7 + k, ind.deviation?.causes.includes(c) ? TICK : ""));
    LIKELY.forEach((c, k) => text(r, 12 + k, ind.likelihood === c ? TICK : ""));
    text(r, 15, ind.deviation?.text);
    text(r, 16, ind.measures);
  });
  if (rows.length === 0) {
    for (let k = 0; k < 6; k++) {
      for (let c = 1; c <= LAST; c++) text(r, c, "");
      r++;
    }
  }
  fill(
    r + 1,
    1,
    LAST,
    "注：偏差原因分析可勾选多项（√），并在“原因说明”中说明；完成目标可能性勾选一项；预计不能完成的须填写纠偏措施。",
    "note",
  );
  return { name: "绩效运行监控表", widths: WIDTHS, cells, merges, printTitleRows: `${h1}:${h2}`, landscape: true, freezeRow: h2 };
}

/**
 * The 监控表 of a monitoring report as .xlsx bytes (months 1—`report.month`).
 * @example await monitoringToWorkbook({ fiscalYear: 2021, month: 7, name: "…", budget: [], indicators: [] })
 */
export async function monitoringToWorkbook(report: MonitoringReportInput | MonitoringReport): Promise<Uint8Array> {
  const m = MonitoringReportSchema.parse(asInput(report));
  if (m.month === undefined) throw new RangeError("monitoringToWorkbook: the report has no month (1–12)");
  return writeWorkbook([monitoringSheet({ ...m, month: m.month })], { title: `${m.name} ${monitoringTitle(m.kind)}` });
}

/** A blank 监控表 for months 1—`month` to download and fill. */
export async function monitoringTemplate(month = 7, kind: MonitoringReport["kind"] = "项目"): Promise<Uint8Array> {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month ${month} is not 1–12`);
  return writeWorkbook([monitoringSheet({ kind, month, name: "", unit: "万元", budget: [], indicators: [] })], {
    title: monitoringTitle(kind),
  });
}

// ── reading ───────────────────────────────────────────────────────────────────────────────

const PERIOD = /^(?:1|一)?\s*[-—–~～至到]\s*(\d{1,2})月|^(\d{1,2})月|^(半年度?|上半年)/;

/** Months of a period header ("1-6月执行数" → 6, "半年度指标执行情况" → 6). */
function monthOf(label: string): number | undefined {
  const m = PERIOD.exec(label);
  if (!m) return undefined;
  if (m[3]) return 6;
  const n = Number(m[1] ?? m[2]);
  return n >= 1 && n <= 12 ? n : undefined;
}

type BudgetRole = "source" | "initial" | "adjusted" | "executed" | "rate" | "forecast" | "note";
const BUDGET_VARIANTS: ReadonlyArray<readonly [BudgetRole, RegExp]> = [
  ["source", /^(资金来源|项目资金|资金|来源|资金性质)$/],
  ["initial", /^(年初预算|年初预算数|年初预算金额|年初批复预算)$/],
  ["adjusted", /^(调整后预算|调整后预算数|全年预算数|全年预算|预算数)$/],
  ["executed", /^((?:1|一)?[-—–~～至到]?\d{1,2}月|半年度?|上半年|截至.*)(执行数|执行金额|支出数|实际支出|执行)$/],
  ["rate", /执行率$/],
  ["forecast", /^全年预计(执行数|支出)$/],
  ["note", /^(说明|备注)$/],
];

type IndRole =
  | "level1"
  | "level2"
  | "name"
  | "target"
  | "actual"
  | "forecast"
  | "reasons"
  | "likelihood"
  | "reasonText"
  | "measures"
  | "note"
  | DeviationCauseRole
  | LikelihoodRole;
type DeviationCauseRole = `cause:${string}`;
type LikelihoodRole = `likely:${string}`;
const IND_VARIANTS: ReadonlyArray<readonly [IndRole, RegExp]> = [
  ["level1", /^(一级指标|一级)$/],
  ["level2", /^(二级指标|二级)$/],
  ["name", /^(三级指标|三级|指标名称|指标内容|具体指标)$/],
  ["target", /^(年度指标值|指标值|年度目标值|全年指标值|年初目标值|目标值)$/],
  ["actual", /^((?:1|一)?[-—–~～至到]?\d{1,2}月|半年度?|上半年|截至.*)(完成值|实际完成值|指标执行情况|执行情况|完成情况)$/],
  ["forecast", /^(全年预计完成值|全年预计完成情况|预计全年完成值|全年预计完成)$/],
  ["reasons", /^(偏差原因分析|偏差原因|偏差原因类别)$/],
  ["likelihood", /^(完成目标可能性|完成可能性)$/],
  ...CAUSES.map((c) => [`cause:${c}` as const, new RegExp(`^${c}$`)] as const),
  ...LIKELY.map((c) => [`likely:${c}` as const, c === "完全不可能" ? /^(完全不可能|不可能)$/ : new RegExp(`^${c}$`)] as const),
  ["reasonText", /^(原因说明|偏差原因说明|未完成原因)$/],
  ["measures", /^(纠偏措施|相关建议或举措|改进措施|拟采取措施)$/],
  ["note", /^(备注)$/],
];
const TABLE_END = /^(偏差或不能完成目标原因分析|相关建议或举措|注|填报人|填表人|单位负责人|财政部门.*意见|审核意见)/;

const LABELS = {
  name: /^(项目名称|项目支出名称|部门名称|部门\(单位\)名称|单位名称)$/,
  code: /^(项目编码|项目代码|项目编号)$/,
  department: /^(主管部门|预算部门)$/,
  implementer: /^(实施单位|项目实施单位|项目执行单位|执行单位|项目单位)$/,
} as const;
const ANY_LABEL = new RegExp(
  `${Object.values(LABELS)
    .map((re) => re.source)
    .join("|")}|^(项目属性|项目类型|资金来源|项目资金)$`,
);

/**
 * Read a filled 监控表 (ours or a published one) into a MonitoringReport. The period (M) comes
 * from the title ("（2021年1—7月）") or the execution header ("1-6月执行数"). Every cell that
 * cannot be read is a problem naming it; with `partial`, the rows in error are left out.
 */
export async function workbookToMonitoring(data: Uint8Array, options: FormReadOptions = {}): Promise<FormReadResult<MonitoringReport>> {
  const file = options.fileName ?? "监控表.xlsx";
  const problems: FormProblem[] = [];
  const notes: FormReadResult<MonitoringReport>["notes"] = [];
  const sheets = await openForm(data, file, problems);
  if (!sheets) return { ok: false, problems, notes };
  const forms = sheets.map((sh) => new FormSheet(file, sh, problems, notes));
  const s = forms.find((f) => findHeader(f, IND_VARIANTS, ["target", "actual"]) !== undefined);
  if (!s) {
    problems.push({
      code: "form/no-table",
      file,
      field: "绩效指标",
      message: {
        zh: `${file}：未找到绩效指标监控表（表头应含 年度指标值、1—M月完成值）`,
        en: `${file}: no indicator monitoring table was found (its header should have 年度指标值 and 1—M月完成值)`,
      },
    });
    return { ok: false, problems, notes };
  }
  const indHeader = findHeader(s, IND_VARIANTS, ["target", "actual"])!;
  const budgetHeader = findHeader(s, BUDGET_VARIANTS, ["executed"]);
  const blockEnd = (budgetHeader && budgetHeader.row < indHeader.row ? budgetHeader.row : indHeader.row) - 1;
  const report: Record<string, unknown> = {};
  const title = s.find(/部门整体/, 1, 3);
  report.kind = title ? "部门整体" : "项目";
  const year = s.fiscalYear(1, Math.max(1, Math.min(blockEnd, 4)));
  if (year) report.fiscalYear = year;
  else s.problem("form/missing-field", undefined, "预算年度", { expected: "标题下的“（2021年1—7月）”" });
  const value = (re: RegExp): { at: At; text: string } | undefined => s.valueOf(re, ANY_LABEL, 1, blockEnd);
  const name = value(LABELS.name);
  if (!name || name.text === "")
    s.problem(name ? "form/required-cell" : "form/missing-field", name?.at, "项目名称", { expected: "名称文字" });
  else report.name = name.text;
  for (const key of ["code", "department", "implementer"] as const) {
    const v = value(LABELS[key]);
    if (v && v.text !== "") report[key] = v.text;
  }

  // The period: the title, else the execution header, else the completion header.
  let month: number | undefined;
  for (let r = 1; r <= Math.min(3, s.height) && month === undefined; r++) {
    for (const t of s.sheet.rows[r - 1]!) {
      const m = /年\s*(?:1|一)\s*[-—–~～至到]\s*(\d{1,2})\s*月/.exec(t.normalize("NFKC"));
      if (m) month = Number(m[1]);
    }
  }
  const headerMonth = (h: Header<string> | undefined, role: string): number | undefined => {
    const c = h?.columns[role as keyof typeof h.columns];
    return h && c ? monthOf(s.label({ row: h.row, col: c })) : undefined;
  };
  month ??= headerMonth(budgetHeader, "executed") ?? headerMonth(indHeader, "actual");
  if (month === undefined)
    s.problem("form/missing-field", undefined, "监控期间", { expected: "“1—7月”这样的期间（标题或“1—7月执行数”表头）" });
  else report.month = month;
  report.unit = moneyUnitOf(s, indHeader.row);
  report.budget = budgetHeader && budgetHeader.row < indHeader.row ? readBudget(s, budgetHeader, indHeader.row - 1) : [];
  const { indicators, note } = readIndicators(s, indHeader);
  report.indicators = indicators;
  if (note) report.note = note;
  return finishForm(MonitoringReportSchema, report, problems, notes, file, options.partial === true);
}

function readBudget(s: FormSheet, h: Header<BudgetRole>, end: number): unknown[] {
  const col = h.columns;
  const get = (r: number, role: BudgetRole): string => (col[role] ? s.text({ row: r, col: col[role] }) : "");
  const lines: Array<Record<string, string>> = [];
  let unreadable = false;
  let total: { row: number; executed?: string; adjusted?: string } | undefined;
  const sourceCol = col.source ?? Math.max(1, Math.min(col.initial ?? 99, col.adjusted ?? 99, col.executed!) - 1);
  if (!col.adjusted && col.initial) s.note("form/note-budget-initial", { row: h.row, col: col.initial }, {});
  for (let r = h.lastRow + 1; r <= end; r++) {
    // The source label: the source column, or the first filled cell left of the amounts.
    let label = s.text({ row: r, col: sourceCol });
    for (let c = sourceCol; label === "" && c >= 1; c--) label = s.text({ row: r, col: c });
    const source = labelText(label)
      .replace(/^其中[:：]?/, "")
      .replace(/[:：]$/, "");
    const amounts = (["initial", "adjusted", "executed"] as const).map((role) => get(r, role));
    if (source === "" && amounts.every((a) => a === "")) continue;
    if (/^(一级指标|绩效指标)$/.test(source)) break;
    if (amounts.every((a) => a === "")) continue; // a row of labels only (其他资金 left blank)
    let rowBad = false;
    const read = (role: "initial" | "adjusted" | "executed", field: string): string | undefined => {
      const t = get(r, role);
      if (t === "") return undefined;
      const v = amountText(t);
      if (v === undefined) {
        s.problem("form/value", { row: r, col: col[role]! }, field, { expected: "金额（数字）", found: t });
        rowBad = unreadable = true;
      }
      return v;
    };
    const initial = read("initial", "年初预算");
    const adjusted = read("adjusted", "调整后预算") ?? (col.adjusted ? undefined : initial);
    const executed = read("executed", "执行数");
    if (/^(合计|总计|资金总额|年度资金总额|总额|小计)$/.test(source)) {
      total = { row: r, executed, adjusted };
      continue;
    }
    if (rowBad) continue;
    if (adjusted === undefined)
      s.problem("form/required-cell", { row: r, col: col.adjusted ?? col.initial ?? sourceCol }, "调整后预算", {
        expected: "金额（数字）",
      });
    if (executed === undefined)
      s.problem("form/required-cell", { row: r, col: col.executed! }, "执行数", { expected: "金额（数字，未执行填 0）" });
    if (adjusted === undefined || executed === undefined) continue;
    const line: Record<string, string> = { source: source || "资金", adjustedBudget: adjusted, executed };
    if (initial !== undefined) line.initialBudget = initial;
    const note = get(r, "note");
    if (note) line.note = note;
    lines.push(line);
  }
  if (total && lines.length === 0 && total.adjusted !== undefined && total.executed !== undefined) {
    lines.push({ source: "资金总额", adjustedBudget: total.adjusted, executed: total.executed });
  } else if (total?.executed !== undefined && lines.length > 0 && !unreadable) {
    const sumOf = sum(lines.map((l) => dec(l.executed!)));
    if (!sumOf.eq(dec(total.executed)))
      s.problem("form/funds-total", { row: total.row, col: col.executed! }, "执行数合计", {
        expected: sumOf.toString(),
        found: total.executed,
      });
  }
  return lines;
}

function readIndicators(s: FormSheet, h: Header<IndRole>): { indicators: unknown[]; note?: string } {
  const col = { ...h.columns };
  // A form whose 一级指标 column holds the 二级 names (质量, 时效 …) with the 一级 ones to its left
  // (under a merged 绩效指标 label): shift.
  if (col.level1 && !col.level2 && col.level1 > 1) {
    const left = col.level1 - 1;
    let leftFilled = false;
    for (let r = h.lastRow + 1; r <= s.height; r++)
      if (/^(产出|效益|满意度|成本).*指标$/.test(s.label({ row: r, col: left }))) leftFilled = true;
    if (leftFilled) {
      col.level2 = col.level1;
      col.level1 = left;
    }
  }
  const get = (r: number, role: IndRole): string => (col[role] ? s.text({ row: r, col: col[role] }) : "");
  const out: unknown[] = [];
  const tail: string[] = [];
  let level1 = "";
  let level2 = "";
  for (let r = h.lastRow + 1; r <= s.height; r++) {
    const firstFilled = s.sheet.rows[r - 1]!.map((t) => labelText(t)).find((t) => t !== "") ?? "";
    if (TABLE_END.test(firstFilled)) {
      // 偏差或不能完成目标原因分析 / 相关建议或举措 for the whole project: kept as the report's note.
      const label = s.sheet.rows[r - 1]!.find((t) => t.trim() !== "")!.trim();
      const rest = s.sheet.rows[r - 1]!.filter((t) => t.trim() !== "")
        .slice(1)
        .join(" ");
      if (rest && /原因|举措|措施/.test(label)) tail.push(`${labelText(label)}：${rest}`);
      continue;
    }
    if (tail.length > 0 || /^注/.test(firstFilled)) continue;
    const l1 = get(r, "level1");
    const l2 = get(r, "level2");
    if (l1 !== "") {
      level1 = labelText(l1);
      level2 = "";
    }
    if (l2 !== "") level2 = labelText(l2);
    let name = get(r, "name");
    const target = get(r, "target");
    const actual = get(r, "actual");
    const at = (role: IndRole): At => ({ row: r, col: col[role] ?? 1 });
    if (name === "" && target === "" && actual === "") continue; // 质量 / 时效 rows left empty
    if (name === "") {
      if (level2 === "") {
        s.problem("form/required-cell", at("name"), "三级指标", { expected: "指标名称" });
        continue;
      }
      name = level2;
      s.note("form/note-name-from-level2", at("name"), { name: level2 });
    }
    if (target === "") {
      s.problem("form/required-cell", at("target"), "年度指标值", { expected: "如 ≥95%、=100人、达成" });
      continue;
    }
    const ind: Record<string, unknown> = { name, target };
    if (level1) ind.level1 = level1;
    if (level2) ind.level2 = level2;
    if (actual) ind.actual = actual;
    const forecast = get(r, "forecast");
    if (forecast) ind.forecast = forecast;
    // 偏差原因: ticks under the five categories, or one column of words.
    const causes: string[] = CAUSES.filter((c) => ticked(get(r, `cause:${c}`)));
    let reasonText = get(r, "reasonText");
    const reasonCell = get(r, "reasons");
    let bad = false;
    if (reasonCell !== "") {
      const [head, ...more] = reasonCell.split(/[:：]/);
      const words = (head ?? "").split(/[、,，;；/\s]+/).filter((w) => w !== "");
      if (words.length > 0 && words.every((w) => (CAUSES as readonly string[]).includes(w))) {
        for (const w of words) if (!causes.includes(w)) causes.push(w);
        if (more.length > 0) reasonText = [more.join("：").trim(), reasonText].filter((t) => t !== "").join("；");
      } else {
        causes.push("其他");
        reasonText = [reasonCell, reasonText].filter((t) => t !== "").join("；");
        s.note("form/note-reason-text", at("reasons"), { found: reasonCell });
      }
    }
    if (causes.length > 0 || reasonText) ind.deviation = { causes, ...(reasonText ? { text: reasonText } : {}) };
    // 完成目标可能性: one tick, or the word.
    const likely = LIKELY.filter((c) => ticked(get(r, `likely:${c}`)));
    const likelyCell = get(r, "likelihood");
    if (likelyCell !== "") {
      const w = labelText(likelyCell) === "不可能" ? "完全不可能" : labelText(likelyCell);
      if ((LIKELY as readonly string[]).includes(w)) likely.push(w as (typeof LIKELY)[number]);
      else {
        s.problem("form/value", at("likelihood"), "完成目标可能性", { expected: LIKELY.join("、"), found: likelyCell });
        bad = true;
      }
    }
    if (likely.length > 1) {
      s.problem("form/value", at(`likely:${likely[1]}`), "完成目标可能性", { expected: "只勾选一项", found: likely.join("、") });
      bad = true;
    } else if (likely.length === 1) ind.likelihood = likely[0];
    const measures = get(r, "measures");
    if (measures) ind.measures = measures;
    if (!bad) out.push(ind);
  }
  return tail.length > 0 ? { indicators: out, note: tail.join("\n") } : { indicators: out };
}

const ticked = (t: string): boolean => /^[√✓✔☑■●vV是Yy]$/.test(t.trim());
