/**
 * Report templates: an outline of headings, each filled with narrative sections (text the user
 * writes, with placeholders), generated text, tables and charts. Two ship: the seed report's
 * outline (阳泉 2021, a third-party 部门整体支出 evaluation) and the national outline of
 * 财预〔2020〕10号 (附件2 绩效评价报告参考提纲). See docs/reports.md to add one.
 */
import type { ColumnFormat } from "./structure.js";
import { PERCENT2, SCORE2 } from "./format.js";
import type { WorkPart } from "./work.js";

/** What goes under a heading. */
export type Item =
  /** A sub-heading; numbered by depth (一、 （一） 1. （1）); skipped when it has no content unless `always`. */
  | { kind: "section"; title: string; items: Item[]; always?: boolean }
  /**
   * The narrative section with this id (its text, then its sub-sections as sub-headings).
   * When the file has none, `fallback` (a text with placeholders) is used when given.
   */
  | {
      kind: "narrative";
      id: string;
      fallback?: string;
      fallbackWhen?: Need[];
      /** Used instead of `fallback` while indicators are unscored (no total, no grade). */
      partialFallback?: string;
      /** When the file has no such section: paragraphs generated from the data (work.ts). */
      generate?: WorkPart;
    }
  /** A text with placeholders, printed when the model has what `when` names. */
  | { kind: "text"; text: string; when?: Need[] }
  | { kind: "table"; table: TableKey }
  | { kind: "chart"; chart: ChartKey }
  /** 中长期目标, numbered （1）（2）…, with the plan they come from. */
  | { kind: "midLongTermGoals" }
  /** 年度总目标 text. */
  | { kind: "annualGoal" }
  /** The findings, one sub-heading each; the staffing table follows the finding resting on staff/vacancy. */
  | { kind: "findings" }
  | { kind: "recommendations" }
  /**
   * One sub-heading per level-1 indicator and, below it, one per level-2 indicator, each with one
   * paragraph written from the data (sentences.ts): what it comprises, target and actual with
   * units, score and why, deductions with their reasons; then its narrative `analysis-<id>`.
   */
  | { kind: "indicatorAnalysis" }
  /** Narrative sections no other item used, so that nothing written is lost. */
  | { kind: "otherNarrative" }
  /** Starts the appendix: a page break and 附表 numbering; `landscape` turns the pages (wide tables). */
  | { kind: "appendix"; title: string; landscape?: boolean };

/** dataTaken and panel come from the working papers (BuildOptions.appendix), never from the file. */
export type TableKey = "goals" | "level1" | "staffing" | "funds" | "scoring" | "evidence" | "dataTaken" | "panel";
export type ChartKey = "level1Rates" | "fundsComposition";

/**
 * Parts of the model an item needs to be printed. "scores": indicators with scores (final or
 * partial); "total": a final total (every indicator scored); "partial": indicators unscored.
 */
export type Need =
  | "funds"
  | "goals"
  | "units"
  | "scores"
  | "total"
  | "partial"
  | "grade"
  | "evaluator"
  | "commissioner"
  | "basis"
  | "dates"
  | "findings"
  | "recommendations";

export interface ReportTemplate {
  id: string;
  name: string;
  name_en: string;
  description: string;
  /** Text before the first heading. */
  preamble: Item[];
  outline: Item[];
  /** How the tables print their numbers (precision is a column property). */
  formats: {
    level1Score: ColumnFormat;
    level1IdPrefix: boolean;
    vacancyRate: ColumnFormat;
    scoringScore: ColumnFormat;
  };
  /** A cover page (title, 委托方, 评价机构, 报告日期, 报告编号) and a 目录 before the body. */
  cover: boolean;
  toc: boolean;
}

/** The conclusion while indicators are unscored: what is scored so far, how many are not, no grade. */
export const PARTIAL_CONCLUSION = "已评分指标部分合计 {{partialTotal}} 分，{{unscored}} 个指标未评分：不计综合得分，不评定绩效等级。";

/**
 * 评价工作开展情况: 目的, 对象和范围, 依据, 原则, 方法, 指标体系, 标准, 工作过程. Each part is the
 * narrative section of that id when the file has one, else a text with placeholders (目的, 原则:
 * what the regulation says an evaluation is for and follows) or paragraphs generated from the data
 * (work.ts). "national" groups them as 附件2 does: （一）目的、对象和范围 （二）原则、指标体系、方法、
 * 标准 （三）工作过程; "flat" gives each its own sub-heading.
 */
function evaluationWork(title: string, shape: "flat" | "national"): Item {
  const purpose: Item = {
    kind: "narrative",
    id: "evaluation-purpose",
    fallback:
      "通过对{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}开展绩效评价，了解资金使用和绩效目标实现情况，总结经验做法，查找存在的问题并提出改进建议，为完善管理、优化预算安排提供参考。",
  };
  const scope: Item[] = [
    {
      kind: "narrative",
      id: "evaluation-scope",
      fallback: "评价对象为{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}，评价类型为{{meta.evaluationType}}。",
    },
    { kind: "text", text: "评价范围为纳入本次评价的资金{{funds.total}}万元，资金构成见{{table.funds}}。", when: ["funds"] },
  ];
  const basis: Item = { kind: "narrative", id: "evaluation-basis", generate: "basis" };
  const principles: Item = {
    kind: "narrative",
    id: "evaluation-principles",
    fallback: "评价遵循科学公正、统筹兼顾、激励约束、公开透明的原则。",
  };
  const methods: Item = { kind: "narrative", id: "evaluation-method", generate: "methods" };
  const indicators: Item = { kind: "narrative", id: "evaluation-indicators", generate: "indicatorSystem" };
  const standards: Item = { kind: "narrative", id: "evaluation-standards", generate: "standards" };
  const process: Item = { kind: "narrative", id: "evaluation-process", generate: "process" };
  const sub = (t: string, items: Item[]): Item => ({ kind: "section", title: t, always: true, items });
  if (shape === "flat")
    return {
      kind: "section",
      title,
      always: true,
      items: [
        sub("评价目的", [purpose]),
        sub("评价对象和范围", scope),
        sub("评价依据", [basis]),
        sub("评价原则", [principles]),
        sub("评价方法", [methods]),
        sub("评价指标体系", [indicators]),
        sub("评价标准", [standards]),
        sub("评价工作过程", [process]),
      ],
    };
  return {
    kind: "section",
    title,
    always: true,
    items: [
      sub("绩效评价目的、对象和范围", [sub("评价目的", [purpose]), sub("评价对象和范围", scope)]),
      sub("绩效评价原则、评价指标体系、评价方法、评价标准等", [
        sub("评价依据", [basis]),
        sub("评价原则", [principles]),
        sub("评价指标体系", [indicators]),
        sub("评价方法", [methods]),
        sub("评价标准", [standards]),
      ]),
      sub("绩效评价工作过程", [process]),
    ],
  };
}

/** The seed report's outline (阳泉市人社局 2021 部门整体支出绩效评价报告). */
export const SEED_TEMPLATE: ReportTemplate = {
  id: "seed",
  name: "部门整体支出绩效评价报告（阳泉样式）",
  name_en: "Whole-department evaluation report (the Yangquan report's outline)",
  description:
    "封面、目录；一、部门概况（基本情况、部门目标、部门经费、评价结论） 二、评价工作开展情况 三、绩效评价指标分析 四、主要绩效及经验做法 五、存在的问题及原因分析 六、下一步改进意见 七、其他需要说明的问题；附表：资金情况、评分明细",
  preamble: [
    {
      kind: "narrative",
      id: "intro",
      fallback:
        "{{meta.commissioner}}委托{{meta.evaluator}}对{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}{{funds.total}}万元开展了绩效评价。",
      fallbackWhen: ["commissioner", "evaluator", "funds"],
    },
  ],
  outline: [
    {
      kind: "section",
      title: "{{meta.object}}概况",
      items: [
        { kind: "section", title: "{{meta.object}}基本情况", items: [{ kind: "narrative", id: "basic" }] },
        {
          kind: "section",
          title: "{{meta.object}}目标",
          items: [
            { kind: "section", title: "中长期目标", items: [{ kind: "midLongTermGoals" }] },
            { kind: "section", title: "年度总目标", items: [{ kind: "annualGoal" }] },
            {
              kind: "section",
              title: "年度绩效目标",
              items: [
                { kind: "narrative", id: "annual-goals", fallback: "年度绩效目标详见{{table.goals}}：", fallbackWhen: ["goals"] },
                { kind: "table", table: "goals" },
              ],
            },
          ],
        },
        {
          kind: "section",
          title: "{{meta.object}}经费",
          items: [
            {
              kind: "narrative",
              id: "funds",
              fallback: "本次评价资金{{funds.total}}万元，预算执行率{{funds.executionRate}}。",
              fallbackWhen: ["funds"],
            },
            { kind: "text", text: "资金构成见{{chart.fundsComposition}}，明细见{{table.funds}}。", when: ["funds"] },
            { kind: "chart", chart: "fundsComposition" },
          ],
        },
        {
          kind: "section",
          title: "评价结论",
          items: [
            {
              kind: "narrative",
              id: "conclusion-lead",
              fallback: "本次评价涉及{{indicators.count|cn}}项一级指标，得分情况如{{table.level1}}：",
              fallbackWhen: ["scores"],
            },
            { kind: "table", table: "level1" },
            { kind: "chart", chart: "level1Rates" },
            {
              kind: "narrative",
              id: "conclusion",
              fallback: "{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}绩效评价综合得分{{total}}分，绩效评级为“{{grade}}”。",
              fallbackWhen: ["total", "grade"],
              partialFallback: PARTIAL_CONCLUSION,
            },
          ],
        },
      ],
    },
    evaluationWork("评价工作开展情况", "flat"),
    { kind: "section", title: "绩效评价指标分析", items: [{ kind: "indicatorAnalysis" }] },
    {
      kind: "section",
      title: "主要绩效及经验做法",
      items: [
        { kind: "section", title: "主要绩效", items: [{ kind: "narrative", id: "main-results" }] },
        { kind: "section", title: "经验做法", items: [{ kind: "narrative", id: "practices" }] },
      ],
    },
    { kind: "section", title: "存在的问题及原因分析", always: true, items: [{ kind: "findings" }] },
    { kind: "section", title: "下一步改进意见", always: true, items: [{ kind: "recommendations" }] },
    { kind: "section", title: "其他需要说明的问题", always: true, items: [{ kind: "otherNarrative" }] },
    { kind: "appendix", title: "附表", landscape: true },
    { kind: "table", table: "funds" },
    { kind: "table", table: "scoring" },
    { kind: "table", table: "evidence" },
    { kind: "table", table: "dataTaken" },
    { kind: "table", table: "panel" },
  ],
  // Precision is the column's, one per column: 7.00 beside 21.24, 16.67% beside 62.50% (the
  // published 7 and 17% are compared at their printed precision by the checks, stated.ts).
  formats: { level1Score: SCORE2, level1IdPrefix: true, vacancyRate: PERCENT2, scoringScore: SCORE2 },
  cover: true,
  toc: true,
};

/** The national outline: 财预〔2020〕10号 附件2 (项目支出绩效评价报告参考提纲), applied to any evaluation. */
export const NATIONAL_TEMPLATE: ReportTemplate = {
  id: "cn-2020",
  name: "绩效评价报告（财预〔2020〕10号 参考提纲）",
  name_en: "Evaluation report (the national outline of Cai Yu [2020] No. 10)",
  description:
    "封面、目录；一、基本情况 二、绩效评价工作开展情况 三、综合评价情况及评价结论 四、绩效评价指标分析 五、主要经验及做法、存在的问题及原因分析 六、有关建议 七、其他需要说明的问题；附表",
  preamble: [],
  outline: [
    {
      kind: "section",
      title: "基本情况",
      always: true,
      items: [
        {
          kind: "section",
          title: "{{meta.object}}概况",
          always: true,
          items: [
            { kind: "narrative", id: "basic", fallback: "评价对象为{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}。" },
            {
              kind: "narrative",
              id: "funds",
              fallback: "评价资金{{funds.total}}万元，预算执行率{{funds.executionRate}}。",
              fallbackWhen: ["funds"],
            },
            { kind: "text", text: "资金情况见{{table.funds}}：", when: ["funds"] },
            { kind: "table", table: "funds" },
            { kind: "chart", chart: "fundsComposition" },
          ],
        },
        {
          kind: "section",
          title: "绩效目标",
          items: [
            { kind: "midLongTermGoals" },
            { kind: "annualGoal" },
            { kind: "text", text: "年度绩效目标见{{table.goals}}：", when: ["goals"] },
            { kind: "table", table: "goals" },
          ],
        },
      ],
    },
    evaluationWork("绩效评价工作开展情况", "national"),
    {
      kind: "section",
      title: "综合评价情况及评价结论",
      always: true,
      items: [
        { kind: "text", text: "各一级指标得分情况见{{table.level1}}：", when: ["scores"] },
        { kind: "table", table: "level1" },
        { kind: "chart", chart: "level1Rates" },
        {
          kind: "narrative",
          id: "conclusion",
          fallback: "综合得分{{total}}分，绩效评级为“{{grade}}”。",
          fallbackWhen: ["total", "grade"],
          partialFallback: PARTIAL_CONCLUSION,
        },
      ],
    },
    { kind: "section", title: "绩效评价指标分析", always: true, items: [{ kind: "indicatorAnalysis" }] },
    {
      kind: "section",
      title: "主要经验及做法、存在的问题及原因分析",
      always: true,
      items: [
        { kind: "section", title: "主要绩效", items: [{ kind: "narrative", id: "main-results" }] },
        { kind: "section", title: "主要经验及做法", items: [{ kind: "narrative", id: "practices" }] },
        { kind: "section", title: "存在的问题及原因分析", items: [{ kind: "findings" }] },
      ],
    },
    { kind: "section", title: "有关建议", always: true, items: [{ kind: "recommendations" }] },
    { kind: "section", title: "其他需要说明的问题", always: true, items: [{ kind: "otherNarrative" }] },
    { kind: "appendix", title: "附表", landscape: true },
    { kind: "table", table: "scoring" },
    { kind: "table", table: "evidence" },
    { kind: "table", table: "dataTaken" },
    { kind: "table", table: "panel" },
  ],
  formats: { level1Score: SCORE2, level1IdPrefix: false, vacancyRate: PERCENT2, scoringScore: SCORE2 },
  cover: true,
  toc: true,
};

export const REPORT_TEMPLATES: readonly ReportTemplate[] = [SEED_TEMPLATE, NATIONAL_TEMPLATE];

export function reportTemplate(id: string): ReportTemplate | undefined {
  return REPORT_TEMPLATES.find((t) => t.id === id);
}
