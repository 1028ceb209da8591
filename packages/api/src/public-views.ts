/**
 * 绩效公开 — the public view of a published evaluation: exactly what the public is shown (the
 * total, the grade, the level-1 scores, the correction notes and the report as HTML or PDF), and
 * nothing of the working record (revisions, the audit trail, notes, working papers, evidence,
 * expert scores, data requests, feedback). The server's public endpoints answer with these
 * shapes only (strict objects: a field added here is a decision, not an accident).
 */
import * as z from "zod";

/** The report formats the public may download (docx and Markdown are working formats). */
export const PUBLIC_REPORT_FORMATS = ["html", "pdf"] as const;
export const PublicReportFormat = z.enum(PUBLIC_REPORT_FORMATS);
export type PublicReportFormat = z.infer<typeof PublicReportFormat>;

/** 更正说明: a correction of the published evaluation, when and why. */
export const PublicCorrection = z.strictObject({
  /** When the correction was published (ISO 8601). */
  at: z.string(),
  /** The reason given with the correction (the correction note). */
  reason: z.string(),
});
export type PublicCorrection = z.infer<typeof PublicCorrection>;

/** One level-1 indicator as published: its points, its score and the rate ("70.80%"). */
export const PublicIndicatorScore = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** 分值, "30". */
  points: z.string(),
  /** 得分, "21.24"; null when not scored or not applicable. */
  score: z.string().nullable(),
  /** 得分率, "70.80%". */
  rate: z.string().nullable(),
});
export type PublicIndicatorScore = z.infer<typeof PublicIndicatorScore>;

/** One published evaluation in the public list. */
export const PublicEvaluationSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  organisationName: z.string(),
  fiscalYear: z.number().int(),
  kind: z.string(),
  /** "85.73"; null when the published evaluation has no total. */
  total: z.string().nullable(),
  grade: z.string().nullable(),
  /** When it was published (ISO 8601). */
  publishedAt: z.string(),
  /** When it was last corrected, or null. */
  correctedAt: z.string().nullable(),
});
export type PublicEvaluationSummary = z.infer<typeof PublicEvaluationSummary>;

export const PublicEvaluationList = z.strictObject({
  /** How many published evaluations match (the page holds at most `limit`). */
  count: z.number().int(),
  items: z.array(PublicEvaluationSummary),
});
export type PublicEvaluationList = z.infer<typeof PublicEvaluationList>;

/** One published evaluation's public page. */
export const PublicEvaluationView = PublicEvaluationSummary.extend({
  level1: z.array(PublicIndicatorScore),
  /** Oldest first. */
  corrections: z.array(PublicCorrection),
  /** The report formats offered (PUBLIC_REPORT_FORMATS). */
  reportFormats: z.array(PublicReportFormat),
});
export type PublicEvaluationView = z.infer<typeof PublicEvaluationView>;

export const PublicListQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  /** Words of the title or the organisation's name. */
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type PublicListQuery = z.output<typeof PublicListQuery>;
