/**
 * Synthetic evaluations for tests and the benchmark: deterministic (seeded), valid, and varied
 * (3-level trees with proportional, interval and direct scores; units over and under quota;
 * fund lines in 万元 and 元; narrative with placeholders).
 */
import { type Evaluation, type EvaluationInput, seededRandom, validateEvaluation } from "@jixiao/engine";

const LEVEL1 = [
  ["决策", ["项目立项", "绩效目标", "资金投入"]],
  ["过程", ["资金管理", "组织实施"]],
  ["产出", ["产出数量", "产出质量", "产出时效"]],
  ["效益", ["社会效益", "满意度"]],
] as const;

/** The i-th synthetic evaluation, as a file would hold it. */
export function syntheticInput(i: number): EvaluationInput {
  const r = seededRandom(i * 7919 + 17);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const money = (lo: number, hi: number) => (int(lo * 100, hi * 100) / 100).toFixed(2);
  const year = 2018 + (i % 7);
  const subject = `某市第${i + 1}局`;
  const unitCount = int(3, 9);
  const units = Array.from({ length: unitCount }, (_, k) => {
    const quota = int(4, 80);
    return {
      id: `u${k}`,
      name: `${subject}${k === 0 ? "机关" : `下属中心${k}`}`,
      type: k === 0 ? ("行政" as const) : ("公益一类" as const),
      isDepartment: k === 0,
      quota,
      inPost: Math.max(0, quota + int(-Math.ceil(quota / 2), 4)),
    };
  });
  const lines = Array.from({ length: int(2, 5) }, (_, k) => {
    const adjusted = money(100, 50000);
    const inYuan = k === 1;
    return {
      id: `f${k}`,
      name: ["基本支出", "项目支出", "专项资金", "上级补助", "其他资金"][k]!,
      source: k % 2 === 0 ? "财政拨款" : "上级补助",
      unit: inYuan ? ("元" as const) : ("万元" as const),
      adjustedBudget: inYuan ? String(int(100000, 9000000)) : adjusted,
      actual: inYuan ? String(int(90000, 8000000)) : money(50, Number(adjusted)),
    };
  });
  const weights = [20, 20, 30, 30];
  const indicators = LEVEL1.map(([name, subs], a) => {
    const w = weights[a]!;
    const shares = subs.length === 2 ? [w / 2, w / 2] : [w - 2 * Math.floor(w / 3), Math.floor(w / 3), Math.floor(w / 3)];
    return {
      id: String.fromCharCode(65 + a),
      name,
      weight: w,
      children: subs.map((sub, b) => {
        const sw = shares[b]!;
        const half = sw / 2;
        return {
          id: `${String.fromCharCode(65 + a)}${b + 1}`,
          name: sub,
          weight: sw,
          children: [
            {
              id: `${String.fromCharCode(65 + a)}${b + 1}1`,
              name: `${sub}完成率`,
              weight: half,
              target: "≥95%",
              unit: "%",
              actual: money(70, 100),
            },
            b % 2 === 0
              ? {
                  id: `${String.fromCharCode(65 + a)}${b + 1}2`,
                  name: `${sub}数量`,
                  weight: half,
                  target: `≥${int(50, 500)}`,
                  unit: "个",
                  actual: int(30, 520),
                }
              : {
                  id: `${String.fromCharCode(65 + a)}${b + 1}2`,
                  name: `${sub}规范性`,
                  weight: half,
                  score: (int(0, half * 100) / 100).toFixed(2),
                  reason: "抽查发现部分资料不完整",
                },
          ],
        };
      }),
    };
  });
  const outcomes = Array.from({ length: 3 }, (_, k) => {
    const target = int(1000, 30000);
    return {
      id: `o${k}`,
      name: ["新增服务人次", "完成项目数", "培训人数"][k]!,
      unit: "人",
      target: `≥${target}`,
      actual: int(Math.floor(target * 0.8), Math.floor(target * 1.2)),
    };
  });
  return {
    schemaVersion: 1,
    meta: {
      title: `${subject}${year}年度部门整体支出绩效评价报告`,
      kind: "部门整体支出",
      fiscalYear: year,
      subject,
      commissioner: "某市财政局",
      evaluator: "某评价机构",
      evaluationType: "第三方",
      basis: [{ title: "关于全面实施预算绩效管理的意见", docNo: "中发〔2018〕34号" }],
    },
    organisation: { internalDivisions: int(3, 20), units },
    funds: { unit: "万元", lines },
    goals: {
      midLongTerm: [{ title: "服务能力稳步提升", text: "到规划期末服务覆盖率达到95%以上" }],
      annual: { text: "完成年度重点任务，提升公共服务水平。" },
      table: LEVEL1.map(([name, subs]) => ({
        name: `${name}目标`,
        children: subs.map((sub) => ({
          name: sub,
          children: [
            { name: `${sub}完成率`, target: "≥95%" },
            { name: `${sub}质量`, target: "达标" },
          ],
        })),
      })),
    },
    indicators,
    outcomes,
    findings: [
      {
        id: "F1",
        title: "下属单位人员空编",
        rules: ["staff/vacancy"],
        text: `${subject}共有{{units.subordinateCount}}个下属单位，其中{{staff.vacantUnits}}个存在空编（见{{table.staffing}}）。`,
      },
      {
        id: "F2",
        title: "部分指标未完成",
        text: "{{outcomes.o0.name}}完成{{outcomes.o0.actual}}人，完成率{{outcomes.o0.completionRate}}。",
      },
    ],
    recommendations: [{ id: "R1", title: "及时补充人员", findings: ["F1"], text: "建议通过招录等方式补充人员。" }],
    narrative: [
      {
        id: "intro",
        title: "引言",
        text: "{{meta.commissioner}}委托{{meta.evaluator}}对{{meta.subject}}{{meta.fiscalYear}}年度部门整体支出{{funds.total}}万元开展了绩效评价。",
      },
      {
        id: "basic",
        title: "基本情况",
        text: "{{meta.subject}}设{{organisation.internalDivisions}}个内设机构，下属单位{{units.subordinateCount}}个，编制{{staff.quota}}人，实有{{staff.inPost}}人，在职人员控制率{{staff.controlRate}}。",
      },
      {
        id: "conclusion",
        title: "评价结论",
        text: "综合得分{{total}}分，绩效评级为“{{grade}}”。其中{{indicators.A.name}}得分{{indicators.A.score}}分，得分率{{indicators.A.rate}}。",
      },
      {
        id: "main-results",
        title: "主要绩效",
        sections: outcomes.map((o) => ({
          title: `${o.name}方面`,
          text: `全年${o.name}{{outcomes.${o.id}.actual}}人，完成全年目标任务的{{outcomes.${o.id}.completionRate}}。`,
        })),
      },
    ],
  } as EvaluationInput;
}

/** The i-th synthetic evaluation, validated. */
export function syntheticEvaluation(i: number): Evaluation {
  const v = validateEvaluation(syntheticInput(i));
  if (!v.ok) throw new Error(`synthetic evaluation ${i} is invalid: ${v.problems.map((p) => `${p.path} ${p.message.en}`).join("; ")}`);
  return v.evaluation;
}
