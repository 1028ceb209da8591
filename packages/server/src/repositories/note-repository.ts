/** 批注: review notes on a document path, open or resolved. */
import type { Kysely } from "kysely";
import type { Database, ReviewNotesTable } from "../db/database.js";

export type NoteRow = ReviewNotesTable & { author_name: string | null; resolved_by_name: string | null };

export class NoteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom("review_notes")
      .leftJoin("users as a", "a.id", "review_notes.author_id")
      .leftJoin("users as r", "r.id", "review_notes.resolved_by")
      .selectAll("review_notes")
      .select(["a.display_name as author_name", "r.display_name as resolved_by_name"]);
  }

  list(evaluationId: string): Promise<NoteRow[]> {
    return this.base()
      .where("review_notes.evaluation_id", "=", evaluationId)
      .orderBy("review_notes.created_at")
      .orderBy("review_notes.id")
      .execute();
  }

  get(evaluationId: string, id: string): Promise<NoteRow | undefined> {
    return this.base().where("review_notes.evaluation_id", "=", evaluationId).where("review_notes.id", "=", id).executeTakeFirst();
  }

  async count(evaluationId: string): Promise<number> {
    const r = await this.db
      .selectFrom("review_notes")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("evaluation_id", "=", evaluationId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async countOpen(evaluationId: string): Promise<number> {
    const r = await this.db
      .selectFrom("review_notes")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("evaluation_id", "=", evaluationId)
      .where("status", "=", "open")
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insert(row: ReviewNotesTable): Promise<void> {
    await this.db.insertInto("review_notes").values(row).execute();
  }

  async update(
    evaluationId: string,
    id: string,
    set: Pick<ReviewNotesTable, "status" | "resolved_by" | "resolved_at" | "resolution">,
  ): Promise<void> {
    await this.db.updateTable("review_notes").set(set).where("evaluation_id", "=", evaluationId).where("id", "=", id).execute();
  }
}
