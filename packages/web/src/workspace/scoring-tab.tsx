/**
 * 指标评分: the evaluation tree as an editable tree table. Every change re-scores in the
 * browser (engine), so the score, rate and explanation of every node and the total and grade
 * follow the typing. Add, move and delete nodes; weights carry a live sum check; the details
 * drawer edits the rule and its parameters, deductions with reasons, and expert scores.
 */
import { ArrowDownOutlined, ArrowUpOutlined, CheckCircleTwoTone, DeleteOutlined, PlusOutlined, SettingOutlined, WarningTwoTone } from "@ant-design/icons";
import { type NodeResult, dec, fixed, formatPercent, formatScore } from "@jixiao/engine";
import { Button, Checkbox, Drawer, Form, Popconfirm, Select, Space, Table, Tooltip, Typography } from "antd";
import type { TableColumnsType as ColumnsType } from "antd";
import { useMemo, useState } from "react";
import { type TextKey, useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Doc, type Json, type Path, fieldId, getAt, insertAt, moveAt, removeAt, setAt } from "./document.js";
import { Field } from "./field.js";

interface Row {
  key: string;
  path: Path;
  node: Record<string, Json>;
  result?: NodeResult;
  level: number;
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

function rows(nodes: Json[] | undefined, base: Path, byPath: Map<string, NodeResult>, level: number): Row[] {
  return (nodes ?? []).map((n, i) => {
    const path = [...base, i];
    const node = (n ?? {}) as Record<string, Json>;
    const kids = node["children"] as Json[] | undefined;
    const r: Row = { key: path.join("."), path, node, result: byPath.get(path.join(".")), level };
    if (kids && kids.length > 0) r.children = rows(kids, [...path, "children"], byPath, level + 1);
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

export function ScoringTab() {
  const { draft, scored, editable, update } = useWorkspace();
  const { t, pick, lang } = useI18n();
  const [open, setOpen] = useState<Path | null>(null);
  const byPath = useMemo(() => {
    const m = new Map<string, NodeResult>();
    for (const n of scored?.score.all ?? []) m.set(n.path.join("."), n);
    return m;
  }, [scored]);
  const data = useMemo(() => rows(draft["indicators"] as Json[] | undefined, ["indicators"], byPath, 1), [draft, byPath]);
  const allKeys = useMemo(() => {
    const out: string[] = [];
    const walk = (rs: Row[]) => rs.forEach((r) => r.children && (out.push(r.key), walk(r.children)));
    walk(data);
    return out;
  }, [data]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expanded = allKeys.filter((k) => !collapsed.has(k));

  const level1 = useMemo(() => weightSum({ weight: 100, children: (draft["indicators"] ?? []) as Json[] }), [draft]);

  const columns: ColumnsType<Row> = [
    {
      title: t("indicator"),
      key: "name",
      width: 250,
      fixed: "left",
      render: (_, r) => (
        <span style={{ display: "inline-flex", alignItems: "center", gap: 4, width: "calc(100% - 24px)" }}>
          <Field path={[...r.path, "name"]} label={`${t("indicator")} ${r.key}`} col="name" width="100%" />
        </span>
      ),
    },
    {
      title: t("weight"),
      key: "weight",
      width: 96,
      render: (_, r) => {
        const s = weightSum(r.node);
        return (
          <span style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
            <Field path={[...r.path, "weight"]} label={`${t("weight")} ${String(r.node["name"] ?? "")}`} kind="number" col="weight" width={56} status={s && !s.ok ? "warning" : undefined} />
            {s && (
              <Tooltip title={s.ok ? t("weightSumOk") : t("weightSumBad", { sum: s.sum, weight: s.weight })}>
                {s.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <WarningTwoTone twoToneColor="#faad14" aria-label={t("weightSumBad", { sum: s.sum, weight: s.weight })} />}
              </Tooltip>
            )}
          </span>
        );
      },
    },
    {
      title: t("target"),
      key: "target",
      width: 110,
      render: (_, r) => (r.children ? null : <Field path={[...r.path, "target"]} label={`${t("target")} ${String(r.node["name"] ?? "")}`} kind="text" col="target" width={100} />),
    },
    {
      title: t("actual"),
      key: "actual",
      width: 104,
      render: (_, r) =>
        r.children ? null : (
          <Field path={[...r.path, "actual"]} label={`${t("actual")} ${String(r.node["name"] ?? "")}`} kind="value" col="actual" width={94} placeholder={r.result?.actual !== undefined && r.node["actual"] === undefined ? String(typeof r.result.actual === "string" ? r.result.actual : fixed(r.result.actual, 2)) : undefined} />
        ),
    },
    {
      title: t("rule"),
      key: "rule",
      width: 116,
      render: (_, r) => {
        if (r.children) return null;
        const rule = r.node["rule"] as { type?: string } | undefined;
        return (
          <Select
            size="small"
            aria-label={`${t("rule")} ${String(r.node["name"] ?? "")}`}
            value={rule?.type ?? ""}
            disabled={!editable}
            style={{ width: 108 }}
            popupMatchSelectWidth={false}
            options={[{ value: "", label: t("rule_none") }, ...RULES.map((x) => ({ value: x, label: t(`rule_${x}` as TextKey) }))]}
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
      render: (_, r) => {
        const direct = r.node["score"] !== undefined || (r.node["rule"] as { type?: string } | undefined)?.type === "direct";
        const shown = r.result?.score !== undefined ? formatScore(r.result.score) : "—";
        if (direct) {
          const given = r.node["score"];
          const clamped = (() => {
            try {
              return r.result?.score !== undefined && given !== undefined && !dec(given as string | number).equals(r.result.score);
            } catch {
              return false;
            }
          })();
          return (
            <span style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
              <Field path={[...r.path, "score"]} label={`${t("directScore")} ${String(r.node["name"] ?? "")}`} kind="number" col="score" width={64} />
              <Typography.Text type={clamped ? "danger" : undefined} data-testid={`score-${r.key}`} style={clamped ? undefined : { display: "none" }}>
                {shown}
              </Typography.Text>
            </span>
          );
        }
        return (
          <Typography.Text strong={r.level === 1} data-testid={`score-${r.key}`}>
            {shown}
          </Typography.Text>
        );
      },
    },
    {
      title: t("rate"),
      key: "rate",
      width: 80,
      align: "right",
      render: (_, r) => <span data-testid={`rate-${r.key}`}>{r.result?.rate !== undefined ? formatPercent(r.result.rate) : r.result?.notApplicable ? t("notApplicable") : "—"}</span>,
    },
    {
      title: t("explanation"),
      key: "explanation",
      ellipsis: { showTitle: false },
      render: (_, r) => {
        const text = r.result ? pick(r.result.explanation) : "";
        return (
          <Tooltip title={text} placement="topLeft">
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`explain-${r.key}`}>
              {text}
            </Typography.Text>
          </Tooltip>
        );
      },
    },
    {
      title: t("actions"),
      key: "actions",
      width: editable ? 150 : 50,
      fixed: "right",
      render: (_, r) => (
        <Space size={0}>
          <Tooltip title={t("details")}>
            <Button type="text" size="small" icon={<SettingOutlined />} aria-label={`${t("details")} ${String(r.node["name"] ?? "")}`} onClick={() => setOpen(r.path)} />
          </Tooltip>
          {editable && (
            <>
              <Tooltip title={t("addChild")}>
                <Button type="text" size="small" icon={<PlusOutlined />} aria-label={`${t("addChild")} ${String(r.node["name"] ?? "")}`} onClick={() => update((d) => insertAt(d, [...r.path, "children"], { name: t("newIndicator"), weight: 0 }))} />
              </Tooltip>
              <Tooltip title={t("moveUp")}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t("moveUp")} onClick={() => update((d) => moveAt(d, r.path, -1))} />
              </Tooltip>
              <Tooltip title={t("moveDown")}>
                <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t("moveDown")} onClick={() => update((d) => moveAt(d, r.path, 1))} />
              </Tooltip>
              <Popconfirm title={`${t("remove")}「${String(r.node["name"] ?? "")}」？`} onConfirm={() => update((d) => removeAt(d, r.path))} okText={t("remove")} cancelText={t("cancel")}>
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t("remove")} ${String(r.node["name"] ?? "")}`} />
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
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
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("help")}
          </Typography.Text>
          {editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => update((d) => insertAt(d, ["indicators"], { name: t("newIndicator"), weight: 0 }))}>
              {t("addRoot")}
            </Button>
          )}
        </Space>
      </Space>
      <Table<Row>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={data}
        pagination={false}
        scroll={{ x: 1180, y: "calc(100vh - 280px)" }}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, r) =>
            setCollapsed((c) => {
              const n = new Set(c);
              if (open) n.delete(r.key);
              else n.add(r.key);
              return n;
            }),
        }}
        onRow={(r) => ({ id: fieldId(r.path), "data-level": r.level } as React.HTMLAttributes<HTMLTableRowElement>)}
        locale={{ emptyText: t("empty") }}
        virtual={false}
        data-lang={lang}
      />
      {open && <NodeDrawer path={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function setRule(d: Doc, path: Path, type: string): Doc {
  const node = { ...((getAt(d, path) ?? {}) as Record<string, Json>) };
  if (type === "") delete node["rule"];
  else node["rule"] = { ...RULE_DEFAULTS[type as (typeof RULES)[number]] };
  return setAt(d, path, node);
}

/** The node details: description, criteria, direction, unit, rule parameters, deductions, expert scores, reason. */
function NodeDrawer({ path, onClose }: { path: Path; onClose: () => void }) {
  const { draft, scored, editable, set, update } = useWorkspace();
  const { t, pick } = useI18n();
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
              {t("score")} <b>{result.score !== undefined ? formatScore(result.score) : "—"}</b> / {result.weight.toFixed()}；{pick(result.explanation)}
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
            <Select aria-label={t("direction")} disabled={!editable} allowClear value={(node["direction"] as string | undefined) ?? undefined} style={{ width: 110 }} options={["正向", "反向"].map((x) => ({ value: x, label: x }))} onChange={(v?: string) => set([...path, "direction"], v)} />
          </Form.Item>
          <Form.Item label={t("notApplicable")}>
            <Checkbox aria-label={t("notApplicable")} disabled={!editable} checked={node["notApplicable"] === true} onChange={(e) => set([...path, "notApplicable"], e.target.checked ? true : undefined)} />
          </Form.Item>
        </Space>
        {leaf && ruleType === "step" && (
          <Form.Item label={t("ruleParams")}>
            <Space wrap>
              <Field path={[...path, "rule", "threshold"]} label={t("threshold")} kind="number" width={90} placeholder={t("threshold")} />
              <Field path={[...path, "rule", "step"]} label={t("step")} kind="number" width={80} placeholder={t("step")} />
              <Field path={[...path, "rule", "deduct"]} label={t("deduct")} kind="number" width={90} placeholder={t("deduct")} />
              <Select aria-label={t("when")} disabled={!editable} value={(rule?.["when"] as string | undefined) ?? "above"} style={{ width: 150 }} options={[{ value: "above", label: t("whenAbove") }, { value: "below", label: t("whenBelow") }]} onChange={(v: string) => set([...path, "rule", "when"], v)} />
            </Space>
          </Form.Item>
        )}
        {leaf && ruleType === "interval" && (
          <Form.Item label={t("ruleParams")}>
            <Space wrap>
              <Field path={[...path, "rule", "deductionPerStep"]} label={t("deduct")} kind="number" width={90} placeholder={t("deduct")} />
              <Field path={[...path, "rule", "step"]} label={t("step")} kind="number" width={80} placeholder={t("step")} />
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
                <Checkbox disabled={!editable} checked={it["met"] === true} onChange={(e) => set([...path, "rule", "items", i, "met"], e.target.checked)}>
                  {t("itemMet")}
                </Checkbox>
                {editable && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("remove")} onClick={() => update((d) => removeAt(d, [...path, "rule", "items", i]))} />}
              </Space>
            ))}
            {editable && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => update((d) => insertAt(d, [...path, "rule", "items"], { name: t("newIndicator"), points: 1, met: true }))}>
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
                {editable && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("remove")} onClick={() => update((d) => removeAt(d, [...path, "rule", "scores", i]))} />}
              </Space>
            ))}
            {editable && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => update((d) => insertAt(d, [...path, "rule", "scores"], { expert: `${t("expertName")}${((rule?.["scores"] as Json[] | undefined)?.length ?? 0) + 1}`, score: 0 }))}>
                {t("addExpert")}
              </Button>
            )}
          </Form.Item>
        )}
        <Form.Item label={t("deductions")}>
          {deductions.map((_, i) => (
            <Space key={i} style={{ display: "flex", marginBottom: 4 }}>
              <Field path={[...path, "deductions", i, "reason"]} label={`${t("deductionReason")} ${i + 1}`} width={300} />
              <Field path={[...path, "deductions", i, "points"]} label={`${t("points")} ${i + 1}`} kind="number" width={64} />
              {editable && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("remove")} onClick={() => update((d) => removeAt(d, [...path, "deductions", i]))} />}
            </Space>
          ))}
          {editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => update((d) => insertAt(d, [...path, "deductions"], { reason: t("deductionReason"), points: 0.5 }))}>
              {t("addDeduction")}
            </Button>
          )}
        </Form.Item>
        <Form.Item label={t("scoreReason")} htmlFor={fieldId([...path, "reason"])}>
          <Field path={[...path, "reason"]} label={t("scoreReason")} textarea />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

