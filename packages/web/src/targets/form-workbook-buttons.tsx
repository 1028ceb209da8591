/**
 * Excel on the filing page and the monitoring report page: 下载申报表 / 上传申报表 (the upload saved as
 * the filing's next version, only while it is editable) and 下载监控表 / 下载模板 / 上传监控表 (the
 * upload submitted as the project's report). The server reads the workbook (filings.replaceWorkbook,
 * monitoring.importReport); cells in error come back as a 422 and are listed by sheet!cell.
 */
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from "@ant-design/icons";
import { API_PREFIX, ENDPOINTS, type EndpointResponse, type FilingDetail, endpointUrl } from "@jixiao/api";
import { App as AntApp, Button, Modal, Space, Table, Tooltip, Upload } from "antd";
import { useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";

type CellError = { where: string; message: string };

/** Upload one workbook; a 422 opens the list of cells in error, any other failure a message. */
function useWorkbookUpload() {
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [reading, setReading] = useState(false);
  const [errors, setErrors] = useState<{ file: string; cells: CellError[] } | null>(null);
  const run = async <T,>(file: File, send: (form: FormData) => Promise<T>, done: (r: T) => void) => {
    setReading(true);
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      done(await send(form));
      void message.success(t("formUploaded", { file: file.name }));
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 422 && err.fields?.length)
        setErrors({ file: file.name, cells: err.fields.map((f) => ({ where: f.path, message: pick(f.message) })) });
      else void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setReading(false);
    }
  };
  const modal = errors && (
    <Modal
      open
      width={760}
      title={t("formUploadErrors", { file: errors.file, n: errors.cells.length })}
      footer={null}
      onCancel={() => setErrors(null)}
    >
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={errors.cells}
        data-testid="form-upload-errors"
        columns={[
          { title: t("formCell"), dataIndex: "where", width: 180 },
          { title: t("formProblem"), dataIndex: "message" },
        ]}
      />
    </Modal>
  );
  return { reading, run, modal };
}

const ACCEPT = ENDPOINTS["filings.replaceWorkbook"].upload.accept.join(",");

export function FilingWorkbookButtons({
  detail,
  dirty,
  reason,
  onReplaced,
}: {
  detail: FilingDetail;
  /** Unsaved edits on the page: an upload would be based on the saved version, so it waits. */
  dirty: boolean;
  reason: string;
  onReplaced: (d: FilingDetail) => void;
}) {
  const { api } = useSession();
  const { t } = useI18n();
  const up = useWorkbookUpload();
  return (
    <Space.Compact size="small">
      <Button
        size="small"
        icon={<FileExcelOutlined />}
        href={endpointUrl(API_PREFIX, "filings.exportWorkbook", { id: detail.id })}
        download
        data-testid="filing-export-xlsx"
      >
        {t("filingExportXlsx")}
      </Button>
      {detail.access.edit && (
        <Tooltip title={dirty ? t("replaceXlsxDirty") : t("filingUploadXlsxHint")}>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            disabled={dirty || up.reading}
            beforeUpload={(f) => {
              void up.run(
                f,
                (body) =>
                  api.call("filings.replaceWorkbook", {
                    params: { id: detail.id },
                    query: { version: detail.version, reason: reason.trim() || t("importedFrom", { file: f.name }) },
                    body,
                  }),
                onReplaced,
              );
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} disabled={dirty} loading={up.reading} data-testid="filing-upload-xlsx">
              {t("filingUploadXlsx")}
            </Button>
          </Upload>
        </Tooltip>
      )}
      {up.modal}
    </Space.Compact>
  );
}

export function ReportWorkbookButtons({
  taskId,
  filingId,
  hasReport,
  canReport,
  dirty,
  onUploaded,
}: {
  taskId: string;
  filingId: string;
  hasReport: boolean;
  canReport: boolean;
  dirty: boolean;
  onUploaded: (r: EndpointResponse<"monitoring.importReport">) => void;
}) {
  const { api } = useSession();
  const { t } = useI18n();
  const up = useWorkbookUpload();
  return (
    <Space.Compact>
      {hasReport && (
        <Button
          icon={<FileExcelOutlined />}
          href={endpointUrl(API_PREFIX, "monitoring.exportReport", { id: taskId, filingId })}
          download
          data-testid="report-export-xlsx"
        >
          {t("reportExportXlsx")}
        </Button>
      )}
      <Tooltip title={t("reportTemplateHint")}>
        <Button
          icon={<DownloadOutlined />}
          href={endpointUrl(API_PREFIX, "monitoring.templateWorkbook", { id: taskId }, { filingId })}
          download
          data-testid="report-template-xlsx"
        >
          {t("reportTemplateXlsx")}
        </Button>
      </Tooltip>
      {canReport && (
        <Tooltip title={dirty ? t("replaceXlsxDirty") : undefined}>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            disabled={dirty || up.reading}
            beforeUpload={(f) => {
              void up.run(f, (body) => api.call("monitoring.importReport", { params: { id: taskId, filingId }, body }), onUploaded);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={dirty} loading={up.reading} data-testid="report-upload-xlsx">
              {t("reportUploadXlsx")}
            </Button>
          </Upload>
        </Tooltip>
      )}
      {up.modal}
    </Space.Compact>
  );
}
