/**
 * 组合模拟 on the dashboard: change the grade bands, an indicator's points (by path) or the
 * 部分达成 fraction, and see the grade migration of the region's evaluations of the year (the
 * server's POST /portfolio/whatif, engine whatif.ts): a from → to table, before/after counts as a
 * chart, who moves. The time from the click to the chart is shown (aim ≤ 1 s for 10,000).
 */
import type { WhatIfView } from "@jixiao/api";
import { Alert, Button, Card, Col, Input, InputNumber, Row, Space, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiFailure } from "../api.js";
import { Chart, GRADE_COLORS, type ChartOption } from "../components/chart.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import { GradeTag } from "./evaluation-list.js";

type Mover = WhatIfView["movers"][number];

const DEFAULT_BANDS = [
  { grade: "优", min: "90" },
  { grade: "良", min: "80" },
  { grade: "中", min: "60" },
  { grade: "差", min: "0" },
];

export function WhatIfPanel({ year }: { year?: number }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const [bands, setBands] = useState(DEFAULT_BANDS);
  const [weights, setWeights] = useState<Array<{ path: string; weight: string }>>([]);
  const [partial, setPartial] = useState<string>("");
  const [result, setResult] = useState<WhatIfView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [ms, setMs] = useState<number | null>(null);
  const clicked = useRef<number | null>(null);

  const run = async () => {
    setError(null);
    setRunning(true);
    clicked.current = performance.now();
    try {
      const body = {
        ...(year ? { year } : {}),
        bands,
        weights: weights.filter((w) => w.path.trim() !== ""),
        ...(partial.trim() !== "" ? { levels: [{ level: "部分达成", fraction: partial.trim() }] } : {}),
      };
      setResult(await api.call("whatif.portfolio", { body }));
    } catch (e) {
      setError(e instanceof ApiFailure ? pick(e.text) : String(e));
      clicked.current = null;
    } finally {
      setRunning(false);
    }
  };

  const chart = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 28, bottom: 28 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: result?.grades ?? [] },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: t("whatifBefore"), type: "bar", data: (result?.before ?? []).map((b) => b.count), itemStyle: { color: "#bfbfbf" } },
        {
          name: t("whatifAfter"),
          type: "bar",
          data: (result?.after ?? []).map((a) => ({ value: a.count, itemStyle: { color: GRADE_COLORS[a.grade] ?? "#8c8c8c" } })),
          label: { show: true, position: "top" },
        },
      ],
    }),
    [result, t],
  );
  // The chart has its answer once React has rendered it: measure click → chart there.
  useEffect(() => {
    if (result && clicked.current !== null) {
      const start = clicked.current;
      clicked.current = null;
      requestAnimationFrame(() => setMs(Math.round(performance.now() - start)));
    }
  }, [result]);

  const matrixRows = (result?.grades ?? []).map((g, i) => ({
    key: g,
    from: g,
    ...Object.fromEntries((result?.grades ?? []).map((h, j) => [`to${j}`, result!.matrix[i]![j]!])),
    total: result?.before[i]?.count ?? 0,
  }));

  return (
    <Card size="small" title={t("whatif")} data-testid="whatif">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Typography.Text type="secondary">{t("whatifHint")}</Typography.Text>
        <Row gutter={[12, 8]}>
          <Col xs={24} lg={8}>
            <Typography.Text strong>{t("whatifBands")}</Typography.Text>
            <Space wrap size={6} style={{ marginTop: 4 }}>
              {bands.map((b, i) => (
                <Space.Compact key={i} size="small">
                  <Input value={b.grade} style={{ width: 48 }} aria-label={`${t("grade")} ${i + 1}`} readOnly />
                  <Input
                    value={b.min}
                    style={{ width: 64 }}
                    aria-label={`${b.grade} ${t("whatifMin")}`}
                    data-testid={`whatif-band-${b.grade}`}
                    onChange={(e) => setBands(bands.map((x, j) => (j === i ? { ...x, min: e.target.value } : x)))}
                  />
                </Space.Compact>
              ))}
            </Space>
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Text strong>{t("whatifWeights")}</Typography.Text>
            <Space orientation="vertical" size={4} style={{ width: "100%", marginTop: 4 }}>
              {weights.map((w, i) => (
                <Space.Compact key={i} size="small" style={{ width: "100%" }}>
                  <Input
                    placeholder={t("whatifPath")}
                    value={w.path}
                    aria-label={t("whatifPath")}
                    onChange={(e) => setWeights(weights.map((x, j) => (j === i ? { ...x, path: e.target.value } : x)))}
                  />
                  <Input
                    placeholder={t("whatifPoints")}
                    value={w.weight}
                    style={{ width: 90 }}
                    aria-label={t("whatifPoints")}
                    onChange={(e) => setWeights(weights.map((x, j) => (j === i ? { ...x, weight: e.target.value } : x)))}
                  />
                  <Button onClick={() => setWeights(weights.filter((_, j) => j !== i))}>×</Button>
                </Space.Compact>
              ))}
              <Button size="small" onClick={() => setWeights([...weights, { path: "", weight: "" }])} data-testid="whatif-add-weight">
                {t("whatifAddWeight")}
              </Button>
            </Space>
          </Col>
          <Col xs={24} lg={6}>
            <Typography.Text strong>{t("whatifPartial")}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              <InputNumber
                size="small"
                min="0"
                max="1"
                step="0.1"
                stringMode
                placeholder="0.6"
                value={partial === "" ? null : partial}
                aria-label={t("whatifPartial")}
                onChange={(v) => setPartial(v === null ? "" : String(v))}
              />
            </div>
          </Col>
        </Row>
        <Space>
          <Button type="primary" loading={running} onClick={() => void run()} data-testid="whatif-run">
            {t("whatifRun")}
          </Button>
          <Button
            onClick={() => {
              setBands(DEFAULT_BANDS);
              setWeights([]);
              setPartial("");
              setResult(null);
            }}
          >
            {t("whatifReset")}
          </Button>
          {ms !== null && result && (
            <Typography.Text type="secondary" data-testid="whatif-ms">
              {t("whatifMs", { ms: String(ms), n: String(result.count) })}
            </Typography.Text>
          )}
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="whatif-error" />}
        {result && (
          <>
            <Typography.Text data-testid="whatif-summary">{pick(result.explanation)}</Typography.Text>
            {result.unmatched.map((u) => (
              <Alert key={u.path} type="warning" showIcon title={t("whatifUnmatched", { path: u.path, n: String(u.evaluations) })} />
            ))}
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Table
                  size="small"
                  pagination={false}
                  data-testid="whatif-matrix"
                  dataSource={matrixRows}
                  columns={[
                    { title: t("whatifFromTo"), dataIndex: "from", render: (g: string) => <GradeTag grade={g} /> },
                    ...result.grades.map((g, j) => ({ title: g, dataIndex: `to${j}`, align: "right" as const })),
                    { title: t("whatifTotal"), dataIndex: "total", align: "right" as const },
                  ]}
                />
              </Col>
              <Col xs={24} lg={12}>
                <div data-testid="whatif-chart">
                  <Chart option={chart} height={220} label={t("whatif")} />
                </div>
              </Col>
            </Row>
            <Table<Mover>
              size="small"
              rowKey="id"
              data-testid="whatif-movers"
              pagination={{ pageSize: 8, hideOnSinglePage: true, size: "small" }}
              locale={{ emptyText: t("whatifNobody") }}
              dataSource={result.movers}
              columns={[
                {
                  title: t("title"),
                  dataIndex: "title",
                  ellipsis: true,
                  render: (v: string, r: Mover) => <Link to={`/evaluations/${encodeURIComponent(r.id)}`}>{v}</Link>,
                },
                {
                  title: t("whatifMove"),
                  key: "move",
                  width: 120,
                  render: (_: unknown, r: Mover) => (
                    <Space size={4}>
                      <GradeTag grade={r.from} />→<GradeTag grade={r.to} />
                    </Space>
                  ),
                },
                {
                  title: t("whatifScore"),
                  key: "score",
                  width: 130,
                  align: "right",
                  render: (_: unknown, r: Mover) => `${r.gradedOnBefore ?? "—"} → ${r.gradedOnAfter ?? "—"}`,
                },
              ]}
            />
            <Space size={8}>
              <Tag>{t("whatifUp", { n: String(result.up) })}</Tag>
              <Tag>{t("whatifDown", { n: String(result.down) })}</Tag>
            </Space>
          </>
        )}
      </Space>
    </Card>
  );
}
