/**
 * Templates: new evaluation documents with a ready indicator tree (评价指标体系) whose weights,
 * scoring rules, targets, 指标解释 and 评分标准 follow the national frameworks:
 *
 * - `department`      部门整体支出 — 财预〔2013〕53号 附件 (部门整体支出绩效评价共性指标体系框架)
 * - `project`         项目支出 — 财预〔2020〕10号 附件 (项目支出绩效评价指标体系框架)
 * - `self-evaluation` 项目支出绩效自评表 — 财预〔2020〕10号 (产出 50 / 效益 30 / 满意度 10 / 预算执行率 10)
 *
 * A template is the INPUT form of the file (plain JSON-able objects, as a YAML file would hold
 * them); it has no actual values yet. Thresholds and deduction steps (e.g. "每超过1个百分点扣0.5分")
 * are suggested defaults: provinces and years differ, so evaluators edit them as data.
 * Leaves that match a standard formula (formulas.ts) carry `formula`, so their actual is
 * computed from the organisation and funds once those are filled in.
 */
import type * as z from "zod";
import type { EvaluationInput, IndicatorInput, RuleSchema } from "./model.js";

export interface TemplateInfo {
  id: string;
  name: string;
  name_en: string;
  description: string;
  description_en: string;
}

export interface TemplateOptions {
  /** 预算年度; default 2025. */
  fiscalYear?: number;
  /** 评价对象（单位或项目名称）; default "（评价对象）". */
  subject?: string;
  /** 报告标题; default derived from subject, year and template. */
  title?: string;
}

export const TEMPLATES: readonly TemplateInfo[] = Object.freeze([
  Object.freeze({
    id: "department",
    name: "部门整体支出绩效评价（共性指标）",
    name_en: "Department overall expenditure evaluation (common indicators)",
    description:
      "依据财预〔2013〕53号《部门整体支出绩效评价共性指标体系框架》：投入20、过程30、产出25、效果25；在职人员控制率、预算执行率、“三公经费”控制率等指标由标准公式自动计算。",
    description_en:
      'After the 2013 common indicator framework for whole-department expenditure (Cai Yu [2013] No. 53): inputs 20, process 30, outputs 25, effects 25; staff control, budget execution, "three public costs" and similar rates are computed by the standard formulas.',
  }),
  Object.freeze({
    id: "project",
    name: "项目支出绩效评价（共性指标）",
    name_en: "Project expenditure evaluation (common indicators)",
    description:
      "依据财预〔2020〕10号《项目支出绩效评价管理办法》附件《项目支出绩效评价指标体系框架（参考）》：决策15、过程15、产出40、效益30。",
    description_en:
      "After the reference indicator framework annexed to the 2020 Measures for project expenditure evaluation (Cai Yu [2020] No. 10): decision 15, process 15, outputs 40, benefits 30.",
  }),
  Object.freeze({
    id: "self-evaluation",
    name: "项目支出绩效自评表",
    name_en: "Project expenditure self-evaluation form",
    description:
      "依据财预〔2020〕10号单位自评要求：产出指标50、效益指标30、满意度指标10、预算执行率10；三级指标为占位指标，请按年初批复的绩效目标表替换。",
    description_en:
      "The unit self-evaluation form of Cai Yu [2020] No. 10: outputs 50, benefits 30, satisfaction 10, budget execution 10; the level-3 indicators are placeholders to be replaced by the approved annual performance targets.",
  }),
]);

// ── building blocks ─────────────────────────────────────────────────────────────────────────

type RuleInput = z.input<typeof RuleSchema>;

/** The standard formulas (formulas.ts) the templates refer to. */
type FormulaId =
  | "staffControlRate"
  | "threeCostsChangeRate"
  | "keyExpenditureRate"
  | "budgetExecutionRate"
  | "budgetAdjustmentRate"
  | "carryoverRate"
  | "publicExpenseControlRate"
  | "threeCostsControlRate"
  | "procurementExecutionRate"
  | "fixedAssetUtilisation";

interface Spec {
  name: string;
  weight: number;
  description?: string;
  criteria?: string;
  target?: string;
  unit?: string;
  formula?: FormulaId;
  rule?: RuleInput;
  children?: Spec[];
}

const QUALITATIVE_BANDS = "完全达成得满分，部分达成按分值的60%计分，未达成不得分。";

const group = (name: string, weight: number, children: Spec[], description?: string): Spec => ({
  name,
  weight,
  children,
  ...(description !== undefined ? { description } : {}),
});

/** 定性指标: 完全达成 / 部分达成 / 未达成. */
const qualitative = (name: string, weight: number, target: string, description: string, points: string): Spec => ({
  name,
  weight,
  target,
  rule: { type: "qualitative" },
  description,
  criteria: `${points}${QUALITATIVE_BANDS}`,
});

/** 比例法: met → full; otherwise actual / target × points (反向: target / actual). */
const proportional = (name: string, weight: number, target: string, description: string, criteria: string, formula?: FormulaId): Spec => ({
  name,
  weight,
  target,
  unit: "%",
  rule: { type: "proportional" },
  description,
  criteria,
  ...(formula !== undefined ? { formula } : {}),
});

/** 阶梯扣分: deduct `deduct` per `step` percentage points above/below `threshold`. */
const stepped = (
  name: string,
  weight: number,
  target: string,
  step: { threshold: number; deduct: number; when: "above" | "below"; step?: number },
  description: string,
  criteria: string,
  formula?: FormulaId,
): Spec => ({
  name,
  weight,
  target,
  unit: "%",
  rule: { type: "step", threshold: step.threshold, step: step.step ?? 1, deduct: step.deduct, when: step.when },
  description,
  criteria,
  ...(formula !== undefined ? { formula } : {}),
});

/** 清单扣分: every item starts as met; each one found not met loses its points. */
const checklist = (
  name: string,
  weight: number,
  target: string,
  items: Array<[string, number]>,
  description: string,
  criteria: string,
): Spec => ({
  name,
  weight,
  target,
  rule: { type: "checklist", mode: "deduct", items: items.map(([item, points]) => ({ name: item, points })) },
  description,
  criteria,
});

/** 扣分制: full points less the deductions recorded on the node. */
const deduction = (name: string, weight: number, target: string, description: string, criteria: string): Spec => ({
  name,
  weight,
  target,
  rule: { type: "deduction" },
  description,
  criteria,
});

// ── 部门整体支出 (财预〔2013〕53号) ──────────────────────────────────────────────────────────

function departmentTree(): Spec[] {
  return [
    group("投入", 20, [
      group("目标设定", 8, [
        qualitative(
          "绩效目标合理性",
          4,
          "合理",
          "部门（单位）所设立的整体绩效目标依据是否充分，是否符合客观实际，用以反映和考核部门（单位）整体绩效目标与部门履职、年度工作任务的相符性情况。",
          "评价要点：①是否符合国家法律法规、国民经济和社会发展总体规划；②是否符合部门“三定”方案确定的职责；③是否符合部门制定的中长期实施规划。",
        ),
        qualitative(
          "绩效指标明确性",
          4,
          "明确",
          "部门（单位）依据整体绩效目标所设定的绩效指标是否清晰、细化、可衡量，用以反映和考核部门（单位）整体绩效目标的明细化情况。",
          "评价要点：①是否将部门整体的绩效目标细化分解为具体的工作任务；②是否通过清晰、可衡量的指标值予以体现；③是否与部门年度的任务数或计划数相对应；④是否与本年度部门预算资金相匹配。",
        ),
      ]),
      group("预算配置", 12, [
        stepped(
          "在职人员控制率",
          4,
          "≤100%",
          { threshold: 100, deduct: 0.5, when: "above" },
          "部门（单位）本年度实际在职人员数与编制数的比率，用以反映和考核部门（单位）对人员成本的控制程度。在职人员控制率=（在职人员数/编制数）×100%。",
          "在职人员控制率=在职人员数/编制数×100%；≤100%得满分，每超过1个百分点扣0.5分，扣完为止。",
          "staffControlRate",
        ),
        stepped(
          "“三公经费”变动率",
          4,
          "≤0%",
          { threshold: 0, deduct: 0.4, when: "above" },
          "部门（单位）本年度“三公经费”实际支出数与上年度的变动比率，用以反映和考核部门（单位）对控制重点行政成本的努力程度。“三公经费”变动率=[（本年度“三公经费”总额-上年度“三公经费”总额）/上年度“三公经费”总额]×100%。",
          "“三公经费”变动率≤0得满分；每增长1个百分点扣0.4分，扣完为止。",
          "threeCostsChangeRate",
        ),
        proportional(
          "重点支出安排率",
          4,
          "≥90%",
          "部门（单位）本年度预算安排的重点项目支出与项目总支出的比率，用以反映和考核部门（单位）对履行主要职责或完成重点任务的保障程度。重点支出安排率=（重点项目支出/项目总支出）×100%。",
          "重点支出安排率≥90%得满分；低于90%的，按 重点支出安排率/90%×分值 计分。",
          "keyExpenditureRate",
        ),
      ]),
    ]),
    group("过程", 30, [
      group("预算执行", 16, [
        stepped(
          "预算完成率（预算执行率）",
          2,
          "100%",
          { threshold: 100, deduct: 0.1, when: "below" },
          "部门（单位）本年度预算完成数与预算数的比率，用以反映和考核部门（单位）预算完成程度。预算执行率=实际支出/调整后预算×100%。",
          "预算执行率=实际支出/调整后预算×100%；达到100%得满分，每低于1个百分点扣0.1分，扣完为止。",
          "budgetExecutionRate",
        ),
        {
          name: "预算调整率",
          weight: 2,
          target: "-10%～10%",
          unit: "%",
          formula: "budgetAdjustmentRate",
          rule: { type: "interval", deductionPerStep: 0.1, step: 1 },
          description:
            "部门（单位）本年度预算调整数与年初预算数的比率，用以反映和考核部门（单位）预算的调整程度。预算调整率=（调整后预算-年初预算）/年初预算×100%（因落实国家政策、发生不可抗力、上级部门或本级党委政府临时交办而产生的调整除外）。",
          criteria: "预算调整率在-10%～10%之间得满分；超出区间的，每超出1个百分点扣0.1分，扣完为止。",
        },
        proportional(
          "支付进度率",
          2,
          "100%",
          "部门（单位）实际支付进度与既定支付进度的比率，用以反映和考核部门（单位）预算执行的及时性和均衡性程度。支付进度率=（实际支付进度/既定支付进度）×100%。",
          "支付进度率达到100%得满分；低于100%的，按 支付进度率×分值 计分。",
        ),
        stepped(
          "结转结余率",
          2,
          "≤5%",
          { threshold: 5, deduct: 0.2, when: "above" },
          "部门（单位）本年度结转结余总额与支出预算数的比率，用以反映和考核部门（单位）对本年度结转结余资金的实际控制程度。结转结余率=结转结余总额/调整后预算×100%。",
          "结转结余率≤5%得满分；每超过1个百分点扣0.2分，扣完为止。",
          "carryoverRate",
        ),
        stepped(
          "结转结余变动率",
          2,
          "≤0%",
          { threshold: 0, deduct: 0.1, when: "above" },
          "部门（单位）本年度累计结转结余资金总额与上年度的变动比率，用以反映和考核部门（单位）对控制结转结余资金的努力程度。结转结余变动率=[（本年度累计结转结余资金总额-上年度累计结转结余资金总额）/上年度累计结转结余资金总额]×100%。",
          "结转结余变动率≤0得满分；每增长1个百分点扣0.1分，扣完为止。",
        ),
        stepped(
          "公用经费控制率",
          2,
          "≤100%",
          { threshold: 100, deduct: 0.2, when: "above" },
          "部门（单位）本年度实际支出的公用经费总额与预算安排的公用经费总额的比率，用以反映和考核部门（单位）对机构运转成本的实际控制程度。公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。",
          "公用经费控制率≤100%得满分；每超过1个百分点扣0.2分，扣完为止。",
          "publicExpenseControlRate",
        ),
        stepped(
          "“三公经费”控制率",
          2,
          "≤100%",
          { threshold: 100, deduct: 0.2, when: "above" },
          "部门（单位）本年度“三公经费”实际支出数与预算安排数的比率，用以反映和考核部门（单位）对“三公经费”的实际控制程度。“三公经费”控制率=（“三公经费”实际支出数/“三公经费”预算安排数）×100%。",
          "“三公经费”控制率≤100%得满分；每超过1个百分点扣0.2分，扣完为止。",
          "threeCostsControlRate",
        ),
        proportional(
          "政府采购执行率",
          2,
          "100%",
          "部门（单位）本年度实际政府采购金额与年初政府采购预算的比率，用以反映和考核部门（单位）政府采购预算执行情况。政府采购执行率=（实际政府采购金额/政府采购预算数）×100%。",
          "政府采购执行率达到100%得满分；低于100%的，按 政府采购执行率×分值 计分。",
          "procurementExecutionRate",
        ),
      ]),
      group("预算管理", 8, [
        checklist(
          "管理制度健全性",
          2,
          "健全",
          [
            ["已制定或具有预算资金管理办法", 0.5],
            ["已制定或具有内部财务管理制度", 0.5],
            ["已制定或具有会计核算制度", 0.5],
            ["相关管理制度合法、合规、完整并得到有效执行", 0.5],
          ],
          "部门（单位）为加强预算管理、规范财务行为而制定的管理制度是否健全完整，用以反映和考核部门（单位）预算管理制度对完成主要职责或促进事业发展的保障情况。",
          "评价要点：①是否已制定或具有预算资金管理办法、内部财务管理制度、会计核算制度等管理制度；②相关管理制度是否合法、合规、完整；③相关管理制度是否得到有效执行。清单所列每项不符合扣0.5分，扣完为止。",
        ),
        deduction(
          "资金使用合规性",
          2,
          "合规",
          "部门（单位）使用预算资金是否符合相关的预算财务管理制度的规定，用以反映和考核部门（单位）预算资金的规范运行情况。",
          "评价要点：①是否符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；②资金的拨付是否有完整的审批程序和手续；③项目的重大开支是否经过评估论证；④是否符合部门预算批复的用途；⑤是否存在截留、挤占、挪用、虚列支出等情况。每发现一处问题扣0.5分，扣完为止。",
        ),
        qualitative(
          "预决算信息公开性",
          2,
          "按规定公开",
          "部门（单位）是否按照政府信息公开有关规定公开相关预决算信息，用以反映和考核部门（单位）预决算管理的公开透明情况。",
          "评价要点：①是否按规定内容公开预决算信息；②是否按规定时限公开预决算信息。",
        ),
        qualitative(
          "基础信息完善性",
          2,
          "完善",
          "部门（单位）基础信息是否完善，用以反映和考核基础信息对预算管理工作的支撑情况。",
          "评价要点：①基础数据信息和会计信息资料是否真实；②基础数据信息和会计信息资料是否完整；③基础数据信息和会计信息资料是否准确。",
        ),
      ]),
      group("资产管理", 6, [
        checklist(
          "管理制度健全性",
          2,
          "健全",
          [
            ["已制定或具有资产管理制度", 0.5],
            ["资产管理制度合法、合规", 0.5],
            ["资产管理制度完整（覆盖配置、使用、处置）", 0.5],
            ["资产管理制度得到有效执行", 0.5],
          ],
          "部门（单位）为加强资产管理、规范资产管理行为而制定的管理制度是否健全完整，用以反映和考核部门（单位）资产管理制度对完成主要职责或促进社会发展的保障情况。",
          "评价要点：①是否已制定或具有资产管理制度；②相关资产管理制度是否合法、合规、完整；③相关资产管理制度是否得到有效执行。清单所列每项不符合扣0.5分，扣完为止。",
        ),
        deduction(
          "资产管理安全性",
          2,
          "安全",
          "部门（单位）的资产是否保存完整、使用合规、配置合理、处置规范、收入及时足额上缴，用以反映和考核部门（单位）资产安全运行情况。",
          "评价要点：①资产保存是否完整；②资产配置是否合理；③资产处置是否规范；④资产账务管理是否合规，是否账实相符；⑤资产是否有偿使用及处置收入是否及时足额上缴。每发现一处问题扣0.4分，扣完为止。",
        ),
        proportional(
          "固定资产利用率",
          2,
          "100%",
          "部门（单位）实际在用固定资产总额与所有固定资产总额的比率，用以反映和考核部门（单位）固定资产使用效率程度。固定资产利用率=（实际在用固定资产总额/所有固定资产总额）×100%。",
          "固定资产利用率达到100%得满分；低于100%的，按 固定资产利用率×分值 计分。",
          "fixedAssetUtilisation",
        ),
      ]),
    ]),
    group("产出", 25, [
      group("职责履行", 25, [
        proportional(
          "实际完成率",
          7,
          "100%",
          "部门（单位）履行职责而实际完成工作数与计划工作数的比率，用以反映和考核部门（单位）履职工作任务目标的实现程度。实际完成率=（实际完成工作数/计划工作数）×100%。",
          "实际完成率达到100%得满分；低于100%的，按 实际完成率×分值 计分。",
        ),
        proportional(
          "完成及时率",
          6,
          "100%",
          "部门（单位）在规定时限内及时完成的实际工作数与计划工作数的比率，用以反映和考核部门（单位）履职时效目标的实现程度。完成及时率=（及时完成实际工作数/计划工作数）×100%。",
          "完成及时率达到100%得满分；低于100%的，按 完成及时率×分值 计分。",
        ),
        proportional(
          "质量达标率",
          6,
          "100%",
          "部门（单位）达到质量标准（绩效标准值）的实际工作数与计划工作数的比率，用以反映和考核部门（单位）履职质量目标的实现程度。质量达标率=（质量达标实际工作数/计划工作数）×100%。",
          "质量达标率达到100%得满分；低于100%的，按 质量达标率×分值 计分。",
        ),
        proportional(
          "重点工作办结率",
          6,
          "100%",
          "部门（单位）年度重点工作实际完成数与交办或下达数的比率，用以反映部门（单位）对重点工作的办理落实程度。重点工作办结率=（重点工作实际完成数/交办或下达数）×100%。",
          "重点工作办结率达到100%得满分；低于100%的，按 重点工作办结率×分值 计分。",
        ),
      ]),
    ]),
    group("效果", 25, [
      group("履职效益", 25, [
        qualitative(
          "经济效益",
          5,
          "明显",
          "部门（单位）履行职责对经济发展所带来的直接或间接影响情况。",
          "根据部门（单位）履职对经济发展的直接或间接影响评价。",
        ),
        qualitative(
          "社会效益",
          7,
          "明显",
          "部门（单位）履行职责对社会发展所带来的直接或间接影响情况。",
          "根据部门（单位）履职对社会发展的直接或间接影响评价。",
        ),
        qualitative(
          "生态效益",
          5,
          "明显",
          "部门（单位）履行职责对生态环境所带来的直接或间接影响情况。",
          "根据部门（单位）履职对生态环境的直接或间接影响评价；不适用的可标注为不适用，同级指标按比例折算。",
        ),
        proportional(
          "社会公众或服务对象满意度",
          8,
          "≥90%",
          "社会公众或部门（单位）的服务对象对部门履职效果的满意程度，一般通过问卷调查取得：满意度=（满意及基本满意的样本数/有效样本总数）×100%。",
          "满意度≥90%得满分；低于90%的，按 满意度/90%×分值 计分。",
        ),
      ]),
    ]),
  ];
}

// ── 项目支出 (财预〔2020〕10号 附件) ─────────────────────────────────────────────────────────

function projectTree(): Spec[] {
  return [
    group("决策", 15, [
      group("项目立项", 4, [
        qualitative(
          "立项依据充分性",
          2,
          "充分",
          "项目立项是否符合法律法规、相关政策、发展规划以及部门职责，用以反映和考核项目立项依据情况。",
          "评价要点：①项目立项是否符合国家法律法规、国民经济发展规划和相关政策；②项目立项是否符合行业发展规划和政策要求；③项目立项是否与部门职责范围相符，属于部门履职所需；④项目是否属于公共财政支持范围，是否符合中央、地方事权支出责任划分原则；⑤项目是否与相关部门同类项目或部门内部相关项目重复。",
        ),
        qualitative(
          "立项程序规范性",
          2,
          "规范",
          "项目申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。",
          "评价要点：①项目是否按照规定的程序申请设立；②审批文件、材料是否符合相关要求；③事前是否已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策。",
        ),
      ]),
      group("绩效目标", 6, [
        qualitative(
          "绩效目标合理性",
          3,
          "合理",
          "项目所设定的绩效目标是否依据充分，是否符合客观实际，用以反映和考核项目绩效目标与项目实施的相符情况。",
          "评价要点：①项目是否有绩效目标；②项目绩效目标与实际工作内容是否具有相关性；③项目预期产出效益和效果是否符合正常的业绩水平；④是否与预算确定的项目投资额或资金量相匹配。",
        ),
        qualitative(
          "绩效指标明确性",
          3,
          "明确",
          "依据绩效目标设定的绩效指标是否清晰、细化、可衡量等，用以反映和考核项目绩效目标的明细化情况。",
          "评价要点：①是否将项目绩效目标细化分解为具体的绩效指标；②是否通过清晰、可衡量的指标值予以体现；③是否与项目目标任务数或计划数相对应。",
        ),
      ]),
      group("资金投入", 5, [
        qualitative(
          "预算编制科学性",
          3,
          "科学",
          "项目预算编制是否经过科学论证、有明确标准，资金额度与年度目标是否相适应，用以反映和考核项目预算编制的科学性、合理性情况。",
          "评价要点：①预算编制是否经过科学论证；②预算内容与项目内容是否匹配；③预算额度测算依据是否充分，是否按照标准编制；④预算确定的项目投资额或资金量是否与工作任务相匹配。",
        ),
        qualitative(
          "资金分配合理性",
          2,
          "合理",
          "项目预算资金分配是否有测算依据，与补助单位或地方实际是否相适应，用以反映和考核项目预算资金分配的科学性、合理性情况。",
          "评价要点：①预算资金分配依据是否充分；②资金分配额度是否合理，与项目单位或地方实际是否相适应。",
        ),
      ]),
    ]),
    group("过程", 15, [
      group("资金管理", 9, [
        proportional(
          "资金到位率",
          3,
          "100%",
          "实际到位资金与预算资金的比率，用以反映和考核资金落实情况对项目实施的总体保障程度。资金到位率=（实际到位资金/预算资金）×100%。",
          "资金到位率达到100%得满分；低于100%的，按 资金到位率×分值 计分。",
        ),
        stepped(
          "预算执行率",
          3,
          "100%",
          { threshold: 100, deduct: 0.1, when: "below" },
          "项目预算资金是否按照计划执行，用以反映或考核项目预算执行情况。预算执行率=实际支出/调整后预算×100%。",
          "预算执行率=实际支出/调整后预算×100%；达到100%得满分，每低于1个百分点扣0.1分，扣完为止。",
          "budgetExecutionRate",
        ),
        deduction(
          "资金使用合规性",
          3,
          "合规",
          "项目资金使用是否符合相关的财务管理制度规定，用以反映和考核项目资金的规范运行情况。",
          "评价要点：①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定；②资金的拨付是否有完整的审批程序和手续；③是否符合项目预算批复或合同规定的用途；④是否存在截留、挤占、挪用、虚列支出等情况。每发现一处问题扣0.5分，扣完为止。",
        ),
      ]),
      group("组织实施", 6, [
        checklist(
          "管理制度健全性",
          3,
          "健全",
          [
            ["已制定或具有相应的财务和业务管理制度", 1.5],
            ["财务和业务管理制度合法、合规、完整", 1.5],
          ],
          "项目实施单位的财务和业务管理制度是否健全，用以反映和考核财务和业务管理制度对项目顺利实施的保障情况。",
          "评价要点：①是否已制定或具有相应的财务和业务管理制度；②财务和业务管理制度是否合法、合规、完整。清单所列每项不符合扣1.5分。",
        ),
        qualitative(
          "制度执行有效性",
          3,
          "有效",
          "项目实施是否符合相关管理规定，用以反映和考核相关管理制度的有效执行情况。",
          "评价要点：①是否遵守相关法律法规和相关管理规定；②项目调整及支出调整手续是否完备；③项目合同书、验收报告、技术鉴定等资料是否齐全并及时归档；④项目实施的人员条件、场地设备、信息支撑等是否落实到位。",
        ),
      ]),
    ]),
    group("产出", 40, [
      group("产出数量", 10, [
        proportional(
          "实际完成率",
          10,
          "100%",
          "项目实施的实际产出数与计划产出数的比率，用以反映和考核项目产出数量目标的实现程度。实际完成率=（实际产出数/计划产出数）×100%。",
          "实际完成率达到100%得满分；低于100%的，按 实际完成率×分值 计分。",
        ),
      ]),
      group("产出质量", 10, [
        proportional(
          "质量达标率",
          10,
          "100%",
          "项目完成的质量达标产出数与实际产出数的比率，用以反映和考核项目产出质量目标的实现程度。质量达标率=（质量达标产出数/实际产出数）×100%。",
          "质量达标率达到100%得满分；低于100%的，按 质量达标率×分值 计分。",
        ),
      ]),
      group("产出时效", 10, [
        {
          name: "完成及时性",
          weight: 10,
          target: "按计划时间完成",
          rule: { type: "qualitative" },
          description:
            "项目实际完成时间与计划完成时间的比较，用以反映和考核项目产出时效目标的实现程度。实际完成时间：项目实施单位完成该项目实际所耗用的时间；计划完成时间：按照项目实施计划或相关规定完成该项目所需的时间。",
          criteria: "按计划时间完成（完全达成）得满分；部分按期完成（部分达成）按分值的60%计分；未按期完成（未达成）不得分。",
        },
      ]),
      group("产出成本", 10, [
        stepped(
          "成本节约率",
          10,
          "≥0%",
          { threshold: 0, deduct: 1, when: "below" },
          "完成项目计划工作目标的实际节约成本与计划成本的比率，用以反映和考核项目的成本节约程度。成本节约率=[（计划成本-实际成本）/计划成本]×100%。",
          "实际成本未超过计划成本（成本节约率≥0）得满分；实际成本每超过计划成本1个百分点扣1分，扣完为止。",
        ),
      ]),
    ]),
    group("效益", 30, [
      group("项目效益", 30, [
        group(
          "实施效益",
          20,
          [
            qualitative(
              "社会效益",
              5,
              "明显",
              "项目实施对社会发展所带来的直接或间接影响情况。",
              "根据项目实施对社会发展的直接或间接影响评价。",
            ),
            qualitative(
              "经济效益",
              5,
              "明显",
              "项目实施对经济发展所带来的直接或间接影响情况。",
              "根据项目实施对经济发展的直接或间接影响评价。",
            ),
            qualitative(
              "生态效益",
              5,
              "明显",
              "项目实施对生态环境所带来的直接或间接影响情况。",
              "根据项目实施对生态环境的直接或间接影响评价。",
            ),
            qualitative(
              "可持续影响",
              5,
              "可持续",
              "项目实施对相关领域长效机制建设、后续运行及持续发挥作用等方面的影响情况。",
              "根据项目后续运行及成效发挥的可持续性评价。",
            ),
          ],
          "项目实施所产生的效益（社会效益、经济效益、生态效益、可持续影响等），可根据项目实际情况有选择地设置和细化；不适用的下级指标可标注为不适用，其余按比例折算。",
        ),
        proportional(
          "满意度",
          10,
          "≥90%",
          "社会公众或服务对象对项目实施效果的满意程度。社会公众或服务对象是指因该项目实施而受到影响的部门（单位）、群体或个人，一般采取社会调查的方式取得。",
          "满意度≥90%得满分；低于90%的，按 满意度/90%×分值 计分。",
        ),
      ]),
    ]),
  ];
}

// ── 项目支出绩效自评表 (财预〔2020〕10号) ────────────────────────────────────────────────────

const PLACEHOLDER = "占位指标：请按年初批复的绩效目标表替换为具体三级指标及指标值";
const QUANT_RULE = "完成指标值的，记该指标所赋全部分值；未完成的，按照完成值与指标值的比例计分。";
const QUAL_RULE =
  "定性指标按达成年度指标、部分达成并具有一定效果、未达成且效果较差三档计分：完全达成得满分，部分达成按分值的60%计分，未达成不得分。";

function selfEvaluationTree(): Spec[] {
  const qual = (name: string, weight: number, what: string, example: string): Spec => ({
    name,
    weight,
    target: "达到预期",
    rule: { type: "qualitative" },
    description: `项目实施对${what}的影响。${PLACEHOLDER}（如：${example}）。`,
    criteria: QUAL_RULE,
  });
  return [
    group("产出指标", 50, [
      group("数量指标", 20, [
        proportional(
          "实际完成率",
          20,
          "100%",
          `实际完成率=（实际完成数/计划数）×100%。${PLACEHOLDER}（如：培训人次、建设里程、补助人数）。`,
          QUANT_RULE,
        ),
      ]),
      group("质量指标", 15, [
        proportional(
          "质量达标率",
          15,
          "100%",
          `质量达标率=（质量达标数/实际完成数）×100%。${PLACEHOLDER}（如：验收合格率、培训合格率）。`,
          QUANT_RULE,
        ),
      ]),
      group("时效指标", 10, [
        proportional(
          "完成及时率",
          10,
          "100%",
          `完成及时率=（按期完成数/计划数）×100%。${PLACEHOLDER}（如：资金拨付及时率、项目按期完工率）。`,
          QUANT_RULE,
        ),
      ]),
      group("成本指标", 5, [
        proportional(
          "成本控制率",
          5,
          "≤100%",
          `成本控制率=（实际成本/计划成本）×100%。${PLACEHOLDER}（如：单位面积建设成本、人均补助标准）。`,
          `${QUANT_RULE}反向指标（越低越好）按 指标值/完成值×分值 计分。`,
        ),
      ]),
    ]),
    group("效益指标", 30, [
      group("经济效益", 5, [qual("经济效益实现情况", 5, "经济发展", "带动相关产业增收")]),
      group("社会效益", 10, [qual("社会效益实现情况", 10, "社会发展", "受益人群覆盖面")]),
      group("生态效益", 5, [qual("生态效益实现情况", 5, "生态环境", "污染物减排量")]),
      group("可持续影响", 10, [qual("可持续影响实现情况", 10, "长效机制与持续发挥作用", "长效管护机制建立情况")]),
    ]),
    group("满意度指标", 10, [
      group("服务对象满意度", 10, [
        proportional(
          "服务对象满意率",
          10,
          "≥90%",
          `服务对象（受益群体）对项目实施效果的满意程度，一般通过问卷调查取得。${PLACEHOLDER}（如：受益群众满意度）。`,
          QUANT_RULE,
        ),
      ]),
    ]),
    group("预算执行率", 10, [
      stepped(
        "预算执行率",
        10,
        "100%",
        { threshold: 100, deduct: 0.1, when: "below" },
        "项目全年预算资金的执行情况。预算执行率=实际支出/调整后预算×100%。",
        "预算执行率=实际支出/调整后预算×100%；达到100%得满分，每低于1个百分点扣0.1分，扣完为止。",
        "budgetExecutionRate",
      ),
    ]),
  ];
}

// ── building the document ───────────────────────────────────────────────────────────────────

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Ids: level 1 "A", level 2 "A1", level 3 "A1.1", level 4 "A1.1.1" — unique in the tree. */
function toIndicator(spec: Spec, id: string): IndicatorInput {
  const { children, rule, ...rest } = spec;
  const out: IndicatorInput = { id, ...rest };
  if (rule !== undefined) out["rule"] = JSON.parse(JSON.stringify(rule)) as unknown;
  if (children !== undefined) {
    out.children = children.map((c, i) => toIndicator(c, /^[A-Z]+$/.test(id) ? `${id}${i + 1}` : `${id}.${i + 1}`));
  }
  return out;
}

interface Definition {
  tree: () => Spec[];
  kind: "部门整体支出" | "项目支出";
  evaluationType: "第三方" | "单位自评";
  title: (subject: string, year: number) => string;
  basis: Array<{ title: string; docNo: string }>;
  organisation: boolean;
}

const DEFINITIONS: Readonly<Record<string, Definition>> = {
  department: {
    tree: departmentTree,
    kind: "部门整体支出",
    evaluationType: "第三方",
    title: (s, y) => `${s}${y}年度部门整体支出绩效评价报告`,
    basis: [{ title: "财政部关于印发《预算绩效评价共性指标体系框架》的通知", docNo: "财预〔2013〕53号" }],
    organisation: true,
  },
  project: {
    tree: projectTree,
    kind: "项目支出",
    evaluationType: "第三方",
    title: (s, y) => `${s}${y}年度项目支出绩效评价报告`,
    basis: [{ title: "财政部关于印发《项目支出绩效评价管理办法》的通知", docNo: "财预〔2020〕10号" }],
    organisation: false,
  },
  "self-evaluation": {
    tree: selfEvaluationTree,
    kind: "项目支出",
    evaluationType: "单位自评",
    title: (s, y) => `${s}${y}年度项目支出绩效自评报告`,
    basis: [{ title: "财政部关于印发《项目支出绩效评价管理办法》的通知", docNo: "财预〔2020〕10号" }],
    organisation: false,
  },
};

const DEFAULT_FISCAL_YEAR = 2025;
const DEFAULT_SUBJECT = "（评价对象）";

/**
 * Build a new evaluation document (the INPUT form: plain JSON-able objects, numbers as JS
 * numbers or strings) from a template. Every call returns fresh objects.
 * Throws RangeError for an unknown id or a fiscal year outside 1990–2100.
 * @example buildTemplate("department", { fiscalYear: 2024, subject: "某市人力资源和社会保障局" })
 */
export function buildTemplate(id: string, options: TemplateOptions = {}): EvaluationInput {
  const def = Object.prototype.hasOwnProperty.call(DEFINITIONS, id) ? DEFINITIONS[id] : undefined;
  if (def === undefined) {
    throw new RangeError(`unknown template "${id}"; expected one of: ${TEMPLATES.map((t) => t.id).join(", ")}`);
  }
  const fiscalYear = options.fiscalYear ?? DEFAULT_FISCAL_YEAR;
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1990 || fiscalYear > 2100) {
    throw new RangeError(`fiscalYear must be an integer from 1990 to 2100, got ${String(fiscalYear)}`);
  }
  const subject = options.subject?.trim() || DEFAULT_SUBJECT;
  const title = options.title?.trim() || def.title(subject, fiscalYear);
  const doc: EvaluationInput = {
    schemaVersion: 1,
    meta: {
      title,
      kind: def.kind,
      fiscalYear,
      subject,
      evaluationType: def.evaluationType,
      basis: def.basis.map((b) => ({ ...b })),
    },
    ...(def.organisation ? { organisation: { units: [] } } : {}),
    funds: { unit: "万元", lines: [] },
    scheme: { preset: "cn-2020" },
    indicators: def.tree().map((spec, i) => toIndicator(spec, LETTERS[i] ?? `L${i + 1}`)),
  };
  return doc;
}

/** Indicator fields that hold one evaluation's data or results, not the scheme. */
const RESULT_FIELDS = [
  "actual",
  "inputs",
  "score",
  "deductions",
  "reason",
  "evidence",
  "stated",
  "grade",
  "assignedTo",
  "notApplicable",
  "notApplicableReason",
] as const;

/**
 * A reusable template (模板) from an evaluation: the indicator tree with its weights, targets,
 * units, directions, rules, formulas and scoring criteria, the scheme (bands, formulas, finding
 * rules) and the metadata's kind — without anything that belongs to one evaluation: actual
 * values and formula inputs, scores, deductions, expert scores, checklist results, stated
 * figures, organisation, funds, goals, outcomes, findings, recommendations and narrative.
 * A checklist keeps its items, all marked not yet met; an expert panel keeps no scores.
 *
 * @example templateFromEvaluation(yangquan, { title: "部门整体支出绩效评价（阳泉模板）" }).indicators[0].name === "履职效能"
 */
export function templateFromEvaluation(doc: EvaluationInput, options: { title?: string } = {}): EvaluationInput {
  const strip = (n: IndicatorInput): IndicatorInput => {
    const out: IndicatorInput = { ...n };
    for (const f of RESULT_FIELDS) delete (out as Record<string, unknown>)[f];
    const rule = n.rule as Record<string, unknown> | undefined;
    if (rule?.["type"] === "checklist" && Array.isArray(rule["items"])) {
      // Not yet assessed in the new evaluation: no `met` until someone decides it.
      out.rule = {
        ...rule,
        items: (rule["items"] as Array<Record<string, unknown>>).map(({ met: _met, ...i }) => i),
      } as IndicatorInput["rule"];
    } else if (rule?.["type"] === "expert") {
      out.rule = { ...rule, scores: [] } as IndicatorInput["rule"];
    }
    if (n.children) out.children = n.children.map(strip);
    return out;
  };
  // The metadata's kind and type stay; who was evaluated, by whom and when do not.
  const meta: EvaluationInput["meta"] = {
    title: options.title ?? doc.meta.title,
    kind: doc.meta.kind,
    fiscalYear: doc.meta.fiscalYear,
    subject: doc.meta.subject,
    evaluationType: doc.meta.evaluationType,
  };
  if (doc.meta.basis !== undefined) meta.basis = doc.meta.basis;
  const template: EvaluationInput = { schemaVersion: doc.schemaVersion, meta, indicators: doc.indicators.map(strip) };
  if (doc.scheme !== undefined) template.scheme = doc.scheme;
  return template;
}
