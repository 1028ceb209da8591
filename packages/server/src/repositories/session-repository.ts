import type { Kysely } from "kysely";
import type { Database, SessionsTable, UsersTable } from "../db/database.js";

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionsTable): Promise<void> {
    await this.db.insertInto("sessions").values(row).execute();
  }

  /** A live session with its user. */
  async get(id: string, now: string): Promise<{ session: SessionsTable; user: UsersTable } | undefined> {
    const session = await this.db.selectFrom("sessions").selectAll().where("id", "=", id).where("expires_at", ">", now).executeTakeFirst();
    if (!session) return undefined;
    const user = await this.db.selectFrom("users").selectAll().where("id", "=", session.user_id).where("disabled", "=", 0).executeTakeFirst();
    return user ? { session, user } : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async deleteForUser(userId: string, except?: string): Promise<void> {
    let q = this.db.deleteFrom("sessions").where("user_id", "=", userId);
    if (except) q = q.where("id", "!=", except);
    await q.execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  }
}

export class LoginAttemptRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(row: { id: string; username: string; ip: string; success: boolean; at: string }): Promise<void> {
    await this.db.insertInto("login_attempts").values({ ...row, success: row.success ? 1 : 0 }).execute();
  }

  /** Failed attempts since `since`, for a username and for an address. */
  async failures(username: string, ip: string, since: string): Promise<{ byUser: number; byIp: number; oldest?: string }> {
    const rows = await this.db
      .selectFrom("login_attempts")
      .select(["username", "ip", "at"])
      .where("success", "=", 0)
      .where("at", ">", since)
      .where((eb) => eb.or([eb("username", "=", username), eb("ip", "=", ip)]))
      .orderBy("at")
      .execute();
    return {
      byUser: rows.filter((r) => r.username === username).length,
      byIp: rows.filter((r) => r.ip === ip).length,
      oldest: rows[0]?.at,
    };
  }
}
