/** Monitoring tasks (监控任务), the filings they cover, reports (监控表) and finance's conclusions: every query. */
import type { Kysely } from "kysely";
import type {
  Database,
  MonitoringConclusionsTable,
  MonitoringReportsTable,
  MonitoringTasksTable,
  TargetFilingsTable,
} from "../db/database.js";

export type TaskRow = MonitoringTasksTable & { organisation_name: string };
export type CoveredRow = Pick<TargetFilingsTable, "id" | "title" | "organisation_id" | "document" | "approved_version"> & {
  organisation_name: string;
};
export type ConclusionRow = MonitoringConclusionsTable & { decided_by_name: string };
export type ReportRow = MonitoringReportsTable & { submitted_by_name: string | null };

export class MonitoringRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private tasks() {
    return this.db
      .selectFrom("monitoring_tasks")
      .innerJoin("organisations", "organisations.id", "monitoring_tasks.organisation_id")
      .selectAll("monitoring_tasks")
      .select("organisations.name as organisation_name");
  }

  task(id: string): Promise<TaskRow | undefined> {
    return this.tasks().where("monitoring_tasks.id", "=", id).executeTakeFirst();
  }

  /**
   * Tasks issued by one of `issuers` or covering a filing of one of `organisations`, newest first
   * (at most 500).
   */
  listTasks(issuers: readonly string[], organisations: readonly string[], year?: number): Promise<TaskRow[]> {
    let q = this.tasks().where((eb) =>
      eb.or([
        eb("monitoring_tasks.organisation_id", "in", issuers.length ? [...issuers] : ["-"]),
        eb(
          "monitoring_tasks.id",
          "in",
          eb
            .selectFrom("monitoring_task_filings")
            .innerJoin("target_filings", "target_filings.id", "monitoring_task_filings.filing_id")
            .select("monitoring_task_filings.task_id")
            .where("target_filings.organisation_id", "in", organisations.length ? [...organisations] : ["-"]),
        ),
      ]),
    );
    if (year !== undefined) q = q.where("monitoring_tasks.fiscal_year", "=", year);
    return q
      .orderBy("monitoring_tasks.fiscal_year", "desc")
      .orderBy("monitoring_tasks.month", "desc")
      .orderBy("monitoring_tasks.created_at", "desc")
      .limit(500)
      .execute();
  }

  async insertTask(row: MonitoringTasksTable, filingIds: readonly string[]): Promise<void> {
    await this.db.insertInto("monitoring_tasks").values(row).execute();
    if (filingIds.length)
      await this.db
        .insertInto("monitoring_task_filings")
        .values(filingIds.map((f) => ({ task_id: row.id, filing_id: f })))
        .execute();
  }

  async updateTask(id: string, values: Partial<MonitoringTasksTable>): Promise<void> {
    await this.db.updateTable("monitoring_tasks").set(values).where("id", "=", id).execute();
  }

  async setCovered(id: string, filingIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom("monitoring_task_filings").where("task_id", "=", id).execute();
    if (filingIds.length)
      await this.db
        .insertInto("monitoring_task_filings")
        .values(filingIds.map((f) => ({ task_id: id, filing_id: f })))
        .execute();
  }

  async deleteTask(id: string): Promise<void> {
    await this.db.deleteFrom("monitoring_task_filings").where("task_id", "=", id).execute();
    await this.db.deleteFrom("monitoring_tasks").where("id", "=", id).execute();
  }

  /** The filings a task covers, by title. */
  covered(taskId: string): Promise<CoveredRow[]> {
    return this.db
      .selectFrom("monitoring_task_filings")
      .innerJoin("target_filings", "target_filings.id", "monitoring_task_filings.filing_id")
      .innerJoin("organisations", "organisations.id", "target_filings.organisation_id")
      .select([
        "target_filings.id",
        "target_filings.title",
        "target_filings.organisation_id",
        "target_filings.document",
        "target_filings.approved_version",
        "organisations.name as organisation_name",
      ])
      .where("monitoring_task_filings.task_id", "=", taskId)
      .orderBy("target_filings.title")
      .orderBy("target_filings.id")
      .execute();
  }

  reports(taskId: string): Promise<ReportRow[]> {
    return this.db
      .selectFrom("monitoring_reports")
      .leftJoin("users", "users.id", "monitoring_reports.submitted_by")
      .selectAll("monitoring_reports")
      .select("users.display_name as submitted_by_name")
      .where("monitoring_reports.task_id", "=", taskId)
      .execute();
  }

  report(taskId: string, filingId: string): Promise<ReportRow | undefined> {
    return this.db
      .selectFrom("monitoring_reports")
      .leftJoin("users", "users.id", "monitoring_reports.submitted_by")
      .selectAll("monitoring_reports")
      .select("users.display_name as submitted_by_name")
      .where("monitoring_reports.task_id", "=", taskId)
      .where("monitoring_reports.filing_id", "=", filingId)
      .executeTakeFirst();
  }

  async insertReport(row: MonitoringReportsTable): Promise<void> {
    await this.db.insertInto("monitoring_reports").values(row).execute();
  }

  /** Replace a report's document when its version is still `version`. */
  async updateReport(id: string, version: number, values: Partial<MonitoringReportsTable>): Promise<boolean> {
    const r = await this.db
      .updateTable("monitoring_reports")
      .set(values)
      .where("id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async hasRecords(taskId: string): Promise<boolean> {
    const r = await this.db.selectFrom("monitoring_reports").select("id").where("task_id", "=", taskId).executeTakeFirst();
    const c = await this.db.selectFrom("monitoring_conclusions").select("filing_id").where("task_id", "=", taskId).executeTakeFirst();
    return !!r || !!c;
  }

  conclusions(taskId: string): Promise<ConclusionRow[]> {
    return this.db
      .selectFrom("monitoring_conclusions")
      .innerJoin("users", "users.id", "monitoring_conclusions.decided_by")
      .selectAll("monitoring_conclusions")
      .select("users.display_name as decided_by_name")
      .where("monitoring_conclusions.task_id", "=", taskId)
      .execute();
  }

  /** Insert or replace the conclusion on one project; the previous one (for the audit), if any. */
  async putConclusion(row: MonitoringConclusionsTable): Promise<MonitoringConclusionsTable | undefined> {
    const old = await this.db
      .selectFrom("monitoring_conclusions")
      .selectAll()
      .where("task_id", "=", row.task_id)
      .where("filing_id", "=", row.filing_id)
      .executeTakeFirst();
    if (old)
      await this.db
        .updateTable("monitoring_conclusions")
        .set({ conclusion: row.conclusion, reason: row.reason, decided_by: row.decided_by, decided_at: row.decided_at })
        .where("task_id", "=", row.task_id)
        .where("filing_id", "=", row.filing_id)
        .execute();
    else await this.db.insertInto("monitoring_conclusions").values(row).execute();
    return old;
  }
}
