/** 佐证材料: evidence files, their bytes kept in the database (SQLite blob, PostgreSQL bytea). */
import type { Kysely } from "kysely";
import type { Database, EvidenceFilesTable } from "../db/database.js";

export type EvidenceHead = Omit<EvidenceFilesTable, "content"> & { uploaded_by_name: string | null };

const HEAD = [
  "evidence_files.id",
  "evidence_files.evaluation_id",
  "evidence_files.node_id",
  "evidence_files.filename",
  "evidence_files.media_type",
  "evidence_files.size",
  "evidence_files.sha256",
  "evidence_files.uploaded_by",
  "evidence_files.uploaded_at",
] as const;

export class EvidenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The files of an evaluation without their bytes, in the order they were attached. */
  list(evaluationId: string): Promise<EvidenceHead[]> {
    return this.db
      .selectFrom("evidence_files")
      .leftJoin("users", "users.id", "evidence_files.uploaded_by")
      .select(HEAD)
      .select("users.display_name as uploaded_by_name")
      .where("evidence_files.evaluation_id", "=", evaluationId)
      .orderBy("evidence_files.node_id")
      .orderBy("evidence_files.uploaded_at")
      .orderBy("evidence_files.id")
      .execute();
  }

  /** One file with its bytes. */
  get(evaluationId: string, id: string): Promise<EvidenceFilesTable | undefined> {
    return this.db
      .selectFrom("evidence_files")
      .selectAll()
      .where("evaluation_id", "=", evaluationId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  /** How many files and bytes the evaluation holds. */
  async usage(evaluationId: string): Promise<{ count: number; bytes: number }> {
    const r = await this.db
      .selectFrom("evidence_files")
      .select((eb) => [eb.fn.countAll().as("count"), eb.fn.sum("size").as("bytes")])
      .where("evaluation_id", "=", evaluationId)
      .executeTakeFirst();
    return { count: Number(r?.count ?? 0), bytes: Number(r?.bytes ?? 0) };
  }

  async insert(row: EvidenceFilesTable): Promise<void> {
    await this.db.insertInto("evidence_files").values(row).execute();
  }

  async remove(evaluationId: string, id: string): Promise<void> {
    await this.db.deleteFrom("evidence_files").where("evaluation_id", "=", evaluationId).where("id", "=", id).execute();
  }
}
