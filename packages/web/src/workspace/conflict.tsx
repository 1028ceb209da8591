/**
 * The conflict view (after a 409): someone saved first. Three documents — the one this user
 * started from (base), theirs (now on the server) and mine (the draft, never lost) — compared
 * field by field. For each field that differs the user keeps theirs or takes the other's;
 * the merge is saved on top of the current version.
 */
import type { EvaluationDetail } from "@jixiao/api";
import { Alert, Button, Card, Radio, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { type TextKey, localTime, useI18n } from "../i18n.js";
import { type Doc, type Path, evaluateDocument, flatten, getAt, same, setAt } from "./document.js";

type Choice = "mine" | "theirs";
interface Row {
  key: string;
  path: Path;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  kind: "both" | "onlyMine" | "onlyTheirs";
}

const FIELD_LABELS: Record<string, TextKey> = {
  score: "score",
  actual: "actual",
  weight: "weight",
  name: "indicator",
  target: "target",
  reason: "scoreReason",
  title: "title",
  text: "text",
  quota: "quota",
  inPost: "inPost",
};

function describePath(doc: Doc, path: Path, t: (k: TextKey) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (typeof k === "number") {
      const node = getAt(doc, path.slice(0, i + 1)) as { name?: unknown; title?: unknown } | undefined;
      parts.push(typeof node?.name === "string" ? node.name : typeof node?.title === "string" ? node.title : `#${k + 1}`);
    } else if (k !== "children" && !(i === 0 && k === "indicators")) {
      parts.push(i === path.length - 1 && FIELD_LABELS[k] ? t(FIELD_LABELS[k]) : k);
    }
  }
  return parts.join(" › ");
}

const show = (v: unknown, none: string) =>
  v === undefined ? <Typography.Text type="secondary">{none}</Typography.Text> : typeof v === "string" ? v : JSON.stringify(v);

export function ConflictView({
  base,
  mine,
  theirs,
  saving,
  onMerge,
  onCancel,
}: {
  base: Doc;
  mine: Doc;
  theirs: EvaluationDetail;
  saving: boolean;
  onMerge: (merged: Doc) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const theirsDoc = theirs.document as Doc;
  const rows = useMemo<Row[]>(() => {
    const b = flatten(base);
    const m = flatten(mine);
    const th = flatten(theirsDoc);
    const keys = new Set([...b.keys(), ...m.keys(), ...th.keys()]);
    const out: Row[] = [];
    for (const k of keys) {
      const path = (b.get(k) ?? m.get(k) ?? th.get(k))!.path;
      const bv = b.get(k)?.value;
      const mv = m.get(k)?.value;
      const tv = th.get(k)?.value;
      const mineChanged = !same(bv, mv);
      const theirsChanged = !same(bv, tv);
      if (!mineChanged && !theirsChanged) continue;
      if (mineChanged && theirsChanged && same(mv, tv)) continue;
      out.push({
        key: k,
        path,
        base: bv,
        mine: mv,
        theirs: tv,
        kind: mineChanged && theirsChanged ? "both" : mineChanged ? "onlyMine" : "onlyTheirs",
      });
    }
    return out;
  }, [base, mine, theirsDoc]);
  const [choice, setChoice] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(rows.map((r) => [r.key, r.kind === "onlyTheirs" ? "theirs" : "mine"])),
  );
  const merged = useMemo(() => {
    let d: Doc = theirsDoc;
    for (const r of rows) if ((choice[r.key] ?? "mine") === "mine") d = setAt(d, r.path, r.mine);
    return d;
  }, [rows, choice, theirsDoc]);
  const preview = useMemo(() => evaluateDocument(merged), [merged]);
  const all = (c: Choice) => setChoice(Object.fromEntries(rows.map((r) => [r.key, c])));
  return (
    <Card size="small" title={t("conflictTitle")} data-testid="conflict-view">
      <Alert
        type="warning"
        showIcon
        title={t("conflictHint")}
        description={`${localTime(theirs.updatedAt, lang)} · ${t("version")} ${theirs.version}`}
        style={{ marginBottom: 12 }}
      />
      <Space style={{ marginBottom: 8 }}>
        <Button onClick={() => all("mine")}>{t("allMine")}</Button>
        <Button onClick={() => all("theirs")}>{t("allTheirs")}</Button>
        <Typography.Text>
          {t("total")}：
          <b data-testid="merged-total">{preview.ok && preview.score.total !== undefined ? preview.score.total.toFixed(2) : "—"}</b>{" "}
          {preview.ok ? preview.score.grade : ""}
        </Typography.Text>
      </Space>
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        scroll={{ y: "calc(100vh - 420px)" }}
        columns={[
          { title: t("path"), key: "path", render: (_, r) => describePath(r.kind === "onlyMine" ? mine : base, r.path, t) },
          {
            title: t("change"),
            key: "kind",
            width: 110,
            render: (_, r) => <Tag color={r.kind === "both" ? "red" : r.kind === "onlyMine" ? "blue" : "default"}>{t(r.kind)}</Tag>,
          },
          { title: t("base"), key: "base", width: 130, render: (_, r) => show(r.base, t("none")) },
          {
            title: t("mine"),
            key: "mine",
            width: 130,
            render: (_, r) => <span data-testid="conflict-mine">{show(r.mine, t("none"))}</span>,
          },
          {
            title: t("theirs"),
            key: "theirs",
            width: 130,
            render: (_, r) => <span data-testid="conflict-theirs">{show(r.theirs, t("none"))}</span>,
          },
          {
            title: t("actions"),
            key: "choice",
            width: 200,
            render: (_, r) => (
              <Radio.Group
                size="small"
                aria-label={describePath(r.kind === "onlyMine" ? mine : base, r.path, t)}
                value={choice[r.key] ?? "mine"}
                onChange={(e) => setChoice((c) => ({ ...c, [r.key]: e.target.value as Choice }))}
                options={[
                  { value: "mine", label: t("keepMine") },
                  { value: "theirs", label: t("takeTheirs") },
                ]}
                optionType="button"
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" loading={saving} onClick={() => onMerge(merged)} data-testid="merge-save">
          {t("mergeSave")}
        </Button>
        <Button onClick={onCancel}>{t("cancel")}</Button>
      </Space>
    </Card>
  );
}
