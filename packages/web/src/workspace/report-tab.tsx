/**
 * 报告: download links for every report or export endpoint the server offers. The list is read
 * from the server's OpenAPI document, so formats added on the server appear without a change
 * here (one link per value of a `format` query parameter when it has an enum).
 */
import {
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  FileWordOutlined,
  LoadingOutlined,
  PlusOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import { API_PREFIX, endpointUrl } from "@jixiao/api";
import { App as AntApp, Button, Card, Empty, List, Select, Skeleton, Space, Typography, Upload } from "antd";
import { useEffect, useState } from "react";
import { FORMAT_LABELS, type Lang, useI18n } from "../i18n.js";
import { ApiFailure } from "../api.js";
import { useSession } from "../session.js";
import { useWorkspace, useWorkspaceActions } from "./context.js";
import { type Json, type Path, insertAt } from "./document.js";
import { PlaceholderField } from "./placeholders.js";

export interface Download {
  /** The endpoint's summary, "评价报告 / the evaluation report". */
  title: string;
  links: Array<{ href: string; format: string | null }>;
}

type Operation = { summary?: string; tags?: string[]; parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> };

/** The download endpoints of one evaluation, from the OpenAPI paths. */
export function downloadsFrom(paths: Record<string, Record<string, Operation>>, id: string): Download[] {
  const out: Download[] = [];
  const prefix = `${API_PREFIX}/evaluations/{id}/`;
  for (const [p, ops] of Object.entries(paths)) {
    const get = ops["get"];
    if (!get || !p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    if (rest.includes("{") || !/report|export|xlsx|docx|pdf|download/i.test(`${rest} ${(get.tags ?? []).join(" ")}`)) continue;
    const href = `${API_PREFIX}/evaluations/${encodeURIComponent(id)}/${rest}`;
    const format = get.parameters?.find((x) => x.in === "query" && x.name === "format");
    const links = format?.schema?.enum
      ? format.schema.enum.map((f) => ({ href: `${href}?format=${encodeURIComponent(f)}`, format: f }))
      : [{ href, format: null }];
    out.push({ title: get.summary ?? rest, links });
  }
  return out;
}

const FORMAT_ICONS: Record<string, React.ReactNode> = {
  docx: <FileWordOutlined />,
  pdf: <FilePdfOutlined />,
  html: <FileTextOutlined />,
  md: <FileTextOutlined />,
  xlsx: <FileExcelOutlined />,
  json: <FileTextOutlined />,
};

/** "评价报告（docx / pdf）/ the evaluation report" → the part in the current language. */
function titleIn(summary: string, lang: Lang): string {
  const m = /^(.*?[\u3000-\u9fff\uff00-\uffef])\s*\/\s*([A-Za-z][^\u4e00-\u9fff]*)$/.exec(summary);
  if (!m) return summary;
  return lang === "en" ? m[2]! : m[1]!;
}

export function ReportTab({ title }: { title: string }) {
  const { api } = useSession();
  const { id } = useWorkspaceActions();
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Download[] | null>(null);
  useEffect(() => {
    api.openApiPaths().then(
      (paths) => setItems(downloadsFrom(paths as Record<string, Record<string, Operation>>, id)),
      () => setItems([{ title: t("exportJson"), links: [{ href: endpointUrl(API_PREFIX, "exchange.export", { id }), format: "json" }] }]),
    );
  }, [api, id, t]);
  return (
    <>
      <ReportGenerator />
      <Card size="small" style={{ marginTop: 12 }} title={`${t("reportFormats")} · ${title}`}>
        {items === null ? (
          <Skeleton active />
        ) : (
          <List
            dataSource={items}
            locale={{ emptyText: t("empty") }}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta title={titleIn(d.title, lang)} />
                <Space wrap>
                  {d.links.map((l) => {
                    const f = l.format ? FORMAT_LABELS[l.format] : undefined;
                    return (
                      <Button
                        key={l.href}
                        href={l.href}
                        download
                        icon={(l.format && FORMAT_ICONS[l.format]) || <DownloadOutlined />}
                        data-testid="download-link"
                      >
                        {f ? f[lang] : (l.format ?? t("downloads"))}
                      </Button>
                    );
                  })}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <NarrativeCard />
    </>
  );
}

const OUTLINES = ["seed", "cn-2020"] as const;
const GENERATED = ["docx", "pdf", "html", "md"] as const;

/** Save a downloaded Blob under the server's file name. */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * 生成报告: the outline (the seed report's, or 财预〔2020〕10号's) and the language, then a format;
 * a PDF takes seconds (LibreOffice), so the button shows a spinner with the seconds elapsed. A
 * firm's own Word template (.docx with {{placeholders}}) can be uploaded and filled — it is not kept.
 * Each document's footer names the version of the evaluation it came from.
 */
function ReportGenerator() {
  const { api } = useSession();
  const { id } = useWorkspaceActions();
  const { t, lang: uiLang } = useI18n();
  const { message } = AntApp.useApp();
  const [outline, setOutline] = useState<(typeof OUTLINES)[number]>("seed");
  const [lang, setLang] = useState<Lang>(uiLang);
  const [busy, setBusy] = useState<string | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (!busy) return;
    const started = Date.now();
    setElapsed(0);
    const timer = window.setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 250);
    return () => window.clearInterval(timer);
  }, [busy]);
  const run = async (key: string, task: () => Promise<{ blob: Blob; filename: string }>) => {
    setBusy(key);
    setDone(null);
    try {
      const { blob, filename } = await task();
      save(blob, filename);
      setDone(filename);
    } catch (err) {
      void message.error(err instanceof ApiFailure ? (err.fields?.[0]?.message ?? err.text)[uiLang] : String(err));
    } finally {
      setBusy(null);
    }
  };
  const generate = (format: (typeof GENERATED)[number]) =>
    run(format, () => api.download("reports.render", { params: { id }, query: { format, template: outline, lang } }));
  const upload = (file: File) => {
    const body = new FormData();
    body.append("file", file, file.name);
    void run("firm", () => api.download("reports.wordTemplate", { params: { id }, query: { format: "docx", lang }, body } as never));
    return false;
  };
  return (
    <Card size="small" title={t("reportGenerate")} data-testid="report-generator">
      <Space wrap align="center">
        <span>{t("reportOutline")}</span>
        <Select
          aria-label={t("reportOutline")}
          value={outline}
          onChange={setOutline}
          style={{ width: 240 }}
          options={OUTLINES.map((o) => ({ value: o, label: t(`outline_${o === "seed" ? "seed" : "cn2020"}`) }))}
        />
        <span>{t("reportLanguage")}</span>
        <Select
          aria-label={t("reportLanguage")}
          value={lang}
          onChange={setLang}
          style={{ width: 110 }}
          options={[
            { value: "zh", label: "中文" },
            { value: "en", label: "English" },
          ]}
        />
      </Space>
      <div style={{ marginTop: 12 }}>
        <Space wrap>
          {GENERATED.map((f) => (
            <Button
              key={f}
              icon={busy === f ? <LoadingOutlined /> : FORMAT_ICONS[f]}
              disabled={busy !== null && busy !== f}
              loading={false}
              onClick={() => void generate(f)}
              data-testid={`generate-${f}`}
            >
              {FORMAT_LABELS[f]?.[uiLang] ?? f}
              {busy === f && ` · ${t("generating", { s: elapsed })}`}
            </Button>
          ))}
          <Upload accept=".docx" showUploadList={false} beforeUpload={upload} disabled={busy !== null}>
            <Button icon={busy === "firm" ? <LoadingOutlined /> : <UploadOutlined />} data-testid="firm-template">
              {t("firmTemplate")}
              {busy === "firm" && ` · ${t("generating", { s: elapsed })}`}
            </Button>
          </Upload>
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }}>
        {busy === "pdf" ? (
          t("pdfHint")
        ) : done ? (
          <span data-testid="report-done">{t("reportSaved", { file: done })}</span>
        ) : (
          t("reportFooterHint")
        )}
      </Typography.Paragraph>
    </Card>
  );
}

type Section = { title?: Json; text?: Json; sections?: Section[] };

/** 报告正文: the file's narrative sections, each text filled as the report prints it. */
function NarrativeCard() {
  const { draft, editable, update } = useWorkspace();
  const { t } = useI18n();
  const sections = (draft["narrative"] ?? []) as Section[];
  const add = () => update((d) => insertAt(d, ["narrative"], { title: `${t("newSection")} ${sections.length + 1}`, text: "" }));
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      title={t("narrative")}
      extra={
        <Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("narrativeHint")}
          </Typography.Text>
          {editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="add-section">
              {t("addSection")}
            </Button>
          )}
        </Space>
      }
    >
      {sections.length === 0 ? <Empty description={t("empty")} /> : <Sections base={["narrative"]} sections={sections} depth={0} />}
    </Card>
  );
}

function Sections({ base, sections, depth }: { base: Path; sections: Section[]; depth: number }) {
  const { t } = useI18n();
  return sections.map((s, i) => {
    const path = [...base, i];
    const name = typeof s.title === "string" ? s.title : "";
    return (
      <div key={i} style={{ marginInlineStart: depth * 20, marginBottom: 12 }}>
        <PlaceholderField path={[...path, "title"]} label={`${t("sectionTitle")} ${name}`} width={depth === 0 ? 420 : 360} />
        {typeof s.text === "string" && (
          <div style={{ marginTop: 4 }}>
            <PlaceholderField path={[...path, "text"]} label={`${name} ${t("text")}`} textarea />
          </div>
        )}
        {s.sections && s.sections.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <Sections base={[...path, "sections"]} sections={s.sections} depth={depth + 1} />
          </div>
        )}
      </div>
    );
  });
}
