/**
 * 报告: download links for every report or export endpoint the server offers. The list is read
 * from the server's OpenAPI document, so formats added on the server appear without a change
 * here (one link per value of a `format` query parameter when it has an enum).
 */
import { DownloadOutlined } from "@ant-design/icons";
import { API_PREFIX } from "@jixiao/api";
import { Card, List, Skeleton } from "antd";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { useWorkspace } from "./context.js";

interface Download {
  href: string;
  label: string;
}

type Operation = { summary?: string; tags?: string[]; parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> };

export function downloadsFrom(paths: Record<string, Record<string, Operation>>, id: string): Download[] {
  const out: Download[] = [];
  const prefix = `${API_PREFIX}/evaluations/{id}/`;
  for (const [p, ops] of Object.entries(paths)) {
    const get = ops["get"];
    if (!get || !p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    if (rest.includes("{") || !/report|export|xlsx|docx|pdf|download/i.test(rest + " " + (get.tags ?? []).join(" "))) continue;
    const href = `${API_PREFIX}/evaluations/${encodeURIComponent(id)}/${rest}`;
    const format = get.parameters?.find((x) => x.in === "query" && x.name === "format");
    const label = get.summary ?? rest;
    if (format?.schema?.enum) for (const f of format.schema.enum) out.push({ href: `${href}?format=${encodeURIComponent(f)}`, label: `${label}（${f}）` });
    else out.push({ href, label });
  }
  return out;
}

export function ReportTab({ title }: { title: string }) {
  const { api } = useSession();
  const { id } = useWorkspace();
  const { t } = useI18n();
  const [items, setItems] = useState<Download[] | null>(null);
  useEffect(() => {
    api.openApiPaths().then(
      (paths) => setItems(downloadsFrom(paths as Record<string, Record<string, Operation>>, id)),
      () => setItems([{ href: `${API_PREFIX}/evaluations/${encodeURIComponent(id)}/export`, label: t("exportJson") }]),
    );
  }, [api, id, t]);
  return (
    <Card size="small" title={`${t("reportFormats")} · ${title}`}>
      {items === null ? (
        <Skeleton active />
      ) : (
        <List
          size="small"
          dataSource={items}
          locale={{ emptyText: t("empty") }}
          renderItem={(d) => (
            <List.Item>
              <a href={d.href} download data-testid="download-link">
                <DownloadOutlined /> {d.label}
              </a>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
