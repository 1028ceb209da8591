/**
 * 绩效公开 — the public pages: the list of published evaluations and one evaluation's public
 * page (total, grade, level-1 scores, correction notes, the report as PDF or HTML). They call only
 * the public endpoints, so they work for a visitor account and for the public without one alike;
 * nothing of the working record (history, audit trail, notes, evidence) is asked for or shown.
 */
import { DownloadOutlined, FilePdfOutlined } from "@ant-design/icons";
import { API_PREFIX, type PublicEvaluationList, type PublicEvaluationView, endpointUrl } from "@jixiao/api";
import { Alert, Button, Card, Descriptions, Input, InputNumber, Result, Skeleton, Space, Table, Tag, Timeline, Typography } from "antd";
import { useEffect, useState } from "react";
import { type Api, ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { GradeTag } from "./evaluation-list.js";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");
const PAGE = 20;

function useFailure() {
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const fail = (e: unknown) => setFailure(e instanceof ApiFailure ? e : new ApiFailure(0, "error", { zh: String(e), en: String(e) }));
  return [failure, fail] as const;
}

export function PublicListPage({ api }: { api: Api }) {
  const { t, pick } = useI18n();
  const [q, setQ] = useState("");
  const [year, setYear] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<PublicEvaluationList | null>(null);
  const [failure, fail] = useFailure();
  useEffect(() => {
    let live = true;
    api
      .call("public.list", { query: { q: q || undefined, year: year ?? undefined, limit: PAGE, offset: (page - 1) * PAGE } })
      .then((d) => live && setData(d), fail);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, q, year, page]);
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("publicEvaluations")}
        </Typography.Title>
      }
      data-testid="public-list"
    >
      <Typography.Paragraph type="secondary">{t("publicIntro")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t("publicSearch")}
          aria-label={t("publicSearch")}
          onSearch={(v) => (setPage(1), setQ(v.trim().slice(0, 100)))}
          style={{ width: 280 }}
          maxLength={100}
        />
        <InputNumber
          placeholder={t("publicAllYears")}
          aria-label={t("year")}
          min={1900}
          max={2200}
          value={year}
          onChange={(v) => (setPage(1), setYear(typeof v === "number" ? v : null))}
        />
        {data && <Typography.Text type="secondary">{t("publicCount", { n: data.count })}</Typography.Text>}
      </Space>
      {failure && <Alert type="error" showIcon title={pick(failure.text)} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={!data && !failure}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: data?.count ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t("title"),
            dataIndex: "title",
            render: (v: string, r) => (
              <Link to={`/public/${encodeURIComponent(r.id)}`} data-testid="public-row">
                {v}
              </Link>
            ),
          },
          { title: t("subjectOrg"), dataIndex: "organisationName" },
          { title: t("year"), dataIndex: "fiscalYear", width: 80 },
          {
            title: t("total"),
            dataIndex: "total",
            width: 90,
            align: "right",
            render: (v: string | null) => <span data-testid="public-total">{v ?? "—"}</span>,
          },
          { title: t("grade"), dataIndex: "grade", width: 70, render: (g: string | null) => <GradeTag grade={g} /> },
          {
            title: t("publishedAt"),
            dataIndex: "publishedAt",
            width: 150,
            render: (v: string, r) => (
              <Space size={4}>
                {day(v)}
                {r.correctedAt && <Tag color="orange">{t("corrected")}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function PublicEvaluationPage({ api, id }: { api: Api; id: string }) {
  const { t, pick } = useI18n();
  const [view, setView] = useState<PublicEvaluationView | null>(null);
  const [failure, fail] = useFailure();
  useEffect(() => {
    let live = true;
    api.call("public.get", { params: { id } }).then((v) => live && setView(v), fail);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, id]);
  if (failure)
    return (
      <Result
        status={failure.status === 404 ? "404" : "error"}
        title={failure.status === 404 ? t("notFound") : pick(failure.text)}
        extra={<Link to="/public">{t("backToPublic")}</Link>}
      />
    );
  if (!view) return <Skeleton active />;
  const report = (format: "pdf" | "html") => endpointUrl(API_PREFIX, "public.report", { id: view.id }, { format });
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="public-page">
      <Link to="/public">← {t("backToPublic")}</Link>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="public-title">
          {view.title}
        </Typography.Title>
        <div style={{ display: "flex", gap: 32, flexWrap: "wrap", alignItems: "center" }}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ flex: "1 1 420px" }}>
            <Descriptions.Item label={t("subjectOrg")}>{view.organisationName}</Descriptions.Item>
            <Descriptions.Item label={t("year")}>{view.fiscalYear}</Descriptions.Item>
            <Descriptions.Item label={t("kind")}>{view.kind}</Descriptions.Item>
            <Descriptions.Item label={t("publishedAt")}>{day(view.publishedAt)}</Descriptions.Item>
            {view.correctedAt && <Descriptions.Item label={t("correctedAt")}>{day(view.correctedAt)}</Descriptions.Item>}
          </Descriptions>
          <Space size={16} align="center">
            <span>
              <Typography.Text type="secondary">{t("total")} </Typography.Text>
              <Typography.Text strong style={{ fontSize: 28 }} data-testid="public-page-total">
                {view.total ?? "—"}
              </Typography.Text>
            </span>
            <span data-testid="public-page-grade">
              <GradeTag grade={view.grade} />
            </span>
          </Space>
        </div>
      </Card>
      {view.corrections.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="public-corrections"
          title={t("corrections")}
          description={
            <Timeline
              style={{ marginTop: 8, marginBottom: -16 }}
              items={view.corrections.map((c) => ({
                content: <span data-testid="public-correction">{t("correctionNote", { date: day(c.at), reason: c.reason })}</span>,
              }))}
            />
          }
        />
      )}
      <Card title={t("level1Scores")} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={view.level1}
          data-testid="public-level1"
          columns={[
            { title: t("indicatorName"), dataIndex: "name" },
            { title: t("points"), dataIndex: "points", align: "right", width: 100 },
            { title: t("scoreCol"), dataIndex: "score", align: "right", width: 100, render: (v: string | null) => v ?? "—" },
            { title: t("rateCol"), dataIndex: "rate", align: "right", width: 110, render: (v: string | null) => v ?? "—" },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t("total")}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {view.level1.reduce((s, n) => s + Number(n.points), 0)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Typography.Text strong>{view.total ?? "—"}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card title={t("publicReport")} size="small">
        <Space wrap>
          <Button type="primary" icon={<FilePdfOutlined />} href={report("pdf")} data-testid="public-report-pdf">
            {t("downloadPdf")}
          </Button>
          <Button icon={<DownloadOutlined />} href={report("html")} data-testid="public-report-html">
            {t("openHtml")}
          </Button>
        </Space>
        {!view.corrections.length && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t("noCorrections")}
          </Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}
