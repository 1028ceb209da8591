import type { Kysely } from "kysely";
import type { Database, UsersTable } from "../db/database.js";

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  byUsername(username: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  }

  byId(id: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  }

  list(): Promise<UsersTable[]> {
    return this.db.selectFrom("users").selectAll().orderBy("username").execute();
  }

  async insert(row: UsersTable): Promise<void> {
    await this.db.insertInto("users").values(row).execute();
  }

  async setPassword(id: string, hash: string): Promise<void> {
    await this.db.updateTable("users").set({ password_hash: hash }).where("id", "=", id).execute();
  }
}
