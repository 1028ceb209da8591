import type { Kysely } from "kysely";
import type { Database, SessionsTable, UsersTable } from "../db/database.js";

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionsTable): Promise<void> {
    await this.db.insertInto("sessions").values(row).execute();
  }

  /** A live session with its user. */
  async get(id: string, now: string): Promise<{ session: SessionsTable; user: UsersTable } | undefined> {
    // One round trip: the session and its (enabled) user.
    const r = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select([
        "sessions.id as s_id",
        "sessions.user_id as s_user_id",
        "sessions.csrf_token as s_csrf_token",
        "sessions.created_at as s_created_at",
        "sessions.expires_at as s_expires_at",
      ])
      .selectAll("users")
      .where("sessions.id", "=", id)
      .where("sessions.expires_at", ">", now)
      .where("users.disabled", "=", 0)
      .executeTakeFirst();
    if (!r) return undefined;
    const { s_id, s_user_id, s_csrf_token, s_created_at, s_expires_at, ...user } = r;
    return {
      session: { id: s_id, user_id: s_user_id, csrf_token: s_csrf_token, created_at: s_created_at, expires_at: s_expires_at },
      user,
    };
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async deleteForUser(userId: string, except?: string): Promise<void> {
    let q = this.db.deleteFrom("sessions").where("user_id", "=", userId);
    if (except) q = q.where("id", "!=", except);
    await q.execute();
  }

  /** Delete sessions that expired at or before `now`; returns how many. */
  async deleteExpired(now: string): Promise<number> {
    const r = await this.db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

export class LoginAttemptRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(row: { id: string; username: string; ip: string; success: boolean; at: string }): Promise<void> {
    await this.db
      .insertInto("login_attempts")
      .values({ ...row, success: row.success ? 1 : 0 })
      .execute();
  }

  /** Attempts (failed and successful) since `since` for a username or from an address. */
  recent(username: string, ip: string, since: string): Promise<Array<{ username: string; ip: string; success: number; at: string }>> {
    return this.db
      .selectFrom("login_attempts")
      .select(["username", "ip", "success", "at"])
      .where("at", ">", since)
      .where((eb) => eb.or([eb("username", "=", username), eb("ip", "=", ip)]))
      .orderBy("at")
      .execute();
  }

  /** Delete attempts older than `before`; returns how many. */
  async deleteBefore(before: string): Promise<number> {
    const r = await this.db.deleteFrom("login_attempts").where("at", "<", before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
