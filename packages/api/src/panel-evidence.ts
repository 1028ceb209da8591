/**
 * 专家评议, 佐证材料, 批注 — the expert panel, evidence files and review notes of an evaluation
 * (the working papers, 底稿): request and response schemas and the limits both sides show.
 *
 * The panel is kept apart from the document: each expert scores an assigned indicator in their own
 * record and sees nobody else's score until they have submitted theirs; the evaluator adopts the
 * panel's result (written into the document as the expert rule's scores, a new revision) or
 * overrides it with a reason.
 */
import * as z from "zod";
import { DocumentPath } from "./schemas.js";

/** Evidence limits: each file, the whole evaluation, the number of files, a file name. */
export const EVIDENCE_LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  evaluationBytes: 200 * 1024 * 1024,
  filesPerEvaluation: 500,
  filenameLength: 200,
} as const;

/**
 * What may be attached, recognised by content (the extension must agree with it): PDF, images,
 * Office files (Word, Excel, PowerPoint; OOXML and the older binary formats).
 */
export const EVIDENCE_TYPES: Readonly<Record<string, { label: string; extensions: readonly string[] }>> = {
  "application/pdf": { label: "PDF", extensions: ["pdf"] },
  "image/png": { label: "PNG", extensions: ["png"] },
  "image/jpeg": { label: "JPEG", extensions: ["jpg", "jpeg"] },
  "image/gif": { label: "GIF", extensions: ["gif"] },
  "image/webp": { label: "WebP", extensions: ["webp"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { label: "Word", extensions: ["docx"] },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { label: "Excel", extensions: ["xlsx"] },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { label: "PowerPoint", extensions: ["pptx"] },
  "application/msword": { label: "Word 97–2003", extensions: ["doc"] },
  "application/vnd.ms-excel": { label: "Excel 97–2003", extensions: ["xls"] },
  "application/vnd.ms-powerpoint": { label: "PowerPoint 97–2003", extensions: ["ppt"] },
};

/** The file input's `accept`. */
export const EVIDENCE_ACCEPT = Object.values(EVIDENCE_TYPES)
  .flatMap((t) => t.extensions)
  .map((e) => `.${e}`);

/** A score as a number or exact decimal text ("8.5"): at most 6 digits before the point and 2 after. */
export const ScoreInput = z.union([
  z.number().min(0).max(999999),
  z
    .string()
    .trim()
    .regex(/^\d{1,6}(\.\d{1,2})?$/, "a score such as 8.5"),
]);

export const PanelMethod = z.enum(["mean", "trimmedMean", "median"]);
export type PanelMethod = z.infer<typeof PanelMethod>;

/** An expert's own score of one assigned indicator; `submit` fixes it (then the others' scores show). */
export const PanelScoreRequest = z.strictObject({
  score: ScoreInput,
  comment: z.string().trim().max(2000).default(""),
  deductions: z
    .array(z.strictObject({ reason: z.string().trim().min(1).max(500), points: ScoreInput }))
    .max(50)
    .default([]),
  submit: z.boolean().default(false),
});
export type PanelScoreRequest = z.input<typeof PanelScoreRequest>;

/** The evaluator's decision: adopt the panel's result, or override it with a score and a reason. */
export const PanelDecisionRequest = z.strictObject({
  version: z.number().int().min(1),
  kind: z.enum(["adopt", "override"]),
  score: ScoreInput.optional(),
  reason: z.string().trim().max(500).optional(),
});
export type PanelDecisionRequest = z.input<typeof PanelDecisionRequest>;

export const PanelEntryView = z.object({
  userId: z.string(),
  expert: z.string(),
  /** pending: not scored yet; draft: saved, not submitted; submitted: fixed. */
  status: z.enum(["pending", "draft", "submitted"]),
  /** Left out while hidden (an expert who has not submitted sees only their own). */
  score: z.string().optional(),
  comment: z.string().optional(),
  deductions: z.array(z.object({ reason: z.string(), points: z.string() })).optional(),
  submittedAt: z.string().nullable(),
  hidden: z.boolean(),
});
export type PanelEntryView = z.infer<typeof PanelEntryView>;

export const PanelNodeView = z.object({
  nodeId: z.string(),
  name: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  points: z.string(),
  method: PanelMethod,
  entries: z.array(PanelEntryView),
  /** How many have submitted. */
  submitted: z.number().int(),
  /** Over the submitted scores, rounded to 2 places; null while hidden or none submitted. */
  result: z.string().nullable(),
  /** Highest less lowest submitted score, the margin it is flagged above, and the flag; null while hidden. */
  spread: z.string().nullable(),
  margin: z.string(),
  flagged: z.boolean(),
  decision: z
    .object({
      kind: z.enum(["adopted", "overridden"]),
      score: z.string(),
      panelScore: z.string(),
      reason: z.string().nullable(),
      by: z.string().nullable(),
      at: z.string(),
      version: z.number().int(),
    })
    .nullable(),
});
export type PanelNodeView = z.infer<typeof PanelNodeView>;

export const PanelView = z.object({
  /** The scheme's margin (percent of each indicator's points) above which a spread is flagged. */
  spreadPercent: z.string(),
  nodes: z.array(PanelNodeView),
});
export type PanelView = z.infer<typeof PanelView>;

/** An expert account the evaluator may assign. */
export const ExpertView = z.object({ id: z.string(), displayName: z.string() });
export type ExpertView = z.infer<typeof ExpertView>;

export const EvidenceView = z.object({
  id: z.string(),
  nodeId: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const EvidenceListView = z.object({
  files: z.array(EvidenceView),
  totalBytes: z.number().int(),
  limits: z.object({ fileBytes: z.number().int(), evaluationBytes: z.number().int(), filesPerEvaluation: z.number().int() }),
});
export type EvidenceListView = z.infer<typeof EvidenceListView>;

export const NoteView = z.object({
  id: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  /** The indicator the path is in, when it is in one. */
  nodeId: z.string().nullable(),
  text: z.string(),
  status: z.enum(["open", "resolved"]),
  author: z.string().nullable(),
  createdAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type NoteView = z.infer<typeof NoteView>;

/** A review note on a document path: an indicator (["indicators", 0, "children", 1]) or a figure in it. */
export const CreateNoteRequest = z.strictObject({
  path: DocumentPath,
  text: z.string().trim().min(1).max(2000),
});
export type CreateNoteRequest = z.input<typeof CreateNoteRequest>;

export const UpdateNoteRequest = z.strictObject({
  status: z.enum(["open", "resolved"]),
  resolution: z.string().trim().max(2000).optional(),
});
export type UpdateNoteRequest = z.input<typeof UpdateNoteRequest>;
