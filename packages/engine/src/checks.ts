/**
 * Consistency checks. Each finding is a `Diagnostic` with a stable code, a severity, the path
 * of the field in the model, a message in Chinese and English, and what was expected and
 * found. Codes are listed in docs/evaluation-format.md.
 */
import { type Decimal, HUNDRED, ZERO, fixed, formatScore, plain, sum } from "./exact.js";
import { accumulate, eq, gt, lt } from "./fast.js";
import { unitVariables, wan } from "./formulas.js";
import { gradeFor } from "./grading.js";
import { type Bilingual, type MessageKey, type MessageParams, msg } from "./messages.js";
import type { Evaluation, FundLine } from "./model.js";
import { type ModelPath, type NodeResult, type ScoreResult, scoreEvaluation } from "./score.js";
import { compareStated, readPrinted } from "./stated.js";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  code: MessageKey;
  severity: Severity;
  /** Path of the field in the model (["organisation","units",2,"stated","vacancyRate"]). */
  path: ModelPath;
  /** What it is about, for people: "指标 A履职效能", "表3 阳泉市社会保险中心". */
  subject: Bilingual;
  message: Bilingual;
  expected?: string;
  found?: string;
}

const SUBTOTAL_NAME = /^(小\s*计|合\s*计|总\s*计|subtotal|total)$/i;

/** The subject of a diagnostic about an indicator: 指标“履职效能 › 核心业务”. */
export function indicatorSubject(trail: readonly string[]): Bilingual {
  return { zh: `指标“${trail.join(" › ")}”`, en: `indicator "${trail.join(" › ")}"` };
}

function node(n: NodeResult): Bilingual {
  return indicatorSubject(n.trail);
}

/** A diagnostic with its message from the catalogue (expected and found also kept as plain text). */
export function makeDiagnostic(
  code: MessageKey,
  severity: Severity,
  path: ModelPath,
  subject: Bilingual,
  params: MessageParams = {},
): Diagnostic {
  return {
    code,
    severity,
    path,
    subject,
    message: msg(code, params),
    expected: plainParam(params["expected"]),
    found: plainParam(params["found"]),
  };
}

/** A printed figure that was recomputed and agrees at its printed precision. */
export interface VerifiedFigure {
  path: ModelPath;
  subject: Bilingual;
  what: Bilingual;
  printed: string;
  /** The recomputed value with 4 decimals ("62.5000%"), before rounding to the printed precision. */
  recomputed: string;
}

export interface CheckReport {
  diagnostics: Diagnostic[];
  verified: VerifiedFigure[];
}

/** Run every check. Pass a score result to avoid scoring twice. */
export function checkEvaluation(e: Evaluation, scored: ScoreResult = scoreEvaluation(e)): Diagnostic[] {
  return checkEvaluationReport(e, scored).diagnostics;
}

/** Every check, plus the list of printed figures that were recomputed and agree. */
export function checkEvaluationReport(e: Evaluation, scored: ScoreResult = scoreEvaluation(e)): CheckReport {
  const out: Diagnostic[] = [];
  const verified: VerifiedFigure[] = [];
  const add = (code: MessageKey, severity: Severity, path: ModelPath, subject: Bilingual, params: MessageParams = {}): void => {
    out.push(makeDiagnostic(code, severity, path, subject, params));
  };
  const stated = (
    printed: string | undefined,
    value: Decimal | undefined,
    path: ModelPath,
    subject: Bilingual,
    what: Bilingual,
    opts: { percent?: boolean; dashOk?: boolean } = {},
  ): void => {
    if (printed === undefined) return;
    const shown = value !== undefined && opts.percent ? value.times(HUNDRED) : value;
    const cmp = compareStated(printed, shown);
    if (cmp.ok) {
      const recomputed = shown === undefined ? "-" : fixed(shown, 4) + (opts.percent ? "%" : "");
      verified.push({ path, subject, what, printed, recomputed });
      return;
    }
    if (cmp.reason === "unreadable") {
      add("stated/unreadable", "warning", path, subject, { what, found: printed });
      return;
    }
    if (readPrinted(printed).kind === "dash" && opts.dashOk) return;
    add("stated/mismatch", "error", path, subject, { what, found: printed, expected: cmp.expectedText });
  };

  const numeric = scored.preset !== "pefa";

  // ── the indicator tree ──
  const ids = new Map<string, NodeResult>();
  const walkSiblings = (siblings: NodeResult[], parent: NodeResult | undefined): void => {
    // A name seen before among the siblings (small groups: a scan instead of a Map; an earlier
    // sibling with the same name is either the first of that name or a duplicate of it).
    const names = siblings.length > 16 ? new Map<string, NodeResult>() : undefined;
    for (let i = 0; i < siblings.length; i++) {
      const n = siblings[i]!;
      let seen: boolean;
      if (names) seen = names.has(n.name);
      else {
        seen = false;
        for (let j = 0; j < i; j++) {
          if (siblings[j]!.name === n.name) {
            seen = true;
            break;
          }
        }
      }
      if (n.name.trim() === "") add("name/missing", "error", [...n.path, "name"], node(n));
      else if (seen) add("name/duplicate", "error", [...n.path, "name"], node(n), { name: n.name });
      else names?.set(n.name, n);
      if (n.node.id !== undefined) {
        if (ids.has(n.node.id)) add("id/duplicate", "error", [...n.path, "id"], node(n), { name: n.node.id });
        else ids.set(n.node.id, n);
      }
    }
    // A subtotal row counted as well as its children: named so (小计, 合计 …), or a row without
    // children of its own whose weight and score both equal the sum of the rows above it (a
    // subtotal sums what precedes it). A group whose figures happen to equal the rows after it
    // (产出 50 above 效益 30 and 满意度 20, all at full marks) is not one, and neither is a row
    // that adds up its own children (产出指标 50/49 beside 效益、满意度 and 预算执行 50/49 on a
    // real form).
    if (siblings.length >= 3) {
      let aboveWeight = ZERO;
      let aboveScore = ZERO;
      let above = 0;
      let aboveScored = true;
      for (const n of siblings) {
        const named = SUBTOTAL_NAME.test(n.name.trim());
        // A row with its own target or actual is an indicator that was measured, never a sum
        // of the rows above it (临时救助: 5/5 and 5/5 above a 10/10 indicator, all met).
        const measured = n.node.target !== undefined || n.node.actual !== undefined;
        const sumsAbove =
          !named &&
          !measured &&
          above >= 2 &&
          aboveScored &&
          n.children.length === 0 &&
          !n.notApplicable &&
          gt(n.weight, ZERO) &&
          n.score !== undefined &&
          eq(n.weight, aboveWeight) &&
          gt(aboveScore, ZERO) &&
          eq(n.score, aboveScore);
        if (named || sumsAbove) {
          add("tree/subtotal-counted", "error", n.path, node(n), {
            name: n.name,
            found: `${plain(n.weight)} / ${n.score ? formatScore(n.score) : "-"}`,
          });
        }
        if (!n.notApplicable) {
          aboveWeight = accumulate(aboveWeight, n.weight);
          if (n.score === undefined) aboveScored = false;
          else aboveScore = accumulate(aboveScore, n.score);
          above++;
        }
      }
    }
    for (const n of siblings) {
      for (const d of n.diagnostics) add(d.code, d.severity, n.path, node(n), d.params);
      if (numeric && n.node.weight === undefined) add("weight/missing", "error", [...n.path, "weight"], node(n));
      if (numeric && n.children.length > 0 && n.node.weight !== undefined) {
        let allWeighted = true;
        for (const c of n.children) {
          if (c.node.weight === undefined) {
            allWeighted = false;
            break;
          }
        }
        if (allWeighted) {
          let s = ZERO;
          for (const c of n.children) {
            s = accumulate(s, c.weight);
          }
          if (!eq(s, n.weight)) {
            add("weight/children-sum", "error", [...n.path, "children"], node(n), { found: plain(s), expected: plain(n.weight) });
          }
        }
      }
      if (numeric && n.source === "direct" && n.children.length > 0 && n.childrenSum !== undefined && n.score !== undefined) {
        const childrenScored = n.children.every((c) => c.notApplicable || c.score !== undefined);
        if (childrenScored && !eq(n.childrenSum, n.score)) {
          add("score/direct-vs-children", "error", [...n.path, "score"], node(n), {
            found: formatScore(n.score),
            expected: formatScore(n.childrenSum),
          });
        }
      }
      // Scores a person entered (not those the engine computed from the data) must agree
      // with whether the target was met.
      if (numeric && n.children.length === 0 && n.source === "direct" && n.score !== undefined && !n.notApplicable) {
        if (n.met === true && lt(n.score, n.weight) && !n.hasReason) {
          add("score/met-below-full", "error", n.path, node(n), {
            detail: n.comparison ?? "",
            found: formatScore(n.score),
            expected: plain(n.weight),
          });
        }
        if (n.met === false && gt(n.weight, ZERO) && eq(n.score, n.weight)) {
          add("score/missed-at-full", "error", n.path, node(n), { detail: n.comparison ?? "", found: formatScore(n.score) });
        }
      }
      const st = n.node.stated;
      if (st) {
        const subj = node(n);
        stated(st.score, n.score, [...n.path, "stated", "score"], subj, { zh: "得分", en: "score" });
        stated(st.rate, n.rate, [...n.path, "stated", "rate"], subj, { zh: "得分率", en: "score rate" }, { percent: true });
        if (st.grade !== undefined && n.grade !== undefined && st.grade.trim() !== n.grade) {
          add("stated/mismatch", "error", [...n.path, "stated", "grade"], subj, {
            what: "评级 / grade",
            found: st.grade,
            expected: n.grade,
          });
        }
      }
      walkSiblings(n.children, n);
    }
    void parent;
  };
  walkSiblings(scored.roots, undefined);
  if (numeric && scored.unscored > 0) {
    add(
      "total/partial",
      "error",
      ["indicators"],
      { zh: "指标体系", en: "indicator system" },
      { count: scored.unscored, found: formatScore(scored.partialTotal ?? ZERO) },
    );
  }
  if (numeric && scored.roots.length > 0 && !eq(scored.weight, HUNDRED)) {
    add("weight/total-not-100", "warning", ["indicators"], { zh: "指标体系", en: "indicator system" }, { found: plain(scored.weight) });
  }

  // ── the conclusion ──
  const conclusion: Bilingual = { zh: "评价结论", en: "conclusion" };
  const es = e.stated;
  if (es && numeric) {
    stated(es.total, scored.total, ["stated", "total"], conclusion, { zh: "综合得分", en: "total score" });
    stated(es.rate, scored.rate, ["stated", "rate"], conclusion, { zh: "总得分率", en: "overall score rate" }, { percent: true });
    stated(es.weight, scored.weight, ["stated", "weight"], conclusion, { zh: "权重合计", en: "total weight" });
    if (es.grade !== undefined) {
      const printedTotal = es.total !== undefined ? readPrinted(es.total) : undefined;
      const on = printedTotal?.kind === "number" && scored.weight.equals(HUNDRED) ? printedTotal.value : scored.gradedOn;
      const band = on !== undefined ? gradeFor(on, scored.bands) : undefined;
      const expected = scored.grade && scored.band === undefined ? scored.grade : band?.grade;
      if (expected !== undefined && es.grade.trim() !== expected) {
        add("grade/outside-band", "error", ["stated", "grade"], conclusion, {
          found: es.grade,
          score: on ? formatScore(on) : "-",
          expected,
        });
      }
    }
  }

  // ── organisation ──
  const units = e.organisation?.units ?? [];
  const unitIds = new Set<string>();
  const unitNames = new Set<string>();
  units.forEach((u, i) => {
    const path = ["organisation", "units", i];
    const subj: Bilingual = { zh: `单位“${u.name}”`, en: `unit "${u.name}"` };
    if (unitIds.has(u.id)) add("id/duplicate", "error", [...path, "id"], subj, { name: u.id });
    unitIds.add(u.id);
    if (unitNames.has(u.name)) add("name/duplicate", "error", [...path, "name"], subj, { name: u.name });
    unitNames.add(u.name);
    const v = unitVariables(u);
    const quota = v["quota"];
    const inPost = v["inPost"];
    const st = u.stated;
    if (!st) return;
    if (quota !== undefined && inPost !== undefined) {
      const vacancy = quota.minus(inPost);
      const positive = vacancy.greaterThan(ZERO) ? vacancy : undefined;
      // "-" is printed for an over-staffed (or exactly staffed) unit.
      stated(
        st.vacancy,
        positive,
        [...path, "stated", "vacancy"],
        subj,
        { zh: "空编数", en: "vacant posts" },
        { dashOk: vacancy.isZero() },
      );
      if (quota.isZero()) {
        if (st.vacancyRate !== undefined && readPrinted(st.vacancyRate).kind === "number") {
          add("rate/zero-denominator", "error", [...path, "stated", "vacancyRate"], subj, {
            what: "空编率 / vacancy rate",
            detail: `（报告载为 ${st.vacancyRate}）`,
          });
        }
      } else {
        stated(
          st.vacancyRate,
          positive?.dividedBy(quota),
          [...path, "stated", "vacancyRate"],
          subj,
          { zh: "空编率", en: "vacancy rate" },
          { percent: true, dashOk: vacancy.isZero() },
        );
        stated(
          st.staffControlRate,
          inPost.dividedBy(quota),
          [...path, "stated", "staffControlRate"],
          subj,
          { zh: "在职人员控制率", en: "staff control rate" },
          { percent: true },
        );
      }
    } else if (st.vacancy !== undefined || st.vacancyRate !== undefined) {
      add("stated/no-inputs", "info", [...path, "stated"], subj, { what: "空编率 / vacancy", found: st.vacancyRate ?? st.vacancy ?? "" });
    }
    const ratePair = (printed: string | undefined, num: string, den: string, key: string, what: Bilingual, diff: boolean): void => {
      if (printed === undefined) return;
      const a = v[num];
      const b = v[den];
      if (a === undefined || b === undefined) {
        add("stated/no-inputs", "info", [...path, "stated", key], subj, { what: what.zh, found: printed });
        return;
      }
      if (b.isZero()) {
        add("rate/zero-denominator", "error", [...path, "stated", key], subj, { what: what.zh, detail: `（报告载为 ${printed}）` });
        return;
      }
      stated(printed, (diff ? a.minus(b) : a).dividedBy(b), [...path, "stated", key], subj, what, { percent: true });
    };
    ratePair(
      st.budgetAdjustmentRate,
      "budget.adjusted",
      "budget.initial",
      "budgetAdjustmentRate",
      { zh: "预算调整率", en: "budget adjustment rate" },
      true,
    );
    ratePair(
      st.projectBudgetAdjustmentRate,
      "budget.projectAdjusted",
      "budget.projectInitial",
      "projectBudgetAdjustmentRate",
      { zh: "项目支出预算调整率", en: "project budget adjustment rate" },
      true,
    );
    if (st.executionRate !== undefined && v["budget.actual"] === undefined) {
      add("stated/rate-without-spending", "warning", [...path, "stated", "executionRate"], subj, {
        what: "预算执行率",
        found: st.executionRate,
      });
    } else {
      ratePair(st.executionRate, "budget.actual", "budget.adjusted", "executionRate", { zh: "预算执行率", en: "execution rate" }, false);
    }
  });
  const os = e.organisation?.stated;
  if (os && units.length > 0) {
    const subj: Bilingual = { zh: "部门人员", en: "department staffing" };
    const q = units.every((u) => u.quota !== undefined) ? sum(units.map((u) => ZERO.plus(u.quota ?? 0))) : undefined;
    const p = units.every((u) => u.inPost !== undefined) ? sum(units.map((u) => ZERO.plus(u.inPost ?? 0))) : undefined;
    stated(os.quota, q, ["organisation", "stated", "quota"], subj, { zh: "编制数合计", en: "total quota" });
    stated(os.inPost, p, ["organisation", "stated", "inPost"], subj, { zh: "实有人数合计", en: "total in post" });
    if (q !== undefined && p !== undefined && !q.isZero()) {
      stated(
        os.staffControlRate,
        p.dividedBy(q),
        ["organisation", "stated", "staffControlRate"],
        subj,
        { zh: "在职人员控制率", en: "staff control rate" },
        { percent: true },
      );
    }
  }

  // ── funds ──
  if (e.funds) checkFunds(e, add, stated, unitIds);

  // ── outcomes ──
  (e.outcomes ?? []).forEach((o, i) => {
    const path = ["outcomes", i];
    const subj: Bilingual = { zh: `成效“${o.name}”`, en: `outcome "${o.name}"` };
    const printed = o.stated?.completionRate;
    if (o.stated?.actual !== undefined)
      stated(o.stated.actual, o.actual, [...path, "stated", "actual"], subj, { zh: "实际值", en: "actual" });
    if (printed === undefined) return;
    const t = o.target?.value;
    if (o.actual === undefined || t === undefined) {
      add("stated/no-inputs", "info", [...path, "stated", "completionRate"], subj, { what: "完成率", found: printed });
      return;
    }
    if (t.isZero()) {
      add("rate/zero-denominator", "error", [...path, "stated", "completionRate"], subj, {
        what: "完成率 / completion rate",
        detail: `（报告载为 ${printed}）`,
      });
      return;
    }
    stated(
      printed,
      o.actual.dividedBy(t),
      [...path, "stated", "completionRate"],
      subj,
      { zh: "目标完成率", en: "completion rate" },
      { percent: true },
    );
  });

  // ── external assessments ──
  (e.externalAssessments ?? []).forEach((x, i) => {
    const path = ["externalAssessments", i];
    const subj: Bilingual = { zh: `考核“${x.name}”`, en: `assessment "${x.name}"` };
    if (x.met > x.total) add("score/above-points", "error", [...path, "met"], subj, { found: x.met, expected: x.total });
    if (x.items && x.items.length === x.total) {
      const met = x.items.filter((it) => it.met === true).length;
      if (met !== x.met)
        add("stated/mismatch", "error", [...path, "met"], subj, { what: "完成项数 / items met", found: x.met, expected: met });
    }
    if (x.stated?.completionRate !== undefined) {
      if (x.total === 0) add("rate/zero-denominator", "error", [...path, "stated", "completionRate"], subj, { what: "完成率", detail: "" });
      else
        stated(
          x.stated.completionRate,
          ZERO.plus(x.met).dividedBy(x.total),
          [...path, "stated", "completionRate"],
          subj,
          { zh: "完成率", en: "completion rate" },
          { percent: true },
        );
    }
  });

  // ── loose figures ──
  (e.figures ?? []).forEach((f, i) => {
    const path = ["figures", i];
    const subj: Bilingual = { zh: `数字“${f.label}”`, en: `figure "${f.label}"` };
    const p = readPrinted(f.printed);
    if (f.numerator === undefined || f.denominator === undefined) {
      // A rate printed without its inputs cannot be verified; a plain count is just data.
      const isRate = f.kind === "percent" || (p.kind === "number" && p.percent);
      if (isRate) add("stated/no-inputs", "info", [...path, "printed"], subj, { what: f.label, found: f.printed });
      return;
    }
    if (f.denominator.isZero()) {
      add("rate/zero-denominator", "error", [...path, "denominator"], subj, {
        what: f.label,
        detail: p.kind === "number" ? `（报告载为 ${f.printed}）` : "",
      });
      return;
    }
    const percent = f.kind === "percent" || (f.kind === undefined && p.kind === "number" && p.percent);
    stated(f.printed, f.numerator.dividedBy(f.denominator), [...path, "printed"], subj, { zh: f.label, en: f.label }, { percent });
  });

  // ── standard formulas with a zero denominator ──
  for (const f of scored.formulas) {
    if (!f.zeroDenominator) continue;
    const unitIndex = f.unitId ? units.findIndex((u) => u.id === f.unitId) : -1;
    const path: ModelPath = unitIndex >= 0 ? ["organisation", "units", unitIndex] : ["funds"];
    add("rate/zero-denominator", "warning", path, { zh: f.formula.name, en: f.formula.name_en }, { what: f.formula.name, detail: "" });
  }
  return { diagnostics: out, verified };
}

type Add = (code: MessageKey, severity: Severity, path: ModelPath, subject: Bilingual, params?: MessageParams) => void;

function plainParam(v: MessageParams[string] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === "object" ? v.zh : String(v);
}
type Stated = (
  printed: string | undefined,
  value: Decimal | undefined,
  path: ModelPath,
  subject: Bilingual,
  what: Bilingual,
  opts?: { percent?: boolean; dashOk?: boolean },
) => void;

function checkFunds(e: Evaluation, add: Add, stated: Stated, unitIds: Set<string>): void {
  const funds = e.funds!;
  const subj: Bilingual = { zh: "部门经费", en: "funds" };
  const lines = funds.lines;
  const counted = lines.filter((l) => !l.subtotal);
  const amount = (l: FundLine): Decimal | undefined => wan(l.actual ?? l.adjustedBudget ?? l.initialBudget, l, funds.unit);
  lines.forEach((l, i) => {
    if (l.unitId !== undefined && !unitIds.has(l.unitId))
      add("ref/unknown-unit", "error", ["funds", "lines", i, "unitId"], subj, { name: l.unitId });
    const lineSubj: Bilingual = { zh: `资金“${l.name}”`, en: `fund line "${l.name}"` };
    const budget = wan(l.adjustedBudget ?? l.initialBudget, l, funds.unit);
    const actual = wan(l.actual, l, funds.unit);
    if (l.stated?.executionRate !== undefined) {
      if (actual === undefined)
        add("stated/rate-without-spending", "warning", ["funds", "lines", i, "stated", "executionRate"], lineSubj, {
          what: l.name,
          found: l.stated.executionRate,
        });
      else if (budget === undefined)
        add("stated/no-inputs", "info", ["funds", "lines", i, "stated", "executionRate"], lineSubj, {
          what: l.name,
          found: l.stated.executionRate,
        });
      else if (budget.isZero())
        add("rate/zero-denominator", "error", ["funds", "lines", i, "stated", "executionRate"], lineSubj, {
          what: `${l.name} 执行率`,
          detail: `（报告载为 ${l.stated.executionRate}）`,
        });
      else
        stated(
          l.stated.executionRate,
          actual.dividedBy(budget),
          ["funds", "lines", i, "stated", "executionRate"],
          lineSubj,
          { zh: "预算执行率", en: "execution rate" },
          { percent: true },
        );
    }
    if (l.stated?.adjustmentRate !== undefined) {
      const init = wan(l.initialBudget, l, funds.unit);
      const adj = wan(l.adjustedBudget, l, funds.unit);
      if (init === undefined || adj === undefined)
        add("stated/no-inputs", "info", ["funds", "lines", i, "stated", "adjustmentRate"], lineSubj, {
          what: "预算调整率",
          found: l.stated.adjustmentRate,
        });
      else if (init.isZero())
        add("rate/zero-denominator", "error", ["funds", "lines", i, "stated", "adjustmentRate"], lineSubj, {
          what: "预算调整率",
          detail: "",
        });
      else
        stated(
          l.stated.adjustmentRate,
          adj.minus(init).dividedBy(init),
          ["funds", "lines", i, "stated", "adjustmentRate"],
          lineSubj,
          { zh: "预算调整率", en: "adjustment rate" },
          { percent: true },
        );
    }
  });
  // A line that is the sum of the others (or is named 小计/合计) but is counted.
  if (counted.length >= 3) {
    counted.forEach((l) => {
      const a = amount(l);
      const others = counted.filter((o) => o !== l).map(amount);
      if (a === undefined || others.some((o) => o === undefined)) return;
      const s = sum(others as Decimal[]);
      if (SUBTOTAL_NAME.test(l.name.trim()) || (a.greaterThan(ZERO) && a.equals(s))) {
        add("tree/subtotal-counted", "error", ["funds", "lines", lines.indexOf(l)], subj, { name: l.name, found: fixed(a, 2) });
      }
    });
  }
  const st = funds.stated;
  if (!st) return;
  const amounts = counted.map(amount);
  if (st.total !== undefined) {
    if (amounts.some((a) => a === undefined))
      add("stated/no-inputs", "info", ["funds", "stated", "total"], subj, { what: "资金总额", found: st.total });
    else {
      const total = sum(amounts as Decimal[]);
      const p = readPrinted(st.total);
      if (p.kind === "number" && !total.toDecimalPlaces(p.places).equals(p.value)) {
        add("funds/sum", "error", ["funds", "stated", "total"], subj, { found: fixed(total, 2), expected: st.total });
      } else if (p.kind !== "number")
        add("stated/unreadable", "warning", ["funds", "stated", "total"], subj, { what: "资金总额", found: st.total });
    }
  }
  const actuals = counted.map((l) => wan(l.actual, l, funds.unit));
  const budgets = counted.map((l) => wan(l.adjustedBudget ?? l.initialBudget, l, funds.unit));
  const actual = actuals.every((a) => a !== undefined) && counted.length > 0 ? sum(actuals as Decimal[]) : undefined;
  const budget = budgets.every((a) => a !== undefined) && counted.length > 0 ? sum(budgets as Decimal[]) : undefined;
  if (st.executionRate !== undefined) {
    if (actual === undefined)
      add("stated/rate-without-spending", "warning", ["funds", "stated", "executionRate"], subj, {
        what: "预算执行率",
        found: st.executionRate,
      });
    else if (budget === undefined)
      add("stated/no-inputs", "info", ["funds", "stated", "executionRate"], subj, { what: "预算执行率", found: st.executionRate });
    else if (budget.isZero())
      add("rate/zero-denominator", "error", ["funds", "stated", "executionRate"], subj, {
        what: "预算执行率",
        detail: `（报告载为 ${st.executionRate}）`,
      });
    else
      stated(
        st.executionRate,
        actual.dividedBy(budget),
        ["funds", "stated", "executionRate"],
        subj,
        { zh: "预算执行率", en: "execution rate" },
        { percent: true },
      );
  }
  const carry = counted.map((l) => wan(l.carryover, l, funds.unit));
  const carryover = carry.every((c) => c !== undefined) && counted.length > 0 ? sum(carry as Decimal[]) : undefined;
  if (st.carryover !== undefined) {
    if (carryover === undefined)
      add("stated/no-inputs", "info", ["funds", "stated", "carryover"], subj, { what: "结转结余", found: st.carryover });
    else stated(st.carryover, carryover, ["funds", "stated", "carryover"], subj, { zh: "结转结余", en: "carry-over" });
  }
  if (st.carryoverRate !== undefined) {
    if (carryover === undefined || budget === undefined)
      add("stated/no-inputs", "info", ["funds", "stated", "carryoverRate"], subj, { what: "结转结余率", found: st.carryoverRate });
    else if (budget.isZero())
      add("rate/zero-denominator", "error", ["funds", "stated", "carryoverRate"], subj, { what: "结转结余率", detail: "" });
    else
      stated(
        st.carryoverRate,
        carryover.dividedBy(budget),
        ["funds", "stated", "carryoverRate"],
        subj,
        { zh: "结转结余率", en: "carry-over rate" },
        { percent: true },
      );
  }
}

/** Count diagnostics by severity. */
export function summarize(diags: readonly Diagnostic[]): Record<Severity, number> {
  const s: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diags) s[d.severity]++;
  return s;
}
