/**
 * History in words: where a path of an evaluation document points, said as people say it
 * ("城镇新增就业人数 · 实际值"), and a stored value as text. One table of field labels
 * (FIELD_LABELS) serves the server's views of revisions, differences and the audit trail, and the
 * web app's 资料清单 targets, so the same field has the same name everywhere.
 */
import type { Bilingual } from "./schemas.js";
import type { JsonPath, PathSegment } from "./json-path.js";

/** Field name → label. The same key may mean different things in different places: see CONTEXT_LABELS. */
export const FIELD_LABELS: Readonly<Record<string, Bilingual>> = {
  // sections
  meta: { zh: "基本信息", en: "Basic information" },
  organisation: { zh: "单位情况", en: "Organisation" },
  funds: { zh: "资金情况", en: "Funds" },
  goals: { zh: "绩效目标", en: "Goals" },
  indicators: { zh: "评价指标", en: "Indicators" },
  outcomes: { zh: "产出与效益", en: "Outcomes" },
  findings: { zh: "存在的问题", en: "Findings" },
  recommendations: { zh: "改进建议", en: "Recommendations" },
  scheme: { zh: "评分方案", en: "Scoring scheme" },
  narrative: { zh: "报告文字", en: "Report text" },
  external: { zh: "外部考核", en: "External assessments" },
  figures: { zh: "报告数字", en: "Report figures" },
  status: { zh: "状态", en: "Status" },
  // meta
  title: { zh: "标题", en: "Title" },
  kind: { zh: "评价对象类型", en: "Kind" },
  fiscalYear: { zh: "预算年度", en: "Fiscal year" },
  subject: { zh: "评价对象", en: "Subject" },
  commissioner: { zh: "委托方", en: "Commissioner" },
  evaluator: { zh: "评价机构", en: "Evaluator" },
  project: { zh: "项目名称", en: "Project" },
  evaluationType: { zh: "评价类型", en: "Evaluation type" },
  basis: { zh: "评价依据", en: "Basis" },
  reportNo: { zh: "报告编号", en: "Report number" },
  dates: { zh: "日期", en: "Dates" },
  note: { zh: "备注", en: "Note" },
  // indicators
  name: { zh: "名称", en: "Name" },
  weight: { zh: "分值", en: "Points" },
  children: { zh: "下级指标", en: "Sub-indicators" },
  description: { zh: "指标解释", en: "Description" },
  criteria: { zh: "评分标准", en: "Scoring criteria" },
  target: { zh: "指标值", en: "Target" },
  unit: { zh: "计量单位", en: "Unit" },
  direction: { zh: "指标方向", en: "Direction" },
  actual: { zh: "实际值", en: "Actual" },
  inputs: { zh: "公式输入", en: "Formula inputs" },
  formula: { zh: "计算公式", en: "Formula" },
  rule: { zh: "评分规则", en: "Scoring rule" },
  deductions: { zh: "扣分", en: "Deductions" },
  score: { zh: "得分", en: "Score" },
  notApplicable: { zh: "不适用", en: "Not applicable" },
  notApplicableReason: { zh: "不适用原因", en: "Why not applicable" },
  evidence: { zh: "佐证材料", en: "Evidence" },
  evidenceMissing: { zh: "缺少佐证", en: "Evidence missing" },
  grade: { zh: "等级", en: "Grade" },
  reason: { zh: "评分说明", en: "Scoring note" },
  stated: { zh: "报告所载", en: "As printed" },
  assignedTo: { zh: "评分专家", en: "Assigned experts" },
  scores: { zh: "专家打分", en: "Expert scores" },
  items: { zh: "清单项", en: "Items" },
  met: { zh: "是否满足", en: "Met" },
  points: { zh: "分值", en: "Points" },
  // organisation and funds
  units: { zh: "单位", en: "Units" },
  type: { zh: "类型", en: "Type" },
  quota: { zh: "编制数", en: "Quota" },
  inPost: { zh: "实有在职人数", en: "In post" },
  budget: { zh: "预算", en: "Budget" },
  internalDivisions: { zh: "内设机构数", en: "Internal divisions" },
  assets: { zh: "固定资产", en: "Fixed assets" },
  fixedAssetsTotal: { zh: "固定资产总额", en: "Fixed assets, total" },
  fixedAssetsInUse: { zh: "在用固定资产", en: "Fixed assets in use" },
  lines: { zh: "资金明细", en: "Funds lines" },
  source: { zh: "资金来源", en: "Source" },
  categories: { zh: "支出类别", en: "Categories" },
  initial: { zh: "年初预算", en: "Initial budget" },
  adjusted: { zh: "调整后预算", en: "Adjusted budget" },
  initialBudget: { zh: "年初预算", en: "Initial budget" },
  adjustedBudget: { zh: "调整后预算", en: "Adjusted budget" },
  carryover: { zh: "结转结余", en: "Carry-over" },
  priorYearActual: { zh: "上年实际支出", en: "Prior-year spending" },
  subtotal: { zh: "小计", en: "Subtotal" },
  executionRate: { zh: "预算执行率", en: "Execution rate" },
  text: { zh: "内容", en: "Text" },
  rules: { zh: "依据规则", en: "Rules" },
};

/** Labels that differ by where the key sits (the parent key): an actual in a funds line is spending. */
const CONTEXT_LABELS: Readonly<Record<string, Readonly<Record<string, Bilingual>>>> = {
  lines: { actual: { zh: "实际支出", en: "Actual spending" }, unit: { zh: "金额单位", en: "Money unit" } },
  budget: { actual: { zh: "实际支出", en: "Actual spending" } },
  units: { budget: { zh: "预算", en: "Budget" } },
  findings: { text: { zh: "问题", en: "Finding" } },
  recommendations: { text: { zh: "建议", en: "Recommendation" } },
};

/** Lists whose elements people call by name (the element's `name`, else its number). */
const NAMED_LISTS: Readonly<Record<string, Bilingual>> = {
  indicators: { zh: "指标", en: "indicator" },
  children: { zh: "指标", en: "indicator" },
  lines: { zh: "资金", en: "funds line" },
  units: { zh: "单位", en: "unit" },
  outcomes: { zh: "产出", en: "outcome" },
  findings: { zh: "问题", en: "finding" },
  recommendations: { zh: "建议", en: "recommendation" },
  table: { zh: "目标", en: "goal" },
};

const labelOf = (key: string, parent: string | undefined): Bilingual =>
  (parent !== undefined ? CONTEXT_LABELS[parent]?.[key] : undefined) ?? FIELD_LABELS[key] ?? { zh: key, en: key };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Where `path` points in `doc`, in words: the nearest named thing (an indicator, a funds line, a
 * unit …) and the field under it.
 * @example describePath(doc, ["indicators", 0, "children", 1, "actual"]) // { zh: "城镇新增就业人数 · 实际值", en: "城镇新增就业人数 · Actual" }
 */
export function describePath(doc: unknown, path: JsonPath): Bilingual {
  let node: unknown = doc;
  let subject: string | undefined;
  let rest: Bilingual[] = [];
  let parentKey: string | undefined;
  let listKey: string | undefined;
  for (const seg of path) {
    if (typeof seg === "number") {
      const el: unknown = Array.isArray(node) ? node[seg] : undefined;
      const list = listKey !== undefined ? NAMED_LISTS[listKey] : undefined;
      const name = isRecord(el) && typeof el["name"] === "string" && el["name"] ? el["name"] : undefined;
      if (list && name) {
        subject = name;
        rest = [];
      } else if (list) {
        subject = undefined;
        rest = [...(listKey === "children" || listKey === "indicators" ? [] : [labelOf(listKey!, parentKey)]), ordinal(list, seg)];
      } else rest.push({ zh: `第${seg + 1}项`, en: `#${seg + 1}` });
      node = el;
      continue;
    }
    rest.push(labelOf(seg, parentKey));
    parentKey = seg;
    listKey = seg;
    node = isRecord(node) ? node[seg] : undefined;
  }
  const zh = [subject, ...rest.map((p) => p.zh)].filter(Boolean).join(" · ");
  const en = [subject, ...rest.map((p) => p.en)].filter(Boolean).join(" · ");
  return { zh: zh || "整个文件", en: en || "the whole document" };
}

const ordinal = (list: Bilingual, i: number): Bilingual => ({ zh: `${list.zh} ${i + 1}`, en: `${list.en} ${i + 1}` });

/** "indicators[0].children[2].actual" → ["indicators", 0, "children", 2, "actual"] (pathText's inverse). */
export function parsePathText(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of text.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

const VALUE_TEXT_MAX = 120;

/**
 * A stored value as text: figures and words as they are, 是/否, a named thing by its name, a list
 * by its count, anything else as compact JSON cut to 120 characters; nothing as "—".
 */
export function valueText(v: unknown, lang: "zh" | "en" = "zh"): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "string") return v.length > VALUE_TEXT_MAX ? `${v.slice(0, VALUE_TEXT_MAX)}…` : v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return lang === "zh" ? (v ? "是" : "否") : v ? "yes" : "no";
  if (Array.isArray(v)) return lang === "zh" ? `${v.length} 项` : `${v.length} item(s)`;
  if (isRecord(v) && typeof v["name"] === "string") return v["name"];
  if (isRecord(v) && typeof v["text"] === "string") return valueText(v["text"], lang);
  const s = JSON.stringify(v);
  return s.length > VALUE_TEXT_MAX ? `${s.slice(0, VALUE_TEXT_MAX)}…` : s;
}

/**
 * Audit actions in words. Status actions are ACTION_LABELS' (提交, 退回 …); a feature that writes
 * its own audit entries adds its action here, so the history never shows a raw action name.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, Bilingual>> = {
  "evaluation.create": { zh: "新建评价", en: "Created" },
  "evaluation.update": { zh: "修改", en: "Edited" },
  "evaluation.correct": { zh: "更正", en: "Corrected" },
  "evaluation.submit": { zh: "提交", en: "Submitted" },
  "evaluation.return": { zh: "退回", en: "Returned" },
  "evaluation.accept": { zh: "审核通过", en: "Accepted" },
  "evaluation.publish": { zh: "发布", en: "Published" },
  "evaluation.archive": { zh: "归档", en: "Archived" },
  "evaluation.assignExpert": { zh: "分配专家", en: "Experts assigned" },
  "revision.create": { zh: "保存版本", en: "Revision saved" },
  "dataRequest.create": { zh: "发出资料清单", en: "Data request sent" },
  "dataRequest.answer": { zh: "填报资料", en: "Data supplied" },
  "dataRequest.take": { zh: "采纳资料", en: "Data taken in" },
  "dataRequest.return": { zh: "退回资料", en: "Data returned" },
  "feedback.create": { zh: "提出反馈意见", en: "Feedback written" },
  "feedback.answer": { zh: "答复反馈意见", en: "Feedback answered" },
  "commission.create": { zh: "新建委托", en: "Commissioned" },
};
