/**
 * What-if views and requests: one evaluation's outlook (the distance to the next grade and the
 * grade's robustness) and the portfolio what-if (grade migration under changed bands, weights or
 * qualitative levels). Shared by the API, the CLI's --json and the web app; numbers are exact
 * decimal strings.
 */
import {
  type Band,
  type Decimal,
  type Evaluation,
  type Robustness,
  type ScoreResult,
  WHATIF_LIMITS,
  type WhatIfChanges,
  type WhatIfResult,
  bandsFrom,
  dec,
  fixed,
  formatScore,
  gradeRobustness,
  plain,
} from "@jixiao/engine";
import * as z from "zod";
import { nextGradeView } from "./views.js";
import { isForbiddenKey } from "./json-path.js";

const Text = z.object({ zh: z.string(), en: z.string() });

export const RobustnessView = z.object({
  grade: z.string(),
  gradedOn: z.string(),
  range: z.string(),
  keep: z.enum(["total", "siblings"]),
  robust: z.boolean(),
  best: z.string(),
  worst: z.string(),
  weights: z.array(
    z.object({
      direction: z.enum(["up", "down"]),
      grade: z.string(),
      moved: z.string(),
      gradedOn: z.string(),
      shifts: z.array(z.object({ id: z.string(), name: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
  values: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      direction: z.enum(["up", "down"]),
      grade: z.string(),
      kind: z.enum(["actual", "score"]),
      from: z.string(),
      to: z.string(),
      unit: z.string().nullable(),
      relative: z.string().nullable(),
      explanation: Text,
    }),
  ),
  explanation: Text,
});
export type RobustnessView = z.infer<typeof RobustnessView>;

export const OutlookView = z.object({
  total: z.string().nullable(),
  grade: z.string().nullable(),
  nextGrade: z.object({ grade: z.string(), needed: z.string(), explanation: Text }).nullable(),
  robustness: RobustnessView.nullable(),
});
export type OutlookView = z.infer<typeof OutlookView>;

export function robustnessView(r: Robustness): RobustnessView {
  return {
    grade: r.grade,
    gradedOn: formatScore(r.gradedOn),
    range: plain(r.range),
    keep: r.keep,
    robust: r.robust,
    best: formatScore(r.weights.best),
    worst: formatScore(r.weights.worst),
    weights: [r.weights.up, r.weights.down]
      .filter((f) => f !== undefined)
      .map((f) => ({
        direction: f.direction,
        grade: f.grade,
        moved: formatScore(f.moved),
        gradedOn: formatScore(f.gradedOn),
        shifts: f.shifts.map((x) => ({ id: x.node.id, name: x.node.name, from: plain(x.from), to: plain(x.to) })),
      })),
    values: r.values.map((v) => ({
      id: v.node.id,
      name: v.node.name,
      direction: v.direction,
      grade: v.grade,
      kind: v.kind,
      from: v.kind === "score" ? formatScore(v.from) : plain(v.from),
      to: v.kind === "score" ? formatScore(v.to) : plain(v.to),
      unit: v.unit ?? null,
      relative: v.relative ? fixed(v.relative, 4) : null,
      explanation: { zh: v.explanation.zh, en: v.explanation.en },
    })),
    explanation: { zh: r.explanation.zh, en: r.explanation.en },
  };
}

/** The outlook of one evaluation: total, grade, the distance to the next grade and the robustness. */
export function outlookView(
  e: Evaluation | undefined,
  s: ScoreResult,
  options: { range?: string; keep?: "total" | "siblings" } = {},
): OutlookView {
  const r = gradeRobustness(e, s, options);
  return {
    total: s.total ? formatScore(s.total) : null,
    grade: s.grade ?? null,
    nextGrade: nextGradeView(s),
    robustness: r ? robustnessView(r) : null,
  };
}

// ── portfolio what-if ────────────────────────────────────────────────────────────────────────

const decimalText = (what: string) =>
  z
    .string()
    .trim()
    .max(20)
    .regex(/^\d+(\.\d{1,4})?$/, `${what}：应为非负数（至多 4 位小数） / ${what}: a non-negative number with at most 4 places`);

/** Query of the outlook endpoint. */
export const OutlookQuery = z.strictObject({
  range: z
    .string()
    .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, "range：应为 0–1 的小数，如 0.1 / range: a fraction 0–1, e.g. 0.1")
    .optional(),
  keep: z.enum(["total", "siblings"]).optional(),
});

const GradeName = z
  .string()
  .trim()
  .min(1)
  .max(WHATIF_LIMITS.gradeLength)
  .refine((g) => !isForbiddenKey(g), "等级名称不可用 / not a usable grade name");

/** Body of POST /portfolio/whatif. */
export const WhatIfRequest = z
  .object({
    year: z.number().int().min(1990).max(2100).optional(),
    region: z.string().trim().min(1).max(200).optional(),
    bands: z
      .array(z.object({ grade: GradeName, min: decimalText("下限 / min") }).strict())
      .min(1)
      .max(WHATIF_LIMITS.bands)
      .optional(),
    weights: z
      .array(
        z
          .object({
            path: z
              .string()
              .trim()
              .min(1)
              .max(WHATIF_LIMITS.pathLength)
              .refine(
                (p) => !p.split(/[/／>›]/).some((x) => isForbiddenKey(x.trim())),
                "路径含不可用的名称 / a segment of the path is not usable",
              ),
            weight: decimalText("分值 / points"),
          })
          .strict(),
      )
      .max(WHATIF_LIMITS.weights)
      .optional(),
    levels: z
      .array(z.object({ level: GradeName, fraction: decimalText("比例 / fraction") }).strict())
      .max(WHATIF_LIMITS.levels)
      .optional(),
  })
  .strict();
export type WhatIfRequest = z.infer<typeof WhatIfRequest>;

export type ChangesReading = { ok: true; changes: WhatIfChanges } | { ok: false; field: string; message: { zh: string; en: string } };

/** The engine's changes from a request (bands checked by the engine's own rules; fractions 0–1). */
export function whatIfChanges(req: Pick<WhatIfRequest, "bands" | "weights" | "levels">): ChangesReading {
  let bands: Band[] | undefined;
  if (req.bands) {
    const r = bandsFrom(req.bands);
    if (!r.ok) return { ok: false, field: "bands", message: r.message };
    bands = r.bands;
  }
  const weights = (req.weights ?? []).map((w) => ({ path: w.path, weight: dec(w.weight) }));
  let qualitativeLevels: Record<string, Decimal> | undefined;
  for (const l of req.levels ?? []) {
    const f = dec(l.fraction);
    if (f.gt(1))
      return {
        ok: false,
        field: "levels",
        message: { zh: `档次“${l.level}”的比例须在 0–1 之间`, en: `the fraction of "${l.level}" must be 0–1` },
      };
    qualitativeLevels ??= Object.create(null) as Record<string, Decimal>;
    qualitativeLevels[l.level] = f;
  }
  return { ok: true, changes: { bands, weights, qualitativeLevels } };
}

export const WhatIfView = z.object({
  count: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  grades: z.array(z.string()),
  matrix: z.array(z.array(z.number().int())),
  before: z.array(z.object({ grade: z.string(), count: z.number().int() })),
  after: z.array(z.object({ grade: z.string(), count: z.number().int() })),
  totals: z.object({ before: z.string(), after: z.string(), meanBefore: z.string().nullable(), meanAfter: z.string().nullable() }),
  movers: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      from: z.string(),
      to: z.string(),
      totalBefore: z.string().nullable(),
      totalAfter: z.string().nullable(),
      gradedOnBefore: z.string().nullable(),
      gradedOnAfter: z.string().nullable(),
    }),
  ),
  unmatched: z.array(z.object({ path: z.string(), evaluations: z.number().int() })),
  explanation: Text,
});
export type WhatIfView = z.infer<typeof WhatIfView>;

const opt = (d: Decimal | undefined) => (d === undefined ? null : formatScore(d));

/** The migration as JSON (counts as lists in the grades' order: no grade name becomes an object key). */
export function whatIfView(r: WhatIfResult): WhatIfView {
  return {
    count: r.count,
    up: r.up,
    down: r.down,
    grades: r.grades,
    matrix: r.matrix,
    before: r.grades.map((g) => ({ grade: g, count: r.before[g] ?? 0 })),
    after: r.grades.map((g) => ({ grade: g, count: r.after[g] ?? 0 })),
    totals: {
      before: formatScore(r.totals.before),
      after: formatScore(r.totals.after),
      meanBefore: opt(r.totals.meanBefore),
      meanAfter: opt(r.totals.meanAfter),
    },
    movers: r.movers.map((m) => ({
      id: m.id,
      title: m.title,
      from: m.from,
      to: m.to,
      totalBefore: opt(m.totalBefore),
      totalAfter: opt(m.totalAfter),
      gradedOnBefore: opt(m.gradedOnBefore),
      gradedOnAfter: opt(m.gradedOnAfter),
    })),
    unmatched: r.unmatched,
    explanation: { zh: r.explanation.zh, en: r.explanation.en },
  };
}
