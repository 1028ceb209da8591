/**
 * npm run bench:whatif — portfolio what-if over 10,000 synthetic evaluations × 40 leaves (BENCH_N
 * for more): the evaluations are scored once (as the server's memo holds them), then each kind
 * of change is applied and its migration computed, turned into the API's view and serialised as
 * the server answers it — the server's share of "click to chart" (aim ≤ 1 s). Also the grade
 * robustness of one evaluation (what the workspace header computes). Figures, not assertions.
 */
import { performance } from "node:perf_hooks";
import { whatIfChanges, whatIfView } from "@jixiao/api";
import { EvaluationSchema, type WhatIfItem, gradeRobustness, scoreEvaluation, whatIf } from "@jixiao/engine";
import { syntheticEvaluation } from "./synthetic.js";

const N = Number(process.env["BENCH_N"] ?? 10_000);

const t0 = performance.now();
const items: WhatIfItem[] = Array.from({ length: N }, (_, i) => {
  const e = EvaluationSchema.parse(syntheticEvaluation(i));
  return { id: `e${i}`, title: e.meta.title, score: scoreEvaluation(e), evaluation: e };
});
const tPrepared = performance.now();
console.log(`prepare (parse + score ${N.toLocaleString("en")} evaluations, once, not part of a click): ${(tPrepared - t0).toFixed(0)} ms`);

const bands = [
  { grade: "优", min: "85" },
  { grade: "良", min: "75" },
  { grade: "中", min: "60" },
  { grade: "差", min: "0" },
];
const cases: Array<[string, Parameters<typeof whatIfChanges>[0]]> = [
  ["bands 优:85,良:75,中:60,差:0", { bands }],
  ["one level-1 weight (产出 = 35)", { weights: [{ path: "产出", weight: "35" }] }],
  [
    "two weights (决策 = 15, 产出/产出1 = 20)",
    {
      weights: [
        { path: "决策", weight: "15" },
        { path: "产出/产出1", weight: "20" },
      ],
    },
  ],
  ["部分达成 = 0.3 (leaves read by level scored again)", { levels: [{ level: "部分达成", fraction: "0.3" }] }],
  ["all three together", { bands, weights: [{ path: "产出", weight: "35" }], levels: [{ level: "部分达成", fraction: "0.3" }] }],
];
for (const [name, req] of cases) {
  const read = whatIfChanges(req);
  if (!read.ok) throw new Error(read.message.en);
  // One warm-up run (the JIT), then the median of three.
  whatIf(items, read.changes);
  const times: number[] = [];
  let summary = "";
  let bytes = 0;
  for (let r = 0; r < 3; r++) {
    const a = performance.now();
    const view = whatIfView(whatIf(items, read.changes));
    const json = JSON.stringify(view);
    times.push(performance.now() - a);
    summary = `${view.movers.length} move (${view.up} up, ${view.down} down)`;
    bytes = json.length;
  }
  times.sort((x, y) => x - y);
  console.log(
    `what-if ${name}: ${times[1]!.toFixed(0)} ms for ${N.toLocaleString("en")} (migration + view + JSON, ${(bytes / 1024).toFixed(0)} KB); ${summary}`,
  );
}

const sample = items.slice(0, Math.min(200, N));
const a = performance.now();
let robust = 0;
for (const it of sample) if (gradeRobustness(it.evaluation, it.score)?.robust) robust++;
const per = (performance.now() - a) / sample.length;
console.log(
  `grade robustness (±10% weights and every leaf's actual): ${per.toFixed(1)} ms per evaluation (${robust}/${sample.length} robust)`,
);
