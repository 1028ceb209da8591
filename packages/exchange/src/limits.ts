/**
 * Bounds on what an uploaded workbook or CSV file may make the importer do, checked before the
 * work is done: a zip's declared sizes before anything is inflated, a sheet's extent before a
 * grid is built, a CSV's rows, columns and cell lengths while it is split. The values are in
 * docs/exchange.md ("Limits"); a real 评分表 is a few hundred rows of at most 20 columns.
 */
import type { Bilingual } from "@jixiao/engine";

export const IMPORT_LIMITS = {
  /** Files inside one .xlsx/.docx package. */
  maxZipEntries: 2_000,
  /** Bytes all entries of a package inflate to, by its central directory. */
  maxUncompressedBytes: 50 * 1024 * 1024,
  /** Inflated ÷ compressed size of the whole package (sheet XML compresses about 10–30×). */
  maxCompressionRatio: 100,
  /** Rows of one sheet or CSV file, up to its last filled cell. */
  maxRows: 20_000,
  /** Columns of one sheet or CSV row, up to its last filled cell. */
  maxColumns: 256,
  /** Cells of one sheet (rows × columns of the grid that is built). */
  maxCells: 1_000_000,
  /** Characters in one cell. */
  maxCellChars: 32_767, // Excel's own limit
} as const;

/** A file beyond IMPORT_LIMITS: `where` names the file, sheet or cell, `message` what was expected. */
export class ImportLimitError extends Error {
  constructor(
    readonly where: string,
    readonly text: Bilingual,
  ) {
    super(text.en);
    this.name = "ImportLimitError";
  }
}

const u16 = (d: Uint8Array, i: number): number => d[i]! | (d[i + 1]! << 8);
const u32 = (d: Uint8Array, i: number): number => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16)) + d[i + 3]! * 0x1000000;

/**
 * Check a zip package's central directory before inflating anything: entry count, the sizes
 * its entries declare and the overall compression ratio (a 1.5 MB zip bomb inflated to 1.7 GB).
 * The declared sizes could lie; the server reads uploads in a worker with a memory limit as well.
 * Throws ImportLimitError; returns quietly for a package it cannot read (the zip reader then
 * says what is wrong with it).
 */
export function checkZipSizes(data: Uint8Array, name: string): void {
  // End of central directory: 22 bytes plus a comment of up to 65,535, at the end.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return;
  const count = u16(data, eocd + 10);
  const offset = u32(data, eocd + 16);
  const tooLarge = (zh: string, en: string): never => {
    throw new ImportLimitError(name, {
      zh: `${name}：压缩包过大或压缩比异常（${zh}）`,
      en: `${name}: the package is too large or too highly compressed (${en})`,
    });
  };
  if (count === 0xffff || offset === 0xffffffff) tooLarge("ZIP64 格式不受支持", "ZIP64 is not accepted");
  if (count > IMPORT_LIMITS.maxZipEntries)
    tooLarge(
      `最多 ${IMPORT_LIMITS.maxZipEntries} 个文件，实际 ${count} 个`,
      `at most ${IMPORT_LIMITS.maxZipEntries} entries, it has ${count}`,
    );
  let total = 0;
  let compressed = 0;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || u32(data, p) !== 0x02014b50) return;
    const csize = u32(data, p + 20);
    const usize = u32(data, p + 24);
    if (csize === 0xffffffff || usize === 0xffffffff) tooLarge("ZIP64 格式不受支持", "ZIP64 is not accepted");
    total += usize;
    compressed += csize;
    if (total > IMPORT_LIMITS.maxUncompressedBytes) {
      const mb = IMPORT_LIMITS.maxUncompressedBytes / 1024 / 1024;
      tooLarge(`解压后超过 ${mb} MB`, `it inflates to more than ${mb} MB`);
    }
    p += 46 + u16(data, p + 28) + u16(data, p + 30) + u16(data, p + 32);
  }
  // Small packages may compress well (a template of empty styled cells); the ratio matters above 1 MB.
  if (total > 1024 * 1024 && total > compressed * IMPORT_LIMITS.maxCompressionRatio) {
    tooLarge(
      `压缩比 ${Math.round(total / Math.max(1, compressed))}:1，最多 ${IMPORT_LIMITS.maxCompressionRatio}:1`,
      `compression ratio ${Math.round(total / Math.max(1, compressed))}:1, at most ${IMPORT_LIMITS.maxCompressionRatio}:1`,
    );
  }
}

/** Throw when a sheet's extent (rows and columns up to the last filled cell) is beyond the limits. */
export function checkSheetExtent(sheet: string, rows: number, columns: number, lastCell: string): void {
  const over: string[] = [];
  const overEn: string[] = [];
  if (rows > IMPORT_LIMITS.maxRows) {
    over.push(`${rows} 行（最多 ${IMPORT_LIMITS.maxRows} 行）`);
    overEn.push(`${rows} rows (at most ${IMPORT_LIMITS.maxRows})`);
  }
  if (columns > IMPORT_LIMITS.maxColumns) {
    over.push(`${columns} 列（最多 ${IMPORT_LIMITS.maxColumns} 列）`);
    overEn.push(`${columns} columns (at most ${IMPORT_LIMITS.maxColumns})`);
  }
  if (over.length === 0 && rows * columns > IMPORT_LIMITS.maxCells) {
    over.push(`${rows * columns} 个单元格（最多 ${IMPORT_LIMITS.maxCells} 个）`);
    overEn.push(`${rows * columns} cells (at most ${IMPORT_LIMITS.maxCells})`);
  }
  if (over.length > 0) {
    throw new ImportLimitError(lastCell, {
      zh: `工作表“${sheet}”过大：数据延伸到 ${lastCell}，共 ${over.join("、")}`,
      en: `sheet "${sheet}" is too large: data reaches ${lastCell}, ${overEn.join(", ")}`,
    });
  }
}

/** Throw when one cell's text is longer than the limit. */
export function checkCellLength(where: string, length: number): void {
  if (length > IMPORT_LIMITS.maxCellChars) {
    throw new ImportLimitError(where, {
      zh: `单元格 ${where} 过长：${length} 个字符（最多 ${IMPORT_LIMITS.maxCellChars} 个）`,
      en: `cell ${where} is too long: ${length} characters (at most ${IMPORT_LIMITS.maxCellChars})`,
    });
  }
}
