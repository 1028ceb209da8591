/** 驾驶舱: counts by grade, score distribution, ranking, trend by year, the attention list. */
import type { PortfolioView } from "@jixiao/api";
import { type Decimal, dec, round2 } from "@jixiao/engine";
import { Alert, Card, Col, Empty, List, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { Chart, GRADE_COLORS, type ChartOption } from "../components/chart.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useSession } from "../session.js";
import { GradeTag } from "./evaluation-list.js";
import { WhatIfPanel } from "./whatif-panel.js";

const GRADES = ["优", "良", "中", "差"];

export function DashboardPage() {
  const { api, may } = useSession();
  const { t, pick } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [data, setData] = useState<PortfolioView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    api.portfolio(year).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, year, pick]);

  const distribution = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "category",
        data: (data?.distribution ?? []).map((d) => `${d.from}-${d.to}`),
        axisLabel: { interval: 0, fontSize: 10 },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "bar",
          data: (data?.distribution ?? []).map((d) => ({
            value: d.count,
            itemStyle: {
              color:
                d.from >= 90
                  ? GRADE_COLORS["优"]
                  : d.from >= 80
                    ? GRADE_COLORS["良"]
                    : d.from >= 60
                      ? GRADE_COLORS["中"]
                      : GRADE_COLORS["差"],
            },
          })),
        },
      ],
    }),
    [data],
  );
  const grades = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["45%", "70%"],
          center: ["50%", "45%"],
          label: { formatter: "{b} {c}" },
          data: GRADES.map((g) => ({ name: g, value: data?.byGrade[g] ?? 0, itemStyle: { color: GRADE_COLORS[g] } })),
        },
      ],
    }),
    [data],
  );
  const trend = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: (data?.byYear ?? []).map((y) => String(y.fiscalYear)) },
      yAxis: { type: "value", min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
      series: [
        {
          type: "line",
          data: (data?.byYear ?? []).map((y) => (y.average === null ? null : Number(y.average))),
          label: { show: true, formatter: (p: { value: number }) => p.value.toFixed(2) },
          smooth: false,
        },
      ],
    }),
    [data],
  );
  /** 部门排名: each organisation's average total over the evaluations shown. */
  const departments = useMemo<ChartOption>(() => {
    // Exact decimals (the one rounding rule: half-up to 2 places), then a number for the chart's axis only.
    const by = new Map<string, { sum: Decimal; n: number }>();
    for (const r of data?.ranking ?? []) {
      const x = by.get(r.organisationName) ?? { sum: dec(0), n: 0 };
      x.sum = x.sum.plus(dec(r.total));
      x.n++;
      by.set(r.organisationName, x);
    }
    const rows = [...by.entries()]
      .map(([name, x]) => ({ name, avg: Number(round2(x.sum.dividedBy(x.n)).toFixed(2)) }))
      .sort((a, b) => b.avg - a.avg);
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => r.name.replace("（合成示例）", "*")),
        axisLabel: { width: 110, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 18,
          data: rows.map((r) => ({
            value: r.avg,
            itemStyle: {
              color:
                r.avg >= 90 ? GRADE_COLORS["优"] : r.avg >= 80 ? GRADE_COLORS["良"] : r.avg >= 60 ? GRADE_COLORS["中"] : GRADE_COLORS["差"],
            },
          })),
          label: { show: true, position: "right", formatter: (p: { value: number }) => p.value.toFixed(2) },
        },
      ],
    };
  }, [data]);
  const years = Array.from({ length: 8 }, (_, i) => new Date().getFullYear() - i);
  if (error) return <Alert type="error" showIcon title={error} />;
  const avg = data && data.byYear.length > 0 ? data.byYear[data.byYear.length - 1] : undefined;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("dashboard")}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t("year")}
          aria-label={t("year")}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          onChange={(v?: number) => setYear(v)}
        />
      </Space>
      {!data ? (
        <Skeleton active />
      ) : data.count === 0 ? (
        <Empty description={t("dashboardEmpty")} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} lg={4}>
              <Card size="small">
                <Statistic title={t("evaluationsCount")} value={data.count} />
              </Card>
            </Col>
            {GRADES.map((g) => (
              <Col xs={12} lg={4} key={g}>
                <Card size="small">
                  <Statistic title={`${t("grade")} ${g}`} value={data.byGrade[g] ?? 0} styles={{ content: { color: GRADE_COLORS[g] } }} />
                </Card>
              </Col>
            ))}
            <Col xs={12} lg={4}>
              <Card size="small">
                <Statistic title={`${t("averageScore")}${avg ? `（${avg.fiscalYear}）` : ""}`} value={avg?.average ?? "—"} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t("countByGrade")}>
                <Chart option={grades} label={t("countByGrade")} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t("distribution")}>
                <Chart option={distribution} label={t("distribution")} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t("trend")}>
                <Chart option={trend} label={t("trend")} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Card size="small" title={t("ranking")}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={{ pageSize: 8, hideOnSinglePage: true, size: "small" }}
                  dataSource={data.ranking.map((r, i) => ({ ...r, rank: i + 1 }))}
                  columns={[
                    { title: "#", dataIndex: "rank", width: 44 },
                    {
                      title: t("title"),
                      dataIndex: "title",
                      ellipsis: true,
                      render: (v: string, r: { id: string }) => <Link to={`/evaluations/${encodeURIComponent(r.id)}`}>{v}</Link>,
                    },
                    { title: t("year"), dataIndex: "fiscalYear", width: 64 },
                    { title: t("total"), dataIndex: "total", width: 72, align: "right" },
                    { title: t("grade"), dataIndex: "grade", width: 60, render: (g: string | null) => <GradeTag grade={g} /> },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12} xl={7}>
              <Card size="small" title={t("departmentRanking")}>
                <Chart option={departments} height={300} label={t("departmentRanking")} />
              </Card>
            </Col>
            <Col xs={24} lg={12} xl={7}>
              <Card size="small" title={t("attention")}>
                <List
                  size="small"
                  dataSource={data.attention}
                  locale={{ emptyText: t("empty") }}
                  pagination={data.attention.length > 8 ? { pageSize: 8, size: "small" } : false}
                  renderItem={(a) => (
                    <List.Item>
                      <Link
                        to={`/evaluations/${encodeURIComponent(a.id)}/checks`}
                        style={{ flex: 1, minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                      >
                        {a.title}
                      </Link>
                      <Space size={4}>
                        {a.errors > 0 && (
                          <Tag color="red">
                            {a.errors} {t("errorsN")}
                          </Tag>
                        )}
                        {a.warnings > 0 && (
                          <Tag color="orange">
                            {a.warnings} {t("warningsN")}
                          </Tag>
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
          {may("portfolio.whatif") && <WhatIfPanel year={year} />}
        </>
      )}
    </Space>
  );
}
