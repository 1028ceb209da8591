/**
 * 运行监控: the dashboard (lights by department and project, 报送及时性, budget execution against
 * the time elapsed, a drill-down to each indicator's light with its formula and numbers, the
 * finance bureau's conclusion per project), the monitoring tasks (下达监控任务), and one project's
 * monitoring report filled in (monitoring-report.tsx). The lights come from the server (the
 * engine's monitorReport); while a report is filled they are computed live in the browser.
 */
import { PlusOutlined } from "@ant-design/icons";
import {
  type FilingSummary,
  MONITORING_CONCLUSION_LABELS,
  MONITORING_KIND_LABELS,
  MonitoringConclusion,
  type MonitoringDashboardView,
  type MonitoringKind,
  type MonitoringTaskView,
  type ProjectLightsView,
  TIMELINESS_LABELS,
  type Timeliness,
} from "@jixiao/api";
import { dec, formatPercent } from "@jixiao/engine";
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { Chart, type ChartOption } from "../components/chart.js";
import { localTime, useI18n } from "../i18n.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";
import { LIGHTS, LightTag } from "./light.js";

const ReportPage = lazy(() => import("./monitoring-report.js").then((m) => ({ default: m.MonitoringReportPage })));

/** A percent given as exact text ("85.7142…") shown with two decimals ("85.71%"). */
export function pct(v: string | null | undefined): string {
  return v === null || v === undefined ? "—" : formatPercent(dec(v).dividedBy(100));
}

const TIMELINESS_COLORS: Record<Timeliness, string> = { onTime: "success", late: "warning", missing: "error", pending: "default" };

export function TimelinessTag({ value }: { value: Timeliness }) {
  const { pick } = useI18n();
  return (
    <Tag color={TIMELINESS_COLORS[value]} data-testid="timeliness" data-value={value}>
      {value === "late" || value === "missing" ? "⚑ " : ""}
      {pick(TIMELINESS_LABELS[value])}
    </Tag>
  );
}

export function MonitoringPage({ sub = "" }: { sub?: string }) {
  const m = /^\/tasks\/([^/]+)\/reports\/([^/]+)/.exec(sub);
  if (m)
    return (
      <Suspense fallback={<Skeleton active />}>
        <ReportPage taskId={decodeURIComponent(m[1]!)} filingId={decodeURIComponent(m[2]!)} />
      </Suspense>
    );
  return <MonitoringHome tab={sub.startsWith("/tasks") ? "tasks" : "dashboard"} />;
}

function MonitoringHome({ tab }: { tab: "dashboard" | "tasks" }) {
  const { api } = useSession();
  const { t } = useI18n();
  const router = useRouter();
  const [tasks, setTasks] = useState<MonitoringTaskView[] | null>(null);
  const load = useCallback(() => {
    api.call("monitoring.listTasks", { query: {} }).then(setTasks, () => setTasks([]));
  }, [api]);
  useEffect(load, [load]);
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => router.navigate(k === "tasks" ? "/monitoring/tasks" : "/monitoring")}
      items={[
        { key: "dashboard", label: t("monitorDashboard"), children: <Dashboard tasks={tasks} /> },
        { key: "tasks", label: t("monitorTasks"), children: <TasksTab tasks={tasks} onChanged={load} /> },
      ]}
    />
  );
}

// ── the dashboard ─────────────────────────────────────────────────────────────────────────

function Dashboard({ tasks }: { tasks: MonitoringTaskView[] | null }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const [taskId, setTaskId] = useState<string | undefined>(undefined);
  const [data, setData] = useState<MonitoringDashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ taskId: string; filingId: string } | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    api.call("monitoring.dashboard", { query: { taskId } }).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, taskId, pick, generation]);
  const chart = useMemo<ChartOption>(() => {
    const depts = data?.departments ?? [];
    const time = data?.timeRatio ? Number(dec(data.timeRatio).toFixed(2)) : null;
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v.toFixed(2)}%` },
      legend: { top: 0 },
      xAxis: {
        type: "category",
        data: depts.map((d) => d.organisationName.replace("（合成示例）", "*")),
        // One or two departments have the whole width: their names are not cut ("阳泉市人力资源和社会保…").
        axisLabel: { interval: 0, width: Math.max(150, Math.floor(900 / Math.max(1, depts.length))), overflow: "truncate" },
      },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        {
          name: t("monitorExecutionRate"),
          type: "bar",
          barMaxWidth: 36,
          data: depts.map((d) => (d.executionRate === null ? null : Number(dec(d.executionRate).toFixed(2)))),
          label: { show: true, position: "top", formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` },
          itemStyle: { color: "#8c1c13" },
        },
        {
          // A bar of its own (not a line): with one department a line would be a single invisible point.
          name: t("monitorTimeProgress"),
          type: "bar",
          barMaxWidth: 36,
          data: depts.map(() => time),
          label: { show: true, position: "top", formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` },
          itemStyle: { color: "#bfbfbf" },
        },
      ],
    };
  }, [data, t]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (tasks !== null && tasks.length === 0) return <Empty description={t("monitorNoTask")} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space wrap>
        <Typography.Text>{t("monitorTasks")}</Typography.Text>
        <Select
          style={{ width: 460 }}
          value={taskId ?? data?.taskId ?? undefined}
          aria-label={t("monitorTasks")}
          loading={tasks === null}
          onChange={(v: string) => setTaskId(v)}
          options={(tasks ?? []).map((x) => ({ value: x.id, label: `${x.title}（${t("monitorPeriodText", { m: x.month })}）` }))}
          data-testid="dashboard-task"
        />
        {data?.month ? (
          <Typography.Text type="secondary" data-testid="dashboard-time">
            {t("monitorPeriod")} {t("monitorPeriodText", { m: data.month })} · {t("monitorTimeProgress")} {pct(data.timeRatio)}
          </Typography.Text>
        ) : null}
      </Space>
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t("monitorCounts")} data-testid="light-counts">
                <Space size={24} wrap>
                  {LIGHTS.map((l) => (
                    <Statistic
                      key={l}
                      title={<LightTag light={l} />}
                      value={data.lights[l]}
                      styles={{ content: { fontSize: 22 } }}
                      data-testid={`count-${l}`}
                    />
                  ))}
                  <Statistic title={<Tag>{t("monitorNoLight")}</Tag>} value={data.lights.none} styles={{ content: { fontSize: 22 } }} />
                </Space>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t("monitorTimeliness")} data-testid="timeliness-counts">
                <Space size={24} wrap>
                  {(["onTime", "late", "missing", "pending"] as const).map((k) => (
                    <Statistic
                      key={k}
                      title={<TimelinessTag value={k} />}
                      value={data.timeliness[k]}
                      styles={{ content: { fontSize: 22 } }}
                    />
                  ))}
                </Space>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t("monitorChartTitle")}>
            <Chart option={chart} height={240} label={t("monitorChartTitle")} />
          </Card>
          <Card size="small" title={t("monitorByDepartment")}>
            <Table
              size="small"
              rowKey="organisationId"
              dataSource={data.departments}
              pagination={false}
              data-testid="dashboard-departments"
              expandable={{ defaultExpandAllRows: true, expandRowByClick: false }}
              columns={[
                { title: t("monitorDepartment"), dataIndex: "organisationName" },
                {
                  title: t("monitorLight"),
                  key: "lights",
                  width: 300,
                  render: (_: unknown, d) => (
                    <Space size={4} wrap>
                      {LIGHTS.filter((l) => d.lights[l] > 0).map((l) => (
                        <span key={l}>
                          <LightTag light={l} /> ×{d.lights[l]}
                        </span>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: t("monitorExecutionRate"),
                  dataIndex: "executionRate",
                  width: 110,
                  align: "right",
                  render: (v: string | null) => pct(v),
                },
              ]}
              expandedRowRender={(d) => (
                <Table
                  size="small"
                  rowKey="filingId"
                  dataSource={byAttention(d.projects)}
                  pagination={false}
                  data-testid="dashboard-projects"
                  columns={[
                    {
                      title: t("monitorProject"),
                      dataIndex: "title",
                      render: (v: string, p) => (
                        <Button
                          type="link"
                          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
                          onClick={() => data.taskId && setDrill({ taskId: data.taskId, filingId: p.filingId })}
                          data-testid="drill"
                        >
                          {v}
                        </Button>
                      ),
                    },
                    {
                      title: t("monitorLight"),
                      dataIndex: "light",
                      width: 110,
                      render: (l: ProjectLightsView["light"]) => <LightTag light={l} testId="project-light" />,
                    },
                    {
                      title: t("monitorTimeliness"),
                      dataIndex: "timeliness",
                      width: 150,
                      render: (v: Timeliness) => <TimelinessTag value={v} />,
                    },
                    {
                      title: `${t("monitorExecutionRate")} / ${t("monitorTimeProgress")}`,
                      dataIndex: "executionRate",
                      width: 200,
                      render: (v: string | null) => <ExecutionBar rate={v} time={data.timeRatio} />,
                    },
                  ]}
                />
              )}
            />
          </Card>
          {drill && (
            <ProjectDrawer
              {...drill}
              deadline={tasks?.find((x) => x.id === drill.taskId)?.deadline ?? null}
              onClose={() => setDrill(null)}
              onConcluded={() => setGeneration((g) => g + 1)}
            />
          )}
        </>
      )}
    </Space>
  );
}

type DashboardProject = MonitoringDashboardView["departments"][number]["projects"][number];
/** What needs attention first: 红灯, then no report (a flag of its own), 黄灯, 绿灯, 蓝灯; late before on time; then by title. */
const ATTENTION: Record<string, number> = { red: 0, none: 1, yellow: 2, green: 3, blue: 4 };
const LATENESS: Record<Timeliness, number> = { missing: 0, late: 1, pending: 2, onTime: 3 };
function byAttention(projects: readonly DashboardProject[]): DashboardProject[] {
  return [...projects].sort(
    (a, b) =>
      ATTENTION[a.light ?? "none"]! - ATTENTION[b.light ?? "none"]! ||
      LATENESS[a.timeliness] - LATENESS[b.timeliness] ||
      a.title.localeCompare(b.title, "zh-CN"),
  );
}

/** 执行率 against 时间进度: a bar with the time mark, and both figures in words. */
export function ExecutionBar({ rate, time }: { rate: string | null; time: string | null }) {
  const { t } = useI18n();
  if (rate === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const r = Math.min(100, Math.max(0, Number(dec(rate).toFixed(2))));
  const tm = time === null ? null : Math.min(100, Number(dec(time).toFixed(2)));
  return (
    <div title={`${t("monitorExecutionRate")} ${pct(rate)}；${t("monitorTimeProgress")} ${pct(time)}`}>
      <div style={{ position: "relative", height: 8, background: "#f0f0f0", borderRadius: 4 }}>
        <div style={{ width: `${r}%`, height: 8, background: "#8c1c13", borderRadius: 4 }} />
        {tm !== null && (
          <div style={{ position: "absolute", left: `${tm}%`, top: -3, width: 2, height: 14, background: "#262626" }} aria-hidden />
        )}
      </div>
      <Typography.Text style={{ fontSize: 12 }}>
        {pct(rate)} / {pct(time)}
      </Typography.Text>
    </div>
  );
}

/** The drill-down: the budget light and every indicator's light, each with its formula filled in; the finance conclusion. */
function ProjectDrawer({
  taskId,
  filingId,
  deadline,
  onClose,
  onConcluded,
}: {
  taskId: string;
  filingId: string;
  /** The task's 报送截止, shown beside a late or missing report. */
  deadline: string | null;
  onClose: () => void;
  onConcluded: () => void;
}) {
  const { api, may } = useSession();
  const { t, pick, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [p, setP] = useState<ProjectLightsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conclusion, setConclusion] = useState<MonitoringConclusion | undefined>(undefined);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api.call("monitoring.projectLights", { params: { id: taskId, filingId } }).then(
      (x) => {
        setP(x);
        setConclusion(x.conclusion?.conclusion);
        setReason(x.conclusion?.reason ?? "");
      },
      (e: unknown) => setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
  }, [api, taskId, filingId, pick]);
  useEffect(load, [load]);
  const conclude = async () => {
    if (!conclusion || !reason.trim()) return;
    setBusy(true);
    try {
      await api.call("monitoring.conclude", { params: { id: taskId, filingId }, body: { conclusion, reason: reason.trim() } });
      void message.success(t("monitorConcluded"));
      load();
      onConcluded();
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size="large"
      title={p?.title ?? t("loading")}
      data-testid="project-drawer"
      styles={{ wrapper: { width: 920 } }}
    >
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: "light", label: t("monitorProjectLight"), children: <LightTag light={p.light} testId="drawer-light" /> },
              {
                key: "time",
                label: t("monitorTimeliness"),
                children: (
                  <Space wrap size={4} data-testid="drawer-timeliness">
                    <TimelinessTag value={p.timeliness} />
                    {p.submittedAt ? localTime(p.submittedAt, lang) : ""}
                    {deadline && (p.timeliness === "late" || p.timeliness === "missing") && (
                      <Typography.Text type="secondary">
                        （{t("monitorDeadline")} {deadline}）
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              { key: "org", label: t("filingImplementer"), children: p.organisationName },
            ]}
          />
          {p.budget && (
            <Card size="small" title={t("monitorExecution")} data-testid="drawer-budget">
              <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                <Space wrap>
                  <LightTag light={p.budget.light} testId="budget-light" />
                  <Typography.Text>
                    {t("monitorExecutionRate")} {pct(p.budget.executionRate)} · {t("monitorTimeProgress")} {pct(p.budget.timeRatio)}
                    {p.budget.ratio !== null ? ` · ${t("monitorRatio")} ${pct(p.budget.ratio)}` : ""}
                  </Typography.Text>
                </Space>
                <Typography.Text data-testid="budget-formula" data-formula={p.budget.formula.zh}>
                  {pick(p.budget.explanation)}
                </Typography.Text>
              </Space>
            </Card>
          )}
          <Table
            size="small"
            bordered
            rowKey={(_r, i) => String(i)}
            dataSource={p.indicators}
            pagination={false}
            data-testid="drawer-indicators"
            columns={[
              { title: t("filingLevel3"), dataIndex: "name", width: 170 },
              { title: t("monitorAnnualTarget"), dataIndex: "target", width: 100, render: (v: string | null) => v ?? "—" },
              { title: t("monitorDoneShort"), dataIndex: "actual", width: 90, render: (v: string | null) => v ?? "—" },
              {
                title: t("monitorLight"),
                dataIndex: "light",
                width: 96,
                render: (l: ProjectLightsView["light"]) => <LightTag light={l} testId="indicator-light" />,
              },
              { title: t("monitorRatio"), dataIndex: "ratio", width: 86, align: "right", render: (v: string | null) => pct(v) },
              {
                title: t("monitorFormula"),
                key: "formula",
                render: (_: unknown, r) => (
                  // The explanation is the formula with its numbers filled in and the band it falls in.
                  <Typography.Text style={{ fontSize: 13 }} data-testid="indicator-formula">
                    {pick(r.explanation)}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Card size="small" title={t("monitorConclusion")} data-testid="conclusion-card">
            {p.conclusion && (
              <Typography.Paragraph data-testid="conclusion-current">
                <Tag color="purple">{pick(MONITORING_CONCLUSION_LABELS[p.conclusion.conclusion])}</Tag>
                {p.conclusion.reason}（{p.conclusion.decidedBy}，{localTime(p.conclusion.decidedAt, lang)}）
              </Typography.Paragraph>
            )}
            {may("monitoring.conclude") ? (
              <Space orientation="vertical" style={{ width: "100%" }}>
                <Radio.Group
                  value={conclusion}
                  optionType="button"
                  onChange={(e) => setConclusion(e.target.value as MonitoringConclusion)}
                  options={MonitoringConclusion.options.map((c) => ({ value: c, label: pick(MONITORING_CONCLUSION_LABELS[c]) }))}
                  data-testid="conclusion-choice"
                />
                <Input.TextArea
                  rows={2}
                  maxLength={2000}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  aria-label={t("monitorConclusionReason")}
                  placeholder={t("monitorConclusionReason")}
                  data-testid="conclusion-reason"
                />
                <Button
                  type="primary"
                  disabled={!conclusion || !reason.trim()}
                  loading={busy}
                  onClick={() => void conclude()}
                  data-testid="conclusion-save"
                >
                  {t("monitorConclude")}
                </Button>
              </Space>
            ) : (
              !p.conclusion && <Typography.Text type="secondary">{t("monitorNoConclusion")}</Typography.Text>
            )}
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

// ── the tasks ─────────────────────────────────────────────────────────────────────────────

function TasksTab({ tasks, onChanged }: { tasks: MonitoringTaskView[] | null; onChanged: () => void }) {
  const { may } = useSession();
  const { t, pick, lang } = useI18n();
  const [issuing, setIssuing] = useState(false);
  return (
    <Card
      size="small"
      title={t("monitorTasks")}
      extra={
        may("monitoring.manage") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="issue-task">
            {t("monitorIssue")}
          </Button>
        )
      }
    >
      <Table<MonitoringTaskView>
        size="small"
        rowKey="id"
        loading={tasks === null}
        dataSource={tasks ?? []}
        pagination={false}
        locale={{ emptyText: t("monitorNoTask") }}
        data-testid="task-list"
        expandable={{
          expandedRowRender: (task) => (
            <Table
              size="small"
              rowKey="filingId"
              pagination={false}
              dataSource={task.projects}
              columns={[
                { title: t("monitorProject"), dataIndex: "title" },
                { title: t("monitorDepartment"), dataIndex: "organisationName", width: 200 },
                {
                  title: t("monitorTimeliness"),
                  dataIndex: "timeliness",
                  width: 150,
                  render: (v: Timeliness) => <TimelinessTag value={v} />,
                },
                {
                  title: t("monitorSubmittedAt"),
                  dataIndex: "submittedAt",
                  width: 170,
                  render: (v: string | null) => (v ? localTime(v, lang) : "—"),
                },
                {
                  title: t("monitorConclusion"),
                  dataIndex: "conclusion",
                  width: 120,
                  render: (c: MonitoringTaskView["projects"][number]["conclusion"]) =>
                    c ? <Tag color="purple">{pick(MONITORING_CONCLUSION_LABELS[c.conclusion])}</Tag> : "—",
                },
                {
                  title: "",
                  key: "open",
                  width: 90,
                  render: (_: unknown, p) => (
                    <Link
                      to={`/monitoring/tasks/${encodeURIComponent(task.id)}/reports/${encodeURIComponent(p.filingId)}`}
                      data-testid="open-report"
                    >
                      {task.reporter && p.timeliness !== "onTime" && p.timeliness !== "late" ? t("monitorFill") : t("open")}
                    </Link>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t("title"), dataIndex: "title" },
          { title: t("year"), dataIndex: "fiscalYear", width: 70 },
          { title: t("monitorPeriod"), dataIndex: "month", width: 90, render: (m: number) => t("monitorPeriodText", { m }) },
          { title: t("monitorDeadline"), dataIndex: "deadline", width: 110 },
          { title: t("monitorMode"), dataIndex: "kind", width: 110, render: (k: MonitoringKind) => pick(MONITORING_KIND_LABELS[k]) },
          {
            title: t("monitorReported"),
            key: "reported",
            width: 110,
            render: (_: unknown, x) =>
              `${x.projects.filter((p) => p.timeliness === "onTime" || p.timeliness === "late").length} / ${x.projects.length}`,
          },
        ]}
      />
      {issuing && (
        <IssueTaskDialog
          onClose={() => setIssuing(false)}
          onIssued={() => {
            setIssuing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface IssueForm {
  title: string;
  fiscalYear: number;
  month: number;
  deadline: string;
  kind: MonitoringKind;
  filingIds: string[];
}

/** 下达监控任务: period 1–M月, deadline, 一般 / 重点, and the approved projects it covers. */
function IssueTaskDialog({ onClose, onIssued }: { onClose: () => void; onIssued: () => void }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<IssueForm>();
  const [filings, setFilings] = useState<FilingSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const year = Form.useWatch("fiscalYear", form);
  useEffect(() => {
    api.call("filings.list", { query: { status: "approved", year: year || undefined } }).then(setFilings, () => setFilings([]));
  }, [api, year]);
  const now = new Date();
  return (
    <Modal
      open
      width={640}
      title={t("monitorIssue")}
      okText={t("monitorIssue")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          await api.call("monitoring.createTask", { body: v });
          void message.success(t("monitorIssued"));
          onIssued();
        } catch (err) {
          if (err instanceof ApiFailure && err.fields?.length)
            form.setFields(err.fields.map((f) => ({ name: f.path.replace(/^body\./, "") as keyof IssueForm, errors: [pick(f.message)] })));
          void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          fiscalYear: now.getFullYear(),
          month: Math.max(1, now.getMonth()),
          kind: "general",
          deadline: new Date(now.getTime() + 14 * 86400000).toISOString().slice(0, 10),
          filingIds: [],
        }}
      >
        <Form.Item label={t("title")} name="title" rules={[{ required: true, whitespace: true, message: t("required") }, { max: 200 }]}>
          <Input maxLength={200} data-testid="task-title" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item label={t("year")} name="fiscalYear" rules={[{ required: true, message: t("required") }]}>
            <InputNumber min={1990} max={2100} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label={t("monitorPeriodMonth")} name="month" rules={[{ required: true, message: t("required") }]}>
            <InputNumber min={1} max={12} style={{ width: 110 }} addonBefore="1—" addonAfter="月" />
          </Form.Item>
          <Form.Item
            label={t("monitorDeadline")}
            name="deadline"
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: "YYYY-MM-DD" }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t("monitorMode")} name="kind">
          <Radio.Group options={(["general", "key"] as const).map((k) => ({ value: k, label: pick(MONITORING_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item
          label={t("monitorProjects")}
          name="filingIds"
          rules={[{ required: true, type: "array", min: 1, message: t("monitorProjectsRequired") }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: "label" }}
            options={filings.map((f) => ({ value: f.id, label: `${f.title}（${f.organisationName}）` }))}
            data-testid="task-filings"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
