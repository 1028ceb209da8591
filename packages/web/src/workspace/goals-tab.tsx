/** 绩效目标: the annual goal and the annual goal table (表1) as an editable tree table. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Space, Table, Typography } from "antd";
import { useMemo } from "react";
import { useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Json, type Path, fieldId, insertAt, removeAt } from "./document.js";
import { Field } from "./field.js";
import { PlaceholderField } from "./placeholders.js";

interface GoalRow {
  key: string;
  path: Path;
  node: Record<string, Json>;
  children?: GoalRow[];
}

function goalRows(nodes: Json[] | undefined, base: Path): GoalRow[] {
  return (nodes ?? []).map((n, i) => {
    const path = [...base, i];
    const node = (n ?? {}) as Record<string, Json>;
    const kids = node["children"] as Json[] | undefined;
    return { key: path.join("."), path, node, children: kids && kids.length > 0 ? goalRows(kids, [...path, "children"]) : undefined };
  });
}

export function GoalsTab() {
  const { draft, editable, update } = useWorkspace();
  const { t } = useI18n();
  const goals = draft["goals"] as Record<string, Json> | undefined;
  const data = useMemo(() => goalRows(goals?.["table"] as Json[] | undefined, ["goals", "table"]), [goals]);
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={12}>
      <Card size="small" title={t("annualGoal")}>
        <PlaceholderField path={["goals", "annual", "text"]} label={t("annualGoal")} textarea />
      </Card>
      <Card
        size="small"
        title={t("goalTable")}
        extra={
          editable && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => update((d) => insertAt(d, ["goals", "table"], { name: t("newIndicator") }))}
            >
              {t("addRoot")}
            </Button>
          )
        }
      >
        {data.length === 0 ? (
          <Empty description={t("noGoals")} />
        ) : (
          <Table<GoalRow>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={data}
            expandable={{ defaultExpandAllRows: true }}
            onRow={(r) => ({ id: fieldId(r.path) }) as React.HTMLAttributes<HTMLTableRowElement>}
            columns={[
              {
                title: t("goalName"),
                key: "name",
                render: (_, r) => <Field path={[...r.path, "name"]} label={`${t("goalName")} ${r.key}`} col="goal-name" width="80%" />,
              },
              {
                title: t("target"),
                key: "target",
                width: 260,
                render: (_, r) =>
                  r.children ? null : typeof r.node["target"] === "object" && r.node["target"] !== null ? (
                    <Typography.Text>{JSON.stringify(r.node["target"])}</Typography.Text>
                  ) : (
                    <Field
                      path={[...r.path, "target"]}
                      label={`${t("target")} ${String(r.node["name"] ?? "")}`}
                      col="goal-target"
                      width={240}
                    />
                  ),
              },
              {
                title: t("unit"),
                key: "unit",
                width: 90,
                render: (_, r) =>
                  r.children ? null : (
                    <Field path={[...r.path, "unit"]} label={`${t("unit")} ${String(r.node["name"] ?? "")}`} col="goal-unit" width={80} />
                  ),
              },
              {
                title: t("actions"),
                key: "a",
                width: 90,
                render: (_, r) =>
                  editable && (
                    <Space size={0}>
                      <Button
                        type="text"
                        size="small"
                        icon={<PlusOutlined />}
                        aria-label={`${t("addChild")} ${String(r.node["name"] ?? "")}`}
                        onClick={() => update((d) => insertAt(d, [...r.path, "children"], { name: t("newIndicator") }))}
                      />
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={`${t("remove")} ${String(r.node["name"] ?? "")}`}
                        onClick={() => update((d) => removeAt(d, r.path))}
                      />
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
