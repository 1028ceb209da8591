/**
 * Accounts: passwords (scrypt, memory-hard), sessions (random token in an HttpOnly cookie; only
 * its sha256 is stored), CSRF tokens, and login throttling. Everything lives in the database so
 * that any number of server instances can share it.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Role, SessionView, UserView } from "@jixiao/api";
import type { Store, UsersTable } from "../db/database.js";
import { conflict, forbidden, invalid, rateLimited, unauthenticated } from "../errors.js";
import { type Principal, permissionsOf } from "../policy.js";
import { LoginAttemptRepository, SessionRepository } from "../repositories/session-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import type { Services } from "./services.js";

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** "scrypt$15$8$1$<salt b64>$<hash b64>" */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const hash = await scrypt(password.normalize("NFKC"), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${cost}$8$1$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, cost, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !cost || !r || !p || !salt || !hash) return false;
  const N = 2 ** Number(cost);
  const expected = Buffer.from(hash, "base64");
  const got = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export const tokenId = (token: string): string => createHash("sha256").update(token).digest("hex");

export function userView(u: UsersTable): UserView {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, organisationId: u.organisation_id };
}

export function principalOf(u: UsersTable): Principal {
  return { id: u.id, role: u.role as Role, organisationId: u.organisation_id };
}

/**
 * Login throttling, in three layers (the scheme OWASP recommends and GitLab, Keycloak and
 * Discourse follow in some form), so that guessing is slow but a stranger cannot lock a real
 * user out:
 * - one account from one address: `loginAttempts` (5) failures in 15 minutes, then that pair
 *   waits until the oldest leaves the window — the attacker's address, not the user's;
 * - one address, any accounts: 20 × `loginAttempts` (100) failures in 15 minutes (password
 *   spraying), then that address waits — high, because a whole office may share one NAT address;
 * - one account, all addresses: after 2 × `loginAttempts` (10) failures in 15 minutes each
 *   further attempt waits 1, 2, 4 … at most 60 seconds after the previous failure. This only
 *   slows a distributed attack (one guess a minute); the real user waits seconds, never 15 minutes.
 * A success clears the account's and the pair's failures. A wrong current password when
 * changing the password counts as a failed login of that account from that address.
 * Refused attempts are not recorded, so the table stays small; rows older than a day go.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const ADDRESS_FACTOR = 20;
const ACCOUNT_FACTOR = 2;
const ACCOUNT_MAX_DELAY_S = 60;
/** Login attempts are kept this long (an operator can look at yesterday's), then deleted. */
export const LOGIN_ATTEMPT_RETENTION_MS = 24 * 3600 * 1000;

export function throttleDecision(
  rows: ReadonlyArray<{ username: string; ip: string; success: number; at: string }>,
  username: string,
  ip: string,
  now: Date,
  limit: number,
): { retryAfter: number; scope: "pair" | "address" | "account" } | undefined {
  const t = (at: string) => new Date(at).getTime();
  const lastSuccess = (f: (r: (typeof rows)[number]) => boolean) =>
    Math.max(0, ...rows.filter((r) => r.success === 1 && f(r)).map((r) => t(r.at)));
  const failures = (f: (r: (typeof rows)[number]) => boolean, after: number) =>
    rows
      .filter((r) => r.success === 0 && f(r) && t(r.at) > after)
      .map((r) => t(r.at))
      .sort((a, b) => a - b);
  const untilWindowEnds = (oldest: number) => Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
  const isPair = (r: (typeof rows)[number]) => r.username === username && r.ip === ip;
  const pair = failures(isPair, lastSuccess(isPair));
  if (pair.length >= limit) return { retryAfter: untilWindowEnds(pair[pair.length - limit]!), scope: "pair" };
  const address = failures((r) => r.ip === ip, 0);
  if (address.length >= limit * ADDRESS_FACTOR)
    return { retryAfter: untilWindowEnds(address[address.length - limit * ADDRESS_FACTOR]!), scope: "address" };
  const isAccount = (r: (typeof rows)[number]) => r.username === username;
  const account = failures(isAccount, lastSuccess(isAccount));
  const over = account.length - limit * ACCOUNT_FACTOR;
  if (over >= 0) {
    const wait = Math.min(2 ** over, ACCOUNT_MAX_DELAY_S) * 1000;
    const ready = account[account.length - 1]! + wait;
    if (ready > now.getTime()) return { retryAfter: Math.max(1, Math.ceil((ready - now.getTime()) / 1000)), scope: "account" };
  }
  return undefined;
}

const throttled = (retryAfter: number) =>
  retryAfter < 120
    ? rateLimited("login-throttled/seconds", { n: retryAfter }, retryAfter)
    : rateLimited("login-throttled/minutes", { n: Math.ceil(retryAfter / 60) }, retryAfter);

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
  ) {}

  /** Refuse (rate-limited) when this account, address or pair has failed too often (see above). */
  private async throttle(username: string, ip: string): Promise<void> {
    const now = this.s.clock();
    const rows = await new LoginAttemptRepository(this.store.db).recent(
      username,
      ip,
      new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString(),
    );
    const d = throttleDecision(rows, username, ip, now, this.s.config.loginAttempts);
    if (d) throw throttled(d.retryAfter);
  }

  /** Log in: returns the new session token (for the cookie) and the session view. */
  async login(username: string, password: string, ip: string): Promise<{ token: string; view: SessionView; expires: Date }> {
    await this.removeExpired();
    await this.throttle(username, ip);
    const now = this.s.clock();
    const attempts = new LoginAttemptRepository(this.store.db);
    const user = await new UserRepository(this.store.db).byUsername(username);
    // Verify against a dummy hash when the user does not exist, so timing does not tell.
    const ok =
      user && user.disabled === 0
        ? await verifyPassword(password, user.password_hash)
        : (await verifyPassword(password, await this.dummyHash()), false);
    await attempts.record({ id: this.s.ids(), username, ip, success: ok, at: now.toISOString() });
    if (!ok || !user) throw unauthenticated("bad-credentials");
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(24).toString("base64url");
    const expires = new Date(now.getTime() + this.s.config.sessionHours * 3600 * 1000);
    await new SessionRepository(this.store.db).insert({
      id: tokenId(token),
      user_id: user.id,
      csrf_token: csrf,
      created_at: now.toISOString(),
      expires_at: expires.toISOString(),
    });
    return { token, expires, view: { user: userView(user), csrfToken: csrf, permissions: permissionsOf(principalOf(user)) } };
  }

  /** Delete expired sessions and login attempts past their retention (on login and on a timer). */
  async removeExpired(): Promise<{ sessions: number; attempts: number }> {
    const now = this.s.clock();
    const sessions = await new SessionRepository(this.store.db).deleteExpired(now.toISOString());
    const attempts = await new LoginAttemptRepository(this.store.db).deleteBefore(
      new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS).toISOString(),
    );
    return { sessions, attempts };
  }

  #dummy?: Promise<string>;
  private dummyHash(): Promise<string> {
    this.#dummy ??= hashPassword(randomBytes(16).toString("hex"), this.s.config.passwordCost);
    return this.#dummy;
  }

  /** The session behind a cookie token, or undefined. */
  async session(token: string | undefined): Promise<{ user: UsersTable; sessionId: string; csrf: string } | undefined> {
    if (!token) return undefined;
    const found = await new SessionRepository(this.store.db).get(tokenId(token), this.s.clock().toISOString());
    return found ? { user: found.user, sessionId: found.session.id, csrf: found.session.csrf_token } : undefined;
  }

  async logout(sessionId: string): Promise<void> {
    await new SessionRepository(this.store.db).delete(sessionId);
  }

  async changePassword(user: UsersTable, sessionId: string, current: string, next: string, ip: string): Promise<void> {
    // A stolen session must not become a way to guess the password: the same throttle as login.
    await this.throttle(user.username, ip);
    const ok = await verifyPassword(current, user.password_hash);
    await new LoginAttemptRepository(this.store.db).record({
      id: this.s.ids(),
      username: user.username,
      ip,
      success: ok,
      at: this.s.clock().toISOString(),
    });
    if (!ok) throw forbidden("bad-credentials/current-password");
    if (current === next) throw invalid("password-unchanged");
    const hash = await hashPassword(next, this.s.config.passwordCost);
    await this.store.db.transaction().execute(async (tx) => {
      await new UserRepository(tx).setPassword(user.id, hash);
      await new SessionRepository(tx).deleteForUser(user.id, sessionId);
      await this.s.audit.append(tx, [
        {
          at: this.s.clock().toISOString(),
          userId: user.id,
          action: "password.change",
          entity: "user",
          entityId: user.id,
          path: "password",
          oldValue: null,
          newValue: null,
          reason: null,
        },
      ]);
    });
  }

  async createUser(
    actor: Principal,
    input: { username: string; displayName: string; password: string; role: Role; organisationId: string | null },
  ): Promise<UserView> {
    const users = new UserRepository(this.store.db);
    if (await users.byUsername(input.username)) throw conflict("username-taken", { username: input.username });
    const row: UsersTable = {
      id: this.s.ids(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password, this.s.config.passwordCost),
      role: input.role,
      organisation_id: input.organisationId,
      disabled: 0,
      created_at: this.s.clock().toISOString(),
    };
    await this.store.db.transaction().execute(async (tx) => {
      await new UserRepository(tx).insert(row);
      await this.s.audit.append(tx, [
        {
          at: row.created_at,
          userId: actor.id,
          action: "user.create",
          entity: "user",
          entityId: row.id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ username: row.username, role: row.role, organisationId: row.organisation_id }),
          reason: null,
        },
      ]);
    });
    return userView(row);
  }
}
