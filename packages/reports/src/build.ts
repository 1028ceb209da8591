/**
 * Model → report structure. Walks a template's outline, numbers headings (一、 （一） 1. （1）),
 * tables (表1 …, 附表1 … in the appendix) and charts (图1 …) in the order they are placed, then
 * fills every placeholder, so the renderers only draw.
 */
import { type Evaluation, type ScoreResult, type SectionInput, scoreEvaluation } from "@jixiao/engine";
import { type ReportAppendix, dataTakenTable, evidenceFilesTable, panelTable } from "./appendix.js";
import { isPartial } from "./unscored.js";
import { PlaceholderError, PlaceholderScope, fill } from "./placeholders.js";
import { type Lang, type Phrasebook, analysisParagraph, detailSentences, evidenceSentences, findingText, phrasebook } from "./sentences.js";
import { dateText, workParagraphs } from "./work.js";
import type { Block, ChartBlock, HeadingBlock, ReportDocument, TableBlock } from "./structure.js";
import {
  type ChartDraft,
  type TableDraft,
  evidenceTable,
  fundsChart,
  fundsTable,
  goalsTable,
  level1RatesChart,
  level1Table,
  scoringTable,
  staffingTable,
} from "./tables.js";
import {
  type ChartKey,
  type Item,
  type Need,
  type ReportTemplate,
  type TableKey,
  REPORT_TEMPLATES,
  SEED_TEMPLATE,
  reportTemplate,
} from "./templates.js";

export interface BuildOptions {
  /** Template id ("seed", "cn-2020") or a template object. Default "seed". */
  template?: string | ReportTemplate;
  /** Scores, when the caller already has them. */
  scored?: ScoreResult;
  /** Language of the generated sentences (analysis, findings, 评价工作开展情况). Default "zh". */
  lang?: Lang;
  /** Replacements for phrases of the generated sentences (sentences.ts, PHRASES_ZH keys). */
  phrases?: Partial<Phrasebook>;
  /**
   * The working papers a server holds beside the file (appendix.ts): stored evidence files (the
   * 佐证材料索引 then lists them with type, size, uploader, time and SHA-256), the data taken in
   * from 资料清单 and the expert panel (专家评分汇总). Left out, the appendix has the file's own lists.
   */
  appendix?: ReportAppendix;
}

/** Misuse: a template id that does not exist. */
export class UnknownTemplateError extends Error {
  constructor(readonly id: string) {
    super(`no report template "${id}" (known: ${REPORT_TEMPLATES.map((t) => t.id).join(", ")})`);
    this.name = "UnknownTemplateError";
  }
}

/** A paragraph whose placeholders are filled once tables and charts are numbered. */
interface Pending {
  kind: "pending";
  text: string;
  where: string;
  /** A template's own text: left out when a table or chart it refers to is not in this report. */
  soft?: boolean;
}
/** A heading whose text may hold placeholders, with where that text was written. */
type HeadingDraft = HeadingBlock & { where?: string };
type Draft =
  | Exclude<Block, TableBlock | ChartBlock | HeadingBlock>
  | HeadingDraft
  | Pending
  | { kind: "tableRef"; key: TableKey; appendix: boolean }
  | { kind: "chartRef"; key: ChartKey };

const NUMERALS = [
  "一",
  "二",
  "三",
  "四",
  "五",
  "六",
  "七",
  "八",
  "九",
  "十",
  "十一",
  "十二",
  "十三",
  "十四",
  "十五",
  "十六",
  "十七",
  "十八",
  "十九",
  "二十",
];

function headingNumber(depth: number, n: number): string {
  const cn = NUMERALS[n - 1] ?? String(n);
  switch (depth) {
    case 1:
      return `${cn}、`;
    case 2:
      return `（${cn}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
    default:
      return n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `${n})`; // ① ② …
  }
}

/**
 * Build the report structure of an evaluation.
 * @throws PlaceholderError when a placeholder points at nothing (naming it and where it is).
 * @example buildReport(yangquan).blocks.find((b) => b.kind === "table")?.label === "表1"
 */
export function buildReport(e: Evaluation, options: BuildOptions = {}): ReportDocument {
  const template =
    typeof options.template === "object"
      ? options.template
      : options.template === undefined
        ? SEED_TEMPLATE
        : reportTemplate(options.template);
  if (!template) throw new UnknownTemplateError(String(options.template));
  const s = options.scored ?? scoreEvaluation(e);
  const tables: Record<TableKey, TableDraft | undefined> = {
    goals: goalsTable(e),
    level1: level1Table(s, { idPrefix: template.formats.level1IdPrefix, scoreFormat: template.formats.level1Score }),
    staffing: staffingTable(e, s, { rateFormat: template.formats.vacancyRate }),
    funds: fundsTable(e),
    scoring: scoringTable(s, { scoreFormat: template.formats.scoringScore }),
    evidence: options.appendix?.evidence?.length ? evidenceFilesTable(e, s, options.appendix.evidence) : evidenceTable(e, s),
    dataTaken: dataTakenTable(options.appendix?.dataTaken ?? []),
    panel: panelTable(options.appendix?.panels ?? []),
  };
  const charts: Record<ChartKey, ChartDraft | undefined> = { level1Rates: level1RatesChart(s), fundsComposition: fundsChart(e) };
  const lang = options.lang ?? "zh";
  const book = phrasebook(lang, options.phrases);
  const w = new Walker(e, s, template, tables, charts, book, lang);
  const drafts = [...w.items(template.preamble, 1, "preamble"), ...w.items(template.outline, 1, "outline")];
  // Tables no item placed (e.g. 人员情况 when no finding rests on staff/vacancy) go to the appendix.
  const unplaced = (Object.keys(tables) as TableKey[]).filter((k) => tables[k] && !w.placedTables.has(k));
  if (unplaced.length > 0) {
    if (!w.inAppendix) drafts.push({ kind: "pageBreak", landscape: true }, { kind: "heading", level: 1, number: "", text: "附表" });
    for (const k of unplaced) drafts.push({ kind: "tableRef", key: k, appendix: true });
  }

  // Number tables and charts in the order they are placed.
  const numbering = new Map<string, string>();
  let body = 0;
  let appendix = 0;
  let figure = 0;
  for (const d of drafts) {
    if (d.kind === "tableRef") numbering.set(`table:${d.key}`, d.appendix ? `附表${++appendix}` : `表${++body}`);
    if (d.kind === "chartRef") numbering.set(`chart:${d.key}`, `图${++figure}`);
  }
  const scope = new PlaceholderScope(e, s, numbering);
  const blocks: Block[] = [];
  for (const d of drafts) {
    if (d.kind === "pending") {
      if (d.soft && [...d.text.matchAll(/\{\{\s*(table|chart)\.([^}|\s]+)/g)].some((m) => !numbering.has(`${m[1]}:${m[2]}`))) continue;
      const text = fill(d.text, scope, d.where);
      if (text.trim().length > 0) blocks.push({ kind: "paragraph", text });
    } else if (d.kind === "tableRef") {
      const t = tables[d.key]!;
      blocks.push({ ...t, label: numbering.get(`table:${d.key}`)! });
    } else if (d.kind === "chartRef") {
      blocks.push({ ...charts[d.key]!, label: numbering.get(`chart:${d.key}`)! });
    } else if (d.kind === "heading") {
      const { where, ...heading } = d;
      blocks.push(
        d.text.includes("{{") ? { ...heading, text: fill(d.text, scope, where ?? `报告模板 ${template.id} › ${d.text}`) } : heading,
      );
    } else blocks.push(d);
  }
  const m = e.meta;
  const missing = lang === "zh" ? "（未填写）" : "(not filled in)";
  const cover = template.cover
    ? [
        { label: lang === "zh" ? "委托方" : "Commissioned by", value: m.commissioner ?? missing },
        { label: lang === "zh" ? "评价机构" : "Evaluator", value: m.evaluator ?? missing },
        { label: lang === "zh" ? "报告日期" : "Date", value: m.dates?.report ? dateText(m.dates.report, book) : missing },
        { label: lang === "zh" ? "报告编号" : "Report No.", value: m.reportNo ?? missing },
      ]
    : undefined;
  const subtitle = (cover ?? []).map((l) => `${l.label}${lang === "zh" ? "：" : ": "}${l.value}`);
  return { title: m.title, subtitle, cover, toc: template.toc, blocks, template: template.id, lang };
}

class Walker {
  readonly used = new Set<string>();
  readonly placedTables = new Set<TableKey>();
  inAppendix = false;
  /** The finding rules' evidence as sentences (built on first use). */
  #evidence: Map<string, string> | undefined;

  constructor(
    readonly e: Evaluation,
    readonly s: ScoreResult,
    readonly template: ReportTemplate,
    readonly tables: Record<TableKey, TableDraft | undefined>,
    readonly charts: Record<ChartKey, ChartDraft | undefined>,
    readonly book: Phrasebook,
    readonly lang: Lang,
  ) {}

  private get evidence(): Map<string, string> {
    return (this.#evidence ??= evidenceSentences(this.e, this.s, this.book));
  }

  private has(need: Need): boolean {
    const e = this.e;
    switch (need) {
      case "funds":
        return (e.funds?.lines.filter((l) => !l.subtotal).length ?? 0) > 0;
      case "goals":
        return (e.goals?.table?.length ?? 0) > 0;
      case "units":
        return (e.organisation?.units.length ?? 0) > 0;
      case "scores":
        return this.s.roots.length > 0 && (this.s.total !== undefined || isPartial(this.s));
      case "total":
        return this.s.roots.length > 0 && this.s.total !== undefined;
      case "partial":
        return this.s.roots.length > 0 && isPartial(this.s);
      case "grade":
        return this.s.grade !== undefined;
      case "evaluator":
        return !!e.meta.evaluator;
      case "commissioner":
        return !!e.meta.commissioner;
      case "basis":
        return (e.meta.basis?.length ?? 0) > 0;
      case "dates":
        return !!e.meta.dates;
      case "findings":
        return (e.findings?.length ?? 0) > 0;
      case "recommendations":
        return (e.recommendations?.length ?? 0) > 0;
    }
  }

  private where(trail: string): string {
    return `报告模板 ${this.template.id} › ${trail}`;
  }

  /** Render a list of items at heading depth `depth`. */
  items(items: readonly Item[], depth: number, trail: string): Draft[] {
    const out: Draft[] = [];
    let n = 0;
    const heading = (text: string): HeadingBlock => ({
      kind: "heading",
      level: Math.min(depth, 4) as HeadingBlock["level"],
      number: headingNumber(depth, ++n),
      text,
    });
    for (const item of items) {
      switch (item.kind) {
        case "section": {
          const inner = this.items(item.items, depth + 1, `${trail} › ${item.title}`);
          if (inner.length === 0 && !item.always) break;
          out.push(heading(item.title), ...(inner.length > 0 ? inner : [{ kind: "paragraph" as const, text: "无。" }]));
          break;
        }
        case "narrative": {
          const i = (this.e.narrative ?? []).findIndex((x) => x.id === item.id);
          if (i >= 0) {
            this.used.add(item.id);
            out.push(...this.narrative(this.e.narrative![i]!, `narrative[${i}]`, depth, heading, false));
          } else if (item.partialFallback && this.has("partial")) {
            out.push({ kind: "pending", text: item.partialFallback, where: this.where(trail), soft: true });
          } else if (item.fallback && (item.fallbackWhen ?? []).every((x) => this.has(x))) {
            out.push({ kind: "pending", text: item.fallback, where: this.where(trail), soft: true });
          } else if (item.generate) {
            for (const text of workParagraphs(item.generate, this.e, this.s, this.book, this.lang))
              out.push({ kind: "pending", text, where: this.where(`${trail} › ${item.generate}`), soft: true });
          }
          break;
        }
        case "text":
          if ((item.when ?? []).every((x) => this.has(x)))
            out.push({ kind: "pending", text: item.text, where: this.where(trail), soft: true });
          break;
        case "table":
          if (this.tables[item.table] && !this.placedTables.has(item.table)) {
            this.placedTables.add(item.table);
            out.push({ kind: "tableRef", key: item.table, appendix: this.inAppendix });
          }
          break;
        case "chart":
          if (this.charts[item.chart]) out.push({ kind: "chartRef", key: item.chart });
          break;
        case "midLongTermGoals": {
          const g = this.e.goals;
          const list = g?.midLongTerm ?? [];
          if (list.length === 0) break;
          if (g?.midLongTermBasis) out.push({ kind: "paragraph", text: `根据${g.midLongTermBasis}，中长期绩效目标如下：` });
          list.forEach((x, k) => {
            const body = x.text.replace(/[。；;，,]$/, "");
            const title = x.title ? `${x.title.replace(/[。；;]$/, "")}。` : "";
            out.push({
              kind: "pending",
              text: `（${k + 1}）${title}${body}${k === list.length - 1 ? "。" : "；"}`,
              where: `goals.midLongTerm[${k}].text`,
            });
          });
          break;
        }
        case "annualGoal":
          if (this.e.goals?.annual) out.push({ kind: "pending", text: this.e.goals.annual.text, where: "goals.annual.text" });
          break;
        case "findings":
          (this.e.findings ?? []).forEach((f, k) => {
            out.push({ ...heading(f.title), where: `findings[${k}].title` });
            // Evidence adopted from the finding rules ("93.2% vs 95%") prints as sentences of the same data.
            out.push(...paragraphs(f.text && f.rules?.length ? findingText(f.text, this.evidence) : f.text, `findings[${k}].text`));
            if (f.rules?.includes("staff/vacancy") && this.tables.staffing && !this.placedTables.has("staffing")) {
              this.placedTables.add("staffing");
              out.push({ kind: "tableRef", key: "staffing", appendix: this.inAppendix });
            }
          });
          break;
        case "recommendations":
          (this.e.recommendations ?? []).forEach((r, k) => {
            out.push({ ...heading(r.title), where: `recommendations[${k}].title` });
            out.push(...paragraphs(r.text, `recommendations[${k}].text`));
          });
          break;
        case "indicatorAnalysis":
          for (const node of this.s.roots) {
            out.push(heading(node.name));
            out.push({ kind: "paragraph", text: analysisParagraph(node, this.book) });
            this.analysisNarrative(node.node.id ?? node.id, out, depth + 1);
            let m = 0;
            for (const child of node.children) {
              out.push({
                kind: "heading",
                level: Math.min(depth + 1, 4) as HeadingBlock["level"],
                number: headingNumber(depth + 1, ++m),
                text: child.name,
              });
              const detail = child.children.length > 0 && !child.notApplicable ? detailSentences(child, this.book).join("") : "";
              out.push({ kind: "paragraph", text: analysisParagraph(child, this.book) + detail });
              this.analysisNarrative(child.node.id ?? child.id, out, depth + 2);
            }
          }
          break;
        case "otherNarrative":
          (this.e.narrative ?? []).forEach((x, i) => {
            if (x.id !== undefined && this.used.has(x.id)) return;
            out.push(...this.narrative(x, `narrative[${i}]`, depth, heading, true));
          });
          break;
        case "appendix":
          this.inAppendix = true;
          out.push({ kind: "pageBreak", landscape: item.landscape }, { kind: "heading", level: 1, number: "", text: item.title });
          break;
      }
    }
    return out;
  }

  /** The narrative section `analysis-<id>` the evaluator wrote about an indicator, after its generated paragraph. */
  private analysisNarrative(id: string, out: Draft[], depth: number): void {
    const key = `analysis-${id}`;
    const i = (this.e.narrative ?? []).findIndex((x) => x.id === key);
    if (i < 0) return;
    this.used.add(key);
    out.push(...this.narrative(this.e.narrative![i]!, `narrative[${i}]`, depth, undefined, false));
  }

  /** A narrative section: its text, then its sub-sections as numbered sub-headings. */
  private narrative(
    sec: SectionInput,
    path: string,
    depth: number,
    heading: ((t: string) => HeadingBlock) | undefined,
    withTitle: boolean,
  ): Draft[] {
    const out: Draft[] = [];
    if (withTitle && heading) out.push({ ...heading(sec.title), where: `${path}.title` });
    out.push(...paragraphs(sec.text, `${path}.text`));
    let n = 0;
    (sec.sections ?? []).forEach((sub, k) => {
      const subPath = `${path}.sections[${k}]`;
      const h: HeadingDraft = {
        kind: "heading",
        level: Math.min(depth + (withTitle ? 1 : 0), 4) as HeadingBlock["level"],
        number: headingNumber(depth + (withTitle ? 1 : 0), ++n),
        text: sub.title,
        where: `${subPath}.title`,
      };
      out.push(h, ...this.narrative({ ...sub, title: "" }, subPath, depth + 1 + (withTitle ? 1 : 0), undefined, false));
    });
    return out;
  }
}

function paragraphs(text: string | undefined, where: string): Pending[] {
  if (!text) return [];
  return text
    .split(/\r?\n/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => ({ kind: "pending" as const, text: t, where }));
}

export { PlaceholderError };
