/**
 * Finding rules: configurable thresholds that turn data into suggested findings (问题) with
 * their evidence. Thresholds are data (`scheme.findingRules`); the defaults are below.
 */
import { type Decimal, HUNDRED, ZERO, dec, fixed, formatScore, plain } from "./exact.js";
import { unitVariables } from "./formulas.js";
import type { Bilingual } from "./messages.js";
import type { Evaluation } from "./model.js";
import { type ModelPath, type ScoreResult, scoreEvaluation } from "./score.js";
import { readPrinted } from "./stated.js";
import { isMet, impliedDirection } from "./target.js";

export interface FindingThresholds {
  /** 空编率 above this percentage, per unit. */
  vacancyRateAbove: Decimal;
  /** |预算调整率| above this percentage. */
  budgetAdjustmentAbove: Decimal;
  /** A level-1 score rate below this percentage. */
  level1RateBelow: Decimal;
  outcomeBelowTarget: boolean;
  externalMissed: boolean;
}

export const DEFAULT_FINDING_THRESHOLDS: FindingThresholds = {
  vacancyRateAbove: dec(20),
  budgetAdjustmentAbove: dec(10),
  level1RateBelow: dec(80),
  outcomeBelowTarget: true,
  externalMissed: true,
};

export interface Evidence {
  path: ModelPath;
  text: Bilingual;
}

export interface SuggestedFinding {
  /** Stable rule code: "staff/vacancy", "budget/adjustment", "score/level1-low", … */
  rule: string;
  title: Bilingual;
  evidence: Evidence[];
}

function thresholds(e: Evaluation): FindingThresholds {
  const o = e.scheme?.findingRules ?? {};
  return {
    vacancyRateAbove: o.vacancyRateAbove ?? DEFAULT_FINDING_THRESHOLDS.vacancyRateAbove,
    budgetAdjustmentAbove: o.budgetAdjustmentAbove ?? DEFAULT_FINDING_THRESHOLDS.budgetAdjustmentAbove,
    level1RateBelow: o.level1RateBelow ?? DEFAULT_FINDING_THRESHOLDS.level1RateBelow,
    outcomeBelowTarget: o.outcomeBelowTarget ?? DEFAULT_FINDING_THRESHOLDS.outcomeBelowTarget,
    externalMissed: o.externalMissed ?? DEFAULT_FINDING_THRESHOLDS.externalMissed,
  };
}

/**
 * Suggest findings from the data.
 * @example suggestFindings(yangquan).find(f => f.rule === "staff/vacancy")?.evidence.length === 4
 */
export function suggestFindings(e: Evaluation, scored: ScoreResult = scoreEvaluation(e)): SuggestedFinding[] {
  const t = thresholds(e);
  const out: SuggestedFinding[] = [];
  const units = e.organisation?.units ?? [];

  const vacancy: Evidence[] = [];
  units.forEach((u, i) => {
    const v = unitVariables(u);
    const q = v["quota"];
    const p = v["inPost"];
    if (q === undefined || p === undefined || q.isZero()) return;
    const rate = q.minus(p).dividedBy(q).times(HUNDRED);
    if (rate.greaterThan(t.vacancyRateAbove)) {
      vacancy.push({
        path: ["organisation", "units", i],
        text: {
          zh: `${u.name}：编制 ${q.toFixed()} 人，实有 ${p.toFixed()} 人，空编 ${q.minus(p).toFixed()} 人，空编率 ${fixed(rate, 2)}% > ${plain(t.vacancyRateAbove)}%`,
          en: `${u.name}: quota ${q.toFixed()}, in post ${p.toFixed()}, ${q.minus(p).toFixed()} vacant, vacancy rate ${fixed(rate, 2)}% > ${plain(t.vacancyRateAbove)}%`,
        },
      });
    }
  });
  if (vacancy.length > 0) {
    out.push({
      rule: "staff/vacancy",
      title: {
        zh: `下属单位人员空编：${vacancy.length} 个单位空编率超过 ${plain(t.vacancyRateAbove)}%`,
        en: `Understaffing: ${vacancy.length} units have a vacancy rate above ${plain(t.vacancyRateAbove)}%`,
      },
      evidence: vacancy,
    });
  }

  const adjustment: Evidence[] = [];
  units.forEach((u, i) => {
    const v = unitVariables(u);
    const pairs: Array<[string, string, string | undefined, string, string]> = [
      ["budget.adjusted", "budget.initial", u.stated?.budgetAdjustmentRate, "预算调整率", "budget adjustment rate"],
      [
        "budget.projectAdjusted",
        "budget.projectInitial",
        u.stated?.projectBudgetAdjustmentRate,
        "项目支出预算调整率",
        "project budget adjustment rate",
      ],
    ];
    for (const [adj, init, printed, zh, en] of pairs) {
      let rate: Decimal | undefined;
      let how = { zh: "", en: "" };
      const a = v[adj];
      const b = v[init];
      if (a !== undefined && b !== undefined && !b.isZero()) {
        rate = a.minus(b).dividedBy(b).times(HUNDRED);
        how = { zh: "（按预算数计算）", en: " (computed)" };
      } else if (printed !== undefined) {
        const p = readPrinted(printed);
        if (p.kind === "number") {
          rate = p.value;
          how = { zh: "（报告所载）", en: " (as stated)" };
        }
      }
      if (rate !== undefined && rate.abs().greaterThan(t.budgetAdjustmentAbove)) {
        adjustment.push({
          path: ["organisation", "units", i, "stated"],
          text: {
            zh: `${u.name}：${zh} ${fixed(rate, 2)}%${how.zh}，超过 ±${plain(t.budgetAdjustmentAbove)}%`,
            en: `${u.name}: ${en} ${fixed(rate, 2)}%${how.en}, beyond ±${plain(t.budgetAdjustmentAbove)}%`,
          },
        });
      }
    }
  });
  const vars = scored.formulas.find((f) => f.formula.id === "budgetAdjustmentRate" && f.value !== undefined);
  if (vars?.value && vars.value.abs().greaterThan(t.budgetAdjustmentAbove)) {
    adjustment.push({
      path: ["funds"],
      text: { zh: `部门预算调整率 ${fixed(vars.value, 2)}%`, en: `department budget adjustment rate ${fixed(vars.value, 2)}%` },
    });
  }
  if (adjustment.length > 0) {
    out.push({
      rule: "budget/adjustment",
      title: {
        zh: `预算调整率较高（超过 ±${plain(t.budgetAdjustmentAbove)}%）`,
        en: `High budget adjustment rates (beyond ±${plain(t.budgetAdjustmentAbove)}%)`,
      },
      evidence: adjustment,
    });
  }

  if (scored.preset !== "pefa") {
    const low: Evidence[] = scored.roots
      .filter((r) => r.rate !== undefined && r.rate.times(HUNDRED).lessThan(t.level1RateBelow))
      .map((r) => ({
        path: r.path,
        text: {
          zh: `${r.name}：得分 ${formatScore(r.score ?? ZERO)} / ${plain(r.weight)}，得分率 ${fixed(r.rate!.times(HUNDRED), 2)}% < ${plain(t.level1RateBelow)}%`,
          en: `${r.name}: ${formatScore(r.score ?? ZERO)} of ${plain(r.weight)}, score rate ${fixed(r.rate!.times(HUNDRED), 2)}% < ${plain(t.level1RateBelow)}%`,
        },
      }));
    if (low.length > 0) {
      out.push({
        rule: "score/level1-low",
        title: { zh: `一级指标得分率低于 ${plain(t.level1RateBelow)}%`, en: `Level-1 score rates below ${plain(t.level1RateBelow)}%` },
        evidence: low,
      });
    }
  }

  if (t.outcomeBelowTarget) {
    const below: Evidence[] = [];
    (e.outcomes ?? []).forEach((o, i) => {
      if (!o.target || o.actual === undefined || o.target.op === "qualitative") return;
      const met = isMet(o.target, o.actual, o.direction ?? impliedDirection(o.target));
      if (met === false) {
        below.push({
          path: ["outcomes", i],
          text: {
            zh: `${o.name}：实际 ${plain(o.actual)}${o.unit ?? ""}，目标 ${o.target.text}`,
            en: `${o.name}: actual ${plain(o.actual)}${o.unit ?? ""}, target ${o.target.text}`,
          },
        });
      }
    });
    for (const n of scored.all) {
      if (n.children.length === 0 && n.met === false && !n.notApplicable) {
        below.push({
          path: n.path,
          text: { zh: `${n.trail.join(" › ")}：${n.comparison ?? "未达成"}`, en: `${n.trail.join(" › ")}: ${n.comparison ?? "missed"}` },
        });
      }
    }
    if (below.length > 0)
      out.push({ rule: "outcome/below-target", title: { zh: "部分绩效目标未完成", en: "Targets not met" }, evidence: below });
  }

  if (t.externalMissed) {
    const missed: Evidence[] = [];
    (e.externalAssessments ?? []).forEach((x, i) => {
      if (x.met < x.total) {
        const names = (x.items ?? []).filter((it) => it.met === false).map((it) => it.name);
        const low = (x.items ?? [])
          .filter((it) => it.rank !== undefined && it.of !== undefined && it.rank > it.of / 2)
          .map((it) => `${it.name}（第 ${it.rank} / ${it.of} 位）`);
        missed.push({
          path: ["externalAssessments", i],
          text: {
            zh: `${x.name}：${x.total} 项指标完成 ${x.met} 项，${x.total - x.met} 项未完成${names.length ? `（${names.join("、")}）` : ""}${low.length ? `；排名靠后：${low.join("、")}` : ""}`,
            en: `${x.name}: ${x.met} of ${x.total} indicators met, ${x.total - x.met} missed${names.length ? ` (${names.join(", ")})` : ""}`,
          },
        });
      }
    });
    if (missed.length > 0)
      out.push({
        rule: "external/missed",
        title: { zh: "上级考核指标未全部完成", en: "Targets missed in the provincial assessment" },
        evidence: missed,
      });
  }
  return out;
}
