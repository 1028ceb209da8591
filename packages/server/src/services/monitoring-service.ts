/**
 * 运行监控 (the "双监控": budget execution and target completion). The finance bureau issues a task
 * (a year, the months 1–M, a deadline, 一般监控 reported by the departments or 重点监控 by the
 * bureau itself) covering approved filings; each project's report (the engine's MonitoringReport)
 * is submitted once per task and may be replaced; the engine's monitorReport lights it (budget
 * against time, each indicator, the worst as the project's light, 报送及时性); the bureau records
 * its conclusion per project. Who may do each is the policy's (canMonitoring, MONITORING_REPORTERS);
 * every write is audited in its transaction (entity "monitoring-task").
 */
import { createHash } from "node:crypto";
import {
  type ConclusionView,
  MONITORING_KIND_LABELS,
  type MonitoredProjectView,
  type MonitoringConclusion,
  type MonitoringDashboardView,
  type MonitoringTaskView,
  type ProjectLightsView,
  ROLE_LABELS,
  type Timeliness,
} from "@jixiao/api";
import {
  type Decimal,
  HUNDRED,
  type MonitoringReport,
  MonitoringReportSchema,
  TargetFilingSchema,
  ZERO,
  dec,
  loadDocument,
  monitorReport,
  ratioText,
  sum,
} from "@jixiao/engine";
import { monitoringTemplate, monitoringTitle, monitoringToWorkbook } from "@jixiao/exchange";
import type * as z from "zod";
import type { CreateMonitoringTaskRequest, UpdateMonitoringTaskRequest } from "@jixiao/api";
import type { MonitoringTasksTable, Store, Tx } from "../db/database.js";
import { conflict, field, forbidden, invalid, notFound, staleVersion } from "../errors.js";
import { MONITORING_REPORTERS, type Principal, canMonitoring } from "../policy.js";
import {
  type ConclusionRow,
  type CoveredRow,
  MonitoringRepository,
  type ReportRow,
  type TaskRow,
} from "../repositories/monitoring-repository.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { TargetRepository } from "../repositories/target-repository.js";
import { readFormUpload } from "./form-upload.js";
import type { Services } from "./services.js";

/** A date as people in China read it: 北京时间 (UTC+8), "YYYY-MM-DD". */
const beijingDate = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

type Lineages = Map<string, Array<{ id: string; kind: string }>>;

interface Opened {
  task: TaskRow;
  /** The covered projects the caller may see. */
  projects: CoveredRow[];
  lineages: Lineages;
}

/** The monitoring report from a request, validated by the engine's schema; problems name `document.…`. */
export function parseReport(document: unknown): MonitoringReport {
  const r = loadDocument(MonitoringReportSchema, JSON.stringify(document), "document.json", "json");
  if (r.ok) return r.value;
  throw invalid(
    "invalid-monitoring-report",
    { count: r.errors.length },
    r.errors.map((e) => ({ path: e.path ? `document.${e.path}` : "document", message: e.message })),
  );
}

const conclusionView = (c: ConclusionRow): ConclusionView => ({
  conclusion: c.conclusion as MonitoringConclusion,
  reason: c.reason,
  decidedBy: c.decided_by_name,
  decidedAt: c.decided_at,
});

export class MonitoringService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
  ) {}

  private repo(db: Store["db"] | Tx = this.store.db) {
    return new MonitoringRepository(db);
  }

  private async lineages(): Promise<Lineages> {
    return new Map((await new OrganisationRepository(this.store.db).withLineages()).map((o) => [o.row.id, o.lineage]));
  }

  private pathOf(lineages: Lineages, id: string): string[] {
    return (lineages.get(id) ?? []).map((o) => o.id);
  }

  /**
   * The task as `p` may see it: the bureau's administrators see every project; a department the
   * projects of its subtree (then the task is visible only if one is). Not found otherwise.
   */
  private async open(p: Principal, id: string): Promise<Opened> {
    if (!canMonitoring(p, "monitoring.read")) throw notFound("thing/monitoring-task");
    const task = await this.repo().task(id);
    if (!task) throw notFound("thing/monitoring-task");
    const lineages = await this.lineages();
    const covered = await this.repo().covered(id);
    const manages = canMonitoring(p, "monitoring.read", { organisationPath: this.pathOf(lineages, task.organisation_id), kind: task.kind });
    const projects = manages
      ? covered
      : covered.filter((c) =>
          canMonitoring(p, "monitoring.read", { organisationPath: this.pathOf(lineages, c.organisation_id), kind: task.kind }),
        );
    if (projects.length === 0 && !manages) throw notFound("thing/monitoring-task");
    return { task, projects, lineages };
  }

  private manages(p: Principal, o: Opened): boolean {
    return canMonitoring(p, "monitoring.manage", { organisationPath: this.pathOf(o.lineages, o.task.organisation_id), kind: o.task.kind });
  }

  private reporter(p: Principal, o: Opened, project: CoveredRow): boolean {
    return canMonitoring(p, "monitoring.report", { organisationPath: this.pathOf(o.lineages, project.organisation_id), kind: o.task.kind });
  }

  private timeliness(task: TaskRow, report: ReportRow | undefined): Timeliness {
    if (report?.submitted_at) return beijingDate(new Date(report.submitted_at)) > task.deadline ? "late" : "onTime";
    return beijingDate(this.s.clock()) > task.deadline ? "missing" : "pending";
  }

  private async taskView(p: Principal, o: Opened): Promise<MonitoringTaskView> {
    const reports = new Map((await this.repo().reports(o.task.id)).map((r) => [r.filing_id, r]));
    const conclusions = new Map((await this.repo().conclusions(o.task.id)).map((c) => [c.filing_id, c]));
    const projects: MonitoredProjectView[] = o.projects.map((c) => {
      const r = reports.get(c.id);
      const k = conclusions.get(c.id);
      return {
        filingId: c.id,
        title: c.title,
        organisationId: c.organisation_id,
        organisationName: c.organisation_name,
        timeliness: this.timeliness(o.task, r),
        submittedAt: r?.submitted_at ?? null,
        conclusion: k ? conclusionView(k) : null,
      };
    });
    return {
      id: o.task.id,
      title: o.task.title,
      fiscalYear: o.task.fiscal_year,
      month: o.task.month,
      deadline: o.task.deadline,
      kind: o.task.kind,
      organisationId: o.task.organisation_id,
      organisationName: o.task.organisation_name,
      createdAt: o.task.created_at,
      projects,
      reporter: o.projects.some((c) => this.reporter(p, o, c)),
      manage: this.manages(p, o),
    };
  }

  async listTasks(p: Principal, year?: number): Promise<MonitoringTaskView[]> {
    if (!canMonitoring(p, "monitoring.read") || p.organisationId === null) throw forbidden();
    const subtree = await new OrganisationRepository(this.store.db).subtreeOf(p.organisationId);
    const rows = await this.repo().listTasks(p.role === "finance_admin" ? subtree : [], subtree, year);
    const out: MonitoringTaskView[] = [];
    for (const r of rows) out.push(await this.taskView(p, await this.open(p, r.id)));
    return out;
  }

  async getTask(p: Principal, id: string): Promise<MonitoringTaskView> {
    return this.taskView(p, await this.open(p, id));
  }

  /** The approved filings named, each in the caller's subtree; otherwise a 400 naming the index. */
  private async checkFilings(p: Principal, ids: readonly string[], path: string): Promise<string[]> {
    const lineages = await this.lineages();
    const targets = new TargetRepository(this.store.db);
    const unique = [...new Set(ids)];
    for (const [i, id] of ids.entries()) {
      const f = await targets.get(id);
      const ok =
        f !== undefined &&
        f.approved_version !== null &&
        canMonitoring(p, "monitoring.manage", { organisationPath: this.pathOf(lineages, f.organisation_id), kind: "general" });
      if (!ok) throw invalid("unknown-filing", {}, [field(`${path}[${i}]`, "field/approved-filing")]);
    }
    return unique;
  }

  private audit(
    p: Principal,
    at: string,
    action: string,
    id: string,
    path: string,
    oldValue: unknown,
    newValue: unknown,
    reason: string | null,
  ) {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    return {
      at,
      userId: p.id,
      action,
      entity: "monitoring-task",
      entityId: id,
      path,
      oldValue: json(oldValue),
      newValue: json(newValue),
      reason,
    };
  }

  async createTask(p: Principal, req: z.infer<typeof CreateMonitoringTaskRequest>): Promise<MonitoringTaskView> {
    if (!canMonitoring(p, "monitoring.manage") || p.organisationId === null) throw forbidden();
    const filingIds = await this.checkFilings(p, req.filingIds, "filingIds");
    const now = this.s.clock().toISOString();
    const row: MonitoringTasksTable = {
      id: this.s.ids(),
      organisation_id: p.organisationId,
      fiscal_year: req.fiscalYear,
      month: req.month,
      deadline: req.deadline,
      kind: req.kind,
      title: req.title,
      created_by: p.id,
      created_at: now,
      updated_at: now,
    };
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).insertTask(row, filingIds);
      await this.s.audit.append(tx, [
        this.audit(
          p,
          now,
          "monitoring.createTask",
          row.id,
          "",
          null,
          { title: row.title, fiscalYear: row.fiscal_year, month: row.month, deadline: row.deadline, kind: row.kind, filingIds },
          null,
        ),
      ]);
    });
    return this.getTask(p, row.id);
  }

  async updateTask(p: Principal, id: string, req: z.infer<typeof UpdateMonitoringTaskRequest>): Promise<MonitoringTaskView> {
    const o = await this.open(p, id);
    if (!this.manages(p, o)) throw forbidden();
    const filingIds = req.filingIds ? await this.checkFilings(p, req.filingIds, "filingIds") : undefined;
    if (filingIds) {
      const reported = (await this.repo().reports(id)).filter((r) => !filingIds.includes(r.filing_id));
      if (reported.length) {
        const titles = o.projects.filter((c) => reported.some((r) => r.filing_id === c.id)).map((c) => c.title);
        throw conflict("project-reported", {}, [field("filingIds", "field/project-reported", { titles })]);
      }
    }
    const now = this.s.clock().toISOString();
    const before = { title: o.task.title, deadline: o.task.deadline, filingIds: o.projects.map((c) => c.id) };
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      await repo.updateTask(id, {
        ...(req.title !== undefined ? { title: req.title } : {}),
        ...(req.deadline !== undefined ? { deadline: req.deadline } : {}),
        updated_at: now,
      });
      if (filingIds) await repo.setCovered(id, filingIds);
      await this.s.audit.append(tx, [
        this.audit(p, now, "monitoring.updateTask", id, "", before, { ...req, ...(filingIds ? { filingIds } : {}) }, null),
      ]);
    });
    return this.getTask(p, id);
  }

  async deleteTask(p: Principal, id: string): Promise<void> {
    const o = await this.open(p, id);
    if (!this.manages(p, o)) throw forbidden();
    if (await this.repo().hasRecords(id)) throw conflict("task-has-reports");
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      await this.repo(tx).deleteTask(id);
      await this.s.audit.append(tx, [this.audit(p, now, "monitoring.deleteTask", id, "", { title: o.task.title }, null, null)]);
    });
  }

  private project(o: Opened, filingId: string): CoveredRow {
    const c = o.projects.find((x) => x.id === filingId);
    if (!c) throw notFound("thing/monitoring-report");
    return c;
  }

  async getReport(p: Principal, id: string, filingId: string) {
    const o = await this.open(p, id);
    this.project(o, filingId);
    const r = await this.repo().report(id, filingId);
    if (!r) throw notFound("thing/monitoring-report");
    return {
      taskId: id,
      filingId,
      document: JSON.parse(r.document) as Record<string, unknown>,
      version: r.version,
      submittedAt: r.submitted_at,
      submittedBy: r.submitted_by_name,
      timeliness: this.timeliness(o.task, r),
    };
  }

  /**
   * 报送: validated by the engine's schema; its year and month (when given) must be the task's. The
   * first submission's time counts for 报送及时性; a later one replaces the document (audited).
   */
  async submitReport(p: Principal, id: string, filingId: string, req: { document: unknown }) {
    const o = await this.open(p, id);
    this.mayReport(p, o, this.project(o, filingId));
    const report = parseReport(req.document);
    if (report.fiscalYear !== o.task.fiscal_year)
      throw invalid(
        "report-mismatch",
        { what: { zh: "预算年度", en: "fiscal year" }, expected: o.task.fiscal_year, found: report.fiscalYear },
        [field("document.fiscalYear", "field/report-mismatch", { expected: o.task.fiscal_year })],
      );
    if (report.month !== undefined && report.month !== o.task.month)
      throw invalid("report-mismatch", { what: { zh: "监控期间", en: "period" }, expected: o.task.month, found: report.month }, [
        field("document.month", "field/report-mismatch", { expected: o.task.month }),
      ]);
    const document = JSON.stringify(req.document);
    const sha256 = createHash("sha256").update(document).digest("hex");
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      const repo = this.repo(tx);
      const old = await repo.report(id, filingId);
      if (old) {
        if (!(await repo.updateReport(old.id, old.version, { document, version: old.version + 1, updated_at: now })))
          throw staleVersion(old.version);
      } else
        await repo.insertReport({
          id: this.s.ids(),
          task_id: id,
          filing_id: filingId,
          document,
          status: "submitted",
          version: 1,
          submitted_at: now,
          submitted_by: p.id,
          updated_at: now,
        });
      await this.s.audit.append(tx, [
        this.audit(
          p,
          now,
          "monitoring.report",
          id,
          `reports.${filingId}`,
          old ? { version: old.version } : null,
          { version: (old?.version ?? 0) + 1, sha256 },
          null,
        ),
      ]);
    });
    return this.getReport(p, id, filingId);
  }

  /** May `p` report on `project` of the task? Refused (403, saying who reports for this kind of task) otherwise. */
  private mayReport(p: Principal, o: Opened, project: CoveredRow): void {
    if (this.reporter(p, o, project)) return;
    if (canMonitoring(p, "monitoring.report"))
      throw forbidden("not-reporter", {
        kind: MONITORING_KIND_LABELS[o.task.kind],
        roles: MONITORING_REPORTERS[o.task.kind].map((r) => ROLE_LABELS[r]),
      });
    throw forbidden();
  }

  // ── the 监控表 as a workbook (exchange's monitoring-xlsx: written here, read in the parse pool) ──

  /** A project's submitted report as its 监控表 (.xlsx), for the task's months. */
  async reportWorkbook(p: Principal, id: string, filingId: string): Promise<{ body: Uint8Array; filename: string }> {
    const o = await this.open(p, id);
    const project = this.project(o, filingId);
    const r = await this.repo().report(id, filingId);
    if (!r) throw notFound("thing/monitoring-report");
    const doc = MonitoringReportSchema.parse(JSON.parse(r.document));
    return {
      body: await monitoringToWorkbook({ ...doc, month: doc.month ?? o.task.month }),
      filename: `${project.title}-${monitoringTitle(doc.kind)}（1—${o.task.month}月）.xlsx`,
    };
  }

  /**
   * The 监控表 to fill for the task's months: blank, or with `filingId` the project's header and its
   * approved indicator table (一级/二级/三级指标, 年度指标值) already in, the figures left to fill.
   */
  async template(p: Principal, id: string, filingId?: string): Promise<{ body: Uint8Array; filename: string }> {
    const o = await this.open(p, id);
    if (filingId === undefined) return { body: await monitoringTemplate(o.task.month), filename: `${o.task.title}-监控表（模板）.xlsx` };
    const project = this.project(o, filingId);
    const targets = new TargetRepository(this.store.db);
    const filing = await targets.get(filingId);
    const approved = filing && filing.approved_version !== null ? await targets.version(filingId, filing.approved_version) : undefined;
    if (!approved) throw notFound("thing/monitoring-report");
    const f = TargetFilingSchema.parse(JSON.parse(approved.document));
    const body = await monitoringToWorkbook({
      kind: f.kind,
      fiscalYear: o.task.fiscal_year,
      month: o.task.month,
      name: f.name,
      ...(f.kind === "项目" && f.code ? { code: f.code } : {}),
      ...(f.department ? { department: f.department } : {}),
      ...(f.kind === "项目" && f.implementer ? { implementer: f.implementer } : {}),
      budget: [],
      indicators: f.indicators.map((i) => ({ level1: i.level1, level2: i.level2, name: i.name, target: i.target })),
    });
    return { body, filename: `${project.title}-监控表（1—${o.task.month}月）.xlsx` };
  }

  /** A filled 监控表 uploaded as the project's report (as submitReport; who may report is checked before reading). */
  async importReport(p: Principal, id: string, filingId: string, upload: { filename: string; data: Uint8Array }) {
    const o = await this.open(p, id);
    this.mayReport(p, o, this.project(o, filingId));
    const document = await readFormUpload(this.s.parsers, "monitoring-form", upload.filename, upload.data);
    return this.submitReport(p, id, filingId, { document });
  }

  private lightsOf(o: Opened, c: CoveredRow, report: ReportRow | undefined, conclusion: ConclusionRow | undefined): ProjectLightsView {
    const base = {
      filingId: c.id,
      title: c.title,
      organisationId: c.organisation_id,
      organisationName: c.organisation_name,
      timeliness: this.timeliness(o.task, report),
      submittedAt: report?.submitted_at ?? null,
      conclusion: conclusion ? conclusionView(conclusion) : null,
    };
    if (!report) return { ...base, light: null, budget: null, indicators: [] };
    const doc = MonitoringReportSchema.parse(JSON.parse(report.document));
    const r = monitorReport(
      { ...doc, deadline: o.task.deadline, submittedAt: beijingDate(new Date(report.submitted_at ?? report.updated_at)) },
      { month: o.task.month, today: beijingDate(this.s.clock()) },
    );
    const adjusted = sum(doc.budget.map((l) => dec(l.adjustedBudget)));
    const executed = sum(doc.budget.map((l) => dec(l.executed)));
    return {
      ...base,
      light: r.light,
      budget: {
        light: r.budget.light,
        ratio: r.budget.ratioText ?? null,
        formula: r.budget.formula,
        explanation: r.budget.explanation,
        adjustedBudget: adjusted.toString(),
        executed: executed.toString(),
        timeRatio: ratioText(r.budget.timeProgress),
        executionRate: r.budget.executionRate ? ratioText(r.budget.executionRate) : null,
      },
      indicators: r.indicators.map((i) => {
        const row = doc.indicators[i.index]!;
        return {
          name: i.name,
          level1: row.level1 ?? null,
          level2: row.level2 ?? null,
          target: row.target,
          actual: row.actual === undefined ? null : String(row.actual),
          light: i.light ?? null,
          rule: i.rule ?? null,
          ratio: i.ratioText ?? null,
          formula: i.formula ?? null,
          explanation: i.explanation,
        };
      }),
    };
  }

  private async allLights(o: Opened): Promise<Array<{ view: ProjectLightsView; adjusted: Decimal; executed: Decimal }>> {
    const reports = new Map((await this.repo().reports(o.task.id)).map((r) => [r.filing_id, r]));
    const conclusions = new Map((await this.repo().conclusions(o.task.id)).map((c) => [c.filing_id, c]));
    return o.projects.map((c) => {
      const view = this.lightsOf(o, c, reports.get(c.id), conclusions.get(c.id));
      return {
        view,
        adjusted: view.budget?.adjustedBudget ? dec(view.budget.adjustedBudget) : ZERO,
        executed: view.budget?.executed ? dec(view.budget.executed) : ZERO,
      };
    });
  }

  async lights(p: Principal, id: string) {
    const o = await this.open(p, id);
    return { taskId: id, month: o.task.month, projects: (await this.allLights(o)).map((x) => x.view) };
  }

  async projectLights(p: Principal, id: string, filingId: string): Promise<ProjectLightsView> {
    const o = await this.open(p, id);
    const c = this.project(o, filingId);
    const conclusion = (await this.repo().conclusions(id)).find((k) => k.filing_id === filingId);
    return this.lightsOf(o, c, await this.repo().report(id, filingId), conclusion);
  }

  /**
   * 监控驾驶舱 for one task (the one named, else the latest the caller sees, of `year` if given):
   * lights and timeliness counted, projects grouped by their 主管部门 (the nearest department
   * above them), execution Σ执行数 ÷ Σ调整后预算 against time M/12.
   */
  async dashboard(p: Principal, q: { year?: number | undefined; taskId?: string | undefined }): Promise<MonitoringDashboardView> {
    if (!canMonitoring(p, "monitoring.read")) throw forbidden();
    const taskId = q.taskId ?? (await this.listTasks(p, q.year))[0]?.id;
    const counts = () => ({ red: 0, yellow: 0, green: 0, blue: 0, none: 0 });
    if (taskId === undefined)
      return {
        taskId: null,
        title: null,
        month: null,
        timeRatio: null,
        lights: counts(),
        timeliness: { onTime: 0, late: 0, missing: 0, pending: 0 },
        departments: [],
      };
    const o = await this.open(p, taskId);
    const all = await this.allLights(o);
    const lights = counts();
    const timeliness = { onTime: 0, late: 0, missing: 0, pending: 0 };
    const groups = new Map<string, { name: string; items: typeof all }>();
    for (const x of all) {
      lights[x.view.light ?? "none"]++;
      timeliness[x.view.timeliness]++;
      const lineage = o.lineages.get(x.view.organisationId) ?? [];
      const dept = lineage.find((l) => l.kind === "department")?.id ?? x.view.organisationId;
      const g = groups.get(dept) ?? { name: "", items: [] };
      g.items.push(x);
      groups.set(dept, g);
    }
    const names = new Map((await new OrganisationRepository(this.store.db).list()).map((r) => [r.id, r.name]));
    const rate = (executed: Decimal, adjusted: Decimal) => (adjusted.isZero() ? null : ratioText(executed.div(adjusted).times(HUNDRED)));
    return {
      taskId: o.task.id,
      title: o.task.title,
      month: o.task.month,
      timeRatio: ratioText(dec(o.task.month).div(12).times(HUNDRED)),
      lights,
      timeliness,
      departments: [...groups.entries()].map(([id, g]) => {
        const c = counts();
        for (const x of g.items) c[x.view.light ?? "none"]++;
        return {
          organisationId: id,
          organisationName: names.get(id) ?? id,
          lights: c,
          executionRate: rate(sum(g.items.map((x) => x.executed)), sum(g.items.map((x) => x.adjusted))),
          projects: g.items.map((x) => ({
            filingId: x.view.filingId,
            title: x.view.title,
            light: x.view.light,
            timeliness: x.view.timeliness,
            executionRate: x.view.budget?.executionRate ?? null,
          })),
        };
      }),
    };
  }

  /** 财政处理意见 on one covered project (replaces an earlier one; both audited). */
  async conclude(
    p: Principal,
    id: string,
    filingId: string,
    req: { conclusion: MonitoringConclusion; reason: string },
  ): Promise<ConclusionView> {
    const o = await this.open(p, id);
    this.project(o, filingId);
    if (!canMonitoring(p, "monitoring.conclude", { organisationPath: this.pathOf(o.lineages, o.task.organisation_id), kind: o.task.kind }))
      throw forbidden();
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      const old = await this.repo(tx).putConclusion({
        task_id: id,
        filing_id: filingId,
        conclusion: req.conclusion,
        reason: req.reason,
        decided_by: p.id,
        decided_at: now,
      });
      await this.s.audit.append(tx, [
        this.audit(p, now, "monitoring.conclude", id, `conclusions.${filingId}`, old ? old.conclusion : null, req.conclusion, req.reason),
      ]);
    });
    const c = (await this.repo().conclusions(id)).find((k) => k.filing_id === filingId)!;
    return conclusionView(c);
  }
}
