/**
 * A generated 项目支出 evaluation, as a new evaluator makes one: `jixiao init --template project`
 * (the engine's 财预〔2020〕10号 tree), then the figures typed in — actuals as people write them
 * ("93.2%", "达成预期指标"), a 培训合格率 below its target, a deduction with its reason, dates of
 * the work phases, and findings adopted from the engine's suggestions exactly as the web app adopts
 * them (the evidence texts joined by "；": machine text such as "93.2% vs ≥95%").
 */
import {
  type Evaluation,
  type EvaluationInput,
  type IndicatorInput,
  buildTemplate,
  suggestFindings,
  validateEvaluation,
} from "@jixiao/engine";

type Node = IndicatorInput & { children?: Node[] };

function find(nodes: Node[], id: string): Node {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = n.children ? findOrUndefined(n.children, id) : undefined;
    if (hit) return hit;
  }
  throw new Error(`no indicator ${id}`);
}
function findOrUndefined(nodes: Node[], id: string): Node | undefined {
  try {
    return find(nodes, id);
  } catch {
    return undefined;
  }
}

/** The project evaluation as a file holds it (before findings are adopted). */
export function projectInput(options: { dates?: boolean } = {}): EvaluationInput {
  const doc = buildTemplate("project", { fiscalYear: 2023, subject: "某县人力资源和社会保障局" });
  doc.meta.title = "某县2023年度职业技能提升培训项目支出绩效评价报告";
  doc.meta.commissioner = "某县财政局";
  doc.meta.evaluator = "某某会计师事务所有限公司";
  if (options.dates !== false) {
    doc.meta.reportNo = "某评字〔2024〕第007号";
    doc.meta.dates = {
      start: "2024-03-01",
      end: "2024-05-31",
      report: "2024-06-15",
      phases: [
        { name: "前期准备", start: "2024-03-01", end: "2024-03-15", text: "成立评价工作组，制定评价方案和评价指标体系" },
        { name: "资料收集", start: "2024-03-16", end: "2024-04-10" },
        { name: "现场核查", start: "2024-04-11", end: "2024-04-30", text: "核查培训机构6家，抽查培训档案120份" },
        { name: "问卷调查", start: "2024-04-15", end: "2024-04-30", text: "发放问卷300份，回收有效问卷286份" },
        { name: "报告撰写", start: "2024-05-06", end: "2024-06-15" },
      ],
    };
  }
  doc.funds = {
    unit: "万元",
    lines: [
      { id: "central", name: "中央补助资金", source: "上级补助", adjustedBudget: "320.00", actual: "301.20" },
      { id: "county", name: "县级配套资金", source: "财政拨款", adjustedBudget: "80.00", actual: "80.00" },
    ],
  };
  const tree = doc.indicators as Node[];
  const set = (id: string, fields: Partial<Node>) => Object.assign(find(tree, id), fields);
  for (const id of ["A1.1", "A1.2", "A2.1", "A3.1", "A3.2", "B2.2", "C3.1", "D1.1.1", "D1.1.4"]) set(id, { actual: "达成预期指标" });
  set("A2.2", { actual: "部分达成", reason: "部分产出指标未细化量化，如“培训质量”未设定可衡量的指标值" });
  set("B1.1", { actual: "100%" });
  set("B1.3", {
    deductions: [{ reason: "2笔培训补贴未附培训签到表", points: 0.5 }],
    evidence: ["培训补贴发放明细表（2023年）", "抽查凭证记录（第12、37号凭证）"],
  });
  const checklist = find(tree, "B2.1").rule as { items: Array<{ met?: boolean; note?: string }> };
  checklist.items[0]!.met = true;
  checklist.items[1]!.met = false;
  checklist.items[1]!.note = "未制定培训机构考核办法";
  set("C1.1", { actual: "96.4%" });
  // The issue's own example: 培训合格率 93.20% against ≥95%, pro rata 9.81 of 10.
  set("C2.1", { name: "培训合格率", target: "≥95%", actual: "93.2%", evidence: ["结业考核成绩汇总表"] });
  set("C4.1", { actual: "2.5%" });
  set("D1.1.2", { notApplicable: true, notApplicableReason: "职业技能培训不以直接经济效益为目标" });
  set("D1.1.3", { notApplicable: true, notApplicableReason: "项目不涉及生态环境" });
  const rest = find(tree, "D").children!;
  for (const n of rest.flatMap((c) => c.children ?? [])) {
    if (n.id === "D1.1") continue;
    if (!n.children) n.actual ??= n.target === undefined ? "达成预期指标" : n.target;
    for (const c of n.children ?? []) c.actual ??= c.target === undefined ? "达成预期指标" : String(c.target);
  }
  return doc;
}

/** The project evaluation with findings adopted from the engine's suggestions, as the web app adopts them. */
export function projectEvaluation(options: { dates?: boolean } = {}): Evaluation {
  const input = projectInput(options);
  const first = validateEvaluation(input);
  if (!first.ok) throw new Error(`the project evaluation does not validate: ${JSON.stringify(first.problems).slice(0, 800)}`);
  const suggested = suggestFindings(first.evaluation);
  input.findings = suggested.map((s, i) => ({
    id: `F${i + 1}`,
    title: s.title.zh,
    rules: [s.rule],
    text: s.evidence.map((x) => x.text.zh).join("；"),
  }));
  input.recommendations = [
    { id: "R1", title: "加强培训过程管理，提高培训质量", findings: ["F1"], text: "建议加强对培训机构的过程监管和结业考核。" },
  ];
  const r = validateEvaluation(input);
  if (!r.ok) throw new Error(`the project evaluation does not validate: ${JSON.stringify(r.problems).slice(0, 800)}`);
  return r.evaluation;
}
