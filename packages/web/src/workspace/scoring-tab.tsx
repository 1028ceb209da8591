/**
 * 指标评分: the evaluation tree as an editable tree table. Every change re-scores in the
 * browser (engine), so the score, rate and explanation of every node and the total and grade
 * follow the typing. Add, move and delete nodes; weights carry a live sum check; the details
 * drawer edits the rule and its parameters, deductions with reasons, and expert scores.
 */
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CheckCircleTwoTone,
  DeleteOutlined,
  PlusOutlined,
  SettingOutlined,
  WarningTwoTone,
} from "@ant-design/icons";
import { DEFAULT_QUALITATIVE_LEVELS, type NodeResult, dec, fixed, formatPercent, formatScore } from "@jixiao/engine";
import { App as AntApp, type GetRef, Button, Checkbox, Drawer, Form, Select, Space, Table, Typography } from "antd";
import type { TableColumnsType as ColumnsType } from "antd";
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { type TextKey, useI18n } from "../i18n.js";
import { REVEAL_EVENT, useWorkspace } from "./context.js";
import { type Doc, type Json, type Path, fieldId, getAt, insertAt, moveAt, removeAt, setAt, shownValue } from "./document.js";
import { BoundInput, Field } from "./field.js";
import { NodePapers, PackageLink, PaperCounts, WorkingPapersProvider } from "./working-papers.js";

/** One row of the tree table: the node as typed plus what the engine made of it, as text. */
interface Row {
  key: string;
  path: Path;
  pathKey: string;
  node: Record<string, Json>;
  level: number;
  leaf: boolean;
  expanded: boolean;
  editable: boolean;
  scoreText: string;
  rateText: string;
  /** The engine's node (its explanation is built only when a visible row shows it). */
  result?: NodeResult;
  resolvedRule: string;
  /** The actual computed by a formula, shown when none is typed. */
  computedActual?: string;
  clamped: boolean;
  weights: { ok: boolean; sum: string; weight: string } | null;
  children?: Row[];
}

const RULES = ["proportional", "interval", "step", "qualitative", "checklist", "deduction", "expert", "direct", "formula"] as const;
const RULE_DEFAULTS: Record<(typeof RULES)[number], Record<string, Json>> = {
  proportional: { type: "proportional" },
  interval: { type: "interval" },
  step: { type: "step", threshold: 100, step: 1, deduct: 0.1, when: "above" },
  qualitative: { type: "qualitative" },
  checklist: { type: "checklist", mode: "award", items: [] },
  deduction: { type: "deduction" },
  expert: { type: "expert", method: "mean", scores: [] },
  direct: { type: "direct" },
  formula: { type: "formula", expression: "actual / target * weight" },
};

/** The <datalist> of qualitative levels offered in the 实际值 cell of a 定性分档 leaf. */
const LEVELS_LIST = "jixiao-qualitative-levels";

function buildRows(
  nodes: Json[] | undefined,
  base: Path,
  ctx: { byPath: Map<string, NodeResult>; collapsed: Set<string>; editable: boolean; na: string; unscored: string; partial: string },
  level: number,
): Row[] {
  return (nodes ?? []).map((n, i) => {
    const path = [...base, i];
    const key = path.join(".");
    const node = (n ?? {}) as Record<string, Json>;
    const kids = node["children"] as Json[] | undefined;
    const result = ctx.byPath.get(key);
    const given = node["score"];
    let clamped = false;
    if (result?.score !== undefined && given !== undefined && given !== null && typeof given !== "object") {
      try {
        clamped = !dec(given as string | number).equals(result.score);
      } catch {
        clamped = true;
      }
    }
    const r: Row = {
      key,
      path,
      pathKey: JSON.stringify(path),
      node,
      level,
      leaf: !kids || kids.length === 0,
      expanded: !ctx.collapsed.has(key),
      editable: ctx.editable,
      scoreText:
        result?.score !== undefined
          ? formatScore(result.score)
          : result && result.unscored > 0
            ? result.children.length === 0
              ? ctx.unscored
              : `${ctx.partial} ${formatScore(result.partialScore ?? dec(0))}`
            : "—",
      rateText: result?.rate !== undefined ? formatPercent(result.rate) : result?.notApplicable ? ctx.na : "—",
      result,
      resolvedRule: result?.rule ?? "",
      computedActual:
        result?.actual !== undefined && node["actual"] === undefined
          ? typeof result.actual === "string"
            ? result.actual
            : fixed(result.actual, 2)
          : undefined,
      clamped,
      weights: weightSum(node),
    };
    if (kids && kids.length > 0) r.children = buildRows(kids, [...path, "children"], ctx, level + 1);
    return r;
  });
}

function weightSum(node: Record<string, Json>): { ok: boolean; sum: string; weight: string } | null {
  const kids = node["children"] as Array<Record<string, Json>> | undefined;
  if (!kids || kids.length === 0) return null;
  try {
    let sum = dec(0);
    for (const k of kids) if (k["weight"] !== undefined && k["notApplicable"] !== true) sum = sum.plus(dec(k["weight"] as string | number));
    const w = node["weight"] === undefined ? dec(0) : dec(node["weight"] as string | number);
    return { ok: sum.equals(w), sum: sum.toFixed(), weight: w.toFixed() };
  } catch {
    return null;
  }
}

const nameOf = (r: Row) => String(r.node["name"] ?? "");
const sameNode = (a: Row, b: Row) => a.node === b.node && a.editable === b.editable;

export function ScoringTab() {
  const live = useWorkspace();
  const { editable, mayEdit, update } = live;
  // The table follows the draft in a deferred render: the keystroke, the total and the grade
  // are painted first; the rows' scores a moment later (interrupted by the next keystroke).
  const draft = useDeferredValue(live.draft);
  const scored = useDeferredValue(live.scored);
  const { t, pick } = useI18n();
  const { modal } = AntApp.useApp();
  const [open, setOpen] = useState<Path | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const byPath = useMemo(() => {
    const m = new Map<string, NodeResult>();
    for (const n of scored?.score.all ?? []) m.set(n.path.join("."), n);
    return m;
  }, [scored]);
  const na = t("notApplicable");
  const unscored = t("unscored");
  const partial = t("partial");
  const data = useMemo(
    () => buildRows(draft["indicators"] as Json[] | undefined, ["indicators"], { byPath, collapsed, editable, na, unscored, partial }, 1),
    [draft, byPath, collapsed, editable, na, unscored, partial],
  );
  const levels = useMemo(() => {
    const own = (draft["scheme"] as { qualitativeLevels?: Record<string, unknown>; qualitativeWords?: Record<string, unknown> } | undefined)
      ?.qualitativeLevels;
    return own ? Object.keys(own) : Object.keys(DEFAULT_QUALITATIVE_LEVELS);
  }, [draft]);
  const expanded = useMemo(() => {
    const out: string[] = [];
    const walk = (rs: Row[]) => rs.forEach((r) => r.children && (r.expanded && out.push(r.key), walk(r.children)));
    walk(data);
    return out;
  }, [data]);
  const onExpand = useCallback(
    (isOpen: boolean, r: Row) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (isOpen) n.delete(r.key);
        else n.add(r.key);
        return n;
      }),
    [],
  );
  const level1 = useMemo(() => weightSum({ weight: 100, children: (draft["indicators"] ?? []) as Json[] }), [draft]);
  // The table is virtual (only the rows in view are rendered: typing stays fast on large
  // trees), so it needs its height in pixels.
  const [height, setHeight] = useState(() => Math.max(240, window.innerHeight - 290));
  const tableRef = useRef<GetRef<typeof Table>>(null);
  // A diagnostic's "go to the field": bring its row into the (virtual) table's view.
  useEffect(() => {
    const onReveal = (e: Event) => {
      const path = (e as CustomEvent<Path>).detail;
      if (path[0] !== "indicators") return;
      let end = path.length;
      while (end > 0 && typeof path[end - 1] !== "number") end--;
      const rowPath = path.slice(0, end);
      const ancestors: string[] = [];
      for (let i = 2; i < rowPath.length; i += 2) ancestors.push(rowPath.slice(0, i).join("."));
      setCollapsed((c) => (ancestors.some((a) => c.has(a)) ? new Set([...c].filter((k) => !ancestors.includes(k))) : c));
      window.setTimeout(() => tableRef.current?.scrollTo({ key: rowPath.join(".") }), 0);
    };
    window.addEventListener(REVEAL_EVENT, onReveal);
    return () => window.removeEventListener(REVEAL_EVENT, onReveal);
  }, []);
  useEffect(() => {
    const onResize = () => setHeight(Math.max(240, window.innerHeight - 290));
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  // An expert's assigned indicators stand out (the only rows they can score).
  const rowProps = useCallback(
    (r: Row) =>
      ({
        id: fieldId(r.path),
        "data-level": r.level,
        ...(!editable && mayEdit([...r.path, "score"]) ? { className: "jx-assigned", "data-assigned": "true" } : {}),
      }) as React.HTMLAttributes<HTMLTableRowElement>,
    [editable, mayEdit],
  );
  const columns = useMemo<ColumnsType<Row>>(
    () => [
      {
        title: t("indicator"),
        key: "name",
        width: 250,
        fixed: "left",
        shouldCellUpdate: (a, b) => !sameNode(a, b) || a.expanded !== b.expanded || a.level !== b.level,
        render: (_, r) => (
          <span style={{ display: "inline-block", width: Math.max(120, 206 - (r.level - 1) * 16), verticalAlign: "middle" }}>
            <BoundInput
              pathKey={JSON.stringify([...r.path, "name"])}
              value={shownValue(r.node["name"])}
              label={`${t("indicator")} ${r.key}`}
              col="name"
              width="100%"
            />
          </span>
        ),
      },
      {
        title: t("weight"),
        key: "weight",
        width: 96,
        shouldCellUpdate: (a, b) => !sameNode(a, b),
        render: (_, r) => {
          const s = r.weights;
          const why = s ? (s.ok ? t("weightSumOk") : t("weightSumBad", { sum: s.sum, weight: s.weight })) : "";
          return (
            <span style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
              <BoundInput
                pathKey={JSON.stringify([...r.path, "weight"])}
                value={shownValue(r.node["weight"])}
                label={`${t("weight")} ${nameOf(r)}`}
                kind="number"
                col="weight"
                width={56}
                status={s && !s.ok ? "warning" : undefined}
              />
              {s && (
                <span title={why} role="img" aria-label={why}>
                  {s.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <WarningTwoTone twoToneColor="#faad14" />}
                </span>
              )}
            </span>
          );
        },
      },
      {
        title: t("target"),
        key: "target",
        width: 110,
        shouldCellUpdate: (a, b) => !sameNode(a, b),
        render: (_, r) =>
          r.leaf ? (
            <BoundInput
              pathKey={JSON.stringify([...r.path, "target"])}
              value={shownValue(r.node["target"])}
              label={`${t("target")} ${nameOf(r)}`}
              col="target"
              width={100}
            />
          ) : null,
      },
      {
        title: t("unit"),
        key: "unit",
        width: 80,
        shouldCellUpdate: (a, b) => !sameNode(a, b),
        render: (_, r) =>
          r.leaf ? (
            <BoundInput
              pathKey={JSON.stringify([...r.path, "unit"])}
              value={shownValue(r.node["unit"])}
              label={`${t("unit")} ${nameOf(r)}`}
              col="unit"
              width={56}
            />
          ) : null,
      },
      {
        title: t("actual"),
        key: "actual",
        width: 104,
        shouldCellUpdate: (a, b) => !sameNode(a, b) || a.computedActual !== b.computedActual,
        render: (_, r) =>
          r.leaf ? (
            <BoundInput
              pathKey={JSON.stringify([...r.path, "actual"])}
              value={shownValue(r.node["actual"])}
              label={`${t("actual")} ${nameOf(r)}`}
              kind="value"
              col="actual"
              width={94}
              placeholder={r.computedActual}
              list={r.resolvedRule === "qualitative" ? LEVELS_LIST : undefined}
            />
          ) : null,
      },
      {
        title: t("rule"),
        key: "rule",
        width: 130,
        shouldCellUpdate: (a, b) => !sameNode(a, b) || a.resolvedRule !== b.resolvedRule,
        render: (_, r) => {
          if (!r.leaf) return null;
          const rule = r.node["rule"] as { type?: string } | undefined;
          const resolved = RULES.includes(r.resolvedRule as (typeof RULES)[number])
            ? `${t("rule_defaultPrefix")}${t(`rule_${r.resolvedRule}` as TextKey)}`
            : t("rule_none");
          return (
            <Select
              size="small"
              aria-label={`${t("rule")} ${nameOf(r)}`}
              value={rule?.type ?? ""}
              disabled={!r.editable}
              style={{ width: 122 }}
              popupMatchSelectWidth={false}
              options={[{ value: "", label: resolved }, ...RULES.map((x) => ({ value: x, label: t(`rule_${x}` as TextKey) }))]}
              onChange={(v: string) => update((d) => setRule(d, r.path, v))}
            />
          );
        },
      },
      {
        title: t("score"),
        key: "score",
        width: 104,
        align: "right",
        shouldCellUpdate: (a, b) => !sameNode(a, b) || a.scoreText !== b.scoreText || a.clamped !== b.clamped,
        render: (_, r) => {
          const direct = r.node["score"] !== undefined || (r.node["rule"] as { type?: string } | undefined)?.type === "direct";
          if (direct)
            return (
              <span style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
                <BoundInput
                  pathKey={JSON.stringify([...r.path, "score"])}
                  value={shownValue(r.node["score"])}
                  label={`${t("directScore")} ${nameOf(r)}`}
                  kind="number"
                  col="score"
                  width={64}
                />
                <Typography.Text
                  type={r.clamped ? "danger" : undefined}
                  data-testid={`score-${r.key}`}
                  style={r.clamped ? undefined : { display: "none" }}
                >
                  {r.scoreText}
                </Typography.Text>
              </span>
            );
          return (
            <Typography.Text strong={r.level === 1} data-testid={`score-${r.key}`}>
              {r.scoreText}
            </Typography.Text>
          );
        },
      },
      {
        title: t("rate"),
        key: "rate",
        width: 80,
        align: "right",
        shouldCellUpdate: (a, b) => a.rateText !== b.rateText,
        render: (_, r) => <span data-testid={`rate-${r.key}`}>{r.rateText}</span>,
      },
      {
        title: t("explanation"),
        key: "explanation",
        width: 260,
        ellipsis: { showTitle: false },
        shouldCellUpdate: (a, b) => a.node !== b.node || a.scoreText !== b.scoreText || a.result?.actual !== b.result?.actual,
        render: (_, r) => {
          const text = r.result ? pick(r.result.explanation) : "";
          return (
            <span title={text} style={{ color: "rgba(0,0,0,0.55)", fontSize: 12 }} data-testid={`explain-${r.key}`}>
              {text}
            </span>
          );
        },
      },
      {
        // 底稿: files attached, notes open and a disagreeing panel (working-papers.tsx, from the server's lists).
        title: t("papers"),
        key: "papers",
        width: 140,
        fixed: "right",
        render: (_, r) => <PaperCounts nodeId={r.result?.id} />,
      },
      {
        title: t("actions"),
        key: "actions",
        width: editable ? 150 : 50,
        fixed: "right",
        shouldCellUpdate: (a, b) => a.key !== b.key || a.editable !== b.editable || nameOf(a) !== nameOf(b),
        render: (_, r) => (
          <span style={{ whiteSpace: "nowrap" }}>
            <Button
              type="text"
              size="small"
              icon={<SettingOutlined />}
              title={t("details")}
              aria-label={`${t("details")} ${nameOf(r)}`}
              onClick={() => setOpen(r.path)}
            />
            {r.editable && (
              <>
                <Button
                  type="text"
                  size="small"
                  icon={<PlusOutlined />}
                  title={t("addChild")}
                  aria-label={`${t("addChild")} ${nameOf(r)}`}
                  onClick={() => update((d) => insertAt(d, [...r.path, "children"], { name: t("newIndicator"), weight: 0 }))}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  title={t("moveUp")}
                  aria-label={`${t("moveUp")} ${nameOf(r)}`}
                  onClick={() => update((d) => moveAt(d, r.path, -1))}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  title={t("moveDown")}
                  aria-label={`${t("moveDown")} ${nameOf(r)}`}
                  onClick={() => update((d) => moveAt(d, r.path, 1))}
                />
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  title={t("remove")}
                  aria-label={`${t("remove")} ${nameOf(r)}`}
                  onClick={() =>
                    void modal.confirm({
                      title: `${t("remove")}「${nameOf(r)}」？`,
                      okText: t("remove"),
                      cancelText: t("cancel"),
                      okButtonProps: { danger: true },
                      onOk: () => update((d) => removeAt(d, r.path)),
                    })
                  }
                />
              </>
            )}
          </span>
        ),
      },
    ],
    [t, pick, editable, update, modal],
  );

  return (
    <WorkingPapersProvider>
      <Space style={{ marginBottom: 8, justifyContent: "space-between", width: "100%" }} wrap>
        <Space size={12} wrap>
          <Typography.Text>
            {t("level1Sum")}：<b>{level1?.sum ?? "0"}</b>
          </Typography.Text>
          {scored && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="total-explanation">
              {pick(scored.score.explanation)}
            </Typography.Text>
          )}
        </Space>
        <Space>
          <PackageLink />
          {editable && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("help")}
            </Typography.Text>
          )}
          {editable && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => update((d) => insertAt(d, ["indicators"], { name: t("newIndicator"), weight: 0 }))}
            >
              {t("addRoot")}
            </Button>
          )}
        </Space>
      </Space>
      <datalist id={LEVELS_LIST}>
        {levels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <TreeTable
        tableRef={tableRef}
        columns={columns}
        data={data}
        height={height}
        expanded={expanded}
        onExpand={onExpand}
        onRow={rowProps}
        emptyText={t("empty")}
      />
      {open && <NodeDrawer path={open} onClose={() => setOpen(null)} />}
    </WorkingPapersProvider>
  );
}

/** The virtual tree table, memoised: a render that changes none of its props skips it. */
const TreeTable = memo(function TreeTable({
  tableRef,
  columns,
  data,
  height,
  expanded,
  onExpand,
  onRow,
  emptyText,
}: {
  tableRef: React.Ref<GetRef<typeof Table>>;
  columns: ColumnsType<Row>;
  data: Row[];
  height: number;
  expanded: string[];
  onExpand: (open: boolean, r: Row) => void;
  onRow: (r: Row) => React.HTMLAttributes<HTMLTableRowElement>;
  emptyText: string;
}) {
  return (
    <Table<Row>
      ref={tableRef}
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={data}
      pagination={false}
      virtual
      scroll={{ x: 1180, y: height }}
      expandable={{ expandedRowKeys: expanded, onExpand }}
      onRow={onRow}
      locale={{ emptyText }}
    />
  );
});

function setRule(d: Doc, path: Path, type: string): Doc {
  const node = { ...((getAt(d, path) ?? {}) as Record<string, Json>) };
  if (type === "") delete node["rule"];
  else node["rule"] = { ...RULE_DEFAULTS[type as (typeof RULES)[number]] };
  return setAt(d, path, node);
}

/** A small visible caption over an input (the input keeps its own aria-label). */
function Labelled({ text, children }: { text: string; children: React.ReactNode }) {
  return (
    <span style={{ display: "inline-flex", flexDirection: "column", gap: 2 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-hidden>
        {text}
      </Typography.Text>
      {children}
    </span>
  );
}

/** The node details: description, criteria, direction, unit, rule parameters, deductions, expert scores, reason. */
function NodeDrawer({ path, onClose }: { path: Path; onClose: () => void }) {
  const { draft, scored, editable, mayEdit, set, update } = useWorkspace();
  const { t, pick } = useI18n();
  // An expert scores their assigned indicators: deductions and expert scores, not the rule.
  const editDeductions = mayEdit([...path, "deductions"]);
  const editExpertScores = mayEdit([...path, "rule", "scores"]);
  const node = (getAt(draft, path) ?? {}) as Record<string, Json>;
  const rule = node["rule"] as Record<string, Json> | undefined;
  const result = scored?.score.all.find((n) => n.path.join(".") === path.join("."));
  const name = String(node["name"] ?? "");
  const leaf = !(node["children"] as Json[] | undefined)?.length;
  const deductions = (node["deductions"] ?? []) as Array<Record<string, Json>>;
  const ruleType = rule?.["type"] as string | undefined;
  return (
    <Drawer open title={`${t("details")}：${name}`} onClose={onClose} size={520} mask={false}>
      <Form layout="vertical" size="small">
        {result && (
          <Form.Item label={t("explanation")}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              {t("score")} <b>{result.score !== undefined ? formatScore(result.score) : "—"}</b> / {result.weight.toFixed()}；
              {pick(result.explanation)}
            </Typography.Paragraph>
          </Form.Item>
        )}
        <Form.Item label={t("description")} htmlFor={fieldId([...path, "description"])}>
          <Field path={[...path, "description"]} label={t("description")} textarea />
        </Form.Item>
        <Form.Item label={t("criteria")} htmlFor={fieldId([...path, "criteria"])}>
          <Field path={[...path, "criteria"]} label={t("criteria")} textarea />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t("unit")} htmlFor={fieldId([...path, "unit"])}>
            <Field path={[...path, "unit"]} label={t("unit")} width={100} />
          </Form.Item>
          <Form.Item label={t("direction")}>
            <Select
              aria-label={t("direction")}
              disabled={!editable}
              allowClear
              value={(node["direction"] as string | undefined) ?? undefined}
              style={{ width: 110 }}
              options={["正向", "反向"].map((x) => ({ value: x, label: x }))}
              onChange={(v?: string) => set([...path, "direction"], v)}
            />
          </Form.Item>
          <Form.Item label={t("notApplicable")}>
            <Checkbox
              aria-label={t("notApplicable")}
              disabled={!editable}
              checked={node["notApplicable"] === true}
              onChange={(e) => set([...path, "notApplicable"], e.target.checked ? true : undefined)}
            />
          </Form.Item>
        </Space>
        {leaf && ruleType === "step" && (
          <Form.Item label={t("ruleParams")}>
            <Space wrap align="end">
              <Labelled text={t("threshold")}>
                <Field path={[...path, "rule", "threshold"]} label={t("threshold")} kind="number" width={90} />
              </Labelled>
              <Labelled text={t("step")}>
                <Field path={[...path, "rule", "step"]} label={t("step")} kind="number" width={80} />
              </Labelled>
              <Labelled text={t("deduct")}>
                <Field path={[...path, "rule", "deduct"]} label={t("deduct")} kind="number" width={90} />
              </Labelled>
              <Labelled text={t("when")}>
                <Select
                  size="small"
                  aria-label={t("when")}
                  disabled={!editable}
                  value={(rule?.["when"] as string | undefined) ?? "above"}
                  style={{ width: 150 }}
                  options={[
                    { value: "above", label: t("whenAbove") },
                    { value: "below", label: t("whenBelow") },
                  ]}
                  onChange={(v: string) => set([...path, "rule", "when"], v)}
                />
              </Labelled>
            </Space>
          </Form.Item>
        )}
        {leaf && ruleType === "interval" && (
          <Form.Item label={t("ruleParams")}>
            <Space wrap align="end">
              <Labelled text={t("deduct")}>
                <Field path={[...path, "rule", "deductionPerStep"]} label={t("deduct")} kind="number" width={90} />
              </Labelled>
              <Labelled text={t("step")}>
                <Field path={[...path, "rule", "step"]} label={t("step")} kind="number" width={80} />
              </Labelled>
            </Space>
          </Form.Item>
        )}
        {leaf && ruleType === "formula" && (
          <Form.Item label={t("expression")} htmlFor={fieldId([...path, "rule", "expression"])}>
            <Field path={[...path, "rule", "expression"]} label={t("expression")} />
          </Form.Item>
        )}
        {leaf && ruleType === "checklist" && (
          <Form.Item label={t("checklistItems")}>
            {((rule?.["items"] ?? []) as Array<Record<string, Json>>).map((it, i) => (
              <Space key={i} style={{ display: "flex", marginBottom: 4 }}>
                <Field path={[...path, "rule", "items", i, "name"]} label={`${t("checklistItems")} ${i + 1}`} width={220} />
                <Field path={[...path, "rule", "items", i, "points"]} label={t("points")} kind="number" width={64} />
                <Checkbox
                  disabled={!editable}
                  checked={it["met"] === true}
                  onChange={(e) => set([...path, "rule", "items", i, "met"], e.target.checked)}
                >
                  {t("itemMet")}
                </Checkbox>
                {editable && (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t("remove")}
                    onClick={() => update((d) => removeAt(d, [...path, "rule", "items", i]))}
                  />
                )}
              </Space>
            ))}
            {editable && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => update((d) => insertAt(d, [...path, "rule", "items"], { name: t("newIndicator"), points: 1, met: true }))}
              >
                {t("addItem")}
              </Button>
            )}
          </Form.Item>
        )}
        {leaf && ruleType === "expert" && (
          <Form.Item label={t("expertScores")}>
            {((rule?.["scores"] ?? []) as Array<Record<string, Json>>).map((_, i) => (
              <Space key={i} style={{ display: "flex", marginBottom: 4 }}>
                <Field path={[...path, "rule", "scores", i, "expert"]} label={`${t("expertName")} ${i + 1}`} width={160} />
                <Field path={[...path, "rule", "scores", i, "score"]} label={`${t("score")} ${i + 1}`} kind="number" width={80} />
                {editExpertScores && (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t("remove")}
                    onClick={() => update((d) => removeAt(d, [...path, "rule", "scores", i]))}
                  />
                )}
              </Space>
            ))}
            {editExpertScores && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() =>
                  update((d) =>
                    insertAt(d, [...path, "rule", "scores"], {
                      expert: `${t("expertName")}${((rule?.["scores"] as Json[] | undefined)?.length ?? 0) + 1}`,
                      score: 0,
                    }),
                  )
                }
              >
                {t("addExpert")}
              </Button>
            )}
          </Form.Item>
        )}
        <Form.Item label={t("deductions")}>
          {deductions.length > 0 && (
            <Space style={{ display: "flex", marginBottom: 2 }} aria-hidden>
              <Typography.Text type="secondary" style={{ fontSize: 12, width: 300, display: "inline-block" }}>
                {t("deductionReason")}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("points")}
              </Typography.Text>
            </Space>
          )}
          {deductions.map((_, i) => (
            <Space key={i} style={{ display: "flex", marginBottom: 4 }}>
              <Field path={[...path, "deductions", i, "reason"]} label={`${t("deductionReason")} ${i + 1}`} width={300} />
              <Field path={[...path, "deductions", i, "points"]} label={`${t("points")} ${i + 1}`} kind="number" width={64} />
              {editDeductions && (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("remove")}
                  onClick={() => update((d) => removeAt(d, [...path, "deductions", i]))}
                />
              )}
            </Space>
          ))}
          {editDeductions && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => update((d) => insertAt(d, [...path, "deductions"], { reason: t("deductionReason"), points: 0.5 }))}
            >
              {t("addDeduction")}
            </Button>
          )}
        </Form.Item>
        <Form.Item label={t("scoreReason")} htmlFor={fieldId([...path, "reason"])}>
          <Field path={[...path, "reason"]} label={t("scoreReason")} textarea />
        </Form.Item>
      </Form>
      {result && <NodePapers path={path} nodeId={result.id} leaf={leaf} />}
    </Drawer>
  );
}
