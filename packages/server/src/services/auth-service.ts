/**
 * Accounts: passwords (scrypt, memory-hard), sessions (random token in an HttpOnly cookie; only
 * its sha256 is stored), CSRF tokens, and login throttling. Everything lives in the database so
 * that any number of server instances can share it.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Role, SessionView, UserView } from "@jixiao/api";
import type { Store, UsersTable } from "../db/database.js";
import { AppError, badRequest, unauthenticated } from "../errors.js";
import { type Principal, permissionsOf } from "../policy.js";
import { LoginAttemptRepository, SessionRepository } from "../repositories/session-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import type { Services } from "./services.js";

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

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
  const got = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64"), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export const tokenId = (token: string): string => createHash("sha256").update(token).digest("hex");

export function userView(u: UsersTable): UserView {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, organisationId: u.organisation_id };
}

export function principalOf(u: UsersTable): Principal {
  return { id: u.id, role: u.role as Role, organisationId: u.organisation_id };
}

const WINDOW_MS = 15 * 60 * 1000;

export class AuthService {
  constructor(private readonly store: Store, private readonly s: Services) {}

  /** Log in: returns the new session token (for the cookie) and the session view. */
  async login(username: string, password: string, ip: string): Promise<{ token: string; view: SessionView; expires: Date }> {
    const now = this.s.clock();
    const attempts = new LoginAttemptRepository(this.store.db);
    const since = new Date(now.getTime() - WINDOW_MS).toISOString();
    const f = await attempts.failures(username, ip, since);
    const limit = this.s.config.loginAttempts;
    if (f.byUser >= limit || f.byIp >= limit * 4) {
      const retryAfter = f.oldest ? Math.max(1, Math.ceil((new Date(f.oldest).getTime() + WINDOW_MS - now.getTime()) / 1000)) : 900;
      throw new AppError(429, "login-throttled", { zh: `登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试`, en: `too many failed logins; try again in ${Math.ceil(retryAfter / 60)} minutes` }, { retryAfter });
    }
    const user = await new UserRepository(this.store.db).byUsername(username);
    // Verify against a dummy hash when the user does not exist, so timing does not tell.
    const ok = user && user.disabled === 0 ? await verifyPassword(password, user.password_hash) : (await verifyPassword(password, await this.dummyHash()), false);
    await attempts.record({ id: this.s.ids(), username, ip, success: ok, at: now.toISOString() });
    if (!ok || !user) throw new AppError(401, "bad-credentials", { zh: "用户名或密码错误", en: "wrong username or password" });
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(24).toString("base64url");
    const expires = new Date(now.getTime() + this.s.config.sessionHours * 3600 * 1000);
    await new SessionRepository(this.store.db).insert({ id: tokenId(token), user_id: user.id, csrf_token: csrf, created_at: now.toISOString(), expires_at: expires.toISOString() });
    return { token, expires, view: { user: userView(user), csrfToken: csrf, permissions: permissionsOf(principalOf(user)) } };
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

  async changePassword(user: UsersTable, sessionId: string, current: string, next: string): Promise<void> {
    if (!(await verifyPassword(current, user.password_hash))) throw new AppError(403, "bad-credentials", { zh: "当前密码不正确", en: "the current password is wrong" });
    if (current === next) throw badRequest("password-unchanged", { zh: "新密码不能与当前密码相同", en: "the new password must differ from the current one" });
    const hash = await hashPassword(next, this.s.config.passwordCost);
    await this.store.db.transaction().execute(async (tx) => {
      await new UserRepository(tx).setPassword(user.id, hash);
      await new SessionRepository(tx).deleteForUser(user.id, sessionId);
      await this.s.audit.append(tx, [{ at: this.s.clock().toISOString(), userId: user.id, action: "password.change", entity: "user", entityId: user.id, path: "password", oldValue: null, newValue: null, reason: null }]);
    });
  }

  async createUser(actor: Principal, input: { username: string; displayName: string; password: string; role: Role; organisationId: string | null }): Promise<UserView> {
    const users = new UserRepository(this.store.db);
    if (await users.byUsername(input.username)) throw new AppError(409, "username-taken", { zh: `用户名“${input.username}”已被使用`, en: `username "${input.username}" is taken` });
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
      await this.s.audit.append(tx, [{ at: row.created_at, userId: actor.id, action: "user.create", entity: "user", entityId: row.id, path: "", oldValue: null, newValue: JSON.stringify({ username: row.username, role: row.role, organisationId: row.organisation_id }), reason: null }]);
    });
    return userView(row);
  }

  requireUser(u: UsersTable | undefined): UsersTable {
    if (!u) throw unauthenticated();
    return u;
  }
}
