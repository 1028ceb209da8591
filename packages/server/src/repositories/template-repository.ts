import type { EvaluationInput } from "@jixiao/engine";
import type { Kysely } from "kysely";
import type { Database, TemplatesTable } from "../db/database.js";

export class TemplateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Saved templates without their documents, with the creator's display name. */
  list(): Promise<Array<Omit<TemplatesTable, "document"> & { creator_name: string | null }>> {
    return this.db
      .selectFrom("templates")
      .leftJoin("users", "users.id", "templates.created_by")
      .select([
        "templates.id",
        "templates.name",
        "templates.description",
        "templates.kind",
        "templates.organisation_id",
        "templates.created_by",
        "templates.created_at",
        "users.display_name as creator_name",
      ])
      .orderBy("templates.created_at")
      .orderBy("templates.name")
      .execute();
  }

  /** A saved template's document, parsed; undefined when there is no such template. */
  async document(id: string): Promise<EvaluationInput | undefined> {
    const row = await this.db.selectFrom("templates").select("document").where("id", "=", id).executeTakeFirst();
    return row ? (JSON.parse(row.document) as EvaluationInput) : undefined;
  }

  /** A saved template without its document; undefined when there is none. */
  head(id: string): Promise<Omit<TemplatesTable, "document"> | undefined> {
    return this.db
      .selectFrom("templates")
      .select(["id", "name", "description", "kind", "organisation_id", "created_by", "created_at"])
      .where("id", "=", id)
      .executeTakeFirst();
  }

  async insert(row: TemplatesTable): Promise<void> {
    await this.db.insertInto("templates").values(row).execute();
  }
}
