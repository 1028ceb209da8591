/**
 * @jixiao/exchange — Excel and CSV in and out, and the auditor for published reports.
 * Depends on @jixiao/engine only; the one exceljs wrapper is xlsx-book.ts.
 */
export * from "./xlsx-book.js";
export * from "./export-xlsx.js";
export * from "./messages.js";
export * from "./decode.js";
export * from "./rows.js";
export * from "./recognise.js";
export * from "./build.js";
export * from "./audit/audit.js";
export * from "./import-csv.js";
export * from "./limits.js";
export * from "./import-xlsx.js";
export * from "./templates-xlsx.js";
export * from "./audit/summary.js";
export * from "./forms/form-grid.js";
export * from "./forms/filing-xlsx.js";
export * from "./forms/monitoring-xlsx.js";
