/**
 * 历史: revisions (who, in which role, when, why), the difference between two revisions, and the
 * audit trail — in words, as the server names them ("城镇新增就业人数 · 实际值：5230 → 5300",
 * 提交 / 退回 / 发布, people by name and role); no paths or ids on screen.
 */
import { type DiffEntry, ROLE_LABELS, type Role } from "@jixiao/api";
import { Alert, Card, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { ApiFailure, type AuditEntry, type Revision } from "../api.js";
import { localTime, useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { useWorkspace } from "./context.js";

const CHANGE_COLORS = { CHANGE: "blue", CREATE: "green", REMOVE: "red" } as const;
const CHANGE_LABELS = { CHANGE: "changeChange", CREATE: "changeCreate", REMOVE: "changeRemove" } as const;

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
            {
              title: t("author"),
              key: "author",
              width: 280,
              render: (_: unknown, r: Revision) => <Person name={r.author} role={r.authorRole} />,
            },
            {
              title: t("at"),
              dataIndex: "createdAt",
              width: 200,
              render: (v: string) => localTime(v, lang),
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
              render: (v: DiffEntry["type"]) => <Tag color={CHANGE_COLORS[v]}>{t(CHANGE_LABELS[v])}</Tag>,
            },
            { title: t("path"), key: "path", render: (_: unknown, d) => pick(d.label) },
            {
              title: t("oldValue"),
              key: "old",
              render: (_: unknown, d) => (
                <Typography.Text delete type="secondary">
                  {d.oldText}
                </Typography.Text>
              ),
            },
            { title: t("newValue"), key: "new", render: (_: unknown, d) => d.newText },
          ]}
        />
      </Card>
      <Card size="small" title={t("audit")}>
        <Table
          size="small"
          rowKey="seq"
          loading={audit === null}
          // The entries that chain each revision's hash into the log are the revisions above.
          dataSource={[...(audit ?? [])].filter((a) => a.path !== "revision").reverse()}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("empty") }}
          columns={[
            {
              title: t("at"),
              dataIndex: "at",
              width: 180,
              render: (v: string) => localTime(v, lang),
            },
            {
              title: t("user"),
              key: "user",
              width: 260,
              render: (_: unknown, a: AuditEntry) => <Person name={a.user} role={a.userRole} />,
            },
            { title: t("actionCol"), key: "action", width: 110, render: (_: unknown, a: AuditEntry) => <Tag>{pick(a.actionLabel)}</Tag> },
            { title: t("what"), key: "what", render: (_: unknown, a: AuditEntry) => pick(a.what) },
            {
              title: t("oldValue"),
              dataIndex: "oldText",
              width: 140,
              ellipsis: true,
              render: (v: string | null) => (
                <Typography.Text delete type="secondary">
                  {v ?? ""}
                </Typography.Text>
              ),
            },
            { title: t("newValue"), dataIndex: "newText", width: 160, ellipsis: true },
            { title: t("reason"), dataIndex: "reason", width: 200, ellipsis: true },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 张三（财政管理员）: a person by display name and role; the system when nobody. */
function Person({ name, role }: { name: string | null; role: Role | null }) {
  const { t, pick } = useI18n();
  if (name === null) return <Typography.Text type="secondary">{t("systemUser")}</Typography.Text>;
  return (
    <span>
      {name}
      {role && <Typography.Text type="secondary">（{pick(ROLE_LABELS[role])}）</Typography.Text>}
    </span>
  );
}
