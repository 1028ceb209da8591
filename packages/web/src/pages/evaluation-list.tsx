/** 评价列表: filters (year, organisation, kind, status, grade), search, sort; create from a template or a file. */
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import type { EvaluationStatus, EvaluationSummary, OrganisationView, TemplateView } from "@jixiao/api";
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, Upload, App as AntApp } from "antd";
import type { TableColumnsType as ColumnsType, TableProps } from "antd";
import { useEffect, useMemo, useState } from "react";
import { ApiFailure, type ListQuery } from "../api.js";
import { GRADE_COLORS } from "../components/chart.js";
import { useI18n } from "../i18n.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";

const STATUSES: EvaluationStatus[] = ["draft", "submitted", "published", "archived"];
const GRADES = ["优", "良", "中", "差"];

export function GradeTag({ grade }: { grade: string | null }) {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={GRADE_COLORS[grade] ?? "default"}>{grade}</Tag>;
}

export function EvaluationListPage() {
  const { api, may } = useSession();
  const { t, pick } = useI18n();
  const router = useRouter();
  const [query, setQuery] = useState<ListQuery>({ sort: "updatedAt", order: "desc" });
  const [rows, setRows] = useState<EvaluationSummary[] | null>(null);
  const [orgs, setOrgs] = useState<OrganisationView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<"template" | "upload" | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api.evaluations(query).then(
      (r) => live && setRows(r),
      (e: unknown) => live && setError(e instanceof ApiFailure ? pick(e.text) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, query, pick]);
  useEffect(() => {
    api.organisations().then(setOrgs, () => setOrgs([]));
  }, [api]);

  const years = useMemo(() => {
    const now = new Date().getFullYear();
    return Array.from({ length: 8 }, (_, i) => now - i);
  }, []);
  const columns: ColumnsType<EvaluationSummary> = [
    { title: t("title"), dataIndex: "title", key: "title", sorter: true, render: (v: string, r) => <Link to={`/evaluations/${encodeURIComponent(r.id)}`}>{v}</Link> },
    { title: t("organisation"), dataIndex: "organisationName", key: "org", width: 220, ellipsis: true },
    { title: t("year"), dataIndex: "fiscalYear", key: "fiscalYear", width: 80, sorter: true },
    { title: t("kind"), dataIndex: "kind", key: "kind", width: 110 },
    { title: t("status"), dataIndex: "status", key: "status", width: 90, render: (s: EvaluationStatus) => <Tag>{t(`status_${s}`)}</Tag> },
    { title: t("total"), dataIndex: "total", key: "total", width: 80, align: "right", sorter: true, render: (v: string | null) => v ?? "—" },
    { title: t("grade"), dataIndex: "grade", key: "grade", width: 70, render: (g: string | null) => <GradeTag grade={g} /> },
    {
      title: t("checks"),
      key: "checks",
      width: 120,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.errors > 0 && <Tag color="red">{r.errors} {t("errorsN")}</Tag>}
          {r.warnings > 0 && <Tag color="orange">{r.warnings} {t("warningsN")}</Tag>}
          {r.errors === 0 && r.warnings === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
      ),
    },
  ];
  const onChange: TableProps<EvaluationSummary>["onChange"] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = (s?.columnKey as string | undefined) ?? "updatedAt";
    setQuery((q) => ({ ...q, sort: s?.order ? (key as ListQuery["sort"]) : "updatedAt", order: s?.order === "ascend" ? "asc" : "desc" }));
  };
  return (
    <Card
      title={t("evaluations")}
      extra={
        may("evaluation.create") && (
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating("template")}>
              {t("fromTemplate")}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setCreating("upload")}>
              {t("upload")}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }} role="search">
        <Input.Search allowClear placeholder={t("search")} aria-label={t("search")} style={{ width: 240 }} onSearch={(q) => setQuery((x) => ({ ...x, q: q || undefined }))} />
        <Select allowClear placeholder={t("year")} aria-label={t("year")} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: String(y) }))} onChange={(v?: number) => setQuery((x) => ({ ...x, year: v }))} />
        <Select allowClear showSearch={{ optionFilterProp: "label" }} placeholder={t("organisation")} aria-label={t("organisation")} style={{ width: 240 }} options={orgs.filter((o) => o.kind !== "agency").map((o) => ({ value: o.id, label: o.name }))} onChange={(v?: string) => setQuery((x) => ({ ...x, organisationId: v }))} />
        <Select allowClear placeholder={t("kind")} aria-label={t("kind")} style={{ width: 140 }} options={["部门整体支出", "项目支出", "政策"].map((k) => ({ value: k, label: k }))} onChange={(v?: string) => setQuery((x) => ({ ...x, kind: v }))} />
        <Select allowClear placeholder={t("status")} aria-label={t("status")} style={{ width: 110 }} options={STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) }))} onChange={(v?: EvaluationStatus) => setQuery((x) => ({ ...x, status: v }))} />
        <Select allowClear placeholder={t("grade")} aria-label={t("grade")} style={{ width: 90 }} options={GRADES.map((g) => ({ value: g, label: g }))} onChange={(v?: string) => setQuery((x) => ({ ...x, grade: v }))} />
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<EvaluationSummary>
        rowKey="id"
        size="middle"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        columns={columns}
        onChange={onChange}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t("empty") }}
        onRow={(r) => ({ onDoubleClick: () => router.navigate(`/evaluations/${encodeURIComponent(r.id)}`) })}
      />
      {creating && <CreateDialog mode={creating} orgs={orgs} onClose={() => setCreating(null)} onCreated={(id) => router.navigate(`/evaluations/${encodeURIComponent(id)}`)} />}
    </Card>
  );
}

function CreateDialog({ mode, orgs, onClose, onCreated }: { mode: "template" | "upload"; orgs: OrganisationView[]; onClose: () => void; onCreated: (id: string) => void }) {
  const { api, session } = useSession();
  const { t, pick, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [templates, setTemplates] = useState<TemplateView[]>([]);
  const [file, setFile] = useState<{ filename: string; content: string } | undefined>(undefined);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ organisationId: string; template?: string; fiscalYear?: number }>();
  useEffect(() => {
    api.templates().then(setTemplates, () => setTemplates([]));
  }, [api]);
  const own = orgs.filter((o) => o.kind === "department" || o.kind === "unit");
  return (
    <Modal
      open
      title={mode === "template" ? t("fromTemplate") : t("upload")}
      okText={t("create")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        if (mode === "upload" && file === undefined) return;
        setBusy(true);
        setFileErrors([]);
        try {
          const created = mode === "template" ? await api.create({ organisationId: v.organisationId, template: v.template, fiscalYear: v.fiscalYear }) : await api.importFile({ organisationId: v.organisationId, filename: file!.filename, content: file!.content });
          onCreated(created.id);
        } catch (err) {
          if (err instanceof ApiFailure && err.fields?.length) setFileErrors(err.fields.slice(0, 8).map((f) => pick(f.message)));
          void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ organisationId: session.user.organisationId && own.some((o) => o.id === session.user.organisationId) ? session.user.organisationId : undefined, fiscalYear: new Date().getFullYear() - 1, template: "department" }}>
        <Form.Item label={t("organisation")} name="organisationId" rules={[{ required: true, message: t("required") }]}>
          <Select options={own.map((o) => ({ value: o.id, label: o.name }))} showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
        {mode === "template" ? (
          <>
            <Form.Item label={t("template")} name="template" rules={[{ required: true, message: t("required") }]}>
              <Select options={templates.map((x) => ({ value: x.id, label: lang === "zh" ? x.name : x.name_en }))} />
            </Form.Item>
            <Form.Item label={t("year")} name="fiscalYear">
              <InputNumber min={1990} max={2100} style={{ width: 140 }} />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t("uploadHint")} required>
            <Upload
              accept=".yaml,.yml,.json"
              maxCount={1}
              beforeUpload={async (f) => {
                setFile({ filename: f.name, content: await f.text() });
                setFileErrors([]);
                return false;
              }}
              onRemove={() => setFile(undefined)}
            >
              <Button icon={<UploadOutlined />}>{t("chooseFile")}</Button>
            </Upload>
            {fileErrors.length > 0 && <Alert style={{ marginTop: 8 }} type="error" title={fileErrors.map((e) => <div key={e}>{e}</div>)} />}
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
