/**
 * The one place a database constraint violation becomes a 4xx naming the field. Services check
 * references and uniqueness first, with friendlier messages; this catches what slips between the
 * check and the write (two requests creating the same username at once) and what a check missed
 * — never a 500. SQLite (better-sqlite3) and PostgreSQL (pg) report constraints differently; both
 * are read here and nowhere else.
 */
import { AppError } from "../errors.js";

interface Known {
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** Unique constraints by table.column: the request field and what to say. */
const UNIQUE: Record<string, Known> = {
  "users.username": { field: "username", code: "username-taken", zh: "用户名已被使用", en: "this username is taken" },
  "expert_assignments.node_id": { field: "nodeIds", code: "duplicate-node", zh: "指标重复", en: "an indicator is listed twice" },
  "templates.name": { field: "name", code: "template-name-taken", zh: "模板名称已存在", en: "a template with this name exists" },
};

/** Foreign keys by table.column (PostgreSQL names the column; SQLite does not). */
const REFERENCE: Record<string, string> = {
  organisation_id: "organisationId",
  agency_id: "agencyId",
  parent_id: "parentId",
  user_id: "userId",
  created_by: "createdBy",
  evaluation_id: "id",
};

interface DriverError {
  code?: unknown;
  message?: unknown;
  table?: unknown;
  detail?: unknown;
  constraint?: unknown;
}

/** The AppError for a constraint violation, or undefined for anything else. */
export function constraintError(err: unknown): AppError | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as DriverError;
  const code = typeof e.code === "string" ? e.code : "";
  const message = typeof e.message === "string" ? e.message : "";
  // SQLite: "UNIQUE constraint failed: users.username" / PostgreSQL 23505 with detail "Key (username)=(x) already exists."
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505") {
    const columns =
      code === "23505"
        ? (/Key \(([^)]*)\)/.exec(String(e.detail ?? ""))?.[1] ?? "").split(",").map((c) => `${String(e.table ?? "")}.${c.trim()}`)
        : (/constraint failed: (.*)$/.exec(message)?.[1] ?? "").split(",").map((c) => c.trim());
    const known = columns.map((c) => UNIQUE[c]).find((k) => k !== undefined);
    const k = known ?? {
      field: columns.at(-1)?.split(".").at(-1) ?? "",
      code: "already-exists",
      zh: "已存在相同的记录",
      en: "such a record exists already",
    };
    return new AppError(
      409,
      k.code,
      { zh: k.zh, en: k.en },
      { fields: k.field ? [{ path: k.field, message: { zh: k.zh, en: k.en } }] : [] },
    );
  }
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503") {
    const column = /Key \(([^)]*)\)/.exec(String(e.detail ?? ""))?.[1]?.trim();
    const field = column ? (REFERENCE[column] ?? column) : undefined;
    const text = { zh: "引用的对象不存在或已被删除", en: "a referenced record does not exist (or was removed)" };
    return new AppError(422, "unknown-reference", text, { fields: field ? [{ path: field, message: text }] : [] });
  }
  if (code === "SQLITE_CONSTRAINT_NOTNULL" || code === "23502") {
    const text = { zh: "缺少必填内容", en: "a required value is missing" };
    const column =
      typeof (e as { column?: unknown }).column === "string"
        ? String((e as { column?: unknown }).column)
        : /NOT NULL constraint failed: \w+\.(\w+)/.exec(message)?.[1];
    return new AppError(400, "missing-value", text, { fields: column ? [{ path: REFERENCE[column] ?? column, message: text }] : [] });
  }
  return undefined;
}
