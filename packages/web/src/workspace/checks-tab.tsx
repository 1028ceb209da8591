/** 核查: the engine's diagnostics over the draft; each row links to the field it is about. */
import { AimOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Collapse, Empty, Space, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { type TextKey, useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Scored, checkDocument } from "./document.js";

const SEV_COLOR: Record<string, string> = { error: "red", warning: "orange", info: "blue" };

export function ChecksTab({ scored }: { scored: Scored | null }) {
  const { evaluated, goTo } = useWorkspace();
  const { t, pick } = useI18n();
  const checked = useMemo(() => (scored ? checkDocument(scored) : null), [scored]);
  const problems = !evaluated.ok ? evaluated.problems : [];
  const rows = (checked?.report.diagnostics ?? []).map((d, i) => ({ ...d, key: i }));
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={12}>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t("invalidDoc")}
          description={problems.map((p) => (
            <div key={p.path + p.code}>
              <Button
                type="link"
                size="small"
                onClick={() =>
                  goTo(
                    p.path
                      .split(/[.[\]]/)
                      .filter(Boolean)
                      .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
                  )
                }
              >
                {p.path}
              </Button>
              {pick(p.message)}
            </div>
          ))}
        />
      )}
      <Card size="small" title={t("diagnostics")}>
        {rows.length === 0 ? (
          <Empty description={t("noDiagnostics")} />
        ) : (
          <Table
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              {
                title: t("severity"),
                dataIndex: "severity",
                width: 72,
                render: (s: string) => <Tag color={SEV_COLOR[s]}>{t(`sev_${s}` as TextKey)}</Tag>,
              },
              { title: t("where"), key: "subject", width: 260, render: (_: unknown, d) => pick(d.subject) },
              { title: t("message"), key: "message", render: (_: unknown, d) => pick(d.message) },
              { title: t("expected"), dataIndex: "expected", width: 90 },
              { title: t("found"), dataIndex: "found", width: 90 },
              {
                title: t("goToField"),
                key: "go",
                width: 110,
                render: (_: unknown, d) => (
                  <Button
                    type="link"
                    size="small"
                    icon={<AimOutlined />}
                    onClick={() => goTo(d.path)}
                    aria-label={`${t("goToField")} ${pick(d.subject)}`}
                  >
                    {t("goToField")}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {checked && checked.report.verified.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: "v",
              label: `${t("verified")}（${checked.report.verified.length}）`,
              children: (
                <Table
                  size="small"
                  rowKey={(v) => v.path.join(".")}
                  pagination={false}
                  dataSource={checked.report.verified}
                  columns={[
                    { title: t("where"), key: "s", render: (_: unknown, v) => `${pick(v.subject)} ${pick(v.what)}` },
                    { title: t("statedAs"), dataIndex: "printed", width: 110 },
                    {
                      title: t("found"),
                      dataIndex: "recomputed",
                      width: 130,
                      render: (x: string) => <Typography.Text type="secondary">{x}</Typography.Text>,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
