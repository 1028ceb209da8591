/**
 * 概况: the subject, units and staffing with computed 空编数 / 空编率 / 在职人员控制率, funds with
 * computed 预算执行率 / 预算调整率, and the level-1 score rates. Every rate comes from the engine's
 * standard formulas (formulas.ts) over the draft, so it follows the typing.
 */
import { type Decimal, type FormulaResult, dec, fixed, formatPercent, formatScore, formatWan } from "@jixiao/engine";
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { Chart, GRADE_COLORS, type ChartOption } from "../components/chart.js";
import { useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Json, fieldId, insertAt, setAt } from "./document.js";
import { Field } from "./field.js";

type Obj = Record<string, Json>;
type Item = Obj & { _i: number };
const pct = (v: Decimal | undefined) => (v === undefined ? "—" : `${fixed(v, 2)}%`);

function safeDec(v: Json | undefined) {
  if (v === undefined || v === null || typeof v === "object" || typeof v === "boolean") return undefined;
  try {
    return dec(v);
  } catch {
    return undefined;
  }
}

export function OverviewTab() {
  const { draft, scored, editable, update } = useWorkspace();
  const { t } = useI18n();
  const meta = (draft["meta"] ?? {}) as Obj;
  const units = (((draft["organisation"] as Obj | undefined)?.["units"] ?? []) as Obj[]).map((u, i): Item => ({ ...u, _i: i }));
  const funds = (draft["funds"] ?? undefined) as Obj | undefined;
  const lines = ((funds?.["lines"] ?? []) as Obj[]).map((l, i): Item => ({ ...l, _i: i }));
  const formulas = scored?.score.formulas ?? [];
  const f = (id: string, unitId?: string): FormulaResult | undefined =>
    formulas.find((x) => x.formula.id === id && (unitId === undefined ? x.unitId === undefined : x.unitId === unitId));

  const level1 = useMemo<ChartOption>(() => {
    const roots = scored?.score.roots ?? [];
    return {
      grid: { left: 80, right: 72, top: 8, bottom: 24 },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v.toFixed(2)}%` },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: roots.map((r) => r.name) },
      series: [
        {
          type: "bar",
          barMaxWidth: 22,
          label: { show: true, position: "right", formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` },
          data: roots.map((r) => {
            const v = r.rate !== undefined ? Number(fixed(r.rate.times(100), 2)) : 0;
            return {
              value: v,
              itemStyle: {
                color: v >= 90 ? GRADE_COLORS["优"] : v >= 80 ? GRADE_COLORS["良"] : v >= 60 ? GRADE_COLORS["中"] : GRADE_COLORS["差"],
              },
            };
          }),
        },
      ],
    };
  }, [scored]);

  const staff = f("staffControlRate");
  const money = (path: Array<string | number>, v: Json | undefined, label: string) => {
    if (editable) return <Field path={path} label={label} kind="number" width={110} col={String(path[path.length - 1])} />;
    const d = safeDec(v);
    return <span id={fieldId(path)}>{d ? formatWan(d) : "—"}</span>;
  };
  const count = (path: Array<string | number>, v: Json | undefined, label: string) =>
    editable ? (
      <Field path={path} label={label} kind="number" width={64} col={String(path[path.length - 1])} />
    ) : (
      <span id={fieldId(path)}>{v === undefined ? "—" : String(v)}</span>
    );

  let totals: { initial?: string; adjusted?: string; actual?: string; carry?: string } = {};
  try {
    const sum = (k: string) => {
      const vs = lines.filter((l) => !l["subtotal"]).map((l) => safeDec(l[k]));
      return vs.length > 0 && vs.every((v) => v !== undefined) ? formatWan(vs.reduce((a, b) => a!.plus(b!), dec(0))!) : undefined;
    };
    totals = { initial: sum("initialBudget"), adjusted: sum("adjustedBudget"), actual: sum("actual"), carry: sum("carryover") };
  } catch {
    totals = {};
  }

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t("subject")}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t("subject")}>{String(meta["subject"] ?? "—")}</Descriptions.Item>
            <Descriptions.Item label={t("year")}>{String(meta["fiscalYear"] ?? "—")}</Descriptions.Item>
            <Descriptions.Item label={t("kind")}>{String(meta["kind"] ?? "—")}</Descriptions.Item>
            <Descriptions.Item label={t("evaluationType")}>{String(meta["evaluationType"] ?? "—")}</Descriptions.Item>
            <Descriptions.Item label={t("commissioner")}>{String(meta["commissioner"] ?? "—")}</Descriptions.Item>
            <Descriptions.Item label={t("evaluator")}>{String(meta["evaluator"] ?? "—")}</Descriptions.Item>
          </Descriptions>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col span={6}>
              <Statistic title={t("total")} value={scored?.score.total !== undefined ? formatScore(scored.score.total) : "—"} />
            </Col>
            <Col span={6}>
              <Statistic
                title={t("grade")}
                value={scored?.score.grade ?? "—"}
                styles={{ content: { color: GRADE_COLORS[scored?.score.grade ?? ""] } }}
              />
            </Col>
            <Col span={6}>
              <Statistic title={t("rate")} value={scored?.score.rate !== undefined ? formatPercent(scored.score.rate) : "—"} />
            </Col>
            <Col span={6}>
              <Statistic title={t("evaluatedFunds")} value={totals.actual ?? totals.adjusted ?? "—"} />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t("level1Rates")}>
          <Chart option={level1} height={Math.max(120, (scored?.score.roots.length ?? 4) * 34 + 40)} label={t("level1Rates")} />
        </Card>
      </Col>
      <Col xs={24} xxl={14}>
        <Card
          size="small"
          title={
            <Space>
              {t("units")}
              {editable && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    update((d) =>
                      insertAt(d, ["organisation", "units"], {
                        id: `unit-${units.length + 1}`,
                        name: t("newUnit"),
                        type: "行政",
                        quota: 0,
                        inPost: 0,
                      }),
                    )
                  }
                >
                  {t("addUnit")}
                </Button>
              )}
            </Space>
          }
          extra={
            staff && (
              <Typography.Text>
                {t("staffControlRate")}（{t("departmentTotal")}）：<b data-testid="staff-control-rate">{pct(staff.value)}</b>
                {staff.met !== undefined && (
                  <Tag style={{ marginInlineStart: 6 }} color={staff.met ? "green" : "red"}>
                    {staff.target?.text}
                  </Tag>
                )}
              </Typography.Text>
            )
          }
        >
          <Table<Item>
            size="small"
            rowKey="_i"
            pagination={false}
            dataSource={units}
            scroll={{ x: 820 }}
            locale={{ emptyText: t("empty") }}
            columns={[
              {
                title: t("unitName"),
                dataIndex: "name",
                ellipsis: true,
                render: (v: string, u: Item) =>
                  editable ? (
                    <Field path={["organisation", "units", u._i, "name"]} label={`${t("unitName")} ${u._i + 1}`} width="100%" />
                  ) : (
                    v
                  ),
              },
              { title: t("unitType"), dataIndex: "type", width: 80 },
              {
                title: t("quota"),
                key: "quota",
                width: 80,
                render: (_: unknown, u: Item) =>
                  count(["organisation", "units", u._i, "quota"], u["quota"], `${t("quota")} ${String(u["name"])}`),
              },
              {
                title: t("inPost"),
                key: "inPost",
                width: 80,
                render: (_: unknown, u: Item) =>
                  count(["organisation", "units", u._i, "inPost"], u["inPost"], `${t("inPost")} ${String(u["name"])}`),
              },
              {
                title: t("vacancy"),
                key: "vacancy",
                width: 70,
                align: "right",
                render: (_: unknown, u: Obj) => {
                  const v = f("vacancy", String(u["id"]))?.value;
                  return v === undefined ? "—" : v.lte(0) ? "-" : v.toFixed();
                },
              },
              {
                title: t("vacancyRate"),
                key: "vacancyRate",
                width: 84,
                align: "right",
                render: (_: unknown, u: Obj) => {
                  const v = f("vacancyRate", String(u["id"]))?.value;
                  return <span data-testid={`vacancy-rate-${String(u["id"])}`}>{v === undefined ? "—" : v.lte(0) ? "-" : pct(v)}</span>;
                },
              },
              {
                title: t("staffControlRate"),
                key: "scr",
                width: 124,
                align: "right",
                render: (_: unknown, u: Obj) => pct(f("unitStaffControlRate", String(u["id"]))?.value),
              },
              {
                title: `${t("vacancyRate")}（${t("statedAs")}）`,
                key: "stated",
                width: 136,
                align: "right",
                render: (_: unknown, u: Obj) => String(((u["stated"] ?? {}) as Obj)["vacancyRate"] ?? "—"),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xxl={10}>
        <Card
          size="small"
          title={
            <Space>
              {t("funds")}
              {editable && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    update((d) =>
                      insertAt(setAt(d, ["funds", "unit"], (d["funds"] as Obj | undefined)?.["unit"] ?? "万元"), ["funds", "lines"], {
                        name: t("newFundLine"),
                        adjustedBudget: 0,
                        actual: 0,
                      }),
                    )
                  }
                >
                  {t("addFundLine")}
                </Button>
              )}
            </Space>
          }
        >
          <Table<Item>
            size="small"
            rowKey="_i"
            pagination={false}
            dataSource={lines}
            scroll={{ x: 560 }}
            locale={{ emptyText: t("empty") }}
            columns={[
              {
                title: t("fundLine"),
                dataIndex: "name",
                ellipsis: true,
                render: (v: string, l: Item) =>
                  editable ? <Field path={["funds", "lines", l._i, "name"]} label={`${t("fundLine")} ${l._i + 1}`} width="100%" /> : v,
              },
              {
                title: t("initialBudget"),
                key: "ib",
                width: 118,
                align: "right",
                render: (_: unknown, l: Item) =>
                  money(["funds", "lines", l._i, "initialBudget"], l["initialBudget"], `${t("initialBudget")} ${String(l["name"])}`),
              },
              {
                title: t("adjustedBudget"),
                key: "ab",
                width: 118,
                align: "right",
                render: (_: unknown, l: Item) =>
                  money(["funds", "lines", l._i, "adjustedBudget"], l["adjustedBudget"], `${t("adjustedBudget")} ${String(l["name"])}`),
              },
              {
                title: t("spent"),
                key: "ac",
                width: 118,
                align: "right",
                render: (_: unknown, l: Item) =>
                  money(["funds", "lines", l._i, "actual"], l["actual"], `${t("spent")} ${String(l["name"])}`),
              },
              {
                title: t("executionRate"),
                key: "er",
                width: 90,
                align: "right",
                render: (_: unknown, l: Obj) => {
                  const a = safeDec(l["actual"]);
                  const b = safeDec(l["adjustedBudget"]);
                  return a && b && !b.isZero() ? `${fixed(a.dividedBy(b).times(100), 2)}%` : "—";
                },
              },
            ]}
            summary={() =>
              lines.length > 0 && (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <b>{t("fundsTotal")}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {totals.initial ?? "—"}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {totals.adjusted ?? "—"}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <span data-testid="funds-total">{totals.actual ?? "—"}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <span data-testid="execution-rate">{pct(f("budgetExecutionRate")?.value)}</span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )
            }
          />
          <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t("executionRate")}>{pct(f("budgetExecutionRate")?.value)}</Descriptions.Item>
            <Descriptions.Item label={t("adjustmentRate")}>
              <span data-testid="adjustment-rate">{pct(f("budgetAdjustmentRate")?.value)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("carryover")}>{totals.carry ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("statedAs")}>{String(((funds?.["stated"] ?? {}) as Obj)["total"] ?? "—")}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
    </Row>
  );
}
