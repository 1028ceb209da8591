/**
 * The evaluation as it is done between three parties: the finance bureau commissions it (委托),
 * the agency asks the audited department for data (资料清单 / 基础数据) and takes what it supplies
 * into the evaluation, and the department comments on the draft for comment (反馈意见, 征求意见稿),
 * which the agency answers. Who may do each is the server policy's (docs/permissions.md).
 */
import { EvaluationKind, EvaluationType } from "@jixiao/engine";
import * as z from "zod";
import { Bilingual, DocumentPath, EvaluationStatus } from "./schemas.js";

const Id = z.string().min(1).max(100);
const Text = (max: number) => z.string().trim().min(1).max(max);

// ── commissions (委托) ──────────────────────────────────────────────────────────────────────

/** A task the bureau gives: whom to evaluate, for which year and kind, by which agency (or none). */
export const CommissionView = z.object({
  id: z.string(),
  /** 评价对象 (the audited organisation). */
  organisationId: z.string(),
  organisationName: z.string(),
  /** 评价机构; null for 单位自评 / 部门评价. */
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  fiscalYear: z.number().int(),
  kind: EvaluationKind,
  evaluationType: EvaluationType,
  title: z.string(),
  /** 项目名称 (项目支出). */
  project: z.string().nullable(),
  /** 委托方: the commissioning organisation's name. */
  commissioner: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The evaluation created within it, once there is one. */
  evaluation: z.object({ id: z.string(), title: z.string(), status: EvaluationStatus }).nullable(),
});
export type CommissionView = z.infer<typeof CommissionView>;

/**
 * 新建委托: an agency of the region (evaluation type 第三方), or none with 单位自评 / 部门评价.
 * The subject must be in the bureau's subtree.
 */
export const CreateCommissionRequest = z.strictObject({
  organisationId: Id,
  fiscalYear: z.number().int().min(1990).max(2100),
  kind: EvaluationKind,
  agencyId: Id.nullable(),
  /** Only without an agency: 单位自评 or 部门评价. */
  evaluationType: z.enum(["单位自评", "部门评价"]).optional(),
  title: Text(200),
  project: z.string().trim().max(200).optional(),
});
export type CreateCommissionRequest = z.infer<typeof CreateCommissionRequest>;

// ── data requests (资料清单) ────────────────────────────────────────────────────────────────

/** 资金 funds lines, 人员 staffing figures, 产出 output figures by indicator, 文件 files wanted, 其他. */
export const DataItemKind = z.enum(["funds", "staffing", "output", "file", "other"]);
export type DataItemKind = z.infer<typeof DataItemKind>;

export const DATA_ITEM_KIND_LABELS: Record<DataItemKind, Bilingual> = {
  funds: { zh: "资金", en: "Funds" },
  staffing: { zh: "人员", en: "Staffing" },
  output: { zh: "产出", en: "Output" },
  file: { zh: "文件", en: "File" },
  other: { zh: "其他", en: "Other" },
};

/** open 待填报 → answered 已填报 → taken 已采纳 | returned 已退回 (filled again → answered). */
export const DataItemStatus = z.enum(["open", "answered", "taken", "returned"]);
export type DataItemStatus = z.infer<typeof DataItemStatus>;

export const DATA_ITEM_STATUS_LABELS: Record<DataItemStatus, Bilingual> = {
  open: { zh: "待填报", en: "Open" },
  answered: { zh: "已填报", en: "Answered" },
  taken: { zh: "已采纳", en: "Taken in" },
  returned: { zh: "已退回", en: "Returned" },
};

export const DATA_REQUEST_LIMITS = { items: 100, label: 200, value: 2000, note: 2000, requests: 200 } as const;

export const DataItemInput = z.strictObject({
  kind: DataItemKind,
  label: Text(DATA_REQUEST_LIMITS.label),
  /** Where the value goes in the evaluation document (an indicator's actual, a funds line's figure …). */
  path: DocumentPath.optional(),
});

export const CreateDataRequestRequest = z.strictObject({
  title: Text(200),
  note: z.string().trim().max(DATA_REQUEST_LIMITS.note).optional(),
  items: z.array(DataItemInput).min(1).max(DATA_REQUEST_LIMITS.items),
});

/** The department fills items: a value (text or a figure as written) and a note each. */
export const AnswerDataRequestRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        itemId: Id,
        value: Text(DATA_REQUEST_LIMITS.value),
        note: z.string().trim().max(DATA_REQUEST_LIMITS.note).optional(),
      }),
    )
    .min(1)
    .max(DATA_REQUEST_LIMITS.items),
});

/**
 * The agency reviews one answered item: `take` writes the value at its path as a new revision of
 * the evaluation (based on `version`), `return` sends it back with a comment.
 */
export const ReviewDataItemRequest = z.strictObject({
  decision: z.enum(["take", "return"]),
  comment: z.string().trim().max(DATA_REQUEST_LIMITS.note).optional(),
  version: z.number().int().min(1).optional(),
});

export const DataItemView = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: DataItemKind,
  label: z.string(),
  path: z.array(z.union([z.string(), z.number()])).nullable(),
  /** Where the path points, in words ("城镇新增就业人数 · 实际值"). */
  target: Bilingual.nullable(),
  status: DataItemStatus,
  value: z.string().nullable(),
  note: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  comment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** The evaluation's version that took the value in. */
  takenVersion: z.number().int().nullable(),
});
export type DataItemView = z.infer<typeof DataItemView>;

export const DataRequestView = z.object({
  id: z.string(),
  /** #n within the evaluation. */
  number: z.number().int(),
  title: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(DataItemView),
});
export type DataRequestView = z.infer<typeof DataRequestView>;

// ── feedback (反馈意见) ─────────────────────────────────────────────────────────────────────

export const FEEDBACK_LIMITS = { text: 2000, section: 200, items: 500 } as const;

export const CreateFeedbackRequest = z.strictObject({
  /** What it is about (a chapter, an indicator), as the department names it. */
  section: z.string().trim().max(FEEDBACK_LIMITS.section).optional(),
  text: Text(FEEDBACK_LIMITS.text),
});

export const AnswerFeedbackRequest = z.strictObject({ text: Text(FEEDBACK_LIMITS.text) });

export const FeedbackView = z.object({
  id: z.string(),
  number: z.number().int(),
  section: z.string().nullable(),
  text: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type FeedbackView = z.infer<typeof FeedbackView>;
