/**
 * The one place a database constraint violation becomes a 4xx naming the field. Services check
 * references and uniqueness first, with friendlier messages; this catches what slips between the
 * check and the write (two requests creating the same username at once) and what a check missed
 * — never a 500. SQLite (better-sqlite3) and PostgreSQL (pg) report constraints differently; both
 * are read here and nowhere else.
 */
import { type DomainError, conflict, field, invalid, unprocessable } from "../errors.js";
import type { MessageKey } from "../messages.js";

interface Known {
  field: string;
  /** The message key; the error's code is its part before the "/". */
  key: MessageKey;
}

/** Unique constraints by table.column: the request field and what to say. */
const UNIQUE: Record<string, Known> = {
  "users.username": { field: "username", key: "username-taken/constraint" },
  "expert_assignments.node_id": { field: "nodeIds", key: "duplicate-node/constraint" },
  "templates.name": { field: "name", key: "template-name-taken/constraint" },
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

/** The domain error for a constraint violation (conflict, unknown reference, missing value), or undefined for anything else. */
export function constraintError(err: unknown): DomainError | undefined {
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
    const k: Known = known ?? { field: columns.at(-1)?.split(".").at(-1) ?? "", key: "already-exists" };
    return conflict(k.key, {}, k.field ? [field(k.field, k.key)] : []);
  }
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503") {
    const column = /Key \(([^)]*)\)/.exec(String(e.detail ?? ""))?.[1]?.trim();
    const path = column ? (REFERENCE[column] ?? column) : undefined;
    return unprocessable("unknown-reference", {}, path ? [field(path, "unknown-reference")] : []);
  }
  if (code === "SQLITE_CONSTRAINT_NOTNULL" || code === "23502") {
    const column =
      typeof (e as { column?: unknown }).column === "string"
        ? String((e as { column?: unknown }).column)
        : /NOT NULL constraint failed: \w+\.(\w+)/.exec(message)?.[1];
    return invalid("missing-value", {}, column ? [field(REFERENCE[column] ?? column, "missing-value")] : []);
  }
  return undefined;
}
