/**
 * 目标申报: the target filings the caller may see, by year, organisation, kind and status; 新建申报
 * for whoever may file (a department for its own units). The server's policy decides who sees what.
 */
import { PlusOutlined } from "@ant-design/icons";
import { FILING_STAGE_LABELS, FILING_STATUS_LABELS, FilingStatus, type FilingSummary, type OrganisationView } from "@jixiao/api";
import type { TargetFilingInput } from "@jixiao/engine";
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";
import { FilingStatusTag } from "./filing-parts.js";

type Query = { year?: number; status?: FilingStatus; kind?: "项目" | "部门整体"; organisationId?: string };

export function FilingListPage() {
  const { api, may } = useSession();
  const { t, pick } = useI18n();
  const [query, setQuery] = useState<Query>({});
  const [rows, setRows] = useState<FilingSummary[] | null>(null);
  const [orgs, setOrgs] = useState<OrganisationView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    let live = true;
    setError(null);
    api.call("filings.list", { query }).then(
      (r) => live && setRows(r),
      (e: unknown) => live && setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, query, pick]);
  useEffect(() => {
    if (may("organisation.read")) api.organisations().then(setOrgs, () => setOrgs([]));
  }, [api, may]);
  const years = useMemo(() => {
    const now = new Date().getFullYear();
    return Array.from({ length: 8 }, (_, i) => now + 1 - i);
  }, []);
  return (
    <Card
      title={t("filingListTitle")}
      size="small"
      extra={
        may("filing.create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-filing">
            {t("filingNew")}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t("year")}
          style={{ width: 110 }}
          aria-label={t("year")}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          onChange={(year?: number) => setQuery((q) => ({ ...q, year }))}
        />
        <Select
          allowClear
          placeholder={t("organisation")}
          style={{ width: 220 }}
          aria-label={t("organisation")}
          showSearch={{ optionFilterProp: "label" }}
          options={orgs.filter((o) => o.kind !== "agency").map((o) => ({ value: o.id, label: o.name }))}
          onChange={(organisationId?: string) => setQuery((q) => ({ ...q, organisationId }))}
        />
        <Select
          allowClear
          placeholder={t("filingKind")}
          style={{ width: 130 }}
          aria-label={t("filingKind")}
          options={(["项目", "部门整体"] as const).map((k) => ({ value: k, label: t(`filingKind_${k}`) }))}
          onChange={(kind?: "项目" | "部门整体") => setQuery((q) => ({ ...q, kind }))}
        />
        <Select
          allowClear
          placeholder={t("status")}
          style={{ width: 150 }}
          aria-label={t("status")}
          options={FilingStatus.options.map((s) => ({ value: s, label: pick(FILING_STATUS_LABELS[s]) }))}
          onChange={(status?: FilingStatus) => setQuery((q) => ({ ...q, status }))}
        />
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<FilingSummary>
        size="small"
        rowKey="id"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        locale={{ emptyText: t("empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="filing-list"
        columns={[
          {
            title: t("title"),
            dataIndex: "title",
            render: (v: string, r) => <Link to={`/targets/${encodeURIComponent(r.id)}`}>{v}</Link>,
          },
          { title: t("organisation"), dataIndex: "organisationName", width: 220, ellipsis: true },
          { title: t("year"), dataIndex: "fiscalYear", width: 70 },
          { title: t("filingKind"), dataIndex: "kind", width: 100, render: (k: "项目" | "部门整体") => t(`filingKind_${k}`) },
          { title: t("status"), dataIndex: "status", width: 130, render: (s: FilingStatus) => <FilingStatusTag status={s} /> },
          {
            title: t("filingVersion"),
            key: "version",
            width: 170,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Typography.Text>v{r.version}</Typography.Text>
                {r.approvedVersion !== null && (
                  <Tag>
                    {pick(FILING_STAGE_LABELS.approved)} v{r.approvedVersion}
                  </Tag>
                )}
                {r.evaluationId && <Tag color="purple">{t("filingEvaluationStarted")}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {creating && <NewFilingDialog orgs={orgs} onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface NewFilingForm {
  kind: "项目" | "部门整体";
  organisationId: string;
  fiscalYear: number;
  name: string;
}

/** 新建申报: kind, organisation, year and name; the indicator table is filled in the editor. */
function NewFilingDialog({ orgs, onClose }: { orgs: OrganisationView[]; onClose: () => void }) {
  const { api, session } = useSession();
  const { t, pick } = useI18n();
  const router = useRouter();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewFilingForm>();
  const [busy, setBusy] = useState(false);
  const mine = orgs.filter((o) => o.kind === "department" || o.kind === "unit");
  return (
    <Modal
      open
      title={t("filingNew")}
      okText={t("filingNew")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const org = orgs.find((o) => o.id === v.organisationId);
        const document: TargetFilingInput = {
          kind: v.kind,
          fiscalYear: v.fiscalYear,
          name: v.name.trim(),
          ...(v.kind === "项目" ? { implementer: org?.name } : { department: org?.name }),
          indicators: [],
        };
        try {
          const created = await api.call("filings.create", { body: { organisationId: v.organisationId, document } });
          router.navigate(`/targets/${encodeURIComponent(created.id)}`);
        } catch (err) {
          void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: "项目", fiscalYear: new Date().getFullYear() + 1, organisationId: session.user.organisationId }}
      >
        <Form.Item label={t("filingKind")} name="kind">
          <Radio.Group
            options={(["项目", "部门整体"] as const).map((k) => ({ value: k, label: t(`filingKind_${k}`) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item label={t("organisation")} name="organisationId" rules={[{ required: true, message: t("required") }]}>
          <Select
            options={mine.map((o) => ({ value: o.id, label: o.name }))}
            showSearch={{ optionFilterProp: "label" }}
            data-testid="filing-org"
          />
        </Form.Item>
        <Form.Item label={t("year")} name="fiscalYear" rules={[{ required: true, message: t("required") }]}>
          <InputNumber min={1990} max={2100} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t("filingName")} name="name" rules={[{ required: true, whitespace: true, message: t("required") }, { max: 200 }]}>
          <Input maxLength={200} data-testid="filing-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
