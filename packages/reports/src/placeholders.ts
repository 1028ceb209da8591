/**
 * Narrative placeholders: `{{outcomes.new-urban-jobs.actual}}` in a narrative section's text is
 * replaced by the value the model holds, formatted the way reports print it, so
 * "2021年阳泉市城镇新增就业{{outcomes.new-urban-jobs.actual}}人" reads "…新增就业21090人" and
 * can never disagree with the data. A placeholder that points at nothing is an error naming it.
 *
 * Syntax: `{{path}}` or `{{path|modifier|modifier}}`; a path is dot-separated, with `[…]` for a
 * segment that itself contains dots (`indicators[PI-1.1].score`). Modifiers: a digit (decimal
 * places: `|0` prints 100%), `plain` (no trailing zeros), `grouped` (thousands separators),
 * `raw` (a percentage without its % sign). `\{{` prints a literal `{{`.
 */
import {
  type Bilingual,
  type Decimal,
  type Evaluation,
  type NodeResult,
  type ScoreResult,
  type Target,
  HUNDRED,
  completionRate,
  dec,
  findNode,
  fixed,
  formatWan,
  groupThousands,
  plain,
  sum,
  wan,
} from "@jixiao/engine";
import { nestedTitle } from "./work.js";
import { NOT_SCORED, NO_GRADE, NO_RATE, nodeNotFinal, partialText, partialTotal } from "./unscored.js";

/** A value a placeholder can print, with the kind that decides its default format. */
export type Value =
  | { kind: "text"; text: string }
  /** A number printed as the model holds it (21090, 3.19): no grouping unless asked. */
  | { kind: "number"; value: Decimal; percent?: boolean }
  /** A computed percentage, in percent (105.45): 2 places unless the modifier says otherwise. */
  | { kind: "percent"; value: Decimal }
  /** An amount in 万元: thousands separators and 2 places (38,148.63). */
  | { kind: "wan"; value: Decimal }
  /** A score: 2 places (85.73). */
  | { kind: "score"; value: Decimal }
  /**
   * A figure that is not final (indicators not scored): printed as `text`, never as a number;
   * `points` replaces it together with a "分" that follows it in the text ("{{total}}分").
   */
  | { kind: "notFinal"; text: string; points: string };

/** A placeholder that cannot be filled: names the placeholder and where it was written. */
export class PlaceholderError extends Error {
  constructor(
    /** The placeholder as written, braces included: "{{outcomes.jobs.actual}}". */
    readonly placeholder: string,
    /** Where the text lives in the model ("narrative[3].sections[0].text"), or the template. */
    readonly where: string,
    readonly reason: Bilingual,
  ) {
    super(`${where}: ${placeholder}: ${reason.en}`);
    this.name = "PlaceholderError";
  }

  /** The message in one language. */
  text(lang: "zh" | "en"): string {
    return lang === "zh"
      ? `${this.where}：占位符 ${this.placeholder} 无法填写：${this.reason.zh}`
      : `${this.where}: placeholder ${this.placeholder} cannot be filled: ${this.reason.en}`;
  }
}

type Lookup = { ok: true; value: Value } | { ok: false; reason: Bilingual };

const miss = (zh: string, en: string): Lookup => ({ ok: false, reason: { zh, en } });
const ok = (value: Value): Lookup => ({ ok: true, value });
const text = (t: string | number | undefined, what: Bilingual): Lookup =>
  t === undefined || t === "" ? miss(`文件中没有${what.zh}`, `the file has no ${what.en}`) : ok({ kind: "text", text: String(t) });
const num = (v: Decimal | undefined, what: Bilingual, percent = false): Lookup =>
  v === undefined ? miss(`文件中没有${what.zh}`, `the file has no ${what.en}`) : ok({ kind: "number", value: v, percent });

/** Split "outcomes.new-urban-jobs.actual" or "indicators[PI-1.1].score" into segments. */
export function parsePath(path: string): string[] | undefined {
  const out: string[] = [];
  const re = /\[([^\]]+)\]|([^.[\]]+)/gy;
  let i = 0;
  while (i < path.length) {
    if (path[i] === ".") {
      i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return undefined;
    out.push((m[1] ?? m[2] ?? "").trim());
    i = re.lastIndex;
  }
  return out.length > 0 && out.every((s) => s.length > 0) ? out : undefined;
}

/** Number of tables and charts as printed ("表1", "图2"), known before texts are filled. */
export type Numbering = ReadonlyMap<string, string>;

/** The values placeholders read: the model, its scores, and the report's table numbers. */
export class PlaceholderScope {
  constructor(
    readonly e: Evaluation,
    readonly s: ScoreResult,
    readonly numbering: Numbering = new Map(),
  ) {}

  /** Look up one path. */
  lookup(segments: readonly string[]): Lookup {
    const [head, ...rest] = segments;
    switch (head) {
      case "meta":
        return this.meta(rest);
      case "total":
      case "rate":
      case "grade":
      case "weight":
      case "unscored":
      case "partialTotal":
        return rest.length === 0 ? this.conclusion(head) : unknownField(segments);
      case "indicators":
        return this.indicator(rest);
      case "outcomes":
        return this.outcome(rest);
      case "units":
        return this.unit(rest);
      case "staff":
        return this.staff(rest);
      case "organisation":
        return rest[0] === "internalDivisions" && rest.length === 1
          ? num(this.count(this.e.organisation?.internalDivisions), { zh: "内设机构数", en: "internalDivisions" })
          : unknownField(segments);
      case "funds":
        return this.funds(rest);
      case "formulas":
        return this.formula(rest);
      case "external":
        return this.external(rest);
      case "figures":
        return this.figure(rest);
      case "table":
      case "chart": {
        const key = `${head}:${rest.join(".")}`;
        const n = this.numbering.get(key);
        return n
          ? ok({ kind: "text", text: n })
          : miss(
              `本报告模板中没有${head === "table" ? "表" : "图"}“${rest.join(".")}”`,
              `this report template has no ${head} "${rest.join(".")}"`,
            );
      }
      default:
        return miss(
          `未知的数据类别“${head ?? ""}”（可用：meta、total、grade、unscored、partialTotal、indicators、outcomes、units、staff、funds、formulas、external、figures、table）`,
          `unknown category "${head ?? ""}" (known: meta, total, grade, unscored, partialTotal, indicators, outcomes, units, staff, funds, formulas, external, figures, table)`,
        );
    }
  }

  private count(n: number | undefined): Decimal | undefined {
    return n === undefined ? undefined : dec(n);
  }

  private meta(rest: string[]): Lookup {
    const m = this.e.meta;
    const [field] = rest;
    if (rest.length !== 1) return unknownField(["meta", ...rest]);
    switch (field) {
      case "title":
      case "subject":
      case "commissioner":
      case "evaluator":
      case "kind":
      case "evaluationType":
        return text(m[field], { zh: `meta.${field}`, en: `meta.${field}` });
      case "fiscalYear":
        return ok({ kind: "text", text: String(m.fiscalYear) });
      case "object":
        // What the evaluation is of, as headings name it: 部门概况, 项目概况, 政策概况.
        return ok({ kind: "text", text: { 部门整体支出: "部门", 项目支出: "项目", 政策: "政策" }[m.kind] });
      case "basis": {
        // A title quoting another takes 〈〉 inside 《》: 《财政部关于印发〈…办法〉的通知》, never 《…《…》…》.
        const list = (m.basis ?? []).map((b) => `《${nestedTitle(b.title)}》${b.docNo ? `（${b.docNo}）` : ""}`);
        return list.length > 0
          ? ok({ kind: "text", text: list.join("、") })
          : miss("文件中没有评价依据（meta.basis）", "the file has no meta.basis");
      }
      default:
        return unknownField(["meta", ...rest]);
    }
  }

  private conclusion(what: "total" | "rate" | "grade" | "weight" | "unscored" | "partialTotal"): Lookup {
    const s = this.s;
    if (what === "unscored") return ok({ kind: "number", value: dec(s.unscored) });
    // Indicators not scored: no total, no rate, no grade — what is scored so far, said as such.
    const partial = partialTotal(s);
    if (what === "partialTotal")
      return partial
        ? ok({ kind: "score", value: partial.value })
        : s.total
          ? ok({ kind: "score", value: s.total })
          : miss("没有总分", "no total");
    if (partial && what !== "weight") {
      if (what === "total") {
        const p = partialText(partial.value);
        return ok({
          kind: "notFinal",
          text: `${p}（${partial.unscored} 个指标未评分）`,
          points: `${p} 分（${partial.unscored} 个指标未评分）`,
        });
      }
      if (what === "grade") return ok({ kind: "notFinal", text: NO_GRADE, points: NO_GRADE });
      return ok({ kind: "notFinal", text: NO_RATE, points: NO_RATE });
    }
    if (what === "grade")
      return s.grade ? ok({ kind: "text", text: s.grade }) : miss("没有等级（未评分或无等级方案）", "no grade (not scored, or no bands)");
    if (what === "weight") return ok({ kind: "number", value: s.weight });
    if (what === "total") return s.total ? ok({ kind: "score", value: s.total }) : miss("没有总分", "no total");
    return s.rate ? ok({ kind: "percent", value: s.rate.times(HUNDRED) }) : miss("没有总得分率", "no total rate");
  }

  private node(key: string | undefined): NodeResult | undefined {
    return key === undefined ? undefined : findNode(this.s, key);
  }

  private indicator(rest: string[]): Lookup {
    const [key, field, ...extra] = rest;
    if (key === "count" && rest.length === 1) return ok({ kind: "number", value: dec(this.s.roots.length) });
    const n = this.node(key);
    if (!n) return miss(`指标体系中没有编号或名称为“${key ?? ""}”的指标`, `no indicator with id or name "${key ?? ""}"`);
    if (extra.length > 0) return unknownField(["indicators", ...rest]);
    // An indicator not scored, or a parent above one: 未评分 / 部分合计, never a number as if final.
    const open = nodeNotFinal(n);
    if (open && (field === "score" || field === "rate" || field === "deducted")) {
      if (field === "rate") return ok({ kind: "notFinal", text: NO_RATE, points: NO_RATE });
      if (field === "deducted" || open.leaf || open.partial === undefined)
        return ok({ kind: "notFinal", text: NOT_SCORED, points: NOT_SCORED });
      const p = partialText(open.partial);
      return ok({ kind: "notFinal", text: `${p}（${open.unscored} 个指标未评分）`, points: `${p} 分（${open.unscored} 个指标未评分）` });
    }
    switch (field) {
      case "name":
        return ok({ kind: "text", text: n.name });
      case "weight":
        return ok({ kind: "number", value: n.weight });
      case "score":
        return n.score
          ? ok({ kind: "score", value: n.score })
          : n.grade
            ? ok({ kind: "text", text: n.grade })
            : miss(`指标“${n.name}”没有得分`, `indicator "${n.name}" has no score`);
      case "rate":
        return n.rate
          ? ok({ kind: "percent", value: n.rate.times(HUNDRED) })
          : miss(`指标“${n.name}”没有得分率`, `indicator "${n.name}" has no score rate`);
      case "deducted":
        return n.score
          ? ok({ kind: "score", value: n.weight.minus(n.score) })
          : miss(`指标“${n.name}”没有得分`, `indicator "${n.name}" has no score`);
      case "reason":
        return text(n.node.reason, { zh: `指标“${n.name}”的评分说明（reason）`, en: `a reason for "${n.name}"` });
      case "grade":
        return n.grade ? ok({ kind: "text", text: n.grade }) : miss(`指标“${n.name}”没有评级`, `indicator "${n.name}" has no grade`);
      default:
        return unknownField(["indicators", ...rest], "name、weight、score、rate、deducted、reason、grade");
    }
  }

  private outcome(rest: string[]): Lookup {
    const [id, field, ...extra] = rest;
    const o = this.e.outcomes?.find((x) => x.id === id);
    if (!o) return miss(`outcomes 中没有 id 为“${id ?? ""}”的成效`, `no outcome with id "${id ?? ""}"`);
    if (extra.length > 0) return unknownField(["outcomes", ...rest]);
    const what = (f: string): Bilingual => ({ zh: `成效“${o.name}”的 ${f}`, en: `${f} of outcome "${o.name}"` });
    switch (field) {
      case "name":
        return ok({ kind: "text", text: o.name });
      case "unit":
        return text(o.unit, what("unit"));
      case "actual":
        return num(o.actual, what("actual"), o.unit === "%");
      case "target":
        return targetValue(o.target, what("target"), o.unit === "%");
      case "completionRate": {
        const t = o.target;
        if (o.actual === undefined) return miss(`成效“${o.name}”没有实际值（actual）`, `outcome "${o.name}" has no actual`);
        if (!t || t.value === undefined) return miss(`成效“${o.name}”没有数值目标（target）`, `outcome "${o.name}" has no numeric target`);
        const r = completionRate(o.actual, t.value);
        return r ? ok({ kind: "percent", value: r }) : miss(`成效“${o.name}”的目标为 0`, `outcome "${o.name}" has a zero target`);
      }
      default:
        return unknownField(["outcomes", ...rest], "name、unit、actual、target、completionRate");
    }
  }

  private unit(rest: string[]): Lookup {
    const units = this.e.organisation?.units ?? [];
    const [id, field, ...extra] = rest;
    if (id === "count" && rest.length === 1) return ok({ kind: "number", value: dec(units.length) });
    if (id === "subordinateCount" && rest.length === 1)
      return ok({ kind: "number", value: dec(units.filter((u) => !u.isDepartment).length) });
    const u = units.find((x) => x.id === id);
    if (!u) return miss(`organisation.units 中没有 id 为“${id ?? ""}”的单位`, `no unit with id "${id ?? ""}"`);
    if (extra.length > 0) return unknownField(["units", ...rest]);
    const formula = (fid: string) => this.s.formulas.find((f) => f.formula.id === fid && f.unitId === u.id)?.value;
    const what = (f: string): Bilingual => ({ zh: `单位“${u.name}”的 ${f}`, en: `${f} of unit "${u.name}"` });
    switch (field) {
      case "name":
        return ok({ kind: "text", text: u.name });
      case "quota":
        return num(this.count(u.quota), what("quota"));
      case "inPost":
        return num(this.count(u.inPost), what("inPost"));
      case "vacancy": {
        const v = formula("vacancy");
        return v === undefined
          ? miss(`单位“${u.name}”缺少编制数或实有人数`, `unit "${u.name}" lacks quota or inPost`)
          : v.isPositive() && !v.isZero()
            ? ok({ kind: "number", value: v })
            : ok({ kind: "text", text: "-" });
      }
      case "vacancyRate": {
        const v = formula("vacancyRate");
        return v === undefined
          ? miss(`单位“${u.name}”缺少编制数或实有人数（或编制数为 0）`, `unit "${u.name}" lacks quota or inPost (or quota is 0)`)
          : v.isPositive() && !v.isZero()
            ? ok({ kind: "percent", value: v })
            : ok({ kind: "text", text: "-" });
      }
      case "staffControlRate": {
        const v = formula("unitStaffControlRate");
        return v === undefined
          ? miss(`单位“${u.name}”缺少编制数或实有人数`, `unit "${u.name}" lacks quota or inPost`)
          : ok({ kind: "percent", value: v });
      }
      case "budgetAdjustmentRate":
      case "projectBudgetAdjustmentRate":
      case "executionRate": {
        const id2 = {
          budgetAdjustmentRate: "unitBudgetAdjustmentRate",
          projectBudgetAdjustmentRate: "unitProjectBudgetAdjustmentRate",
          executionRate: "unitExecutionRate",
        }[field];
        const v = formula(id2);
        if (v !== undefined) return ok({ kind: "percent", value: v });
        const printed = u.stated?.[field];
        // A rate the report states without its inputs is data too: printed as stated.
        return printed !== undefined
          ? ok({ kind: "text", text: printed })
          : miss(`单位“${u.name}”没有预算数据，也没有所载的 ${field}`, `unit "${u.name}" has no budget data and no stated ${field}`);
      }
      default:
        return unknownField(
          ["units", ...rest],
          "name、quota、inPost、vacancy、vacancyRate、staffControlRate、budgetAdjustmentRate、projectBudgetAdjustmentRate、executionRate",
        );
    }
  }

  private staff(rest: string[]): Lookup {
    const units = this.e.organisation?.units ?? [];
    const [field] = rest;
    if (rest.length !== 1) return unknownField(["staff", ...rest]);
    const all = (k: "quota" | "inPost") =>
      units.length > 0 && units.every((u) => u[k] !== undefined) ? sum(units.map((u) => dec(u[k]!))) : undefined;
    switch (field) {
      case "quota":
      case "inPost":
        return num(all(field), { zh: `全部单位的 ${field}`, en: `${field} of every unit` });
      case "controlRate":
        return this.formula(["staffControlRate"]);
      case "vacantUnits": {
        // 下属单位 only, as reports count them ("7个下属事业单位中…6个单位存在空编").
        const n = units.filter((u) => !u.isDepartment && u.quota !== undefined && u.inPost !== undefined && u.quota > u.inPost).length;
        return ok({ kind: "number", value: dec(n) });
      }
      default:
        return unknownField(["staff", ...rest], "quota、inPost、controlRate、vacantUnits");
    }
  }

  private funds(rest: string[]): Lookup {
    const f = this.e.funds;
    if (!f) return miss("文件中没有资金（funds）", "the file has no funds");
    const lines = f.lines.filter((l) => !l.subtotal);
    const [field, id, lineField, ...extra] = rest;
    const amount = (l: (typeof lines)[number]) => wan(l.actual ?? l.adjustedBudget ?? l.initialBudget, l, f.unit);
    const total = (pick: (l: (typeof lines)[number]) => Decimal | undefined): Decimal | undefined => {
      const v = lines.map((l) => wan(pick(l), l, f.unit));
      return lines.length > 0 && v.every((x) => x !== undefined) ? sum(v as Decimal[]) : undefined;
    };
    const wanOf = (v: Decimal | undefined, what: string): Lookup =>
      v === undefined ? miss(`资金明细缺少${what}`, `the fund lines lack ${what}`) : ok({ kind: "wan", value: v });
    if (field === "lines") {
      const l = lines.find((x) => x.id === id) ?? f.lines.find((x) => x.id === id);
      if (!l) return miss(`funds.lines 中没有 id 为“${id ?? ""}”的资金`, `no fund line with id "${id ?? ""}"`);
      if (extra.length > 0) return unknownField(["funds", ...rest]);
      switch (lineField) {
        case "name":
          return ok({ kind: "text", text: l.name });
        case "amount":
          return wanOf(amount(l), `“${l.name}”的金额`);
        case "actual":
        case "adjustedBudget":
        case "initialBudget":
        case "carryover":
          return wanOf(wan(l[lineField], l, f.unit), `“${l.name}”的 ${lineField}`);
        case "executionRate": {
          const budget = l.adjustedBudget ?? l.initialBudget;
          if (l.actual === undefined || budget === undefined || budget.isZero())
            return miss(`资金“${l.name}”缺少实际支出或预算数`, `fund line "${l.name}" lacks actual or budget`);
          return ok({ kind: "percent", value: l.actual.dividedBy(budget).times(HUNDRED) });
        }
        case "share": {
          const t = total(amountOf);
          const a = amount(l);
          if (!t || !a || t.isZero()) return miss("无法计算资金占比", "cannot compute the share");
          return ok({ kind: "percent", value: a.dividedBy(t).times(HUNDRED) });
        }
        default:
          return unknownField(["funds", ...rest], "name、amount、actual、adjustedBudget、initialBudget、carryover、executionRate、share");
      }
    }
    if (rest.length !== 1) return unknownField(["funds", ...rest]);
    switch (field) {
      case "total":
        return wanOf(total(amountOf), "金额");
      case "actual":
      case "adjustedBudget":
      case "initialBudget":
      case "carryover":
        return wanOf(
          total((l) => l[field]),
          field,
        );
      case "executionRate":
        return this.formula(["budgetExecutionRate"]);
      case "carryoverRate":
        return this.formula(["carryoverRate"]);
      default:
        return unknownField(
          ["funds", ...rest],
          "total、actual、adjustedBudget、initialBudget、carryover、executionRate、carryoverRate、lines.<id>.…",
        );
    }
  }

  private formula(rest: string[]): Lookup {
    const [id] = rest;
    if (rest.length !== 1) return unknownField(["formulas", ...rest]);
    const r = this.s.formulas.find((f) => (f.formula.id === id || f.formula.name === id) && f.unitId === undefined);
    if (!r)
      return miss(
        `无法计算公式“${id ?? ""}”（未知公式，或文件缺少其数据）`,
        `formula "${id ?? ""}" cannot be computed (unknown, or its data is missing)`,
      );
    if (r.value === undefined)
      return miss(
        `公式“${r.formula.name}”无法计算：${r.explanation.zh}`,
        `formula "${r.formula.name_en}" cannot be computed: ${r.explanation.en}`,
      );
    return r.formula.unit === "%"
      ? ok({ kind: "percent", value: r.value })
      : r.formula.unit === "万元"
        ? ok({ kind: "wan", value: r.value })
        : ok({ kind: "number", value: r.value });
  }

  private external(rest: string[]): Lookup {
    const [id, field, ...extra] = rest;
    const x = this.e.externalAssessments?.find((a) => a.id === id);
    if (!x) return miss(`externalAssessments 中没有 id 为“${id ?? ""}”的考核`, `no external assessment with id "${id ?? ""}"`);
    if (extra.length > 0) return unknownField(["external", ...rest]);
    switch (field) {
      case "name":
        return ok({ kind: "text", text: x.name });
      case "source":
        return text(x.source, { zh: `考核“${x.name}”的 source`, en: `source of "${x.name}"` });
      case "total":
        return ok({ kind: "number", value: dec(x.total) });
      case "met":
        return ok({ kind: "number", value: dec(x.met) });
      case "missed":
        return ok({ kind: "number", value: dec(x.total - x.met) });
      default:
        return unknownField(["external", ...rest], "name、source、total、met、missed");
    }
  }

  private figure(rest: string[]): Lookup {
    const [id, field = "printed", ...extra] = rest;
    const f = this.e.figures?.find((x) => x.id === id);
    if (!f) return miss(`figures 中没有 id 为“${id ?? ""}”的数字`, `no figure with id "${id ?? ""}"`);
    if (extra.length > 0) return unknownField(["figures", ...rest]);
    switch (field) {
      case "printed":
        return ok({ kind: "text", text: f.printed });
      case "label":
        return ok({ kind: "text", text: f.label });
      case "unit":
        return text(f.unit, { zh: `数字“${f.label}”的 unit`, en: `unit of "${f.label}"` });
      default:
        return unknownField(["figures", ...rest], "printed、label、unit");
    }
  }
}

function amountOf(l: { actual?: Decimal; adjustedBudget?: Decimal; initialBudget?: Decimal }): Decimal | undefined {
  return l.actual ?? l.adjustedBudget ?? l.initialBudget;
}

function unknownField(segments: readonly string[], known?: string): Lookup {
  const p = segments.join(".");
  return known
    ? miss(`没有字段“${p}”（可用：${known}）`, `no field "${p}" (known: ${known.replace(/、/g, ", ")})`)
    : miss(`没有字段“${p}”`, `no field "${p}"`);
}

function targetValue(t: Target | undefined, what: Bilingual, percentUnit: boolean): Lookup {
  if (!t) return miss(`文件中没有${what.zh}`, `the file has no ${what.en}`);
  if (t.value !== undefined && t.op !== "qualitative") return ok({ kind: "number", value: t.value, percent: t.percent || percentUnit });
  return ok({ kind: "text", text: t.text });
}

/** Format a value with the modifiers written after `|`. */
export function formatValue(v: Value, modifiers: readonly string[]): string | { error: Bilingual } {
  let places: number | undefined;
  let plainText = false;
  let grouped = false;
  let raw = false;
  let chinese = false;
  for (const m of modifiers) {
    if (/^\d$/.test(m)) places = Number(m);
    else if (m === "plain") plainText = true;
    else if (m === "grouped") grouped = true;
    else if (m === "raw") raw = true;
    else if (m === "cn") chinese = true;
    else
      return {
        error: {
          zh: `未知的格式“${m}”（可用：0–9 位小数、plain、grouped、raw、cn）`,
          en: `unknown modifier "${m}" (known: 0-9 places, plain, grouped, raw, cn)`,
        },
      };
  }
  if (chinese) {
    const n = v.kind === "number" && v.value.isInteger() && !v.value.isNegative() && v.value.lessThan(100) ? v.value.toNumber() : undefined;
    if (n === undefined) return { error: { zh: "cn 只用于 0–99 的整数", en: "cn applies to whole numbers 0-99 only" } };
    return chineseNumeral(n);
  }
  const digits = (d: Decimal, dflt: number | "plain"): string => {
    const t = plainText ? plain(d) : places !== undefined ? fixed(d, places) : dflt === "plain" ? plain(d) : fixed(d, dflt);
    return grouped ? groupThousands(t) : t;
  };
  switch (v.kind) {
    case "text":
      return v.text;
    case "number":
      return digits(v.value, "plain") + (v.percent && !raw ? "%" : "");
    case "percent":
      return digits(v.value, 2) + (raw ? "" : "%");
    case "wan":
      return places !== undefined || plainText ? digits(v.value, 2) : formatWan(v.value, 2);
    case "score":
      return digits(v.value, 2);
    case "notFinal":
      return v.text;
  }
}

const DIGITS = "零一二三四五六七八九";

/** 0–99 in Chinese numerals, as reports write counts in running text ("四项一级指标"). */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? DIGITS[tens]! : "") + "十" + (ones > 0 ? DIGITS[ones]! : "");
}

const PLACEHOLDER = /\\\{\{|\{\{([^{}]*)\}\}/g;

/**
 * Fill every placeholder of `template`.
 * @throws PlaceholderError naming the first placeholder that points at nothing.
 * @example fill("新增就业{{outcomes.new-urban-jobs.actual}}人", scope, "narrative[3].text") === "新增就业21090人"
 */
export function fill(template: string, scope: PlaceholderScope, where: string): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const whole = m[0];
    const body = m[1];
    const start = m.index;
    out += template.slice(last, start);
    last = start + whole.length;
    if (body === undefined) {
      out += "{{";
      continue;
    }
    const [pathText = "", ...mods] = body.split("|").map((x) => x.trim());
    const segments = parsePath(pathText);
    if (!segments) throw new PlaceholderError(whole, where, { zh: "路径写法无效", en: "malformed path" });
    const r = scope.lookup(segments);
    if (!r.ok) throw new PlaceholderError(whole, where, r.reason);
    // A figure that is not final takes the "分" written after it: "{{total}}分" → "部分合计 54.81 分（3 个指标未评分）".
    if (r.value.kind === "notFinal" && template[last] === "分") {
      out += r.value.points;
      last++;
      continue;
    }
    const text = formatValue(r.value, mods);
    if (typeof text !== "string") throw new PlaceholderError(whole, where, text.error);
    out += text;
  }
  return out + template.slice(last);
}

/** Every placeholder written in a text (for editors and checks). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((m) => m[1] !== undefined).map((m) => m[0]);
}
