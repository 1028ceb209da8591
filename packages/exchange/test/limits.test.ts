/**
 * Hostile uploads are refused before the work (IMPORT_LIMITS): a sparse sheet reaching row
 * 20,000 × column 2,000, a zip bomb, 9 MB of newlines, a 40,000-character cell — each an error
 * naming the file, sheet or cell, in well under a second and without building the grid.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { IMPORT_LIMITS, importTables } from "../src/index.js";
import { sparseWorkbook, zipBomb } from "./hostile-files.js";

const timed = async <T>(f: () => Promise<T>): Promise<[T, number, number]> => {
  const rss = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0, (process.memoryUsage().rss - rss) / 1024 / 1024];
};

test("a sparse sheet reaching row 20,000 × column 2,000 is refused naming its last cell, without a 40-million-cell grid", async () => {
  const data = await sparseWorkbook();
  assert.ok(data.length < 10_000, `${data.length} bytes`);
  const [r, ms, mb] = await timed(() => importTables("sparse.xlsx", data));
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]!.code, "file/too-large");
  assert.equal(r.problems[0]!.where, "评分表!BXX20000");
  assert.match(
    r.problems[0]!.message.zh,
    /工作表“评分表”过大：数据延伸到 评分表!BXX20000，共 20000 行（最多 20000 行）|2000 列（最多 256 列）/,
  );
  assert.ok(mb < 200, `${mb} MB`);
  console.log(`# sparse workbook refused in ${Math.round(ms)} ms, +${Math.round(mb)} MB`);
});

test("a zip bomb is refused from its central directory before anything is inflated", async () => {
  const data = await zipBomb();
  const [r, ms, mb] = await timed(() => importTables("bomb.xlsx", data));
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]!.code, "file/too-large");
  assert.match(
    r.problems[0]!.message.en,
    /bomb\.xlsx: the package is too large or too highly compressed \(it inflates to more than 50 MB\)/,
  );
  assert.ok(mb < 50, `${mb} MB`);
  console.log(`# zip bomb refused in ${Math.round(ms)} ms, +${Math.round(mb)} MB`);
});

test("CSV: 9 MB of newlines, too many columns and an overlong cell are refused while splitting", async () => {
  const probes: Array<[string, string, RegExp]> = [
    ["\n".repeat(9 * 1024 * 1024), "newlines!A20001", /20001 rows \(at most 20000\)/],
    [`${",".repeat(300)}\n`, "wide!IW1", /257 columns \(at most 256\)/],
    [`a,"${"x".repeat(40_000)}`, "long!B1", /cell long!B1 is too long/],
  ];
  for (const [text, where, message] of probes) {
    const name = where.split("!")[0]!;
    const [r, ms, mb] = await timed(() => importTables(`${name}.csv`, new TextEncoder().encode(text)));
    assert.equal(r.ok, false, where);
    assert.deepEqual([r.problems[0]!.code, r.problems[0]!.where], ["file/too-large", where]);
    assert.match(r.problems[0]!.message.en, message);
    assert.ok(mb < 300, `${where}: ${mb} MB`);
    console.log(`# ${where} refused in ${Math.round(ms)} ms, +${Math.round(mb)} MB`);
  }
  assert.equal(IMPORT_LIMITS.maxRows, 20_000);
});
