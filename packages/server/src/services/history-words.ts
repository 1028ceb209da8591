/**
 * The history of an evaluation in words (issue: "history reads CHANGE indicators[3]…"): each audit
 * entry and each difference names the indicator and field (@jixiao/api history.ts), the person by
 * display name and role, the action as 提交 / 退回 / 发布 …, values as text — never a path or an id.
 */
import {
  AUDIT_ACTION_LABELS,
  type AuditEntryView,
  type Bilingual,
  type EvaluationStatus,
  type Role,
  Role as RoleSchema,
  STATUS_LABELS,
  describePath,
  parsePathText,
  valueText,
} from "@jixiao/api";
import type * as z from "zod";
import type { AuditLogTable } from "../db/database.js";

export interface Person {
  name: string;
  role: Role | null;
}

const parse = (v: string | null): unknown => {
  if (v === null) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

const record = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** "dataRequests[2].items[3]" → 资料清单 #2 · label; "feedback[4]" → 反馈意见 #4. */
function collaborationWhat(path: string, value: Record<string, unknown>): Bilingual {
  const seg = parsePathText(path);
  const n = typeof seg[1] === "number" ? seg[1] : 0;
  const label = text(value["label"]);
  if (seg[0] === "feedback") return { zh: `反馈意见 #${n}`, en: `Feedback #${n}` };
  return label
    ? { zh: `资料清单 #${n} · ${label}`, en: `Data request #${n} · ${label}` }
    : { zh: `资料清单 #${n}`, en: `Data request #${n}` };
}

const statusText = (v: unknown): string | null =>
  typeof v === "string" ? (STATUS_LABELS[v as EvaluationStatus]?.zh ?? v) : v === undefined ? null : valueText(v);

/** One audit entry of an evaluation, in words; `doc` is the evaluation's current document (names of indicators). */
export function auditEntryInWords(r: AuditLogTable, doc: unknown, people: ReadonlyMap<string, Person>): z.infer<typeof AuditEntryView> {
  const who = r.user_id ? people.get(r.user_id) : undefined;
  const oldV = parse(r.old_value);
  const newV = parse(r.new_value);
  let what: Bilingual;
  let oldText: string | null = r.old_value === null ? null : valueText(oldV);
  let newText: string | null = r.new_value === null ? null : valueText(newV);
  if (r.path === "status") {
    what = { zh: "状态", en: "Status" };
    oldText = statusText(oldV);
    newText = statusText(newV);
  } else if (r.path === "revision") {
    const v = record(newV)["version"];
    what = { zh: `第 ${String(v)} 版`, en: `Version ${String(v)}` };
    newText = null;
  } else if (r.path.startsWith("dataRequests[") || r.path.startsWith("feedback[")) {
    const v = record(newV);
    what = collaborationWhat(r.path, v);
    newText = text(v["text"]) ?? text(v["value"]) ?? text(v["comment"]) ?? text(v["title"]);
    const note = text(v["note"]);
    if (newText !== null && note) newText = `${newText}（${note}）`;
    oldText = r.old_value === null ? null : (text(record(oldV)["value"]) ?? text(record(oldV)["text"]) ?? valueText(oldV));
  } else if (r.action === "evaluation.create") {
    what = { zh: "评价", en: "Evaluation" };
    newText = text(record(newV)["title"]);
  } else if (r.action === "evaluation.assignExpert") {
    const nodes = record(newV)["nodeIds"];
    what = { zh: "专家评分指标", en: "Expert's indicators" };
    newText = Array.isArray(nodes) ? `${nodes.length} 项指标` : null;
  } else if (r.path === "") {
    what = { zh: "整个评价", en: "The whole evaluation" };
  } else {
    what = describePath(doc, parsePathText(r.path));
  }
  return {
    seq: r.seq,
    at: r.at,
    user: who?.name ?? (r.user_id ? "（已删除的用户）" : null),
    userRole: who?.role ?? null,
    action: r.action,
    actionLabel: AUDIT_ACTION_LABELS[r.action] ?? { zh: r.action, en: r.action },
    what,
    entity: r.entity,
    entityId: r.entity_id,
    path: r.path,
    oldValue: r.old_value,
    newValue: r.new_value,
    oldText,
    newText,
    reason: r.reason,
    hash: r.hash,
  };
}

/** The people who may appear in a history: id → display name and role. */
export function peopleOf(users: ReadonlyArray<{ id: string; display_name: string; role: string }>): Map<string, Person> {
  return new Map(
    users.map((u) => {
      const role = RoleSchema.safeParse(u.role);
      return [u.id, { name: u.display_name, role: role.success ? role.data : null }];
    }),
  );
}
