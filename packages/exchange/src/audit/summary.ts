/**
 * Many audits in one workbook (`jixiao audit DIR --out summary.xlsx`): a 汇总 sheet with one
 * row per form (file, unit, year, total printed and recomputed, grade, errors, warnings, notes,
 * figures verified — or why the form could not be read), and a 诊断 sheet with every diagnostic
 * (file, severity, code, table, row, where, message).
 */
import type { Lang } from "@jixiao/engine";
import type { AuditReport } from "./audit.js";
import { type SheetSpec, writeWorkbook } from "../xlsx-book.js";

/** One form of a batch: its report, or why it could not be read. */
export type AuditOutcome = { file: string; report: AuditReport } | { file: string; unreadable: string };

/** The unit and year the audit read from a form ("" when the form gives none). */
export function formFacts(report: AuditReport): { unit: string; year: string } {
  const meta = (report.model["meta"] ?? {}) as Record<string, unknown>;
  const noYear = report.diagnostics.some((d) => d.code === "doc/no-year");
  return { unit: String(meta["subject"] ?? ""), year: noYear || meta["fiscalYear"] === undefined ? "" : String(meta["fiscalYear"]) };
}

const HEAD: Record<Lang, { summary: string[]; diagnostics: string[]; sheets: [string, string]; unreadable: string }> = {
  zh: {
    summary: [
      "文件",
      "单位",
      "年度",
      "总分（表列）",
      "总分（重算）",
      "等级（表列）",
      "等级（重算）",
      "错误",
      "警告",
      "提示",
      "已核对数字",
      "说明",
    ],
    diagnostics: ["文件", "级别", "代码", "表格", "行", "位置", "说明"],
    sheets: ["汇总", "诊断"],
    unreadable: "无法读取：",
  },
  en: {
    summary: [
      "file",
      "unit",
      "year",
      "total (printed)",
      "total (recomputed)",
      "grade (printed)",
      "grade (recomputed)",
      "errors",
      "warnings",
      "notes",
      "figures verified",
      "remark",
    ],
    diagnostics: ["file", "severity", "code", "table", "row", "where", "message"],
    sheets: ["summary", "diagnostics"],
    unreadable: "cannot be read: ",
  },
};
const SEVERITY: Record<Lang, Record<string, string>> = {
  zh: { error: "错误", warning: "警告", info: "提示" },
  en: { error: "error", warning: "warning", info: "note" },
};

/** The summary workbook of a batch of audits. */
export async function auditSummaryXlsx(outcomes: readonly AuditOutcome[], lang: Lang = "zh"): Promise<Uint8Array> {
  const h = HEAD[lang];
  const summary: SheetSpec["cells"] = h.summary.map((text, i) => ({ row: 1, col: i + 1, cell: { text, style: "header" } }));
  const diagnostics: SheetSpec["cells"] = h.diagnostics.map((text, i) => ({ row: 1, col: i + 1, cell: { text, style: "header" } }));
  let d = 2;
  outcomes.forEach((o, i) => {
    const r = i + 2;
    const put = (col: number, value: string | number | undefined, style: "text" | "count" | "score" = "text"): void => {
      summary.push({
        row: r,
        col,
        cell: typeof value === "number" ? { number: value, style } : { text: value ?? "", style: "text" },
      });
    };
    put(1, o.file);
    if ("unreadable" in o) {
      put(12, `${h.unreadable}${o.unreadable}`);
      return;
    }
    const rep = o.report;
    const facts = formFacts(rep);
    const c = rep.conclusion;
    put(2, facts.unit);
    put(3, facts.year);
    put(4, c.total.printed);
    put(5, c.total.recomputed ?? (c.total.partial !== undefined ? `${lang === "zh" ? "部分合计" : "partial"} ${c.total.partial}` : ""));
    put(6, c.grade.printed);
    put(7, c.grade.recomputed);
    put(8, rep.summary.error, "count");
    put(9, rep.summary.warning, "count");
    put(10, rep.summary.info, "count");
    put(11, rep.verified, "count");
    for (const x of rep.diagnostics) {
      const cells = [
        o.file,
        SEVERITY[lang][x.severity] ?? x.severity,
        x.code,
        x.table,
        x.tableRow ? String(x.tableRow) : "",
        x.where[lang],
        x.message[lang],
      ];
      cells.forEach((text, k) => diagnostics.push({ row: d, col: k + 1, cell: { text, style: "text" } }));
      d++;
    }
  });
  return writeWorkbook(
    [
      { name: h.sheets[0], widths: [40, 28, 7, 11, 11, 10, 10, 6, 6, 6, 10, 40], cells: summary, freezeRow: 1 },
      { name: h.sheets[1], widths: [40, 7, 24, 28, 5, 16, 80], cells: diagnostics, freezeRow: 1 },
    ],
    { title: lang === "zh" ? "审核汇总" : "audit summary" },
  );
}
