/**
 * Deterministic synthetic evaluations for benchmarks and demo portfolios: 4 level-1
 * indicators × 2 level-2 × 5 leaves = 40 leaves, mixing the rules used in practice.
 * Clearly synthetic: the subject is "合成单位 N".
 */
import { type EvaluationInput, type IndicatorInput, seededRandom } from "@jixiao/engine";

const LEVEL1: Array<[string, number]> = [
  ["决策", 20],
  ["过程", 20],
  ["产出", 30],
  ["效益", 30],
];

/** Integer cents as a 2-place decimal string ("1234" → "12.34"). */
function cents(n: number): string {
  const s = String(Math.abs(n)).padStart(3, "0");
  return `${n < 0 ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}

export interface SyntheticLeaf {
  kind: "up" | "down" | "interval" | "step" | "qualitative";
  points: number; // in cents of a point
  target: number; // plain number
  actual: number;
}

/** Templates the evaluations share (a province scores its projects on a handful of indicator systems). */
export const SYNTHETIC_TEMPLATES = 50;

/**
 * One synthetic evaluation; `leaves` mirrors its numbers for the plain-number baseline. Its
 * indicator system (rules, targets) is template `i % SYNTHETIC_TEMPLATES`; its actuals its own.
 */
export function syntheticEvaluation(i: number, leaves: SyntheticLeaf[] = []): EvaluationInput {
  const shape = seededRandom(1_000_003 + (i % SYNTHETIC_TEMPLATES));
  const values = seededRandom(i + 1);
  const indicators: IndicatorInput[] = LEVEL1.map(([name, weight], a) => {
    const children: IndicatorInput[] = [0, 1].map((b) => {
      const per = (weight * 100) / 10; // points of a leaf, in cents
      const grandchildren: IndicatorInput[] = [0, 1, 2, 3, 4].map((c) => {
        const r = shape();
        const points = per;
        const target = 50 + Math.floor(shape() * 950);
        const actual = Math.floor(target * (0.6 + values() * 0.6));
        const base = { id: `${a + 1}.${b + 1}.${c + 1}`, name: `指标${a + 1}${b + 1}${c + 1}`, weight: cents(points) };
        if (r < 0.45) {
          leaves.push({ kind: "up", points, target, actual });
          return { ...base, target: `≥${target}`, unit: "件", actual };
        }
        if (r < 0.6) {
          leaves.push({ kind: "down", points, target, actual });
          return { ...base, target: `≤${target}`, direction: "反向", actual };
        }
        if (r < 0.75) {
          const pct = 70 + Math.floor(values() * 60);
          leaves.push({ kind: "interval", points, target: 0, actual: pct });
          return { ...base, target: "80%-120%", unit: "%", actual: pct, rule: { type: "interval", deductionPerStep: 0.1 } };
        }
        if (r < 0.9) {
          const pct = 90 + Math.floor(values() * 11);
          leaves.push({ kind: "step", points, target: 100, actual: pct });
          return { ...base, unit: "%", actual: pct, rule: { type: "step", threshold: 100, deduct: 0.1, when: "below" } };
        }
        const level = values() < 0.7 ? "完全达成" : "部分达成";
        leaves.push({ kind: "qualitative", points, target: 0, actual: level === "完全达成" ? 1 : 0.6 });
        return { ...base, target: "规范", actual: level };
      });
      return { id: `${a + 1}.${b + 1}`, name: `${name}${b + 1}`, weight: cents(per * 5), children: grandchildren };
    });
    return { id: String(a + 1), name, weight, children };
  });
  return {
    schemaVersion: 1,
    meta: {
      title: `合成评价 ${i}（synthetic）`,
      kind: "项目支出",
      fiscalYear: 2020 + (i % 6),
      subject: `合成单位 ${i}`,
      evaluationType: "第三方",
    },
    indicators,
  };
}
