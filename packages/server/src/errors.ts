/**
 * Domain errors: what services (and the policy's callers, the parse pool, the constraint mapper)
 * throw when a request cannot be done. Each has a kind (what went wrong, in the domain's words),
 * a stable `code` that clients match on, and a message key with parameters into the one server
 * catalogue (messages.ts). None knows HTTP: http.ts is the one place that maps a kind to a status
 * and writes the body. Any other exception is a 500 there, with no internals shown.
 */
import type { Bilingual } from "@jixiao/engine";
import { type MessageKey, type MessageParams, message } from "./messages.js";

export type ErrorKind =
  /** The request is wrong; `fields` says where. */
  | "invalid"
  /** Nobody is signed in, or the credentials are wrong. */
  | "unauthenticated"
  /** Signed in, but this principal may not do this. */
  | "forbidden"
  /** Absent, or not visible to this principal (the same answer, so nothing is disclosed). */
  | "not-found"
  /** Something with this name or key exists already. */
  | "conflict"
  /** Someone saved first: the update was based on an older version (`currentVersion`). */
  | "stale-version"
  /** No such move of the status machine from the current status. */
  | "invalid-transition"
  /** An upload or a request too large, or too slow to read. */
  | "too-large"
  /** Well formed, but what it names or carries cannot be used (an invalid stored document, unreadable tables). */
  | "unprocessable"
  /** Too many attempts; `retryAfter` seconds. */
  | "rate-limited"
  /** Cannot be done now (a busy pool, no PDF converter); perhaps `retryAfter` seconds. */
  | "unavailable";

/** One problem of the request, at a field path ("body.changes[0].path[1]", "organisationId"). */
export interface FieldProblem {
  path: string;
  message: Bilingual;
}

export interface ErrorDetails {
  fields?: readonly FieldProblem[];
  currentVersion?: number;
  retryAfter?: number;
}

export class DomainError extends Error {
  /** The stable code clients match on: the message key up to any "/variant". */
  readonly code: string;

  constructor(
    readonly kind: ErrorKind,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly details: ErrorDetails = {},
  ) {
    super(message(key, params).en);
    this.name = "DomainError";
    this.code = key.split("/")[0]!;
  }

  /** The message in both languages. */
  get text(): Bilingual {
    return message(this.key, this.params);
  }
}

/** A field problem whose text is in the catalogue. */
export const field = (path: string, key: MessageKey, params?: MessageParams): FieldProblem => ({ path, message: message(key, params) });

export const notFound = (thing: MessageKey = "thing/resource", params?: MessageParams) =>
  new DomainError("not-found", "not-found", { what: message(thing, params) });
export const forbidden = (key: MessageKey = "forbidden", params?: MessageParams) => new DomainError("forbidden", key, params);
export const unauthenticated = (key: MessageKey = "unauthenticated") => new DomainError("unauthenticated", key);
export const invalid = (key: MessageKey, params?: MessageParams, fields?: readonly FieldProblem[]) =>
  new DomainError("invalid", key, params, fields ? { fields } : {});
export const conflict = (key: MessageKey, params?: MessageParams, fields?: readonly FieldProblem[]) =>
  new DomainError("conflict", key, params, fields ? { fields } : {});
export const staleVersion = (currentVersion: number) =>
  new DomainError("stale-version", "version-conflict", { version: currentVersion }, { currentVersion });
export const invalidTransition = (key: MessageKey, params?: MessageParams) => new DomainError("invalid-transition", key, params);
export const tooLarge = (key: MessageKey, params?: MessageParams) => new DomainError("too-large", key, params);
export const unprocessable = (key: MessageKey, params?: MessageParams, fields?: readonly FieldProblem[]) =>
  new DomainError("unprocessable", key, params, fields ? { fields } : {});
export const rateLimited = (key: MessageKey, params: MessageParams, retryAfter: number) =>
  new DomainError("rate-limited", key, params, { retryAfter });
export const unavailable = (key: MessageKey, params?: MessageParams, retryAfter?: number) =>
  new DomainError("unavailable", key, params, retryAfter !== undefined ? { retryAfter } : {});
