/** jixiao explain total (distance and robustness) and jixiao whatif: the built binary on real files. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/jixiao.js");
const EXAMPLE = "examples/yangquan-hrss-2021.yaml";

if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
  throw new Error("packages/cli/dist is missing: run `npm run build` (npm test does it for you)");
}

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JIXIAO_LANG: "" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "jixiao-whatif-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** n evaluations with 0–3 of 4 qualitative leaves 部分达成 and one figure, as JSON Lines. */
function portfolio(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const partial = i % 4;
    lines.push(
      JSON.stringify({
        schemaVersion: 1,
        meta: { title: `评价 ${i}`, kind: "项目支出", fiscalYear: 2024, subject: `单位 ${i}`, evaluationType: "第三方" },
        indicators: [
          {
            name: "决策",
            weight: 40,
            children: [0, 1, 2, 3].map((k) => ({
              name: `定性${k + 1}`,
              weight: 10,
              target: "规范",
              actual: k < partial ? "部分达成" : "完全达成",
            })),
          },
          { name: "产出", weight: 60, children: [{ name: "数量", weight: 60, target: "≥100", unit: "件", actual: 60 + ((i * 7) % 41) }] },
        ],
      }),
    );
  }
  return lines.join("\n") + "\n";
}

test("explain total: the distance to 优 and the robustness of 良, in text and --json", () => {
  const r = run("explain", EXAMPLE, "total");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /距“优”还差 4\.27 分/);
  assert.match(r.out, /良 稳健：任一指标权重在±10%内变动（总分值不变）均不改变等级（得分在 84\.70–86\.76 之间）/);
  assert.match(r.out, /最敏感的指标：管理效率得分降至 32\.14 即降为“中”（−15\.2%）/);
  const j = JSON.parse(run("explain", EXAMPLE, "total", "--json").out);
  assert.equal(j.robustness.robust, true);
  assert.equal(j.robustness.best, "86.76");
  assert.equal(j.robustness.worst, "84.70");
  assert.equal(j.robustness.values[0].name, "管理效率");
  assert.equal(j.robustness.values[0].to, "32.14");
  assert.equal(j.nextGrade.needed, "4.27");
  const en = run("--lang", "en", "explain", EXAMPLE, "total");
  assert.match(en.out, /良 is robust: no move of the weights within ±10%/);
});

test("whatif --bands on Yangquan: 良 → 优 when 优 starts at 85", () => {
  const r = run("whatif", EXAMPLE, "--bands", "优:85,良:75,中:60,差:0");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /1 项评价中 1 项等级变化（升 1、降 0）/);
  assert.match(r.out, /良\s+1\s+0\s+0\s+0\s+0\s+1/);
  assert.match(r.out, /阳泉市人力资源和社会保障局.*良\s+优/);
});

test("whatif on JSON Lines and a folder: lower 部分达成 moves some down; --json lists who and the matrix adds up", () => {
  const file = join(tmp, "p.jsonl");
  writeFileSync(file, portfolio(40));
  const before = JSON.parse(run("whatif", file, "--json").out);
  assert.equal(before.count, 40);
  assert.equal(before.movers.length, 0);
  const r = JSON.parse(run("whatif", file, "--level", "部分达成=0.3", "--json").out);
  assert.equal(r.count, 40);
  assert.ok(r.down > 0);
  assert.equal(r.up, 0);
  assert.equal(r.movers.length, r.down);
  assert.ok(r.movers.every((m: { id: string }) => m.id.startsWith(file + ":")));
  assert.equal(
    r.matrix.flat().reduce((a: number, b: number) => a + b, 0),
    40,
  );
  // A weight by path, and one that matches nothing.
  const w = JSON.parse(run("whatif", tmp, "--weight", "决策=20", "--weight", "没有/这个=5", "--json").out);
  assert.deepEqual(w.unmatched, [{ path: "没有/这个", evaluations: 40 }]);
  assert.notEqual(w.totals.after, w.totals.before);
});

test("whatif refuses bad bands, pairs and numbers with exit 2 and names them; unreadable sources are named, not a crash", () => {
  for (const [args, message] of [
    [["--bands", "优90"], /--bands: “优90”应写作 等级:下限，如 优:90/],
    [["--bands", "优:90,良:90"], /下限相同/],
    [["--bands", "__proto__:90,良:0"], /等级名称“__proto__”不可用/],
    [["--weight", "履职效能"], /--weight “履职效能” 无效：应写作 履职效能=25/],
    [["--weight", "履职效能=-3"], /--weight 的数值“-3”无效/],
    [["--level", "部分达成=2"], /档次“部分达成”的比例须在 0–1 之间/],
  ] as const) {
    const r = run("whatif", EXAMPLE, ...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.out}`);
    assert.match(r.err, message);
  }
  const bad = join(tmp, "bad.jsonl");
  writeFileSync(bad, "{not json\n" + portfolio(1));
  const r = run("whatif", bad, join(tmp, "missing.yaml"), "--json");
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.count, 1);
  assert.equal(j.unreadable, 2);
  assert.match(r.err, /bad\.jsonl:1/);
  assert.match(r.err, /missing\.yaml/);
});
