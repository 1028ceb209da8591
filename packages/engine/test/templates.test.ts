import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import assert from "node:assert/strict";
import { checkEvaluation } from "../src/checks.js";
import { type Decimal, ZERO, dec, sum } from "../src/exact.js";
import { FORMULA_BY_ID } from "../src/formulas.js";
import { EvaluationSchema, type Evaluation, type Indicator } from "../src/model.js";
import { findNode, scoreEvaluation } from "../src/score.js";
import { TEMPLATES, buildTemplate, templateFromEvaluation } from "../src/templates.js";

const EXPECTED: Record<string, Array<[string, number]>> = {
  department: [
    ["投入", 20],
    ["过程", 30],
    ["产出", 25],
    ["效果", 25],
  ],
  project: [
    ["决策", 15],
    ["过程", 15],
    ["产出", 40],
    ["效益", 30],
  ],
  "self-evaluation": [
    ["产出指标", 50],
    ["效益指标", 30],
    ["满意度指标", 10],
    ["预算执行率", 10],
  ],
};

function parse(id: string, options?: Parameters<typeof buildTemplate>[1]): Evaluation {
  const r = EvaluationSchema.safeParse(buildTemplate(id, options));
  assert.ok(r.success, r.success ? "" : JSON.stringify(r.error.issues, null, 2));
  return r.data;
}

function leaves(nodes: Indicator[]): Indicator[] {
  return nodes.flatMap((n) => (n.children && n.children.length > 0 ? leaves(n.children) : [n]));
}

function all(nodes: Indicator[]): Indicator[] {
  return nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
}

/** Leaves that start at full points (扣分制 / 清单扣分 with every item met). */
function fullByDefault(n: Indicator): boolean {
  return n.rule?.type === "deduction";
}

test("TEMPLATES lists the three templates with names and descriptions", () => {
  assert.deepEqual(
    TEMPLATES.map((t) => t.id),
    ["department", "project", "self-evaluation"],
  );
  for (const t of TEMPLATES) {
    for (const k of ["name", "name_en", "description", "description_en"] as const) assert.ok(t[k].length > 0, `${t.id}.${k}`);
  }
});

for (const id of Object.keys(EXPECTED)) {
  test(`${id}: parses, level-1 weights and names, weights sum to the parent`, () => {
    const e = parse(id);
    assert.deepEqual(
      e.indicators.map((n) => [n.name, n.weight?.toNumber()]),
      EXPECTED[id],
    );
    assert.ok(sum(e.indicators.map((n) => n.weight ?? ZERO)).equals(100));
    for (const n of all(e.indicators)) {
      assert.ok(n.weight !== undefined, `${n.name} has a weight`);
      if (n.children && n.children.length > 0) {
        const s: Decimal = sum(n.children.map((c) => c.weight ?? ZERO));
        assert.ok(s.equals(n.weight), `${n.name}: children ${s.toFixed()} ≠ ${n.weight.toFixed()}`);
        const names = n.children.map((c) => c.name);
        assert.equal(new Set(names).size, names.length, `${n.name}: sibling names are unique`);
      }
    }
    const ids = all(e.indicators).map((n) => n.id);
    assert.ok(ids.every((x) => x !== undefined));
    assert.equal(new Set(ids).size, ids.length, "ids are unique");
  });

  test(`${id}: every leaf has a rule, criteria, and no actual`, () => {
    const e = parse(id);
    for (const leaf of leaves(e.indicators)) {
      assert.ok(leaf.rule, `${leaf.name} has a rule`);
      assert.ok((leaf.criteria ?? "").length > 0, `${leaf.name} has criteria`);
      assert.ok((leaf.description ?? "").length > 0, `${leaf.name} has a description`);
      assert.equal(leaf.actual, undefined, `${leaf.name} has no actual`);
      if (leaf.rule.type === "checklist") {
        assert.ok(leaf.rule.items.length >= 2 && leaf.rule.items.length <= 4);
        assert.ok(
          leaf.rule.items.every((i) => i.met === undefined),
          `${leaf.name}: items not yet assessed`,
        );
        assert.ok(sum(leaf.rule.items.map((i) => i.points)).equals(leaf.weight ?? ZERO), `${leaf.name}: items sum to the weight`);
      }
      if (["proportional", "interval"].includes(leaf.rule.type)) {
        assert.ok(leaf.target && leaf.target.op !== "qualitative", `${leaf.name} has a numeric target`);
      }
      if (leaf.target?.percent) assert.equal(leaf.unit, "%", `${leaf.name} unit`);
    }
    for (const n of all(e.indicators)) {
      if (n.formula !== undefined) assert.ok(FORMULA_BY_ID.has(n.formula), `${n.formula} is a standard formula`);
    }
  });

  test(`${id}: scores (no actuals) and checks without tree errors`, () => {
    const e = parse(id);
    const scored = scoreEvaluation(e);
    assert.ok(scored.weight.equals(100));
    // With no actuals no leaf is scored — except the 扣分制 leaves, which start at full points
    // until a problem is recorded. So there is no total and no grade, only a partial total.
    const full = sum(
      leaves(e.indicators)
        .filter(fullByDefault)
        .map((n) => n.weight ?? ZERO),
    );
    assert.equal(scored.total, undefined);
    assert.equal(scored.grade, undefined);
    assert.equal(scored.partialTotal?.toFixed(2), full.toFixed(2));
    for (const r of scored.all) {
      if (r.children.length > 0) continue;
      if (fullByDefault(r.node)) assert.equal(r.score?.toFixed(2), r.weight.toFixed(2), r.name);
      else assert.equal(r.score, undefined, r.name);
    }
    assert.equal(scored.unscored, leaves(e.indicators).filter((n) => !fullByDefault(n)).length);
    const bad = checkEvaluation(e, scored).filter((d) => d.severity === "error" && /^(weight|name|id|tree)\//.test(d.code));
    assert.deepEqual(bad, []);
  });

  test(`${id}: JSON-able and fresh on every call`, () => {
    const a = buildTemplate(id);
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
    a.indicators[0]!.name = "changed";
    a.meta.subject = "changed";
    const b = buildTemplate(id);
    assert.equal(b.indicators[0]!.name, EXPECTED[id]![0]![0]);
    assert.equal(b.meta.subject, "（评价对象）");
  });
}

test("metadata: defaults and options", () => {
  const d = parse("department");
  assert.equal(d.meta.kind, "部门整体支出");
  assert.equal(d.meta.evaluationType, "第三方");
  assert.equal(d.meta.fiscalYear, 2025);
  assert.equal(d.meta.subject, "（评价对象）");
  assert.ok(d.meta.title.includes("2025") && d.meta.title.includes("部门整体支出"));
  assert.deepEqual(d.organisation?.units, []);
  assert.equal(d.funds?.unit, "万元");
  assert.deepEqual(d.funds?.lines, []);
  assert.equal(d.scheme?.preset, "cn-2020");

  const p = parse("project", { fiscalYear: 2023, subject: "某县农村道路建设项目" });
  assert.equal(p.meta.kind, "项目支出");
  assert.equal(p.meta.evaluationType, "第三方");
  assert.equal(p.meta.fiscalYear, 2023);
  assert.equal(p.meta.title, "某县农村道路建设项目2023年度项目支出绩效评价报告");
  assert.equal(p.organisation, undefined);

  const s = parse("self-evaluation", { title: "自定义标题" });
  assert.equal(s.meta.kind, "项目支出");
  assert.equal(s.meta.evaluationType, "单位自评");
  assert.equal(s.meta.title, "自定义标题");
  assert.equal(s.organisation, undefined);
});

test("department: the standard-formula leaves carry their formula ids", () => {
  const e = parse("department");
  const formulas = new Set(all(e.indicators).flatMap((n) => (n.formula ? [n.formula] : [])));
  for (const f of [
    "staffControlRate",
    "threeCostsChangeRate",
    "keyExpenditureRate",
    "budgetExecutionRate",
    "budgetAdjustmentRate",
    "carryoverRate",
    "publicExpenseControlRate",
    "threeCostsControlRate",
    "procurementExecutionRate",
    "fixedAssetUtilisation",
  ]) {
    assert.ok(formulas.has(f), f);
  }
  const names = new Map(leaves(e.indicators).map((n) => [n.name, n]));
  assert.equal(names.get("在职人员控制率")?.formula, "staffControlRate");
  assert.equal(names.get("固定资产利用率")?.formula, "fixedAssetUtilisation");
});

test("department: formulas score once organisation and funds are filled in", () => {
  const doc = buildTemplate("department", { subject: "某局" });
  doc.organisation = { units: [{ id: "u", name: "某局", type: "行政", quota: 100, inPost: 102 }] };
  doc.funds = { unit: "万元", lines: [{ name: "部门预算", initialBudget: 1000, adjustedBudget: 1000, actual: 950, carryover: 50 }] };
  const e = EvaluationSchema.parse(doc);
  const scored = scoreEvaluation(e);
  // 102% → 2 points above 100 → 4 − 2 × 0.5 = 3.
  assert.equal(findNode(scored, "投入/预算配置/在职人员控制率")?.score?.toFixed(2), "3.00");
  // 95% → 5 points below 100 → 2 − 5 × 0.1 = 1.5.
  assert.equal(findNode(scored, "过程/预算执行/预算完成率（预算执行率）")?.score?.toFixed(2), "1.50");
  // 0% adjustment is inside −10%…10% → full.
  assert.equal(findNode(scored, "过程/预算执行/预算调整率")?.score?.toFixed(2), "2.00");
  // 5% carry-over is at the 5% threshold → full.
  assert.equal(findNode(scored, "过程/预算执行/结转结余率")?.score?.toFixed(2), "2.00");
});

test("qualitative, proportional and checklist leaves score from entered data", () => {
  const doc = buildTemplate("project");
  const e = EvaluationSchema.parse(doc);
  const byName = (path: string[]): Indicator => {
    let level = e.indicators;
    let found: Indicator | undefined;
    for (const p of path) {
      found = level.find((n) => n.name === p);
      assert.ok(found, p);
      level = found.children ?? [];
    }
    return found!;
  };
  byName(["决策", "项目立项", "立项依据充分性"]).actual = "部分达成";
  byName(["产出", "产出数量", "实际完成率"]).actual = dec(90);
  const rules = byName(["过程", "组织实施", "管理制度健全性"]).rule;
  assert.ok(rules?.type === "checklist");
  for (const item of rules.items) item.met = true;
  rules.items[1]!.met = false;
  const scored = scoreEvaluation(e);
  assert.equal(findNode(scored, "决策/项目立项/立项依据充分性")?.score?.toFixed(2), "1.20");
  assert.equal(findNode(scored, "产出/产出数量/实际完成率")?.score?.toFixed(2), "9.00");
  assert.equal(findNode(scored, "过程/组织实施/管理制度健全性")?.score?.toFixed(2), "1.50");
});

test("unknown template ids and bad options throw RangeError", () => {
  for (const id of ["", "unknown", "Department", "toString", "__proto__", "constructor"]) {
    assert.throws(() => buildTemplate(id), RangeError, id);
  }
  assert.throws(() => buildTemplate("department", { fiscalYear: 1900 }), RangeError);
  assert.throws(() => buildTemplate("department", { fiscalYear: 2024.5 }), RangeError);
});

test("templateFromEvaluation: Yangquan's tree and scheme without its data, results or narrative", async () => {
  const yq = parseYaml(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"));
  const t = templateFromEvaluation(yq, { title: "部门整体支出绩效评价模板（阳泉）" });
  const parsed = EvaluationSchema.parse(t);
  assert.equal(parsed.meta.title, "部门整体支出绩效评价模板（阳泉）");
  assert.equal(parsed.meta.kind, yq.meta.kind);
  assert.deepEqual(
    parsed.indicators.map((n) => [n.name, n.weight?.toFixed()]),
    [
      ["履职效能", "30"],
      ["管理效率", "40"],
      ["社会效应", "20"],
      ["可持续性", "10"],
    ],
  );
  for (const key of [
    "organisation",
    "funds",
    "goals",
    "outcomes",
    "figures",
    "findings",
    "recommendations",
    "narrative",
    "stated",
    "externalAssessments",
  ]) {
    assert.equal((t as Record<string, unknown>)[key], undefined, key);
  }
  const walk = (ns: readonly Indicator[]): void => {
    for (const n of ns) {
      assert.equal(n.score, undefined, n.name);
      assert.equal(n.actual, undefined, n.name);
      assert.equal(n.deductions, undefined, n.name);
      walk(n.children ?? []);
    }
  };
  walk(parsed.indicators);
  // Nothing is scored any more (each leaf says why), and a template of a template is the same template.
  for (const r of scoreEvaluation(parsed).roots) {
    assert.equal(r.score?.isZero() ?? true, true, r.name);
    assert.ok(
      r.diagnostics.some((d) => d.code === "score/no-rule" || d.code === "score/missing-actual"),
      r.name,
    );
  }
  assert.deepEqual(templateFromEvaluation(t), t);
});

test("templateFromEvaluation: checklist items reset to not assessed, expert panels emptied, rules kept", async () => {
  const doc = {
    schemaVersion: 1 as const,
    meta: { title: "t", kind: "项目支出" as const, fiscalYear: 2024, subject: "某局", evaluationType: "财政评价" as const },
    indicators: [
      { name: "制度", weight: 50, rule: { type: "checklist" as const, items: [{ name: "有制度", points: 50, met: true }] } },
      { name: "专家", weight: 50, rule: { type: "expert" as const, scores: [{ expert: "甲", score: 40 }] } },
    ],
  };
  const t = templateFromEvaluation(doc);
  assert.deepEqual(t.indicators[0]!.rule, { type: "checklist", items: [{ name: "有制度", points: 50 }] });
  assert.deepEqual(t.indicators[1]!.rule, { type: "expert", scores: [] });
  assert.equal(doc.indicators[0]!.rule.items?.[0]?.met, true, "the input is not changed");
});
