/**
 * 监控表: one project's monitoring report for a task, filled by whoever reports it (一般监控: the
 * department; 重点监控: the finance bureau). Budget execution by fund source and, per indicator,
 * 1–M月完成值, 全年预计完成值, 偏差原因 (several, with text), 完成目标可能性 and 纠偏措施. The lights
 * are computed live with the engine's monitorReport as the numbers are typed — the same code the
 * server runs when the report is submitted. A report not yet submitted starts from the filing's
 * approved indicators and funds.
 */
import { type FilingDetail, type MonitoringTaskView, type Timeliness } from "@jixiao/api";
import {
  CompletionLikelihood,
  DeviationCause,
  type MonitoringReportInput,
  MonitoringReportSchema,
  dec,
  formatPercent,
  formatWan,
  isDecimalText,
  monitorReport,
} from "@jixiao/engine";
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Result, Select, Skeleton, Space, Table, Typography } from "antd";
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import { LightTag } from "./light.js";
import { TimelinessTag } from "./monitoring-page.js";
import { ReportWorkbookButtons } from "./form-workbook-buttons.js";

type Doc = MonitoringReportInput;
type BudgetRow = Doc["budget"][number];
type IndicatorRow = Doc["indicators"][number];

/** A report to start from: the filing's funds and indicators, nothing reported yet. */
function fromFiling(filing: FilingDetail, task: MonitoringTaskView): Doc {
  const f = filing.document as {
    kind?: "项目" | "部门整体";
    name?: string;
    code?: string;
    department?: string;
    implementer?: string;
    funds?: { unit?: "元" | "万元"; lines?: Array<{ source: string; amount: string | number }> };
    indicators?: Array<{ level1?: string; level2?: string; name: string; target: string | number; unit?: string }>;
  };
  return {
    kind: f.kind ?? "项目",
    fiscalYear: task.fiscalYear,
    name: f.name ?? filing.title,
    ...(f.code ? { code: f.code } : {}),
    ...(f.department ? { department: f.department } : {}),
    ...(f.implementer ? { implementer: f.implementer } : {}),
    mode: task.kind === "key" ? "重点监控" : "一般监控",
    month: task.month,
    deadline: task.deadline,
    unit: f.funds?.unit ?? "万元",
    budget: (f.funds?.lines ?? []).map((l) => ({ source: l.source, initialBudget: l.amount, adjustedBudget: l.amount, executed: "" })),
    indicators: (f.indicators ?? []).map((r) => ({
      ...(r.level1 ? { level1: r.level1 } : {}),
      ...(r.level2 ? { level2: r.level2 } : {}),
      name: r.name,
      target: r.target,
      ...(r.unit ? { unit: r.unit } : {}),
    })),
  };
}

const text = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
const money = (v: unknown): string => (isDecimalText(text(v)) ? formatWan(dec(text(v))) : "—");

export function MonitoringReportPage({ taskId, filingId }: { taskId: string; filingId: string }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [task, setTask] = useState<MonitoringTaskView | null>(null);
  const [draft, setDraft] = useState<Doc | null>(null);
  const [timeliness, setTimeliness] = useState<Timeliness | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    let live = true;
    (async () => {
      const tk = await api.call("monitoring.getTask", { params: { id: taskId } });
      let doc: Doc;
      try {
        const r = await api.call("monitoring.getReport", { params: { id: taskId, filingId } });
        doc = r.document as Doc;
        if (live) setTimeliness(r.timeliness);
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.status !== 404) throw e;
        doc = fromFiling(await api.call("filings.get", { params: { id: filingId } }), tk);
        if (live) setTimeliness(tk.projects.find((p) => p.filingId === filingId)?.timeliness ?? null);
      }
      if (live) {
        setTask(tk);
        setDraft(doc);
      }
    })().catch(
      (e: unknown) => live && setError(e instanceof ApiFailure ? e : new ApiFailure(0, "client", { zh: String(e), en: String(e) })),
    );
    return () => {
      live = false;
    };
  }, [api, taskId, filingId]);

  const deferred = useDeferredValue(draft);
  const live = useMemo(() => {
    if (!deferred || !task) return null;
    const parsed = MonitoringReportSchema.safeParse({ ...deferred, month: task.month });
    if (!parsed.success) return { issues: parsed.error.issues.map((i) => i.path.join(" › ")), result: null };
    return { issues: [], result: monitorReport(parsed.data, { month: task.month }) };
  }, [deferred, task]);

  if (error)
    return (
      <Result
        status={error.status === 404 ? "404" : "error"}
        title={pick(error.text)}
        extra={<Link to="/monitoring/tasks">{t("monitorTasks")}</Link>}
      />
    );
  if (!task || !draft) return <Skeleton active />;
  const m = task.month;
  const editable = task.reporter;
  const project = task.projects.find((p) => p.filingId === filingId);
  const setBudget = (i: number, key: keyof BudgetRow, v: string) => {
    setDraft({ ...draft, budget: draft.budget.map((r, j) => (j === i ? { ...r, [key]: v } : r)) });
    setDirty(true);
  };
  const setIndicator = (i: number, patch: Partial<IndicatorRow>) => {
    setDraft({
      ...draft,
      indicators: draft.indicators.map((r, j) => {
        if (j !== i) return r;
        const next: Record<string, unknown> = { ...r, ...patch };
        for (const [k, v] of Object.entries(next)) if (v === "" || v === undefined) delete next[k];
        return next as IndicatorRow;
      }),
    });
    setDirty(true);
  };
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api.call("monitoring.submitReport", { params: { id: taskId, filingId }, body: { document: { ...draft, month: m } } });
      setDraft(r.document as Doc);
      setTimeliness(r.timeliness);
      setDirty(false);
      void message.success(t("monitorSubmitted"));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  const result = live?.result ?? null;
  const cell = (value: unknown, onChange: (v: string) => void, label: string, testId: string, width = "100%") =>
    editable ? (
      <Input value={text(value)} onChange={(e) => onChange(e.target.value)} aria-label={label} style={{ width }} data-testid={testId} />
    ) : (
      <span data-testid={testId}>{text(value) || "—"}</span>
    );
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card size="small">
        <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
          <Space wrap>
            <Link to="/monitoring/tasks">{t("monitorTasks")}</Link>
            <Typography.Text type="secondary">/</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="report-title">
              {draft.name}
            </Typography.Title>
            {result && <LightTag light={result.light} testId="report-light" />}
            {timeliness && <TimelinessTag value={timeliness} />}
          </Space>
          <Space wrap>
            <ReportWorkbookButtons
              taskId={taskId}
              filingId={filingId}
              hasReport={timeliness === "onTime" || timeliness === "late"}
              canReport={editable}
              dirty={dirty}
              onUploaded={(r) => {
                setDraft(r.document as Doc);
                setTimeliness(r.timeliness);
                setDirty(false);
              }}
            />
            {editable && (
              <Button type="primary" loading={busy} disabled={!result} onClick={() => void submit()} data-testid="report-submit">
                {t("monitorSubmit")}
              </Button>
            )}
          </Space>
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 4 }}
          style={{ marginTop: 8 }}
          items={[
            { key: "task", label: t("monitorTasks"), children: task.title },
            { key: "period", label: t("monitorPeriod"), children: t("monitorPeriodText", { m }) },
            { key: "deadline", label: t("monitorDeadline"), children: task.deadline },
            { key: "org", label: t("monitorDepartment"), children: project?.organisationName ?? "—" },
          ]}
        />
        {dirty && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t("filingUnsaved")}
          </Typography.Text>
        )}
      </Card>
      {live && live.issues.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t("monitorIncomplete")}
          description={live.issues.slice(0, 6).join("；")}
          data-testid="report-issues"
        />
      )}
      <Card size="small" title={`${t("monitorExecution")}（${draft.unit ?? "万元"}）`}>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey={(_r, i) => String(i)}
          dataSource={draft.budget}
          data-testid="report-budget"
          columns={[
            {
              title: t("monitorSource"),
              dataIndex: "source",
              render: (v: string, _r, i) => cell(v, (x) => setBudget(i, "source", x), t("monitorSource"), `budget-${i}-source`),
            },
            {
              title: t("monitorBudgetStart"),
              dataIndex: "initialBudget",
              width: 150,
              align: "right",
              render: (v: unknown, _r, i) =>
                editable ? cell(v, (x) => setBudget(i, "initialBudget", x), t("monitorBudgetStart"), `budget-${i}-initial`) : money(v),
            },
            {
              title: t("monitorBudgetAdjusted"),
              dataIndex: "adjustedBudget",
              width: 150,
              align: "right",
              render: (v: unknown, _r, i) =>
                editable ? cell(v, (x) => setBudget(i, "adjustedBudget", x), t("monitorBudgetAdjusted"), `budget-${i}-adjusted`) : money(v),
            },
            {
              title: t("monitorSpent", { m }),
              dataIndex: "executed",
              width: 150,
              align: "right",
              render: (v: unknown, _r, i) =>
                editable ? cell(v, (x) => setBudget(i, "executed", x), t("monitorSpent", { m }), `budget-${i}-executed`) : money(v),
            },
            {
              title: t("monitorExecutionRate"),
              key: "rate",
              width: 100,
              align: "right",
              render: (_: unknown, r) => {
                const a = text(r.adjustedBudget);
                const e = text(r.executed);
                return isDecimalText(a) && isDecimalText(e) && !dec(a).isZero() ? formatPercent(dec(e).dividedBy(dec(a))) : "—";
              },
            },
            {
              title: t("monitorLight"),
              key: "light",
              width: 90,
              render: (_: unknown, _r, i) => <LightTag light={result?.budget.lines[i]?.light} />,
            },
          ]}
          summary={() =>
            result ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={5}>
                  <Typography.Text code data-testid="report-budget-formula">
                    {pick(result.budget.formula)}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1}>
                  <LightTag light={result.budget.light} testId="report-budget-light" />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card size="small" title={t("monitorTargets")}>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey={(_r, i) => String(i)}
          dataSource={draft.indicators}
          scroll={{ x: 1500 }}
          data-testid="report-indicators"
          columns={[
            { title: t("filingLevel3"), dataIndex: "name", width: 170, fixed: "left" },
            { title: t("monitorAnnualTarget"), dataIndex: "target", width: 100 },
            {
              title: t("monitorDone", { m }),
              dataIndex: "actual",
              width: 110,
              render: (v: unknown, _r, i) => cell(v, (x) => setIndicator(i, { actual: x }), t("monitorDone", { m }), `ind-${i}-actual`),
            },
            {
              title: t("monitorForecast"),
              dataIndex: "forecast",
              width: 110,
              render: (v: unknown, _r, i) => cell(v, (x) => setIndicator(i, { forecast: x }), t("monitorForecast"), `ind-${i}-forecast`),
            },
            {
              title: t("monitorLight"),
              key: "light",
              width: 100,
              render: (_: unknown, _r, i) => {
                const l = result?.indicators[i];
                return <LightTag light={l?.light} title={l ? pick(l.formula ?? l.explanation) : undefined} testId={`ind-${i}-light`} />;
              },
            },
            {
              title: t("monitorCauses"),
              key: "causes",
              width: 260,
              render: (_: unknown, r, i) =>
                editable ? (
                  <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                    <Select
                      mode="multiple"
                      size="small"
                      style={{ width: "100%" }}
                      value={r.deviation?.causes ?? []}
                      aria-label={t("monitorCauses")}
                      options={DeviationCause.options.map((c) => ({ value: c, label: c }))}
                      onChange={(
                        causes: IndicatorRow extends { deviation?: infer D }
                          ? NonNullable<D> extends { causes?: infer C }
                            ? C
                            : never
                          : never,
                      ) => setIndicator(i, { deviation: { ...r.deviation, causes } })}
                    />
                    <Input.TextArea
                      size="small"
                      autoSize={{ minRows: 1, maxRows: 3 }}
                      value={r.deviation?.text ?? ""}
                      aria-label={t("monitorCauseText")}
                      placeholder={t("monitorCauseText")}
                      onChange={(e) =>
                        setIndicator(i, { deviation: { causes: r.deviation?.causes ?? [], text: e.target.value || undefined } })
                      }
                    />
                  </Space>
                ) : (
                  [(r.deviation?.causes ?? []).join("、"), r.deviation?.text].filter(Boolean).join("：") || "—"
                ),
            },
            {
              title: t("monitorLikelihood"),
              dataIndex: "likelihood",
              width: 130,
              render: (v: IndicatorRow["likelihood"], _r, i) =>
                editable ? (
                  <Select
                    size="small"
                    allowClear
                    style={{ width: "100%" }}
                    value={v}
                    aria-label={t("monitorLikelihood")}
                    options={CompletionLikelihood.options.map((c) => ({ value: c, label: c }))}
                    onChange={(x?: "确定能" | "有可能" | "完全不可能") => setIndicator(i, { likelihood: x })}
                  />
                ) : (
                  (v ?? "—")
                ),
            },
            {
              title: t("monitorMeasures"),
              dataIndex: "measures",
              width: 200,
              render: (v: unknown, _r, i) => cell(v, (x) => setIndicator(i, { measures: x }), t("monitorMeasures"), `ind-${i}-measures`),
            },
            {
              title: t("monitorFormula"),
              key: "formula",
              width: 260,
              render: (_: unknown, _r, i) => {
                const l = result?.indicators[i];
                return l ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {pick(l.formula ?? l.explanation)}
                  </Typography.Text>
                ) : (
                  "—"
                );
              },
            },
          ]}
        />
      </Card>
    </Space>
  );
}
