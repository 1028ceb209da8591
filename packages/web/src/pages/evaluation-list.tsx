/** 评价列表: filters (year, organisation, kind, status, grade), search, sort; create from a template or a file. */
import { FileExcelOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import {
  API_PREFIX,
  type CommissionView,
  EvaluationStatus,
  type EvaluationSummary,
  type ImportTablesView,
  type OrganisationView,
  type TemplateView,
  endpointUrl,
} from "@jixiao/api";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
  App as AntApp,
  Radio,
} from "antd";
import type { TableColumnsType as ColumnsType, TableProps } from "antd";
import { useEffect, useMemo, useState } from "react";
import { ApiFailure, type ListQuery } from "../api.js";
import { GRADE_COLORS } from "../components/chart.js";
import { useI18n } from "../i18n.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";
import { CommissionsCard } from "./commissions.js";

const STATUSES: readonly EvaluationStatus[] = EvaluationStatus.options;
const GRADES = ["优", "良", "中", "差"];

/** The .xlsx templates offered for download where evaluations are listed (exchange.templateWorkbook). */
const XLSX_TEMPLATE_LINKS = [
  { id: "scores", name: "评分表", label: "xlsxTemplateScores" },
  { id: "all", name: "全部", label: "xlsxTemplateAll" },
] as const;

export function GradeTag({ grade }: { grade: string | null }) {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={GRADE_COLORS[grade] ?? "default"}>{grade}</Tag>;
}

export function EvaluationListPage() {
  const { api, may, session } = useSession();
  const { t, pick } = useI18n();
  const router = useRouter();
  /** The commission an agency creates the evaluation within (委托). */
  const [within, setWithin] = useState<CommissionView | null>(null);
  // An agency creates only within a commission to it (policy: evaluation.create, 委托给本机构).
  const agency = session.user.role === "evaluator";
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
    {
      title: t("title"),
      dataIndex: "title",
      key: "title",
      sorter: true,
      render: (v: string, r) => <Link to={`/evaluations/${encodeURIComponent(r.id)}`}>{v}</Link>,
    },
    { title: t("organisation"), dataIndex: "organisationName", key: "org", width: 220, ellipsis: true },
    { title: t("year"), dataIndex: "fiscalYear", key: "fiscalYear", width: 80, sorter: true },
    { title: t("kind"), dataIndex: "kind", key: "kind", width: 110 },
    { title: t("status"), dataIndex: "status", key: "status", width: 90, render: (s: EvaluationStatus) => <Tag>{t(`status_${s}`)}</Tag> },
    {
      title: t("total"),
      dataIndex: "total",
      key: "total",
      width: 80,
      align: "right",
      sorter: true,
      render: (v: string | null, r) =>
        v ??
        (r.partialTotal !== null ? (
          <Typography.Text type="warning" title={t("unscoredCount", { n: r.unscored })} data-testid="partial-total">
            {t("partial")} {r.partialTotal}
          </Typography.Text>
        ) : (
          "—"
        )),
    },
    {
      title: t("grade"),
      dataIndex: "grade",
      key: "grade",
      width: 70,
      render: (g: string | null, r) => (r.unscored > 0 ? <Tag>{t("noGrade")}</Tag> : <GradeTag grade={g} />),
    },
    {
      title: t("checks"),
      key: "checks",
      width: 120,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.errors > 0 && (
            <Tag color="red">
              {r.errors} {t("errorsN")}
            </Tag>
          )}
          {r.warnings > 0 && (
            <Tag color="orange">
              {r.warnings} {t("warningsN")}
            </Tag>
          )}
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
        <Space wrap>
          {may("template.read") && (
            <Tooltip title={t("xlsxTemplateHint")}>
              <Space.Compact>
                {/* The .xlsx templates: fill one and upload it with 上传文件新建 (the import preview, then create). */}
                {XLSX_TEMPLATE_LINKS.map((x) => (
                  <Button
                    key={x.name}
                    icon={<FileExcelOutlined />}
                    href={endpointUrl(API_PREFIX, "exchange.templateWorkbook", { name: x.name })}
                    download
                    data-testid={`xlsx-template-${x.id}`}
                  >
                    {t(x.label)}
                  </Button>
                ))}
              </Space.Compact>
            </Tooltip>
          )}
          {may("evaluation.create") && (
            <Tooltip title={agency ? t("agencyCreatesInCommission") : undefined}>
              <Space>
                <Button type="primary" icon={<PlusOutlined />} disabled={agency} onClick={() => setCreating("template")}>
                  {t("fromTemplate")}
                </Button>
                <Button icon={<UploadOutlined />} disabled={agency} onClick={() => setCreating("upload")}>
                  {t("upload")}
                </Button>
              </Space>
            </Tooltip>
          )}
        </Space>
      }
    >
      <CommissionsCard
        orgs={orgs}
        onCreateWithin={(c) => {
          setWithin(c);
          setCreating("template");
        }}
      />
      <Space wrap style={{ marginBottom: 12 }} role="search">
        <Input.Search
          allowClear
          placeholder={t("search")}
          aria-label={t("search")}
          style={{ width: 240 }}
          onSearch={(q) => setQuery((x) => ({ ...x, q: q || undefined }))}
        />
        <Select
          allowClear
          placeholder={t("year")}
          aria-label={t("year")}
          style={{ width: 110 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          onChange={(v?: number) => setQuery((x) => ({ ...x, year: v }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("organisation")}
          aria-label={t("organisation")}
          style={{ width: 240 }}
          options={orgs.filter((o) => o.kind !== "agency").map((o) => ({ value: o.id, label: o.name }))}
          onChange={(v?: string) => setQuery((x) => ({ ...x, organisationId: v }))}
        />
        <Select
          allowClear
          placeholder={t("kind")}
          aria-label={t("kind")}
          style={{ width: 140 }}
          options={["部门整体支出", "项目支出", "政策"].map((k) => ({ value: k, label: k }))}
          onChange={(v?: string) => setQuery((x) => ({ ...x, kind: v }))}
        />
        <Select
          allowClear
          placeholder={t("status")}
          aria-label={t("status")}
          style={{ width: 110 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) }))}
          onChange={(v?: EvaluationStatus) => setQuery((x) => ({ ...x, status: v }))}
        />
        <Select
          allowClear
          placeholder={t("grade")}
          aria-label={t("grade")}
          style={{ width: 90 }}
          options={GRADES.map((g) => ({ value: g, label: g }))}
          onChange={(v?: string) => setQuery((x) => ({ ...x, grade: v }))}
        />
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
      {creating && (
        <CreateDialog
          mode={creating}
          orgs={orgs}
          commission={within}
          onClose={() => {
            setCreating(null);
            setWithin(null);
          }}
          onCreated={(id) => router.navigate(`/evaluations/${encodeURIComponent(id)}`)}
        />
      )}
    </Card>
  );
}

/** What was chosen to upload: a Jixiao file (its text), or tables the server reads (.xlsx / .csv). */
type Chosen = { kind: "jixiao"; filename: string; content: string } | { kind: "tables"; file: File };

const TABLE_FILE = /\.(xlsx|csv|tsv)$/i;

/** The cell problems in the same sheet row as `where` ("评分表!A3" → 评分表!E3, 评分表!F3 …). */
function cellsOfRow(problems: ImportTablesView["problems"], where: string): ImportTablesView["problems"] {
  const row = /^(.*)![A-Z]+(\d+)$/.exec(where);
  if (!row) return [];
  return problems.filter((p) => {
    const m = /^(.*)![A-Z]+(\d+)$/.exec(p.where);
    return !!m && m[1] === row[1] && m[2] === row[2];
  });
}

function CreateDialog({
  mode: initialMode,
  orgs,
  commission,
  onClose,
  onCreated,
}: {
  mode: "template" | "upload";
  orgs: OrganisationView[];
  /** Within a commission: its subject, year, kind and agency; the agency picks a template or uploads. */
  commission?: CommissionView | null;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [mode, setMode] = useState(initialMode);
  const commissionId = commission ? { commissionId: commission.id } : {};
  const { api, session } = useSession();
  const { t, pick, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [templates, setTemplates] = useState<TemplateView[]>([]);
  const [file, setFile] = useState<Chosen | undefined>(undefined);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  // Tables: every cell in error (422), or — partial — what was read and the rows left out.
  const [cellErrors, setCellErrors] = useState<Array<{ where: string; message: string }>>([]);
  const [partial, setPartial] = useState(false);
  const [read, setRead] = useState<ImportTablesView | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ organisationId: string; template?: string; fiscalYear?: number }>();
  useEffect(() => {
    api.templates().then(setTemplates, () => setTemplates([]));
  }, [api]);
  const own = commission
    ? [{ id: commission.organisationId, name: commission.organisationName, kind: "department" as const, parentId: null }]
    : orgs.filter((o) => o.kind === "department" || o.kind === "unit");
  const clear = () => {
    setFileErrors([]);
    setCellErrors([]);
    setRead(null);
  };
  const fail = (err: unknown) => {
    // Cells in error are listed in the dialog (its alert says how many): no toast on top.
    if (err instanceof ApiFailure && err.status === 422 && err.code === "import-failed" && err.fields?.length)
      return setCellErrors(err.fields.map((f) => ({ where: f.path, message: pick(f.message) })));
    if (err instanceof ApiFailure && err.fields?.length) setFileErrors(err.fields.slice(0, 8).map((f) => pick(f.message)));
    void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
  };
  const fromTables = async (organisationId: string, f: File) => {
    // Read first; with rows left out, show them and create only when asked again.
    const r = read ?? (await api.importTables(f, partial));
    if (!read && r.rejected.length > 0) {
      setRead(r);
      return null;
    }
    return api.create({ organisationId, document: r.evaluation, reason: t("importedFrom", { file: f.name }), ...commissionId });
  };
  const rejected = read?.rejected ?? [];
  return (
    <Modal
      open
      width={mode === "upload" ? 720 : 520}
      title={commission ? `${t("createInCommission")}：${commission.title}` : mode === "template" ? t("fromTemplate") : t("upload")}
      okText={rejected.length > 0 ? t("createSkipping", { n: rejected.length }) : t("create")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        if (mode === "upload" && file === undefined) return;
        setBusy(true);
        setFileErrors([]);
        setCellErrors([]);
        try {
          const created =
            mode === "template"
              ? await api.create({ organisationId: v.organisationId, template: v.template, fiscalYear: v.fiscalYear, ...commissionId })
              : file!.kind === "jixiao"
                ? await api.importFile({
                    organisationId: v.organisationId,
                    filename: file!.filename,
                    content: file!.content,
                    ...commissionId,
                  })
                : await fromTables(v.organisationId, file!.file);
          if (created) onCreated(created.id);
        } catch (err) {
          fail(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          organisationId: commission
            ? commission.organisationId
            : session.user.organisationId && own.some((o) => o.id === session.user.organisationId)
              ? session.user.organisationId
              : undefined,
          fiscalYear: commission?.fiscalYear ?? new Date().getFullYear() - 1,
          template: commission?.kind === "项目支出" ? "project" : "department",
        }}
      >
        {commission && (
          <Form.Item>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as "template" | "upload")}
              options={[
                { value: "template", label: t("fromTemplate") },
                { value: "upload", label: t("upload") },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item label={t("organisation")} name="organisationId" rules={[{ required: true, message: t("required") }]}>
          <Select
            disabled={!!commission}
            options={own.map((o) => ({ value: o.id, label: o.name }))}
            showSearch={{ optionFilterProp: "label" }}
          />
        </Form.Item>
        {mode === "template" ? (
          <>
            <Form.Item label={t("template")} name="template" rules={[{ required: true, message: t("required") }]}>
              <Select options={templates.map((x) => ({ value: x.id, label: lang === "zh" ? x.name : x.name_en }))} />
            </Form.Item>
            <Form.Item label={t("year")} name="fiscalYear">
              <InputNumber min={1990} max={2100} style={{ width: 140 }} disabled={!!commission} />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t("uploadHint")} required>
            <Upload
              accept=".yaml,.yml,.json,.xlsx,.csv"
              maxCount={1}
              beforeUpload={async (f) => {
                setFile(
                  TABLE_FILE.test(f.name) ? { kind: "tables", file: f } : { kind: "jixiao", filename: f.name, content: await f.text() },
                );
                clear();
                return false;
              }}
              onRemove={() => {
                setFile(undefined);
                clear();
              }}
            >
              <Button icon={<UploadOutlined />}>{t("chooseFile")}</Button>
            </Upload>
            {file?.kind === "tables" && (
              <Checkbox
                style={{ marginTop: 8 }}
                checked={partial}
                onChange={(e) => {
                  setPartial(e.target.checked);
                  clear();
                }}
              >
                {t("partialImport")}
              </Checkbox>
            )}
            {fileErrors.length > 0 && (
              <Alert
                style={{ marginTop: 8 }}
                type="error"
                title={fileErrors.map((e) => (
                  <div key={e}>{e}</div>
                ))}
              />
            )}
            {cellErrors.length > 0 && file?.kind === "tables" && (
              <div style={{ marginTop: 8 }} data-testid="import-errors">
                <Alert
                  type="error"
                  showIcon
                  title={t("cellErrors", { file: file.file.name, n: cellErrors.length })}
                  style={{ marginBottom: 8 }}
                />
                <Table
                  size="small"
                  rowKey={(r) => `${r.where} ${r.message}`}
                  pagination={cellErrors.length > 8 ? { pageSize: 8, size: "small" } : false}
                  dataSource={cellErrors}
                  columns={[
                    {
                      title: t("colWhere"),
                      dataIndex: "where",
                      width: 170,
                      render: (w: string) => (
                        <Typography.Text code style={{ whiteSpace: "nowrap" }}>
                          {w}
                        </Typography.Text>
                      ),
                    },
                    { title: t("colProblem"), dataIndex: "message" },
                  ]}
                />
              </div>
            )}
            {read && rejected.length > 0 && (
              <div style={{ marginTop: 8 }} data-testid="import-rejected">
                <Alert
                  type="warning"
                  showIcon
                  title={t("rejectedRows", { n: rejected.length })}
                  description={`${t("importedTables")}：${read.tables.map((x) => `${x.title}（${t("tableRows", { n: x.rows })}）`).join("、")}`}
                  style={{ marginBottom: 8 }}
                />
                <Table
                  size="small"
                  rowKey="where"
                  pagination={rejected.length > 8 ? { pageSize: 8, size: "small" } : false}
                  dataSource={rejected}
                  columns={[
                    {
                      title: t("colWhere"),
                      dataIndex: "where",
                      width: 170,
                      render: (w: string) => (
                        <Typography.Text code style={{ whiteSpace: "nowrap" }}>
                          {w}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: t("colRowCells"),
                      key: "cells",
                      ellipsis: true,
                      render: (_: unknown, r) => r.cells.filter((c) => c !== "").join(" | "),
                    },
                    {
                      title: t("colReason"),
                      key: "reason",
                      render: (_: unknown, r) => (
                        <>
                          {pick(r.reason)}
                          {cellsOfRow(read.problems, r.where).map((x) => (
                            <div key={x.where}>
                              <Typography.Text type="danger">
                                {x.where.slice(x.where.lastIndexOf("!") + 1)}：{pick(x.message)}
                              </Typography.Text>
                            </div>
                          ))}
                        </>
                      ),
                    },
                  ]}
                />
              </div>
            )}
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
