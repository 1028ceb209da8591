/**
 * HTTP plumbing shared by the routes: the request's principal and language, and the one place
 * failures become HTTP — `errorResponse` maps each domain error's kind (errors.ts) to its status
 * and body, the error handler does the same for the framework's own errors and database
 * constraint violations (db/constraint-errors.ts), and nothing else writes an error body. Every
 * body is `{ error: { code, message: {zh, en}, fields?, currentVersion? } }`; never a stack trace.
 */
import type { Bilingual } from "@jixiao/engine";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, serializerCompiler } from "fastify-type-provider-zod";
import type { UsersTable } from "./db/database.js";
import { DomainError, type ErrorKind, type FieldProblem, invalid, tooLarge, unauthenticated } from "./errors.js";
import { constraintError } from "./db/constraint-errors.js";
import { MESSAGE_KEYS, type MessageKey, message } from "./messages.js";
import type { Principal } from "./policy.js";
import { principalOf } from "./services/auth-service.js";

export const SESSION_COOKIE = "jixiao_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    user?: UsersTable;
    sessionId?: string;
    csrf?: string;
  }
}

export function principal(req: FastifyRequest): Principal {
  if (!req.user) throw unauthenticated();
  return principalOf(req.user);
}

/** The principal, or null for a request without a session (the public view answers both). */
export function viewer(req: FastifyRequest): Principal | null {
  return req.user ? principalOf(req.user) : null;
}

export function langOf(req: FastifyRequest): "zh" | "en" {
  const q = (req.query as Record<string, unknown> | undefined)?.["lang"];
  if (q === "en" || q === "zh") return q;
  return /^en\b/i.test(req.headers["accept-language"] ?? "") ? "en" : "zh";
}

/** A custom issue's own Chinese text (schemas add it as `params.zh`). */
const zhOf = (params: unknown): string | undefined => {
  const zh = (params as { params?: { zh?: unknown } } | undefined)?.params?.zh;
  return typeof zh === "string" ? zh : undefined;
};

function fieldPath(prefix: string, instancePath: string, params: Record<string, unknown>): string {
  const keys = Array.isArray(params["keys"]) ? `.${String((params["keys"] as unknown[])[0])}` : "";
  const p = instancePath
    .split("/")
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join("");
  return `${prefix}${p}${keys}`;
}

/**
 * The response serializer: every body is encoded (validated) with its route's zod schema and
 * written as JSON, as fastify-type-provider-zod's `serializerCompiler` does — in every mode, tests
 * and production alike. One addition: a view the derived cache keeps (`isKept`, DerivedCache.view:
 * deep-frozen, the same object for every request about one revision) is validated and written once
 * per route, and its JSON text is sent again after that. A score view of a 40-indicator evaluation
 * is validated field by field and written out on every read otherwise.
 */
export function keptViewSerializer(isKept: (value: unknown) => boolean) {
  return (route: Parameters<typeof serializerCompiler>[0]) => {
    const serialize = serializerCompiler(route);
    const texts = new WeakMap<object, string>();
    return (data: unknown): string => {
      if (!isKept(data)) return serialize(data);
      const known = texts.get(data as object);
      if (known !== undefined) return known;
      const text = serialize(data);
      texts.set(data as object, text);
      return text;
    };
  };
}

/** The HTTP status of each kind of domain error. */
export const STATUS_OF: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "stale-version": 409,
  "invalid-transition": 409,
  "too-large": 413,
  unprocessable: 422,
  "rate-limited": 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: Bilingual; fields?: readonly FieldProblem[]; currentVersion?: number };
}

/** A domain error as HTTP: its status, headers and body. */
export function errorResponse(err: DomainError): { status: number; headers: Record<string, string>; body: ErrorBody } {
  const d = err.details;
  return {
    status: STATUS_OF[err.kind],
    headers: d.retryAfter ? { "retry-after": String(d.retryAfter) } : {},
    body: {
      error: {
        code: err.code,
        message: err.text,
        ...(d.fields ? { fields: d.fields } : {}),
        ...(d.currentVersion !== undefined ? { currentVersion: d.currentVersion } : {}),
      },
    },
  };
}

function sendError(reply: FastifyReply, err: DomainError): FastifyReply {
  const r = errorResponse(err);
  return reply.status(r.status).headers(r.headers).send(r.body);
}

/** Errors of the HTTP layer itself, with no domain kind: written here only. */
function sendHttpError(reply: FastifyReply, status: number, key: MessageKey, params: Record<string, string> = {}): FastifyReply {
  return reply.status(status).send({ error: { code: key.split("/")[0]!, message: message(key, params) } } satisfies ErrorBody);
}

const issueKey = (keyword: string): MessageKey => {
  const k = `issue/${keyword}`;
  return (MESSAGE_KEYS as readonly string[]).includes(k) ? (k as MessageKey) : "issue/custom";
};

/** Register the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    // A database constraint violation is a 4xx naming the field (db/constraint-errors.ts), never a 500.
    const err = constraintError(raw) ?? raw;
    if (err instanceof DomainError) return sendError(reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? "body";
      const fields = err.validation.map((v) => ({
        path: fieldPath(where, v.instancePath, v.params as Record<string, unknown>),
        message: {
          zh: zhOf(v.params) ?? message("invalid-request/issue", { issue: message(issueKey(v.keyword)), detail: v.message ?? "" }).zh,
          en: v.message ?? "",
        },
      }));
      return sendError(reply, invalid("invalid-request", { count: fields.length }, fields));
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendError(reply, tooLarge("body-too-large"));
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return sendHttpError(reply, 415, "unsupported-media-type");
    if (err.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError) {
      return sendError(reply, invalid("invalid-json"));
    }
    if (typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500) {
      return sendHttpError(reply, err.statusCode, "bad-request", { detail: err.message });
    }
    req.log.error({ err }, "unhandled error");
    return sendHttpError(reply, 500, "internal");
  });
  app.setNotFoundHandler((req, reply) =>
    sendHttpError(reply, 404, "not-found/route", { method: req.method, path: req.url.split("?")[0]! }),
  );
}
