/** Hostile uploads for the limits tests here and the server's (imported, not a test file). */
import JSZip from "jszip";
import { writeWorkbook } from "../src/index.js";

/** A small workbook (about 6 KB) with one cell at row 20,000 × column 2,000. */
export async function sparseWorkbook(): Promise<Uint8Array> {
  return writeWorkbook([
    {
      name: "评分表",
      widths: [],
      cells: [
        { row: 1, col: 1, cell: { text: "一级指标" } },
        { row: 20_000, col: 2_000, cell: { text: "x" } },
      ],
    },
  ]);
}

/** A valid workbook plus one entry of 60 MB of spaces (about 60 KB compressed). */
export async function zipBomb(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(
    await writeWorkbook([{ name: "评分表", widths: [], cells: [{ row: 1, col: 1, cell: { text: "一级指标" } }] }]),
  );
  zip.file("xl/worksheets/sheet2.xml", Buffer.alloc(60 * 1024 * 1024, 0x20));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
}
