/**
 * 委托: the commissions a user may see, above the evaluation list — the bureau's (with 新建委托),
 * the agency's own (each with 新建评价 until its evaluation exists), the department's. The server's
 * policy decides who sees and does what; the buttons follow the session's permissions.
 */
import { PlusOutlined } from "@ant-design/icons";
import type { CommissionView, OrganisationView } from "@jixiao/api";
import { App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { useRouter } from "../router.js";
import { useSession } from "../session.js";

const KINDS = ["部门整体支出", "项目支出", "政策"] as const;

export function CommissionsCard({
  orgs,
  onCreateWithin,
}: {
  orgs: OrganisationView[];
  /** The agency starts the evaluation of a commission (from a template or a file). */
  onCreateWithin: (c: CommissionView) => void;
}) {
  const { api, may, session } = useSession();
  const { t, pick } = useI18n();
  const router = useRouter();
  const [rows, setRows] = useState<CommissionView[] | null>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => {
    api.call("commissions.list", {}).then(setRows, () => setRows([]));
  }, [api]);
  useEffect(load, [load]);
  if (!may("commission.read")) return null;
  const agency = session.user.role === "evaluator";
  // Departments see commissions only when there are any; the bureau and agencies always.
  if (!agency && !may("commission.create") && (rows?.length ?? 0) === 0) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={agency ? t("myCommissions") : t("commissions")}
      data-testid="commissions"
      extra={
        may("commission.create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-commission">
            {t("newCommission")}
          </Button>
        )
      }
    >
      <Table<CommissionView>
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        locale={{ emptyText: t("empty") }}
        scroll={{ x: 900 }}
        columns={[
          { title: t("title"), dataIndex: "title", ellipsis: true },
          { title: t("commissionSubject"), dataIndex: "organisationName", width: 200, ellipsis: true },
          { title: t("year"), dataIndex: "fiscalYear", width: 70 },
          { title: t("kind"), dataIndex: "kind", width: 110 },
          {
            title: t("commissionAgency"),
            key: "agency",
            width: 200,
            ellipsis: true,
            render: (_: unknown, c) => c.agencyName ?? <Tag>{c.evaluationType}</Tag>,
          },
          {
            title: t("commissionEvaluation"),
            key: "evaluation",
            width: 190,
            render: (_: unknown, c) =>
              c.evaluation ? (
                // A button, not a link: the evaluation list's rows below are the links to evaluations.
                <Button
                  size="small"
                  type="link"
                  style={{ padding: 0 }}
                  onClick={() => router.navigate(`/evaluations/${encodeURIComponent(c.evaluation!.id)}`)}
                >
                  {t("open")}（{t(`status_${c.evaluation.status}`)}）
                </Button>
              ) : agency && may("evaluation.create") ? (
                <Button size="small" type="primary" onClick={() => onCreateWithin(c)} data-testid={`create-in-${c.id}`}>
                  {t("createInCommission")}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t("notStarted")}</Typography.Text>
              ),
          },
        ]}
      />
      {creating && (
        <NewCommissionDialog
          orgs={orgs}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            load();
          }}
          pick={pick}
        />
      )}
    </Card>
  );
}

interface CommissionForm {
  organisationId: string;
  fiscalYear: number;
  kind: (typeof KINDS)[number];
  mode: "agency" | "self";
  agencyId?: string;
  evaluationType?: "单位自评" | "部门评价";
  title: string;
  project?: string;
}

/** 新建委托: subject, year, kind, an agency of the region or a self-evaluation, title and project. */
function NewCommissionDialog({
  orgs,
  onClose,
  onCreated,
  pick,
}: {
  orgs: OrganisationView[];
  onClose: () => void;
  onCreated: () => void;
  pick: (b: { zh: string; en: string }) => string;
}) {
  const { api } = useSession();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CommissionForm>();
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch("mode", form);
  const subjects = orgs.filter((o) => o.kind === "department" || o.kind === "unit");
  const agencies = orgs.filter((o) => o.kind === "agency");
  // A title people would write, kept in step with the subject, year and kind until typed over.
  const [titleTouched, setTitleTouched] = useState(false);
  const suggestTitle = () => {
    if (titleTouched) return;
    const v = form.getFieldsValue();
    const org = orgs.find((o) => o.id === v.organisationId)?.name;
    if (org && v.fiscalYear && v.kind) form.setFieldValue("title", `${org}${v.fiscalYear}年度${v.kind}绩效评价`);
  };
  return (
    <Modal
      open
      title={t("newCommission")}
      okText={t("newCommission")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          await api.call("commissions.create", {
            body: {
              organisationId: v.organisationId,
              fiscalYear: v.fiscalYear,
              kind: v.kind,
              agencyId: v.mode === "agency" ? v.agencyId! : null,
              ...(v.mode === "self" ? { evaluationType: v.evaluationType! } : {}),
              title: v.title,
              ...(v.project ? { project: v.project } : {}),
            },
          });
          void message.success(t("commissioned"));
          onCreated();
        } catch (err) {
          if (err instanceof ApiFailure && err.fields?.length)
            form.setFields(
              err.fields.map((f) => ({ name: f.path.replace(/^body\./, "") as keyof CommissionForm, errors: [pick(f.message)] })),
            );
          void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          fiscalYear: new Date().getFullYear() - 1,
          kind: "部门整体支出",
          mode: agencies.length > 0 ? "agency" : "self",
          agencyId: agencies[0]?.id,
          evaluationType: "部门评价",
        }}
        onValuesChange={(changed: Partial<CommissionForm>) => {
          if ("title" in changed) setTitleTouched(true);
          else suggestTitle();
        }}
      >
        <Form.Item label={t("commissionSubject")} name="organisationId" rules={[{ required: true, message: t("required") }]}>
          <Select
            options={subjects.map((o) => ({ value: o.id, label: o.name }))}
            showSearch={{ optionFilterProp: "label" }}
            data-testid="commission-subject"
          />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item label={t("year")} name="fiscalYear" rules={[{ required: true, message: t("required") }]}>
            <InputNumber min={1990} max={2100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label={t("kind")} name="kind" rules={[{ required: true, message: t("required") }]}>
            <Select style={{ width: 160 }} options={KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Space>
        <Form.Item name="mode">
          <Radio.Group
            options={[
              { value: "agency", label: t("commissionAgency"), disabled: agencies.length === 0 },
              { value: "self", label: t("commissionSelf") },
            ]}
          />
        </Form.Item>
        {mode === "self" ? (
          <Form.Item label={t("evaluationType")} name="evaluationType" rules={[{ required: true, message: t("required") }]}>
            <Select style={{ width: 160 }} options={["单位自评", "部门评价"].map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        ) : (
          <Form.Item label={t("commissionAgency")} name="agencyId" rules={[{ required: true, message: t("required") }]}>
            <Select options={agencies.map((o) => ({ value: o.id, label: o.name }))} data-testid="commission-agency" />
          </Form.Item>
        )}
        <Form.Item label={t("title")} name="title" rules={[{ required: true, message: t("required") }, { max: 200 }]}>
          <Input maxLength={200} data-testid="commission-title" />
        </Form.Item>
        <Form.Item label={t("projectName")} name="project" rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
