/** What-if through the API on both databases: the outlook of one evaluation, the portfolio what-if, and hostile input. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

/** A copy of Yangquan with another 管理效率 score and fiscal year. */
function variant(score: number, year: number): Record<string, unknown> {
  const doc = structuredClone(YANGQUAN) as {
    meta: { fiscalYear: number; title: string };
    indicators: Array<{ id: string; score: number }>;
  };
  doc.meta.fiscalYear = year;
  doc.meta.title = `${doc.meta.title}（${year}）`;
  doc.indicators.find((n) => n.id === "B")!.score = score;
  return doc as unknown as Record<string, unknown>;
}

forEachDatabase("what-if", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let ids: string[];
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    ids = [];
    for (const [doc, org] of [
      [YANGQUAN, world.orgs.deptA],
      [variant(33, 2021), world.orgs.deptB],
      [variant(40, 2022), world.orgs.deptA],
    ] as const) {
      const r = await admin.req("POST", "/api/v1/evaluations", { organisationId: org, document: doc });
      assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 300));
      ids.push(r.body.id);
    }
  });
  after(async () => app.close());

  test("GET /evaluations/:id/outlook: 4.27 short of 优 and 良 robust to ±10% weights; a wider range is asked for in the query", async () => {
    const r = await admin.req("GET", `/api/v1/evaluations/${ids[0]}/outlook`);
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.total, "85.73");
    assert.equal(r.body.nextGrade.needed, "4.27");
    assert.equal(r.body.robustness.robust, true);
    assert.equal(r.body.robustness.best, "86.76");
    assert.equal(r.body.robustness.worst, "84.70");
    assert.equal(r.body.robustness.values[0].name, "管理效率");
    assert.match(r.body.robustness.explanation.zh, /^良 稳健：任一指标权重在±10%内变动/);
    const wide = await admin.req("GET", `/api/v1/evaluations/${ids[0]}/outlook?range=1&keep=total`);
    assert.equal(wide.status, 200);
    assert.equal(wide.body.robustness.robust, false);
    assert.equal(wide.body.robustness.weights[0].grade, "优");
    for (const bad of ["range=2", "range=abc", "range=0.1&keep=all", "other=1"]) {
      const b = await admin.req("GET", `/api/v1/evaluations/${ids[0]}/outlook?${bad}`);
      assert.equal(b.status, 400, bad);
    }
    assert.equal((await admin.req("GET", `/api/v1/evaluations/nope/outlook`)).status, 404);
  });

  test("POST /portfolio/whatif: bands, points by path and a year; the counts, who moves and the totals", async () => {
    const same = await admin.req("POST", "/api/v1/portfolio/whatif", {});
    assert.equal(same.status, 200, JSON.stringify(same.body).slice(0, 300));
    assert.equal(same.body.count, 3);
    assert.equal(same.body.movers.length, 0);
    const bands = await admin.req("POST", "/api/v1/portfolio/whatif", {
      bands: [
        { grade: "优", min: "85" },
        { grade: "良", min: "82" },
        { grade: "中", min: "60" },
        { grade: "差", min: "0" },
      ],
    });
    assert.equal(bands.status, 200, JSON.stringify(bands.body).slice(0, 300));
    // 85.73 → 优; 80.85 (管理效率 33) → 中; 87.85 (管理效率 40) → 优.
    assert.deepEqual(bands.body.movers.map((m: { title: string; from: string; to: string }) => [m.from, m.to]).sort(), [
      ["良", "中"],
      ["良", "优"],
      ["良", "优"],
    ]);
    assert.equal(bands.body.up, 2);
    assert.equal(bands.body.down, 1);
    assert.deepEqual(
      bands.body.after.map((a: { grade: string; count: number }) => [a.grade, a.count]),
      [
        ["优", 2],
        ["良", 0],
        ["中", 1],
        ["差", 0],
        ["未定级", 0],
      ],
    );
    const year = await admin.req("POST", "/api/v1/portfolio/whatif", { year: 2021, weights: [{ path: "履职效能", weight: "20" }] });
    assert.equal(year.status, 200);
    assert.equal(year.body.count, 2);
    // 履职效能 at 20 keeps its rate: 21.24 × 20/30 = 14.16; 85.73 → 78.65 of 90, 80.85 → 73.77 of 90.
    assert.equal(year.body.totals.before, "166.58");
    assert.equal(year.body.totals.after, "152.42");
    const region = await admin.req("POST", "/api/v1/portfolio/whatif", { region: world.orgs.deptB });
    assert.equal(region.status, 200);
    assert.equal(region.body.count, 1);
  });

  test("hostile input is a 400 naming the field, never a 500: huge or bad bands, __proto__, bad numbers, unknown keys", async () => {
    const bands = (list: unknown) => admin.req("POST", "/api/v1/portfolio/whatif", { bands: list });
    const huge = Array.from({ length: 5000 }, (_, i) => ({ grade: `g${i}`, min: String(i % 100) }));
    for (const [body, why] of [
      [{ bands: huge }, "5,000 bands"],
      [{ bands: [{ grade: "__proto__", min: "90" }] }, "__proto__ grade"],
      [{ bands: [{ grade: "优", min: "1e400" }] }, "exponent"],
      [{ bands: [{ grade: "优", min: "-5" }] }, "negative"],
      [{ bands: [{ grade: "优", min: 90 }] }, "a JSON number, not a decimal string"],
      [{ bands: [{ grade: "优", min: "90", extra: 1 }] }, "unknown key in a band"],
      [{ bands: [] }, "no band"],
      [
        {
          bands: [
            { grade: "优", min: "90" },
            { grade: "良", min: "90" },
          ],
        },
        "same lower bound",
      ],
      [{ bands: [{ grade: "优", min: "101" }] }, "above 100"],
      [{ weights: [{ path: "__proto__/x", weight: "5" }] }, "__proto__ path"],
      [{ weights: [{ path: "履职效能", weight: "NaN" }] }, "NaN points"],
      [{ weights: Array.from({ length: 201 }, () => ({ path: "a", weight: "1" })) }, "201 weights"],
      [{ levels: [{ level: "部分达成", fraction: "1.5" }] }, "fraction above 1"],
      [{ levels: [{ level: "constructor", fraction: "0.5" }] }, "constructor level"],
      [{ year: "2021" }, "a year as text"],
      [{ __proto__: { admin: true }, bands: 1 }, "bands not a list"],
      [JSON.parse('{"__proto__": {"x": 1}}'), "__proto__ key"],
      [{ region: "x".repeat(300) }, "long region"],
    ] as const) {
      const r = await admin.req("POST", "/api/v1/portfolio/whatif", body);
      assert.equal(r.status, 400, `${why}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.ok(r.body.error?.message?.zh, why);
    }
    const same = await bands([
      { grade: "优", min: "90" },
      { grade: "良", min: "90" },
    ]);
    assert.match(same.body.error.message.zh, /下限相同/);
    assert.equal(same.body.error.fields[0].path, "bands");
    // A region outside the caller's: 404, as if it did not exist.
    assert.equal((await admin.req("POST", "/api/v1/portfolio/whatif", { region: "no-such-region" })).status, 404);
  });
});
