/**
 * The 申报表 and 监控表 workbooks (issue 15): write and read back a filing and a monitoring report
 * of BENCH_N indicator rows (default 2,000, the schema's maximum) and print the times, the file
 * sizes and whether the round trip gave the same document. Figures, not assertions.
 * `node --conditions=jixiao-src --import tsx bench/forms.bench.ts`
 */
import { isDeepStrictEqual } from "node:util";
import { performance } from "node:perf_hooks";
import { MonitoringReportSchema, TargetFilingSchema } from "@jixiao/engine";
import { filingToWorkbook, monitoringToWorkbook, workbookToFiling, workbookToMonitoring } from "@jixiao/exchange";

const N = Number(process.env["BENCH_N"] ?? 2000);
const L1 = ["产出指标", "效益指标", "满意度指标"];
const L2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标"];

const filing = TargetFilingSchema.parse({
  kind: "项目",
  fiscalYear: 2021,
  name: "合成示例：基准申报表",
  funds: {
    unit: "万元",
    total: "12345.67",
    lines: [
      { source: "财政拨款", amount: "12000" },
      { source: "其他资金", amount: "345.67" },
    ],
  },
  annualGoal: "合成示例",
  indicators: Array.from({ length: N }, (_, i) => ({
    level1: L1[Math.floor(i / 700) % 3]!,
    level2: L2[Math.floor(i / 50) % 5]!,
    name: `指标${i + 1}`,
    target: i % 3 === 0 ? `≥${1000 + i}人` : i % 3 === 1 ? "≥95%" : "按时完成",
    ...(i % 3 === 2 ? {} : { unit: i % 3 === 0 ? "人" : "%" }),
    weight: "0.05",
  })),
});
const report = MonitoringReportSchema.parse({
  fiscalYear: 2021,
  month: 7,
  name: "合成示例：基准监控表",
  budget: Array.from({ length: 20 }, (_, i) => ({
    source: `资金来源${i + 1}`,
    initialBudget: "100",
    adjustedBudget: "120.5",
    executed: `${i * 3}.25`,
  })),
  indicators: Array.from({ length: N }, (_, i) => ({
    level1: L1[Math.floor(i / 700) % 3]!,
    level2: L2[Math.floor(i / 50) % 5]!,
    name: `指标${i + 1}`,
    target: `≥${1000 + i}人`,
    actual: `${500 + i}人`,
    forecast: `${1000 + i}人`,
    likelihood: i % 2 === 0 ? "确定能" : "有可能",
    ...(i % 2 === 1 ? { deviation: { causes: ["经费保障"], text: "资金未到位" }, measures: "加快拨付" } : {}),
  })),
});

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

const [fBytes, fWrite] = await time(() => filingToWorkbook(filing));
const [fRead, fReadMs] = await time(() => workbookToFiling(fBytes));
const [mBytes, mWrite] = await time(() => monitoringToWorkbook(report));
const [mRead, mReadMs] = await time(() => workbookToMonitoring(mBytes));
const kb = (b: Uint8Array): string => `${(b.length / 1024).toFixed(0)} KB`;
console.log(`rows: ${N}`);
console.log(
  `申报表  write ${fWrite.toFixed(0)} ms (${kb(fBytes)}), read ${fReadMs.toFixed(0)} ms, same document: ${isDeepStrictEqual(fRead.value, filing)}`,
);
console.log(
  `监控表  write ${mWrite.toFixed(0)} ms (${kb(mBytes)}), read ${mReadMs.toFixed(0)} ms, same document: ${isDeepStrictEqual(mRead.value, report)}`,
);
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
