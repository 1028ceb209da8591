/**
 * Every user-facing message of @jixiao/exchange (importers, export, templates, auditor), in
 * Chinese and English, in one catalogue. Codes are stable; texts may improve.
 */
import type { Bilingual } from "@jixiao/engine";

const catalogue = {
  "cell/number": { zh: "“{header}”应为数字，实际为“{found}”", en: '"{header}" should be a number, found "{found}"' },
  "cell/count": { zh: "{what}应为非负整数，实际为“{found}”", en: '{what} should be a whole number, found "{found}"' },
  "cell/required": { zh: "缺少{what}", en: "{what} is missing" },
  "cell/year": {
    zh: "预算年度应为 1990–2100 之间的整数，实际为“{found}”",
    en: 'the fiscal year should be a whole number 1990–2100, found "{found}"',
  },
  "cell/enum": { zh: "{what}应为：{expected}；实际为“{found}”", en: '{what} should be one of: {expected}; found "{found}"' },
  "cell/target": {
    zh: "指标值“{found}”无法识读：应为 ≥90%、≤4.5%、80%-120%、100 或文字",
    en: 'target "{found}" cannot be read: expected ≥90%, ≤4.5%, 80%-120%, 100 or text',
  },
  "row/no-name": { zh: "该行没有指标名称，未导入", en: "the row has no name and was not imported" },
  "row/outside-table": {
    zh: "该行不在可识别的表头之下（应在“一级指标、分值、指标值……”等表头下方），未导入",
    en: "the row is under no recognised header (一级指标, 分值, 指标值 …) and was not imported",
  },
  "row/no-amounts": { zh: "该行没有任何金额，不计为资金明细", en: "the row has no amounts and is not counted as a fund line" },
  "row/bad-cells": { zh: "该行有无法识读的单元格，未导入", en: "the row has unreadable cells and was not imported" },
  "row/model": { zh: "{detail}", en: "{detail}" },
  "file/no-tables": {
    zh: "未找到可识别的表格（评分表、年度绩效目标表、人员情况表、资金情况表）",
    en: "no table was recognised (score table, annual goals, staffing, funds)",
  },
  "file/not-xlsx": { zh: "不是有效的 .xlsx 工作簿：{detail}", en: "not a valid .xlsx workbook: {detail}" },
  "file/not-zip": {
    zh: "不是有效的 .xlsx 工作簿（应为 Office 文档的 zip 压缩包，文件可能已损坏或改过扩展名）",
    en: "not a valid .xlsx workbook (expected an Office zip package; the file may be damaged or renamed)",
  },
  "file/not-docx": { zh: "不是有效的 .docx 文档：{detail}", en: "not a valid .docx document: {detail}" },
  "file/encoding": {
    zh: "无法识别文本编码（支持 UTF-8、GB18030、UTF-16）",
    en: "unknown text encoding (UTF-8, GB18030 and UTF-16 are read)",
  },
  "file/type": { zh: "不支持的文件类型“{ext}”：应为 {expected}", en: 'unsupported file type "{ext}": expected {expected}' },
  "file/pdf": { zh: "无法读取 PDF：{detail}", en: "cannot read the PDF: {detail}" },
  "file/invalid-model": { zh: "导入结果不是有效的评价文件：{detail}", en: "the import is not a valid evaluation: {detail}" },
  "table/weights-inferred": {
    zh: "表中未列分值：按表头所载 {points} 分由 {n} 个指标平均分配，每个 {share} 分",
    en: "the table prints no points per indicator: its {points} points are shared equally by {n} indicators, {share} each",
  },
  "table/section-points": {
    zh: "表中未列各指标分值：“{name}”按其所载 {points} 分整体核对（{n} 个指标得分之和）",
    en: "the table prints no points per indicator: “{name}” is checked as a whole against its {points} points (the sum of {n} indicators' scores)",
  },
  "table/budget-score-rule": {
    zh: "预算执行得分 {found} 与 分值 {points} × 执行率 {rate}% = {expected} 不一致；表中未载明评分规则，按表列得分计",
    en: "the budget-execution score {found} differs from points {points} × execution rate {rate}% = {expected}; the form states no rule, its score is used",
  },
  "table/column-sum": { zh: "“{name}”为 {found}，但各项合计为 {expected}", en: '"{name}" is {found}, but the rows add up to {expected}' },
  "table/column-sum-ok": { zh: "“{name}” {found} 等于 {n} 项之和", en: '"{name}" {found} equals the sum of its {n} rows' },
  "doc/total-unverifiable": {
    zh: "正文载明综合得分 {found} 分，但未找到指标得分表，无法复核",
    en: "the text states a total of {found}, but no indicator score table was found to recompute it",
  },
  "doc/no-year": { zh: "未找到预算年度，暂记为 2000", en: "no fiscal year found; 2000 is recorded" },
  "template/unknown": { zh: "没有名为“{name}”的模板；可用：{list}", en: 'no template named "{name}"; available: {list}' },
  "import/encoding": { zh: "CSV 编码：{encoding}", en: "CSV encoding: {encoding}" },
  "row/unused": { zh: "{reason}：{cells}", en: "{reason}: {cells}" },
  "file/too-large": { zh: "{detail}", en: "{detail}" },
  "form/missing-field": {
    zh: "{file}：未找到“{field}”（应为{expected}）",
    en: '{file}: "{field}" was not found (expected {expected})',
  },
  "form/value": {
    zh: "{where}：“{field}”应为{expected}，实际为“{found}”",
    en: '{where}: "{field}" should be {expected}, found "{found}"',
  },
  "form/required-cell": { zh: "{where}：缺少“{field}”（应为{expected}）", en: '{where}: "{field}" is missing (expected {expected})' },
  "form/no-table": {
    zh: "{file}：未找到{table}（表头应含 {expected}）",
    en: "{file}: no {table} was found (its header row should have {expected})",
  },
  "form/funds-total": {
    zh: "{where}：资金总额 {found} 与各来源合计 {expected} 不一致",
    en: "{where}: the total {found} differs from the sum of the sources, {expected}",
  },
  "form/note-serial-date": {
    zh: "{where}：“{found}”是 Excel 日期序号，读作 {date}",
    en: '{where}: "{found}" is an Excel date serial, read as {date}',
  },
  "form/note-name-from-level2": {
    zh: "{where}：未填三级指标名称，以二级指标“{name}”为名",
    en: '{where}: no level-3 name; the level-2 name "{name}" is used',
  },
  "form/note-budget-initial": {
    zh: "{where}：表中未列调整后预算，按年初预算计算执行率",
    en: "{where}: the form has no adjusted budget; the initial budget is used for the execution rate",
  },
  "form/note-reason-text": {
    zh: "{where}：偏差原因“{found}”未注明类别，记为“其他”",
    en: '{where}: the deviation reason "{found}" names no category; recorded as 其他',
  },
  "import/placeholder-meta": {
    zh: "文件未提供基本信息（{what}），已填入占位值，请修改",
    en: "the file gives no {what}: a placeholder was filled in, please correct it",
  },
} as const satisfies Record<string, Bilingual>;

export type ExchangeKey = keyof typeof catalogue;

const fill = (template: string, p: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => (p[k] !== undefined ? String(p[k]) : `{${k}}`));

/** A catalogue message with its parameters, in both languages. */
export function xmsg(key: ExchangeKey, params: Record<string, string | number> = {}): Bilingual {
  const t = catalogue[key];
  return { zh: fill(t.zh, params), en: fill(t.en, params) };
}
