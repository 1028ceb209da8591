/** 问题与建议: findings (suggested by the engine's finding rules, adopted and edited) and recommendations. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Empty, List, Row, Space, Tag, Typography } from "antd";
import { useMemo } from "react";
import { useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Json, type Scored, checkDocument, insertAt, removeAt } from "./document.js";
import { PlaceholderField } from "./placeholders.js";

type Obj = Record<string, Json>;

export function FindingsTab({ scored }: { scored: Scored | null }) {
  const { draft, editable, update } = useWorkspace();
  const { t, pick } = useI18n();
  const suggested = useMemo(() => (scored ? checkDocument(scored).findings : []), [scored]);
  const findings = (draft["findings"] ?? []) as Obj[];
  const recs = (draft["recommendations"] ?? []) as Obj[];
  const adopted = new Set(findings.flatMap((f) => ((f["rules"] ?? []) as string[]) ?? []));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={16}>
        <Card
          size="small"
          title={t("findings")}
          extra={
            editable && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => update((d) => insertAt(d, ["findings"], { title: t("addFinding") }))}
              >
                {t("addFinding")}
              </Button>
            )
          }
        >
          {findings.length === 0 && <Empty description={t("empty")} />}
          {findings.map((f, i) => (
            <div key={i} style={{ marginBottom: 12, borderBottom: "1px solid #f0f0f0", paddingBottom: 8 }}>
              <Space style={{ display: "flex" }}>
                <Typography.Text strong>{i + 1}.</Typography.Text>
                <PlaceholderField path={["findings", i, "title"]} label={`${t("findings")} ${i + 1}`} width={420} />
                {((f["rules"] ?? []) as string[]).map((r) => (
                  <Tag key={r}>{r}</Tag>
                ))}
                {editable && (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t("remove")} ${i + 1}`}
                    onClick={() => update((d) => removeAt(d, ["findings", i]))}
                  />
                )}
              </Space>
              <div style={{ marginTop: 4 }}>
                <PlaceholderField path={["findings", i, "text"]} label={`${t("text")} ${i + 1}`} textarea />
              </div>
            </div>
          ))}
        </Card>
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={t("recommendations")}
          extra={
            editable && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => update((d) => insertAt(d, ["recommendations"], { title: t("addRecommendation") }))}
              >
                {t("addRecommendation")}
              </Button>
            )
          }
        >
          {recs.length === 0 && <Empty description={t("empty")} />}
          {recs.map((r, i) => (
            <div key={i} style={{ marginBottom: 12 }}>
              <Space style={{ display: "flex" }}>
                <Typography.Text strong>{i + 1}.</Typography.Text>
                <PlaceholderField path={["recommendations", i, "title"]} label={`${t("recommendations")} ${i + 1}`} width={420} />
                {((r["findings"] ?? []) as string[]).map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
                {editable && (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t("remove")} ${i + 1}`}
                    onClick={() => update((d) => removeAt(d, ["recommendations", i]))}
                  />
                )}
              </Space>
              <div style={{ marginTop: 4 }}>
                <PlaceholderField path={["recommendations", i, "text"]} label={`${t("recommendations")}${t("text")} ${i + 1}`} textarea />
              </div>
            </div>
          ))}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t("suggested")}>
          <List
            size="small"
            dataSource={suggested}
            locale={{ emptyText: t("empty") }}
            renderItem={(s) => (
              <List.Item
                actions={
                  editable && !adopted.has(s.rule)
                    ? [
                        <Button
                          key="a"
                          size="small"
                          onClick={() =>
                            update((d) =>
                              insertAt(d, ["findings"], {
                                title: pick(s.title),
                                rules: [s.rule],
                                text: s.evidence.map((e) => pick(e.text)).join("；"),
                              }),
                            )
                          }
                        >
                          {t("adopt")}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <span>
                      {pick(s.title)} <Tag>{s.rule}</Tag>
                    </span>
                  }
                  description={s.evidence.map((e, i) => (
                    <div key={i}>· {pick(e.text)}</div>
                  ))}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
