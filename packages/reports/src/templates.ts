/**
 * Report templates: an outline of headings, each filled with narrative sections (text the user
 * writes, with placeholders), generated text, tables and charts. Two ship: the seed report's
 * outline (阳泉 2021, a third-party 部门整体支出 evaluation) and the national outline of
 * 财预〔2020〕10号 (附件2 绩效评价报告参考提纲). See docs/reports.md to add one.
 */
import type { ColumnFormat } from "./structure.js";
import { PERCENT0, PERCENT2, SCORE2, SCORE_TRIM } from "./format.js";

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
  /** One sub-heading per level-1 indicator: weight, score, rate, reason, its narrative `analysis-<id>`. */
  | { kind: "indicatorAnalysis" }
  /** Narrative sections no other item used, so that nothing written is lost. */
  | { kind: "otherNarrative" }
  /** Starts the appendix: a page break and 附表 numbering. */
  | { kind: "appendix"; title: string };

export type TableKey = "goals" | "level1" | "staffing" | "funds" | "scoring";
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
  /** Print a 目录-free cover line under the title (评价机构, 委托方). */
  subtitle: boolean;
}

/** The conclusion while indicators are unscored: what is scored so far, how many are not, no grade. */
export const PARTIAL_CONCLUSION = "已评分指标部分合计 {{partialTotal}} 分，{{unscored}} 个指标未评分：不计综合得分，不评定绩效等级。";

/** The seed report's outline (阳泉市人社局 2021 部门整体支出绩效评价报告). */
export const SEED_TEMPLATE: ReportTemplate = {
  id: "seed",
  name: "部门整体支出绩效评价报告（阳泉样式）",
  name_en: "Whole-department evaluation report (the Yangquan report's outline)",
  description:
    "一、部门概况（基本情况、部门目标、部门经费、评价结论） 二、主要绩效及经验做法 三、存在的问题及原因分析 四、下一步改进意见；附表：资金情况、评分明细",
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
    {
      kind: "section",
      title: "主要绩效及经验做法",
      items: [
        { kind: "section", title: "主要绩效", items: [{ kind: "narrative", id: "main-results" }] },
        { kind: "section", title: "经验做法", items: [{ kind: "narrative", id: "practices" }] },
      ],
    },
    { kind: "section", title: "存在的问题及原因分析", items: [{ kind: "findings" }] },
    { kind: "section", title: "下一步改进意见", items: [{ kind: "recommendations" }] },
    { kind: "section", title: "其他需要说明的问题", items: [{ kind: "otherNarrative" }] },
    { kind: "appendix", title: "附表" },
    { kind: "table", table: "funds" },
    { kind: "table", table: "scoring" },
  ],
  formats: { level1Score: SCORE_TRIM, level1IdPrefix: true, vacancyRate: PERCENT0, scoringScore: SCORE2 },
  subtitle: false,
};

/** The national outline: 财预〔2020〕10号 附件2 (项目支出绩效评价报告参考提纲), applied to any evaluation. */
export const NATIONAL_TEMPLATE: ReportTemplate = {
  id: "cn-2020",
  name: "绩效评价报告（财预〔2020〕10号 参考提纲）",
  name_en: "Evaluation report (the national outline of Cai Yu [2020] No. 10)",
  description:
    "一、基本情况 二、绩效评价工作开展情况 三、综合评价情况及评价结论 四、绩效评价指标分析 五、主要经验及做法、存在的问题及原因分析 六、有关建议 七、其他需要说明的问题；附表",
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
    {
      kind: "section",
      title: "绩效评价工作开展情况",
      always: true,
      items: [
        {
          kind: "section",
          title: "绩效评价目的、对象和范围",
          always: true,
          items: [
            {
              kind: "narrative",
              id: "evaluation-scope",
              fallback: "本次评价的对象为{{meta.subject}}{{meta.fiscalYear}}年度{{meta.kind}}，评价类型为{{meta.evaluationType}}。",
            },
          ],
        },
        {
          kind: "section",
          title: "绩效评价原则、评价指标体系、评价方法、评价标准等",
          always: true,
          items: [
            {
              kind: "narrative",
              id: "evaluation-method",
              fallback: "评价依据{{meta.basis}}，按照科学规范、公正公开、分级分类、绩效相关的原则开展。",
              fallbackWhen: ["basis"],
            },
            {
              kind: "text",
              text: "评价指标体系共{{indicators.count}}项一级指标，满分{{weight}}分；评分结果分为优（90分及以上）、良（80分及以上、90分以下）、中（60分及以上、80分以下）、差（60分以下）四档。",
              when: ["scores"],
            },
          ],
        },
        {
          kind: "section",
          title: "绩效评价工作过程",
          always: true,
          items: [
            { kind: "narrative", id: "evaluation-process", fallback: "评价工作由{{meta.evaluator}}承担。", fallbackWhen: ["evaluator"] },
          ],
        },
      ],
    },
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
    { kind: "appendix", title: "附表" },
    { kind: "table", table: "scoring" },
  ],
  formats: { level1Score: SCORE2, level1IdPrefix: false, vacancyRate: PERCENT2, scoringScore: SCORE2 },
  subtitle: true,
};

export const REPORT_TEMPLATES: readonly ReportTemplate[] = [SEED_TEMPLATE, NATIONAL_TEMPLATE];

export function reportTemplate(id: string): ReportTemplate | undefined {
  return REPORT_TEMPLATES.find((t) => t.id === id);
}
