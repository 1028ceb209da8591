import type { Kysely } from "kysely";
import type { Database, TemplatesTable } from "../db/database.js";

export class TemplateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<Array<Omit<TemplatesTable, "document">>> {
    return this.db
      .selectFrom("templates")
      .select(["id", "name", "description", "kind", "organisation_id", "created_by", "created_at"])
      .orderBy("created_at")
      .orderBy("name")
      .execute();
  }

  get(id: string): Promise<TemplatesTable | undefined> {
    return this.db.selectFrom("templates").selectAll().where("id", "=", id).executeTakeFirst();
  }

  byName(name: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom("templates").select("id").where("name", "=", name).executeTakeFirst();
  }

  async insert(row: TemplatesTable): Promise<void> {
    await this.db.insertInto("templates").values(row).execute();
  }
}
