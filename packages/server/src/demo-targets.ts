/**
 * Demo data of 目标管理 + 运行监控 (called from demo.ts, through the services as a user would):
 * the Yangquan 2021 targets (examples/yangquan-hrss-2021-targets.yaml, the seed's 表1) filed by the
 * bureau's department, reviewed by its 绩效审核岗 and the finance bureau, approved; synthetic
 * projects (合成示例) of its units, approved, with a 1–7月 一般监控 task whose reports give every
 * colour (examples/monitoring-2021-07.yaml and two variants), one project that never reported, a
 * conclusion; one filing returned for revision.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { App } from "./app.js";
import type { Principal } from "./policy.js";

const example = (name: string) =>
  parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;

type Indicator = { level1: string; level2: string; name: string; target: string; actual?: string };
type Report = Record<string, unknown> & { indicators: Indicator[]; budget: Array<Record<string, unknown>> };

const CRITERIA = (opinion: string) => ({
  completeness: { rating: "meets" as const, opinion: "" },
  relevance: { rating: "meets" as const, opinion: "" },
  appropriateness: { rating: "meets" as const, opinion: "" },
  feasibility: { rating: "meets" as const, opinion },
});

/** A project's filing whose indicator table is its monitoring report's targets. */
function filingOf(r: Report, implementer: string): Record<string, unknown> {
  const amount = (l: Record<string, unknown>) => Number(l["adjustedBudget"]);
  return {
    kind: "项目",
    fiscalYear: r["fiscalYear"],
    name: r["name"],
    code: r["code"],
    department: "阳泉市人力资源和社会保障局",
    implementer,
    period: "2021年1月-2021年12月",
    continuity: "延续",
    funds: { unit: "万元", lines: r.budget.map((l) => ({ source: l["source"], amount: amount(l) })) },
    annualGoal: `按计划完成${String(r["name"])}的年度任务（合成示例）`,
    indicators: r.indicators.map((i) => ({ level1: i.level1, level2: i.level2, name: i.name, target: i.target })),
  };
}

export async function seedTargets(
  app: App,
  who: { admin: Principal; department: Principal; reviewer: Principal },
  units: ReadonlyArray<{ id: string; name: string }>,
): Promise<void> {
  const { targets, monitoring } = app.services;
  const pass = async (id: string) => {
    let f = await targets.get(who.department, id);
    f = await targets.transition(who.department, id, { version: f.version, action: "submit" });
    await targets.review(who.reviewer, id, { version: f.version, criteria: CRITERIA(""), conclusion: "pass", opinion: "同意报财政审核" });
    f = await targets.get(who.admin, id);
    await targets.review(who.admin, id, { version: f.version, criteria: CRITERIA(""), conclusion: "pass", opinion: "同意批复" });
  };
  const file = async (organisationId: string, document: Record<string, unknown>) =>
    (await targets.create(who.department, { organisationId, document, reason: "演示数据 / demo data" })).id;

  // The seed's 表1 as the bureau's 部门整体 filing, approved.
  await pass(await file(who.department.organisationId!, example("yangquan-hrss-2021-targets.yaml")));

  // Synthetic projects (合成示例): red (the example), yellow, green with blue, and one that never reports.
  const red = example("monitoring-2021-07.yaml") as Report;
  const variant = (name: string, code: string, executed: [number, number], rows: number[]): Report => ({
    ...red,
    name,
    code,
    budget: red.budget.map((l, i) => ({ ...l, executed: executed[i] })),
    indicators: rows.map((i) => red.indicators[i]!),
  });
  const yellow = variant("高校毕业生就业见习补贴（合成示例）", "SYN-2021-002", [250, 50], [0, 1]);
  const green = variant("人力资源市场信息化建设（合成示例）", "SYN-2021-003", [360, 60], [0, 3, 4]);
  const silent = variant("劳动保障监察执法装备购置（合成示例）", "SYN-2021-004", [0, 0], [0]);
  const projects: Array<{ report: Report; unit: { id: string; name: string }; reports: boolean }> = [
    { report: red, unit: units[0]!, reports: true },
    { report: yellow, unit: units[1 % units.length]!, reports: true },
    { report: green, unit: units[2 % units.length]!, reports: true },
    { report: silent, unit: units[3 % units.length]!, reports: false },
  ];
  const ids: string[] = [];
  for (const p of projects) {
    const id = await file(p.unit.id, filingOf(p.report, p.unit.name));
    await pass(id);
    ids.push(id);
  }
  const task = await monitoring.createTask(who.admin, {
    title: "2021年1-7月项目支出绩效运行监控（合成示例）",
    fiscalYear: 2021,
    month: 7,
    deadline: "2021-08-10",
    kind: "general",
    filingIds: ids,
  });
  for (const [i, p] of projects.entries()) {
    if (!p.reports) continue;
    const { submittedAt: _s, deadline: _d, ...document } = p.report;
    await monitoring.submitReport(who.department, task.id, ids[i]!, { document });
  }
  await monitoring.conclude(who.admin, task.id, ids[0]!, {
    conclusion: "rectify",
    reason: "技能鉴定人数、补贴发放投诉次数红灯：督促9月前加开鉴定批次，统一申领材料清单（合成示例）",
  });

  // One filing returned for revision, with the reviewer's opinion.
  const draft = await file(units[0]!.id, {
    ...filingOf(variant("职业培训公共实训基地运营（合成示例）", "SYN-2021-005", [0, 0], [0, 6]), units[0]!.name),
    indicators: [
      { level1: "产出指标", level2: "数量指标", name: "实训人次", target: "全省排名靠前" },
      { level1: "效益指标", level2: "社会效益指标", name: "带动就业", target: "明显提升" },
    ],
  });
  let f = await targets.get(who.department, draft);
  f = await targets.transition(who.department, draft, { version: f.version, action: "submit" });
  await targets.review(who.reviewer, draft, {
    version: f.version,
    criteria: { ...CRITERIA("指标值不可衡量"), appropriateness: { rating: "fails", opinion: "“全省排名靠前”“明显提升”无量化标准" } },
    conclusion: "return",
    opinion: "请将“实训人次”“带动就业”改为可衡量的指标值并注明数据来源",
  });
}
