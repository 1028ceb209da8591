/**
 * Excel where the evaluation is worked on: 导出工作簿 (the evaluation as a workbook with live
 * formulas, for whoever reads it) and, for whoever may edit it now, 上传工作簿替换 — the filled
 * workbook is read by the server (exchange.importTables: cells in error named by sheet!cell), laid
 * over the document (workbook.ts: what the workbook does not carry stays), the changes shown in
 * words, and saved as a new revision with the reason given.
 */
import { FileExcelOutlined, UploadOutlined } from "@ant-design/icons";
import { API_PREFIX, type EvaluationDetail, endpointUrl } from "@jixiao/api";
import { Alert, App as AntApp, Button, Input, Modal, Space, Table, Tag, Tooltip, Typography, Upload } from "antd";
import { useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { type WorkbookChange, documentChanges, overlay } from "./workbook.js";

interface Preview {
  file: string;
  document: Record<string, unknown>;
  changes: WorkbookChange[];
}

export function WorkbookButtons({
  detail,
  canReplace,
  dirty,
  onReplaced,
}: {
  detail: EvaluationDetail;
  /** The user may edit the whole document now (draft or returned, and the policy allows it). */
  canReplace: boolean;
  dirty: boolean;
  onReplaced: (d: EvaluationDetail) => void;
}) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [cellErrors, setCellErrors] = useState<Array<{ where: string; message: string }> | null>(null);
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);

  const read = async (file: File) => {
    setReading(true);
    try {
      const r = await api.importTables(file, false);
      const current = detail.document as Record<string, unknown>;
      const next = overlay(current, r.evaluation) as Record<string, unknown>;
      setReason(t("importedFrom", { file: file.name }));
      setPreview({ file: file.name, document: next, changes: documentChanges(current, next) });
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 422 && err.fields?.length) {
        setCellErrors(err.fields.map((f) => ({ where: f.path, message: pick(f.message) })));
        setPreview({ file: file.name, document: {}, changes: [] });
      } else void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setReading(false);
    }
  };
  const close = () => {
    setPreview(null);
    setCellErrors(null);
    setReason("");
  };
  const replace = async () => {
    if (!preview || !reason.trim()) return;
    setSaving(true);
    try {
      const saved = await api.update(detail.id, { version: detail.version, document: preview.document, reason: reason.trim() });
      onReplaced(saved);
      close();
      void message.success(`${t("saved")}（${t("version")} ${saved.version}）`);
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setSaving(false);
    }
  };
  const TYPE: Record<WorkbookChange["type"], { label: string; color: string }> = {
    add: { label: t("changeCreate"), color: "green" },
    remove: { label: t("changeRemove"), color: "red" },
    change: { label: t("changeChange"), color: "blue" },
  };

  return (
    <Space.Compact>
      <Tooltip title={t("exportXlsxHint")}>
        <Button
          icon={<FileExcelOutlined />}
          href={endpointUrl(API_PREFIX, "exchange.export", { id: detail.id }, { format: "xlsx" })}
          download
          data-testid="export-xlsx"
        >
          {t("exportXlsx")}
        </Button>
      </Tooltip>
      {canReplace && (
        <Tooltip title={dirty ? t("replaceXlsxDirty") : undefined}>
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            disabled={dirty || reading}
            beforeUpload={(f) => {
              void read(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={dirty} loading={reading} data-testid="replace-xlsx">
              {t("replaceXlsx")}
            </Button>
          </Upload>
        </Tooltip>
      )}
      {preview && (
        <Modal
          open
          width={820}
          title={t("replaceXlsxTitle", { file: preview.file })}
          okText={t("replaceXlsxOk")}
          cancelText={t("cancel")}
          okButtonProps={{ disabled: !!cellErrors || preview.changes.length === 0 || !reason.trim(), id: "replace-ok" }}
          confirmLoading={saving}
          onCancel={close}
          onOk={() => void replace()}
        >
          {cellErrors ? (
            <div data-testid="replace-errors">
              <Alert
                type="error"
                showIcon
                title={t("cellErrors", { file: preview.file, n: cellErrors.length })}
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
                    render: (w: string) => <Typography.Text code>{w}</Typography.Text>,
                  },
                  { title: t("colProblem"), dataIndex: "message" },
                ]}
              />
            </div>
          ) : (
            <>
              <Alert type="info" showIcon title={t("replaceXlsxHint")} style={{ marginBottom: 8 }} />
              {preview.changes.length === 0 ? (
                <Alert type="success" title={t("replaceXlsxNone")} data-testid="replace-none" />
              ) : (
                <>
                  <Typography.Text strong data-testid="replace-count">
                    {t("replaceXlsxChanges", { n: preview.changes.length })}
                  </Typography.Text>
                  <Table
                    size="small"
                    style={{ marginTop: 8 }}
                    data-testid="replace-changes"
                    rowKey={(c) => c.path.join("/")}
                    pagination={preview.changes.length > 10 ? { pageSize: 10, size: "small" } : false}
                    dataSource={preview.changes}
                    columns={[
                      {
                        title: "",
                        key: "type",
                        width: 64,
                        render: (_: unknown, c) => <Tag color={TYPE[c.type].color}>{TYPE[c.type].label}</Tag>,
                      },
                      { title: t("colField"), key: "label", render: (_: unknown, c) => pick(c.label) },
                      { title: t("colOld"), dataIndex: "oldText", ellipsis: true },
                      { title: t("colNew"), dataIndex: "newText", ellipsis: true },
                    ]}
                  />
                  <Input
                    style={{ marginTop: 8 }}
                    placeholder={t("replaceXlsxReason")}
                    aria-label={t("replaceXlsxReason")}
                    value={reason}
                    maxLength={500}
                    onChange={(e) => setReason(e.target.value)}
                  />
                </>
              )}
            </>
          )}
        </Modal>
      )}
    </Space.Compact>
  );
}
