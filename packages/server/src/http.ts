/**
 * HTTP plumbing shared by the routes: the request's principal and language, CSRF, and the one
 * error handler that turns every failure into JSON (never a stack trace).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { UsersTable } from "./db/database.js";
import { AppError, type Bilingual, unauthenticated } from "./errors.js";
import { constraintError } from "./db/constraint-errors.js";
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

export function langOf(req: FastifyRequest): "zh" | "en" {
  const q = (req.query as Record<string, unknown> | undefined)?.["lang"];
  if (q === "en" || q === "zh") return q;
  return /^en\b/i.test(req.headers["accept-language"] ?? "") ? "en" : "zh";
}

const ISSUE_ZH: Record<string, string> = {
  invalid_type: "类型错误或缺少字段",
  unrecognized_keys: "含有未知字段",
  invalid_value: "取值无效",
  too_small: "取值过小或过短",
  too_big: "取值过大或过长",
  invalid_format: "格式错误",
  invalid_union: "取值不符合任何允许的形式",
  custom: "取值无效",
};

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

export function send(reply: FastifyReply, status: number, code: string, message: Bilingual, extra: Record<string, unknown> = {}) {
  return reply.status(status).send({ error: { code, message, ...extra } });
}

/** Register the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    // A database constraint violation is a 4xx naming the field (db/constraint-errors.ts), never a 500.
    const err = constraintError(raw) ?? raw;
    if (err instanceof AppError) {
      if (err.extra.retryAfter) void reply.header("retry-after", String(err.extra.retryAfter));
      return send(reply, err.status, err.code, err.text, {
        ...(err.extra.fields ? { fields: err.extra.fields } : {}),
        ...(err.extra.currentVersion !== undefined ? { currentVersion: err.extra.currentVersion } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? "body";
      const fields = err.validation.map((v) => ({
        path: fieldPath(where, v.instancePath, v.params as Record<string, unknown>),
        message: { zh: zhOf(v.params) ?? `${ISSUE_ZH[v.keyword] ?? "取值无效"}：${v.message}`, en: v.message },
      }));
      return send(
        reply,
        400,
        "invalid-request",
        { zh: `请求有 ${fields.length} 处错误`, en: `the request has ${fields.length} error(s)` },
        { fields },
      );
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return send(reply, 413, "body-too-large", { zh: "请求内容过大", en: "request body too large" });
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return send(reply, 415, "unsupported-media-type", {
        zh: "不支持的内容类型，请使用 application/json",
        en: "unsupported content type: use application/json",
      });
    if (err.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError) {
      return send(reply, 400, "invalid-json", { zh: "请求内容不是有效的 JSON", en: "the request body is not valid JSON" });
    }
    if (typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, err.statusCode, "bad-request", { zh: "请求无效", en: err.message });
    }
    req.log.error({ err }, "unhandled error");
    return send(reply, 500, "internal", { zh: "服务器内部错误，已记录", en: "internal server error (logged)" });
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, 404, "not-found", {
      zh: `没有这个地址：${req.method} ${req.url.split("?")[0]}`,
      en: `no such route: ${req.method} ${req.url.split("?")[0]}`,
    }),
  );
}
