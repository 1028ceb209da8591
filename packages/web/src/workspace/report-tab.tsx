/**
 * 报告: download links for every report or export endpoint the server offers. The list is read
 * from the server's OpenAPI document, so formats added on the server appear without a change
 * here (one link per value of a `format` query parameter when it has an enum).
 */
import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined, FileTextOutlined, FileWordOutlined } from "@ant-design/icons";
import { API_PREFIX, endpointUrl } from "@jixiao/api";
import { Button, Card, Empty, List, Skeleton, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { FORMAT_LABELS, type Lang, useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { useWorkspace, useWorkspaceActions } from "./context.js";
import type { Json, Path } from "./document.js";
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
      <Card size="small" title={`${t("reportFormats")} · ${title}`}>
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

type Section = { title?: Json; text?: Json; sections?: Section[] };

/** 报告正文: the file's narrative sections, each text filled as the report prints it. */
function NarrativeCard() {
  const { draft } = useWorkspace();
  const { t } = useI18n();
  const sections = (draft["narrative"] ?? []) as Section[];
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      title={t("narrative")}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("narrativeHint")}
        </Typography.Text>
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
