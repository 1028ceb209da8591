/**
 * 评价工作开展情况 from the data, for the parts the evaluator has not written as narrative:
 * 依据 (meta.basis), 方法 (the scoring rules the tree uses), 指标体系 (levels and weights), 标准
 * (grade bands), 工作过程 (meta.dates and its phases). Nothing is invented: what the file does not
 * hold is said to be missing ("【待补充】…"), never filled with a plausible date.
 */
import { type Evaluation, type ScoreResult, plain } from "@jixiao/engine";
import { type Lang, type Phrasebook, say } from "./sentences.js";

export type WorkPart = "basis" | "methods" | "indicatorSystem" | "standards" | "process";

/** The five phases a 评价工作过程 names (财预〔2020〕10号 practice), in order. */
export const STANDARD_PHASES = ["前期准备", "资料收集", "现场核查", "问卷调查", "报告撰写"] as const;
const PHASES_EN: Record<string, string> = {
  前期准备: "preparation",
  资料收集: "data collection",
  现场核查: "field verification",
  问卷调查: "questionnaire survey",
  报告撰写: "report writing",
};

const METHODS: Record<string, { zh: string; en: string }> = {
  proportional: { zh: "比例法", en: "pro rata" },
  interval: { zh: "区间法", en: "interval" },
  step: { zh: "阶梯扣分法", en: "step deductions" },
  qualitative: { zh: "定性分档法", en: "qualitative levels" },
  checklist: { zh: "清单评分法", en: "checklist" },
  deduction: { zh: "扣分法", en: "deductions" },
  expert: { zh: "专家评分法", en: "expert panel" },
  direct: { zh: "直接赋分", en: "direct scores" },
  formula: { zh: "公式计分", en: "formula" },
};

const LEVELS_ZH = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"];
const LEVELS_EN = ["level-1 indicators", "level-2 indicators", "level-3 indicators", "level-4 indicators", "level-5", "level-6"];

/** Text from the file is text: a "{{" in it must not be read as a placeholder. */
const esc = (t: string) => t.replace(/\{\{/g, "\\{{");

/** "2024-03-01" → "2024年3月1日". */
export function dateText(iso: string, book: Phrasebook): string {
  const [y, m, d] = iso.split("-");
  return say(book, "date.day", { y: y ?? "", m: String(Number(m)), d: String(Number(d)) });
}

/** A span of two dates; the year is not repeated inside one year ("2024年3月1日至3月15日"). */
function spanText(start: string | undefined, end: string | undefined, book: Phrasebook, lang: Lang): string {
  if (start && end) {
    const a = dateText(start, book);
    let b = dateText(end, book);
    if (lang === "zh" && start.slice(0, 4) === end.slice(0, 4)) b = b.replace(/^\d+年/, "");
    return say(book, "date.span", { start: a, end: b });
  }
  return dateText((start ?? end)!, book);
}

/**
 * Paragraphs of one part of 评价工作开展情况. May hold `{{table.scoring}}` (the appendix's
 * number, known once the report is numbered); file text inside is escaped.
 */
export function workParagraphs(part: WorkPart, e: Evaluation, s: ScoreResult, book: Phrasebook, lang: Lang): string[] {
  const m = e.meta;
  const sep = book["list.separator"];
  switch (part) {
    case "basis": {
      const list = m.basis ?? [];
      if (list.length === 0) return [say(book, "work.basisMissing", {})];
      return list.map((b, k) =>
        esc(
          say(book, "work.basisItem", {
            n: String(k + 1),
            title: nestedTitle(b.title),
            docNo: b.docNo ? (lang === "zh" ? `（${b.docNo}）` : ` (${b.docNo})`) : "",
            end: lang === "zh" ? (k === list.length - 1 ? "。" : "；") : k === list.length - 1 ? "." : ";",
          }),
        ),
      );
    }
    case "methods": {
      const counts = new Map<string, number>();
      for (const n of s.all) {
        if (n.children.length > 0 || n.notApplicable) continue;
        const rule = n.source === "direct" ? "direct" : (n.rule ?? "direct");
        if (!METHODS[rule]) continue;
        counts.set(rule, (counts.get(rule) ?? 0) + 1);
      }
      if (counts.size === 0) return [];
      if (counts.size === 1 && counts.has("direct")) return [say(book, "work.methodsDirect", { count: String(counts.get("direct")) })];
      const methods = [...counts].map(([rule, count]) =>
        say(book, "work.methodItem", { method: METHODS[rule]![lang], count: String(count) }),
      );
      return [say(book, "work.methods", { methods: methods.join(sep) })];
    }
    case "indicatorSystem": {
      if (s.roots.length === 0) return [];
      const byLevel = new Map<number, number>();
      for (const n of s.all) byLevel.set(n.level, (byLevel.get(n.level) ?? 0) + 1);
      const levelNames = lang === "zh" ? LEVELS_ZH : LEVELS_EN;
      const levels = [...byLevel]
        .sort((a, b) => a[0] - b[0])
        .map(([l, count]) => say(book, "work.levelCount", { level: levelNames[l - 1] ?? `L${l}`, count: String(count) }));
      const level1 = s.roots.map((r) => say(book, "work.level1Item", { name: esc(r.name), weight: plain(r.weight) }));
      return [
        say(book, "work.indicatorSystem", {
          levels: levels.join(sep),
          weight: plain(s.weight),
          level1: level1.join(sep),
          table: "{{table.scoring}}",
        }),
      ];
    }
    case "standards": {
      if (s.bands.length === 0) return [];
      const bands = s.bands.map((b) =>
        say(book, "work.band", {
          grade: lang === "en" && b.label_en ? b.label_en : b.grade,
          range: lang === "zh" ? bandRangeZh(b.min.toFixed(), b.max.toFixed(), b.maxInclusive) : `${b.min.toFixed()}–${b.max.toFixed()}`,
        }),
      );
      return [say(book, "work.standards", { bands: bands.join(sep), count: String(bands.length) })];
    }
    case "process": {
      const out: string[] = [];
      const d = m.dates;
      const who = m.evaluator
        ? m.commissioner
          ? say(book, "work.commissioned", { commissioner: esc(m.commissioner), evaluator: esc(m.evaluator) })
          : say(book, "work.evaluator", { evaluator: esc(m.evaluator) })
        : "";
      const head: string[] = [];
      if (who) head.push(who);
      if (d?.start && d.end) head.push(say(book, "work.span", { start: dateText(d.start, book), end: dateText(d.end, book) }));
      else if (d?.start) head.push(say(book, "work.startOnly", { start: dateText(d.start, book) }));
      if (head.length) out.push(head.join(""));
      const phases = d?.phases ?? [];
      const phaseName = (n: string) => (lang === "en" ? (PHASES_EN[n] ?? n) : n);
      phases.forEach((p, k) => {
        const name = `${lang === "zh" ? `${k + 1}.` : `${k + 1}. `}${esc(phaseName(p.name))}`;
        const text = p.text?.trim().replace(/[。.；;]+$/, "");
        if (p.start || p.end) {
          const span = spanText(p.start, p.end, book, lang);
          out.push(text ? say(book, "work.phase", { name, span, text: esc(text) }) : say(book, "work.phaseDates", { name, span }));
        } else if (text) out.push(say(book, "work.phaseText", { name, text: esc(text) }));
      });
      const dated = new Set(phases.filter((p) => p.start || p.end).map((p) => p.name));
      const missing = STANDARD_PHASES.filter((p) => !dated.has(p)).map(phaseName);
      if (!d?.start && phases.length === 0) out.push(say(book, "work.datesMissing", { names: STANDARD_PHASES.map(phaseName).join(sep) }));
      else if (missing.length > 0) out.push(say(book, "work.phasesMissing", { names: missing.join(sep) }));
      if (d?.report) out.push(say(book, "work.reportDate", { date: dateText(d.report, book) }));
      return out;
    }
  }
}

function bandRangeZh(min: string, max: string, maxInclusive: boolean): string {
  if (min === "0") return `${max}分以下`;
  return maxInclusive && max === "100" ? `${min}分及以上` : `${min}分（含）至${max}分`;
}

/**
 * A document title inside 《》: titles it quotes take 〈〉, as Chinese typesetting nests them
 * (《财政部关于印发〈项目支出绩效评价管理办法〉的通知》), never 《…《…》…》.
 */
export function nestedTitle(title: string): string {
  return title
    .replace(/^《(.*)》$/, "$1")
    .replace(/《/g, "〈")
    .replace(/》/g, "〉");
}
