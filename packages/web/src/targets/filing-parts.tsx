/**
 * The pieces of the filing screen: the status tag, the basics (项目 or 部门整体 fields), the
 * indicator grid (一级/二级/三级指标, 指标值, 计量单位, 权重, 指标解释, 评(扣)分标准 …) and the
 * quality check beside it. The check runs in the browser with the engine's own `checkFiling`
 * (the server's filings.check runs the same code), so every keystroke is checked without a
 * round trip; rows the schema cannot read yet are reported as such and left out of the check.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { FILING_STATUS_LABELS, type FilingStatus } from "@jixiao/api";
import {
  type Bilingual,
  FilingIndicatorSchema,
  type TargetFilingInput,
  TargetFilingSchema,
  checkFiling,
  dec,
  formatWan,
  isDecimalText,
  sum,
} from "@jixiao/engine";
import { AutoComplete, Button, Card, Descriptions, Empty, Input, List, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { type ReactNode, useMemo } from "react";
import { type TextKey, useI18n } from "../i18n.js";

export type FilingDoc = TargetFilingInput;
export type IndicatorRow = TargetFilingInput["indicators"][number];
type IndicatorKey = keyof IndicatorRow & string;

const STATUS_COLORS: Record<FilingStatus, string> = {
  draft: "default",
  departmentReview: "processing",
  financeReview: "processing",
  approved: "success",
  returned: "warning",
  rejected: "error",
  adjusting: "gold",
};

export function FilingStatusTag({ status }: { status: FilingStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="filing-status">
      {pick(FILING_STATUS_LABELS[status])}
    </Tag>
  );
}

/** 万元 with two decimals and thousands separators ("38,148.63"); the text as typed when it is not a number. */
export function wanText(v: unknown): string {
  if (typeof v === "number" || (typeof v === "string" && isDecimalText(v))) return formatWan(dec(v as string | number));
  return v === undefined || v === null ? "" : String(v);
}

// ── the quality check ─────────────────────────────────────────────────────────────────────

/** One problem shown beside the table: from the engine's check or from a field the schema cannot read. */
export interface Problem {
  severity: "error" | "warning" | "info";
  code: string;
  /** Row of the indicator table (0-based), when it is about one. */
  row?: number;
  /** Row of 年度主要任务 (0-based), when it is about one. */
  task?: number;
  field?: string;
  subject: Bilingual;
  message: Bilingual;
  expected?: string;
  found?: string;
}

const FIELD_LABELS: Record<string, Bilingual> = {
  level1: { zh: "一级指标", en: "level 1" },
  level2: { zh: "二级指标", en: "level 2" },
  name: { zh: "三级指标", en: "indicator" },
  target: { zh: "指标值", en: "target" },
  unit: { zh: "计量单位", en: "unit" },
  weight: { zh: "权重", en: "weight" },
  lastYearActual: { zh: "上年实际", en: "last year's actual" },
  fiscalYear: { zh: "年度", en: "year" },
  totalWeight: { zh: "权重合计", en: "total weight" },
  amount: { zh: "金额", en: "amount" },
  budget: { zh: "预算", en: "budget" },
  source: { zh: "资金来源", en: "fund source" },
  task: { zh: "任务名称", en: "task" },
};

const rowSubject = (i: number): Bilingual => ({ zh: `第 ${i + 1} 行`, en: `row ${i + 1}` });
const taskSubject = (i: number): Bilingual => ({ zh: `年度主要任务第 ${i + 1} 行`, en: `main task ${i + 1}` });
/** The task row a path points at (["tasks", 2, "budget"] → 2). */
const taskAt = (path: ReadonlyArray<PropertyKey>): number | undefined =>
  path[0] === "tasks" && typeof path[1] === "number" ? path[1] : undefined;

/** A schema issue in words: "三级指标不能为空", "权重应为数字". */
function issueProblem(path: ReadonlyArray<PropertyKey>, code: string, row?: number): Problem {
  const key = String([...path].reverse().find((p) => typeof p === "string") ?? "");
  const label = FIELD_LABELS[key] ?? { zh: key, en: key };
  const empty = code === "too_small" || code === "invalid_type";
  const task = taskAt(path);
  return {
    severity: "error",
    code: `schema.${code}`,
    row,
    task,
    field: key,
    subject: row !== undefined ? rowSubject(row) : task !== undefined ? taskSubject(task) : label,
    message: empty
      ? { zh: `${label.zh}不能为空或格式不对`, en: `${label.en} is missing or malformed` }
      : { zh: `${label.zh}无法读取（应为数字或规定的选项）`, en: `${label.en} cannot be read (a number or one of the options)` },
  };
}

/**
 * The quality check of a draft: rows the schema cannot read are problems of their own and left
 * out; the rest goes through the engine's `checkFiling`, its row numbers mapped back.
 */
export function checkDraft(draft: FilingDoc): Problem[] {
  const problems: Problem[] = [];
  const kept: number[] = [];
  const rows: IndicatorRow[] = [];
  draft.indicators.forEach((r, i) => {
    const p = FilingIndicatorSchema.safeParse(r);
    if (p.success) {
      kept.push(i);
      rows.push(r);
    } else for (const issue of p.error.issues) problems.push(issueProblem(issue.path, issue.code, i));
  });
  const parsed = TargetFilingSchema.safeParse({ ...draft, indicators: rows });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(issueProblem(issue.path, issue.code));
    return problems;
  }
  for (const d of checkFiling(parsed.data)) {
    const at = d.path[0] === "indicators" && typeof d.path[1] === "number" ? kept[d.path[1]] : undefined;
    problems.push({
      severity: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info",
      code: d.code,
      row: at,
      task: taskAt(d.path),
      field: typeof d.path[2] === "string" ? d.path[2] : undefined,
      // The engine numbers rows of what it was given; rows left out above shift them, so say the grid's row.
      subject:
        at !== undefined
          ? {
              zh: `${rowSubject(at).zh} ${d.subject.zh.replace(/^第\s*\d+\s*行\s*/, "")}`,
              en: `${rowSubject(at).en} ${d.subject.en.replace(/^row\s*\d+,?\s*/i, "")}`,
            }
          : d.subject,
      message: d.message,
      expected: d.expected,
      found: d.found,
    });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity] || (a.row ?? -1) - (b.row ?? -1));
}

const SEVERITY: Record<Problem["severity"], { color: string; key: TextKey }> = {
  error: { color: "red", key: "severity_error" },
  warning: { color: "orange", key: "severity_warning" },
  info: { color: "blue", key: "severity_info" },
};

/** Scroll the grid to a row and flash it. */
export function revealRow(row: number): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="filing-grid"] tr[data-row-key="${row}"]`);
  if (!el) return;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.classList.add("jx-flash");
  window.setTimeout(() => el.classList.remove("jx-flash"), 1600);
}

/** 质量检查 beside the table: each problem with its row, message, expected and found; a click shows the row. */
export function QualityPanel({ problems }: { problems: Problem[] }) {
  const { t, pick } = useI18n();
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  return (
    <Card
      size="small"
      title={t("filingQuality")}
      data-testid="quality-panel"
      extra={
        <Typography.Text type={errors ? "danger" : warnings ? "warning" : "success"} data-testid="quality-count">
          {problems.length ? t("filingQualityCount", { e: errors, w: warnings }) : t("filingQualityOk")}
        </Typography.Text>
      }
      styles={{ body: { maxHeight: "calc(100vh - 220px)", overflow: "auto", padding: "4px 12px" } }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0" }}>
        {t("filingQualityHint")}
      </Typography.Paragraph>
      {problems.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("filingQualityOk")} />
      ) : (
        <List
          size="small"
          dataSource={problems}
          renderItem={(p) => (
            <List.Item
              data-testid="quality-item"
              data-code={p.code}
              data-row={p.row ?? ""}
              style={{ cursor: p.row !== undefined ? "pointer" : undefined, paddingInline: 0 }}
              onClick={() => p.row !== undefined && revealRow(p.row)}
            >
              <Space orientation="vertical" size={0} style={{ width: "100%" }}>
                <Space size={4} wrap>
                  <Tag color={SEVERITY[p.severity].color} style={{ marginInlineEnd: 0 }}>
                    {t(SEVERITY[p.severity].key)}
                  </Tag>
                  <Typography.Text strong style={{ fontSize: 13 }}>
                    {pick(p.subject)}
                  </Typography.Text>
                </Space>
                <Typography.Text style={{ fontSize: 13 }}>{pick(p.message)}</Typography.Text>
                {(p.expected || p.found) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.expected ? `${t("expected")}：${p.expected}` : ""}
                    {p.expected && p.found ? "；" : ""}
                    {p.found ? `${t("found")}：${p.found}` : ""}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

// ── the indicator grid ────────────────────────────────────────────────────────────────────

const LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标"];
const LEVEL2: Record<string, string[]> = {
  产出指标: ["数量指标", "质量指标", "时效指标"],
  效益指标: ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
  满意度指标: ["服务对象满意度指标"],
  成本指标: ["经济成本指标", "社会成本指标", "生态环境成本指标"],
};

function Cell({
  value,
  editable,
  onChange,
  status,
  label,
  multiline,
  options,
  testId,
}: {
  value: unknown;
  editable: boolean;
  onChange: (v: string) => void;
  status?: "error" | "warning";
  label: string;
  multiline?: boolean;
  options?: string[];
  testId?: string;
}) {
  const text = value === undefined || value === null ? "" : String(value);
  if (!editable) return <span data-testid={testId}>{text || "—"}</span>;
  if (options)
    return (
      <AutoComplete
        value={text}
        options={options.map((o) => ({ value: o }))}
        onChange={(v: string) => onChange(v)}
        status={status}
        aria-label={label}
        style={{ width: "100%" }}
        data-testid={testId}
      />
    );
  if (multiline)
    return (
      <Input.TextArea
        value={text}
        autoSize={{ minRows: 1, maxRows: 4 }}
        onChange={(e) => onChange(e.target.value)}
        status={status}
        aria-label={label}
        data-testid={testId}
      />
    );
  return <Input value={text} onChange={(e) => onChange(e.target.value)} status={status} aria-label={label} data-testid={testId} />;
}

/** 绩效指标表: editable while the filing may be edited; cells with a problem are marked. */
export function IndicatorGrid({
  rows,
  editable,
  problems,
  onChange,
  totalWeight,
}: {
  rows: IndicatorRow[];
  editable: boolean;
  problems: Problem[];
  onChange: (rows: IndicatorRow[]) => void;
  totalWeight?: unknown;
}) {
  const { t } = useI18n();
  const byRow = useMemo(() => {
    const m = new Map<number, Problem[]>();
    for (const p of problems) if (p.row !== undefined) m.set(p.row, [...(m.get(p.row) ?? []), p]);
    return m;
  }, [problems]);
  const set = (i: number, key: IndicatorKey, v: string) => {
    const next = rows.map((r, j) => {
      if (j !== i) return r;
      const copy: Record<string, unknown> = { ...r };
      if (v.trim() === "" && key !== "level1" && key !== "level2" && key !== "name" && key !== "target") delete copy[key];
      else copy[key] = v;
      return copy as IndicatorRow;
    });
    onChange(next);
  };
  const status = (i: number, key: string): "error" | "warning" | undefined => {
    const ps = (byRow.get(i) ?? []).filter((p) => p.field === key);
    return ps.some((p) => p.severity === "error") ? "error" : ps.length ? "warning" : undefined;
  };
  const col = (
    key: IndicatorKey,
    title: TextKey,
    width: number,
    extra: { multiline?: boolean; options?: (r: IndicatorRow) => string[] } = {},
  ) => ({
    title: t(title),
    key,
    width,
    render: (_: unknown, r: IndicatorRow, i: number) => (
      <Cell
        value={r[key]}
        editable={editable}
        onChange={(v) => set(i, key, v)}
        status={status(i, key)}
        label={`${t(title)} ${t("filingRow", { n: i + 1 })}`}
        multiline={extra.multiline}
        options={extra.options?.(r)}
        testId={`cell-${i}-${key}`}
      />
    ),
  });
  const weights = rows.map((r) => r.weight).filter((w) => w !== undefined && isDecimalText(String(w)));
  const weightSum = weights.length ? sum(weights.map((w) => dec(String(w)))) : null;
  const columns = [
    {
      title: "#",
      key: "n",
      width: 54,
      fixed: "left" as const,
      render: (_: unknown, _r: IndicatorRow, i: number) => {
        const ps = byRow.get(i) ?? [];
        const worst = ps.some((p) => p.severity === "error") ? "error" : ps.length ? "warning" : null;
        return (
          <Space size={2}>
            <span>{i + 1}</span>
            {worst && (
              <Tooltip title={ps.map((p) => p.message.zh).join("；")}>
                <Tag
                  color={worst === "error" ? "red" : "orange"}
                  style={{ marginInlineEnd: 0, paddingInline: 3 }}
                  data-testid={`row-flag-${i}`}
                >
                  {worst === "error" ? "✕" : "!"}
                  {ps.length}
                </Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    col("level1", "filingLevel1", 118, { options: () => LEVEL1 }),
    col("level2", "filingLevel2", 130, { options: (r) => LEVEL2[r.level1] ?? Object.values(LEVEL2).flat() }),
    col("name", "filingLevel3", 180, { multiline: true }),
    col("target", "filingTarget", 120),
    col("unit", "filingUnit", 72),
    col("weight", "filingWeight", 68),
    col("explanation", "filingExplanation", 190, { multiline: true }),
    col("scoring", "filingScoring", 190, { multiline: true }),
    col("lastYearActual", "filingLastYear", 96),
    col("dataSource", "filingDataSource", 130, { multiline: true }),
    ...(editable
      ? [
          {
            title: "",
            key: "del",
            width: 44,
            render: (_: unknown, _r: IndicatorRow, i: number) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t("delete")} ${t("filingRow", { n: i + 1 })}`}
                onClick={() => onChange(rows.filter((_x, j) => j !== i))}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <Table<IndicatorRow>
      size="small"
      bordered
      data-testid="filing-grid"
      rowKey={(_r, i) => String(i)}
      dataSource={rows}
      columns={columns}
      pagination={false}
      scroll={{ x: 1400 }}
      locale={{ emptyText: t("empty") }}
      footer={() => (
        <Space style={{ justifyContent: "space-between", width: "100%" }}>
          {editable ? (
            <Button
              size="small"
              icon={<PlusOutlined />}
              data-testid="add-indicator"
              onClick={() => {
                const last = rows[rows.length - 1];
                onChange([...rows, { level1: last?.level1 ?? "产出指标", level2: last?.level2 ?? "数量指标", name: "", target: "" }]);
              }}
            >
              {t("filingAddRow")}
            </Button>
          ) : (
            <span />
          )}
          <Typography.Text type="secondary" data-testid="weight-sum">
            {t("filingWeightSum", {
              sum: weightSum ? weightSum.toFixed() : "—",
              total: totalWeight === undefined ? "100" : String(totalWeight),
            })}
          </Typography.Text>
        </Space>
      )}
    />
  );
}

// ── the basics ────────────────────────────────────────────────────────────────────────────

type BasicKey =
  "name" | "code" | "department" | "implementer" | "period" | "basis" | "content" | "functions" | "midLongTermGoal" | "annualGoal";

type TaskRow = NonNullable<FilingDoc["tasks"]>[number];

/**
 * 年度主要任务 of a 部门整体 filing: 任务名称, 主要内容 and 预算金额 (in the filing's unit), a row
 * added or removed while the filing may be edited; the budgets' total below. A cell the check
 * finds wrong (an empty task, a budget that is no number) is marked and named in the panel.
 */
function TasksEditor({
  tasks,
  unit,
  editable,
  problems,
  onChange,
}: {
  tasks: TaskRow[];
  unit: string;
  editable: boolean;
  problems: Problem[];
  onChange: (tasks: TaskRow[]) => void;
}) {
  const { t } = useI18n();
  const set = (i: number, key: "task" | "text" | "budget", v: string) =>
    onChange(
      tasks.map((r, j) => {
        if (j !== i) return r;
        const copy: Record<string, unknown> = { ...r };
        if (v.trim() === "" && key !== "task") delete copy[key];
        else copy[key] = v;
        return copy as TaskRow;
      }),
    );
  const status = (i: number, key: string): "error" | undefined =>
    problems.some((p) => p.task === i && p.field === key && p.severity === "error") ? "error" : undefined;
  const budgets = tasks.map((r) => r.budget).filter((b) => b !== undefined);
  const total =
    budgets.length > 0 && budgets.every((b) => isDecimalText(String(b))) ? sum(budgets.map((b) => dec(String(b)))).toFixed() : null;
  const row = (i: number) => t("filingRow", { n: i + 1 });
  return (
    <Table<TaskRow>
      size="small"
      pagination={false}
      rowKey={(_r, i) => String(i)}
      dataSource={tasks}
      data-testid="filing-tasks"
      locale={{ emptyText: t("empty") }}
      columns={[
        {
          title: t("filingTaskName"),
          key: "task",
          width: "30%",
          render: (_: unknown, r, i) => (
            <Cell
              value={r.task}
              editable={editable}
              multiline
              status={status(i, "task")}
              label={`${t("filingTaskName")} ${row(i)}`}
              testId={`task-${i}-task`}
              onChange={(v) => set(i, "task", v)}
            />
          ),
        },
        {
          title: t("filingTaskText"),
          key: "text",
          render: (_: unknown, r, i) => (
            <Cell
              value={r.text}
              editable={editable}
              multiline
              label={`${t("filingTaskText")} ${row(i)}`}
              testId={`task-${i}-text`}
              onChange={(v) => set(i, "text", v)}
            />
          ),
        },
        {
          title: `${t("filingTaskBudget")}（${unit}）`,
          key: "budget",
          align: "right",
          width: 160,
          render: (_: unknown, r, i) =>
            editable ? (
              <Input
                value={r.budget === undefined ? "" : String(r.budget)}
                suffix={unit}
                status={status(i, "budget")}
                aria-label={`${t("filingTaskBudget")} ${row(i)}`}
                data-testid={`task-${i}-budget`}
                onChange={(e) => set(i, "budget", e.target.value)}
              />
            ) : (
              <span data-testid={`task-${i}-budget`}>{r.budget === undefined ? "—" : wanText(r.budget)}</span>
            ),
        },
        ...(editable
          ? [
              {
                title: "",
                key: "del",
                width: 44,
                render: (_: unknown, _r: TaskRow, i: number) => (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t("delete")} ${t("filingTasks")} ${row(i)}`}
                    onClick={() => onChange(tasks.filter((_x, j) => j !== i))}
                  />
                ),
              },
            ]
          : []),
      ]}
      footer={() => (
        <Space style={{ justifyContent: "space-between", width: "100%" }}>
          {editable ? (
            <Button size="small" icon={<PlusOutlined />} data-testid="add-task" onClick={() => onChange([...tasks, { task: "" }])}>
              {t("filingTaskAdd")}
            </Button>
          ) : (
            <span />
          )}
          <Typography.Text type="secondary" data-testid="task-total">
            {t("filingTaskTotal")}：{total === null ? "—" : wanText(total)} {unit}
          </Typography.Text>
        </Space>
      )}
    />
  );
}

/** 基本信息: the form's header block for a project or a department as a whole; 资金 by source in 万元. */
export function FilingBasics({
  doc,
  editable,
  onChange,
  problems = [],
}: {
  doc: FilingDoc;
  editable: boolean;
  onChange: (d: FilingDoc) => void;
  /** The quality check's problems: task cells with one are marked. */
  problems?: Problem[];
}) {
  const { t } = useI18n();
  const project = doc.kind === "项目";
  const field = (
    key: BasicKey,
    label: TextKey,
    multiline = false,
  ): { key: string; label: ReactNode; children: ReactNode; span?: number } => ({
    key,
    label: t(label),
    span: multiline ? 3 : 1,
    children: (
      <Cell
        value={doc[key]}
        editable={editable}
        multiline={multiline}
        label={t(label)}
        testId={`basic-${key}`}
        onChange={(v) => {
          const next: Record<string, unknown> = { ...doc };
          if (v === "" && key !== "name") delete next[key];
          else next[key] = v;
          onChange(next as FilingDoc);
        }}
      />
    ),
  });
  const funds = doc.funds?.lines ?? [];
  const unit = doc.funds?.unit ?? "万元";
  const items = project
    ? [
        field("name", "filingProjectName"),
        field("code", "filingCode"),
        {
          key: "continuity",
          label: t("filingContinuity"),
          children: editable ? (
            <Select
              allowClear
              value={doc.continuity}
              style={{ width: "100%" }}
              aria-label={t("filingContinuity")}
              options={["新增", "延续"].map((v) => ({ value: v, label: v }))}
              onChange={(v?: "新增" | "延续") => {
                const next: Record<string, unknown> = { ...doc, continuity: v };
                if (!v) delete next["continuity"];
                onChange(next as FilingDoc);
              }}
            />
          ) : (
            (doc.continuity ?? "—")
          ),
        },
        field("department", "filingDepartment"),
        field("implementer", "filingImplementer"),
        field("period", "filingPeriod"),
        field("basis", "filingBasis", true),
        field("content", "filingContent", true),
      ]
    : [
        field("name", "filingDeptName"),
        field("department", "filingDepartment"),
        field("period", "filingPeriod"),
        field("functions", "filingFunctions", true),
      ];
  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} items={items} styles={{ label: { width: 110 } }} />
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginTop: 8 }}
        styles={{ label: { width: 110 } }}
        items={[
          ...(project
            ? []
            : [
                {
                  key: "tasks",
                  label: t("filingTasks"),
                  children: (
                    <TasksEditor
                      tasks={doc.tasks ?? []}
                      unit={unit}
                      editable={editable}
                      problems={problems}
                      onChange={(tasks) => {
                        const next: Record<string, unknown> = { ...doc, tasks };
                        if (tasks.length === 0) delete next["tasks"];
                        onChange(next as FilingDoc);
                      }}
                    />
                  ),
                },
              ]),
          {
            key: "funds",
            // A project's 项目资金; a department's budget by source (资金来源及金额).
            label: `${t(project ? "filingFunds" : "filingFundsBySource")}（${unit}）`,
            children: (
              <Space orientation="vertical" style={{ width: "100%" }} size={4}>
                {funds.map((l, i) => (
                  <Space key={i} size={8} wrap>
                    <Cell
                      value={l.source}
                      editable={editable}
                      label={t("filingFundSource")}
                      testId={`fund-${i}-source`}
                      onChange={(v) =>
                        onChange({ ...doc, funds: { ...doc.funds, lines: funds.map((x, j) => (j === i ? { ...x, source: v } : x)) } })
                      }
                    />
                    {editable ? (
                      <Input
                        value={String(l.amount ?? "")}
                        style={{ width: 140 }}
                        aria-label={t("filingFundAmount")}
                        suffix={unit}
                        onChange={(e) =>
                          onChange({
                            ...doc,
                            funds: { ...doc.funds, lines: funds.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)) },
                          })
                        }
                      />
                    ) : (
                      <Typography.Text data-testid={`fund-${i}-amount`}>{wanText(l.amount)}</Typography.Text>
                    )}
                    {editable && (
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t("delete")}
                        onClick={() => onChange({ ...doc, funds: { ...doc.funds, lines: funds.filter((_x, j) => j !== i) } })}
                      />
                    )}
                  </Space>
                ))}
                {editable && (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => onChange({ ...doc, funds: { ...doc.funds, lines: [...funds, { source: "财政拨款", amount: "0" }] } })}
                  >
                    {t("filingFundAdd")}
                  </Button>
                )}
                <Typography.Text type="secondary" data-testid="fund-total">
                  {t("filingFundTotal")}：
                  {wanText(
                    funds.every((l) => isDecimalText(String(l.amount ?? "")))
                      ? sum(funds.map((l) => dec(String(l.amount)))).toFixed()
                      : "—",
                  )}{" "}
                  {unit}
                </Typography.Text>
              </Space>
            ),
          },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginTop: 8 }}
        styles={{ label: { width: 110 } }}
        items={[
          field("midLongTermGoal", "filingMidLongGoal", true),
          field("annualGoal", project ? "filingAnnualGoal" : "filingAnnualGoalDept", true),
        ]}
      />
    </>
  );
}
