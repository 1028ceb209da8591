/** 历史: revisions (who, when, why), the difference between two revisions, and the audit trail. */
import { type DiffEntry, pathText } from "@jixiao/api";
import { Alert, Card, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { ApiFailure, type AuditEntry, type Revision } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { useWorkspace } from "./context.js";

const show = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

export function HistoryTab({ version }: { version: number }) {
  const { api } = useSession();
  const { id } = useWorkspace();
  const { t, pick, lang } = useI18n();
  const [revs, setRevs] = useState<Revision[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const [diff, setDiff] = useState<DiffEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.revisions(id).then(
      (list) => {
        const r = [...list].sort((a, b) => a.version - b.version);
        setRevs(r);
        if (r.length >= 2) {
          setFrom(r[r.length - 2]!.version);
          setTo(r[r.length - 1]!.version);
        }
      },
      (e: unknown) => setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
    api.audit(id).then(setAudit, () => setAudit([]));
  }, [api, id, version, pick]);
  useEffect(() => {
    if (from === undefined || to === undefined) return;
    setDiff(null);
    api.diff(id, from, to).then(setDiff, (e: unknown) => setError(e instanceof ApiFailure ? pick(e.text) : String(e)));
  }, [api, id, from, to, pick]);
  const options = (revs ?? []).map((r) => ({ value: r.version, label: `${t("version")} ${r.version}` }));
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={12}>
      {error && <Alert type="error" showIcon title={error} />}
      <Card size="small" title={t("revisions")}>
        <Table
          size="small"
          rowKey="version"
          loading={revs === null}
          dataSource={[...(revs ?? [])].reverse()}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t("version"), dataIndex: "version", width: 70 },
            { title: t("author"), dataIndex: "author", width: 200 },
            {
              title: t("at"),
              dataIndex: "createdAt",
              width: 200,
              render: (v: string) => new Date(v).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB"),
            },
            { title: t("reason"), dataIndex: "reason" },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t("compare")}
        extra={
          <Space>
            <Select
              size="small"
              aria-label={t("fromVersion")}
              placeholder={t("fromVersion")}
              style={{ width: 110 }}
              options={options}
              value={from}
              onChange={setFrom}
            />
            →
            <Select
              size="small"
              aria-label={t("toVersion")}
              placeholder={t("toVersion")}
              style={{ width: 110 }}
              options={options}
              value={to}
              onChange={setTo}
            />
          </Space>
        }
      >
        <Table
          size="small"
          rowKey={(d) => JSON.stringify(d.path) + d.type}
          loading={from !== undefined && diff === null}
          dataSource={diff ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t("empty") }}
          data-testid="diff-table"
          columns={[
            {
              title: t("change"),
              dataIndex: "type",
              width: 80,
              render: (v: string) => <Tag color={v === "CHANGE" ? "blue" : v === "CREATE" ? "green" : "red"}>{v}</Tag>,
            },
            { title: t("path"), key: "path", render: (_: unknown, d) => <Typography.Text code>{pathText(d.path)}</Typography.Text> },
            {
              title: t("oldValue"),
              key: "old",
              render: (_: unknown, d) => (
                <Typography.Text delete type="secondary">
                  {show(d.oldValue)}
                </Typography.Text>
              ),
            },
            { title: t("newValue"), key: "new", render: (_: unknown, d) => show(d.value) },
          ]}
        />
      </Card>
      <Card size="small" title={t("audit")}>
        <Table
          size="small"
          rowKey="seq"
          loading={audit === null}
          dataSource={[...(audit ?? [])].reverse()}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("empty") }}
          columns={[
            {
              title: t("at"),
              dataIndex: "at",
              width: 180,
              render: (v: string) => new Date(v).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB"),
            },
            { title: t("user"), dataIndex: "user", width: 180 },
            {
              title: t("path"),
              dataIndex: "path",
              render: (v: string) =>
                v ? <Typography.Text code>{v}</Typography.Text> : <Typography.Text type="secondary">{t("wholeDocument")}</Typography.Text>,
            },
            { title: t("oldValue"), dataIndex: "oldValue", width: 140, ellipsis: true },
            { title: t("newValue"), dataIndex: "newValue", width: 140, ellipsis: true },
            { title: t("reason"), dataIndex: "reason", width: 200, ellipsis: true },
          ]}
        />
      </Card>
    </Space>
  );
}
